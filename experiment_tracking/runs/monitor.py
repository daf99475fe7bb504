"""Gym/Stable-Baselines `Monitor` logs (`<rank>.monitor.csv`): one file per worker process, whose first
line is a JSON header (`{"t_start": ..., "env_id": "Hopper-v2"}`) and whose rows are episodes
(`r,l,t`: return, length, time). A directory holding them is one run; committed ones are stored runs."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from ..model import Run
from .common import Collector

HEADER_BYTES = 4096


def read_all(col: Collector, paths: list[str]) -> None:
    by_dir: dict[str, list[str]] = {}
    for p in paths:
        d, _, name = p.rpartition("/")
        by_dir.setdefault(d or ".", []).append(name)
    per_store: dict[str, int] = {}
    for d in sorted(by_dir):
        run = _read_dir(col, d, sorted(by_dir[d]))
        if run is None:
            continue
        col.runs.append(run)
        top = d.split("/", 1)[0] if "/" in d else d
        per_store[top] = per_store.get(top, 0) + 1
    for store, n in sorted(per_store.items()):
        col.add_store("monitor", store, n)


def _read_dir(col: Collector, d: str, names: list[str]) -> Run | None:
    header, episodes = None, 0
    for name in names:
        rel = f"{d}/{name}" if d != "." else name
        text = col.read_text(rel)
        if text is None:
            continue
        first, _, rest = text.partition("\n")
        if not first.startswith("#"):
            col.note("parse-error", rel, "no Monitor header line")
            continue
        try:
            meta = json.loads(first.lstrip("#").strip())
        except ValueError:
            col.note("parse-error", rel, "Monitor header is not JSON")
            continue
        header = header if isinstance(header, dict) else meta if isinstance(meta, dict) else None
        # the column line (r,l,t), then one line per episode
        episodes += max(0, sum(1 for ln in rest.splitlines() if ln.strip()) - 1)
    if not isinstance(header, dict):
        return None
    start = header.get("t_start")
    started = (
        datetime.fromtimestamp(start, tz=timezone.utc).isoformat()
        if isinstance(start, (int, float)) and 0 < start < 4e9
        else None
    )
    env = header.get("env_id")
    return Run(
        store="monitor",
        run_id=d,
        path=d,
        experiment=str(env) if env else d.rsplit("/", 1)[0],
        name=d.rsplit("/", 1)[-1],
        status="finished" if episodes else "unknown",
        start_time=started,
        metrics=3 if episodes else 0,  # episode return, length and time
    )
