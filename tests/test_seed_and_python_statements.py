"""Seeds and Python versions as the code states them:
- an absl flag `flags.DEFINE_integer("seed", 42, ...)` is a parameter; with `wandb.config.update(FLAGS)`
  logging every flag, the seed is recorded with the run (rlpd);
- `np.random.seed()` with no argument re-seeds from the OS's entropy: it seeds nothing (a GAN that
  calls it after every epoch is not seeded by it);
- "tested to work with Python 2.7.13 and 3.5.3" states a Python version."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

ABSL = """import wandb
from absl import app, flags

from learner import Learner

FLAGS = flags.FLAGS
flags.DEFINE_integer("seed", 42, "Random seed.")
flags.DEFINE_float("lr", 3e-4, "Learning rate.")


def main(_):
    wandb.init(project="rl")
    wandb.config.update(FLAGS)
    agent = Learner.create(FLAGS.seed, FLAGS.lr)
    for step in range(1000):
        agent, loss = agent.update()
        wandb.log({"loss": loss}, step=step)


if __name__ == "__main__":
    app.run(main)
"""

LEARNER = """import jax


class Learner:
    @classmethod
    def create(cls, seed, lr):
        rng = jax.random.PRNGKey(seed)
        return cls(rng, lr)
"""

NUMPY = """import numpy as np
import torch


def main():
    model = torch.nn.Linear(2, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(10):
        x = torch.tensor(np.random.randn(8, 2), dtype=torch.float32)
        model(x).sum().backward()
        opt.step()
        np.random.seed()
    torch.save(model.state_dict(), "m.pt")


if __name__ == "__main__":
    main()
"""


def _finding(tmp_path, files, rule):
    return next(f for f in run_audit(write_repo(tmp_path, files)).findings if f.rule_id == rule)


def test_an_absl_seed_flag_logged_with_all_flags_is_recorded(tmp_path):
    f = _finding(tmp_path, {"train.py": ABSL, "learner.py": LEARNER}, "ET212")
    assert f.status == "PASS", f.message


def test_a_seed_call_without_a_value_seeds_nothing(tmp_path):
    f = _finding(tmp_path, {"train.py": NUMPY}, "ET401")
    assert f.status == "FAIL", f.message


def test_python_two_and_three_named_in_the_readme_state_a_version(tmp_path):
    files = {
        "train.py": NUMPY,
        "requirements.txt": "torch==2.1.0\nnumpy==1.26.0\n",
        "README.md": "# Net\n\nIt has been tested to work with Python 2.7.13 and 3.5.3.\n",
    }
    f = _finding(tmp_path, files, "ET411")
    assert f.status != "WARN" or "3.5" in f.message, f.message
    assert "no Python version" not in f.message, f.message


def test_a_seed_in_one_of_many_notebooks_is_not_a_recorded_seed(tmp_path):
    """One chapter seeds numpy for a lesson on random numbers; the other training notebooks set no seed:
    ET401 fails, and ET212 does not claim the seed is recorded."""
    import json

    def nb(*cells):
        return json.dumps(
            {
                "cells": [
                    {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": c}
                    for c in cells
                ],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        )

    fit = "import keras\nimport numpy as np\nmodel = keras.Sequential([keras.layers.Dense(1)])\nmodel.compile('adam', 'mse')\nmodel.fit(np.random.rand(8, 2), np.random.rand(8), epochs=3)"
    files = {f"chapter{i:02d}.ipynb": nb(fit) for i in range(1, 6)}
    files["chapter00.ipynb"] = nb("import numpy as np\nnp.random.seed(0)\nprint(np.random.rand(3))", fit)
    result = run_audit(write_repo(tmp_path, files))
    by = {f.rule_id: f for f in result.findings}
    assert by["ET401"].status == "FAIL", by["ET401"].message
    assert "ET212" not in by or by["ET212"].status != "PASS", by["ET212"].message


def test_a_package_named_like_python_pins_no_python(tmp_path):
    """`opencv-contrib-python==3.4.2.17` in requirements.txt is OpenCV, not Python 3.4."""
    files = {
        "train.py": NUMPY,
        "requirements.txt": "numpy==1.16.0\nopencv-contrib-python==3.4.2.17\ntorch==1.4.0\n",
    }
    f = _finding(tmp_path, files, "ET411")
    assert f.status == "WARN", f.message


def test_a_minimum_in_parentheses_is_stated_as_a_minimum(tmp_path):
    """README "python3 (>=3.5)": a minimum is stated; the finding says so rather than 'no version'."""
    files = {
        "train.py": NUMPY,
        "requirements.txt": "numpy==1.16.0\ntorch==1.4.0\n",
        "README.md": "# RL\n\n## Prerequisites\n\nBaselines requires python3 (>=3.5) with the development headers.\n",
    }
    f = _finding(tmp_path, files, "ET411")
    assert f.status == "WARN" and "minimum" in f.message, f.message
