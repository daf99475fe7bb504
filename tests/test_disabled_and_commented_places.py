"""Places that only look like the practice: a tracker run created disabled (comet Experiment(disabled=True),
wandb.init(mode="disabled")) records nothing; a `# training dataset` comment in a fenced block is not a
model-card heading; a file name held in a variable named like a token is not a credential."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from experiment_tracking.index.secrets import scan_secrets
from tests.rules.repo_helpers import write_repo

TRAIN = "import torch\nfor epoch in range(3):\n    loss.backward()\n"


def test_a_disabled_tracker_run_is_not_a_tracker_in_use(tmp_path):
    write_repo(tmp_path, {"train.py": "import comet_ml\nexp = comet_ml.Experiment(disabled=True)\n" + TRAIN})
    d = run_audit(tmp_path).ctx.has("comet", "tracking")
    assert d is None or d.usage == "mentioned"


def test_a_comment_in_a_fenced_block_is_not_a_model_card_heading(tmp_path):
    readme = "# RetinaFace\n\n```yaml\n# general setting\nbatch_size: 8\n# training dataset\ndataset_path: 'x'\n```\n"
    write_repo(tmp_path, {"train.py": TRAIN, "README.md": readme})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET610")
    assert f.status != "PASS"


def test_a_file_name_in_a_token_named_variable_is_not_a_credential():
    assert scan_secrets("flow.py", "self.token_mapping_fname = 'serverless/token-mapping-{}.json'\n") == []
