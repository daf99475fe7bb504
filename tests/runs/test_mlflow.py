"""MLflow file and SQL stores written by mlflow itself, including failed, killed and deleted runs."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest

from experiment_tracking.runs.mlflow_files import parse_meta

from .conftest import catalog_of, init_repo, run_script

GEN = """
import os, sys, mlflow
from mlflow.entities import Dataset, DatasetInput, InputTag
uri = sys.argv[1] if len(sys.argv) > 1 else os.environ["URI"]
mlflow.set_tracking_uri(uri)
client = mlflow.MlflowClient()
mlflow.set_experiment("exp1")
with mlflow.start_run(run_name="good") as good:
    mlflow.log_param("seed", 42)
    mlflow.log_param("lr", 0.1)
    for i in range(3):
        mlflow.log_metric("loss", 1.0 / (i + 1), step=i)
    mlflow.log_metric("acc", 0.9)
    client.log_inputs(good.info.run_id, datasets=[DatasetInput(
        Dataset("train", "d1g357", "local", '{"uri": "data/train.csv"}'),
        tags=[InputTag("mlflow.data.context", "training")])])
    open("requirements.txt", "w").write("numpy\\n")
    mlflow.log_artifact("requirements.txt", artifact_path="model")
    mlflow.initialize_logged_model(name="m")
    with mlflow.start_run(run_name="child", nested=True):
        mlflow.log_metric("m", 1)
client.create_registered_model("regm")
client.create_model_version("regm", f"runs:/{good.info.run_id}/model", good.info.run_id)
try:
    with mlflow.start_run(run_name="bad"):
        mlflow.log_param("a", 1)
        raise RuntimeError("boom")
except RuntimeError:
    pass
r = mlflow.start_run(run_name="gone")
mlflow.end_run()
client.delete_run(r.info.run_id)
eid = client.create_experiment("trashed")
with mlflow.start_run(experiment_id=eid):
    mlflow.log_param("k", "v")
client.delete_experiment(eid)
mlflow.set_experiment("exp1")
mlflow.start_run(run_name="killed")
mlflow.log_param("z", 1)
os._exit(0)
"""


@pytest.fixture(scope="module")
def mlflow_repo(stores_home):
    pytest.importorskip("mlflow")
    repo = stores_home / "mlflow"
    head = init_repo(repo)
    run_script(repo, GEN, env={"MLFLOW_ALLOW_FILE_STORE": "true", "URI": f"file://{repo}/mlruns"})
    run_script(repo, GEN, env={"URI": "sqlite:///mlflow.db"})
    (repo / "requirements.txt").unlink()
    cat, link = catalog_of(repo)
    return repo, head, cat, link


@pytest.mark.parametrize("store", ["mlflow", "mlflow_sql"])
def test_lifecycle_states(mlflow_repo, store):
    _, head, cat, _ = mlflow_repo
    runs = {r.name: r for r in cat.runs if r.store == store}
    assert set(runs) >= {"good", "child", "bad", "gone", "killed"}
    assert runs["good"].status == "finished"
    assert runs["bad"].status == "failed"
    # A hard-killed run never gets its end: still RUNNING, no end time.
    assert runs["killed"].status == "running" and runs["killed"].end_time is None
    assert runs["gone"].deleted and not runs["good"].deleted
    trashed = [r for r in cat.runs if r.store == store and r.experiment == "trashed"]
    assert len(trashed) == 1 and trashed[0].deleted
    assert runs["child"].parent_run == runs["good"].run_id
    assert all(r.git_commit == head for r in runs.values())


@pytest.mark.parametrize("store", ["mlflow", "mlflow_sql"])
def test_run_facts(mlflow_repo, store):
    _, _, cat, _ = mlflow_repo
    good = next(r for r in cat.runs if r.store == store and r.name == "good")
    assert good.params == 2 and good.metrics == 2
    assert good.seed == "42"
    assert good.data_digests == ["d1g357"]
    assert good.model_artifact
    assert good.commit_status == "reachable"
    assert good.start_time.endswith("Z")


def test_file_store_environment_from_artifacts(mlflow_repo):
    _, _, cat, _ = mlflow_repo
    good = next(r for r in cat.runs if r.store == "mlflow" and r.name == "good")
    assert good.env_captured and good.recreatable


def test_experiments_and_registry(mlflow_repo):
    _, _, cat, _ = mlflow_repo
    for store in ("mlflow", "mlflow_sql"):
        exps = {e["name"]: e for e in cat.experiments if e["store"] == store}
        assert exps["trashed"]["deleted"] and not exps["exp1"]["deleted"]
        assert exps["exp1"]["runs"] == 5
        models = [m for m in cat.registered_models if m["store"] == store]
        assert [(m["name"], m["versions"]) for m in models] == [("regm", 1)]
    stores = {(s["family"], s["path"]): s["runs"] for s in cat.stores}
    assert stores[("mlflow", "mlruns")] == 6 and stores[("mlflow_sql", "mlflow.db")] == 6


def test_paths_are_relative_and_output_is_json(mlflow_repo):
    repo, _, cat, link = mlflow_repo
    data = json.dumps(cat.to_dict()) + json.dumps(link.to_dict())
    assert str(repo) not in data
    assert all(not r.path.startswith("/") for r in cat.runs)
    assert [(r.store, r.path, r.run_id) for r in cat.runs] == sorted(
        (r.store, r.path, r.run_id) for r in cat.runs
    )


def test_linkage_stats(mlflow_repo):
    _, _, _, link = mlflow_repo
    stats = {s["store"]: s for s in link.stores}
    # 6 runs per store, 2 deleted -> 4 active, all with the reachable HEAD commit.
    assert stats["mlflow"]["runs"] == 4 and stats["mlflow"]["deleted"] == 2
    assert stats["mlflow"]["with_commit_pct"] == 100
    assert stats["mlflow"]["commits_not_in_history"] == 0
    assert stats["mlflow"]["status_counts"]["running"] == 1


def test_sql_store_is_fast_and_read_only(mlflow_repo):
    repo, _, _, _ = mlflow_repo
    before = (repo / "mlflow.db").stat().st_mtime_ns
    t0 = time.perf_counter()
    catalog_of(repo)
    assert time.perf_counter() - t0 < 10
    assert (repo / "mlflow.db").stat().st_mtime_ns == before


def test_non_mlflow_sqlite_is_a_note(tmp_path):
    init_repo(tmp_path)
    conn = sqlite3.connect(tmp_path / "app.db")
    conn.execute("CREATE TABLE users (id INTEGER)")
    conn.commit()
    conn.close()
    (tmp_path / "fake.sqlite").write_bytes(b"not a database at all")
    cat, _ = catalog_of(tmp_path)
    kinds = {(n.path, n.kind) for n in cat.notes}
    assert ("app.db", "not-a-run-store") in kinds and ("fake.sqlite", "not-a-run-store") in kinds
    assert cat.runs == []


def test_meta_line_parser_matches_yaml():
    import yaml

    text = (
        "artifact_uri: file:///x/y\nend_time: null\nexperiment_id: '12'\nname: it''s\nstatus: 3\ntags: []\n"
    )
    assert parse_meta(text) == {
        k: (None if v is None else v if isinstance(v, list) else str(v))
        for k, v in yaml.safe_load(text).items()
    }
    assert parse_meta("tags:\n  a: b\n") is None
