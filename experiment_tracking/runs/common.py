"""Helpers every store reader shares: the collector, seeds, times, paths and redaction."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..model import Note, Run

# Readers never load more than this from one file: stores hold logs that can be huge.
MAX_READ_BYTES = 20 * 1024 * 1024

SEED_KEYS = frozenset(
    {
        "seed",
        "random_seed",
        "random_state",
        "manual_seed",
        "rng_seed",
        "global_seed",
        "torch_seed",
        "np_seed",
        "numpy_seed",
        "seed_value",
        "seed_everything",
    }
)
ENV_FILE_NAMES = frozenset(
    {
        "requirements.txt",
        "conda.yaml",
        "conda-environment.yaml",
        "environment.yml",
        "environment.yaml",
        "python_env.yaml",
        "pip_freeze.txt",
        "poetry.lock",
        "uv.lock",
        "pixi.lock",
        "pdm.lock",
        "pipfile.lock",
    }
)


def is_seed_key(key: str) -> bool:
    last = re.split(r"[./:]", str(key))[-1].lower().lstrip("_-+~")
    return last in SEED_KEYS or last.endswith("_seed")


def find_seed(obj, depth: int = 0) -> str | None:
    """The first seed-like key (sorted, shallowest first) with a non-empty value, as text."""
    if depth > 6:
        return None
    if isinstance(obj, dict):
        nested = []
        for key in sorted(obj, key=str):
            value = obj[key]
            if isinstance(value, dict):
                # Hydra/W&B wrap values as {"value": x}; treat that wrapper as the value itself.
                if is_seed_key(key) and "value" in value and len(value) <= 2:
                    value = value["value"]
                else:
                    nested.append(value)
                    continue
            if (
                is_seed_key(key)
                and value not in (None, "", "None", "null")
                and not isinstance(value, (list, dict))
            ):
                return str(value)
        for value in nested:
            found = find_seed(value, depth + 1)
            if found is not None:
                return found
    return None


def ms_to_iso(ms) -> str | None:
    try:
        return seconds_to_iso(float(ms) / 1000.0)
    except (TypeError, ValueError):
        return None


def seconds_to_iso(sec) -> str | None:
    try:
        sec = float(sec)
        if sec <= 0 or sec != sec:
            return None
        return datetime.fromtimestamp(sec, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError, OverflowError, OSError):
        return None


_URI_CRED = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^/@:\s]*):(?P<pw>[^/@\s]*)@")
_SECRET_QUERY = re.compile(r"(?i)((?:token|password|passwd|secret|key|sig|signature)=)[^&\s]+")


def redact(text: str) -> str:
    """Hide passwords in URIs and secret-looking query values."""
    if not text:
        return text
    text = _URI_CRED.sub(lambda m: f"{m['scheme']}{m['user']}:***@", text)
    return _SECRET_QUERY.sub(r"\1***", text)


def is_commit_sha(value) -> bool:
    return isinstance(value, str) and bool(re.fullmatch(r"[0-9a-fA-F]{7,40}", value.strip()))


@dataclass
class Collector:
    """What the readers found; the catalog turns it into a RunCatalog."""

    root: Path
    runs: list[Run] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    experiments: list[dict] = field(default_factory=list)
    registered_models: list[dict] = field(default_factory=list)
    stores: list[dict] = field(default_factory=list)
    # Directories whose event files belong to a run of another store (Lightning, W&B).
    claimed_dirs: set[str] = field(default_factory=set)

    def abspath(self, rel: str) -> str:
        return str(self.root) if rel in ("", ".") else os.path.join(self.root, rel)

    def rel(self, abspath: str) -> str:
        r = os.path.relpath(abspath, self.root).replace(os.sep, "/")
        return "." if r == "" else r

    def note(self, kind: str, path: str, detail: str = "") -> None:
        self.notes.append(Note(kind, path, redact(detail)[:300]))

    def add_store(self, family: str, path: str, runs: int, **extra) -> None:
        self.stores.append({"family": family, "path": path, "runs": runs, **extra})

    def read_bytes(self, rel: str, limit: int = MAX_READ_BYTES) -> bytes | None:
        """File content, or None with a note when it is unreadable or too large."""
        full = self.abspath(rel)
        try:
            if os.path.islink(full):
                return None
            size = os.path.getsize(full)
            if size > limit:
                self.note("skipped-large", rel, f"{size} bytes, over the {limit} byte limit")
                return None
            with open(full, "rb") as fh:
                return fh.read(limit + 1)
        except OSError as exc:
            self.note("unreadable", rel, exc.strerror or type(exc).__name__)
            return None

    def read_text(self, rel: str, limit: int = MAX_READ_BYTES) -> str | None:
        raw = self.read_bytes(rel, limit)
        return None if raw is None else raw.decode("utf-8", "replace")

    def read_json(self, rel: str):
        text = self.read_text(rel)
        if text is None:
            return None
        try:
            return json.loads(text)
        except (ValueError, RecursionError) as exc:
            self.note("parse-error", rel, f"invalid JSON: {exc}")
            return None

    def read_yaml(self, rel: str):
        text = self.read_text(rel)
        if text is None:
            return None
        return self.parse_yaml(text, rel)

    def parse_yaml(self, text: str, rel: str):
        import yaml

        try:
            return yaml.safe_load(text)
        except (yaml.YAMLError, RecursionError, ValueError) as exc:
            self.note("parse-error", rel, f"invalid YAML: {str(exc).splitlines()[0]}")
            return None

    def exists(self, rel: str) -> bool:
        full = self.abspath(rel)
        return os.path.exists(full) and not os.path.islink(full)

    def isdir(self, rel: str) -> bool:
        full = self.abspath(rel)
        return os.path.isdir(full) and not os.path.islink(full)


def join(*parts: str) -> str:
    return "/".join(p for p in parts if p and p != ".") or "."


def count_keys(obj, skip_private: bool = True) -> int:
    if not isinstance(obj, dict):
        return 0
    return sum(1 for k in obj if not (skip_private and str(k).startswith("_")))


def flatten(obj, prefix: str = "", depth: int = 0) -> dict:
    """Nested mappings as dotted keys; leaves only."""
    out: dict = {}
    if not isinstance(obj, dict) or depth > 8:
        return out
    for k, v in obj.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict) and v:
            out.update(flatten(v, key + ".", depth + 1))
        else:
            out[key] = v
    return out


def walk(col: Collector, root_rel: str, max_depth: int = 6, skip: frozenset = frozenset()):
    """(rel_dir, dirnames, filenames) below root_rel, sorted, never following symlinks."""
    top = col.abspath(root_rel)
    base_depth = top.rstrip(os.sep).count(os.sep)
    for dirpath, dirnames, filenames in os.walk(top):
        depth = dirpath.count(os.sep) - base_depth
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in skip and not os.path.islink(os.path.join(dirpath, d)) and depth < max_depth
        )
        yield col.rel(dirpath), dirnames, sorted(filenames)
