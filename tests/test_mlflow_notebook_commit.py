"""MLflow tags a run with the git commit of the file it runs (sys.argv[0]); started from a notebook,
that file is ipykernel's launcher outside the repository and the run gets no commit. Started from a
script in the repository, it does. Synthetic (git repository)."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.conftest import make_git_repo
from tests.rules.repo_helpers import notebook

CODE = (
    "import mlflow\nfrom sklearn.linear_model import Ridge\n"
    "with mlflow.start_run():\n    mlflow.log_param('alpha', 1.0)\n    model = Ridge(alpha=1.0).fit(X, y)\n"
    "    mlflow.log_metric('rmse', 0.5)\n"
)


def _et420(tmp_path, files):
    make_git_repo(tmp_path, files)
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET420")


def test_mlflow_runs_from_a_notebook_record_no_commit(tmp_path):
    f = _et420(tmp_path, {"duration-prediction.ipynb": notebook(CODE)})
    assert f.status != "PASS" and not any("mlflow.source.git.commit" in e.detail for e in f.evidence), f


def test_mlflow_runs_from_a_script_record_the_commit(tmp_path):
    f = _et420(tmp_path, {"train.py": CODE})
    assert any("mlflow.source.git.commit" in e.detail for e in f.evidence), f
