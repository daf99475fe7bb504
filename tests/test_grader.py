"""The agent-eval grader: evals.json is well-formed, and grading works on real output dirs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evals import grader  # noqa: E402

DOC = grader.load_evals()
EXAMPLE = (ROOT / "experiment_tracking/skill/references/example-report.md").read_text("utf-8")


def by_name(name: str) -> dict:
    return grader.find_eval(DOC, name)


def workspace(tmp_path: Path, case: str) -> Path:
    """The case as the agent sees it (no expected.yaml)."""
    ws = tmp_path / "ws"
    shutil.copytree(ROOT / "evals" / "cases" / case, ws, ignore=shutil.ignore_patterns("expected.yaml"))
    return ws


def run_ok(tmp_path: Path) -> tuple[Path, dict]:
    """A good run of the skill on sklearn-mlflow-registry: the case as a git repository (as
    `grader.py prepare` gives it to the agent), the helper's report at the default path (its
    citations hold in that tree) and its console block as the final message. The case raises no
    review question, so nothing is left to answer."""
    if shutil.which("git") is None:
        pytest.skip("git not available")
    ws = tmp_path / "ws"
    assert run_grader("prepare", "--eval", "sklearn-mlflow-registry", str(ws)).returncode == 0
    audit = subprocess.run(
        [sys.executable, "-m", "experiment_tracking", "audit", str(ws), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert audit.returncode == 0, audit.stderr
    (ws / "final_message.md").write_text(audit.stdout, encoding="utf-8")
    return ws, by_name("sklearn-mlflow-registry")


# ---- evals.json -----------------------------------------------------------------------------


def test_evals_json_is_well_formed():
    assert grader.lint(DOC) == []
    assert len(DOC["evals"]) >= 8
    trig = DOC["trigger_queries"]
    assert len(trig) >= 16 and sum(not t["should_trigger"] for t in trig) * 2 >= len(trig)
    prompts = " ".join(e["prompt"] for e in DOC["evals"])
    assert "/experiment-tracking projects/a mlflow" in prompts  # a focus argument
    names = {e["name"] for e in DOC["evals"]}
    assert {"empty-repo", "traps-and-secrets"} <= names


def test_score_ranges_agree_with_the_cases_expected_yaml():
    for ev in DOC["evals"]:
        case = grader.case_dir(ev)
        expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
        for c in ev["checks"]:
            if c["type"] == "score_in_range":
                assert [c["min"], c["max"]] == expected["score"]["total"], ev["name"]


def test_lint_reports_problems():
    bad = {
        "skill_name": "x",
        "evals": [{"id": 1, "files": ["evals/cases/nope/"], "checks": [{"type": "zzz", "text": "t"}]}],
        "trigger_queries": [{"query": "q", "should_trigger": True}],
    }
    problems = " | ".join(grader.lint(bad))
    for fragment in (
        "skill_name",
        "at least 8",
        "does not exist",
        "unknown check type",
        "not an expectation",
        "trigger queries",
        "near-misses",
    ):
        assert fragment in problems


# ---- grading --------------------------------------------------------------------------------


def test_a_good_run_passes_every_deterministic_expectation(tmp_path):
    ws, ev = run_ok(tmp_path)
    result = grader.grade(ws, ev, grader.find_transcript(ws, None))
    failed = [r for r in result["expectations"] if not r["passed"]]
    assert failed == []
    assert result["summary"] == {
        "passed": len(ev["checks"]),
        "failed": 0,
        "total": len(ev["checks"]),
        "pass_rate": 1.0,
    }
    assert result["skipped"] == []
    assert set(result["ungraded"]) == set(ev["expectations"]) - {c["text"] for c in ev["checks"]}
    for r in result["expectations"]:
        assert set(r) == {"text", "passed", "evidence"} and r["evidence"]


def test_damaged_runs_fail_the_right_expectations(tmp_path):
    ws, ev = run_ok(tmp_path)
    report = ws / "docs" / "experiment-tracking-analysis.md"
    text = report.read_text("utf-8")
    text = re.sub(r"\| Model Registry \| \w+ \| P\d \|", "| Model Registry | FAIL | P2 |", text)
    text = re.sub(r"\| Documentation \| \d/5", "| Documentation | 0/5", text, count=1)
    # a citation the agent made up: the line is past the end of the file
    text = text.replace("## Data Gaps\n", "## Data Gaps\n\n- See `src/churn/train.py:9999`.\n", 1)
    report.write_text(text, encoding="utf-8")
    (ws / "src" / "churn" / "train.py").write_text("# edited by the agent\n", encoding="utf-8")
    result = grader.grade(ws, ev, "no block here")
    failed = {r["text"]: r["evidence"] for r in result["expectations"] if not r["passed"]}
    valid = next(t for t in failed if "validates" in t)  # total vs sum, and the made-up citation
    assert "scorecard-total-mismatch" in failed[valid] or "evidence-line-out-of-range" in failed[valid]
    assert "The summary table rates Model Registry as PASS or WARN" in failed
    unchanged = next(t for t in failed if "changed no file" in t)
    assert "modified src/churn/train.py" in failed[unchanged]
    assert any("NEXT STEPS" in e for e in failed.values())


def test_missing_report_fails_cleanly_and_missing_transcript_is_skipped(tmp_path):
    ws = workspace(tmp_path, "bare-notebook")
    result = grader.grade(ws, by_name("bare-notebook"), None)
    assert result["summary"]["passed"] <= 2  # only "unchanged" and "no secrets" can pass
    exists = next(r for r in result["expectations"] if "exists" in r["text"])
    assert exists["passed"] is False
    assert [s["reason"] for s in result["skipped"]] == ["no transcript or final message given"]


def test_secrets_are_detected_without_being_printed(tmp_path):
    ws = workspace(tmp_path, "traps-and-secrets")
    ev = by_name("traps-and-secrets")
    secrets = grader.secrets_in(ROOT / "evals/cases/traps-and-secrets")
    assert {"AKIAIOSFODNN7EXAMPLE"} <= set(secrets)
    assert {w.split(":")[0] for w in secrets.values()} >= {".env", "deploy/id_rsa"}
    leaked = "AKIAIOSFODNN7EXAMPLE"
    report = EXAMPLE.replace("## Executive Summary\n", f"## Executive Summary\n\nKey {leaked}.\n")
    (ws / "docs").mkdir(exist_ok=True)
    (ws / "docs/experiment-tracking-analysis.md").write_text(report, encoding="utf-8")
    result = grader.grade(ws, ev, None)
    row = next(r for r in result["expectations"] if r["text"] == grader_text(ev, "no_secrets"))
    assert row["passed"] is False and ".env:4" in row["evidence"]
    assert leaked not in json.dumps(result)


def grader_text(ev: dict, kind: str) -> str:
    return next(c["text"] for c in ev["checks"] if c["type"] == kind)


@pytest.mark.parametrize(
    ("line", "claimed"),
    [
        ("| Weights & Biases | used | `src/train.py:3` |", True),
        ("- W&B: configured via `config/settings.yaml`", True),
        ("- W&B is only mentioned in `README.md` (not used)", False),
        ("| wandb | mentioned | `README.md:12` |", False),
    ],
)
def test_not_claimed_used(line, claimed):
    report = EXAMPLE.replace(
        "## Experiment Infrastructure Inventory\n", f"## Experiment Infrastructure Inventory\n\n{line}\n"
    )
    hits = grader.claimed_used(report, None, [r"wandb|w&b|weights (&|and) biases"])
    assert bool(hits) is claimed
    assert grader.claimed_used(EXAMPLE, "- Tracking tools identified: MLflow, W&B", ["w&b"])


def test_focus_and_data_gaps_checks(tmp_path):
    ws = workspace(tmp_path, "monorepo")
    report = EXAMPLE.replace("Focus: whole repository", "Focus: projects/a/, mlflow")
    (ws / "docs").mkdir(exist_ok=True)
    (ws / "docs/experiment-tracking-analysis.md").write_text(report, encoding="utf-8")
    result = grader.grade(ws, by_name("monorepo"), None)
    focus = next(r for r in result["expectations"] if r["text"].startswith("The report states its focus"))
    assert focus["passed"] and "projects/a/" in focus["evidence"]
    ws2 = tmp_path / "empty"
    ws2.mkdir()
    gappy = EXAMPLE.replace("| Model Registry | WARN | P2 |\n", "").replace(
        "None: every section was filled from the repository.",
        "- Model Registry: no registry calls or serving code exist; the data needed is the "
        "deployment repository or a registry export.",
    )
    (ws2 / "experiment-tracking-analysis.md").write_text(gappy, encoding="utf-8")
    result = grader.grade(ws2, by_name("empty-repo"), None)
    valid = next(r for r in result["expectations"] if "Data Gaps" in r["text"])
    assert valid["passed"] and "summary-area-missing" in valid["evidence"]


# ---- CLI ------------------------------------------------------------------------------------


def run_grader(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "evals" / "grader.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_cli_grade_writes_grading_json(tmp_path):
    ws, ev = run_ok(tmp_path)
    out = run_grader("grade", str(ws), "--eval", str(ev["id"]))
    assert out.returncode == 0, out.stdout + out.stderr
    data = json.loads((ws / "grading.json").read_text("utf-8"))
    assert data["summary"]["pass_rate"] == 1.0
    # grading.json inside the workspace does not count as a change on a second grading
    assert run_grader("grade", str(ws), "--eval", ev["name"]).returncode == 0
    (ws / "docs/experiment-tracking-analysis.md").unlink()
    assert run_grader("grade", str(ws), "--eval", ev["name"]).returncode == 1
    assert run_grader("grade", str(ws), "--eval", "nope").returncode == 2


def test_cli_triggers_lint_and_prepare(tmp_path):
    out = run_grader("triggers")
    assert json.loads(out.stdout) == DOC["trigger_queries"]
    assert run_grader("lint").returncode == 0
    if shutil.which("git") is None:
        pytest.skip("git not available")
    dest = tmp_path / "case"
    out = run_grader("prepare", "--eval", "empty-repo", str(dest))
    assert out.returncode == 0, out.stderr
    assert (dest / ".git").is_dir() and not (dest / "expected.yaml").exists()
    assert "prompt: /experiment-tracking" in out.stdout


# ---- the helper's own output ----------------------------------------------------------------


@pytest.mark.parametrize("case", ["sklearn-mlflow-registry", "traps-and-secrets", "empty-repo"])
def test_grader_on_the_helpers_own_report(tmp_path, case):
    """`experiment-tracking audit` on a case: the grader runs end to end on its output, the
    audit changed nothing but the report, and it never prints a committed secret."""
    ws = workspace(tmp_path, case)
    out = subprocess.run(
        [sys.executable, "-m", "experiment_tracking", "audit", str(ws)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if out.returncode not in (0, 1) or not (ws / grader.REPORT).is_file():
        pytest.skip(f"audit not usable yet: {out.stderr.strip()[-200:]}")
    (ws / "console.txt").write_text(out.stdout, encoding="utf-8")
    ev = by_name(case)
    result = grader.grade(ws, ev, grader.find_transcript(ws, None))
    rows = {r["text"]: r for r in result["expectations"]}
    assert all(isinstance(r["passed"], bool) and r["evidence"] for r in rows.values())
    assert rows[grader_text(ev, "report_exists")]["passed"]
    assert rows[grader_text(ev, "repo_unchanged")]["passed"], rows[grader_text(ev, "repo_unchanged")]
    assert rows[grader_text(ev, "no_secrets")]["passed"], rows[grader_text(ev, "no_secrets")]
