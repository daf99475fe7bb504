"""An absence the audit reports ("No random seed is set") cannot speak for modules it could not parse:
the finding names them, so a reader does not take the absence as proven."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = "import torch\nfor epoch in range(3):\n    loss.backward()\n"
BROKEN = "import torch\ndef seed(:\n    torch.manual_seed(0)\n"


def test_absences_name_the_modules_that_were_not_read(tmp_path):
    write_repo(tmp_path, {"train.py": TRAIN, "utils/seeding.py": BROKEN})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET401")
    assert f.status == "FAIL" and "could not be parsed and were not searched: utils/seeding.py" in f.message


def test_nothing_is_added_when_every_module_was_read(tmp_path):
    write_repo(tmp_path, {"train.py": TRAIN})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET401")
    assert "could not be parsed" not in f.message
