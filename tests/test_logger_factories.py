"""A logger a project function returns, bound to a file in the run's directory: ``log = make_run(dir)``
where ``make_run`` returns ``functools.partial(write_line, path=join(dir, 'log.txt'))``. Calls of
``log(...)`` write that file: the options loop is the run's configuration, the epoch lines its
metrics, and the scripts copied into the run folder its code."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

RUNLOG = """
import functools
import os
import shutil


def write_line(text, path, echo=True):
    if echo:
        print(text)
    with open(path, "a+") as fh:
        fh.write(text + "\\n")


def line_writer(path, **kwargs):
    return functools.partial(write_line, path=path, **kwargs)


def make_run(run_dir, code=None):
    os.makedirs(run_dir, exist_ok=True)
    for name in code or []:
        os.makedirs(os.path.join(run_dir, "code"), exist_ok=True)
        shutil.copyfile(name, os.path.join(run_dir, "code", os.path.basename(name)))
    return line_writer(path=os.path.join(run_dir, "log.txt"))
"""
TRAIN = """
import argparse
import os
import time
import torch
from runlog import make_run

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.1)
parser.add_argument("--out", default="runs")
args = parser.parse_args()
args.out = os.path.join(args.out, time.strftime("%Y%m%d-%H%M%S"))
log = make_run(args.out, code=["train.py"])
for k, v in args.__dict__.items():
    log("  {} = {}".format(k, v))
model = torch.nn.Linear(2, 2)
for epoch in range(3):
    loss = model(torch.zeros(2)).sum()
    loss.backward()
    log("epoch {} loss {:.3f}".format(epoch, loss.item()))
    torch.save(model.state_dict(), os.path.join(args.out, "model.pt"))
"""


def _result(tmp_path):
    write_repo(tmp_path, {"runlog.py": RUNLOG, "train.py": TRAIN})
    return run_audit(tmp_path)


def test_the_options_written_through_a_returned_logger_are_the_runs_configuration(tmp_path):
    params = dimension(_result(tmp_path), "parameter_logging")
    assert params.score >= 4, params.reasons
    assert "log.txt" in " ".join(params.reasons)


def test_the_logger_file_is_the_runs_metrics_stream(tmp_path):
    results = dimension(_result(tmp_path), "result_persistence")
    assert results.score >= 3 and "log.txt" in " ".join(results.reasons), results.reasons


def test_scripts_copied_into_the_runs_code_folder_are_run_level_code_capture(tmp_path):
    code = _result(tmp_path).ctx.records.code
    assert [p.evidence.where() for p in code] == ["runlog.py:21"]


TF1_MODEL = """
import logging
import os
from datetime import datetime

import tensorflow as tf


class Model:
    def __init__(self, log_dir="logs", checkpoint_dir="checkpoints"):
        self.checkpoint_dir = checkpoint_dir
        if not os.path.isdir(log_dir):
            os.makedirs(log_dir)
        date_str = datetime.now().strftime("%Y-%m-%d_%H-%M")
        logging.basicConfig(filename=os.path.join(log_dir, "log_{}.txt".format(date_str)), level=logging.INFO)
        self.session = tf.Session()

    def fit(self, steps):
        saver = tf.train.Saver()
        for step in range(steps):
            loss = self.session.run("loss:0")
            self.session.run("train_op")
            logging.info("step {} loss {}".format(step, loss))
            saver.save(self.session, os.path.join(self.checkpoint_dir, "model"), global_step=step)


if __name__ == "__main__":
    Model().fit(100)
"""


def test_per_run_logs_beside_a_checkpoint_folder_every_run_shares_are_level_3(tmp_path):
    write_repo(tmp_path, {"train.py": TF1_MODEL})
    results = dimension(run_audit(tmp_path), "result_persistence")
    assert results.score == 3, results.reasons


SELF_LOGGING_MODEL = """
import logging
import os
import pprint as pp
from datetime import datetime


class Model:
    def __init__(self, learning_rate=0.001, batch_size=128, num_steps=20000, log_dir="logs"):
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.num_steps = num_steps
        self.init_logging(log_dir)
        logging.info("new run with parameters:\\n{}".format(pp.pformat(self.__dict__)))

    def init_logging(self, log_dir):
        date_str = datetime.now().strftime("%Y-%m-%d_%H-%M")
        logging.basicConfig(filename=os.path.join(log_dir, "log_{}.txt".format(date_str)), level=logging.INFO)

    def fit(self):
        for step in range(self.num_steps):
            loss = self.step()
            loss.backward()
            logging.info("step {} loss {}".format(step, loss))


if __name__ == "__main__":
    Model(learning_rate=0.0005, batch_size=64).fit()
"""


def test_a_model_logging_every_setting_it_holds_into_its_run_log_records_them(tmp_path):
    write_repo(tmp_path, {"train.py": SELF_LOGGING_MODEL})
    params = dimension(run_audit(tmp_path), "parameter_logging")
    assert params.score >= 4 and "log_{date_str}.txt" in " ".join(params.reasons), params.reasons


def test_a_per_run_log_of_its_own_is_custom_result_logging(tmp_path):
    write_repo(tmp_path, {"train.py": SELF_LOGGING_MODEL})
    tools = {d.tool for d in run_audit(tmp_path).ctx.detections if d.category == "tracking"}
    assert "custom_logging" in tools


def test_tf1_contrib_summaries_and_strategies_are_tensorboard_and_tf_distribute(tmp_path):
    train = """
import tensorflow as tf

strategy = tf.contrib.distribute.MirroredStrategy(num_gpus=4)
config = tf.estimator.RunConfig(model_dir="model", train_distribute=strategy)


def model_fn(features, labels, mode, params):
    loss = tf.reduce_mean(features)
    with tf.contrib.summary.create_file_writer("model").as_default():
        tf.contrib.summary.scalar("loss", loss)
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=tf.train.AdamOptimizer().minimize(loss))


tf.estimator.Estimator(model_fn, config=config).train(input_fn=lambda: None, max_steps=100)
"""
    write_repo(tmp_path, {"train.py": train})
    tools = {d.tool for d in run_audit(tmp_path).ctx.detections if d.usage == "used"}
    assert {"tensorboard", "tf_distribute"} <= tools, tools
