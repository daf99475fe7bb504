"""Read an experiment-tracking report back and list what is missing (the self-healing check).

The report may have been written by the helper or written/edited by an agent, so every rule
accepts the usual variants: numbered headings (``## 3. Metric Logging Evaluation``), ``(0-30)``
or ``(0–30)``, extra sections, bold or emoji table cells, findings written with or without a
rule ID, findings whose status is REVIEW (undecided, with the question that settles them). The
contract is ``docs/report-format.md``.

Public API::

    validate_report(text: str) -> list[Gap]
    validate_file(path) -> list[Gap]          # raises OSError / UnicodeDecodeError
    gaps_to_json(gaps, report=None) -> dict
    report_facts(text) -> dict                # focus, total, dimension scores, summary rows,
                                              # open review questions
    section_text(text, key) -> str | None

Each :class:`Gap` names a stable ``code`` (see :data:`GAP_CODES`), the ``section`` it belongs
to (one of :data:`SECTION_KEYS`, or ``"report"``), a one-line ``message``, the 1-based
``line`` where it was found (0 when it is an absence) and a ``hint``: what to re-examine or
which data would close it. Nothing here reads the audited repository.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

EXECUTIVE_SUMMARY = "executive-summary"
INVENTORY = "inventory"
PARAMETERS = "parameters"
METRICS = "metrics"
SCORECARD = "scorecard"
PIPELINES = "pipelines"
COLLABORATION = "collaboration"
RECOMMENDATIONS = "recommendations"
SUMMARY_TABLE = "summary-table"
REVIEW_QUESTIONS = "review-questions"
REPORT = "report"

# The eight sections of the seed, in report order: key -> (title, heading patterns).
REQUIRED_SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    EXECUTIVE_SUMMARY: ("Executive Summary", (r"\bexecutive summary\b",)),
    INVENTORY: (
        "Experiment Infrastructure Inventory",
        (r"\binventory\b", r"\bexperiment infrastructure\b"),
    ),
    PARAMETERS: (
        "Parameter Management Assessment",
        (r"\bparameter management\b", r"\bparameters?\b.*\b(assessment|management)\b"),
    ),
    METRICS: ("Metric Logging Evaluation", (r"\bmetrics? logging\b", r"\bresult logging\b")),
    SCORECARD: (
        "Reproducibility Scorecard (0-30)",
        (r"\breproducibility scor(?:e|ecard|ing)\b", r"\bscorecard\b"),
    ),
    PIPELINES: (
        "Pipeline Architecture Review",
        (
            r"\bpipeline architecture\b",
            r"\bpipeline and workflow\b",
            r"\bpipelines?\b.*\b(?:review|analysis|assessment)\b",
        ),
    ),
    COLLABORATION: ("Collaboration Assessment", (r"\bcollaboration\b", r"\bgovernance\b")),
    RECOMMENDATIONS: ("Prioritized Recommendations", (r"\brecommendations?\b",)),
}
OPTIONAL_SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    SUMMARY_TABLE: ("Summary Table", (r"\bsummary table\b",)),
    "data-gaps": ("Data Gaps", (r"\bdata gaps?\b",)),
    # Optional (reports written before it, or by agents, may lack it); checked when present.
    REVIEW_QUESTIONS: ("Open Review Questions", (r"\breview questions?\b",)),
}
SECTION_KEYS = (EXECUTIVE_SUMMARY, REVIEW_QUESTIONS, *list(REQUIRED_SECTIONS)[1:], SUMMARY_TABLE, REPORT)

# Seed Phase 4.3, in order.
DIMENSIONS = (
    "Code versioning",
    "Data versioning",
    "Environment capture",
    "Parameter logging",
    "Result persistence",
    "Documentation",
)
# Seed OUTPUT summary table, in order.
SUMMARY_AREAS = (
    "Parameter Management",
    "Metric Logging",
    "Data Versioning",
    "Code-Data Linkage",
    "Environment Capture",
    "Pipeline Architecture",
    "Model Registry",
    "Collaboration",
)
# Statuses of a summary-table row (the seed's) and of a finding (REVIEW: the evidence does not
# decide it; the finding states the question that would).
STATUSES = ("PASS", "WARN", "FAIL")
FINDING_STATUSES = (*STATUSES, "REVIEW")
PRIORITIES = ("P1", "P2", "P3", "P4")

GAP_CODES = {
    "missing-section": "a required section heading is absent",
    "empty-section": "a section has only a heading, placeholders or a few words",
    "placeholder-text": "template text such as [X], TODO or {{...}} was left in",
    "focus-missing": "the report does not state its focus (a 'Focus:' line)",
    "finding-without-evidence": "a PASS/WARN/FAIL/REVIEW finding names no file, location or data point",
    "recommendation-not-actionable": "a recommendation names no target (a file, a tool, a command or a snippet)",
    "no-recommendations": "the recommendations section lists nothing to do",
    "scorecard-missing": "no scorecard (dimension scores) could be read",
    "scorecard-dimension-missing": "one of the six dimensions has no score",
    "scorecard-dimension-duplicate": "a dimension is scored more than once",
    "scorecard-score-invalid": "a dimension score is not an integer 0-5",
    "scorecard-total-missing": "the scorecard has no total",
    "scorecard-total-invalid": "the total is not an integer 0-30",
    "scorecard-total-mismatch": "the total is not the sum of the six dimensions",
    "score-inconsistent": "an 'N/30' elsewhere in the report disagrees with the scorecard total",
    "summary-table-missing": "no Area | Status | Priority table",
    "summary-area-missing": "one of the 8 summary areas has no row",
    "summary-area-duplicate": "a summary area has more than one row",
    "summary-status-invalid": "a summary row's status is not exactly one of PASS/WARN/FAIL",
    "summary-priority-invalid": "a summary row's priority is not exactly one of P1-P4",
    "review-questions-unreadable": "an Open Review Questions section neither lists questions nor says None",
    "review-question-invalid": "an item of Open Review Questions is not a question",
    "review-question-unlisted": "a REVIEW finding is neither answered nor listed under Open Review Questions",
    "summary-status-mismatch": "a summary-table status does not follow from the findings of its area",
    # With --root (verify.py): the report against the repository it describes.
    "evidence-path-missing": "a cited path does not exist in the repository",
    "evidence-line-out-of-range": "a cited line is past the end of its file (or notebook cell)",
    "evidence-claim-mismatch": "the cited line does not hold the call, key or name the claim gives",
    "analyst-review-unreadable": "the Analyst Review block cannot be read",
    "analyst-review-stale": "an Analyst Review judgement cites a line that changed or is gone",
}
# What a self-healing iteration is: a re-analysis that widens or deepens discovery, run because
# the report lacks something more files or a deeper look can supply. Only these gaps call for one;
# every other gap is about the report's text (a wording, a number, a stale judgement) and is fixed
# by editing or re-running audit, which is not an iteration.
ITERATION_GAPS = frozenset({"no-code", "empty-section"})

# What data would close a gap in each section (used for hints and the "Data gaps" section).
SECTION_HINTS = {
    EXECUTIVE_SUMMARY: "summarise the score, the tools found and the top gaps",
    INVENTORY: "tracking stores (mlruns/, wandb/, .dvc/, outputs/), ignored directories, "
    "nested projects and notebooks",
    PARAMETERS: "config files (params.yaml, conf/, *.toml, dataclasses) and log_param/config calls",
    METRICS: "log_metric/log calls, TensorBoard event files, CSV/JSON result files and artifacts",
    SCORECARD: "the six dimension scores (0-5) and their total (0-30)",
    PIPELINES: "pipeline definitions (dvc.yaml, DAGs, flows, Kedro/Metaflow projects) and registry calls",
    COLLABORATION: "READMEs, experiment notes, model cards, CODEOWNERS, access and retention settings",
    RECOMMENDATIONS: "one action per gap, each naming the file or tool to change",
    SUMMARY_TABLE: "the 8-row Area | Status | Priority table",
    REVIEW_QUESTIONS: "a numbered list of the undecided points, each a question citing its evidence, or 'None'",
    REPORT: "the report contract in docs/report-format.md",
}


@dataclass(frozen=True)
class Gap:
    """One thing the report still lacks. ``to_dict()`` is its JSON form."""

    code: str
    section: str
    message: str
    line: int = 0
    hint: str = ""

    @property
    def iteration(self) -> bool:
        """Closing this gap takes a self-healing iteration (wider or deeper discovery)."""
        return self.code in ITERATION_GAPS

    def to_dict(self) -> dict:
        return {**asdict(self), "iteration": self.iteration}

    def __str__(self) -> str:
        where = f" (line {self.line})" if self.line else ""
        return f"[{self.code}] {self.section}: {self.message}{where}"


def gaps_to_json(gaps: Iterable[Gap], report: str | None = None) -> dict:
    gaps = list(gaps)
    out: dict = {
        "ok": not gaps,
        "gap_count": len(gaps),
        "iteration_needed": any(g.iteration for g in gaps),
        "gaps": [g.to_dict() for g in gaps],
    }
    if report is not None:
        out = {"report": report, **out}
    return out


# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------

_MD = MarkdownIt("commonmark", {"html": True}).enable("table")

_PLACEHOLDER_RE = re.compile(
    r"\[(?:x|n|list|count|\.\.\.|…|pass\s*/\s*warn\s*/\s*fail|p1\s*[-–]\s*p4|tbd|todo|"
    r"repo name|date|yyyy-mm-dd)\]"
    r"|\{\{[^}]*\}\}|\bTODO\b|\bTBD\b|\bFIXME\b|\blorem ipsum\b",
    re.IGNORECASE,
)
# Removed before counting words: placeholders plus filler that says nothing.
_FILLER_RE = re.compile(
    _PLACEHOLDER_RE.pattern
    + r"|\bN/?A\b|\bnone\b|\.\.\.|…|\bto be (?:written|completed|determined|added|filled)\b"
    r"|\bcoming soon\b|\bfill (?:me )?in\b|\bplaceholder\b|\bnot applicable\b",
    re.IGNORECASE,
)
MIN_WORDS = 6

_EXT = (
    "py|ipynb|ya?ml|json|jsonl|toml|cfg|ini|conf|txt|md|rst|lock|csv|tsv|db|sqlite3?|parquet|"
    "feather|pkl|pickle|joblib|pt|pth|ckpt|safetensors|h5|hdf5|keras|onnx|pb|sh|bash|r|R|jl|"
    "scala|java|sql|dvc|env|log|tfevents|npz|npy|xml|html|ipy|mlmodel|gz|zip|tar|whl|cfg"
)
_FILE_NAMES = (
    "Dockerfile|Makefile|MLproject|Pipfile|Jenkinsfile|Snakefile|Procfile|Containerfile|"
    "CODEOWNERS|LICENSE|README|Justfile|Vagrantfile|environment|requirements|dvc"
)
_PATH_RE = re.compile(
    rf"(?<![\w@])(?:[\w.~-]+/)*[\w.-]*\.(?:{_EXT})(?::\d+)?\b"
    rf"|(?<![\w@])(?:[\w.~-]+/)+[\w.-]*/?"
    rf"|\b(?:{_FILE_NAMES})\b(?=[\s`:,.;)]|$)"
)
# A code span naming a path: folders may hold spaces and brackets ("final/Best CV/x.py:12"), and a
# dotfile may carry a line (".gitattributes:1").
_CODE_PATH_RE = re.compile(
    rf"^(?:[\w.~@ ()\[\]-]+/)*[\w.() -]*\.(?:{_EXT})(?::\d+(?:-\d+)?)?$"
    rf"|^[\w.~@-]*(?:/[\w.*~@ ()-]*)+/?(?::\d+)?$"
    rf"|^\.?(?:{_FILE_NAMES})(?::\d+)?$"
    r"|^\.[\w-]+/?(?::\d+)?$",
)
_CELL_RE = re.compile(r"\bcell\s*\[?\d+\]?", re.IGNORECASE)
_LINE_REF_RE = re.compile(r"\b(?:line|lines|l\.)\s*\d+", re.IGNORECASE)
_COUNT_RE = re.compile(
    r"\b\d[\d,]*(?:\s+(?:of|out of)\s+\d[\d,]*)?\s+(?:\w+\s+){0,2}?"
    r"(?:runs?|experiments?|files?|notebooks?|entry[- ]points?|scripts?|configs?|"
    r"configurations?|params?|parameters?|metrics?|artifacts?|models?|model versions?|versions?|"
    r"stages?|cells?|commits?|dags?|flows?|steps?|checkpoints?|trials?|sweeps?|studies|study|"
    r"tags?|calls?|imports?|modules?|datasets?|tables?|rows?|directories|dirs?|events?|"
    r"keys?|packages?|dependencies|requirements?|pipelines?|tasks?|jobs?|nodes?|epochs?)\b",
    re.IGNORECASE,
)
_ABSENCE_RE = re.compile(
    r"\b(?:no|none|not|zero|without|missing|absent|nothing)\b[^.;]*?"
    r"\b(?:found|detected|present|exists?|seen|located|configured|used|logged|recorded|"
    r"tracked|set|pinned|versioned)\b[^.;]*?\b(?:in|under|across|anywhere in|within)\b"
    r"[^.;]*?\b(?:repo(?:sitory)?|project|codebase|tree|code|source|directory|scripts?|"
    r"notebooks?|files?|configs?)\b",
    re.IGNORECASE,
)
# REVIEW only in capitals: "- Review the config" is advice, "- **REVIEW** `ET202` ..." a finding.
_STATUS_START_RE = re.compile(
    r"^\W{0,6}(?:\[\s*)?(PASS(?:ED)?|WARN(?:ING)?|FAIL(?:ED|URE)?|(?-i:REVIEW))\b", re.IGNORECASE
)
_EMOJI_START_RE = re.compile(r"^\s*(?:✅|✔️?|⚠️?|❌|✖️?|🔴|🟡|🟠|🟢)")
_RULE_ID_RE = re.compile(r"^\W{0,6}(?:\[\s*)?(?:PASS|WARN|FAIL|(?-i:REVIEW))?\W{0,6}\bET\d{3}\b", re.I)

_PRIORITY_TAG_RE = re.compile(
    r"^\s*(?:\d+[.)]\s*)?(?:\W*\b(?:P[1-4]|priority\s*[1-4]|high|medium|low|critical)"
    r"(?:\s*priority)?\b\W*)*",
    re.IGNORECASE,
)
_VERBS = """
add adopt align annotate apply archive assign attach audit automate backfill bump build
cache call capture centralise centralize change check commit compute configure consolidate
containerise containerize convert create declare define delete deploy derive describe
document drop emit enable enforce ensure establish export extend extract fix freeze gate
generate hash implement import include instrument integrate introduce keep label limit link
lock log make mark merge migrate move name note open parameterise parameterize pass persist
pin promote protect publish push put record refactor register remove rename replace report
require restrict restructure review rotate run save schedule scope seed separate set share
snapshot split standardise standardize start store switch sync tag track unify update
upgrade upload use validate verify version wire wrap write improve increase reduce
"""
ACTION_VERBS = frozenset(_VERBS.split())
TOOL_NAMES = (
    "mlflow",
    "wandb",
    "weights & biases",
    "weights and biases",
    "w&b",
    "dvc",
    "dvclive",
    "sacred",
    "neptune",
    "comet",
    "tensorboard",
    "hydra",
    "omegaconf",
    "guild",
    "optuna",
    "ray tune",
    "hyperopt",
    "airflow",
    "prefect",
    "kubeflow",
    "metaflow",
    "kedro",
    "dagster",
    "zenml",
    "docker",
    "dockerfile",
    "singularity",
    "apptainer",
    "conda",
    "pip",
    "poetry",
    "uv",
    "pipenv",
    "git",
    "git-lfs",
    "git lfs",
    "lakefs",
    "delta lake",
    "feast",
    "tecton",
    "hopsworks",
    "model registry",
    "model card",
    "datasheet",
    "readme",
    "ci",
    "github actions",
    "pre-commit",
    "codeowners",
    "pytorch",
    "torch",
    "lightning",
    "keras",
    "tensorflow",
    "numpy",
    "scikit-learn",
    "sklearn",
    "jax",
    "sagemaker",
    "vertex ai",
    "lockfile",
    "requirements",
    "pyproject",
)
_TOOL_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(t) for t in TOOL_NAMES) + r")(?![\w-])", re.IGNORECASE
)
_FOCUS_RE = re.compile(r"^\s*(?:[*_]{1,2})?focus(?:[*_]{1,2})?\s*(?::|[*_]{1,2}\s*:)", re.I)
_SCORE_OF_30_RE = re.compile(r"(?<![\d.])(\d{1,3})\s*/\s*30\b")
# A claim about the score: "Reproducibility score: 12/30", "overall score 12/30", "Total: 12/30".
# Any other N/30 ("helper: 13/30", "0/30 exact pins") is prose, not a second score.
_SCORE_CLAIM_RE = re.compile(
    r"(?:\b(?:reproducibility|overall|total)\s+score\b|^\W*(?:score|total)\b)\W{0,6}(?:is\W{0,3}|of\W{0,3})?"
    r"(?<![\d.])(\d{1,3})\s*/\s*30\b",
    re.I,
)


def _norm(s: str) -> str:
    """Lowercase; accents and punctuation folded: 'Code–Data Linkage' -> 'code data linkage'."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", s.lower()).split())


def _heading_key(s: str) -> str:
    s = _norm(s)
    # Leading numbering: "3 ", "iii ", "phase 4 ", "section 2 ", "part b ".
    return re.sub(r"^(?:(?:phase|section|part|step)\s+)?(?:\d+(?:\s\d+)*|[ivx]+|[a-h])\s+", "", s)


@dataclass
class _Inline:
    plain: str  # text with code spans kept as `code`, markup removed
    prose: str  # text without code spans
    code: list[str]
    links: list[str]
    line: int


def _inline(tok: Token) -> _Inline:
    plain, prose, code, links = [], [], [], []
    for c in tok.children or []:
        if c.type in ("text", "html_inline"):
            plain.append(c.content)
            prose.append(c.content)
        elif c.type == "code_inline":
            plain.append(f"`{c.content}`")
            prose.append(" ")
            code.append(c.content)
        elif c.type in ("softbreak", "hardbreak"):
            plain.append(" ")
            prose.append(" ")
        elif c.type == "link_open":
            href = c.attrGet("href")
            if href:
                links.append(str(href))
        elif c.type == "image":
            plain.append(c.content)
            prose.append(c.content)
    line = (tok.map[0] + 1) if tok.map else 0
    return _Inline("".join(plain), "".join(prose), code, links, line)


@dataclass
class _Section:
    title: str
    key: str
    level: int
    line: int
    start: int  # token index after heading_close
    end: int  # token index of the next heading of the same or a higher level (or len)
    end_line: int = 1 << 30  # 1-based line of that heading


def _sections(tokens: list[Token]) -> list[_Section]:
    heads = []
    for i, t in enumerate(tokens):
        if t.type == "heading_open":
            title = _inline(tokens[i + 1]).plain if i + 1 < len(tokens) else ""
            heads.append((i, int(t.tag[1]), title, (t.map[0] + 1) if t.map else 0))
    out = []
    # next heading of the same or a higher level, found with a stack in one pass
    ends: list[tuple[int, int]] = [(len(tokens), 1 << 30)] * len(heads)
    stack: list[int] = []
    for n, (j, lvl, _, ln) in enumerate(heads):
        while stack and heads[stack[-1]][1] >= lvl:
            ends[stack.pop()] = (j, ln)
        stack.append(n)
    for n, (i, level, title, line) in enumerate(heads):
        end, end_line = ends[n]
        out.append(_Section(title, _heading_key(title), level, line, i + 3, end, end_line))
    return out


def _find_section(sections: list[_Section], patterns: tuple[str, ...]) -> _Section | None:
    for s in sections:
        if any(re.search(p, s.key) for p in patterns):
            return s
    return None


def _inlines(tokens: list[Token], start: int, end: int, skip_headings: bool = True):
    in_heading = False
    for t in tokens[start:end]:
        if t.type == "heading_open":
            in_heading = True
        elif t.type == "heading_close":
            in_heading = False
        elif t.type == "inline" and not (in_heading and skip_headings):
            yield _inline(t)


def _block_text(tokens: list[Token], start: int, end: int) -> tuple[str, str]:
    """(prose, everything) of a token range; fenced code counts as content, not as prose."""
    prose, full = [], []
    for inl in _inlines(tokens, start, end):
        prose.append(inl.prose)
        full.append(inl.plain)
    for t in tokens[start:end]:
        if t.type in ("fence", "code_block"):
            full.append(t.content)
    return " ".join(prose), " ".join(full)


def _words(text: str) -> int:
    return len(re.findall(r"\w+", _FILLER_RE.sub(" ", text)))


# --------------------------------------------------------------------------------------------
# Tables and list items
# --------------------------------------------------------------------------------------------


@dataclass
class _Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line, cells)
    line: int
    index: int


def _tables(tokens: list[Token], start: int = 0, end: int | None = None) -> list[_Table]:
    end = len(tokens) if end is None else end
    tables, cur, row, in_head = [], None, None, False
    for i in range(start, end):
        t = tokens[i]
        if t.type == "table_open":
            cur = _Table([], [], (t.map[0] + 1) if t.map else 0, i)
        elif t.type == "thead_open":
            in_head = True
        elif t.type == "thead_close":
            in_head = False
        elif t.type == "tr_open":
            row = []
            row_line = (t.map[0] + 1) if t.map else 0
        elif t.type == "inline" and row is not None and cur is not None:
            row.append(_inline(t).plain.replace("`", "").strip())
        elif t.type == "tr_close" and cur is not None and row is not None:
            if in_head:
                cur.header = row
            else:
                cur.rows.append((row_line, row))
            row = None
        elif t.type == "table_close" and cur is not None:
            tables.append(cur)
            cur = None
    return tables


@dataclass
class _Item:
    head: _Inline  # the item's first paragraph
    text: str  # all text of the item, nested items included
    code: list[str]
    depth: int  # 0 = top-level list of the range
    fence: bool = False  # the item holds a fenced code block (a snippet)


def _list_items(tokens: list[Token], start: int, end: int) -> list[_Item]:
    items: list[_Item] = []
    depth = -1
    i = start
    while i < end:
        t = tokens[i]
        if t.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif t.type == "list_item_open":
            close, nest = i + 1, 1
            while close < end and nest:
                if tokens[close].type == "list_item_open":
                    nest += 1
                elif tokens[close].type == "list_item_close":
                    nest -= 1
                close += 1
            inls = list(_inlines(tokens, i + 1, close))
            if inls:
                code = [c for inl in inls for c in inl.code]
                fence = any(t.type in ("fence", "code_block") for t in tokens[i + 1 : close])
                items.append(_Item(inls[0], " ".join(x.plain for x in inls), code, depth, fence))
        i += 1
    return items


# --------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------


def has_evidence(text: str, code: Iterable[str] = ()) -> bool:
    """True when ``text`` points at a file, a code location, a notebook cell or a counted fact."""
    for c in code:
        c = c.strip()
        if _CODE_PATH_RE.match(c) and not re.fullmatch(r"ET\d{3}", c):
            return True
    prose = re.sub(r"`[^`]*`", " ", text)
    prose_no_urls = re.sub(r"https?://\S+", " ", prose)
    return bool(
        _PATH_RE.search(prose_no_urls)
        or _CELL_RE.search(text)
        or _LINE_REF_RE.search(text)
        or _COUNT_RE.search(text)
        or _ABSENCE_RE.search(prose)
    )


def is_finding(item: _Item) -> bool:
    head = item.head.plain
    return bool(_STATUS_START_RE.match(head) or _EMOJI_START_RE.match(head) or _RULE_ID_RE.match(head))


def actionability(text: str, code: Iterable[str] = (), snippet: bool = False) -> tuple[bool, bool]:
    """(says what to do, names a target). What to do is any wording; the target decides: a file, a
    tool, a command or code span, or a snippet. ``ACTION_VERBS`` is kept for callers that want it;
    a fixed verb list rejected good recommendations ("Fill", "Retrain", "Warn", ...)."""
    plain = re.sub(r"[*_`]", "", text)
    stripped = _PRIORITY_TAG_RE.sub("", plain, count=1)
    said = bool(re.search(r"[A-Za-z]{2,}", stripped))
    target = bool(snippet or any(c.strip() for c in code) or _PATH_RE.search(text) or _TOOL_RE.search(plain))
    return said, target


def _check_sections(tokens, sections, gaps) -> dict[str, _Section]:
    found: dict[str, _Section] = {}
    for key, (title, patterns) in REQUIRED_SECTIONS.items():
        sec = _find_section(sections, patterns)
        if sec is None:
            gaps.append(
                Gap(
                    "missing-section",
                    key,
                    f"no '{title}' section",
                    0,
                    f"add a '## {title}' section; data needed: {SECTION_HINTS[key]}",
                )
            )
            continue
        found[key] = sec
        _, full = _block_text(tokens, sec.start, sec.end)
        tables = _tables(tokens, sec.start, sec.end)
        table_rows = sum(len(t.rows) for t in tables)
        if _words(full) < MIN_WORDS and not table_rows:
            gaps.append(
                Gap(
                    "empty-section",
                    key,
                    f"'{sec.title}' has no substantive content",
                    sec.line,
                    f"re-examine with expanded discovery; data needed: {SECTION_HINTS[key]}",
                )
            )
    for key, (_, patterns) in OPTIONAL_SECTIONS.items():
        sec = _find_section(sections, patterns)
        if sec is not None:
            found[key] = sec
    return found


def _section_of(line: int, sections: list[_Section], found: dict[str, _Section]) -> str:
    best, best_line = REPORT, -1
    for key, sec in found.items():
        if sec.line <= line < sec.end_line and sec.line > best_line:
            best, best_line = key, sec.line
    return best if best in SECTION_KEYS else REPORT


# Code spans, the parenthesised detail right after one (`train.py:9` (# TODO: seed)) and quoted
# text quote the audited code, not the template: a TODO there is evidence, not a placeholder.
_QUOTED_RE = re.compile(r'`[^`\n]*`(?:\s*\([^()\n]*\))?|"[^"\n]*"|“[^”\n]*”')


def _check_placeholders(tokens, sections, found, gaps) -> None:
    seen: set[tuple[str, str]] = set()
    for inl in _inlines(tokens, 0, len(tokens), skip_headings=False):
        m = _PLACEHOLDER_RE.search(_QUOTED_RE.sub(" ", inl.plain))
        if not m:
            continue
        sec = _section_of(inl.line, sections, found)
        if (sec, m.group(0).lower()) in seen:
            continue
        seen.add((sec, m.group(0).lower()))
        gaps.append(
            Gap(
                "placeholder-text",
                sec,
                f"template text {m.group(0)!r} left in the report",
                inl.line,
                "replace it with the value read from the repository",
            )
        )


def _check_focus(lines: list[str], gaps) -> None:
    if not any(_FOCUS_RE.match(ln) for ln in lines):
        gaps.append(
            Gap(
                "focus-missing",
                REPORT,
                "the report does not state its focus",
                0,
                "add a line 'Focus: whole repository' (or the paths/tools/phases analysed)",
            )
        )


def _check_findings(tokens, sections, found, gaps) -> None:
    """Every PASS/WARN/FAIL/REVIEW bullet cites evidence. A bullet that restates a rule whose finding
    carries evidence elsewhere in the report (an executive-summary list of the top gaps)
    counts as referenced."""
    skip = {RECOMMENDATIONS, "data-gaps"}
    candidates: list[tuple[_Item, str]] = []
    evidenced_rules: set[str] = set()
    for item in _list_items(tokens, 0, len(tokens)):
        if not is_finding(item):
            continue
        owner = _section_of(item.head.line, sections, found)
        if owner in skip or _in_section(item.head.line, found.get("data-gaps"), sections):
            continue
        rule = re.search(r"\bET\d{3}\b", item.head.plain)
        if has_evidence(item.text, item.code):
            if rule:
                evidenced_rules.add(rule.group(0))
            continue
        candidates.append((item, owner))
    for item, owner in candidates:
        rule = re.search(r"\bET\d{3}\b", item.head.plain)
        if rule and rule.group(0) in evidenced_rules:
            continue
        gaps.append(
            Gap(
                "finding-without-evidence",
                owner,
                f"finding without a file, location or data point: {_clip(item.head.plain)}",
                item.head.line,
                "cite `path:line`, `path`, `notebook.ipynb cell N`, a count read from a "
                "store, or state the absence and where it was searched",
            )
        )


def _in_section(line: int, sec: _Section | None, sections: list[_Section]) -> bool:
    return sec is not None and sec.line <= line < sec.end_line


def _check_recommendations(tokens, sections, found, gaps) -> None:
    sec = found.get(RECOMMENDATIONS)
    if sec is None:
        return
    items = [i for i in _list_items(tokens, sec.start, sec.end) if i.depth == 0]
    recs: list[tuple[str, list[str], int, str]] = [
        (i.text, i.code + (["snippet"] if i.fence else []), i.head.line, i.head.plain) for i in items
    ]
    if not recs:  # recommendations written as sub-headings
        subs = [s for s in sections if s.level > sec.level and sec.line < s.line]
        subs = [s for s in subs if s.start <= sec.end]
        for s in subs:
            body_inls = list(_inlines(tokens, s.start, s.end))
            text = s.title + " " + " ".join(x.plain for x in body_inls)
            code = [c for x in body_inls for c in x.code] + re.findall(r"`([^`]+)`", s.title)
            recs.append((text, code, s.line, s.title))
    if not recs:
        gaps.append(
            Gap(
                "no-recommendations",
                RECOMMENDATIONS,
                "no recommendation items (expected a numbered list, highest priority first)",
                sec.line,
                "add one item per WARN/FAIL area: priority, file(s) to change, the change",
            )
        )
        return
    for text, code, line, head in recs:
        verb, target = actionability(text, code)
        if verb and target:
            continue
        missing = " and ".join(
            x
            for x, ok in (("what to do", verb), ("a target (file, tool, command or snippet)", target))
            if not ok
        )
        gaps.append(
            Gap(
                "recommendation-not-actionable",
                RECOMMENDATIONS,
                f"recommendation lacks {missing}: {_clip(head)}",
                line,
                "name what to change: a file, a tool, a command in backticks or a snippet",
            )
        )


def _parse_int(cell: str, denominator: int) -> tuple[int | None, str]:
    """'**3/5**' -> (3, ''), '3' -> (3, ''), '3.5/5' -> (None, 'not an integer')."""
    c = cell.replace("*", "").replace("_", " ").strip()
    m = re.match(r"[^\w\[\-]*(-?\d+(?:[.,]\d+)?)\s*(?:/\s*(\d+)|out of\s*(\d+))?", c)
    if not m:
        return None, "no number"
    num, den = m.group(1), m.group(2) or m.group(3)
    if not re.fullmatch(r"-?\d+", num):
        return None, f"{num} is not an integer"
    if den is not None and int(den) != denominator:
        return None, f"scored out of {den}, expected /{denominator}"
    return int(num), ""


def _dimension_of(cell: str) -> str | None:
    n = _norm(cell)
    for d in DIMENSIONS:
        if n == _norm(d) or n.startswith(_norm(d) + " "):
            return d
    return None


def _read_scorecard(tokens, lines, sections, found):
    """({dimension: [(score|None, why-invalid, line)]}, (total|None, why, line) | None, section)."""
    sec = found.get(SCORECARD)

    def is_scorecard(t: _Table) -> bool:
        hdr = " ".join(_norm(h) for h in t.header)
        dims = {_dimension_of(r[0]) for _, r in t.rows if r} - {None}
        return bool(dims) and ("score" in hdr or "dimension" in hdr) and "status" not in hdr

    tables = [t for t in (_tables(tokens, sec.start, sec.end) if sec else []) if is_scorecard(t)]
    tables = tables or [t for t in _tables(tokens) if is_scorecard(t)]
    scores: dict[str, list[tuple[int | None, str, int]]] = {}
    total: tuple[int | None, str, int] | None = None
    for table in tables[:1]:
        hdr = [_norm(h) for h in table.header]
        col = next((k for k, h in enumerate(hdr) if "score" in h), 1)
        for ln, r in table.rows:
            if not r:
                continue
            cell = r[col] if col < len(r) else ""
            dim = _dimension_of(r[0])
            if dim:
                scores.setdefault(dim, []).append((*_parse_int(cell, 5), ln))
            elif re.search(r"\b(total|overall)\b", _norm(r[0])):
                total = (*_parse_int(cell, 30), ln)
    if not scores and sec is not None:  # list / prose form: "- Code versioning: 3/5"
        lo, hi = sec.line, sec.end_line
        for n, raw in enumerate(lines[lo : hi - 1], start=lo + 1):
            text = re.sub(r"[*_`|>#-]", " ", raw)
            for d in DIMENSIONS:
                m = re.search(re.escape(d) + r"\W{0,5}(\d+(?:\.\d+)?\s*/\s*\d+)", text, re.I)
                if m:
                    scores.setdefault(d, []).append((*_parse_int(m.group(1), 5), n))
            m = re.search(r"\b(?:total|overall)\b\D{0,30}(\d+\s*/\s*30)\b", text, re.I)
            if m and total is None:
                total = (*_parse_int(m.group(1), 30), n)
    return scores, total, sec


def _check_scorecard(tokens, lines, sections, found, gaps) -> int | None:
    scores, total, sec = _read_scorecard(tokens, lines, sections, found)
    if not scores:
        gaps.append(
            Gap(
                "scorecard-missing",
                SCORECARD,
                "no dimension scores found (expected a Dimension | Score | Why table)",
                sec.line if sec else 0,
                f"score each of: {', '.join(DIMENSIONS)} (0-5) and give the total (0-30)",
            )
        )
        return None
    values = []
    for d in DIMENSIONS:
        got = scores.get(d)
        if not got:
            gaps.append(
                Gap(
                    "scorecard-dimension-missing",
                    SCORECARD,
                    f"no score for '{d}'",
                    sec.line if sec else 0,
                    f"add a '{d}' row scored 0-5 with its reason",
                )
            )
            continue
        if len(got) > 1:
            gaps.append(
                Gap(
                    "scorecard-dimension-duplicate",
                    SCORECARD,
                    f"'{d}' is scored {len(got)} times",
                    got[1][2],
                    "keep one row per dimension",
                )
            )
        value, why, ln = got[0]
        if value is None or not 0 <= value <= 5:
            reason = why or f"{value} is outside 0-5"
            gaps.append(
                Gap(
                    "scorecard-score-invalid",
                    SCORECARD,
                    f"'{d}' score is invalid: {reason}",
                    ln,
                    "use an integer 0-5 written as N/5",
                )
            )
            continue
        values.append(value)
    if total is None:
        gaps.append(
            Gap(
                "scorecard-total-missing",
                SCORECARD,
                "the scorecard has no Total row",
                sec.line if sec else 0,
                "add '| **Total** | **N/30** | ... |' with N the sum of the six scores",
            )
        )
        return None
    tval, why, tline = total
    if tval is None or not 0 <= tval <= 30:
        gaps.append(
            Gap(
                "scorecard-total-invalid",
                SCORECARD,
                f"total is invalid: {why or f'{tval} is outside 0-30'}",
                tline,
                "write the total as N/30 with 0 <= N <= 30",
            )
        )
        return None
    if len(values) == len(DIMENSIONS) and sum(values) != tval:
        gaps.append(
            Gap(
                "scorecard-total-mismatch",
                SCORECARD,
                f"total {tval}/30 but the six dimensions sum to {sum(values)}",
                tline,
                "recompute the total as the sum of the six dimension scores",
            )
        )
    return tval


def _check_score_mentions(tokens, sections, found, total: int | None, gaps) -> None:
    if total is None:
        return
    sec = found.get(SCORECARD)
    for inl in _inlines(tokens, 0, len(tokens), skip_headings=False):
        if sec and sec.line <= inl.line and _section_of(inl.line, sections, found) == SCORECARD:
            continue
        for m in _SCORE_CLAIM_RE.finditer(inl.prose.replace("*", "")):
            if int(m.group(1)) != total:
                gaps.append(
                    Gap(
                        "score-inconsistent",
                        _section_of(inl.line, sections, found),
                        f"says {m.group(0).strip()} but the scorecard total is {total}/30",
                        inl.line,
                        "use the scorecard total everywhere",
                    )
                )


_NO_QUESTIONS_RE = re.compile(r"\b(?:none|no (?:open )?(?:review )?questions?|nothing (?:is )?open)\b", re.I)


def _read_review_questions(tokens, found) -> tuple[_Section | None, list[_Item]]:
    """(the Open Review Questions section or None, its top-level list items)."""
    sec = found.get(REVIEW_QUESTIONS)
    if sec is None:
        return None, []
    return sec, [i for i in _list_items(tokens, sec.start, sec.end) if i.depth == 0]


def _check_review_questions(tokens, found, gaps) -> None:
    """Optional section; when present it is a list of questions, or states that there are none."""
    sec, items = _read_review_questions(tokens, found)
    if sec is None:
        return
    if not items:
        prose, _ = _block_text(tokens, sec.start, sec.end)
        if not _NO_QUESTIONS_RE.search(prose):
            gaps.append(
                Gap(
                    "review-questions-unreadable",
                    REVIEW_QUESTIONS,
                    f"'{sec.title}' neither lists questions nor says there are none",
                    sec.line,
                    "number each open question (`path:line` — the question?) or write "
                    "'None: every finding was decided from the evidence.'",
                )
            )
        return
    for item in items:
        if "?" not in item.text:
            gaps.append(
                Gap(
                    "review-question-invalid",
                    REVIEW_QUESTIONS,
                    f"not a question: {_clip(item.head.plain)}",
                    item.head.line,
                    "state the one question whose answer decides the finding or score, ending in '?'",
                )
            )


_FINDING_HEAD_RE = re.compile(r"^\W{0,6}(PASS|WARN|FAIL|REVIEW)\b\W{0,6}((?:ET|AN)\d{1,3})\b")


def _report_findings(tokens, sections, found) -> list[tuple[str, str, int]]:
    """(status, rule id, line) of every finding bullet written with both, outside the sections
    that restate findings (recommendations, data gaps)."""
    skip = {RECOMMENDATIONS, "data-gaps", EXECUTIVE_SUMMARY}
    out = []
    for item in _list_items(tokens, 0, len(tokens)):
        m = _FINDING_HEAD_RE.match(item.head.plain.replace("`", " ").replace("*", " ").strip())
        if not m or _section_of(item.head.line, sections, found) in skip:
            continue
        if _in_section(item.head.line, found.get("data-gaps"), sections):
            continue
        out.append((m.group(1), m.group(2), item.head.line))
    return out


def _check_review_listed(tokens, sections, found, gaps) -> None:
    """A REVIEW finding is an open question: Open Review Questions must list it by rule id."""
    pending = [
        (rule, line) for status, rule, line in _report_findings(tokens, sections, found) if status == "REVIEW"
    ]
    if not pending:
        return
    sec = found.get(REVIEW_QUESTIONS)
    listed = _block_text(tokens, sec.start, sec.end)[1] if sec is not None else ""
    for rule, line in pending:
        if not re.search(rf"\b{rule}\b", listed):
            gaps.append(
                Gap(
                    "review-question-unlisted",
                    REVIEW_QUESTIONS,
                    f"{rule} is a REVIEW finding but Open Review Questions does not list it",
                    line,
                    "answer it in the Analyst Review block and re-run `experiment-tracking audit`, "
                    "or list it under Open Review Questions",
                )
            )


_RANK = {"FAIL": 0, "WARN": 1, "REVIEW": 1, "PASS": 2}


def _check_summary_follows(tokens, sections, found, text: str, gaps) -> None:
    """Each summary row's status is the worst status of its area's findings (REVIEW counts as
    WARN), for the areas whose findings the report names by rule id."""
    from .judgements import read_review
    from .scoring import AREA_OF

    written = _report_findings(tokens, sections, found)
    if not written:
        return
    block = read_review(text)
    added = {j.id: j.area for j in block.judgements if j.kind == "added" and j.id and j.area}
    areas = {_norm(a): a for a in SUMMARY_AREAS}
    worst: dict[str, str] = {}
    for status, rule, _ in written:
        area = AREA_OF.get(rule) or areas.get(_norm(added.get(rule, "")))
        if area is None:
            continue
        status = "WARN" if status == "REVIEW" else status
        if area not in worst or _RANK[status] < _RANK[worst[area]]:
            worst[area] = status
    _, rows, (_, c_status, _) = _read_summary(tokens, found)
    for area, want in worst.items():
        got = rows.get(area)
        if not got:
            continue
        ln, r = got[0]
        stated = set(re.findall(r"\b(PASS|WARN|FAIL)\b", (r[c_status] if c_status < len(r) else "").upper()))
        if len(stated) == 1 and stated != {want}:
            gaps.append(
                Gap(
                    "summary-status-mismatch",
                    SUMMARY_TABLE,
                    f"'{area}' is {stated.pop()} but its findings make it {want}",
                    ln,
                    "let audit compute the table (judgements go in the Analyst Review block), or make the "
                    "row the worst status of the area's findings",
                )
            )


def _area_of(cell: str) -> str | None:
    n = _norm(cell)
    for a in SUMMARY_AREAS:
        if n == _norm(a) or n.startswith(_norm(a) + " "):
            return a
    return None


def _read_summary(tokens, found):
    """(table | None, {area: [(line, cells)]}, (area col, status col, priority col))."""
    sec = found.get(SUMMARY_TABLE)
    tables = _tables(tokens, sec.start, sec.end) if sec else []
    tables += _tables(tokens)

    def is_summary(t: _Table) -> bool:
        h = [_norm(x) for x in t.header]
        return (
            any("area" in x for x in h) and any("status" in x for x in h) and any("priority" in x for x in h)
        )

    table = next((t for t in tables if is_summary(t)), None)
    if table is None:
        return None, {}, (0, 1, 2)
    h = [_norm(x) for x in table.header]
    cols = (
        next(k for k, x in enumerate(h) if "area" in x),
        next(k for k, x in enumerate(h) if "status" in x),
        next(k for k, x in enumerate(h) if "priority" in x),
    )
    rows: dict[str, list[tuple[int, list[str]]]] = {}
    for ln, r in table.rows:
        area = _area_of(r[cols[0]]) if cols[0] < len(r) else None
        if area:
            rows.setdefault(area, []).append((ln, r))
    return table, rows, cols


def _check_summary_table(tokens, found, gaps) -> None:
    sec = found.get(SUMMARY_TABLE)
    table, rows, (c_area, c_status, c_prio) = _read_summary(tokens, found)
    if table is None:
        gaps.append(
            Gap(
                "summary-table-missing",
                SUMMARY_TABLE,
                "no 'Area | Status | Priority' summary table",
                sec.line if sec else 0,
                f"add the 8-row table: {', '.join(SUMMARY_AREAS)}",
            )
        )
        return
    for area in SUMMARY_AREAS:
        got = rows.get(area)
        if not got:
            gaps.append(
                Gap(
                    "summary-area-missing",
                    SUMMARY_TABLE,
                    f"no row for '{area}'",
                    table.line,
                    f"add '| {area} | PASS/WARN/FAIL | P1-P4 |'",
                )
            )
            continue
        if len(got) > 1:
            gaps.append(
                Gap(
                    "summary-area-duplicate",
                    SUMMARY_TABLE,
                    f"'{area}' has {len(got)} rows",
                    got[1][0],
                    "keep one row per area",
                )
            )
        ln, r = got[0]
        status = r[c_status] if c_status < len(r) else ""
        found_status = set(re.findall(r"\b(PASS|WARN|FAIL)\b", status.upper()))
        if len(found_status) != 1:
            gaps.append(
                Gap(
                    "summary-status-invalid",
                    SUMMARY_TABLE,
                    f"'{area}' status {status!r} is not one of PASS, WARN, FAIL",
                    ln,
                    "write exactly one of PASS, WARN, FAIL",
                )
            )
        prio = r[c_prio] if c_prio < len(r) else ""
        found_prio = set(re.findall(r"\bP([1-4])\b", prio.upper()))
        if len(found_prio) != 1 or re.search(r"\bP[1-4]\s*[-–]\s*P[1-4]\b", prio.upper()):
            gaps.append(
                Gap(
                    "summary-priority-invalid",
                    SUMMARY_TABLE,
                    f"'{area}' priority {prio!r} is not one of P1, P2, P3, P4",
                    ln,
                    "write exactly one of P1 (most urgent) to P4",
                )
            )


def _clip(s: str, n: int = 80) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------


def validate_report(text: str, root: str | Path | None = None) -> list[Gap]:
    """Every gap in ``text`` (a Markdown report), in a stable order. Empty list = valid.

    ``root``: the repository the report describes; then every cited ``path:line`` is checked
    against it as well (``verify.py``: the file exists, the line exists and holds what the claim
    names) and so is every Analyst Review judgement."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    tokens = _MD.parse(text)
    lines = text.split("\n")
    sections = _sections(tokens)
    gaps: list[Gap] = []
    found = _check_sections(tokens, sections, gaps)
    _check_focus(lines, gaps)
    _check_placeholders(tokens, sections, found, gaps)
    _check_findings(tokens, sections, found, gaps)
    _check_recommendations(tokens, sections, found, gaps)
    total = _check_scorecard(tokens, lines, sections, found, gaps)
    _check_score_mentions(tokens, sections, found, total, gaps)
    _check_summary_table(tokens, found, gaps)
    _check_review_questions(tokens, found, gaps)
    _check_review_listed(tokens, sections, found, gaps)
    _check_summary_follows(tokens, sections, found, text, gaps)
    if root is not None:
        from .verify import verify_evidence

        gaps += verify_evidence(text, root, tokens, lambda line: _section_of(line, sections, found))
    order = {k: n for n, k in enumerate(SECTION_KEYS)}
    return sorted(gaps, key=lambda g: (order.get(g.section, 99), g.line))  # stable: rule order


def validate_file(path: str | Path, root: str | Path | None = None) -> list[Gap]:
    """Read ``path`` as UTF-8 and validate it. Raises OSError/UnicodeDecodeError if unreadable."""
    return validate_report(Path(path).read_text(encoding="utf-8"), root)


def report_facts(text: str) -> dict:
    """What a report states, as data (for graders and tools): focus, sections present, the
    scorecard (None where unreadable), the summary table and the open review questions (None
    when the report has no such section)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    tokens = _MD.parse(text)
    lines = text.split("\n")
    sections = _sections(tokens)
    found = _check_sections(tokens, sections, [])
    focus = None
    for ln in lines:
        if _FOCUS_RE.match(ln):
            focus = re.sub(r"[*_]", "", ln.split(":", 1)[1]).strip()
            break
    scores, total, _ = _read_scorecard(tokens, lines, sections, found)
    _, rows, (_, c_status, c_prio) = _read_summary(tokens, found)
    rsec, ritems = _read_review_questions(tokens, found)
    review = None if rsec is None else [" ".join(i.text.split()) for i in ritems]
    summary = {}
    for area, got in rows.items():
        r = got[0][1]
        st = re.findall(r"\b(PASS|WARN|FAIL)\b", (r[c_status] if c_status < len(r) else "").upper())
        pr = re.findall(r"\bP[1-4]\b", (r[c_prio] if c_prio < len(r) else "").upper())
        summary[area] = {
            "status": st[0] if len(set(st)) == 1 else None,
            "priority": pr[0] if len(set(pr)) == 1 else None,
        }
    return {
        "focus": focus,
        "sections": {k: found[k].title for k in REQUIRED_SECTIONS if k in found},
        "dimensions": {d: scores[d][0][0] if d in scores else None for d in DIMENSIONS},
        "total": total[0] if total else None,
        "summary": summary,
        "review_questions": review,
    }


def section_text(text: str, key: str) -> str | None:
    """The plain text of one section (``key`` from :data:`REQUIRED_SECTIONS`, ``summary-table``,
    ``data-gaps`` or ``review-questions``), subsections included; None when the section is absent."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    tokens = _MD.parse(text)
    found = _check_sections(tokens, _sections(tokens), [])
    sec = found.get(key)
    if sec is None:
        return None
    return _block_text(tokens, sec.start, sec.end)[1]


def sections_with_gaps(gaps: Iterable[Gap]) -> list[str]:
    """The section keys that need another look, in report order (for expanded discovery)."""
    keys = {g.section for g in gaps}
    return [k for k in SECTION_KEYS if k in keys]
