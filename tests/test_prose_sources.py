"""What the documentation alone says about data and environment: a public benchmark named in the
README ("Results for mnist") is a documented public source (data level 1, not 0), and a framework
version named in prose with a connecting word ("tested with Tensorflow over ver1.0") is an
environment in prose (level 1, not 0). "Pretrained on ImageNet" names weights, not data."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

TRAIN = """import argparse
import tensorflow as tf


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dataset", default="mnist")
    p.add_argument("--epoch", type=int, default=25)
    a = p.parse_args()
    with tf.Session() as sess:
        saver = tf.train.Saver()
        for epoch in range(a.epoch):
            sess.run(OPT)
        saver.save(sess, "checkpoint/model.ckpt")


if __name__ == "__main__":
    main()
"""


def _dims(tmp_path, readme):
    result = run_audit(write_repo(tmp_path, {"main.py": TRAIN, "README.md": readme}))
    return dimension(result, "data_versioning"), dimension(result, "environment_capture")


def test_a_named_benchmark_and_a_prose_version_are_level_one(tmp_path):
    data, env = _dims(
        tmp_path,
        "# GANs\n\n## Results for mnist\n\n```\npython main.py --dataset mnist\n```\n\n"
        "## Acknowledgements\nTested with Tensorflow over ver1.0 on Ubuntu 14.04.\n",
    )
    assert data.score == 1 and "mnist" in " ".join(data.reasons), data.reasons
    assert env.score == 1 and "ver1.0" in " ".join(env.reasons), env.reasons


def test_pretrained_weights_name_no_data(tmp_path):
    data, env = _dims(
        tmp_path, "# Detector\n\nThe backbone is pretrained on ImageNet.\n\n```\npython main.py\n```\n"
    )
    assert data.score == 0, data.reasons
    assert env.score == 0, env.reasons
