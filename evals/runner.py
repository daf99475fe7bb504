"""Audit every case in evals/cases and compare with its expected.yaml.

    python -m evals [--case NAME] [--json] [--min-precision 0.98] [--min-recall 0.95]

Prints, per case and overall: detection precision/recall per category, rule expectations met,
score error per dimension, runs counted vs expected. Exits 1 when detection precision or recall
fall below the thresholds, or when any run count, rule expectation or score range is missed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from experiment_tracking.audit import run_audit

from .make_git import materialize

CASES = Path(__file__).resolve().parent / "cases"
LEVEL = {"used": 3, "configured": 2, "declared": 1, "mentioned": 0}
DIMENSIONS = (
    "code_versioning",
    "data_versioning",
    "environment_capture",
    "parameter_logging",
    "result_persistence",
    "documentation",
)


@dataclass
class CaseResult:
    name: str
    tp: dict[str, int] = field(default_factory=dict)
    fp: dict[str, list[str]] = field(default_factory=dict)
    fn: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    score: int | None = None
    score_range: list[int] | None = None
    dim_errors: dict[str, float] = field(default_factory=dict)
    runs: dict[str, tuple[int, int]] = field(default_factory=dict)
    rules_expected: int = 0  # rules_fire + rules_quiet entries checked
    rules_met: int = 0


def evaluate_case(case_dir: Path) -> CaseResult:
    expected = yaml.safe_load((case_dir / "expected.yaml").read_text(encoding="utf-8")) or {}
    res = CaseResult(case_dir.name)
    with tempfile.TemporaryDirectory(prefix=f"et-eval-{case_dir.name}-") as tmp:
        root = materialize(case_dir, Path(tmp) / case_dir.name)
        result = run_audit(root)
    reported = {(d.tool, d.category): d for d in result.ctx.detections if d.present}
    wanted = {(t["tool"], t["category"]): t.get("usage", "configured") for t in expected.get("tools") or []}
    for key, level in wanted.items():
        cat = key[1]
        d = reported.get(key)
        if d is not None and LEVEL[d.usage] >= LEVEL[level]:
            res.tp[cat] = res.tp.get(cat, 0) + 1
        else:
            got = d.usage if d is not None else "absent"
            res.fn.setdefault(cat, []).append(f"{key[0]} (expected {level}, got {got})")
    for key, d in reported.items():
        if key not in wanted:
            where = d.evidence[0].where() if d.evidence else ""
            res.fp.setdefault(key[1], []).append(f"{key[0]} ({d.usage}, {where})")
    fired = {f.rule_id for f in result.findings if f.status in ("FAIL", "WARN")}
    for rid in expected.get("rules_fire") or []:
        res.rules_expected += 1
        if rid not in fired:
            res.problems.append(f"rule {rid} should fire but did not")
        else:
            res.rules_met += 1
    for rid in expected.get("rules_quiet") or []:
        res.rules_expected += 1
        if rid in fired:
            res.problems.append(f"rule {rid} should stay quiet but fired")
        else:
            res.rules_met += 1
    # Recommendations fit the stack: a rule's fix text holds (or never holds) the given strings.
    for key, must in (("fixes_include", True), ("fixes_exclude", False)):
        for rid, needles in (expected.get(key) or {}).items():
            text = "\n".join(f.recommendation or "" for f in result.findings if f.rule_id == rid)
            for needle in needles:
                res.rules_expected += 1
                if (needle in text) == must:
                    res.rules_met += 1
                else:
                    res.problems.append(f"{rid} fix should {'' if must else 'not '}contain {needle!r}")
    sc = result.scorecard
    ranges = expected.get("score") or {}
    if sc is not None:
        res.score = sc.total
        total_range = ranges.get("total")
        if total_range:
            res.score_range = list(total_range)
            lo, hi = total_range
            if not lo <= sc.total <= hi:
                res.problems.append(f"total score {sc.total} outside [{lo}, {hi}]")
        dims = {d.name: d.score for d in sc.dimensions}
        for dim in DIMENSIONS:
            if dim in ranges:
                lo, hi = ranges[dim]
                got = dims.get(dim, 0)
                res.dim_errors[dim] = 0.0 if lo <= got <= hi else float(min(abs(got - lo), abs(got - hi)))
                if not lo <= got <= hi:
                    res.problems.append(f"{dim} score {got} outside [{lo}, {hi}]")
    elif ranges:
        res.problems.append("no scorecard was computed")
    counts: dict[str, int] = {}
    if result.ctx.catalog is not None:
        for run in result.ctx.catalog.runs:
            counts[run.store] = counts.get(run.store, 0) + 1
    for store, n in (expected.get("runs") or {}).items():
        got = counts.get(store, 0)
        res.runs[store] = (got, n)
        if got != n:
            res.problems.append(f"{store} runs: counted {got}, expected {n}")
    return res


def summarize(results: list[CaseResult]) -> dict:
    cats = sorted({c for r in results for c in [*r.tp, *r.fp, *r.fn]})
    per_cat = {}
    tp_all = fp_all = fn_all = 0
    for cat in cats:
        tp = sum(r.tp.get(cat, 0) for r in results)
        fp = sum(len(r.fp.get(cat, [])) for r in results)
        fn = sum(len(r.fn.get(cat, [])) for r in results)
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        per_cat[cat] = {
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "precision": tp / (tp + fp) if tp + fp else 1.0,
            "recall": tp / (tp + fn) if tp + fn else 1.0,
        }
    scored = [r for r in results if r.score is not None and r.score_range]
    mae = sum(abs(r.score - sum(r.score_range) / 2) for r in scored) / len(scored) if scored else None
    return {
        "precision": tp_all / (tp_all + fp_all) if tp_all + fp_all else 1.0,
        "recall": tp_all / (tp_all + fn_all) if tp_all + fn_all else 1.0,
        "per_category": per_cat,
        "score_mae_vs_range_midpoint": mae,
        "cases": len(results),
        "rule_expectations": sum(r.rules_expected for r in results),
        "rule_expectations_met": sum(r.rules_met for r in results),
        "problems": sum(len(r.problems) for r in results),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals", description=__doc__.splitlines()[0])
    ap.add_argument("--case", action="append", default=[], help="only these cases")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--min-precision", type=float, default=0.98)
    ap.add_argument("--min-recall", type=float, default=0.95)
    args = ap.parse_args(argv)
    cases = sorted(p for p in CASES.iterdir() if (p / "expected.yaml").exists())
    if args.case:
        cases = [c for c in cases if c.name in args.case]
    results = [evaluate_case(c) for c in cases]
    summary = summarize(results)
    if args.json:
        json.dump(
            {"summary": summary, "cases": [r.__dict__ for r in results]}, sys.stdout, indent=2, default=list
        )
        print()
    else:
        for r in results:
            status = "ok" if not (r.fp or r.fn or r.problems) else "MISS"
            score = f"score {r.score}/30 in {r.score_range}" if r.score is not None else "score -"
            print(f"{status:4} {r.name:<26} {score}")
            for cat, items in sorted(r.fn.items()):
                print(f"       missed [{cat}]: {', '.join(items)}")
            for cat, items in sorted(r.fp.items()):
                print(f"       false positive [{cat}]: {', '.join(items)}")
            for p in r.problems:
                print(f"       {p}")
        print()
        print(
            f"detection precision {summary['precision']:.3f}  recall {summary['recall']:.3f}  "
            f"over {summary['cases']} cases"
        )
        for cat, m in summary["per_category"].items():
            print(
                f"  {cat:<16} precision {m['precision']:.3f} recall {m['recall']:.3f} "
                f"(tp {m['tp']}, fp {m['fp']}, fn {m['fn']})"
            )
        print(
            f"rule expectations met: {summary['rule_expectations_met']}/{summary['rule_expectations']} "
            "(rules that must fire, and must stay quiet)"
        )
        if summary["score_mae_vs_range_midpoint"] is not None:
            print(
                f"score: mean absolute distance from range midpoint {summary['score_mae_vs_range_midpoint']:.1f}"
            )
    ok = (
        summary["precision"] >= args.min_precision
        and summary["recall"] >= args.min_recall
        and summary["problems"] == 0
    )
    if not ok:
        print("eval gate FAILED", file=sys.stderr)
    return 0 if ok else 1
