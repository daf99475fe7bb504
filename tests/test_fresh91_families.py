"""Families of real code met in round fresh91, each as a synthetic case that fails without its fix."""

from tests.rules.repo_helpers import audit_committed, detections_by_tool, status_of

DP_TRAIN = """import argparse

import torch
import torch.nn as nn


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--lr", type=float, default=0.1)
    args = p.parse_args()
    model = nn.Linear(8, 2)
    if torch.cuda.device_count() > 1:
        model = nn.DataParallel(model)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr)
    for step in range(100):
        loss = model(torch.randn(4, 8)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
"""


def test_data_parallel_is_reported_as_one_process_on_several_gpus(tmp_path):
    """CMC, DeepSDF, GAN zoo: `model = nn.DataParallel(model)` splits each batch over the visible GPUs in
    the one process `python train.py` starts. It is reported (the run depends on the GPU count), and asks
    for no launcher script."""
    result = audit_committed(tmp_path, {"train.py": DP_TRAIN})
    found = detections_by_tool(result)
    assert "data_parallel" in found, sorted(found)
    assert status_of(result, "ET510") != "WARN"


def test_data_parallel_named_in_a_comment_only_is_not_reported(tmp_path):
    text = DP_TRAIN.replace("model = nn.DataParallel(model)", "pass  # model = nn.DataParallel(model)")
    result = audit_committed(tmp_path, {"train.py": text})
    assert "data_parallel" not in detections_by_tool(result)


LOADER = """def loadmodule(package, name, prefix=".."):
    exec("from " + prefix + package + " import " + name + " as module")
    return eval("module")
"""

TRAINER = """import json
import os

import torch


class SimpleTrainer:
    def __init__(self, config, out_dir):
        self.config = config
        self.out_dir = out_dir

    def train(self):
        with open(os.path.join(self.out_dir, "train_config.json"), "w") as f:
            json.dump(vars(self.config), f)
        for step in range(10):
            torch.save({"step": step}, os.path.join(self.out_dir, "model.pt"))
"""

LAUNCH = """import argparse

from models.utils import loadmodule


def get_trainer(name):
    match = {"simple": ("simple_trainer", "SimpleTrainer")}
    return loadmodule("models.trainer." + match[name][0], match[name][1], prefix="")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("model_name")
    parser.add_argument("--dir", default="output")
    args = parser.parse_args()
    trainer = get_trainer(args.model_name)(args, args.dir)
    trainer.train()
"""


def _training_paths(result):
    from experiment_tracking.fixes import training_paths

    return training_paths(result.ctx)


def test_a_trainer_module_imported_by_a_spliced_name_is_on_the_training_path(tmp_path):
    """GAN zoo: `loadmodule("models.trainer." + match[name][0], ...)` with a helper exec'ing the import:
    the trainer modules of that package are what train.py runs, so their config dump is the run's."""
    files = {
        "train.py": LAUNCH,
        "models/__init__.py": "",
        "models/utils.py": LOADER,
        "models/trainer/__init__.py": "",
        "models/trainer/simple_trainer.py": TRAINER,
    }
    result = audit_committed(tmp_path, files)
    assert "models/trainer/simple_trainer.py" in _training_paths(result)


def test_a_model_module_imported_by_a_name_with_a_constant_ending(tmp_path):
    """CycleGAN's models/__init__.py: `importlib.import_module("models." + name + "_model")` reaches every
    models/*_model.py, not models/networks.py."""
    launch = """import argparse
import importlib


def find_model(name):
    model_filename = "models." + name + "_model"
    return importlib.import_module(model_filename)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="cycle_gan")
    args = p.parse_args()
    find_model(args.model).train()
"""
    model = "import torch\n\n\ndef train():\n    for i in range(3):\n        torch.save({}, 'm.pt')\n"
    files = {
        "train.py": launch,
        "models/__init__.py": "",
        "models/cycle_gan_model.py": model,
        "models/networks.py": "import torch\n",
    }
    paths = _training_paths(audit_committed(tmp_path, files))
    assert "models/cycle_gan_model.py" in paths
    assert "models/networks.py" not in paths
