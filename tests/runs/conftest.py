"""Shared helpers: temporary git repositories and stores written by the real tracking libraries."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from experiment_tracking.inventory import build_inventory
from experiment_tracking.runs import build_catalog
from experiment_tracking.runs.linkage import verify

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.invalid",
}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    out = subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env)
    return out.stdout.strip()


def init_repo(path: Path) -> str:
    """A git repository with one commit; returns that commit."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    (path / "train.py").write_text("print('train')\n")
    (path / ".gitignore").write_text("mlruns/\nwandb/\nruns/\noutputs/\nmultirun/\n*.db\n")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "init")
    return git(path, "rev-parse", "HEAD")


def run_script(repo: Path, code: str, env: dict | None = None, check: bool = True, timeout: int = 120):
    script = repo / "_gen.py"
    script.write_text(textwrap.dedent(code))
    full_env = {**os.environ, **GIT_ENV, **(env or {})}
    proc = subprocess.run(
        [sys.executable, str(script)], cwd=repo, env=full_env, capture_output=True, text=True, timeout=timeout
    )
    script.unlink()
    if check and proc.returncode != 0:
        raise AssertionError(f"generator failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def catalog_of(root: Path):
    inv = build_inventory(root)
    cat = build_catalog(inv)
    return cat, verify(root, cat)


@pytest.fixture(scope="session")
def stores_home(tmp_path_factory):
    return tmp_path_factory.mktemp("stores")
