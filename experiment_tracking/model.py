"""The vocabulary every stage speaks: plain, picklable values, each with a stable JSON form.

Stages pass these forward only (inventory -> index -> detections -> runs -> findings ->
scorecard -> renderers); nothing here reads files.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

SCHEMA_VERSION = "1.1"
# First line after the title of every report this tool writes; how a later audit recognises one.
REPORT_MARKER = "<!-- generated-by: experiment-tracking"

# Usage levels, strongest first. Only USED and CONFIGURED mean "the tool is present".
USED = "used"
CONFIGURED = "configured"
DECLARED = "declared"
MENTIONED = "mentioned"
USAGE_ORDER = (USED, CONFIGURED, DECLARED, MENTIONED)
PRESENT_USAGE = frozenset({USED, CONFIGURED})

# Scopes: where the evidence lives. "core" beats the others when a tool appears in several.
CORE = "core"
OPTIONAL = "optional"
EXAMPLE = "example"
TEST = "test"
SCOPE_ORDER = (CORE, OPTIONAL, EXAMPLE, TEST)

PASS, WARN, FAIL = "PASS", "WARN", "FAIL"
# A finding the static analysis cannot decide: it carries the one question that settles it.
REVIEW = "REVIEW"
FINDING_STATUSES = (PASS, WARN, FAIL, REVIEW)


@dataclass(frozen=True, order=True)
class Evidence:
    """A place that proves something: a repo-relative POSIX path, a 1-based line (0 = whole file)."""

    path: str
    line: int = 0
    detail: str = ""
    cell: int = 0  # 1-based notebook cell; line is then the line inside that cell

    def where(self) -> str:
        if self.cell:
            return f"{self.path} cell {self.cell} line {self.line}"
        return f"{self.path}:{self.line}" if self.line else self.path

    def to_dict(self) -> dict:
        d = {"path": self.path, "line": self.line, "detail": self.detail}
        if self.cell:
            d["cell"] = self.cell
        return d


@dataclass
class Detection:
    """One tool or practice found in the repository, with how it was found."""

    tool: str
    category: str
    usage: str
    scope: str
    evidence: list[Evidence] = field(default_factory=list)
    label: str = ""

    @property
    def present(self) -> bool:
        return self.usage in PRESENT_USAGE

    def to_dict(self) -> dict:
        return {
            "tool": self.tool,
            "category": self.category,
            "usage": self.usage,
            "scope": self.scope,
            "label": self.label or self.tool,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass
class Run:
    """One run read from a tracking store on disk, the same shape for every store."""

    store: str
    run_id: str
    path: str
    experiment: str = ""
    name: str = ""
    status: str = "unknown"  # finished | failed | killed | running | crashed | unknown
    start_time: str | None = None
    end_time: str | None = None
    params: int = 0
    metrics: int = 0
    git_commit: str | None = None
    git_dirty: bool | None = None
    seed: str | None = None
    data_digests: list[str] = field(default_factory=list)
    env_captured: bool = False
    model_artifact: bool = False
    parent_run: str | None = None
    deleted: bool = False
    # Filled by linkage verification: reachable | unreachable | unknown | None (no commit).
    commit_status: str | None = None

    @property
    def recreatable(self) -> bool:
        code = self.git_commit is not None and self.commit_status in ("reachable", "unreachable")
        return bool(code and self.data_digests and self.params and self.env_captured)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["recreatable"] = self.recreatable
        return d


@dataclass
class Finding:
    rule_id: str
    phase: str
    status: str  # PASS | WARN | FAIL | REVIEW
    title: str
    evidence: list[Evidence] = field(default_factory=list)
    recommendation: str = ""
    message: str = ""
    # For REVIEW: the one precise question whose answer decides the finding, e.g.
    # "`train.py:88` writes `c` to `<run_dir>/training_options.json`: is this every run's full
    # configuration?". Empty for decided findings.
    question: str = ""

    def to_dict(self) -> dict:
        return {
            "rule_id": self.rule_id,
            "phase": self.phase,
            "status": self.status,
            "title": self.title,
            "message": self.message,
            "evidence": [e.to_dict() for e in self.evidence],
            "recommendation": self.recommendation,
            "question": self.question,
        }


@dataclass
class DimensionScore:
    name: str
    score: int
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True, order=True)
class Note:
    """Something the audit could not read or decided to skip, shown in the report."""

    kind: str  # e.g. "skipped-large", "parse-error", "unreadable", "symlink-outside"
    path: str
    detail: str = ""

    def to_dict(self) -> dict:
        return {"kind": self.kind, "path": self.path, "detail": self.detail}
