"""Config documents (YAML, JSON, TOML, INI) flattened to (key path, scalar, line) entries.

YAML is composed, never constructed: no tag can run a constructor, unknown tags (``!include``,
``!!python/object``) are just labels, and an alias bomb stays a small shared node graph that
is walked once per node. JSON, TOML and INI have no positions in the standard parsers, so the
line of a key is found by a single regex pass over the text.
"""

from __future__ import annotations

import configparser
import json
import re
from dataclasses import dataclass, field

import yaml

from .lines import LineTable, blank_long_lines

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

MAX_ENTRIES = 5000
MAX_DEPTH = 40
MAX_KEY_LINES = 2000  # distinct keys whose line a JSON/TOML/INI document remembers

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class ConfigDoc:
    path: str
    format: str  # yaml | json | toml | ini
    entries: list[tuple[str, object, int]] = field(default_factory=list)
    documents: int = 0
    error: str = ""
    truncated: bool = False

    def get(self, key: str, default=None):
        for k, v, _ in self.entries:
            if k == key:
                return v
        return default

    def key_set(self) -> frozenset[str]:
        return self._kept("_keys", lambda: frozenset(k for k, _, _ in self.entries))

    def top_keys(self) -> set[str]:
        return set(
            self._kept(
                "_top", lambda: frozenset(k.split(".", 1)[0].split("[", 1)[0] for k, _, _ in self.entries)
            )
        )

    def _kept(self, name: str, compute):
        """A view of ``entries`` asked for by many detectors and rules on documents of up to 5,000
        entries: computed once and kept (outside the dataclass fields, so equality and the cache
        codec ignore it). Parsers fill ``entries`` before anyone asks; the count guards a later
        change."""
        seen = self.__dict__.get(name)
        if seen is None or seen[0] != len(self.entries):
            seen = (len(self.entries), compute())
            self.__dict__[name] = seen
        return seen[1]


def _scalar(value: str, tag: str):
    if tag.endswith(":bool"):
        return value.lower() in ("true", "yes", "on")
    if tag.endswith(":int"):
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag.endswith(":float"):
        try:
            return float(value)
        except ValueError:
            return value
    if tag.endswith(":null"):
        return None
    return value


def _as_written(prefix: str, target: tuple):
    """A version is text even where YAML reads a number: ``python-version: 3.10`` is the float 3.1,
    but the file states 3.10, and a rule that reports it must say what the file says."""
    value = target[0]
    if isinstance(value, float) and prefix.removesuffix("[]").lower().endswith(("version", "versions")):
        return target[2]
    return value


def parse_yaml(path: str, text: str) -> ConfigDoc:
    doc = ConfigDoc(path, "yaml")
    loader = _Loader(text)
    try:
        _read_yaml_events(loader, doc)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        doc.error = f"invalid YAML{where}: {getattr(exc, 'problem', None) or exc}"[:200]
    except (RecursionError, MemoryError, ValueError) as exc:
        doc.error = f"YAML too deep or too large to read: {type(exc).__name__}"
    finally:
        loader.dispose()
    return doc


_COLLECTION_START = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_COLLECTION_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _read_yaml_events(loader, doc: ConfigDoc) -> None:
    """Flatten the event stream, never composing nodes.

    Composing recurses once per nesting level (libyaml's composer overflows the C stack on
    ``[[[[...`` 25,000 deep) and builds the whole node graph of a 10 MB file before the first
    entry; the event stream is flat, and reading stops at MAX_ENTRIES. An alias is read once,
    where its anchor is (a scalar alias repeats the scalar), so an alias bomb stays linear.
    """
    entries: list[tuple[str, object, int]] = []
    anchors: dict[str, tuple | None] = {}  # scalar anchors keep (value, line, text)
    # Open collections: [is_mapping, prefix, depth, expecting_key, key, key_line, skip_value]
    frames: list[list] = []
    skip = 0  # nesting depth inside a subtree that is not read (complex keys and their values)
    while loader.check_event():
        ev = loader.get_event()
        if skip:
            if isinstance(ev, _COLLECTION_START):
                skip += 1
            elif isinstance(ev, _COLLECTION_END):
                skip -= 1
            continue
        if isinstance(ev, yaml.DocumentStartEvent):
            entries, anchors, frames = [], {}, []
            continue
        if isinstance(ev, yaml.DocumentEndEvent):
            entries.sort(key=lambda e: e[2])
            doc.entries.extend(entries)
            doc.documents += 1
            entries = []
            continue
        if isinstance(ev, _COLLECTION_END):
            frames.pop()
            continue
        if not isinstance(ev, (yaml.ScalarEvent, yaml.AliasEvent, *_COLLECTION_START)):
            continue  # stream start/end
        if len(doc.entries) + len(entries) >= MAX_ENTRIES:
            doc.truncated = True
            break
        line = ev.start_mark.line + 1
        if isinstance(ev, yaml.AliasEvent):
            if ev.anchor not in anchors:
                raise yaml.composer.ComposerError(
                    None, None, f"found undefined alias {ev.anchor!r}", ev.start_mark
                )
            target = anchors[ev.anchor]  # None: a collection, read where it was anchored
        else:
            target = None
            if isinstance(ev, yaml.ScalarEvent):
                tag = ev.tag
                if tag is None or tag == "!":
                    tag = loader.resolve(yaml.ScalarNode, ev.value, ev.implicit)
                target = (_scalar(ev.value, tag), line, ev.value)
            if ev.anchor is not None:
                anchors[ev.anchor] = target
        is_collection = isinstance(ev, _COLLECTION_START)
        # Where this node sits: the document root, a sequence item, a mapping key or value.
        if not frames:
            prefix, depth, entry_line = "", 0, line
            if not is_collection:
                if target is not None:
                    entries.append(("", target[0], target[1]))
                continue
        else:
            top = frames[-1]
            if top[0] and top[3]:  # a mapping key
                top[3] = False
                if target is not None and not is_collection:
                    top[4], top[5], top[6] = target[2], line, False  # the key as written
                else:
                    top[6] = True  # a complex key: skip the key and its value
                    if is_collection:
                        skip = 1
                continue
            if top[0]:  # a mapping value
                top[3] = True
                if top[6]:
                    if is_collection:
                        skip = 1
                    continue
                key = top[4] if top[4] != "<<" else ""
                prefix = f"{top[1]}.{key}" if top[1] and key else (key or top[1])
                entry_line = top[5]
            else:  # a sequence item
                prefix, entry_line = f"{top[1]}[]", line
            depth = top[2] + 1
            if not is_collection:
                if target is not None:
                    entries.append((prefix, _as_written(prefix, target), entry_line if top[0] else target[1]))
                continue
        if depth > MAX_DEPTH:
            doc.truncated = True
            break
        if prefix:
            entries.append((prefix, None, line))
        frames.append([isinstance(ev, yaml.MappingStartEvent), prefix, depth, True, "", 0, False])
    if doc.truncated:
        entries.sort(key=lambda e: e[2])
        doc.entries.extend(entries)
        doc.documents += 1


def _walk_obj(obj, prefix: str, doc: ConfigDoc, line_of) -> None:
    """Depth-first, in document order, until MAX_ENTRIES. Children are produced lazily: a
    48,000-key JSON document read only to its first 5,000 entries builds 5,000 key paths."""
    stack = [iter(((obj, prefix, 0),))]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            continue
        obj, prefix, depth = item
        if len(doc.entries) >= MAX_ENTRIES or depth > MAX_DEPTH:
            doc.truncated = True
            return
        if isinstance(obj, dict):
            if prefix:
                doc.entries.append((prefix, None, line_of(prefix)))
            stack.append(_dict_children(obj, prefix, depth + 1))
        elif isinstance(obj, list):
            if prefix:
                doc.entries.append((prefix, None, line_of(prefix)))
            stack.append(_list_children(obj, f"{prefix}[]", depth + 1))
        else:
            if isinstance(obj, str):
                obj = obj[:500]
            elif not isinstance(obj, (int, float, bool)) and obj is not None:
                obj = str(obj)[:500]
            doc.entries.append((prefix, obj, line_of(prefix)))


def _dict_children(obj: dict, prefix: str, depth: int):
    for k, v in obj.items():
        yield v, (f"{prefix}.{k}" if prefix else str(k)), depth


def _list_children(obj: list, prefix: str, depth: int):
    for v in obj:
        yield v, prefix, depth


def _line_finder(text: str, pattern: str, short_lines: bool = False):
    """Map a key path to the first line where its last key appears (0 when not found).

    One offsets table answers every match (counting newlines from the start per match was
    quadratic). ``short_lines``: keys sit on short lines (TOML, INI), so long lines are not
    searched and a pattern with a lazy group never backtracks across one.
    """
    firsts: dict[str, int] = {}
    if short_lines:
        text = blank_long_lines(text)
    table = LineTable(text)
    for m in re.finditer(pattern, text, re.MULTILINE):
        key = m.group(1)
        if key not in firsts:
            firsts[key] = table.line_of(m.start())
            if len(firsts) >= MAX_KEY_LINES:
                break  # only the first keys are kept: later matches cannot change them

    def line_of(path: str, whole: bool = False) -> int:
        last = path if whole else path.rsplit(".", 1)[-1]
        return firsts.get(last.replace("[]", ""), 0)

    return line_of


def parse_json(path: str, text: str) -> ConfigDoc:
    doc = ConfigDoc(path, "json")
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError) as exc:
        obj = _jsonnet_values(text)
        if obj is None:
            doc.error = f"invalid JSON: {str(exc)[:120]}"
            return doc
    doc.documents = 1
    _walk_obj(obj, "", doc, _line_finder(text, r'"([^"\\\n]{1,80})"\s*:'))
    return doc


_STD_CALL = re.compile(r"\bstd\.\w+\(")
_VAR_ARITHMETIC = re.compile(r'"\$\{\w+\}"(?:\s*[-+*/%]\s*(?:\d+(?:\.\d+)?|"\$\{\w+\}"))+')
_EXT_VAR = re.compile(r"""std\.extVar\(\s*["']([^"']+)["']\s*\)""")


def _jsonnet_values(text: str):
    """An AllenNLP-style Jsonnet configuration read as JSON (None when it is more than that): each
    `std.extVar("SEED")` (inside `std.parseInt(...)` or not) is the value of that environment variable,
    kept as the text `${SEED}`; comments and trailing commas are dropped. `local` bindings, functions
    and imports are real Jsonnet, not read here."""
    if "std." not in text or re.search(r"^\s*(local|import)\b", text, re.M) or len(text) > 1_000_000:
        return None
    out, i = [], 0
    for m in _STD_CALL.finditer(text):
        if m.start() < i:
            continue
        depth, j = 1, m.end()
        while j < len(text) and depth:  # the call's balanced parentheses
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            j += 1
        var = _EXT_VAR.search(text, m.start(), j)
        out.append(text[i : m.start()] + json.dumps("${" + (var.group(1) if var else "?") + "}"))
        i = j
    cleaned = "".join(out) + text[i:]
    # `std.parseInt(std.extVar("BATCH")) / 2`: arithmetic on a variable's value, kept as its text
    cleaned = _VAR_ARITHMETIC.sub(lambda m: json.dumps(m.group(0).replace('"', "")), cleaned)
    cleaned = re.sub(r"^\s*(//|#).*$", "", cleaned, flags=re.M)
    cleaned = re.sub(r",(\s*[}\]])", r"\1", cleaned)
    try:
        return json.loads(cleaned)
    except (ValueError, RecursionError):
        return None


def parse_toml(path: str, text: str) -> ConfigDoc:
    doc = ConfigDoc(path, "toml")
    try:
        obj = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as exc:
        doc.error = f"invalid TOML: {str(exc)[:120]}"
        return doc
    doc.documents = 1
    pattern = r'^[ \t]*\[*[ \t]*"?([A-Za-z0-9_.\-]+?)"?[ \t]*(?:=|\])'
    finder = _line_finder(text, pattern, short_lines=True)

    def line_of(p: str) -> int:
        # TOML tables name dotted paths: look for the full path first
        return finder(p, whole=True) or finder(p)

    _walk_obj(obj, "", doc, line_of)
    return doc


def parse_ini(path: str, text: str) -> ConfigDoc:
    if text.lstrip().startswith(("{", "[{")):
        # dataset.cfg holding JSON (DeepFilterNet's dataset configuration): the suffix says INI, the text
        # does not ("[section]" starts INI, "{" or "[{" cannot)
        return parse_json(path, text)
    doc = ConfigDoc(path, "ini")
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except (configparser.Error, ValueError) as exc:
        doc.error = f"invalid INI: {str(exc).splitlines()[0][:120]}"
        return doc
    doc.documents = 1
    line_of = _line_finder(text, r"^[ \t]*\[?([A-Za-z0-9_.\-: ]+?)\]?[ \t]*(?:=|:|$)", short_lines=True)
    for section in parser.sections():
        doc.entries.append((section, None, line_of(section)))
        for key, value in parser.items(section, raw=True):
            doc.entries.append((f"{section}.{key}", value, line_of(key)))
            if len(doc.entries) >= MAX_ENTRIES:
                doc.truncated = True
                return doc
    return doc


PARSERS = {"yaml": parse_yaml, "json": parse_json, "toml": parse_toml, "ini": parse_ini}


def instantiations(doc: ConfigDoc):
    """Classes a config instantiates (Hydra ``_target_``, LightningCLI ``class_path``) as calls.

    The call's keyword arguments are the sibling scalar keys (``init_args`` for LightningCLI), so
    ``ModelCheckpoint`` with ``monitor: val/acc`` in YAML reads like ``ModelCheckpoint(monitor=...)``
    in code and rules need no special case for configuration-driven projects.
    """
    return doc._kept("_calls", lambda: _instantiations(doc))


def _instantiations(doc: ConfigDoc) -> list:
    from .python_facts import CLASS_PATH, DICT_TARGET_KEYS, Call

    calls = []
    for key, value, line in doc.entries:
        leaf = key.rsplit(".", 1)[-1]
        if leaf not in DICT_TARGET_KEYS or not isinstance(value, str) or not value:
            continue
        if leaf == "target" and not CLASS_PATH.fullmatch(value):
            continue  # a plain `target:` key (a metric's target value, a column name), no class
        parent = key[: -len(leaf)]  # "trainer.logger." or ""
        params = DICT_TARGET_KEYS[leaf]
        args_prefix = parent + (params + "." if params else "")
        kwargs = []
        for k, v, _ in doc.entries:
            if k.startswith(args_prefix) and k != key:
                rest = k[len(args_prefix) :]
                if rest and "." not in rest and "[" not in rest and v is not None:
                    kwargs.append((rest, v))
        calls.append(Call(value, line, 0, (), tuple(kwargs[:64])))
    return calls
