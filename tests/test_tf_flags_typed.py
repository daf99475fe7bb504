"""TF1 code defines its options with `flags = tf.flags; flags.DEFINE_integer(...)`: absl flags, typed
and checked when the command line is parsed, whichever TensorFlow alias re-exports them. Synthetic."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

BERT_STYLE = """
import tensorflow as tf

flags = tf.flags
FLAGS = flags.FLAGS
flags.DEFINE_integer("train_batch_size", 32, "Total batch size for training.")
flags.DEFINE_float("learning_rate", 5e-5, "The initial learning rate for Adam.")


def main(_):
    estimator = tf.estimator.Estimator(model_fn=model_fn, model_dir=FLAGS.output_dir)
    estimator.train(input_fn=train_input_fn, max_steps=FLAGS.num_train_steps)


if __name__ == "__main__":
    tf.app.run()
"""


def test_tf_flags_aliases_are_typed_absl_flags(tmp_path):
    write_repo(tmp_path, {"run_pretraining.py": BERT_STYLE})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET202")
    assert f.status == "PASS" and "absl typed flags" in f.message, f.message
