"""A trainer that loads the checkpoint a resume setting names (`if resume_checkpoint:` around
`model.load_state_dict(torch.load(resume_checkpoint))`, the setting coming from a dict of defaults
turned into options) can resume, whatever the option parser looks like."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAINER = """import torch


class TrainLoop:
    def __init__(self, model, resume_checkpoint=""):
        self.model = model
        self.resume_checkpoint = resume_checkpoint
        self.opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
        self._load()

    def _load(self):
        resume_checkpoint = self.resume_checkpoint
        if resume_checkpoint:
            self.model.load_state_dict(torch.load(resume_checkpoint, map_location="cpu"))

    def run_loop(self):
        for step in range(1000):
            loss = self.model(torch.randn(4, 4)).pow(2).mean()
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()
            if step % 100 == 0:
                torch.save(self.model.state_dict(), f"model{step:06d}.pt")
"""
MAIN = """import argparse

import torch

from trainer import TrainLoop


def main():
    defaults = dict(lr=1e-4, resume_checkpoint="")
    parser = argparse.ArgumentParser()
    for k, v in defaults.items():
        parser.add_argument(f"--{k}", default=v, type=type(v))
    args = parser.parse_args()
    TrainLoop(torch.nn.Linear(4, 4), resume_checkpoint=args.resume_checkpoint).run_loop()


if __name__ == "__main__":
    main()
"""


def test_a_load_guarded_by_a_resume_setting_is_a_resume_path(tmp_path):
    result = run_audit(write_repo(tmp_path, {"trainer.py": TRAINER, "train.py": MAIN}))
    f = next(f for f in result.findings if f.rule_id == "ET511")
    assert f.status == "PASS", f.message
    assert any(e.path == "trainer.py" and e.line == 13 for e in f.evidence), f.evidence
