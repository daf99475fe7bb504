"""Aim: the run list in `.aim/run_metadata.sqlite` (params and metrics live in RocksDB, unread)."""

from __future__ import annotations

import sqlite3

from ..model import Run
from .common import Collector, join, seconds_to_iso
from .mlflow_sql import connect_ro, tables


def read_store(col: Collector, root: str) -> None:
    rel = join(root, "run_metadata.sqlite")
    if not col.exists(rel):
        col.add_store("aim", root, 0)
        return
    runs = []
    try:
        conn = connect_ro(col.abspath(rel))
        try:
            tabs = tables(conn)
            if "run" not in tabs:
                col.note("not-a-run-store", rel, "no run table")
                return
            cols = tabs["run"]
            exp_names = {}
            if "experiment" in tabs:
                exp_names = dict(conn.execute("SELECT id, name FROM experiment"))

            def pick(name: str) -> str:
                return name if name in cols else "NULL"

            query = (
                f"SELECT hash, {pick('name')}, {pick('experiment_id')}, {pick('created_at')}, "
                f"{pick('finalized_at')}, {pick('is_archived')} FROM run ORDER BY hash"
            )
            for h, name, eid, created, finalized, archived in conn.execute(query):
                runs.append(
                    Run(
                        store="aim",
                        run_id=str(h),
                        path=rel,
                        experiment=str(exp_names.get(eid, "") or ""),
                        name=str(name or ""),
                        status="finished" if finalized else "unknown",
                        start_time=seconds_to_iso(created) if isinstance(created, (int, float)) else None,
                        end_time=seconds_to_iso(finalized) if isinstance(finalized, (int, float)) else None,
                        deleted=bool(archived),
                    )
                )
        finally:
            conn.close()
    except sqlite3.Error as exc:
        col.note("parse-error", rel, f"SQLite: {exc}")
    col.runs.extend(runs)
    col.add_store("aim", root, len(runs))
