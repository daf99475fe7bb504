"""The analyst's judgements, kept as data in the report's "Analyst Review" section.

An agent (or a person) answers the open review questions, overrides a finding's status, re-levels
a scorecard dimension or adds a finding by editing one fenced YAML block in the report, never the
generated sections. ``audit`` reads that block from the existing report *before* rewriting it,
applies it to the findings and then computes the scorecard, summary table, counts and
recommendations, so a re-run keeps every judgement and the report stays consistent.

The block (``yaml`` fence inside ``## Analyst Review``)::

    answers:        # one per open review question
      - rule: ET310                 # or "score:parameter_logging" for a scorecard question
        question: "…"               # optional: which question, when a rule asks several
        answer: "yes"               # yes -> PASS (a dimension keeps its level), no -> WARN
                                    # (a dimension drops one level), or any text with status/level
        status: PASS                # optional, for findings: the status the answer gives
        level: 4                    # optional, for dimensions: the level the answer gives
        reason: "runs/<timestamp>/ is new per run"
        evidence: ["train.py:88"]   # path:line (audit stores a hash of the line: "@1a2b3c4d")
    overrides:      # a decided finding (or dimension) the analyst judges differently
      - rule: ET401
        status: PASS                # or level: N for "score:<dimension>"
        reason: "…"                 # required
        evidence: ["Dockerfile:3"]  # required
    added:          # what the rules do not check
      - id: AN1                     # optional, assigned in order
        phase: "4.1"
        area: Environment Capture   # optional: the summary-table row it counts in
        status: WARN
        title: "…"
        reason: "…"                 # the finding's message
        evidence: ["train.py:12"]   # required
        recommendation: "…"         # optional

Each cited ``path:line`` is checked against the tree on every run: the first run stores a short
hash of the line's text; a later run that finds the file gone, the line out of range or its text
changed marks the judgement **stale** and does not apply it (the agent re-checks and refreshes the
evidence). A block that cannot be read (bad YAML, wrong shape, over the size cap) is kept
verbatim with a note, and nothing in it is applied: a judgement is never lost.

Public API::

    read_review(report_text) -> ReviewBlock        # never raises
    apply_review(result, block, profile=None)      # findings, then scorecard/summary/recommendations
    render_review(result) -> list[str]             # the section's Markdown lines
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field

from .model import FAIL, PASS, REVIEW, WARN, Evidence, Finding

SECTION_TITLE = "Analyst Review"
NOTES_TITLE = "Analyst notes"
MAX_BLOCK_BYTES = 256 * 1024
MAX_ENTRIES = 500
MAX_TEXT = 2000  # characters kept of one answer, reason, title or recommendation
KINDS = ("answers", "overrides", "added")
STATUSES = (PASS, WARN, FAIL)
YES = {"yes", "y", "true", "confirmed", "correct"}
NO = {"no", "n", "false", "incorrect"}
DIMENSION_PREFIX = "score:"
_CITE_RE = re.compile(r"^\s*(?P<path>[^\s@]+?)(?::(?P<line>\d+))?(?:\s+@(?P<sha>[0-9a-f]{6,40}))?\s*$")
_SECTION_RE = re.compile(r"^##\s+(?:\d+[.)]?\s*)?analyst review\b", re.I)
_NOTES_RE = re.compile(r"^###\s+analyst notes\b", re.I)
_FENCE_RE = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
HEADER = (
    "# Analyst Review block: read back by `experiment-tracking audit` before it rewrites the report.\n"
    "# answers: one per open review question (rule, answer yes/no or text, status/level, reason,\n"
    "#   evidence). overrides: rule, status (or level for score:<dimension>), reason, evidence.\n"
    "# added: phase, area, status, title, reason, evidence, recommendation. Evidence: 'path:line';\n"
    "# audit appends '@hash' of the line and flags the judgement stale when that line changes.\n"
    "# Comments are not kept: put prose under 'Analyst notes'.\n"
)


@dataclass
class Cited:
    """One ``path:line`` a judgement rests on, with the hash of the line when it was judged."""

    path: str
    line: int = 0
    sha: str = ""
    problem: str = ""  # why it no longer holds ("" = holds)

    def text(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where} @{self.sha}" if self.sha else where

    def evidence(self) -> Evidence:
        return Evidence(self.path, self.line, "analyst")


@dataclass
class Judgement:
    kind: str  # "answers" | "overrides" | "added"
    rule: str = ""
    question: str = ""
    answer: str = ""
    status: str = ""
    level: int | None = None
    reason: str = ""
    evidence: list[Cited] = field(default_factory=list)
    id: str = ""
    phase: str = ""
    area: str = ""
    title: str = ""
    recommendation: str = ""
    state: str = "pending"  # applied | stale | unmatched | invalid
    problem: str = ""
    target: str = ""  # what it was applied to, for the rendered list
    malformed: bool = False  # invalid as written (not only in this audit)
    original: object = None  # the entry as read, written back as is while it is malformed

    def to_yaml(self) -> dict:
        keys = {
            "answers": ("rule", "question", "answer", "status", "level", "reason"),
            "overrides": ("rule", "status", "level", "reason"),
            "added": ("id", "phase", "area", "status", "title", "reason", "recommendation"),
        }[self.kind]
        out = {k: getattr(self, k) for k in keys if getattr(self, k) not in ("", None)}
        out["evidence"] = [c.text() for c in self.evidence]
        return out

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            **self.to_yaml(),
            "state": self.state,
            "problem": self.problem,
            "target": self.target,
        }


@dataclass
class ReviewBlock:
    judgements: list[Judgement] = field(default_factory=list)
    notes: str = ""  # the Analyst notes prose, verbatim
    raw: str = ""  # the block as read (kept verbatim when it cannot be read)
    error: str = ""  # why the block could not be read ("" = read)
    present: bool = False  # the report had an Analyst Review block
    ignored: bool = False  # read and kept, but not applied (audit --ignore-review)

    def counts(self) -> dict:
        c = {k: 0 for k in ("answers", "overrides", "added", "applied", "stale", "unmatched", "invalid")}
        for j in self.judgements:
            c[j.kind] += 1
            c[j.state] = c.get(j.state, 0) + 1
        return c

    def to_dict(self) -> dict:
        return {
            "present": self.present,
            "error": self.error,
            "counts": self.counts(),
            "judgements": [j.to_dict() for j in self.judgements],
            "notes": self.notes,
            "ignored": self.ignored,
        }


# --------------------------------------------------------------------------------------------
# Reading the block from a report
# --------------------------------------------------------------------------------------------


def _section_lines(text: str) -> list[str] | None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = next((i for i, ln in enumerate(lines) if _SECTION_RE.match(ln)), None)
    if start is None:
        return None
    out, fence = [], None
    for ln in lines[start + 1 :]:
        m = _FENCE_RE.match(ln.strip()) if ln.lstrip().startswith(("`", "~")) else None
        if fence is None and m:
            fence = m.group("fence")
        elif (
            fence is not None
            and ln.strip().startswith(fence[0] * len(fence))
            and not ln.strip().strip(fence[0])
        ):
            fence = None
        elif fence is None and ln.startswith("## "):
            break
        out.append(ln)
    return out


def read_review(text: str | None) -> ReviewBlock:
    """The Analyst Review of a report (empty when there is none). Never raises: a block that cannot
    be read is returned with ``error`` set and ``raw`` holding it verbatim."""
    block = ReviewBlock()
    if not text:
        return block
    lines = _section_lines(text)
    if lines is None:
        return block
    raw, notes, i = None, [], 0
    while i < len(lines):
        ln = lines[i]
        m = _FENCE_RE.match(ln.strip())
        if raw is None and m and m.group("info").strip().lower().startswith(("yaml", "yml")):
            fence, body = m.group("fence"), []
            i += 1
            while i < len(lines) and not (
                lines[i].strip().startswith(fence) and not lines[i].strip().strip(fence[0])
            ):
                body.append(lines[i])
                i += 1
            raw = "\n".join(body)
        elif _NOTES_RE.match(ln):
            notes = lines[i + 1 :]
            break
        i += 1
    block.notes = "\n".join(notes).strip("\n")
    if raw is None:
        return block
    block.present, block.raw = True, raw
    if len(raw.encode("utf-8", "replace")) > MAX_BLOCK_BYTES:
        block.error = f"the block is over {MAX_BLOCK_BYTES // 1024} KiB"
        return block
    import yaml

    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at block line {mark.line + 1}" if mark is not None else ""
        block.error = f"YAML error{where}: {getattr(exc, 'problem', None) or type(exc).__name__}"
        return block
    if data is None:
        return block
    if not isinstance(data, dict) or set(data) - set(KINDS):
        extra = sorted(map(str, set(data) - set(KINDS))) if isinstance(data, dict) else []
        block.error = (
            f"unknown top-level key(s) {', '.join(extra)} (expected {', '.join(KINDS)})"
            if extra
            else f"expected a mapping with {', '.join(KINDS)}"
        )
        return block
    total = 0
    for kind in KINDS:
        items = data.get(kind) or []
        if not isinstance(items, list):
            block.error = f"'{kind}' must be a list"
            block.judgements = []
            return block
        total += len(items)
        if total > MAX_ENTRIES:
            block.error = f"more than {MAX_ENTRIES} entries"
            block.judgements = []
            return block
        for n, item in enumerate(items, 1):
            block.judgements.append(_judgement(kind, n, item))
    return block


def _text(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return " ".join(str(value).split())[:MAX_TEXT] if not isinstance(value, (dict, list)) else ""


def _judgement(kind: str, n: int, item) -> Judgement:
    j = Judgement(kind, original=item)
    if not isinstance(item, dict):
        j.state, j.problem, j.malformed = "invalid", f"{kind} #{n} is not a mapping", True
        return j
    j.rule = _text(item.get("rule"))
    j.question = _text(item.get("question"))
    j.answer = _text(item.get("answer"))
    j.status = _text(item.get("status")).upper()
    j.reason = _text(item.get("reason"))
    j.id = _text(item.get("id"))
    j.phase = _text(item.get("phase"))
    j.area = _text(item.get("area"))
    j.title = _text(item.get("title"))
    j.recommendation = str(item.get("recommendation") or "")[:MAX_TEXT].strip()
    level = item.get("level")
    if level is not None:
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 5:
            j.state, j.problem, j.malformed = "invalid", f"level {level!r} is not an integer 0-5", True
            return j
        j.level = level
    ev = item.get("evidence") or []
    if isinstance(ev, str):
        ev = [ev]
    if not isinstance(ev, list):
        j.state, j.problem, j.malformed = "invalid", "evidence must be a list of 'path:line'", True
        return j
    for e in ev[:20]:
        m = _CITE_RE.match(str(e)) if isinstance(e, (str, int)) else None
        if not m:
            j.state, j.problem = "invalid", f"evidence {str(e)[:60]!r} is not 'path:line'"
            j.malformed = True
            return j
        j.evidence.append(Cited(m.group("path"), int(m.group("line") or 0), m.group("sha") or ""))
    problem = _shape_problem(j)
    if problem:
        j.state, j.problem = "invalid", problem
    j.malformed = j.state == "invalid"
    return j


def _shape_problem(j: Judgement) -> str:
    dimension = j.rule.lower().startswith(DIMENSION_PREFIX)
    if j.status and j.status not in STATUSES:
        return f"status {j.status!r} is not one of {', '.join(STATUSES)}"
    if j.kind == "answers":
        if not j.rule:
            return "an answer names the rule of its question (rule: ET310 or score:<dimension>)"
        if not j.answer and not j.status and j.level is None:
            return f"the answer to {j.rule} is empty"
    elif j.kind == "overrides":
        if not j.rule:
            return "an override names the rule it overrides"
        if dimension and j.level is None:
            return f"an override of {j.rule} gives the level (0-5)"
        if not dimension and not j.status:
            return f"an override of {j.rule} gives the status ({', '.join(STATUSES)})"
        if not j.reason or not j.evidence:
            return f"an override of {j.rule} needs a reason and evidence"
    else:
        if not (j.title and j.status and j.phase and j.evidence):
            return "an added finding needs phase, status, title and evidence"
        if not re.fullmatch(r"[1-6](?:\.\d)?", j.phase):
            return f"phase {j.phase!r} is not 1-6 (or a step such as 4.1)"
        if j.id and not re.fullmatch(r"AN\d{1,3}", j.id):
            return f"id {j.id!r} is not AN<number>"
    return ""


# --------------------------------------------------------------------------------------------
# Checking evidence against the tree
# --------------------------------------------------------------------------------------------


def line_hash(text: str) -> str:
    """A short hash of one line's text, whitespace-insensitive at the ends."""
    return hashlib.sha1(text.strip().encode("utf-8", "replace")).hexdigest()[:8]


class _Lines:
    """Cited files read once each (the report cites a handful), never outside the root."""

    def __init__(self, root):
        self.root = os.path.realpath(root)
        self.cache: dict[str, list[str] | None] = {}

    def get(self, rel: str) -> list[str] | None:
        if rel not in self.cache:
            self.cache[rel] = self._read(rel)
        return self.cache[rel]

    def _read(self, rel: str) -> list[str] | None:
        if rel.startswith(("/", "\\")) or ".." in rel.replace("\\", "/").split("/"):
            return None
        full = os.path.realpath(os.path.join(self.root, rel))
        if not full.startswith(self.root + os.sep) or not os.path.isfile(full):
            return None
        try:
            with open(full, "rb") as fh:
                data = fh.read(20 * 1024 * 1024)
        except OSError:
            return None
        return data.decode("utf-8", "replace").splitlines()

    def exists(self, rel: str) -> bool:
        if rel.startswith(("/", "\\")) or ".." in rel.replace("\\", "/").split("/"):
            return False
        full = os.path.realpath(os.path.join(self.root, rel.rstrip("/")))
        return (full == self.root or full.startswith(self.root + os.sep)) and os.path.exists(full)


def check_cited(c: Cited, files: _Lines) -> None:
    """Set ``c.problem`` when the cited place no longer holds; store the line's hash when new."""
    if not c.line:
        c.problem = "" if files.exists(c.path) else f"`{c.path}` does not exist"
        return
    lines = files.get(c.path)
    if lines is None:
        c.problem = f"`{c.path}` does not exist (or is not a readable file in the repository)"
    elif c.line > len(lines):
        c.problem = f"`{c.path}` has {len(lines)} line(s), not {c.line}"
    else:
        now = line_hash(lines[c.line - 1])
        if not c.sha:
            c.sha = now
            c.problem = ""
        elif now != c.sha:
            c.problem = f"`{c.path}:{c.line}` changed since the judgement (hash {c.sha}, now {now})"
        else:
            c.problem = ""


# --------------------------------------------------------------------------------------------
# Applying
# --------------------------------------------------------------------------------------------


def _norm(s: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", s.lower()).split())


def _dimension(sc, rule: str):
    want = _norm(rule[len(DIMENSION_PREFIX) :])
    for d in getattr(sc, "dimensions", None) or ():
        if want in (_norm(d.name), _norm(d.label)):
            return d
    return None


def _matches(f: Finding, j: Judgement) -> bool:
    if f.rule_id.upper() != j.rule.upper():
        return False
    return not j.question or _norm(j.question) in _norm(f.question or f.message)


def _pick(findings, j: Judgement, taken: set[int], want_review: bool):
    cands = [
        (i, f)
        for i, f in enumerate(findings)
        if _matches(f, j) and (f.status == REVIEW) == want_review and i not in taken
    ]
    if len(cands) > 1 and j.evidence:  # several findings of one rule: the one the evidence names
        paths = {c.path for c in j.evidence}
        near = [(i, f) for i, f in cands if any(e.path in paths for e in f.evidence)]
        cands = near or cands
    return cands[0] if cands else (None, None)


def _answer_status(j: Judgement) -> str:
    if j.status:
        return j.status
    word = _norm(j.answer).split(" ")[0] if j.answer else ""
    return PASS if word in YES else WARN if word in NO else ""


def _analyst_message(j: Judgement, verb: str) -> str:
    said = f"{verb}: {j.answer}" if j.answer else verb
    return f"{said}" + (f" — {j.reason}" if j.reason else "")


def apply_review(result, block: ReviewBlock | None, profile: str | None = None) -> None:
    """Apply the block's judgements to ``result`` and recompute what follows from the findings.

    Findings first (answers, overrides, added findings), then the scorecard, dimension answers
    and overrides, then the summary table and recommendations from the re-levelled scorecard.
    Stale, unmatched and invalid judgements change nothing; each keeps its state for the report.
    """
    result.review = block or ReviewBlock()
    block = result.review
    if block.ignored:
        return
    files = _Lines(result.ctx.inventory.root)
    findings = list(result.findings)
    taken: set[int] = set()
    dim_judgements = []
    next_id = 1 + max(
        (int(j.id[2:]) for j in block.judgements if re.fullmatch(r"AN\d+", j.id or "")), default=0
    )
    for j in block.judgements:
        if j.malformed:
            continue
        j.state, j.problem, j.target = "pending", "", ""
        for c in j.evidence:
            check_cited(c, files)
        stale = [c.problem for c in j.evidence if c.problem]
        if stale:
            j.state, j.problem = "stale", "; ".join(stale)
            continue
        if j.rule.lower().startswith(DIMENSION_PREFIX) and j.kind != "added":
            dim_judgements.append(j)
            continue
        if j.kind == "added":
            if not j.id:
                j.id, next_id = f"AN{next_id}", next_id + 1
            findings.append(
                Finding(
                    rule_id=j.id,
                    phase=j.phase,
                    status=j.status,
                    title=j.title,
                    evidence=[c.evidence() for c in j.evidence],
                    recommendation=j.recommendation,
                    message=f"Added by the analyst: {j.reason}" if j.reason else "Added by the analyst.",
                )
            )
            j.state, j.target = "applied", f"{j.id} ({j.status})"
            continue
        i, f = _pick(findings, j, taken, want_review=j.kind == "answers")
        if f is None:
            same = [(n, g) for n, g in enumerate(findings) if g.rule_id.upper() == j.rule.upper()]
            j.state = "unmatched"
            if same and all(n in taken for n, _ in same):
                j.problem = f"{j.rule} is already decided by an earlier entry of this block"
            elif same and j.kind == "answers":
                j.problem = (
                    f"{j.rule} is no longer an open question (the helper now reports it {same[0][1].status})"
                )
            else:
                j.problem = (
                    f"no {'open question' if j.kind == 'answers' else 'finding'} of {j.rule} in this audit"
                )
            continue
        status = _answer_status(j) if j.kind == "answers" else j.status
        if not status:
            j.state = "invalid"
            j.problem = f"the answer to {j.rule} is neither yes/no nor given a status ({', '.join(STATUSES)})"
            continue
        verb = "Analyst answer" if j.kind == "answers" else f"Analyst override ({f.status} -> {status})"
        findings[i] = Finding(
            rule_id=f.rule_id,
            phase=f.phase,
            status=status,
            title=f.title,
            evidence=list(f.evidence) + [c.evidence() for c in j.evidence if c.evidence() not in f.evidence],
            recommendation=f.recommendation or "",
            message=f"{f.message} {_analyst_message(j, verb)}".strip(),
            question="",
        )
        taken.add(i)
        j.state, j.target = "applied", f"{f.rule_id} {f.status} -> {status}"
    result.findings = findings
    _rescore(result, profile, dim_judgements)


def _rescore(result, profile, dim_judgements) -> None:
    from . import scoring

    if not hasattr(scoring, "apply_profile"):  # pragma: no cover - scoring stage absent
        return
    sc = result.scorecard
    chosen = profile or (sc.profile if sc is not None else None) or "research"
    result.scorecard = scoring.compute_scorecard(result.ctx, result.findings, chosen)
    sc = result.scorecard
    for j in dim_judgements:
        d = _dimension(sc, j.rule)
        if d is None:
            j.state, j.problem = "unmatched", f"no scorecard dimension {j.rule[len(DIMENSION_PREFIX) :]!r}"
            continue
        if j.kind == "answers" and not d.review:
            j.state, j.problem = "unmatched", f"{d.label} has no open question in this audit"
            continue
        before = d.score
        if j.level is not None:
            level = j.level
        else:
            word = _norm(j.answer).split(" ")[0] if j.answer else ""
            if word not in YES | NO:
                j.state = "invalid"
                j.problem = f"the answer to {j.rule} is neither yes/no nor given a level (0-5)"
                continue
            level = before if word in YES else max(0, before - 1)
        _relevel(d, level, j)
        j.state, j.target = "applied", f"{d.label} {before}/5 -> {level}/5"
    result.summary = scoring.summary_table(result.ctx, result.findings, sc)
    _fold_added(result)
    result.recommendations = scoring.recommendations(result.ctx, result.findings, sc)


def _relevel(d, level: int, j: Judgement) -> None:
    from .rubric import RUBRIC

    verb = "answer" if j.kind == "answers" else "override"
    cite = ", ".join(c.text().split(" @")[0] for c in j.evidence)
    said = f"analyst {verb}: {j.answer or ''} {('— ' + j.reason) if j.reason else ''}".strip()
    d.reasons = [f"level {level} ({RUBRIC[d.name][level]}) by {said}" + (f" ({cite})" if cite else "")] + [
        f"helper: {r}" for r in d.reasons if not r.startswith("next, level")
    ]
    if level < 5:
        d.reasons.append(f"next, level {level + 1} ({RUBRIC[d.name][level + 1]})")
        if level != d.score:
            d.next = f"what level {level + 1} of the rubric needs: {RUBRIC[d.name][level + 1]}"
    else:
        d.next = ""
    d.score = level
    d.review = ""


def _fold_added(result) -> None:
    """Added findings that name a summary area count in its row, like the rules' findings."""
    from .scoring import AREAS, area_priority

    areas = {_norm(a): a for a, _ in AREAS}
    rank = {FAIL: 0, WARN: 1, REVIEW: 1, PASS: 2}
    profile = result.scorecard.profile if result.scorecard is not None else "research"
    block = result.review
    for j in block.judgements:
        if j.kind != "added" or j.state != "applied" or not j.area:
            continue
        area = areas.get(_norm(j.area))
        if area is None:
            j.problem = f"area {j.area!r} is not a summary-table row; the finding counts in no row"
            continue
        for row in result.summary:
            if row["area"] != area:
                continue
            if row.get("note") or rank[j.status] < rank[row["status"]]:
                row["status"] = j.status
                row["priority"] = area_priority(area, j.status, profile) if j.status != PASS else "P4"
                row.pop("note", None)
            if j.status != PASS:
                row["rules"] = sorted(set(row.get("rules", [])) | {j.id})


def added_area(block: ReviewBlock | None, finding_id: str) -> str:
    for j in block.judgements if block else ():
        if j.kind == "added" and j.id == finding_id:
            return j.area
    return ""


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


def _fence_for(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def block_yaml(block: ReviewBlock) -> str:
    """The block as it is written back: normalised, with the hashes audit stored."""
    import yaml

    data = {
        k: [j.original if j.malformed else j.to_yaml() for j in block.judgements if j.kind == k]
        for k in KINDS
    }
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return HEADER + body


def render_review(result) -> list[str]:
    """The Analyst Review section (without its heading)."""
    from .report.escape import md_inline

    block: ReviewBlock = getattr(result, "review", None) or ReviewBlock()
    out = [
        "Judgements of the analyst, kept as data: `experiment-tracking audit` reads the YAML block below "
        "before it rewrites this report and applies it, so every section above and below already "
        "includes them. Edit only the block and the Analyst notes; every other section is generated.",
        "",
    ]
    if block.ignored and not block.error:
        out += [
            "- **Not applied**: this audit ran with `--ignore-review`; the block below is kept as it was "
            "and applies again on the next audit without that option.",
            "",
        ]
        body = block.raw
    elif block.error:
        out += [
            f"- **The block could not be read** ({md_inline(block.error)}): it is kept verbatim below and "
            "nothing in it was applied. Fix it and run `experiment-tracking audit` again.",
            "",
        ]
        body = block.raw
    else:
        c = block.counts()
        if block.judgements:
            out.append(
                f"- {c['applied']} judgement(s) applied ({c['answers']} answer(s), {c['overrides']} "
                f"override(s), {c['added']} added finding(s)); {c['stale']} stale, {c['unmatched']} "
                f"not matched, {c['invalid']} invalid."
            )
            for j in block.judgements:
                out.append("- " + _judgement_line(j, md_inline))
        else:
            out.append("- No judgements yet: answer the open review questions in the block below.")
        out.append("")
        body = block_yaml(block)
    fence = _fence_for(body)
    out += [f"{fence}yaml", body.rstrip("\n"), fence, "", f"### {NOTES_TITLE}", ""]
    out.append(block.notes.strip("\n") if block.notes.strip() else "None yet.")
    return out


def _judgement_line(j: Judgement, md_inline) -> str:
    kind = {"answers": "answer", "overrides": "override", "added": "added finding"}[j.kind]
    name = j.id or j.rule or "?"
    what = j.answer or j.status or (f"level {j.level}" if j.level is not None else "")
    cites = ", ".join(f"`{c.path}:{c.line}`" if c.line else f"`{c.path}`" for c in j.evidence)
    text = f"**{j.state.upper()}** {kind} `{md_inline(name)}`: {md_inline(what)}"
    if j.reason:
        text += f" — {md_inline(j.reason)}"
    if cites:
        text += f" (Evidence: {cites})"
    if j.target:
        text += f" → {md_inline(j.target)}"
    if j.problem:
        text += f". {md_inline(j.problem)}"
        if j.state == "stale":
            text += (
                "; re-check it, then update the line or delete the `@hash` to accept the line as it is now"
            )
    return text
