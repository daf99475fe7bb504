"""Comet offline archives (`.cometml-runs/*.zip`): experiment.json plus messages.json lines."""

from __future__ import annotations

import json
import os
import zipfile

from ..model import Run
from .common import Collector, find_seed, join, ms_to_iso

# A zip bomb must not be inflated: bound entries, total size and compression ratio.
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 10_000


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with zf.open(info) as fh:
        data = fh.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:
        raise ValueError("member larger than its header says")
    return data


def read_archive(col: Collector, rel: str) -> Run | None:
    try:
        zf = zipfile.ZipFile(col.abspath(rel))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        col.note("parse-error", rel, f"not a readable zip: {exc}")
        return None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            col.note("skipped-large", rel, f"{len(infos)} members")
            return None
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_MEMBER_BYTES or ratio > MAX_RATIO:
                col.note(
                    "skipped-large",
                    rel,
                    f"{info.filename}: {info.file_size} bytes, ratio {ratio:.0f} (zip bomb?)",
                )
                return None
        names = {i.filename: i for i in infos}
        if "experiment.json" not in names and "messages.json" not in names:
            col.note("not-a-run-store", rel, "zip without Comet experiment.json/messages.json")
            return None
        try:
            exp = json.loads(_read_member(zf, names["experiment.json"])) if "experiment.json" in names else {}
            messages = (
                _read_member(zf, names["messages.json"]).decode("utf-8", "replace")
                if "messages.json" in names
                else ""
            )
        except (ValueError, zipfile.BadZipFile, OSError, RuntimeError) as exc:
            col.note("parse-error", rel, str(exc))
            return None
    if not isinstance(exp, dict):
        exp = {}
    run = Run(
        store="comet",
        run_id=str(exp.get("offline_id") or exp.get("experiment_key") or os.path.basename(rel)),
        path=rel,
    )
    run.experiment = str(exp.get("project_name") or "")
    run.start_time = ms_to_iso(exp.get("start_time"))
    run.end_time = ms_to_iso(exp.get("stop_time"))
    run.status = "finished" if exp.get("stop_time") else "unknown"
    params: dict = {}
    metrics: set = set()
    for line in messages.splitlines():
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if not isinstance(msg, dict):
            continue
        payload = msg.get("payload") if isinstance(msg.get("payload"), dict) else msg
        kind = str(msg.get("type", ""))
        if "param" in kind and isinstance(payload.get("param"), dict):
            params[str(payload["param"].get("paramName"))] = payload["param"].get("paramValue")
        elif "parameter" in kind or "param" in kind:
            if payload.get("name") is not None:
                params[str(payload["name"])] = payload.get("value")
        elif "metric" in kind:
            m = payload.get("metric") if isinstance(payload.get("metric"), dict) else payload
            if m.get("metricName") or m.get("name"):
                metrics.add(str(m.get("metricName") or m.get("name")))
        elif "git" in kind:
            git = payload.get("gitMetadata") if isinstance(payload.get("gitMetadata"), dict) else payload
            if git.get("parent") or git.get("commit"):
                run.git_commit = str(git.get("commit") or git.get("parent"))
        elif "installed_packages" in kind or "os_packages" in kind:
            run.env_captured = True
    run.params = len(params)
    run.seed = find_seed(params)
    run.metrics = len(metrics)
    return run


def read_store(col: Collector, root: str) -> None:
    runs = []
    try:
        names = sorted(n for n in os.listdir(col.abspath(root)) if n.endswith(".zip"))
    except OSError:
        names = []
    for name in names:
        run = read_archive(col, join(root, name))
        if run is not None:
            runs.append(run)
    col.runs.extend(runs)
    col.add_store("comet", root, len(runs))
