from __future__ import annotations

import pendulum
from airflow import DAG
from airflow.operators.python import PythonOperator


def score(ds: str, **_) -> None:
    import mlflow
    import pandas as pd

    from demand.data import add_calendar_features
    from demand.train import FEATURES

    model = mlflow.pyfunc.load_model("models:/demand-forecaster/Production")
    df = add_calendar_features(pd.read_parquet(f"/data/features/{ds}.parquet"))
    df["forecast"] = model.predict(df[FEATURES])
    df[["store_id", "sku", "day", "forecast"]].to_parquet(f"/data/forecasts/{ds}.parquet")


with DAG(
    dag_id="demand_batch_inference",
    schedule="0 4 * * *",
    start_date=pendulum.datetime(2023, 10, 1, tz="UTC"),
    catchup=False,
    tags=["ml", "demand"],
) as dag:
    PythonOperator(task_id="score", python_callable=score)
