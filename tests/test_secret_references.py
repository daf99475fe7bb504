"""Credential scanning tells a value from a reference: a variable mapped to a vault secret's name
(`"env-secret": "OPENAI_API_KEY=openai_api_key"`) and a typed-in example ('1234567890') are not
credentials; a short hard-coded password ('Azure1') is one, while other short values are not."""

from __future__ import annotations

from experiment_tracking.index.secrets import scan_secrets


def test_a_secret_mapping_and_a_sequence_placeholder_are_not_credentials():
    gantry = """--gantry-args '{"env-secret": "OPENAI_API_KEY=openai_api_key", "weka": "x"}' \\\n"""
    assert scan_secrets("eval.sh", gantry) == []
    assert scan_secrets("docs/tools.md", "| `--tool_configs {'api_key': '1234567890'} {}` |\n") == []


def test_a_short_password_is_a_credential_and_a_short_token_is_not():
    hits = scan_secrets("azure/config.py", "DEFAULT_AZURE_VM_PASSWORD = 'Azure1'\ntoken = 'abc123'\n")
    assert [(h.line, h.kind) for h in hits] == [(1, "assigned_secret")]


def test_long_random_values_are_still_found():
    hits = scan_secrets("train.py", "API_KEY = 'Zx81kqPq9fh27Lmw'\n")
    assert [h.kind for h in hits] == ["assigned_secret"]


def test_credentials_in_set_up_instructions_and_notebook_environments_are_found():
    readme = (
        "## Set up\n\n```bash\nexport MLFLOW_TRACKING_PASSWORD=6824692c47a4545eac5b10041d5c8edbcef0\n```\n"
    )
    assert [h.line for h in scan_secrets("README.md", readme)] == [4]
    cell = 'os.environ["MLFLOW_TRACKING_PASSWORD"]="6824692c47a4545eac5b1"\n'
    assert [h.kind for h in scan_secrets("train.py", cell)] == ["assigned_secret"]
    # Placeholders in the same places stay quiet.
    quiet = "export HF_TOKEN=$HF_TOKEN\nSet `API_KEY=your_key_here` first.\n"
    assert scan_secrets("README.md", quiet) == []


def test_upper_case_names_in_a_url_template_are_not_credentials():
    doc = "mlflow server --backend-store-uri postgresql://DB_USER:DB_PASSWORD@DB_ENDPOINT:5432/DB_NAME\n"
    assert scan_secrets("02-experiment-tracking/mlflow_on_aws.md", doc) == []
    real = "uri = 'postgresql://mlflow:Zx81kqPq9f@db.internal:5432/mlflow'\n"
    assert [h.kind for h in scan_secrets("train.py", real)] == ["url_credentials"]


def test_a_disabled_autolog_logs_nothing(tmp_path):
    from experiment_tracking.audit import run_audit
    from tests.rules.repo_helpers import write_repo

    code = "import mlflow\nimport xgboost as xgb\n\nmlflow.xgboost.autolog(disable=True)\nbooster = xgb.train(params, dtrain)\n"
    write_repo(tmp_path, {"train.py": code})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET210")
    assert not any("autolog" in e.detail for e in f.evidence), f
