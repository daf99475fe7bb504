"""Train the churn classifier and log everything to MLflow."""

from __future__ import annotations

import argparse
import platform

import mlflow
import sklearn
from mlflow.models import infer_signature
from sklearn.metrics import average_precision_score, f1_score, roc_auc_score

from churn import __version__
from churn.config import load_config, seed_everything
from churn.data import load_accounts, log_dataset, split
from churn.features import build_pipeline


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", default="configs/train.yaml")
    parser.add_argument("--run-name", default=None)
    parser.add_argument("--register", action="store_true")
    args = parser.parse_args(argv)

    cfg = load_config(args.config)
    seed_everything(cfg.seed)
    mlflow.set_experiment(cfg.raw["experiment_name"])
    mlflow.sklearn.autolog(log_models=False, log_input_examples=False, silent=True)

    df = load_accounts(cfg.raw["data"]["path"])
    X_train, X_test, y_train, y_test = split(
        df, cfg.raw["data"]["target"], cfg.raw["data"]["test_size"], cfg.seed
    )

    with mlflow.start_run(run_name=args.run_name) as run:
        mlflow.log_params(cfg.flat_params())
        mlflow.set_tags(
            {
                "package_version": __version__,
                "sklearn_version": sklearn.__version__,
                "python_version": platform.python_version(),
                "data.snapshot_date": cfg.raw["data"]["snapshot_date"],
            }
        )
        log_dataset(X_train.assign(churned=y_train), cfg.raw["data"]["path"], "training")
        log_dataset(X_test.assign(churned=y_test), cfg.raw["data"]["path"], "evaluation")

        pipe = build_pipeline(
            cfg.raw["features"]["numeric"],
            cfg.raw["features"]["categorical"],
            cfg.raw["model"],
            cfg.seed,
        )
        pipe.fit(X_train, y_train)

        proba = pipe.predict_proba(X_test)[:, 1]
        pred = (proba >= 0.5).astype(int)
        mlflow.log_metrics(
            {
                "test_roc_auc": roc_auc_score(y_test, proba),
                "test_pr_auc": average_precision_score(y_test, proba),
                "test_f1": f1_score(y_test, pred),
            }
        )
        mlflow.log_artifact(args.config, artifact_path="config")

        signature = infer_signature(X_test, proba)
        mlflow.sklearn.log_model(
            pipe,
            artifact_path="model",
            signature=signature,
            input_example=X_test.head(5),
            registered_model_name=cfg.raw["registered_model_name"] if args.register else None,
        )
        return run.info.run_id


if __name__ == "__main__":
    main()
