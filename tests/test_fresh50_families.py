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


# The options logged through Python's logging in the entry point, to the file a helper in another module
# opens in the run's directory (init_logger(log_dir)); a config object's get_hparams() returns them all.
LOG_UTILS = """import logging
import os
import time


def make_results_dir(root, seed):
    exp_path = os.path.join(root, 'seed={}'.format(seed), time.strftime('%Y%m%d-%H%M%S'))
    os.makedirs(os.path.join(exp_path, 'logs'), exist_ok=True)
    return exp_path


def init_logger(base_path):
    for mode in ['train', 'test']:
        handler = logging.FileHandler(os.path.join(base_path, mode + '.log'), mode='a')
        logging.getLogger(mode).addHandler(handler)
"""

LOG_CONFIG = """class GameConfig:
    def __init__(self):
        self.lr = 0.1
        self.seed = 0
        self.batch_size = 256

    def set_config(self, args):
        self.seed = args.seed
        self.lr = args.lr

    def get_hparams(self):
        return {k: v for k, v in self.__dict__.items() if 'path' not in k}


game_config = GameConfig()
"""

LOG_MAIN = """import argparse
import logging

import torch

from config import game_config
from utils import init_logger, make_results_dir

parser = argparse.ArgumentParser()
parser.add_argument('--seed', type=int, default=0)
parser.add_argument('--lr', type=float, default=0.1)
args = parser.parse_args()
game_config.set_config(args)
torch.manual_seed(args.seed)
exp_path = make_results_dir('results', args.seed)
init_logger(exp_path)
logging.getLogger('train').info('Param: {}'.format(game_config.get_hparams()))
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=game_config.lr)
for step in range(100):
    loss = model(torch.randn(8, 4)).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    logging.getLogger('train').info('step %d loss %f', step, loss.item())
torch.save(model.state_dict(), exp_path + '/model.p')
"""


def test_options_logged_to_a_file_another_module_opens(tmp_path):
    files = {"utils.py": LOG_UTILS, "config.py": LOG_CONFIG, "main.py": LOG_MAIN}
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    whole = [p for p in result.ctx.records.config if p.whole]
    assert whole and whole[0].evidence.path == "main.py" and whole[0].evidence.line == 17
    assert whole[0].target.endswith(".log")
    assert _finding(result, "ET210").status == "PASS"
    # without the helper that opens the file, the same line only reaches the screen: no record
    screen = dict(files, **{"main.py": LOG_MAIN.replace("init_logger(exp_path)\n", "")})
    plain = run_audit(make_git_repo(tmp_path / "screen", screen))
    assert not [p for p in plain.ctx.records.config if p.evidence.line == 16]


# loguru: the trainer logs its options object after the project's setup_logger adds a file sink.
LOGURU_SETUP = """import os

from loguru import logger


def setup_logger(save_dir, filename='log.txt'):
    logger.add(os.path.join(save_dir, filename))
"""

LOGURU_TRAINER = """import time

import torch
from loguru import logger

from log_setup import setup_logger


class Trainer:
    def __init__(self, args):
        self.args = args
        self.file_name = 'outputs/' + time.strftime('%Y%m%d_%H%M%S')
        setup_logger(self.file_name, filename='train_log.txt')

    def train(self):
        logger.info('args: {}'.format(self.args))
        model = torch.nn.Linear(4, 2)
        for epoch in range(self.args.epochs):
            loss = model(torch.randn(8, 4)).pow(2).mean()
            logger.info('epoch {} loss {}'.format(epoch, loss.item()))
        torch.save(model.state_dict(), self.file_name + '/last.pth')
"""

LOGURU_MAIN = """import argparse

from trainer import Trainer

parser = argparse.ArgumentParser()
parser.add_argument('--epochs', type=int, default=10)
parser.add_argument('--batch-size', type=int, default=64)
Trainer(parser.parse_args()).train()
"""


def test_options_logged_through_a_loguru_file_sink(tmp_path):
    files = {"log_setup.py": LOGURU_SETUP, "trainer.py": LOGURU_TRAINER, "train.py": LOGURU_MAIN}
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    whole = [p for p in result.ctx.records.config if p.whole]
    assert whole and (whole[0].evidence.path, whole[0].evidence.line) == ("trainer.py", 16)
    assert _finding(result, "ET211").status == "PASS"


# A tracker call made on both branches of a test (a version check choosing an argument) is no switch.
BOTH_WAYS = """import argparse

import mlflow
import torch


class Tracker:
    def __init__(self):
        self._async_log = mlflow.__version__ >= '2.8.0'

    def log_params(self, params):
        if self._async_log:
            mlflow.log_params(params, synchronous=False)
        else:
            mlflow.log_params(params)


parser = argparse.ArgumentParser()
parser.add_argument('--lr', type=float, default=0.1)
parser.add_argument('--seed', type=int, default=0)
args = parser.parse_args()
torch.manual_seed(args.seed)
with mlflow.start_run():
    Tracker().log_params(vars(args))
    model = torch.nn.Linear(4, 2)
    for step in range(10):
        loss = model(torch.randn(8, 4)).pow(2).mean()
        mlflow.log_metric('loss', loss.item(), step=step)
"""


def test_a_call_made_on_both_branches_is_not_switched(tmp_path):
    result = run_audit(make_git_repo(tmp_path / "repo", {"train.py": BOTH_WAYS}))
    assert not [b for b in result.ctx.index.modules["train.py"].flag_blocks if "_async_log" in b[3]]
    assert _finding(result, "ET210").status == "PASS"
    one_way = BOTH_WAYS.replace("        else:\n            mlflow.log_params(params)\n", "")
    assert one_way != BOTH_WAYS
    switched = run_audit(make_git_repo(tmp_path / "switched", {"train.py": one_way}))
    assert [b for b in switched.ctx.index.modules["train.py"].flag_blocks if "_async_log" in b[3]]


TF1_MODEL = """import tensorflow as tf


class Model:
    def __init__(self):
        self.batch_time = tf.Variable(0.0, name='batch_time', trainable=False)
        tf.summary.scalar('time_batch', self.batch_time)
        self.cost = tf.Variable(1.0)
        tf.summary.scalar('cost', self.cost)
        self.train_op = tf.train.AdamOptimizer(0.01).minimize(self.cost)
"""

TF1_TRAIN = """import time

import tensorflow as tf

from model import Model

model = Model()
with tf.Session() as sess:
    summaries = tf.summary.merge_all()
    writer = tf.summary.FileWriter('logs', sess.graph)
    for step in range(100):
        start = time.time()
        sess.run(model.train_op)
        speed = time.time() - start
        summ = sess.run(summaries, {model.batch_time: speed})
        writer.add_summary(summ, step)
"""


def test_a_batch_time_summary_is_a_timing_metric(tmp_path):
    result = run_audit(make_git_repo(tmp_path / "repo", {"model.py": TF1_MODEL, "train.py": TF1_TRAIN}))
    assert _finding(result, "ET303").status == "PASS"


def test_gpus_named_by_their_geforce_number_are_hardware(tmp_path):
    readme = "# Agent\n\n## Training\n\n* With 4 GPUs (3090): `bash train.sh`\n\nResults: 95.2 mean return.\n"
    files = {"model.py": TF1_MODEL, "train.py": TF1_TRAIN}
    result = run_audit(make_git_repo(tmp_path / "repo", {**files, "README.md": readme}))
    assert _finding(result, "ET413").status == "PASS"
    plain = readme.replace(" (3090)", "")
    again = run_audit(make_git_repo(tmp_path / "plain", {**files, "README.md": plain}))
    assert _finding(again, "ET413").status != "PASS"


# An EasyDict settings module the trainer reads (cfg.TRAIN.LR), and the pinned requirements the README
# installs from docs/.
EDICT_CONFIG = """from easydict import EasyDict as edict

__C = edict()
cfg = __C
__C.TRAIN = edict()
__C.TRAIN.BATCH_SIZE = 6
__C.TRAIN.LEARN_RATE_INIT = 1e-4
__C.TRAIN.EPOCHS = 30
__C.TRAIN.ANNOT_PATH = './data/voc_train.txt'
__C.TEST = edict()
__C.TEST.SCORE_THRESHOLD = 0.3
"""

EDICT_TRAIN = """import tensorflow as tf

from core.config import cfg

loss = tf.Variable(1.0)
train_op = tf.train.AdamOptimizer(cfg.TRAIN.LEARN_RATE_INIT).minimize(loss)
saver = tf.train.Saver()
with tf.Session() as sess:
    for epoch in range(cfg.TRAIN.EPOCHS):
        sess.run(train_op)
        saver.save(sess, './checkpoint/model.ckpt', global_step=epoch)
"""

EDICT_README = (
    "# YOLO\n\n## Quick start\n\n```\n$ pip install -r ./docs/requirements.txt\n$ python train.py\n```\n"
)


def test_settings_object_module_and_requirements_the_readme_installs(tmp_path):
    files = {
        "core/__init__.py": "",
        "core/config.py": EDICT_CONFIG,
        "train.py": EDICT_TRAIN,
        "docs/requirements.txt": "numpy==1.15.1\ntensorflow-gpu==1.11.0\n",
        "README.md": EDICT_README,
    }
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    assert _finding(result, "ET201").status != "FAIL"
    assert "hard-coded" not in _finding(result, "ET201").message
    assert {d.name: d.score for d in result.scorecard.dimensions}["parameter_logging"] >= 2
    assert _finding(result, "ET410").status == "PASS"
    assert "docs/requirements.txt" in _finding(result, "ET410").message
    # a docs/ requirements file nothing installs builds the docs: no manifest of the project
    files["README.md"] = "# YOLO\n\nRun `python train.py`.\n"
    again = run_audit(make_git_repo(tmp_path / "again", files))
    assert _finding(again, "ET410").status == "FAIL"


KEYED_SWITCH = """import argparse
import os

import torch
import wandb
import yaml

ap = argparse.ArgumentParser()
ap.add_argument('-f', '--file', required=True)
ap.add_argument('--track', action='store_true')
args = vars(ap.parse_args())
with open(args['file']) as stream:
    config = yaml.safe_load(stream)
global_rank = int(os.getenv('RANK', '0'))
if args['track'] and global_rank == 0:
    wandb.init(project='rl', config=config, sync_tensorboard=True)
model = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters(), lr=config['lr'])
for step in range(100):
    loss = model(torch.randn(8, 4)).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
"""


def test_an_option_read_by_its_key_is_a_switch(tmp_path):
    files = {"runner.py": KEYED_SWITCH, "configs/ppo.yaml": "lr: 0.0003\nseed: 5\n"}
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    assert _finding(result, "ET210").status == "REVIEW"
    assert "args['track']" in _finding(result, "ET210").question


WANDB_TABLE = """import torch
import wandb


class WandbLogger:
    def __init__(self):
        self.run = wandb.init(project='det')
        self.val_artifact = None

    def log_validation_set(self, val_dataset):
        self.val_artifact = wandb.Artifact(name='validation_images', type='dataset')
        self.val_table = wandb.Table(columns=['id', 'input'])
        for i in range(16):
            img, _, _, idx = val_dataset[i]
            self.val_table.add_data(idx, wandb.Image(img))
        self.val_artifact.add(self.val_table, 'validation_images_table')
        self.run.use_artifact(self.val_artifact)

    def save_checkpoint(self, path):
        artifact = wandb.Artifact(name='run_model', type='model')
        artifact.add_file(path)
        self.run.log_artifact(artifact)


logger = WandbLogger()
model = torch.nn.Linear(4, 2)
for step in range(10):
    loss = model(torch.randn(8, 4)).pow(2).mean()
    wandb.log({'loss': loss.item()})
torch.save(model.state_dict(), 'last.pth')
logger.save_checkpoint('last.pth')
"""


def test_a_dataset_artifact_holding_only_a_display_table_versions_no_data(tmp_path):
    result = run_audit(make_git_repo(tmp_path / "repo", {"train.py": WANDB_TABLE}))
    assert not [d for d in result.ctx.detections if d.tool == "wandb_artifacts"]
    # the same artifact holding the dataset's files does version it
    files = WANDB_TABLE.replace(
        "        self.val_artifact.add(self.val_table, 'validation_images_table')\n",
        "        self.val_artifact.add_dir('data/val')\n",
    )
    again = run_audit(make_git_repo(tmp_path / "files", {"train.py": files}))
    assert [d for d in again.ctx.detections if d.tool == "wandb_artifacts"]


TB_OPTION_DIR = """import argparse

import tensorflow as tf

parser = argparse.ArgumentParser()
parser.add_argument('--log_dir', type=str, default='logs')
parser.add_argument('--save_dir', type=str, default='save')
parser.add_argument('--num_epochs', type=int, default=50)
args = parser.parse_args()
loss = tf.Variable(1.0)
tf.summary.scalar('cost', loss)
summaries = tf.summary.merge_all()
train_op = tf.train.AdamOptimizer(0.002).minimize(loss)
saver = tf.train.Saver(tf.global_variables())
with tf.Session() as sess:
    writer = tf.summary.FileWriter(args.log_dir)
    for e in range(args.num_epochs):
        summ, _ = sess.run([summaries, train_op])
        writer.add_summary(summ, e)
        saver.save(sess, args.save_dir + '/model.ckpt', global_step=e)
"""


def test_tensorboard_into_an_option_folder_with_a_fixed_default_is_shared(tmp_path):
    result = run_audit(make_git_repo(tmp_path / "repo", {"train.py": TB_OPTION_DIR}))
    levels = {d.name: d.score for d in result.scorecard.dimensions}
    assert levels["result_persistence"] == 2
    # a timestamped folder per run is per-run structure
    timed = TB_OPTION_DIR.replace(
        "    writer = tf.summary.FileWriter(args.log_dir)",
        "    import time\n    writer = tf.summary.FileWriter(args.log_dir + '/' + time.strftime('%Y%m%d-%H%M%S'))",
    )
    again = run_audit(make_git_repo(tmp_path / "timed", {"train.py": timed}))
    assert {d.name: d.score for d in again.scorecard.dimensions}["result_persistence"] >= 3


DRAWN_SEED = """import argparse
import json
import os

import numpy as np
import torch

parser = argparse.ArgumentParser()
parser.add_argument('--seed', default=0, type=int)
parser.add_argument('--env_name', default='hopper-medium-v0')
args = parser.parse_args()
# use any random seed, not the user's
seed = np.random.randint(10, 1000)
file_name = 'BEAR_' + args.env_name + '_' + str(seed)
torch.manual_seed(seed)
np.random.seed(seed)
os.makedirs('./results', exist_ok=True)
model = torch.nn.Linear(4, 2)
returns = []
for it in range(100):
    returns.append(float(model(torch.randn(8, 4)).pow(2).mean()))
    np.save('./results/' + file_name, returns)
"""


def test_seeds_drawn_at_random_in_the_code_repeat_nothing(tmp_path):
    result = run_audit(make_git_repo(tmp_path / "repo", {"main.py": DRAWN_SEED}))
    f = _finding(result, "ET401")
    assert f.status == "WARN" and "drawn afresh in every run" in f.message
    seed = _finding(result, "ET212")
    assert seed.status == "PASS" and "output name" in seed.message
    assert not any("argument --seed" in e.detail for e in seed.evidence)
    fixed = DRAWN_SEED.replace("seed = np.random.randint(10, 1000)", "seed = args.seed")
    again = run_audit(make_git_repo(tmp_path / "fixed", {"main.py": fixed}))
    assert _finding(again, "ET401").status == "PASS"


# A library's runner: runner.py builds Runner() and calls run(args); the runner module defines run_train(),
# which builds the agent its config names from a factory and trains it in another module.
RL_RUNNER = """import argparse

import yaml

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('-t', '--train', action='store_true')
    ap.add_argument('-f', '--file', required=True)
    ap.add_argument('--seed', type=int, default=0)
    args = vars(ap.parse_args())
    with open(args['file']) as stream:
        config = yaml.safe_load(stream)
        from rllib.torch_runner import Runner

        runner = Runner()
        runner.load(config)
    runner.run(args)
"""

RL_TORCH_RUNNER = """from rllib import a2c


class Runner:
    def __init__(self):
        self.factory = {'a2c': lambda **kw: a2c.A2CAgent(**kw)}

    def load(self, config):
        self.params = config['params']

    def run_train(self, args):
        agent = self.factory[self.params['algo']](params=self.params)
        agent.train()

    def run(self, args):
        if args['train']:
            self.run_train(args)
"""

RL_A2C = """import torch


class A2CAgent:
    def __init__(self, params):
        self.model = torch.nn.Linear(4, 2)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=params['lr'])

    def train(self):
        for epoch in range(100):
            loss = self.model(torch.randn(8, 4)).pow(2).mean()
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
"""


def test_a_runner_object_dispatching_to_training_makes_a_training_entry(tmp_path):
    files = {
        "runner.py": RL_RUNNER,
        "rllib/__init__.py": "",
        "rllib/torch_runner.py": RL_TORCH_RUNNER,
        "rllib/a2c.py": RL_A2C,
        "tests/test_runner.py": "from runner import yaml\n\n\ndef test_yaml():\n    assert yaml\n",
    }
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    assert "runner.py" in [e.path for e in result.ctx.taxonomy.training_entry_points]
    # a runner whose module trains nothing (no run_train) is not followed
    plain = dict(files, **{"rllib/torch_runner.py": RL_TORCH_RUNNER.replace("run_train", "run_job")})
    again = run_audit(make_git_repo(tmp_path / "plain", plain))
    assert "runner.py" not in [e.path for e in again.ctx.taxonomy.training_entry_points]


MAP_TOOL = """import glob
import json
import os

results = {}
for path in glob.glob('input/detection-results/*.txt'):
    with open(path) as f:
        results[os.path.basename(path)] = len(f.readlines())
with open('output/results.txt', 'a') as out:
    for name, n in results.items():
        out.write(name + ' ' + str(n) + '\\n')
"""


def test_a_standalone_tool_writing_results_is_no_hand_made_tracker(tmp_path):
    saving = TF1_TRAIN.replace(
        "        writer.add_summary(summ, step)\n",
        "        writer.add_summary(summ, step)\n        tf.train.Saver().save(sess, 'ckpt/model', global_step=step)\n",
    )
    assert saving != TF1_TRAIN
    files = {"model.py": TF1_MODEL, "train.py": saving, "mAP/main.py": MAP_TOOL}
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    assert not [d for d in result.ctx.detections if d.tool == "custom_logging"]
    # the same results written by a module the trainer imports are the project's own record
    linked = dict(files, **{"train.py": "import mAP.main\n" + saving, "mAP/__init__.py": ""})
    again = run_audit(make_git_repo(tmp_path / "linked", linked))
    assert [d for d in again.ctx.detections if d.tool == "custom_logging"]


CI_MATRIX = """name: tests
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: [3.8, 3.9, "3.10"]
    steps:
      - uses: actions/setup-python@v4
        with:
          python-version: ${{ matrix.python-version }}
      - run: pip install -r requirements.txt && pytest
"""


def test_the_python_pin_is_one_the_ci_tests(tmp_path):
    files = {
        "train.py": PL_SILENT,
        "requirements.txt": "numpy>=1.20\ntorch>=1.8\n",
        "setup.py": "from setuptools import setup\nsetup(name='x', python_requires='>=3.6')\n",
        ".github/workflows/ci.yaml": CI_MATRIX,
    }
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    fix = _finding(result, "ET411").recommendation
    # never the declared minimum no CI job runs; a package tested on several names them all and records
    # the one its results come from (test_fresh66_families: the newest would be a guess too)
    assert "echo '3.6'" not in fix and ".github/workflows/ci.yaml tests 3.8, 3.9, 3.10" in fix


def test_the_newest_python_of_pinned_releases_reads_their_patch_level(tmp_path):
    files = {"train.py": PL_SILENT, "requirements.txt": "numpy==1.19.5\nray==1.0.0\ntorch==1.9.0\n"}
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    fix = _finding(result, "ET411").recommendation
    assert "echo '3.8' > .python-version" in fix and "ray 1.0.0" in fix
    # without ray, numpy 1.19.5 (wheels for 3.9 since 1.19.3) and torch 1.9 allow 3.9
    files["requirements.txt"] = "numpy==1.19.5\ntorch==1.9.0\n"
    again = run_audit(make_git_repo(tmp_path / "again", files))
    assert "echo '3.9' > .python-version" in _finding(again, "ET411").recommendation


A3C_TEST = """import time

import gym
import torch


def test(rank, args, shared_model, counter):
    env = gym.make(args.env_name)
    state = env.reset()
    reward_sum, episode_length, start = 0, 0, time.time()
    while True:
        action = shared_model(torch.from_numpy(state)).argmax().item()
        state, reward, done, _ = env.step(action)
        reward_sum += reward
        episode_length += 1
        if done:
            print('reward {}, length {}'.format(reward_sum, episode_length))
            reward_sum, episode_length = 0, 0
            state = env.reset()
            time.sleep(60)
"""

A3C_TRAIN = """import gym
import torch


def train(rank, args, shared_model, counter, optimizer):
    env = gym.make(args.env_name)
    env.seed(args.seed + rank)
    for step in range(1000):
        loss = shared_model(torch.randn(4)).pow(2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
"""

A3C_MAIN = """import argparse

import torch
import torch.multiprocessing as mp

from test import test
from train import train

parser = argparse.ArgumentParser()
parser.add_argument('--env-name', default='PongDeterministic-v4')
parser.add_argument('--seed', type=int, default=1)
parser.add_argument('--num-processes', type=int, default=4)

if __name__ == '__main__':
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    shared_model = torch.nn.Linear(4, 6)
    shared_model.share_memory()
    optimizer = torch.optim.Adam(shared_model.parameters())
    counter = mp.Value('i', 0)
    processes = []
    p = mp.Process(target=test, args=(args.num_processes, args, shared_model, counter))
    p.start()
    processes.append(p)
    for rank in range(args.num_processes):
        p = mp.Process(target=train, args=(rank, args, shared_model, counter, optimizer))
        p.start()
        processes.append(p)
    for p in processes:
        p.join()
"""


def test_an_evaluation_process_started_beside_training_is_evaluation_code(tmp_path):
    files = {"main.py": A3C_MAIN, "train.py": A3C_TRAIN, "test.py": A3C_TEST}
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    f = _finding(result, "ET302")
    assert "computes its own evaluation" in f.message
    assert any(e.path == "test.py" for e in f.evidence)


# Trackers wrapped in the project's own classes, which the trainer builds only for the logger a run
# names: an MLflow wrapper made with its constructor, a W&B wrapper made by its classmethod factory.
WRAP_MLFLOW = """import mlflow


class MlflowLogger:
    def setup(self, args):
        mlflow.set_experiment(args.experiment_name)
        self.run = mlflow.start_run(run_name=args.experiment_name)
        mlflow.log_params(vars(args))

    def on_log(self, metrics, step):
        mlflow.log_metrics(metrics, step=step)
"""

WRAP_WANDB = """import wandb


class WandbLogger:
    def __init__(self, project, config):
        self.run = wandb.init(project=project, config=config)

    @classmethod
    def initialize_wandb_logger(cls, args):
        return cls(project='det', config=vars(args))

    def log_metrics(self, metrics, step):
        self.run.log(metrics, step=step)
"""

WRAP_TRAINER = """import time

import torch
from loguru import logger
from torch.utils.tensorboard import SummaryWriter

from log_setup import setup_logger
from mlflow_logger import MlflowLogger
from wandb_logger import WandbLogger


class Trainer:
    def __init__(self, args):
        self.args = args
        self.file_name = 'outputs/' + args.experiment_name
        setup_logger(self.file_name, filename='train_log.txt')

    def train(self):
        if self.args.logger == 'tensorboard':
            self.tblogger = SummaryWriter(self.file_name)
        elif self.args.logger == 'wandb':
            self.wandb_logger = WandbLogger.initialize_wandb_logger(self.args)
        elif self.args.logger == 'mlflow':
            self.mlflow_logger = MlflowLogger()
            self.mlflow_logger.setup(self.args)
        model = torch.nn.Linear(4, 2)
        for step in range(100):
            start = time.time()
            loss = model(torch.randn(8, 4)).pow(2).mean()
            loss.backward()
            iter_time = time.time() - start
            logger.info('iter: {}, loss: {:.2f}, iter_time: {:.3f}s'.format(step, loss.item(), iter_time))
            if self.args.logger == 'tensorboard':
                self.tblogger.add_scalar('train/loss', loss.item(), step)
        torch.save(model.state_dict(), self.file_name + '/last.pth')
"""

WRAP_MAIN = """import argparse

from trainer import Trainer

parser = argparse.ArgumentParser()
parser.add_argument('--experiment-name', default='yolox_s')
parser.add_argument('--logger', default='tensorboard', choices=['tensorboard', 'wandb', 'mlflow'])
Trainer(parser.parse_args()).train()
"""


def test_trackers_wrapped_in_classes_built_behind_a_switch_are_optional(tmp_path):
    files = {
        "log_setup.py": LOGURU_SETUP,
        "mlflow_logger.py": WRAP_MLFLOW,
        "wandb_logger.py": WRAP_WANDB,
        "trainer.py": WRAP_TRAINER,
        "train.py": WRAP_MAIN,
    }
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    scopes = {d.tool: d.scope for d in result.ctx.detections if d.category == "tracking" and d.present}
    assert scopes.get("mlflow") == "optional" and scopes.get("wandb") == "optional"
    assert _finding(result, "ET420").status == "REVIEW"
    # the iteration time logged to the run's log file is captured on every run
    assert _finding(result, "ET303").status == "PASS"


def test_tracker_evidence_cites_the_writer_before_a_notebook_reading_records_back(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from tensorboard.backend.event_processing.event_accumulator import EventAccumulator\n"
            "acc = EventAccumulator('runs/latest')\nacc.Reload()\nprint(acc.Scalars('reward'))"
        )
    ]
    writer = (
        "import torch\nfrom torch.utils.tensorboard import SummaryWriter\n\n"
        "writer = SummaryWriter('runs/latest')\nmodel = torch.nn.Linear(4, 2)\n"
        "for step in range(10):\n    loss = model(torch.randn(8, 4)).pow(2).mean()\n    loss.backward()\n"
        "    writer.add_scalar('reward', -loss.item(), step)\n"
    )
    files = {"train.py": writer, "notebooks/analysis.ipynb": nbformat.writes(nb)}
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    tb = next(d for d in result.ctx.detections if d.tool == "tensorboard")
    assert tb.evidence[0].path == "train.py"


def test_the_parameter_fix_dumps_the_object_that_holds_the_settings(tmp_path):
    files = {"core/__init__.py": "", "core/config.py": EDICT_CONFIG, "train.py": EDICT_TRAIN}
    result = run_audit(make_git_repo(tmp_path / "edict", files))
    fixes = " ".join(r["snippet"] for r in result.recommendations if "ET210" in r["rule_ids"])
    assert "json.dump(cfg," in fixes and "vars(args)" not in fixes
    # --image_folder alone on the command line, the hyperparameters module constants: both are dumped
    consts = (
        "import argparse\n\nimport torch\n\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--image_folder', type=str, required=True)\nargs = parser.parse_args()\n"
        "BATCH_SIZE = 32\nEPOCHS = 1000\nLR = 3e-4\n"
        "model = torch.nn.Linear(4, 2)\nopt = torch.optim.Adam(model.parameters(), lr=LR)\n"
        "for epoch in range(EPOCHS):\n    loss = model(torch.randn(BATCH_SIZE, 4)).pow(2).mean()\n"
        "    opt.zero_grad()\n    loss.backward()\n    opt.step()\n"
    )
    again = run_audit(make_git_repo(tmp_path / "consts", {"train.py": consts}))
    assert "only paths" in _finding(again, "ET201").message
    fixes = " ".join(r["snippet"] for r in again.recommendations if "ET210" in r["rule_ids"])
    assert "'LR': LR" in fixes and "vars(args)" in fixes


D4RL_MAIN = """import argparse

import d4rl  # noqa: F401
import gym
import numpy as np
import torch

parser = argparse.ArgumentParser()
parser.add_argument('--env_name', default='hopper-medium-v0')
parser.add_argument('--seed', default=0, type=int)
args = parser.parse_args()
env = gym.make(args.env_name)
dataset = env.get_dataset()
torch.manual_seed(args.seed)
model = torch.nn.Linear(11, 3)
for it in range(100):
    loss = model(torch.as_tensor(dataset['observations'][:8], dtype=torch.float32)).pow(2).mean()
    loss.backward()
np.save('./results/returns_' + args.env_name + '_' + str(args.seed), [0.0])
"""


def test_a_versioned_dataset_id_is_not_asked_for_its_version_again(tmp_path):
    result = run_audit(make_git_repo(tmp_path / "repo", {"main.py": D4RL_MAIN}))
    dv = next(d for d in result.scorecard.dimensions if d.name == "data_versioning")
    assert "'hopper-medium-v0'" in " ".join(dv.reasons)
    assert "hopper-medium-v2" not in dv.next and "d4rl/minari package version" in dv.next


WARM_START = """import argparse
import os

import torch

parser = argparse.ArgumentParser()
parser.add_argument('--load_model', action='store_true', default=False)
parser.add_argument('--model_path', type=str, default='./results/test_model.p')
parser.add_argument('--steps', type=int, default=1000)
args = parser.parse_args()
model = torch.nn.Linear(4, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
if args.load_model and os.path.exists(args.model_path):
    model.load_state_dict(torch.load(args.model_path))
for step in range(args.steps):
    loss = model(torch.randn(8, 4)).pow(2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
torch.save(model.state_dict(), args.model_path)
"""


def test_loading_weights_alone_is_a_warm_start_not_a_resume(tmp_path):
    result = run_audit(make_git_repo(tmp_path / "repo", {"main.py": WARM_START}))
    f = _finding(result, "ET511")
    assert f.status == "WARN" and "warm start" in f.message
    # restoring the optimizer and the step too is a resume
    full = WARM_START.replace(
        "    model.load_state_dict(torch.load(args.model_path))\n",
        "    state = torch.load(args.model_path)\n    model.load_state_dict(state['model'])\n"
        "    optimizer.load_state_dict(state['optimizer'])\n",
    )
    again = run_audit(make_git_repo(tmp_path / "full", {"main.py": full}))
    assert _finding(again, "ET511").status == "PASS"


def test_an_option_folder_whose_default_is_dated_is_not_one_shared_folder(tmp_path):
    dated = TB_OPTION_DIR.replace(
        "parser.add_argument('--log_dir', type=str, default='logs')",
        "import datetime\ntoday = str(datetime.date.today())\n"
        "parser.add_argument('--log_dir', type=str, default='logs/{}'.format(today))",
    )
    assert dated != TB_OPTION_DIR
    result = run_audit(make_git_repo(tmp_path / "repo", {"train.py": dated}))
    reasons = " ".join(next(d for d in result.scorecard.dimensions if d.name == "result_persistence").reasons)
    assert "the same one for every run" not in reasons


def test_a_results_file_read_back_is_not_written_but_one_handed_to_a_writer_is(tmp_path):
    reader = (
        "import json\n\nprobe = json.load(open('demo_results.json'))\n"
        "with open('probe.txt', 'w') as f:\n    f.write(str(probe['velocity']))\n"
    )
    train = TF1_TRAIN + "\nwith open('log.txt', 'w') as f:\n    f.write('done')\n"
    files = {"model.py": TF1_MODEL, "train.py": train, "probe.py": reader}
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    assert not any(
        "demo_results.json" in e.detail
        for d in result.ctx.detections
        if d.tool == "custom_logging"
        for e in d.evidence
    )


def test_a_players_deterministic_key_is_no_kernel_setting(tmp_path):
    runner = (
        "import torch\n\ntorch.backends.cudnn.benchmark = True\nmodel = torch.nn.Linear(4, 2).cuda()\n"
        "for step in range(10):\n    loss = model(torch.randn(8, 4).cuda()).pow(2).mean()\n    loss.backward()\n"
    )
    config = (
        "params:\n  config:\n    lr: 0.0003\n    player:\n      deterministic: true\n      games_num: 100\n"
    )
    result = run_audit(make_git_repo(tmp_path / "repo", {"runner.py": runner, "configs/ppo.yaml": config}))
    f = _finding(result, "ET403")
    assert f.status == "WARN"
    assert not any("player" in e.detail for e in f.evidence)
    assert any("cudnn.benchmark" in e.detail for e in f.evidence)


def test_run_naming_leads_with_the_folder_every_run_gets_when_tracker_names_are_switched(tmp_path):
    from experiment_tracking.report.markdown import _naming

    files = {
        "log_setup.py": LOGURU_SETUP,
        "mlflow_logger.py": WRAP_MLFLOW,
        "wandb_logger.py": WRAP_WANDB,
        "trainer.py": WRAP_TRAINER.replace(
            "'outputs/' + args.experiment_name",
            "'outputs/' + args.experiment_name + '_' + time.strftime('%Y%m%d_%H%M%S')",
        ),
        "train.py": WRAP_MAIN,
    }
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    line = _naming(result)
    assert line.startswith("each run's output path names the run") and "switched on by an option" in line


def test_training_code_in_lua_is_named_as_unread_not_judged_by_its_python_helpers(tmp_path):
    from experiment_tracking.report.markdown import render_markdown

    files = {
        "train.lua": "require 'torch'\nlocal opt = paths.dofile('options.lua')\nfor epoch = 1, opt.niter do\nend\n",
        "options.lua": "local opt = {}\nopt.niter = 100\nfile = io.open(opt.checkpoints_dir .. '/opt_train.txt', 'w')\nreturn opt\n",
        "models/cycle_gan.lua": "require 'nn'\n",
        "datasets/combine_A_and_B.py": "import argparse\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--fold_A', type=str)\nargs = parser.parse_args()\n",
        "README.md": "# CycleGAN\n\nInstall torch7, then `luarocks install nngraph`.\n\n```\nth train.lua\n```\n",
    }
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    assert _finding(result, "ET411") is None
    f410 = _finding(result, "ET410")
    assert "Lua" in f410.message and "rockspec" in f410.recommendation
    dims = {d.name: d for d in result.scorecard.dimensions}
    assert "train.lua" in dims["parameter_logging"].review and dims["parameter_logging"].review_points >= 2
    assert "The training code is Lua" in render_markdown(result)


# IsaacGymEnvs-style: Hydra main with output_subdir null, a config dump per run, rl_games' Runner started
# from a builder, and rl_games' model_builder.register_model (a factory of networks, not a registry).
RLG_TRAIN = """import os
from datetime import datetime

import hydra
from omegaconf import DictConfig, OmegaConf


@hydra.main(config_name='config', config_path='./cfg')
def launch_rlg_hydra(cfg: DictConfig):
    from rl_games.algos_torch import model_builder
    from rl_games.torch_runner import Runner

    def build_runner():
        runner = Runner()
        model_builder.register_model('continuous_amp', lambda network, **kwargs: network)
        return runner

    runner = build_runner()
    runner.load(OmegaConf.to_container(cfg.train))
    experiment_dir = os.path.join('runs', cfg.train.params.config.name + '_{date:%d-%H-%M-%S}'.format(date=datetime.now()))
    os.makedirs(experiment_dir, exist_ok=True)
    with open(os.path.join(experiment_dir, 'config.yaml'), 'w') as f:
        f.write(OmegaConf.to_yaml(cfg))
    runner.run({'train': not cfg.test, 'play': cfg.test, 'checkpoint': cfg.checkpoint})


if __name__ == '__main__':
    launch_rlg_hydra()
"""

RLG_CONFIG = (
    "task: Ant\nseed: 42\ntest: false\ncheckpoint: ''\nhydra:\n  output_subdir: null\n  run:\n    dir: .\n"
)


def test_a_library_runner_writes_the_run_record_and_a_factory_registration_is_no_registry(tmp_path):
    files = {"isaacgymenvs/train.py": RLG_TRAIN, "isaacgymenvs/cfg/config.yaml": RLG_CONFIG}
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    assert _finding(result, "ET520") is None or _finding(result, "ET520").status != "PASS"
    dims = {d.name: d for d in result.scorecard.dimensions}
    assert dims["result_persistence"].score == 4  # level 5 would need a real registry
    assert any("rl_games" in p.evidence.detail for p in result.ctx.records.checkpoints)
    # output_subdir: null: Hydra writes no .hydra/config.yaml; the run's own dump is the record
    assert ".hydra/config.yaml" not in " ".join(dims["parameter_logging"].reasons)


def test_library_seeding_helpers_seed_and_request_determinism(tmp_path):
    train = (
        "import numpy as np\nimport torch\nimport zero\n\n\ndef train(seed=0):\n    zero.improve_reproducibility(seed)\n"
        "    model = torch.nn.Linear(4, 2).cuda()\n    x = np.random.rand(8, 4)\n"
        "    for step in range(10):\n        loss = model(torch.as_tensor(x).float().cuda()).pow(2).mean()\n"
        "        loss.backward()\n\n\nif __name__ == '__main__':\n    train()\n"
    )
    result = run_audit(make_git_repo(tmp_path / "repo", {"train.py": train}))
    assert _finding(result, "ET401").status == "PASS"
    assert _finding(result, "ET403").status == "PASS"


def test_summary_rows_with_nothing_behind_them_are_said_to_be_unassessed(tmp_path):
    from experiment_tracking.report.markdown import render_markdown

    lib = "import torch\n\n\nclass MLP(torch.nn.Module):\n    def __init__(self, d_in: int, d_out: int):\n        super().__init__()\n        self.fc = torch.nn.Linear(d_in, d_out)\n"
    result = run_audit(make_git_repo(tmp_path / "repo", {"rtdl/__init__.py": "", "rtdl/modules.py": lib}))
    assert "Rows marked WARN with no finding" in render_markdown(result)


def test_a_main_prefixed_inference_script_is_no_training_entry(tmp_path):
    infer = (
        "import argparse\n\nimport torch\n\nfrom model import Net\n\nif __name__ == '__main__':\n"
        "    parser = argparse.ArgumentParser()\n    parser.add_argument('-i', '--input')\n    args = parser.parse_args()\n"
        "    net = Net()\n    net.load_state_dict(torch.load('exp/model.pt'))\n    print(net(torch.randn(1, 4)))\n"
    )
    model = "import torch\n\n\nclass Net(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = torch.nn.Linear(4, 2)\n\n    def forward(self, x):\n        return self.fc(x)\n"
    train = (
        "import torch\n\nfrom model import Net\n\nif __name__ == '__main__':\n    net = Net()\n"
        "    opt = torch.optim.Adam(net.parameters())\n    for step in range(10):\n"
        "        loss = net(torch.randn(8, 4)).pow(2).mean()\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n"
        "    torch.save(net.state_dict(), 'exp/model.pt')\n"
    )
    files = {"model.py": model, "train.py": train, "main_diff.py": infer}
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    assert [e.path for e in result.ctx.taxonomy.training_entry_points] == ["train.py"]


def test_a_config_object_dumped_as_a_dict_is_the_whole_configuration(tmp_path):
    saver = (
        "import os\n\nimport yaml\nfrom torch.utils.tensorboard import SummaryWriter\n\n\nclass Saver:\n"
        "    def __init__(self, args):\n        self.expdir = args.env.expdir\n        os.makedirs(self.expdir, exist_ok=True)\n"
        "        self.writer = SummaryWriter(os.path.join(self.expdir, 'logs'))\n"
        "        with open(os.path.join(self.expdir, 'config.yaml'), 'w') as out_config:\n"
        "            yaml.dump(dict(args), out_config)\n"
    )
    train = (
        "import argparse\n\nimport torch\nimport yaml\n\nfrom saver import Saver\n\n\nclass DotDict(dict):\n"
        "    __getattr__ = dict.get\n\n\nif __name__ == '__main__':\n    parser = argparse.ArgumentParser()\n"
        "    parser.add_argument('-c', '--config', required=True)\n    cmd = parser.parse_args()\n"
        "    with open(cmd.config) as f:\n        args = DotDict(yaml.safe_load(f))\n    saver = Saver(args)\n"
        "    model = torch.nn.Linear(4, 2)\n    for step in range(10):\n        loss = model(torch.randn(8, 4)).pow(2).mean()\n"
        "        loss.backward()\n        saver.writer.add_scalar('loss', loss.item(), step)\n"
    )
    result = run_audit(make_git_repo(tmp_path / "repo", {"saver.py": saver, "train.py": train}))
    assert any(p.whole for p in result.ctx.records.config)


def test_results_printed_in_words_in_saved_outputs_are_inline_records(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(
        "scores = load('DER')\nprint('Final: Median: %s, Mean: %s' % (med, mean))"
    )
    cell.outputs = [
        nbformat.v4.new_output(
            "stream", name="stdout", text="Loading scores for DER:\nFinal: Median: 0.18936, Mean: 0.35030\n"
        )
    ]
    nb.cells = [cell]
    result = run_audit(make_git_repo(tmp_path / "repo", {"analysis.ipynb": nbformat.writes(nb)}))
    assert result.ctx.taxonomy.notebook_records


def test_super_resolution_benchmarks_named_in_the_readme_are_a_documented_source(tmp_path):
    readme = (
        "# ESRGAN\n\nThe model trained with the DF2K dataset (DIV2K and Flickr2K) reaches 32.7 dB on Set5.\n"
    )
    test = "import torch\n\nmodel = torch.nn.Conv2d(3, 3, 3)\nmodel.load_state_dict(torch.load('models/RRDB.pth'))\n"
    result = run_audit(make_git_repo(tmp_path / "repo", {"README.md": readme, "test.py": test}))
    assert {d.name: d.score for d in result.scorecard.dimensions}["data_versioning"] >= 1


def test_configargparse_typed_options_check_the_config_files_too(tmp_path):
    opts = (
        "import configargparse\n\n\ndef train_opts(parser):\n    group = parser.add_argument_group('Optimization')\n"
        "    group.add('--learning_rate', '-learning_rate', type=float, default=1.0)\n"
        "    group.add('--batch_size', '-batch_size', type=int, default=64)\n"
        "    group.add('--train_steps', '-train_steps', type=int, default=100000)\n"
        "    group.add('--config', '-config', is_config_file_arg=True)\n"
    )
    train = (
        "import configargparse\nimport torch\n\nfrom opts import train_opts\n\nparser = configargparse.ArgumentParser()\n"
        "train_opts(parser)\nopt = parser.parse_args()\nmodel = torch.nn.Linear(4, 2)\n"
        "for step in range(opt.train_steps):\n    loss = model(torch.randn(opt.batch_size, 4)).pow(2).mean()\n    loss.backward()\n"
    )
    files = {"opts.py": opts, "train.py": train, "config/run.yaml": "learning_rate: 2.0\nbatch_size: 4096\n"}
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    assert _finding(result, "ET202").status == "PASS"


def test_a_pip_freeze_presence_check_records_no_environment(tmp_path):
    sru = (
        "import subprocess\n\n\ndef check_sru_requirement():\n    try:\n"
        "        subprocess.check_output('pip freeze | grep -w cupy', shell=True)\n        return True\n"
        "    except subprocess.CalledProcessError:\n        return False\n"
    )
    train = (
        "import os\nimport subprocess\nimport sys\n\nimport torch\n\nfrom sru import check_sru_requirement\n\n"
        "check_sru_requirement()\nrun_dir = 'runs/x'\nos.makedirs(run_dir, exist_ok=True)\nmodel = torch.nn.Linear(4, 2)\n"
        "for step in range(10):\n    loss = model(torch.randn(8, 4)).pow(2).mean()\n    loss.backward()\n"
    )
    result = run_audit(make_git_repo(tmp_path / "repo", {"sru.py": sru, "train.py": train}))
    assert _finding(result, "ET213").status != "PASS"
    kept = train + (
        "with open(os.path.join(run_dir, 'env.txt'), 'w') as f:\n"
        "    f.write(subprocess.check_output([sys.executable, '-m', 'pip', 'freeze']).decode())\n"
    )
    again = run_audit(make_git_repo(tmp_path / "kept", {"sru.py": sru, "train.py": kept}))
    assert _finding(again, "ET213").status == "PASS"


def test_training_processes_started_per_device_are_a_scripted_launch(tmp_path):
    train = (
        "import torch\nimport torch.distributed\n\n\ndef spawned_train(opt, device_id):\n"
        "    torch.distributed.init_process_group('nccl', rank=device_id, world_size=opt.world_size)\n"
        "    model = torch.nn.parallel.DistributedDataParallel(torch.nn.Linear(4, 2).cuda(device_id))\n"
        "    loss = model(torch.randn(8, 4).cuda(device_id)).pow(2).mean()\n    loss.backward()\n\n\n"
        "def main(opt):\n    mp = torch.multiprocessing.get_context('spawn')\n    procs = []\n"
        "    for device_id in range(opt.world_size):\n"
        "        procs.append(mp.Process(target=spawned_train, args=(opt, device_id), daemon=False))\n"
        "        procs[device_id].start()\n    for p in procs:\n        p.join()\n"
    )
    result = run_audit(make_git_repo(tmp_path / "repo", {"train.py": train}))
    assert _finding(result, "ET510").status == "PASS"


def test_learning_a_subword_vocabulary_is_not_training_a_model(tmp_path):
    vocab = (
        "import argparse\n\nimport pyonmttok\n\nif __name__ == '__main__':\n    parser = argparse.ArgumentParser()\n"
        "    parser.add_argument('--corpus')\n    opts = parser.parse_args()\n"
        "    learner = pyonmttok.BPELearner(tokenizer=None, symbols=32000)\n    learner.ingest_file(opts.corpus)\n"
        "    tokenizer = learner.learn('bpe.model')\n"
    )
    bpe = (
        "import sys\n\nif __name__ == '__main__':\n    for line in sys.stdin:\n        print(line.split())\n"
    )
    files = {
        "model.py": "",
        "train.py": RL_A2C.replace("class A2CAgent", "class Agent") + "\nAgent({'lr': 0.1}).train()\n",
        "build_vocab.py": vocab,
        "tools/learn_bpe.py": bpe,
    }
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    entries = [e.path for e in result.ctx.taxonomy.training_entry_points]
    assert "build_vocab.py" not in entries and "tools/learn_bpe.py" not in entries


def test_a_utility_output_file_names_no_run(tmp_path):
    tool = (
        "import argparse\nimport codecs\nimport sys\n\nif __name__ == '__main__':\n"
        "    parser = argparse.ArgumentParser()\n"
        "    parser.add_argument('--input', type=argparse.FileType('r'), default=sys.stdin)\n"
        "    parser.add_argument('--output', type=argparse.FileType('w'), default=sys.stdout)\n"
        "    args = parser.parse_args()\n    if args.output.name != '<stdout>':\n"
        "        args.output = codecs.open(args.output.name, 'w', encoding='utf-8')\n"
        "    for line in args.input:\n        args.output.write(line.strip())\n"
    )
    files = {"model.py": TF1_MODEL, "train.py": TF1_TRAIN, "tools/apply_bpe.py": tool}
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    f = _finding(result, "ET110")
    assert f is None or not any(e.path == "tools/apply_bpe.py" for e in f.evidence)


def test_a_published_package_under_another_import_name_is_a_library(tmp_path):
    from experiment_tracking.rules.facts import library

    setup = "from setuptools import find_packages, setup\n\nsetup(name='OpenNMT-py', version='3.5', packages=find_packages())\n"
    readme = "# OpenNMT-py\n\n## Installation\n\n```bash\npip install OpenNMT-py\n```\n\n```\n@inproceedings{klein2017opennmt}\n```\n"
    files = {"setup.py": setup, "README.md": readme, "onmt/__init__.py": "", "onmt/trainer.py": RL_A2C}
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    assert library(result.ctx) is not None


def test_a_committed_list_of_paths_on_the_authors_machine_is_no_committed_data(tmp_path):
    rows = "".join(
        f"/home/yang/VOC/train/VOCdevkit/VOC2007/JPEGImages/{i:06d}.jpg 48,240,195,371,11\n"
        for i in range(60)
    )
    files = {
        "core/__init__.py": "",
        "core/config.py": EDICT_CONFIG.replace("./data/voc_train.txt", "./data/dataset/voc_train.txt"),
        "train.py": EDICT_TRAIN.replace(
            "with tf.Session() as sess:",
            "annotations = open(cfg.TRAIN.ANNOT_PATH).readlines()\nwith tf.Session() as sess:",
        ),
        "data/dataset/voc_train.txt": rows,
    }
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    f = _finding(result, "ET120")
    assert "committed in git" not in f.message


def test_a_settings_module_wins_over_a_few_script_constants_in_the_parameter_fix(tmp_path):
    train = EDICT_TRAIN.replace(
        "from core.config import cfg\n", "from core.config import cfg\n\nwarmup = 2\nlog_every = 10\n"
    )
    files = {"core/__init__.py": "", "core/config.py": EDICT_CONFIG, "train.py": train}
    result = run_audit(make_git_repo(tmp_path / "repo", files))
    fixes = " ".join(r["snippet"] for r in result.recommendations if "ET210" in r["rule_ids"])
    assert "json.dump(cfg," in fixes
