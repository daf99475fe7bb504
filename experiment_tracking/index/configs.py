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

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

MAX_ENTRIES = 5000
MAX_DEPTH = 40

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

    def key_set(self) -> set[str]:
        return {k for k, _, _ in self.entries}

    def top_keys(self) -> set[str]:
        return {k.split(".", 1)[0].split("[", 1)[0] for k, _, _ in self.entries}


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


def parse_yaml(path: str, text: str) -> ConfigDoc:
    doc = ConfigDoc(path, "yaml")
    try:
        for node in yaml.compose_all(text, Loader=_Loader):
            if node is None:
                continue
            doc.documents += 1
            _walk_yaml(node, "", doc, set(), 0)
            if doc.truncated:
                break
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        doc.error = f"invalid YAML{where}: {getattr(exc, 'problem', None) or exc}"[:200]
    except (RecursionError, MemoryError, ValueError) as exc:
        doc.error = f"YAML too deep or too large to read: {type(exc).__name__}"
    return doc


def _walk_yaml(node, prefix: str, doc: ConfigDoc, seen: set, depth: int) -> None:
    stack = [(node, prefix, depth)]
    while stack:
        node, prefix, depth = stack.pop()
        if len(doc.entries) >= MAX_ENTRIES or depth > MAX_DEPTH:
            doc.truncated = True
            return
        if id(node) in seen:
            continue  # a shared alias target: already walked once
        seen.add(id(node))
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            if prefix:
                doc.entries.append((prefix, None, line))
            items = []
            for k, v in node.value:
                if not isinstance(k, yaml.ScalarNode):
                    continue
                key = k.value if k.value != "<<" else ""
                child = f"{prefix}.{key}" if prefix and key else (key or prefix)
                if isinstance(v, yaml.ScalarNode):
                    doc.entries.append((child, _scalar(v.value, v.tag), k.start_mark.line + 1))
                else:
                    items.append((v, child, depth + 1))
            stack.extend(reversed(items))
        elif isinstance(node, yaml.SequenceNode):
            if prefix:
                doc.entries.append((prefix, None, line))
            child = f"{prefix}[]"
            for v in reversed(node.value):
                if isinstance(v, yaml.ScalarNode):
                    doc.entries.append((child, _scalar(v.value, v.tag), v.start_mark.line + 1))
                else:
                    stack.append((v, child, depth + 1))
        elif isinstance(node, yaml.ScalarNode) and prefix == "":
            doc.entries.append(("", _scalar(node.value, node.tag), line))
    doc.entries.sort(key=lambda e: e[2])


def _walk_obj(obj, prefix: str, doc: ConfigDoc, line_of) -> None:
    stack = [(obj, prefix, 0)]
    while stack:
        obj, prefix, depth = stack.pop()
        if len(doc.entries) >= MAX_ENTRIES or depth > MAX_DEPTH:
            doc.truncated = True
            return
        if isinstance(obj, dict):
            if prefix:
                doc.entries.append((prefix, None, line_of(prefix)))
            for k, v in reversed(list(obj.items())):
                child = f"{prefix}.{k}" if prefix else str(k)
                stack.append((v, child, depth + 1))
        elif isinstance(obj, list):
            if prefix:
                doc.entries.append((prefix, None, line_of(prefix)))
            for v in reversed(obj):
                stack.append((v, f"{prefix}[]", depth + 1))
        else:
            if isinstance(obj, str):
                obj = obj[:500]
            elif not isinstance(obj, (int, float, bool)) and obj is not None:
                obj = str(obj)[:500]
            doc.entries.append((prefix, obj, line_of(prefix)))


def _line_finder(text: str, pattern: str):
    """Map a key path to the first line where its last key appears (0 when not found)."""
    firsts: dict[str, int] = {}
    for m in re.finditer(pattern, text, re.MULTILINE):
        key = m.group(1)
        if key not in firsts:
            firsts[key] = text.count("\n", 0, m.start()) + 1
    if len(firsts) > 2000:
        firsts = dict(list(firsts.items())[:2000])

    def line_of(path: str) -> int:
        last = path.rsplit(".", 1)[-1].replace("[]", "")
        return firsts.get(last, 0)

    return line_of


def parse_json(path: str, text: str) -> ConfigDoc:
    doc = ConfigDoc(path, "json")
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError) as exc:
        doc.error = f"invalid JSON: {str(exc)[:120]}"
        return doc
    doc.documents = 1
    _walk_obj(obj, "", doc, _line_finder(text, r'"([^"\\\n]{1,80})"\s*:'))
    return doc


def parse_toml(path: str, text: str) -> ConfigDoc:
    doc = ConfigDoc(path, "toml")
    try:
        obj = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as exc:
        doc.error = f"invalid TOML: {str(exc)[:120]}"
        return doc
    doc.documents = 1
    pattern = r'^\s*\[*\s*"?([A-Za-z0-9_.\-]+?)"?\s*(?:=|\])'
    finder = _line_finder(text, pattern)

    def line_of(p: str) -> int:
        # TOML tables name dotted paths: look for the full path first
        return finder(p) or finder(p.rsplit(".", 1)[-1])

    _walk_obj(obj, "", doc, line_of)
    return doc


def parse_ini(path: str, text: str) -> ConfigDoc:
    doc = ConfigDoc(path, "ini")
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except (configparser.Error, ValueError) as exc:
        doc.error = f"invalid INI: {str(exc).splitlines()[0][:120]}"
        return doc
    doc.documents = 1
    line_of = _line_finder(text, r"^\s*\[?([A-Za-z0-9_.\-: ]+?)\]?\s*(?:=|:|$)")
    for section in parser.sections():
        doc.entries.append((section, None, line_of(section)))
        for key, value in parser.items(section, raw=True):
            doc.entries.append((f"{section}.{key}", value, line_of(key)))
            if len(doc.entries) >= MAX_ENTRIES:
                doc.truncated = True
                return doc
    return doc


PARSERS = {"yaml": parse_yaml, "json": parse_json, "toml": parse_toml, "ini": parse_ini}
