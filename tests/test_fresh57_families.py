"""Families of real code found wrong in the fresh57 round (and in the recommendations of earlier
rounds), each with a synthetic case of our own."""

from __future__ import annotations

import re

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo


def _finding(result, rule_id):
    return next(f for f in result.findings if f.rule_id == rule_id)


# A tracker-style project without a tracker: a yacs global config merged from a file, a project helper
# that adds a log file handler for the run, the config and the commit logged into it, and a --seed
# option that only argparse holds.
CONFIG = """
from yacs.config import CfgNode as CN

__C = CN()
cfg = __C
__C.TRAIN = CN()
__C.TRAIN.LOG_DIR = "./logs"
__C.TRAIN.SNAPSHOT_DIR = "./snapshot"
__C.TRAIN.BASE_LR = 0.005
__C.TRAIN.EPOCH = 20
"""

LOG_HELPER = """
import logging


def add_file_handler(name, log_file, level=logging.INFO):
    logger = logging.getLogger(name)
    fh = logging.FileHandler(log_file)
    logger.addHandler(fh)
"""

MISC = """
import os


def _exec(cmd):
    f = os.popen(cmd, "r", 1)
    return f.read().strip()


def commit():
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "../"))
    cmd = "cd {}; git log | head -n1 | awk '{{print $2}}'".format(root)
    return "commit : {}".format(_exec(cmd))
"""

TRAIN = """
import argparse
import json
import logging
import os
import random

import numpy as np
import torch

from tracker.config import cfg
from tracker.log_helper import add_file_handler
from tracker.misc import commit

logger = logging.getLogger("global")
parser = argparse.ArgumentParser()
parser.add_argument("--cfg", type=str, default="config.yaml")
parser.add_argument("--seed", type=int, default=123456)
args = parser.parse_args()


def main():
    cfg.merge_from_file(args.cfg)
    os.makedirs(cfg.TRAIN.LOG_DIR, exist_ok=True)
    add_file_handler("global", os.path.join(cfg.TRAIN.LOG_DIR, "logs.txt"), logging.INFO)
    logger.info("Version Information: \\n{}\\n".format(commit()))
    logger.info("config \\n{}".format(json.dumps(cfg, indent=4)))
    model = torch.nn.Linear(1, 1)
    sgd = torch.optim.SGD(model.parameters(), lr=cfg.TRAIN.BASE_LR)
    for epoch in range(cfg.TRAIN.EPOCH):
        loss = model(torch.ones(1)).sum()
        loss.backward()
        sgd.step()
        torch.save({"epoch": epoch, "state_dict": model.state_dict()},
                   cfg.TRAIN.SNAPSHOT_DIR + "/checkpoint_e%d.pth" % epoch)


if __name__ == "__main__":
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    main()
"""


def _tracker_repo(tmp_path):
    write_repo(
        tmp_path,
        {
            "tracker/__init__.py": "",
            "tracker/config.py": CONFIG,
            "tracker/log_helper.py": LOG_HELPER,
            "tracker/misc.py": MISC,
            "tools/train.py": TRAIN,
            "requirements.txt": "torch\nyacs\nnumpy\n",
            "README.md": "# tracker\n\n```bash\npython tools/train.py --cfg experiments/a/config.yaml\n```\n",
        },
    )
    return run_audit(tmp_path)


def test_config_logged_through_a_helper_file_handler_is_the_runs_record(tmp_path):
    result = _tracker_repo(tmp_path)
    f = _finding(result, "ET210")
    assert f.status == "PASS", f.message
    assert any(e.path == "tools/train.py" and e.line == 26 for e in f.evidence), f.evidence
    assert any("LOG_DIR}/logs.txt" in e.detail for e in f.evidence), f.evidence


def test_a_commit_read_with_git_log_through_a_project_runner_is_recorded(tmp_path):
    result = _tracker_repo(tmp_path)
    f = _finding(result, "ET420")
    assert f.status == "PASS", f.message
    assert any(e.path == "tools/train.py" and e.line == 25 for e in f.evidence), f.evidence


def test_a_seed_option_is_not_in_a_global_config_merged_from_a_file(tmp_path):
    result = _tracker_repo(tmp_path)
    f = _finding(result, "ET212")
    assert f.status != "PASS", f.message


def test_a_seed_merged_from_the_command_line_stays_recorded(tmp_path):
    # the same project merging the command line into its config records what the command line set
    write_repo(
        tmp_path,
        {
            "tracker/__init__.py": "",
            "tracker/config.py": CONFIG + "__C.SEED = 0\n",
            "tracker/log_helper.py": LOG_HELPER,
            "tracker/misc.py": MISC,
            "tools/train.py": TRAIN.replace(
                "cfg.merge_from_file(args.cfg)",
                "cfg.merge_from_file(args.cfg)\n    cfg.merge_from_list(['SEED', args.seed])",
            ),
            "requirements.txt": "torch\nyacs\nnumpy\n",
            "README.md": "# tracker\n",
        },
    )
    result = run_audit(tmp_path)
    f = _finding(result, "ET210")
    assert f.status == "PASS", f.message
    assert not any("config file as loaded" in e.detail for e in f.evidence), f.evidence


OLD_TORCH_TRAIN = """
import argparse
import torch

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=0.1)
args = p.parse_args()
model = torch.nn.Linear(1, 1)
sgd = torch.optim.SGD(model.parameters(), lr=args.lr)
for step in range(10):
    loss = model(torch.ones(1)).sum()
    loss.backward()
    sgd.step()
torch.save(model.state_dict(), "model.pth")
"""


def test_an_old_stack_is_told_to_pin_its_versions_not_to_compile_a_lock_of_today(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": OLD_TORCH_TRAIN,
            "requirements.txt": "torch>=0.4.1\nnumpy\nscipy\n",
            "README.md": "# old\n\nTested with PyTorch 0.4.1 and Python 3.6.\n",
        },
    )
    result = run_audit(tmp_path)
    f = _finding(result, "ET410")
    assert f.status != "PASS"
    assert "uv pip compile requirements.txt" not in f.recommendation, f.recommendation
    assert "torch==0.4.<patch>" in f.recommendation and "`requirements.txt`" in f.recommendation
    for rec in result.recommendations:
        assert "uv pip compile" not in (rec.get("snippet") or ""), rec


def test_a_current_stack_keeps_the_lock_file_fix(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": OLD_TORCH_TRAIN,
            "requirements.txt": "torch>=2.1\nnumpy\nscipy\n",
            "README.md": "# new\n",
        },
    )
    f = _finding(run_audit(tmp_path), "ET410")
    assert "uv pip compile requirements.txt" in f.recommendation, f.recommendation


def test_a_fix_in_another_stack_leaves_no_placeholder(tmp_path):
    # TensorBoard only: rules whose example fix is an MLflow call get no "(Do this with ...)" note
    write_repo(
        tmp_path,
        {
            "train.py": OLD_TORCH_TRAIN.replace(
                "import torch",
                "import torch\nfrom torch.utils.tensorboard import SummaryWriter\nw = SummaryWriter()",
            )
            + "w.add_scalar('loss', 1.0, 0)\n",
            "requirements.txt": "torch==2.1.0\n",
            "README.md": "# tb\n",
        },
    )
    result = run_audit(tmp_path)
    for f in result.findings:
        assert "usual example" not in f.recommendation, (f.rule_id, f.recommendation)
        assert not re.search(r"^\(Do this with", f.recommendation), (f.rule_id, f.recommendation)


DATASET = """
import random

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset


class Pairs(Dataset):
    def __len__(self):
        return 100

    def __getitem__(self, i):
        flip = DRAW
        return torch.ones(3) * flip


def loader():
    return DataLoader(Pairs(), batch_size=4, shuffle=True, num_workers=4)
"""

SEEDED_TRAIN = """
import torch

from data import loader

torch.manual_seed(0)
model = torch.nn.Linear(3, 1)
sgd = torch.optim.SGD(model.parameters(), lr=0.1)
for x in loader():
    loss = model(x).sum()
    loss.backward()
    sgd.step()
torch.save(model.state_dict(), "model.pth")
"""


def _worker_repo(tmp_path, draw):
    write_repo(
        tmp_path,
        {
            "data.py": DATASET.replace("DRAW", draw),
            "train.py": SEEDED_TRAIN,
            "requirements.txt": "torch==1.4.0\nnumpy==1.18.0\n",
            "README.md": "# w\n",
        },
    )
    return _finding(run_audit(tmp_path), "ET404")


def test_workers_drawing_python_random_are_seeded_by_pytorch(tmp_path):
    f = _worker_repo(tmp_path, "random.random() < 0.5")
    assert f.status == "PASS", f.message
    assert "data.py:13 random.random" in f.message


def test_workers_drawing_numpy_on_an_old_pytorch_are_not(tmp_path):
    f = _worker_repo(tmp_path, "np.random.rand() < 0.5")
    assert f.status == "WARN", f.message


DARKNET_CFG = """[net]
batch=64
learning_rate=0.001
momentum=0.9

[convolutional]
filters=32
size=3

[convolutional]
filters=64
size=3
"""

DARKNET_TRAIN = """
import torch


def parse_cfg(path):
    blocks, block = [], {}
    for line in open(path):
        line = line.strip()
        if line.startswith("["):
            if block:
                blocks.append(block)
            block = {"type": line[1:-1]}
        elif "=" in line:
            k, v = line.split("=")
            block[k.strip()] = v.strip()
    return blocks + [block]


blocks = parse_cfg("cfg/yolov3.cfg")
net = blocks[0]
model = torch.nn.Linear(1, 1)
sgd = torch.optim.SGD(model.parameters(), lr=float(net["learning_rate"]))
for step in range(10):
    loss = model(torch.ones(1)).sum()
    loss.backward()
    sgd.step()
torch.save(model.state_dict(), "model.pth")
"""


def test_a_darknet_cfg_gets_no_yaml_dataclass_schema(tmp_path):
    write_repo(
        tmp_path,
        {
            "cfg/yolov3.cfg": DARKNET_CFG,
            "train.py": DARKNET_TRAIN,
            "requirements.txt": "torch==2.1.0\n",
            "README.md": "# yolo\n",
        },
    )
    result = run_audit(tmp_path)
    f = _finding(result, "ET202")
    assert "yaml.safe_load" not in f.recommendation and "class Config" not in f.recommendation, (
        f.recommendation
    )
    for rec in result.recommendations:
        assert "yolov3.cfg" not in (rec.get("snippet") or ""), rec


TEE_LOGGER = """
import os
import sys


class Logger:
    def __init__(self, fpath=None):
        self.console = sys.stdout
        self.file = None
        if fpath is not None:
            os.makedirs(os.path.dirname(fpath), exist_ok=True)
            self.file = open(fpath, "w")

    def write(self, msg):
        self.console.write(msg)
        if self.file is not None:
            self.file.write(msg)
"""

TEE_TOOLS = """
import random

import numpy as np
import torch
from torch.utils.collect_env import get_pretty_env_info


def collect_env_info():
    return get_pretty_env_info()


def set_random_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
"""

TEE_CONFIG = """
from yacs.config import CfgNode as CN


def get_default_config():
    cfg = CN()
    cfg.data = CN()
    cfg.data.save_dir = "log"
    cfg.train = CN()
    cfg.train.lr = 0.0003
    cfg.train.seed = 1
    return cfg
"""

TEE_MAIN = """
import argparse
import os.path as osp
import sys
import time

import torch

from reid.config import get_default_config
from reid.loggers import Logger
from reid.tools import collect_env_info, set_random_seed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config-file", type=str, default="")
    args = parser.parse_args()
    cfg = get_default_config()
    if args.config_file:
        cfg.merge_from_file(args.config_file)
    set_random_seed(cfg.train.seed)
    log_name = "train.log" + time.strftime("-%Y-%m-%d-%H-%M-%S")
    sys.stdout = Logger(osp.join(cfg.data.save_dir, log_name))
    print("Show configuration\\n{}\\n".format(cfg))
    print("** System info **\\n{}\\n".format(collect_env_info()))
    model = torch.nn.Linear(1, 1)
    sgd = torch.optim.SGD(model.parameters(), lr=cfg.train.lr)
    for epoch in range(3):
        loss = model(torch.ones(1)).sum()
        loss.backward()
        sgd.step()
    torch.save(model.state_dict(), osp.join(cfg.data.save_dir, "model.pth.tar"))


if __name__ == "__main__":
    main()
"""


def _tee_repo(tmp_path, main=TEE_MAIN):
    write_repo(
        tmp_path,
        {
            "reid/__init__.py": "",
            "reid/loggers.py": TEE_LOGGER,
            "reid/tools.py": TEE_TOOLS,
            "reid/config.py": TEE_CONFIG,
            "scripts/main.py": main,
            "requirements.txt": "torch==2.1.0\nyacs==0.1.8\nnumpy==1.26.0\n",
            "README.md": "# reid\n",
        },
    )
    return run_audit(tmp_path)


def test_what_a_run_prints_into_its_tee_file_is_its_record(tmp_path):
    result = _tee_repo(tmp_path)
    f = _finding(result, "ET210")
    assert f.status == "PASS", f.message
    assert any(e.path == "scripts/main.py" and e.line == 23 for e in f.evidence), f.evidence
    assert "1 whole-config" in f.message, f.message
    assert _finding(result, "ET212").status == "PASS"
    env = _finding(result, "ET213")
    assert env.status == "PASS", env.message
    assert any(e.path == "scripts/main.py" and e.line == 24 for e in env.evidence), env.evidence


def test_prints_with_the_console_untouched_record_nothing(tmp_path):
    result = _tee_repo(tmp_path, TEE_MAIN.replace("sys.stdout = Logger(", "console = Logger("))
    assert _finding(result, "ET210").status != "PASS"
    assert _finding(result, "ET213").status != "PASS"


TUNE_RUNNER = """
import numpy as np
from ray import tune


class ExperimentRunner(tune.Trainable):
    def setup(self, variant):
        self.variant = variant
        self.w = np.zeros(3)

    def step(self):
        self.w += self.variant["lr"]
        return {"loss": float(self.w.sum())}

    def save_checkpoint(self, checkpoint_dir):
        np.save(checkpoint_dir + "/w.npy", self.w)
        return checkpoint_dir

    def load_checkpoint(self, checkpoint_dir):
        self.w = np.load(checkpoint_dir + "/w.npy")
"""

TUNE_LAUNCH = """
import argparse

from ray import tune

from runner import ExperimentRunner


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--local-dir", default="~/ray_results")
    args = parser.parse_args()
    variant_spec = {"lr": args.lr, "layers": 2}
    tune.run(ExperimentRunner, config=variant_spec, local_dir=args.local_dir, stop={"training_iteration": 10})


if __name__ == "__main__":
    main()
"""


def test_ray_tune_keeps_each_trials_config_results_and_checkpoints(tmp_path):
    write_repo(
        tmp_path,
        {
            "runner.py": TUNE_RUNNER,
            "main.py": TUNE_LAUNCH,
            "requirements.txt": "ray[tune]==1.13.0\nnumpy==1.23.0\n",
            "README.md": "# tune\n\n```bash\npython main.py --lr 0.1\n```\n",
        },
    )
    result = run_audit(tmp_path)
    rec = result.ctx.records
    assert any(p.target.endswith("/params.json") and p.whole and p.per_run for p in rec.config), rec.config
    assert any(p.target.endswith("/result.json") and p.per_run for p in rec.metrics), rec.metrics
    assert any(p.target.endswith("/checkpoint_{n}") for p in rec.checkpoints), rec.checkpoints
    assert _finding(result, "ET210").status == "PASS"
    assert _finding(result, "ET301").status == "PASS"


def test_a_tune_search_space_literal_is_a_subset_of_the_config(tmp_path):
    launch = TUNE_LAUNCH.replace("config=variant_spec", 'config={"lr": tune.grid_search([0.1, 0.01])}')
    write_repo(tmp_path, {"runner.py": TUNE_RUNNER.replace("save_checkpoint", "other"), "main.py": launch})
    rec = run_audit(tmp_path).ctx.records
    assert all(not p.whole for p in rec.config if p.target.endswith("/params.json")), rec.config
    assert not any(p.target.endswith("/checkpoint_{n}") for p in rec.checkpoints), rec.checkpoints


YAML_OPTIONS_TRAIN = """
import argparse
import os

import torch
import yaml
from torch.utils.tensorboard import SummaryWriter


def main(args, configs):
    preprocess_config, model_config, train_config = configs
    logger = SummaryWriter(os.path.join(train_config["path"]["log_path"], "train"))
    model = torch.nn.Linear(1, 1)
    sgd = torch.optim.SGD(model.parameters(), lr=train_config["optimizer"]["lr"])
    for step in range(10):
        duration_loss = model(torch.ones(1)).sum()
        duration_loss.backward()
        sgd.step()
        logger.add_scalar("Loss/duration_loss", duration_loss.item(), step)
    torch.save(model.state_dict(), os.path.join(train_config["path"]["ckpt_path"], "model.pth.tar"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--restore_step", type=int, default=0)
    parser.add_argument("-p", "--preprocess_config", type=str, required=True)
    parser.add_argument("-t", "--train_config", type=str, required=True)
    args = parser.parse_args()
    preprocess_config = yaml.load(
        open(args.preprocess_config, "r"), Loader=yaml.FullLoader
    )
    train_config = yaml.load(open(args.train_config, "r"), Loader=yaml.FullLoader)
    main(args, (preprocess_config, None, train_config))
"""


def test_options_naming_config_files_get_a_dump_of_the_files_they_name(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": YAML_OPTIONS_TRAIN,
            "config/train.yaml": "optimizer:\n  lr: 0.001\npath:\n  log_path: out/log\n  ckpt_path: out/ckpt\n",
            "requirements.txt": "torch==2.1.0\npyyaml==6.0\n",
            "README.md": "# tts\n\npython 3.8\n\n```bash\npython train.py -p config/pre.yaml -t config/train.yaml\n```\n",
        },
    )
    result = run_audit(tmp_path)
    f = _finding(result, "ET210")
    assert "'preprocess_config': preprocess_config" in f.recommendation, f.recommendation
    assert "'train_config': train_config" in f.recommendation, f.recommendation
    # a loss of the duration predictor is no timing of the run
    assert _finding(result, "ET303").status != "PASS"
    # "python 3.8" on a line of its own states the version
    assert _finding(result, "ET411").status == "PASS"


def test_the_hardware_fix_is_placeholders_not_an_example_machine(tmp_path):
    write_repo(tmp_path, {"train.py": OLD_TORCH_TRAIN.replace("torch.save", "model.cuda()\ntorch.save")})
    f = _finding(run_audit(tmp_path), "ET413")
    assert "A100" not in f.recommendation and "CUDA 12" not in f.recommendation, f.recommendation


WRITER_TRAIN = """
import time

import torch
from tensorboardX import SummaryWriter


def train(config, model, train_iter):
    sgd = torch.optim.SGD(model.parameters(), lr=config.learning_rate)
    writer = SummaryWriter(log_dir=config.log_path + "/" + time.strftime("%m-%d_%H.%M", time.localtime()))
    for epoch in range(config.num_epochs):
        for x in train_iter:
            loss = model(x).sum()
            loss.backward()
            sgd.step()
            writer.add_scalar("loss/train", loss.item(), epoch)
    torch.save(model.state_dict(), config.save_path)
"""

WRITER_RUN = """
import argparse

import torch

from models import Config
from train_eval import train

parser = argparse.ArgumentParser()
parser.add_argument("--model", type=str, required=True)
args = parser.parse_args()
config = Config(args.model)
train(config, torch.nn.Linear(3, 1), [torch.ones(3)])
"""

WRITER_MODELS = """
class Config(object):
    def __init__(self, name):
        self.model_name = name
        self.log_path = "log/" + name
        self.save_path = "saved/" + name + ".ckpt"
        self.learning_rate = 1e-3
        self.num_epochs = 20
"""


def test_fixes_write_into_the_folder_a_summary_writer_made_for_the_run(tmp_path):
    write_repo(
        tmp_path,
        {
            "train_eval.py": WRITER_TRAIN,
            "run.py": WRITER_RUN,
            "models.py": WRITER_MODELS,
            "requirements.txt": "torch==2.1.0\ntensorboardX==2.6\n",
            "README.md": "# text\n\n```bash\npython run.py --model TextCNN\n```\n",
        },
    )
    result = run_audit(tmp_path)
    snippets = [r.get("snippet") or "" for r in result.recommendations]
    assert any("os.path.join(writer.logdir, " in s for s in snippets), snippets
    assert not any("config.log_path, " in s for s in snippets), snippets
    params = _finding(result, "ET210").recommendation
    assert "vars(config)" in params and "vars(writer)" not in params, params


HPARAM_WRITER = """
from tensorboardX import SummaryWriter


class Writer:
    def __init__(self, logdir=""):
        self._writer = SummaryWriter(logdir=logdir)

    def write_hparams(self, hparams):
        self._writer.add_hparams(hparams, {})

    def write_scalars(self, step, scalars):
        for k, v in scalars.items():
            self._writer.add_scalar(k, v, step)
"""

HPARAM_LEARNER = """
import argparse

import torch

from metrics import Writer

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=0.1)
p.add_argument("--seed", type=int, default=0)
p.add_argument("--num_envs", type=int, default=8)
p.add_argument("--logdir", default="runs")
args = p.parse_args()
torch.manual_seed(args.seed)
writer = Writer(args.logdir)
writer.write_hparams({"num_envs": args.num_envs})
model = torch.nn.Linear(1, 1)
sgd = torch.optim.SGD(model.parameters(), lr=args.lr)
for step in range(10):
    loss = model(torch.ones(1)).sum()
    loss.backward()
    sgd.step()
    writer.write_scalars(step, {"loss": loss.item()})
"""


def test_a_wrapper_logs_what_its_callers_hand_it_not_a_whole_config(tmp_path):
    write_repo(tmp_path, {"metrics.py": HPARAM_WRITER, "learner.py": HPARAM_LEARNER, "README.md": "# rl\n"})
    result = run_audit(tmp_path)
    assert _finding(result, "ET211").status == "WARN"
    assert _finding(result, "ET212").status != "PASS"
    assert not any("add_hparams(hparams)" in e.detail for e in _finding(result, "ET210").evidence)


PAPERS_README = """# Voice Cloning

This repository is an implementation of [Transfer Learning from Speaker Verification to
Multispeaker Text-To-Speech Synthesis](https://arxiv.org/pdf/1806.04558.pdf) (SV2TTS).

### Papers implemented

| URL | Designation | Title |
| --- | --- | --- |
| [**1806.04558**](https://arxiv.org/pdf/1806.04558.pdf) | **SV2TTS** | Transfer Learning |
| [1802.08435](https://arxiv.org/pdf/1802.08435.pdf) | WaveRNN | Efficient Neural Audio Synthesis |
| [1703.10135](https://arxiv.org/pdf/1703.10135.pdf) | Tacotron | Towards End-to-End Speech Synthesis |
| [1710.10467](https://arxiv.org/pdf/1710.10467.pdf) | GE2E | Generalized End-To-End Loss |

## Training

```bash
python train.py
```
"""


def test_a_readme_saying_which_paper_it_implements_is_a_release_and_a_papers_table_no_results(tmp_path):
    write_repo(
        tmp_path,
        {"train.py": OLD_TORCH_TRAIN, "README.md": PAPERS_README, "LICENSE": "MIT\n"},
    )
    result = run_audit(tmp_path)
    f613 = _finding(result, "ET613")
    assert f613.status == "PASS" and "code of a paper" in f613.message, f613.message
    assert not any(e.detail == "table of results" for f in result.findings for e in f.evidence), [
        (f.rule_id, f.evidence)
        for f in result.findings
        if any(e.detail == "table of results" for e in f.evidence)
    ]


DEAD_LOG_MODEL = """
import torch


class Tacotron(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(1, 1)

    def forward(self, x):
        return self.lin(x)

    def log(self, path, msg):
        with open(path, "a") as f:
            print(msg, file=f)

    def save(self, path):
        torch.save({"model_state": self.state_dict()}, path)
"""

DEAD_LOG_TRAIN = """
import torch

from model import Tacotron

model = Tacotron()
sgd = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(10):
    loss = model(torch.ones(1)).sum()
    loss.backward()
    sgd.step()
    print("step", step, "loss", loss.item())
model.save("saved_models/tacotron.pt")
"""


def test_a_torch_modules_helper_nothing_calls_logs_nothing(tmp_path):
    write_repo(tmp_path, {"model.py": DEAD_LOG_MODEL, "train.py": DEAD_LOG_TRAIN, "README.md": "# t\n"})
    result = run_audit(tmp_path)
    cited = [e.where() for f in result.findings for e in f.evidence]
    assert not any(w.startswith("model.py:14") or w.startswith("model.py:15") for w in cited), cited
    # the save it does call still counts
    assert _finding(result, "ET310").status != "FAIL"


DAY_STAMPED_TRAIN = """
import argparse
import json
import os
import time

import torch
from torch.utils.tensorboard import SummaryWriter


class Logger:
    def __init__(self, log_dir, use_tb=True):
        self._sw = SummaryWriter(os.path.join(log_dir, "tb")) if use_tb else None


p = argparse.ArgumentParser()
p.add_argument("--work_dir", default=".")
p.add_argument("--lr", type=float, default=0.1)
p.add_argument("--save_tb", default=False, action="store_true")
args = p.parse_args()
ts = time.strftime("%m-%d", time.gmtime())
args.work_dir = args.work_dir + "/" + ts
os.makedirs(args.work_dir, exist_ok=True)
with open(os.path.join(args.work_dir, "args.json"), "w") as f:
    json.dump(vars(args), f)
L = Logger(args.work_dir, use_tb=args.save_tb)
model = torch.nn.Linear(1, 1)
sgd = torch.optim.SGD(model.parameters(), lr=args.lr)
for step in range(10):
    loss = model(torch.ones(1)).sum()
    loss.backward()
    sgd.step()
"""


def test_a_folder_named_by_the_day_is_shared_by_that_days_runs(tmp_path):
    write_repo(tmp_path, {"train.py": DAY_STAMPED_TRAIN, "README.md": "# rl\n"})
    result = run_audit(tmp_path)
    parts = [p for p in result.ctx.records.config if p.target.endswith("args.json")]
    assert parts and not any(p.keeping == "time" for p in parts), [(p.target, p.keeping) for p in parts]


def test_a_switch_handed_to_a_constructor_takes_the_callers_option_default(tmp_path):
    from experiment_tracking.rules.facts import switch_defaults

    write_repo(tmp_path, {"train.py": DAY_STAMPED_TRAIN, "README.md": "# rl\n"})
    state, where = switch_defaults(run_audit(tmp_path).ctx, "use_tb")
    assert state == "off" and "train.py:25" in where, (state, where)


INSTALL_SH = """#!/bin/bash
conda create -y --name $env_name python=3.7
conda activate $env_name
# pytorch with cuda90 is tested
conda install -y pytorch=0.4.1 torchvision cuda90 -c pytorch
pip install opencv-python  # conda install -y fake=1.0 in a comment installs nothing
pip install -r requirements.txt
"""


def test_a_set_up_script_lists_and_pins_what_it_installs(tmp_path):
    from experiment_tracking.index.manifests import parse_setup_script

    deps = {d.name: d for d in parse_setup_script("install.sh", INSTALL_SH)}
    assert deps["pytorch"].exact and deps["pytorch"].line == 5
    assert not deps["torchvision"].exact and "opencv-python" in deps
    assert "fake" not in deps and "requirements.txt" not in deps and "-c" not in deps
    write_repo(
        tmp_path,
        {"install.sh": INSTALL_SH, "requirements.txt": "yacs\ntqdm\n", "train.py": OLD_TORCH_TRAIN},
    )
    f = _finding(run_audit(tmp_path), "ET410")
    assert any(e.path == "install.sh" for e in f.evidence), f.evidence


def test_a_packages_ranges_beside_a_pinned_requirements_file_are_for_its_users(tmp_path):
    pins = "".join(f"pkg{i}==1.{i}.0\n" for i in range(8)) + "torch==2.1.0\nnumpy==1.26.0\n"
    setup = (
        "from setuptools import setup\n"
        "setup(name='agent', install_requires=['torch>=2.0', 'numpy>=1.20', 'pkg1>=1.0', 'pkg2'])\n"
    )
    write_repo(
        tmp_path,
        {"requirements.txt": pins, "setup.py": setup, "train.py": OLD_TORCH_TRAIN, "README.md": "# a\n"},
    )
    result = run_audit(tmp_path)
    f = _finding(result, "ET410")
    assert f.status == "PASS", f.message
    assert "setup.py" not in f.message


VARIANTS = """
import subprocess


def get_git_rev():
    return subprocess.check_output(["git", "rev-parse", "HEAD"]).decode().strip()


def get_variant_spec(args):
    return {"git_sha": get_git_rev(), "lr": args.lr, "layers": 2}
"""


def test_a_commit_read_into_a_config_written_whole_is_asked_about(tmp_path):
    launch = TUNE_LAUNCH.replace(
        'variant_spec = {"lr": args.lr, "layers": 2}', "variant_spec = get_variant_spec(args)"
    ).replace("from runner import", "from variants import get_variant_spec\nfrom runner import")
    write_repo(tmp_path, {"runner.py": TUNE_RUNNER, "main.py": launch, "variants.py": VARIANTS})
    f = _finding(run_audit(tmp_path), "ET420")
    assert f.status == "REVIEW", f.message
    assert "variants.py:9" in f.question and "params.json" in f.question, f.question


def test_a_day_stamp_built_inline_in_the_path_is_shared_by_that_days_runs(tmp_path):
    inline = DAY_STAMPED_TRAIN.replace(
        'args.work_dir = args.work_dir + "/" + ts',
        'args.work_dir = os.path.join(args.work_dir, time.strftime("%Y%m%d"))',
    )
    write_repo(tmp_path, {"train.py": inline, "README.md": "# rl\n"})
    parts = [p for p in run_audit(tmp_path).ctx.records.config if p.target.endswith("args.json")]
    assert parts and not any(p.keeping == "time" for p in parts), [(p.target, p.keeping) for p in parts]
    # with the hour in the stamp, the folder is one per run
    write_repo(tmp_path, {"train.py": inline.replace("%Y%m%d", "%Y%m%d-%H%M%S")})
    parts = [p for p in run_audit(tmp_path).ctx.records.config if p.target.endswith("args.json")]
    assert any(p.keeping == "time" for p in parts), [(p.target, p.keeping) for p in parts]
