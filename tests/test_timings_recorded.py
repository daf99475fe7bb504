"""Timings written with the run count as captured (ET303): a TF1 summary value built by hand
(`summary.value.add(tag='time/total', simple_value=t)`) and a Monitor wrapper writing each
episode's wall-clock time to a file, including a project's own subclass of it."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TF1 = """
import time
import tensorflow as tf

def train(sess, writer, step):
    t = time.time()
    sess.run(train_op)
    summary = tf.Summary()
    summary.value.add(tag='time/total', simple_value=time.time() - t)
    writer.add_summary(summary, step)

for step in range(10):
    train(sess, tf.summary.FileWriter('logs'), step)
"""
MONITOR = """
from stable_baselines.bench import Monitor

class MultiMonitor(Monitor):
    pass
"""
RL = """
import os
from monitors import MultiMonitor
env = MultiMonitor(make_env(), os.path.join(log_dir, "mon"))
model.learn(total_timesteps=1000)
"""


def _et303(tmp_path, files):
    write_repo(tmp_path, files)
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET303")


def test_a_hand_built_time_summary_is_a_timing_metric(tmp_path):
    f = _et303(tmp_path, {"train.py": TF1})
    assert f.status == "PASS" and f.evidence[0].where() == "train.py:8"


def test_a_monitor_subclass_with_a_file_records_episode_times(tmp_path):
    f = _et303(tmp_path, {"monitors.py": MONITOR, "train.py": RL})
    assert f.status == "PASS" and f.evidence[0].where() == "train.py:3"


LOGGED = """
import logging
from time import time
import torch


def create_logger(logging_dir):
    logging.basicConfig(level=logging.INFO, handlers=[logging.StreamHandler(), logging.FileHandler(f"{logging_dir}/log.txt")])
    return logging.getLogger(__name__)


logger = create_logger("results/000-run")
start_time = time()
for step in range(100):
    loss = model(x)
    loss.backward()
    steps_per_sec = step / (time() - start_time)
    logger.info(f"(step={step:07d}) Train Loss: {loss:.4f}, Train Steps/Sec: {steps_per_sec:.2f}")
"""


def test_timings_logged_to_the_runs_log_file_are_recorded(tmp_path):
    f = _et303(tmp_path, {"train.py": LOGGED})
    assert f.status == "PASS" and "run's record" in f.message
