"""`experiment-tracking validate REPORT [--json]`: list the gaps of a report (self-healing)."""

from __future__ import annotations

import argparse

HELP = "check a report for missing sections, evidence, scorecard and summary-table gaps"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("report", help="the Markdown report, e.g. docs/experiment-tracking-analysis.md")
    parser.add_argument("--json", action="store_true", help="print the gaps as JSON")
    parser.add_argument(
        "--root",
        metavar="REPO",
        default=None,
        help="also check the report against the repository it describes: every cited path:line "
        "exists and holds the call, key or name the claim gives; Analyst Review judgements still hold",
    )


def run(args: argparse.Namespace) -> int:
    import json
    import os

    from ..cli import EXIT_GATE, EXIT_OK, UsageError
    from ..validate import gaps_to_json, validate_file

    if args.root is not None and not os.path.isdir(args.root):
        raise UsageError(f"--root {args.root}: not a directory")
    try:
        gaps = validate_file(args.report, args.root)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise UsageError(f"cannot read {args.report}: {reason}") from None
    if args.json:
        print(json.dumps(gaps_to_json(gaps, report=args.report), indent=2, ensure_ascii=False))
    elif not gaps:
        print(f"{args.report}: no gaps")
    else:
        print(f"{args.report}: {len(gaps)} gap{'s' if len(gaps) != 1 else ''}")
        from ..report.escape import console_text

        for g in gaps:  # gaps quote the report, which may quote the repository: clean for the terminal
            print(f"  {console_text(g)}")
            if g.hint:
                print(f"      fix: {console_text(g.hint)}")
        if any(g.iteration for g in gaps):
            print("  (gaps marked by their code as needing re-analysis take a self-healing iteration)")
    return EXIT_GATE if gaps else EXIT_OK
