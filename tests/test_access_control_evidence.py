"""Access control on the tracking store is not shown by a W&B entity (a namespace) or by a tracking
password published with its value (anyone reading the README has access)."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

# A shared store: access and retention are asked of it (a local ./mlruns has neither to define).
TRAIN = "import mlflow\nimport torch\nmlflow.set_tracking_uri('https://mlflow.example.org')\nwith mlflow.start_run():\n    loss.backward()\n    mlflow.log_metric('loss', 1.0)\n"


def _et614(tmp_path, readme):
    write_repo(tmp_path, {"train.py": TRAIN, "README.md": readme})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET614")


def test_an_entity_or_a_published_password_is_not_access_control(tmp_path):
    readme = (
        "# Kidney\n\n| `--wandb_entity` | your W&B entity |\n\n```bash\n"
        "export MLFLOW_TRACKING_USERNAME=someone\nexport MLFLOW_TRACKING_PASSWORD=6824692c47a4545eac5b\n```\n"
    )
    f = _et614(tmp_path, readme)
    assert "access controls" in f.message
    assert not [e for e in f.evidence if e.detail == "access control"]


def test_an_authenticated_server_is(tmp_path):
    f = _et614(tmp_path, "# x\n\nThe server runs `mlflow server --app-name basic-auth`.\n")
    assert any(e.detail == "access control" for e in f.evidence)


def test_runs_kept_only_as_local_files_have_no_store_to_secure(tmp_path):
    local = TRAIN.replace("mlflow.set_tracking_uri('https://mlflow.example.org')\n", "")
    write_repo(tmp_path, {"train.py": local, "README.md": "# x\n"})
    assert not [f for f in run_audit(tmp_path).findings if f.rule_id == "ET614"]
