"""Pushing a dataset to the Hugging Face Hub (a `datasets` object, a dataset-named value, a card
pushed with repo_type="dataset") records the data a run used, not a trained model: it is neither a
model registry (ET520) nor a model card (ET610)."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

DATA = """
import datasets
from huggingface_hub import ModelCard

def cache(rows, repo_name, config_hash):
    ds = datasets.Dataset.from_list(rows)
    ds.push_to_hub(repo_name, revision=config_hash)
    card = ModelCard("# Cached tokenized datasets")
    card.push_to_hub(repo_name, repo_type="dataset", revision=config_hash)
"""
TRAIN = """
import torch
from transformers import AutoModelForCausalLM
from data import cache
model = AutoModelForCausalLM.from_pretrained("gpt2")
cache(rows, "org/cache", "abc123")
for step in range(10):
    loss = model(**batch).loss
    loss.backward()
{push}
"""


def _findings(tmp_path, push=""):
    write_repo(tmp_path, {"data.py": DATA, "train.py": TRAIN.replace("{push}", push)})
    result = run_audit(tmp_path)
    return {f.rule_id: f for f in result.findings}


def test_dataset_pushes_register_no_model_and_write_no_model_card(tmp_path):
    found = _findings(tmp_path)
    assert found["ET520"].status != "PASS"
    assert found["ET610"].status != "PASS"


def test_a_model_push_registers_the_model(tmp_path):
    found = _findings(tmp_path, "model.push_to_hub('org/model', revision='run-1')")
    assert found["ET520"].status == "PASS"
    assert [e.where() for e in found["ET520"].evidence] == ["train.py:9"]
