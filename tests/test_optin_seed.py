"""Seeding that runs only when an option is given (`if args.seed is not None:` with `--seed`
defaulting to None, `if "seed" in config:` where no shipped config has the key, `if seed is None:
return` before the seed call) leaves the runs made with what the repository ships unseeded: ET401
and ET404 ask whether the reported runs passed the option instead of passing, ET403 asks the same of
determinism requested only in that branch, and the defaults, configs and documented commands that do
give the option make it a PASS. ET212 credits the seed as part of a configuration dumped whole."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

HELPERS = """
import random

import numpy as np
import torch


def seed_all(value):
    random.seed(value)
    np.random.seed(value)
    torch.manual_seed(value)
"""

DATA = """
import random

import torch


class Pairs(torch.utils.data.Dataset):
    def __len__(self):
        return 100

    def __getitem__(self, i):
        jitter = random.random()
        return torch.tensor([i + jitter]), torch.tensor([i * 2.0])
"""

CLI_TRAIN = """
import argparse

import torch
from torch.utils.data import DataLoader

from data import Pairs
from helpers import seed_all

parser = argparse.ArgumentParser()
parser.add_argument("--seed", type=int, default={default})
parser.add_argument("--epochs", type=int, default=3)
args = parser.parse_args()

if args.seed is not None:
    seed_all(args.seed)

model = torch.nn.Linear(1, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
loader = DataLoader(Pairs(), batch_size=8, shuffle=True, num_workers=4)
for epoch in range(args.epochs):
    for x, y in loader:
        loss = ((model(x) - y) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
torch.save(model.state_dict(), "model.pt")
"""


def _finding(result, rule_id):
    return next(f for f in result.findings if f.rule_id == rule_id)


USAGE = (
    "# toy\n\nTrain with `python train.py`.\n\n```\nusage: train.py [--seed SEED] [--epochs EPOCHS]\n```\n"
)


def _cli_repo(tmp_path, default="None", readme=USAGE):
    write_repo(
        tmp_path,
        {
            "helpers.py": HELPERS,
            "data.py": DATA,
            "train.py": CLI_TRAIN.format(default=default),
            "README.md": readme,
        },
    )
    return run_audit(tmp_path)


def test_seed_given_only_on_the_command_line_is_a_question_not_a_pass(tmp_path):
    result = _cli_repo(tmp_path)
    f = _finding(result, "ET401")
    assert f.status == "REVIEW"
    assert "only when `seed` is given" in f.message and "train.py:14" in f.message
    assert f.question.startswith("`train.py:15` seeds numpy, random, torch only when `seed` is given")
    assert "the shipped defaults leave it unset (train.py:10)" in f.question
    assert {(e.path, e.line) for e in f.evidence} >= {("train.py", 14), ("train.py", 15)}
    # The workers' seeds come from a torch RNG the default runs never seed.
    w = _finding(result, "ET404")
    assert w.status == "REVIEW" and "only when `seed` is given" in w.message


def test_a_seed_default_or_a_documented_command_that_passes_it_seeds_the_runs(tmp_path):
    seeded = _cli_repo(tmp_path / "default", default="0")
    assert _finding(seeded, "ET401").status == "PASS"
    assert _finding(seeded, "ET404").status == "PASS"
    readme = "# toy\n\n```bash\npython train.py --seed 3 --epochs 10\n```\n"
    passed = _cli_repo(tmp_path / "readme", readme=readme)
    assert _finding(passed, "ET401").status == "PASS"


LIGHTNING_TRAIN = """
import json
import sys

import lightning as L
import torch
import yaml


def setup_determinism(config):
    seed = config.get("seed")
    if seed is None:
        return False
    L.seed_everything(seed)
    return True


class Net(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.layer = torch.nn.Linear(1, 1)

    def training_step(self, batch, i):
        x, y = batch
        return ((self.layer(x) - y) ** 2).mean()

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)


def main(path):
    with open(path) as fh:
        config = yaml.safe_load(fh)
    deterministic = setup_determinism(config)
    trainer_args = dict(config["trainer"])
    if deterministic:
        trainer_args["deterministic"] = True
    with open("run_config.json", "w") as fh:
        json.dump(config, fh)
    trainer = L.Trainer(**trainer_args)
    trainer.fit(Net())


if __name__ == "__main__":
    main(sys.argv[1])
"""


def _config_repo(tmp_path, seed_line=""):
    write_repo(
        tmp_path,
        {
            "train.py": LIGHTNING_TRAIN,
            "configs/base.yaml": f"{seed_line}trainer:\n  max_epochs: 5\n  accelerator: gpu\n",
            "configs/long.yaml": "trainer:\n  max_epochs: 50\n  accelerator: gpu\n",
        },
    )
    return run_audit(tmp_path)


def test_seed_only_when_the_config_has_the_key_and_no_shipped_config_has_it(tmp_path):
    result = _config_repo(tmp_path)
    f = _finding(result, "ET401")
    assert f.status == "REVIEW"
    assert "`seed is None` at train.py:11" in f.message
    assert "no shipped configuration" in f.question and "configs/" in f.question
    # deterministic=True is set only on that branch.
    d = _finding(result, "ET403")
    assert d.status == "REVIEW" and any(e.line == 36 for e in d.evidence)
    assert "setup_determinism" in d.message
    # When it is given, the seed is part of the configuration dumped whole with the run.
    s = _finding(result, "ET212")
    assert s.status == "PASS" and "when one is given" in s.message


def test_a_shipped_config_that_sets_the_key_seeds_the_runs(tmp_path):
    result = _config_repo(tmp_path, seed_line="seed: 7\n")
    assert _finding(result, "ET401").status == "PASS"
    assert _finding(result, "ET403").status == "PASS"


def test_given_blocks_cover_the_guarded_code_only():
    from experiment_tracking.index.python_facts import parse_python

    src = (
        "def run(args, cfg):\n"  # 1
        "    if args.resume is None:\n"  # 2
        "        start()\n"  # 3
        "    else:\n"  # 4
        "        load(args.resume)\n"  # 5
        "    if args.gpu and args.exact:\n"  # 6
        "        exact()\n"  # 7
        "    if 'seed' not in cfg:\n"  # 8
        "        return None\n"  # 9
        "    seed_everything(cfg['seed'])\n"  # 10
    )
    blocks = {b[0]: b for b in parse_python("run.py", src).given_blocks}
    # The else branch alone needs the value: the if body (line 3) is not behind it.
    assert blocks[5][:2] == (5, 5) and blocks[5][3:6] == ("not (args.resume is None)", "resume", "args")
    assert blocks[6][4:6] == ("gpu|exact", "args|args")
    # After an early return, the rest of the function needs the key.
    assert blocks[8][:2] == (8, 10) and blocks[8][4:6] == ("seed", "cfg")


SWITCHED_TRAIN = """
import argparse

import numpy as np
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--gpu", action="store_true")
parser.add_argument("--exact", action="store_true")
args = parser.parse_args()

np.random.seed(args.seed)
torch.manual_seed(args.seed)
if args.gpu and args.exact:
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False

model = torch.nn.Linear(4, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(3):
    x = torch.from_numpy(np.random.rand(8, 4)).float()
    loss = model(x).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
"""


def test_determinism_behind_an_option_left_off_names_that_option(tmp_path):
    write_repo(tmp_path, {"train.py": SWITCHED_TRAIN})
    result = run_audit(tmp_path)
    assert _finding(result, "ET401").status == "PASS"  # seeded by default: --seed defaults to 1
    d = _finding(result, "ET403")
    assert d.status == "REVIEW"
    assert "only when `gpu` is set" in d.message or "only when `exact` is set" in d.message
    assert "the shipped defaults leave it unset (train.py:" in d.question
