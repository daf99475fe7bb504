"""Any SQLite file in the tree: open read-only, look at its tables, hand MLflow ones to the reader."""

from __future__ import annotations

import sqlite3

from . import mlflow_sql
from .common import Collector


def read_sqlite(col: Collector, rel: str) -> None:
    full = col.abspath(rel)
    try:
        with open(full, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        col.note("unreadable", rel, exc.strerror or type(exc).__name__)
        return
    if head != mlflow_sql.SQLITE_MAGIC:
        if head:  # an empty placeholder file is not worth a note
            col.note("not-a-run-store", rel, "named like a database but not SQLite")
        return
    try:
        conn = mlflow_sql.connect_ro(full)
    except sqlite3.Error as exc:
        col.note("unreadable", rel, f"SQLite: {exc}")
        return
    try:
        tabs = mlflow_sql.tables(conn)
        if mlflow_sql.is_mlflow(tabs):
            mlflow_sql.read_db(col, rel, conn, tabs)
        else:
            col.note("not-a-run-store", rel, "SQLite database without MLflow tables")
    except sqlite3.Error as exc:
        col.note("parse-error", rel, f"SQLite: {exc}")
    finally:
        conn.close()
