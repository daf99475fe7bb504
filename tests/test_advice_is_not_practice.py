"""Prose that advises ("you might run the same experiment across ~3 different seeds") is not a report
that the project did so; "results averaged over 5 seeds" is. ET321 reads only the second. Synthetic."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = "import torch\ntorch.manual_seed(42)\nfor step in range(10):\n    loss = model(x).mean()\n    loss.backward()\n"


def _et321(tmp_path, readme):
    write_repo(tmp_path, {"train.py": TRAIN, "README.md": f"# Exp\n\n## Results\n\n{readme}\n"})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET321")


def test_advice_to_run_several_seeds_is_not_a_repetition(tmp_path):
    f = _et321(
        tmp_path, "In practice, you might run the same experiment across ~3 different seeds and average."
    )
    assert f.status != "PASS", f.message


def test_a_result_over_several_seeds_is_a_repetition(tmp_path):
    assert (
        _et321(
            tmp_path, "Accuracy is averaged over 5 seeds: the model reaches it on 3 different seeds."
        ).status
        == "PASS"
    )
