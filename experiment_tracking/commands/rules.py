"""`experiment-tracking rules`: list every rule with its ID, phase and title."""

from __future__ import annotations

HELP = "List the audit rules (ID, phase, name, title)"


def add_arguments(p) -> None:
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--phase", default=None, help="only rules of this phase (1-6)")


def run(args) -> int:
    import json
    import sys

    from ..rules.registry import all_rules

    rules = [r for r in all_rules() if not args.phase or r.phase.split(".")[0] == args.phase]
    if args.json:
        json.dump(
            [{"id": r.id, "name": r.name, "phase": r.phase, "title": r.title} for r in rules],
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
        return 0
    for r in rules:
        sys.stdout.write(f"{r.id}  {r.phase:<4} {r.name:<34} {r.title}\n")
    return 0
