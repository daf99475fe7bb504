"""A TF 1 project (tf.Session, tf.contrib) with no TensorFlow pin gets TF 1 determinism settings in
its fix, never tf.config.experimental.enable_op_determinism(), which only TF >= 2.8 has. Synthetic."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TF1 = """
import tensorflow as tf
import tensorflow.contrib.layers as layers

x = tf.placeholder(tf.float32, [None, 4])
out = layers.fully_connected(x, 1)
loss = tf.reduce_mean(out)
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(100):
        sess.run(train_op)
"""


def test_tf1_code_gets_tf1_determinism_settings(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": TF1,
            "setup.py": "from setuptools import setup\nsetup(name='x', install_requires=['gym'])\n",
        },
    )
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET403")
    assert "enable_op_determinism" not in f.recommendation and "TF_CUDNN_DETERMINISTIC" in f.recommendation, f
