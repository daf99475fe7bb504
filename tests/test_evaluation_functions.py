"""An evaluation function is one the project calls to evaluate: not ``model.eval()`` (a mode switch,
whatever the project's own ``def eval(self)`` does) and not a function called only where the gradient
step is taken (a policy's ``evaluate_actions`` inside the PPO update computes training log-probs)."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

POLICY = """
import torch

class Policy(torch.nn.Module):
    def evaluate_actions(self, obs, actions):
        dist = self.dist(obs)
        return dist.log_prob(actions), dist.entropy()

class Normalizer:
    def eval(self):
        self.training = False
"""
TRAIN = """
import torch
from policy import Policy, Normalizer

def update(policy, optimizer, batch):
    log_probs, entropy = policy.evaluate_actions(batch.obs, batch.actions)
    loss = -(log_probs * batch.adv).mean() - 0.01 * entropy.mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

def main():
    policy = Policy()
    norm = Normalizer()
    optimizer = torch.optim.Adam(policy.parameters())
    for epoch in range(10):
        update(policy, optimizer, batch)
        policy.eval()
        norm.eval()
        print(epoch)

if __name__ == "__main__":
    main()
"""


def _et302(tmp_path, extra=""):
    write_repo(tmp_path, {"policy.py": POLICY, "train.py": TRAIN + extra})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET302")


def test_mode_switches_and_update_internals_are_not_evaluation(tmp_path):
    f = _et302(tmp_path)
    assert "evaluation function" not in " ".join(e.detail for e in f.evidence)
    assert "computes its own evaluation" not in f.message


def test_an_evaluation_function_called_on_held_out_data_is(tmp_path):
    extra = "\ndef eval(policy, env):\n    return sum(run_episode(policy, env) for _ in range(10)) / 10\n\nprint(eval(Policy(), env))\n"
    f = _et302(tmp_path, extra)
    assert any(e.detail == "evaluation function eval()" for e in f.evidence)
