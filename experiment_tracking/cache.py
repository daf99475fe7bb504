"""The content cache: per-file parsed facts kept between audits, outside the audited tree.

Where: ``$EXPERIMENT_TRACKING_CACHE_DIR``, else ``$XDG_CACHE_HOME/experiment-tracking``, else
``~/.cache/experiment-tracking``. ``--no-cache`` (or ``EXPERIMENT_TRACKING_CACHE_DIR=off``) bypasses it.

Key: what the facts depend on — the file's content (the git blob id when git has the file
unmodified, else its size, mtime and path), its path and kind, the words searched for, and the
auditor (its version and the source of the code that builds the facts and the per-module parts
kept with them: ``index/``, ``detect/``, ``records.py``), hashed with SHA-256.

Pack: one file per audited tree (``facts-v2/<hash of the root path>.pack``), read once at the
start of an audit and written once after the index is built, only when something changed. One
file rather than one per source file: on a 6,000-file tree, creating and renaming 6,000 small
files cost more than parsing them. Layout: ``ETPACK2\n``, the byte length of a JSON table, the
table (``[[key, path, sha256 of body, offset, length], ...]``), then the bodies. Each body is
checked against its own SHA-256 when used, and decoded (``index/codec.py``) only then, so a
damaged entry costs that one file; a pack whose table does not fit is ignored whole. Nothing is
trusted: an entry that does not verify or decode is rebuilt. The pack is written to a temporary
file in the same directory and renamed into place, so concurrent audits each see a whole pack
(the last writer's); kept entries are written with the digests read, so only new ones are
hashed. Packs unused for 30 days are removed (checked at most once a day).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

ENV_VAR = "EXPERIMENT_TRACKING_CACHE_DIR"
MAGIC = b"ETPACK2\n"
FORMAT = "2"
MAX_AGE_DAYS = 30  # a pack neither written nor read for this long is removed
MAX_TABLE_BYTES = 64 * 1024 * 1024
_DAY = 24 * 3600
_OFF = ("", "0", "off", "none", "false")


def cache_dir() -> Path | None:
    """The cache directory, or None when the user turned the cache off."""
    env = os.environ.get(ENV_VAR)
    if env is not None:
        return None if env.strip().lower() in _OFF else Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "experiment-tracking"


_FINGERPRINT: str | None = None


def code_fingerprint() -> str:
    """The auditor's version and the size/mtime of the code that builds per-file facts.

    A version number alone would keep serving stale facts to anyone running from a checkout
    whose parsers changed; the stat of a few dozen source files is cheap.
    """
    global _FINGERPRINT
    if _FINGERPRINT is None:
        from . import __version__

        h = hashlib.sha256(f"{__version__}|{FORMAT}".encode())
        here = Path(__file__).resolve().parent
        # index/: the parsers; detect/ and records.py: the per-module parts of detection and of the
        # run records kept with the facts (index.build.derive)
        for sub in ("index", "detect", "model.py", "inventory.py", "records.py"):
            p = here / sub
            files = sorted(p.glob("*.py")) if p.is_dir() else [p]
            for f in files:
                try:
                    st = f.stat()
                except OSError:
                    continue
                h.update(f"{f.name}:{st.st_size}:{st.st_mtime_ns}".encode())
        _FINGERPRINT = h.hexdigest()[:16]
    return _FINGERPRINT


class FactPack:
    """The cached per-file facts of one audited tree; every failure is a miss, never an error."""

    def __init__(self, directory: Path, root: str | os.PathLike):
        self.dir = Path(directory) / f"facts-v{FORMAT}"
        name = hashlib.sha256(os.fsencode(str(root))).hexdigest()[:32]
        self.path = self.dir / f"{name}.pack"
        self.hits = 0
        self.misses = 0
        self.rejected = 0  # entries (or a whole pack) present but corrupt or foreign
        self.writable = True
        self._raw = b""
        self._table: dict[str, tuple[str, str, int, int]] = {}  # key -> path, sha256, offset, length
        self._new: dict[str, tuple[str, bytes]] = {}  # key -> path, body: written by save()
        self._used: set[str] = set()
        self._changed = False
        self._released = False
        self._load()

    def _load(self) -> None:
        try:
            with open(self.path, "rb") as fh:
                raw = fh.read()
                mtime = os.fstat(fh.fileno()).st_mtime
        except OSError:
            return
        if time.time() - mtime > _DAY:
            with contextlib.suppress(OSError):
                os.utime(self.path)  # still in use: keep it past the next prune
        table = _read_table(raw)
        if table is None:
            self.rejected += 1
            self._changed = True  # replace it with a whole one
            return
        self._raw, self._table = raw, table

    def release(self) -> None:
        """Drop the bytes held in memory (tens of MB on a large tree) once the index is built;
        a later self-healing pass that needs the pack reads it again."""
        if self._changed:
            return  # unsaved entries (a read-only cache): nothing on disk to come back to
        self._raw, self._table, self._new = b"", {}, {}
        self._released = True

    def _reload(self) -> None:
        if self._released:
            self._released = False
            self._load()

    def __len__(self) -> int:
        self._reload()
        return len(self._table)

    def get(self, key: str) -> bytes | None:
        """The body stored under ``key`` if it is whole; None (a miss) otherwise."""
        self._reload()
        found = self._table.get(key)
        if found is None:
            self.misses += 1
            return None
        _, digest, offset, length = found
        body = self._raw[offset : offset + length]
        if len(body) != length or hashlib.sha256(body).hexdigest() != digest:
            self.reject(key)
            return None
        self.hits += 1
        self._used.add(key)
        return body

    def reject(self, key: str) -> None:
        """An entry that verified but did not decode to this file's facts: rebuilt, dropped."""
        self.rejected += 1
        self.misses += 1
        self._used.discard(key)
        self._table.pop(key, None)
        self._changed = True

    def put(self, key: str, path: str, body: bytes) -> None:
        self._new[key] = (path, body)
        self._changed = True

    def save(self, paths: set[str] | frozenset[str]) -> bool:
        """Write the pack if anything changed: the entries used or put by this audit, and those
        of files this audit did not look at (``paths`` are the ones it did: a focused audit keeps
        the rest of the tree's entries). Stale versions of files looked at are dropped."""
        self._reload()
        stale = [k for k, (p, *_) in self._table.items() if p in paths and k not in self._used]
        if not self.writable or not (self._changed or stale):
            return False
        # Kept entries are written from views of the pack as read, with the digests it holds (a
        # body that was damaged stays unverifiable, never blessed by a new digest): a warm audit
        # that changed one entry hashes and copies that one, not the tree's 20-odd MB.
        raw = memoryview(self._raw)
        bodies: list[tuple[str, str, str, bytes | memoryview]] = []
        for key, (path, digest, offset, length) in self._table.items():
            if key not in self._new and (key in self._used or path not in paths):
                bodies.append((key, path, digest, raw[offset : offset + length]))
        bodies += [
            (key, path, hashlib.sha256(body).hexdigest(), body) for key, (path, body) in self._new.items()
        ]
        table, offset = [], 0
        for key, path, digest, body in bodies:
            table.append([key, path, digest, offset, len(body)])
            offset += len(body)
        head = json.dumps(table, separators=(",", ":")).encode("utf-8", "surrogatepass")
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.dir)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(MAGIC + str(len(head)).encode() + b"\n" + head)
                    for *_, body in bodies:
                        fh.write(body)
                os.replace(tmp, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            self.writable = False  # a read-only or full cache: audit on without it
            return False
        self._changed = False
        return True

    def prune(self, max_age_days: float = MAX_AGE_DAYS) -> int:
        """Remove packs unused for ``max_age_days`` (and stray temporary files, and the one-file-
        per-entry directories of earlier versions); at most once a day. Returns how many."""
        stamp = self.dir / ".pruned"
        now = time.time()
        try:
            if now - stamp.stat().st_mtime < _DAY:
                return 0
        except OSError:
            pass
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            stamp.touch()
        except OSError:
            return 0
        removed = 0
        limit = now - max_age_days * _DAY
        for entry in self.dir.iterdir():
            with contextlib.suppress(OSError):
                st = entry.lstat()
                if entry.is_symlink() or not entry.is_file() or entry.name == ".pruned":
                    continue
                stale_tmp = entry.name.startswith(".tmp-") and st.st_mtime < now - _DAY
                if stale_tmp or st.st_mtime < limit:
                    entry.unlink()
                    removed += 1
        legacy = self.dir.parent / "facts-v1"
        if legacy.is_dir() and not legacy.is_symlink():
            import shutil

            shutil.rmtree(legacy, ignore_errors=True)
        return removed


def _read_table(raw: bytes) -> dict[str, tuple[str, str, int, int]] | None:
    """The pack's table with offsets made absolute, or None if it is not exactly one."""
    if not raw.startswith(MAGIC):
        return None
    nl = raw.find(b"\n", len(MAGIC), len(MAGIC) + 12)
    try:
        size = int(raw[len(MAGIC) : nl])
    except ValueError:
        return None
    if nl < 0 or not 0 < size <= MAX_TABLE_BYTES or nl + 1 + size > len(raw):
        return None
    start = nl + 1 + size
    try:
        rows = json.loads(raw[nl + 1 : start].decode("utf-8", "surrogatepass"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if type(rows) is not list:
        return None
    table = {}
    for row in rows:
        if type(row) is not list or len(row) != 5:
            return None
        key, path, digest, offset, length = row
        if not (type(key) is str and type(path) is str and type(digest) is str):
            return None
        if not (type(offset) is int and type(length) is int and offset >= 0 and length >= 0):
            return None
        if start + offset + length > len(raw):
            return None
        table[key] = (path, digest, start + offset, length)
    return table


def entry_key(path: str, kind: str, content_id: str, salt: str) -> str:
    text = f"{code_fingerprint()}|{salt}|{kind}|{path}|{content_id}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def git_blob_ids(root: Path) -> dict[str, str]:
    """Blob ids of the files git has in its index and that are unmodified in the working tree.

    ``git ls-files -s`` gives the index's blob per path; ``git diff-files`` names those whose
    working copy differs (by git's stat check), and those fall back to size + mtime. Both print
    paths relative to ``root`` (``--relative`` for diff-files), as the inventory lists them.
    """
    from .inventory import _git

    def run(*args: str) -> bytes:
        return _git(root, *args, timeout=60) or b""

    staged = run("ls-files", "-s", "-z", "--", ".")
    if not staged:
        return {}
    changed = {
        p.decode("utf-8", "surrogateescape")
        for p in run("diff-files", "--name-only", "-z", "--relative", "--", ".").split(b"\0")
        if p
    }
    out = {}
    for rec in staged.split(b"\0"):
        meta, _, name = rec.partition(b"\t")
        parts = meta.split()
        if len(parts) != 3 or parts[2] != b"0":
            continue  # unmerged paths have stages 1-3: no single blob
        path = name.decode("utf-8", "surrogateescape")  # relative to root, as ls-files prints it
        if path not in changed:
            out[path] = parts[1].decode()
    return out


def stat_id(root: str, path: str) -> str | None:
    try:
        st = os.stat(os.path.join(root, path))
    except OSError:
        return None
    return f"stat:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"
