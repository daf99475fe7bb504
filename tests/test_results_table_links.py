"""A README results table whose cells link the number to its weights (`[0.8029](url)`) or follow it with
links (`0.334 [weights](url), [results](url)`), indented under a list item, is a table of results."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

README = """# EfficientDet

## Evaluate
1. MSCOCO
    * `python3 eval/coco.py` to evaluate a coco model.

    | phi | mAP |
    | ---- | ---- |
    | 0 | 0.334 [weights](https://example.org/w0), [results](https://example.org/r0) |
    | 1 | 0.393 [weights](https://example.org/w1), [results](https://example.org/r1) |
    | 2 | [0.424](https://example.org/w2) |
"""
TRAIN = "import torch\nmodel = torch.nn.Linear(2, 2)\nfor i in range(3):\n    model(torch.randn(2, 2)).sum().backward()\n"


def test_numbers_with_links_make_a_results_table(tmp_path):
    result = run_audit(write_repo(tmp_path, {"README.md": README, "train.py": TRAIN}))
    f = next(f for f in result.findings if f.rule_id == "ET602")
    assert f.status == "PASS" and any("table of results" in e.detail for e in f.evidence), f.message
