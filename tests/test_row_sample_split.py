"""`df.sample(frac=0.95, random_state=200)` with the rest dropped for evaluation is a seeded split,
wherever the data is prepared (a data-prep script that trains nothing); without random_state it is
an unseeded one."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

PREP = """import pandas as pd

df = pd.read_parquet("data/ultrachat.parquet")
df_train = df.sample(frac=0.95{seed})
df_eval = df.drop(df_train.index)
df_train.to_json("data/train.jsonl", orient="records", lines=True)
df_eval.to_json("data/eval.jsonl", orient="records", lines=True)
"""
TRAIN = "import torch\nmodel = torch.nn.Linear(2, 2)\nfor i in range(3):\n    model(torch.randn(2, 2)).sum().backward()\n"


def _splits(tmp_path, seed):
    result = run_audit(write_repo(tmp_path, {"prepare.py": PREP.format(seed=seed), "train.py": TRAIN}))
    tax = result.ctx.taxonomy
    return tax.splits_seeded, tax.splits_unseeded


def test_a_seeded_partial_row_sample_is_a_seeded_split(tmp_path):
    seeded, unseeded = _splits(tmp_path, ", random_state=200")
    assert [e.path for e in seeded] == ["prepare.py"] and not unseeded


def test_an_unseeded_one_is_an_unseeded_split(tmp_path):
    seeded, unseeded = _splits(tmp_path, "")
    assert not seeded and [e.path for e in unseeded] == ["prepare.py"]
