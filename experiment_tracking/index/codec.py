"""Per-file facts (``FileResult``) to bytes and back, for the content cache and the worker pool.

Bytes are a pickle, read back only through ``_FactUnpickler``: the one hook by which a pickle
names anything to build or call (``find_class``) accepts exactly the fact classes in
``CLASSES`` and refuses every other name, so an entry planted in the cache directory can at
worst describe facts that are not true (the same as any data format), never run code. Tuples,
lists, dicts, sets, frozensets, bytes and scalars are pickle's own opcodes and name nothing.
Anything that does not decode to one ``FileResult`` raises ``ValueError`` and the file is
parsed again.

Why not JSON (the first format): decoding a 6,000-file tree's facts with an object hook took
1-2.5 s, and encoding them cost as much again; a pickle is encoded in C and is also what the
worker pool sends back anyway, so a worker's result is cached without a second encoding.
"""

from __future__ import annotations

import dataclasses
import io
import pickle

from ..model import Evidence, Note
from .build import FileResult
from .configs import ConfigDoc
from .manifests import BaseImage, Dependency
from .python_facts import Assign, Call, Dyn, Import, ModuleFacts
from .secrets import SecretHit
from .writes import Write

CLASSES = {
    (c.__module__, c.__qualname__): c
    for c in (
        FileResult,
        ModuleFacts,
        ConfigDoc,
        Call,
        Import,
        Assign,
        Write,
        Dyn,
        Dependency,
        BaseImage,
        Note,
        SecretHit,
        Evidence,
    )
}
# Literal values that ast gives and a pickle names: harmless to build from any arguments.
_BUILTINS = {("builtins", "complex"): complex, ("builtins", "Ellipsis"): Ellipsis}
PROTOCOL = 5


class Unencodable(ValueError):
    """A value the codec has no form for: the file is simply not cached."""


class _FactUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        found = CLASSES.get((module, name)) or _BUILTINS.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not a fact class")
        return found

    def persistent_load(self, pid):
        raise pickle.UnpicklingError("persistent ids are not used")


def dumps(res: FileResult) -> bytes:
    try:
        return pickle.dumps(res, protocol=PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as exc:
        raise Unencodable(str(exc)) from None


def loads(raw: bytes) -> FileResult:
    """The FileResult in ``raw``; ``ValueError`` for anything that is not exactly one."""
    try:
        obj = _FactUnpickler(io.BytesIO(raw)).load()
    except Exception as exc:  # a malformed pickle raises many kinds: each one is "not an entry"
        raise ValueError(f"not a cache entry: {type(exc).__name__}") from None
    if type(obj) is not FileResult:
        raise ValueError("not a FileResult")
    if obj.module is not None and not _derived_whole(obj.module):
        raise ValueError("derived parts of another shape")
    return obj


_TAXONOMY_FIELDS = frozenset(
    {
        "entry_points",
        "training_entry_points",
        "run_naming",
        "tagging",
        "experiment_names",
        "ablations",
        "sweep_definitions",
        "splits_seeded",
        "splits_unseeded",
        "split_files",
        "notebook_records",
    }
)


def _evidence(e) -> bool:
    return (
        type(e) is Evidence
        and type(e.path) is str
        and type(e.line) is int
        and type(e.detail) is str
        and type(e.cell) is int
    )


_MODULE_ATTRS = frozenset(f.name for f in dataclasses.fields(ModuleFacts)) | {"_option_defaults"}


def _derived_whole(m) -> bool:
    """The per-module parts kept with the facts (``build.derive``) have the shapes the stages that
    replay them expect: anything else would fail (or mislead) far from here, so the entry is
    refused and the file parsed again. A module holds its fields and its own option defaults,
    nothing else (the stages keep other memos on it, never in an entry)."""
    if not _MODULE_ATTRS.issuperset(vars(m)):
        return False
    defaults = vars(m).get("_option_defaults")
    if defaults is not None and not (
        type(defaults) is dict and all(type(k) is str and type(v) is str for k, v in defaults.items())
    ):
        return False
    derived = getattr(m, "derived", None)
    if type(derived) is not dict:
        return False
    hits = derived.get("detect")
    if hits is not None:
        if type(hits) is not tuple or len(hits) != 3 or type(hits[2]) is not bool:
            return False
        adds, taxes = hits[0], hits[1]
        if type(adds) is not tuple or type(taxes) is not tuple:
            return False
        for a in adds:
            if not (type(a) is tuple and len(a) == 5 and _evidence(a[3])):
                return False
            if not all(type(x) is str for x in (a[0], a[1], a[2], a[4])):
                return False
        for t in taxes:
            if not (type(t) is tuple and len(t) == 2 and t[0] in _TAXONOMY_FIELDS and type(t[1]) is tuple):
                return False
            if not all(_evidence(e) for e in t[1]):
                return False
    resume = derived.get("resume")
    if resume is not None:
        if type(resume) is not tuple or len(resume) != 2:
            return False
        if not all(type(part) is list and all(_evidence(e) for e in part) for part in resume):
            return False
    return True
