from __future__ import annotations

from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[4]


def load_shared(name: str) -> dict:
    return yaml.safe_load((REPO_ROOT / "configs" / f"{name}.yaml").read_text())
