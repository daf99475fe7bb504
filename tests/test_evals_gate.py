"""The evaluation corpus gate: detection precision >= 0.98 and recall >= 0.95, and every case's
run counts, rule expectations and score ranges met (see evals/README.md)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evals.runner import CASES, evaluate_case, summarize  # noqa: E402


def test_eval_corpus_meets_the_gate():
    cases = sorted(p for p in CASES.iterdir() if (p / "expected.yaml").exists())
    assert len(cases) >= 12
    results = [evaluate_case(c) for c in cases]
    summary = summarize(results)
    misses = {r.name: (r.fp, r.fn, r.problems) for r in results if r.fp or r.fn or r.problems}
    assert summary["precision"] >= 0.98, misses
    assert summary["recall"] >= 0.95, misses
    assert summary["problems"] == 0, misses
