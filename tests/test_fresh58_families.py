"""Families of real code whose fixes were placed or phrased wrong in the recommendations of the fresh57
round (the fixes a reviewer could not apply as written), each with a synthetic case of our own."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import commit_all, finding, write_repo


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
    fix = finding(result, "ET211").recommendation
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
    assert finding(result, "ET210").status == "PASS", finding(result, "ET210").message
    seed = finding(result, "ET212")
    assert seed.status == "PASS", seed.message
    assert any(e.path == "experiments/main.py" for e in seed.evidence)


def _dims(result):
    return {d.name: d for d in result.scorecard.dimensions}


# An RL algorithm whose evaluation is a private method (_evaluate_rollouts) and a meta-learning script
# whose accuracy comes from a getter (get_accuracy): evaluations by meaning, whatever the spelling.
RL_ALGO = """
import numpy as np
import torch


class RLAlgorithm:
    def _evaluate_rollouts(self, paths):
        returns = [path["rewards"].sum() for path in paths]
        return {"return-average": np.mean(returns), "return-std": np.std(returns)}

    def train(self, env, policy, optimizer):
        for epoch in range(100):
            loss = policy.loss(env.sample())
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            paths = [env.rollout(policy) for _ in range(5)]
            print(epoch, self._evaluate_rollouts(paths))
"""

META_TRAIN = """
import argparse

import torch


def get_accuracy(logits, targets):
    _, predictions = torch.max(logits, dim=-1)
    return torch.mean(predictions.eq(targets).float())


def train(args, model, loader):
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    for batch in loader:
        logits = model(batch["inputs"])
        loss = torch.nn.functional.cross_entropy(logits, batch["targets"])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        accuracy = get_accuracy(logits, batch["targets"])
        print(accuracy.item())


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=1e-3)
    train(parser.parse_args(), None, [])
"""


def test_private_and_getter_evaluations_are_evaluations(tmp_path):
    write_repo(
        tmp_path, {"algo/rl_algorithm.py": RL_ALGO, "algo/__init__.py": "", "meta_train.py": META_TRAIN}
    )
    result = run_audit(tmp_path)
    f = finding(result, "ET302")
    assert "No evaluation metric computation found" not in f.message, f.message
    cited = {e.detail for e in f.evidence}
    assert any("_evaluate_rollouts" in d or "get_accuracy" in d for d in cited), cited


# A Lightning 0.7 module: metrics handed to the logger through the hooks' returned {"log": ...} dicts and
# a validation_end hook the Trainer calls; checkpoints given with filepath= (the pre-1.0 keyword).
PL_MODULE = """
import pytorch_lightning as pl
import torch


class PointNetCls(pl.LightningModule):
    def training_step(self, batch, batch_idx):
        pc, labels = batch
        logits = self.forward(pc)
        loss = torch.nn.functional.cross_entropy(logits, labels)
        with torch.no_grad():
            acc = (torch.argmax(logits, dim=1) == labels).float().mean()
        log = dict(train_loss=loss, train_acc=acc)
        return dict(loss=loss, log=log, progress_bar=dict(train_acc=acc))

    def validation_step(self, batch, batch_idx):
        pc, labels = batch
        logits = self.forward(pc)
        acc = (torch.argmax(logits, dim=1) == labels).float().mean()
        return {"val_acc": acc}

    def validation_end(self, outputs):
        reduced = {"val_acc": torch.stack([o["val_acc"] for o in outputs]).mean()}
        return {"log": reduced, "progress_bar": reduced}

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=1e-3)
"""

PL_TRAIN = """
import os

import hydra
import pytorch_lightning as pl

from models.cls import PointNetCls


@hydra.main("config/config.yaml")
def main(cfg):
    model = PointNetCls()
    checkpoint_callback = pl.callbacks.ModelCheckpoint(
        monitor="val_acc", mode="max", save_top_k=2,
        filepath=os.path.join(cfg.task_model.name, "{epoch}-{val_acc:.3f}"),
    )
    trainer = pl.Trainer(max_epochs=cfg.epochs, checkpoint_callback=checkpoint_callback)
    trainer.fit(model)


if __name__ == "__main__":
    main()
"""

PL_CONFIG = """
epochs: 200
task_model:
  name: cls-ssg
hydra:
  run:
    dir: outputs
"""


def _lightning_repo(tmp_path):
    files = {
        "train.py": PL_TRAIN,
        "models/__init__.py": "",
        "models/cls.py": PL_MODULE,
        "config/config.yaml": PL_CONFIG,
    }
    return run_audit(write_repo(tmp_path, files))


def test_lightning_returned_log_dicts_are_logged_metrics(tmp_path):
    result = _lightning_repo(tmp_path)
    assert finding(result, "ET301").status == "PASS", finding(result, "ET301").message
    assert "No evaluation metric computation found" not in finding(result, "ET302").message
    targets = [p.target for p in result.ctx.records.checkpoints]
    assert any(t.startswith("{cfg.task_model.name}/") for t in targets), targets


def test_a_fixed_hydra_run_dir_is_no_directory_per_run(tmp_path):
    result = _lightning_repo(tmp_path)
    why = " ".join(_dims(result)["result_persistence"].reasons)
    assert "timestamped Hydra output directory" not in why, why
    params = finding(result, "ET210")
    assert not any("Hydra writes the composed config" in e.detail for e in params.evidence), params.evidence


# Dataset preparation: prepare scripts download each archive with the SHA1 it must match, and the model
# zoo checks pretrained weights the same way (weights are no data); a Dataset class writes normalisation
# bounds and label lists under its root (data, not a run's metrics).
FILES_UTIL = """
import hashlib
import os

import requests


def check_sha1(filename, sha1_hash):
    sha1 = hashlib.sha1()
    with open(filename, "rb") as f:
        sha1.update(f.read())
    return sha1.hexdigest() == sha1_hash


def download(url, path=None, overwrite=False, sha1_hash=None):
    fname = path or url.split("/")[-1]
    if overwrite or not os.path.exists(fname) or (sha1_hash and not check_sha1(fname, sha1_hash)):
        r = requests.get(url, stream=True)
        with open(fname, "wb") as f:
            f.write(r.content)
    return fname
"""

MODEL_STORE = """
from .files import check_sha1, download

_model_sha1 = {"resnet50": "25c4b50959ef024fcc050213a06b614899f94b3d"}


def get_model_file(name, root="~/.encoding/models"):
    file_path = root + "/" + name + ".pth"
    if check_sha1(file_path, _model_sha1[name]):
        return file_path
    return download("https://example.com/" + name + ".pth", path=file_path, sha1_hash=_model_sha1[name])
"""

PREPARE = """
import zipfile

from encoding.utils.files import download

_URLS = [("http://data.example.org/ADEChallengeData2016.zip", "219e1696abb36c8ba3a3afe7fb2f4b4606a897c7")]


def download_ade(path):
    for url, checksum in _URLS:
        filename = download(url, path=path, sha1_hash=checksum)
        with zipfile.ZipFile(filename) as z:
            z.extractall(path)


if __name__ == "__main__":
    download_ade("~/.encoding/data")
"""

DATASET = """
import json
import os

import numpy as np
from torch.utils.data import Dataset


class PlantsDataset(Dataset):
    def __init__(self, root):
        self.root = root
        self.download()

    def __getitem__(self, index):
        return self.features[index]

    def download(self):
        features = np.load(os.path.join(self.root, "raw.npy"))
        bounds = {"lower": features.min(0).tolist(), "upper": features.max(0).tolist()}
        with open(os.path.join(self.root, "lower_upper.json"), "w") as f:
            json.dump(bounds, f)
        self.features = features
"""

SEG_TRAIN = """
import argparse

import torch
from torch.utils.data import DataLoader

from encoding.datasets import PlantsDataset

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.01)
parser.add_argument("--root", default="~/.encoding/data")
args = parser.parse_args()

model = torch.nn.Linear(64, 10)
optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
for epoch in range(10):
    for x, y in DataLoader(PlantsDataset(args.root), batch_size=32):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(epoch, loss.item())
"""


def test_downloads_checked_against_their_digest_version_the_data(tmp_path):
    write_repo(
        tmp_path,
        {
            "encoding/__init__.py": "",
            "encoding/utils/__init__.py": "",
            "encoding/utils/files.py": FILES_UTIL,
            "encoding/models/__init__.py": "",
            "encoding/models/model_store.py": MODEL_STORE,
            "encoding/datasets.py": DATASET,
            "scripts/prepare_ade20k.py": PREPARE,
            "train.py": SEG_TRAIN,
        },
    )
    result = run_audit(tmp_path)
    data = _dims(result)["data_versioning"]
    assert data.score == 3, data.reasons
    assert "scripts/prepare_ade20k.py" in data.reasons[0], data.reasons
    # the Dataset's normalisation bounds are data it prepares, not the run's metrics
    assert not any("lower_upper" in p.target for p in result.ctx.records.metrics)
    assert finding(result, "ET301").status != "PASS"


# Files committed beside code: a metric's parameter file next to its module, and meta-info lists naming
# training images kept elsewhere (with their shapes). Neither is training data in git, and untracking a
# folder of modules would take the code out of git.
NIQE = """
import numpy as np


def calculate_niqe(img):
    params = np.load("basicsr/metrics/niqe_pris_params.npz")
    return float((img * params["mu"]).mean())
"""

SR_TRAIN = """
import argparse

import torch

from basicsr.metrics.niqe import calculate_niqe

parser = argparse.ArgumentParser()
parser.add_argument("-opt", default="options/train.yml")
args = parser.parse_args()

model = torch.nn.Conv2d(3, 3, 3)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
for it in range(1000):
    loss = model(torch.randn(1, 3, 8, 8)).abs().mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if it % 100 == 0:
        print(it, loss.item(), calculate_niqe(torch.randn(8, 8).numpy()))
"""


def test_module_resources_and_image_lists_are_not_committed_training_data(tmp_path):
    meta = "".join(f"{i:04d}_s{j:03d}.png (480,480,3)\n" for i in range(1, 40) for j in range(1, 4))
    clips = "".join(f"{i:03d} 100 (720,1280,3)\n" for i in range(240))
    write_repo(
        tmp_path,
        {
            "basicsr/__init__.py": "",
            "basicsr/metrics/__init__.py": "",
            "basicsr/metrics/niqe.py": NIQE,
            "basicsr/data/__init__.py": "",
            "basicsr/data/meta_info/meta_info_DIV2K800sub_GT.txt": meta,
            "basicsr/data/meta_info/meta_info_REDS_GT.txt": clips,
            "basicsr/train.py": SR_TRAIN,
        },
    )
    (tmp_path / "basicsr/metrics/niqe_pris_params.npz").write_bytes(bytes(range(256)) * 20)
    commit_all(tmp_path)
    result = run_audit(tmp_path)
    text = " ".join(f.message + " " + f.recommendation for f in result.findings)
    assert "git rm -r --cached" not in text, text
    assert "committed to git" not in " ".join(_dims(result)["data_versioning"].reasons)


def test_committed_data_fix_names_files_in_a_folder_of_code(tmp_path):
    from types import SimpleNamespace

    from experiment_tracking.rubric import committed_data_fix

    write_repo(
        tmp_path,
        {"pkg/metrics/niqe.py": NIQE, "pkg/metrics/params.npz": "x", "data/cora/cora.cites": "1 2\n"},
    )
    result = run_audit(tmp_path)
    files = [SimpleNamespace(path="data/cora/cora.cites"), SimpleNamespace(path="pkg/metrics/params.npz")]
    fix = committed_data_fix(result.ctx, files)
    # the data folder as a whole; the resource by itself, not the folder of modules it sits in
    assert "git rm -r --cached data/cora pkg/metrics/params.npz &&" in fix, fix


# The Unlicense dedicates the code to the public domain: a licence is declared.
def test_unlicense_declares_a_licence(tmp_path):
    write_repo(
        tmp_path,
        {
            "UNLICENSE": "This is free and unencumbered software released into the public domain.\n",
            "train.py": SR_TRAIN.replace("basicsr.metrics.niqe", "niqe"),
            "niqe.py": NIQE,
        },
    )
    result = run_audit(tmp_path)
    f = finding(result, "ET613")
    assert "No LICENSE" not in f.message and any(e.detail == "licence" for e in f.evidence), f.message


# DeepSpeed's inference engine on one model is no distributed training.
TTS = """
import deepspeed
import torch


class TextToSpeech:
    def __init__(self, use_deepspeed=False):
        self.model = torch.nn.Linear(4, 4)
        if use_deepspeed:
            self.ds_engine = deepspeed.init_inference(model=self.model, mp_size=1, dtype=torch.float32)
            self.model = self.ds_engine.module.eval()

    def tts(self, text):
        return self.model(torch.randn(1, 4))
"""


def test_deepspeed_inference_engine_is_not_distributed_training(tmp_path):
    write_repo(tmp_path, {"tortoise/api.py": TTS, "requirements.txt": "deepspeed==0.8.3\ntorch\n"})
    result = run_audit(tmp_path)
    used = [d for d in result.ctx.present("distributed") if d.tool == "deepspeed"]
    assert not used, used
    # declared, and called: for inference, not "never called"
    said = [e.detail for d in result.ctx.detections if d.tool == "deepspeed" for e in d.evidence]
    assert any("inference" in s for s in said) and not any("never called" in s for s in said), said
    assert not any(f.rule_id == "ET510" and f.status != "PASS" for f in result.findings)


# A config file named by --config, loaded, dumped into the output folder as loaded; --seed and
# --checkpoint are command-line options written nowhere.
CFG_TRAIN = """
import argparse
import os
import random

import numpy as np
import torch
import yaml


def main(args, config):
    seed = args.seed
    torch.manual_seed(seed)
    np.random.seed(seed)
    random.seed(seed)
    model = torch.nn.Linear(4, 2)
    optimizer = torch.optim.AdamW(model.parameters(), lr=config["lr"])
    for epoch in range(config["epochs"]):
        loss = model(torch.randn(8, 4)).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        torch.save({"model": model.state_dict(), "config": config, "epoch": epoch},
                   os.path.join(args.output_dir, "checkpoint_%02d.pth" % epoch))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="./configs/Pretrain.yaml")
    parser.add_argument("--checkpoint", default="")
    parser.add_argument("--output_dir", default="Pretrain/")
    parser.add_argument("--text_encoder", default="bert-base-uncased")
    parser.add_argument("--seed", default=42, type=int)
    args = parser.parse_args()
    config = yaml.load(open(args.config, "r"), Loader=yaml.Loader)
    os.makedirs(args.output_dir, exist_ok=True)
    yaml.dump(config, open(os.path.join(args.output_dir, "config.yaml"), "w"))
    main(args, config)
"""


def test_a_config_file_dumped_as_loaded_leaves_the_options_unrecorded(tmp_path):
    write_repo(tmp_path, {"Pretrain.py": CFG_TRAIN, "configs/Pretrain.yaml": "lr: 0.0001\nepochs: 30\n"})
    result = run_audit(tmp_path)
    seed = finding(result, "ET212")
    assert seed.status != "PASS", seed.message
    whole = finding(result, "ET211")
    assert whole.status == "WARN", whole.message
    assert "seed" in whole.message and "checkpoint" in whole.message and "config," not in whole.message


# A package whose setup.py states an old torch range: the pins the results need go into a requirements
# file for the experiments, not into the package's install_requires.
OLD_SETUP = """
from setuptools import setup

setup(name="torchmetalib", version="1.4.6", packages=["torchmetalib"],
      install_requires=["torch>=1.4.0,<1.9.0", "torchvision>=0.5.0,<0.10.0", "numpy>=1.14.0", "tqdm>=4.0.0"])
"""


def test_old_stack_pins_stay_out_of_a_packages_install_requires(tmp_path):
    write_repo(
        tmp_path,
        {"setup.py": OLD_SETUP, "torchmetalib/__init__.py": "", "examples/maml/train.py": META_TRAIN},
    )
    result = run_audit(tmp_path)
    fix = finding(result, "ET410").recommendation
    assert "Pin in `setup.py`" not in fix, fix
    assert "keeping the ranges in `setup.py`" in fix or "Keep the ranges in `setup.py`" in fix, fix


# cudnn.benchmark = True set in one of two training scripts: the fix goes where the setting is.
BENCH_TRAIN = """
import argparse

import torch
import torch.backends.cudnn as cudnn

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.1)
args = parser.parse_args()
cudnn.benchmark = True
model = torch.nn.Linear(4, 2).cuda()
optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
for step in range(100):
    loss = model(torch.randn(8, 4).cuda()).sum()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(step, loss.item())
"""


def test_determinism_fix_goes_where_autotuning_is_switched_on(tmp_path):
    plain = BENCH_TRAIN.replace("cudnn.benchmark = True\n", "")
    write_repo(tmp_path, {"experiments/train.py": plain, "experiments/train_dist.py": BENCH_TRAIN})
    result = run_audit(tmp_path)
    from experiment_tracking.scoring import fix_site

    f = finding(result, "ET403")
    assert any("benchmark" in e.detail for e in f.evidence), f.evidence
    assert fix_site(result.ctx, f) == "experiments/train_dist.py"


# Hydra before 1.1 has no HydraConfig runtime.output_dir: the run's folder is the working directory it
# changes into.
OLD_HYDRA = """
import hydra
import torch


@hydra.main(config_path="conf/config.yaml")
def main(cfg):
    model = torch.nn.Linear(4, 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    for epoch in range(cfg.epochs):
        loss = model(torch.randn(8, 4)).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        print(epoch, loss.item())


if __name__ == "__main__":
    main()
"""


def test_old_hydra_run_folder_is_the_working_directory(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": OLD_HYDRA,
            "conf/config.yaml": "lr: 0.001\nepochs: 3\n",
            "requirements.txt": "hydra-core==0.11.3\ntorch\n",
        },
    )
    result = run_audit(tmp_path)
    text = "\n".join(f.recommendation for f in result.findings) + "\n".join(
        r.get("snippet") or "" for r in result.recommendations
    )
    assert "os.path.join(os.getcwd()," in text
    assert "HydraConfig.get().runtime.output_dir" not in text


# A grid written in a config module for a launcher to expand (no search library): a sweep all the same.
SWEEP_CONFIG = """
def get_config():
    return {"lr": 1e-4, "self_cond": "none", "train_schedule": "cosine"}


def get_sweep(h):
    return h.product([
        h.sweep("config.self_cond", ["none", "x", "eps"]),
        h.sweep("config.train_schedule", ["cosine", "sigmoid@-3,3,0.9"]),
    ])
"""


def test_a_grid_defined_in_code_is_reported_as_a_sweep(tmp_path):
    from experiment_tracking.report.markdown import render_markdown

    write_repo(tmp_path, {"configs/config_diffusion.py": SWEEP_CONFIG, "run.py": META_TRAIN})
    result = run_audit(tmp_path)
    grids = result.ctx.taxonomy.sweep_definitions
    assert [e.path for e in grids] == ["configs/config_diffusion.py"], grids
    text = render_markdown(result)
    line = next(ln for ln in text.splitlines() if ln.startswith("- Sweeps / hyperparameter searches"))
    assert "configs/config_diffusion.py:5" in line, line


def test_commented_out_dockerfile_installs_pin_nothing(tmp_path):
    from experiment_tracking.index.manifests import parse_dockerfile

    text = (
        "FROM nvcr.io/nvidia/pytorch:20.06-py3\n"
        "#RUN python -m pip install torch==1.4.0\n"
        "# RUN pip install torchvision==0.5.0\n"
        "RUN pip install pycocotools==2.0.0 \\\n"
        "    # a comment inside the instruction\n"
        "    nose\n"
    )
    _images, deps = parse_dockerfile("Dockerfile", text)
    assert sorted(d.name for d in deps) == ["nose", "pycocotools"], deps


def test_digest_checked_downloads_are_said_in_et120(tmp_path):
    write_repo(
        tmp_path,
        {
            "encoding/__init__.py": "",
            "encoding/utils/__init__.py": "",
            "encoding/utils/files.py": FILES_UTIL,
            "encoding/datasets.py": DATASET,
            "scripts/prepare_ade20k.py": PREPARE,
            "train.py": SEG_TRAIN,
        },
    )
    result = run_audit(tmp_path)
    f = finding(result, "ET120")
    assert "checked against the digests" in f.message, f.message
    assert "scripts/prepare_ade20k.py" in {e.path for e in f.evidence}, f.evidence
    assert "mlflow" not in f.recommendation


# A Travis job that only formats the code (black, clang-format over a file list) on one Python: no pin
# of the Python the project runs on.
def test_a_style_only_ci_job_pins_no_python(tmp_path):
    travis = (
        'language: python\npython:\n  - "3.6"\ninstall:\n  - pip install black\nscript:\n  - black --check .\n'
        "  - find . -name '*.cpp' | xargs -I {} bash -c \"diff -u <(cat {}) <(clang-format {})\"\n"
    )
    write_repo(tmp_path, {".travis.yml": travis, "train.py": META_TRAIN})
    result = run_audit(tmp_path)
    f = finding(result, "ET411")
    assert f.status != "PASS", f.message


# `if training:` where training = FLAGS.mode == TRAIN: every training run logs what is under it.
PHASE_RUN = """
import time

import tensorflow as tf
from absl import app, flags

FLAGS = flags.FLAGS
flags.DEFINE_enum("mode", None, ["train", "eval"], "train or eval")
flags.DEFINE_string("model_dir", None, "where checkpoints and summaries go")
TRAIN = "train"


def perform_training(model, steps):
    writer = tf.summary.create_file_writer(FLAGS.model_dir)
    optimizer = tf.keras.optimizers.Adam(1e-3)
    timestamp = time.time()
    for step in range(steps):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(model(tf.random.normal((8, 4))))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        steps_per_sec = 1 / (time.time() - timestamp)
        timestamp = time.time()
        with writer.as_default():
            tf.summary.scalar("loss", loss, step)
            tf.summary.scalar("steps_per_sec", steps_per_sec, step)


def main(unused_argv):
    training = FLAGS.mode == TRAIN
    model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
    if training:
        perform_training(model, 1000)


if __name__ == "__main__":
    app.run(main)
"""


def test_a_training_phase_test_is_no_switch(tmp_path):
    write_repo(tmp_path, {"run.py": PHASE_RUN})
    result = run_audit(tmp_path)
    f = finding(result, "ET303")
    assert f.status != "REVIEW", (f.message, f.question)


# A published library whose README reports no results: its demo scripts owe no error bars and no
# hardware of results; the same library with a results table does.
LIB_README = (
    "# torchmetalib\n\nA library of few-shot data loaders.\n\n```bash\npip install torchmetalib\n```\n"
)
RESULTS = "\n## Results\n\n| Model | 5-way 1-shot | 5-way 5-shot |\n|---|---|---|\n| MAML | 98.7 | 99.9 |\n| ProtoNet | 98.8 | 99.7 |\n"


def test_a_library_reporting_no_results_owes_no_error_bars_or_hardware(tmp_path):
    files = {"setup.py": OLD_SETUP, "torchmetalib/__init__.py": "", "examples/maml/train.py": META_TRAIN}
    write_repo(tmp_path / "plain", {**files, "README.md": LIB_README})
    write_repo(tmp_path / "reported", {**files, "README.md": LIB_README + RESULTS})
    plain_result, reported_result = run_audit(tmp_path / "plain"), run_audit(tmp_path / "reported")
    plain = {f.rule_id for f in plain_result.findings}
    reported = {f.rule_id for f in reported_result.findings}
    assert not {"ET321", "ET413"} & plain, plain
    assert {"ET321", "ET413"} <= reported, reported
    # the demos' unrecorded runs: a gap said of the example scripts, not a FAIL of the library's results
    demo = finding(plain_result, "ET101")
    assert demo.status == "WARN" and "example scripts" in demo.message, demo.message
    assert finding(reported_result, "ET101").status == "FAIL"


# Ray Tune running fixed configurations (sample_from draws only the seed, variant_generator expands the
# spec): no search to describe, persist or prune; --num-samples repeats trials, default 1.
TUNE_RUNNER_CLI = """
import argparse


def get_parser():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cpus", type=int, default=4)
    parser.add_argument("--num-samples", default=1, type=int, help="Number of times to repeat each trial.")
    return parser
"""


def test_tune_as_a_runner_is_no_search(tmp_path):
    launcher = TUNE_LAUNCHER.replace(
        "    tune.run_experiments(",
        "    list(tune.suggest.variant_generator.generate_variants(variant_spec))\n    tune.run_experiments(",
    )
    write_repo(
        tmp_path,
        {
            "experiments/instrument.py": launcher,
            "experiments/main.py": TUNE_TRAINABLE,
            "experiments/cli.py": TUNE_RUNNER_CLI,
            "train_local.py": META_TRAIN,  # a plain training script beside the Tune runner
            "lib/__init__.py": "",
            "lib/utils.py": TUNE_UTILS,
        },
    )
    result = run_audit(tmp_path)
    ids = {f.rule_id for f in result.findings}
    assert not {"ET220", "ET221", "ET222"} & ids, ids
    sig = finding(result, "ET321")
    assert sig.status == "REVIEW" and "num_samples" in sig.question, (sig.status, sig.message)


def test_tune_with_a_search_space_is_a_search(tmp_path):
    trainable = TUNE_TRAINABLE.replace('"lr": args.lr,', '"lr": tune.loguniform(1e-4, 1e-2),')
    write_repo(
        tmp_path,
        {
            "experiments/instrument.py": TUNE_LAUNCHER,
            "experiments/main.py": trainable,
            "lib/__init__.py": "",
            "lib/utils.py": TUNE_UTILS,
        },
    )
    result = run_audit(tmp_path)
    assert "ET220" in {f.rule_id for f in result.findings}


# Per-epoch accuracies handed to the project's checkpoint helper beside the weights: recorded, if only
# inside the checkpoint.
CKPT_METRICS_TRAIN = """
import argparse

import torch

from lib.files import save_checkpoint


def main(args):
    model = torch.nn.Linear(4, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
    acclist_train, acclist_val, best_pred = [], [], 0.0
    for epoch in range(args.epochs):
        loss = model(torch.randn(8, 4)).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        acclist_train.append(0.5)
        acclist_val.append(0.4)
        save_checkpoint({
            "epoch": epoch,
            "state_dict": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "best_pred": best_pred,
            "acclist_train": acclist_train,
            "acclist_val": acclist_val,
        }, args=args, is_best=False)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--checkname", default="default")
    main(parser.parse_args())
"""

CKPT_HELPER = """
import os

import torch


def save_checkpoint(state, args, is_best, filename="checkpoint.pth.tar"):
    directory = "runs/%s/" % args.checkname
    os.makedirs(directory, exist_ok=True)
    torch.save(state, directory + filename)
"""


def test_metrics_kept_in_checkpoints_are_not_unlogged(tmp_path):
    write_repo(tmp_path, {"train.py": CKPT_METRICS_TRAIN, "lib/__init__.py": "", "lib/files.py": CKPT_HELPER})
    result = run_audit(tmp_path)
    f = finding(result, "ET301")
    assert "acclist_train" in f.message and "No training metrics are logged to any" not in f.message, (
        f.message
    )


# tensorflow imported only inside a weight-conversion helper, in try/except ImportError: optional, not a
# framework the training needs pinned. A serving container (cog.yaml) pinning torch: the training
# container fix uses that torch, not the newest image.
XBERT = """
import torch


def load_tf_weights_in_bert(model, tf_checkpoint_path):
    try:
        import numpy as np
        import tensorflow as tf
    except ImportError:
        print("Loading a TensorFlow model in PyTorch requires TensorFlow to be installed.")
        raise
    return model


class BertModel(torch.nn.Module):
    load_tf_weights = load_tf_weights_in_bert
"""

COG = """
build:
  gpu: true
  python_version: "3.8"
  python_packages:
    - "torchvision==0.11.1"
    - "torch==1.10.0"
    - "timm==0.4.9"
    - "transformers==4.8.1"
predict: "predict.py:Predictor"
"""


def test_an_optional_import_and_a_serving_container(tmp_path):
    write_repo(
        tmp_path,
        {
            "models/__init__.py": "",
            "models/xbert.py": XBERT,
            "Pretrain.py": CFG_TRAIN.replace(
                "import yaml\n", "import yaml\n\nfrom models.xbert import BertModel\n"
            ),
            "configs/Pretrain.yaml": "lr: 0.0001\nepochs: 30\n",
            "cog.yaml": COG,
            "predict.py": "import cog\n\n\nclass Predictor(cog.BasePredictor):\n    def predict(self, x):\n        return x\n",
        },
    )
    result = run_audit(tmp_path)
    env = " ".join(_dims(result)["environment_capture"].reasons) + finding(result, "ET410").message
    assert "tensorflow" not in env, env
    fix = finding(result, "ET412").recommendation
    assert "pytorch/pytorch:1.10.0" in fix and "2.3.1" not in fix, fix


# The data's source stated in a loader's URL, or in a README link whose text names the data.
LOADER = """
import os
import shlex
import subprocess

import torch.utils.data as data

BASE_DIR = os.path.dirname(os.path.abspath(__file__))


class ModelNet40Cls(data.Dataset):
    def __init__(self, num_points, download=True):
        self.data_dir = os.path.join(BASE_DIR, "modelnet40_normal_resampled")
        self.url = "https://shapenet.example.edu/media/modelnet40_normal_resampled.zip"
        if download and not os.path.exists(self.data_dir):
            zipfile = os.path.join(BASE_DIR, os.path.basename(self.url))
            subprocess.check_call(shlex.split("curl {} -o {}".format(self.url, zipfile)))

    def __getitem__(self, idx):
        return idx
"""

LINK_README = (
    "# ALBEF\n\n### Download:\n\n"
    '* <a href="https://storage.example.com/ALBEF/data.tar.gz"> Dataset json files for downstream tasks</a>\n'
)


def test_a_loader_url_or_a_data_link_documents_the_source(tmp_path):
    write_repo(
        tmp_path / "loader", {"data/__init__.py": "", "data/modelnet.py": LOADER, "train.py": META_TRAIN}
    )
    write_repo(tmp_path / "link", {"README.md": LINK_README, "train.py": META_TRAIN})
    for name in ("loader", "link"):
        data = _dims(run_audit(tmp_path / name))["data_versioning"]
        assert data.score >= 1, (name, data.reasons)


# A run folder named by --output_dir with no default: the README command that runs this script passes a
# fixed folder, which a rerun shares; the question says so.
OUTDIR_TRAIN = """
import argparse
import json
import os

import torch


def main(args):
    os.makedirs(args.output_dir, exist_ok=True)
    with open(os.path.join(args.output_dir, "args.json"), "w") as f:
        json.dump(vars(args), f)
    model = torch.nn.Linear(4, 2)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    for epoch in range(10):
        loss = model(torch.randn(8, 4)).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with open(os.path.join(args.output_dir, "log.txt"), "a") as f:
            f.write(json.dumps({"epoch": epoch, "loss": loss.item()}) + "\\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--output_dir")
    parser.add_argument("--lr", type=float, default=1e-4)
    main(parser.parse_args())
"""


def test_a_documented_fixed_output_folder_is_named_in_the_question(tmp_path):
    from experiment_tracking.report.markdown import render_markdown

    readme = "# X\n\n```bash\npython Pretrain.py --lr 1e-4 --output_dir output/Pretrain\n```\n"
    write_repo(tmp_path, {"Pretrain.py": OUTDIR_TRAIN, "README.md": readme})
    text = render_markdown(run_audit(tmp_path))
    asked = [ln for ln in text.splitlines() if "does every run get its own directory?" in ln]
    assert asked and all("passes --output_dir output/Pretrain" in ln for ln in asked), asked


# The Trainable is the training entry point; its parameters come from the launcher's command line,
# handed over as Tune's trial config, though the Trainable's module never imports that parser.
TUNE_MAIN = """
import sys

import numpy as np
import torch
from ray import tune

from experiments.instrument import run_example_local
from lib.utils import set_seed


class ExperimentRunner(tune.Trainable):
    def _setup(self, variant):
        set_seed(variant["run_params"]["seed"])
        self.model = torch.nn.Linear(4, 2)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=variant["lr"])

    def _train(self):
        loss = self.model(torch.randn(8, 4)).sum()
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return {"loss": float(loss)}


def get_variant_spec(args):
    return {"lr": args.lr, "run_params": {"seed": tune.sample_from(lambda spec: np.random.randint(0, 10000))}}


def get_trainable_class():
    return ExperimentRunner


if __name__ == "__main__":
    run_example_local("experiments", sys.argv[1:])
"""

TUNE_PACKAGE = """
from experiments.cli import get_parser
from experiments.main import get_trainable_class, get_variant_spec
"""

TUNE_CLI = TUNE_RUNNER_CLI.replace(
    '    parser.add_argument("--cpus", type=int, default=4)\n',
    '    parser.add_argument("--cpus", type=int, default=4)\n    parser.add_argument("--lr", type=float, default=3e-4)\n',
)


def test_a_trainable_takes_its_parameters_from_the_launchers_command_line(tmp_path):
    write_repo(
        tmp_path,
        {
            "experiments/__init__.py": TUNE_PACKAGE,
            "experiments/cli.py": TUNE_CLI,
            "experiments/instrument.py": TUNE_LAUNCHER,
            "experiments/main.py": TUNE_MAIN,
            "lib/__init__.py": "",
            "lib/utils.py": TUNE_UTILS,
        },
    )
    result = run_audit(tmp_path)
    assert [e.path for e in result.ctx.taxonomy.training_entry_points][:1] == ["experiments/main.py"]
    f = finding(result, "ET201")
    assert f.status != "FAIL" and "command line" in f.message, f.message


def test_a_backward_pass_for_saliency_is_no_fit(tmp_path):
    from tests.rules.repo_helpers import notebook

    gradcam = notebook(
        "import torch\nmodel = torch.load('ALBEF.pth')\n",
        "image = torch.randn(1, 3, 224, 224, requires_grad=True)\nloss = model(image).sum()\nloss.backward()\n"
        "cams = image.grad.abs()\n",
    )
    write_repo(tmp_path, {"visualization.ipynb": gradcam, "train.py": META_TRAIN})
    result = run_audit(tmp_path)
    side = [e for e in result.ctx.taxonomy.entry_points if e.path == "visualization.ipynb"]
    assert side and "fits a model" not in side[0].detail and "no optimizer step" in side[0].detail, side


def test_a_hydra_config_is_validated_composed_not_loaded_alone(tmp_path):
    result = _lightning_repo(tmp_path)
    fix = finding(result, "ET202").recommendation
    assert "ConfigStore" in fix and "yaml.safe_load" not in fix, fix


# The seed drawn at run time and handed to a helper: the record fix says which value `seed` stands for,
# since the script holds no variable of that name.
DRAWN_SEED_TRAIN = """
import random

import torch

from lib.utils import set_seed

set_seed(random.randint(0, 10000))
model = torch.nn.Linear(4, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(100):
    loss = model(torch.randn(8, 4)).sum()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(step, loss.item())
"""


def test_the_seed_record_fix_says_which_value_it_records(tmp_path):
    write_repo(tmp_path, {"train.py": DRAWN_SEED_TRAIN, "lib/__init__.py": "", "lib/utils.py": TUNE_UTILS})
    result = run_audit(tmp_path)
    f = finding(result, "ET212")
    assert f.status == "WARN", f.message
    assert "# seed: the value lib/utils.py:" in f.recommendation, f.recommendation


def test_a_library_keeps_its_python_range(tmp_path):
    setup = OLD_SETUP.replace(
        'packages=["torchmetalib"],',
        'packages=["torchmetalib"],\n      classifiers=["Programming Language :: Python :: 3.7", '
        '"Programming Language :: Python :: 3.8"],',
    )
    write_repo(
        tmp_path,
        {
            "setup.py": setup,
            ".gitignore": ".python-version\n",
            "README.md": LIB_README,
            "torchmetalib/__init__.py": "",
            "examples/maml/train.py": META_TRAIN,
        },
    )
    fix = finding(run_audit(tmp_path), "ET411").recommendation
    assert 'python_requires="==' not in fix and "range" in fix, fix


def test_the_tagging_fix_extends_the_projects_own_wandb_init(tmp_path):
    train = META_TRAIN.replace(
        "def train(args, model, loader):\n",
        "def train(args, model, loader):\n    wandb.init(project=args.project, name=args.name, config=vars(args))\n",
    ).replace("import torch\n", "import torch\nimport wandb\n", 1)
    write_repo(tmp_path, {"train.py": train})
    fix = finding(run_audit(tmp_path), "ET111").recommendation
    assert "the `wandb.init` call at `train.py:" in fix and 'project="seg"' not in fix, fix
