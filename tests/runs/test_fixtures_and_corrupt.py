"""Committed fixtures for old layouts, and hostile inputs that must become notes, never errors."""

from __future__ import annotations

import io
import json
import shutil
import struct
import zipfile
from pathlib import Path

import pytest

from experiment_tracking.runs.render import render_runs_markdown

from .conftest import catalog_of, init_repo

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "stores"


def _copy(name: str, dest: Path) -> Path:
    shutil.copytree(FIXTURES / name, dest, dirs_exist_ok=True)
    return dest


def test_mlflow_2x_file_store(tmp_path):
    cat, link = catalog_of(_copy("mlflow2", tmp_path))
    (run,) = cat.runs
    assert (run.store, run.name, run.status, run.experiment) == ("mlflow", "legacy-run", "finished", "legacy")
    assert run.params == 2 and run.metrics == 2 and run.seed == "17"
    assert run.model_artifact and run.env_captured
    assert run.git_commit == "deadbeef" * 5
    assert run.commit_status == "unknown"  # not a git repository
    assert not link.is_git
    assert cat.registered_models == [
        {"store": "mlflow", "name": "clf", "versions": 1, "path": "mlruns/models/clf"}
    ]


def test_wandb_online_run_files(tmp_path):
    cat, _ = catalog_of(_copy("wandb_online", tmp_path))
    (run,) = cat.runs
    assert run.run_id == "abc123" and run.status == "unknown"  # no binary log to prove the end
    assert run.params == 2 and run.seed == "1234" and run.metrics == 2
    assert run.git_commit == "cafebabe" * 5 and run.git_dirty is True
    assert run.env_captured
    out = json.dumps(cat.to_dict())
    assert "example.invalid" not in out  # the remote URL is not copied into the catalog


def test_guild_never_reads_env(tmp_path):
    cat, link = catalog_of(_copy("guild", tmp_path))
    (run,) = cat.runs
    assert run.store == "guild" and run.status == "finished" and run.seed == "9"
    assert run.git_commit == "0123abcd" * 5 and run.git_dirty is True and run.env_captured
    text = render_runs_markdown(cat, link) + json.dumps(cat.to_dict()) + json.dumps(link.to_dict())
    assert "FIXTURE_SECRET_TOKEN" not in text


def test_lightning(tmp_path):
    cat, _ = catalog_of(_copy("lightning", tmp_path))
    (run,) = cat.runs
    assert (run.store, run.run_id, run.params, run.metrics, run.seed) == (
        "lightning",
        "version_0",
        3,
        2,
        "11",
    )
    assert run.model_artifact


def test_half_written_meta_yaml(tmp_path):
    run_dir = _copy("mlflow2", tmp_path) / "mlruns" / "1" / "5f0e8a3c2b1d4e6f8a9b0c1d2e3f4a5b"
    (run_dir / "meta.yaml").write_text("artifact_uri: ./mlruns/1/x/artifacts\nend_time: 16900")
    cat, _ = catalog_of(tmp_path)
    (run,) = cat.runs
    assert run.status == "unknown" and run.run_id == run_dir.name
    assert any(n.kind == "truncated" and n.path.endswith("meta.yaml") for n in cat.notes)
    (run_dir / "meta.yaml").write_text("run_id: [unclosed\n  - : :\n")
    cat, _ = catalog_of(tmp_path)
    assert any(n.kind == "parse-error" for n in cat.notes)


def _tf_record(payload: bytes) -> bytes:
    return struct.pack("<Q", len(payload)) + b"\0" * 4 + payload + b"\0" * 4


def _scalar_event(tag: str, value: float, step: int) -> bytes:
    val = b"\x0a" + bytes([len(tag)]) + tag.encode() + b"\x15" + struct.pack("<f", value)
    summary = b"\x0a" + bytes([len(val)]) + val
    return (
        b"\x09"
        + struct.pack("<d", 1.7e9 + step)
        + b"\x10"
        + bytes([step])
        + b"\x2a"
        + bytes([len(summary)])
        + summary
    )


def test_truncated_event_file(tmp_path):
    init_repo(tmp_path)
    d = tmp_path / "logs" / "run1"
    d.mkdir(parents=True)
    data = b"".join(_tf_record(_scalar_event(t, 0.5, s)) for s in range(3) for t in ("loss", "acc"))
    (d / "events.out.tfevents.1.host").write_bytes(data[:-7])
    cat, _ = catalog_of(tmp_path)
    (run,) = [r for r in cat.runs if r.store == "tensorboard"]
    assert run.metrics == 2 and run.path == "logs/run1"
    assert any(n.kind == "truncated" and "tfevents" in n.path for n in cat.notes)


def test_header_only_and_garbage_wandb_logs(tmp_path):
    init_repo(tmp_path)
    a = tmp_path / "wandb" / "offline-run-20240101_000000-aaaa1111"
    b = tmp_path / "wandb" / "offline-run-20240101_000001-bbbb2222"
    c = tmp_path / "wandb" / "offline-run-20240101_000002-cccc3333"
    for d in (a, b, c):
        d.mkdir(parents=True)
    (a / "run-aaaa1111.wandb").write_bytes(b":W&B\xe1\xbe\x00")
    (b / "run-bbbb2222.wandb").write_bytes(b":W&B\xe1\xbe\x00" + bytes(range(256)) * 40)
    (c / "run-cccc3333.wandb").write_bytes(b"PK\x03\x04 not wandb")
    cat, _ = catalog_of(tmp_path)
    runs = {r.run_id: r for r in cat.runs}
    assert runs["aaaa1111"].status == "crashed"
    kinds = {n.path.rsplit("/", 1)[-1]: n.kind for n in cat.notes}
    assert kinds["run-aaaa1111.wandb"] == "truncated"
    assert kinds["run-bbbb2222.wandb"] in ("parse-error", "truncated")
    assert kinds["run-cccc3333.wandb"] == "parse-error"


def test_comet_zips(tmp_path):
    init_repo(tmp_path)
    d = tmp_path / ".cometml-runs"
    d.mkdir()
    with zipfile.ZipFile(d / "good.zip", "w") as zf:
        zf.writestr(
            "experiment.json",
            json.dumps({"offline_id": "abc", "project_name": "p", "start_time": 1, "stop_time": 2}),
        )
        msgs = [
            {"type": "parameter_msg", "payload": {"param": {"paramName": "seed", "paramValue": 3}}},
            {"type": "metric_msg", "payload": {"metric": {"metricName": "loss", "metricValue": 1}}},
        ]
        zf.writestr("messages.json", "\n".join(json.dumps(m) for m in msgs))
    with zipfile.ZipFile(d / "other.zip", "w") as zf:
        zf.writestr("readme.txt", "hello")
    (d / "broken.zip").write_bytes(b"PK\x03\x04garbage")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("messages.json", b"\0" * (30 * 1024 * 1024))
    (d / "bomb.zip").write_bytes(buf.getvalue())
    cat, _ = catalog_of(tmp_path)
    (run,) = cat.runs
    assert (run.store, run.run_id, run.params, run.metrics, run.seed) == ("comet", "abc", 1, 1, "3")
    kinds = {n.path.rsplit("/", 1)[-1]: n.kind for n in cat.notes}
    assert kinds == {"other.zip": "not-a-run-store", "broken.zip": "parse-error", "bomb.zip": "skipped-large"}


def test_broken_sacred_run_json(tmp_path):
    init_repo(tmp_path)
    d = tmp_path / "runs" / "1"
    d.mkdir(parents=True)
    (d / "run.json").write_text('{"status": "COMPLETED", "experiment": {')
    (d / "config.json").write_text('{"seed": 1}')
    cat, _ = catalog_of(tmp_path)
    (run,) = cat.runs
    assert run.status == "unknown" and run.seed == "1"
    assert any(n.kind == "parse-error" and n.path == "runs/1/run.json" for n in cat.notes)


def test_render_is_deterministic_and_redacted(tmp_path):
    run_dir = _copy("mlflow2", tmp_path) / "mlruns" / "1" / "5f0e8a3c2b1d4e6f8a9b0c1d2e3f4a5b"
    meta = (
        (run_dir / "meta.yaml")
        .read_text()
        .replace("run_name: legacy-run", "run_name: https://bob:hunter2@host.invalid/x")
    )
    (run_dir / "meta.yaml").write_text(meta)
    cat, link = catalog_of(tmp_path)
    text = render_runs_markdown(cat, link)
    assert text == render_runs_markdown(*catalog_of(tmp_path))
    assert "hunter2" not in text and "hunter2" not in json.dumps(cat.to_dict())
    assert not any(line.startswith("## ") or line.startswith("# ") for line in text.splitlines())
    assert "### Tracking stores" in text and "flowchart LR" in text
    assert "1 MLflow run: 100% record a commit, 1 commit is not in this history, 0% recreatable" in text
    assert "mlruns/1/5f0e8a3c2b1d4e6f8a9b0c1d2e3f4a5b" in text


def test_empty_repository(tmp_path):
    init_repo(tmp_path)
    cat, link = catalog_of(tmp_path)
    assert cat.runs == [] and cat.to_dict()["run_count"] == 0
    assert "No tracking store" in render_runs_markdown(cat, link)


@pytest.mark.parametrize("junk", [b"", b"\x00" * 100, b"SQLite format 3\x00" + b"\xff" * 200])
def test_bad_sqlite_files(tmp_path, junk):
    init_repo(tmp_path)
    (tmp_path / "mlflow.db").write_bytes(junk)
    cat, _ = catalog_of(tmp_path)
    assert cat.runs == []


def test_a_dvc_stage_depending_on_its_params_file_records_parameters():
    from experiment_tracking.runs.dvc import stage_facts

    stage = {"cmd": "python train.py", "deps": [{"path": "params.yaml", "md5": "2f54bf98644bded151bd207bc6305825"},
                                                 {"path": "src/train.py", "md5": "72ba533fbf83fe00ac4d0ce971f03194"}]}  # fmt: skip
    assert stage_facts(stage)["params"] == {"params.yaml#md5": "2f54bf98644bded151bd207bc6305825"}
