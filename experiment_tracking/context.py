"""The AuditContext: everything the stages produced, handed to rules and renderers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .model import Detection, Evidence

if TYPE_CHECKING:  # the index and detector modules are heavy; --help must not import them
    from .detect.engine import Taxonomy
    from .index.build import SourceIndex
    from .inventory import Inventory


@dataclass
class Focus:
    paths: list[str] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    phases: list[str] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)  # the words as the user typed them
    readings: list[tuple[str, str]] = field(default_factory=list)  # (word, what it was read as)

    @property
    def empty(self) -> bool:
        return not (self.paths or self.tools or self.phases)

    def describe(self) -> str:
        if self.empty:
            return "whole repository"
        read = ", ".join(
            [
                *(p + "/" if not p.endswith("/") else p for p in self.paths),
                *self.tools,
                *self.phases,
            ]
        )
        if self.readings:  # what was typed, and how each word was read
            how = "; ".join(f"{w} = {r}" for w, r in self.readings)
            return f'{read} (typed "{" ".join(self.typed)}": {how})'
        return read

    def to_dict(self) -> dict:
        d = {"paths": self.paths, "tools": self.tools, "phases": self.phases}
        if self.typed:
            d["typed"] = list(self.typed)
            d["readings"] = [{"word": w, "read_as": r} for w, r in self.readings]
        return d


@dataclass
class AuditContext:
    inventory: Inventory
    index: SourceIndex
    detections: list[Detection]
    taxonomy: Taxonomy
    focus: Focus = field(default_factory=Focus)
    catalog: Any = None  # runs.RunCatalog when the run readers are available
    linkage: Any = None  # runs.linkage.LinkageReport
    records: Any = None  # records.RunRecords: what the code writes per run, whoever writes it

    def present(self, category: str | None = None, include_examples: bool = True) -> list[Detection]:
        out = []
        for d in self.detections:
            if not d.present or (category is not None and d.category != category):
                continue
            if not include_examples and d.scope in ("example", "test"):
                continue
            out.append(d)
        return out

    def has(self, tool: str, category: str | None = None) -> Detection | None:
        for d in self.detections:
            if d.tool == tool and d.present and (category is None or d.category == category):
                return d
        return None

    def calls(self, *prefixes: str):
        """(facts, call) for every call whose resolved name starts with one of the prefixes."""
        for path in sorted(self.index.modules):
            facts = self.index.modules[path]
            for call in facts.calls:
                if call.name.startswith(prefixes):
                    yield facts, call

    def call_evidence(self, call_facts, call, detail: str = "") -> Evidence:
        return Evidence(call_facts.path, call.line, detail or call.name, call.cell)
