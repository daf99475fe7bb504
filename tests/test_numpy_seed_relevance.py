"""numpy beside a deep-learning framework needs a seed only where the code draws from numpy's global
RNG: a torch project using numpy for arithmetic is seeded by seeding torch."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = (
    "import numpy as np\nimport torch\n\ntorch.manual_seed(0)\nscale = np.sqrt(2.0)\n"
    "for step in range(10):\n    loss = model(x) * scale\n    loss.backward()\n{draw}"
)


def _et401(tmp_path, draw=""):
    write_repo(tmp_path, {"train.py": TRAIN.replace("{draw}", draw)})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET401")


def test_numpy_for_arithmetic_needs_no_seed(tmp_path):
    f = _et401(tmp_path)
    assert f.status == "PASS" and "numpy" not in f.message


def test_a_draw_from_numpys_global_rng_does(tmp_path):
    f = _et401(tmp_path, "idx = np.random.permutation(100)\n")
    assert f.status != "PASS" and "numpy" in f.message
