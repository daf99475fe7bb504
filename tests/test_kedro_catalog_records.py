"""A Kedro pipeline writes its run record through the data catalog: a dataset declared with
``versioned: true`` is saved under a new timestamped folder on every run, without it every run
overwrites the file. The repository below is synthetic: a student-style Kedro project whose
notebooks are drafts of the pipeline's nodes."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, notebook, write_repo

CATALOG = """
players:
  type: pandas.CSVDataset
  filepath: data/01_raw/players.csv
grid_svr_model:
  type: pickle.PickleDataset
  filepath: data/06_models/grid_svr_model.pkl
  versioned: true
metrics_svr:
  type: pandas.CSVDataset
  filepath: data/08_reporting/metrics_svr.csv
  versioned: true
y_pred_svr:
  type: pandas.CSVDataset
  filepath: data/07_model_output/y_pred_svr.csv
"""

NODES = """
import pandas as pd
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.svm import SVR


def fit_svr(players, params):
    x_train, x_test, y_train, y_test = train_test_split(
        players.drop(columns="value"), players["value"], random_state=params["seed"]
    )
    grid = GridSearchCV(SVR(), param_grid=params["grid"], cv=5)
    grid.fit(x_train, y_train)
    score = grid.score(x_test, y_test)
    return grid.best_estimator_, pd.DataFrame({"r2": [score]}), pd.DataFrame(grid.predict(x_test))
"""

DRAFT = notebook(
    "import pandas as pd\nfrom sklearn.svm import SVR\n",
    "df = pd.read_csv('../data/01_raw/players.csv')\nmodel = SVR().fit(df.drop(columns='value'), df['value'])\n",
    "print(model.score(df.drop(columns='value'), df['value']))\n",
)


def _files(catalog: str) -> dict[str, str]:
    files = {
        "pyproject.toml": '[tool.kedro]\npackage_name = "fifa"\nproject_name = "fifa"\n',
        "requirements.txt": "kedro==1.0.0\nkedro-datasets==8.0.0\nscikit-learn==1.5.0\npandas==2.2.2\n",
        "conf/base/parameters.yml": "seed: 42\ngrid:\n  C: [0.1, 1.0]\n",
        "conf/base/catalog.yml": catalog,
        "src/fifa/__init__.py": "",
        "src/fifa/pipelines/__init__.py": "",
        "src/fifa/pipelines/regression/__init__.py": "",
        "src/fifa/pipelines/regression/nodes.py": NODES,
        "src/fifa/pipelines/regression/pipeline.py": """
            from kedro.pipeline import Pipeline, node
            from .nodes import fit_svr

            def create_pipeline():
                return Pipeline([
                    node(fit_svr, ["players", "params:model"], ["grid_svr_model", "metrics_svr", "y_pred_svr"]),
                ])
            """,
        "src/fifa/pipeline_registry.py": """
            from kedro.pipeline import Pipeline
            from fifa.pipelines.regression.pipeline import create_pipeline

            def register_pipelines():
                return {"__default__": create_pipeline()}
            """,
    }
    for i in range(4):
        files[f"notebooks/0{i}_draft_model.ipynb"] = DRAFT
    return files


def test_versioned_catalog_datasets_are_per_run_results_of_the_pipeline(tmp_path):
    write_repo(tmp_path, _files(CATALOG))
    result = run_audit(tmp_path)
    rec = result.ctx.records
    ckpt = [p for p in rec.checkpoints if p.evidence.path == "conf/base/catalog.yml"]
    metrics = [p for p in rec.metrics if p.evidence.path == "conf/base/catalog.yml"]
    assert [p.target for p in ckpt] == ["data/06_models/grid_svr_model.pkl"] and ckpt[0].per_run
    assert [p.target for p in metrics] == ["data/08_reporting/metrics_svr.csv"] and metrics[0].per_run
    # predictions and raw tables are not the model or its metrics
    assert not any("y_pred" in p.target or "01_raw" in p.target for p in (*rec.checkpoints, *rec.metrics))
    dim = dimension(result, "result_persistence")
    # the notebooks beside the pipeline are its drafts: the pipeline decides the level
    assert dim.score == 4, dim.reasons
    assert "conf/base/catalog.yml" in " ".join(dim.reasons)


def test_unversioned_catalog_datasets_are_overwritten_by_every_run(tmp_path):
    write_repo(tmp_path, _files(CATALOG.replace("  versioned: true\n", "")))
    result = run_audit(tmp_path)
    rec = result.ctx.records
    declared = [p for p in (*rec.checkpoints, *rec.metrics) if p.evidence.path == "conf/base/catalog.yml"]
    assert declared and all(p.keeping == "fixed" for p in declared)
    assert dimension(result, "result_persistence").score < 4


def test_kedro_mlflow_pipeline_ml_factory_keeps_the_unversioned_model_with_each_run(tmp_path):
    files = _files(CATALOG.replace("  versioned: true\n", ""))
    files["src/fifa/pipeline_registry.py"] = """
        from kedro.pipeline import Pipeline
        from kedro_mlflow.pipeline import pipeline_ml_factory
        from fifa.pipelines.regression.pipeline import create_pipeline

        def register_pipelines():
            training = create_pipeline()
            return {"__default__": pipeline_ml_factory(training=training, inference=training)}
        """
    write_repo(tmp_path, files)
    rec = run_audit(tmp_path).ctx.records
    # the model goes to MLflow with every run: no "overwritten at a fixed path" record from the catalog
    assert not [p for p in rec.checkpoints if p.evidence.path == "conf/base/catalog.yml"]
