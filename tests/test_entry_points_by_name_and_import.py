"""Entry points decided by what a module does, not by a word in its name or by what it imports:
a registry of released weights (pretrained.py) with a top-level loop is not a training script; a
tool reading the learning rate back from a tracker (learning_rate_at_step.py) is not a trainer; an
inference script importing build_model from train.py (whose __main__ block trains inline) does not
launch training. Synthetic, after open_clip, OLMo and wavenet_vocoder."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = """
import argparse

import torch


def build_model():
    return torch.nn.Linear(4, 1)


def to_categorical(y, n):
    return torch.eye(n)[y]


def train_loop(model, opt, steps):
    for _ in range(steps):
        loss = model(torch.randn(8, 4)).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=100)
    args = parser.parse_args()
    model = build_model()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    train_loop(model, opt, args.steps)
    torch.save(model.state_dict(), "model.pt")
"""

SYNTHESIS = """
import sys

import torch

from train import build_model, to_categorical

if __name__ == "__main__":
    model = build_model()
    model.load_state_dict(torch.load(sys.argv[1]))
    print(model(to_categorical(torch.tensor([1]), 4)))
"""

PRETRAINED = """
import copy

_PRETRAINED = {
    "vit_b_32": {"openai": {"url": "https://example.org/vit_b_32.pt", "quick_gelu": True}},
    "vit_l_14": {"laion": {"url": "https://example.org/vit_l_14.pt"}},
}

_QUICKGELU = {}
for k, v in _PRETRAINED.items():
    tags = {tk: copy.deepcopy(tv) for tk, tv in v.items() if tv.get("quick_gelu", False)}
    if tags:
        _QUICKGELU[k] = tags


def list_pretrained():
    return sorted(_PRETRAINED)
"""

LR_TOOL = """
import click
import wandb


@click.command()
@click.argument("run_path")
@click.argument("step", type=int)
def main(run_path, step):
    run = wandb.Api().run(run_path)
    for row in run.scan_history(keys=["train/lr"], min_step=step, max_step=step + 1):
        print(row["train/lr"])


if __name__ == "__main__":
    main()
"""


def _entry_paths(tmp_path):
    result = run_audit(
        write_repo(
            tmp_path,
            {
                "train.py": TRAIN,
                "synthesis.py": SYNTHESIS,
                "pkg/__init__.py": "from .pretrained import list_pretrained\n",
                "pkg/pretrained.py": PRETRAINED,
                "scripts/learning_rate_at_step.py": LR_TOOL,
            },
        )
    )
    return [e.path for e in result.ctx.taxonomy.training_entry_points]


def test_only_the_script_that_trains_is_a_training_entry_point(tmp_path):
    assert _entry_paths(tmp_path) == ["train.py"]


EXPERIMENT = """
import logging
import shutil

from pkg.setup_logger import setup_logger

setup_logger()
logger = logging.getLogger(__name__)


def restore_default_config_files(base_dir):
    shutil.copytree(base_dir + "/conf/default", base_dir + "/conf/base", dirs_exist_ok=True)
"""

RESTORE = """
import os

from pkg.experiment import restore_default_config_files

def main():
    restore_default_config_files(base_dir=os.getcwd())

if __name__ == "__main__":
    main()
"""


def test_a_module_named_for_experiments_that_others_import_and_that_trains_nothing_is_a_library(tmp_path):
    result = run_audit(
        write_repo(
            tmp_path,
            {
                "pkg/__init__.py": "",
                "pkg/setup_logger.py": "import logging\ndef setup_logger():\n    logging.basicConfig()\n",
                "pkg/experiment.py": EXPERIMENT,
                "pkg/restore_default_config.py": RESTORE,
            },
        )
    )
    assert not result.ctx.taxonomy.training_entry_points, result.ctx.taxonomy.training_entry_points
