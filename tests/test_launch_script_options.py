"""What the project's launch scripts pass is how its runs are made: TrainingArguments parsed from the
command line (HfArgumentParser) with --load_best_model_at_end in the scripts keep the best checkpoint
(ET310), and the same launch written out once per seed (--seed 1 ... --seed 5) repeats the run over
seeds (ET321)."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = """
from transformers import HfArgumentParser, Trainer, TrainingArguments

parser = HfArgumentParser((TrainingArguments,))
(training_args,) = parser.parse_args_into_dataclasses()
trainer = Trainer(model=model, args=training_args, train_dataset=train, eval_dataset=dev)
trainer.train()
trainer.save_model()
"""
LAUNCH = "\n".join(
    f"python train.py --output_dir logs/seed_{s} --do_train --load_best_model_at_end "
    f"--metric_for_best_model micro-f1 --seed {s}"
    for s in (1, 2, 3)
)


def _found(tmp_path, script):
    write_repo(tmp_path, {"train.py": TRAIN, "scripts/run.sh": script})
    return {f.rule_id: f for f in run_audit(tmp_path).findings}


def test_launch_flags_select_the_best_model_and_repeat_seeds(tmp_path):
    found = _found(tmp_path, LAUNCH)
    assert found["ET310"].status == "PASS" and "best model is selected" in found["ET310"].message
    assert found["ET321"].status == "PASS"
    assert found["ET321"].evidence[0].detail == "runs seeds 1, 2, 3"


def test_one_seed_and_no_best_flag_select_nothing(tmp_path):
    found = _found(tmp_path, "python train.py --output_dir logs/run --do_train --seed 1\n")
    assert found["ET310"].status != "PASS"
    assert found["ET321"].status != "PASS"
