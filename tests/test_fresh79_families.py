"""Families of real code the fresh79 round showed the auditor reading wrong, each with a synthetic case
of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, status_of

# A likelihood model's training loop (TF1 style) keeping its per-epoch test bits/dim in a list and
# saving the whole history with np.savez under a keyword, beside the checkpoint
SAVEZ_HISTORY = """
import argparse
import os

import numpy as np
import tensorflow as tf

parser = argparse.ArgumentParser()
parser.add_argument("--save_dir", type=str, default="save")
parser.add_argument("--epochs", type=int, default=10)
args = parser.parse_args()

loss = tf.reduce_mean(tf.square(tf.Variable(tf.zeros([4]))))
train_step = tf.train.AdamOptimizer(1e-3).minimize(loss)
saver = tf.train.Saver()
history = []
with tf.Session() as sess:
    for epoch in range(args.epochs):
        sess.run(train_step)
        history.append(sess.run(loss))
        saver.save(sess, os.path.join(args.save_dir, "params.ckpt"))
        np.savez(os.path.join(args.save_dir, "NAME.npz"), KEY=np.array(history))
"""


def test_savez_keyword_metric_history_is_a_metrics_record(tmp_path):
    """np.savez(path, test_bpd=np.array(history)): the arrays are given by keyword, named in the archive
    by it; a history of bits/dim (nll, perplexity) is the run's metrics, not "no metrics written"."""
    for key in ("test_bpd", "val_nll", "perplexity"):
        tree = tmp_path / key
        code = SAVEZ_HISTORY.replace("NAME", key).replace("KEY", key)
        result = audit_committed(tree, {"train.py": code})
        assert status_of(result, "ET301") == "PASS", key


def test_savez_keyword_arrays_that_are_not_metrics_stay_unread(tmp_path):
    """The same call saving a sample of images by keyword is not a metrics record."""
    code = SAVEZ_HISTORY.replace("NAME", "samples").replace("KEY", "images")
    result = audit_committed(tmp_path, {"train.py": code})
    assert status_of(result, "ET301") == "FAIL"
