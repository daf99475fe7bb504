"""Pipeline frameworks that record every run themselves: ZenML.

A ZenML pipeline on the main training path keeps each run in ZenML's own store: the parameters the
pipeline and its steps are given, every step output as a versioned artifact with its lineage, the
metadata a step logs, and (with a `Model` on the pipeline) a model version per run. The findings and
the scorecard read that record as they read a tracker's; a ZenML pipeline the training code never
runs records nothing."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from experiment_tracking.report.markdown import render_markdown
from tests.rules.repo_helpers import dimension, status_of, write_repo

PIPELINE = """
from zenml import Model, pipeline
from zenml.config import DockerSettings

from steps.prepare import prepare
from steps.fit import fit


@pipeline(
    enable_cache=True,
    model=Model(name="churn-classifier"),
    settings={"docker": DockerSettings(requirements=["pandas", "scikit-learn"])},
)
def churn_training(depth: int = 3, test_share: float = 0.25):
    table = prepare()
    fit(table, depth=depth, test_share=test_share)
"""

PREPARE = """
from typing import Annotated

import pandas as pd
from zenml import step


@step
def prepare() -> Annotated[pd.DataFrame, "customers"]:
    return pd.read_parquet("s3://bucket/customers.parquet").dropna()
"""

FIT = """
from typing import Annotated, Tuple

import pandas as pd
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier
from zenml import ArtifactConfig, log_metadata, step
from zenml.enums import ArtifactType


@step(enable_cache=False)
def fit(
    table: pd.DataFrame, depth: int, test_share: float
) -> Annotated[DecisionTreeClassifier, ArtifactConfig(name="tree", artifact_type=ArtifactType.MODEL)]:
    x_tr, x_te, y_tr, y_te = train_test_split(table.drop(columns="y"), table.y, test_size=test_share, random_state=0)
    tree = DecisionTreeClassifier(max_depth=depth, random_state=0).fit(x_tr, y_tr)
    scores = {"f1": f1_score(y_te, tree.predict(x_te)), "auc": roc_auc_score(y_te, tree.predict_proba(x_te)[:, 1])}
    log_metadata(metadata={"metrics": scores})
    return tree
"""

LAUNCH = """
import click

from pipelines.training import churn_training


@click.command()
@click.option("--config", default="configs/dev.yaml")
@click.option("--git-sha", envvar="CI_GIT_SHA", default=None)
def main(config, git_sha):
    churn_training.with_options(config_path=config, run_name=f"churn_{git_sha}")()


if __name__ == "__main__":
    main()
"""

STACK = """
#!/usr/bin/env bash
zenml orchestrator register k8s_orchestrator \\
    --flavor=kubernetes \\
    --kubernetes_namespace=ml
zenml stack register remote -o k8s_orchestrator -a default --set
"""

CI = """
on: [pull_request]
jobs:
  train:
    runs-on: ubuntu-latest
    env:
      ZENML_STORE_URL: https://zenml.example.org
      ZENML_STORE_API_KEY: ${{ secrets.ZENML_API_KEY }}
    steps:
      - uses: actions/checkout@v4
      - run: python run.py --git-sha ${{ github.sha }}
"""


def _project(tmp_path, **extra):
    files = {
        "pipelines/__init__.py": "",
        "pipelines/training.py": PIPELINE,
        "steps/__init__.py": "",
        "steps/prepare.py": PREPARE,
        "steps/fit.py": FIT,
        "run.py": LAUNCH,
        "configs/dev.yaml": "enable_cache: true\nparameters:\n  depth: 4\n",
        "requirements.txt": "zenml>=0.80\npandas\nscikit-learn\n",
        "README.md": "# Churn\n\n```bash\npython run.py\n```\n",
    }
    files.update(extra)
    return write_repo(tmp_path, files)


def _finding(result, rule_id):
    return next(f for f in result.findings if f.rule_id == rule_id)


def test_a_zenml_pipeline_records_parameters_metrics_models_and_outputs_of_every_run(tmp_path):
    result = run_audit(_project(tmp_path))
    for rule_id in ("ET210", "ET302", "ET310", "ET311", "ET520", "ET502"):
        assert status_of(result, rule_id) == "PASS", (rule_id, _finding(result, rule_id).message)
    # Metrics logged once per run (a fitted tree has no curve): recorded, not "never logged".
    assert status_of(result, "ET301") == "WARN"
    assert "ZenML" in _finding(result, "ET310").message
    assert "fit" in _finding(result, "ET311").message
    # enable_cache=True and the pipeline's own parameters (depth, test_share)
    details = " ".join(e.detail for e in _finding(result, "ET502").evidence)
    assert "enable_cache=True" in details and "depth" in details
    assert dimension(result, "parameter_logging").score == 4
    assert dimension(result, "result_persistence").score == 5
    tools = next(ln for ln in render_markdown(result).splitlines() if "Tracking tools identified" in ln)
    assert "ZenML" in tools


def test_zenml_data_artifacts_are_part_versioned_data_not_none(tmp_path):
    result = run_audit(_project(tmp_path))
    f120 = _finding(result, "ET120")
    assert f120.status == "WARN" and "ZenML" in f120.message and "prepare" in f120.message
    assert dimension(result, "data_versioning").score == 3
    f421 = _finding(result, "ET421")
    assert f421.status == "WARN" and "ZenML" in f421.message


def test_a_zenml_server_is_shared_and_a_local_store_is_not(tmp_path):
    shared = run_audit(_project(tmp_path / "shared", **{".github/workflows/train.yml": CI}))
    assert status_of(shared, "ET601") == "PASS"
    local = run_audit(_project(tmp_path / "local"))
    f601 = _finding(local, "ET601")
    assert f601.status == "WARN" and "ZenML" in f601.message
    assert "MLFLOW_TRACKING_URI" not in f601.recommendation


def test_the_commit_a_zenml_launcher_takes_is_asked_about_and_a_code_repository_records_it(tmp_path):
    asked = _finding(run_audit(_project(tmp_path / "asked")), "ET420")
    assert asked.status == "REVIEW" and "--git-sha" in asked.question
    registered = run_audit(
        _project(
            tmp_path / "registered",
            **{
                "scripts/setup.sh": "zenml code-repository register churn --type=github --owner=o --repository=r\n"
            },
        )
    )
    assert status_of(registered, "ET420") == "PASS"


def test_docker_settings_are_a_container_only_for_a_stack_that_runs_steps_in_containers(tmp_path):
    remote = run_audit(_project(tmp_path / "remote", **{"stacks/remote.sh": STACK}))
    f412 = _finding(remote, "ET412")
    assert "DockerSettings" in f412.message and "not pinned" in f412.message
    env = dimension(remote, "environment_capture")
    assert "DockerSettings" in " ".join(env.reasons)
    local = run_audit(_project(tmp_path / "local"))
    f412 = _finding(local, "ET412")
    assert "no stack that runs steps in containers" in f412.message
    assert "DockerSettings" not in " ".join(dimension(local, "environment_capture").reasons)


def test_a_zenml_pipeline_the_training_script_never_runs_records_nothing(tmp_path):
    train = """
    import argparse
    import pandas as pd
    from sklearn.tree import DecisionTreeClassifier
    p = argparse.ArgumentParser()
    p.add_argument("--depth", type=int, default=3)
    args = p.parse_args()
    df = pd.read_csv("data.csv")
    model = DecisionTreeClassifier(max_depth=args.depth).fit(df.drop(columns="y"), df.y)
    print(model.score(df.drop(columns="y"), df.y))
    """
    write_repo(
        tmp_path,
        {
            "train.py": train,
            "experimental/zen/pipeline.py": PIPELINE.replace("steps.", "experimental.zen.steps."),
            "experimental/zen/steps/prepare.py": PREPARE,
            "experimental/zen/steps/fit.py": FIT,
        },
    )
    result = run_audit(tmp_path)
    assert status_of(result, "ET210") != "PASS"
    assert status_of(result, "ET310") != "PASS"
    assert dimension(result, "result_persistence").score < 4
    assert "ZenML" not in _finding(result, "ET101").message


OLD_STEP = """
from zenml.steps import BaseParameters, Output, step
import torch


class TrainerParameters(BaseParameters):
    lr: float = 0.01
    epochs: int = 5


@step
def trainer(params: TrainerParameters, loader: torch.utils.data.DataLoader) -> Output(model=torch.nn.Module):
    net = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(net.parameters(), lr=params.lr)
    for _ in range(params.epochs):
        for x, y in loader:
            opt.zero_grad(); torch.nn.functional.cross_entropy(net(x), y).backward(); opt.step()
    return net
"""

OLD_PIPELINE = """
from zenml.pipelines import pipeline


@pipeline
def training_pipeline(load, trainer):
    loader = load()
    trainer(loader)
"""

OLD_RUN = """
from pipelines.training import training_pipeline
from steps.trainer import trainer
from steps.load import load


def main():
    training_pipeline(load(), trainer()).run(config_path="pipelines/config.yaml")


if __name__ == "__main__":
    main()
"""

OLD_LOAD = """
from zenml.steps import Output, step
import torch


@step
def load() -> Output(loader=torch.utils.data.DataLoader):
    return torch.utils.data.DataLoader(torch.load("data/train.pt"), batch_size=32)
"""


def test_older_zenml_pipelines_step_parameters_and_a_config_that_turns_caching_off(tmp_path):
    write_repo(
        tmp_path,
        {
            "pipelines/__init__.py": "",
            "pipelines/training.py": OLD_PIPELINE,
            "steps/__init__.py": "",
            "steps/trainer.py": OLD_STEP,
            "steps/load.py": OLD_LOAD,
            "run.py": OLD_RUN,
            "pipelines/config.yaml": "enable_cache: False\nsteps:\n  trainer:\n    parameters:\n      lr: 0.05\n",
        },
    )
    result = run_audit(tmp_path)
    assert dimension(result, "parameter_logging").score == 4
    assert dimension(result, "result_persistence").score == 4
    f502 = _finding(result, "ET502")
    assert f502.status == "WARN" and "caching" in f502.message
    # The pipeline's arguments are the steps it is handed, not parameters.
    assert "(load, trainer)" not in " ".join(e.detail for e in f502.evidence)
    # A DataLoader over files on disk is not the data itself.
    assert "ZenML" not in _finding(result, "ET120").message
