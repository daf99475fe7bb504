from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml


@dataclass(frozen=True)
class TrainConfig:
    raw: dict

    @property
    def seed(self) -> int:
        return int(self.raw["seed"])

    def flat_params(self) -> dict[str, object]:
        """Flatten nested config into dotted keys for mlflow.log_params."""
        out: dict[str, object] = {}

        def walk(prefix: str, node: object) -> None:
            if isinstance(node, dict):
                for key, value in node.items():
                    walk(f"{prefix}.{key}" if prefix else key, value)
            else:
                out[prefix] = node

        walk("", self.raw)
        return out


def load_config(path: str | Path) -> TrainConfig:
    with open(path, encoding="utf-8") as fh:
        return TrainConfig(yaml.safe_load(fh))


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
