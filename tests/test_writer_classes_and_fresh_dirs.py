"""A research loop that is its own tracker, written the way scientific codes write it: a `Writer`
class built with keyword arguments (`Writer(name="train_stats", schema=..., directory=ckpt_dir)`)
that sets its file name in `__init__`, opens it in `__enter__` and appends a row per iteration in
`write()`; a `save(save_path, t, params)` helper writing `{save_path}/ckpt_{t}.npz`; and a directory
made per run by a function in another module (`create_save_path()`: a timestamped folder, created and
returned). Together: per-step metrics and numbered checkpoints in a timestamped run directory."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

WRITERS = """import contextlib
import os


class Writer(contextlib.AbstractContextManager):
    def __init__(self, name, schema, directory='logs/', iteration_key='t'):
        self._schema = schema
        if not os.path.isdir(directory):
            os.mkdir(directory)
        self._filename = os.path.join(directory, name + '.csv')
        self._iteration_key = iteration_key

    def __enter__(self):
        self._file = open(self._filename, 'w', encoding='UTF-8')
        self._file.write(','.join(self._schema) + '\\n')
        return self

    def write(self, t, **data):
        row = [str(data.get(key, '')) for key in self._schema]
        self._file.write(str(t) + ',' + ','.join(row) + '\\n')

    def __exit__(self, *args):
        self._file.close()
"""

CHECKPOINT = """import datetime
import os

import numpy as np


def create_save_path(save_path):
    timestamp = datetime.datetime.now().strftime('%Y_%m_%d_%H:%M:%S')
    default_save_path = os.path.join(os.getcwd(), f'run_{timestamp}')
    ckpt_save_path = save_path or default_save_path
    if ckpt_save_path and not os.path.isdir(ckpt_save_path):
        os.makedirs(ckpt_save_path)
    return ckpt_save_path


def save(save_path, t, params):
    ckpt_filename = os.path.join(save_path, f'qmc_ckpt_{t:06d}.npz')
    with open(ckpt_filename, 'wb') as f:
        np.savez(f, t=t, params=params)
    return ckpt_filename
"""

TRAIN = """import jax
import jax.numpy as jnp

from qmc import checkpoint
from qmc.utils import writers


def train(cfg):
    ckpt_save_path = checkpoint.create_save_path(cfg.save_path)
    params = jnp.zeros(3)
    with writers.Writer(name='train_stats', schema=['energy', 'variance'], directory=ckpt_save_path) as writer:
        for t in range(cfg.iterations):
            params, energy = update(params)
            writer.write(t, energy=float(energy), variance=0.0)
            if t % 100 == 0:
                checkpoint.save(ckpt_save_path, t, params)


def update(params):
    loss, grad = jax.value_and_grad(lambda p: (p ** 2).sum())(params)
    return params - 0.1 * grad, loss


if __name__ == '__main__':
    train(get_config())
"""


def test_a_writer_class_and_a_save_helper_in_a_timestamped_run_dir(tmp_path):
    write_repo(
        tmp_path,
        {
            "qmc/__init__.py": "",
            "qmc/utils/__init__.py": "",
            "qmc/utils/writers.py": WRITERS,
            "qmc/checkpoint.py": CHECKPOINT,
            "qmc/train.py": TRAIN,
        },
    )
    result = run_audit(tmp_path)
    by = {f.rule_id: f for f in result.findings}
    assert by["ET301"].status == "PASS"
    assert "never saved" not in by["ET310"].message
    results = next(d for d in result.scorecard.dimensions if d.name == "result_persistence")
    assert results.score >= 4 and "timestamped per run" in results.reasons[0]


MISC = """import glob
import os


def create_result_subdir(result_dir, desc):
    while True:
        run_id = 0
        for fname in glob.glob(os.path.join(result_dir, '*')):
            try:
                fbase = os.path.basename(fname)
                run_id = max(run_id, int(fbase[:fbase.find('-')]) + 1)
            except ValueError:
                pass
        result_subdir = os.path.join(result_dir, '%03d-%s' % (run_id, desc))
        try:
            os.makedirs(result_subdir)
            break
        except OSError:
            continue
    return result_subdir
"""

GAN = """import os
import pickle

import tensorflow as tf

import misc


def train_progressive_gan(result_dir='results', desc='pgan'):
    result_subdir = misc.create_result_subdir(result_dir, desc)
    summary_log = tf.summary.FileWriter(result_subdir)
    sess = tf.Session()
    for tick in range(100):
        summary, _ = sess.run([merged, train_op])
        summary_log.add_summary(summary, tick)
        with open(os.path.join(result_subdir, 'network-snapshot-%06d.pkl' % tick), 'wb') as f:
            pickle.dump(sess.run(weights), f)


if __name__ == '__main__':
    train_progressive_gan()
"""


def test_a_run_directory_numbered_after_the_runs_already_there(tmp_path):
    write_repo(tmp_path, {"misc.py": MISC, "train.py": GAN})
    result = run_audit(tmp_path)
    results = next(d for d in result.scorecard.dimensions if d.name == "result_persistence")
    assert results.score >= 4, results.reasons
    assert [p.keeping for p in result.ctx.records.checkpoints] == ["counter"]


def test_a_dataset_class_caching_what_it_computed_writes_no_configuration(tmp_path):
    generator = (
        "import json\nimport os\n\n\nclass OpenImagesGenerator:\n"
        "    def __init__(self, main_dir, subset, version='v4', labels_filter=None, annotation_cache_dir='.'):\n"
        "        annotation_cache_json = os.path.join(annotation_cache_dir, subset + '.json')\n"
        "        if os.path.exists(annotation_cache_json):\n"
        "            with open(annotation_cache_json, 'r') as f:\n                self.annotations = json.loads(f.read())\n"
        "        else:\n            self.annotations = build_annotations(main_dir, subset, version)\n"
        "            json.dump(self.annotations, open(annotation_cache_json, 'w'))\n"
    )
    train = (
        "import argparse\nfrom tensorflow import keras\nfrom data.open_images import OpenImagesGenerator\n\n\n"
        "def main():\n    p = argparse.ArgumentParser()\n    p.add_argument('--main_dir')\n"
        "    p.add_argument('--version', default='v4')\n    p.add_argument('--annotation_cache_dir', default='.')\n"
        "    args = p.parse_args()\n"
        "    gen = OpenImagesGenerator(args.main_dir, subset='train', version=args.version,\n"
        "                              annotation_cache_dir=args.annotation_cache_dir)\n"
        "    model = keras.Sequential([keras.layers.Dense(1)])\n    model.fit(gen, epochs=10)\n\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    write_repo(tmp_path, {"data/__init__.py": "", "data/open_images.py": generator, "train.py": train})
    result = run_audit(tmp_path)
    assert not any("subset}.json" in p.target for p in result.ctx.records.config)
