"""A command line does not make a run's parameters configurable when the optimizer's learning rate is
a literal in the training code: ET201 says where, instead of 'not literals'."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = """
import argparse
import torch

p = argparse.ArgumentParser()
p.add_argument("--epochs", type=int, default=10)
p.add_argument("--global-batch-size", type=int, default=256)
args = p.parse_args()
opt = torch.optim.AdamW(model.parameters(), {lr}, weight_decay=0)
for epoch in range(args.epochs):
    loss = model(x)
    loss.backward()
    opt.step()
"""


def _et201(tmp_path, lr):
    write_repo(tmp_path, {"train.py": TRAIN.replace("{lr}", lr)})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET201")


def test_a_literal_learning_rate_beside_a_command_line_is_named(tmp_path):
    f = _et201(tmp_path, "lr=1e-4")
    assert f.status == "WARN" and "lr is a literal" in f.message
    assert "train.py:8" in [e.where() for e in f.evidence]


def test_a_learning_rate_from_the_options_is_not(tmp_path):
    assert _et201(tmp_path, "lr=args.lr").status == "PASS"
