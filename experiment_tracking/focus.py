"""The focus of an audit: subtrees, tool names and phase names, as the skill's $ARGUMENTS."""

from __future__ import annotations

import os
from pathlib import Path

from .context import Focus
from .detect.signatures import SIGNATURES

PHASE_WORDS = {
    "discovery": "1",
    "infrastructure": "1",
    "inventory": "1",
    "data": "1",
    "parameters": "2",
    "params": "2",
    "config": "2",
    "configuration": "2",
    "hyperparameters": "2",
    "search": "2",
    "metrics": "3",
    "artifacts": "3",
    "results": "3",
    "logging": "3",
    "reproducibility": "4",
    "environment": "4",
    "seeds": "4",
    "linkage": "4",
    "pipelines": "5",
    "orchestration": "5",
    "registry": "5",
    "training": "5",
    "collaboration": "6",
    "governance": "6",
}
TOOL_ALIASES = {
    "w&b": "wandb",
    "weights-and-biases": "wandb",
    "comet_ml": "comet",
    "tb": "tensorboard",
    "lightning": "tensorboard",
    "omegaconf": "hydra",
    "ray": "ray_tune",
    "lfs": "git_lfs",
}


class FocusError(ValueError):
    pass


def parse_focus(root: Path, tokens: list[str]) -> Focus:
    focus = Focus()
    tools = {s.tool for s in SIGNATURES}
    real_root = os.path.realpath(root)
    for raw in tokens:
        for token in raw.replace(",", " ").split():
            low = token.lower().strip()
            candidate = os.path.realpath(os.path.join(root, token))
            if os.path.exists(candidate) and (
                candidate == real_root or candidate.startswith(real_root + os.sep)
            ):
                rel = os.path.relpath(candidate, real_root).replace(os.sep, "/")
                if rel != "." and rel not in focus.paths:
                    focus.paths.append(rel)
                continue
            tool = TOOL_ALIASES.get(low, low.replace("-", "_"))
            if tool in tools:
                if tool not in focus.tools:
                    focus.tools.append(tool)
                continue
            if low in PHASE_WORDS:
                if low not in focus.phases:
                    focus.phases.append(low)
                continue
            raise FocusError(
                f"unknown focus {token!r}: not a path under {root}, a tool "
                f"({', '.join(sorted(tools)[:8])}, ...) or a phase ({', '.join(sorted(PHASE_WORDS)[:8])}, ...)"
            )
    return focus


def phase_numbers(focus: Focus) -> set[str]:
    return {PHASE_WORDS[p] for p in focus.phases}


def in_focus_path(path: str, focus: Focus) -> bool:
    if not focus.paths:
        return True
    if "/" not in path:
        return True  # top-level files (manifests, README, Dockerfile) describe every subtree
    return any(path == p or path.startswith(p.rstrip("/") + "/") for p in focus.paths)
