"""A compatible-release pin to a patch series (tensorflow~=2.6.0, or ==2.6.*) fixes the release a
run used, as conda's "tensorflow=2.6" does; ~=2.6 lets minor releases in and stays a range.
Synthetic, after handson-ml2's requirements.txt."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from experiment_tracking.index.manifests import classify_pin
from tests.rules.repo_helpers import dimension, write_repo


def test_patch_series_pins_are_pinned_and_minor_series_are_ranges():
    assert classify_pin("~=2.6.0") == "exact"
    assert classify_pin("==2.6.*") == "exact"
    assert classify_pin("~=2.6") == "range"
    assert classify_pin(">=2.6.0") == "range"


def test_a_framework_pinned_to_its_patch_series_is_not_reported_unpinned(tmp_path):
    reqs = "tensorflow~=2.6.0\nnumpy~=1.19.5\npandas~=1.3.3\nscikit-learn~=1.0.0\nmatplotlib~=3.4.3\n"
    train = "import tensorflow as tf\nmodel = tf.keras.Sequential()\nmodel.fit([[0.0]], [0.0])\n"
    result = run_audit(write_repo(tmp_path, {"requirements.txt": reqs, "train.py": train}))
    env = dimension(result, "environment_capture")
    text = " ".join(env.reasons)
    assert "5 of 5 dependencies pinned to a release" in text, text
    assert "tensorflow (the training framework) is not pinned" not in text
