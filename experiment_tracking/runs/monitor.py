"""Gym/Stable-Baselines `Monitor` logs (`<rank>.monitor.csv`): one file per worker process, whose first
line is a JSON header (`{"t_start": ..., "env_id": "Hopper-v2"}`) and whose rows are episodes
(`r,l,t`: return, length, time). A directory holding them is one run; committed ones are stored runs."""

from __future__ import annotations

import json
import os
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


def _head(col: Collector, rel: str) -> str | None:
    """The first HEADER_BYTES of a log: its header, column line and first episodes are all a run
    needs (a long run's log may be tens of megabytes)."""
    full = col.abspath(rel)
    try:
        if os.path.islink(full):
            return None
        with open(full, "rb") as fh:
            return fh.read(HEADER_BYTES).decode("utf-8", "replace")
    except OSError as exc:
        col.note("unreadable", rel, exc.strerror or type(exc).__name__)
        return None


def _read_dir(col: Collector, d: str, names: list[str]) -> Run | None:
    header, episodes = None, False
    for name in names:
        rel = f"{d}/{name}" if d != "." else name
        text = _head(col, rel)
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
        if header is None and isinstance(meta, dict):
            header = meta  # the first worker's header names the run
        # the column line (r,l,t), then one line per episode
        episodes = episodes or sum(1 for ln in rest.splitlines() if ln.strip()) > 1
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
