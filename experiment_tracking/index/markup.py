"""Org-mode and AsciiDoc pages read as Markdown, line for line.

The rules read a README's structure in Markdown terms: `#` headings, fenced code blocks, `[text](url)`
links and backticked commands. A README.org or README.adoc says the same with other marks
(`** Installation`, `#+BEGIN_SRC sh`, `[source,bash]` over `----`), so its text is handed to them with
those marks rewritten. Each line stays on its own line, so evidence cites the page's real lines.
"""

from __future__ import annotations

import re

_ORG_HEADING = re.compile(r"^(\*+)\s+(.*)$")
_ORG_BLOCK = re.compile(r"^\s*#\+begin_(src|example)\b\s*(\S*)", re.I)
_ORG_END = re.compile(r"^\s*#\+end_(src|example)\b", re.I)
_ORG_TITLE = re.compile(r"^\s*#\+title:\s*(.*)$", re.I)
# #+OPTIONS:, #+BEGIN_QUOTE, and `# ` comment lines: marks of the exporter or notes, no text of the page
_ORG_KEYWORD = re.compile(r"^\s*#(\+\w+|\s|$)")
_ORG_LINK = re.compile(r"\[\[(?:file:)?([^\]]+)\]\[([^\]]+)\]\]")
_ORG_BARE_LINK = re.compile(r"\[\[(?:file:)?([^\]]+)\]\]")
# =verbatim= and ~code~ spans: Markdown's backticks
_ORG_CODE = re.compile(
    r"(?<![\w=~])([=~])(\S(?:[^\n]{0,200}?\S)?)\1(?![\w=~])"
)  # bounded: linear in the line

_ADOC_HEADING = re.compile(r"^(={1,6})\s+(.*)$")
_ADOC_SOURCE = re.compile(r"^\[source\s*(?:,\s*([\w+-]+))?[^\]]*\]\s*$", re.I)
_ADOC_DELIMITER = re.compile(r"^(-{4,}|\.{4,})\s*$")
_ADOC_LINK = re.compile(r"\b((?:https?://|link:)[^\s\[]+)\[([^\]]*)\]")

MARKUP_SUFFIXES = (".org", ".adoc", ".asciidoc")


def as_markdown(path: str, text: str) -> str:
    """``text`` of a page at ``path`` with Org or AsciiDoc marks rewritten as Markdown; other pages as
    they are."""
    low = path.lower()
    if low.endswith(".org"):
        return "\n".join(_org_lines(text.split("\n")))
    if low.endswith((".adoc", ".asciidoc")):
        return "\n".join(_adoc_lines(text.split("\n")))
    return text


def _org_lines(lines: list[str]):
    inside = False
    for line in lines:
        if inside:
            if _ORG_END.match(line):
                inside = False
                yield "```"
            else:
                yield line
            continue
        block = _ORG_BLOCK.match(line)
        if block:
            inside = True
            yield "```" + (block.group(2) if block.group(1).lower() == "src" else "")
            continue
        title = _ORG_TITLE.match(line)
        if title:
            yield "# " + title.group(1)
            continue
        if _ORG_KEYWORD.match(line):
            yield ""
            continue
        heading = _ORG_HEADING.match(line)
        if heading:
            line = "#" * len(heading.group(1)) + " " + heading.group(2)
        line = _ORG_LINK.sub(r"[\2](\1)", line)
        line = _ORG_BARE_LINK.sub(r"[\1](\1)", line)
        yield _ORG_CODE.sub(r"`\2`", line)


def _adoc_lines(lines: list[str]):
    inside = False
    language = ""
    for line in lines:
        if _ADOC_DELIMITER.match(line):
            yield "```" + ("" if inside else language)
            inside, language = not inside, ""
            continue
        if inside:
            yield line
            continue
        source = _ADOC_SOURCE.match(line)
        if source:
            language = source.group(1) or ""
            yield ""
            continue
        heading = _ADOC_HEADING.match(line)
        if heading:
            line = "#" * len(heading.group(1)) + " " + heading.group(2)
        yield _ADOC_LINK.sub(
            lambda m: f"[{m.group(2) or m.group(1)}]({m.group(1).removeprefix('link:')})", line
        )
