"""A pretrained model downloaded and saved as it came (`pipe = X.from_pretrained(...);
pipe.save_pretrained(path)` in a function that trains nothing) caches weights; it is no checkpoint of
a run and, beside a config template, no hand-made run record. Fine-tuning between the two calls
makes the save a checkpoint again. Synthetic, after diffusion-metaflow's diffusion.py."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

DOWNLOAD = """
import torch
from diffusers import AutoPipelineForText2Image


def download_model(model_path="models/sdxl"):
    pipe = AutoPipelineForText2Image.from_pretrained("org/sdxl", torch_dtype=torch.float16)
    pipe.save_pretrained(model_path)


if __name__ == "__main__":
    download_model()
"""

FINETUNE = """
import torch
from transformers import AutoModelForSequenceClassification


def finetune(out_dir="out"):
    model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")
    opt = torch.optim.AdamW(model.parameters(), lr=2e-5)
    loss = model(**batch).loss
    loss.backward()
    opt.step()
    model.save_pretrained(out_dir)


if __name__ == "__main__":
    finetune()
"""


def test_a_downloaded_model_saved_as_it_came_is_no_checkpoint(tmp_path):
    result = run_audit(write_repo(tmp_path, {"diffusion.py": DOWNLOAD}))
    assert not [p for p in result.ctx.records.checkpoints if p.evidence.path == "diffusion.py"]
    assert not result.ctx.has("custom_logging", "tracking")


def test_a_model_trained_between_load_and_save_is_a_checkpoint(tmp_path):
    result = run_audit(write_repo(tmp_path, {"finetune.py": FINETUNE}))
    assert [p for p in result.ctx.records.checkpoints if p.evidence.path == "finetune.py"]
