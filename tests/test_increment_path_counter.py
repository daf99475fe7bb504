"""yolov5/ultralytics' increment_path(runs/train/exp) returns exp, exp2, exp3...: a new directory per
run, numbered by the runs already there. Synthetic."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = """
import argparse
from pathlib import Path

import torch
import yaml

from utils.general import increment_path

parser = argparse.ArgumentParser()
parser.add_argument("--project", default="runs/train")
parser.add_argument("--name", default="exp")
opt = parser.parse_args()
save_dir = increment_path(Path(opt.project) / opt.name)
with open(save_dir / "opt.yaml", "w") as f:
    yaml.safe_dump(vars(opt), f, sort_keys=False)
for epoch in range(10):
    loss = model(x).mean()
    loss.backward()
"""


def test_increment_path_numbers_each_run(tmp_path):
    write_repo(
        tmp_path,
        {
            "utils/__init__.py": "",
            "utils/general.py": "def increment_path(p):\n    return p\n",
            "train.py": TRAIN,
        },
    )
    configs = [p for p in run_audit(tmp_path).ctx.records.config if p.target.endswith("opt.yaml")]
    assert configs and configs[0].keeping == "counter" and configs[0].whole, configs
