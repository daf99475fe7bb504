"""Helpers: write a small repository into a directory and run the real audit pipeline on it."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path


def write_repo(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def commit_all(root: Path) -> None:
    """Make ``root`` a git repository with everything in it committed (tracked files, as a clone has)."""
    import subprocess

    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, capture_output=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "c"], cwd=root, check=True
    )


def audit_committed(root: Path, files: dict[str, str]):
    """Write ``files`` under ``root`` as one git commit and audit it in this process (one job)."""
    from experiment_tracking.audit import run_audit

    root = write_repo(root, files)
    commit_all(root)
    return run_audit(root, jobs=1)


def audit_files(root: Path, files: dict[str, str], committed: bool = False):
    """Write ``files`` under ``root`` (as one git commit when ``committed``) and audit it in this process."""
    from experiment_tracking.audit import run_audit

    write_repo(root, files)
    if committed:
        commit_all(root)
    return run_audit(root)


def finding(result, rule_id: str):
    """The finding of one rule in an audit result."""
    return next(f for f in result.findings if f.rule_id == rule_id)


def status_of(result, rule_id: str):
    found = [f for f in result.findings if f.rule_id == rule_id]
    return found[0].status if found else None


def notebook(*cells: str) -> str:
    """A notebook of code cells without outputs, as nbformat 4 writes it."""
    return json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {},
            "cells": [
                {"cell_type": "code", "source": c, "metadata": {}, "outputs": [], "execution_count": None}
                for c in cells
            ],
        }
    )


def notebook_with_outputs(*cells: tuple[str, str]) -> str:
    """A notebook of (source, stdout) code cells, run in order: a cell with an empty stdout has no outputs."""
    return json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {},
            "cells": [
                {
                    "cell_type": "code",
                    "source": src,
                    "metadata": {},
                    "execution_count": i + 1,
                    "outputs": [{"output_type": "stream", "name": "stdout", "text": out}] if out else [],
                }
                for i, (src, out) in enumerate(cells)
            ],
        }
    )


def dimension(result, name: str):
    """One scorecard dimension of an audit result."""
    return next(d for d in result.scorecard.dimensions if d.name == name)


def detections_by_tool(result) -> dict:
    return {d.tool: d for d in result.ctx.detections}
