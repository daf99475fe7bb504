"""Families found in the fresh50 reviews (research code the auditor had not seen): what a run really
keeps, said from what the code does. One regression case each."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.conftest import make_git_repo


def _finding(result, rule_id):
    return next((f for f in result.findings if f.rule_id == rule_id), None)


# A LightningModule whose training_step only returns its loss: Lightning's default logger makes a
# lightning_logs/version_N folder per run, but no metric reaches it.
PL_SILENT = """import pytorch_lightning as pl
import torch


class Learner(pl.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Linear(8, 1)

    def training_step(self, batch, _):
        return {'loss': self.net(batch).pow(2).mean()}

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=3e-4)


if __name__ == '__main__':
    loader = torch.utils.data.DataLoader(torch.randn(64, 8), batch_size=8)
    trainer = pl.Trainer(max_epochs=10)
    trainer.fit(Learner(), loader)
"""


def test_lightning_module_that_logs_nothing_keeps_no_metrics(tmp_path):
    silent = run_audit(make_git_repo(tmp_path / "silent", {"train.py": PL_SILENT}))
    assert not silent.ctx.records.metrics
    assert any("lightning_logs" in p.target for p in silent.ctx.records.checkpoints)
    # the same module calling self.log does keep its metrics in the run's folder
    logging = PL_SILENT.replace(
        "        return {'loss': self.net(batch).pow(2).mean()}",
        "        loss = self.net(batch).pow(2).mean()\n        self.log('train_loss', loss)\n        return loss",
    )
    logged = run_audit(make_git_repo(tmp_path / "logged", {"train.py": logging}))
    assert any("lightning_logs" in p.target for p in logged.ctx.records.metrics)


# An offline-RL agent copied with its save() method, which the training loop never calls.
AGENT = """import torch


class Agent:
    def __init__(self):
        self.actor = torch.nn.Linear(4, 2)

    def train(self, batch):
        return self.actor(batch).pow(2).mean()

    def save(self, filename, directory):
        torch.save(self.actor.state_dict(), '%s/%s_actor.pth' % (directory, filename))
"""

AGENT_MAIN = """import argparse

import numpy as np
import torch

from agent import Agent

parser = argparse.ArgumentParser()
parser.add_argument('--seed', type=int, default=0)
args = parser.parse_args()
torch.manual_seed(args.seed)
policy = Agent()
returns = []
for it in range(100):
    loss = policy.train(torch.randn(8, 4))
    returns.append(float(loss))
    np.save('./results/returns', returns)
"""


def test_model_saves_nothing_calls_are_named_not_denied(tmp_path):
    result = run_audit(make_git_repo(tmp_path / "repo", {"agent.py": AGENT, "main.py": AGENT_MAIN}))
    f = _finding(result, "ET310")
    assert f.status == "FAIL"
    assert "never saves a model" in f.message and "save() at agent.py:12" in f.message
    assert "no torch.save" not in f.message
    assert any(e.path == "agent.py" and e.line == 12 for e in f.evidence)
    # once the loop calls it, the save is a checkpoint and the finding no longer fails for want of one
    called = AGENT_MAIN + "policy.save('agent', './results')\n"
    again = run_audit(make_git_repo(tmp_path / "called", {"agent.py": AGENT, "main.py": called}))
    assert "nothing calls" not in _finding(again, "ET310").message
