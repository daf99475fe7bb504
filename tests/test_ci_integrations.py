"""The pre-commit hook (run by the real `pre-commit`) and the GitHub Action's shell steps (run
locally with the GITHUB_* variables pointing at temporary files)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import GIT_ENV, git, make_git_repo

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "action" / "audit.sh"
TRAIN = "import mlflow\n\nwith mlflow.start_run():\n    mlflow.log_metric('loss', 0.1)\n"


def _repo(tmp_path: Path, gate: str = "") -> Path:
    files = {"train.py": TRAIN, "requirements.txt": "mlflow==2.9.0\n", "README.md": "# Demo\n"}
    if gate:
        files["pyproject.toml"] = f"[tool.experiment-tracking]\n{gate}\n"
    return make_git_repo(tmp_path, files)


def _env(**extra) -> dict:
    env = {**os.environ, **GIT_ENV, "PYTHONPATH": str(ROOT), "ET_PYTHON": sys.executable}
    env.update({k: str(v) for k, v in extra.items()})
    return env


# ------------------------------------------------------------------------------------------
# GitHub Action
# ------------------------------------------------------------------------------------------


def _outputs(path: Path) -> dict:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def _action_audit(repo: Path, tmp: Path, **inputs) -> tuple[subprocess.CompletedProcess, dict, Path]:
    gh_out, summary, runner = tmp / "github_output", tmp / "step_summary.md", tmp / "runner"
    runner.mkdir(exist_ok=True)
    gh_out.write_text("")
    env = _env(
        GITHUB_OUTPUT=gh_out, GITHUB_STEP_SUMMARY=summary, RUNNER_TEMP=runner, GITHUB_WORKSPACE=repo,
        GITHUB_ACTION_PATH=ROOT, **inputs,
    )  # fmt: skip
    proc = subprocess.run(["bash", str(SCRIPT), "audit"], cwd=repo, env=env, capture_output=True, text=True)
    return proc, _outputs(gh_out), summary


def test_action_audit_writes_sarif_summary_and_records_a_failed_gate(tmp_path):
    repo = _repo(tmp_path / "repo", 'fail-on = "fail"')
    proc, out, summary = _action_audit(repo, tmp_path)
    assert proc.returncode == 0, proc.stderr  # the audit step records the gate; SARIF upload comes first
    assert out["gate"] == "1"
    doc = json.loads(Path(out["json"]).read_text())
    assert out["score"] == str(doc["scorecard"]["total"])
    sarif = json.loads(Path(out["sarif"]).read_text())
    assert Path(out["sarif"]) == repo / "experiment-tracking.sarif"
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    text = summary.read_text()
    assert f"Reproducibility score: **{doc['scorecard']['total']}/30**" in text
    assert "| Dimension | Score |" in text and "| Area | Status | Priority |" in text
    for row in doc["summary"]:
        assert f"| {row['area']} | {row['status']} | {row['priority']} |" in text
    assert "**Gate failed:**" in text
    assert not (repo / "docs" / "experiment-tracking-analysis.md").exists()  # no report unless asked
    gate = subprocess.run(
        ["bash", str(SCRIPT), "gate"], env=_env(ET_GATE=out["gate"]), capture_output=True, text=True
    )
    assert gate.returncode == 1 and "the gate failed" in gate.stdout


def test_action_gate_passes_with_inputs_and_a_baseline(tmp_path):
    repo = _repo(tmp_path / "repo", 'fail-on = "fail"')
    first, out, _ = _action_audit(repo, tmp_path)
    baseline = tmp_path / "base.json"
    shutil.copy(out["json"], baseline)
    # against its own baseline nothing got worse, so the config's absolute gate does not apply
    proc, out2, summary = _action_audit(repo, tmp_path, ET_BASELINE=baseline, ET_REPORT="docs/et.md")
    assert proc.returncode == 0, proc.stderr
    assert out2["gate"] == "0"
    assert "### Against the baseline" in summary.read_text() and "Gate passed." in summary.read_text()
    assert (repo / "docs" / "et.md").exists()
    gate = subprocess.run(["bash", str(SCRIPT), "gate"], env=_env(ET_GATE=out2["gate"]), capture_output=True)
    assert gate.returncode == 0
    proc, out3, _ = _action_audit(repo, tmp_path, ET_FAIL_UNDER=30)
    assert out3["gate"] == "1"


def test_action_reports_an_audit_that_cannot_run(tmp_path):
    proc, out, _ = _action_audit(tmp_path, tmp_path, ET_PATH=tmp_path / "missing")
    assert proc.returncode == 2 and "::error" in proc.stdout and "gate" not in out


def test_action_yml_runs_the_tested_script():
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    shell_steps = [s for s in steps if "run" in s]
    assert [s["run"].split()[-1] for s in shell_steps] == ["install", "audit", "gate"]
    assert all('"$GITHUB_ACTION_PATH/action/audit.sh"' in s["run"] for s in shell_steps)
    upload = [s for s in steps if "upload-sarif" in s.get("uses", "")][0]
    assert "always()" in upload["if"]
    assert steps.index(upload) < steps.index(shell_steps[-1])  # SARIF is uploaded before the gate fails
    used = set(re.findall(r"inputs\.([\w-]+)", (ROOT / "action.yml").read_text()))
    assert used and used <= set(action["inputs"])


def test_action_install_step_installs_the_cli(tmp_path):
    """The install step, into a fresh virtual environment, from a copy of this checkout."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    src = _product_copy(tmp_path / "action-src")
    env = {k: v for k, v in _env(ET_PYTHON=py, GITHUB_ACTION_PATH=src).items() if k != "PYTHONPATH"}
    proc = subprocess.run(
        ["bash", str(SCRIPT), "install"], env=env, capture_output=True, text=True, timeout=600
    )
    if proc.returncode != 0 and "No matching distribution" in proc.stderr + proc.stdout:
        pytest.skip("the package index is not reachable")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "experiment-tracking" in proc.stdout
    assert (venv / "bin" / "experiment-tracking").exists()


# ------------------------------------------------------------------------------------------
# pre-commit
# ------------------------------------------------------------------------------------------


def _product_copy(dest: Path) -> Path:
    """This checkout's package and hook definitions as a one-commit git repository."""
    dest.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "action.yml"):
        shutil.copy(ROOT / name, dest / name)
    shutil.copytree(
        ROOT / "experiment_tracking",
        dest / "experiment_tracking",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copytree(ROOT / "action", dest / "action")
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "hook source")
    return dest


@pytest.fixture(scope="module")
def hook_source(tmp_path_factory):
    pytest.importorskip("pre_commit", reason="pre-commit is in the test extra")
    base = tmp_path_factory.mktemp("pre-commit")
    return _product_copy(base / "hook-src"), base / "home"


def _pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in _env(PRE_COMMIT_HOME=home).items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_hooks_file_declares_the_hook():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = {h["id"]: h for h in hooks}["experiment-tracking"]
    assert hook["entry"].split()[:3] == ["experiment-tracking", "audit", "--no-report"]
    assert hook["language"] == "python" and hook["pass_filenames"] is False


def test_pre_commit_try_repo_fails_and_passes_by_the_repositorys_gate(tmp_path, hook_source):
    src, home = hook_source
    failing = _repo(tmp_path / "failing", "fail-under = 30")
    proc = _pre_commit(failing, home, "try-repo", str(src), "experiment-tracking", "--all-files")
    if proc.returncode not in (0, 1):
        pytest.fail(proc.stdout[-3000:] + proc.stderr[-3000:])
    assert proc.returncode == 1, proc.stdout[-3000:]
    assert "gate failed: score" in proc.stdout and "below --fail-under 30" in proc.stdout
    assert not (failing / "docs").exists()  # no report unless configured
    passing = _repo(tmp_path / "passing", "fail-under = 0")
    proc = _pre_commit(passing, home, "try-repo", str(src), "experiment-tracking", "--all-files")
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "Passed" in proc.stdout
    assert not (passing / "docs").exists()


def test_pre_commit_config_with_report_args_writes_the_report(tmp_path, hook_source):
    src, home = hook_source
    repo = _repo(tmp_path / "repo", "fail-under = 0")
    rev = git(src, "rev-parse", "HEAD").strip()
    config = {
        "repos": [
            {
                "repo": str(src),
                "rev": rev,
                "hooks": [
                    {"id": "experiment-tracking", "args": ["-o", "docs/experiment-tracking-analysis.md"]}
                ],
            }
        ]
    }
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    git(repo, "add", "-A")
    proc = _pre_commit(repo, home, "run", "--all-files")
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert (
        (repo / "docs" / "experiment-tracking-analysis.md")
        .read_text()
        .startswith("# Experiment Tracking Analysis")
    )
