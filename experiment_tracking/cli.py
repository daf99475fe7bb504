"""Command-line entry point.

Each subcommand lives in its own module under ``commands/`` exposing ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``. Those modules import only argparse-level
code at top level, so ``--help`` stays fast; the engine is imported inside ``run``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__

# Order is the order shown in --help.
COMMANDS = {
    "audit": "experiment_tracking.commands.audit",
    "discover": "experiment_tracking.commands.discover",
    "rules": "experiment_tracking.commands.rules",
    "describe": "experiment_tracking.commands.describe",
    "validate": "experiment_tracking.commands.validate",
    "summary": "experiment_tracking.commands.summary",
    "diff": "experiment_tracking.commands.diff",
    "telemetry": "experiment_tracking.commands.telemetry",
    "install-skill": "experiment_tracking.commands.install_skill",
}

EXIT_OK, EXIT_GATE, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    """A problem with what the user asked for: one line on stderr, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse prints usage + exits 2; keep it one line
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="experiment-tracking",
        description="Audit an ML repository's experiment tracking and reproducibility.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, modname in COMMANDS.items():
        try:
            mod = importlib.import_module(modname)
        except ModuleNotFoundError as exc:
            if exc.name == modname:
                continue  # a command not built yet is simply absent
            raise
        p = sub.add_parser(name, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "_run", None):
            parser.print_help()
            return EXIT_OK if not argv else EXIT_USAGE
        return int(args._run(args) or 0)
    except UsageError as exc:
        # The message may name a path from the audited tree: no control or bidi characters.
        from .report.escape import console_text

        print(f"experiment-tracking: error: {console_text(exc, limit=6000)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("experiment-tracking: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # never show a traceback unless asked
        if debug:
            raise
        from .report.escape import console_text

        print(
            f"experiment-tracking: internal error: {type(exc).__name__}: {console_text(exc)} "
            "(re-run with --debug for details)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
