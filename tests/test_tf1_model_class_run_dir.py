"""A TF 1 research script whose model class owns the run's outputs: the run folder is a timestamp
extended with `+=`, handed to the class by keyword (`DCGAN(sess, out_dir=FLAGS.out_dir, ...)`), the
class builds `self.saver = tf.train.Saver()` in one method and saves through it in another
(`self.saver.save(self.sess, os.path.join(checkpoint_dir, filename))`, `filename="model"` a default),
and writes its summaries under `self.out_dir`. A parameter named like an earlier function's
defaulted parameter is the caller's value, not that default. Synthetic, after DCGAN-tensorflow."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

MAIN = """
import json
import os
import time

import tensorflow as tf

from model import GAN

flags = tf.app.flags
flags.DEFINE_integer("epoch", 25, "Epochs to train")
flags.DEFINE_float("learning_rate", 0.0002, "Learning rate")
flags.DEFINE_string("out_dir", "./out", "Root directory for outputs")
flags.DEFINE_string("out_name", "", "Run folder under out_dir")
flags.DEFINE_string("checkpoint_dir", "checkpoint", "Checkpoints under the run folder")
FLAGS = flags.FLAGS


def main(_):
    if FLAGS.out_name == "":
        FLAGS.out_name = "{} - {}".format(time.strftime("%Y%m%d.%H%M%S"), "celebA")
        FLAGS.out_name += " - lr{}".format(FLAGS.learning_rate)
    FLAGS.out_dir = os.path.join(FLAGS.out_dir, FLAGS.out_name)
    FLAGS.checkpoint_dir = os.path.join(FLAGS.out_dir, FLAGS.checkpoint_dir)
    with open(os.path.join(FLAGS.out_dir, "FLAGS.json"), "w") as f:
        json.dump(FLAGS.flag_values_dict(), f)
    with tf.Session() as sess:
        gan = GAN(sess, batch_size=64, checkpoint_dir=FLAGS.checkpoint_dir, out_dir=FLAGS.out_dir)
        gan.train(FLAGS)


if __name__ == "__main__":
    tf.app.run()
"""

MODEL = """
import os

import tensorflow as tf


class GAN:
    def __init__(self, sess, batch_size=64, checkpoint_dir="ckpts", out_dir="./out"):
        self.sess = sess
        self.batch_size = batch_size
        self.checkpoint_dir = checkpoint_dir
        self.out_dir = out_dir
        self.build_model()

    def build_model(self):
        self.loss = tf.reduce_mean(tf.square(tf.get_variable("w", [3])))
        self.optim = tf.train.AdamOptimizer(0.0002).minimize(self.loss)
        self.loss_sum = tf.summary.scalar("loss", self.loss)
        self.saver = tf.train.Saver(max_to_keep=1)

    def train(self, config):
        self.writer = tf.summary.FileWriter(os.path.join(self.out_dir, "logs"), self.sess.graph)
        for counter in range(config.epoch):
            _, summary = self.sess.run([self.optim, self.loss_sum])
            self.writer.add_summary(summary, counter)
            if counter % 500 == 2:
                self.save(config.checkpoint_dir, counter)

    def save(self, checkpoint_dir, step, filename="model"):
        filename += ".b" + str(self.batch_size)
        self.saver.save(self.sess, os.path.join(checkpoint_dir, filename), global_step=step)
"""


def _records(tmp_path):
    return run_audit(
        write_repo(tmp_path, {"main.py": MAIN, "model.py": MODEL, "requirements.txt": "tensorflow\n"})
    )


def test_a_run_folder_extended_with_plus_equals_keeps_its_timestamp(tmp_path):
    result = _records(tmp_path)
    config = [p for p in result.ctx.records.config if p.target.endswith("FLAGS.json")]
    assert config and all(p.per_run for p in config), result.ctx.records.config


def test_the_model_class_writes_summaries_and_checkpoints_into_the_run_folder(tmp_path):
    result = _records(tmp_path)
    records = result.ctx.records
    ckpts = [p for p in records.checkpoints if "model.b" in p.target]
    assert ckpts and ckpts[0].target.startswith("{FLAGS.out_dir}/"), records.checkpoints
    assert not any(p.target.startswith("ckpts/") for p in records.checkpoints), (
        "a default of another function"
    )
    assert any(p.target.endswith("/logs") and p.per_run for p in records.metrics), records.metrics
    assert dimension(result, "result_persistence").score >= 4


def test_a_saver_built_through_a_star_imported_tf_saves_checkpoints(tmp_path):
    ops = "import tensorflow as tf\n"
    model = MODEL.replace("import os\n\nimport tensorflow as tf\n", "import os\n\nfrom ops import *\n")
    result = run_audit(write_repo(tmp_path, {"main.py": MAIN, "model.py": model, "ops.py": ops}))
    assert [p for p in result.ctx.records.checkpoints if "model.b" in p.target], (
        result.ctx.records.checkpoints
    )


def test_tf_passed_on_by_a_star_import_of_the_projects_module_is_tensorflow(tmp_path):
    ops = "import numpy as np\nimport tensorflow as tf\n\ndef lrelu(x):\n    return tf.maximum(x, 0.2 * x)\n"
    model = (
        "from ops import *\n\n"
        "class GAN:\n"
        "    def train(self):\n"
        "        self.writer = tf.summary.FileWriter('logs', self.sess.graph)\n"
        "        self.g_sum = tf.summary.scalar('g_loss', self.g_loss)\n"
        "        for step in range(10):\n"
        "            _, s = self.sess.run([self.g_optim, self.g_sum])\n"
        "            self.writer.add_summary(s, step)\n"
    )
    result = run_audit(write_repo(tmp_path, {"ops.py": ops, "model.py": model}))
    assert result.ctx.has("tensorboard", "tracking"), [d.tool for d in result.ctx.detections]
