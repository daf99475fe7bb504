"""Families of real code met in round fresh86 (eight research repositories the auditor had not seen), each as
a synthetic case that fails without its fix."""

from tests.rules.repo_helpers import audit_committed, finding, status_of

BUNDLE_TRAIN = """import argparse
import datetime
import os
import uuid

import torch


def evaluate(model):
    return [float(model(torch.randn(4, 2)).mean())]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--n_epochs", type=int, default=3)
    parser.add_argument("--save_path", default="results/")
    args = parser.parse_args()
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
    for epoch in range(args.n_epochs):
        loss = model(torch.randn(4, 2)).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    stats = evaluate(model)
    fname = "run_" + datetime.datetime.now().strftime("%Y_%m_%d_%H_%M_%S") + "_" + uuid.uuid4().hex
    fname = os.path.join(args.save_path, fname)
    torch.save((stats, model.state_dict(), args), fname + ".pt")
"""


def test_a_saved_tuple_holding_the_parsed_namespace_records_every_option(tmp_path):
    # torch.save((results, weights, args), per-run path): the file holds the whole command line of the run
    files = {"main.py": BUNDLE_TRAIN, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    assert status_of(result, "ET210") == "PASS", finding(result, "ET210").message
    # one field of it beside the weights is not the run's options
    files["main.py"] = BUNDLE_TRAIN.replace("model.state_dict(), args)", "model.state_dict(), args.lr)")
    assert files["main.py"] != BUNDLE_TRAIN
    result = audit_committed(tmp_path / "r2", files)
    assert status_of(result, "ET210") != "PASS"


CONFIG_FLAGS = """from absl import flags

FLAGS = flags.FLAGS
flags.DEFINE_float("lr", 0.1, "learning rate")
flags.DEFINE_integer("steps", 10, "steps")
flags.DEFINE_string("experiment_dir", "/tmp/exp", "where the run writes")
_OPTIONS = [("lr", "float"), ("steps", "int")]


class Config(object):
    def __init__(self, options):
        self._options = options
        self._values = {}

    def __setitem__(self, name, value):
        self._values[name] = value

    def __str__(self):
        return "[" + ",\\n".join(str((k, v)) for k, v in self._values.items()) + "]"

    def save(self, filename):
        with open(filename, "w") as f:
            f.write(str(self))


def get_config():
    config = Config(_OPTIONS)
    for name, _kind in _OPTIONS:
        config[name] = FLAGS[name].value
    return config
"""

CONFIG_MAIN = """import os

import torch
from absl import app

from pkg import options


def main(argv):
    config = options.get_config()
    config.save(os.path.join(options.FLAGS.experiment_dir, "config"))
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=options.FLAGS.lr)
    for step in range(options.FLAGS.steps):
        loss = model(torch.randn(4, 2)).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    torch.save(model.state_dict(), os.path.join(options.FLAGS.experiment_dir, "model.pt"))


if __name__ == "__main__":
    app.run(main)
"""


def test_a_project_class_filled_from_the_flags_saving_itself_records_the_options(tmp_path):
    # config = Config(...); config[name] = FLAGS[name].value; config.save(path) writes str(self): every option
    files = {
        "pkg/__init__.py": "",
        "pkg/options.py": CONFIG_FLAGS,
        "main.py": CONFIG_MAIN,
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    assert status_of(result, "ET210") == "PASS", finding(result, "ET210").message
    # filled with literals, the class holds no option of the command line
    files["pkg/options.py"] = CONFIG_FLAGS.replace("config[name] = FLAGS[name].value", "config[name] = 0")
    assert files["pkg/options.py"] != CONFIG_FLAGS
    result = audit_committed(tmp_path / "r2", files)
    assert status_of(result, "ET210") != "PASS"


SHELL_TRAIN = """import argparse
import os

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--out", default="runs/x")
parser.add_argument("--lr", type=float, default=0.1)
args = parser.parse_args()
model = torch.nn.Linear(2, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
for step in range(10):
    loss = model(torch.randn(4, 2)).sum()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
torch.save(model.state_dict(), os.path.join(args.out, "model.pt"))
"""

DESCRIBE_SH = """# prints what code is run
echo "$(date): starting"
if (which git && git rev-parse --is-inside-work-tree) > /dev/null 2>&1; then
  echo "git version: $(git rev-parse --short HEAD)"
  git --no-pager diff
fi
"""

RUN_SH = """#!/bin/bash
out="runs/${name}_$(date +%s)"
mkdir -p "${out}"
{
  source "lib/describe_version.sh"
} > >(tee -a "${out}/version")
python train.py --out "${out}" "$@"
"""


def test_a_launch_script_sending_the_commit_into_the_run_folder_records_it(tmp_path):
    files = {
        "train.py": SHELL_TRAIN,
        "lib/describe_version.sh": DESCRIBE_SH,
        "run.sh": RUN_SH,
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    assert status_of(result, "ET420") == "PASS", finding(result, "ET420").message
    assert any(e.path == "run.sh" for e in finding(result, "ET420").evidence)
    # ... or written there directly
    files["run.sh"] = (
        "mkdir -p runs/a\ngit rev-parse HEAD > runs/a/commit.txt\npython train.py --out runs/a\n"
    )
    result = audit_committed(tmp_path / "r2", files)
    assert status_of(result, "ET420") == "PASS", finding(result, "ET420").message
    # printed to the console only, or asked whether this is a work tree, nothing is kept
    files["run.sh"] = RUN_SH.replace('} > >(tee -a "${out}/version")', "}")
    assert files["run.sh"] != RUN_SH
    files["lib/describe_version.sh"] = DESCRIBE_SH
    result = audit_committed(tmp_path / "r3", files)
    assert status_of(result, "ET420") != "PASS"
    files["run.sh"] = "git rev-parse --show-toplevel > /tmp/top\npython train.py\n"
    result = audit_committed(tmp_path / "r4", files)
    assert status_of(result, "ET420") != "PASS"


METRICS_HELPER = """def summarize(result, fname=None):
    final = result[-1]
    if fname is not None:
        f = open(fname, "w")
        print(" ".join(["%.4f" % r for r in result]), file=f)
        print("Final Accuracy: %.4f" % final, file=f)
        f.close()
    return final
"""

METRICS_TRAIN = """import argparse
import datetime
import os

import torch

from metrics import summarize

parser = argparse.ArgumentParser()
parser.add_argument("--save_path", default="results/")
parser.add_argument("--lr", type=float, default=0.1)
args = parser.parse_args()
model = torch.nn.Linear(2, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
result = []
for epoch in range(3):
    loss = model(torch.randn(4, 2)).sum()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    result.append(float(loss))
fname = os.path.join(args.save_path, datetime.datetime.now().strftime("%Y_%m_%d_%H_%M_%S"))
summarize(result, fname + ".txt")
"""


def test_a_helper_writing_a_metric_line_into_the_file_it_is_handed_records_the_result(tmp_path):
    # its first line is a row of numbers; a later line names the measure: "Final Accuracy: %.4f"
    files = {"metrics.py": METRICS_HELPER, "train.py": METRICS_TRAIN, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    assert status_of(result, "ET301") == "PASS", finding(result, "ET301").message
    files["metrics.py"] = METRICS_HELPER.replace('"Final Accuracy: %.4f" % final', '"%s" % final')
    assert files["metrics.py"] != METRICS_HELPER
    result = audit_committed(tmp_path / "r2", files)
    assert status_of(result, "ET301") != "PASS"


DOWNLOAD_RAW = """import os
import subprocess

import numpy as np

if not os.path.exists("cifar-100-python.tar.gz"):
    subprocess.call("wget https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz", shell=True)
subprocess.call("tar xzf cifar-100-python.tar.gz", shell=True)
np.save("cifar.npy", np.zeros(3))
"""


def test_the_code_running_a_downloader_documents_where_the_data_comes_from(tmp_path):
    from tests.rules.repo_helpers import dimension

    files = {
        "data/raw.py": DOWNLOAD_RAW,
        "train.py": METRICS_TRAIN,
        "metrics.py": METRICS_HELPER,
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    assert dimension(result, "data_versioning").score >= 1
    assert "downloads the data" in " ".join(dimension(result, "data_versioning").reasons)
    # a pretrained model fetched the same way is no data source
    files["data/raw.py"] = DOWNLOAD_RAW.replace("cifar-100-python.tar.gz", "weights/model.pth")
    result = audit_committed(tmp_path / "r2", files)
    assert "downloads the data" not in " ".join(dimension(result, "data_versioning").reasons)


def test_a_readme_naming_a_launch_script_in_a_code_span_gives_run_instructions(tmp_path):
    files = {
        "train.py": METRICS_TRAIN,
        "metrics.py": METRICS_HELPER,
        "run_experiments.sh": "python train.py --lr 0.1\n",
        "README.md": "# Paper code\n\nTo replicate the experiments, execute `./run_experiments.sh`.\n",
    }
    result = audit_committed(tmp_path / "r", files)
    assert status_of(result, "ET604") == "PASS", finding(result, "ET604").message
    files["README.md"] = "# Paper code\n\nThe experiments are described in the paper.\n"
    result = audit_committed(tmp_path / "r2", files)
    assert status_of(result, "ET604") != "PASS"


RLLAB_ALGO = """import torch


class TRPO:
    def __init__(self, env, policy, baseline, batch_size=4000, n_itr=40, step_size=0.01):
        self.policy = torch.nn.Linear(2, 2)
        self.n_itr = n_itr
        self.step_size = step_size

    def train(self):
        optimizer = torch.optim.SGD(self.policy.parameters(), lr=self.step_size)
        for itr in range(self.n_itr):
            loss = self.policy(torch.randn(4, 2)).sum()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
"""

RLLAB_LAUNCH = """from algos.trpo import TRPO
from rllab.baselines.linear_feature_baseline import LinearFeatureBaseline
from rllab.envs.mujoco.swimmer_env import SwimmerEnv
from rllab.envs.normalized_env import normalize
from rllab.misc.instrument import run_experiment_lite, stub
from rllab.policies.gaussian_mlp_policy import GaussianMLPPolicy

stub(globals())

for seed in range(3):
    env = normalize(SwimmerEnv())
    policy = GaussianMLPPolicy(env_spec=env.spec, hidden_sizes=(32, 32))
    baseline = LinearFeatureBaseline(env_spec=env.spec)
    algo = TRPO(env=env, policy=policy, baseline=baseline, batch_size=4000, n_itr=40, step_size=0.01)
    run_experiment_lite(algo.train(), exp_prefix="trpo-swimmer", n_parallel=4, snapshot_mode="last", seed=seed)
"""


def test_rllab_stubbed_runs_keep_their_parameters_in_a_timestamped_folder(tmp_path):
    # stub(globals()) then run_experiment_lite(algo.train()): params.json holds the stubbed call's arguments,
    # in data/local/<exp_prefix>/<exp_prefix>_<time>; the environment comes from rllab's simulator
    from tests.rules.repo_helpers import dimension

    files = {
        "run_trpo.py": RLLAB_LAUNCH,
        "algos/__init__.py": "",
        "algos/trpo.py": RLLAB_ALGO,
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    assert status_of(result, "ET210") == "PASS", finding(result, "ET210").message
    assert "per run" in finding(result, "ET310").message
    assert "rllab" in " ".join(dimension(result, "data_versioning").reasons)
    # rllab's logger keeps each run's record: a tracker of the project's own kind
    assert status_of(result, "ET101") == "PASS", finding(result, "ET101").message
    # without the stub the launch hands rllab a plain call: its arguments are not logged
    files["run_trpo.py"] = RLLAB_LAUNCH.replace("stub(globals())\n", "")
    result = audit_committed(tmp_path / "r2", files)
    assert status_of(result, "ET210") != "PASS"


LAUNCHER = """import json
import os


def write_metadata(dir, args, kwargs):
    with open(os.path.join(dir, "metadata.json"), "wt") as fh:
        fh.write(json.dumps(dict(args=args, kwargs=kwargs)))


def call(fn, *, log_relpath, args=None, kwargs=None):
    log_dir = os.path.join(os.path.expanduser("~/experiments"), log_relpath)
    os.makedirs(log_dir, exist_ok=True)
    args = args or []
    kwargs = kwargs or {}
    write_metadata(log_dir, args=args, kwargs=kwargs)
    return fn(*args, **kwargs)
"""

LAUNCH_LOCAL = """import datetime

import numpy as np
import torch

from launching import launcher


def train(seed=0, lr=0.1, steps=10, log_path="/tmp/out"):
    np.random.seed(seed)
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for step in range(steps):
        loss = model(torch.randn(4, 2)).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


if __name__ == "__main__":
    relpath = datetime.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    launcher.call(train, log_relpath=relpath, kwargs=dict(seed=1, lr=0.01, steps=100))
"""


def test_a_launcher_writing_the_arguments_it_calls_the_run_with_records_them_whole(tmp_path):
    files = {
        "launching/__init__.py": "",
        "launching/launcher.py": LAUNCHER,
        "launch_local.py": LAUNCH_LOCAL,
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    assert (
        "1 whole-config" in finding(result, "ET210").message
        or "2 whole-config" in finding(result, "ET210").message
    )
    # the written kwargs are not what the function is called with: a few values, not the whole of them
    files["launching/launcher.py"] = LAUNCHER.replace("fn(*args, **kwargs)", "fn()")
    result = audit_committed(tmp_path / "r2", files)
    assert "0 whole-config" in finding(result, "ET210").message or status_of(result, "ET210") != "PASS"


TF1_TRAIN = """import tensorflow.compat.v1 as tf


def train(steps, summary_writer):
    x = tf.Variable(1.0)
    loss = tf.square(x)
    tf.summary.scalar("loss", loss)
    merged = tf.summary.merge_all()
    op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(steps):
            s, _ = sess.run([merged, op])
            if summary_writer is not None:
                summary_writer.add_summary(s, step)


def main():
    # Takes a lot of space. Disabled for now.
    # summary_writer = tf.summary.FileWriter("/tmp/logs")
    summary_writer = None
    train(100, summary_writer)


if __name__ == "__main__":
    main()
"""


def test_tf1_summaries_with_the_file_writer_commented_out_are_no_tensorboard(tmp_path):
    files = {"train.py": TF1_TRAIN, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    tb = [d for d in result.ctx.detections if d.tool == "tensorboard"]
    assert not any(d.present for d in tb), tb
    assert status_of(result, "ET301") != "REVIEW", finding(result, "ET301").message
    # with the writer made, TensorBoard records the summaries
    files["train.py"] = TF1_TRAIN.replace("    # summary_writer = tf", "    summary_writer = tf").replace(
        "    summary_writer = None\n", ""
    )
    result = audit_committed(tmp_path / "r2", files)
    assert any(d.present for d in result.ctx.detections if d.tool == "tensorboard")


HYDRA_OPTIONAL = """import argparse
import json

import torch

try:
    import hydra

    hydra_available = True
except ImportError:
    hydra_available = False


def main(args):
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
    for step in range(10):
        loss = model(torch.randn(4, 2)).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


if hydra_available:

    @hydra.main(config_path="conf", config_name="args")
    def hydra_main(cfg):
        main(cfg)


if __name__ == "__main__":
    if hydra_available:
        hydra_main()
    else:
        parser = argparse.ArgumentParser()
        parser.add_argument("--lr", type=float, default=0.1)
        main(parser.parse_args())
"""


def test_a_flag_set_by_a_guarded_import_asks_whether_the_package_was_installed(tmp_path):
    # hydra_available is True wherever hydra imports: no default of the user's sets it off
    files = {"train.py": HYDRA_OPTIONAL, "conf/args.yaml": "lr: 0.1\n", "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    questions = " ".join(f.question or "" for f in result.findings if f.status == "REVIEW")
    assert "`hydra` package is installed" in questions, questions
    assert "defaults set it off" not in questions


GRADIENT_ASCENT = """import argparse

import numpy as np
import torch
from PIL import Image


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--niter", type=int, default=100)
    parser.add_argument("--lr", type=float, default=3.0)
    args = parser.parse_args()
    model = torch.load("model.pth")
    for params in model.parameters():
        params.requires_grad = False
    model.eval()
    inp = torch.randn(1, 3, 64, 64, requires_grad=True)
    for it in range(args.niter):
        loss = -model(inp).mean()
        loss.backward()
        inp.data -= args.lr * inp.grad.data
        inp.grad.data.zero_()
    Image.fromarray(np.uint8(inp.detach().numpy()[0, 0] * 255)).save("channel.jpeg")


if __name__ == "__main__":
    main()
"""


def test_backward_into_an_input_through_a_frozen_model_trains_nothing(tmp_path):
    # activation maximisation: the model's parameters are frozen and no optimizer is built
    files = {"visu/gradient_ascent.py": GRADIENT_ASCENT, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    assert not result.ctx.taxonomy.training_entry_points
    # a linear probe freezes the backbone but trains a head with an optimizer: training
    files["visu/gradient_ascent.py"] = GRADIENT_ASCENT.replace(
        "    model.eval()\n",
        "    model.eval()\n    head = torch.nn.Linear(2, 2)\n    opt = torch.optim.SGD(head.parameters(), lr=0.1)\n",
    ).replace("        inp.grad.data.zero_()\n", "        inp.grad.data.zero_()\n        opt.step()\n")
    result = audit_committed(tmp_path / "r2", files)
    assert result.ctx.taxonomy.training_entry_points


HISTORY_UTIL = """import os
import pickle


class Logger(object):
    def __init__(self, path):
        self.path = path
        self.data = []

    def log(self, train_point):
        self.data.append(train_point)
        with open(os.path.join(self.path), "wb") as fp:
            pickle.dump(self.data, fp, -1)
"""

HISTORY_TRAIN = """import argparse
import os

import torch

from util import Logger

parser = argparse.ArgumentParser()
parser.add_argument("--exp", default="exp")
parser.add_argument("--lr", type=float, default=0.1)
args = parser.parse_args()
loss_log = Logger(os.path.join(args.exp, "loss_log"))
model = torch.nn.Linear(2, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
best_prec = 0
for epoch in range(10):
    loss = model(torch.randn(4, 2)).sum()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    loss_log.log(float(loss))
    prec = -float(loss)
    is_best = prec > best_prec
    best_prec = max(prec, best_prec)
    if is_best:
        filename = "model_best.pth.tar"
    else:
        filename = "checkpoint.pth.tar"
    torch.save({"epoch": epoch + 1, "state_dict": model.state_dict()}, os.path.join(args.exp, filename))
"""


def test_a_logger_growing_a_list_and_dumping_it_keeps_a_metrics_history(tmp_path):
    files = {"util.py": HISTORY_UTIL, "train.py": HISTORY_TRAIN, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    assert status_of(result, "ET301") == "PASS", finding(result, "ET301").message
    # the file named for the best in `if is_best:` above the save keeps the best model apart
    assert "best model is selected" in finding(result, "ET310").message, finding(result, "ET310").message
    # dumping a list the method does not grow is one value, not a history
    files["util.py"] = HISTORY_UTIL.replace("        self.data.append(train_point)\n", "")
    assert files["util.py"] != HISTORY_UTIL
    result = audit_committed(tmp_path / "r2", files)
    assert status_of(result, "ET301") != "PASS"
    files["util.py"] = HISTORY_UTIL
    files["train.py"] = HISTORY_TRAIN.replace('"model_best.pth.tar"', '"checkpoint_new.pth.tar"')
    result = audit_committed(tmp_path / "r3", files)
    assert "best model is selected" not in finding(result, "ET310").message


CLOCK_UTILS = """import random
import time

import numpy as np


def get_time_seed():
    return int(1000000 * time.time() % 100000) * 1000


def reseed(rank):
    np.random.seed(rank + get_time_seed())
    random.seed(rank + get_time_seed())
"""

CLOCK_TRAIN = """import random

import numpy as np
import torch

from utils import reseed

np.random.seed(0)
random.seed(0)
torch.manual_seed(0)
model = torch.nn.Linear(2, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(10):
    reseed(epoch)
    x = torch.tensor(np.random.randn(4, 2), dtype=torch.float32)
    loss = model(x).sum()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
"""


def test_reseeding_through_a_function_that_reads_the_clock_is_no_fixed_seed(tmp_path):
    files = {"utils.py": CLOCK_UTILS, "train.py": CLOCK_TRAIN, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    assert status_of(result, "ET401") == "WARN", finding(result, "ET401").message
    assert "clock" in finding(result, "ET401").message
    files["utils.py"] = CLOCK_UTILS.replace("int(1000000 * time.time() % 100000) * 1000", "1000")
    result = audit_committed(tmp_path / "r2", files)
    assert status_of(result, "ET401") == "PASS", finding(result, "ET401").message
    # a project function named `seed` reading the clock is not numpy.random.seed
    files["utils.py"] = CLOCK_UTILS.replace("def get_time_seed", "def seed").replace(
        "rank + get_time_seed()", "rank + 1"
    )
    result = audit_committed(tmp_path / "r3", files)
    assert status_of(result, "ET401") == "PASS", finding(result, "ET401").message


ANALOGIES_TRAIN = """import argparse
import os

import numpy as np
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--cachedir", default="cache")
args = parser.parse_args()
model = torch.nn.Linear(2, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(3):
    loss = model(torch.randn(4, 2)).sum()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print("loss", float(loss))
analogies = np.zeros((10, 4))
np.save(os.path.join(args.cachedir, "analogies.npy"), analogies.astype(int))
"""


def test_log_inside_another_word_names_no_metrics_file(tmp_path):
    # analogies.npy holds mined analogies, catalog.json a catalog: "log" inside a word is no log
    files = {"train.py": ANALOGIES_TRAIN, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    assert status_of(result, "ET301") == "FAIL", finding(result, "ET301").message
    files["train.py"] = ANALOGIES_TRAIN.replace('"analogies.npy"', '"train_log.npy"')
    result = audit_committed(tmp_path / "r2", files)
    assert status_of(result, "ET301") != "FAIL"


DEV_SETUP = """from setuptools import setup

setup(
    name="pkg",
    install_requires=["torch>=1.6", "numpy>=1.18", "fvcore>=0.1.3", "scipy", "pillow"],
    extras_require={"dev": ["black==19.3b0", "isort==5.2.2", "nbconvert==6.0.7", "fairscale==0.3.7"]},
)
"""

COMPOSE = """version: '2'
services:
  etcd-server:
    image: 'bitnami/etcd:latest'
  example:
    image: 'torchelastic/examples:0.2.0'
    command: /workspace/train.py
"""


def test_developer_extras_and_a_coordination_server_pin_no_environment(tmp_path):
    from tests.rules.repo_helpers import dimension

    files = {
        "setup.py": DEV_SETUP,
        "train.py": METRICS_TRAIN,
        "metrics.py": METRICS_HELPER,
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    reasons = " ".join(dimension(result, "environment_capture").reasons)
    assert "0 of 5 dependencies pinned" in reasons, reasons
    files["docker-compose.yaml"] = COMPOSE
    result = audit_committed(tmp_path / "r2", files)
    assert "etcd" not in " ".join(dimension(result, "environment_capture").reasons)


HYDRA_ARGS = """defaults:
  - optimizer: sgd
  - task: classification_task
checkpoint_folder: ""
log_freq: 5
"""


def test_a_hydra_defaults_list_outside_a_config_folder_composes_configs(tmp_path):
    files = {
        "train.py": METRICS_TRAIN,
        "metrics.py": METRICS_HELPER,
        "templates/project/hydra_configs/args.yaml": HYDRA_ARGS,
        "pkg/conf/optimizer/sgd.yaml": "name: sgd\nlr: 0.1\nmomentum: 0.9\nweight_decay: 0.0001\n",
        "pkg/conf/task/classification_task.yaml": "name: classification_task\nnum_epochs: 90\n",
        "pkg/conf/task/other_task.yaml": "name: other_task\nnum_epochs: 10\n",
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    assert status_of(result, "ET203") == "PASS", finding(result, "ET203").message


def test_a_launcher_starting_one_run_per_seed_repeats_the_experiment(tmp_path):
    # seeds = range(2); for env, eta, seed in itertools.product(envs, etas, seeds): launch(..., seed=seed)
    launch = RLLAB_LAUNCH.replace(
        "for seed in range(3):\n",
        "import itertools\nseeds = range(2)\netas = [0.0001]\nproduct = itertools.product(\n    etas, seeds\n)\n"
        "for eta, seed in product:\n",
    )
    files = {
        "run_trpo.py": launch,
        "algos/__init__.py": "",
        "algos/trpo.py": RLLAB_ALGO,
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    assert status_of(result, "ET321") == "PASS", finding(result, "ET321").message
    # one seed is no repetition
    files["run_trpo.py"] = launch.replace("seeds = range(2)", "seeds = range(1)")
    result = audit_committed(tmp_path / "r2", files)
    assert status_of(result, "ET321") != "PASS"


DOCKERFILE_GIT = """FROM nvidia/cuda:8.0-cudnn5-devel-ubuntu16.04
WORKDIR /usr/src/app
RUN apt-get update && apt-get install -y \\
    python2.7 \\
    git \\
    wget
COPY . .
"""


def test_git_installed_on_a_continued_line_is_installed(tmp_path):
    files = {
        "train.py": METRICS_TRAIN,
        "metrics.py": METRICS_HELPER,
        "Dockerfile": DOCKERFILE_GIT,
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    fixes = " ".join(f.recommendation or "" for f in result.findings if f.rule_id == "ET420")
    assert "installs no git" not in fixes, fixes
    files["Dockerfile"] = DOCKERFILE_GIT.replace("    git \\\n", "")
    result = audit_committed(tmp_path / "r2", files)
    fixes = " ".join(f.recommendation or "" for f in result.findings if f.rule_id == "ET420")
    assert "installs no git" in fixes, fixes


def test_a_requirements_item_naming_a_python_installation_version_states_it(tmp_path):
    readme = (
        "# x\n\n## Requirements\n\n- a Python installation version 2.7\n- a PyTorch install version 0.1.8\n\n"
        "If you're a Python 3 user, specify `encoding='latin1'` in the load function.\n"
    )
    files = {"train.py": METRICS_TRAIN, "metrics.py": METRICS_HELPER, "README.md": readme}
    result = audit_committed(tmp_path / "r", files)
    assert "2.7" in finding(result, "ET411").message or any(
        e.line == 5 for e in finding(result, "ET411").evidence
    ), finding(result, "ET411").message


TRAINER_PICKED = """import argparse

from pkg.trainer import DistributedTrainer, LocalTrainer
from pkg.tasks import build_task


def main(args):
    task = build_task(args.config)
    trainer_class = DistributedTrainer if args.distributed else LocalTrainer
    trainer = trainer_class()
    trainer.train(task)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--config")
    parser.add_argument("--distributed", action="store_true")
    main(parser.parse_args())
"""


def test_a_trainer_class_picked_at_run_time_trains(tmp_path):
    files = {"classy_train.py": TRAINER_PICKED, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    assert [e.path for e in result.ctx.taxonomy.training_entry_points] == ["classy_train.py"]


def test_numbered_split_files_of_repeated_experiments_are_committed_splits(tmp_path):
    files = {
        "train.py": METRICS_TRAIN,
        "metrics.py": METRICS_HELPER,
        "experiment_cfgs/splitfile_1.json": '{"base": [1, 2], "novel": [3]}\n',
        "experiment_cfgs/splitfile_2.json": '{"base": [1, 3], "novel": [2]}\n',
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    assert len(result.ctx.taxonomy.split_files) == 2, result.ctx.taxonomy.split_files


BLOCK_RUN_SH = """#!/bin/bash
_experiment_dir="${experiment_dir:-runs/${name}}_$(head /dev/urandom | tr -dc a-z | head -c5)"
mkdir -p "${_experiment_dir}"
{
  if [ "${cmd}" = "run" ]; then
    eval $(echo "python" "${base}/train.py" "$(gather_args)")
  fi
}  > >(tee -a "${_experiment_dir}/stdout") \\
  2> >(tee -a "${_experiment_dir}/stderr" >&2)
"""

PRINTING_TRAIN = """import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.1)
args = parser.parse_args()
model = torch.nn.Linear(2, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
for step in range(10):
    loss = model(torch.randn(4, 2)).sum()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print("step", step, "loss", float(loss))
"""


def test_a_run_inside_a_block_whose_output_is_teed_keeps_its_console_log(tmp_path):
    files = {"train.py": PRINTING_TRAIN, "lib/run.sh": BLOCK_RUN_SH, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    assert status_of(result, "ET301") == "PASS", finding(result, "ET301").message
    files["lib/run.sh"] = BLOCK_RUN_SH.replace(
        '}  > >(tee -a "${_experiment_dir}/stdout") \\\n', "}\n"
    ).replace('  2> >(tee -a "${_experiment_dir}/stderr" >&2)\n', "")
    result = audit_committed(tmp_path / "r2", files)
    assert status_of(result, "ET301") != "PASS"


PERMUTED_SPLIT = """import numpy as np
import pandas as pd


class XrayDataset:
    def __init__(self, directory, split="train", resplit_seed=2019, resplit_ratios=(0.7, 0.2, 0.1)):
        rg = np.random.default_rng(resplit_seed)
        csv = pd.read_csv(directory + "/Data_Entry_2017.csv")
        patient_list = csv["Patient ID"].unique()
        rand_inds = rg.permutation(len(patient_list))
        train_count = int(np.round(resplit_ratios[0] * len(patient_list)))
        if split == "train":
            patient_list = patient_list[rand_inds[:train_count]]
        else:
            patient_list = patient_list[rand_inds[train_count:]]
        self.patients = patient_list
"""


def test_a_permutation_of_indices_cut_into_parts_is_a_split(tmp_path):
    train = "from pkg.xray import XrayDataset\n" + METRICS_TRAIN.replace(
        "result = []\n", "result = []\ndataset = XrayDataset(args.save_path)\n"
    )
    files = {
        "pkg/__init__.py": "",
        "pkg/xray.py": PERMUTED_SPLIT,
        "train.py": train,
        "metrics.py": METRICS_HELPER,
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    assert [e.path for e in result.ctx.taxonomy.splits_seeded] == ["pkg/xray.py"]
    # a generator made without a seed draws a new order every run
    files["pkg/xray.py"] = PERMUTED_SPLIT.replace(
        "np.random.default_rng(resplit_seed)", "np.random.default_rng()"
    )
    result = audit_committed(tmp_path / "r2", files)
    assert [e.path for e in result.ctx.taxonomy.splits_unseeded] == ["pkg/xray.py"]
