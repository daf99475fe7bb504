"""Shared helpers: build small repositories on disk, and bound a test's time with SIGALRM."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from pathlib import Path

import pytest

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def write_tree(root: Path, files: dict) -> Path:
    """Write ``{relative path: str | bytes}`` under root (parents created)."""
    root = Path(root)
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    return root


def git(root: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, env=env, check=True)
    return out.stdout.decode("utf-8", "replace")


def make_git_repo(tmp_path: Path, files: dict, *, commit: bool = True, untracked: dict | None = None) -> Path:
    """A git repository with ``files`` committed (``.gitignore`` may be among them), then
    ``untracked`` written without being added. Returns the repository root."""
    root = Path(tmp_path)
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    write_tree(root, files)
    if commit and files:
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "init")
    if untracked:
        write_tree(root, untracked)
    return root


class TimeLimitExceeded(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: int):
    """Fail the block if it runs longer than ``seconds`` (SIGALRM; main thread, Unix only)."""

    def on_alarm(signum, frame):
        raise TimeLimitExceeded(f"took longer than {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


_SESSION_CACHE = None


def pytest_configure(config):
    """Before any fixture (module-scoped ones audit too): facts are cached in a temporary
    directory for the whole session, never in the user's real ~/.cache."""
    global _SESSION_CACHE
    import tempfile

    _SESSION_CACHE = tempfile.mkdtemp(prefix="et-test-cache-")
    os.environ["EXPERIMENT_TRACKING_CACHE_DIR"] = _SESSION_CACHE


def pytest_unconfigure(config):
    import shutil

    if _SESSION_CACHE:
        shutil.rmtree(_SESSION_CACHE, ignore_errors=True)


@pytest.fixture(autouse=True)
def _private_fact_cache(tmp_path_factory, monkeypatch):
    """Each test (and every audit it starts in a subprocess) has a cache of its own, so no
    test sees entries another one wrote."""
    monkeypatch.setenv("EXPERIMENT_TRACKING_CACHE_DIR", str(tmp_path_factory.mktemp("fact-cache")))


@pytest.fixture
def git_repo(tmp_path):
    """``git_repo(files, untracked=None)`` -> root of a fresh committed repository."""

    def make(files: dict, **kw) -> Path:
        return make_git_repo(tmp_path / "repo", files, **kw)

    return make


def repo_with_missing_submodule(tmp_path: Path, files: dict, sub: str) -> Path:
    """A git repository with ``files`` committed and a submodule at ``sub`` pinned in the index but not
    checked out (an empty folder), as a clone without --recursive has it."""
    import subprocess

    make_git_repo(
        tmp_path,
        {
            **files,
            ".gitmodules": f'[submodule "{sub}"]\n\tpath = {sub}\n\turl = https://example.invalid/{sub.rsplit("/", 1)[-1]}.git\n',
        },
    )
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    sha = "0123456789abcdef0123456789abcdef01234567"
    subprocess.run(
        [*git, "update-index", "--add", "--cacheinfo", f"160000,{sha},{sub}"], cwd=tmp_path, check=True
    )
    subprocess.run([*git, "commit", "-qm", "submodule"], cwd=tmp_path, check=True)
    (Path(tmp_path) / sub).mkdir(parents=True, exist_ok=True)
    return Path(tmp_path)
