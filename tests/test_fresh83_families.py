"""Families of real code met in round fresh83 (eight research repositories the auditor had not seen), each as
a synthetic case that fails without its fix."""

from experiment_tracking.records import _role
from tests.rules.repo_helpers import audit_committed, detections_by_tool, dimension, status_of
from tests.test_fresh82_families import TF1_RUN, TF1_TRAIN_LIB

TWO_EVAL_LOADS = TF1_RUN.replace(
    "        if not args.pretrained:\n            train(sess, model, args.checkpoint)\n        else:\n"
    "            tf.train.Saver().restore(sess, tf.train.latest_checkpoint(args.checkpoint))\n",
    "        if args.pretrained:\n"
    '            tf.train.Saver().restore(sess, "released/model.ckpt")\n'
    '            tf.train.Saver().restore(sess, "released/ema.ckpt")\n'
    "        else:\n"
    "            if tf.train.latest_checkpoint(args.checkpoint):\n"
    "                tf.train.Saver().restore(sess, tf.train.latest_checkpoint(args.checkpoint))\n"
    "            train(sess, model, args.checkpoint)\n",
)


def test_loads_read_instead_of_training_do_not_hide_a_resume_after_them(tmp_path):
    result = audit_committed(tmp_path / "r", {"trainlib.py": TF1_TRAIN_LIB, "run.py": TWO_EVAL_LOADS})
    # `if args.pretrained: restore(released) else: if latest: restore(latest); train()`: only the second resumes
    assert status_of(result, "ET511") == "PASS"
    cited = {e.line for f in result.findings if f.rule_id == "ET511" for e in f.evidence}
    assert cited and not cited & {16, 17}, cited
    assert [e.line for e in result.ctx.records.resume] == [19], result.ctx.records.resume


BASELINES_TRAIN = """
from baselines import logger
from baselines.ppo2 import ppo2


def train_fn(env, log_dir="/tmp/procgen", total_timesteps=1000):
    logger.configure(dir=log_dir, format_strs=["csv", "stdout"])
    ppo2.learn(env=env, network="cnn", total_timesteps=total_timesteps, save_interval=10)
"""


def test_a_function_defined_in_two_modules_is_shared_by_both(tmp_path):
    from experiment_tracking.records import shared_functions

    launch = "import sys\n\nfrom a.train import train_fn\n\ntrain_fn(None, log_dir=sys.argv[1])\n"
    files = {
        "a/__init__.py": "",
        "a/train.py": BASELINES_TRAIN,
        "b/__init__.py": "",
        "b/train.py": BASELINES_TRAIN.replace("/tmp/procgen", "/tmp/coinrun"),
        "launch.py": launch,
    }
    result = audit_committed(tmp_path / "two", files)
    shared = shared_functions(result.ctx)
    # the launcher passes the directory: neither default is the one every run writes to
    assert {("a/train.py", "train_fn"), ("b/train.py", "train_fn")} <= shared, shared


CIFAR_LOG = """
import argparse
import os
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=100)
parser.add_argument("--lr", type=float, default=0.1)
parser.add_argument("--save", default="./snapshots")
args = parser.parse_args()


def train(net, opt):
    loss = net(torch.zeros(1)).sum()
    loss.backward()
    opt.step()
    return float(loss)


def main():
    net = torch.nn.Linear(1, 1)
    opt = torch.optim.SGD(net.parameters(), lr=args.lr)
    log_path = os.path.join(args.save, "training_log.csv")
    with open(log_path, "w") as f:
        f.write("epoch,time(s),train_loss\\n")
    for epoch in range(0, args.epochs):
        begin = time.time()
        train_loss = train(net, opt)
        with open(log_path, "a") as f:
            f.write("%03d,%05d,%0.6f\\n" % ((epoch + 1), time.time() - begin, train_loss))
    with open(log_path, "a") as f:
        f.write("%03d,%05d\\n" % (args.epochs + 1, 0))


if __name__ == "__main__":
    main()
"""


def test_a_metrics_row_counting_epochs_up_to_an_option_records_no_options(tmp_path):
    result = audit_committed(tmp_path / "csv", {"train.py": CIFAR_LOG})
    # the epoch counter runs to args.epochs: the rows hold the run's progress and losses, not its settings
    assert status_of(result, "ET210") != "PASS"
    assert [p.evidence.line for p in result.ctx.records.config] == [], result.ctx.records.config
    assert {p.evidence.line for p in result.ctx.records.metrics} >= {33}, result.ctx.records.metrics


DIALOG_LOGGER = """
import sys


class DialogLogger(object):
    def __init__(self, verbose=False, log_file=None):
        self.logs = []
        if verbose:
            self.logs.append(sys.stderr)
        if log_file:
            self.logs.append(open(log_file, "w"))

    def dump(self, s, forced=False):
        for log in self.logs:
            print(s, file=log)
"""

CHAT = """
import argparse

from dialog import DialogLogger


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--log_file", default=None)
    args = parser.parse_args()
    logger = DialogLogger(verbose=True, log_file=args.log_file)
    logger.dump("Welcome to the chat room!")
    for i in range(3):
        logger.dump("=" * 80)
        logger.dump("Dialog %d" % i)
        logger.dump("ranks %d/%d | time %.3f" % (i, 3, 0.5))


if __name__ == "__main__":
    main()
"""


def test_a_loggers_dump_of_a_message_writes_no_file_named_by_it(tmp_path):
    result = audit_committed(tmp_path / "chat", {"src/dialog.py": DIALOG_LOGGER, "src/chat.py": CHAT})
    targets = [w.target for w in result.ctx.index.modules["src/chat.py"].writes]
    # `logger.dump("Dialog %d" % i)`: the text is what the logger prints, not a path the logger saves to
    assert not any("Welcome" in t or "Dialog" in t or "ranks" in t or "=" in t for t in targets), targets


VIS = """
import visdom


class Plot(object):
    def __init__(self, names, title):
        self.vis = visdom.Visdom()
        self.names = names
        self.title = title

    def update(self, name, x, y):
        self.vis.line(X=[x], Y=[y], win=self.title, name=name, update="append")
"""

ENGINE = """
import torch

import vis


class Engine(object):
    def __init__(self, model, args):
        self.model = model
        self.args = args
        self.opt = torch.optim.SGD(model.parameters(), lr=args.lr)
        if self.args.visual:
            self.loss_plot = vis.Plot(["train", "valid"], "loss")

    def train(self, batches):
        for t, (x, y) in enumerate(batches):
            loss = torch.nn.functional.mse_loss(self.model(x), y)
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()
            if self.args.visual:
                self.loss_plot.update("train", t, loss.item())
        return self.model
"""

NEGOTIATE_TRAIN = """
import argparse

import torch

import utils
from engines import Engine


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--visual", action="store_true", default=False)
    parser.add_argument("--model_file", default="model.th")
    args = parser.parse_args()
    model = torch.nn.Linear(2, 1)
    engine = Engine(model, args)
    engine.train([(torch.zeros(4, 2), torch.zeros(4, 1))])
    utils.save_model(engine.model, args.model_file)


if __name__ == "__main__":
    main()
"""

SAVE_UTILS = """
import torch


def save_model(model, file_name):
    with open(file_name, "wb") as f:
        torch.save(model, f)
"""


def test_a_tracker_wrapper_imported_from_the_scripts_folder_and_built_behind_a_switch_is_optional(tmp_path):
    files = {
        "src/vis.py": VIS,
        "src/engines/__init__.py": ENGINE,
        "src/train.py": NEGOTIATE_TRAIN,
        "src/utils.py": SAVE_UTILS,
    }
    result = audit_committed(tmp_path / "neg", files)
    visdom = detections_by_tool(result)["visdom"]
    # `import vis` inside src/ (the scripts run from there) reaches src/vis.py: built only under --visual
    assert visdom.scope == "optional", visdom


def test_a_module_save_model_handed_the_model_then_the_file_saves_to_the_file(tmp_path):
    files = {"src/engines/__init__.py": ENGINE, "src/train.py": NEGOTIATE_TRAIN, "src/utils.py": SAVE_UTILS}
    result = audit_committed(tmp_path / "save", files)
    saved = [p.target for p in result.ctx.records.checkpoints if p.evidence.path == "src/train.py"]
    assert saved == ["{args.model_file}"], result.ctx.records.checkpoints


ODIN_SCORES = """
import numpy as np
import torch


def test_data(net, loader, temper, noise):
    f = open("./softmax_scores/confidence_base_in.txt", "w")
    for images, _ in loader:
        inputs = images.clone().requires_grad_(True)
        outputs = net(inputs / temper)
        loss = torch.nn.functional.cross_entropy(outputs, outputs.argmax(1))
        loss.backward()
        perturbed = inputs - noise * torch.sign(-inputs.grad)
        scores = torch.softmax(net(perturbed) / temper, 1).detach().numpy()[0]
        f.write("{}, {}, {}\\n".format(temper, noise, np.max(scores)))
    f.close()
"""

ODIN_CAL = """
import torch
import torch.optim as optim

from data import test_data


def test(nn_name, data_name, temperature, magnitude):
    net = torch.load("../models/{}.pth".format(nn_name))
    optimizer = optim.SGD(net.parameters(), lr=0, momentum=0)
    loader = torch.utils.data.DataLoader(torch.zeros(8, 3, 32, 32), batch_size=1)
    test_data(net, loader, temperature, magnitude)
"""

ODIN_MAIN = """
import argparse

import cal as c

parser = argparse.ArgumentParser(description="out-of-distribution detection")
parser.add_argument("--nn", default="densenet10")
parser.add_argument("--out_dataset", default="Imagenet")
parser.add_argument("--magnitude", default=0.0014, type=float)
parser.add_argument("--temperature", default=1000, type=int)


def main():
    args = parser.parse_args()
    c.test(args.nn, args.out_dataset, args.temperature, args.magnitude)


if __name__ == "__main__":
    main()
"""


def test_a_main_that_only_runs_the_projects_test_function_is_no_training_entry_point(tmp_path):
    files = {"code/main.py": ODIN_MAIN, "code/cal.py": ODIN_CAL, "code/data.py": ODIN_SCORES}
    result = audit_committed(tmp_path / "odin", files)
    # input gradients for a perturbation, an optimizer built only to clear them: nothing is trained
    assert result.ctx.taxonomy.training_entry_points == [], result.ctx.taxonomy.training_entry_points


def test_a_detectors_confidence_scores_file_is_not_an_options_file(tmp_path):
    files = {"code/main.py": ODIN_MAIN, "code/cal.py": ODIN_CAL, "code/data.py": ODIN_SCORES}
    result = audit_committed(tmp_path / "conf", files)
    assert result.ctx.records.config == [], result.ctx.records.config
    assert status_of(result, "ET210") != "PASS"


METER_LOGGING = """
import atexit
import json
import logging
import os
import sys


def _cached_log_stream(filename):
    io = open(filename, "a", buffering=1024)
    atexit.register(io.close)
    return io


def setup_logging(output_dir=None):
    logger = logging.getLogger()
    logger.setLevel(logging.DEBUG)
    logger.addHandler(logging.StreamHandler(stream=sys.stdout))
    if output_dir:
        filename = os.path.join(output_dir, "stdout.log")
        logger.addHandler(logging.StreamHandler(_cached_log_stream(filename)))


def get_logger(name):
    return logging.getLogger(name)


def log_json_stats(stats):
    get_logger(__name__).info("json_stats: {:s}".format(json.dumps(stats, sort_keys=True)))
"""

METERS = """
import torch
from fvcore.common.timer import Timer

import logs


class TrainMeter(object):
    def __init__(self):
        self.iter_timer = Timer()

    def log_iter_stats(self, cur_epoch, cur_iter, loss):
        stats = {
            "_type": "train_iter",
            "epoch": cur_epoch,
            "iter": cur_iter,
            "dt": self.iter_timer.seconds(),
            "loss": loss,
            "mem": torch.cuda.max_memory_allocated() / 1024 ** 3,
        }
        logs.log_json_stats(stats)
"""

METER_TRAIN = """
import argparse

import torch

import logs
from meters import TrainMeter


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--output_dir", default="runs/default")
    args = parser.parse_args()
    logs.setup_logging(args.output_dir)
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    meter = TrainMeter()
    for it in range(10):
        loss = model(torch.zeros(1, 2)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        meter.log_iter_stats(0, it, loss.item())


if __name__ == "__main__":
    main()
"""


def test_a_meters_stats_line_with_step_time_and_memory_logged_to_the_run_log_is_captured(tmp_path):
    files = {"logs.py": METER_LOGGING, "meters.py": METERS, "train.py": METER_TRAIN}
    result = audit_committed(tmp_path / "meter", files)
    sinks = [w.target for w in result.ctx.index.modules["logs.py"].writes if w.call == "logging.FileHandler"]
    # StreamHandler(_cached_log_stream(filename)): the run's log file, opened by the project's helper
    assert sinks == ["{output_dir}/stdout.log"], sinks
    assert status_of(result, "ET303") == "PASS"
    cited = [e.path for f in result.findings if f.rule_id == "ET303" for e in f.evidence]
    assert "meters.py" in cited, cited


EXPORT = """
import json
import os

import tensorflow as tf

flags = tf.compat.v1.flags
FLAGS = flags.FLAGS
flags.DEFINE_string("bert_config_file", None, "BERT config")
flags.DEFINE_string("vocab_file", None, "vocabulary")
flags.DEFINE_string("cache_dir", None, "where downloads are cached")


def finalize(export_path):
    tf.io.gfile.copy(FLAGS.bert_config_file, os.path.join(export_path, "bert_config.json"), overwrite=True)
    tf.io.gfile.copy(FLAGS.vocab_file, os.path.join(export_path, "vocab.txt"), overwrite=True)


def fetch(archive_name, temp_directory):
    cache_path = os.path.join(FLAGS.cache_dir, archive_name)
    tf.io.gfile.copy(cache_path, os.path.join(temp_directory, archive_name), overwrite=True)


def convert(inputs, target_file):
    with open(inputs) as src, open(target_file, "a+") as dest_file:
        for line in src:
            example = json.dumps({"text": line.strip()})
            dest_file.write(example)
            dest_file.write("\\n")
"""


def test_files_of_the_pretrained_model_and_cached_downloads_copied_are_not_the_runs_options(tmp_path):
    result = audit_committed(tmp_path / "bl", {"export.py": EXPORT})
    assert result.ctx.records.config == [], result.ctx.records.config
    roles = {w.target.rsplit("/", 1)[-1]: _role(w) for w in result.ctx.index.modules["export.py"].writes}
    assert roles["bert_config.json"][0] == roles["vocab.txt"][0] == "artifact", roles
    assert roles["{archive_name}"] is None, roles


def test_records_converted_from_input_files_and_appended_are_a_dataset_not_metrics(tmp_path):
    result = audit_committed(tmp_path / "conv", {"export.py": EXPORT})
    writes = result.ctx.index.modules["export.py"].writes
    appended = [w for w in writes if w.func == "convert" and w.kind == "stream" and w.what == "example"]
    assert len(appended) == 1 and _role(appended[0]) is None, [(w, _role(w)) for w in appended]


ESTIMATOR_LIB = """
import tensorflow as tf


def model_fn(features, labels, mode, params):
    loss = tf.reduce_mean(features["x"])
    train_op = tf.compat.v1.train.AdamOptimizer(1e-3).minimize(loss)
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)


def train(model_dir, input_fn, steps=100):
    estimator = tf.compat.v1.estimator.tpu.TPUEstimator(
        model_fn=model_fn, model_dir=model_dir, use_tpu=False, train_batch_size=64
    )
    estimator.train(input_fn=input_fn, max_steps=steps)


def train_with_gin(model_dir, input_fn):
    train(model_dir, input_fn)
"""

BIN_TRAIN = """#!/usr/bin/env python
from absl import app, flags

from mylib.methods import train

FLAGS = flags.FLAGS
flags.DEFINE_string("model_dir", None, "Directory to save the trained model in.")


def main(unused_argv):
    train.train_with_gin(FLAGS.model_dir, None)


if __name__ == "__main__":
    app.run(main)
"""


def test_a_suffixless_python_command_in_bin_that_starts_an_estimators_training_is_a_training_entry(tmp_path):
    files = {
        "mylib/__init__.py": "",
        "mylib/methods/__init__.py": "",
        "mylib/methods/train.py": ESTIMATOR_LIB,
        "bin/mylib_train": BIN_TRAIN,
        "setup.py": "from setuptools import setup\n\nsetup(name='mylib', scripts=['bin/mylib_train'])\n",
    }
    result = audit_committed(tmp_path / "bin", files)
    entries = [e.path for e in result.ctx.taxonomy.training_entry_points]
    assert entries == ["bin/mylib_train"], entries


RNN_MODEL = """
import torch
from torch import nn


class RnnModel(nn.Module):
    def __init__(self, n_words, args):
        super().__init__()
        self.args = args
        self.emb = nn.Embedding(n_words, args.nembed)
        self.out = nn.Linear(args.nembed, n_words)

    def forward(self, x):
        return self.out(self.emb(x))
"""

PICKLE_TRAIN = """
import argparse

import torch

import utils
from model import RnnModel


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nembed", type=int, default=64)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--model_file", default="model.th")
    args = parser.parse_args()
    model = RnnModel(100, args)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr)
    for _ in range(3):
        loss = model(torch.zeros(4, dtype=torch.long)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    utils.save_model(model, args.model_file)


if __name__ == "__main__":
    main()
"""


def test_a_whole_model_pickled_whose_class_keeps_the_options_saves_them_in_the_checkpoint(tmp_path):
    files = {"model.py": RNN_MODEL, "train.py": PICKLE_TRAIN, "utils.py": SAVE_UTILS}
    result = audit_committed(tmp_path / "pk", files)
    held = [p for p in result.ctx.records.config if p.in_checkpoint]
    assert [p.evidence.path for p in held] == ["utils.py"], result.ctx.records.config
    assert dimension(result, "parameter_logging").score == 3


def test_a_state_dict_saved_keeps_no_options_whatever_the_class_holds(tmp_path):
    files = {
        "model.py": RNN_MODEL,
        "train.py": PICKLE_TRAIN,
        "utils.py": SAVE_UTILS.replace("torch.save(model, f)", "torch.save(model.state_dict(), f)"),
    }
    result = audit_committed(tmp_path / "sd", files)
    assert result.ctx.records.config == [], result.ctx.records.config


CKPT_GETTERS = """
import os

import torch

from config import cfg

_NAME_PREFIX = "model_epoch_"


def get_checkpoint_dir():
    return os.path.join(cfg.OUT_DIR, "checkpoints")


def get_checkpoint(epoch):
    name = "{}{:04d}.pyth".format(_NAME_PREFIX, epoch)
    return os.path.join(get_checkpoint_dir(), name)


def get_checkpoint_best():
    return os.path.join(cfg.OUT_DIR, "model.pyth")


def save_checkpoint(model, optimizer, epoch, test_err):
    checkpoint = {"epoch": epoch, "model_state": model.state_dict(), "optimizer_state": optimizer.state_dict()}
    checkpoint_file = get_checkpoint(epoch + 1)
    with open(checkpoint_file, "wb") as f:
        torch.save(checkpoint, f)
    with open(get_checkpoint_best(), "wb") as f:
        torch.save(checkpoint, f)
"""

GETTER_TRAIN = """
import torch

import checkpoint as cp


def train_model():
    model = torch.nn.Linear(2, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(3):
        loss = model(torch.zeros(1, 2)).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        cp.save_checkpoint(model, optimizer, epoch, 0.5)


if __name__ == "__main__":
    train_model()
"""


def test_checkpoint_paths_built_by_getters_without_parameters_or_through_a_local_name_are_resolved(tmp_path):
    files = {
        "config.py": "from types import SimpleNamespace\n\ncfg = SimpleNamespace(OUT_DIR='/tmp')\n",
        "checkpoint.py": CKPT_GETTERS,
        "train.py": GETTER_TRAIN,
    }
    result = audit_committed(tmp_path / "get", files)
    targets = sorted(p.target for p in result.ctx.records.checkpoints)
    # cp.save_checkpoint(model, ...) hands the model, not a path: its body's saves are the checkpoints
    assert targets == ["{cfg.OUT_DIR}/checkpoints/model_epoch_{:04d}.pyth", "{cfg.OUT_DIR}/model.pyth"], (
        targets
    )


TABLES_LOG = """
import os

import tables


class TrainingLog(object):
    def __init__(self, filename, attrs):
        if os.path.exists(filename):
            raise RuntimeError("Log file %s already exists" % filename)
        self.f = tables.open_file(filename, mode="w")
        for k, v in attrs:
            self.f.root._v_attrs[k] = v
        self.log_table = None

    def write(self, kvt):
        if self.log_table is None:
            desc = {k: tables.Float64Col(pos=pos) for pos, (k, _) in enumerate(kvt)}
            self.log_table = self.f.create_table(self.f.root, "log", desc)
        row = self.log_table.row
        for k, v in kvt:
            row[k] = v
        row.append()
        self.log_table.flush()

    def write_snapshot(self, model, key_iter):
        root = "/snapshots/iter%07d" % key_iter
        for v in model.get_all_variables():
            self.f.create_array(root, v.name, v.get_value(), createparents=True)
        self.f.flush()
"""

TABLES_TRAIN = """
import argparse
import json

import numpy as np

from tlog import TrainingLog


class Policy(object):
    def __init__(self):
        self.w = np.zeros(3)

    def step(self, lr):
        self.w -= lr * np.ones(3)
        return float(self.w.sum())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", type=str, required=True)
    parser.add_argument("--lr", type=float, default=0.1)
    args = parser.parse_args()
    log = TrainingLog(args.log, [("args", json.dumps(vars(args)))])
    policy = Policy()
    for i in range(100):
        loss = policy.step(args.lr)
        log.write([("iter", i), ("loss", loss)])
        if i % 20 == 0:
            log.write_snapshot(policy, i)


if __name__ == "__main__":
    main()
"""

TRAJ_DUMP = """
import argparse

import h5py
import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    obs = np.zeros((10, 3))
    rewards = np.zeros(10)
    with h5py.File(args.out, "w") as f:
        f.create_dataset("obs_B_T_Do", data=obs, compression="gzip")
        f.create_dataset("rewards", data=rewards)


if __name__ == "__main__":
    main()
"""


def test_an_hdf5_run_log_keeps_a_metrics_table_and_weight_snapshots(tmp_path):
    files = {"tlog.py": TABLES_LOG, "train.py": TABLES_TRAIN, "sample.py": TRAJ_DUMP}
    result = audit_committed(tmp_path / "h5", files)
    metrics = [(p.evidence.path, p.evidence.line) for p in result.ctx.records.metrics]
    ckpts = [(p.evidence.path, p.evidence.line) for p in result.ctx.records.checkpoints]
    assert metrics == [("tlog.py", 18)], result.ctx.records.metrics
    assert ckpts == [("tlog.py", 28)], result.ctx.records.checkpoints
    # trajectories stored with h5py in a sampling script are data, not the run's measurements
    assert not any(p.evidence.path == "sample.py" for p in result.ctx.records.metrics)
