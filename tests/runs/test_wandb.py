"""W&B offline runs written by wandb itself, decoded from the binary run log."""

from __future__ import annotations

import glob
from pathlib import Path

import pytest

from experiment_tracking.runs import wandb_log

from .conftest import catalog_of, init_repo, run_script

GEN = """
import os, wandb
run = wandb.init(project="proj", config={"seed": 7, "lr": 0.01, "opt": {"name": "adam"}}, name="first")
for i in range(5):
    run.log({"loss": 1 / (i + 1), "acc": i * 0.1})
run.summary["best"] = 0.9
run.finish()
run = wandb.init(project="proj", config={"lr": 0.02})
run.log({"loss": 3})
run.finish(exit_code=1)
run = wandb.init(project="proj", config={"lr": 0.03})
run.log({"loss": 3})
os._exit(0)
"""


@pytest.fixture(scope="module")
def wandb_repo(stores_home):
    pytest.importorskip("wandb")
    repo = stores_home / "wandb"
    head = init_repo(repo)
    run_script(repo, GEN, env={"WANDB_MODE": "offline", "WANDB_SILENT": "true", "WANDB_DISABLE_CODE": "true"})
    cat, link = catalog_of(repo)
    return repo, head, cat, link


def test_runs_and_states(wandb_repo):
    _, head, cat, link = wandb_repo
    runs = [r for r in cat.runs if r.store == "wandb"]
    assert sorted(r.status for r in runs) == ["crashed", "failed", "finished"]
    first = next(r for r in runs if r.status == "finished")
    killed = next(r for r in runs if r.status == "crashed")
    assert (first.status, first.name, first.experiment) == ("finished", "first", "proj")
    assert first.seed == "7" and first.params == 3
    assert first.metrics == 3  # loss, acc, best
    assert first.git_commit == head and first.commit_status == "reachable"
    assert first.env_captured
    # os._exit before finish(): no exit record (often not even one record) -> crashed.
    assert killed.metrics == 0 or killed.git_commit == head


def test_decoder_agrees_with_wandb_protobuf(wandb_repo):
    pb2 = pytest.importorskip("wandb.proto.wandb_internal_pb2")
    repo, _, _, _ = wandb_repo
    for path in glob.glob(str(repo / "wandb" / "*run-*" / "run-*.wandb")):
        data = Path(path).read_bytes()
        records = list(wandb_log.read_chunks(data)) if len(data) > 7 else []
        kinds = [pb2.Record.FromString(r).WhichOneof("record_type") for r in records]
        log = wandb_log.decode_file(path)
        assert log.records == len(records)
        if "exit" in kinds:
            exit_rec = next(
                pb2.Record.FromString(r) for r in records if pb2.Record.FromString(r).HasField("exit")
            )
            assert log.exit_code == exit_rec.exit.exit_code
        if "run" in kinds:
            run_rec = next(
                pb2.Record.FromString(r) for r in records if pb2.Record.FromString(r).HasField("run")
            )
            assert log.run_id == run_rec.run.run_id
            assert set(log.config) == {i.key for i in run_rec.run.config.update}


def test_header_only_log_is_a_note(wandb_repo):
    _, _, cat, _ = wandb_repo
    notes = [n for n in cat.notes if n.path.endswith(".wandb")]
    killed = [r for r in cat.runs if r.status == "crashed"]
    if any(n.kind == "truncated" for n in notes):
        assert killed


def test_multi_block_records(tmp_path):
    """Records larger than a 32 KiB block are split FIRST/MIDDLE/LAST and must be rejoined."""
    big = b"x" * 70000
    payload = b"\x0a" + _varint(len(big)) + big
    data = bytearray(b":W&B\xe1\xbe\x00")
    _append_record(data, payload)
    _append_record(data, b"\x92\x01\x02\x08\x01")  # exit record, exit_code 1
    f = tmp_path / "run-x.wandb"
    f.write_bytes(bytes(data))
    log = wandb_log.decode_file(str(f))
    assert log.problems == [] and log.records == 2 and log.exit_code == 1
    f.write_bytes(bytes(data[:40000]))
    log = wandb_log.decode_file(str(f))
    assert log.problems and log.exit_code is None


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _append_record(data: bytearray, payload: bytes) -> None:
    import struct

    first = True
    while True:
        left = wandb_log.BLOCK - len(data) % wandb_log.BLOCK
        if left < 7:
            data += b"\0" * left
            continue
        room = left - 7
        chunk, payload = payload[:room], payload[room:]
        if first and not payload:
            kind = 1
        elif first:
            kind = 2
        elif payload:
            kind = 3
        else:
            kind = 4
        data += struct.pack("<IHB", 0, len(chunk), kind) + chunk
        first = False
        if not payload:
            return
