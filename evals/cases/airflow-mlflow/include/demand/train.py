from __future__ import annotations

import lightgbm as lgb
import mlflow
import numpy as np
import pandas as pd
import yaml

from demand.data import add_calendar_features

FEATURES = ["store_id", "sku", "price", "promo", "dow", "week", "units_lag_7", "units_lag_14", "units_lag_28"]


def wape(y_true, y_pred) -> float:
    return float(np.abs(y_true - y_pred).sum() / max(np.abs(y_true).sum(), 1e-9))


def train(sales_path: str, config_path: str, git_sha: str, run_date: str) -> str:
    cfg = yaml.safe_load(open(config_path))
    np.random.seed(cfg["seed"])
    df = add_calendar_features(pd.read_parquet(sales_path))
    cutoff = df["day"].max() - pd.Timedelta(days=cfg["horizon_days"])
    train_df, valid_df = df[df["day"] <= cutoff], df[df["day"] > cutoff]

    mlflow.set_experiment(cfg["experiment_name"])
    with mlflow.start_run(run_name=f"weekly-{run_date}") as run:
        mlflow.set_tags({"git_sha": git_sha, "airflow.run_date": run_date, "trigger": "airflow"})
        mlflow.log_params({**cfg["lightgbm"], "seed": cfg["seed"], "horizon_days": cfg["horizon_days"]})
        mlflow.log_param("train_rows", len(train_df))
        mlflow.log_param("data_cutoff", str(cutoff.date()))

        model = lgb.LGBMRegressor(random_state=cfg["seed"], **cfg["lightgbm"])
        model.fit(
            train_df[FEATURES],
            train_df["units"],
            eval_set=[(valid_df[FEATURES], valid_df["units"])],
            callbacks=[lgb.early_stopping(100, verbose=False)],
        )
        pred = model.predict(valid_df[FEATURES])
        mlflow.log_metric("valid_wape", wape(valid_df["units"].to_numpy(), pred))
        mlflow.log_metric("best_iteration", model.best_iteration_)
        mlflow.lightgbm.log_model(model, artifact_path="model", input_example=valid_df[FEATURES].head(3))
        return run.info.run_id
