"""Families of real code whose fixes were placed or phrased wrong in the recommendations of the fresh57
round (the fixes a reviewer could not apply as written), each with a synthetic case of our own."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo


def _finding(result, rule_id):
    return next(f for f in result.findings if f.rule_id == rule_id)


def _recs_writing_into(result, name):
    return [r for r in result.recommendations if f"os.path.join({name}," in (r.get("snippet") or "")]


# A launcher that parses options and hands them to train() in another module, where the summary writer
# (and with it the run's time-stamped folder) is made: `writer` exists only in train_eval.py.
LAUNCHER = """
import argparse

from train_eval import train

parser = argparse.ArgumentParser()
parser.add_argument("--model", default="cnn")
parser.add_argument("--lr", type=float, default=1e-3)
args = parser.parse_args()


class Config:
    def __init__(self):
        self.log_path = "log/" + args.model
        self.save_path = "saved/" + args.model + ".ckpt"
        self.lr = args.lr


if __name__ == "__main__":
    train(Config())
"""

TRAIN_EVAL = """
import time

import torch
from tensorboardX import SummaryWriter


def train(config, model=None):
    writer = SummaryWriter(log_dir=config.log_path + "/" + time.strftime("%m-%d_%H.%M", time.localtime()))
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    for epoch in range(10):
        loss = model()
        loss.backward()
        optimizer.step()
        writer.add_scalar("loss/train", loss.item(), epoch)
    writer.close()
    torch.save(model.state_dict(), config.save_path)
"""


def test_a_fix_writing_into_a_writers_folder_goes_where_the_writer_is_made(tmp_path):
    write_repo(tmp_path, {"run.py": LAUNCHER, "train_eval.py": TRAIN_EVAL})
    result = run_audit(tmp_path)
    recs = _recs_writing_into(result, "writer.logdir")
    assert recs, [r.get("snippet") for r in result.recommendations]
    # run.py has no `writer`: a snippet naming it there fails with NameError
    assert {r["file"] for r in recs} == {"train_eval.py"}


# Checkpoints saved into a folder named by the run (model_dir = models_dir / run_id), in a module the
# entry point imports: records go beside them, not into a new runs/<timestamp>/ tree cut off from them.
ENC_ENTRY = """
import argparse
from pathlib import Path

from encoder.train import train

parser = argparse.ArgumentParser()
parser.add_argument("run_id", type=str)
parser.add_argument("-m", "--models_dir", type=Path, default="saved_models")
parser.add_argument("--lr", type=float, default=1e-4)
args = parser.parse_args()

if __name__ == "__main__":
    train(**vars(args))
"""

ENC_TRAIN = """
from pathlib import Path

import torch

from encoder.model import SpeakerEncoder


def train(run_id: str, models_dir: Path, lr: float):
    model = SpeakerEncoder()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    model_dir = models_dir / run_id
    model_dir.mkdir(exist_ok=True, parents=True)
    state_fpath = model_dir / "encoder.pt"
    for step in range(1000):
        loss = model()
        loss.backward()
        optimizer.step()
        if step % 100 == 0:
            torch.save({"step": step + 1, "model_state": model.state_dict()}, state_fpath)
"""

ENC_MODEL = """
import torch


class SpeakerEncoder(torch.nn.Module):
    pass
"""


def test_records_go_into_the_runs_own_checkpoint_folder(tmp_path):
    write_repo(
        tmp_path,
        {
            "encoder_train.py": ENC_ENTRY,
            "encoder/__init__.py": "",
            "encoder/train.py": ENC_TRAIN,
            "encoder/model.py": ENC_MODEL,
        },
    )
    result = run_audit(tmp_path)
    snippets = "\n".join(r.get("snippet") or "" for r in result.recommendations)
    snippets += "\n".join(f.recommendation for f in result.findings)
    assert "os.path.join(model_dir," in snippets
    assert "'runs'" not in snippets  # no second, unrelated run tree
    assert {r["file"] for r in _recs_writing_into(result, "model_dir")} == {"encoder/train.py"}


# Two notebooks trained with two frameworks: a JAX one first, a torch port beside it. A torch snippet
# belongs in the torch notebook, where `torch` is imported.
def _nb(*cells):
    import json

    return json.dumps(
        {
            "cells": [
                {"cell_type": "code", "metadata": {}, "source": c, "outputs": [], "execution_count": None}
                for c in cells
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


JAX_NB = _nb(
    "import jax\nimport optax\nkey = jax.random.PRNGKey(1)\n",
    "params = init(key)\nopt = optax.adam(1e-3)\nfor step in range(100):\n"
    "    params, loss = train_step(params, batch)\n    print(step, loss)\n",
)
TORCH_NB = _nb(
    "import torch\nimport numpy as np\nmodel = torch.nn.Linear(4, 2)\n",
    "opt = torch.optim.Adam(model.parameters(), lr=1e-3)\nfor step in range(100):\n"
    "    loss = model(torch.randn(8, 4)).sum()\n    loss.backward()\n    opt.step()\n    print(step, loss.item())\n",
)


def test_a_torch_snippet_goes_into_the_notebook_that_imports_torch(tmp_path):
    write_repo(tmp_path, {"notebooks/training.ipynb": JAX_NB, "notebooks/training_torch.ipynb": TORCH_NB})
    result = run_audit(tmp_path)
    torch_recs = [r for r in result.recommendations if "torch." in (r.get("snippet") or "")]
    assert torch_recs, [r["title"] for r in result.recommendations]
    assert {r["file"] for r in torch_recs} == {"notebooks/training_torch.ipynb"}


# absl flags, a TensorBoard-style writer handed a few chosen values: the fix is that call given every
# flag, not a tracker the project does not use.
ABSL_TRAIN = """
from absl import app, flags
import time

import jax
from tensorboardX import SummaryWriter

FLAGS = flags.FLAGS
flags.DEFINE_string("env", "ant", "Name of environment to train.")
flags.DEFINE_integer("total_env_steps", 50000000, "Number of env steps.")
flags.DEFINE_float("learning_rate", 1e-4, "Learning rate.")
flags.DEFINE_integer("batch_size", 256, "Batch size.")
flags.DEFINE_string("logdir", "", "Logdir.")


def main(unused_argv):
    writer = SummaryWriter(FLAGS.logdir + "/" + time.strftime("%Y%m%d-%H%M%S"))
    writer.add_hparams({"total_env_steps": FLAGS.total_env_steps, "env": FLAGS.env}, {})
    key = jax.random.PRNGKey(0)
    for step in range(100):
        loss = train_step(key)
        writer.add_scalar("loss", loss, step)


if __name__ == "__main__":
    app.run(main)
"""


def test_partial_hparams_fix_hands_the_same_call_every_flag(tmp_path):
    write_repo(tmp_path, {"learner.py": ABSL_TRAIN})
    result = run_audit(tmp_path)
    fix = _finding(result, "ET211").recommendation
    assert "add_hparams" in fix and "FLAGS.flag_values_dict()" in fix, fix
    assert "mlflow" not in fix and "wandb" not in fix


# Ray Tune's run_experiments given an experiment spec built elsewhere; the trainable, loaded by name at
# run time, seeds through a helper with the seed its variant carries. Tune writes each trial's config
# (seed included) to params.json.
TUNE_LAUNCHER = """
import importlib
import sys

import ray
from ray import tune


def generate_experiment(trainable_class, variant_spec):
    return "exp", {"run": trainable_class, "config": variant_spec, "local_dir": "~/ray_results"}


def run_example_local(example_module_name, example_argv):
    example_module = importlib.import_module(example_module_name)
    example_args = example_module.get_parser().parse_args(example_argv)
    variant_spec = example_module.get_variant_spec(example_args)
    experiment_id, experiment = generate_experiment(example_module.get_trainable_class(), variant_spec)
    ray.init(num_cpus=example_args.cpus)
    tune.run_experiments({experiment_id: experiment}, scheduler=None)


if __name__ == "__main__":
    run_example_local(sys.argv[1], sys.argv[2:])
"""

TUNE_TRAINABLE = """
import argparse

import numpy as np
import tensorflow as tf
from ray import tune

from lib.utils import set_seed


class ExperimentRunner(tune.Trainable):
    def _setup(self, variant):
        set_seed(variant["run_params"]["seed"])
        self._variant = variant
        self.model = tf.keras.Sequential([tf.keras.layers.Dense(1)])

    def _train(self):
        loss = self.model.train_on_batch(np.zeros((8, 4)), np.zeros((8, 1)))
        return {"loss": float(loss)}


def get_parser():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cpus", type=int, default=4)
    parser.add_argument("--lr", type=float, default=3e-4)
    return parser


def get_variant_spec(args):
    return {
        "lr": args.lr,
        "run_params": {"seed": tune.sample_from(lambda spec: np.random.randint(0, 10000))},
    }


def get_trainable_class():
    return ExperimentRunner
"""

TUNE_UTILS = """
import random

import numpy as np
import tensorflow as tf


def set_seed(seed):
    seed %= 4294967294
    random.seed(seed)
    np.random.seed(seed)
    tf.set_random_seed(seed)
"""


def test_tune_experiment_spec_records_the_whole_config_and_the_seed(tmp_path):
    write_repo(
        tmp_path,
        {
            "experiments/instrument.py": TUNE_LAUNCHER,
            "experiments/main.py": TUNE_TRAINABLE,
            "lib/__init__.py": "",
            "lib/utils.py": TUNE_UTILS,
            "requirements.txt": "ray[tune]==0.7.6\ntensorflow==1.14.0\nnumpy==1.17.0\n",
        },
    )
    result = run_audit(tmp_path)
    assert _finding(result, "ET210").status == "PASS", _finding(result, "ET210").message
    seed = _finding(result, "ET212")
    assert seed.status == "PASS", seed.message
    assert any(e.path == "experiments/main.py" for e in seed.evidence)
