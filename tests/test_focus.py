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


def test_path_focus_keeps_what_describes_every_subtree(tmp_path):
    root = repo(tmp_path)
    extra = {
        ".github/workflows/ci.yml": "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n",
        "bin/train.sh": "python projects/a/train.py\n",
        "doc/usage.md": "# usage\n",
        "projects/pyproject.toml": "[project]\nname = 'p'\n",
        "projects/b/README.md": "# b\n",
        "other/train.py": "print(1)\n",
    }
    for rel, text in extra.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    result, _ = audit_with_validation(root, parse_focus(root, ["projects/a"]))
    kept = {f.path for f in result.ctx.inventory.files}
    assert {".github/workflows/ci.yml", "bin/train.sh", "doc/usage.md", "projects/pyproject.toml"} <= kept
    assert not {"projects/b/README.md", "projects/b/train.py", "other/train.py"} & kept


@pytest.mark.parametrize(
    "typed, phases, tools",
    [
        ("training pipeline", ["pipelines"], []),
        ("hyperparameter tuning", ["parameters"], []),
        ("Hyper-Parameters sweeps", ["parameters"], []),
        ("tracking", ["discovery", "metrics"], []),
        ("seeds data", ["reproducibility", "discovery"], []),
        ("environment registry metrics", ["reproducibility", "pipelines", "metrics"], []),
        ("W&B, optuna", [], ["wandb", "optuna"]),
    ],
)
def test_words_people_type(tmp_path, typed, phases, tools):
    focus = parse_focus(repo(tmp_path), [typed])
    assert focus.phases == phases and focus.tools == tools
    assert focus.typed == typed.replace(",", " ").split()
    assert all(w in focus.describe() for w in focus.typed)


def test_the_tool_list_is_the_detectors(tmp_path):
    from experiment_tracking.detect.signatures import SIGNATURES
    from experiment_tracking.focus import TOOLS

    assert set(TOOLS) == {s.tool for s in SIGNATURES}


def test_an_unknown_word_suggests_and_lists_everything(tmp_path):
    with pytest.raises(FocusError) as err:
        parse_focus(repo(tmp_path), ["hyperparamter"])
    msg = str(err.value)
    assert "Did you mean 'hyperparameter'" in msg
    for word in ("tuning", "training", "seed", "mlflow", "governance"):
        assert word in msg
