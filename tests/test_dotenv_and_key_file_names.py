"""A dotenv file is a credential file only when it holds a credential (docker/.env setting
COMPOSE_PROJECT_NAME is a compose setting), and a credential variable set to a key file's name
(GOOGLE_APPLICATION_CREDENTIALS = "my_key.json") points to a file kept out of git, it does not hold
the key. Synthetic, after handson-ml2's docker/.env and chapter 19 notebook."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import notebook, status_of, write_repo

TRAIN = "import torch\nmodel = torch.nn.Linear(2, 1)\n"


def test_settings_only_dotenv_and_a_key_file_name_are_not_credentials(tmp_path):
    result = run_audit(
        write_repo(
            tmp_path,
            {
                "train.py": TRAIN,
                "docker/.env": "COMPOSE_PROJECT_NAME=handson\n",
                "deploy.ipynb": notebook(
                    'import os\nos.environ["GOOGLE_APPLICATION_CREDENTIALS"] = "my_service_account_private_key.json"\n'
                ),
            },
        )
    )
    assert status_of(result, "ET204") == "PASS"


def test_a_dotenv_holding_a_key_is_still_a_credential_file(tmp_path):
    result = run_audit(
        write_repo(
            tmp_path,
            {"train.py": TRAIN, "docker/.env": "COMPOSE_PROJECT_NAME=x\nWANDB_API_KEY=" + "3f9a" * 10 + "\n"},
        )
    )
    f = next(f for f in result.findings if f.rule_id == "ET204")
    assert f.status == "FAIL" and any(e.path == "docker/.env" for e in f.evidence)
