"""Families of real code the fresh80 round showed the auditor reading wrong, each with a synthetic case
of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, dimension, status_of

# A training script whose options have a short flag first (`-e/--epochs`) or a dest= of their own, then a
# few settings assigned on the parsed namespace: the assigned names are not options the command line takes
SHORT_FLAG_OPTIONS = """
import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("-e", "--epochs", type=int, default=10)
parser.add_argument("-b", "--batch-size", type=int, default=32)
parser.add_argument("-l", dest="lr", type=float, default=1e-3)
parser.add_argument("-w", "--wd", dest="weight_decay", type=float, default=0.0)
args = parser.parse_args()
ASSIGNED

model = torch.nn.Linear(4, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
for epoch in range(args.epochs):
    optimizer.zero_grad()
    model(torch.zeros(args.batch_size, 4)).sum().backward()
    optimizer.step()
torch.save(model.state_dict(), "model.pt")
"""


def test_options_with_a_short_flag_first_or_a_dest_are_named_by_their_attribute(tmp_path):
    """`add_argument("-e", "--epochs")` stores args.epochs and `add_argument("-l", dest="lr")` args.lr:
    setting those on the namespace again is a default overridden, not a setting the command line lacks."""
    same = "args.epochs = 20\nargs.batch_size = 16\nargs.lr = 0.01\nargs.weight_decay = 1e-4\nargs.momentum = 0.9"
    result = audit_committed(tmp_path / "same", {"train.py": SHORT_FLAG_OPTIONS.replace("ASSIGNED", same)})
    finding = next(f for f in result.findings if f.rule_id == "ET201")
    assert "assigned literals on the parsed options" not in finding.message


def test_settings_assigned_beside_short_flag_options_are_still_reported(tmp_path):
    """Settings the parser does not take, assigned on the namespace, are still named."""
    extra = "args.momentum = 0.9\nargs.dropout = 0.1\nargs.warmup_steps = 100\nargs.max_steps = 5000\nargs.decay_rate = 0.5"
    result = audit_committed(tmp_path / "extra", {"train.py": SHORT_FLAG_OPTIONS.replace("ASSIGNED", extra)})
    finding = next(f for f in result.findings if f.rule_id == "ET201")
    assert "assigned literals on the parsed options" in finding.message
    assert "--epochs" in finding.message and "-e," not in finding.message


# A trainer class keeping its tracker run on itself and setting the hyperparameters as one of its entries
RUN_KEPT_ON_THE_TRAINER = """
import aim
import torch


class Trainer:
    def __init__(self, hparams=None, lr=2e-4):
        self.lr = lr
        self.run = aim.Run()
        self.run[KEY] = hparams
        self.model = torch.nn.Linear(4, 2)
        self.opt = torch.optim.Adam(self.model.parameters(), lr=lr)

    def train(self, steps):
        for step in range(steps):
            loss = self.model(torch.zeros(1, 4)).sum()
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()
            self.run.track(loss.item(), name="loss", step=step)
        torch.save(self.model.state_dict(), "model.pt")


if __name__ == "__main__":
    args = dict(lr=2e-4, steps=100)
    Trainer(hparams=args, lr=args["lr"]).train(args["steps"])
"""


def test_parameters_set_on_a_tracker_run_kept_on_an_object_are_logged(tmp_path):
    """`self.run = aim.Run()` then `self.run["hparams"] = hparams`: the hyperparameters are the run's."""
    result = audit_committed(
        tmp_path / "p", {"train.py": RUN_KEPT_ON_THE_TRAINER.replace("KEY", '"hparams"')}
    )
    assert status_of(result, "ET210") == "PASS"
    other = audit_committed(tmp_path / "o", {"train.py": RUN_KEPT_ON_THE_TRAINER.replace("KEY", '"notes"')})
    assert status_of(other, "ET210") != "PASS"


# A config object loaded from YAML and updated from the command line, dumped whole by its own method into
# a run folder named by the clock unless the user names it, beside a Lightning Trainer
CONFIG_DUMPED_BY_ITS_METHOD = """
import argparse
import datetime
import os
from pathlib import Path

import pytorch_lightning as pl
from sconf import Config

from model import LitModel


def save_config_file(config, path):
    if not Path(path).exists():
        os.makedirs(path)
    with open(Path(path) / "config.yaml", "w") as f:
        f.write(config.dumps(quote_str=True))


def train(config):
    model = LitModel(config)
    trainer = pl.Trainer(max_epochs=config.max_epochs, default_root_dir=config.result_path)
    trainer.fit(model)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", type=str, required=True)
    parser.add_argument("--exp_version", type=str, required=False)
    args, left_argv = parser.parse_known_args()
    config = Config(args.config)
    config.argv_update(left_argv)
    config.exp_version = datetime.datetime.now().strftime("%Y%m%d_%H%M%S") if not args.exp_version else args.exp_version
    save_config_file(config, Path(config.result_path) / config.exp_version)
    train(config)
"""
LIT_MODEL = """
import pytorch_lightning as pl
import torch


class LitModel(pl.LightningModule):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.layer = torch.nn.Linear(4, 2)

    def training_step(self, batch, batch_idx):
        loss = self.layer(batch).sum()
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.config.lr)
"""


def test_a_config_object_dumped_whole_into_a_clock_named_run_folder_is_the_whole_config_per_run(tmp_path):
    """`f.write(config.dumps())` is the config object's own serialisation, the whole of it; the folder
    handed to the helper (`Path(config.result_path) / config.exp_version`, the clock's time unless named)
    is a new one per run."""
    files = {
        "train.py": CONFIG_DUMPED_BY_ITS_METHOD,
        "model.py": LIT_MODEL,
        "config/base.yaml": "result_path: result\\nmax_epochs: 3\\nlr: 0.001\\n",
    }
    result = audit_committed(tmp_path, files)
    dumps = [
        p for p in result.ctx.records.config if "dumps" in p.evidence.detail or "config.yaml" in p.target
    ]
    assert dumps and any(p.whole for p in dumps)
    assert any(p.per_run for p in dumps), [(p.target, p.keeping) for p in dumps]
    assert dimension(result, "parameter_logging").score >= 4
