"""`experiment-tracking install-skill [--user | --project DIR] [--force]`."""

from __future__ import annotations

import argparse

HELP = "install the /experiment-tracking skill for Claude Code (user-wide or in one project)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--user",
        action="store_true",
        help="install into ~/.claude/skills/ ($CLAUDE_CONFIG_DIR/skills/ if set); the default",
    )
    where.add_argument(
        "--project", metavar="DIR", help="install into DIR/.claude/skills/ (shared with the repo)"
    )
    parser.add_argument(
        "--force", action="store_true", help="replace a different existing experiment-tracking skill"
    )


def run(args: argparse.Namespace) -> int:
    import os
    import shutil
    import sys

    from ..cli import EXIT_GATE, EXIT_OK, UsageError
    from ..skill_install import (
        SkillConflict,
        install_skill,
        project_skills_dir,
        user_skills_dir,
    )

    if args.project is not None:
        if not os.path.isdir(args.project):
            raise UsageError(f"--project {args.project}: not a directory")
        skills_dir = project_skills_dir(args.project)
    else:
        skills_dir = user_skills_dir()
    try:
        result = install_skill(skills_dir, force=args.force)
    except SkillConflict as exc:
        print(f"experiment-tracking: {exc}", file=sys.stderr)
        return EXIT_GATE
    except OSError as exc:
        raise UsageError(f"cannot write {skills_dir}: {exc.strerror or exc}") from None
    if result.action == "unchanged":
        print(f"already installed (identical): {result.path}")
    else:
        print(f"{result.action} the experiment-tracking skill ({result.files} files) in {result.path}")
        print("use it in Claude Code as /experiment-tracking [focus…]")
    if shutil.which("experiment-tracking") is None:
        print(
            "note: the skill calls the `experiment-tracking` command, which is not on PATH here; "
            "install it with `pipx install experiment-tracking` so Claude Code can run it"
        )
    return EXIT_OK
