"""Without a tracker, the timing fix (ET303) extends the run's own record instead of switching on a
tracker's or another framework's system monitor."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = (
    "import tensorflow as tf\n\nfor epoch in range(10):\n    with tf.GradientTape() as tape:\n"
    "        loss = model(x)\n    grads = tape.gradient(loss, model.trainable_variables)\n"
    "    optimizer.apply_gradients(zip(grads, model.trainable_variables))\n"
    "model.save_weights('saved_model/model')\n"
)


def test_a_bare_training_loop_gets_a_timing_line_in_its_own_record(tmp_path):
    write_repo(tmp_path, {"train.py": TRAIN})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET303")
    assert "epoch_seconds" in f.recommendation
    assert "DeviceStatsMonitor" not in f.recommendation and "mlflow" not in f.recommendation
