"""An ml_collections ConfigDict written as JSON into a timestamped run directory
(`f.write(FLAGS.config.to_json_best_effort())`) is the run's whole configuration, recorded per run."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

TRAIN = """
import datetime
import os

import jax
import tensorflow as tf
from absl import app, flags
from ml_collections import config_flags

FLAGS = flags.FLAGS
config_flags.DEFINE_config_file("config", None, "training configuration")


def main(_):
    name = datetime.datetime.now().strftime("%Y%m%d_%H%M%S")
    save_dir = os.path.join(FLAGS.config.save_dir, name)
    with tf.io.gfile.GFile(os.path.join(save_dir, "config.json"), "w") as f:
        f.write(FLAGS.config.to_json_best_effort())
    for step in range(FLAGS.config.num_steps):
        grads = jax.grad(loss_fn)(params, batch)


if __name__ == "__main__":
    app.run(main)
"""


def test_a_config_dict_as_json_in_a_timestamped_dir_is_the_whole_config_per_run(tmp_path):
    write_repo(tmp_path, {"train.py": TRAIN})
    result = run_audit(tmp_path)
    assert [p.whole for p in result.ctx.records.config] == [True]
    assert dimension(result, "parameter_logging").score == 5
