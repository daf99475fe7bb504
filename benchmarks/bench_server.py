"""Time to audit a real MLflow tracking server holding many runs, over its REST API.

    python benchmarks/bench_server.py [--runs 10000] [--experiments 20]

Starts `mlflow server` on a SQLite backend, fills it (template runs logged with the MLflow
client, cloned in MLflow's schema: 5 params, 3 metrics, a commit tag, a dataset input), then times
`experiment-tracking audit REPO --tracking-uri URL --format json` end to end (a fresh process) and
the server read alone. Needs the full `mlflow` package (the test extra).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))


def fill(db_path: Path, runs: int, experiments: int, commit: str) -> float:
    """One template run per experiment logged with the MLflow client, then cloned row by row in
    MLflow's own schema (logging 10,000 runs one request at a time takes longer than the audit
    by far, and the server reads the rows the same way either way)."""
    import sqlite3
    import uuid

    from mlflow import MlflowClient
    from mlflow.entities import Dataset, DatasetInput, Metric, Param, RunTag

    t0 = time.perf_counter()
    c = MlflowClient(f"sqlite:///{db_path}")
    now = int(time.time() * 1000)
    templates = []
    for e in range(experiments):
        exp = c.create_experiment(f"exp-{e}")
        r = c.create_run(exp, start_time=now, tags={"mlflow.source.git.commit": commit})
        rid = r.info.run_id
        c.log_batch(
            rid,
            metrics=[Metric(k, 0.5, now, 0) for k in ("loss", "acc", "f1")],
            params=[Param(k, "1") for k in ("seed", "lr", "depth", "batch", "epochs")],
            tags=[RunTag("team", "bench")],
        )
        c.log_inputs(rid, [DatasetInput(Dataset("d", f"dg{e}", "local", "data.csv"))])
        c.set_terminated(rid, "FINISHED", end_time=now + 500)
        templates.append(rid)
    conn = sqlite3.connect(db_path)
    cols = {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in ("runs", "params", "metrics",
            "latest_metrics", "tags", "inputs")}  # fmt: skip
    rows = {}
    for rid in templates:
        rows[rid] = {
            "runs": conn.execute("SELECT * FROM runs WHERE run_uuid = ?", (rid,)).fetchall(),
            **{
                t: conn.execute(f"SELECT * FROM {t} WHERE run_uuid = ?", (rid,)).fetchall()
                for t in ("params", "metrics", "latest_metrics", "tags")
            },  # fmt: skip
            "inputs": conn.execute("SELECT * FROM inputs WHERE destination_id = ?", (rid,)).fetchall(),
        }
    for i in range(runs - experiments):
        src = templates[i % experiments]
        new = uuid.uuid4().hex
        start = now - (i + 1) * 1000
        for table, items in rows[src].items():
            names = cols[table]
            for row in items:
                row = dict(zip(names, row, strict=True))
                for k in ("run_uuid", "destination_id"):
                    if k in row and row[k] == src:
                        row[k] = new
                if table == "runs":
                    row.update(start_time=start, end_time=start + 500, name=f"run-{i}",
                               artifact_uri=str(row["artifact_uri"]).replace(src, new))  # fmt: skip
                if table == "inputs":
                    row["input_uuid"] = uuid.uuid4().hex
                if table == "tags" and row["key"] == "mlflow.source.git.commit" and i % 3 == 0:
                    row["value"] = "f" * 40  # a third of the runs record a foreign commit
                marks = ", ".join("?" * len(row))
                conn.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({marks})", tuple(row.values()))
    conn.commit()
    conn.close()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10_000)
    ap.add_argument("--experiments", type=int, default=20)
    args = ap.parse_args()
    from tests.conftest import git, make_git_repo
    from tests.server.conftest import _stop, start_mlflow_server

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        repo = make_git_repo(tmp / "repo", {"train.py": "import mlflow\nmlflow.autolog()\n"})
        commit = git(repo, "rev-parse", "HEAD").strip()
        server_dir = tmp / "server"
        server_dir.mkdir()
        # Start once so the server creates its schema, then fill the same database in-process.
        url, proc = start_mlflow_server(server_dir)
        try:
            fill_s = fill(server_dir / "mlflow.db", args.runs, args.experiments, commit)
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            t0 = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-m", "experiment_tracking", "audit", str(repo), "--tracking-uri", url,
                 "--format", "json", "--max-runs", str(args.runs)],
                capture_output=True, text=True, env=env, check=True,
            )  # fmt: skip
            total = time.perf_counter() - t0
            doc = json.loads(out.stdout)
        finally:
            _stop(proc)
    store = [s for s in doc["catalog"]["stores"] if s["family"] == "mlflow_server"][0]
    print(
        json.dumps(
            {
                "runs_on_server": args.runs,
                "runs_read": store["runs"],
                "requests": store["requests"],
                "server_read_seconds": store["seconds"],
                "audit_seconds": round(total, 2),
                "fill_seconds": round(fill_s, 1),
                "sampled": store["sampled"],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
