"""A run directory numbered by counting the runs already there (experiment_index =
len(glob(f"{results_dir}/*"))) is new for every run: the record kept in it is kept per run."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = """
import argparse
import os
from glob import glob
import torch

p = argparse.ArgumentParser()
p.add_argument("--results-dir", default="results")
p.add_argument("--model", default="DiT-XL/2")
args = p.parse_args()
experiment_index = len(glob(f"{args.results_dir}/*"))
experiment_dir = f"{args.results_dir}/{experiment_index:03d}-{args.model}"
os.makedirs(experiment_dir, exist_ok=True)
for step in range(100):
    loss = model(x)
    loss.backward()
    torch.save({"model": model.state_dict(), "args": args}, f"{experiment_dir}/{step:07d}.pt")
"""


def test_a_run_directory_numbered_by_counting_existing_runs_is_per_run(tmp_path):
    write_repo(tmp_path, {"train.py": TRAIN})
    rec = run_audit(tmp_path).ctx.records
    assert rec.checkpoints and all(p.keeping == "counter" for p in rec.checkpoints)
