"""A yacs configuration: typed defaults in Python (`_C = CN(); _C.SEED = 0`), each YAML an override
merged onto them (`config.merge_from_file(args.cfg)`), the seed read through a local variable
(`seed = config.SEED + dist.get_rank()`), and the merged config dumped whole into the run's output
directory. The seed is then recorded with the run. Synthetic, after Swin-Transformer."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import status_of, write_repo

CONFIG = """
from yacs.config import CfgNode as CN

_C = CN()
_C.SEED = 0
_C.OUTPUT = "output"
_C.TRAIN = CN()
_C.TRAIN.BASE_LR = 5e-4
_C.TRAIN.EPOCHS = 300


def get_config(args):
    config = _C.clone()
    config.merge_from_file(args.cfg)
    config.merge_from_list(args.opts)
    return config
"""

MAIN = """
import argparse
import os
import random

import numpy as np
import torch
import torch.distributed as dist

from config import get_config


def main(config):
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.AdamW(model.parameters(), lr=config.TRAIN.BASE_LR)
    for epoch in range(config.TRAIN.EPOCHS):
        loss = model(torch.randn(8, 4)).pow(2).mean()
        loss.backward()
        opt.step()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--cfg", required=True)
    parser.add_argument("--opts", nargs="+", default=None)
    args = parser.parse_args()
    config = get_config(args)
    seed = config.SEED + dist.get_rank()
    torch.manual_seed(seed)
    np.random.seed(seed)
    random.seed(seed)
    os.makedirs(config.OUTPUT, exist_ok=True)
    with open(os.path.join(config.OUTPUT, "config.json"), "w") as f:
        f.write(config.dump())
    main(config)
"""


def test_the_seed_of_a_yacs_config_dumped_whole_is_recorded(tmp_path):
    files = {"config.py": CONFIG, "main.py": MAIN}
    for name in ("tiny", "small", "base"):
        files[f"configs/swin_{name}.yaml"] = f"MODEL:\n  NAME: swin_{name}\nTRAIN:\n  EPOCHS: 300\n"
    result = run_audit(write_repo(tmp_path, files))
    assert status_of(result, "ET212") == "PASS"
    assert status_of(result, "ET203") == "PASS"
