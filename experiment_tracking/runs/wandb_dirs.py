"""Weights & Biases run directories (`wandb/run-…`, `wandb/offline-run-…`).

Online runs leave JSON/YAML files; offline runs of current versions keep most facts only in the
binary `run-<id>.wandb` log, so both are read and merged (files win where both exist).
"""

from __future__ import annotations

import contextlib
import os
import re

from ..model import Run
from .common import Collector, find_seed, is_commit_sha, join, seconds_to_iso
from .wandb_log import WandbLog, decode_file

RUN_DIR = re.compile(r"^(?:offline-)?run-(\d{8}_\d{6})-([A-Za-z0-9]+)$")


def _dir_time(stamp: str) -> str:
    return f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]}"


def read_store(col: Collector, root_rel: str) -> None:
    root_abs = col.abspath(root_rel)
    try:
        entries = sorted(
            (e for e in os.scandir(root_abs) if e.is_dir(follow_symlinks=False)), key=lambda e: e.name
        )
    except OSError as exc:
        col.note("unreadable", root_rel, exc.strerror or type(exc).__name__)
        return
    runs = []
    for entry in entries:
        if RUN_DIR.match(entry.name):
            run = read_run_dir(col, join(root_rel, entry.name))
            if run is not None:
                runs.append(run)
    col.runs.extend(runs)
    col.add_store("wandb", root_rel, len(runs))


def read_run_dir(col: Collector, rel: str) -> Run | None:
    name = rel.rsplit("/", 1)[-1]
    m = RUN_DIR.match(name)
    run_id = m.group(2) if m else name
    col.claimed_dirs.add(rel)
    run = Run(store="wandb", run_id=run_id, path=rel)
    if m:
        run.start_time = _dir_time(m.group(1))
    full = col.abspath(rel)
    try:
        names = {e.name for e in os.scandir(full) if not e.is_symlink()}
    except OSError as exc:
        col.note("unreadable", rel, exc.strerror or type(exc).__name__)
        return None
    log: WandbLog | None = None
    logs = sorted(n for n in names if n.endswith(".wandb"))
    if logs:
        log_rel = join(rel, logs[0])
        log = decode_file(col.abspath(log_rel))
        for problem in log.problems:
            kind = (
                "truncated"
                if any(w in problem for w in ("truncat", "header only", "incomplete"))
                else "parse-error"
            )
            col.note(kind, log_rel, problem)
    config: dict = {}
    summary_keys: set = set()
    python = ""
    if log is not None:
        run.run_id = log.run_id or run_id
        run.experiment = log.project
        run.name = log.display_name
        config = dict(log.config)
        summary_keys = set(log.summary_keys) or set(log.history_keys)
        run.git_commit = log.git_commit or None
        python = log.python
        run.data_digests = sorted(set(log.artifact_digests))
        run.model_artifact = log.model_artifacts > 0
        if log.sweep_id:
            run.parent_run = f"sweep:{log.sweep_id}"
        if log.start_time:
            run.start_time = seconds_to_iso(log.start_time) or run.start_time
        if log.exit_code is None:
            # No exit record: the process died (or is still running) before wandb.finish().
            run.status = "crashed"
        else:
            run.status = "finished" if log.exit_code == 0 else "failed"
    files = join(rel, "files") if "files" in names else None
    if files:
        cfg_rel = join(files, "config.yaml")
        if col.exists(cfg_rel):
            data = col.read_yaml(cfg_rel)
            if isinstance(data, dict):
                for k, v in data.items():
                    config[k] = v.get("value") if isinstance(v, dict) and "value" in v else v
        meta_rel = join(files, "wandb-metadata.json")
        if col.exists(meta_rel):
            meta = col.read_json(meta_rel)
            if isinstance(meta, dict):
                git = meta.get("git") if isinstance(meta.get("git"), dict) else {}
                if is_commit_sha(git.get("commit")):
                    run.git_commit = git["commit"]
                python = python or str(meta.get("python") or "")
                if meta.get("startedAt") and not log:
                    run.start_time = str(meta["startedAt"])[:19] + "Z"
        summ_rel = join(files, "wandb-summary.json")
        if col.exists(summ_rel):
            summ = col.read_json(summ_rel)
            if isinstance(summ, dict):
                summary_keys |= set(summ)
        try:
            fnames = {e.name.lower() for e in os.scandir(col.abspath(files))}
        except OSError:
            fnames = set()
        if fnames & {"requirements.txt", "conda-environment.yaml", "conda-environment.yml"}:
            run.env_captured = True
        if "diff.patch" in fnames:
            with contextlib.suppress(OSError):
                run.git_dirty = os.path.getsize(col.abspath(join(files, "diff.patch"))) > 0
    if python:
        run.env_captured = True
    if run.git_commit and not is_commit_sha(run.git_commit):
        run.git_commit = None
    params = {k: v for k, v in config.items() if not str(k).startswith("_") and k != "wandb_version"}
    run.params = len(params)
    run.seed = find_seed(params)
    run.metrics = sum(1 for k in summary_keys if not str(k).startswith("_"))
    return run


def read_loose_run(col: Collector, rel: str) -> None:
    """A run log found outside any wandb/ directory (custom WANDB_DIR)."""
    run = read_run_dir(col, rel)
    if run is not None:
        col.runs.append(run)
        col.add_store("wandb", rel, 1)
