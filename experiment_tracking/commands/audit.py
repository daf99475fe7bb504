"""`experiment-tracking audit`: the whole audit, the Markdown report and the console summary."""

from __future__ import annotations

HELP = "Audit a repository and write docs/experiment-tracking-analysis.md with the 0-30 scorecard"
DEFAULT_REPORT = "docs/experiment-tracking-analysis.md"


def _focus_words() -> str:
    from ..focus import vocabulary

    return vocabulary().replace("%", "%%")


def add_arguments(p) -> None:
    p.add_argument("path", nargs="?", default=".", help="repository to audit (default: current directory)")
    p.add_argument(
        "-o",
        "--output",
        default=None,
        metavar="FILE",
        help=f"where to write the report (default: PATH/{DEFAULT_REPORT}; '-' for stdout). A relative "
        "FILE here and in --json-file/--sarif-file is taken from PATH, the audited repository",
    )
    p.add_argument(
        "--format",
        choices=("markdown", "json", "sarif"),
        default="markdown",
        help="markdown: write the report and print the summary block; json/sarif: print that "
        "document (to --output if given) instead",
    )
    p.add_argument(
        "--focus",
        action="append",
        default=[],
        metavar="WORDS",
        help="limit to subtrees, tools or phases (repeatable), e.g. --focus src/ --focus mlflow, "
        "--focus 'training pipeline'. Accepted: " + _focus_words(),
    )
    p.add_argument("--jobs", type=int, default=None, help="worker processes for large trees (default: cores)")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="parse every file afresh and store nothing (the content cache lives in "
        "$EXPERIMENT_TRACKING_CACHE_DIR, else ~/.cache/experiment-tracking)",
    )
    p.add_argument(
        "--ignore-review",
        action="store_true",
        help="do not apply the Analyst Review block of the existing report (it is kept as it is); "
        "use it to audit a repository whose committed report you do not trust",
    )
    p.add_argument(
        "--telemetry",
        action="store_true",
        help="append the skill's telemetry entry to the project's Claude Code memory dir (if it exists)",
    )
    gate = p.add_argument_group(
        "CI gate",
        "exit status 1 when the gate fails (0 = passed, 2 = usage or project-config error, 3 = internal "
        "error); defaults come from [tool.experiment-tracking] in the audited repo's pyproject.toml",
    )
    gate.add_argument(
        "--fail-under",
        type=int,
        default=None,
        metavar="N",
        help="fail when the total score (0-30) is below N",
    )
    gate.add_argument(
        "--fail-on",
        choices=("fail", "warn"),
        default=None,
        help="fail when any finding is FAIL ('fail') or WARN/FAIL ('warn')",
    )
    gate.add_argument(
        "--profile",
        choices=("research", "production"),
        default=None,
        help="which areas are P1: research (parameters, data, linkage, environment) or production (also "
        "registry and pipelines)",
    )
    from . import audit_options

    audit_options.add_arguments(p)


def run(args) -> int:
    from ..index.build import paused_gc

    # The collector stays paused until the audit's objects are freed (when _run returns): turned
    # on while they are alive, its first pass would walk millions of index objects (~0.5 s on the
    # 5,000-module tree) to find no garbage.
    with paused_gc():
        return _run(args)


def _run(args) -> int:
    import os

    from ..audit import AuditError, audit_with_validation, check_root
    from ..cli import UsageError
    from ..focus import FocusError, parse_focus

    try:
        root = check_root(args.path)
        focus = parse_focus(root, args.focus)
    except (AuditError, FocusError) as exc:
        raise UsageError(str(exc)) from None
    from .. import project_config

    try:
        cfg = project_config.load(root)
    except project_config.ProjectConfigError as exc:
        raise UsageError(str(exc)) from None
    from . import audit_options

    server = audit_options.server_request(args)
    baseline = audit_options.load_baseline(args)
    # With a baseline only what got worse fails; the file's absolute gate would fail every old gap.
    file_cfg = cfg if baseline is None else None
    fail_under = (
        args.fail_under if args.fail_under is not None else (file_cfg.fail_under if file_cfg else None)
    )
    fail_on = args.fail_on or (file_cfg.fail_on if file_cfg else None)
    if fail_under is not None and not 0 <= fail_under <= 30:
        raise UsageError("--fail-under must be between 0 and 30")
    if args.format == "markdown" and not args.output and not getattr(args, "no_report", False):
        _check_default_target(root)  # refuse before auditing, not after
    exclude = {DEFAULT_REPORT}
    # This tool's own documents (reports, JSON/SARIF, a baseline kept in the tree) are never evidence.
    for target in (args.output, args.json_file, args.sarif_file):
        if target and target != "-":
            out = os.path.realpath(target if os.path.isabs(target) else os.path.join(root, target))
            if out.startswith(str(root) + os.sep):
                exclude.add(os.path.relpath(out, root).replace(os.sep, "/"))
    if args.baseline:
        out = os.path.realpath(args.baseline)
        if out.startswith(str(root) + os.sep):
            exclude.add(os.path.relpath(out, root).replace(os.sep, "/"))
    review = _previous_review(args, root)
    if review is not None and args.ignore_review:
        review.ignored = True
    from ..progress import Progress

    progress = Progress(enabled=False) if args.quiet else Progress()
    try:
        result, text = audit_with_validation(
            root,
            focus,
            jobs=args.jobs,
            config=cfg,
            profile=args.profile,
            exclude=tuple(sorted(exclude)),
            cache=not args.no_cache,
            server=server,
            progress=progress,
            review=review,
        )
    finally:
        progress.close()
    status = _gate(result, fail_under, fail_on, args.quiet)
    if baseline is not None:
        from ..baseline import baseline_gate

        status = max(status, baseline_gate(baseline, result, args.quiet))
    audit_options.write_extras(args, result, root, baseline, _reasons(result, fail_under, fail_on))
    code, written = _output(args, result, root, text)
    if args.telemetry:
        _telemetry(result, root, written, text)
    return code or status


MAX_PREVIOUS_REPORT = 8 * 1024 * 1024


def _previous_review(args, root):
    """The Analyst Review block of the report this run replaces (the -o file, else the default
    report; JSON and SARIF runs read the default report), read before anything is rewritten."""
    import os

    from ..judgements import read_review

    target = args.output if args.format == "markdown" and args.output else DEFAULT_REPORT
    if target == "-":
        return None
    import stat

    path = target if os.path.isabs(target) else os.path.join(root, target)
    try:
        # Only a regular file holds a previous report: a FIFO or device (-o /dev/stdout) would
        # block or consume input if opened for reading.
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        real, top = os.path.realpath(path), os.path.realpath(root)
        if target == DEFAULT_REPORT and not real.startswith(top + os.sep):
            return None  # the default path led out of the repository: not this repository's report
        with open(path, "rb") as fh:
            data = fh.read(MAX_PREVIOUS_REPORT + 1)
    except OSError:
        return None  # no report yet (or unreadable): nothing to carry over
    if len(data) > MAX_PREVIOUS_REPORT:
        data = data[:MAX_PREVIOUS_REPORT]
    return read_review(data.decode("utf-8", "replace"))


def _telemetry(result, root, written: bool, text: str) -> None:
    """The seed's telemetry entry, appended only where the project has a Claude Code memory dir.
    SUCCESS only when the report validates with its evidence verified and no question is open."""
    from ..telemetry import record, report_review

    v = result.validation
    gaps = v.get("gaps") or []
    bottleneck = gaps[0]["section"] if gaps else "none"
    suggestion = (
        f"close '{gaps[0]['code']}' in {gaps[0]['section']}: {gaps[0].get('hint') or gaps[0]['message']}"[
            :200
        ]
        if gaps
        else "none"
    )
    healed = f"yes — {v['healed']}" if v.get("self_healed") else "no"
    check = report_review(text, root)
    record(
        check.outcome(written),
        healed,
        v.get("iterations", 0),
        2,
        bottleneck,
        suggestion,
        project=root,
        check=check,
    )


def _reasons(result, fail_under, fail_on) -> list[str]:
    from ..project_config import gate

    return gate(result, fail_under, fail_on)


def _gate(result, fail_under, fail_on, quiet) -> int:
    import sys

    from ..project_config import gate

    reasons = gate(result, fail_under, fail_on)
    if reasons and not quiet:
        for r in reasons:
            print(f"experiment-tracking: gate failed: {r}", file=sys.stderr)
    return 1 if reasons else 0


def _output(args, result, root, text: str) -> tuple[int, bool]:
    """Write what was asked for; returns (exit code, whether a report/document was produced)."""
    import sys

    if args.format == "json":
        import json

        from ..audit import audit_dict

        _emit(args.output, json.dumps(audit_dict(result), indent=2) + "\n", root)
        return 0, True
    if args.format == "sarif":
        from ..report.sarif import render_sarif

        _emit(args.output, render_sarif(result), root)
        return 0, True

    from ..report.console import completion_block, review_console
    from ..review import focus_first, review_questions

    target = args.output or DEFAULT_REPORT
    if target == "-":
        sys.stdout.write(text)
        return 0, True
    if getattr(args, "no_report", False) and not args.output:
        if not args.quiet:
            sys.stdout.write(review_console(focus_first(result, review_questions(result))))
            sys.stdout.write(_applied_line(result))
            sys.stdout.write(completion_block(result, "(not written: --no-report)"))
        return 0, False
    written = _write_report(root, target, text, contained=not args.output)
    if not args.quiet:
        sys.stdout.write(review_console(focus_first(result, review_questions(result))))
        sys.stdout.write(_applied_line(result))
        sys.stdout.write(completion_block(result, written))
    return 0, True


def _applied_line(result) -> str:
    """Judgements taken from the existing report change the result: say so, every time (a
    repository can ship a report whose block it wrote itself)."""
    block = result.review
    if block is None or not block.present:
        return ""
    if block.ignored:
        return "Analyst Review: not applied (--ignore-review); the block is kept in the report\n\n"
    if block.error:
        return (
            f"Analyst Review: the block could not be read ({block.error}); kept verbatim, nothing applied\n\n"
        )
    c = block.counts()
    more = ", ".join(f"{c[k]} {k}" for k in ("stale", "unmatched", "invalid") if c[k])
    return (
        f"Analyst Review: {c['applied']} judgement(s) applied from the existing report"
        + (f" ({more})" if more else "")
        + " — --ignore-review audits without them\n\n"
    )


def _emit(output, text: str, root) -> None:
    import sys

    if output in (None, "-"):
        sys.stdout.write(text)
    else:
        _write_report(root, output, text)


def _check_default_target(root) -> None:
    from ..cli import UsageError
    from ..report.write import WriteRefused, check_contained

    try:
        check_contained(root, DEFAULT_REPORT)
    except WriteRefused as exc:
        raise UsageError(str(exc)) from None


def _write_report(root, target: str, text: str, contained: bool = False) -> str:
    """Write atomically; a relative target is relative to the audited repository. ``contained``:
    the default path, which must not leave the repository through a symlink."""
    import os

    from ..cli import UsageError
    from ..report.write import WriteRefused, write_report

    if contained:
        _check_default_target(root)
    path = target if os.path.isabs(target) else os.path.join(root, target)
    try:
        write_report(path, text)
    except WriteRefused as exc:
        raise UsageError(str(exc)) from None
    rel = os.path.relpath(path, root)
    return rel.replace(os.sep, "/") if not rel.startswith("..") else path
