"""Guild AI runs: `.guild/runs/<id>/.guild/attrs/<name>`, one YAML value per file.

The `env` attribute holds the whole process environment (tokens included): it is never opened.
"""

from __future__ import annotations

import os

from ..model import Run
from .common import Collector, find_seed, join, seconds_to_iso

NEVER_READ = frozenset({"env"})
WANTED = (
    "flags",
    "random_seed",
    "pip_freeze",
    "vcs_commit",
    "exit_status",
    "started",
    "stopped",
    "op",
    "label",
)


def read_store(col: Collector, root: str) -> None:
    runs_dir = join(root, "runs")
    try:
        ids = sorted(e.name for e in os.scandir(col.abspath(runs_dir)) if e.is_dir(follow_symlinks=False))
    except OSError:
        ids = []
    runs = []
    for run_id in ids:
        rel = join(runs_dir, run_id)
        attrs_rel = join(rel, ".guild", "attrs")
        attrs: dict = {}
        for name in WANTED:
            if name in NEVER_READ:
                continue
            p = join(attrs_rel, name)
            if col.exists(p):
                attrs[name] = col.read_yaml(p)
        run = Run(store="guild", run_id=run_id, path=rel)
        op = attrs.get("op")
        if isinstance(op, dict):
            run.experiment = str(
                op.get("opref", {}).get("op_name", "") if isinstance(op.get("opref"), dict) else ""
            )
        run.name = str(attrs.get("label") or "")
        flags = attrs.get("flags") if isinstance(attrs.get("flags"), dict) else {}
        run.params = len(flags)
        run.seed = find_seed(flags)
        if run.seed is None and attrs.get("random_seed") is not None:
            run.seed = str(attrs["random_seed"])
        run.env_captured = bool(attrs.get("pip_freeze"))
        commit = attrs.get("vcs_commit")
        if isinstance(commit, str) and commit:
            sha = commit.split(":", 1)[-1]
            run.git_dirty = sha.endswith("*")
            run.git_commit = sha.rstrip("*") or None
        status = attrs.get("exit_status")
        if isinstance(status, int):
            run.status = "finished" if status == 0 else "failed"
        elif col.exists(join(rel, ".guild", "LOCK")):
            run.status = "running"
        else:
            run.status = "unknown"
        for key, attr in (("start_time", "started"), ("end_time", "stopped")):
            value = attrs.get(attr)
            if isinstance(value, (int, float)):
                setattr(run, key, seconds_to_iso(value / 1e6))
        runs.append(run)
    col.runs.extend(runs)
    col.add_store("guild", root, len(runs))
