"""Families of real code met in round fresh84 (eight research repositories the auditor had not seen), each as
a synthetic case that fails without its fix."""

from tests.rules.repo_helpers import audit_committed, detections_by_tool, dimension


def _framework_targets(result) -> set[str]:
    rec = result.ctx.records
    return {p.target for p in rec.config + rec.checkpoints + rec.metrics if p.framework}


FAIRSEQ_TRAIN = """#!/bin/bash
fairseq-train $DATASET/bin/ \\
    --save-dir models/$NAME \\
    --tensorboard-logdir tensorboard_logs/$NAME \\
    --arch bart_large \\
    --lr 3e-05 \\
    --ddp-backend no_c10d \\
    --log-format json
"""


def test_a_framework_command_is_read_through_its_continuation_lines(tmp_path):
    files = {"scripts/train.sh": FAIRSEQ_TRAIN, "README.md": "# Entity linking\n\nRun `bash scripts/train.sh`.\n"}
    result = audit_committed(tmp_path / "r", files)
    found = detections_by_tool(result)
    # `--tensorboard-logdir` on the command's fourth line turns fairseq's TensorBoard logging on
    assert "tensorboard" in found, found
    assert found["tensorboard"].evidence[0].line == 2
    assert "ddp" in found, found
    # `--save-dir models/$NAME` on a continuation line: the run's directory, not fairseq's default
    targets = _framework_targets(result)
    assert "models/$NAME/checkpoint_best.pt" in targets, targets
    assert not any(t.startswith("checkpoints/") for t in targets), targets
    assert dimension(result, "result_persistence").score >= 3


def test_a_framework_option_on_a_later_command_is_not_read_into_this_one(tmp_path):
    two = "fairseq-train data-bin --arch bart_large\necho --save-dir elsewhere --tensorboard-logdir tb\n"
    result = audit_committed(tmp_path / "r", {"train.sh": two, "README.md": "# x\n"})
    targets = _framework_targets(result)
    assert "checkpoints/checkpoint_best.pt" in targets, targets
    assert "tensorboard" not in detections_by_tool(result)
