"""argparse's `type=bool` calls bool() on the option's string, so `--log_to_wandb False` turns the
option on: typed in name only. ET202 says so instead of passing the options as typed. Synthetic."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = """
import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=1e-4)
parser.add_argument("--log_to_wandb", "-w", type={kind}, default=False)
args = parser.parse_args()
opt = torch.optim.AdamW(model.parameters(), lr=args.lr)
for step in range(10):
    loss = model(x).mean()
    loss.backward()
    opt.step()
"""


def _et202(tmp_path, kind):
    write_repo(tmp_path, {"experiment.py": TRAIN.format(kind=kind)})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET202")


def test_a_bool_typed_option_is_named_as_switching_on_with_false(tmp_path):
    f = _et202(tmp_path, "bool")
    assert f.status == "WARN" and "--log_to_wandb False" in f.message
    assert f.evidence[0].path == "experiment.py" and f.evidence[0].line == 7


def test_typed_options_without_bool_pass(tmp_path):
    assert _et202(tmp_path, "int").status == "PASS"
