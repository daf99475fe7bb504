"""Recommendation families found in the fresh45-47 reviews: fixes that fit the repository's data, its run
directory (or the lack of one), its pinned framework and its own files. One regression case each."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.conftest import make_git_repo


def _finding(result, rule_id):
    return next((f for f in result.findings if f.rule_id == rule_id), None)


# A graph model trained on two files committed under data/, with argparse options (a seed among them), no
# run directory, no tracker, and a README that says what the model is but not how to run it.
GRAPH_TRAIN = """import argparse
import random

import numpy as np
import torch

parser = argparse.ArgumentParser()
parser.add_argument('--seed', type=int, default=72)
parser.add_argument('--lr', type=float, default=0.005)
parser.add_argument('--epochs', type=int, default=100)
args = parser.parse_args()
random.seed(args.seed)
np.random.seed(args.seed)
torch.manual_seed(args.seed)


def load_data(path='./data/cora/', dataset='cora'):
    features = np.genfromtxt('{}{}.content'.format(path, dataset), dtype=np.dtype(str))
    edges = np.genfromtxt('{}{}.cites'.format(path, dataset), dtype=np.int32)
    return features, edges


features, edges = load_data()
model = torch.nn.Linear(16, 7)
opt = torch.optim.Adam(model.parameters(), lr=args.lr)
for epoch in range(args.epochs):
    loss = model(torch.randn(8, 16)).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(epoch, loss.item())
torch.save(model.state_dict(), 'model.pkl')
"""

EDGE_ROWS = "".join(f"{i}\t{i * 7 % 2708}\n" for i in range(600))


def _graph_repo(tmp_path, requirements="numpy==1.15.1\ntorch==0.4.1.post2\n"):
    return make_git_repo(
        tmp_path / "repo",
        {
            "train.py": GRAPH_TRAIN,
            "data/cora/cora.cites": EDGE_ROWS,
            "data/cora/cora.content": EDGE_ROWS.replace("\t", " label "),
            "requirements.txt": requirements,
            "README.md": "# Graph attention in PyTorch\n\nA re-implementation of a graph model on Cora.\n",
            "LICENSE": "MIT License\n",
        },
    )


def test_data_committed_in_git_is_versioned_by_the_commit(tmp_path):
    result = run_audit(_graph_repo(tmp_path))
    f120 = _finding(result, "ET120")
    assert f120.status == "WARN"
    assert "committed in git" in f120.message and "data/cora/" in f120.message
    f421 = _finding(result, "ET421")
    assert f421.status == "WARN" and "committed in git" in f421.message
    data_items = [it for it in result.recommendations if it.get("dimension") == "data_versioning"]
    for it in data_items + [{"snippet": f120.recommendation}, {"snippet": f421.recommendation}]:
        # no digest of an undefined data_dir into an undefined run_dir: the commit is the data's version
        assert "data.json" not in (it["snippet"] or "")
    assert "git rm -r --cached data/cora && dvc add data/cora" in f120.recommendation


def test_run_directory_made_once_and_the_seed_not_recorded_twice(tmp_path):
    result = run_audit(_graph_repo(tmp_path))
    snippets = [it["snippet"] or "" for it in result.recommendations]
    using = [s for s in snippets if "os.path.join(run_dir" in s]
    assert len(using) >= 2
    # the first fix that writes into a run directory makes it; the others refer to it
    assert sum("os.makedirs(run_dir" in s for s in snippets) == 1
    first = next(i for i, s in enumerate(snippets) if "os.makedirs(run_dir" in s)
    assert all(
        f"recommendation {first + 1}" in s
        for s in using
        if "os.makedirs(run_dir" not in s and "run_dir =" not in s
    )
    # args.seed is one of the options the parameters' record dumps whole
    assert any("vars(args)" in s for s in snippets)
    assert not any(it["rule_ids"] == ["ET212"] for it in result.recommendations)


def test_container_fix_uses_the_pinned_post_release(tmp_path):
    result = run_audit(_graph_repo(tmp_path))
    f412 = _finding(result, "ET412")
    assert "pytorch/pytorch:0.4.1-" in f412.recommendation
    assert "2.3.1" not in f412.recommendation


def test_reproduce_fix_names_the_project_files(tmp_path):
    result = run_audit(_graph_repo(tmp_path))
    f604 = _finding(result, "ET604")
    assert f604.status == "WARN"
    assert "pip install -r requirements.txt" in f604.recommendation
    assert "python train.py" in f604.recommendation
    assert "dvc pull" not in f604.recommendation and "requirements.lock" not in f604.recommendation


# A run directory named by the config and a timestamp, built at the entry point and handed, sixth among the
# arguments, to a train() that hands it to a Logger class: the class opens its log in __init__, writes it
# from another method and saves the models from a third. The config file is copied into the directory
# unless it is already there.
RUN_PY = """import os
from argparse import ArgumentParser
from shutil import copy
from time import gmtime, strftime

import yaml

from train import train

if __name__ == "__main__":
    parser = ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--log_dir", default='log')
    opt = parser.parse_args()
    with open(opt.config) as f:
        config = yaml.safe_load(f)
    log_dir = os.path.join(opt.log_dir, os.path.basename(opt.config).split('.')[0])
    log_dir += ' ' + strftime("%d_%m_%y_%H.%M.%S", gmtime())
    if not os.path.exists(log_dir):
        os.makedirs(log_dir)
    if not os.path.exists(os.path.join(log_dir, os.path.basename(opt.config))):
        copy(opt.config, log_dir)
    generator, discriminator, detector, dataset = None, None, None, None
    train(config, generator, discriminator, detector, None, log_dir, dataset)
"""

TRAIN_PY = """import torch

from logger import Logger


def train(config, generator, discriminator, detector, checkpoint, log_dir, dataset):
    optimizer = torch.optim.Adam(generator.parameters(), lr=config['lr'])
    with Logger(log_dir=log_dir, checkpoint_freq=config['checkpoint_freq']) as logger:
        for epoch in range(config['epochs']):
            loss = generator(dataset).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            logger.log_epoch(epoch, {'generator': generator})
"""

LOGGER_PY = """import os

import torch


class Logger:
    def __init__(self, log_dir, checkpoint_freq=100, log_file_name='log.txt'):
        self.cpk_dir = log_dir
        self.log_file = open(os.path.join(log_dir, log_file_name), 'a')
        self.checkpoint_freq = checkpoint_freq
        self.epoch = 0
        self.models = None

    def log_scores(self, losses):
        print("; ".join("%.5f" % x for x in losses), file=self.log_file)
        self.log_file.flush()

    def save_cpk(self):
        cpk = {k: v.state_dict() for k, v in self.models.items()}
        torch.save(cpk, os.path.join(self.cpk_dir, '%s-checkpoint.pth.tar' % str(self.epoch).zfill(8)))

    def log_epoch(self, epoch, models):
        self.epoch, self.models = epoch, models
        self.log_scores([0.0])
        if (self.epoch + 1) % self.checkpoint_freq == 0:
            self.save_cpk()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.log_file.close()
"""


def test_run_directory_handed_on_late_reaches_the_writer_class(tmp_path):
    root = make_git_repo(
        tmp_path / "repo",
        {
            "run.py": RUN_PY,
            "train.py": TRAIN_PY,
            "logger.py": LOGGER_PY,
            "config/vox.yaml": "lr: 0.0002\nepochs: 100\ncheckpoint_freq: 50\n",
        },
    )
    result = run_audit(root)
    rec = result.ctx.records
    metrics = [p for p in rec.metrics if p.evidence.path == "run.py"]
    ckpts = [p for p in rec.checkpoints if p.evidence.path == "run.py"]
    assert metrics and metrics[0].per_run and metrics[0].target.endswith("/log.txt")
    assert ckpts and ckpts[0].per_run and "checkpoint.pth.tar" in ckpts[0].target
    # the copied config file, behind a test of what the disk holds (no switch of the user's)
    configs = [p for p in rec.config if p.evidence.path == "run.py" and p.evidence.line == 22]
    assert configs and configs[0].whole and configs[0].per_run
    assert not any(p.evidence.path == "run.py" and p.role == "config" for p in rec.optional)
    # the Logger's opener is not a record of the arguments train() was handed
    assert not any(p.evidence.path == "run.py" and p.evidence.line == 24 for p in rec.config)
    levels = {d.name: d.score for d in result.scorecard.dimensions}
    assert levels["parameter_logging"] >= 4 and levels["result_persistence"] >= 4


# A MuZero-like layout: each game's config class builds a timestamped results_path; the trainer logs every
# option to TensorBoard as one text table, and a Ray actor saves the checkpoint there when called remotely.
GAME_CONFIG = """import datetime
import pathlib


class MuZeroConfig:
    def __init__(self):
        self.seed = 0
        self.lr_init = 0.02
        self.training_steps = 10000
        self.results_path = pathlib.Path(__file__).resolve().parents[1] / "results" / pathlib.Path(__file__).stem / datetime.datetime.now().strftime("%Y-%m-%d--%H-%M-%S")
        self.save_model = True
"""

STORAGE = """import copy

import ray
import torch


@ray.remote
class SharedStorage:
    def __init__(self, checkpoint, config):
        self.config = config
        self.current_checkpoint = copy.deepcopy(checkpoint)

    def save_checkpoint(self, path=None):
        if not path:
            path = self.config.results_path / "model.checkpoint"
        torch.save(self.current_checkpoint, path)
"""

MUZERO = """import importlib

import ray
import torch
from torch.utils.tensorboard import SummaryWriter

import shared_storage


class MuZero:
    def __init__(self, game_name):
        module = importlib.import_module("games." + game_name)
        self.config = module.MuZeroConfig()
        torch.manual_seed(self.config.seed)

    def train(self):
        self.config.results_path.mkdir(parents=True, exist_ok=True)
        storage = shared_storage.SharedStorage.remote({'weights': None}, self.config)
        writer = SummaryWriter(self.config.results_path)
        hp_table = [f"| {key} | {value} |" for key, value in self.config.__dict__.items()]
        writer.add_text("Hyperparameters", "| Parameter | Value |\\n|-------|-------|\\n" + "\\n".join(hp_table))
        for step in range(self.config.training_steps):
            writer.add_scalar("loss", 0.0, step)
            if step % 100 == 0:
                storage.save_checkpoint.remote()


if __name__ == "__main__":
    MuZero("cartpole").train()
"""


def test_options_table_to_tensorboard_and_a_remote_checkpoint_in_a_timestamped_field(tmp_path):
    root = make_git_repo(
        tmp_path / "repo",
        {
            "games/__init__.py": "",
            "games/cartpole.py": GAME_CONFIG,
            "games/gridworld.py": GAME_CONFIG,
            "shared_storage.py": STORAGE,
            "muzero.py": MUZERO,
        },
    )
    result = run_audit(root)
    assert _finding(result, "ET210").status == "PASS"
    assert _finding(result, "ET211").status == "PASS"
    ckpts = [p for p in result.ctx.records.checkpoints if p.evidence.path == "shared_storage.py"]
    assert ckpts, "a method called through Ray's .remote() runs"
    assert ckpts[0].per_run and ckpts[0].keeping == "time"


IQL_TRAIN = """import os

import numpy as np
from absl import app, flags
from tensorboardX import SummaryWriter

FLAGS = flags.FLAGS
flags.DEFINE_string('env_name', 'halfcheetah-expert-v2', 'Environment name.')
flags.DEFINE_string('save_dir', './tmp/', 'Tensorboard logging dir.')
flags.DEFINE_integer('seed', 42, 'Random seed.')
flags.DEFINE_float('actor_lr', 3e-4, 'Learning rate.')
flags.DEFINE_integer('max_steps', 1000000, 'Number of training steps.')


def main(_):
    summary_writer = SummaryWriter(os.path.join(FLAGS.save_dir, 'tb', str(FLAGS.seed)))
    eval_returns = []
    for i in range(FLAGS.max_steps):
        summary_writer.add_scalar('training/loss', 0.0, i)
        if i % 5000 == 0:
            eval_returns.append((i, 0.0))
            np.savetxt(os.path.join(FLAGS.save_dir, f'{FLAGS.seed}.txt'), eval_returns, fmt=['%d', '%.1f'])


if __name__ == '__main__':
    app.run(main)
"""


def test_a_results_file_named_by_the_seed_flag_holds_no_options(tmp_path):
    result = run_audit(make_git_repo(tmp_path / "repo", {"train_offline.py": IQL_TRAIN}))
    assert not [p for p in result.ctx.records.config if p.evidence.path == "train_offline.py"]
    assert _finding(result, "ET210").status != "PASS"


CONVERT_CI = """name: Python application
on:
  push:
    branches: [ master ]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
    - uses: actions/checkout@v2
    - uses: actions/setup-python@v2
      with:
        python-version: 3.8
    - name: Install dependencies
      run: |
        python -m pip install --upgrade pip
        pip install py2ipynb==0.0.5
    - name: Convert
      run: py2ipynb '*/*.py'
    - uses: EndBug/add-and-commit@v4
      with:
        add: "*/*.ipynb"
"""


def test_a_workflow_that_regenerates_files_and_commits_them_is_no_ci(tmp_path):
    files = {
        "1-1.NNLM/NNLM.py": "import torch\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.Adam(model.parameters())\n"
        "for epoch in range(10):\n    loss = model(torch.randn(1, 2)).sum()\n    loss.backward()\n    opt.step()\n",
        ".github/workflows/python-app.yml": CONVERT_CI,
        "README.md": "# NLP tutorial\n",
    }
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    levels = {d.name: d.score for d in result.scorecard.dimensions}
    assert levels["code_versioning"] <= 2
    files[".github/workflows/python-app.yml"] = CONVERT_CI.replace(
        "run: py2ipynb '*/*.py'", "run: |\n        py2ipynb '*/*.py'\n        pytest -q"
    )
    checked = run_audit(make_git_repo(tmp_path / "repo2", files))
    assert {d.name: d.score for d in checked.scorecard.dimensions}["code_versioning"] >= 4


BASICSR_TRAIN = """import os.path as osp

from basicsr.train import train_pipeline

import realesr.archs  # noqa: F401

if __name__ == '__main__':
    root_path = osp.abspath(osp.join(__file__, osp.pardir, osp.pardir))
    train_pipeline(root_path)
"""

BASICSR_OPTIONS = """name: train_x4plus
model_type: RealESRNetModel
scale: 4
num_gpu: auto
manual_seed: 0
train:
  ema_decay: 0.999
  optim_g:
    type: Adam
    lr: !!float 2e-4
  total_iter: 1000000
logger:
  print_freq: 100
  save_checkpoint_freq: !!float 5e3
  use_tb_logger: {tb}
  wandb:
    project: ~
"""


def test_a_basicsr_training_pipeline_records_its_runs(tmp_path):
    files = {
        "realesr/__init__.py": "",
        "realesr/archs/__init__.py": "",
        "realesr/train.py": BASICSR_TRAIN,
        "options/train_x4plus.yml": BASICSR_OPTIONS.format(tb="true"),
        "requirements.txt": "basicsr>=1.4.2\ntorch>=1.7\n",
    }
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    assert "realesr/train.py" in [e.path for e in result.ctx.taxonomy.training_entry_points]
    rec = result.ctx.records
    assert any(p.whole and p.per_run for p in rec.config)
    assert any(p.per_run for p in rec.checkpoints) and rec.resume
    assert any(d.tool == "tensorboard" for d in result.ctx.detections)
    assert _finding(result, "ET401").status == "PASS"
    levels = {d.name: d.score for d in result.scorecard.dimensions}
    assert levels["parameter_logging"] >= 4 and levels["result_persistence"] >= 3
    files["options/train_x4plus.yml"] = BASICSR_OPTIONS.format(tb="false")
    off = run_audit(make_git_repo(tmp_path / "repo2", files))
    assert not any(d.tool == "tensorboard" for d in off.ctx.detections)


def test_a_main_guard_training_through_its_own_class_is_a_training_entry_point(tmp_path):
    # MuZero("cartpole").train() under the main guard, the class defined in the module, reaching trainer.py
    root = make_git_repo(
        tmp_path / "repo2",
        {
            "games/__init__.py": "",
            "games/cartpole.py": GAME_CONFIG,
            "shared_storage.py": STORAGE,
            "trainer.py": "import torch\n\n\nclass Trainer:\n    def update(self, model, batch):\n"
            "        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n        loss = model(batch).mean()\n"
            "        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n",
            "muzero.py": MUZERO.replace("import shared_storage\n", "import shared_storage\nimport trainer\n"),
        },
    )
    entries = [e.path for e in run_audit(root).ctx.taxonomy.training_entry_points]
    assert entries == ["muzero.py"]


# Four training scripts each open a W&B run behind an options switch that is on by default
# (`--use_wandb`, action="store_false"); the runner that logs sits in a package they share.
CONFIG_MODULE = """import argparse


def get_config():
    parser = argparse.ArgumentParser()
    parser.add_argument("--env_name", default="MPE")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lr", type=float, default=5e-4)
    parser.add_argument("--use_wandb", action='store_false', default=True)
    return parser
"""

TRAIN_ENV = """import sys

import torch
import wandb

from marl.config import get_config
from marl.runner import Runner


def main(args):
    all_args = get_config().parse_args(args)
    torch.manual_seed(all_args.seed)
    if all_args.use_wandb:
        run = wandb.init(config=all_args, project=all_args.env_name, name="{env}")
    Runner(all_args).run()


if __name__ == "__main__":
    main(sys.argv[1:])
"""

RUNNER = """import torch
import wandb


def log_eval(infos, step):
    wandb.log({"eval_return": infos["return"]}, step=step)


class Runner:
    def __init__(self, all_args):
        self.all_args = all_args
        self.model = torch.nn.Linear(4, 2)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=all_args.lr)

    def run(self):
        for step in range(100):
            loss = self.model(torch.randn(8, 4)).pow(2).mean()
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
            wandb.log({"loss": loss.item()}, step=step)
"""


def test_a_tracker_on_by_default_in_every_training_script_records_the_commit_of_each(tmp_path):
    files = {
        "marl/__init__.py": "",
        "marl/config.py": CONFIG_MODULE,
        "marl/runner/__init__.py": "from marl.runner.base import Runner\n",
        # several runner modules, each logging: the scripts' run openings come after them in path order
        **{f"marl/runner/{k}.py": RUNNER for k in ("base", "mpe", "smac", "football", "hanabi")},
        **{
            f"marl/scripts/train_{e}.py": TRAIN_ENV.replace("{env}", e)
            for e in ("mpe", "smac", "football", "hanabi")
        },
    }
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    wandb = next(d for d in result.ctx.detections if d.tool == "wandb")
    assert wandb.scope == "core"
    assert any("wandb.init" in e.detail for e in wandb.evidence)
    f420 = _finding(result, "ET420")
    assert f420.status == "PASS" and "only" not in f420.message


STYLE_TRAIN = """import tensorflow.compat.v1 as tf

import evaluate


def optimize(content_targets, style_target, checkpoint_dir='ckpt'):
    with tf.Session() as sess:
        preds = tf.Variable(tf.zeros([1, 256, 256, 3]))
        loss = tf.reduce_mean(preds)
        train_step = tf.train.AdamOptimizer(1e-3).minimize(loss)
        sess.run(tf.global_variables_initializer())
        saver = tf.train.Saver()
        for epoch in range(2):
            sess.run(train_step)
            saver.save(sess, checkpoint_dir + '/fns.ckpt')
            evaluate.ffwd_to_img('examples/content.jpg', 'out.jpg', checkpoint_dir)


if __name__ == '__main__':
    optimize([], None)
"""

STYLE_EVALUATE = """import tensorflow.compat.v1 as tf


def ffwd(data_in, paths_out, checkpoint_dir):
    with tf.Session() as sess:
        saver = tf.train.Saver()
        ckpt = tf.train.get_checkpoint_state(checkpoint_dir)
        saver.restore(sess, ckpt.model_checkpoint_path)


def ffwd_to_img(in_path, out_path, checkpoint_dir):
    ffwd([in_path], [out_path], checkpoint_dir)
"""


def test_a_restore_in_an_evaluation_module_the_trainer_imports_is_no_resume(tmp_path):
    result = run_audit(
        make_git_repo(tmp_path / "repo", {"style.py": STYLE_TRAIN, "evaluate.py": STYLE_EVALUATE})
    )
    f511 = _finding(result, "ET511")
    assert f511.status == "WARN"
    assert not any(e.path == "evaluate.py" for e in f511.evidence)


def test_a_hyphenated_gpu_model_in_the_readme_documents_the_hardware(tmp_path):
    readme = "# Motion model\n\nBy default the batch size is tuned to run on 2 or 4 Titan-X gpu.\n"
    result = run_audit(make_git_repo(tmp_path / "repo", {"style.py": STYLE_TRAIN, "README.md": readme}))
    assert _finding(result, "ET413").status == "PASS"


OFFLINE_TRAIN = """import torch

import trajectory.utils as utils
import trajectory.datasets as datasets


class Parser(utils.Parser):
    dataset: str = 'halfcheetah-medium-expert-v2'
    config: str = 'config.offline'


args = Parser().parse_args('train')
data = datasets.load_environment_dataset(args.dataset)
model = torch.nn.Linear(4, 4)
opt = torch.optim.Adam(model.parameters())
for step in range(10):
    loss = model(torch.randn(2, 4)).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
"""

D4RL_LOADER = """import d4rl  # noqa: F401
import gym


def load_environment_dataset(name):
    env = gym.make(name)
    return env.get_dataset()
"""


def test_a_typed_parser_field_naming_a_versioned_d4rl_dataset_pins_it(tmp_path):
    files = {
        "trajectory/__init__.py": "",
        "trajectory/utils.py": "from tap import Tap\n\n\nclass Parser(Tap):\n    seed: int = 42\n",
        "trajectory/datasets.py": D4RL_LOADER,
        "scripts/train.py": OFFLINE_TRAIN,
    }
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    assert _finding(result, "ET120").status == "PASS"


CPU_TORCH = """import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument('--lr', type=float, default=1e-3)
args = parser.parse_args()
model = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters(), lr=args.lr)
for epoch in range(5000):
    loss = model(torch.randn(3, 4)).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(epoch, loss.item())
"""


def test_cpu_only_torch_is_asked_for_no_gpu_and_an_unseeded_run_no_seed_record(tmp_path):
    result = run_audit(make_git_repo(tmp_path / "repo", {"train.py": CPU_TORCH, "README.md": "# Toy\n"}))
    assert _finding(result, "ET413").message.startswith("No CPU, memory or run-time figures")
    f213 = _finding(result, "ET213")
    assert "GPU" not in f213.message
    titles = [it["title"] for it in result.recommendations]
    assert not any("GPU, CUDA" in t for t in titles)
    # nothing is seeded: a seed record has no value to hold, seeding comes first
    assert _finding(result, "ET401").message.startswith("No random seed is set")
    assert not any(it["rule_ids"] == ["ET212"] for it in result.recommendations)


def test_an_options_dump_fits_the_training_scripts_parser_not_a_vendored_absl(tmp_path):
    files = {
        "train.py": CPU_TORCH.replace("model = torch", "import envs.maps\nmodel = torch"),
        "envs/__init__.py": "",
        "envs/maps.py": "from absl import flags\n\nFLAGS = flags.FLAGS\nflags.DEFINE_string('map', '3m', 'map')\n",
    }
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    snippets = " ".join(it["snippet"] or "" for it in result.recommendations)
    assert "flags_into_string" not in snippets
    assert "vars(args)" in snippets


def test_committed_data_in_nested_folders_is_added_by_its_outer_folder(tmp_path):
    rows = "".join(f"{i},{i * 3 % 7}\n" for i in range(800))
    files = {
        "train.py": GRAPH_TRAIN.replace("load_data()", "load_data('./data/cora/')"),
        "data/cora/cora.cites": EDGE_ROWS,
        "data/cora/extra/pairs.csv": "a,b\n" + rows,
        "data/labels.csv": "a,b\n" + rows,
    }
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    fix = _finding(result, "ET120").recommendation
    assert "`git rm -r --cached data && dvc add data`" in fix and "(and" not in fix


NESTED_YAML = """dataset_params:
  root_dir: data/bair
  frame_shape: [256, 256, 3]
model_params:
  common_params:
    num_kp: 10
train_params:
  num_epochs: 20
  lr_generator: 2.0e-4
seed: 0
"""

YAML_RUN = """import yaml
from argparse import ArgumentParser

import torch

parser = ArgumentParser()
parser.add_argument("--config", required=True)
opt = parser.parse_args()
with open(opt.config) as f:
    config = yaml.safe_load(f)
model = torch.nn.Linear(4, 2)
optimizer = torch.optim.Adam(model.parameters(), lr=config['train_params']['lr_generator'])
for epoch in range(config['train_params']['num_epochs']):
    loss = model(torch.randn(2, 4)).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
"""


def test_the_typed_config_fix_follows_the_projects_config_file(tmp_path):
    result = run_audit(
        make_git_repo(tmp_path / "repo", {"run.py": YAML_RUN, "config/bair-256.yaml": NESTED_YAML})
    )
    fix = _finding(result, "ET202").recommendation
    assert "config/bair-256.yaml" in fix
    assert "dataset_params: dict" in fix and "train_params: dict" in fix and "seed: int" in fix
    assert "batch_size" not in fix


JSON_CLI = """import json
import sys

import torch


class Config:
    def __init__(self):
        self.lr_init = 0.02
        self.training_steps = 100


if __name__ == "__main__":
    config = Config()
    if len(sys.argv) == 2:
        for k, v in json.loads(sys.argv[1]).items():
            setattr(config, k, v)
    model = torch.nn.Linear(2, 2)
    opt = torch.optim.SGD(model.parameters(), lr=config.lr_init)
    for step in range(config.training_steps):
        loss = model(torch.randn(1, 2)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
"""


def test_options_given_as_json_on_the_command_line_arrive_typed(tmp_path):
    result = run_audit(make_git_repo(tmp_path / "repo", {"train.py": JSON_CLI}))
    f202 = _finding(result, "ET202")
    assert f202 is None or "reaches the run as a string" not in f202.message


PLAN = """import json
import os

import d4rl  # noqa: F401
import gym
import torch

from trajectory.models import GPT


def main(dataset='halfcheetah-medium-expert-v2', savepath='logs/plans'):
    env = gym.make(dataset)
    model = torch.load(os.path.join('logs', dataset, 'state.pt'))
    total_reward = 0.0
    observation = env.reset()
    for t in range(1000):
        action = model(torch.as_tensor(observation)).detach().numpy()
        observation, reward, done, _ = env.step(action)
        total_reward += reward
        if done:
            break
    score = env.get_normalized_score(total_reward)
    with open(os.path.join(savepath, 'rollout.json'), 'w') as f:
        json.dump({'score': score, 'return': total_reward, 'step': t}, f)


if __name__ == '__main__':
    main()
"""


def test_the_d4rl_normalized_score_is_an_evaluation_metric(tmp_path):
    files = {
        "trajectory/__init__.py": "",
        "trajectory/models.py": "import torch\n\n\nclass GPT(torch.nn.Module):\n    pass\n",
        "scripts/train.py": OFFLINE_TRAIN,
        "trajectory/utils.py": "from tap import Tap\n\n\nclass Parser(Tap):\n    seed: int = 42\n",
        "trajectory/datasets.py": D4RL_LOADER,
        "scripts/plan.py": PLAN,
    }
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    f302 = _finding(result, "ET302")
    assert "get_normalized_score" in f302.message
    assert not f302.message.startswith("No evaluation metric")


def test_tf_compat_v1_graph_code_gets_graph_mode_fixes(tmp_path):
    result = run_audit(
        make_git_repo(tmp_path / "repo", {"style.py": STYLE_TRAIN, "evaluate.py": STYLE_EVALUATE})
    )
    fixes = " ".join(f.recommendation or "" for f in result.findings if f.rule_id in ("ET310", "ET401"))
    assert "ModelCheckpoint" not in fixes and "keras.utils.set_random_seed" not in fixes
    assert "tf.compat.v1.set_random_seed(seed)" in fixes


def test_a_profiler_switch_is_a_switch_and_a_file_named_by_a_config_variable_is_a_config_record(tmp_path):
    from experiment_tracking.index.python_facts import live_switch

    result = run_audit(make_git_repo(tmp_path / "repo", {"train.py": CPU_TORCH}))
    m = result.ctx.index.modules["train.py"]
    assert live_switch(m, "neox_args.profile and neox_args.iteration >= neox_args.profile_step_start", {})
    notebook_like = CPU_TORCH + (
        "\nwrite_config_file = 'out/configs/config_' + str(args.lr)\n"
        "with open(write_config_file + '.txt', 'w') as f:\n"
        "    f.write('Params: {}\\n'.format(vars(args)))\n"
    )
    rec = run_audit(make_git_repo(tmp_path / "repo2", {"train.py": notebook_like})).ctx.records
    assert any(p.evidence.path == "train.py" and p.role == "config" for p in [*rec.config, *rec.optional])


def test_a_notebook_beside_its_script_is_one_training_entry_point(tmp_path):
    import json

    cells = [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": CPU_TORCH}
    ]
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    files = {
        "1-1.NNLM/NNLM.py": CPU_TORCH,
        "1-1.NNLM/NNLM.ipynb": json.dumps(nb),
        "2-1.TextCNN/TextCNN.py": CPU_TORCH,
        "2-1.TextCNN/TextCNN.ipynb": json.dumps(nb),
        "README.md": "# NLP tutorial\n\n- Colab - [NNLM.ipynb](https://colab.research.google.com/x/NNLM.ipynb)\n"
        "- run `NNLM.ipynb` in Colab\n",
    }
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    entries = sorted(e.path for e in result.ctx.taxonomy.training_entry_points)
    assert entries == ["1-1.NNLM/NNLM.py", "2-1.TextCNN/TextCNN.py"]
    assert any(e.detail == "notebook form of 1-1.NNLM/NNLM.py" for e in result.ctx.taxonomy.entry_points)
    assert _finding(result, "ET604").status == "PASS"


TD7_MAIN = """import argparse
import os

import numpy as np
import torch

parser = argparse.ArgumentParser()
parser.add_argument('--env', default='HalfCheetah-v4')
parser.add_argument('--seed', default=0, type=int)
parser.add_argument('--file_name', default=None)
args = parser.parse_args()
if args.file_name is None:
    args.file_name = f"TD7_{args.env}_{args.seed}"
if not os.path.exists("./results"):
    os.makedirs("./results")
torch.manual_seed(args.seed)
np.random.seed(args.seed)
model = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters())
evals = []
for t in range(1000):
    loss = model(torch.randn(8, 4)).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if t % 100 == 0:
        evals.append(float(loss))
        np.save(f"./results/{args.file_name}", evals)
"""


def test_one_metrics_file_per_setting_in_a_shared_folder_is_no_per_run_directory(tmp_path):
    readme = (
        "# TD7\n\nRun `python main.py --env HalfCheetah-v4`.\n\n## TODO\n- [ ] Compare accuracy and performance\n\n"
        "Plot with `python plot.py --yaxis test/return --bins 3e4`; we found `min_q_weight=5.0` to work.\n\n"
        "## License\n\nFree for research use; contact the authors for commercial licensing terms.\n"
    )
    result = run_audit(make_git_repo(tmp_path / "repo", {"main.py": TD7_MAIN, "README.md": readme}))
    levels = {d.name: d for d in result.scorecard.dimensions}
    assert levels["result_persistence"].score == 2
    assert "one file per setting" in levels["result_persistence"].reasons[0]
    # a metric named in a to-do reports no result
    assert "results" not in levels["documentation"].reasons[0].split(":", 1)[-1]
    # licence terms in the README's own section declare the licence
    assert _finding(result, "ET613").status == "PASS" or "LICENSE" not in _finding(result, "ET613").message


def test_record_fixes_write_into_the_runs_own_directory_variable(tmp_path):
    from experiment_tracking.records import run_dir_expr

    root = make_git_repo(
        tmp_path / "repo",
        {"run.py": RUN_PY, "train.py": TRAIN_PY, "logger.py": LOGGER_PY, "config/vox.yaml": "lr: 0.0002\n"},
    )
    # log_dir = join(opt.log_dir, name) + strftime(...): the run's directory is log_dir, not opt.log_dir
    assert run_dir_expr(run_audit(root).ctx) == "log_dir"


SWAN_TRAIN = """import argparse

import swanlab as wandb
import torch

parser = argparse.ArgumentParser()
parser.add_argument('--learning_rate', type=float, default=5e-4)
parser.add_argument('--use_wandb', action='store_true')
args = parser.parse_args()
run = wandb.init(project='MiniMind-Pretrain', config=args) if args.use_wandb else None
model = torch.nn.Linear(4, 2)
opt = torch.optim.AdamW(model.parameters(), lr=args.learning_rate)
for step in range(100):
    loss = model(torch.randn(8, 4)).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if run:
        wandb.log({'loss': loss.item()})
"""


def test_swanlab_imported_as_wandb_is_swanlab_and_records_the_config_when_enabled(tmp_path):
    result = run_audit(make_git_repo(tmp_path / "repo", {"train_pretrain.py": SWAN_TRAIN}))
    tools = {d.tool: d for d in result.ctx.detections if d.category == "tracking"}
    assert "swanlab" in tools and ("wandb" not in tools or tools["wandb"].usage != "used")
    assert tools["swanlab"].scope == "optional"
    whole, partial, _auto = __import__(
        "experiment_tracking.rules.phase2_parameters", fromlist=["param_logging"]
    ).param_logging(result.ctx)
    assert any("swanlab.init" in e.detail or "init(config" in e.detail for e in whole + partial)


def test_a_save_method_is_the_one_of_the_receivers_class_lineage(tmp_path):
    files = {
        "dreamer/__init__.py": "",
        "dreamer/config.py": "import ruamel.yaml as yaml\n\n\nclass Config(dict):\n    def save(self, filename):\n"
        "        with open(filename, 'w') as f:\n            yaml.safe_dump(dict(self), f)\n",
        "dreamer/tfutils.py": "import pickle\n\nimport tensorflow as tf\n\n\nclass Module(tf.Module):\n"
        "    def save(self, filename):\n        values = tf.nest.map_structure(lambda x: x.numpy(), self.variables)\n"
        "        with open(filename, 'wb') as f:\n            pickle.dump(values, f)\n",
        "dreamer/agent.py": "import tensorflow as tf\n\nfrom dreamer import tfutils\n\n\nclass Agent(tfutils.Module):\n"
        "    def train(self, data):\n        with tf.GradientTape() as tape:\n            loss = tf.reduce_mean(data)\n"
        "        return loss\n",
        "dreamer/train.py": "import pathlib\nimport time\n\nfrom dreamer import agent, config as configs\n\n\n"
        "def main():\n    logdir = pathlib.Path('logs') / time.strftime('%Y%m%d-%H%M%S')\n"
        "    config = configs.Config(lr=1e-4)\n    config.save(logdir / 'config.yaml')\n    agnt = agent.Agent()\n"
        "    for step in range(100):\n        agnt.train(None)\n        agnt.save(logdir / 'variables.pkl')\n\n\n"
        "if __name__ == '__main__':\n    main()\n",
    }
    rec = run_audit(make_git_repo(tmp_path / "repo", files)).ctx.records
    assert any(p.target.endswith("/variables.pkl") for p in rec.checkpoints), rec.checkpoints


def test_a_results_name_set_from_the_options_records_env_and_seed_and_a_linked_python_item_states_it(
    tmp_path,
):
    main = (
        "import numpy as np\n\n\ndef evaluate(evals, args):\n    np.save(f'./results/{args.file_name}', evals)\n\n\n"
        + TD7_MAIN.replace('np.save(f"./results/{args.file_name}", evals)', "evaluate(evals, args)")
        .replace("import torch\n", "import gym\nimport torch\n")
        .replace("torch.manual_seed(args.seed)", "env = gym.make(args.env)\ntorch.manual_seed(args.seed)")
    )
    readme = "# TD7\n\nResults were collected with:\n- [Gym 0.25.0](https://github.com/openai/gym)\n- [Python 3.9.13](https://www.python.org)\n"
    result = run_audit(make_git_repo(tmp_path / "repo", {"main.py": main, "README.md": readme}))
    assert _finding(result, "ET212").status == "PASS"
    assert _finding(result, "ET421").status == "PASS"
    assert _finding(result, "ET411").status == "PASS"


def test_a_tokenizer_config_file_is_part_of_the_saved_model_not_the_runs_options(tmp_path):
    code = (
        "import json\nimport os\n\n\ndef train_tokenizer(tokenizer_dir='../model/'):\n"
        "    config = {'add_bos_token': False, 'model_max_length': 32768, 'tokenizer_class': 'PreTrainedTokenizerFast'}\n"
        "    with open(os.path.join(tokenizer_dir, 'tokenizer_config.json'), 'w') as f:\n"
        "        json.dump(config, f, indent=4)\n\n\nif __name__ == '__main__':\n    train_tokenizer()\n"
    )
    rec = run_audit(make_git_repo(tmp_path / "repo", {"trainer/train_tokenizer.py": code})).ctx.records
    assert not [p for p in rec.config if p.target.endswith("tokenizer_config.json")]


def test_review_of_the_session_fixes_holds(tmp_path):
    from experiment_tracking.rubric import _METRIC_VALUE
    from experiment_tracking.rules.phase5_pipelines import _SCORING_STEM
    from experiment_tracking.rules.phase6_governance import _LICENCE_HEADING

    # a config whose keys no dataclass can take gets a check of its known keys, loaded by its own format
    ppo = "lr: 0.0003\nbatch-size: 64\nlambda: 0.95\ngamma: 0.99\n"
    result = run_audit(make_git_repo(tmp_path / "repo", {"run.py": YAML_RUN, "config/ppo.yaml": ppo}))
    fix = _finding(result, "ET202").recommendation
    assert "KNOWN = {" in fix and "lambda:" not in fix and "@dataclass" not in fix
    json_run = YAML_RUN.replace("yaml.safe_load(f)", "json.load(f)").replace("import yaml", "import json")
    result = run_audit(
        make_git_repo(tmp_path / "repo2", {"run.py": json_run, "config/a.json": '{"lr": 0.1}'})
    )
    f202 = _finding(result, "ET202")
    assert f202 is None or "yaml.safe_load" not in (f202.recommendation or "")
    # names that merely contain a scoring word are no scoring modules
    assert not any(
        _SCORING_STEM.search(s) for s in ("retrieval", "latest", "upsample", "generator", "observation")
    )
    assert all(_SCORING_STEM.search(s) for s in ("evaluate", "eval_policy", "test", "sample", "infer"))
    # a licence heading followed by another heading, or by a placeholder, states no terms
    assert not _LICENCE_HEADING.search("## License\n\n## Acknowledgements to the authors of the code\n")
    assert _LICENCE_HEADING.search("## License\n\nFree for research use; contact us for commercial terms.\n")
    # a return or score is a result only with its value's form
    assert not _METRIC_VALUE.search("The function will return 0 on success")
    assert _METRIC_VALUE.search("reaches an average return of 3512.4 over 10 seeds")


def test_a_keras_project_opening_a_compat_session_for_memory_growth_is_not_graph_code(tmp_path):
    keras_train = (
        "import tensorflow as tf\n\nconfig = tf.compat.v1.ConfigProto()\nconfig.gpu_options.allow_growth = True\n"
        "sess = tf.compat.v1.Session(config=config)\n"
        "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\nmodel.compile(optimizer='adam', loss='mse')\n"
        "model.fit(tf.zeros((8, 4)), tf.zeros((8, 1)), validation_split=0.2, epochs=2)\nmodel.save('model.keras')\n"
    )
    result = run_audit(make_git_repo(tmp_path / "repo", {"train.py": keras_train}))
    fixes = " ".join(f.recommendation or "" for f in result.findings if f.rule_id in ("ET310", "ET401"))
    assert "Saver" not in fixes and "compat.v1.set_random_seed" not in fixes


def test_a_subclass_of_a_trackers_trainer_callback_is_optional(tmp_path):
    code = (
        "from swanlab.integration.transformers import SwanLabCallback\nfrom transformers import Trainer\n\n\n"
        "class SwanLabCallbackExtension(SwanLabCallback):\n    def setup(self, args, state, model, **kwargs):\n"
        "        super().setup(args, state, model, **kwargs)\n\n\n"
        "def run(model, args, data, use_swanlab=False):\n    callbacks = [SwanLabCallbackExtension()] if use_swanlab else []\n"
        "    Trainer(model=model, args=args, train_dataset=data, callbacks=callbacks).train()\n"
    )
    result = run_audit(make_git_repo(tmp_path / "repo", {"train.py": code}))
    swan = next(d for d in result.ctx.detections if d.tool == "swanlab")
    assert swan.scope == "optional"


def test_a_readme_saying_it_is_a_papers_official_implementation_is_research_code(tmp_path):
    readme = (
        "# For SALE: State-Action Representation Learning for Deep RL\r\n\r\n"
        "Official implementation of the TD7 algorithm. \r\n\r\n### Usage\r\n```\r\npython main.py\r\n```\r\n"
    )
    result = run_audit(
        make_git_repo(tmp_path / "repo", {"main.py": TD7_MAIN, "README.md": readme, "LICENSE": "MIT\n"})
    )
    from experiment_tracking.rules.facts import research_release

    release = research_release(result.ctx)
    assert release is not None and release.line == 3
    assert _finding(result, "ET601") is None or _finding(result, "ET601").status == "PASS"
    assert _finding(result, "ET613").status == "PASS"


def test_an_inference_scripts_file_list_is_no_hand_made_tracker(tmp_path):
    files = {
        "realesr/__init__.py": "",
        "realesr/archs/__init__.py": "",
        "realesr/train.py": BASICSR_TRAIN,
        "options/train_x4plus.yml": BASICSR_OPTIONS.format(tb="true"),
        "inference_video.py": "import argparse\nimport subprocess\n\n\ndef run(args, num_process=4):\n"
        "    with open(f'{args.output}/{args.video_name}_vidlist.txt', 'w') as f:\n"
        "        for i in range(num_process):\n"
        "            f.write(f'file \\'{args.video_name}_out_tmp_videos/{i:03d}.mp4\\'\\n')\n"
        "    subprocess.run(['ffmpeg', '-f', 'concat', '-i', f'{args.output}/{args.video_name}_vidlist.txt'])\n\n\n"
        "if __name__ == '__main__':\n    parser = argparse.ArgumentParser()\n"
        "    parser.add_argument('--output', default='results')\n    parser.add_argument('--video_name', default='clip')\n"
        "    run(parser.parse_args())\n",
    }
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    assert not any(d.tool == "custom_logging" for d in result.ctx.detections)


def test_a_batch_scoring_job_beside_training_is_no_hand_made_tracker(tmp_path):
    train = CPU_TORCH + "torch.save(model.state_dict(), 'model.pt')\n"
    batch = (
        "import sys\n\nimport pandas as pd\n\n\ndef run(input_file, output_file):\n"
        "    df = pd.read_parquet(input_file)\n    df['prediction'] = 0.0\n    df.to_parquet(output_file, index=False)\n"
        "    with open(output_file + '.log', 'a') as f:\n        f.write(f'{len(df)} rows scored\\n')\n\n\n"
        "if __name__ == '__main__':\n    run(sys.argv[1], sys.argv[2])\n"
    )
    result = run_audit(make_git_repo(tmp_path / "repo", {"train.py": train, "batch.py": batch}))
    assert not any(d.tool == "custom_logging" and d.usage == "used" for d in result.ctx.detections)
