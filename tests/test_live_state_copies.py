"""Copying state between live objects (an inner-loop optimizer reset to the state it kept, a target
network synced from the online one) reads no checkpoint: it is no resume path. Loading the optimizer
from a checkpoint file is. Synthetic."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

FISH = """
import torch


class Fish:
    def __init__(self, net):
        self.network = net
        self.optimizer_inner = torch.optim.Adam(net.parameters())
        self.optimizer_inner_state = self.optimizer_inner.state_dict()

    def update(self, batches):
        self.optimizer_inner.load_state_dict(self.optimizer_inner_state)
        for x, y in batches:
            loss = self.network(x).mean()
            loss.backward()
            self.optimizer_inner.step()


algorithm = Fish(build_network())
for step in range(5000):
    algorithm.update(next(loader))
"""


def _et511(tmp_path, code):
    write_repo(tmp_path, {"train.py": code})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET511")


def test_an_inner_optimizer_reset_is_not_a_resume(tmp_path):
    assert _et511(tmp_path, FISH).status == "WARN"


def test_an_optimizer_loaded_from_a_checkpoint_is_a_resume(tmp_path):
    code = FISH.replace(
        "for step in range(5000):",
        "ckpt = torch.load('run/last.pt')\nalgorithm.optimizer_inner.load_state_dict(ckpt['optimizer'])\nfor step in range(5000):",
    )
    assert _et511(tmp_path, code).status == "PASS"
