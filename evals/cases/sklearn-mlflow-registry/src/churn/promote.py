"""Register a run's model and move a registry alias (champion/challenger) to it."""

from __future__ import annotations

import argparse

import mlflow
from mlflow import MlflowClient

MODEL_NAME = "churn-classifier"
MIN_HOLDOUT_AUC = 0.80


def register_run(run_id: str) -> str:
    mv = mlflow.register_model(f"runs:/{run_id}/model", MODEL_NAME)
    return mv.version


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--run-id")
    group.add_argument("--version")
    parser.add_argument("--alias", default="challenger", choices=["champion", "challenger"])
    args = parser.parse_args(argv)

    client = MlflowClient()
    version = args.version or register_run(args.run_id)
    mv = client.get_model_version(MODEL_NAME, version)
    auc = float(mv.tags.get("holdout_roc_auc", "nan"))
    if args.alias == "champion" and not auc >= MIN_HOLDOUT_AUC:
        raise SystemExit(f"refusing to promote v{version}: holdout AUC {auc} < {MIN_HOLDOUT_AUC}")

    client.set_registered_model_alias(MODEL_NAME, args.alias, version)
    client.update_model_version(
        MODEL_NAME, version, description=f"promoted to {args.alias} (holdout AUC {auc:.4f})"
    )
    champion = client.get_model_version_by_alias(MODEL_NAME, "champion")
    print(f"{args.alias} -> v{version}; champion is v{champion.version}")


if __name__ == "__main__":
    main()
