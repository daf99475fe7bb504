"""Totals of the claim reviews in evals/claims/ (see evals/claims/README.md).

usage: python -m evals.claims [--label WORD] [--json] [DIR]
Without --label the latest round of each file counts; with it, the round carrying that label.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

VERDICTS = ("correct", "wrong", "misleading")
DEFAULT_DIR = Path(__file__).resolve().parent / "claims"


def load_rounds(directory: Path, label: str | None) -> list[dict]:
    """One row per repository: its chosen round's verdict counts."""
    rows = []
    for path in sorted(directory.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        rounds = doc.get("rounds") or []
        if label is not None:
            rounds = [r for r in rounds if r.get("label") == label]
        if not rounds:
            continue
        chosen = rounds[-1]
        counts = dict.fromkeys(VERDICTS, 0)
        for claim in chosen.get("claims") or []:
            verdict = claim.get("verdict")
            if verdict not in counts:
                raise ValueError(f"{path.name}: unknown verdict {verdict!r} in claim {claim.get('claim')!r}")
            counts[verdict] += 1
        rows.append(
            {
                "repo": doc.get("repo", path.stem),
                "round": chosen.get("label"),
                "auditor_commit": chosen.get("auditor_commit"),
                **counts,
            }
        )
    return rows


def totals(rows: list[dict]) -> dict:
    out = {v: sum(r[v] for r in rows) for v in VERDICTS}
    n = sum(out.values())
    out["claims"] = n
    out["repositories"] = len(rows)
    out["correct_pct"] = round(100 * out["correct"] / n, 1) if n else None
    out["wrong_pct"] = round(100 * out["wrong"] / n, 1) if n else None
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.claims", description=__doc__.splitlines()[0])
    ap.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--label", help="count the round with this label instead of the latest")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    try:
        rows = load_rounds(args.directory, args.label)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    summary = totals(rows)
    if args.json:
        print(json.dumps({"repositories": rows, "totals": summary}, indent=2))
        return 0
    print(f"{'repository':45s} {'round':>8s} {'correct':>8s} {'wrong':>6s} {'mislead':>8s}")
    for r in rows:
        print(f"{r['repo']:45s} {str(r['round']):>8s} {r['correct']:8d} {r['wrong']:6d} {r['misleading']:8d}")
    print(
        f"\n{summary['claims']} claims in {summary['repositories']} repositories: "
        f"{summary['correct_pct']}% correct, {summary['wrong_pct']}% wrong"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
