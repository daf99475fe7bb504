"""The skill's files, shipped as package data, and where they go.

One source of truth: ``experiment_tracking/skill/`` (``SKILL.md`` + ``references/``) inside the
package, so ``pip install`` carries it. The repository keeps two byte-identical copies for the
other ways the skill is consumed — ``skills/experiment-tracking/`` (the Claude Code plugin
layout) and ``SKILL.md`` + ``references/`` at the repository root (for readers and tools that
look at the root) — refreshed with ``python -m experiment_tracking.skill_install sync`` and
checked by the tests.

Public API::

    skill_files() -> dict[str, bytes]                 # relative POSIX path -> content
    user_skills_dir(env=None, home=None) -> Path      # ~/.claude/skills (or $CLAUDE_CONFIG_DIR/skills)
    project_skills_dir(project) -> Path               # <project>/.claude/skills
    install_skill(skills_dir, force=False) -> InstallResult   # raises SkillConflict
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

SKILL_NAME = "experiment-tracking"
PACKAGE_DIR = "skill"


class SkillConflict(Exception):
    """A different skill is already installed where we would write."""


@dataclass(frozen=True)
class InstallResult:
    action: str  # "installed" | "unchanged" | "replaced"
    path: Path
    files: int


def _walk(node, prefix: str = ""):
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.name.startswith(".") or child.name == "__pycache__" or child.name.endswith(".pyc"):
            continue
        rel = f"{prefix}{child.name}"
        if child.is_dir():
            yield from _walk(child, rel + "/")
        else:
            yield rel, child.read_bytes()


def skill_files() -> dict[str, bytes]:
    """Every file of the skill as shipped in the package: {'SKILL.md': b'...', ...}."""
    root = resources.files("experiment_tracking").joinpath(PACKAGE_DIR)
    files = dict(_walk(root))
    if "SKILL.md" not in files:
        raise FileNotFoundError("the installed package has no skill/SKILL.md (broken install?)")
    return files


def user_skills_dir(env: Mapping[str, str] | None = None, home: str | None = None) -> Path:
    env = os.environ if env is None else env
    config = env.get("CLAUDE_CONFIG_DIR")
    if config:
        return Path(config).expanduser() / "skills"
    return Path(home if home is not None else Path.home()) / ".claude" / "skills"


def project_skills_dir(project: str | os.PathLike) -> Path:
    return Path(project) / ".claude" / "skills"


def _read_tree(path: Path) -> dict[str, bytes] | None:
    """Files under ``path`` (not following symlinks into other trees); None if unreadable."""
    out: dict[str, bytes] = {}
    try:
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for f in filenames:
                full = Path(dirpath) / f
                rel = full.relative_to(path).as_posix()
                if f.startswith(".") or f.endswith(".pyc"):
                    continue
                out[rel] = full.read_bytes()
    except OSError:
        return None
    return out


def install_skill(skills_dir: str | os.PathLike, force: bool = False) -> InstallResult:
    """Copy the skill to ``skills_dir/experiment-tracking/``.

    Identical content already there -> "unchanged". Different content (or a file/symlink in the
    way) -> SkillConflict unless ``force``, which replaces it (a symlink is replaced, never
    followed). The new tree is written next to the target and renamed into place.
    """
    files = skill_files()
    dest = Path(skills_dir) / SKILL_NAME
    exists = dest.exists() or dest.is_symlink()
    if exists and dest.is_dir() and not dest.is_symlink() and _read_tree(dest) == files:
        return InstallResult("unchanged", dest, len(files))
    if exists and not force:
        what = "a symlink" if dest.is_symlink() else "a different skill" if dest.is_dir() else "a file"
        raise SkillConflict(f"{dest} already exists and is {what}; use --force to replace it")
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{SKILL_NAME}-", dir=dest.parent))
    try:
        for rel, data in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for d in [staging, *(p for p in staging.rglob("*") if p.is_dir())]:
            d.chmod(0o755)
        for p in staging.rglob("*"):
            if p.is_file():
                p.chmod(0o644)
        old = None
        if exists:
            old = dest.parent / f".{SKILL_NAME}.old-{os.getpid()}"
            os.replace(dest, old)
        os.replace(staging, dest)
        if old is not None:
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old)
            else:
                old.unlink()
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return InstallResult("replaced" if exists else "installed", dest, len(files))


# --------------------------------------------------------------------------------------------
# Repository copies (development only)
# --------------------------------------------------------------------------------------------


def repo_copy_roots(repo: str | os.PathLike) -> list[Path]:
    """The directories that must mirror the package's skill/ in a source checkout."""
    repo = Path(repo)
    return [repo / "skills" / SKILL_NAME, repo]


def check_repo_copies(repo: str | os.PathLike) -> list[str]:
    """Files of the repository copies that differ from (or are missing against) the package,
    and stray files in the copied directories (which a plugin install would ship)."""
    files = skill_files()
    out = []
    for root in repo_copy_roots(repo):
        for rel, data in files.items():
            p = root / rel
            if not p.is_file():
                out.append(f"{p}: missing")
            elif p.read_bytes() != data:
                out.append(f"{p}: differs from experiment_tracking/skill/{rel}")
        # directories owned by the skill must hold nothing else
        owned = [root] if root != Path(repo) else [root / d for d in _top_dirs(files)]
        for d in owned:
            base = d.relative_to(root).as_posix() + "/" if d != root else ""
            for rel in sorted(_read_tree(d) or {}):
                if base + rel not in files:
                    out.append(f"{d / rel}: not in experiment_tracking/skill/")
    return out


def _top_dirs(files: dict[str, bytes]) -> list[str]:
    return sorted({rel.split("/", 1)[0] for rel in files if "/" in rel})


def sync_repo_copies(repo: str | os.PathLike) -> list[Path]:
    """Rewrite the repository copies from the package's skill/; returns the files written."""
    written = []
    for root in repo_copy_roots(repo):
        for rel, data in skill_files().items():
            p = root / rel
            if not p.is_file() or p.read_bytes() != data:
                p.parent.mkdir(parents=True, exist_ok=True)
                p.write_bytes(data)
                written.append(p)
    return written


def _main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("sync", "check"):
        print("usage: python -m experiment_tracking.skill_install sync|check [REPO]")
        return 2
    repo = Path(argv[1] if len(argv) > 1 else ".")
    if argv[0] == "sync":
        for p in sync_repo_copies(repo):
            print(f"wrote {p}")
        return 0
    problems = check_repo_copies(repo)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
