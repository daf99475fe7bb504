"""The content cache: warm audits parse only what changed, and a bad entry is never trusted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import git, make_git_repo

from experiment_tracking.audit import audit_dict, audit_with_validation
from experiment_tracking.cache import MAGIC, FactCache, cache_dir, git_blob_ids
from experiment_tracking.index import codec
from experiment_tracking.index.build import FileResult
from experiment_tracking.index.python_facts import Dyn, ModuleFacts

FILES = {
    "train.py": "import mlflow\nmlflow.log_param('lr', 0.1)\n",
    "conf/model.yaml": "lr: 0.1\nlayers: 4\n",
    "notebooks/explore.ipynb": json.dumps(
        {
            "cells": [{"cell_type": "code", "metadata": {}, "source": "import wandb\n", "outputs": []}],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    ),
    "requirements.txt": "mlflow==2.9.2\n",
    "README.md": "# demo\n",
}


def _audit(root, cache):
    result, text = audit_with_validation(root, cache=cache)
    return result, text


def _entries(directory: Path) -> list[Path]:
    """Cache entries (files in the two-letter fan-out directories; not the prune stamp)."""
    return [p for p in directory.rglob("*") if p.is_file() and len(p.parent.name) == 2]


def test_a_second_audit_parses_nothing_and_reports_the_same(tmp_path):
    root = make_git_repo(tmp_path / "repo", FILES)
    store = tmp_path / "cache"
    cold, cold_text = _audit(root, store)
    assert cold.ctx.index.stats.parsed >= 5 and cold.ctx.index.stats.cached == 0
    warm, warm_text = _audit(root, store)
    assert warm.ctx.index.stats.parsed == 0
    assert warm.ctx.index.stats.cached == cold.ctx.index.stats.parsed
    assert warm_text == cold_text
    assert audit_dict(warm) == audit_dict(cold)
    # Nothing is written in the audited tree: the cache lives only where it was pointed.
    assert not any(".cache" in p.parts or "facts-v1" in p.parts for p in root.rglob("*"))


def test_after_changing_one_file_only_that_file_is_parsed(tmp_path):
    root = make_git_repo(tmp_path / "repo", FILES)
    store = tmp_path / "cache"
    _audit(root, store)
    (root / "train.py").write_text("import wandb\nwandb.init(project='p')\n", encoding="utf-8")
    warm, _ = _audit(root, store)
    assert warm.ctx.index.stats.parsed == 1
    assert any(
        d.tool == "wandb" and d.usage == "used" and d.evidence[0].path == "train.py"
        for d in warm.ctx.detections
    )
    fresh, _ = _audit(root, None)
    assert audit_dict(warm) == audit_dict(fresh)


def test_corrupt_and_foreign_entries_are_rebuilt_not_trusted(tmp_path):
    root = make_git_repo(tmp_path / "repo", FILES)
    store = tmp_path / "cache"
    cold, cold_text = _audit(root, store)
    entries = sorted(_entries(store))
    assert entries
    # One entry truncated, one with a body that does not match its checksum, one a valid
    # entry naming a class the codec does not know (as a planted file might).
    entries[0].write_bytes(entries[0].read_bytes()[:40])
    raw = entries[1].read_bytes()
    entries[1].write_bytes(raw[:-3] + (b"0" if raw[-3:-2] != b"0" else b"1") + raw[-2:])
    body = json.dumps({"c": "os.system", "v": ["echo pwned"]}).encode()
    import hashlib

    entries[2].write_bytes(MAGIC + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    warm, warm_text = _audit(root, store)
    assert warm.ctx.index.stats.rejected == 3
    assert warm.ctx.index.stats.parsed == 3
    assert warm_text == cold_text
    again, _ = _audit(root, store)  # the three were written back whole
    assert again.ctx.index.stats.parsed == 0 and again.ctx.index.stats.rejected == 0


def test_codec_round_trips_the_shapes_facts_hold():
    facts = ModuleFacts(path="a.py", lines=3)
    facts.constants = {
        "t": ("x", 1, 2.5, None, True),
        "nested": {"t": [1, 2], 3: frozenset({1}), "s": {4}},
        "dyn": Dyn("args.lr"),
        "raw": b"\x00\xff",
        "odd": "surrogate \udcff",
    }
    facts.bases = [("Model", "nn.Module", 1, 0)]
    res = FileResult("a.py", "python", module=facts, mentions={"mlflow": (2, 0)})
    back = codec.loads(codec.dumps(res))
    assert back == res
    assert type(back.module.constants["t"]) is tuple and type(back.module.bases[0]) is tuple
    assert back.module.constants["nested"] == {"t": [1, 2], 3: frozenset({1}), "s": {4}}


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b'{"c": "FileResult", "v": [1]}',
        b'{"t": 1}',
        b"not json",
        b'{"c": "Note", "v": ["a", "b", "c"]}',
    ],
)
def test_codec_refuses_anything_but_a_file_result(body):
    with pytest.raises(ValueError):
        codec.loads(body)


def test_no_cache_and_off_write_nothing(tmp_path, monkeypatch):
    root = make_git_repo(tmp_path / "repo", FILES)
    store = tmp_path / "cache"
    monkeypatch.setenv("EXPERIMENT_TRACKING_CACHE_DIR", str(store))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    cmd = [sys.executable, "-m", "experiment_tracking", "audit", str(root), "-o", "-", "--no-cache"]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert not store.exists()
    assert proc.stderr == ""  # no progress line: stderr is not a terminal
    monkeypatch.setenv("EXPERIMENT_TRACKING_CACHE_DIR", "off")
    assert cache_dir() is None
    proc = subprocess.run(
        cmd[:-1], env={**env, "EXPERIMENT_TRACKING_CACHE_DIR": str(store)}, capture_output=True
    )
    assert proc.returncode == 0 and _entries(store)


def test_concurrent_audits_share_the_cache_without_corrupting_it(tmp_path):
    files = dict(FILES)
    files.update({f"pkg/mod_{i}.py": f"import torch\nX_{i} = {i}\n" for i in range(40)})
    root = make_git_repo(tmp_path / "repo", files)
    store = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "EXPERIMENT_TRACKING_CACHE_DIR": str(store)}
    cmd = [sys.executable, "-m", "experiment_tracking", "audit", str(root), "--format", "json", "-o", "-"]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outs]
    docs = [json.loads(o[0]) for o in outs]
    assert docs[0]["findings"] == docs[1]["findings"] == docs[2]["findings"]
    cache = FactCache(store)
    for entry in _entries(store):
        assert not entry.name.startswith(".tmp-")
        body = cache.get(entry.name)
        assert body is not None and isinstance(codec.loads(body), FileResult)


def test_git_blob_ids_name_only_files_unchanged_since_git_read_them(tmp_path):
    root = make_git_repo(tmp_path / "repo", FILES, untracked={"new.py": "x = 1\n"})
    ids = git_blob_ids(root)
    assert ids["train.py"] == git(root, "rev-parse", "HEAD:train.py").strip()
    assert "new.py" not in ids
    (root / "README.md").write_text("# changed\n", encoding="utf-8")
    assert "README.md" not in git_blob_ids(root)
    sub = git_blob_ids(root / "conf")  # a subdirectory lists paths relative to itself
    assert set(sub) == {"model.yaml"}


def test_entries_unused_for_a_month_are_pruned_at_most_daily(tmp_path):
    import time

    cache = FactCache(tmp_path)
    cache.put("ab" + "0" * 62, b"[]")
    cache.put("cd" + "1" * 62, b"[]")
    old = time.time() - 40 * 24 * 3600
    stale = cache.dir / "ab" / ("ab" + "0" * 62)
    os.utime(stale, (old, old))
    assert cache.prune() == 1
    assert not stale.exists() and cache.get("cd" + "1" * 62) == b"[]"
    cache.put("ef" + "2" * 62, b"[]")
    os.utime(cache.dir / "ef" / ("ef" + "2" * 62), (old, old))
    assert cache.prune() == 0  # pruned less than a day ago
