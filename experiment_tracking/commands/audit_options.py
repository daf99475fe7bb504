"""`audit` options for where teams gate their work: a tracking server, a baseline, and the extra
documents CI wants from one run (JSON, SARIF, a job-summary table). Kept apart from
commands/audit.py so that module stays the plain audit; argparse-level code only at top level."""

from __future__ import annotations


def add_arguments(p) -> None:
    srv = p.add_argument_group(
        "tracking server",
        "read a live MLflow tracking server through its REST API, read-only; without --tracking-uri or "
        "--online no network connection is ever opened. Credentials come from MLFLOW_TRACKING_TOKEN or "
        "MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD, TLS from MLFLOW_TRACKING_SERVER_CERT_PATH, "
        "MLFLOW_TRACKING_CLIENT_CERT_PATH, MLFLOW_TRACKING_INSECURE_TLS; they are never printed",
    )
    srv.add_argument("--tracking-uri", metavar="URI", default=None, help="an http(s) MLflow tracking server")
    srv.add_argument(
        "--online",
        action="store_true",
        help="read the server the repository configures (MLFLOW_TRACKING_URI, mlflow.set_tracking_uri, "
        "tracking_uri in Hydra/Lightning configs)",
    )
    srv.add_argument(
        "--max-runs",
        type=int,
        default=None,
        metavar="N",
        help="read at most N runs, newest first (default 10000); the report says when it sampled",
    )
    srv.add_argument(
        "--request-timeout", type=float, default=None, metavar="S", help="seconds per request (default 30)"
    )
    srv.add_argument(
        "--server-deadline",
        type=float,
        default=None,
        metavar="S",
        help="seconds for the whole server read (default 300); what was read by then is kept",
    )
    ci = p.add_argument_group("CI outputs and baselines")
    ci.add_argument(
        "--baseline",
        metavar="OLD.json",
        default=None,
        help="compare with an earlier `audit --format json`: exit 1 only on what got worse (a dimension or "
        "the total dropped, a finding new or moved from PASS to WARN/FAIL); replaces the gate of "
        "[tool.experiment-tracking] (explicit --fail-under/--fail-on still apply)",
    )
    ci.add_argument("--json-file", metavar="FILE", default=None, help="also write the JSON audit to FILE")
    ci.add_argument("--sarif-file", metavar="FILE", default=None, help="also write SARIF 2.1.0 to FILE")
    ci.add_argument(
        "--summary-file",
        metavar="FILE",
        default=None,
        help="append the scorecard and the summary table as Markdown to FILE (e.g. $GITHUB_STEP_SUMMARY)",
    )
    ci.add_argument(
        "--no-report",
        action="store_true",
        help="write no Markdown report (pre-commit); -o FILE still writes one",
    )


def server_request(args):
    """A ServerRequest when the user asked for a server, else None (and no network)."""
    from ..cli import UsageError

    wanted = args.tracking_uri or args.online
    tuned = [f for f, v in (("--max-runs", args.max_runs), ("--request-timeout", args.request_timeout),
                            ("--server-deadline", args.server_deadline)) if v is not None]  # fmt: skip
    if not wanted:
        if tuned:
            raise UsageError(f"{', '.join(tuned)} needs --tracking-uri URI or --online")
        return None
    from ..runs.mlflow_server import (
        DEFAULT_DEADLINE,
        DEFAULT_MAX_RUNS,
        DEFAULT_REQUEST_TIMEOUT,
        ServerRequest,
    )

    if args.max_runs is not None and args.max_runs < 1:
        raise UsageError("--max-runs must be at least 1")
    for flag, value in (
        ("--request-timeout", args.request_timeout),
        ("--server-deadline", args.server_deadline),
    ):
        if value is not None and not value > 0:
            raise UsageError(f"{flag} must be a positive number of seconds")
    return ServerRequest(
        uri=args.tracking_uri,
        online=bool(args.online),
        max_runs=args.max_runs or DEFAULT_MAX_RUNS,
        request_timeout=args.request_timeout or DEFAULT_REQUEST_TIMEOUT,
        deadline=args.server_deadline or DEFAULT_DEADLINE,
    )


def load_baseline(args):
    """The baseline audit (a dict), or None; a bad file is a usage error."""
    if not args.baseline:
        return None
    from ..baseline import BaselineError, load
    from ..cli import UsageError

    try:
        return load(args.baseline)
    except BaselineError as exc:
        raise UsageError(str(exc)) from None


def write_extras(args, result, root, baseline, gate_reasons: list[str]) -> None:
    """--json-file, --sarif-file and --summary-file from the same audit."""
    import json

    from ..audit import audit_dict
    from ..cli import UsageError

    doc = None
    if args.json_file or args.summary_file or baseline is not None:
        doc = audit_dict(result)
    if args.json_file:
        _write(args.json_file, json.dumps(doc, indent=2) + "\n", root)
    if args.sarif_file:
        from ..report.sarif import render_sarif

        _write(args.sarif_file, render_sarif(result), root)
    if args.summary_file:
        from ..baseline import compare, summary_markdown

        comparison = compare(baseline, doc) if baseline is not None else None
        text = summary_markdown(doc, comparison, gate_reasons)
        try:
            with open(args.summary_file, "a", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise UsageError(f"cannot write {args.summary_file}: {exc.strerror or exc}") from None


def _write(target: str, text: str, root) -> None:
    from .audit import _write_report

    _write_report(root, target, text)
