"""Code cells of Jupyter notebooks, indexed like Python files.

IPython syntax (``%magic``, ``%%cell_magic``, ``!shell``, ``x = !cmd``, ``obj?``) is not Python;
those lines are blanked (keeping line numbers) so the rest of the cell still parses. Shell
lines are kept separately because ``!pip install`` and ``!dvc repro`` are evidence too.
"""

from __future__ import annotations

import ast
import re

from .python_facts import ModuleFacts, parse_cells

_MAGIC_ASSIGN = re.compile(r"^\s*[\w.,\s]+=\s*[!%]")
# ``obj?``, ``obj??``, ``np.*load*?``: IPython help. Not a line merely ending in "?" (a comment).
_HELP = re.compile(r"[\w.*\[\]]+\?{1,2}")
# Line magics that time or profile the Python statement after them (`%timeit -n 10 f()`): the
# magic and its options are dropped, the statement kept.
_TIMED_LINE = re.compile(r"^%(time|timeit|prun|memit)\s+\S")
# Their options that take a value: %timeit -n 10 -r 3, %prun -s cumulative -l 20 -T out.txt
_VALUE_OPTIONS = frozenset({"-n", "-r", "-p", "-s", "-l", "-T", "-D"})


def _timed_statement(line: str) -> str:
    """The Python statement a timing magic runs ('' when what is left is not Python)."""
    tokens = line.split(" ")
    i = 1
    while i < len(tokens) and (not tokens[i] or tokens[i].startswith("-")):
        i += 2 if tokens[i] in _VALUE_OPTIONS else 1
    rest = " ".join(tokens[i:]).strip()
    try:
        ast.parse(rest)
    except (SyntaxError, ValueError):
        return ""
    return rest


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
    continued = False  # the line before was a magic or shell line ending with a backslash
    for i, ln in enumerate(lines, 1):
        stripped = ln.lstrip()
        if continued:
            # !saved_model_cli show --dir {path} \  /  --signature_def serving_default: one command
            continued = stripped.rstrip().endswith("\\")
            if shell and shell[-1][0] < i:
                shell[-1] = (shell[-1][0], shell[-1][1].rstrip("\\ ") + " " + stripped.strip())
            out.append("")
            continue
        # A magic or shell line inside a block (`try:\n    %tensorflow_version 2.x`) leaves a statement
        # in its place, so the block still parses.
        blank = ln[: len(ln) - len(stripped)] + "pass" if len(stripped) < len(ln) else ""
        if stripped.startswith("!"):
            shell.append((i, stripped[1:].strip()))
            out.append(blank)
            continued = stripped.rstrip().endswith("\\")
        elif _TIMED_LINE.match(stripped) and _timed_statement(stripped):
            # `%time learn.fit_one_cycle(5)`: the statement after a timing magic runs as Python
            out.append(ln[: len(ln) - len(stripped)] + _timed_statement(stripped))
        elif stripped.startswith(("%(", "% ")):
            # `%(epoch, loss))` continuing a print('...' \ ): the % operator, never a magic name
            out.append(ln)
        elif stripped.startswith(("%", "?")) or _HELP.fullmatch(stripped.rstrip()):
            if stripped.startswith(("%pip", "%conda", "%sx", "%system")):
                shell.append((i, stripped[1:].strip()))
            out.append(blank)
            continued = stripped.startswith("%") and stripped.rstrip().endswith("\\")
        elif _MAGIC_ASSIGN.match(ln):
            out.append(blank)
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
    versions: list[tuple[int, str]] = []
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
            if "%watermark" in src:
                versions.extend((number, v) for v in _recorded_versions(src, cell.get("outputs")))
            record = _metric_output(cell.get("outputs"))
            if record:
                records.append((number, record))
        elif kind == "markdown":
            markdown.append(src)
    facts = parse_cells(path, code)
    facts.output_records = records
    facts.kernel_python = _kernel_python(nb)
    facts.kernel_gpu = _kernel_gpu(nb)
    facts.package_versions = versions
    return facts, shell, markdown


def _kernel_gpu(nb) -> str:
    """The GPU a Colab notebook's runtime had when it was last saved (metadata.colab.gpuType "T4", or
    metadata.accelerator "GPU" alone)."""
    meta = nb.get("metadata")
    if not isinstance(meta, dict) or meta.get("accelerator") != "GPU":
        return ""
    colab = meta.get("colab")
    kind = colab.get("gpuType") if isinstance(colab, dict) else None
    return kind if isinstance(kind, str) and re.fullmatch(r"[A-Za-z0-9 _-]{1,20}", kind) else "GPU"


def _kernel_python(nb) -> str:
    """The Python version a notebook's kernel reported when it was last saved (metadata.language_info)."""
    info = (nb.get("metadata") or {}).get("language_info") if isinstance(nb.get("metadata"), dict) else None
    if not isinstance(info, dict) or str(info.get("name", "python")).lower() != "python":
        return ""
    version = info.get("version")
    return version if isinstance(version, str) and re.fullmatch(r"[23]\.\d+(\.\d+)?", version) else ""


# One package's line in watermark's saved output: "torch 1.8.1", "numpy       1.19.5", "torch : 2.0.1"
_VERSION_LINE = re.compile(r"^\s*([A-Za-z_][\w.-]*)\s*(?::\s*|\s+)v?(\d+\.\d+[\w.+-]*)\s*$")
# watermark's lines about the interpreter and the machine, not an installed package
_NOT_PACKAGES = {
    "cpython",
    "ipython",
    "python",
    "pypy",
    "sys",
    "gcc",
    "compiler",
    "release",
    "machine",
    "watermark",
}
_WATERMARK_PACKAGES = re.compile(r"(?:-p|--packages)[ =]+['\"]?([\w.,-]+)")


def _recorded_versions(src: str, outputs) -> list[str]:
    """The package versions a `%watermark -p torch,numpy` (or `-iv`: the imported packages) cell's saved
    output records: the environment the notebook last ran in, named but not installable. Only the
    packages the cell asks for; other lines of the output (`Accuracy: 0.93`) are not versions."""
    asked = {n.lower() for hit in _WATERMARK_PACKAGES.finditer(src) for n in hit.group(1).split(",") if n}
    imported = bool(re.search(r"(?<![\w-])(-iv|--iversions|-i\b)", src))
    if not asked and not imported:
        return []
    found = []
    for text in output_texts(outputs, limit=20_000):
        for line in text.splitlines()[:80]:
            m = _VERSION_LINE.match(line)
            name = m.group(1).lower() if m else ""
            if m and name not in _NOT_PACKAGES and (name in asked or imported):
                found.append(f"{m.group(1)} {m.group(2)}")
    return found


# A saved cell output that reports a metric value: the notebook itself is the experiment record.
_METRIC_OUTPUT = re.compile(
    r"\b(accuracy|acc|val_loss|loss|f1(?:[-_ ]score)?|auc|roc[-_ ]auc|rmse|mae|mse|r2|precision|recall|bleu|rouge\w*|"
    r"perplexity|map|iou|dice|iqm|median|mean(?:[-_ ](?:reward|return|score))?|episode[-_ ]?(?:reward|return))"
    r"\b\s*[:=]\s*-?\d+(\.\d+)?|"
    # RL's test episode: "score: -134.8" (a measured value, not a data row's "Score: 5")
    r"\b(score|total[-_ ]reward)\s*[:=]\s*(-\d+(\.\d+)?|\d+\.\d+)|"
    # "final reward 95.6", "Final Median 0.189", "mean return: 312": a run's result said in words
    r"\b(final|best|mean|median|average|avg|test|eval)\s+(median\s+|mean\s+)?(reward|return|score|accuracy|"
    r"median|mean|iqm)\s*[:=]?\s*-?\d+\.\d+",
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


# A table of results per epoch, as training libraries print it (fastai's recorder, the Hugging Face
# Trainer's notebook table): a header row starting with `epoch` that names a loss or metric, then
# rows of numbers. In plain text (one row per line) or HTML (<th>/<td> cells).
_METRIC_WORD = re.compile(
    r"(loss|acc|error|f1|auc|map|score|iou|dice|perplexity|bleu|rouge|rmse|mae|mse|r2)", re.I
)
_TEXT_HEADER = re.compile(r"^[ \t]*epoch[ \t]+(\S.*)$", re.I | re.M)
_TEXT_ROW = re.compile(r"[ \t]*\d+[ \t]+-?\d+(\.\d+)?([eE][-+]?\d+)?\b")
_HTML_CELL = re.compile(r"<t[hd][^>]*>\s*(.*?)\s*</t[hd]>", re.I | re.S)
_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")
_HTML_HEAD = re.compile(r"<th[^>]*>\s*(.*?)\s*</th>", re.I | re.S)
_HTML_FRACTION = re.compile(r"<td[^>]*>\s*-?\d*\.\d+\s*</td>", re.I)
# a column named by a metric, alone or with its split ('test F1', 'f1_mean', 'R2', 'IQM')
_RESULT_COLUMN = re.compile(
    r"((train|val|valid|test|eval)[ _])?(f1|r2|accuracy|acc|auc|roc_auc|rmse|mae|mse|bleu|rouge\w*|iqm|map|iou|"
    r"reward|return|score)([ _](mean|std|median))?",
    re.I,
)


def _epoch_table(text: str) -> str:
    """'epoch table: train_loss, valid_loss, accuracy' when ``text`` holds a per-epoch table."""
    for m in _TEXT_HEADER.finditer(text):
        columns = m.group(1).split()
        following = text[m.end() + 1 : m.end() + 400].split("\n", 1)[0]
        if any(_METRIC_WORD.search(c) for c in columns) and _TEXT_ROW.match(following):
            return _table_detail(columns)
    if "<t" not in text:
        return ""
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in _HTML_CELL.findall(text[:100_000])]
    for i, c in enumerate(cells):
        if c.lower() != "epoch":
            continue
        header = []
        for h in cells[i + 1 : i + 20]:
            if _NUMBER.match(h):
                break
            header.append(h)
        rest = cells[i + 1 + len(header) : i + 3 + len(header)]
        if any(_METRIC_WORD.search(h) for h in header) and rest and all(_NUMBER.match(x) for x in rest):
            return _table_detail(header)
    # a results table (a DataFrame of test F1 or R2 per method and dataset): metric columns over
    # fractional numbers, whatever the rows are
    heads = [re.sub(r"<[^>]+>", "", h).strip() for h in _HTML_HEAD.findall(text[:100_000])]
    metric_heads = [h for h in heads if _RESULT_COLUMN.fullmatch(h)]
    # a lone `score` column is a prediction's confidence (an inference demo's top-5 classes), not a result
    if [h.lower() for h in metric_heads] == ["score"]:
        return ""
    if metric_heads and len(_HTML_FRACTION.findall(text[:100_000])) >= 3:
        return "results table: " + ", ".join(metric_heads[:4])
    return ""


def _table_detail(columns: list[str]) -> str:
    shown = ""
    for c in (c for c in columns if c):
        if len(shown) + len(c) > 44:
            return f"epoch table: {shown}, ..."
        shown = f"{shown}, {c}" if shown else c
    return f"epoch table: {shown}"


def _metric_output(outputs) -> str:
    if not isinstance(outputs, list):
        return ""
    for out in outputs[:20]:
        if not isinstance(out, dict):
            continue
        text = out.get("text")
        data = out.get("data")
        html = data.get("text/html") if isinstance(data, dict) else None
        if text is None:
            text = data.get("text/plain") if isinstance(data, dict) else None
        for t in (text, html):
            if isinstance(t, list):
                t = "".join(x for x in t if isinstance(x, str))
            if isinstance(t, str):
                if t is not html:
                    m = _METRIC_OUTPUT.search(t[:20000])
                    if m:
                        return m.group(0)[:60]
                table = _epoch_table(t[:100_000])
                if table:
                    return table
    return ""
