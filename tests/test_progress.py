"""The progress line: only on a terminal, only after the audit has run a while, then erased."""

from __future__ import annotations

import io

from conftest import make_git_repo

from experiment_tracking.audit import audit_with_validation
from experiment_tracking.progress import Progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_stage_and_file_counts_then_a_cleared_line(tmp_path):
    files = {f"src/m{i}.py": f"import torch\nX = {i}\n" for i in range(30)}
    root = make_git_repo(tmp_path / "repo", files)
    term = _Terminal()
    progress = Progress(stream=term, delay=0)
    audit_with_validation(root, progress=progress, jobs=1)
    progress.close()
    out = term.getvalue()
    assert "experiment-tracking: index " in out and "/30 files" in out
    assert "experiment-tracking: rules" in out
    assert out.endswith("\r\x1b[K") and "\n" not in out  # one line, rewritten in place


def test_nothing_when_not_a_terminal_or_before_the_delay(tmp_path):
    root = make_git_repo(tmp_path / "repo", {"train.py": "import mlflow\n"})
    pipe = io.StringIO()
    progress = Progress(stream=pipe, delay=0)
    audit_with_validation(root, progress=progress)
    progress.close()
    assert pipe.getvalue() == ""
    term = _Terminal()
    quick = Progress(stream=term)  # the default two seconds have not passed
    quick("index", 1, 2)
    quick.close()
    assert term.getvalue() == ""
