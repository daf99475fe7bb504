"""The seed's self-healing validation and telemetry, end to end through the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from experiment_tracking.audit import audit_with_validation
from experiment_tracking.telemetry import project_dir_name


def git_repo(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "HOME": str(root),
        "PATH": "/usr/bin:/bin",
    }
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "init"]):
        subprocess.run(cmd, cwd=root, check=True, env=env)
    return root


def test_ignored_code_is_found_by_the_second_iteration(tmp_path):
    root = git_repo(
        tmp_path / "repo",
        {
            ".gitignore": "src/\n",
            "README.md": "# demo\n",
            "src/train.py": "import mlflow\nmlflow.log_param('lr', 0.1)\n",
        },
    )
    result, text = audit_with_validation(root)
    assert result.validation["iterations"] == 1
    assert result.validation["self_healed"] is True
    assert result.validation["gaps"] == []
    assert any(d.tool == "mlflow" and d.usage == "used" for d in result.ctx.detections)
    assert "Self-healed in 1 iteration(s)" in text
    assert "`src/train.py`" in text


def test_a_complete_report_needs_no_iteration(tmp_path):
    root = git_repo(tmp_path / "repo", {"train.py": "import wandb\nwandb.init(project='p')\n"})
    result, _ = audit_with_validation(root)
    assert result.validation == {
        "iterations": 0,
        "self_healed": False,
        "healed": "",
        "gaps": [],
        "runs": [],
        "not_widenable": [],
    }


def test_gaps_that_remain_are_flagged_with_the_data_needed(tmp_path):
    root = git_repo(tmp_path / "repo", {"README.md": "# only prose\n"})
    result, text = audit_with_validation(root)
    assert result.validation["iterations"] == 2
    assert not result.validation["self_healed"]
    codes = [g["code"] for g in result.validation["gaps"]]
    assert codes == ["no-code"]
    # Both widenings were tried; neither found a file to read, so nothing was re-run.
    runs = result.validation["runs"]
    assert [(r["iteration"], r["admitted"], r["reran"]) for r in runs] == [
        (1, 0, ["inventory"]),
        (2, 0, ["inventory"]),
    ]
    data_gaps = text.split("## Data Gaps", 1)[1]
    assert "Still incomplete after 2 validation iteration(s)" in data_gaps
    assert "Needed: the training code" in data_gaps


def test_audit_telemetry_appends_one_entry_only_where_memory_exists(tmp_path):
    root = git_repo(tmp_path / "repo", {"train.py": "import wandb\nwandb.init(project='p')\n"})
    config = tmp_path / "claude"
    env = {"CLAUDE_CONFIG_DIR": str(config), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    cmd = [sys.executable, "-m", "experiment_tracking", "audit", str(root), "--telemetry", "--quiet"]
    # No memory directory: nothing is created anywhere.
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert not config.exists()
    # With the project's memory directory, exactly one entry in the seed's format is appended.
    mem = config / "projects" / project_dir_name(root) / "memory"
    mem.mkdir(parents=True)
    (mem / "skill-telemetry.md").write_text("# existing notes\n", encoding="utf-8")
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    body = (mem / "skill-telemetry.md").read_text(encoding="utf-8")
    assert body.startswith("# existing notes\n")
    assert body.count("### /experiment-tracking — ") == 1
    assert "- Outcome: SUCCESS" in body and "- Iterations used: 0 / 2" in body


def test_project_templates_are_flagged_in_data_gaps(tmp_path):
    root = git_repo(
        tmp_path / "tpl",
        {
            "cookiecutter.json": '{"project": "x"}\n',
            "{{cookiecutter.project}}/train.py": "import mlflow\nmlflow.log_param('a', 1)\n",
        },
    )
    _, text = audit_with_validation(root)
    assert "This is a project template (cookiecutter/copier)" in text.split("## Data Gaps", 1)[1]


def test_a_heal_iteration_parses_only_the_files_it_admits(tmp_path):
    from experiment_tracking.audit import audit_dict, run_audit

    files = {".gitignore": "src/\n", "README.md": "# demo\n"}
    files.update({f"conf/model_{i}.yaml": f"lr: 0.{i + 1}\nlayers: {i}\n" for i in range(5)})
    files["src/train.py"] = "import mlflow\nmlflow.log_param('lr', 0.1)\n"
    root = git_repo(tmp_path / "repo", files)
    result, _ = audit_with_validation(root, cache=False)
    (run,) = result.validation["runs"]
    assert run["admitted_files"] == ["src/train.py"] and run["admitted"] == 1
    assert run["parsed"] == 1  # the files read before were reused, not parsed again
    assert "index" in run["reran"] and "runs" not in run["reran"]  # no run store changed
    assert result.ctx.index.stats.reused >= 6
    # The incremental pass reports exactly what a full wider audit reports.
    full = run_audit(root, expand=1, cache=False)
    mine, theirs = audit_dict(result), audit_dict(full)
    for key in ("detections", "findings", "scorecard", "notes", "run_records"):
        assert mine[key] == theirs[key], key


def test_gaps_wider_discovery_cannot_close_go_straight_to_data_gaps(tmp_path):
    # A project template: its paths hold '{{...}}', which the report must cite as they are.
    root = git_repo(
        tmp_path / "tpl",
        {
            "README.md": "# t\n",
            "{{cookiecutter.repo_name}}/src/train.py": "import mlflow\nmlflow.log_param('lr', 0.1)\n",
        },
    )
    result, text = audit_with_validation(root)
    assert result.validation["iterations"] == 0 and result.validation["runs"] == []
    assert "placeholder-text" in result.validation["not_widenable"]
    assert "placeholder-text" in {g["code"] for g in result.validation["gaps"]}
    assert "## Data Gaps" in text


def test_a_heal_iteration_with_the_cache_stores_what_it_admits(tmp_path):
    """The pack is released after each index and read again by the heal pass: a second audit
    of the same tree, heal iteration included, parses nothing."""
    from experiment_tracking.audit import audit_dict

    files = {".gitignore": "src/\n", "README.md": "# demo\n", "conf/model.yaml": "lr: 0.1\n"}
    files["src/train.py"] = "import mlflow\nmlflow.log_param('lr', 0.1)\n"
    root = git_repo(tmp_path / "repo", files)
    store = tmp_path / "cache"
    cold, cold_text = audit_with_validation(root, cache=store)
    assert cold.validation["runs"][0]["admitted_files"] == ["src/train.py"]
    warm, warm_text = audit_with_validation(root, cache=store)
    assert warm.validation["runs"][0]["parsed"] == 0
    assert warm.ctx.index.stats.cached == 1 and warm.ctx.index.stats.parsed == 0
    assert warm_text == cold_text and audit_dict(warm)["findings"] == audit_dict(cold)["findings"]
