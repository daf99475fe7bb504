"""GPU memory counts as a captured system metric when its reading reaches a log or tracker call, not
when it is only printed with the epoch line. Synthetic."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

PRINTED = """
import torch

for epoch in range(10):
    loss = model(x).mean()
    loss.backward()
    print(f"epoch {epoch} loss {loss.item():.3f} max mem {torch.cuda.max_memory_allocated() / 2**20:.0f}MB")
"""

LOGGED = """
import torch
import wandb

for epoch in range(10):
    loss = model(x).mean()
    loss.backward()
    mem = torch.cuda.max_memory_allocated()
    wandb.log({"loss": loss.item(), "max_mem": mem}, step=epoch)
"""


def _et303(tmp_path, code):
    write_repo(tmp_path, {"train.py": code})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET303")


def test_a_printed_memory_reading_is_not_captured(tmp_path):
    assert _et303(tmp_path, PRINTED).status != "PASS"


def test_a_logged_memory_reading_is_captured(tmp_path):
    assert _et303(tmp_path, LOGGED).status == "PASS"
