"""The rule registry: each rule's ID, phase, title, doc and check function live together.

A rule module defines checks with ``@rule(...)``; the check receives the AuditContext and
returns findings. Rules read facts that earlier stages produced; they never open files.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from ..model import Finding

# Modules holding rules, in phase order. A module that does not exist yet is skipped.
RULE_MODULES = (
    "experiment_tracking.rules.phase1_discovery",
    "experiment_tracking.rules.phase2_parameters",
    "experiment_tracking.rules.phase3_results",
    "experiment_tracking.rules.phase4_reproducibility",
    "experiment_tracking.rules.phase5_pipelines",
    "experiment_tracking.rules.phase6_governance",
)

PHASES = {
    "1": "Experiment infrastructure discovery",
    "2": "Parameter management",
    "3": "Result logging and metrics",
    "4": "Reproducibility",
    "5": "Pipelines and workflow",
    "6": "Collaboration and governance",
}


@dataclass(frozen=True)
class Rule:
    id: str
    name: str  # kebab-case, like ruff's rule names
    phase: str  # seed step, e.g. "1.1"
    title: str
    what: str
    why: str
    example: str
    fix: str
    check: Callable

    def finding(
        self, status: str, message: str, evidence=(), recommendation: str = "", question: str = ""
    ) -> Finding:
        return Finding(
            rule_id=self.id,
            phase=self.phase,
            status=status,
            title=self.title,
            evidence=_one_per_place(evidence)[:12],
            recommendation=recommendation or (self.fix if status != "PASS" else ""),
            message=message,
            question=question,
        )

    def doc(self) -> str:
        return (
            f"# {self.id} {self.name}\n\n"
            f"Phase {self.phase} — {self.title}\n\n"
            f"## What it does\n{self.what}\n\n"
            f"## Why is this bad\n{self.why}\n\n"
            f"## Example\n{self.example}\n\n"
            f"## Use instead\n{self.fix}\n"
        )


def _one_per_place(evidence) -> list:
    """Sorted evidence with each place (path, line, cell) cited once, whatever its detail."""
    out, seen = [], set()
    for e in sorted(set(evidence)):
        key = (e.path, e.line, e.cell)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


_RULES: dict[str, Rule] = {}
_LOADED = False


def rule(id: str, name: str, phase: str, title: str, *, what: str, why: str, example: str, fix: str):
    def register(fn: Callable) -> Callable:
        if id in _RULES:
            raise ValueError(f"duplicate rule id {id}")
        _RULES[id] = Rule(id, name, phase, title, what.strip(), why.strip(), example.strip(), fix.strip(), fn)
        fn.rule = _RULES[id]
        return fn

    return register


def all_rules() -> list[Rule]:
    global _LOADED
    if not _LOADED:
        for mod in RULE_MODULES:
            try:
                importlib.import_module(mod)
            except ModuleNotFoundError as exc:
                if exc.name != mod:
                    raise
        _LOADED = True
    return [_RULES[k] for k in sorted(_RULES)]


def get_rule(rule_id: str) -> Rule | None:
    all_rules()
    return _RULES.get(rule_id.upper())
