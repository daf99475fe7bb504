"""Levels 4-5 hold "for most runs": with three training scripts of which one records its whole
configuration (a detectron2 transfer script's default_setup) and two record nothing (the pretraining
and linear-evaluation scripts), the configuration is recorded only in part. Synthetic."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

PLAIN = """
import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.03)
args = parser.parse_args()
for epoch in range(200):
    loss = model(x).mean()
    loss.backward()
    torch.save({"epoch": epoch, "state_dict": model.state_dict()}, "checkpoint_{:04d}.pth.tar".format(epoch))
"""

RECORDING = """
import argparse
import json
import os
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.02)
args = parser.parse_args()
out = os.path.join("runs", time.strftime("%Y%m%d-%H%M%S"))
os.makedirs(out)
with open(os.path.join(out, "args.json"), "w") as f:
    json.dump(vars(args), f)
for step in range(1000):
    loss = model(x).mean()
    loss.backward()
"""


def test_one_of_three_training_scripts_recording_its_config_is_partial(tmp_path):
    write_repo(
        tmp_path, {"main_moco.py": PLAIN, "main_lincls.py": PLAIN, "detection/train_net.py": RECORDING}
    )
    dim = dimension(run_audit(tmp_path), "parameter_logging")
    assert dim.score == 3 and "only 1 of 3 training scripts" in dim.reasons[0], dim.reasons
