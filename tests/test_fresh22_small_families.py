"""Small families from the fresh22 review, each a synthetic case: a project package named like a
tool (`trains/`, ClearML's old name) imported from a folder on sys.path is the project's; behave's
features/steps are acceptance tests, not run records; a replay buffer saving the filled part of its
arrays (`np.save(path, self.reward[:self.size])`) writes data, not metrics; a label made of the run's
options (`setting = f"{args.env}_{args.seed}"`) names each results file by seed and environment."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import status_of, write_repo

TRAIN = """
import _init_paths

import torch

from trains.train_factory import train_factory

model = torch.nn.Linear(2, 1)
trainer = train_factory["ctdet"](model)
trainer.train(10)
"""


def test_a_project_package_named_like_a_tool_is_the_project(tmp_path):
    files = {
        "src/_init_paths.py": "import sys\nsys.path.insert(0, 'lib')\n",
        "src/main.py": TRAIN,
        "src/lib/trains/__init__.py": "",
        "src/lib/trains/train_factory.py": "from .ctdet import CtdetTrainer\ntrain_factory = {'ctdet': CtdetTrainer}\n",
        "src/lib/trains/ctdet.py": "class CtdetTrainer:\n    def __init__(self, model):\n        self.model = model\n"
        "    def train(self, epochs):\n        for _ in range(epochs):\n            self.model.zero_grad()\n",
    }
    result = run_audit(write_repo(tmp_path, files))
    assert not [d for d in result.ctx.detections if d.tool == "clearml"]


def test_behave_steps_are_tests(tmp_path):
    steps = "import yaml\nfrom behave import given\n\n@given('a config')\ndef step(context):\n"
    steps += "    with open(context.temp_dir + '/config.yml', 'w') as f:\n        yaml.dump({'a': 1}, f)\n"
    result = run_audit(write_repo(tmp_path, {"features/steps/run_steps.py": steps, "train.py": "x = 1\n"}))
    assert not [p for p in result.ctx.records.config if p.evidence.path.startswith("features/")]


BUFFER = """
import numpy as np


class ReplayBuffer:
    def __init__(self, size):
        self.size = 0
        self.state = np.zeros((size, 3))
        self.reward = np.zeros((size, 1))

    def save(self, save_folder):
        np.save(f"{save_folder}_state.npy", self.state[: self.size])
        np.save(f"{save_folder}_reward.npy", self.reward[: self.size])
"""

MAIN = """
import argparse

import gym
import numpy as np
import torch

import utils

parser = argparse.ArgumentParser()
parser.add_argument("--env", default="Hopper-v3")
parser.add_argument("--seed", default=0, type=int)
args = parser.parse_args()
setting = f"{args.env}_{args.seed}"
env = gym.make(args.env)
torch.manual_seed(args.seed)
np.random.seed(args.seed)
buffer = utils.ReplayBuffer(1000)
buffer.save(f"./buffers/{setting}")
policy = torch.nn.Linear(3, 1)
evaluations = []
for it in range(10):
    policy(torch.randn(2, 3)).sum().backward()
    evaluations.append(float(it))
    np.save(f"./results/BCQ_{setting}", evaluations)
"""


def test_buffer_arrays_are_data_and_an_options_label_names_the_results(tmp_path):
    result = run_audit(write_repo(tmp_path, {"utils.py": BUFFER, "main.py": MAIN}))
    metrics = [p.target for p in result.ctx.records.metrics]
    assert metrics and all("buffers" not in t for t in metrics), metrics
    assert any(t == "./results/BCQ_{args.env}_{args.seed}" for t in metrics), metrics
    assert status_of(result, "ET212") == "PASS"
    # one file per setting: a run repeating the setting overwrites it, so it is no per-run record
    assert {p.keeping for p in result.ctx.records.metrics if "results" in p.target} == {"user_dir"}


def test_an_optimizer_lr_the_schedule_replaces_every_step_is_no_literal_setting(tmp_path):
    train = """
import argparse

import torch

p = argparse.ArgumentParser()
p.add_argument("--base_lr", type=float, default=0.003)
args = p.parse_args()
model = torch.nn.Linear(2, 1)
optim = torch.optim.SGD(model.parameters(), lr=0.003, momentum=0.9)
for step in range(100):
    lr = args.base_lr * (1 - step / 100)
    for param_group in optim.param_groups:
        param_group["lr"] = lr
    model(torch.randn(4, 2)).sum().backward()
    optim.step()
"""
    result = run_audit(write_repo(tmp_path, {"train.py": train}))
    f = next(f for f in result.findings if f.rule_id == "ET201")
    assert "literal" not in f.message, f.message


def test_a_split_after_numpys_global_seed_is_seeded(tmp_path):
    from tests.rules.repo_helpers import notebook

    nb = notebook(
        "import pandas as pd\nfrom numpy import random\nfrom sklearn.model_selection import train_test_split",
        "random.seed(42)\ndf = pd.read_csv('train.csv')\ntrn, val = train_test_split(df, test_size=0.25)",
    )
    result = run_audit(write_repo(tmp_path, {"07-how-random-forests-work.ipynb": nb}))
    tax = result.ctx.taxonomy
    assert tax.splits_seeded and not tax.splits_unseeded, (tax.splits_seeded, tax.splits_unseeded)


def test_a_bare_test_function_that_only_saves_images_is_no_evaluation(tmp_path):
    model = """
import os

import numpy as np
import tensorflow as tf


class GAN:
    def train(self):
        for step in range(10):
            self.sess.run(self.g_optim)

    def test(self):
        for i, path in enumerate(self.test_files):
            fake = self.sess.run(self.fake_B, feed_dict={self.real_A: np.load(path)})
            np.save(os.path.join(self.result_dir, f"fake_{i}.npy"), fake)


gan = GAN()
gan.train()
gan.test()
"""
    result = run_audit(write_repo(tmp_path, {"main.py": model}))
    assert not any("evaluation function test()" in e.detail for f in result.findings for e in f.evidence)
    measured = model.replace(
        'np.save(os.path.join(self.result_dir, f"fake_{i}.npy"), fake)', "print(np.mean((fake - 1) ** 2))"
    )
    result = run_audit(write_repo(tmp_path, {"main.py": measured}))
    assert any("evaluation function test()" in e.detail for f in result.findings for e in f.evidence)


def test_a_results_section_of_figures_under_subheadings_records_conclusions(tmp_path):
    readme = (
        "# GAN\n\n## Results\n### Ablation study\n<div align=\"center\">\n  <img src='./assets/ablation.png'>\n</div>\n\n"
        "### User study\n![user study](assets/user_study.png)\n\n## Citation\n"
    )
    train = "import torch\nmodel = torch.nn.Linear(2, 1)\nmodel(torch.randn(3, 2)).sum().backward()\n"
    result = run_audit(write_repo(tmp_path, {"README.md": readme, "train.py": train}))
    assert status_of(result, "ET602") == "PASS"
    empty = "# GAN\n\n## Results\n\n## Citation\n"
    result = run_audit(write_repo(tmp_path, {"README.md": empty, "train.py": train}))
    assert status_of(result, "ET602") == "WARN"
