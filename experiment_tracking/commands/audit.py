"""`experiment-tracking audit`: the whole audit, the Markdown report and the console summary."""

from __future__ import annotations

HELP = "Audit a repository and write docs/experiment-tracking-analysis.md with the 0-30 scorecard"
DEFAULT_REPORT = "docs/experiment-tracking-analysis.md"


def add_arguments(p) -> None:
    p.add_argument("path", nargs="?", default=".", help="repository to audit (default: current directory)")
    p.add_argument(
        "-o",
        "--output",
        default=None,
        metavar="FILE",
        help=f"where to write the report (default: PATH/{DEFAULT_REPORT}; '-' for stdout)",
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
        help="limit to subtrees, tools or phases (repeatable), e.g. --focus src/ --focus mlflow",
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


def run(args) -> int:
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
    fail_under = args.fail_under if args.fail_under is not None else (cfg.fail_under if cfg else None)
    fail_on = args.fail_on or (cfg.fail_on if cfg else None)
    if fail_under is not None and not 0 <= fail_under <= 30:
        raise UsageError("--fail-under must be between 0 and 30")
    exclude = {DEFAULT_REPORT}
    if args.output and args.output != "-":
        out = os.path.realpath(args.output if os.path.isabs(args.output) else os.path.join(root, args.output))
        if out.startswith(str(root) + os.sep):
            exclude.add(os.path.relpath(out, root).replace(os.sep, "/"))
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
            progress=progress,
        )
    finally:
        progress.close()
    status = _gate(result, fail_under, fail_on, args.quiet)
    code, written = _output(args, result, root, text)
    if args.telemetry:
        _telemetry(result, root, written)
    return code or status


def _telemetry(result, root, written: bool) -> None:
    """The seed's telemetry entry, appended only where the project has a Claude Code memory dir."""
    from ..telemetry import outcome_for, record

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
    record(
        outcome_for(written, len(gaps)),
        healed,
        v.get("iterations", 0),
        2,
        bottleneck,
        suggestion,
        project=root,
    )


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

    from ..report.console import completion_block

    target = args.output or DEFAULT_REPORT
    if target == "-":
        sys.stdout.write(text)
        return 0, True
    written = _write_report(root, target, text)
    if not args.quiet:
        sys.stdout.write(completion_block(result, written))
    return 0, True


def _emit(output, text: str, root) -> None:
    import sys

    if output in (None, "-"):
        sys.stdout.write(text)
    else:
        _write_report(root, output, text)


def _write_report(root, target: str, text: str) -> str:
    """Write atomically; a relative target is relative to the audited repository."""
    import os
    import stat

    from ..cli import UsageError

    path = target if os.path.isabs(target) else os.path.join(root, target)
    folder = os.path.dirname(path) or "."
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        mode = os.stat(path).st_mode if os.path.exists(path) else None
        if mode is not None and stat.S_ISDIR(mode):
            raise UsageError(f"cannot write report {path}: it is a directory")
        if mode is not None and not stat.S_ISREG(mode):
            # -o /dev/null or a FIFO: write into it; renaming over it would replace the device itself.
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            os.makedirs(folder, exist_ok=True)
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
    except OSError as exc:
        raise UsageError(f"cannot write report {path}: {exc.strerror or exc}") from None
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)  # never leave a half-written temporary file behind
    rel = os.path.relpath(path, root)
    return rel.replace(os.sep, "/") if not rel.startswith("..") else path
