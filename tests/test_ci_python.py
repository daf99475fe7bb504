"""The Python a project's CI sets up (one version) is the version its code runs on."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = "import torch\nfor epoch in range(3):\n    loss.backward()\n"
WORKFLOW = """
on: [push]
jobs:
  train:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: {version}
      - run: pip install -r requirements.txt && python train.py
"""


def _et411(tmp_path, version):
    write_repo(
        tmp_path,
        {
            "train.py": TRAIN,
            "requirements.txt": "torch==2.1.0\n",
            ".github/workflows/ci.yml": WORKFLOW.replace("{version}", version),
        },
    )
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET411")


def test_one_python_version_set_up_by_ci_pins_it_as_written(tmp_path):
    f = _et411(tmp_path, "3.10")  # unquoted: YAML reads the number 3.1
    assert f.status == "PASS"
    assert f.evidence[0].path == ".github/workflows/ci.yml" and "Python 3.10" in f.evidence[0].detail


def test_a_matrix_of_python_versions_pins_none(tmp_path):
    f = _et411(tmp_path, "${{ matrix.python }}")
    assert f.status != "PASS"
