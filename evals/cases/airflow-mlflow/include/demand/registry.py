from __future__ import annotations

import mlflow
from mlflow.tracking import MlflowClient

MODEL_NAME = "demand-forecaster"


def register(run_id: str) -> str:
    mv = mlflow.register_model(f"runs:/{run_id}/model", MODEL_NAME, tags={"source": "airflow"})
    return mv.version


def production_wape(client: MlflowClient) -> float | None:
    prod = client.get_latest_versions(MODEL_NAME, stages=["Production"])
    if not prod:
        return None
    return client.get_run(prod[0].run_id).data.metrics["valid_wape"]


def validate_candidate(run_id: str, max_regression: float) -> bool:
    client = MlflowClient()
    candidate = client.get_run(run_id).data.metrics["valid_wape"]
    current = production_wape(client)
    return current is None or candidate <= current + max_regression


def to_staging(version: str) -> None:
    MlflowClient().transition_model_version_stage(MODEL_NAME, version, stage="Staging")


def promote(version: str) -> None:
    client = MlflowClient()
    client.transition_model_version_stage(
        name=MODEL_NAME, version=version, stage="Production", archive_existing_versions=True
    )
    client.update_model_version(MODEL_NAME, version, description="promoted by demand_retrain DAG")
