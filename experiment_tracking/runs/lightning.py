"""PyTorch Lightning `lightning_logs/version_N/` (hparams.yaml, metrics.csv, checkpoints)."""

from __future__ import annotations

import csv
import io
import os

from ..model import Run
from . import tensorboard
from .common import Collector, find_seed, flatten, join

NON_METRIC_COLUMNS = frozenset({"epoch", "step", "created_at"})


def read_store(col: Collector, root: str) -> None:
    runs = []
    try:
        entries = sorted(e.name for e in os.scandir(col.abspath(root)) if e.is_dir(follow_symlinks=False))
    except OSError as exc:
        col.note("unreadable", root, exc.strerror or type(exc).__name__)
        return
    for name in entries:
        rel = join(root, name)
        col.claimed_dirs.add(rel)
        run = Run(store="lightning", run_id=name, path=rel, experiment=root, status="unknown")
        if col.exists(join(rel, "hparams.yaml")):
            hp = col.read_yaml(join(rel, "hparams.yaml"))
            if isinstance(hp, dict):
                run.params = len(flatten(hp))
                run.seed = find_seed(hp)
        if col.exists(join(rel, "metrics.csv")):
            text = col.read_text(join(rel, "metrics.csv"))
            header = next(csv.reader(io.StringIO(text or "")), [])
            run.metrics = len([c for c in header if c and c not in NON_METRIC_COLUMNS])
        else:
            run.metrics = tensorboard.scalar_tags(col, rel)
        ckpt = join(rel, "checkpoints")
        if col.isdir(ckpt):
            run.model_artifact = any(n.endswith(".ckpt") for n in os.listdir(col.abspath(ckpt)))
        runs.append(run)
    col.runs.extend(runs)
    col.add_store("lightning", root, len(runs))
