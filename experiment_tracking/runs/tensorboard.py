"""TensorBoard event files: TFRecord framing plus just enough of the Event/Summary protobufs.

A run is a directory of event files. Field numbers follow tensorflow/core/util/event.proto,
summary.proto and tensorboard/plugins/hparams/plugin_data.proto.
"""

from __future__ import annotations

import os
import struct

from ..model import Run
from . import protobuf as pb
from .common import Collector, find_seed, seconds_to_iso

# Event files can hold images and histograms; scan at most this much per file.
MAX_SCAN_BYTES = 256 * 1024 * 1024
HPARAMS_STATUS = {1: "finished", 2: "failed", 3: "running"}


class _RunFacts:
    def __init__(self) -> None:
        self.scalar_tags: set[str] = set()
        self.steps: set[int] = set()
        self.first: float | None = None
        self.last: float | None = None
        self.hparams: dict = {}
        self.status: str | None = None


def iter_records(fh, limit: int):
    """Yield record payloads; raises DecodeError when the file ends inside a record."""
    read = 0
    while True:
        head = fh.read(12)
        if not head:
            return
        if len(head) < 12:
            raise pb.DecodeError("truncated record header")
        (length,) = struct.unpack("<Q", head[:8])
        if length > 64 * 1024 * 1024:
            raise pb.DecodeError(f"implausible record length {length}")
        data = fh.read(length + 4)
        if len(data) < length + 4:
            raise pb.DecodeError("record cut off (file truncated)")
        read += 12 + length + 4
        yield data[:length]
        if read > limit:
            raise pb.DecodeError(f"scan stopped after {limit} bytes")


def _value_number(buf: bytes):
    """google.protobuf.Value -> python value."""
    msg = pb.fields(buf)
    if 2 in msg:
        v = pb.as_double(msg[2][0])
        return int(v) if v.is_integer() else v
    if 3 in msg:
        return pb.text(msg, 3)
    if 4 in msg:
        return bool(msg[4][0])
    return None


def _hparams(facts: _RunFacts, content: bytes) -> None:
    msg = pb.fields(content)
    start = pb.first(msg, 3)
    if start is not None:
        for entry in pb.fields(start).get(1, []):
            e = pb.fields(entry)
            key = pb.text(e, 1)
            val = pb.first(e, 2)
            facts.hparams[key] = _value_number(val) if val is not None else None
    end = pb.first(msg, 4)
    if end is not None:
        status = pb.first(pb.fields(end), 1, 0)
        facts.status = HPARAMS_STATUS.get(status, facts.status)


def _event(facts: _RunFacts, rec: bytes) -> None:
    ev = pb.fields(rec)
    wall = pb.first(ev, 1)
    if wall is not None:
        t = pb.as_double(wall)
        facts.first = t if facts.first is None else min(facts.first, t)
        facts.last = t if facts.last is None else max(facts.last, t)
    summary = pb.first(ev, 5)
    if summary is None:
        return
    step = pb.as_int32(pb.first(ev, 2, 0))
    for value in pb.fields(summary).get(1, []):
        v = pb.fields(value)
        tag = pb.text(v, 1)
        plugin = ""
        meta = pb.first(v, 9)
        if meta is not None:
            pdata = pb.first(pb.fields(meta), 1)
            if pdata is not None:
                pd = pb.fields(pdata)
                plugin = pb.text(pd, 1)
                if plugin == "hparams":
                    _hparams(facts, pb.first(pd, 2, b""))
                    continue
        if 2 in v or (plugin == "scalars" and 8 in v):
            facts.scalar_tags.add(tag)
            facts.steps.add(step)


def read_dir(col: Collector, rel_dir: str, names: list[str]) -> Run:
    facts = _RunFacts()
    for name in sorted(names):
        rel = f"{rel_dir}/{name}" if rel_dir != "." else name
        try:
            with open(col.abspath(rel), "rb") as fh:
                for rec in iter_records(fh, MAX_SCAN_BYTES):
                    try:
                        _event(facts, rec)
                    except pb.DecodeError as exc:
                        col.note("parse-error", rel, f"bad event record: {exc}")
                        break
        except pb.DecodeError as exc:
            col.note("truncated", rel, str(exc))
        except OSError as exc:
            col.note("unreadable", rel, exc.strerror or type(exc).__name__)
    parent = rel_dir.rsplit("/", 1)[0] if "/" in rel_dir else "."
    return Run(
        store="tensorboard",
        run_id=rel_dir,
        path=rel_dir,
        experiment=parent,
        status=facts.status or "unknown",
        start_time=seconds_to_iso(facts.first),
        end_time=seconds_to_iso(facts.last),
        params=len(facts.hparams),
        metrics=len(facts.scalar_tags),
        seed=find_seed(facts.hparams),
    )


def read_all(col: Collector, paths: list[str]) -> None:
    by_dir: dict[str, list[str]] = {}
    for p in paths:
        d, _, name = p.rpartition("/")
        by_dir.setdefault(d or ".", []).append(name)
    claimed = sorted(col.claimed_dirs)
    per_store: dict[str, int] = {}
    tops: dict[str, str] = {}
    for d in sorted(by_dir):
        if any(d == c or d.startswith(c + "/") for c in claimed):
            continue
        run = read_dir(col, d, by_dir[d])
        # tensorboardX writes add_hparams() into a subdirectory of the run it describes.
        parent = next((t for t in sorted(tops, key=len, reverse=True) if d.startswith(t + "/")), None)
        if parent is not None:
            run.parent_run = parent
            store = tops[parent]
        else:
            store = run.experiment
        tops[d] = store
        col.runs.append(run)
        per_store[store] = per_store.get(store, 0) + 1
    for store, n in sorted(per_store.items()):
        col.add_store("tensorboard", store, n)


def scalar_tags(col: Collector, rel_dir: str) -> int:
    """Scalar tag count for another store's run directory (Lightning's TensorBoardLogger)."""
    try:
        names = [n for n in os.listdir(col.abspath(rel_dir)) if n.startswith("events.out.tfevents.")]
    except OSError:
        return 0
    return read_dir(col, rel_dir, names).metrics if names else 0
