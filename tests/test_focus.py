"""--focus: subtrees limit what is read; tools and phases shape the report, never the score."""

from __future__ import annotations

import subprocess
import sys

import pytest

from experiment_tracking.audit import audit_with_validation
from experiment_tracking.focus import FocusError, parse_focus


def repo(tmp_path):
    files = {
        "projects/a/train.py": "import mlflow\nmlflow.log_params({'lr': 0.1})\n",
        "projects/b/train.py": "import wandb\nwandb.init(project='b', config={'lr': 0.1})\n",
        "requirements.txt": "mlflow==2.9.2\nwandb==0.16.1\n",
        "README.md": "# two projects\n",
    }
    for rel, text in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return tmp_path


def test_focus_words_are_classified(tmp_path):
    root = repo(tmp_path)
    focus = parse_focus(root, ["projects/a, mlflow", "reproducibility W&B"])
    assert focus.paths == ["projects/a"]
    assert focus.tools == ["mlflow", "wandb"]
    assert focus.phases == ["reproducibility"]
    with pytest.raises(FocusError, match="unknown focus 'blorp'"):
        parse_focus(root, ["blorp"])


def test_path_focus_reads_only_that_subtree_and_top_level_files(tmp_path):
    root = repo(tmp_path)
    result, text = audit_with_validation(root, parse_focus(root, ["projects/a"]))
    used = {d.tool for d in result.ctx.detections if d.present}
    assert used == {"mlflow"}
    assert "requirements.txt" in result.ctx.index.texts or any(
        d.path == "requirements.txt" for d in result.ctx.index.dependencies
    )
    assert "Focus: projects/a/" in text


def test_tool_and_phase_focus_keep_the_score(tmp_path):
    root = repo(tmp_path)
    whole, _ = audit_with_validation(root)
    focused, text = audit_with_validation(root, parse_focus(root, ["wandb", "parameters"]))
    assert focused.scorecard.total == whole.scorecard.total
    assert [f.rule_id for f in focused.findings] == [f.rule_id for f in whole.findings]
    assert "Focus on wandb; also in use: MLflow." in text
    # A phase focus deepens its phase and hides nothing elsewhere: passes of other phases stay.
    assert "In focus (parameters): every finding of this phase" in text
    assert "Outside the focus" not in text
    whole_text = _, plain = audit_with_validation(root)
    assert whole_text and text.count("- **PASS**") == plain.count("- **PASS**")


def test_cli_rejects_an_unknown_focus_in_one_line(tmp_path):
    root = repo(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "experiment_tracking", "audit", str(root), "--focus", "blorp"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "unknown focus 'blorp'" in proc.stderr
    assert not (root / "docs").exists()
