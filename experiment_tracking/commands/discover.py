"""`experiment-tracking discover`: Phase 1 only, for the skill and for scripts."""

from __future__ import annotations

HELP = "Phase 1 discovery: which tracking, search, pipeline and data tools are used, with evidence"


def _focus_words() -> str:
    from ..focus import vocabulary

    return vocabulary().replace("%", "%%")


def add_arguments(p) -> None:
    p.add_argument("path", nargs="?", default=".", help="repository to scan (default: current directory)")
    p.add_argument("--json", action="store_true", help="print JSON (the documented discovery schema)")
    p.add_argument(
        "--focus",
        action="append",
        default=[],
        metavar="WORDS",
        help="limit to subtrees, tools or phases (repeatable), e.g. --focus src/ --focus mlflow. "
        "Accepted: " + _focus_words(),
    )
    p.add_argument("--all", action="store_true", help="also list declared-only and mentioned tools")
    p.add_argument("--jobs", type=int, default=None, help="worker processes for large trees")
    p.add_argument("--no-cache", action="store_true", help="parse every file afresh (see `audit --help`)")


def run(args) -> int:
    import json
    import sys

    from ..audit import AuditError, discover, discovery_dict
    from ..cli import UsageError
    from ..focus import FocusError, parse_focus

    try:
        from ..audit import check_root

        root = check_root(args.path)
        focus = parse_focus(root, args.focus)
        ctx, _ = discover(root, focus, jobs=args.jobs, cache=not args.no_cache)
    except (AuditError, FocusError) as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        json.dump(discovery_dict(ctx), sys.stdout, indent=2, sort_keys=False)
        sys.stdout.write("\n")
        return 0
    from ..report.console import discovery_text

    sys.stdout.write(discovery_text(ctx, show_all=args.all))
    return 0
