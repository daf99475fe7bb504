"""Per-file facts (``FileResult``) to JSON and back, for the content cache.

The cache lives outside the audited tree and anyone who can write there could plant an entry,
so it is never unpickled: entries are plain JSON, and decoding builds only the classes named in
``CLASSES`` from positional field values. Anything else (an unknown class name, a field count
that does not fit, a value of the wrong shape) raises ``ValueError`` and the entry is rebuilt.

JSON has lists but no tuples, sets or non-string keys, and the facts compare tuples with tuples
(``Call.args``, literal values), so those are tagged: ``{"t": [...]}`` a tuple,
``{"c": name, "v": [...]}`` a class instance, ``{"m": [[k, v], ...]}`` a dict, ``{"e": [...]}``
a config document's entries, flattened.
"""

from __future__ import annotations

import dataclasses
import json

from ..model import Note
from .build import FileResult
from .configs import ConfigDoc
from .manifests import BaseImage, Dependency
from .python_facts import Assign, Call, Dyn, Import, ModuleFacts
from .secrets import SecretHit
from .writes import Write


def _fields(cls) -> tuple[str, ...]:
    if dataclasses.is_dataclass(cls):
        return tuple(f.name for f in dataclasses.fields(cls))
    return tuple(cls._fields)  # NamedTuple


CLASSES = {
    c.__name__: c
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
    )
}
FIELDS = {name: _fields(cls) for name, cls in CLASSES.items()}
_NAME_OF = {cls: name for name, cls in CLASSES.items()}
_SCALARS = (str, int, float, bool, type(None))


class Unencodable(ValueError):
    """A value the codec has no form for: the file is simply not cached."""


def _enc(o):
    t = type(o)
    if t in _SCALARS:
        return o
    if t is list:
        return [_enc(x) for x in o]
    name = _NAME_OF.get(t)
    if name is not None:
        if t is ConfigDoc:
            return {
                "c": name,
                "v": [_entries(o.entries) if f == "entries" else _enc(getattr(o, f)) for f in FIELDS[name]],
            }
        return {"c": name, "v": [_enc(getattr(o, f)) for f in FIELDS[name]]}
    if t is tuple:
        return {"t": [_enc(x) for x in o]}
    if t is dict:
        # As pairs, so that every JSON object in an entry is a tag (a key "t" is never a tuple).
        return {"m": [[_enc(k), _enc(v)] for k, v in o.items()]}
    if t is set or t is frozenset:
        return {"s" if t is set else "f": [_enc(x) for x in o]}
    if t is bytes:
        return {"b": o.hex()}
    raise Unencodable(t.__name__)


def _entries(entries: list) -> dict | list:
    """A config's (key, scalar, line) entries as one flat list: thousands of tuples per
    document decode far faster from ``{"e": [k, v, line, ...]}`` than one tag each."""
    flat = []
    for k, v, line in entries:
        if type(v) not in _SCALARS or type(k) is not str or type(line) is not int:
            return _enc(entries)
        flat += (k, v, line)
    return {"e": flat}


def _hook(d: dict):
    # Called for every JSON object of an entry (a million on a large tree): commonest tags first.
    t = d.get("t")
    if t is not None:
        if len(d) == 1 and type(t) is list:
            return tuple(t)
    elif "v" in d:
        name, v = d.get("c"), d["v"]
        fields = FIELDS.get(name) if type(name) is str else None
        if fields is not None and len(d) == 2 and type(v) is list and len(v) == len(fields):
            return CLASSES[name](*v)
    elif len(d) == 1:
        (tag, v), *_ = d.items()
        if tag == "m" and type(v) is list and all(type(p) is list and len(p) == 2 for p in v):
            return {k: x for k, x in v}
        if tag == "e" and type(v) is list and len(v) % 3 == 0:
            it = iter(v)
            return list(zip(it, it, it, strict=False))
        if tag == "s" and type(v) is list:
            return set(v)
        if tag == "f" and type(v) is list:
            return frozenset(v)
        if tag == "b" and type(v) is str:
            return bytes.fromhex(v)
    raise ValueError("not a cache value")


def dumps(res: FileResult) -> bytes:
    return json.dumps(_enc(res), ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def loads(raw: bytes) -> FileResult:
    """The FileResult in ``raw``; ``ValueError`` for anything that is not exactly one."""
    try:
        obj = json.loads(raw.decode("utf-8", "surrogatepass"), object_hook=_hook)
    except (TypeError, RecursionError, UnicodeDecodeError) as exc:
        raise ValueError(str(exc)) from None
    if not isinstance(obj, FileResult):
        raise ValueError("not a FileResult")
    return obj
