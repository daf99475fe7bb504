from __future__ import annotations

import joblib
import pandas as pd
import yaml
from clearml import Logger, OutputModel, Task
from prefect import flow, get_run_logger, task
from prefect.tasks import task_input_hash
from sklearn.ensemble import IsolationForest

from anomaly.features import rolling_features


@task(retries=3, retry_delay_seconds=60, cache_key_fn=task_input_hash)
def load_line(line: str, day: str) -> pd.DataFrame:
    return pd.read_parquet(f"s3://acme-mfg-sensors/line={line}/", filters=[("date", "<=", day)])


@task
def train_line(line: str, df: pd.DataFrame, cfg: dict, flow_run_id: str) -> float:
    task_ = Task.init(
        project_name="Manufacturing/AnomalyDetection",
        task_name=f"iforest-{line}",
        tags=[line, "nightly"],
        reuse_last_task_id=False,
        auto_connect_frameworks={"sklearn": False, "joblib": False},
    )
    params = task_.connect(dict(cfg), name="model")
    task_.set_parameter("General/prefect_flow_run_id", flow_run_id)
    feats = rolling_features(df, params["features"], params["window"])
    model = IsolationForest(
        n_estimators=params["n_estimators"],
        max_samples=params["max_samples"],
        contamination=params["contamination"],
        random_state=params["seed"],
    ).fit(feats)
    scores = -model.score_samples(feats)
    logger = Logger.current_logger()
    logger.report_scalar("scores", "p99", value=float(pd.Series(scores).quantile(0.99)), iteration=0)
    logger.report_scalar("scores", "anomaly_rate", value=float((model.predict(feats) == -1).mean()), iteration=0)
    logger.report_histogram("scores", "distribution", values=scores[:5000], iteration=0)

    path = f"artifacts/iforest_{line}.joblib"
    joblib.dump(model, path)
    out = OutputModel(task=task_, framework="scikit-learn", name=f"iforest-{line}")
    out.update_weights(weights_filename=path)
    task_.close()
    return float(scores.mean())


@flow(name="retrain-all-lines", log_prints=True)
def retrain_all_lines(lines: list[str], config_path: str = "configs/model.yaml", day: str | None = None) -> dict:
    from prefect.runtime import flow_run

    log = get_run_logger()
    cfg = yaml.safe_load(open(config_path))
    day = day or pd.Timestamp.utcnow().strftime("%Y-%m-%d")
    results = {}
    for line in lines:
        df = load_line(line, day)
        results[line] = train_line(line, df, cfg, flow_run.get_id())
        log.info("line %s: mean score %.4f", line, results[line])
    return results


if __name__ == "__main__":
    retrain_all_lines(["L1"])
