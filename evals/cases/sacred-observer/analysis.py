"""Summarise FileStorageObserver runs into a table."""

import json
from pathlib import Path


def load_runs(root="runs"):
    rows = []
    for run_dir in sorted(Path(root).iterdir(), key=lambda p: p.name):
        if not (run_dir / "run.json").exists():
            continue
        run = json.loads((run_dir / "run.json").read_text())
        cfg = json.loads((run_dir / "config.json").read_text())
        rows.append(
            {
                "id": run_dir.name,
                "status": run["status"],
                "result": run.get("result"),
                "seed": cfg["seed"],
                "lr": cfg["lr"],
                "commit": (run["experiment"].get("repositories") or [{}])[0].get("commit"),
            }
        )
    return rows


if __name__ == "__main__":
    for row in load_runs():
        print(row)
