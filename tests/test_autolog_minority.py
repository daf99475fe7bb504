"""Level 5 of parameter logging is automatic capture for every run. Autologging in one script of a
course while the other training scripts log their parameters by hand is level 4. Synthetic."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

MANUAL = """
import mlflow
from sklearn.ensemble import RandomForestRegressor

params = {"max_depth": 10, "n_estimators": 100}
with mlflow.start_run():
    mlflow.log_params(params)
    model = RandomForestRegressor(**params, random_state=0).fit(X, y)
    mlflow.log_metric("rmse", rmse(model, X_val, y_val))
"""

AUTO = """
import mlflow
from sklearn.ensemble import RandomForestRegressor

mlflow.sklearn.autolog()
with mlflow.start_run():
    model = RandomForestRegressor(max_depth=10, random_state=0).fit(X, y)
"""


def test_autolog_in_a_minority_of_scripts_is_level_four(tmp_path):
    files = {f"0{i}-lesson/train.py": MANUAL for i in range(1, 5)}
    files["05-homework/register_model.py"] = AUTO
    write_repo(tmp_path, files)
    dim = dimension(run_audit(tmp_path), "parameter_logging")
    assert dim.score == 4 and "capture it automatically" in dim.reasons[0], dim.reasons


def test_autolog_everywhere_is_level_five(tmp_path):
    files = {f"0{i}-lesson/train.py": AUTO for i in range(1, 5)}
    write_repo(tmp_path, files)
    assert dimension(run_audit(tmp_path), "parameter_logging").score == 5
