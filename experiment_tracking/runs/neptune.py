"""Neptune offline/async queues (`.neptune/**/data-1.log`): JSON operations, one per line."""

from __future__ import annotations

import json

from ..model import Run
from .common import Collector, find_seed, walk


def read_store(col: Collector, root: str) -> None:
    runs = []
    for rel, _dirs, files in walk(col, root, 5):
        logs = [f for f in files if f.startswith("data-") and f.endswith(".log")]
        if not logs:
            continue
        run = Run(store="neptune", run_id=rel.rsplit("/", 1)[-1], path=rel, status="unknown")
        params: dict = {}
        metrics: set = set()
        for name in logs:
            text = col.read_text(f"{rel}/{name}") or ""
            for line in text.splitlines():
                try:
                    op = json.loads(line)
                except ValueError:
                    continue
                obj = op.get("obj") if isinstance(op, dict) and isinstance(op.get("obj"), dict) else op
                if not isinstance(obj, dict):
                    continue
                path = obj.get("path") or []
                key = "/".join(str(p) for p in path) if isinstance(path, list) else str(path)
                kind = str(obj.get("type", ""))
                if kind.startswith("Log"):
                    metrics.add(key)
                elif key.startswith("parameters/"):
                    params[key.split("/", 1)[1]] = obj.get("value")
                elif key.endswith("git/commit_id") or key.endswith("commit/commit_id"):
                    run.git_commit = str(obj.get("value") or "") or None
                elif key.startswith("sys/state"):
                    run.status = "finished" if obj.get("value") == "Inactive" else run.status
                elif "requirements" in key:
                    run.env_captured = True
        run.params = len(params)
        run.seed = find_seed(params)
        run.metrics = len(metrics)
        runs.append(run)
    col.runs.extend(runs)
    col.add_store("neptune", root, len(runs))
