from __future__ import annotations

import importlib.util
import os

from dotenv import load_dotenv

load_dotenv()

OPTIONAL_TRACKERS = ("wandb", "mlflow", "neptune", "comet_ml")


def available_trackers() -> list[str]:
    """Which tracking libraries happen to be installed (we don't use any of them yet)."""
    return [name for name in OPTIONAL_TRACKERS if importlib.util.find_spec(name) is not None]


def wandb_installed() -> bool:
    return importlib.util.find_spec("wandb") is not None


def s3_credentials() -> dict[str, str]:
    return {
        "aws_access_key_id": os.environ["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": os.environ["AWS_SECRET_ACCESS_KEY"],
    }
