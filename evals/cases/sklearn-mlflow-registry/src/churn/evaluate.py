"""Evaluate a registered model version on the latest holdout snapshot."""

from __future__ import annotations

import argparse

import mlflow
import pandas as pd
from mlflow import MlflowClient
from sklearn.metrics import roc_auc_score

MODEL_NAME = "churn-classifier"


def main(argv: list[str] | None = None) -> float:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--version", required=True)
    parser.add_argument("--holdout", default="s3://acme-ml-data/churn/holdout/latest.parquet")
    args = parser.parse_args(argv)

    client = MlflowClient()
    mv = client.get_model_version(MODEL_NAME, args.version)
    model = mlflow.pyfunc.load_model(f"models:/{MODEL_NAME}/{args.version}")
    holdout = pd.read_parquet(args.holdout)
    proba = model.predict(holdout.drop(columns=["churned"]))
    auc = roc_auc_score(holdout["churned"], proba)

    with mlflow.start_run(run_id=mv.run_id):
        mlflow.log_metric("holdout_roc_auc", auc)
    client.set_model_version_tag(MODEL_NAME, args.version, "holdout_roc_auc", f"{auc:.4f}")
    print(f"{MODEL_NAME} v{args.version}: holdout ROC AUC {auc:.4f}")
    return auc


if __name__ == "__main__":
    main()
