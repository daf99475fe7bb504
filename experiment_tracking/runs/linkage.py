"""Code–data–model linkage (Phase 4.2): are recorded commits in this history, do DVC hashes agree,
and which runs could be recreated. Git is read with gitpython, opened once, one lookup per commit."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import yaml

from ..inventory import is_junk_dir
from ..model import Note, Run
from .common import redact

STATUSES = ("finished", "failed", "killed", "running", "crashed", "unknown")
WORST_LIMIT = 10


@dataclass
class LinkageReport:
    is_git: bool
    stores: list[dict] = field(default_factory=list)
    worst: list[dict] = field(default_factory=list)
    dvc_checks: list[dict] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "is_git": self.is_git,
            "stores": [dict(s) for s in self.stores],
            "worst": [dict(w) for w in self.worst],
            "dvc_checks": [dict(c) for c in self.dvc_checks],
            "notes": [n.to_dict() for n in self.notes],
        }


class _Git:
    """Commit lookups against one repository; answers are cached per commit."""

    def __init__(self, root) -> None:
        self.root = os.fspath(root)
        self.history: set[str] = set()
        self.cache: dict[str, str] = {}
        self.notes: list[Note] = []
        self._repo = None
        self._opened = False

    @property
    def is_git(self) -> bool:
        """The root or a directory above it holds a repository (`.git`, a directory or a worktree's file),
        found without GitPython: importing it runs `git version` twice."""
        here = os.path.abspath(self.root)
        while True:
            if os.path.exists(os.path.join(here, ".git")):
                return True
            up = os.path.dirname(here)
            if up == here:
                return False
            here = up

    @property
    def repo(self):
        """The repository, opened on the first lookup: an audit with no run that records a commit starts no
        git process here (a process forked late from a large audit counts the audit's memory as its peak)."""
        if not self._opened:
            self._opened = True
            try:
                import git

                self._repo = git.Repo(self.root, search_parent_directories=True)
            except Exception:  # noqa: BLE001 - not a repository (or unreadable): everything is unknown
                return None
            try:
                # Branches, tags and HEAD: DVC experiment refs are deliberately not "history".
                out = self._repo.git.rev_list("--branches", "--tags", "HEAD")
                self.history = set(out.split())
            except Exception as exc:  # noqa: BLE001 - e.g. a repository without commits
                self.notes.append(Note("git-error", ".", f"cannot list history: {type(exc).__name__}"))
        return self._repo

    def status(self, sha: str) -> str:
        sha = sha.strip().lower()
        if sha in self.cache:
            return self.cache[sha]
        result = "unknown"
        if self.repo is not None:
            if sha in self.history:
                result = "reachable"
            else:
                try:
                    full = self.repo.commit(sha).hexsha
                    result = "reachable" if full in self.history else "unreachable"
                except Exception:  # noqa: BLE001 - unknown object or ambiguous prefix
                    result = "unknown"
        self.cache[sha] = result
        return result

    def blob_at_head(self, rel: str) -> bytes | None:
        try:
            return self.repo.head.commit.tree[rel].data_stream.read()
        except Exception:  # noqa: BLE001 - untracked file or empty repository
            return None

    def last_commit(self, rel: str) -> str | None:
        try:
            out = self.repo.git.log("-1", "--format=%H", "--", rel)
            return out.strip() or None
        except Exception:  # noqa: BLE001
            return None


def _pct(n: int, total: int) -> int:
    return round(100 * n / total) if total else 0


def _missing(run: Run) -> list[str]:
    out = []
    if run.git_commit is None:
        out.append("commit")
    elif run.commit_status not in ("reachable", "unreachable"):
        out.append("commit not in repository")
    if not run.data_digests:
        out.append("data digest")
    if not run.params:
        out.append("parameters")
    if not run.env_captured:
        out.append("environment")
    if run.seed is None:
        out.append("seed")
    return out


def _dvc_lock_commits(root, git: _Git, runs: list[Run], checks: list[dict]) -> None:
    """A lock stage's code is the commit that last wrote the lock; a changed lock is dirty."""
    locks = sorted({r.path for r in runs if r.store == "dvc" and r.path.endswith("dvc.lock")})
    for lock in locks:
        if git.repo is None:
            continue
        committed = git.blob_at_head(lock)
        try:
            with open(os.path.join(root, lock), "rb") as fh:
                current = fh.read()
        except OSError:
            current = None
        commit = git.last_commit(lock) if committed is not None else None
        dirty = committed != current
        checks.append(
            {
                "path": lock,
                "check": "lock committed",
                "ok": committed is not None and not dirty,
                "detail": "untracked"
                if committed is None
                else ("differs from HEAD" if dirty else "matches HEAD"),
            }
        )
        for run in runs:
            if run.store == "dvc" and run.path == lock and commit and run.git_commit is None:
                run.git_commit = commit
                run.git_dirty = dirty


def _dvc_hashes(root, runs: list[Run], checks: list[dict]) -> None:
    """`.dvc` files and dvc.lock deps must name the same hash for the same path."""
    lock_deps: dict[str, tuple[str, str]] = {}
    for lock in sorted({r.path for r in runs if r.store == "dvc" and r.path.endswith("dvc.lock")}):
        data = _load_yaml(os.path.join(root, lock))
        base = os.path.dirname(lock)
        stages = data.get("stages") if isinstance(data, dict) else None
        for stage in (stages or {}).values():
            for dep in (stage or {}).get("deps") or [] if isinstance(stage, dict) else []:
                if isinstance(dep, dict) and dep.get("md5"):
                    path = os.path.normpath(os.path.join(base, str(dep.get("path", "")))).replace(os.sep, "/")
                    lock_deps[path] = (str(dep["md5"]), lock)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and not is_junk_dir(d, os.path.join(dirpath, d))
        )
        for name in sorted(filenames):
            if not name.endswith(".dvc"):
                continue
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            data = _load_yaml(full)
            for out in (data or {}).get("outs") or [] if isinstance(data, dict) else []:
                if not isinstance(out, dict) or not out.get("md5"):
                    continue
                base = os.path.dirname(rel)
                path = os.path.normpath(os.path.join(base, str(out.get("path", "")))).replace(os.sep, "/")
                if path in lock_deps:
                    md5, lock = lock_deps[path]
                    same = md5 == str(out["md5"])
                    checks.append(
                        {
                            "path": rel,
                            "check": f"hash agrees with {lock}",
                            "ok": same,
                            "detail": path
                            if same
                            else f"{path}: {lock} has {md5[:8]}, {rel} has {str(out['md5'])[:8]}",
                        }
                    )


def _load_yaml(path: str):
    try:
        if os.path.getsize(path) > 20 * 1024 * 1024:
            return None
        with open(path, encoding="utf-8", errors="replace") as fh:
            return yaml.safe_load(fh)
    except (OSError, yaml.YAMLError, RecursionError):
        return None


def verify(root, catalog) -> LinkageReport:
    git = _Git(root)
    report = LinkageReport(is_git=git.is_git)
    runs = catalog.runs
    _dvc_lock_commits(root, git, runs, report.dvc_checks)
    _dvc_hashes(root, runs, report.dvc_checks)
    for run in runs:
        run.commit_status = git.status(run.git_commit) if run.git_commit else None
    by_store: dict[str, list[Run]] = {}
    for run in runs:
        by_store.setdefault(run.store, []).append(run)
    for store in sorted(by_store):
        all_runs = by_store[store]
        active = [r for r in all_runs if not r.deleted]
        n = len(active)
        with_commit = [r for r in active if r.git_commit]
        outside = {r.git_commit for r in with_commit if r.commit_status != "reachable"}
        counts = {s: 0 for s in STATUSES}
        for r in active:
            counts[r.status if r.status in counts else "unknown"] += 1
        report.stores.append(
            {
                "store": store,
                "runs": n,
                "deleted": len(all_runs) - n,
                "status_counts": counts,
                "with_commit_pct": _pct(len(with_commit), n),
                "commits": len({r.git_commit for r in with_commit}),
                "commits_not_in_history": len(outside),
                "with_seed_pct": _pct(sum(1 for r in active if r.seed is not None), n),
                "with_data_digest_pct": _pct(sum(1 for r in active if r.data_digests), n),
                "env_captured_pct": _pct(sum(1 for r in active if r.env_captured), n),
                "recreatable": sum(1 for r in active if r.recreatable),
                "recreatable_pct": _pct(sum(1 for r in active if r.recreatable), n),
            }
        )
    failing = [(len(_missing(r)), r) for r in runs if not r.deleted and not r.recreatable]
    failing.sort(key=lambda x: (-x[0], x[1].store, x[1].path, x[1].run_id))
    for _, run in failing[:WORST_LIMIT]:
        report.worst.append(
            {
                "store": run.store,
                "run_id": redact(run.run_id),
                "path": run.path,
                "status": run.status,
                "missing": _missing(run),
            }
        )
    report.notes = sorted(set(git.notes))
    return report
