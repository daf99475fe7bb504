"""`audit --baseline OLD.json` and `diff OLD.json NEW.json` on real before/after audits."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import git, make_git_repo

from experiment_tracking.baseline import compare, match
from experiment_tracking.cli import main

TRAIN = """import random

import mlflow
import numpy as np


def main(lr=0.01, seed=42):
    random.seed(seed)
    np.random.seed(seed)
    with mlflow.start_run():
        mlflow.log_params({"lr": lr, "seed": seed})
        noise = np.random.rand(10)
        mlflow.log_metric("loss", 0.1 + float(noise.mean()))


if __name__ == "__main__":
    main()
"""
FILES = {
    "train.py": TRAIN,
    "requirements.txt": "mlflow==2.9.0\nnumpy==1.26.0\n",
    "README.md": "# Churn\n\nRun `python train.py`.\n",
}
SHIFT = "# a header comment\n# that moves every line down\n\n"


def _audit_json(repo, out) -> dict:
    assert main(["audit", str(repo), "--format", "json", "-o", str(out), "--quiet"]) == 0
    return json.loads(out.read_text())


@pytest.fixture(scope="module")
def audits(tmp_path_factory):
    """The same repository before, after a pure line shift, and after two regressions."""
    base = tmp_path_factory.mktemp("baseline")
    repo = make_git_repo(base / "repo", FILES)
    old = _audit_json(repo, base / "old.json")
    (repo / "train.py").write_text(SHIFT + TRAIN)
    git(repo, "commit", "-qam", "shift")
    shifted = _audit_json(repo, base / "shifted.json")
    worse_repo = base / "worse"
    shutil.copytree(repo, worse_repo)
    (worse_repo / "train.py").write_text(
        SHIFT + TRAIN.replace("    random.seed(seed)\n    np.random.seed(seed)\n", "")
    )
    (worse_repo / "requirements.txt").write_text("mlflow\nnumpy\n")
    git(worse_repo, "commit", "-qam", "unpin, unseed")
    worse = _audit_json(worse_repo, base / "worse.json")
    return {
        "base": base,
        "repo": repo,
        "worse_repo": worse_repo,
        "old": old,
        "shifted": shifted,
        "worse": worse,
    }


def test_a_line_shift_is_not_a_change(audits):
    old, new = audits["old"], audits["shifted"]
    # the shift really moved evidence lines, so a line-exact match would have failed
    lines = lambda d: {(f["rule_id"], e["line"]) for f in d["findings"] for e in f["evidence"]}  # noqa: E731
    assert lines(old) != lines(new)
    c = compare(old, new)
    assert not c.worse and not c.better and not c.regressed
    assert c.unchanged == len(new["findings"])


def test_regressions_are_named(audits):
    c = compare(audits["old"], audits["worse"])
    worse = {(ch.rule_id, ch.before, ch.after) for ch in c.worse}
    assert ("ET401", "PASS", "FAIL") in worse  # seeds no longer set
    assert ("ET410", "PASS", "FAIL") in worse  # dependencies no longer pinned
    assert "environment_capture" in c.dropped and "total" in c.dropped
    assert c.regressed


def test_audit_with_baseline_fails_only_when_worse(audits, capsys):
    base = audits["base"]
    assert main(["audit", str(audits["repo"]), "--baseline", str(base / "old.json"), "-o", "-"]) == 0
    assert "same as baseline" in capsys.readouterr().err
    code = main(["audit", str(audits["worse_repo"]), "--baseline", str(base / "old.json"), "-o", "-"])
    err = capsys.readouterr().err
    assert code == 1
    assert "worse than baseline: ET401 PASS -> FAIL" in err
    assert "worse than baseline: Environment capture dropped from 2 to 1" in err


def test_audit_with_baseline_says_what_improved(audits, capsys):
    code = main(["audit", str(audits["repo"]), "--baseline", str(audits["base"] / "worse.json"), "-o", "-"])
    err = capsys.readouterr().err
    assert code == 0
    assert "better than baseline: ET401 FAIL -> PASS" in err
    assert "better than baseline: total score rose from" in err


def test_baseline_replaces_the_absolute_gate_of_the_config(tmp_path, capsys):
    """A repository whose pyproject gate fails on every WARN passes against an equal baseline."""
    files = {**FILES, "pyproject.toml": '[tool.experiment-tracking]\nfail-on = "warn"\n'}
    repo = make_git_repo(tmp_path / "r", files)
    assert main(["audit", str(repo), "--format", "json", "-o", str(tmp_path / "b.json"), "--quiet"]) == 1
    capsys.readouterr()
    assert main(["audit", str(repo), "--baseline", str(tmp_path / "b.json"), "-o", "-", "--quiet"]) == 0
    # an explicit flag still applies
    assert (
        main(["audit", str(repo), "--baseline", str(tmp_path / "b.json"), "-o", "-", "--fail-on", "warn"])
        == 1
    )


def test_diff_prints_markdown_for_a_pull_request(audits, capsys):
    base = audits["base"]
    assert main(["diff", str(base / "old.json"), str(base / "worse.json")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Experiment tracking: change against the baseline")
    assert f"**{audits['old']['scorecard']['total']} → {audits['worse']['scorecard']['total']}/30**" in out
    assert "| Environment capture | 2 |" in out and "▼" in out
    assert "### Got worse" in out and "| ET401 | PASS | FAIL |" in out
    assert main(["diff", str(base / "old.json"), str(base / "worse.json"), "--check"]) == 1
    assert main(["diff", str(base / "old.json"), str(base / "shifted.json"), "--check"]) == 0
    assert "No regression against the baseline." in capsys.readouterr().out
    assert main(["diff", str(base / "worse.json"), str(base / "old.json"), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert not doc["regressed"] and {c["rule_id"] for c in doc["better"]} >= {"ET401", "ET410"}


def test_bad_baseline_is_a_usage_error(tmp_path, capsys, audits):
    (tmp_path / "x.json").write_text('{"truncated": ')
    assert main(["diff", str(tmp_path / "x.json"), str(audits["base"] / "old.json")]) == 2
    assert "not JSON" in capsys.readouterr().err
    (tmp_path / "y.json").write_text("[1, 2]")
    assert main(["audit", str(audits["repo"]), "--baseline", str(tmp_path / "y.json")]) == 2
    assert "not an `experiment-tracking audit --format json` document" in capsys.readouterr().err
    assert main(["diff", str(tmp_path / "missing.json"), str(tmp_path / "y.json")]) == 2


def test_several_findings_of_one_rule_pair_by_where_they_point():
    def f(status, path, line, detail="x"):
        return {
            "rule_id": "ET999",
            "status": status,
            "title": "t",
            "evidence": [{"path": path, "line": line, "detail": detail}],
        }

    old = [f("PASS", "a.py", 3), f("WARN", "b.py", 9)]
    new = [f("WARN", "b.py", 40), f("FAIL", "a.py", 7)]  # reordered and shifted; a.py got worse
    pairs, left_old, left_new = match(old, new)
    assert not left_old and not left_new
    assert {(a["evidence"][0]["path"], a["status"], b["status"]) for a, b in pairs} == {
        ("a.py", "PASS", "FAIL"),
        ("b.py", "WARN", "WARN"),
    }
    c = compare({"findings": old}, {"findings": new + [f("WARN", "c.py", 1)]})
    assert [(x.rule_id, x.before, x.after, x.where) for x in c.worse] == [
        ("ET999", "PASS", "FAIL", "a.py:7"),
        ("ET999", None, "WARN", "c.py:1"),
    ]


def test_a_baseline_kept_in_the_tree_is_not_evidence(audits, capsys, tmp_path):
    """The JSON audit names every tool it checked; inside the tree it must not read as mentions."""
    repo = make_git_repo(tmp_path / "r", FILES)
    shutil.copy(audits["base"] / "worse.json", repo / "base.json")
    out = tmp_path / "now.json"
    assert (
        main(["audit", str(repo), "--baseline", str(repo / "base.json"), "--format", "json", "-o", str(out)])
        == 0
    )
    tools = {d["tool"] for d in json.loads(out.read_text())["detections"]}
    assert tools == {"mlflow"}
