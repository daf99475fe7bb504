import json
import sys
from pathlib import Path

for run_dir in sorted(Path(sys.argv[1] if len(sys.argv) > 1 else "runs").iterdir()):
    rows = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]
    evals = [r["eval_loss"] for r in rows if "eval_loss" in r]
    print(f"{run_dir.name:30s} steps={rows[-1]['step']:6d} best_eval_loss={min(evals) if evals else float('nan'):.4f}")
