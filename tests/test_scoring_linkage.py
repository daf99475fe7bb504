"""Code versioning credits stored runs only for commits this repository still holds."""

from __future__ import annotations

import subprocess
from pathlib import Path

from experiment_tracking.audit import run_audit
from experiment_tracking.scoring import compute_scorecard

ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
       "GIT_COMMITTER_EMAIL": "t@example.invalid", "PATH": "/usr/bin:/bin"}  # fmt: skip


def make_repo(root: Path) -> str:
    root.mkdir()
    (root / "train.py").write_text(
        "import mlflow\n\ndef main():\n    with mlflow.start_run():\n        mlflow.log_params({'lr': 0.1})\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    (root / ".gitignore").write_text("mlruns/\n")
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "init"]):
        subprocess.run(cmd, cwd=root, check=True, env=ENV)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, check=True, env=ENV, capture_output=True,
                          text=True).stdout.strip()  # fmt: skip


def add_runs(root: Path, commit: str, n: int = 2) -> None:
    for i in range(n):
        run = root / "mlruns" / "1" / f"run{i}"
        (run / "tags").mkdir(parents=True)
        (run / "params").mkdir()
        (run / "meta.yaml").write_text(
            f"run_id: run{i}\nexperiment_id: '1'\nstatus: 3\nstart_time: 1700000000000\n"
            "end_time: 1700000100000\nlifecycle_stage: active\n"
        )
        (run / "tags" / "mlflow.source.git.commit").write_text(commit)
        (run / "params" / "lr").write_text("0.1")
    (root / "mlruns" / "1" / "meta.yaml").write_text(
        "experiment_id: '1'\nname: demo\nlifecycle_stage: active\n"
    )


def code_level(root: Path):
    result = run_audit(root)
    card = compute_scorecard(result.ctx, result.findings)
    return next(d for d in card.dimensions if d.name == "code_versioning")


def test_runs_recording_a_commit_from_this_history_count(tmp_path):
    root = tmp_path / "good"
    head = make_repo(root)
    add_runs(root, head)
    dim = code_level(root)
    assert dim.score >= 3 and "runs record their commit" in dim.reasons[0]


def test_runs_recording_unknown_commits_do_not_count(tmp_path):
    root = tmp_path / "bad"
    make_repo(root)
    add_runs(root, "0123456789abcdef0123456789abcdef01234567")
    dim = code_level(root)
    # Stored runs with foreign commits prove nothing; only the code's own capture is cited.
    assert "mlruns/1/" not in dim.reasons[0] and "stored runs carry" not in dim.reasons[0]
