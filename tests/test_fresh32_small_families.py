"""Claim and score families found in the fresh32 review, one regression case each."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo


def _dim(result, name):
    return next(d for d in result.scorecard.dimensions if d.name == name)


WANDB_TRAIN = """import argparse
import torch
import wandb

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=20)
parser.add_argument("--lr", type=float, default=3e-4)
args = parser.parse_args()
run = wandb.init(project="dalle", config=vars(args))
model = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters(), lr=args.lr)


def save_model(path):
    torch.save({"weights": model.state_dict()}, path)
    artifact = wandb.Artifact("trained-dalle", type="model", metadata=vars(args))
    artifact.add_file(path)
    run.log_artifact(artifact)


for epoch in range(args.epochs):
    loss = model(torch.randn(8, 4)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    wandb.log({"loss": loss.item()})
    save_model("dalle.pt")
"""


def test_a_model_logged_to_the_tracker_each_run_is_kept_per_run(tmp_path):
    write_repo(tmp_path, {"train.py": WANDB_TRAIN, "requirements.txt": "torch==2.1.0\nwandb==0.16.0\n"})
    results = _dim(run_audit(tmp_path), "result_persistence")
    assert results.score == 4 and any("logged to the tracker (train.py:16)" in r for r in results.reasons)


def test_without_the_artifact_the_overwritten_file_is_level_3(tmp_path):
    plain = WANDB_TRAIN.replace(
        '    artifact = wandb.Artifact("trained-dalle", type="model", metadata=vars(args))\n'
        "    artifact.add_file(path)\n    run.log_artifact(artifact)\n",
        "",
    )
    write_repo(tmp_path, {"train.py": plain, "requirements.txt": "torch==2.1.0\nwandb==0.16.0\n"})
    assert _dim(run_audit(tmp_path), "result_persistence").score == 3
