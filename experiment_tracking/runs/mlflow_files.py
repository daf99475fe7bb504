"""MLflow file store (`mlruns/`): experiments, runs, datasets, logged models and the registry.

Speed matters (stores with tens of thousands of runs are common), so directories are listed with
os.scandir and the flat meta.yaml files are read with a tiny line parser; anything unusual falls
back to yaml.safe_load.
"""

from __future__ import annotations

import os

from ..model import Run
from .common import ENV_FILE_NAMES, Collector, is_commit_sha, is_seed_key, ms_to_iso

# mlflow.entities.RunStatus: the file store writes the integer, old versions sometimes the name.
STATUS = {
    "1": "running",
    "2": "unknown",  # SCHEDULED: never started
    "3": "finished",
    "4": "failed",
    "5": "killed",
    "RUNNING": "running",
    "SCHEDULED": "unknown",
    "FINISHED": "finished",
    "FAILED": "failed",
    "KILLED": "killed",
}
NOT_RUN_DIRS = frozenset({"datasets", "models", "traces", "tags", "logged_models"})
TAG_COMMIT = "mlflow.source.git.commit"
TAG_PARENT = "mlflow.parentRunId"
TAG_MODEL_HISTORY = "mlflow.log-model.history"
TAG_RUN_NAME = "mlflow.runName"
WANTED_TAGS = (TAG_COMMIT, TAG_PARENT, TAG_MODEL_HISTORY, TAG_RUN_NAME)
_ODD_START = ("'", '"', "{", "[", "|", ">", "&", "*", "!", "%", "@", "`")


def parse_meta(text: str):
    """Flat `key: value` mappings as written by MLflow; None when a real YAML parser is needed."""
    out: dict = {}
    for line in text.splitlines():
        if not line or line[0] == "#":
            continue
        if line[0] in " \t-":
            return None
        key, sep, value = line.partition(": ")
        if not sep:
            if line.endswith(":"):
                out[line[:-1]] = None
                continue
            return None
        value = value.strip()
        if value in ("null", "~", ""):
            out[key] = None
        elif value in ("[]", "{}"):
            out[key] = [] if value == "[]" else {}
        elif value[0] == "'" and value[-1] == "'" and len(value) >= 2:
            out[key] = value[1:-1].replace("''", "'")
        elif value[0] in _ODD_START or value.endswith(":") or " #" in value:
            return None
        else:
            out[key] = value
    return out


class _Reader:
    def __init__(self, col: Collector, root_rel: str):
        self.col = col
        self.root_rel = root_rel
        self.root_abs = col.abspath(root_rel)
        self.model_runs: set[str] = set()
        self.rel_prefix = "" if root_rel in ("", ".") else root_rel + "/"

    def meta(self, path_abs: str, required: tuple[str, ...] = ()) -> dict | None:
        try:
            with open(path_abs, "rb") as fh:
                raw = fh.read(1 << 20)
        except FileNotFoundError:
            return None
        except OSError as exc:
            self.col.note("unreadable", self.col.rel(path_abs), exc.strerror or type(exc).__name__)
            return None
        text = raw.decode("utf-8", "replace")
        data = parse_meta(text)
        if data is None:
            rel = self.col.rel(path_abs)
            data = self.col.parse_yaml(text, rel)
            if data is None:
                return None
            if not isinstance(data, dict):
                self.col.note("parse-error", rel, "meta.yaml is not a mapping")
                return None
            data = {
                k: (None if v is None else v if isinstance(v, (list, dict)) else str(v))
                for k, v in data.items()
            }
        missing = [k for k in required if k not in data]
        if missing:
            self.col.note(
                "truncated",
                self.col.rel(path_abs),
                f"meta.yaml lacks {', '.join(missing)} (half-written?)",
            )
        return data

    def read(self) -> None:
        col = self.col
        try:
            top = sorted(
                (e for e in os.scandir(self.root_abs) if e.is_dir(follow_symlinks=False)),
                key=lambda e: e.name,
            )
        except OSError as exc:
            col.note("unreadable", self.root_rel, exc.strerror or type(exc).__name__)
            return
        exp_dirs = []
        for entry in top:
            if entry.name == ".trash":
                exp_dirs += [(e, True) for e in _subdirs(entry.path)]
            elif entry.name == "models":
                self.read_registry(entry.path)
            elif os.path.isfile(os.path.join(entry.path, "meta.yaml")):
                exp_dirs.append((entry, False))
        if not exp_dirs:
            # Only artifacts: the runs live in a database store (mlflow.db) that points here.
            if top:
                col.add_store("mlflow", self.root_rel, 0, role="artifact-root")
            return
        runs: list[Run] = []
        for entry, trashed in exp_dirs:
            runs.extend(self.read_experiment(entry, trashed))
        for run in runs:
            if run.run_id in self.model_runs:
                run.model_artifact = True
        col.runs.extend(runs)
        col.add_store("mlflow", self.root_rel, len(runs))

    def read_experiment(self, exp_entry: os.DirEntry, trashed: bool) -> list[Run]:
        col = self.col
        exp_abs = exp_entry.path
        meta = self.meta(os.path.join(exp_abs, "meta.yaml"), ("experiment_id", "name")) or {}
        exp_id = str(meta.get("experiment_id") or exp_entry.name)
        exp_name = str(meta.get("name") or exp_id)
        deleted = trashed or meta.get("lifecycle_stage") == "deleted"
        runs: list[Run] = []
        candidates: list[os.DirEntry] = []
        for entry in _subdirs(exp_abs):
            name = entry.name
            if name in NOT_RUN_DIRS:
                if name == "models":
                    self.read_logged_models(entry.path)
                continue
            candidates.append(entry)
        if candidates:
            datasets = self.read_datasets(exp_abs)

            def one(entry: os.DirEntry) -> Run | None:
                return self.read_run(entry.path, entry.name, exp_name, datasets)

            # Threads were measured slower here (GIL contention outweighs the syscall overlap).
            for run in map(one, candidates):
                if run is not None:
                    run.deleted = run.deleted or deleted
                    runs.append(run)
        col.experiments.append(
            {
                "store": "mlflow",
                "id": exp_id,
                "name": exp_name,
                "path": col.rel(exp_abs),
                "runs": len(runs),
                "deleted": deleted,
            }
        )
        return runs

    def read_datasets(self, exp_abs: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for entry in _subdirs(os.path.join(exp_abs, "datasets")):
            meta = self.meta(os.path.join(entry.path, "meta.yaml")) or {}
            if meta.get("digest"):
                out[entry.name] = str(meta["digest"])
        return out

    def read_logged_models(self, models_abs: str) -> None:
        for entry in _subdirs(models_abs):
            meta = self.meta(os.path.join(entry.path, "meta.yaml")) or {}
            if meta.get("source_run_id"):
                self.model_runs.add(str(meta["source_run_id"]))

    def read_registry(self, models_abs: str) -> None:
        col = self.col
        for entry in _subdirs(models_abs):
            meta = self.meta(os.path.join(entry.path, "meta.yaml")) or {}
            versions = 0
            for v in _subdirs(entry.path):
                if not v.name.startswith("version-"):
                    continue
                vmeta = self.meta(os.path.join(v.path, "meta.yaml")) or {}
                versions += 1
                if vmeta.get("run_id"):
                    self.model_runs.add(str(vmeta["run_id"]))
            col.registered_models.append(
                {
                    "store": "mlflow",
                    "name": str(meta.get("name") or entry.name),
                    "versions": versions,
                    "path": col.rel(entry.path),
                }
            )

    def read_run(self, run_abs: str, dir_name: str, exp_name: str, datasets: dict) -> Run | None:
        rel = self.rel_prefix + run_abs[len(self.root_abs) + 1 :].replace(os.sep, "/")
        meta_path = os.path.join(run_abs, "meta.yaml")
        meta = self.meta(meta_path, ("run_id", "status", "lifecycle_stage"))
        if meta is None:
            if not os.path.isfile(meta_path):
                return None  # not a run directory
            meta = {}
        run = Run(
            store="mlflow",
            run_id=str(meta.get("run_id") or meta.get("run_uuid") or dir_name),
            path=rel,
            experiment=exp_name,
            name=str(meta.get("run_name") or ""),
            status=STATUS.get(str(meta.get("status")), "unknown"),
            start_time=ms_to_iso(meta.get("start_time")),
            end_time=ms_to_iso(meta.get("end_time")),
            deleted=meta.get("lifecycle_stage") == "deleted",
        )
        try:
            kids = {e.name for e in os.scandir(run_abs)}
        except OSError:
            kids = set()
        param_names = _leaf_names(os.path.join(run_abs, "params"))
        run.params = len(param_names)
        for pname in sorted(param_names):
            if is_seed_key(pname):
                value = _read_small(os.path.join(run_abs, "params", pname))
                if value:
                    run.seed = value
                    break
        run.metrics = len(_leaf_names(os.path.join(run_abs, "metrics")))
        tag_dir = os.path.join(run_abs, "tags")
        try:
            present = {e.name for e in os.scandir(tag_dir)}
        except OSError:
            present = set()
        for tag in WANTED_TAGS:
            if tag not in present or (tag == TAG_RUN_NAME and run.name):
                continue
            value = _read_small(os.path.join(tag_dir, tag))
            if value is None:
                continue
            if tag == TAG_COMMIT and is_commit_sha(value):
                run.git_commit = value.strip()
            elif tag == TAG_PARENT and value:
                run.parent_run = value.strip()
            elif tag == TAG_MODEL_HISTORY and value.strip() not in ("", "[]"):
                run.model_artifact = True
            elif tag == TAG_RUN_NAME:
                run.name = value.strip()
        digests = []
        inputs = _subdirs(os.path.join(run_abs, "inputs")) if "inputs" in kids else ()
        for entry in inputs:
            imeta = self.meta(os.path.join(entry.path, "meta.yaml")) or {}
            source = str(imeta.get("source_id") or "")
            if imeta.get("source_type", "DATASET") == "DATASET" and source in datasets:
                digests.append(datasets[source])
        run.data_digests = sorted(set(digests))
        if "outputs" in kids and _subdirs(os.path.join(run_abs, "outputs")):
            run.model_artifact = True
        if "artifacts" in kids:
            self.scan_artifacts(os.path.join(run_abs, "artifacts"), run)
        return run

    def scan_artifacts(self, art_abs: str, run: Run) -> None:
        """A logged model leaves an MLmodel file, usually with its environment next to it."""
        try:
            entries = list(os.scandir(art_abs))
        except OSError:
            return
        for entry in entries:
            name = entry.name
            if entry.is_dir(follow_symlinks=False):
                try:
                    inner = {e.name for e in os.scandir(entry.path)}
                except OSError:
                    continue
                if "MLmodel" in inner:
                    run.model_artifact = True
                if inner & ENV_FILE_NAMES:
                    run.env_captured = True
            elif name == "MLmodel":
                run.model_artifact = True
            elif name.lower() in ENV_FILE_NAMES:
                run.env_captured = True


def _subdirs(path: str) -> list[os.DirEntry]:
    try:
        return sorted((e for e in os.scandir(path) if e.is_dir(follow_symlinks=False)), key=lambda e: e.name)
    except OSError:
        return []


def _leaf_names(path: str, prefix: str = "", depth: int = 0) -> list[str]:
    """Param/metric keys: files, with keys containing '/' stored as nested directories."""
    try:
        entries = list(os.scandir(path))
    except OSError:
        return []
    out = []
    for e in entries:
        if e.is_dir(follow_symlinks=False):
            if depth < 8:
                out.extend(_leaf_names(e.path, f"{prefix}{e.name}/", depth + 1))
        else:
            out.append(prefix + e.name)
    return out


def _read_small(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            return fh.read(64 * 1024).decode("utf-8", "replace")
    except OSError:
        return None


def read_store(col: Collector, root_rel: str) -> None:
    _Reader(col, root_rel).read()


__all__ = ["parse_meta", "read_store"]
