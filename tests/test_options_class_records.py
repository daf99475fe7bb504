"""A project's own options class records each run: what it writes of itself is the whole configuration.

The class builds the run directory from the options in one method and writes the object into it from
another (``super().save(path)`` in a subclass of an options library's class, a dict comprehension over
``vars(self.<parsed>)``), the script uses a subclass of it, and a trainer keeps a checkpoint per step
label. The audit must read: the whole configuration per run (not "a subset", not "0 whole-config
dumps"), a run directory named from the options, several checkpoints per run (not "one overwritten
artefact"), the seed and the environment id recorded through the options.
"""

from __future__ import annotations

from experiment_tracking.audit import discover, run_audit
from tests.rules.repo_helpers import dimension, status_of, write_repo

RUN_SETUP = """
import os
import random

import numpy as np
import torch
from tap import Tap


def seed_everything(value):
    random.seed(value)
    np.random.seed(value)
    torch.manual_seed(value)


def describe_host(path, *args, **kwargs):
    listing = host_listing(*args, **kwargs)
    with open(path, "w") as fh:
        fh.write(listing)


def host_listing(*args, **kwargs):
    return " ".join(os.uname())


class RunOptions(Tap):
    out_root: str = "experiments"
    env_id: str = "Walker2d-v4"
    lr: float = 3e-4
    seed: int = 7
    run_name: str = "baseline"

    def write_record(self):
        target = os.path.join(self.run_dir, "options.json")
        super().save(target)

    def finish(self, opts):
        if opts.seed is not None:
            seed_everything(opts.seed)
        opts.run_dir = os.path.join(opts.out_root, opts.run_name)
        os.makedirs(opts.run_dir, exist_ok=True)
        self.write_record()
        describe_host(os.path.join(opts.run_dir, "host.txt"))
        return opts
"""

LEARNER = """
import os

import torch


class Learner:
    def __init__(self, policy, out_folder, every=1000):
        self.policy = policy
        self.out_folder = out_folder
        self.every = every
        self.step = 0

    def fit(self, batches):
        for batch in batches:
            loss = self.policy(batch).mean()
            loss.backward()
            self.step += 1
            if self.step % self.every == 0:
                self.keep(self.step // self.every)

    def keep(self, mark):
        state = {"policy": self.policy.state_dict(), "step": self.step}
        torch.save(state, os.path.join(self.out_folder, f"policy_{mark}.pt"))
"""

TRAIN = """
import gymnasium as gym

from mypkg.learner import Learner
from mypkg.setup import RunOptions


class Options(RunOptions):
    batch: int = 64


def main():
    opts = Options().parse_args()
    opts = opts.finish(opts)
    env = gym.make(opts.env_id)
    learner = Learner(make_policy(env), opts.run_dir)
    learner.fit(collect(env, opts.batch))


if __name__ == "__main__":
    main()
"""

# An argparse wrapper that keeps the parsed options on an attribute and writes a dict built from them.
ARGPARSE_OPTIONS = """
import argparse
import os

import yaml


class ExperimentOptions:
    def __init__(self):
        self.parser = argparse.ArgumentParser()
        self.parser.add_argument("--workdir", default="work")
        self.parser.add_argument("--tag", default="base")
        self.parser.add_argument("--depth", type=int, default=4)

    def parse(self):
        self.values = self.parser.parse_args()
        self.values.run_dir = os.path.join(self.values.workdir, self.values.tag)
        self.record()
        return self.values

    def record(self):
        settings = {key: value for key, value in sorted(vars(self.values).items())}
        with open(os.path.join(self.values.run_dir, "settings.yaml"), "w") as fh:
            yaml.safe_dump(settings, fh)
"""

ARGPARSE_TRAIN = """
import torch

from options import ExperimentOptions


def main():
    opt = ExperimentOptions().parse()
    net = build(opt.depth)
    for epoch in range(10):
        loss = net(batch()).mean()
        loss.backward()
    torch.save(net.state_dict(), opt.run_dir + "/net.pt")


if __name__ == "__main__":
    main()
"""

# Not an options class: a network writing its own attributes, and a model subclass saving itself.
NOT_OPTIONS = """
import json
import os

import torch
from tensorflow import keras


class Net(torch.nn.Module):
    def describe(self, folder):
        with open(os.path.join(folder, "net.json"), "w") as fh:
            json.dump(vars(self), fh)


class Classifier(keras.Model):
    def export(self, folder):
        super().save(os.path.join(folder, "classifier.keras"))


class Solver:
    # keeps its arguments beside the model: pickling itself writes a checkpoint, not the options

    def __init__(self, parser):
        self.args = parser.parse_args()
        self.net = Net()

    def snapshot(self, folder):
        torch.save(self, os.path.join(folder, "solver.pt"))
"""

NOT_OPTIONS_TRAIN = """
import argparse
import os

import torch

from nets import Classifier, Net

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=5)
parser.add_argument("--out", default="out")
args = parser.parse_args()


def main():
    net = Net()
    net.describe(args.out)
    Classifier().export(args.out)
    Solver(parser).snapshot(args.out)
    for epoch in range(args.epochs):
        loss = net(batch()).mean()
        loss.backward()
    torch.save(net.state_dict(), os.path.join(args.out, f"net_{args.epochs}.pt"))


if __name__ == "__main__":
    main()
"""


def _tap_repo(tmp_path):
    return write_repo(
        tmp_path,
        {
            "mypkg/__init__.py": "",
            "mypkg/setup.py": RUN_SETUP,
            "mypkg/learner.py": LEARNER,
            "train.py": TRAIN,
            "requirements.txt": "torch==2.2.0\ngymnasium==0.29.1\ntyped-argument-parser==1.10.0\n",
            "README.md": "# walker\n\n`python train.py --run_name base --seed 1`\n",
        },
    )


def test_options_class_saving_itself_is_the_whole_config_of_a_named_run_dir(tmp_path):
    ctx, _ = discover(_tap_repo(tmp_path))
    rec = ctx.records
    whole = rec.whole_config(per_run=True)
    assert [(p.evidence.path, p.evidence.line) for p in whole] == [("mypkg/setup.py", 34)]
    assert whole[0].target == "{opts.out_root}/{opts.run_name}/options.json"
    assert whole[0].keeping == "named"
    # host.txt is written with the helper's own *args: neither options nor a subset of them
    assert [p for p in rec.config if not p.whole] == []
    ckpt = rec.checkpoints[0]
    assert ckpt.step_labelled and "several kept per run" in ckpt.describe()


def test_options_class_run_is_scored_as_a_run_record(tmp_path):
    result = run_audit(_tap_repo(tmp_path))
    assert dimension(result, "parameter_logging").score == 5
    persistence = dimension(result, "result_persistence")
    assert persistence.score == 3, persistence.reasons
    assert "one overwritten" not in " ".join(persistence.reasons)
    f210 = next(f for f in result.findings if f.rule_id == "ET210")
    assert f210.status == "PASS" and "1 whole-config" in f210.message
    assert status_of(result, "ET211") == "PASS"
    assert status_of(result, "ET212") == "PASS"  # seed_everything(opts.seed), options written whole
    assert status_of(result, "ET110") == "PASS"  # the run directory is named from the options
    f421 = next(f for f in result.findings if f.rule_id == "ET421")
    assert f421.status == "PASS" and "env_id" in f421.message, f421.message


def test_dict_built_from_parsed_options_in_the_options_class_is_whole(tmp_path):
    write_repo(
        tmp_path,
        {"options.py": ARGPARSE_OPTIONS, "train.py": ARGPARSE_TRAIN, "README.md": "# x\n"},
    )
    ctx, _ = discover(tmp_path)
    parts = [p for p in ctx.records.config if p.evidence.path == "options.py"]
    assert parts and all(p.whole for p in parts), parts
    assert parts[0].target.endswith("/settings.yaml")
    assert status_of(run_audit(tmp_path), "ET211") == "PASS"


def test_other_classes_writing_themselves_are_not_options(tmp_path):
    write_repo(
        tmp_path,
        {"nets.py": NOT_OPTIONS, "train.py": NOT_OPTIONS_TRAIN, "README.md": "# x\n"},
    )
    ctx, _ = discover(tmp_path)
    rec = ctx.records
    assert not [p for p in rec.config if p.evidence.path == "nets.py" and p.whole]
    assert any(p.target.endswith("/solver.pt") for p in rec.checkpoints)
    # net_{args.epochs}.pt is named by a total from the options: one file per run, not per step
    assert rec.checkpoints and not any(p.step_labelled for p in rec.checkpoints)


def test_parsed_options_saving_themselves_outside_the_class(tmp_path):
    write_repo(
        tmp_path,
        {
            "run.py": """
            import os
            import time

            import torch
            from tap import Tap


            class Hyper(Tap):
                root: str = "out"
                width: int = 32


            hp = Hyper().parse_args()
            folder = os.path.join(hp.root, time.strftime("%Y%m%d-%H%M%S"))
            hp.save(os.path.join(folder, "hyper.json"))
            net = build(hp.width)
            for epoch in range(3):
                net(batch()).mean().backward()
                torch.save(net.state_dict(), os.path.join(folder, "net.pt"))
            """,
            "README.md": "# x\n",
        },
    )
    ctx, _ = discover(tmp_path)
    whole = ctx.records.whole_config(per_run=True)
    assert [(p.evidence.line, p.keeping) for p in whole] == [(15, "time")]
    # one file rewritten every epoch: not a checkpoint per step label
    assert ctx.records.checkpoints and not ctx.records.checkpoints[0].step_labelled
