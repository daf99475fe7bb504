"""A dict of a model's variables read out of a TF session (``{v.name: value for v, value in
zip(variables, sess.run(variables))}``) saved with joblib is the model's weights, a checkpoint; it is
not the run's configuration, whatever other names the helper that saves it handles. Synthetic."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TF_UTIL = """
import os

import joblib
import tensorflow as tf


def get_session():
    return tf.get_default_session()


def save_variables(save_path, variables=None, sess=None, **kwargs):
    sess = sess or get_session()
    variables = variables or tf.trainable_variables()
    ps = sess.run(variables)
    save_dict = {v.name: value for v, value in zip(variables, ps)}
    os.makedirs(os.path.dirname(save_path), exist_ok=True)
    joblib.dump(save_dict, save_path)
"""

TRAIN = """
import argparse

import tensorflow as tf

from common.tf_util import save_variables

parser = argparse.ArgumentParser()
parser.add_argument("--save_path", default="models/policy")
args = parser.parse_args()
opt = tf.train.AdamOptimizer(1e-3).minimize(loss)
for step in range(1000):
    sess.run(opt)
save_variables(args.save_path)
"""


def test_a_session_variables_dict_is_a_checkpoint_not_a_config(tmp_path):
    write_repo(tmp_path, {"common/__init__.py": "", "common/tf_util.py": TF_UTIL, "train.py": TRAIN})
    rec = run_audit(tmp_path).ctx.records
    assert not [p for p in rec.config if p.evidence.path == "common/tf_util.py"], rec.config
    assert [p for p in rec.checkpoints if p.evidence.path in ("common/tf_util.py", "train.py")], (
        rec.checkpoints
    )
