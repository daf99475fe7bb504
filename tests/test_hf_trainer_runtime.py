"""The Hugging Face Trainer logs train_runtime and samples/steps per second when training ends: a
project training with it captures timings without timing code of its own."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = """from transformers import AutoModelForCausalLM, Trainer, TrainingArguments

model = AutoModelForCausalLM.from_pretrained("gpt2")
args = TrainingArguments(output_dir="out", report_to="tensorboard", num_train_epochs=1)
trainer = Trainer(model=model, args=args, train_dataset=train_ds)
train_result = trainer.train()
trainer.save_model()
"""


def test_a_transformers_trainer_records_its_runtime(tmp_path):
    result = run_audit(write_repo(tmp_path, {"train.py": TRAIN}))
    f = next(f for f in result.findings if f.rule_id == "ET303")
    assert f.status == "PASS" and any("train_runtime" in e.detail for e in f.evidence), f.message
