"""MLflow SQL store in SQLite (`mlflow.db`): a handful of aggregate queries, never one per run."""

from __future__ import annotations

import sqlite3
from urllib.parse import quote

from ..model import Run
from .common import Collector, is_commit_sha, is_seed_key, ms_to_iso
from .mlflow_files import STATUS, TAG_COMMIT, TAG_MODEL_HISTORY, TAG_PARENT, TAG_RUN_NAME

SQLITE_MAGIC = b"SQLite format 3\x00"


def connect_ro(path_abs: str) -> sqlite3.Connection:
    # immutable=1 would skip locking but also ignore a live WAL; mode=ro keeps both safe.
    conn = sqlite3.connect(f"file:{quote(path_abs)}?mode=ro", uri=True, timeout=1.0)
    conn.execute("PRAGMA query_only = 1")
    return conn


def tables(conn: sqlite3.Connection) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'"):
        cols = {row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')}
        out[name] = cols
    return out


def is_mlflow(tabs: dict[str, set[str]]) -> bool:
    return (
        "experiments" in tabs
        and "runs" in tabs
        and {"run_uuid", "experiment_id"} <= tabs["runs"]
        and ("alembic_version" in tabs or "params" in tabs)
    )


def read_db(col: Collector, rel: str, conn: sqlite3.Connection, tabs: dict[str, set[str]]) -> None:
    runs_cols = tabs["runs"]

    def col_or_null(name: str) -> str:
        return f"r.{name}" if name in runs_cols else "NULL"

    exp_names: dict[str, tuple[str, bool]] = {}
    exp_cols = tabs["experiments"]
    stage = "lifecycle_stage" if "lifecycle_stage" in exp_cols else "NULL"
    for eid, name, lstage in conn.execute(f"SELECT experiment_id, name, {stage} FROM experiments"):
        exp_names[str(eid)] = (str(name), lstage == "deleted")

    def grouped_count(table: str, key_col: str = "key") -> dict[str, int]:
        if table not in tabs or "run_uuid" not in tabs[table]:
            return {}
        distinct = f"DISTINCT {key_col}" if table == "metrics" else "*"
        return dict(conn.execute(f"SELECT run_uuid, count({distinct}) FROM {table} GROUP BY run_uuid"))

    n_params = grouped_count("params")
    n_metrics = grouped_count("latest_metrics") or grouped_count("metrics")

    seeds: dict[str, str] = {}
    if "params" in tabs:
        query = "SELECT run_uuid, key, value FROM params WHERE lower(key) LIKE '%seed%' OR lower(key) = 'random_state'"
        for run_uuid, key, value in conn.execute(query):
            if is_seed_key(key) and value not in (None, "", "None") and run_uuid not in seeds:
                seeds[run_uuid] = str(value)

    tags: dict[str, dict[str, str]] = {}
    if "tags" in tabs:
        wanted = (TAG_COMMIT, TAG_PARENT, TAG_MODEL_HISTORY, TAG_RUN_NAME)
        marks = ",".join("?" * len(wanted))
        for run_uuid, key, value in conn.execute(
            f"SELECT run_uuid, key, value FROM tags WHERE key IN ({marks})", wanted
        ):
            tags.setdefault(run_uuid, {})[key] = value or ""

    digests: dict[str, set[str]] = {}
    if {"inputs", "datasets"} <= tabs.keys():
        query = (
            "SELECT i.destination_id, d.digest FROM inputs i JOIN datasets d "
            "ON d.dataset_uuid = i.source_id WHERE i.source_type = 'DATASET' "
            "AND i.destination_type = 'RUN'"
        )
        for run_uuid, digest in conn.execute(query):
            if digest:
                digests.setdefault(run_uuid, set()).add(str(digest))

    model_runs: set[str] = set()
    if "logged_models" in tabs and "source_run_id" in tabs["logged_models"]:
        model_runs |= {r for (r,) in conn.execute("SELECT DISTINCT source_run_id FROM logged_models") if r}
    if "model_versions" in tabs and "run_id" in tabs["model_versions"]:
        model_runs |= {r for (r,) in conn.execute("SELECT DISTINCT run_id FROM model_versions") if r}
    if "registered_models" in tabs:
        versions: dict[str, int] = {}
        if "model_versions" in tabs:
            versions = dict(conn.execute("SELECT name, count(*) FROM model_versions GROUP BY name"))
        for (name,) in conn.execute("SELECT name FROM registered_models ORDER BY name"):
            col.registered_models.append(
                {"store": "mlflow_sql", "name": str(name), "versions": versions.get(name, 0), "path": rel}
            )

    query = (
        f"SELECT r.run_uuid, {col_or_null('name')}, {col_or_null('status')}, "
        f"{col_or_null('lifecycle_stage')}, r.experiment_id, {col_or_null('start_time')}, "
        f"{col_or_null('end_time')} FROM runs r"
    )
    runs: list[Run] = []
    per_exp: dict[str, int] = {}
    for run_uuid, name, status, lstage, eid, start, end in conn.execute(query):
        eid = str(eid)
        per_exp[eid] = per_exp.get(eid, 0) + 1
        exp_name, exp_deleted = exp_names.get(eid, (eid, False))
        rtags = tags.get(run_uuid, {})
        commit = rtags.get(TAG_COMMIT)
        history = rtags.get(TAG_MODEL_HISTORY, "")
        runs.append(
            Run(
                store="mlflow_sql",
                run_id=str(run_uuid),
                path=rel,
                experiment=exp_name,
                name=str(name or rtags.get(TAG_RUN_NAME) or ""),
                status=STATUS.get(str(status).upper(), "unknown"),
                start_time=ms_to_iso(start),
                end_time=ms_to_iso(end),
                params=n_params.get(run_uuid, 0),
                metrics=n_metrics.get(run_uuid, 0),
                git_commit=commit.strip() if is_commit_sha(commit) else None,
                seed=seeds.get(run_uuid),
                data_digests=sorted(digests.get(run_uuid, ())),
                model_artifact=run_uuid in model_runs or history.strip() not in ("", "[]"),
                parent_run=rtags.get(TAG_PARENT) or None,
                deleted=lstage == "deleted" or exp_deleted,
            )
        )
    for eid, (name, deleted) in sorted(exp_names.items()):
        col.experiments.append(
            {
                "store": "mlflow_sql",
                "id": eid,
                "name": name,
                "path": rel,
                "runs": per_exp.get(eid, 0),
                "deleted": deleted,
            }
        )
    col.runs.extend(runs)
    col.add_store("mlflow_sql", rel, len(runs))
