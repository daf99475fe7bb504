"""Names a project module binds to library objects pass through `from module import *`: DCGAN-style
`ops.py` binds `SummaryWriter = tf.summary.FileWriter` (in a try/except over TF versions) and the
model module calls `SummaryWriter(...)` after `from ops import *`; that is TensorBoard."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

OPS = """import tensorflow as tf
from utils import helper

try:
    scalar_summary = tf.scalar_summary
    SummaryWriter = tf.train.SummaryWriter
except AttributeError:
    scalar_summary = tf.summary.scalar
    SummaryWriter = tf.summary.FileWriter
"""
UTILS = """def helper(x):
    return x
"""
MODEL = """from ops import *


class GAN(object):
    def __init__(self, sess):
        self.sess = sess

    def train(self, config):
        self.g_sum = scalar_summary("g_loss", self.g_loss)
        self.writer = SummaryWriter("./logs", self.sess.graph)
        helper(1)
        for epoch in range(config.epoch):
            _, summary_str = self.sess.run([self.optim, self.g_sum])
            self.writer.add_summary(summary_str, epoch)
"""
MAIN = """import tensorflow as tf
from model import GAN

flags = tf.app.flags
flags.DEFINE_integer("epoch", 25, "Epoch to train [25]")
FLAGS = flags.FLAGS


def main(_):
    with tf.Session() as sess:
        GAN(sess).train(FLAGS)


if __name__ == "__main__":
    tf.app.run()
"""


def test_library_names_pass_through_a_star_import_of_a_project_module(tmp_path):
    write_repo(tmp_path, {"ops.py": OPS, "utils.py": UTILS, "model.py": MODEL, "main.py": MAIN})
    r = run_audit(tmp_path)
    model = r.ctx.index.modules["model.py"]
    names = [c.name for c in model.calls]
    assert "tensorflow.summary.FileWriter" in names
    assert "helper" in names  # the project's own function keeps its name
    found = [f for f in r.findings if f.rule_id == "ET101"]
    assert found and found[0].status == "PASS" and "TensorBoard" in found[0].message, found[0].message
