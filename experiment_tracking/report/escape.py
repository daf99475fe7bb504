"""One escaping layer for text that comes from the audited repository.

Paths, literals, config keys and values, run names, tags, notebook text and store contents are
chosen by whoever wrote the repository. Each output context has one function here, and every
renderer passes repository text through it, so a hostile string can neither break the report's
structure (table columns, sections, code spans), nor put raw HTML in it, nor move a terminal's
cursor:

- ``md_text``     inline Markdown text (every construct that could open HTML, a link or a span is escaped)
- ``md_cell``     the same inside a GFM table cell (pipes escaped too)
- ``code_span``   a code span whose fence is longer than any backtick run in the value
- ``md_inline``   Markdown written by the auditor (rule messages, questions, fixes) that embeds
                  repository values: its code spans are kept, everything else is made inert
- ``md_block``    multi-line Markdown of that kind (a fix with a fenced snippet)
- ``mermaid_label`` a label inside a Mermaid node
- ``sarif_text``  a SARIF message (plain text; brackets escaped so no embedded link forms)
- ``console_text`` a line for the terminal (control, ANSI and bidi sequences removed)

Every function first makes the value one line of printable text and truncates it with a marker.
"""

from __future__ import annotations

import bisect
import re

MAX_CHARS = 300  # one repository value in the report
MAX_MESSAGE_CHARS = 4000  # a whole auditor-written message that embeds such values

# CSI/OSC/other escape sequences first (so their parameters go with them), then single controls.
_ANSI = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[ -~]?)"
)
_C1_CSI = re.compile(r"\x9b[0-?]*[ -/]*[@-~]")
# Bidi embeddings/overrides/isolates and marks, zero-width characters, and the Unicode line and
# paragraph separators (which some renderers and terminals treat as newlines).
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Lone surrogates (a file name that is not valid UTF-8, decoded with surrogateescape) cannot be
# encoded for the report or the terminal: shown as U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")
# What can open a Markdown construct inline: HTML and autolinks (<), entities (&), links and
# images ([ ]), emphasis (* ~, and _ unless inside a word, where CommonMark ignores it, so
# snake_case names stay readable in the raw file), code (`), escapes (\) and table cells (|).
_MD_SPECIAL = re.compile(r"([\\`*\[\]<&~|]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")


def truncate(text: str, limit: int = MAX_CHARS) -> str:
    """At most ``limit`` characters of ``text``, with a marker saying how much was cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}…({len(text) - limit} more characters)"


def plain(value, limit: int = MAX_CHARS) -> str:
    """One line of printable text: escape sequences, control and bidi characters removed."""
    text = str(value)
    if len(text) > limit * 4 + 64:
        text = text[: limit * 4 + 64]  # bound the work before cleaning; the marker counts the rest
        extra = len(str(value)) - len(text)
    else:
        extra = 0
    text = _C1_CSI.sub("", _ANSI.sub("", text))
    text = _SURROGATE.sub("\ufffd", _INVISIBLE.sub("", text))
    text = _CONTROL.sub(" ", text)  # newlines and tabs included: a value never spans lines
    if extra:
        return f"{text[:limit]}…({len(text) - limit + extra} more characters)"
    return truncate(text, limit)


def console_text(value, limit: int = 1000) -> str:
    return plain(value, limit)


def md_text(value, limit: int = MAX_CHARS) -> str:
    """Repository text as inline Markdown that renders as exactly that text."""
    return _MD_SPECIAL.sub(r"\\\1", plain(value, limit))


def md_cell(value, limit: int = MAX_CHARS) -> str:
    """Repository text inside a GFM table cell (``md_text`` already escapes pipes)."""
    return md_text(value, limit) or "—"


def code_span(value, limit: int = MAX_CHARS, cell: bool = False) -> str:
    """A code span holding the value verbatim: the fence is one backtick longer than its longest
    run of backticks, and spaces keep a leading or trailing backtick off the fence. In a table
    cell pipes are escaped, which GFM undoes inside the span."""
    text = plain(value, limit)
    if not text.strip():
        return "(empty)" if not text else "` `"
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ")):
        text = f" {text} "
    if cell:
        text = text.replace("|", "\\|")
    return f"{fence}{text}{fence}"


def mermaid_label(value, limit: int = 80) -> str:
    """Text safe inside a quoted Mermaid label ``["..."]``: only letters, digits and a few marks."""
    text = plain(value, limit)
    return re.sub(r"[^\w .,:/%+()=-]", "_", text)


def sarif_text(value, limit: int = MAX_MESSAGE_CHARS) -> str:
    """A SARIF plain-text message: clean one-line text; brackets and backslashes escaped, so
    repository text cannot form SARIF's embedded-link syntax ``[text](id)``."""
    return re.sub(r"([\\\[\]])", r"\\\1", plain(value, limit))


_BACKTICKS = re.compile(r"`+")


def md_inline(value, cell: bool = False, limit: int = MAX_MESSAGE_CHARS) -> str:
    """Auditor-written inline Markdown that embeds repository values (rule messages, questions).

    Code spans are found as CommonMark finds them (a run of n backticks up to the next run of
    exactly n) and kept; a backtick run without a partner is escaped. Outside code spans, ``<``
    (HTML, autolinks), ``[``/``]`` (links) and, in a table cell, ``|`` are escaped; emphasis is
    left alone because the auditor's own text uses it. A value with a stray backtick can shift
    which words look like code, but never lets HTML, a link, a new line or a new cell through.
    Linear: closing runs are looked up by length in a sorted index, not searched for again.
    """
    text = plain(value, limit)
    runs: dict[int, list[int]] = {}
    for m in _BACKTICKS.finditer(text):
        runs.setdefault(len(m.group()), []).append(m.start())
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n:
            nxt = text[i + 1]
            # keep a backslash escape; "\|" outside a cell would show its backslash, so drop it
            out.append(text[i : i + 2])
            i += 2
            if nxt == "`":  # an escaped backtick is literal: the rest of its run stays escaped too
                while i < n and text[i] == "`":
                    out.append("\\`")
                    i += 1
            continue
        if c == "`":
            j = i
            while j < n and text[j] == "`":
                j += 1
            length = j - i
            starts = runs.get(length, [])
            k = bisect.bisect_left(starts, j)
            if k < len(starts):
                close = starts[k]
                body = text[j:close]
                if cell:
                    body = body.replace("|", "\\|")
                out.append(text[i:j] + body + text[close : close + length])
                i = close + length
            else:
                out.append("\\`" * length)
                i = j
            continue
        if c in "<[]" or (cell and c == "|"):
            out.append("\\" + c)
        else:
            out.append(c)
        i += 1
    return "".join(out)


_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
_BLOCK_START = re.compile(r"^(\s*)([#>+*=-]|\d+[.)])")


def md_block(lines: list[str], limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Multi-line auditor Markdown (a fix with a fenced snippet) that embeds repository values.

    Prose lines go through ``md_inline`` with any block marker at their start escaped, so a value
    cannot start a heading, quote or list. Fenced snippets keep their text (code renders
    literally) but get a fence longer than any backtick run inside them, so a value cannot close
    the fence early. A fence with an info string inside a fence opens a nested one (a README
    snippet holding a shell block); an unclosed fence is closed, and a stray empty one dropped.
    """
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if m:
            indent, _fence, info = m.groups()
            body: list[str] = []
            depth = 1
            i += 1
            while i < len(lines):
                inner = _FENCE.match(lines[i])
                if inner:
                    depth += 1 if inner.group(3).strip() else -1
                    if depth == 0:
                        break
                body.append(_CONTROL.sub(" ", _INVISIBLE.sub("", _ANSI.sub("", truncate(lines[i], limit)))))
                i += 1
            closed = i < len(lines)
            i += 1
            if not body and not closed:
                continue
            longest = max((len(r) for b in body for r in re.findall(r"`{3,}", b)), default=0)
            marker = "`" * max(3, longest + 1)
            out.append(f"{indent}{marker}{plain(info, 40).replace('`', '')}")
            out.extend(body)
            out.append(f"{indent}{marker}")
            continue
        line = md_inline(lines[i], limit=limit)
        out.append(_BLOCK_START.sub(_escape_marker, line, count=1))
        i += 1
    return out


def _escape_marker(m: re.Match) -> str:
    lead, marker = m.groups()
    return f"{lead}{marker[:-1]}\\{marker[-1]}"
