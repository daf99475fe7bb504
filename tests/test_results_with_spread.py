"""Results reported with their spread ("74.3 +/- 1.36" per setting, in prose or a pasted output block) are
recorded results (ET602); what the spread is over (seeds, or the evaluation episodes of one run) the
text does not say, so ET321 asks."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

README = """# Planner

## Results

```
hopper-medium-v2     | 150 scores
    74.3 +/- 1.36
walker2d-medium-v2   | 150 scores
    79.6 ± 0.55
halfcheetah-medium-v2 | 150 scores
    42.8 +/- 0.32
```
"""
TRAIN = "import torch\nfor step in range(10):\n    loss.backward()\n"


def test_results_with_their_spread_are_recorded_and_their_repetition_asked(tmp_path):
    write_repo(tmp_path, {"train.py": TRAIN, "README.md": README.replace("## Results\n\n", "")})
    found = {f.rule_id: f for f in run_audit(tmp_path).findings}
    assert found["ET602"].status == "PASS" and found["ET602"].evidence[0].where() == "README.md:5"
    assert found["ET321"].status == "REVIEW" and "over seeds" in found["ET321"].question
    assert found["ET321"].evidence[0].detail == "74.3 +/- 1.36"


def test_a_single_number_with_an_error_is_not_a_results_record(tmp_path):
    write_repo(tmp_path, {"train.py": TRAIN, "README.md": "# x\n\nThe learning rate is 3e-4 +/- nothing.\n"})
    found = {f.rule_id: f for f in run_audit(tmp_path).findings}
    assert found["ET602"].status != "PASS"
