"""Does the report tell the truth about the repository? ``validate --root`` checks every citation.

A report cites evidence as code spans: ```train.py:88``` (a line), ```train.py:88-90``` (lines),
```nb.ipynb cell 3 line 2``` (a notebook cell's line) and, on ``Evidence:`` lines, ```path```
alone. For each, the cited file must exist under the root and the line must exist. When the span
is followed by a parenthesised detail that names code — a call (``torch.manual_seed``), a dotted
or snake_case name (``register_model``) — the cited line or one near it (``_NEARBY``) must hold
that name; names claimed absent ("without random_state") are not looked for. Prose details ("3/4 stored runs record parameters") name
nothing checkable and are only checked for place. The Analyst Review block's judgements are
checked the same way, against the line hashes ``audit`` stored.

Nothing is executed or imported from the tree; files are read as text, never outside the root.

Public API::

    verify_evidence(text, root, tokens=None, section_of=None) -> list[Gap]
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# A cited place: a relative path whose last part looks like a file, then a line or a cell.
_LINE_SPAN_RE = re.compile(r"^(?P<path>[^\s:`]+):(?P<line>\d+)(?:-(?P<end>\d+))?$")
_CELL_SPAN_RE = re.compile(r"^(?P<path>[^\s:`]+\.ipynb) cell (?P<cell>\d+)(?: line (?P<line>\d+))?$")
# Code names: dotted names (torch.manual_seed), snake_case names (register_model), calls (fit()).
_NAME_RE = re.compile(
    r"(?<![\w.])(?:[A-Za-z_]\w*\.)+[A-Za-z_]\w*|(?<![\w.])[A-Za-z]\w*_\w*|(?<![\w.])[A-Za-z_]\w*(?=\()"
)
# The claim holds when the name stands on the cited line or within this many lines of it: an
# object created above its use (`app = FastAPI()` ... `@app.post`), a call whose arguments run
# over many lines, a YAML mapping whose key sits below its parent. A fabricated citation (a file
# that is not there, a line past the end, a call the file never makes near there) is still caught.
_NEARBY = 25
# Names after these words are claimed absent ("RandomForestRegressor without random_state").
_ABSENT_RE = re.compile(
    r"\b(?:without|no|missing|lacks?|never|not)\s+[\w.`]+(?:\s+(?:or|and|nor)\s+[\w.`]+)*", re.I
)
MAX_CITATIONS = 5000


def _file_like(path: str) -> bool:
    from .validate import _CODE_PATH_RE

    last = path.rstrip("/").rsplit("/", 1)[-1]
    if re.fullmatch(r"[\d.]+", last) or path.startswith(("/", "~", "http", "$", ".git/")):
        # An address (127.0.0.1:5000), an absolute or home path, or a git ref (read through git,
        # possibly packed) is not a file of the repository to open.
        return False
    return bool(_CODE_PATH_RE.match(path))


def _names(detail: str) -> list[str]:
    """The code names a detail claims, by their last part ("torch.manual_seed" -> "manual_seed").
    A detail that is mostly prose ("MLflow tags runs with mlflow.source.git.commit") describes what
    the line leads to, so any part of its names may stand on the line."""
    out = []
    detail = _ABSENT_RE.sub(" ", re.sub(r"\S*/\S*", " ", detail))  # paths are places, not names
    words = len(re.findall(r"[A-Za-z]{2,}", _NAME_RE.sub(" ", detail)))
    for m in _NAME_RE.finditer(detail):
        name = m.group(0)
        if "." in name and _looks_like_file(name):
            continue
        parts = [p for p in name.split(".") if len(p) > 1]
        out += parts if words > 3 else parts[-1:]
    return out


def _looks_like_file(name: str) -> bool:
    from .validate import _EXT

    return bool(re.search(rf"\.(?:{_EXT})$", name))


def _detail_after(children, i: int) -> str:
    """The "(detail)" right after a code span, joined across text tokens."""
    text = ""
    for c in children[i + 1 :]:
        if c.type == "code_inline":
            text += f"`{c.content}`"
        elif c.type in ("text", "html_inline"):
            text += c.content
        else:
            break
        if ")" in text:
            break
    m = re.match(r"\s*\(([^()]*)\)", text)
    return m.group(1) if m else ""


class _Tree:
    def __init__(self, root):
        from .judgements import _Lines

        self.files = _Lines(root)
        self.notebooks: dict[str, list[list[str]] | None] = {}

    def cells(self, rel: str) -> list[list[str]] | None:
        if rel not in self.notebooks:
            lines = self.files.get(rel)
            cells = None
            if lines is not None:
                try:
                    nb = json.loads("\n".join(lines))
                    cells = [
                        "".join(c.get("source", "")).splitlines()
                        if isinstance(c.get("source"), list)
                        else str(c.get("source", "")).splitlines()
                        for c in nb.get("cells", [])
                        if isinstance(c, dict)
                    ]
                except (ValueError, AttributeError):
                    cells = None
            self.notebooks[rel] = cells
        return self.notebooks[rel]


def _check_span(span: str, detail: str, tree: _Tree, evidence_line: bool) -> tuple[str, str] | None:
    """(gap code, message) when the cited place does not hold; None when it does or is no citation."""
    m = _CELL_SPAN_RE.match(span)
    if m:
        path, cell, line = m.group("path"), int(m.group("cell")), int(m.group("line") or 0)
        cells = tree.cells(path)
        if tree.files.get(path) is None:
            return "evidence-path-missing", f"`{span}`: `{path}` does not exist in the repository"
        if cells is not None and (cell < 1 or cell > len(cells)):
            return "evidence-line-out-of-range", f"`{span}`: the notebook has {len(cells)} cell(s)"
        if cells is not None and line and line > len(cells[cell - 1]):
            return "evidence-line-out-of-range", f"`{span}`: cell {cell} has {len(cells[cell - 1])} line(s)"
        src = cells[cell - 1] if cells is not None and line else None
        everything = [ln for c in cells for ln in c] if cells is not None else None
        return _claim(span, detail, src, line, line, everything)
    m = _LINE_SPAN_RE.match(span)
    if m:
        path, line = m.group("path"), int(m.group("line"))
        if not _file_like(path):
            return None
        lines = tree.files.get(path)
        if lines is None:
            return "evidence-path-missing", f"`{span}`: `{path}` does not exist in the repository"
        last = int(m.group("end") or line)
        if line < 1 or last > len(lines) or last < line:
            return "evidence-line-out-of-range", f"`{span}`: `{path}` has {len(lines)} line(s)"
        return _claim(span, detail, lines, line, last)
    if evidence_line and _file_like(span) and not any(ch in span for ch in "*?{}<>"):
        if not tree.files.exists(span):
            return "evidence-path-missing", f"`{span}` does not exist in the repository"
    return None


def _claim(span: str, detail: str, lines: list[str] | None, first: int, last: int, everything=None):
    names = _names(detail)
    if not names or lines is None:
        return None
    around = "\n".join(lines[max(0, first - 1 - _NEARBY) : last + _NEARBY]).lower()
    if any(n.lower() in around for n in names):
        return None
    # An imported alias stands for the name (`DistributedDataParallel as DDP`, then `DDP(model)`),
    # and so does an object made from it (`app = FastAPI()`, then `@app.get` cited as FastAPI).
    whole = "\n".join(everything if everything is not None else lines).lower()
    aliases = []
    for n in names:
        n = re.escape(n.lower())
        aliases += re.findall(rf"\b{n}\s+as\s+(\w+)", whole)
        aliases += re.findall(rf"^\s*(\w+)\s*(?::[^=\n]*)?=\s*(?:[\w.]+\.)?{n}\s*\(", whole, re.M)
    if any(re.search(rf"\b{re.escape(a)}\b", around) for a in aliases):
        return None
    return (
        "evidence-claim-mismatch",
        f"`{span}` is cited for {', '.join(dict.fromkeys(names))} but the line does not hold it",
    )


def verify_evidence(text: str, root, tokens=None, section_of=None) -> list:
    """Gaps for every citation of ``text`` that does not hold in ``root`` (see the module doc)."""
    from .judgements import check_cited, read_review
    from .validate import _MD, REPORT, Gap

    if tokens is None:
        tokens = _MD.parse(text)
    tree = _Tree(Path(root))
    gaps: list = []
    seen: set[tuple[str, str]] = set()
    count = 0
    for tok in tokens:
        if tok.type != "inline" or not tok.children:
            continue
        line = (tok.map[0] + 1) if tok.map else 0
        evidence_line = tok.content.lstrip("*_ ").lower().startswith(("evidence:", "evidence "))
        for i, c in enumerate(tok.children):
            if c.type != "code_inline":
                continue
            count += 1
            if count > MAX_CITATIONS:
                break
            span = c.content.strip()
            detail = _detail_after(tok.children, i)
            if (span, detail) in seen:
                continue
            seen.add((span, detail))
            problem = _check_span(span, detail, tree, evidence_line)
            if problem:
                code, message = problem
                gaps.append(
                    Gap(
                        code,
                        section_of(line) if section_of else REPORT,
                        message,
                        line,
                        "cite the file and line that hold it (open the file), or drop the claim",
                    )
                )
    block = read_review(text)
    if block.error:
        gaps.append(
            Gap(
                "analyst-review-unreadable",
                REPORT,
                f"the Analyst Review block cannot be read: {block.error}",
                0,
                "fix the YAML block and re-run `experiment-tracking audit`",
            )
        )
    for j in block.judgements:
        for cited in j.evidence:
            check_cited(cited, tree.files)
            if cited.problem:
                gaps.append(
                    Gap(
                        "analyst-review-stale",
                        REPORT,
                        f"{j.kind[:-1] if j.kind != 'added' else 'added finding'} {j.id or j.rule}: {cited.problem}",
                        0,
                        "re-check the judgement, update its evidence (or delete the `@hash`), re-run audit",
                    )
                )
    return gaps
