"""Hydra output directories: `<run>/.hydra/{config,hydra,overrides}.yaml`; sweeps add multirun.yaml."""

from __future__ import annotations

import re

from ..model import Run
from .common import Collector, find_seed, flatten, join, walk

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _store_dir(rel: str) -> str:
    parts = rel.split("/")
    for i, part in enumerate(parts):
        if _DATE.match(part):
            return "/".join(parts[:i]) or "."
    return "/".join(parts[:-1]) or "."


def read_store(col: Collector, root: str) -> None:
    """Every job directory (one holding `.hydra/`) below `root`, or `root` itself."""
    for rel, dirnames, _files in walk(col, root, 6):
        if ".hydra" in dirnames:
            read_job(col, rel)
            dirnames.remove(".hydra")


def read_job(col: Collector, rel: str) -> None:
    parent = rel.rsplit("/", 1)[0] if "/" in rel else "."
    sweep = parent if col.exists(join(parent, "multirun.yaml")) else None
    run = Run(store="hydra", run_id=rel, path=rel, parent_run=sweep)
    config = (
        col.read_yaml(join(rel, ".hydra", "config.yaml"))
        if col.exists(join(rel, ".hydra", "config.yaml"))
        else None
    )
    if isinstance(config, dict):
        run.params = len(flatten(config))
        run.seed = find_seed(config)
    hydra_rel = join(rel, ".hydra", "hydra.yaml")
    if col.exists(hydra_rel):
        hcfg = col.read_yaml(hydra_rel)
        hydra = hcfg.get("hydra") if isinstance(hcfg, dict) else None
        job = hydra.get("job") if isinstance(hydra, dict) else None
        if isinstance(job, dict):
            run.experiment = str(job.get("name") or "")
            if sweep and job.get("num") is not None:
                run.name = f"job {job['num']}"
    overrides = join(rel, ".hydra", "overrides.yaml")
    if col.exists(overrides) and not run.name:
        ov = col.read_yaml(overrides)
        if isinstance(ov, list):
            run.name = " ".join(str(o) for o in ov)[:200]
    # Hydra records no outcome; a job directory only proves that the job started.
    run.status = "unknown"
    m = re.search(r"(\d{4}-\d{2}-\d{2})/(\d{2})-(\d{2})-(\d{2})", rel)
    if m:
        run.start_time = f"{m.group(1)}T{m.group(2)}:{m.group(3)}:{m.group(4)}"
    col.runs.append(run)
    col.add_store("hydra", _store_dir(rel), 1)
    if sweep is None:
        return
    known = [e for e in col.experiments if e["store"] == "hydra" and e["path"] == sweep]
    if not known:
        known = [
            {
                "store": "hydra",
                "id": sweep,
                "name": run.experiment or sweep,
                "path": sweep,
                "runs": 0,
                "deleted": False,
                "sweep": True,
            }
        ]
        col.experiments.append(known[0])
    known[0]["runs"] += 1
