"""Line numbers from character offsets, and which lines are data rather than text.

Counting newlines from the start of a file for every match makes a scan quadratic in the file's
size (a 50,000-key JSON document took seconds). ``LineTable`` records every newline once, then
answers each offset with a binary search. Pattern scans leave out *data lines* — pasted base64
images, data URIs, minified JSON — whose length makes any per-line regular expression slow and
which hold no configuration or prose worth matching.
"""

from __future__ import annotations

import re
from bisect import bisect_right

# Lines longer than this are not matched line by line; see ``scan_windows``.
MAX_SCAN_LINE = 4096
# Of a long line that is not data (minified JSON, a generated one-liner) only this much is read.
MAX_LONG_PREFIX = 64 * 1024
# Around each trigger word in a long line, this much text either side is matched.
WINDOW = 256
MAX_WINDOWS_PER_LINE = 64

_NEWLINE = re.compile("\n")
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/=]{512}")


class LineTable:
    """1-based line of any character offset of ``text``: O(n) to build, O(log n) per answer."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        self._starts = [m.end() for m in _NEWLINE.finditer(text)]

    def line_of(self, offset: int) -> int:
        return bisect_right(self._starts, offset) + 1

    @property
    def count(self) -> int:
        return len(self._starts) + 1


def is_data_line(line: str) -> bool:
    """A long line of encoded data (data URI, base64 run), not words: nothing to match in it."""
    if len(line) <= MAX_SCAN_LINE:
        return False
    head = line[:MAX_SCAN_LINE]
    return ";base64," in head or "data:image/" in head or _BASE64_RUN.search(head) is not None


def scan_windows(line: str, low: str, triggers) -> list[str]:
    """Pieces of a long (non-data) line worth matching: text around each trigger word, bounded.

    A minified JSON document on one line may still hold ``"api_key": "..."``; matching the whole
    line with a pattern that can backtrack is slow, matching a window around the word is not.
    """
    spans: list[tuple[int, int]] = []
    for trig in triggers:
        i = low.find(trig)
        while i >= 0 and len(spans) < MAX_WINDOWS_PER_LINE:
            spans.append((max(0, i - WINDOW), min(len(line), i + len(trig) + WINDOW)))
            i = low.find(trig, i + WINDOW)
    spans.sort()
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [line[a:b] for a, b in merged]


def blank_data_lines(text: str) -> tuple[str, int]:
    """``text`` with every data line emptied (line numbers kept), and how many were emptied.

    The same object comes back when no line is long, so the common case copies nothing.
    """
    if len(text) <= MAX_SCAN_LINE:
        return text, 0
    lines = text.split("\n")
    if max(map(len, lines)) <= MAX_SCAN_LINE:
        return text, 0
    n = 0
    for i, line in enumerate(lines):
        if is_data_line(line):
            lines[i] = ""
            n += 1
    return ("\n".join(lines), n) if n else (text, 0)


def reduce_for_scan(text: str) -> tuple[str, int, int]:
    """``text`` as the pattern scans read it, with how many lines were emptied and cut short.

    Data lines are emptied; other lines over ``MAX_LONG_PREFIX`` (minified JSON) keep only
    their start. Line numbers do not change. The same object comes back when no line is long.
    """
    if len(text) <= MAX_SCAN_LINE:
        return text, 0, 0
    lines = text.split("\n")
    if max(map(len, lines)) <= MAX_SCAN_LINE:
        return text, 0, 0
    emptied = cut = 0
    for i, line in enumerate(lines):
        if len(line) <= MAX_SCAN_LINE:
            continue
        if is_data_line(line):
            lines[i] = ""
            emptied += 1
        elif len(line) > MAX_LONG_PREFIX:
            lines[i] = line[:MAX_LONG_PREFIX]
            cut += 1
    return ("\n".join(lines), emptied, cut) if emptied or cut else (text, 0, 0)


def blank_long_lines(text: str) -> str:
    """``text`` with every line over the scan limit emptied: for finders that want short key lines."""
    if len(text) <= MAX_SCAN_LINE:
        return text
    lines = text.split("\n")
    if max(map(len, lines)) <= MAX_SCAN_LINE:
        return text
    return "\n".join("" if len(line) > MAX_SCAN_LINE else line for line in lines)


# `cat > reqs.txt <<EOF`, `<<-'END'`: the lines up to the delimiter are the document's text.
_HEREDOC = re.compile(r"<<-?\s*['\"]?(\w+)['\"]?")


def shell_lines(text: str):
    """(line number, command) of a shell script or Makefile: not blank lines, comments, or the
    bodies of here-documents (a requirements list written with `cat <<EOF` runs nothing)."""
    ends = None
    for i, ln in enumerate(text.splitlines(), 1):
        s = ln.strip()
        if ends is not None:
            if s == ends:
                ends = None
            continue
        if s and not s.startswith("#"):
            yield i, s
            m = _HEREDOC.search(s)
            if m:
                ends = m.group(1)
