"""docs/rules.md, generated from the registry so the reference never drifts from the rules.

usage: python -m experiment_tracking.rules.docgen > docs/rules.md
"""

from __future__ import annotations

import re
import sys

from .registry import PHASES, all_rules

HEADER = """# Rule reference

Generated from the rule registry (`python -m experiment_tracking.rules.docgen > docs/rules.md`): each
rule's `@rule(...)` doc in `experiment_tracking/rules/phaseN_*.py` is the source of truth, and
`experiment-tracking describe ETnnn` prints the same text. Summary areas and checklist items come from
`experiment_tracking/scoring.py`; the scorecard levels that read a rule's finding come from
`experiment_tracking/rubric.py` (see docs/scoring.md).

Statuses: **PASS** (evidence that the practice is in place), **WARN** (partly in place, or a weaker
substitute), **FAIL** (absent where it matters), **REVIEW** (the evidence cannot decide; the finding
carries the question that would). A rule that does not apply emits nothing. Every finding cites
`path:line` (or `notebook cell N line M`) evidence, or states the absence and what was searched.
"""


def rubric_dimensions() -> dict[str, list[str]]:
    """Rule id -> scorecard dimensions whose level function reads that rule's finding."""
    import inspect

    from .. import rubric
    from ..scoring import LABELS

    out: dict[str, list[str]] = {}
    for name, fn in rubric.LEVELS.items():
        for rid in sorted(set(re.findall(r'"(ET\d{3})"', inspect.getsource(fn)))):
            out.setdefault(rid, []).append(LABELS[name])
    return out


def render() -> str:
    from ..scoring import AREA_OF, RULE_CHECKLISTS

    dims = rubric_dimensions()
    rules = all_rules()
    lines = [
        HEADER,
        "| ID | Name | Phase | Title | Summary area | Scorecard dimension | Checklists |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rules:
        lines.append(
            f"| {r.id} | `{r.name}` | {r.phase} | {r.title} | {AREA_OF.get(r.id, '-')} | "
            f"{', '.join(dims.get(r.id, [])) or '-'} | {'; '.join(RULE_CHECKLISTS.get(r.id, [])) or '-'} |"
        )
    current = None
    for r in rules:
        phase = r.phase.split(".", 1)[0]
        if phase != current:
            current = phase
            lines += ["", f"## Phase {phase}: {PHASES.get(phase, '')}"]
        lines += [
            "",
            f"### {r.id} `{r.name}` (step {r.phase})",
            "",
            f"**{r.title}**",
            "",
            f"**What it checks.** {r.what}",
            "",
            f"**Why it matters.** {r.why}",
            "",
            "**Example of the problem**",
            "",
            r.example,
            "",
            "**Fix**",
            "",
            r.fix,
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
