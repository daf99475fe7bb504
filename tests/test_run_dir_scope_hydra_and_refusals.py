"""Two ways a per-run claim was wrongly carried over:

- A dataset script that raises when its input is missing (`if not zip_path.is_file(): raise`) does not
  refuse to reuse a filled directory, and a directory built from `Path(__file__).parent` means a
  different folder in each module: neither makes another script's outputs per run.
- Hydra gives each run a timestamped output directory, but a script that makes its checkpoint folder
  absolute from the launch directory (`to_absolute_path(__file__)`) writes outside it: the level names
  that and asks, rather than claiming the checkpoints are kept per run."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

DATASET = """import zipfile
from pathlib import Path

dataset_root = Path(__file__).resolve().parent.joinpath('dataset')


def extract():
    zip_path = dataset_root.joinpath('train_1.zip')
    if not zip_path.is_file():
        raise RuntimeError('train_1.zip was not found. Please download the dataset.')
    with zipfile.ZipFile(str(zip_path)) as f:
        f.extractall(path=str(dataset_root))
"""

TRAIN_KERAS = """import argparse
from pathlib import Path

import numpy as np
from tensorflow.keras.callbacks import ModelCheckpoint


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--output_dir', default='checkpoints')
    args = parser.parse_args()
    output_dir = Path(__file__).resolve().parent.joinpath(args.output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    model = build()
    hist = model.fit(x, y, epochs=10, validation_data=(xv, yv),
                     callbacks=[ModelCheckpoint(str(output_dir) + '/weights.{epoch:03d}.hdf5')])
    np.savez(str(Path(__file__).resolve().parent.joinpath(args.output_dir, 'history.npz')), history=hist.history)


if __name__ == '__main__':
    main()
"""

HYDRA_TRAIN = """from pathlib import Path

import hydra
from hydra.utils import to_absolute_path
from tensorflow.keras.callbacks import ModelCheckpoint


@hydra.main(config_path='config.yaml')
def main(cfg):
    checkpoint_dir = Path(to_absolute_path(__file__)).parent.joinpath('checkpoint')
    checkpoint_dir.mkdir(exist_ok=True)
    model = build(cfg)
    model.fit(x, y, epochs=cfg.train.epochs, validation_data=(xv, yv),
              callbacks=[ModelCheckpoint(str(checkpoint_dir) + '/weights.{epoch:03d}.hdf5')])


if __name__ == '__main__':
    main()
"""


def _results(tmp_path, files):
    write_repo(tmp_path, files)
    return next(d for d in run_audit(tmp_path).scorecard.dimensions if d.name == "result_persistence")


def test_a_missing_input_check_elsewhere_does_not_make_a_run_directory(tmp_path):
    d = _results(tmp_path, {"lap/create_lap_dataset.py": DATASET, "age/train.py": TRAIN_KERAS})
    assert "refuses to reuse" not in " ".join(d.reasons)


def test_hydra_checkpoints_made_absolute_are_not_claimed_per_run(tmp_path):
    d = _results(tmp_path, {"train.py": HYDRA_TRAIN, "config.yaml": "train:\n  epochs: 10\n"})
    assert d.score == 2 and "to_absolute_path" in d.reasons[0] and d.review
