"""A model library with sample training scripts (the Keras-era layout): the library's model class
trains (``model.train(...)`` calls Keras ``fit``) and builds a timestamped log directory in one method
that its callbacks use in another; a sample script imported by notebooks for its config classes trains
from its ``__main__`` block; a helper module of the library has an MNIST demo under ``__main__``.
Synthetic repository."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, notebook, write_repo

MODEL = """
import datetime
import os

import keras

from lib import parallel


class Net:
    def __init__(self, config, model_dir):
        self.config = config
        self.model_dir = model_dir
        self.keras_model = parallel.build(config)
        self.set_log_dir()

    def set_log_dir(self):
        now = datetime.datetime.now()
        self.log_dir = os.path.join(self.model_dir, "{}{:%Y%m%dT%H%M}".format(self.config.NAME.lower(), now))
        self.checkpoint_path = os.path.join(self.log_dir, "net_{}_*epoch*.h5".format(self.config.NAME.lower()))
        self.checkpoint_path = self.checkpoint_path.replace("*epoch*", "{epoch:04d}")

    def train(self, train_data, val_data, learning_rate, epochs):
        callbacks = [
            keras.callbacks.TensorBoard(log_dir=self.log_dir),
            keras.callbacks.ModelCheckpoint(self.checkpoint_path, save_weights_only=True),
        ]
        self.keras_model.compile(optimizer=keras.optimizers.SGD(learning_rate))
        self.keras_model.fit(train_data, validation_data=val_data, epochs=epochs, callbacks=callbacks)
"""

PARALLEL = """
import keras


def build(config):
    return keras.Sequential([keras.layers.Dense(config.CLASSES)])


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.01)
    args = parser.parse_args()
    (x, y), _ = keras.datasets.mnist.load_data()
    demo = keras.Sequential([keras.layers.Dense(10)])
    demo.compile(optimizer=keras.optimizers.SGD(args.lr), loss="sparse_categorical_crossentropy")
    demo.fit(x, y, epochs=1)
"""

COCO = """
if __name__ == "__main__":
    import matplotlib

    matplotlib.use("Agg")

import argparse

from lib import model as modellib


class CocoConfig:
    NAME = "coco"
    CLASSES = 81


def load_coco(path):
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("command", help="'train' or 'evaluate'")
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--logs", default="logs")
    args = parser.parse_args()
    model = modellib.Net(CocoConfig(), model_dir=args.logs)
    if args.command == "train":
        model.train(load_coco(args.dataset), load_coco(args.dataset), learning_rate=0.001, epochs=40)
"""


def _repo(tmp_path):
    write_repo(
        tmp_path,
        {
            "lib/__init__.py": "",
            "lib/model.py": MODEL,
            "lib/parallel.py": PARALLEL,
            "samples/coco.py": COCO,
            "samples/inspect.ipynb": notebook(
                "import sys\nsys.path.append('..')\nfrom samples import coco\n",
                "config = coco.CocoConfig()\nprint(config.NAME)\n",
            ),
            "requirements.txt": "keras>=2.0\nnumpy\n",
        },
    )
    return run_audit(tmp_path)


def test_sample_script_that_trains_from_its_main_block_is_a_training_entry_point(tmp_path):
    result = _repo(tmp_path)
    entries = {e.path: e for e in result.ctx.taxonomy.training_entry_points}
    assert "samples/coco.py" in entries, result.ctx.taxonomy.training_entry_points
    # the command-line block, not the early `matplotlib.use("Agg")` guard
    assert (
        entries["samples/coco.py"].line
        == COCO.lstrip("\n").splitlines().index('if __name__ == "__main__":', 3) + 1
    )
    assert "lib/parallel.py" not in entries


def test_a_library_demo_under_main_is_no_run_of_the_project(tmp_path):
    result = _repo(tmp_path)
    cited = [e.path for f in result.findings if f.rule_id in ("ET201", "ET120", "ET401") for e in f.evidence]
    cited += [r for d in result.scorecard.dimensions for r in d.reasons if "lib/parallel.py" in r]
    assert not any("lib/parallel.py" in c for c in cited), cited


def test_callbacks_given_a_class_field_use_the_timestamped_directory_it_was_built_as(tmp_path):
    result = _repo(tmp_path)
    ckpt = [p for p in result.ctx.records.checkpoints if p.evidence.path == "lib/model.py"]
    assert ckpt and ckpt[0].keeping == "time" and "{:%Y%m%dT%H%M}" in ckpt[0].target, ckpt
    assert dimension(result, "result_persistence").score >= 4
