"""The content cache: per-file parsed facts kept between audits, outside the audited tree.

Where: ``$EXPERIMENT_TRACKING_CACHE_DIR``, else ``$XDG_CACHE_HOME/experiment-tracking``, else
``~/.cache/experiment-tracking``. ``--no-cache`` (or ``EXPERIMENT_TRACKING_CACHE_DIR=off``) bypasses it.

Key: what the facts depend on — the file's content (the git blob id when git has the file
unmodified, else its size, mtime and path), its path and kind, the words searched for, and the
auditor (its version and the source of the code that builds the facts), hashed with SHA-256.

Entry: one file per key, ``ETCACHE1 <sha256 of body>\\n`` then a JSON body (``index/codec.py``).
An entry whose header, checksum or body does not fit is ignored and rebuilt, never trusted;
nothing is unpickled. Writes go to a temporary file in the same directory and are renamed into
place, so concurrent audits each see a whole entry or none. Entries unused for 30 days are
removed (checked at most once a day).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from pathlib import Path

ENV_VAR = "EXPERIMENT_TRACKING_CACHE_DIR"
MAGIC = b"ETCACHE1 "
FORMAT = "1"
MAX_AGE_DAYS = 30  # an entry neither written nor read for this long is removed
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
        for sub in ("index", "model.py", "inventory.py"):
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


class FactCache:
    """Get and put per-file entries by key; every failure is a miss, never an error."""

    def __init__(self, directory: Path):
        self.dir = Path(directory) / f"facts-v{FORMAT}"
        self.hits = 0
        self.misses = 0
        self.rejected = 0  # entries present but corrupt or foreign
        self.writable = True

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / key

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
                mtime = os.fstat(fh.fileno()).st_mtime
        except OSError:
            self.misses += 1
            return None
        if time.time() - mtime > _DAY:
            with contextlib.suppress(OSError):
                os.utime(path)  # still in use: keep it past the next prune
        body = _verify(raw)
        if body is None:
            self.rejected += 1
            self.misses += 1
            return None
        self.hits += 1
        return body

    def put(self, key: str, body: bytes) -> None:
        if not self.writable:
            return
        folder = self._path(key).parent
        data = MAGIC + hashlib.sha256(body).hexdigest().encode() + b"\n" + body
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, self._path(key))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            self.writable = False  # a read-only or full cache: audit on without it

    def prune(self, max_age_days: float = MAX_AGE_DAYS) -> int:
        """Remove entries unused for ``max_age_days`` (and stray temporary files); at most once a
        day, so the cache does not grow without bound as files change. Returns how many."""
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
        for sub in self.dir.iterdir():
            if not sub.is_dir() or sub.is_symlink():
                continue
            for entry in sub.iterdir():
                with contextlib.suppress(OSError):
                    st = entry.lstat()
                    stale_tmp = entry.name.startswith(".tmp-") and st.st_mtime < now - _DAY
                    if stale_tmp or st.st_mtime < limit:
                        entry.unlink()
                        removed += 1
        return removed


def _verify(raw: bytes) -> bytes | None:
    if not raw.startswith(MAGIC):
        return None
    nl = raw.find(b"\n", len(MAGIC))
    if nl != len(MAGIC) + 64:
        return None
    body = raw[nl + 1 :]
    if hashlib.sha256(body).hexdigest().encode() != raw[len(MAGIC) : nl]:
        return None
    return body


def entry_key(path: str, kind: str, content_id: str, salt: str) -> str:
    text = f"{code_fingerprint()}|{salt}|{kind}|{path}|{content_id}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def git_blob_ids(root: Path) -> dict[str, str]:
    """Blob ids of the files git has in its index and that are unmodified in the working tree.

    ``git ls-files -s`` gives the index's blob per path; ``git diff-files`` names those whose
    working copy differs (by git's stat check), and those fall back to size + mtime. Both print
    paths relative to ``root`` (``--relative`` for diff-files), as the inventory lists them.
    """
    import subprocess

    def run(*args: str) -> bytes:
        try:
            proc = subprocess.run(
                ["git", "-c", "safe.directory=*", "-C", str(root), *args],
                capture_output=True,
                timeout=60,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return b""
        return proc.stdout if proc.returncode == 0 else b""

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
