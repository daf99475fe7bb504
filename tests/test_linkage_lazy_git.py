"""The run linkage opens the repository only when a run records a commit: GitPython's import runs
`git version` twice, and a process forked late in a large audit counts the audit's memory as its own."""

from __future__ import annotations

import subprocess
import sys

from conftest import make_git_repo

PROBE = """
import sys
from types import SimpleNamespace
from experiment_tracking.runs.linkage import verify
report = verify(sys.argv[1], SimpleNamespace(runs=[]))
print(report.is_git, "git" in sys.modules)
"""


def test_no_run_with_a_commit_opens_no_repository(tmp_path):
    repo = make_git_repo(tmp_path / "repo", {"train.py": "print('hi')\n"})
    out = subprocess.run([sys.executable, "-c", PROBE, str(repo)], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]


def test_a_directory_outside_any_repository_is_not_git(tmp_path):
    plain = tmp_path / "plain"
    plain.mkdir()
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(plain)], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]
