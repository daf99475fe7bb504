"""A training script other scripts import for its processors (run_classifier.py, imported by
run_classifier_with_tfhub.py) is still a training script: its __main__ block runs the module's own
`main` (through tf.app.run()), unlike a library module whose demo trains inside the guard block. A
script named for a model taken from TF Hub is not a hub-publishing script. Synthetic TF1 layout."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

CLASSIFIER = """
import tensorflow as tf

flags = tf.flags
FLAGS = flags.FLAGS


class ColaProcessor:
    def get_train_examples(self, data_dir):
        return []


def main(_):
    estimator = tf.estimator.Estimator(model_fn=model_fn, model_dir=FLAGS.output_dir)
    estimator.train(input_fn=train_input_fn, max_steps=1000)


if __name__ == "__main__":
    tf.app.run()
"""

TFHUB = """
import tensorflow as tf

import run_classifier


def main(_):
    processor = run_classifier.ColaProcessor()
    estimator = tf.estimator.Estimator(model_fn=hub_model_fn, model_dir="out")
    estimator.train(input_fn=train_input_fn, max_steps=1000)


if __name__ == "__main__":
    tf.app.run()
"""


def test_an_imported_script_whose_main_trains_is_a_training_entry_point(tmp_path):
    write_repo(tmp_path, {"run_classifier.py": CLASSIFIER, "run_classifier_with_tfhub.py": TFHUB})
    paths = {e.path for e in run_audit(tmp_path).ctx.taxonomy.training_entry_points}
    assert paths == {"run_classifier.py", "run_classifier_with_tfhub.py"}, paths
