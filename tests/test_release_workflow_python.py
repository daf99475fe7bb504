"""The Python of a release workflow that only builds and uploads the package (`python -m build`,
`twine upload`) runs none of the project's code: it pins nothing. A workflow that runs the tests on one
Python does. Synthetic, after open_clip's python-publish.yml."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import status_of, write_repo

RELEASE = """
name: Release
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
    - uses: actions/checkout@v4
    - uses: actions/setup-python@v5
      with:
        python-version: '3.10'
    - run: |
        python -m pip install --upgrade pip
        pip install build twine
    - run: |
        python -m build
        twine upload dist/*
"""

TESTS = RELEASE.replace("name: Release", "name: Tests").replace(
    "python -m build\n        twine upload dist/*", "pip install -e .\n        pytest -q"
)
FILES = {
    "train.py": "import torch\nmodel = torch.nn.Linear(2, 1)\nmodel(torch.randn(3, 2)).sum().backward()\n",
    "pyproject.toml": '[project]\nname = "pkg"\nrequires-python = ">=3.9"\n',
}


def test_a_release_workflow_python_pins_nothing(tmp_path):
    result = run_audit(write_repo(tmp_path, {**FILES, ".github/workflows/release.yml": RELEASE}))
    assert status_of(result, "ET411") == "WARN"


def test_a_test_workflow_on_one_python_pins_it(tmp_path):
    result = run_audit(write_repo(tmp_path, {**FILES, ".github/workflows/tests.yml": TESTS}))
    assert status_of(result, "ET411") == "PASS"
