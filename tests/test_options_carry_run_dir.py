"""yolov5's layout: main() sets `opt.save_dir = str(increment_path(Path(opt.project) / opt.name))` and
train(opt), defined above it, unpacks `save_dir, epochs = Path(opt.save_dir), opt.epochs`, then
`last, best = w / "last.pt", w / "best.pt"`: each run's checkpoints go to a numbered directory.
Synthetic."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = """
import argparse
from pathlib import Path

import torch

from utils.general import increment_path


def train(opt):
    save_dir, epochs = Path(opt.save_dir), opt.epochs
    w = save_dir / "weights"
    last, best = w / "last.pt", w / "best.pt"
    for epoch in range(epochs):
        loss = model(x).mean()
        loss.backward()
        torch.save({"model": model.state_dict(), "epoch": epoch}, last)


def main(opt):
    opt.save_dir = str(increment_path(Path(opt.project) / opt.name))
    train(opt)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--project", default="runs/train")
    parser.add_argument("--name", default="exp")
    parser.add_argument("--epochs", type=int, default=100)
    main(parser.parse_args())
"""


def test_the_options_object_carries_the_numbered_run_directory(tmp_path):
    write_repo(
        tmp_path,
        {
            "utils/__init__.py": "",
            "utils/general.py": "def increment_path(p):\n    return p\n",
            "train.py": TRAIN,
        },
    )
    ckpts = [p for p in run_audit(tmp_path).ctx.records.checkpoints if p.evidence.path == "train.py"]
    assert ckpts and ckpts[0].target.endswith("/weights/last.pt") and ckpts[0].keeping == "counter", ckpts
