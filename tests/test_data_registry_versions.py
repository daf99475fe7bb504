"""Where the training data comes from, by what the code loads: a Hub dataset named without a revision
is whatever its main branch holds at download time (a download without a version); a TFDS builder's
preparation is fixed and checksummed by the library (deterministic preparation); load_dataset("json",
data_files=...) reads the project's own files; a project that pickles D4RL datasets for its training
trains on recorded data, not on the simulator. Synthetic repositories."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, status_of, write_repo

HUB = """
from datasets import load_dataset
from transformers import Trainer

data = load_dataset("tatsu-lab/alpaca"{revision})
trainer = Trainer(model=model, train_dataset=data["train"].map(tokenize))
trainer.train()
"""


def _data(tmp_path, files):
    write_repo(tmp_path, files)
    result = run_audit(tmp_path)
    return result, dimension(result, "data_versioning")


def test_a_hub_dataset_without_revision_is_a_download_without_version(tmp_path):
    _, dim = _data(tmp_path, {"train.py": HUB.format(revision="")})
    assert dim.score == 1, dim.reasons
    assert "Hugging Face Hub" in dim.reasons[0] and "train.py:4" in dim.reasons[0]


def test_a_hub_dataset_at_a_revision_is_a_pinned_version(tmp_path):
    _, dim = _data(tmp_path, {"train.py": HUB.format(revision=', revision="a1b2c3d"')})
    assert dim.score >= 2, dim.reasons


def test_a_tfds_builder_by_name_is_deterministic_preparation(tmp_path):
    code = "import tensorflow_datasets as tfds\nds = tfds.load('cifar10', split='train')\nmodel.fit(ds)\n"
    _, dim = _data(tmp_path, {"train.py": code})
    assert dim.score == 2, dim.reasons


def test_local_json_files_read_through_load_dataset_are_not_a_public_download(tmp_path):
    code = HUB.replace(
        'load_dataset("tatsu-lab/alpaca"{revision})', 'load_dataset("json", data_files=args.train_file)'
    )
    _, dim = _data(tmp_path, {"train.py": code})
    assert "Hub" not in " ".join(dim.reasons) and "public source or download" not in " ".join(dim.reasons)


D4RL_DOWNLOAD = """
import pickle

import d4rl
import gym

for name in ["halfcheetah", "hopper"]:
    env = gym.make(f"{name}-medium-v2")
    dataset = env.get_dataset()
    with open(f"{name}-medium-v2.pkl", "wb") as f:
        pickle.dump(dataset, f)
"""

OFFLINE_TRAIN = """
import pickle

import gym
import torch

env = gym.make("Hopper-v3")
with open(f"data/{args.env}-{args.dataset}-v2.pkl", "rb") as f:
    trajectories = pickle.load(f)
for step in range(1000):
    loss = model(trajectories).mean()
    loss.backward()
    optimizer.step()
"""


def test_d4rl_datasets_pickled_by_a_download_script_are_the_training_data(tmp_path):
    result, _ = _data(
        tmp_path,
        {
            "experiment.py": OFFLINE_TRAIN,
            "data/download_d4rl_datasets.py": D4RL_DOWNLOAD,
            "environment.yml": "dependencies:\n  - python=3.8\n  - pip:\n    - gym==0.18.3\n",
        },
    )
    assert status_of(result, "ET120") != "PASS"  # not "the simulator generates the data"
