"""Families of real code found wrong in the fresh55 review round (and the known remainders of
earlier rounds), each with a synthetic case of our own."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo


def _finding(result, rule_id):
    return next(f for f in result.findings if f.rule_id == rule_id)


def _dimension(result, name):
    return next(d for d in result.scorecard.dimensions if d.name == name)


OPTIONS = """
import argparse
import os


class Options:
    def __init__(self):
        self.parser = argparse.ArgumentParser()
        self.parser.add_argument("--name", default="experiment")
        self.parser.add_argument("--checkpoints_dir", default="./checkpoints")
        self.parser.add_argument("--lr", type=float, default=0.0002)
        self.parser.add_argument("--continue_train", action="store_true")

    def parse(self, save=True):
        self.opt = self.parser.parse_args()
        args = vars(self.opt)
        expr_dir = os.path.join(self.opt.checkpoints_dir, self.opt.name)
        os.makedirs(expr_dir, exist_ok=True)
        if save and not self.opt.continue_train:
            with open(os.path.join(expr_dir, "opt.txt"), "wt") as opt_file:
                for k, v in sorted(args.items()):
                    opt_file.write("%s: %s\\n" % (str(k), str(v)))
        return self.opt
"""

TRAIN = """
import os

import numpy as np
import torch

from options import Options

opt = Options().parse()
iter_path = os.path.join(opt.checkpoints_dir, opt.name, "iter.txt")
start_epoch = 1
if opt.continue_train:
    start_epoch, epoch_iter = np.loadtxt(iter_path, delimiter=",", dtype=int)
model = torch.nn.Linear(1, 1)
sgd = torch.optim.SGD(model.parameters(), lr=opt.lr)
log = open(os.path.join(opt.checkpoints_dir, opt.name, "loss_log.txt"), "a")
for epoch in range(start_epoch, 10):
    for epoch_iter in range(100):
        x = torch.randn(8, 1)
        loss = ((model(x) - 2 * x) ** 2).mean()
        sgd.zero_grad()
        loss.backward()
        sgd.step()
        log.write("epoch %d iter %d loss %.4f\\n" % (epoch, epoch_iter, loss.item()))
        np.savetxt(iter_path, (epoch, epoch_iter), delimiter=",", fmt="%d")
    torch.save(model.state_dict(), os.path.join(opt.checkpoints_dir, opt.name, "%d_net.pth" % epoch))
    np.savetxt(iter_path, (epoch + 1, 0), delimiter=",", fmt="%d")
"""


def test_options_written_unless_resuming_are_every_fresh_runs_record(tmp_path):
    # pix2pixHD: `if save and not self.opt.continue_train:` writes opt.txt; `save` defaults to True and
    # --continue_train is off unless given, so every fresh run records its options.
    write_repo(
        tmp_path, {"options.py": OPTIONS, "train.py": TRAIN, "README.md": "# gan\n\n`python train.py`\n"}
    )
    result = run_audit(tmp_path)
    whole = [p for p in result.ctx.records.config if p.whole]
    assert [p.evidence.where() for p in whole] == ["options.py:21"], result.ctx.records.config
    assert not any(p.evidence.path == "options.py" for p in result.ctx.records.optional)
    assert _finding(result, "ET211").status == "PASS"
    assert _dimension(result, "parameter_logging").score >= 4


def test_a_negated_flag_that_is_on_by_default_stays_a_switch(tmp_path):
    # `if not opt.no_log` with --no_log off by default runs; `if opt.log_options` does not
    opts = OPTIONS.replace("save and not self.opt.continue_train", "self.opt.log_options").replace(
        '"--continue_train", action="store_true"', '"--log_options", action="store_true"'
    )
    write_repo(tmp_path, {"options.py": opts, "train.py": TRAIN.replace("opt.continue_train", "False")})
    result = run_audit(tmp_path)
    assert any(p.evidence.path == "options.py" and p.whole for p in result.ctx.records.optional)


def test_loop_counters_saved_for_resuming_are_not_the_options(tmp_path):
    # np.savetxt(iter_path, (epoch, epoch_iter)): where the loop stands, not a subset of the parameters
    write_repo(tmp_path, {"options.py": OPTIONS, "train.py": TRAIN, "README.md": "# gan\n"})
    result = run_audit(tmp_path)
    assert not any(p.evidence.path == "train.py" for p in result.ctx.records.config), (
        result.ctx.records.config
    )
    f = _finding(result, "ET210")
    assert "train.py" not in " ".join(e.where() for e in f.evidence), f.evidence
