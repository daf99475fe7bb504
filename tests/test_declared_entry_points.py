"""Training entry points and trackers declared outside plain Python calls: CLI subcommands, Kedro
pipeline registries, MLproject entry points, and a plugin (kedro-mlflow) that tracks on the project's
behalf. Each repository below is synthetic, written for the case it tests."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension as _dim
from tests.rules.repo_helpers import notebook, status_of, write_repo


def _finding(result, rule_id):
    return next((f for f in result.findings if f.rule_id == rule_id), None)


# -- CLI subcommand dispatch ------------------------------------------------------------------

SEGTOOL_TRAINER = """
import keras

def fit_model(model, images, epochs=3, auto_resume=False):
    if auto_resume:
        model.load_weights("weights.h5")
    model.fit(images, epochs=epochs)
    model.save_weights("weights.h5")
"""

SEGTOOL_CLI = """
import argparse
from .trainer import fit_model
from .infer import run_inference


def add_fit(sub):
    p = sub.add_parser("fit")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--auto_resume_checkpoint", action="store_true")

    def handler(args):
        return fit_model(None, args.images, epochs=args.epochs, auto_resume=args.auto_resume_checkpoint)

    p.set_defaults(func=handler)


def add_infer(sub):
    p = sub.add_parser("infer")
    p.add_argument("--weights", type=str)
    p.set_defaults(func=lambda a: run_inference(a.weights))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    add_fit(sub)
    add_infer(sub)
    args = parser.parse_args()
    args.func(args)
"""

SEGTOOL_MAIN = """
def main():
    from . import commands
    commands.main()

if __name__ == "__main__":
    main()
"""


def test_argparse_subcommand_whose_handler_trains_is_a_training_entry_point(tmp_path):
    write_repo(
        tmp_path,
        {
            "segtool/__init__.py": "",
            "segtool/trainer.py": SEGTOOL_TRAINER,
            "segtool/infer.py": "def run_inference(w):\n    return w\n",
            "segtool/commands.py": SEGTOOL_CLI,
            "segtool/__main__.py": SEGTOOL_MAIN,
        },
    )
    result = run_audit(tmp_path)
    tax = result.ctx.taxonomy
    cli = [e for e in tax.training_entry_points if e.path == "segtool/commands.py"]
    assert cli and "`fit`" in cli[0].detail and "segtool/trainer.py" in cli[0].detail
    assert cli[0].line == 7  # the add_parser("fit") line, not the module or the infer command
    # python -m segtool reaches the trainer through the CLI module: it launches training too
    assert "segtool/__main__.py" in {e.path for e in tax.training_entry_points}
    assert "segtool/__main__.py" not in {e.path for e in tax.entry_points}
    # The fit subcommand's options are the run's parameters (not the infer subcommand's --weights),
    # and its --auto_resume_checkpoint with the trainer's load_weights is a resume path.
    from experiment_tracking.rubric import _cli_options

    assert _cli_options(result.ctx) == ["--epochs", "--auto_resume_checkpoint"]
    assert status_of(result, "ET511") == "PASS"


def test_a_cli_whose_subcommands_only_predict_is_not_training(tmp_path):
    cli = SEGTOOL_CLI.replace("from .trainer import fit_model\n", "").replace(
        "fit_model(None, args.images, epochs=args.epochs)", "print(args.epochs)"
    )
    write_repo(
        tmp_path,
        {
            "segtool/__init__.py": "",
            "segtool/infer.py": "def run_inference(w):\n    return w\n",
            "segtool/commands.py": cli,
        },
    )
    tax = run_audit(tmp_path).ctx.taxonomy
    assert tax.training_entry_points == []


def test_click_group_command_that_calls_the_trainer_is_a_training_entry_point(tmp_path):
    write_repo(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/engine.py": "import torch\n\ndef run_epochs(optimizer, n):\n    for _ in range(n):\n        optimizer.step()\n",
            "pkg/cli.py": """
                import click
                from pkg.engine import run_epochs

                @click.group()
                def cli():
                    pass

                @cli.command()
                def report():
                    print("ok")

                @cli.command()
                @click.option("--n", default=2)
                def learn(n):
                    run_epochs(None, n)
                """,
        },
    )
    tax = run_audit(tmp_path).ctx.taxonomy
    hits = [e for e in tax.training_entry_points if e.path == "pkg/cli.py"]
    assert hits and "`learn`" in hits[0].detail


# -- MLproject entry points and notebooks ------------------------------------------------------

LGBM_NOTEBOOK = notebook(
    "import pandas as pd\nimport mlflow\nfrom lightgbm import LGBMClassifier\ndf = pd.read_csv('train.csv')",
    "df.head()",
    "mlflow.set_experiment('cv')\nwith mlflow.start_run():\n"
    "    clf = LGBMClassifier(n_estimators=50)\n    clf.fit(df, df['y'])\n"
    "    mlflow.log_param('n_estimators', 50)\n    mlflow.log_metric('auc', 0.9)\n"
    "    df.to_csv('oof.csv')\n    mlflow.log_artifact('oof.csv')",
)
EDA_NOTEBOOK = notebook(
    "import pandas as pd\nfrom sklearn.preprocessing import StandardScaler\nfrom sklearn.manifold import TSNE",
    "df = pd.read_csv('train.csv')\nsc = StandardScaler().fit(df)\nemb = TSNE(random_state=1).fit_transform(df)",
)


def test_mlproject_entry_point_launches_the_notebook_and_eda_is_not_training(tmp_path):
    write_repo(
        tmp_path,
        {
            "MLproject": """
                name: comp
                conda_env: conda.yaml
                entry_points:
                  main:
                    command: "jupyter nbconvert --execute Fit.ipynb --inplace"
                """,
            "conda.yaml": "dependencies:\n  - python=3.10\n  - mlflow=2.9.2\n",
            "Fit.ipynb": LGBM_NOTEBOOK,
            "Explore.ipynb": EDA_NOTEBOOK,
        },
    )
    result = run_audit(tmp_path)
    tax = result.ctx.taxonomy
    assert [e.path for e in tax.training_entry_points] == ["Fit.ipynb"]
    ep = tax.training_entry_points[0]
    assert "run by MLflow Projects" in ep.detail and "MLproject:5" in ep.detail
    assert ep.cell == 3  # the cell that fits the model, not df.head()
    f501 = _finding(result, "ET501")
    assert f501.status == "WARN" and "run by MLflow Projects" in f501.message and "0 other" in f501.message


def test_mlproject_python_entry_point_is_named(tmp_path):
    write_repo(
        tmp_path,
        {
            "MLproject": "name: x\nentry_points:\n  main:\n    command: 'python fit.py --alpha {alpha}'\n",
            "fit.py": "import sklearn.linear_model as lm\n\nif __name__ == '__main__':\n"
            "    lm.Ridge().fit([[0]], [0])\n",
        },
    )
    tax = run_audit(tmp_path).ctx.taxonomy
    assert [e.path for e in tax.training_entry_points] == ["fit.py"]
    assert "MLproject:4" in tax.training_entry_points[0].detail


def test_tracker_final_metrics_with_artifacts_persist_results_per_run(tmp_path):
    # Notebook-only study: every run logs its final metrics and its outputs to MLflow, no model file.
    write_repo(tmp_path, {"Fit.ipynb": LGBM_NOTEBOOK})
    result = run_audit(tmp_path)
    assert status_of(result, "ET311") == "PASS"
    dim = _dim(result, "result_persistence")
    assert dim.score == 4 and "artifacts" in " ".join(dim.reasons)


def test_tracker_final_metrics_without_outputs_are_per_run_metrics(tmp_path):
    nb = LGBM_NOTEBOOK.replace("mlflow.log_artifact('oof.csv')", "print('done')")
    write_repo(tmp_path, {"Fit.ipynb": nb})
    assert _dim(run_audit(tmp_path), "result_persistence").score == 3


# -- Kedro pipelines and the kedro-mlflow plugin ----------------------------------------------

KEDRO_FILES = {
    "pyproject.toml": '[tool.kedro]\npackage_name = "churn"\nproject_name = "churn"\n',
    "src/requirements.txt": "kedro==0.19.3\nkedro-mlflow==0.12.2\nmlflow==2.11.0\nxgboost==2.0.3\n",
    "conf/base/parameters.yml": "seed: 3\nxgb:\n  max_depth: 4\n  eta: 0.1\n",
    "conf/base/catalog.yml": """
        features:
          type: pandas.CSVDataset
          filepath: data/features.csv
        booster:
          type: pickle.PickleDataset
          filepath: data/06_models/booster.pkl
        valid_auc:
          type: kedro_mlflow.io.metrics.MlflowMetricHistoryDataset
        importance_plot:
          type: kedro_mlflow.io.artifacts.MlflowArtifactDataset
          dataset:
            type: matplotlib.MatplotlibWriter
            filepath: data/08_reporting/importance.png
        """,
    "src/churn/__init__.py": "",
    "src/churn/pipelines/__init__.py": "",
    "src/churn/pipelines/modelling/__init__.py": "",
    "src/churn/pipelines/modelling/nodes.py": """
        import xgboost as xgb

        def fit_booster(features, params):
            history = {}
            booster = xgb.train(params, xgb.DMatrix(features), evals_result=history)
            return booster, history["valid"]["auc"]
        """,
    "src/churn/pipelines/modelling/pipeline.py": """
        from kedro.pipeline import Pipeline, node
        from .nodes import fit_booster

        def create_pipeline():
            return Pipeline([node(fit_booster, ["features", "params:xgb"], ["booster", "valid_auc"], tags="fitting")])
        """,
    "src/churn/pipeline_registry.py": """
        from kedro.pipeline import Pipeline
        from churn.pipelines.modelling.pipeline import create_pipeline

        def register_pipelines():
            modelling = create_pipeline()
            fitting = modelling.only_nodes_with_tags("fitting")
            return {"fit": fitting, "__default__": modelling}
        """,
}


def test_kedro_registry_is_the_training_entry_point_and_kedro_mlflow_is_the_tracker(tmp_path):
    write_repo(tmp_path, KEDRO_FILES)
    result = run_audit(tmp_path)
    tax = result.ctx.taxonomy
    eps = [e for e in tax.training_entry_points if e.path == "src/churn/pipeline_registry.py"]
    assert eps and "kedro run" in eps[0].detail and "`fitting`" in eps[0].detail
    assert "nodes.py" in eps[0].detail
    mlflow = next(d for d in result.ctx.detections if d.tool == "mlflow" and d.category == "tracking")
    assert mlflow.usage == "used"
    assert status_of(result, "ET101") == "PASS"
    assert status_of(result, "ET102") != "WARN"  # not "declared but never called"
    f301 = _finding(result, "ET301")
    assert f301.status == "PASS" and any(e.path == "conf/base/catalog.yml" for e in f301.evidence)
    f311 = _finding(result, "ET311")
    assert f311.status == "PASS" and [(e.path, e.line) for e in f311.evidence] == [
        ("conf/base/catalog.yml", 10)
    ]
    # The hook logs every node parameter and names each run after the pipeline.
    assert status_of(result, "ET210") == "PASS"
    assert status_of(result, "ET201") == "PASS"  # parameters.yml, overridden by `kedro run --params`
    assert any("hook" in e.detail for e in tax.run_naming) and tax.tagging
    assert _dim(result, "parameter_logging").score == 4
    assert _dim(result, "result_persistence").score >= 3
    # Runs are opened by `kedro run`, whose main file is not in the repository: no commit is recorded.
    assert status_of(result, "ET420") != "PASS"


def test_kedro_mlflow_installed_but_disabled_and_unused_is_not_a_tracker(tmp_path):
    files = dict(KEDRO_FILES)
    files["conf/base/catalog.yml"] = "features:\n  type: pandas.CSVDataset\n  filepath: data/f.csv\n"
    files["src/churn/settings.py"] = 'DISABLE_HOOKS_FOR_PLUGINS = ("kedro-mlflow",)\n'
    write_repo(tmp_path, files)
    result = run_audit(tmp_path)
    mlflow = [d for d in result.ctx.detections if d.tool == "mlflow" and d.category == "tracking"]
    assert not mlflow or mlflow[0].usage == "declared"
    assert status_of(result, "ET101") == "FAIL"


def test_mlflow_yml_names_the_experiment_and_the_server(tmp_path):
    files = dict(KEDRO_FILES)
    files["conf/base/mlflow.yml"] = (
        "server:\n  mlflow_tracking_uri: http://mlflow.internal:5000\n"
        "tracking:\n  experiment:\n    name: churn-xgb\n  run:\n    name: null\n"
    )
    write_repo(tmp_path, files)
    result = run_audit(tmp_path)
    names = [e for e in result.ctx.taxonomy.experiment_names if e.path == "conf/base/mlflow.yml"]
    assert names and "churn-xgb" in names[0].detail
    assert status_of(result, "ET110") == "PASS"
