"""Families of real code the fresh79 round showed the auditor reading wrong, each with a synthetic case
of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, detections_by_tool, dimension, status_of

# A likelihood model's training loop (TF1 style) keeping its per-epoch test bits/dim in a list and
# saving the whole history with np.savez under a keyword, beside the checkpoint
SAVEZ_HISTORY = """
import argparse
import os

import numpy as np
import tensorflow as tf

parser = argparse.ArgumentParser()
parser.add_argument("--save_dir", type=str, default="save")
parser.add_argument("--epochs", type=int, default=10)
args = parser.parse_args()

loss = tf.reduce_mean(tf.square(tf.Variable(tf.zeros([4]))))
train_step = tf.train.AdamOptimizer(1e-3).minimize(loss)
saver = tf.train.Saver()
history = []
with tf.Session() as sess:
    for epoch in range(args.epochs):
        sess.run(train_step)
        history.append(sess.run(loss))
        saver.save(sess, os.path.join(args.save_dir, "params.ckpt"))
        np.savez(os.path.join(args.save_dir, "NAME.npz"), KEY=np.array(history))
"""


def test_savez_keyword_metric_history_is_a_metrics_record(tmp_path):
    """np.savez(path, test_bpd=np.array(history)): the arrays are given by keyword, named in the archive
    by it; a history of bits/dim (nll, perplexity) is the run's metrics, not "no metrics written"."""
    for key in ("test_bpd", "val_nll", "perplexity"):
        tree = tmp_path / key
        code = SAVEZ_HISTORY.replace("NAME", key).replace("KEY", key)
        result = audit_committed(tree, {"train.py": code})
        assert status_of(result, "ET301") == "PASS", key


def test_savez_keyword_arrays_that_are_not_metrics_stay_unread(tmp_path):
    """The same call saving a sample of images by keyword is not a metrics record."""
    code = SAVEZ_HISTORY.replace("NAME", "samples").replace("KEY", "images")
    result = audit_committed(tmp_path, {"train.py": code})
    assert status_of(result, "ET301") == "FAIL"


# An experiment wrapper of a research library: a numbered folder per run, the wrapped function's
# keyword arguments in variant.json, the commit in metadata.json (through a helper taking the path
# first), and dowel's logger writing a CSV table and TensorBoard events there
EXPERIMENT_WRAPPER = """
import json
import os
import subprocess

import dowel
from dowel import logger


def numbered_dir(path):
    i = 0
    while True:
        try:
            candidate = path if i == 0 else f"{path}_{i}"
            os.makedirs(candidate)
            return candidate
        except FileExistsError:
            i += 1


def dump_json(filename, data):
    with open(filename, "w") as f:
        json.dump(data, f, indent=2)


def get_metadata():
    root = subprocess.check_output(("git", "rev-parse", "--show-toplevel")).strip()
    sha = subprocess.check_output(("git", "rev-parse", "HEAD")).decode().strip()
    return root, {"githash": sha}


def run_experiment(function, name, **kwargs):
    log_dir = numbered_dir(os.path.join(os.getcwd(), "data", name))
    dump_json(os.path.join(log_dir, "variant.json"), kwargs)
    _, metadata = get_metadata()
    dump_json(os.path.join(log_dir, "metadata.json"), metadata)
    logger.add_output(dowel.CsvOutput(os.path.join(log_dir, "progress.csv")))
    logger.add_output(dowel.TensorBoardOutput(log_dir))
    return function(log_dir, **kwargs)
"""

WRAPPED_TRAINING = """
import numpy as np
from dowel import logger, tabular

from lab.experiment import run_experiment


def train(log_dir, seed=1, n_epochs=10):
    np.random.seed(seed)
    for epoch in range(n_epochs):
        tabular.record("Epoch", epoch)
        tabular.record("AverageReturn", float(np.random.rand()))
        logger.log(tabular)
        logger.dump_all()


if __name__ == "__main__":
    run_experiment(train, "train", seed=1, n_epochs=10)
"""


def _wrapper_tree(tmp_path):
    files = {"lab/__init__.py": "", "lab/experiment.py": EXPERIMENT_WRAPPER, "train.py": WRAPPED_TRAINING}
    return audit_committed(tmp_path, files)


def test_commit_returned_by_a_project_function_and_dumped_is_recorded(tmp_path):
    """`_, metadata = get_metadata()` where get_metadata reads `git rev-parse HEAD` into the dict it
    returns, then `dump_json(path, metadata)`: each run's folder holds its commit, not "read but never
    written"; the helper takes the path first, so the dict is the object written."""
    result = _wrapper_tree(tmp_path)
    assert status_of(result, "ET420") == "PASS"


def test_dowel_outputs_are_the_run_record(tmp_path):
    """logger.add_output(dowel.CsvOutput(path)) and dowel.TensorBoardOutput(log_dir): every
    tabular.record() row lands in the run's progress.csv and event files."""
    result = _wrapper_tree(tmp_path)
    tools = detections_by_tool(result)
    assert "tensorboard" in tools and "custom_logging" in tools
    assert status_of(result, "ET301") == "PASS"


def test_variant_json_is_a_configuration_record(tmp_path):
    """variant.json (rllab, rlkit and garage launchers' experiment dict) holds the run's settings."""
    result = _wrapper_tree(tmp_path)
    assert status_of(result, "ET210") == "PASS"


DOCKER_TRAIN = """
import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=1e-3)
args = parser.parse_args()
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
for _ in range(10):
    loss = model(torch.randn(8, 4)).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
torch.save(model.state_dict(), "model.pt")
"""

DOCKERFILE = """FROM nvidia/cuda:9.0-cudnn7-devel-ubuntu16.04
RUN apt-get update && apt-get install -y python3-pip
WORKDIR /opt/app
COPY ./docker/requirements.txt .
RUN pip install -r requirements.txt
COPY ./docker/notebook_config.py /root/.jupyter/
CMD ["jupyter", "notebook"]
"""


def test_a_docker_folder_holding_a_config_module_still_describes_the_environment(tmp_path):
    """docker/ with its own requirements.txt (loosely pinned) and a Jupyter config module the image copies
    in: a set-up folder, not a sub-project that trains nothing, so the container's own list counts and the
    environment is not 'exact pins + pinned image' on the strength of the root file alone."""
    root_pins = "".join(f"pkg{i}=={i}.0.0\n" for i in range(8)) + "torch==1.11.0\n"
    loose = "numpy\nscipy\nmatplotlib\npandas==0.23.1\ntorchvision\nscikit-learn\n"
    files = {
        "train.py": DOCKER_TRAIN,
        "requirements.txt": root_pins,
        "docker/Dockerfile": DOCKERFILE,
        "docker/requirements.txt": loose,
        "docker/notebook_config.py": "c = get_config()\nc.NotebookApp.ip = '0.0.0.0'\n",
        "README.md": "# Demo\n\n```\npip install -r requirements.txt\npython train.py\n```\n\nOr build docker/Dockerfile.\n",
    }
    result = audit_committed(tmp_path, files)
    env = dimension(result, "environment_capture")
    assert env.score <= 4
    assert "docker/requirements.txt" in " ".join(env.reasons)


CLOCK_SEEDED = """
import time

import numpy as np
import tensorflow as tf
from baselines.common import set_global_seeds
from mpi4py import MPI


def main():
    rank = MPI.COMM_WORLD.Get_rank()
    seed = int(time.time()) % 10000
    set_global_seeds(seed * 100 + rank)
    x = tf.Variable(np.random.randn(4).astype("float32"))
    loss = tf.reduce_sum(tf.square(x))
    step = tf.train.AdamOptimizer(1e-3).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(10):
            sess.run(step)


if __name__ == "__main__":
    main()
"""


def test_a_seed_read_from_the_clock_one_assignment_before_is_no_fixed_seed(tmp_path):
    """`seed = int(time.time()) % 10000; set_global_seeds(seed * 100 + rank)`: seeded, but with a new
    value on every run: ET401 says so instead of "seeds set"."""
    result = audit_committed(tmp_path, {"train_agent.py": CLOCK_SEEDED})
    finding = next(f for f in result.findings if f.rule_id == "ET401")
    assert finding.status == "FAIL"
    assert "clock" in finding.message and "train_agent.py:12" in finding.message


CHECKPOINT_WITH_ARGS_ENTRY = """
import argparse

import joblib
import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=1e-3)
parser.add_argument("--run-id", type=str, default="tmp")
args = parser.parse_args()


def save_params(weights, filename):
    data_dict = {}
    data_dict["args"] = vars(args)
    data_dict["params"] = weights
    joblib.dump(data_dict, "saved_models/" + filename + ".pkl")


weights = np.zeros(4)
for step in range(10):
    weights -= args.lr * np.random.randn(4)
save_params(weights, args.run_id)
"""


def test_an_options_entry_set_by_key_makes_the_checkpoint_hold_the_options(tmp_path):
    """`data_dict = {}; data_dict["args"] = vars(args); joblib.dump(data_dict, path)`: the entry set by
    its key is in the file, so every checkpoint carries the run's whole configuration."""
    result = audit_committed(tmp_path, {"train.py": CHECKPOINT_WITH_ARGS_ENTRY})
    assert status_of(result, "ET210") == "PASS"
    assert status_of(result, "ET211") == "PASS"


BOARD_GAME = """
import numpy as np


class Board:
    def __init__(self, width=6):
        self.width = width
        self.states = {}

    def get_legal_moves(self):
        return [m for m in range(self.width * self.width) if m not in self.states]

    def do_move(self, move, player):
        self.states[move] = player

    def winner(self):
        return None if len(self.states) < self.width * self.width else 0
"""

SELF_PLAY_TRAIN = """
import pickle
import random

import numpy as np

from game import Board


def self_play(weights):
    board, data, player = Board(), [], 1
    while board.winner() is None:
        moves = board.get_legal_moves()
        move = random.choice(moves)
        data.append((move, player))
        board.do_move(move, player)
        player = -player
    return data


def train():
    weights = np.zeros(36)
    for batch in range(100):
        for move, player in self_play(weights):
            weights[move] += 0.01 * player
    pickle.dump(weights, open("best_policy.model", "wb"))


if __name__ == "__main__":
    train()
"""


def test_self_play_on_a_plain_python_board_game_is_data_the_code_generates(tmp_path):
    """A board game written in plain Python (do_move, get_legal_moves) that training plays against
    itself, reading no data file: the data is generated by code committed with it, not a dataset of
    unknown provenance to document and hash."""
    result = audit_committed(tmp_path, {"game.py": BOARD_GAME, "train.py": SELF_PLAY_TRAIN})
    assert status_of(result, "ET120") == "PASS"
    assert dimension(result, "data_versioning").score >= 1
    f421 = next(f for f in result.findings if f.rule_id == "ET421")
    assert "own environment" in f421.message and "game.py" in f421.message


def test_a_board_game_beside_a_data_file_reader_is_no_own_environment(tmp_path):
    """The same game module where training reads a CSV of recorded games: the data is that file."""
    reads = SELF_PLAY_TRAIN.replace(
        "def train():\n", "def train():\n    import pandas as pd\n    games = pd.read_csv('data/games.csv')\n"
    )
    result = audit_committed(tmp_path, {"game.py": BOARD_GAME, "train.py": reads})
    assert status_of(result, "ET120") != "PASS"


def test_python_put_in_the_image_by_pyenv_or_a_miniconda_installer_is_pinned(tmp_path):
    """`pyenv install 3.6.12` in a Dockerfile, or the Miniconda3-py37_4.10.3 installer: the container's
    interpreter is that minor version."""
    for i, line in enumerate(
        (
            "RUN curl https://pyenv.run | bash && pyenv install 3.8.12 && pyenv global 3.8.12",
            "RUN curl -o ~/mc.sh -O https://repo.anaconda.com/miniconda/Miniconda3-py37_4.10.3-Linux-x86_64.sh",
        )
    ):
        docker = f"FROM ubuntu:18.04\n{line}\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n"
        files = {"train.py": DOCKER_TRAIN, "requirements.txt": "torch==1.11.0\n", "Dockerfile": docker}
        result = audit_committed(tmp_path / str(i), files)
        assert status_of(result, "ET411") == "PASS", line


def test_a_python_release_named_for_older_versions_is_not_the_stated_one(tmp_path):
    """ "requires Python 3.6+. If you need Python 3.5 support, the last release ... was v2020.06": the
    3.5 names what an older release supported, not the Python this code runs on."""
    readme = (
        "# Lab\n\nThe lab requires Python 3.6+. If you need Python 3.5 support, the last release to "
        "support Python 3.5 was v2020.06.\n\n```\npip install -r requirements.txt\npython train.py\n```\n"
    )
    files = {"train.py": DOCKER_TRAIN, "requirements.txt": "torch==1.11.0\n", "README.md": readme}
    result = audit_committed(tmp_path, files)
    finding = next(f for f in result.findings if f.rule_id == "ET411")
    assert "3.5" not in finding.message


def test_a_test_metric_kept_by_keyword_in_a_metrics_file_is_an_evaluation(tmp_path):
    """np.savez(path, test_bpd=...) each epoch: the held-out set is scored during training and its
    score is kept, so ET302 passes and ET310 does not ask whether training evaluates at all."""
    code = SAVEZ_HISTORY.replace("NAME", "test_bpd").replace("KEY", "test_bpd")
    result = audit_committed(tmp_path, {"train.py": code})
    assert status_of(result, "ET302") == "PASS"
    assert status_of(result, "ET310") != "REVIEW"


GAN_MODEL = """
import torch


class GAN:
    def __init__(self):
        self.G = torch.nn.Linear(4, 4)
        self.D = torch.nn.Linear(4, 1)
        self.optim_G = torch.optim.Adam(self.G.parameters())
        self.optim_D = torch.optim.Adam(self.D.parameters())

    def train_step(self, x):
        loss = self.D(self.G(x)).mean()
        self.optim_G.zero_grad()
        loss.backward()
        self.optim_G.step()
        return loss.item()

    def load(self, path):
        states = torch.load(path)
        self.G.load_state_dict(states["G"])
        self.optim_G.load_state_dict(states["optim_G"])
        self.optim_D.load_state_dict(states["optim_D"])

    def save_generator(self, path):
        torch.save({"G": self.G.state_dict()}, path)
"""

GAN_TRAIN = """
import argparse

import torch

from gan import GAN

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=10)
args = parser.parse_args()
gan = GAN()
for epoch in range(args.epochs):
    gan.train_step(torch.randn(8, 4))
    gan.save_generator(f"output/weights.{epoch}.pth")
"""

GAN_TEST = """
import argparse

import torch

from gan import GAN

parser = argparse.ArgumentParser()
parser.add_argument("--weights", type=str, required=True)
args = parser.parse_args()
gan = GAN()
gan.load(args.weights)
print(gan.G(torch.randn(1, 4)))
"""


def test_an_optimizer_restore_only_the_test_script_calls_is_no_resume(tmp_path):
    """A model class's load() restores optimizer state, but only test.py calls it and training saves
    the generator alone: training cannot resume."""
    files = {"gan.py": GAN_MODEL, "train.py": GAN_TRAIN, "test.py": GAN_TEST}
    result = audit_committed(tmp_path, files)
    assert status_of(result, "ET511") != "PASS"
    resumed = GAN_TRAIN.replace("gan = GAN()\n", "gan = GAN()\nif args.resume:\n    gan.load(args.resume)\n")
    resumed = resumed.replace(
        "args = parser.parse_args()", 'parser.add_argument("--resume", type=str)\nargs = parser.parse_args()'
    )
    files["train.py"] = resumed
    result = audit_committed(tmp_path / "resumed", files)
    assert status_of(result, "ET511") == "PASS"


SEED_HELPER = """
import random
import sys

import numpy as np


def set_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    if "torch" in sys.modules:
        import torch

        torch.manual_seed(seed)
        torch.backends.cudnn.deterministic = True
        torch.backends.cudnn.benchmark = False
"""


def test_a_determinism_setting_guarded_by_the_library_being_loaded_is_not_optional(tmp_path):
    """`if "torch" in sys.modules:` asks whether the program uses torch (it does), not whether an
    option is given: the deterministic setting holds for every torch run."""
    train = DOCKER_TRAIN.replace("import torch\n", "import torch\n\nfrom seeding import set_seed\n", 1)
    train = train.replace("args = parser.parse_args()\n", "args = parser.parse_args()\nset_seed(1)\n")
    result = audit_committed(tmp_path, {"seeding.py": SEED_HELPER, "train.py": train})
    assert status_of(result, "ET403") == "PASS"


LIST_DATASET_TRAIN = """
import torch

from datagen import ListDataset

train = ListDataset(root="/data/images", list_file="./data/voc12_train.txt", train=True)
val = ListDataset(root="/data/images", list_file="./data/voc12_val.txt", train=False)
loader = torch.utils.data.DataLoader(train, batch_size=8, shuffle=True)
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=1e-3)
for x, y in loader:
    loss = model(x).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
"""


def test_split_lists_named_by_a_dataset_prefix_in_a_data_folder_are_committed_splits(tmp_path):
    """data/voc12_train.txt and data/voc12_val.txt (one image and its boxes per line), read by the
    training through list_file=: the split is committed, and the file the code reads is the one cited."""
    rows = "".join(f"2007_{i:06d}.jpg 174 101 349 351 14\n" for i in range(40))
    files = {
        "datagen.py": "class ListDataset:\n    def __init__(self, root, list_file, train):\n        self.f = list_file\n",
        "train.py": LIST_DATASET_TRAIN,
        "data/voc12_train.txt": rows,
        "data/voc12_val.txt": rows,
        "data/coco17_val.txt": rows,
    }
    result = audit_committed(tmp_path, files)
    assert status_of(result, "ET121") == "PASS"
    assert result.ctx.taxonomy.split_files[0].path in ("data/voc12_train.txt", "data/voc12_val.txt")


def test_a_step_method_of_a_layer_or_sampler_is_no_game(tmp_path):
    """`def step(self, x, state)` of a recurrent layer (or an agent's or sampler's step): every project
    defines one, so it says nothing of the data being generated by a game of the project's own."""
    layer = "import torch\n\n\nclass Cell(torch.nn.Module):\n    def step(self, x, state):\n        return x + state\n"
    train = DOCKER_TRAIN.replace("import torch\n", "import torch\n\nfrom layers import Cell\n", 1)
    result = audit_committed(tmp_path, {"layers.py": layer, "train.py": train})
    f120 = next((f for f in result.findings if f.rule_id == "ET120"), None)
    assert f120 is None or "own environment" not in f120.message


def test_a_folder_of_pretrained_models_the_readme_points_to_is_a_release(tmp_path):
    """ "The pretrained model (PyTorch) can be found in ```pretrained_models/othello/pytorch/```" with
    .pth.tar checkpoints committed there: the trained models are released in the repository."""
    from experiment_tracking.scoring import released_weights

    readme = (
        "# Game\n\nWe trained a model for 6x6 boards. The pretrained model (PyTorch) can be found in "
        "```pretrained_models/othello/pytorch/```. Play against it with `python pit.py`.\n"
    )
    files = {
        "README.md": readme,
        "train.py": DOCKER_TRAIN,
        "pretrained_models/othello/pytorch/6x6_best.pth.tar": "weights",
    }
    result = audit_committed(tmp_path, files)
    e = released_weights(result.ctx)
    assert e is not None and e.path == "README.md"
