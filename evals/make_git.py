"""Materialise an eval case as a real git repository.

The fixture repositories under ``evals/cases/`` are plain directories committed in this
project's own repository (no nested ``.git``). Some evals must see them the way a user's
checkout looks: a git repository whose ``.gitignore`` keeps run stores (``mlruns/``,
``wandb/``, ``outputs/`` ...) untracked. ``materialize`` copies a case into a fresh directory,
runs ``git init`` / ``git add`` / ``git commit`` there with a fixed author and date, and returns
the path. Files matched by the case's ``.gitignore`` are copied but stay untracked, exactly as
they would in a real clone where someone ran the experiments locally.

Determinism: author, committer, dates, branch name and file order are fixed, so the commit SHA
is the same on every machine for the same case contents (given the same git object format).

Usage as a library::

    from evals.make_git import materialize
    repo = materialize(Path("evals/cases/sklearn-mlflow-registry"), tmp_path / "repo")

Usage from the command line (prints the path)::

    python evals/make_git.py evals/cases/dvc-pipeline /tmp/dvc-pipeline
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FIXED_NAME = "Eval Fixture"
FIXED_EMAIL = "evals@example.invalid"
FIXED_DATE = "2024-01-15T12:00:00+00:00"
# Files that describe the case to the eval runner, not part of the fixture repository.
CASE_META_FILES = frozenset({"expected.yaml"})


def _git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in {"GIT_EXEC_PATH"}}
    env.update(
        {
            "GIT_AUTHOR_NAME": FIXED_NAME,
            "GIT_AUTHOR_EMAIL": FIXED_EMAIL,
            "GIT_AUTHOR_DATE": FIXED_DATE,
            "GIT_COMMITTER_NAME": FIXED_NAME,
            "GIT_COMMITTER_EMAIL": FIXED_EMAIL,
            "GIT_COMMITTER_DATE": FIXED_DATE,
            # Ignore the user's and the system's git configuration (hooks, signing, templates).
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C",
        }
    )
    return env


def _git(dest: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=dest,
        env=_git_env(),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def materialize(case_dir: Path | str, dest: Path | str | None = None) -> Path:
    """Copy ``case_dir`` to ``dest`` (a new temp dir when None) and make it a git repository.

    ``dest`` must not exist or must be an empty directory. ``expected.yaml`` is not copied.
    Returns the repository root. Raises ``subprocess.CalledProcessError`` if git fails.
    """
    case_dir = Path(case_dir).resolve()
    if not case_dir.is_dir():
        raise FileNotFoundError(f"no such case directory: {case_dir}")
    if dest is None:
        dest = Path(tempfile.mkdtemp(prefix=f"et-eval-{case_dir.name}-"))
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"destination is not empty: {dest}")

    def _ignore(directory: str, names: list[str]) -> set[str]:
        skip = {"__pycache__", ".git"}
        if Path(directory).resolve() == case_dir:
            skip |= CASE_META_FILES
        return {n for n in names if n in skip}

    shutil.copytree(case_dir, dest, symlinks=True, ignore=_ignore, dirs_exist_ok=True)

    _git(dest, "init", "--quiet", "--initial-branch=main")
    _git(dest, "config", "user.name", FIXED_NAME)
    _git(dest, "config", "user.email", FIXED_EMAIL)
    _git(dest, "config", "commit.gpgsign", "false")
    _git(dest, "config", "core.autocrlf", "false")
    # `git add -A` honours the case's .gitignore files: ignored stores stay untracked.
    _git(dest, "add", "-A")
    _git(dest, "commit", "--quiet", "--no-verify", "--allow-empty", "-m", f"fixture: {case_dir.name}")
    return dest


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) not in (1, 2):
        print("usage: python evals/make_git.py CASE_DIR [DEST]", file=sys.stderr)
        return 2
    try:
        path = materialize(argv[0], argv[1] if len(argv) == 2 else None)
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
