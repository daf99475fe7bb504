"""Runs/s and peak RSS for the MLflow readers on large synthetic stores.

    python benchmarks/bench_runs.py [--files 10000] [--sqlite 100000]

Each measurement runs in a fresh subprocess so peak RSS belongs to that reader alone.
Targets: >= 5,000 runs/s (file store), >= 50,000 runs/s (SQLite), peak RSS <= 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from experiment_tracking.runs.common import Collector
from experiment_tracking.runs import mlflow_files, sqlite_probe
kind, where = sys.argv[1], sys.argv[2]
col = Collector(root=Path(where))
t0 = time.perf_counter()
if kind == "files":
    mlflow_files.read_store(col, "mlruns")
else:
    sqlite_probe.read_sqlite(col, "mlflow.db")
dt = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"runs": len(col.runs), "seconds": dt, "peak_rss_mb": rss, "notes": len(col.notes)}}))
"""


def measure(kind: str, where: str) -> dict:
    code = CHILD.format(root=ROOT)
    out = subprocess.run(
        [sys.executable, "-c", code, kind, where], capture_output=True, text=True, check=True
    )
    res = json.loads(out.stdout)
    res["runs_per_s"] = round(res["runs"] / res["seconds"]) if res["seconds"] else 0
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--sqlite", type=int, default=100_000)
    args = ap.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind, n in (("files", args.files), ("sqlite", args.sqlite)):
            where = os.path.join(tmp, kind)
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, os.path.join(HERE, "gen_stores.py"), kind, where, str(n)], check=True
            )
            gen = time.perf_counter() - t0
            # Cold cache numbers need root (drop_caches); this measures a warm page cache.
            results[kind] = {"generated_in_s": round(gen, 1), **measure(kind, where)}
    for kind, r in results.items():
        print(
            f"{kind:7s} {r['runs']:>7} runs  {r['seconds']:.2f}s  {r['runs_per_s']:>8} runs/s  "
            f"peak RSS {r['peak_rss_mb']:.0f} MB  notes {r['notes']}"
        )


if __name__ == "__main__":
    main()
