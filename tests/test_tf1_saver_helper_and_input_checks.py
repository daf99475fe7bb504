"""TF1 code often saves through its own helper, handed the Saver (`def save(saver, sess, logdir,
step): saver.save(sess, path, global_step=step)`): the model is saved although no call reads
`tf.train.Saver().save`. And a function that checks the command line (`validate_directories(args)`)
is no evaluation, whatever its name says; one that measures something on held-out data is."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = """import argparse
import os
import tensorflow as tf


def save(saver, sess, logdir, step):
    checkpoint_path = os.path.join(logdir, 'model.ckpt')
    saver.save(sess, checkpoint_path, global_step=step)


def validate_directories(args):
    if args.logdir and args.restore_from:
        raise ValueError('--logdir and --restore_from cannot both be given')
    return {'logdir': args.logdir or 'logdir'}


def get_arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument('--logdir', default=None)
    parser.add_argument('--restore_from', default=None)
    args = parser.parse_args()
    return validate_directories(args)


def main():
    dirs = get_arguments()
    x = tf.placeholder(tf.float32, [None, 4])
    loss = tf.reduce_mean(x)
    optim = tf.train.AdamOptimizer(1e-3).minimize(loss)
    summaries = tf.summary.merge_all()
    saver = tf.train.Saver(max_to_keep=5)
    with tf.Session() as sess:
        writer = tf.summary.FileWriter(dirs['logdir'])
        for step in range(1000):
            summary, _ = sess.run([summaries, optim])
            writer.add_summary(summary, step)
            if step % 50 == 0:
                save(saver, sess, dirs['logdir'], step)


if __name__ == '__main__':
    main()
"""


def _status(result, rid):
    return next(f for f in result.findings if f.rule_id == rid)


def test_a_saver_handed_to_a_helper_saves_the_model(tmp_path):
    write_repo(tmp_path, {"train.py": TRAIN})
    f = _status(run_audit(tmp_path), "ET310")
    assert "never saved" not in f.message
    assert any(e.path == "train.py" and e.line == 8 for e in f.evidence)


def test_checking_the_options_is_no_evaluation(tmp_path):
    write_repo(tmp_path, {"train.py": TRAIN})
    f = _status(run_audit(tmp_path), "ET302")
    assert not any("validate_directories" in e.detail for e in f.evidence)
    assert f.status != "PASS"


def test_a_validation_function_that_measures_is_still_evaluation(tmp_path):
    code = TRAIN.replace(
        "def main():",
        "def validate_generator(sess, loss):\n    return float(sess.run(loss).mean())\n\n\ndef main():",
    ).replace(
        "                save(saver",
        "                print(validate_generator(sess, loss))\n                save(saver",
    )
    write_repo(tmp_path, {"train.py": code})
    f = _status(run_audit(tmp_path), "ET302")
    assert any("validate_generator" in e.detail for e in f.evidence)
