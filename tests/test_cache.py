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
from experiment_tracking.cache import FactPack, _read_table, cache_dir, git_blob_ids
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


def _packs(directory: Path) -> list[Path]:
    return sorted(directory.rglob("*.pack"))


def _rewrite_pack(path: Path, change) -> None:
    """Rewrite a pack with ``change(bodies)`` applied to its {key: [path, body]}, each entry's
    checksum recomputed (as someone who can write the cache directory could)."""
    import hashlib

    raw = path.read_bytes()
    table = _read_table(raw)
    bodies = {k: [p, raw[off : off + n]] for k, (p, _, off, n) in table.items()}
    change(bodies)
    rows, off = [], 0
    for key, (p, body) in bodies.items():
        rows.append([key, p, hashlib.sha256(body).hexdigest(), off, len(body)])
        off += len(body)
    head = json.dumps(rows).encode()
    path.write_bytes(
        b"ETPACK2\n" + str(len(head)).encode() + b"\n" + head + b"".join(b for _, b in bodies.values())
    )


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
    assert not any(".cache" in p.parts or p.suffix == ".pack" for p in root.rglob("*"))
    assert len(_packs(store)) == 1  # one file for the whole tree


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
    import pickle

    root = make_git_repo(tmp_path / "repo", FILES)
    store = tmp_path / "cache"
    cold, cold_text = _audit(root, store)
    (pack,) = _packs(store)
    keys = sorted(_read_table(pack.read_bytes()))
    assert len(keys) == cold.ctx.index.stats.parsed

    class Planted:
        def __reduce__(self):
            return (os.system, ("echo pwned > planted",))

    def plant(bodies):
        # One body naming a function to call (as a planted entry might), one that is another
        # file's facts, one that is not a pickle at all.
        bodies[keys[0]][1] = pickle.dumps(Planted())
        other = next(k for k in keys if bodies[k][0] != bodies[keys[1]][0])
        bodies[keys[1]][1] = bodies[other][1]
        bodies[keys[2]][1] = b"not a pickle"

    _rewrite_pack(pack, plant)
    raw = pack.read_bytes()  # and one byte of a fourth body changed after its checksum was taken
    start = _read_table(raw)[keys[3]][2]
    pack.write_bytes(raw[:start] + bytes([raw[start] ^ 1]) + raw[start + 1 :])
    warm, warm_text = _audit(root, store)
    assert warm.ctx.index.stats.rejected == 4
    assert warm.ctx.index.stats.parsed == 4
    assert warm_text == cold_text
    assert not (root / "planted").exists() and not Path("planted").exists()
    again, _ = _audit(root, store)  # the four were written back whole
    assert again.ctx.index.stats.parsed == 0 and again.ctx.index.stats.rejected == 0
    pack.write_bytes(pack.read_bytes()[:-10])  # a truncated pack: ignored whole, then replaced
    once_more, text = _audit(root, store)
    assert once_more.ctx.index.stats.parsed == cold.ctx.index.stats.parsed
    assert once_more.ctx.index.stats.rejected == 1 and text == cold_text
    assert _audit(root, store)[0].ctx.index.stats.parsed == 0


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


def _pickled(obj) -> bytes:
    import pickle

    return pickle.dumps(obj, protocol=5)


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b"not a pickle",
        _pickled([1, 2]),
        _pickled(Dyn("x")),
        _pickled(os.getcwd),
        _pickled(Path("/")),
        _pickled(FileResult("a.py", "python"))[:-5],
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
    assert proc.returncode == 0 and _packs(store)


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
    assert not any(p.name.startswith(".tmp-") for p in store.rglob("*"))
    pack = FactPack(store, root)
    assert len(pack) == len(files)  # one whole pack, whichever audit wrote it last
    for key in list(pack._table):
        body = pack.get(key)
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


def test_packs_unused_for_a_month_are_pruned_at_most_daily(tmp_path):
    import time

    old = time.time() - 40 * 24 * 3600
    packs = [FactPack(tmp_path, f"/repo/{name}") for name in ("a", "b", "c")]
    for pack in packs[:2]:
        pack.put("k" * 64, "x.py", b"body")
        assert pack.save({"x.py"})
    os.utime(packs[0].path, (old, old))
    legacy = tmp_path / "facts-v1" / "ab"
    legacy.mkdir(parents=True)
    (legacy / ("ab" + "0" * 62)).write_bytes(b"old format")
    assert packs[2].prune() == 1
    assert not packs[0].path.exists() and not legacy.exists()
    assert FactPack(tmp_path, "/repo/b").get("k" * 64) == b"body"
    os.utime(packs[1].path, (old, old))
    assert packs[2].prune() == 0  # pruned less than a day ago


def test_a_focused_audit_keeps_the_rest_of_the_tree_cached(tmp_path):
    root = make_git_repo(tmp_path / "repo", FILES)
    store = tmp_path / "cache"
    full, _ = _audit(root, store)
    pack = FactPack(store, root)
    pack.save({"train.py"})  # nothing changed: not rewritten
    kept = FactPack(store, root)
    kept.put("k" * 64, "train.py", b"new body")  # a new version of one file replaces only it
    assert kept.save({"train.py"})
    after = FactPack(store, root)
    assert len(after) == full.ctx.index.stats.parsed  # train.py's old entry went, the others stay
    assert after.get("k" * 64) == b"new body"
    assert sorted(p for p, *_ in after._table.values()) == sorted(full.ctx.index.results)


# A project whose detection crosses files: Config.py turns `tensorboard` on for train.py's
# `if config.tensorboard:` switch, utils.py's helper is dead unless someone calls it, and the
# training script resumes from an option. The per-module parts kept in the cache (detection hits,
# resume parts) must be recomputed or replayed so that a warm audit says what a fresh one says.
CROSS_FILE = {
    "Config.py": "tensorboard = True\nlearning_rate = 1e-3\nepochs = 10\nseed = 1\n",
    "train.py": (
        "import argparse\nimport torch\nimport Config as config\n"
        "from torch.utils.tensorboard import SummaryWriter\nfrom utils import save_checkpoint\n"
        "parser = argparse.ArgumentParser()\nparser.add_argument('--resume', default='')\n"
        "args = parser.parse_args()\nif args.resume:\n    model.load_state_dict(torch.load(args.resume))\n"
        "if config.tensorboard:\n    writer = SummaryWriter('runs/x')\n"
        "for i in range(config.epochs):\n    loss.backward()\n    writer.add_scalar('loss', 0.1, i)\n"
        "torch.save(model.state_dict(), 'ckpt.pt')\n"
    ),
    "utils.py": "import torch\n\ndef save_checkpoint(model, path):\n    torch.save(model, path)\n",
    "requirements.txt": "torch==2.1.0\ntensorboard==2.15.1\n",
    "README.md": "# demo\n\nRun `python train.py`.\n",
}


def _fresh_equals_warm(root, store) -> dict:
    warm, warm_text = _audit(root, store)
    fresh, fresh_text = _audit(root, None)
    assert audit_dict(warm) == audit_dict(fresh)
    assert warm_text == fresh_text
    return audit_dict(warm)


@pytest.mark.parametrize(
    "change",
    [
        # the settings module turns the switch off: train.py's cached detection no longer holds
        ("Config.py", "tensorboard = False\nlearning_rate = 1e-3\nepochs = 10\nseed = 1\n", True),
        # the helper becomes called from another file: utils.py's own facts did not change
        ("train.py", CROSS_FILE["train.py"] + "save_checkpoint(model, 'x.pt')\n", True),
        # a line appended to one module (the pre-commit case)
        ("utils.py", CROSS_FILE["utils.py"] + "# x\n", False),
    ],
)
def test_a_warm_audit_after_a_change_reports_what_a_fresh_audit_reports(tmp_path, change):
    root = make_git_repo(tmp_path / "repo", CROSS_FILE)
    store = tmp_path / "cache"
    cold = _fresh_equals_warm(root, store)  # fills the cache (and checks the cold run)
    path, text, visible = change
    (root / path).write_text(text, encoding="utf-8")
    warm = _fresh_equals_warm(root, store)
    again, _ = _audit(root, store)
    assert again.ctx.index.stats.parsed == 0  # the second warm run takes every file from the pack
    assert audit_dict(again) == warm
    assert (warm != cold) == visible  # a change the report shows is not masked by a stale cached part


def test_precomputed_detection_holds_only_where_no_other_module_decides_a_switch(tmp_path):
    from experiment_tracking.detect import engine

    root = make_git_repo(tmp_path / "repo", CROSS_FILE)
    result, _ = _audit(root, None)
    modules = result.ctx.index.modules
    train, utils = modules["train.py"], modules["utils.py"]
    # Kept with the facts when parsed, and what detection computes now where nothing else decides.
    assert utils.derived["detect"] == engine.module_hits(utils)
    assert utils.derived["resume"] == ([], [])
    assert [e.detail for e in train.derived["resume"][0]] == ["option --resume"]
    # Config.py's `tensorboard = True` names train.py's switch: parsed alone, the SummaryWriter
    # looked optional; in the project it always runs. The parse-time hits are not used for it.
    gained = getattr(train, "_gained_defaults", frozenset())
    assert "tensorboard" in gained
    assert not engine._precomputed_holds(train, gained, frozenset())
    scopes = lambda hits: {(a[3].line, a[4]) for a in hits[0] if a[0] == "tensorboard"}  # noqa: E731
    assert (12, "optional") in scopes(train.derived["detect"])
    assert (12, "core") in scopes(engine.module_hits(train))
    assert any(d.tool == "tensorboard" and d.scope == "core" for d in result.ctx.detections)
    assert engine._precomputed_holds(utils, getattr(utils, "_gained_defaults", None), frozenset())
    # A promoted examples/ folder changes scopes: its modules are detected again.
    import dataclasses

    example = dataclasses.replace(train, path="examples/train.py")
    assert not engine._precomputed_holds(example, None, frozenset({"examples"}))
    nested = dataclasses.replace(train, path="pkg/examples/train.py")
    assert not engine._precomputed_holds(nested, None, frozenset({"pkg/examples"}))
    assert engine._precomputed_holds(nested, None, frozenset({"examples"}))


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.__setitem__("detect", ("not", "hits")),
        lambda d: d.__setitem__(
            "detect", ((("wandb", "tracking", "used", "not evidence", "core"),), (), True)
        ),
        lambda d: d.__setitem__("detect", ((), (("no_such_field", ()),), False)),
        lambda d: d.__setitem__("resume", ([1], [])),
        lambda d: d.clear() or d.update({"detect": None, "resume": ("x",)}),
        "option defaults",
        "a stage's memo",
    ],
)
def test_cached_derived_parts_of_another_shape_are_rebuilt(tmp_path, damage):
    import pickle

    root = make_git_repo(tmp_path / "repo", CROSS_FILE)
    store = tmp_path / "cache"
    cold, cold_text = _audit(root, store)
    (pack,) = _packs(store)

    def tamper(bodies):
        for key, (path, body) in bodies.items():
            if path == "train.py":
                res = codec.loads(body)
                if damage == "option defaults":
                    res.module._option_defaults = {"resume": None}
                elif damage == "a stage's memo":
                    res.module._gained_defaults = "tensorboard"
                else:
                    damage(res.module.derived)
                bodies[key][1] = pickle.dumps(res, protocol=codec.PROTOCOL)

    _rewrite_pack(pack, tamper)
    warm, warm_text = _audit(root, store)
    assert warm.ctx.index.stats.rejected == 1 and warm.ctx.index.stats.parsed == 1
    assert warm_text == cold_text and audit_dict(warm) == audit_dict(cold)
    assert _audit(root, store)[0].ctx.index.stats.rejected == 0  # written back whole


def test_codec_derived_shapes_name_every_taxonomy_field():
    from experiment_tracking.detect.engine import Taxonomy

    assert set(Taxonomy().__dict__) == codec._TAXONOMY_FIELDS


def test_a_warm_save_keeps_unchanged_entries_byte_for_byte(tmp_path):
    root = make_git_repo(tmp_path / "repo", FILES)
    store = tmp_path / "cache"
    _audit(root, store)
    (pack,) = _packs(store)
    before = pack.read_bytes()
    old = {p: before[off : off + n] for _, (p, _, off, n) in _read_table(before).items()}
    (root / "train.py").write_text("import wandb\nwandb.init(project='p')\n", encoding="utf-8")
    _audit(root, store)
    after = pack.read_bytes()
    table = _read_table(after)
    new = {p: after[off : off + n] for _, (p, _, off, n) in table.items()}
    assert set(new) == set(old)
    assert [p for p in new if new[p] != old[p]] == ["train.py"]
    import hashlib

    assert all(hashlib.sha256(after[off : off + n]).hexdigest() == d for _, d, off, n in table.values())


def test_parse_time_hits_ignore_a_promotion_left_by_an_earlier_audit(tmp_path):
    """A library whose training lives in examples/ promotes that folder for its own audit; the
    next audit in the same process parses (and caches) its modules with nothing promoted."""
    from experiment_tracking.detect.engine import module_hits

    train = (
        "import torch\nfrom torch.utils.tensorboard import SummaryWriter\nwriter = SummaryWriter('runs')\n"
        "for s in range(3):\n    loss.backward()\n    writer.add_scalar('loss', 0.1, s)\n"
    )
    lib = make_git_repo(tmp_path / "lib", {"mylib/agent.py": "import jax\n", "examples/train.py": train})
    assert [e.path for e in _audit(lib, None)[0].ctx.taxonomy.training_entry_points] == ["examples/train.py"]
    proj = make_git_repo(tmp_path / "proj", {"train.py": train, "examples/train.py": train})
    store = tmp_path / "cache"
    cold, _ = _audit(proj, store)
    assert [e.path for e in cold.ctx.taxonomy.training_entry_points] == ["train.py"]
    example = cold.ctx.index.modules["examples/train.py"]
    assert {a[4] for a in example.derived["detect"][0]} == {"example"}
    assert example.derived["detect"] == module_hits(example)
    warm, _ = _audit(proj, store)
    assert audit_dict(warm) == audit_dict(cold)
