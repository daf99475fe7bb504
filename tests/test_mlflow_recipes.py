"""An MLflow Recipe (recipe.yaml naming a template, run by `mlflow.recipes.Recipe(profile=...).run()`):
the framework logs each run's resolved recipe, step parameters, metrics and model to an MLflow run, and
its register step adds the model to the registry. Synthetic."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

RECIPE = """recipe: "regression/v1"
target_col: "fare_amount"
primary_metric: "root_mean_squared_error"
steps:
  ingest: {{INGEST_CONFIG}}
  split:
    split_ratios: [0.75, 0.125, 0.125]
  train:
    using: "custom"
    estimator_method: estimator_fn
  evaluate:
    validation_criteria:
      - metric: root_mean_squared_error
        threshold: 10
  register:
    allow_non_validated_model: false
"""
TRAIN_STEP = "def estimator_fn(estimator_params=None):\n    from sklearn.linear_model import SGDRegressor\n\n"
TRAIN_STEP += "    return SGDRegressor(random_state=42, **(estimator_params or {}))\n"
RUN = "from mlflow.recipes import Recipe\n\nr = Recipe(profile='local')\nr.run()\n"


def _result(tmp_path, recipe=RECIPE):
    files = {"recipe.yaml": recipe, "steps/train.py": TRAIN_STEP, "notebooks/run.py": RUN}
    files |= {"profiles/local.yaml": "INGEST_CONFIG:\n  using: parquet\n  location: ./data/sample.parquet\n"}
    return run_audit(write_repo(tmp_path, files))


def test_a_recipe_captures_its_configuration_and_registers_its_model(tmp_path):
    result = _result(tmp_path)
    assert dimension(result, "parameter_logging").score == 5
    results = dimension(result, "result_persistence")
    assert results.score == 5 and "recipe.yaml" in " ".join(results.reasons), results.reasons


def test_a_recipe_without_a_register_step_keeps_runs_but_no_registry(tmp_path):
    recipe = RECIPE.split("  register:")[0]
    assert dimension(_result(tmp_path, recipe), "result_persistence").score == 4


def test_a_recipes_steps_log_its_metrics(tmp_path):
    f = next(f for f in _result(tmp_path).findings if f.rule_id == "ET301")
    assert f.status == "PASS" and "recipe.yaml" in f.evidence[0].path, f.message
