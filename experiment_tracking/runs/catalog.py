"""Find every tracking store in an inventory and read its runs into one RunCatalog."""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Note, Run
from .common import Collector, redact

# family (inventory.store_roots) -> module with read_store(col, root_rel)
READERS = {
    "mlflow": "mlflow_files",
    "wandb": "wandb_dirs",
    "sacred": "sacred",
    "hydra": "hydra",
    "lightning": "lightning",
    "guild": "guild",
    "dvclive": "dvc",
    "comet": "comet",
    "neptune": "neptune",
    "aim": "aim",
}


@dataclass
class RunCatalog:
    runs: list[Run] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    experiments: list[dict] = field(default_factory=list)
    registered_models: list[dict] = field(default_factory=list)
    stores: list[dict] = field(default_factory=list)

    def runs_of(self, store: str) -> list[Run]:
        return [r for r in self.runs if r.store == store]

    @property
    def experiments_cataloged(self) -> int:
        """Experiments named by the stores, or one per store for stores without that notion."""
        named = {(e["store"], e["path"], e.get("id", e.get("name"))) for e in self.experiments}
        named_stores = {e["store"] for e in self.experiments}
        unnamed = {(r.store, r.experiment) for r in self.runs if r.store not in named_stores}
        return len(named) + len(unnamed)

    def describe(self) -> str:
        """What was cataloged, in words: runs by experiment, and a dvc.lock as the state of the
        pipeline's last execution (its stages are one execution's records, not runs of their own)."""
        locks = {s["path"] for s in self.stores if s.get("kind") == "lock"}
        stages = [r for r in self.runs if r.store == "dvc" and r.path in locks]
        parts = []
        if len(stages) < len(self.runs):
            parts.append(
                f"{len(self.runs) - len(stages)} run(s) in {self.experiments_cataloged} experiment(s)"
            )
        if stages:
            parts.append(f"{len(locks)} DVC pipeline state(s) ({len(stages)} stage record(s) in dvc.lock)")
        holding = len({(s["family"], s["path"]) for s in self.stores if s.get("runs")})
        return f"{' and '.join(parts) or '0 runs'} across {holding} store(s)"

    def to_dict(self) -> dict:
        return {
            "experiments_cataloged": self.experiments_cataloged,
            "run_count": len(self.runs),
            "runs": [r.to_dict() for r in self.runs],
            "experiments": [dict(e) for e in self.experiments],
            "registered_models": [dict(m) for m in self.registered_models],
            "stores": [dict(s) for s in self.stores],
            "notes": [n.to_dict() for n in self.notes],
        }


def _call(col: Collector, module: str, func: str, *args) -> None:
    """Run one reader; a bug on hostile input becomes a note instead of ending the audit."""
    try:
        mod = importlib.import_module(f"{__package__}.{module}")
        getattr(mod, func)(col, *args)
    except Exception as exc:  # noqa: BLE001 - the catalog must never raise on store content
        where = args[0] if args and isinstance(args[0], str) else "."
        col.note("parse-error", where, f"{module} reader failed: {type(exc).__name__}: {exc}")


def build_catalog(inventory) -> RunCatalog:
    col = Collector(root=Path(inventory.root))
    roots = dict(inventory.store_roots)
    files = inventory.files

    for rel, family in sorted(roots.items()):
        module = READERS.get(family)
        if module:
            _call(col, module, "read_store", rel)

    # SQLite anywhere: MLflow SQL stores, Aim's run index; other databases get a note.
    aim_roots = {r for r, f in roots.items() if f == "aim"}
    for f in files:
        if f.kind == "sqlite" and not any(f.path.startswith(r + "/") for r in aim_roots):
            _call(col, "sqlite_probe", "read_sqlite", f.path)

    # Run logs outside a wandb/ root (custom WANDB_DIR).
    wandb_roots = [r for r, fam in roots.items() if fam == "wandb"]
    seen_dirs = set()
    for f in files:
        if f.kind != "wandb-log" or any(f.path.startswith(r + "/") for r in wandb_roots):
            continue
        parent = f.path.rsplit("/", 1)[0] if "/" in f.path else "."
        if parent not in seen_dirs:
            seen_dirs.add(parent)
            _call(col, "wandb_dirs", "read_loose_run", parent)

    _call(col, "tensorboard", "read_all", [f.path for f in files if f.kind == "tfevents"])
    _call(col, "monitor", "read_all", [f.path for f in files if f.path.endswith(".monitor.csv")])
    _call(col, "dvc", "read_project", [f.path for f in files], roots)

    col.runs.sort(key=lambda r: (r.store, r.path, r.run_id))
    for run in col.runs:
        run.data_digests = sorted(set(run.data_digests))
        run.name = redact(run.name)
        run.experiment = redact(run.experiment)
    return RunCatalog(
        runs=col.runs,
        notes=sorted(set(col.notes)),
        experiments=sorted(
            col.experiments, key=lambda e: (e["store"], e["path"], str(e.get("id", "")), e["name"])
        ),
        registered_models=sorted(col.registered_models, key=lambda m: (m["store"], m["path"], m["name"])),
        stores=_merge_stores(col.stores),
    )


def _merge_stores(stores: list[dict]) -> list[dict]:
    """Readers that see one run at a time report each; sum them per (family, path)."""
    merged: dict[tuple[str, str], dict] = {}
    for s in stores:
        key = (s["family"], s["path"])
        if key in merged:
            merged[key]["runs"] += s["runs"]
        else:
            merged[key] = dict(s)
    return [merged[k] for k in sorted(merged)]


def root_of(path: str) -> str:
    return os.path.dirname(path) or "."
