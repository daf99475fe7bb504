"""The facts of the seed's console block, read back from a report as it now stands.

``audit`` prints the block from its own result; after the agent's judgements and a re-run the
report is the source of truth, so ``summary`` reads the same facts from the Markdown: the
scorecard, the Executive Summary's tool, experiment and gap lines, the open review questions
and the summary table.
"""

from __future__ import annotations

import re

_LINE_RES = {
    "tools": re.compile(r"tracking tools identified\W*:\s*(.+)", re.I),
    "experiments": re.compile(r"experiments cataloged\W*:\s*(.+)", re.I),
    "gaps": re.compile(r"reproducibility gaps\W*:\s*\**(\d+)", re.I),
}


def report_block_facts(text: str, report_path: str) -> dict:
    """The dict :func:`report.console.format_block` prints, from a report's text."""
    from .validate import DIMENSIONS, SUMMARY_AREAS, report_facts, section_text

    facts = report_facts(text)
    summary_text = section_text(text, "executive-summary") or ""
    found: dict[str, str] = {}
    for raw in text.split("\n"):
        line = re.sub(r"^[\s>*+-]*", "", raw).replace("**", "")
        for key, rx in _LINE_RES.items():
            m = rx.match(line)
            if m and key not in found and (not summary_text or m.group(1)[:20] in summary_text):
                found[key] = m.group(1).strip()
    dims = [(d, facts["dimensions"].get(d)) for d in DIMENSIONS]
    scored = [(d, s) for d, s in dims if s is not None]
    weakest = min(scored, key=lambda x: x[1]) if len(scored) == len(DIMENSIONS) else None
    review = facts.get("review_questions") or []
    return {
        "report": report_path,
        "total": facts["total"],
        "weakest": weakest,
        "dimensions": scored,
        "tools": found.get("tools", "?"),
        "experiments": found.get("experiments", "?"),
        "gaps": int(found["gaps"]) if "gaps" in found else "?",
        "open_questions": len([q for q in review if "?" in q]),
        "summary": [
            (area, facts["summary"][area]["status"], facts["summary"][area]["priority"])
            for area in SUMMARY_AREAS
            if area in facts["summary"]
        ],
    }
