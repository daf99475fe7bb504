"""A GitHub workflow that only builds and deploys the documentation site (mkdocs gh-deploy on every
push) checks none of the code: it is not the CI of rubric level 4. One that also runs the tests is."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.conftest import make_git_repo
from tests.rules.repo_helpers import dimension

DOCS = """
name: make_docs
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
          python-version: '3.12'
      - run: pip install mkdocs-material mkdocs-jupyter
      - run: cp *.ipynb docs/
      - run: mkdocs gh-deploy --force
"""

TRAIN = "import torch\nmodel = torch.nn.Linear(2, 1)\nopt = torch.optim.SGD(model.parameters(), 0.1)\nfor x in range(3):\n    opt.step()\n"


def _code_level(tmp_path, workflow: str) -> int:
    make_git_repo(tmp_path, {"train.py": TRAIN, ".github/workflows/ci.yml": workflow, "README.md": "# p\n"})
    return dimension(run_audit(tmp_path), "code_versioning").score


def test_a_docs_deploy_workflow_is_not_ci_that_checks_the_code(tmp_path):
    assert _code_level(tmp_path, DOCS) < 4


def test_a_workflow_that_also_runs_the_tests_is_ci(tmp_path):
    assert _code_level(tmp_path, DOCS + "      - run: pytest -q\n") >= 4
