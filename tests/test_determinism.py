"""Determinism: two audits of one tree give byte-identical JSON and Markdown differing only in
the marked generation line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import make_git_repo

from experiment_tracking.report.markdown import GENERATED_PREFIX

CLI = [sys.executable, "-m", "experiment_tracking"]

FILES = {
    ".gitignore": "mlruns/\noutputs/\n",
    "README.md": "# demo\nWe track with MLflow and sweep with Optuna.\n",
    "requirements.txt": "mlflow==2.9.2\noptuna>=3\nhydra-core==1.3.2\ntorch\n",
    "src/train.py": (
        "import mlflow\nimport hydra\nfrom omegaconf import DictConfig\n\n"
        "@hydra.main(config_path='../conf', config_name='config', version_base=None)\n"
        "def main(cfg: DictConfig):\n"
        "    mlflow.set_experiment('demo')\n"
        "    with mlflow.start_run():\n"
        "        mlflow.log_params(dict(cfg))\n"
        "        mlflow.log_metric('acc', 0.9)\n\n"
        "if __name__ == '__main__':\n    main()\n"
    ),
    "src/sweep.py": "import optuna\nstudy = optuna.create_study(direction='maximize')\n",
    "src/data.py": "from sklearn.model_selection import train_test_split\nX, y = [], []\n"
    "a, b = train_test_split(X, y, test_size=0.2)\n",
    "conf/config.yaml": "lr: 0.1\nmodel:\n  _target_: torch.nn.Linear\n  in_features: 4\n",
    "notebooks/explore.ipynb": json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {},
            "cells": [
                {
                    "cell_type": "code",
                    "metadata": {},
                    "outputs": [],
                    "execution_count": None,
                    "source": "import wandb\nwandb.init(project='p')\n",
                }
            ],
        }
    ),
}
STORE = {
    "mlruns/0/meta.yaml": "experiment_id: '0'\nname: Default\nartifact_location: mlruns/0\n"
    "lifecycle_stage: active\n",
    "mlruns/0/r1/meta.yaml": "run_id: r1\nexperiment_id: '0'\nstatus: 3\nstart_time: 1700000000000\n"
    "end_time: 1700000100000\nlifecycle_stage: active\nrun_name: a\n",
    "mlruns/0/r1/metrics/acc": "1700000000000 0.9 0\n",
    "mlruns/0/r1/params/lr": "0.1",
    "mlruns/0/r1/tags/mlflow.source.git.commit": "0" * 40,
    "outputs/2024-01-01/10-00-00/.hydra/config.yaml": "lr: 0.1\n",
    "outputs/2024-01-01/10-00-00/.hydra/overrides.yaml": "- lr=0.1\n",
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return make_git_repo(tmp_path_factory.mktemp("det") / "repo", FILES, untracked=STORE)


def cli(*args):
    proc = subprocess.run([*CLI, *args], capture_output=True, timeout=180)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout


def test_json_is_byte_identical(repo):
    first = cli("audit", str(repo), "--format", "json", "--output", "-")
    second = cli("audit", str(repo), "--format", "json", "--output", "-")
    assert first == second
    data = json.loads(first)
    assert data["detections"], "the fixture should produce detections"


def test_discover_json_is_byte_identical(repo):
    assert cli("discover", str(repo), "--json") == cli("discover", str(repo), "--json")


def test_markdown_differs_only_in_the_generation_line(repo):
    first = cli("audit", str(repo), "--output", "-").decode("utf-8").splitlines()
    second = cli("audit", str(repo), "--output", "-").decode("utf-8").splitlines()
    marked = [i for i, line in enumerate(first) if line.startswith(GENERATED_PREFIX)]
    assert len(marked) == 1, "exactly one marked generation line"
    assert len(first) == len(second)
    diff = [i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]
    assert set(diff) <= set(marked)


def test_in_process_audit_is_deterministic(repo):
    from experiment_tracking.audit import audit_dict, run_audit

    a = json.dumps(audit_dict(run_audit(repo)), sort_keys=False)
    b = json.dumps(audit_dict(run_audit(repo)), sort_keys=False)
    assert a == b
