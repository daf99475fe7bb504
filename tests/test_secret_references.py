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
