"""Grid search over the GBM; every candidate is a nested MLflow run via autolog."""

from __future__ import annotations

import argparse

import mlflow
from sklearn.model_selection import GridSearchCV, StratifiedKFold

from churn.config import load_config, seed_everything
from churn.data import load_accounts, split
from churn.features import build_pipeline


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", default="configs/train.yaml")
    args = parser.parse_args(argv)

    cfg = load_config(args.config)
    seed_everything(cfg.seed)
    mlflow.set_experiment(cfg.raw["experiment_name"] + "-tuning")
    mlflow.sklearn.autolog(max_tuning_runs=20, log_models=False)

    df = load_accounts(cfg.raw["data"]["path"])
    X_train, _, y_train, _ = split(df, cfg.raw["data"]["target"], cfg.raw["data"]["test_size"], cfg.seed)
    pipe = build_pipeline(
        cfg.raw["features"]["numeric"], cfg.raw["features"]["categorical"], cfg.raw["model"], cfg.seed
    )
    search = GridSearchCV(
        pipe,
        param_grid=cfg.raw["search"]["grid"],
        scoring=cfg.raw["search"]["scoring"],
        cv=StratifiedKFold(n_splits=cfg.raw["search"]["cv"], shuffle=True, random_state=cfg.seed),
        n_jobs=-1,
        refit=True,
    )
    with mlflow.start_run(run_name="grid-search"):
        mlflow.set_tag("search", "grid")
        search.fit(X_train, y_train)
        mlflow.log_metric("best_cv_roc_auc", search.best_score_)


if __name__ == "__main__":
    main()
