"""An offline RL dataset pulled from a registry's environments (D4RL's env.get_dataset()) and pickled for
training: no simulator is run and no environment is the project's own, and the audit still completes."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed

DOWNLOAD = """
import pickle

import d4rl  # noqa: F401  (registers the offline environments)
import gym

for name in ["hopper-medium-v2", "walker2d-medium-v2"]:
    env = gym.make(name)
    with open(f"data/{name}.pkl", "wb") as f:
        pickle.dump(env.get_dataset(), f)
"""
TRAIN = """
import argparse
import pickle

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--dataset", default="hopper-medium-v2")
parser.add_argument("--lr", type=float, default=3e-4)
args = parser.parse_args()
with open(f"data/{args.dataset}.pkl", "rb") as f:
    data = pickle.load(f)
policy = torch.nn.Linear(11, 3)
opt = torch.optim.Adam(policy.parameters(), lr=args.lr)
for step in range(1000):
    opt.zero_grad()
    policy(torch.as_tensor(data["observations"][:256])).pow(2).mean().backward()
    opt.step()
torch.save(policy.state_dict(), f"{args.dataset}-policy.pt")
"""


def test_an_offline_dataset_of_registry_environments_is_audited(tmp_path):
    result = audit_committed(tmp_path / "r", {"download_d4rl_datasets.py": DOWNLOAD, "train.py": TRAIN})
    assert any(f.rule_id == "ET421" for f in result.findings)
