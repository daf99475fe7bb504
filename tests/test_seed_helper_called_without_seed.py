"""A seeding helper whose seed defaults to None (`def random_seed(seed=None): np.random.seed(seed);
torch.manual_seed(np.random.randint(int(1e6)))`) seeds nothing repeatable when the scripts that start
the runs call it bare (`random_seed()`): numpy is seeded from the OS's entropy and torch from numpy.
Called with the run's seed, it seeds."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

UTILS = """import numpy as np
import torch


def random_seed(seed=None):
    np.random.seed(seed)
    torch.manual_seed(np.random.randint(int(1e6)))
"""

EXAMPLES = """import torch
from rl.utils import random_seed


def dqn(game):
    net = torch.nn.Linear(4, 2)
    opt = torch.optim.Adam(net.parameters())
    for step in range(100):
        loss = net(torch.randn(1, 4)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()


if __name__ == '__main__':
    random_seed()
    dqn(game='BreakoutNoFrameskip-v4')
"""


def _et401(tmp_path, examples):
    write_repo(tmp_path, {"rl/__init__.py": "", "rl/utils.py": UTILS, "examples.py": examples})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET401")


def test_a_seed_helper_called_bare_seeds_from_entropy(tmp_path):
    f = _et401(tmp_path, EXAMPLES)
    assert f.status == "FAIL" and "random_seed(seed=None)" in f.message
    assert any(e.path == "examples.py" and e.line == 16 for e in f.evidence)


def test_a_seed_helper_given_the_seed_seeds(tmp_path):
    f = _et401(tmp_path, EXAMPLES.replace("random_seed()", "random_seed(0)"))
    assert f.status == "PASS"
