"""`experiment-tracking summary [REPORT]`: the seed's console block from the report as it now stands."""

from __future__ import annotations

import argparse

HELP = "print the completion block (score bars, summary table, NEXT STEPS) read from a report"
DEFAULT_REPORT = "docs/experiment-tracking-analysis.md"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "report",
        nargs="?",
        default=DEFAULT_REPORT,
        help=f"the Markdown report (default: {DEFAULT_REPORT})",
    )


def run(args: argparse.Namespace) -> int:
    import sys

    from ..cli import UsageError
    from ..report.console import format_block
    from ..report_summary import report_block_facts

    try:
        with open(args.report, encoding="utf-8", errors="replace") as fh:
            text = fh.read(8 * 1024 * 1024)
    except OSError as exc:
        raise UsageError(f"cannot read {args.report}: {exc.strerror or exc}") from None
    facts = report_block_facts(text, args.report)
    if facts["total"] is None and not facts["summary"]:
        raise UsageError(f"{args.report}: no scorecard or summary table to summarise (is it a report?)")
    sys.stdout.write(format_block(facts))
    return 0
