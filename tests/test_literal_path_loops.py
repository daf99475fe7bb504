"""`for checkpoint_path in [output_dir / "checkpoint.pth"]: save(..., checkpoint_path)` saves to fixed
paths one after the other: the loop name is that path, not a step label, so the checkpoint is
overwritten every epoch rather than kept per epoch. Synthetic DeiT-style loop."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

MAIN = """
import argparse
from pathlib import Path

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--output_dir", default="")
args = parser.parse_args()
output_dir = Path(args.output_dir)
for epoch in range(300):
    loss = model(x).mean()
    loss.backward()
    checkpoint_paths = [output_dir / "checkpoint.pth"]
    for checkpoint_path in checkpoint_paths:
        torch.save({"model": model.state_dict(), "epoch": epoch, "args": args}, checkpoint_path)
"""


def test_a_loop_over_fixed_paths_is_not_a_step_label(tmp_path):
    write_repo(tmp_path, {"main.py": MAIN})
    ckpts = [p for p in run_audit(tmp_path).ctx.records.checkpoints if p.evidence.path == "main.py"]
    assert ckpts and ckpts[0].target.endswith("checkpoint.pth") and not ckpts[0].step_labelled, ckpts
