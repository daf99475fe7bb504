"""Decoder for the binary W&B run log `run-<id>.wandb` (stdlib only).

Framing is the LevelDB log format: 32 KiB blocks, each record chunk with a 7-byte header
(masked CRC-32C, little-endian length, type FULL=1/FIRST=2/MIDDLE=3/LAST=4); a 7-byte file
header `:W&B` + 0xBEE1 + version 0 opens the first block. Each record is a protobuf
`wandb_internal.Record`; field numbers below follow wandb_internal.proto. CRCs are not verified
(pure-Python CRC-32C would dominate the cost); damage shows up as framing or protobuf errors.
"""

from __future__ import annotations

import json
import os
import struct
from dataclasses import dataclass, field

from . import protobuf as pb

MAGIC = b":W&B"
HEADER_LEN = 7
BLOCK = 32 * 1024
FULL, FIRST, MIDDLE, LAST = 1, 2, 3, 4
# Large logs are mostly history; the facts we need sit in the first and last records.
HEAD_TAIL_BYTES = 16 * 1024 * 1024

# wandb_internal.Record fields
R_HISTORY, R_SUMMARY, R_CONFIG, R_ARTIFACT, R_RUN, R_EXIT = 2, 3, 5, 8, 17, 18
R_HEADER, R_USE_ARTIFACT, R_ENVIRONMENT, R_REQUEST = 21, 25, 26, 100
REQ_RUN_START = 11


@dataclass
class WandbLog:
    run_id: str = ""
    project: str = ""
    entity: str = ""
    display_name: str = ""
    run_group: str = ""
    sweep_id: str = ""
    start_time: float | None = None
    config: dict = field(default_factory=dict)
    summary_keys: set = field(default_factory=set)
    history_keys: set = field(default_factory=set)
    git_commit: str = ""
    git_remote: str = ""
    python: str = ""
    program: str = ""
    cuda: str = ""
    exit_code: int | None = None
    artifact_digests: list = field(default_factory=list)
    model_artifacts: int = 0
    records: int = 0
    problems: list = field(default_factory=list)
    partial: bool = False  # only the head and tail of a huge log were read


def read_chunks(data: bytes, start: int = HEADER_LEN, resync: bool = False):
    """Yield whole records (bytes); a trailing problem is raised as DecodeError after the rest."""
    pos = start
    n = len(data)
    pending: bytearray | None = None
    skipping = resync  # after a jump into the middle, drop fragments until a record starts
    while pos < n:
        left = BLOCK - pos % BLOCK
        if left < HEADER_LEN:
            pos += left
            continue
        if pos + HEADER_LEN > n:
            raise pb.DecodeError(f"truncated chunk header at byte {pos}")
        _crc, length, kind = struct.unpack_from("<IHB", data, pos)
        if kind == 0 and length == 0:
            pos += left  # zero padding / preallocated space: skip to the next block
            continue
        pos += HEADER_LEN
        if length > left - HEADER_LEN or kind not in (FULL, FIRST, MIDDLE, LAST):
            raise pb.DecodeError(f"bad chunk (type {kind}, length {length}) at byte {pos - HEADER_LEN}")
        if pos + length > n:
            raise pb.DecodeError(f"record cut off at byte {pos - HEADER_LEN} (file truncated)")
        chunk = data[pos : pos + length]
        pos += length
        if skipping and kind in (MIDDLE, LAST):
            continue
        skipping = False
        if kind == FULL:
            pending = None
            yield chunk
        elif kind == FIRST:
            pending = bytearray(chunk)
        elif pending is not None:
            pending += chunk
            if kind == LAST:
                yield bytes(pending)
                pending = None
    if pending is not None:
        raise pb.DecodeError("last record is incomplete (file truncated)")


def _items(buf: bytes) -> list[tuple[str, bytes]]:
    """ConfigItem/SummaryItem/HistoryItem: (dotted key, value_json bytes)."""
    msg = pb.fields(buf)
    key = pb.text(msg, 1)
    nested = [v.decode("utf-8", "replace") for v in msg.get(2, [])]
    return [(".".join(nested) if nested else key, pb.first(msg, 16, b""))]


def _json(raw: bytes):
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return raw.decode("utf-8", "replace")


def _apply(log: WandbLog, rec: bytes) -> None:
    for num, wt, val in pb.iter_fields(rec):
        if wt != pb.LEN:
            continue
        if num == R_HISTORY:
            for item in pb.fields(val).get(1, []):
                key, _ = _items(item)[0]
                log.history_keys.add(key)
        elif num == R_SUMMARY:
            for item in pb.fields(val).get(1, []):
                key, _ = _items(item)[0]
                log.summary_keys.add(key)
        elif num == R_CONFIG:
            _config(log, val)
        elif num == R_RUN:
            _run(log, val)
        elif num == R_REQUEST:
            start = pb.first(pb.fields(val), REQ_RUN_START)
            if start is not None:
                inner = pb.first(pb.fields(start), 1)
                if inner is not None:
                    _run(log, inner)
        elif num == R_EXIT:
            msg = pb.fields(val)
            log.exit_code = pb.as_int32(pb.first(msg, 1, 0))
        elif num == R_ENVIRONMENT:
            msg = pb.fields(val)
            log.python = log.python or pb.text(msg, 2)
            log.program = log.program or pb.text(msg, 6)
            log.cuda = log.cuda or pb.text(msg, 25)
            git = pb.first(msg, 9)
            if git is not None:
                _git(log, git)
        elif num == R_ARTIFACT:
            msg = pb.fields(val)
            kind = pb.text(msg, 4)
            if kind == "dataset" and pb.text(msg, 6):
                log.artifact_digests.append(pb.text(msg, 6))
            elif kind == "model":
                log.model_artifacts += 1
        elif num == R_USE_ARTIFACT:
            msg = pb.fields(val)
            if pb.text(msg, 1):
                log.artifact_digests.append(f"artifact:{pb.text(msg, 1)}")


def _config(log: WandbLog, buf: bytes) -> None:
    msg = pb.fields(buf)
    for item in msg.get(1, []):
        key, raw = _items(item)[0]
        log.config[key] = _json(raw)
    for item in msg.get(2, []):
        key, _ = _items(item)[0]
        log.config.pop(key, None)


def _git(log: WandbLog, buf: bytes) -> None:
    msg = pb.fields(buf)
    log.git_remote = log.git_remote or pb.text(msg, 1)
    log.git_commit = log.git_commit or pb.text(msg, 2)


def _run(log: WandbLog, buf: bytes) -> None:
    msg = pb.fields(buf)
    log.run_id = log.run_id or pb.text(msg, 1)
    log.entity = log.entity or pb.text(msg, 2)
    log.project = log.project or pb.text(msg, 3)
    log.run_group = log.run_group or pb.text(msg, 6)
    log.display_name = log.display_name or pb.text(msg, 8)
    log.sweep_id = log.sweep_id or pb.text(msg, 12)
    cfg = pb.first(msg, 4)
    if cfg is not None:
        _config(log, cfg)
    summ = pb.first(msg, 5)
    if summ is not None:
        for item in pb.fields(summ).get(1, []):
            log.summary_keys.add(_items(item)[0][0])
    ts = pb.first(msg, 17)
    if ts is not None and log.start_time is None:
        log.start_time = pb.first(pb.fields(ts), 1, 0) or None
    git = pb.first(msg, 21)
    if git is not None:
        _git(log, git)


def _decode_all(log: WandbLog, data: bytes, start: int, resync: bool) -> None:
    try:
        for rec in read_chunks(data, start, resync):
            log.records += 1
            try:
                _apply(log, rec)
            except pb.DecodeError as exc:
                log.problems.append(f"record {log.records}: {exc}")
    except pb.DecodeError as exc:
        log.problems.append(str(exc))


def decode_file(path: str) -> WandbLog:
    """Decode one run log; problems are collected in `.problems`, never raised."""
    log = WandbLog()
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            if size <= 2 * HEAD_TAIL_BYTES:
                data = fh.read()
                tail = None
            else:
                data = fh.read(HEAD_TAIL_BYTES)
                tail_start = (size - HEAD_TAIL_BYTES) // BLOCK * BLOCK
                fh.seek(tail_start)
                tail = (tail_start, fh.read())
    except OSError as exc:
        log.problems.append(exc.strerror or type(exc).__name__)
        return log
    if len(data) < HEADER_LEN or data[:4] != MAGIC:
        log.problems.append("not a W&B run log (no :W&B header)")
        return log
    if tail is None:
        _decode_all(log, data, HEADER_LEN, False)
    else:
        log.partial = True
        cut = len(data) // BLOCK * BLOCK
        _decode_all(log, data[:cut], HEADER_LEN, False)
        log.problems = [p for p in log.problems if "truncated" not in p and "incomplete" not in p]
        # The tail starts on a block boundary, so block offsets inside it stay valid.
        _decode_all(log, tail[1], 0, True)
    if log.records == 0 and not log.problems:
        log.problems.append("header only: no records were written (the process died early)")
    return log
