"""Claim and recommendation families found in the fresh36 review, one regression case each."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from experiment_tracking.scoring import recommendations
from tests.rules.repo_helpers import notebook, write_repo


def _finding(result, rule_id):
    return next((f for f in result.findings if f.rule_id == rule_id), None)


TFDS_TRAIN = """import argparse

import tensorflow as tf
import tensorflow_datasets as tfds

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=2)
args = parser.parse_args()
ds = tfds.load("mnist", split="train", as_supervised=True)
model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(ds.batch(32), epochs=args.epochs)
"""


def test_the_dataset_pin_fix_speaks_the_registry_the_project_loads_from(tmp_path):
    result = run_audit(write_repo(tmp_path, {"train.py": TFDS_TRAIN}))
    texts = [
        f.recommendation for f in result.findings if f.rule_id in ("ET120", "ET421") and f.recommendation
    ]
    assert texts and all("load_dataset" not in t for t in texts), texts
    assert any("tfds.load('name:3.0.2')" in t for t in texts), texts


def test_a_notebook_project_is_told_to_gather_its_parameters_in_one_cell(tmp_path):
    cell = (
        "import tensorflow as tf\n"
        "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
        "model.compile(loss='mse', optimizer=tf.keras.optimizers.Adam(0.001))\n"
        "model.fit([[0.0]], [0.0], epochs=5)\n"
    )
    files = {"01_intro.ipynb": notebook(cell), "02_cnn.ipynb": notebook(cell)}
    result = run_audit(write_repo(tmp_path, files))
    f201 = _finding(result, "ET201")
    assert f201.status == "FAIL" and "parameters" in f201.recommendation, f201
    assert "hydra" not in f201.recommendation.lower() and "argparse" not in f201.recommendation


def test_a_packages_own_ranges_are_kept_and_the_experiments_environment_is_locked(tmp_path):
    setup = (
        'from setuptools import setup\n\nsetup(name="lib", install_requires=["jax>=0.4", "numpy", "chex"])\n'
    )
    train = "import jax\n\nfrom lib import step\n\nfor i in range(10):\n    params = jax.grad(step)(i)\n"
    result = run_audit(
        write_repo(
            tmp_path,
            {"setup.py": setup, "lib/__init__.py": "def step(x):\n    return x\n", "train.py": train},
        )
    )
    f410 = _finding(result, "ET410")
    assert "Keep the ranges in `setup.py`" in f410.recommendation, f410.recommendation


def test_no_model_card_is_recommended_to_a_project_that_releases_no_weights(tmp_path):
    readme = "# Lib\n\n" + "\n".join(f"## Section {i}\n\nUsage notes {i}.\n" for i in range(12))
    readme += "\n```\npip install lib\npython train.py\n```\n\nResults: accuracy 0.9.\n"
    files = {"README.md": readme, "train.py": TFDS_TRAIN}
    files.update({f"docs/guide{i}.md": f"# Guide {i}\n\nText.\n" for i in range(4)})
    result = run_audit(write_repo(tmp_path, files))
    docs = next(d for d in result.scorecard.dimensions if d.name == "documentation")
    assert "model card" in docs.next, docs.next  # the rubric's next level still says so ...
    every = recommendations(result.ctx, result.findings, result.scorecard, limit=50)
    assert not any("model card" in (r["action"] + r["title"]).lower() for r in every), every  # ... no item


def test_a_datasets_split_is_fixed_with_its_own_seed_argument(tmp_path):
    code = """from datasets import load_dataset

ds = load_dataset("imdb", split="train")
split = ds.train_test_split(test_size=0.1)
trainer = build_trainer(split["train"])
trainer.train()
"""
    result = run_audit(write_repo(tmp_path, {"train.py": code}))
    f121 = _finding(result, "ET121")
    assert (
        f121 is not None and "seed=SEED" in f121.recommendation and "stratify" not in f121.recommendation
    ), f121


def test_a_dataclass_default_is_a_shipped_seed(tmp_path):
    args = "from dataclasses import dataclass\n\n\n@dataclass\nclass TrainArgs:\n    seed: int = 1234\n    lr: float = 0.1\n"
    init = """import random

import numpy as np
import torch


def initialize(neox_args):
    _set_random_seed(neox_args.seed)


def _set_random_seed(seed):
    if seed is not None and seed > 0:
        random.seed(seed)
        np.random.seed(seed)
        torch.manual_seed(seed)
    else:
        raise ValueError("Seed should be a positive integer.")
"""
    train = """import sys

import numpy as np
import torch

from args import TrainArgs
from initialize import initialize

neox_args = TrainArgs.from_yaml_files(sys.argv[1:])
initialize(neox_args)
model = torch.nn.Linear(4, 2)
optim = torch.optim.SGD(model.parameters(), lr=neox_args.lr)
for step in range(10):
    loss = model(torch.randn(8, 4)).sum() + float(np.random.rand())
    loss.backward()
    optim.step()
"""
    result = run_audit(write_repo(tmp_path, {"args.py": args, "initialize.py": init, "train.py": train}))
    f401 = _finding(result, "ET401")
    assert f401.status == "PASS", f401.message


def test_every_trl_trainer_records_its_arguments(tmp_path):
    script = """from datasets import load_dataset
from trl import SFTConfig, SFTTrainer

ds = load_dataset("trl-lib/Capybara", split="train")
args = SFTConfig(output_dir="out")
trainer = SFTTrainer(model="Qwen/Qwen2-0.5B", args=args, train_dataset=ds)
trainer.train()
trainer.save_model(args.output_dir)
"""
    files = {f"scripts/{n}.py": script for n in ("sft", "dpo", "kto")}
    result = run_audit(write_repo(tmp_path, files))
    from experiment_tracking.rules.facts import hf_trainers

    built = {(m.path, c.name) for m, c in hf_trainers(result.ctx)}
    assert {("scripts/sft.py", "trl.SFTTrainer"), ("scripts/kto.py", "trl.SFTTrainer")} <= built, built
    dim = next(d for d in result.scorecard.dimensions if d.name == "parameter_logging")
    assert dim.score >= 3, dim.reasons


def test_a_package_named_like_a_token_with_a_version_range_is_no_credential():
    from experiment_tracking.index.secrets import _scan_line

    assert _scan_line('tiktoken = ">=0.9.0,<0.10"', True) == ""


def test_a_conversion_into_a_metric_is_an_evaluation_metric(tmp_path):
    helpers = (
        "import tensorflow as tf\n\n\ndef img2mse(x, y):\n    return tf.reduce_mean(tf.square(x - y))\n\n\n"
        "def mse2psnr(x):\n    return -10.0 * tf.math.log(x) / tf.math.log(10.0)\n"
    )
    train = """import tensorflow as tf

from helpers import img2mse, mse2psnr

writer = tf.summary.create_file_writer("logs/run")
model = tf.keras.Sequential([tf.keras.layers.Dense(3)])
optimizer = tf.keras.optimizers.Adam(5e-4)
for i in range(100):
    with tf.GradientTape() as tape:
        loss = img2mse(model(x), target)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    if i % 10 == 0:
        psnr = mse2psnr(img2mse(model(x_val), target_val))
        with writer.as_default():
            tf.summary.scalar("psnr_holdout", psnr, step=i)
"""
    result = run_audit(write_repo(tmp_path, {"helpers.py": helpers, "train.py": train}))
    f302 = _finding(result, "ET302")
    assert f302.status == "PASS", f302.message


def test_a_trainer_hook_that_saves_the_best_model_selects_it(tmp_path):
    trainer = """import torch


class Trainer:
    def __init__(self, policy, save_best_fn=None):
        self.policy = policy
        self.save_best_fn = save_best_fn
        self.best_score = float("-inf")

    def run(self, epochs):
        optim = torch.optim.Adam(self.policy.parameters())
        for epoch in range(epochs):
            loss = self.policy(torch.randn(8, 4)).sum()
            loss.backward()
            optim.step()
            score = -loss.item()
            if score > self.best_score:
                self.best_score = score
                if self.save_best_fn:
                    self.save_best_fn(self.policy)
"""
    script = """import torch

from trainer import Trainer


def save_best_fn(policy):
    torch.save(policy.state_dict(), "log/policy.pth")


policy = torch.nn.Linear(4, 2)
Trainer(policy, save_best_fn=save_best_fn).run(10)
torch.save(policy.state_dict(), "log/last_policy.pth")
"""
    result = run_audit(write_repo(tmp_path, {"trainer.py": trainer, "train.py": script}))
    f310 = _finding(result, "ET310")
    assert f310.status == "PASS" and "best model is selected" in f310.message, f310.message
