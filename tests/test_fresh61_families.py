"""Families of real code the fresh61 round (repositories never seen before its first audit) showed the
auditor reading wrong, each with a synthetic case of our own."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import commit_all, dimension, finding, write_repo
from tests.test_fresh60_families import SEEDED_TRAIN

# the training loop of the option-file trainers below, after their logger is made
SR_LOOP = """    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=opt['lr'])
    for step in range(10):
        loss = model(torch.ones(2)).sum()
        loss.backward()
        optimizer.step()
        logger.info(f"step {step} loss {loss.item()}")


if __name__ == "__main__":
    main()
"""


GRAPH_TRAIN = """
import numpy as np
import torch


def load_graph():
    feats = []
    with open("graphs/toy.content") as fp:
        for line in fp:
            feats.append([float(x) for x in line.split()[1:-1]])
    edges = []
    with open("graphs/toy.cites", "r") as fp:
        for line in fp:
            edges.append(line.split())
    return np.array(feats), edges


def run():
    feats, edges = load_graph()
    model = torch.nn.Linear(feats.shape[1], 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    for batch in range(100):
        loss = model(torch.tensor(feats, dtype=torch.float32)).sum()
        loss.backward()
        opt.step()
        print(batch, loss.item())


if __name__ == "__main__":
    run()
"""


def test_committed_file_read_by_literal_path_is_data_whatever_its_suffix(tmp_path):
    # graph benchmarks ship their edge lists and features as .cites/.content/.tab files the training
    # code opens by a literal path: committed data, though no data suffix names it
    row = " ".join(["0.0"] * 40)
    write_repo(
        tmp_path,
        {
            "model/train.py": GRAPH_TRAIN,
            "graphs/toy.content": "".join(f"{i} {row} label\n" for i in range(60)),
            "graphs/toy.cites": "".join(f"{i} {i + 1}\n" for i in range(400)),
            "README.md": "# Toy graph model\n\n`python -m model.train`\n",
        },
    )
    commit_all(tmp_path)
    dim = dimension(run_audit(tmp_path), "data_versioning")
    assert dim.score == 2, dim.reasons
    assert any("graphs/toy.c" in r for r in dim.reasons)


SCHEDULE_DEMO = """
import math


class OneCycle:
    def __init__(self, optimizer, total, lr_max):
        self.optimizer, self.total, self.lr_max = optimizer, total, lr_max

    def step(self, i):
        self.optimizer.lr = self.lr_max * (1 + math.cos(math.pi * i / self.total)) / 2


class FakeOptim:
    lr = 0.0


if __name__ == "__main__":
    import matplotlib.pyplot as plt

    opt = FakeOptim()
    schd = OneCycle(opt, 100, 3e-3)
    lrs = []
    for i in range(100):
        schd.step(i)
        lrs.append(opt.lr)
    plt.plot(lrs)
    plt.show()
"""


def test_learning_rate_schedule_module_with_a_plotting_main_is_not_a_training_entry(tmp_path):
    # a scheduler module's `__main__` plots its curve on a fake optimizer: its name starts with
    # "learning" but it trains nothing
    write_repo(
        tmp_path,
        {
            "tools/train.py": SEEDED_TRAIN,
            "tools/optimization/learning_schedules.py": SCHEDULE_DEMO,
            "README.md": "# Detector\n\n`python tools/train.py`\n",
        },
    )
    commit_all(tmp_path)
    entries = {e.path for e in run_audit(tmp_path).ctx.taxonomy.training_entry_points}
    assert entries == {"tools/train.py"}


RECORD_READER = """
import numpy as np
import tensorflow as tf


def decode(path):
    out = []
    for raw in tf.data.TFRecordDataset(path):
        t = tf.reshape(tf.convert_to_tensor(raw), [-1, 4])
        out.append(tf.gather_nd(t, tf.where(t[:, 0] > 0)).numpy())
    return np.concatenate(out)
"""


def test_tensorflow_used_only_to_decode_records_needs_no_seed(tmp_path):
    # a PyTorch detector reading a dataset's TFRecords with deterministic tensor maths: TensorFlow
    # draws no random number, so "tensorflow is never seeded" is no gap
    train = SEEDED_TRAIN.replace("import torch\n", "import torch\n\nfrom datasets.records import decode\n", 1)
    write_repo(
        tmp_path,
        {
            "tools/train.py": train,
            "datasets/__init__.py": "",
            "datasets/records.py": RECORD_READER,
            "README.md": "# Detector\n\n`python tools/train.py --seed 0`\n",
        },
    )
    commit_all(tmp_path)
    f = finding(run_audit(tmp_path), "ET401")
    assert f.status == "PASS", f.message
    assert "tensorflow" not in f.message


def test_tensorflow_drawing_random_numbers_still_needs_its_seed(tmp_path):
    # the same reader shuffling its records draws from TensorFlow's generator: its seed is missing
    reader = RECORD_READER.replace(
        "tf.data.TFRecordDataset(path)", "tf.data.TFRecordDataset(path).shuffle(64)"
    )
    train = SEEDED_TRAIN.replace("import torch\n", "import torch\n\nfrom datasets.records import decode\n", 1)
    write_repo(
        tmp_path,
        {
            "tools/train.py": train,
            "datasets/__init__.py": "",
            "datasets/records.py": reader,
            "README.md": "# Detector\n\n`python tools/train.py --seed 0`\n",
        },
    )
    commit_all(tmp_path)
    f = finding(run_audit(tmp_path), "ET401")
    assert f.status != "PASS" and "tensorflow" in f.message, f.message


OPTIN_TRAIN = """
import argparse
from functools import partial

import torch
from torch.utils.data import DataLoader

from utils.common import set_random_seed, worker_init_fn

parser = argparse.ArgumentParser()
parser.add_argument("--fix_random_seed", action="store_true", default=False)
args = parser.parse_args()
if args.fix_random_seed:
    set_random_seed(666)
seed = 666 if args.fix_random_seed else None
loader = DataLoader(
    list(range(10)), batch_size=2, num_workers=4,
    worker_init_fn=partial(worker_init_fn, seed=seed),
)
model = torch.nn.Linear(2, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for batch in loader:
    loss = model(torch.ones(2)).sum()
    loss.backward()
    optimizer.step()
"""

COMMON = """
import random

import numpy as np
import torch


def set_random_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def worker_init_fn(worker_id, seed=666):
    if seed is not None:
        random.seed(seed + worker_id)
        np.random.seed(seed + worker_id)
        torch.manual_seed(seed + worker_id)
"""


def test_worker_init_fn_seeds_do_not_stand_in_for_an_opt_in_run_seed(tmp_path):
    # the run's seed is set only with --fix_random_seed; the DataLoader's worker_init_fn seeds each
    # worker process, never the one that initialises the model: runs with the defaults are unseeded
    write_repo(
        tmp_path,
        {
            "train.py": OPTIN_TRAIN,
            "utils/__init__.py": "",
            "utils/common.py": COMMON,
            "README.md": "# Detector\n\n`python train.py`\n",
        },
    )
    commit_all(tmp_path)
    f = finding(run_audit(tmp_path), "ET401")
    assert f.status == "REVIEW", f.message
    assert "fix_random_seed" in f.message


def test_record_ids_named_token_are_not_credentials(tmp_path):
    # nuScenes-style records name their ids <entity>_token with a hex digest; an access token keeps
    # its finding
    digest = "0f0e3ce89d2324d8b45aa55a7b4f8207fbb039a550991a5149214f98cec136ac"
    evaluator = f'"""Boxes look like:\n    {{\n    \'sample_token\': \'{digest}\',\n    }}\n"""\n'
    write_repo(tmp_path, {"train.py": SEEDED_TRAIN, "eval/boxes.py": evaluator})
    commit_all(tmp_path)
    assert finding(run_audit(tmp_path), "ET204").status == "PASS"
    (tmp_path / "eval/upload.py").write_text(f"api_token = '{digest}'\n")
    commit_all(tmp_path)
    assert finding(run_audit(tmp_path), "ET204").status == "FAIL"


LIT = """
from argparse import ArgumentParser

import pytorch_lightning as pl
import torch


class LitClassifier(pl.LightningModule):
    def __init__(self, hidden_dim=128, learning_rate=1e-3):
        super().__init__()
        self.save_hyperparameters()
        self.l1 = torch.nn.Linear(28 * 28, hidden_dim)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = torch.nn.functional.cross_entropy(self.l1(x.view(x.size(0), -1)), y)
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.hparams.learning_rate)


def cli_main():
    pl.seed_everything(1234)
    parser = ArgumentParser()
    parser.add_argument("--batch_size", default=32, type=int)
    parser.add_argument("--hidden_dim", type=int, default=128)
    parser.add_argument("--learning_rate", type=float, default=0.0001)
    parser = pl.Trainer.add_argparse_args(parser)
    args = parser.parse_args()
    model = CONSTRUCT
    trainer = pl.Trainer.from_argparse_args(args)
    trainer.fit(model, torch.utils.data.DataLoader([], batch_size=args.batch_size))


if __name__ == "__main__":
    cli_main()
"""


def test_save_hyperparameters_records_only_the_module_arguments_it_is_given(tmp_path):
    # Lightning's hparams.yaml holds the LightningModule's constructor arguments: the batch size and the
    # Trainer's flags passed beside them are not recorded, so the configuration is recorded in part
    construct = "LitClassifier(args.hidden_dim, args.learning_rate)"
    write_repo(tmp_path, {"project/lit_classifier.py": LIT.replace("CONSTRUCT", construct)})
    commit_all(tmp_path)
    assert dimension(run_audit(tmp_path), "parameter_logging").score == 3


def test_save_hyperparameters_of_a_module_handed_the_whole_options_records_them(tmp_path):
    construct = "LitClassifier(**vars(args))"
    write_repo(tmp_path, {"project/lit_classifier.py": LIT.replace("CONSTRUCT", construct)})
    commit_all(tmp_path)
    assert dimension(run_audit(tmp_path), "parameter_logging").score >= 4


PY2_TRAIN = """
import numpy as np
import torch


def run():
    np.random.seed(1)
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.7)
    for batch in range(100):
        loss = model(torch.ones(4)).sum()
        loss.backward()
        opt.step()
        print batch, loss.data[0]
    print "Validation F1:", 0.5


if __name__ == "__main__":
    run()
"""


def test_fixes_for_python2_code_are_valid_python2(tmp_path):
    # f-strings Python joins (f'a ' f'b') become one .format call, and makedirs loses exist_ok, which
    # Python 2 does not have
    import ast
    import re

    write_repo(tmp_path, {"model/train.py": PY2_TRAIN, "README.md": "# Toy\n\n`python model/train.py`\n"})
    commit_all(tmp_path)
    result = run_audit(tmp_path)
    blocks = [
        b
        for rec in result.recommendations
        for b in re.findall(r"```python\n(.*?)```", rec.get("snippet") or "", re.S)
    ]
    blocks += [
        b for f in result.findings for b in re.findall(r"```python\n(.*?)```", f.recommendation or "", re.S)
    ]
    assert blocks
    for b in blocks:
        assert "exist_ok" not in b and not re.search(r"\bf['\"]", b), b
        ast.parse(b)


OPT_MAIN = """
import argparse

import torch

from helpers import seed_everything

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lr", type=float, default=1e-2)
    opt = parser.parse_args()
    seed_everything(opt.seed)
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=opt.lr)
    for step in range(100):
        loss = model(torch.ones(2)).sum()
        loss.backward()
        optimizer.step()
        print(step, loss.item())
"""

HELPERS = """
import random

import numpy as np
import torch


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
"""


def test_fixes_name_the_options_the_main_guard_binds(tmp_path):
    # `opt = parser.parse_args()` under the main guard, seeded through the project's own helper: the
    # fixes dump vars(opt) and record opt.seed, not an `args` or `seed` the script does not have
    write_repo(tmp_path, {"main_fit.py": OPT_MAIN, "helpers.py": HELPERS})
    commit_all(tmp_path)
    result = run_audit(tmp_path)
    params = finding(result, "ET210").recommendation
    assert "vars(opt)" in params and "vars(args)" not in params, params
    from experiment_tracking.records import hand_fix

    assert "{'seed': opt.seed}" in hand_fix(result.ctx, "seed")


LOGGERS = """
import functools
import logging


def master_only(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@master_only
def init_wandb_logger(opt):
    import wandb

    wandb.init(project=opt['logger']['wandb']['project'], config=opt, sync_tensorboard=True)


def get_root_logger(log_file=None):
    logger = logging.getLogger("sr")
    if log_file is not None:
        logger.addHandler(logging.FileHandler(log_file, "w"))
    return logger
"""

SR_TRAIN = (
    """
import argparse
import random

import numpy as np
import torch
import yaml

from srlib.logger import get_root_logger, init_wandb_logger


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-opt", type=str, required=True)
    args = parser.parse_args()
    with open(args.opt) as f:
        opt = yaml.safe_load(f)
    random.seed(opt['manual_seed'])
    np.random.seed(opt['manual_seed'])
    torch.manual_seed(opt['manual_seed'])
    logger = get_root_logger(log_file=f"experiments/{opt['name']}/train.log")
    if (opt['logger'].get('wandb') is not None) and (opt['logger']['wandb'].get('project') is not None):
        init_wandb_logger(opt)
"""
    + SR_LOOP
)


def test_tracker_started_behind_its_section_of_the_option_file_is_optional(tmp_path):
    # `if opt['logger'].get('wandb') is not None and ...get('project') is not None:` around the call of the
    # wrapper that starts W&B: the run's option file switches it on, while the module's other helpers
    # (get_root_logger) run on every run
    write_repo(
        tmp_path,
        {
            "srlib/__init__.py": "",
            "srlib/logger.py": LOGGERS,
            "srlib/train.py": SR_TRAIN,
            "options/train.yml": "name: sr\nmanual_seed: 0\nlr: 0.0001\nlogger:\n  wandb:\n    project: ~\n",
        },
    )
    commit_all(tmp_path)
    result = run_audit(tmp_path)
    wandb = [d for d in result.ctx.detections if d.tool == "wandb" and d.category == "tracking"]
    assert wandb and all(d.scope == "optional" for d in wandb), [(d.usage, d.scope) for d in wandb]


COMMON_LOGGER = """
import logging


def create_logger(log_file=None, rank=0):
    logger = logging.getLogger(__name__)
    logger.setLevel(logging.INFO if rank == 0 else 'ERROR')
    if log_file is not None:
        file_handler = logging.FileHandler(filename=log_file)
        logger.addHandler(file_handler)
    return logger
"""

LOGGED_TRAIN = """
import argparse
import datetime
from pathlib import Path

import torch

from utils import common_utils

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.01)
parser.add_argument("--epochs", type=int, default=3)
parser.add_argument("--extra_tag", type=str, default="default")
args = parser.parse_args()
output_dir = Path("output") / args.extra_tag
output_dir.mkdir(parents=True, exist_ok=True)
log_file = output_dir / ("train_%s.log" % datetime.datetime.now().strftime("%Y%m%d-%H%M%S"))
logger = common_utils.create_logger(log_file)
for key, val in vars(args).items():
    logger.info("{:16} {}".format(key, val))
torch.manual_seed(0)
model = torch.nn.Linear(2, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
for epoch in range(args.epochs):
    loss = model(torch.ones(2)).sum()
    loss.backward()
    optimizer.step()
    logger.info("epoch %d loss %f" % (epoch, loss.item()))
"""


def test_options_looped_into_the_log_a_helper_made_are_the_runs_parameter_record(tmp_path):
    # `for key, val in vars(args).items(): logger.info(...)` on the logger common_utils.create_logger(log_file)
    # made with a FileHandler: every option is written into the run's log file
    write_repo(
        tmp_path,
        {"tools/train.py": LOGGED_TRAIN, "utils/__init__.py": "", "utils/common_utils.py": COMMON_LOGGER},
    )
    commit_all(tmp_path)
    result = run_audit(tmp_path)
    assert finding(result, "ET210").status == "PASS", finding(result, "ET210").message
    assert any("tools/train.py" in e.where() for e in finding(result, "ET210").evidence)


ENV_YAML = """name: depth
channels:
  - pytorch
dependencies:
  - python=3.10.8
  - pytorch::pytorch=1.13.0
  - torchvision=0.14.0
  - numpy=1.23.4
  - pip:
    - opencv-python==4.6.0.66
    - timm==0.6.12
"""

SIDE_DOCKERFILE = """FROM nvidia/cuda:10.2-cudnn7-runtime-ubuntu18.04
RUN apt-get update && apt-get install -y python3-pip
RUN pip3 install torch~=1.8 torchvision opencv-python~=4.5 timm~=0.4
COPY ./run.py ./
CMD python3 run.py
"""

RUN_PT = """
import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--input", default="input")
args = parser.parse_args()
model = torch.hub.load("intel-isl/MiDaS", "DPT_Large")
model.eval()
"""


def test_the_environment_the_readme_sets_up_outweighs_a_side_container(tmp_path):
    # `conda env create -f environment.yaml` pins every package; a Dockerfile the set-up instructions
    # never build installs its own loose list: the documented environment is the one to judge, and a
    # framework another folder's README installs pinned (tensorflow==2.3.0) is no unlisted dependency
    write_repo(
        tmp_path,
        {
            "run.py": RUN_PT,
            "environment.yaml": ENV_YAML,
            "Dockerfile": SIDE_DOCKERFILE,
            "tf/run_pb.py": "import tensorflow as tf\n\ngraph = tf.Graph()\n",
            "tf/README.md": "# TF port\n\n```shell\npip install -I grpcio tensorflow==2.3.0 numpy==1.18.0\n```\n",
            "README.md": "# Depth\n\n## Setup\n\n```shell\nconda env create -f environment.yaml\n"
            "conda activate depth\n```\n\n```shell\npython run.py\n```\n",
        },
    )
    commit_all(tmp_path)
    result = run_audit(tmp_path)
    et410 = finding(result, "ET410")
    assert et410.status == "PASS", et410.message
    assert dimension(result, "environment_capture").score == 4


FORECASTER = """
import numpy as np


class Reconciler:
    def __init__(self, model):
        self.model = model

    def predict(self, data, num_samples=100):
        samples = self.model.predict(data)
        idxs = np.random.choice(num_samples, size=samples.shape, replace=True)
        samples = np.take_along_axis(samples, idxs, axis=-1)
        return np.quantile(samples, [0.1, 0.5, 0.9], axis=-1)
"""

EVAL_BOOTSTRAP = """
import numpy as np


def bootstrap_ci(scores, n=1000):
    means = [np.mean(np.random.choice(scores, len(scores), replace=True)) for _ in range(n)]
    return np.percentile(means, [2.5, 97.5])


if __name__ == "__main__":
    print(bootstrap_ci(np.loadtxt("scores.txt")))
"""


def test_samples_a_model_draws_in_its_predict_are_no_bootstrap(tmp_path):
    # a probabilistic forecaster's predict() resamples its sample paths and takes quantiles: the model's
    # output, not a significance test of a result; a bootstrap of scores in evaluation code still counts
    from experiment_tracking.index.python_facts import parse_python
    from experiment_tracking.rules.phase3_results import _in_model_inference

    model = parse_python("forecast/reconcile.py", FORECASTER)
    draw = next(c for c in model.calls if c.name == "numpy.random.choice")
    assert _in_model_inference(model, draw)
    evaluation = parse_python("evaluate.py", EVAL_BOOTSTRAP)
    draw = next(c for c in evaluation.calls if c.name == "numpy.random.choice")
    assert not _in_model_inference(evaluation, draw)
    write_repo(tmp_path, {"train.py": SEEDED_TRAIN, "evaluate.py": EVAL_BOOTSTRAP})
    commit_all(tmp_path)
    assert finding(run_audit(tmp_path), "ET321").status == "PASS"


def test_tracker_section_present_in_the_committed_config_is_not_a_switch(tmp_path):
    # `if config.get('wandb', None) is not None:` asks whether the configuration has the tracker's
    # section, which the committed config.yaml answers (it has one): W&B stays the core tracker
    train = (
        "import lightning as L\nimport yaml\n\nconfig = yaml.safe_load(open('configs/config.yaml'))\n"
        "wandb_logger = None\nif config.get('wandb', None) is not None:\n"
        "    wandb_logger = L.pytorch.loggers.WandbLogger(**config['wandb'])\n"
        "trainer = L.Trainer(logger=wandb_logger, max_steps=config['steps'])\ntrainer.fit(None)\n"
    )
    write_repo(
        tmp_path,
        {
            "main.py": train,
            "configs/config.yaml": "steps: 10\nwandb:\n  project: text-diffusion\n  name: run\n",
        },
    )
    commit_all(tmp_path)
    wandb = [d for d in run_audit(tmp_path).ctx.detections if d.tool == "wandb" and d.category == "tracking"]
    assert wandb and any(d.scope == "core" for d in wandb), [(d.usage, d.scope) for d in wandb]


def test_platform_query_that_picks_a_path_records_no_environment(tmp_path):
    # `if platform.system() == "Windows":` chooses a shorter trial folder name: the host is asked, not
    # recorded with the run
    train = SEEDED_TRAIN.replace(
        "import torch\n",
        "import platform\n\nimport torch\n\nname = 'trial' if platform.system() == 'Windows' else 'trial_long'\n",
        1,
    ).replace(
        "    print(step, loss.item())\n",
        "    with open(f'runs/{name}/metrics.csv', 'a') as f:\n        f.write(f'{step},{loss.item()}\\n')\n",
    )
    write_repo(tmp_path, {"train.py": train})
    commit_all(tmp_path)
    assert finding(run_audit(tmp_path), "ET213").status != "PASS"


def test_container_fix_names_no_torch_release_the_project_never_stated(tmp_path):
    # no version pinned or named anywhere: the fix asks for the torch the results came from, not the
    # newest image (torch 2.3 for code written against torch 1.x)
    write_repo(tmp_path, {"train.py": SEEDED_TRAIN, "requirements.txt": "torch\nnumpy\n"})
    commit_all(tmp_path)
    fix = finding(run_audit(tmp_path), "ET412").recommendation
    assert "pytorch/pytorch:<torch version>" in fix and "2.3.1" not in fix, fix


SR_LOG_TRAIN = (
    """
import logging
import os.path as osp

import torch
import yaml

from srlib.logger import get_root_logger
from srlib.options import dict2str


def init_loggers(opt):
    log_file = osp.join(opt['path']['log'], f"train_{opt['name']}.log")
    logger = get_root_logger(log_file=log_file)
    logger.info(dict2str(opt))
    return logger


def main():
    with open("options/train.yml") as f:
        opt = yaml.safe_load(f)
    torch.manual_seed(opt['manual_seed'])
    logger = init_loggers(opt)
"""
    + SR_LOOP
)

DICT2STR = """
def dict2str(opt, indent_level=1):
    msg = "\\n"
    for k, v in opt.items():
        msg += " " * (indent_level * 2) + f"{k}: {v}\\n"
    return msg
"""


def test_options_dict_formatted_by_the_projects_own_helper_into_the_log_is_recorded_whole(tmp_path):
    # logger.info(dict2str(opt)) into the run's log file: every option, as text
    write_repo(
        tmp_path,
        {
            "srlib/__init__.py": "",
            "srlib/logger.py": LOGGERS,
            "srlib/options.py": DICT2STR,
            "srlib/train.py": SR_LOG_TRAIN,
            "options/train.yml": "name: sr\nmanual_seed: 0\nlr: 0.0001\npath:\n  log: experiments/sr\n",
        },
    )
    commit_all(tmp_path)
    dim = dimension(run_audit(tmp_path), "parameter_logging")
    assert dim.score >= 4 and "srlib/train.py:14" in dim.reasons[0], dim.reasons
