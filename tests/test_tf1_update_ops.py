"""TF1 training: a model class builds its update op in the graph (`self.pretrain_updates =
opt.apply_gradients(...)`) and a method runs it (`sess.run([self.pretrain_updates, ...])`); a script
calling that method in its loop launches training."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

GENERATOR = """import tensorflow as tf


class Generator(object):
    def __init__(self, num_emb, learning_rate=0.01):
        self.x = tf.placeholder(tf.int32, shape=[None, 20])
        self.loss = tf.reduce_mean(tf.cast(self.x, tf.float32))
        opt = tf.train.AdamOptimizer(learning_rate)
        grads = opt.compute_gradients(self.loss)
        self.pretrain_updates = opt.apply_gradients(grads)

    def pretrain_step(self, sess, x):
        return sess.run([self.pretrain_updates, self.loss], feed_dict={self.x: x})
"""
MAIN = """import numpy as np
import tensorflow as tf

from generator import Generator


def pre_train_epoch(sess, trainable_model, batches):
    losses = []
    for batch in batches:
        _, g_loss = trainable_model.pretrain_step(sess, batch)
        losses.append(g_loss)
    return np.mean(losses)


def main():
    generator = Generator(5000)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for epoch in range(120):
            loss = pre_train_epoch(sess, generator, BATCHES)


if __name__ == "__main__":
    main()
"""


def test_running_a_graphs_update_op_is_training(tmp_path):
    result = run_audit(write_repo(tmp_path, {"generator.py": GENERATOR, "sequence_gan.py": MAIN}))
    assert [e.path for e in result.ctx.taxonomy.training_entry_points] == ["sequence_gan.py"]
