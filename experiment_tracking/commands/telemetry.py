"""`experiment-tracking telemetry append|parse`: the /evolve telemetry entry."""

from __future__ import annotations

import argparse

HELP = "append a telemetry entry to the project's Claude Code memory, or parse entries back"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    sub.required = True
    a = sub.add_parser(
        "append",
        help="append one entry to <memory dir>/skill-telemetry.md (silently skipped, exit 0, "
        "when the project has no memory directory)",
    )
    a.add_argument(
        "--outcome",
        type=str.upper,
        choices=["SUCCESS", "PARTIAL", "FAILED"],
        default=None,
        help="required without --report; with --report it is computed, and SUCCESS is lowered to "
        "PARTIAL unless the report validates with evidence verification and every review question "
        "is answered",
    )
    a.add_argument(
        "--report",
        metavar="REPORT",
        default=None,
        help="the final report: records review questions asked/answered, overrides, added findings "
        "and whether its evidence was verified (validate --root)",
    )
    a.add_argument(
        "--root",
        metavar="REPO",
        default=None,
        help="the repository the report describes, for evidence verification (default: --project, "
        "else the current directory)",
    )
    a.add_argument(
        "--self-healed",
        default="no",
        metavar="TEXT",
        help="'no', or what was healed ('yes — re-scanned notebooks'); default: no",
    )
    a.add_argument("--iterations", type=int, default=0, metavar="N", help="iterations used")
    a.add_argument("--max-iterations", type=int, default=2, metavar="N", help="default: 2")
    a.add_argument("--bottleneck", default="none", help="phase that struggled, or 'none'")
    a.add_argument("--suggestion", default="none", help="one-line idea for /evolve, or 'none'")
    a.add_argument(
        "--project",
        metavar="DIR",
        help="project whose memory directory to use (default: the current directory's repo)",
    )
    a.add_argument("--date", metavar="YYYY-MM-DD", help="entry date (default: today)")
    a.add_argument("--dry-run", action="store_true", help="print the entry and where it would go")
    p = sub.add_parser("parse", help="read entries back from a skill-telemetry.md file")
    p.add_argument("file", help="a skill-telemetry.md file")
    p.add_argument("--json", action="store_true", help="print a JSON list of entries")
    p.add_argument("--all-skills", action="store_true", help="include other skills' entries")


def run(args: argparse.Namespace) -> int:
    if args.action == "append":
        return _append(args)
    return _parse(args)


def _append(args: argparse.Namespace) -> int:
    import os

    from ..cli import EXIT_OK, UsageError
    from ..telemetry import append_entry, find_memory_dir, format_entry

    if args.project is not None and not os.path.isdir(args.project):
        raise UsageError(f"--project {args.project}: not a directory")
    check, outcome = None, args.outcome
    if args.report is not None:
        check, outcome = _check_report(args)
    elif outcome is None:
        raise UsageError("--outcome is required (or give --report to compute it)")
    try:
        entry = format_entry(
            outcome,
            args.self_healed,
            args.iterations,
            args.max_iterations,
            args.bottleneck,
            args.suggestion,
            args.date,
            check=check,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    mem = find_memory_dir(args.project)
    if args.dry_run:
        where = mem / "skill-telemetry.md" if mem else "nowhere (no project memory directory)"
        print(f"would append to {where}:\n\n{entry}", end="")
        return EXIT_OK
    if mem is None:
        return EXIT_OK  # the seed: only log if the memory directory exists, skip silently
    path = append_entry(entry, mem)
    print(f"telemetry: appended to {path}")
    return EXIT_OK


def _check_report(args: argparse.Namespace):
    """(ReportCheck, outcome): the outcome the report earns, never better than the one asked for."""
    import os
    import sys

    from ..cli import UsageError
    from ..telemetry import OUTCOMES, report_review

    root = args.root or args.project or "."
    if not os.path.isdir(root):
        raise UsageError(f"--root {root}: not a directory")
    try:
        with open(args.report, encoding="utf-8", errors="replace") as fh:
            text = fh.read(8 * 1024 * 1024)
    except OSError:
        check = None
        earned = "FAILED"
    else:
        check = report_review(text, root)
        earned = check.outcome()
    asked = args.outcome or earned
    outcome = max(asked, earned, key=OUTCOMES.index)  # the worse of the two
    if outcome != asked:
        why = check.why_not_success() if check is not None else f"cannot read {args.report}"
        print(f"telemetry: outcome {asked} lowered to {outcome}: {why}", file=sys.stderr)
    return check, outcome


def _parse(args: argparse.Namespace) -> int:
    import json

    from ..cli import EXIT_OK, UsageError
    from ..telemetry import SKILL, parse_entries

    try:
        with open(args.file, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    entries = parse_entries(text, None if args.all_skills else SKILL)
    if args.json:
        print(json.dumps(entries, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not entries:
        print(f"{args.file}: no entries")
    for e in entries:
        it = "?" if e["iterations"] is None else e["iterations"]
        mx = "?" if e["max_iterations"] is None else e["max_iterations"]
        healed = {True: "healed", False: "not healed", None: "healed?"}[e["self_healed"]]
        print(
            f"{e['date'] or e['date_raw'] or '?'}  /{e['skill']}  {e['outcome'] or '?'}  "
            f"{healed}  {it}/{mx}  bottleneck: {e['bottleneck'] or '?'}"
        )
        for p in e["problems"]:
            print(f"    problem: {p}")
    return EXIT_OK
