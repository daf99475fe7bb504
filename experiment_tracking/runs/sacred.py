"""Sacred FileStorageObserver runs: `<dir>/<id>/{run.json,config.json,metrics.json}`."""

from __future__ import annotations

from ..model import Run
from .common import Collector, find_seed, flatten, is_commit_sha, join, walk

STATUS = {
    "COMPLETED": "finished",
    "FAILED": "failed",
    "INTERRUPTED": "killed",
    "TIMED_OUT": "failed",
    "RUNNING": "running",  # also what a hard-killed run leaves behind (heartbeat just stops)
    "QUEUED": "unknown",
}
MODEL_SUFFIXES = (".pt", ".pth", ".ckpt", ".pkl", ".joblib", ".h5", ".onnx", ".safetensors", ".keras")


def _iso(value) -> str | None:
    if not isinstance(value, str) or len(value) < 19:
        return None
    return value[:19] + "Z"


def read_store(col: Collector, root: str) -> None:
    """Every run directory below the observer directory `root` (or `root` itself)."""
    for rel, dirnames, filenames in walk(col, root, 3, frozenset({"_sources", "_resources"})):
        if "run.json" in filenames:
            dirnames[:] = []
            read_run(col, rel)


def read_run(col: Collector, rel: str) -> None:
    parent = rel.rsplit("/", 1)[0] if "/" in rel else "."
    run_id = rel.rsplit("/", 1)[-1]
    run = Run(store="sacred", run_id=run_id, path=rel)
    info = col.read_json(join(rel, "run.json"))
    if not isinstance(info, dict):
        info = {}
        run.status = "unknown"
    exp = info.get("experiment") if isinstance(info.get("experiment"), dict) else {}
    run.experiment = str(exp.get("name") or "")
    run.status = STATUS.get(str(info.get("status", "")).upper(), "unknown")
    run.start_time = _iso(info.get("start_time"))
    run.end_time = _iso(info.get("stop_time"))
    repos = [r for r in exp.get("repositories") or [] if isinstance(r, dict)]
    for repo in repos:
        if is_commit_sha(repo.get("commit")):
            run.git_commit = str(repo["commit"])
            run.git_dirty = bool(repo.get("dirty")) if "dirty" in repo else None
            break
    host = info.get("host") if isinstance(info.get("host"), dict) else {}
    run.env_captured = bool(exp.get("dependencies")) or bool(host.get("python_version"))
    resources = info.get("resources") or []
    run.data_digests = sorted(
        {str(r[1]) for r in resources if isinstance(r, (list, tuple)) and len(r) == 2 and r[1]}
    )
    artifacts = [str(a) for a in info.get("artifacts") or []]
    run.model_artifact = any(a.lower().endswith(MODEL_SUFFIXES) or "model" in a.lower() for a in artifacts)
    config = col.read_json(join(rel, "config.json")) if col.exists(join(rel, "config.json")) else None
    if isinstance(config, dict):
        run.params = len([k for k in flatten(config) if k != "seed"])
        run.seed = find_seed(config)
    metrics_rel = join(rel, "metrics.json")
    if col.exists(metrics_rel):
        metrics = col.read_json(metrics_rel)
        if isinstance(metrics, dict):
            run.metrics = len(metrics)
    col.runs.append(run)
    col.add_store("sacred", parent, 1)
