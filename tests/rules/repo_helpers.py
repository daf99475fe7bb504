"""Helpers: write a small repository into a directory and run the real audit pipeline on it."""

from __future__ import annotations

import textwrap
from pathlib import Path


def write_repo(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def status_of(result, rule_id: str):
    found = [f for f in result.findings if f.rule_id == rule_id]
    return found[0].status if found else None
