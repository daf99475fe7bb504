"""A package listed for one of its parts (`ray` for Ray Tune) is not 'declared but never called'
when the project calls the package itself (ray.init, @ray.remote actors): removing it would break
the code. A tracker imported and never called is still reported."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = """
import ray
import torch

@ray.remote
class Learner:
    def step(self, batch):
        loss = self.model(batch)
        loss.backward()

ray.init()
learners = [Learner.remote() for _ in range(4)]
ray.get([l.step.remote(b) for l in learners])
"""


def test_ray_core_at_work_is_not_an_unused_ray_tune(tmp_path):
    write_repo(tmp_path, {"train.py": TRAIN, "requirements.txt": "ray==2.9.0\ntorch==2.1.0\n"})
    found = [f for f in run_audit(tmp_path).findings if f.rule_id == "ET102"]
    assert not found or "Ray Tune" not in found[0].message


def test_an_imported_tracker_never_called_is_reported(tmp_path):
    write_repo(
        tmp_path, {"train.py": "import wandb\n" + TRAIN, "requirements.txt": "ray==2.9.0\nwandb==0.16.0\n"}
    )
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET102")
    assert "Weights & Biases" in f.message and "Ray Tune" not in f.message
