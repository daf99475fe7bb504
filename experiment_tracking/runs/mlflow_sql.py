"""MLflow SQL store in SQLite (`mlflow.db`): a handful of aggregate queries, never one per run."""

from __future__ import annotations

import sqlite3
from urllib.parse import quote

from ..model import Run
from .common import Collector, is_commit_sha, is_seed_key
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

    seeds: dict[str, str] = {}
    if "params" in tabs:
        query = "SELECT run_uuid, key, value FROM params WHERE lower(key) LIKE '%seed%' OR lower(key) = 'random_state'"
        for run_uuid, key, value in conn.execute(query):
            if is_seed_key(key) and value not in (None, "", "None") and run_uuid not in seeds:
                seeds[run_uuid] = str(value)

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

    # One statement: counts and the few tags we need are joined in SQLite, not per run in Python.
    joins = []
    counts = []
    for alias, table, distinct in (
        ("p", "params", ""),
        ("m", "latest_metrics", ""),
        ("m", "metrics", "DISTINCT "),
    ):
        if alias in {c[0] for c in counts} or table not in tabs or "run_uuid" not in tabs[table]:
            continue
        joins.append(
            f"LEFT JOIN (SELECT run_uuid, count({distinct}key) AS n FROM {table} GROUP BY run_uuid) {alias} "
            f"ON {alias}.run_uuid = r.run_uuid"
        )
        counts.append((alias, f"coalesce({alias}.n, 0)"))
    count_cols = dict(counts)
    tag_cols = []
    if "tags" in tabs:
        for i, key in enumerate((TAG_COMMIT, TAG_PARENT, TAG_MODEL_HISTORY, TAG_RUN_NAME)):
            joins.append(f"LEFT JOIN tags t{i} ON t{i}.key = '{key}' AND t{i}.run_uuid = r.run_uuid")
            tag_cols.append(f"t{i}.value")
    else:
        tag_cols = ["NULL"] * 4

    def iso(column: str) -> str:
        if column not in runs_cols:
            return "NULL"
        return f"CASE WHEN r.{column} > 0 THEN strftime('%Y-%m-%dT%H:%M:%SZ', r.{column} / 1000, 'unixepoch') END"

    query = (
        f"SELECT r.run_uuid, {col_or_null('name')}, {col_or_null('status')}, "
        f"{col_or_null('lifecycle_stage')}, r.experiment_id, {iso('start_time')}, {iso('end_time')}, "
        f"{count_cols.get('p', '0')}, {count_cols.get('m', '0')}, {', '.join(tag_cols)} "
        f"FROM runs r {' '.join(joins)}"
    )
    runs: list[Run] = []
    per_exp: dict[str, int] = {}
    status_map = {k.upper(): v for k, v in STATUS.items()}
    no_digests: tuple = ()
    for row in conn.execute(query):
        run_uuid, name, status, lstage, eid, start, end, n_par, n_met, commit, parent, history, rname = row
        eid = str(eid)
        per_exp[eid] = per_exp.get(eid, 0) + 1
        exp_name, exp_deleted = exp_names.get(eid, (eid, False))
        runs.append(
            Run(
                store="mlflow_sql",
                run_id=run_uuid,
                path=rel,
                experiment=exp_name,
                name=name or rname or "",
                status=status_map.get(str(status).upper(), "unknown"),
                start_time=start,
                end_time=end,
                params=n_par,
                metrics=n_met,
                git_commit=commit.strip() if commit and is_commit_sha(commit) else None,
                seed=seeds.get(run_uuid),
                data_digests=sorted(digests.get(run_uuid, no_digests)),
                model_artifact=run_uuid in model_runs or (history or "").strip() not in ("", "[]"),
                parent_run=parent or None,
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
