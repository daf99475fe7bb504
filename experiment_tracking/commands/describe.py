"""`experiment-tracking describe ET101`: one rule's documentation page."""

from __future__ import annotations

HELP = "Show a rule's documentation: what it does, why it matters, example, fix"


def add_arguments(p) -> None:
    p.add_argument(
        "rule_id", metavar="RULE", help="rule ID (e.g. ET101) or name (e.g. no-experiment-tracker)"
    )


def run(args) -> int:
    import sys

    from ..cli import UsageError
    from ..rules.registry import all_rules, get_rule

    r = get_rule(args.rule_id)
    if r is None:
        r = next((x for x in all_rules() if x.name == args.rule_id.lower()), None)
    if r is None:
        raise UsageError(f"unknown rule {args.rule_id!r}; `experiment-tracking rules` lists them")
    sys.stdout.write(r.doc())
    return 0
