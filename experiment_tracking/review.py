"""Open review questions: what the static analysis could not decide, and the question that settles it.

Two sources, one list:

- every finding whose status is ``REVIEW`` (its ``question``; the message when it has none);
- every scorecard dimension whose ``review`` is set (an answer that could change its level),
  listed under the rule id ``score:<dimension name>``.

Each question carries ``points``: how much its answer could move the score. Findings count 0
and dimensions 1 until the scoring stage says more; :func:`finding_points` and
:func:`dimension_points` are the places to refine that. Ordered by points (highest first),
then rule id, then question text, so every renderer shows the same list.

Public API::

    review_questions(result) -> list[ReviewQuestion]
    ReviewQuestion.to_dict() -> {"rule_id", "title", "question", "evidence", "points"}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import REVIEW, Evidence

DIMENSION_PREFIX = "score:"
FINDING_POINTS = 0
DIMENSION_POINTS = 1

# `path:line` cited in a question's code spans ("`train.py:88` writes ..."), read as evidence.
_CITED_RE = re.compile(r"`([^`\s:]+):(\d+)`")


@dataclass(frozen=True)
class ReviewQuestion:
    rule_id: str  # "ET310" for a finding, "score:<dimension name>" for a scorecard dimension
    title: str
    question: str
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    points: int = 0

    def to_dict(self) -> dict:
        return {
            "rule_id": self.rule_id,
            "title": self.title,
            "question": self.question,
            "evidence": [e.to_dict() for e in self.evidence],
            "points": self.points,
        }


def finding_points(result, finding) -> int:
    """Points a REVIEW finding's answer could move the score (none until the scorecard says)."""
    return FINDING_POINTS


def dimension_points(result, dimension) -> int:
    """Points a dimension's open question could move its level."""
    return getattr(dimension, "review_points", 0) or DIMENSION_POINTS


def cited_evidence(text: str) -> tuple[Evidence, ...]:
    """The ``path:line`` places a question cites in code spans, in order, each once."""
    seen: dict[tuple[str, int], Evidence] = {}
    for path, line in _CITED_RE.findall(text or ""):
        seen.setdefault((path, int(line)), Evidence(path, int(line)))
    return tuple(seen.values())


def review_questions(result) -> list[ReviewQuestion]:
    """Every open question of an audit: REVIEW findings and dimensions with a ``review``."""
    out: list[ReviewQuestion] = []
    for f in result.findings:
        if f.status != REVIEW:
            continue
        question = (f.question or f.message or f.title).strip()
        evidence = tuple(f.evidence) or cited_evidence(question)
        out.append(ReviewQuestion(f.rule_id, f.title, question, evidence, finding_points(result, f)))
    sc = result.scorecard
    for dim in getattr(sc, "dimensions", None) or ():
        question = (getattr(dim, "review", "") or "").strip()
        if not question:
            continue
        title = getattr(dim, "label", "") or dim.name
        out.append(
            ReviewQuestion(
                DIMENSION_PREFIX + dim.name,
                title,
                question,
                cited_evidence(question),
                dimension_points(result, dim),
            )
        )
    return sorted(out, key=lambda q: (-q.points, q.rule_id, q.question))


# The seed phase each scorecard dimension is assessed in (for ordering questions by a focus).
DIMENSION_PHASE = {
    "code_versioning": "4",
    "data_versioning": "1",
    "environment_capture": "4",
    "parameter_logging": "2",
    "result_persistence": "3",
    "documentation": "6",
}


def question_phase(result, q: ReviewQuestion) -> str:
    if q.rule_id.startswith(DIMENSION_PREFIX):
        return DIMENSION_PHASE.get(q.rule_id[len(DIMENSION_PREFIX) :], "")
    for f in result.findings:
        if f.rule_id == q.rule_id:
            return f.phase.split(".")[0]
    return ""


def focus_first(result, questions: list[ReviewQuestion]) -> list[ReviewQuestion]:
    """The questions of the focused phases first (a phase focus), otherwise unchanged."""
    from .focus import phase_numbers

    phases = phase_numbers(result.ctx.focus)
    if not phases:
        return list(questions)
    return sorted(questions, key=lambda q: question_phase(result, q) not in phases)
