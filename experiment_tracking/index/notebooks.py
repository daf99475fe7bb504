"""Code cells of Jupyter notebooks, indexed like Python files.

IPython syntax (``%magic``, ``%%cell_magic``, ``!shell``, ``x = !cmd``, ``obj?``) is not Python;
those lines are blanked (keeping line numbers) so the rest of the cell still parses. Shell
lines are kept separately because ``!pip install`` and ``!dvc repro`` are evidence too.
"""

from __future__ import annotations

import re

from .python_facts import ModuleFacts, parse_cells

_MAGIC_ASSIGN = re.compile(r"^\s*[\w.,\s]+=\s*[!%]")
# ``obj?``, ``obj??``, ``np.*load*?``: IPython help. Not a line merely ending in "?" (a comment).
_HELP = re.compile(r"[\w.*\[\]]+\?{1,2}")
# Cell magics whose body is Python (the rest hold shell, HTML, SQL, ... and are skipped).
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "memit"})


def clean_cell(source: str) -> tuple[str, list[tuple[int, str]]]:
    """Python-only text of a cell, and its shell lines as (line, command)."""
    lines = source.split("\n")
    shell: list[tuple[int, str]] = []
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        magic = first[2:].split()[0] if len(first) > 2 else ""
        if magic not in _PYTHON_CELL_MAGICS:
            if magic in ("bash", "sh", "script"):
                shell.extend((i + 1, ln.strip()) for i, ln in enumerate(lines[1:], 1) if ln.strip())
            return "", shell
        lines[0] = ""
    out = []
    for i, ln in enumerate(lines, 1):
        stripped = ln.lstrip()
        if stripped.startswith("!"):
            shell.append((i, stripped[1:].strip()))
            out.append("")
        elif stripped.startswith(("%", "?")) or _HELP.fullmatch(stripped.rstrip()):
            if stripped.startswith(("%pip", "%conda", "%sx", "%system")):
                shell.append((i, stripped[1:].strip()))
            out.append("")
        elif _MAGIC_ASSIGN.match(ln):
            out.append("")
        else:
            out.append(ln)
    return "\n".join(out), shell


def parse_notebook(
    path: str, text: str, on_cell=None, on_output=None
) -> tuple[ModuleFacts, list[tuple[int, int, str]], list[str]]:
    """Facts of a notebook's code cells, its shell lines (cell, line, command), and its markdown.

    ``on_cell(number, source)`` sees every cell's source, ``on_output(number, text)`` the text of
    its saved outputs. An unreadable notebook yields facts with ``error`` set and nothing else.
    """
    try:
        # The reader parses without schema validation: a notebook that real Jupyter opens
        # but that is slightly off-schema must still be indexed, and validation is slow.
        from nbformat.reader import reads

        nb = reads(text)
        cells = nb.get("cells")
        if cells is None:  # nbformat 3 keeps cells in worksheets
            cells = [c for ws in nb.get("worksheets", []) for c in ws.get("cells", [])]
        if not isinstance(cells, list):
            raise ValueError("cells is not a list")
    except Exception as exc:  # nbformat raises many types for bad input
        facts = ModuleFacts(path=path)
        facts.error = f"not a valid notebook: {type(exc).__name__}: {str(exc)[:120]}"
        return facts, [], []
    code: list[tuple[int, str]] = []
    shell: list[tuple[int, int, str]] = []
    markdown: list[str] = []
    records: list[tuple[int, str]] = []
    for number, cell in enumerate(cells, 1):
        if not isinstance(cell, dict):
            continue
        src = cell.get("source", "") or cell.get("input", "")
        if isinstance(src, list):
            src = "".join(s for s in src if isinstance(s, str))
        if not isinstance(src, str):
            continue
        kind = cell.get("cell_type")
        if on_cell is not None and src:
            on_cell(number, src)  # every cell's raw text, e.g. for the secret scan
        if on_output is not None and kind == "code":
            for out_text in output_texts(cell.get("outputs")):
                on_output(number, out_text)
        if kind == "code":
            body, sh = clean_cell(src)
            code.append((number, body))
            shell.extend((number, ln, cmd) for ln, cmd in sh)
            record = _metric_output(cell.get("outputs"))
            if record:
                records.append((number, record))
        elif kind == "markdown":
            markdown.append(src)
    facts = parse_cells(path, code)
    facts.output_records = records
    return facts, shell, markdown


# A saved cell output that reports a metric value: the notebook itself is the experiment record.
_METRIC_OUTPUT = re.compile(
    r"\b(accuracy|acc|val_loss|loss|f1(?:[-_ ]score)?|auc|roc[-_ ]auc|rmse|mae|mse|r2|precision|recall|bleu|rouge\w*|"
    r"perplexity|map|iou|dice)\b\s*[:=]\s*-?\d+(\.\d+)?",
    re.IGNORECASE,
)


_OUTPUT_TYPES = ("text/plain", "text/markdown", "text/html")


def output_texts(outputs, limit: int = 200_000):
    """The text of a cell's saved outputs (streams, plain/Markdown/HTML results, error messages),
    at most ``limit`` characters in all."""
    if not isinstance(outputs, list):
        return
    left = limit
    for out in outputs:
        if not isinstance(out, dict) or left <= 0:
            continue
        parts = [out.get("text"), out.get("evalue")]
        data = out.get("data")
        if isinstance(data, dict):
            parts += [data.get(t) for t in _OUTPUT_TYPES]
        for part in parts:
            if isinstance(part, list):
                part = "".join(t for t in part if isinstance(t, str))
            if isinstance(part, str) and part:
                yield part[:left]
                left -= len(part)


def _metric_output(outputs) -> str:
    if not isinstance(outputs, list):
        return ""
    for out in outputs[:20]:
        if not isinstance(out, dict):
            continue
        text = out.get("text")
        if text is None:
            data = out.get("data")
            text = data.get("text/plain") if isinstance(data, dict) else None
        if isinstance(text, list):
            text = "".join(t for t in text if isinstance(t, str))
        if isinstance(text, str):
            m = _METRIC_OUTPUT.search(text[:20000])
            if m:
                return m.group(0)[:60]
    return ""
