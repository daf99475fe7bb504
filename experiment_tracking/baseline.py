"""Two audits compared: what got worse, what improved, what stayed.

Findings are matched by rule and evidence, not by line: a finding keeps its identity when code
above it moves it down the file. The match is made in passes, strictest first — same rule and
same evidence (paths and details with line numbers taken out), then same rule and same paths,
then same rule alone when each side has one finding of it left — so the usual case of one
finding per rule always pairs, and several findings of one rule pair by where they point.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field

RANK = {"PASS": 0, "REVIEW": 0, "WARN": 1, "FAIL": 2}
BAD = ("WARN", "FAIL")
DIMENSION_LABELS = {
    "code_versioning": "Code versioning",
    "data_versioning": "Data versioning",
    "environment_capture": "Environment capture",
    "parameter_logging": "Parameter logging",
    "result_persistence": "Result persistence",
    "documentation": "Documentation",
}
_LINE_REF = re.compile(r"(:\d+)+\b|\bline \d+\b|\bcell \d+\b")


class BaselineError(Exception):
    """The baseline file cannot be used: one line naming it."""


def load(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except FileNotFoundError:
        raise BaselineError(f"baseline {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(
            f"baseline {path}: cannot read ({getattr(exc, 'strerror', None) or exc})"
        ) from None
    except (ValueError, RecursionError) as exc:
        raise BaselineError(f"baseline {path}: not JSON ({exc})") from None
    return check(doc, path)


def check(doc, path: str = "baseline") -> dict:
    if not isinstance(doc, dict) or not isinstance(doc.get("findings"), list):
        raise BaselineError(
            f"{path}: not an `experiment-tracking audit --format json` document (no findings)"
        )
    sc = doc.get("scorecard")
    if sc is not None and not (isinstance(sc, dict) and isinstance(sc.get("dimensions", {}), dict)):
        raise BaselineError(f"{path}: its scorecard is not an object with dimensions")
    return doc


@dataclass
class Change:
    rule_id: str
    title: str
    before: str | None  # None: the finding is new
    after: str | None  # None: the finding is gone
    where: str = ""

    def to_dict(self) -> dict:
        return {
            "rule_id": self.rule_id,
            "title": self.title,
            "before": self.before,
            "after": self.after,
            "where": self.where,
        }


@dataclass
class Comparison:
    total: tuple[int | None, int | None] = (None, None)
    dimensions: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    worse: list[Change] = field(default_factory=list)
    better: list[Change] = field(default_factory=list)
    unchanged: int = 0

    @property
    def dropped(self) -> list[str]:
        """Scores that went down: each dimension by name, and 'total'."""
        out = [d for d, (a, b) in self.dimensions.items() if a is not None and b is not None and b < a]
        a, b = self.total
        if a is not None and b is not None and b < a:
            out.append("total")
        return out

    @property
    def raised(self) -> list[str]:
        out = [d for d, (a, b) in self.dimensions.items() if a is not None and b is not None and b > a]
        a, b = self.total
        if a is not None and b is not None and b > a:
            out.append("total")
        return out

    @property
    def regressed(self) -> bool:
        return bool(self.dropped or self.worse)

    def reasons(self) -> list[str]:
        out = []
        for d in self.dropped:
            a, b = self.total if d == "total" else self.dimensions[d]
            label = "total score" if d == "total" else DIMENSION_LABELS.get(d, d)
            out.append(f"{label} dropped from {a} to {b}")
        for c in self.worse:
            what = f"new {c.after}" if c.before is None else f"{c.before} -> {c.after}"
            out.append(f"{c.rule_id} {what}: {c.title}" + (f" ({c.where})" if c.where else ""))
        return out

    def to_dict(self) -> dict:
        return {
            "total": list(self.total),
            "dimensions": {k: list(v) for k, v in self.dimensions.items()},
            "worse": [c.to_dict() for c in self.worse],
            "better": [c.to_dict() for c in self.better],
            "unchanged": self.unchanged,
            "regressed": self.regressed,
        }


def _scores(doc: dict) -> tuple[int | None, dict[str, int]]:
    sc = doc.get("scorecard") if isinstance(doc.get("scorecard"), dict) else {}
    dims = sc.get("dimensions") if isinstance(sc.get("dimensions"), dict) else {}
    total = sc.get("total")
    clean = {k: v for k, v in dims.items() if isinstance(v, int) and not isinstance(v, bool)}
    return (total if isinstance(total, int) and not isinstance(total, bool) else None), clean


def _evidence(f: dict) -> list[dict]:
    ev = f.get("evidence")
    return [e for e in ev if isinstance(e, dict)] if isinstance(ev, list) else []


def _strict_key(f: dict) -> tuple:
    return tuple(
        sorted(
            (str(e.get("path", "")), _LINE_REF.sub("", str(e.get("detail", ""))).strip())
            for e in _evidence(f)
        )
    )


def _path_key(f: dict) -> tuple:
    return tuple(sorted({str(e.get("path", "")) for e in _evidence(f)}))


def _where(f: dict) -> str:
    ev = _evidence(f)
    if not ev:
        return ""
    e = ev[0]
    line = e.get("line")
    return f"{e.get('path', '')}:{line}" if isinstance(line, int) and line else str(e.get("path", ""))


def _findings(doc: dict) -> list[dict]:
    return [f for f in doc.get("findings") or [] if isinstance(f, dict) and isinstance(f.get("rule_id"), str)]


def match(old: list[dict], new: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """(pairs, old findings left, new findings left)."""
    pairs: list[tuple[dict, dict]] = []
    left_old, left_new = list(old), list(new)
    for key in (
        lambda f: (f["rule_id"], _strict_key(f)),
        lambda f: (f["rule_id"], _path_key(f)),
    ):
        by_key: dict = {}
        for f in left_old:
            by_key.setdefault(key(f), []).append(f)
        rest = []
        for f in left_new:
            bucket = by_key.get(key(f))
            if bucket:
                pairs.append((bucket.pop(0), f))
            else:
                rest.append(f)
        left_new = rest
        left_old = [f for fs in by_key.values() for f in fs]
    # One finding of a rule left on each side: the same finding, its evidence moved or reworded.
    olds: dict[str, list[dict]] = {}
    news: dict[str, list[dict]] = {}
    for f in left_old:
        olds.setdefault(f["rule_id"], []).append(f)
    for f in left_new:
        news.setdefault(f["rule_id"], []).append(f)
    for rule in sorted(set(olds) & set(news)):
        if len(olds[rule]) == 1 and len(news[rule]) == 1:
            pairs.append((olds[rule].pop(), news[rule].pop()))
    left_old = [f for fs in olds.values() for f in fs]
    left_new = [f for fs in news.values() for f in fs]
    return pairs, left_old, left_new


def compare(old: dict, new: dict) -> Comparison:
    out = Comparison()
    t_old, d_old = _scores(old)
    t_new, d_new = _scores(new)
    out.total = (t_old, t_new)
    for dim in sorted(
        set(d_old) | set(d_new),
        key=lambda d: list(DIMENSION_LABELS).index(d) if d in DIMENSION_LABELS else 99,
    ):
        out.dimensions[dim] = (d_old.get(dim), d_new.get(dim))
    pairs, gone, added = match(_findings(old), _findings(new))
    for a, b in pairs:
        ra, rb = RANK.get(a.get("status"), 0), RANK.get(b.get("status"), 0)
        change = Change(b["rule_id"], str(b.get("title", "")), a.get("status"), b.get("status"), _where(b))
        if rb > ra:
            out.worse.append(change)
        elif rb < ra:
            out.better.append(change)
        else:
            out.unchanged += 1
    for f in added:
        if f.get("status") in BAD:
            out.worse.append(Change(f["rule_id"], str(f.get("title", "")), None, f.get("status"), _where(f)))
        else:
            out.unchanged += 1
    for f in gone:
        if f.get("status") in BAD:
            out.better.append(Change(f["rule_id"], str(f.get("title", "")), f.get("status"), None, _where(f)))
    out.worse.sort(key=lambda c: (-RANK.get(c.after or "", 0), c.rule_id, c.where))
    out.better.sort(key=lambda c: (c.rule_id, c.where))
    return out


def baseline_gate(baseline: dict, result, quiet: bool) -> int:
    """1 when the audit got worse than the baseline; prints what got worse and what improved."""
    import sys

    from .audit import audit_dict

    comparison = compare(baseline, audit_dict(result))
    if not quiet:
        for r in comparison.reasons():
            print(f"experiment-tracking: worse than baseline: {r}", file=sys.stderr)
        for line in improvements(comparison):
            print(f"experiment-tracking: better than baseline: {line}", file=sys.stderr)
        if not comparison.regressed and not comparison.better and not comparison.raised:
            print("experiment-tracking: same as baseline", file=sys.stderr)
    return 1 if comparison.regressed else 0


def improvements(c: Comparison) -> list[str]:
    out = []
    for d in c.raised:
        a, b = c.total if d == "total" else c.dimensions[d]
        label = "total score" if d == "total" else DIMENSION_LABELS.get(d, d)
        out.append(f"{label} rose from {a} to {b}")
    for ch in c.better:
        what = f"{ch.before} resolved" if ch.after is None else f"{ch.before} -> {ch.after}"
        out.append(f"{ch.rule_id} {what}: {ch.title}")
    return out


# ------------------------------------------------------------------------------------------
# Markdown: the diff for a pull-request comment, and the job summary
# ------------------------------------------------------------------------------------------


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _delta(a, b) -> str:
    if a is None or b is None:
        return "—"
    d = b - a
    return "±0" if d == 0 else (f"+{d}" if d > 0 else str(d))


def _arrow(a, b) -> str:
    if a is None or b is None or a == b:
        return ""
    return " ▲" if b > a else " ▼"


def diff_markdown(old: dict, new: dict, comparison: Comparison | None = None, title: str = "") -> str:
    c = comparison or compare(old, new)
    a, b = c.total
    L = [f"## {title or 'Experiment tracking: change against the baseline'}", ""]
    verdict = "**Worse** than the baseline." if c.regressed else "No regression against the baseline."
    L += [f"Reproducibility score: **{a if a is not None else '?'} → {b if b is not None else '?'}/30** "
          f"({_delta(a, b)}). {verdict}", ""]  # fmt: skip
    L += ["| Dimension | Before | After | Change |", "|---|---:|---:|---:|"]
    for dim, (x, y) in c.dimensions.items():
        L.append(
            f"| {DIMENSION_LABELS.get(dim, dim)} | {'—' if x is None else x} | {'—' if y is None else y} "
            f"| {_delta(x, y)}{_arrow(x, y)} |"
        )
    L.append(
        f"| **Total** | {'—' if a is None else a} | {'—' if b is None else b} | {_delta(a, b)}{_arrow(a, b)} |"
    )
    L.append("")
    L += _changes_table("Got worse", c.worse)
    L += _changes_table("Improved", c.better)
    L.append(f"{c.unchanged} finding(s) unchanged.")
    return "\n".join(L) + "\n"


def summary_markdown(doc: dict, comparison: Comparison | None, gate_reasons: list[str]) -> str:
    """The scorecard and the seed's summary table, for a CI job summary."""
    total, dims = _scores(doc)
    sc = doc.get("scorecard") if isinstance(doc.get("scorecard"), dict) else {}
    name = os.path.basename(str(doc.get("root", "")).rstrip("/")) or "repository"
    L = [f"## Experiment tracking: {_cell(name)}", ""]
    weakest = sc.get("weakest")
    line = f"Reproducibility score: **{total if total is not None else '?'}/30**"
    if weakest in dims:
        line += f" (weakest: {DIMENSION_LABELS.get(weakest, weakest)} {dims[weakest]}/5)"
    L += [line, "", "| Dimension | Score |", "|---|---:|"]
    for dim, score in dims.items():
        L.append(f"| {DIMENSION_LABELS.get(dim, dim)} | {score}/5 |")
    L += ["", "| Area | Status | Priority |", "|------|--------|----------|"]
    for row in doc.get("summary") or []:
        if isinstance(row, dict):
            L.append(
                f"| {_cell(row.get('area', ''))} | {row.get('status', '')} | {row.get('priority', '')} |"
            )
    L.append("")
    reasons = list(gate_reasons) + (comparison.reasons() if comparison is not None else [])
    if reasons:
        L += ["**Gate failed:**", ""] + [f"- {_cell(r)}" for r in reasons] + [""]
    else:
        L += ["Gate passed.", ""]
    if comparison is not None:
        body = diff_markdown({}, doc, comparison, title="Against the baseline").split("\n", 2)[2]
        L += ["### Against the baseline", "", body.rstrip(), ""]
    return "\n".join(L) + "\n"


def _changes_table(title: str, changes) -> list[str]:
    """A Markdown table of changed findings; a finding with no 'before' is new, with no 'after' resolved."""
    if not changes:
        return []
    out = [f"### {title}", "", "| Rule | Before | After | Finding | Where |", "|---|---|---|---|---|"]
    for ch in changes:
        out.append(
            f"| {ch.rule_id} | {ch.before or 'new'} | {ch.after or 'resolved'} | {_cell(ch.title)} | {_cell(ch.where) or '—'} |"
        )
    return out + [""]
