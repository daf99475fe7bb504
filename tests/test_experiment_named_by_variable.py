"""An experiment named by a computed value (`mlflow.set_experiment(project_name)`) is named as much
as one named by a literal: ET110 passes and cites the call."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = """
import mlflow
import xgboost as xgb

def main(cfg):
    project_name = cfg["project"]
    mlflow.set_experiment({arg})
    with mlflow.start_run():
        mlflow.log_params(cfg)
        xgb.train(cfg, dtrain)

if __name__ == "__main__":
    main(load())
"""


def test_a_variable_experiment_name_names_the_runs(tmp_path):
    write_repo(tmp_path, {"train.py": TRAIN.replace("{arg}", "project_name")})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET110")
    assert f.status == "PASS" and f.evidence[0].where() == "train.py:6"


def test_no_name_at_all_still_warns(tmp_path):
    write_repo(tmp_path, {"train.py": TRAIN.replace("    mlflow.set_experiment({arg})\n", "")})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET110")
    assert f.status == "WARN"
