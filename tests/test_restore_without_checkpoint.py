"""A restore that reads nothing (a simulator state saver's `saver.restore()`) is not resuming training
(ET511); a TF Saver restoring a checkpoint path is."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

SIM = """
class WorldSaver:
    def __init__(self, bodies):
        self.savers = [BodySaver(b) for b in bodies]

    def restore(self):
        for saver in self.savers:
            saver.restore()
"""
TRAIN = """
import tensorflow as tf
from sim import WorldSaver
saver = tf.compat.v1.train.Saver()
world = WorldSaver(bodies)
for step in range(100):
    sess.run(tf.compat.v1.train.AdamOptimizer().minimize(loss))
    world.restore()
{resume}
"""


def _et511(tmp_path, resume=""):
    write_repo(tmp_path, {"sim.py": SIM, "train.py": TRAIN.replace("{resume}", resume)})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET511")


def test_restoring_a_saved_simulator_state_is_not_resuming(tmp_path):
    assert _et511(tmp_path).status != "PASS"


def test_a_saver_restoring_a_checkpoint_path_is(tmp_path):
    f = _et511(tmp_path, "saver.restore(sess, tf.train.latest_checkpoint('ckpt'))")
    assert f.status == "PASS"
