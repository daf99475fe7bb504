"""Audits against a real `mlflow server`: runs of every kind join the catalogue and the linkage."""

from __future__ import annotations

import json

import pytest

from experiment_tracking.cli import main

from .conftest import FOREIGN_COMMIT


def audit_json(capsys, repo, *extra) -> dict:
    code = main(["audit", str(repo), "--format", "json", *extra])
    out = capsys.readouterr().out
    assert code == 0, out[-500:]
    return json.loads(out)


@pytest.fixture(scope="module")
def server_audit(mlflow_world, tmp_path_factory):
    """One audit of the filled server, as JSON and Markdown (read once, shared by the tests)."""
    out = tmp_path_factory.mktemp("server-audit")
    code = main(
        [
            "audit", str(mlflow_world["repo"]), "--tracking-uri", mlflow_world["url"], "--quiet",
            "-o", str(out / "report.md"), "--json-file", str(out / "audit.json"),
        ]
    )  # fmt: skip
    assert code == 0
    return json.loads((out / "audit.json").read_text()), (out / "report.md").read_text()


def server_runs(doc) -> dict:
    return {r["name"]: r for r in doc["catalog"]["runs"] if r["store"] == "mlflow_server"}


def test_every_run_is_read_with_its_facts(server_audit, mlflow_world):
    doc, _ = server_audit
    runs = server_runs(doc)
    assert set(runs) == {
        "ours-1", "ours-2", "foreign", "no-commit", "failed", "deleted", "in-deleted-experiment", "newest",
    }  # fmt: skip
    assert runs["ours-1"]["run_id"] == mlflow_world["ids"]["ours-1"]
    assert runs["ours-1"]["experiment"] == "churn-train"
    assert runs["ours-1"]["params"] == 2 and runs["ours-1"]["metrics"] == 1
    assert runs["ours-1"]["seed"] == "7"
    assert runs["ours-1"]["data_digests"] == ["d1g35t01"]
    assert runs["ours-1"]["start_time"] and runs["ours-1"]["end_time"]
    assert runs["failed"]["status"] == "failed" and runs["ours-1"]["status"] == "finished"
    assert runs["deleted"]["deleted"] and runs["in-deleted-experiment"]["deleted"]
    assert not runs["ours-1"]["deleted"]
    # The logged model (READY) of the newest run: a model artifact with its environment.
    assert runs["newest"]["model_artifact"] and runs["newest"]["env_captured"]
    assert runs["ours-1"]["model_artifact"]  # a registered version names it
    assert not runs["no-commit"]["model_artifact"]


def test_commits_are_checked_against_this_history(server_audit, mlflow_world):
    doc, _ = server_audit
    runs = server_runs(doc)
    assert runs["ours-1"]["git_commit"] == mlflow_world["commit"]
    assert runs["ours-1"]["commit_status"] == "reachable"
    assert runs["ours-2"]["commit_status"] == "reachable"  # an abbreviated commit resolves too
    assert runs["foreign"]["git_commit"] == FOREIGN_COMMIT
    assert runs["foreign"]["commit_status"] != "reachable"
    assert runs["no-commit"]["git_commit"] is None and runs["no-commit"]["commit_status"] is None
    stats = {s["store"]: s for s in doc["linkage"]["stores"]}["mlflow_server"]
    # 6 active runs (deleted ones left out): 5 record a commit, one of them foreign.
    assert stats["runs"] == 6 and stats["deleted"] == 2
    assert stats["with_commit_pct"] == round(100 * 5 / 6)
    assert stats["commits_not_in_history"] == 1
    assert stats["status_counts"]["failed"] == 1


def test_registry_versions_aliases_and_stages(server_audit):
    doc, _ = server_audit
    models = [m for m in doc["catalog"]["registered_models"] if m["store"] == "mlflow_server"]
    assert [m["name"] for m in models] == ["churn"]
    assert models[0]["versions"] == 2
    assert models[0]["aliases"] == {"champion": "2"}
    assert models[0]["stages"] == {"Staging": 1}
    store = [s for s in doc["catalog"]["stores"] if s["family"] == "mlflow_server"][0]
    assert store["runs"] == 8 and store["logged_models"] == 1 and store["sampled"] is False
    assert {e["name"] for e in doc["catalog"]["experiments"] if e["store"] == "mlflow_server"} >= {
        "churn-train",
        "abandoned",
    }
    # the registry rules see the server's registry
    by_rule = {f["rule_id"]: f for f in doc["findings"]}
    promo = [f for f in doc["findings"] if "aliases/stages recorded in the registry" in json.dumps(f)]
    assert promo, sorted(by_rule)


def test_report_says_what_share_of_server_runs_this_repository_made(server_audit, mlflow_world):
    _, md = server_audit
    # 4 of the 6 active runs record a commit of this repository (ours-1, ours-2, failed, newest).
    assert "6 runs on the server: 67% record a commit of this repository" in md
    assert mlflow_world["url"] in md
    assert "champion" in md and "Staging" in md


def test_max_runs_reads_the_newest_and_says_it_sampled(capsys, mlflow_world):
    doc = audit_json(capsys, mlflow_world["repo"], "--tracking-uri", mlflow_world["url"], "--max-runs", "2")
    names = set(server_runs(doc))
    assert names == {"newest", "in-deleted-experiment"}
    store = [s for s in doc["catalog"]["stores"] if s["family"] == "mlflow_server"][0]
    assert store["sampled"] is True
    notes = [n for n in doc["notes"] if n["kind"] == "server-sampled"]
    assert notes and "newest 2 runs" in notes[0]["detail"] and "--max-runs 2" in notes[0]["detail"]


def test_a_budget_that_holds_every_run_is_not_called_a_sample(capsys, mlflow_world):
    doc = audit_json(capsys, mlflow_world["repo"], "--tracking-uri", mlflow_world["url"], "--max-runs", "8")
    store = [s for s in doc["catalog"]["stores"] if s["family"] == "mlflow_server"][0]
    assert store["runs"] == 8 and store["sampled"] is False
    assert not [n for n in doc["notes"] if n["kind"] == "server-sampled"]


def test_online_takes_the_uri_from_the_environment(capsys, mlflow_world, monkeypatch):
    monkeypatch.setenv("MLFLOW_TRACKING_URI", mlflow_world["url"])
    doc = audit_json(capsys, mlflow_world["repo"], "--online")
    store = [s for s in doc["catalog"]["stores"] if s["family"] == "mlflow_server"][0]
    assert store["origin"] == "MLFLOW_TRACKING_URI in the environment"
    assert store["runs"] == 8


def test_without_the_flags_the_server_is_never_contacted(capsys, mlflow_world, monkeypatch):
    monkeypatch.setenv("MLFLOW_TRACKING_URI", mlflow_world["url"])
    doc = audit_json(capsys, mlflow_world["repo"])
    assert not [s for s in doc["catalog"]["stores"] if s["family"] == "mlflow_server"]
    assert not [r for r in doc["catalog"]["runs"] if r["store"] == "mlflow_server"]
