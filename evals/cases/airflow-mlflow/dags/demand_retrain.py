from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.decorators import dag, task
from airflow.operators.python import ShortCircuitOperator
from airflow.models import Variable

CONFIG = "/opt/airflow/include/config/model.yaml"

default_args = {
    "owner": "forecasting",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
}


@dag(
    dag_id="demand_retrain",
    schedule="@weekly",
    start_date=pendulum.datetime(2023, 10, 1, tz="UTC"),
    catchup=False,
    default_args=default_args,
    tags=["ml", "demand", "mlflow"],
    max_active_runs=1,
)
def demand_retrain():
    @task
    def extract(ds=None) -> str:
        from demand.data import extract_sales

        start = pendulum.parse(ds).subtract(years=2).to_date_string()
        return extract_sales(start, ds, f"/tmp/sales_{ds}.parquet")

    @task
    def train(sales_path: str, ds=None) -> str:
        from demand.train import train as train_model

        git_sha = Variable.get("demand_git_sha", default_var="unknown")
        return train_model(sales_path, CONFIG, git_sha=git_sha, run_date=ds)

    def _validate(run_id: str) -> bool:
        import yaml

        from demand.registry import validate_candidate

        cfg = yaml.safe_load(open(CONFIG))
        return validate_candidate(run_id, cfg["validation"]["max_wape_regression"])

    @task
    def register(run_id: str) -> str:
        from demand.registry import register as register_model
        from demand.registry import to_staging

        version = register_model(run_id)
        to_staging(version)
        return version

    @task
    def promote(version: str) -> None:
        from demand.registry import promote as promote_version

        promote_version(version)

    run_id = train(extract())
    gate = ShortCircuitOperator(task_id="validate", python_callable=_validate, op_args=[run_id])
    version = register(run_id)
    gate >> version
    promote(version)


demand_retrain()
