"""Hardening (issue 6): the audit is read-only, runs no repository code, and survives hostile files.

Every hostile file must end as a note (or be skipped silently when it is not evidence), within a
bounded time enforced with SIGALRM, and the rest of the audit must stay intact: the real MLflow
usage in ``src/train.py`` is still detected next to all the junk.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sqlite3
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import make_git_repo, time_limit, write_tree

from experiment_tracking.audit import audit_dict, run_audit

CLI = [sys.executable, "-m", "experiment_tracking"]
MARKER_NAME = "EXECUTED_MARKER"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
# SARIF output lands with its own issue; test it as soon as its renderer exists.
FORMATS = ("markdown", "json") + (
    ("sarif",) if importlib.util.find_spec("experiment_tracking.report.sarif") else ()
)


def cli(*args, cwd=None, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=timeout)


def snapshot(root: Path) -> dict[bytes, str]:
    """Every entry under root (bytes path, so odd names are kept) -> a digest of what it is."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(os.fsencode(root)):
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, os.fsencode(root))
            st = os.lstat(full)
            if os.path.islink(full):
                out[rel] = "link:" + os.fsdecode(os.readlink(full))
            elif os.path.isdir(full):
                out[rel] = f"dir:{st.st_mode:o}"
            else:
                h = hashlib.sha256()
                with open(full, "rb") as fh:
                    for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""):
                        h.update(chunk)
                out[rel] = f"file:{st.st_mode:o}:{h.hexdigest()}"
    return out


# ---------------------------------------------------------------------------------------------
# Read-only and no code execution


def _code_that_writes(marker: Path, what: str) -> str:
    return f"open({str(marker)!r}, 'a').write({what!r})\n"


def _booby_trapped_repo(base: Path, marker: Path) -> Path:
    nb = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "outputs": [],
                "execution_count": None,
                "source": "import mlflow\n" + _code_that_writes(marker, "notebook"),
            }
        ],
    }
    files = {
        "setup.py": "from setuptools import setup\n"
        + _code_that_writes(marker, "setup.py")
        + "setup(name='x', install_requires=['mlflow==2.9.2'])\n",
        "conftest.py": _code_that_writes(marker, "conftest"),
        "pkg/__init__.py": _code_that_writes(marker, "__init__"),
        "sitecustomize.py": _code_that_writes(marker, "sitecustomize"),
        "usercustomize.py": _code_that_writes(marker, "usercustomize"),
        "pkg/train.py": "import mlflow\nimport pkg\n"
        + _code_that_writes(marker, "train")
        + "if __name__ == '__main__':\n    mlflow.start_run()\n",
        "analysis.ipynb": json.dumps(nb),
        "noxfile.py": _code_that_writes(marker, "noxfile"),
        "params.yaml": f"cmd: !!python/object/apply:os.system ['touch {marker}']\n",
        ".pth_trap/x.pth": f"import os; os.system('touch {marker}')\n",
        "requirements.txt": "mlflow==2.9.2\n-e .\n",
        "Makefile": f"all:\n\ttouch {marker}\n",
        ".gitignore": "mlruns/\n",
    }
    return make_git_repo(base, files)


@pytest.fixture(scope="module")
def trapped(tmp_path_factory):
    base = tmp_path_factory.mktemp("trapped")
    marker = base / MARKER_NAME
    root = _booby_trapped_repo(base / "repo", marker)
    return root, marker


def test_no_code_of_the_repository_runs_in_process(trapped, monkeypatch):
    root, marker = trapped
    monkeypatch.chdir(root)  # even with the repository as the working directory
    with time_limit(60):
        result = run_audit(root)
    assert not marker.exists(), marker.read_text()
    assert "mlflow" in {d.tool for d in result.ctx.detections}


def test_audit_cli_is_read_only_and_runs_no_code(trapped, tmp_path):
    root, marker = trapped
    before = snapshot(root)
    # Run from inside the repository, so a sitecustomize/conftest there would be picked up by
    # anything that imported from the working directory.
    proc = cli("audit", str(root), "--quiet", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists()
    after = snapshot(root)
    report = b"docs/experiment-tracking-analysis.md"
    assert set(after) - set(before) == {b"docs", report}
    assert {k: v for k, v in after.items() if k not in (b"docs", report)} == before

    # --output - writes nothing at all, in any format
    (root / report.decode()).unlink()
    (root / "docs").rmdir()
    for fmt in FORMATS:
        proc = cli("audit", str(root), "--format", fmt, "--output", "-", cwd=root)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip()
        assert snapshot(root) == before, fmt
    proc = cli("discover", str(root), "--json", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert snapshot(root) == before
    # An explicit output outside the tree changes nothing inside it.
    out = tmp_path / "report.md"
    assert cli("audit", str(root), "--output", str(out), "--quiet").returncode == 0
    assert out.read_text(encoding="utf-8").startswith("#") or out.stat().st_size > 0
    assert snapshot(root) == before
    assert not marker.exists()


# ---------------------------------------------------------------------------------------------
# Hostile files


def _tfrecord(payload: bytes) -> bytes:
    # length, masked crc of length (garbage is fine: readers must cope), data, crc of data
    return struct.pack("<Q", len(payload)) + b"\0" * 4 + payload + b"\0" * 4


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        # 256 MB of zeros per member compresses ~1000:1; members named like Comet's files.
        block = b"\0" * (1 << 20)
        for name in ("experiment.json", "metrics.jsonl"):
            with zf.open(name, "w", force_zip64=True) as fh:
                for _ in range(256):
                    fh.write(block)


def _hostile_repo(base: Path) -> Path:
    files = {
        ".gitignore": "mlruns/\nwandb/\n*.db\nlogs/\n.cometml-runs/\n",
        "src/train.py": "import mlflow\n\nmlflow.set_experiment('e')\nwith mlflow.start_run():\n"
        "    mlflow.log_param('lr', 0.1)\n    mlflow.log_metric('acc', 0.9)\n",
        "src/nested.py": "x = " + "(" * 100_000 + ")" * 100_000 + "\n",
        "src/deep_attr.py": "x = a" + ".b" * 100_000 + "\n",
        "src/latin1.py": b"# caf\xe9\nimport wandb\n\xff\xfe = 1\n",
        "src/nul.py": b"import os\x00\x00\nos.getcwd()\n",
        "conf/latin1.yaml": b"name: caf\xe9\nlr: 0.1\n",
        "conf/nul.yaml": b"a: 1\x00\nb: 2\n",
        "conf/bomb.yaml": "\n".join(
            ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
            + [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 12)]
        )
        + "\n",
        "conf/deep.yaml": "[" * 100_000,
        "conf/bad.json": "{" * 100_000,
        "notebooks/broken.ipynb": '{"cells": [ {"cell_type": "code", "source": ',
        "notebooks/cells_not_list.ipynb": '{"nbformat": 4, "cells": 5}',
        "notebooks/binary.ipynb": b"\x00\x01\x02\xff",
        "requirements.txt": "mlflow==2.9.2\n-r requirements.txt\n-r ../../../../etc/passwd\n",
        "pyproject.toml": '[project]\nname = "x"\ndependencies = [' + "[" * 50_000,
        "setup.cfg": "[options\ninstall_requires = x\n",
        "Dockerfile": "FROM " + "a" * 100_000 + "\nRUN pip install " + "x " * 50_000 + "\n",
    }
    root = make_git_repo(base, files)
    # Large files (not committed: git would take a while over 60 MB).
    with open(root / "src" / "huge_one_line.py", "wb") as fh:
        fh.write(b"x = '" + b"a" * (50 * 1024 * 1024) + b"'\n")
    with open(root / "conf" / "big.yaml", "w") as fh:
        for i in range(560_000):
            fh.write(f"key_{i}: value_{i}\n")  # ~10 MB
    # Tracking stores that are corrupt or not what their names say.
    write_tree(
        root,
        {
            "mlruns/0/meta.yaml": b"\xff\xfe: [\n",
            "mlruns/0/abc/meta.yaml": "run_id: abc\nstatus: [unclosed\n",
            "mlruns/0/abc/metrics/loss": "not a metric line\n1 2\n\x00\x00\n",
            "mlruns/0/abc/params/lr": b"\xff" * 10,
            "corrupt.db": b"SQLite format 3\x00" + os.urandom(4096),
            "wandb/run-20240101_000000-abcd1234/run-abcd1234.wandb": b":W&B\x00\x00\x01\x00"
            + os.urandom(300),
            "wandb/run-20240101_000000-abcd1234/files/config.yaml": "lr: {value: [\n",
            "wandb/run-20240101_000000-abcd1234/files/wandb-summary.json": "{truncated",
            "logs/run1/events.out.tfevents.1700000000.host": _tfrecord(b"\x08\x01" * 10)[:-7],
            "logs/run2/events.out.tfevents.1700000001.host": struct.pack("<Q", 1 << 60) + b"abc",
        },
    )
    con = sqlite3.connect(root / "other.db")
    con.execute("CREATE TABLE users (id INTEGER, name TEXT)")
    con.execute("INSERT INTO users VALUES (1, 'a')")
    con.commit()
    con.close()
    (root / ".cometml-runs").mkdir()
    _zip_bomb(root / ".cometml-runs" / "x.zip")
    # Symlinks: out of the root, into a loop, to a missing target.
    os.symlink("/etc", root / "etc_link")
    os.symlink("/etc/passwd", root / "src" / "passwd.py")
    os.symlink(root, root / "src" / "loop")
    os.symlink("nowhere/at/all", root / "dangling.yaml")
    # Odd names.
    (root / "src" / "new\nline.py").write_text("import wandb\nwandb.init()\n")
    raw = os.fsencode(root / "src") + b"/bad\xff\xfename.py"
    with open(raw, "wb") as fh:
        fh.write(b"import mlflow\n")
    # Unreadable (effective only for non-root users; root reads everything).
    (root / "secret").mkdir()
    (root / "secret" / "x.py").write_text("import wandb\n")
    (root / "locked.py").write_text("import wandb\n")
    if not IS_ROOT:
        os.chmod(root / "secret", 0)
        os.chmod(root / "locked.py", 0)
    return root


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = _hostile_repo(tmp_path_factory.mktemp("hostile") / "repo")
    yield root
    if not IS_ROOT:
        os.chmod(root / "secret", 0o755)
        os.chmod(root / "locked.py", 0o644)


@pytest.fixture(scope="module")
def hostile_audit(hostile):
    with time_limit(120):
        result = run_audit(hostile)
    return result


def _notes(result) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for n in result.notes:
        out.setdefault(n.path, set()).add(n.kind)
    return out


def test_hostile_tree_audit_completes_and_keeps_real_findings(hostile_audit):
    tools = {d.tool: d for d in hostile_audit.ctx.detections}
    assert "mlflow" in tools and tools["mlflow"].present
    ev = {(e.path, e.line) for e in tools["mlflow"].evidence}
    assert any(p == "src/train.py" for p, _ in ev)
    assert hostile_audit.findings  # rules still ran
    data = json.loads(json.dumps(audit_dict(hostile_audit)))  # serialisable despite odd names
    assert "src/huge_one_line.py" in {n["path"] for n in data["notes"]}


@pytest.mark.parametrize(
    "path, kinds",
    [
        ("src/huge_one_line.py", {"skipped-large"}),
        ("src/nested.py", {"parse-error"}),
        ("src/latin1.py", {"encoding"}),
        ("src/nul.py", {"binary"}),
        ("conf/latin1.yaml", {"encoding"}),
        ("conf/nul.yaml", {"binary"}),
        ("conf/bad.json", {"parse-error"}),
        ("notebooks/broken.ipynb", {"parse-error"}),
        ("notebooks/cells_not_list.ipynb", {"parse-error"}),
        ("notebooks/binary.ipynb", {"parse-error"}),
        ("pyproject.toml", {"parse-error"}),
        ("setup.cfg", {"parse-error"}),
        ("etc_link", {"symlink-outside"}),
        ("src/passwd.py", {"symlink-outside"}),
    ],
)
def test_hostile_file_ends_as_a_note(hostile_audit, path, kinds):
    notes = _notes(hostile_audit)
    assert path in notes, f"no note for {path}; notes: {sorted(notes)}"
    assert kinds <= notes[path]


def test_deep_yaml_ends_as_a_note_or_is_truncated(hostile_audit):
    index = hostile_audit.ctx.index
    doc = index.configs.get("conf/deep.yaml")
    assert doc is not None and (doc.truncated or doc.error)
    big = index.configs["conf/big.yaml"]
    assert big.truncated and big.error == ""
    bomb = index.configs["conf/bomb.yaml"]
    assert bomb.error == "" and len(bomb.entries) < 100


def test_symlinks_are_not_followed(hostile_audit):
    paths = {f.path for f in hostile_audit.ctx.inventory.files}
    assert not any(p.startswith(("etc_link/", "src/loop/")) for p in paths)
    assert "src/passwd.py" not in paths and "dangling.yaml" not in paths


def test_corrupt_stores_end_as_notes_not_crashes(hostile_audit):
    cat = hostile_audit.ctx.catalog
    assert cat is not None
    notes = _notes(hostile_audit)
    noted = set(notes)
    # Every corrupt store is at least visible in the inventory, and nothing raised.
    inv_paths = {f.path for f in hostile_audit.ctx.inventory.files}
    for p in ("corrupt.db", "other.db", ".cometml-runs/x.zip"):
        assert p in inv_paths, p
    assert any(p.startswith((".cometml-runs", "corrupt.db", "mlruns", "wandb", "logs")) for p in noted), noted


def test_zip_bomb_is_not_expanded(hostile):
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with time_limit(60):
        run_audit(hostile)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 1024, f"peak RSS grew by {grown_mb:.0f} MB"


def test_odd_file_names_survive_every_output_format(hostile, tmp_path):
    for fmt in FORMATS:
        out = tmp_path / f"r.{fmt}"
        proc = cli("audit", str(hostile), "--format", fmt, "--output", str(out), "--quiet", timeout=300)
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        text = out.read_text(encoding="utf-8")
        if fmt != "markdown":
            json.loads(text)
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    paths = {n["path"] for n in data["notes"]}
    assert "src/huge_one_line.py" in paths


def test_odd_names_are_inventoried(hostile_audit):
    paths = {f.path for f in hostile_audit.ctx.inventory.files}
    assert "src/new\nline.py" in paths
    assert any(p.startswith("src/bad") for p in paths)


def test_unreadable_file_becomes_a_note(tmp_path, monkeypatch):
    root = make_git_repo(
        tmp_path / "r", {"train.py": "import mlflow\nmlflow.start_run()\n", "locked.py": "x\n"}
    )
    if IS_ROOT:
        # chmod 000 does not stop root: make the index's own open() fail for that one file.
        from experiment_tracking.index import build

        real_open = open

        def guarded_open(path, *a, **kw):
            if str(path).endswith("locked.py"):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *a, **kw)

        monkeypatch.setattr(build, "open", guarded_open, raising=False)
    else:
        os.chmod(root / "locked.py", 0)
    try:
        result = run_audit(root)
    finally:
        os.chmod(root / "locked.py", 0o644)
    assert "unreadable" in _notes(result).get("locked.py", set())
    assert "mlflow" in {d.tool for d in result.ctx.detections}


@pytest.mark.skipif(IS_ROOT, reason="running as root: a chmod 000 directory stays readable")
def test_unreadable_directory_becomes_a_note(tmp_path):
    root = write_tree(tmp_path / "r", {"train.py": "import mlflow\n", "secret/x.py": "import wandb\n"})
    os.chmod(root / "secret", 0)
    try:
        result = run_audit(root)
    finally:
        os.chmod(root / "secret", 0o755)
    assert "unreadable" in _notes(result).get("secret", set())


def test_hostile_notes_appear_in_the_markdown_report(hostile, tmp_path):
    out = tmp_path / "report.md"
    proc = cli("audit", str(hostile), "--output", str(out), "--quiet", timeout=300)
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    # The report groups notes by kind (a few examples each, then "and N more").
    assert "huge_one_line.py" in text
    assert "etc_link" in text
    for kind_text in ("could not be parsed", "invalid UTF-8", "truncated", "symlink"):
        assert kind_text in text, kind_text


def test_cli_survives_a_deeply_nested_pyproject(tmp_path):
    root = write_tree(
        tmp_path / "r",
        {"train.py": "import mlflow\n", "pyproject.toml": "[project]\ndeps = " + "[" * 50_000},
    )
    proc = cli("audit", str(root), "--format", "json", "--output", "-")
    assert proc.returncode == 0, proc.stderr
    notes = {n["path"]: n["kind"] for n in json.loads(proc.stdout)["notes"]}
    assert notes.get("pyproject.toml") == "parse-error"


def test_cli_survives_a_malformed_pyproject(tmp_path):
    root = write_tree(
        tmp_path / "r", {"train.py": "import mlflow\n", "pyproject.toml": "[project\nname = \n"}
    )
    proc = cli("audit", str(root), "--format", "json", "--output", "-")
    assert proc.returncode == 0, proc.stderr
    notes = {n["path"]: n["kind"] for n in json.loads(proc.stdout)["notes"]}
    assert notes.get("pyproject.toml") == "parse-error"
