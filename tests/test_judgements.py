"""Analyst Review judgements: reading the block, applying it, staleness, and evidence verification."""

from __future__ import annotations

import pytest

from experiment_tracking.audit import audit_with_validation
from experiment_tracking.judgements import MAX_BLOCK_BYTES, read_review
from experiment_tracking.verify import verify_evidence

TRAIN = """\
import mlflow
from torch.nn.parallel import DistributedDataParallel as DDP
import torch

def main(cfg):
    mlflow.log_params(cfg)
    model = torch.nn.Linear(2, 2)
    model = DDP(model)
    mlflow.log_metric("loss", 1.0)
"""


def report_with(block: str, notes: str = "") -> str:
    return (
        "# r\n\n## Analyst Review\n\nintro\n\n```yaml\n"
        + block
        + "\n```\n\n### Analyst notes\n\n"
        + notes
        + "\n"
        "\n## Experiment Infrastructure Inventory\n\nx\n"
    )


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "train.py").write_text(TRAIN)
    (tmp_path / "requirements.txt").write_text("mlflow\ntorch==2.2.0\n")
    (tmp_path / "README.md").write_text("# r\n\nRun `python train.py`.\n")
    return tmp_path


def test_reading_the_block_and_its_notes():
    block = read_review(
        report_with(
            "answers:\n- rule: ET210\n  answer: yes\n  evidence: [train.py:6]\noverrides: []\nadded: []",
            "Some prose.\n\n- a list",
        )
    )
    assert block.error == "" and block.present
    (j,) = block.judgements
    assert (j.kind, j.rule, j.answer, j.evidence[0].path, j.evidence[0].line) == (
        "answers",
        "ET210",
        "yes",
        "train.py",
        6,
    )
    assert block.notes == "Some prose.\n\n- a list"
    assert read_review("no section here").present is False
    assert read_review(None).judgements == []


@pytest.mark.parametrize(
    "block, fragment",
    [
        ("answers: [unclosed", "YAML error"),
        ("- just a list", "expected a mapping"),
        ("answers: []\nverdicts: []", "unknown top-level key(s) verdicts"),
        ("answers: {rule: ET1}", "'answers' must be a list"),
        ("x: '" + "a" * (MAX_BLOCK_BYTES + 10) + "'", "over 256 KiB"),
        ("!!python/object/apply:os.system ['true']", "YAML error"),  # safe loader only
    ],
)
def test_a_block_that_cannot_be_read_says_why(block, fragment):
    got = read_review(report_with(block))
    assert fragment in got.error and got.judgements == [] and got.raw == block


@pytest.mark.parametrize(
    "entry, fragment",
    [
        ("overrides:\n- rule: ET401\n  status: PASS", "needs a reason and evidence"),
        ("overrides:\n- rule: ET401\n  status: GOOD\n  reason: r\n  evidence: [a.py:1]", "not one of PASS"),
        ("added:\n- title: t\n  status: WARN\n  phase: '9'\n  evidence: [a.py:1]", "phase '9'"),
        ("answers:\n- answer: yes", "names the rule"),
        ("answers:\n- rule: score:documentation\n  level: 7", "level 7"),
        ("answers:\n- rule: ET1\n  answer: x\n  evidence: [{a: b}]", "is not 'path:line'"),
    ],
)
def test_entries_missing_what_they_need_are_invalid(entry, fragment):
    (j,) = read_review(report_with(entry)).judgements
    assert j.state == "invalid" and fragment in j.problem


def test_overrides_relevel_and_unmatched_judgements(repo):
    base, _ = audit_with_validation(repo)
    decided = next(f for f in base.findings if f.status in ("WARN", "FAIL") and f.rule_id.startswith("ET"))
    dim = base.scorecard.dimensions[0]
    block = read_review(
        report_with(
            f"overrides:\n- rule: {decided.rule_id}\n  status: PASS\n  reason: checked by hand\n"
            "  evidence: [train.py:6]\n"
            f"- rule: score:{dim.name}\n  level: {min(5, dim.score + 1)}\n  reason: r\n  evidence: [README.md:3]\n"
            "answers:\n- rule: ET999\n  answer: yes\n"
            "- rule: ET210\n  answer: yes\n  evidence: ['../outside.py:1']\n"
        )
    )
    result, text = audit_with_validation(repo, review=block)
    states = {(j.kind, j.rule): (j.state, j.problem) for j in result.review.judgements}
    assert states[("overrides", decided.rule_id)][0] == "applied"
    assert next(f for f in result.findings if f.rule_id == decided.rule_id).status == "PASS"
    d = next(d for d in result.scorecard.dimensions if d.name == dim.name)
    assert d.score == min(5, dim.score + 1) and "analyst override" in d.reasons[0]
    assert result.scorecard.total == sum(x.score for x in result.scorecard.dimensions)
    assert states[("answers", "ET999")][0] == "unmatched"
    # evidence outside the root never holds: the judgement is stale, not applied
    assert states[("answers", "ET210")][0] == "stale"
    assert "`../outside.py` does not exist" in states[("answers", "ET210")][1]
    assert "**UNMATCHED** answer `ET999`" in text


def test_verify_checks_place_and_claim(repo, tmp_path):
    nb = tmp_path / "nb.ipynb"
    nb.write_text('{"cells": [{"cell_type": "code", "source": ["import wandb\\n", "wandb.init()\\n"]}]}')
    text = (
        "- **PASS** `ET1` a — Evidence: `train.py:6` (mlflow.log_params), `train.py:8` (calls "
        "torch.nn.parallel.DistributedDataParallel), `nb.ipynb cell 1 line 2` (wandb.init), "
        "`train.py:7` (Linear without random_state), `train.py:9` (MLflow logs metrics with mlflow.log_metric)\n"
        "- **FAIL** `ET2` b — Evidence: `train.py:2` (mlflow.log_artifact), `nb.ipynb cell 3 line 1`, "
        "`train.py:99`, `src/missing.py:1`, `127.0.0.1:5000`, `.git/refs/heads/main`\n"
        "  - Evidence: `data/` (absent dir), `requirements.txt`\n"
    )
    gaps = verify_evidence(text, tmp_path)
    got = sorted((g.code, g.message.split("`")[1]) for g in gaps)
    assert got == [
        ("evidence-claim-mismatch", "train.py:2"),
        ("evidence-line-out-of-range", "nb.ipynb cell 3 line 1"),
        ("evidence-line-out-of-range", "train.py:99"),
        ("evidence-path-missing", "data/"),
        ("evidence-path-missing", "src/missing.py:1"),
    ]
