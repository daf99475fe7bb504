"""`experiment-tracking diff OLD.json NEW.json`: the change in scores and findings as Markdown."""

from __future__ import annotations

HELP = "Compare two `audit --format json` documents: scores and findings that changed, as Markdown"


def add_arguments(p) -> None:
    p.add_argument("old", metavar="OLD.json", help="the earlier audit (e.g. of the base branch)")
    p.add_argument("new", metavar="NEW.json", help="the later audit (e.g. of the pull request)")
    p.add_argument("-o", "--output", default=None, metavar="FILE", help="write the Markdown to FILE")
    p.add_argument("--json", action="store_true", help="print the comparison as JSON instead")
    p.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when NEW is worse than OLD (a score dropped, a finding new or worse)",
    )


def run(args) -> int:
    import json

    from ..baseline import BaselineError, compare, diff_markdown, load
    from ..cli import UsageError

    try:
        old, new = load(args.old), load(args.new)
    except BaselineError as exc:
        raise UsageError(str(exc)) from None
    comparison = compare(old, new)
    text = (
        json.dumps(comparison.to_dict(), indent=2) + "\n"
        if args.json
        else diff_markdown(old, new, comparison)
    )
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    else:
        import sys

        sys.stdout.write(text)
    return 1 if args.check and comparison.regressed else 0
