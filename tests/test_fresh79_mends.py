"""Mends from the code review of the fresh79 round: each case is a family the first version of a
fresh79 fix read wrong (a claim it made false, or a right one it lost)."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, status_of

TRAIN_HEAD = """
import argparse
import json
import os
import subprocess
import time

import numpy as np
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=1e-3)
parser.add_argument("--seed", type=int, default=0)
parser.add_argument("--out", default="runs")
args = parser.parse_args()
"""

LOOP = """
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
history = []
for epoch in range(5):
    loss = model(torch.randn(8, 4)).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    history.append(loss.item())
"""


def test_a_function_that_reads_the_commit_but_returns_something_else_records_no_commit(tmp_path):
    """train() prints the commit it reads and returns the loss history; writing that history records
    no commit (only a function whose return value holds the commit does)."""
    code = (
        TRAIN_HEAD
        + """

def train():
    sha = subprocess.check_output(["git", "rev-parse", "HEAD"]).decode().strip()
    print("commit", sha)
"""
        + "\n".join("    " + ln for ln in LOOP.strip().splitlines())
        + """
    return model, history


out_dir = os.path.join(args.out, time.strftime("%Y%m%d-%H%M%S"))
os.makedirs(out_dir)
model, history = train()
json.dump(history, open(os.path.join(out_dir, "history.json"), "w"))
"""
    )
    result = audit_committed(tmp_path, {"train.py": code})
    assert status_of(result, "ET420") != "PASS"


CLOCK_CASES = {
    # a clock read in another function of the module, and a seed helper handed its callers' value
    "scope": "\ndef fresh_seed():\n    seed = int(time.time())\n    return seed\n\n\n"
    "def set_seed(seed):\n    np.random.seed(seed)\n    torch.manual_seed(seed)\n\n\nset_seed(args.seed)\n",
    # a fallback to the clock only when no seed is given
    "fallback": "\nseed = args.seed\nif seed < 0:\n    seed = int(time.time())\nnp.random.seed(seed)\ntorch.manual_seed(seed)\n",
    "ifexp": "\nseed = args.seed if args.seed >= 0 else int(time.time())\nnp.random.seed(seed)\ntorch.manual_seed(seed)\n",
}


def test_a_fixed_seed_beside_a_clock_read_is_still_a_fixed_seed(tmp_path):
    for name, seeding in CLOCK_CASES.items():
        result = audit_committed(tmp_path / name, {"train.py": TRAIN_HEAD + seeding + LOOP})
        assert status_of(result, "ET401") == "PASS", name


def test_keyword_arrays_that_are_predictions_or_a_buffer_are_no_metrics(tmp_path):
    """np.savez(path, logits=..., labels=...) and a replay buffer's obs/actions/rewards/dones saved by
    a project method: outputs and data, not the run's metrics."""
    for name, call in (
        ("logits", 'np.savez(os.path.join(args.out, "out.npz"), logits=np.zeros(3), labels=np.ones(3))'),
        ("buffer", 'buf.save(os.path.join(args.out, "buffer.npz"))'),
    ):
        buffer = (
            "import numpy as np\n\n\nclass Buffer:\n    def __init__(self):\n        self.obs = np.zeros(4)\n"
            "        self.actions = np.zeros(4)\n        self.rewards = np.zeros(4)\n        self.dones = np.zeros(4)\n\n"
            "    def save(self, path):\n        np.savez(path, obs=self.obs, actions=self.actions, rewards=self.rewards, "
            "dones=self.dones)\n"
        )
        code = TRAIN_HEAD + "from buffer import Buffer\n\nbuf = Buffer()\n" + LOOP + call + "\n"
        result = audit_committed(tmp_path / name, {"buffer.py": buffer, "train.py": code})
        assert status_of(result, "ET301") == "FAIL", name


def test_a_test_set_size_in_a_results_file_is_no_evaluation(tmp_path):
    """json.dump({"train_loss": ..., "test_size": args.test_size}): a test-named setting, not a score."""
    code = (
        TRAIN_HEAD.replace(
            "args = parser.parse_args()",
            'parser.add_argument("--test_size", type=float, default=0.2)\nargs = parser.parse_args()',
        )
        + LOOP
        + 'json.dump({"train_loss": history[-1], "test_size": args.test_size}, open("results.json", "w"))\n'
    )
    result = audit_committed(tmp_path, {"train.py": code})
    assert status_of(result, "ET302") != "PASS"


def test_a_file_of_variants_is_no_configuration(tmp_path):
    """filtered_variants.txt of a genomics pipeline holds data, not the run's settings (only a
    launcher's variant.json does)."""
    code = (
        TRAIN_HEAD + LOOP + 'open(os.path.join(args.out, "filtered_variants.txt"), "w").write(str(history))\n'
    )
    result = audit_committed(tmp_path, {"train.py": code})
    assert status_of(result, "ET210") != "PASS"


TRAINER = """
import os

import torch


class Trainer:
    def __init__(self, lr):
        self.model = torch.nn.Linear(4, 2)
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=lr)

    def load(self, path):
        state = torch.load(path)
        self.model.load_state_dict(state["model"])
        self.optimizer.load_state_dict(state["opt"])

    def fit(self, ckpt):
        if os.path.exists(ckpt):
            self.load(ckpt)
        for _ in range(5):
            loss = self.model(torch.randn(8, 4)).pow(2).mean()
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
        torch.save({"model": self.model.state_dict(), "opt": self.optimizer.state_dict()}, ckpt)
"""


def test_a_restore_the_trainer_calls_on_itself_is_a_resume(tmp_path):
    """Trainer.fit() resuming through self.load(ckpt), with test.py also calling load(): the restore is
    reached from training, whatever other callers it has."""
    train = "from trainer import Trainer\n\nTrainer(1e-3).fit('ckpt.pt')\n"
    test = "from trainer import Trainer\n\nt = Trainer(1e-3)\nt.load('ckpt.pt')\nprint(t.model)\n"
    result = audit_committed(tmp_path, {"trainer.py": TRAINER, "train.py": train, "test.py": test})
    assert status_of(result, "ET511") == "PASS"


def test_a_serving_app_in_a_docker_folder_is_not_the_training_environment(tmp_path):
    """docker/serve.py with Flask and its own loose requirements: a serving sub-project, dropped from
    the training environment's pins (a docker/ folder holding only settings stays)."""
    pins = "".join(f"pkg{i}=={i}.0.0\n" for i in range(6)) + "torch==1.11.0\n"
    serve = "from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == '__main__':\n    app.run()\n"
    files = {
        "train.py": TRAIN_HEAD + LOOP,
        "requirements.txt": pins,
        "docker/requirements.txt": "flask\ngunicorn\nrequests\n",
        "docker/serve.py": serve,
    }
    result = audit_committed(tmp_path, files)
    assert status_of(result, "ET410") == "PASS"


def test_an_image_python_older_than_the_project_allows_is_not_its_pin(tmp_path):
    """`pyenv install 3.6.12` in a Dockerfile of a project that requires Python >= 3.9: the container's
    Python cannot run the code, so it pins nothing (as `apt install python3.6` would not)."""
    setup = "from setuptools import setup\n\nsetup(name='lab', python_requires='>=3.9', install_requires=['torch==1.11.0'])\n"
    docker = "FROM ubuntu:20.04\nRUN curl https://pyenv.run | bash && pyenv install 3.6.12\n"
    files = {"train.py": TRAIN_HEAD + LOOP, "setup.py": setup, "Dockerfile": docker}
    result = audit_committed(tmp_path, files)
    assert status_of(result, "ET411") != "PASS"
