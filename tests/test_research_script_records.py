"""Research scripts' own records, read from data flow: scripts named like tests that train, objects
built from the options (which are not the options), options kept in a checkpoint under any key,
numpy parameter vectors and MPI workers."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

TASK = """
import argparse
import torch
from utils import Corpus, save

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=1e-3)
parser.add_argument("--nhid", type=int, default=64)
parser.add_argument("--data", default="data/")
args = parser.parse_args()
torch.manual_seed(1111)
corpus = Corpus(args.data)
model = torch.nn.LSTM(10, args.nhid)
opt = torch.optim.Adam(model.parameters(), lr=args.lr)


def train():
    for epoch in range(10):
        loss = model(corpus.train)[0].sum()
        loss.backward()
        opt.step()
        print("epoch", epoch, loss.item())
    save(model)


if __name__ == "__main__":
    train()
"""
UTILS = """
import pickle
import torch


class Corpus:
    def __init__(self, path):
        self.train = torch.zeros(3, 10)


def cache(corpus, path):
    pickle.dump(corpus, open(path + "/corpus", "wb"))


def save(model):
    torch.save(model, "model.pt")
"""


def _collection(tmp_path, names):
    files = {"README.md": "# Sequence benchmarks\n\nRun `python [TASK]_test.py` in each task folder.\n"}
    for n in names:
        files |= {f"{n}/{n}_test.py": TASK, f"{n}/utils.py": UTILS}
    return write_repo(tmp_path, files)


def test_scripts_named_like_tests_that_train_are_training_entry_points(tmp_path):
    result = run_audit(_collection(tmp_path, ["char_cnn", "word_cnn"]))
    entries = {e.path for e in result.ctx.taxonomy.training_entry_points}
    assert entries == {"char_cnn/char_cnn_test.py", "word_cnn/word_cnn_test.py"}


def test_a_real_test_module_stays_a_test(tmp_path):
    test = "import unittest\nfrom model_test import *\n\n\nclass ModelTest(unittest.TestCase):\n"
    test += "    def test_shapes(self):\n        self.assertEqual(1, 1)\n\n\nif __name__ == '__main__':\n"
    test += "    unittest.main()\n"
    write_repo(tmp_path, {"train.py": TASK, "utils.py": UTILS, "model_test.py": test})
    entries = {e.path for e in run_audit(tmp_path).ctx.taxonomy.training_entry_points}
    assert "model_test.py" not in entries


def test_a_model_built_from_the_options_is_not_a_record_of_them(tmp_path):
    # save(model) where model = LSTM(10, args.nhid): the file holds weights, not the configuration
    params = dimension(run_audit(_collection(tmp_path, ["char_cnn", "word_cnn"])), "parameter_logging")
    assert params.score == 1, params.reasons


def test_options_kept_in_a_checkpoint_under_a_settings_key_are_recorded(tmp_path):
    train = TASK.replace(
        "    save(model)",
        "    checkpoint = {'epoch': epoch, 'settings': args, 'model': model.state_dict()}\n"
        "    torch.save(checkpoint, 'model.chkpt')",
    )
    write_repo(tmp_path, {"train.py": train, "utils.py": UTILS})
    params = dimension(run_audit(tmp_path), "parameter_logging")
    assert params.score == 3 and "checkpoint" in " ".join(params.reasons), params.reasons


ES_TRAIN = """
import argparse
import json
import numpy as np

gamename = "invalid_gamename"
optimizer = "cma"
filebase = None


def initialize_settings(popsize):
    global filebase
    filebase = "log/" + gamename + "." + optimizer + "." + str(popsize)


def train(es):
    best_params, best_reward = None, -1e9
    for t in range(100):
        solutions = es.ask()
        es.tell([float(np.sum(s)) for s in solutions])
        with open(filebase + ".json", "wt") as out:
            json.dump([np.array(es.current_param()).round(4).tolist()], out)
        reward = float(np.sum(es.current_param()))
        if reward > best_reward:
            best_params, best_reward = es.current_param().tolist(), reward
        with open(filebase + ".best.json", "wt") as out:
            json.dump([best_params, best_reward], out)


def main(args):
    global gamename, optimizer
    gamename = args.gamename
    optimizer = args.optimizer
    initialize_settings(args.popsize)
    train(None)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("gamename")
    parser.add_argument("-o", "--optimizer", default="cma")
    parser.add_argument("--popsize", type=int, default=64)
    main(parser.parse_args())
"""


def test_a_numpy_models_parameter_vector_saved_as_json_is_its_checkpoint(tmp_path):
    write_repo(tmp_path, {"train.py": ES_TRAIN})
    result = run_audit(tmp_path)
    f310 = next(f for f in result.findings if f.rule_id == "ET310")
    assert f310.status == "PASS", f310.message
    # "{optimizer}" filled into a file name is a value, not a file named for its options
    assert not [p for p in result.ctx.records.config if "{optimizer}" in p.target]


def test_a_module_name_reassigned_under_global_is_no_fixed_path_part(tmp_path):
    write_repo(tmp_path, {"train.py": ES_TRAIN})
    targets = {w.target for w in run_audit(tmp_path).ctx.index.modules["train.py"].writes}
    assert not any("invalid_gamename" in t for t in targets), targets
    assert any(t.startswith("log/{gamename}.") for t in targets), targets


MPI_TRAIN = """
import os
import subprocess
import sys
import numpy as np
from mpi4py import MPI

comm = MPI.COMM_WORLD


def worker():
    packet = np.empty(10)
    comm.Recv(packet, source=0)
    comm.Send(packet * 2, dest=0)


def mpi_fork(n):
    if os.getenv("IN_MPI") is None:
        subprocess.check_call(["mpirun", "-np", str(n), sys.executable] + ["-u"] + sys.argv)
        return "parent"
    return "child"


if __name__ == "__main__":
    if mpi_fork(8) == "child":
        for generation in range(100):
            worker()
"""


def test_workers_exchanging_solutions_over_mpi_relaunched_by_the_script_are_scripted_mpi(tmp_path):
    write_repo(tmp_path, {"train.py": MPI_TRAIN})
    result = run_audit(tmp_path)
    assert any(d.tool == "mpi" and d.usage == "used" for d in result.ctx.detections)
    f510 = next(f for f in result.findings if f.rule_id == "ET510")
    assert f510.status == "PASS" and "mpirun" in " ".join(e.detail for e in f510.evidence)


def test_an_ini_style_model_config_of_training_settings_is_a_config_file(tmp_path):
    cfg = "[net]\nbatch=16\nlearning_rate=0.0001\nmomentum=0.9\ndecay=0.0005\n\n[convolutional]\nfilters=32\n"
    cfg += "size=3\n\n[convolutional]\nfilters=64\nsize=3\n"
    train = TASK.replace(
        'parser.add_argument("--data", default="data/")',
        'parser.add_argument("--model", default="config/net.cfg")',
    )
    write_repo(tmp_path, {"train.py": train, "utils.py": UTILS, "config/net.cfg": cfg})
    params = dimension(run_audit(tmp_path), "parameter_logging")
    assert params.score == 2 and "config/net.cfg" in " ".join(params.reasons), params.reasons


def test_a_script_running_the_models_tf1_train_op_trains(tmp_path):
    model = "import tensorflow as tf\n\n\nclass ConvVAE:\n    def __init__(self):\n"
    model += "        self.loss = tf.reduce_mean(tf.zeros([1]))\n"
    model += "        self.train_op = tf.train.AdamOptimizer(1e-4).minimize(self.loss)\n"
    model += "        self.sess = tf.Session()\n"
    script = "import numpy as np\nfrom vae import ConvVAE\n\nvae = ConvVAE()\nfor epoch in range(10):\n"
    script += "    loss, _ = vae.sess.run([vae.loss, vae.train_op], feed_dict={})\n"
    write_repo(tmp_path, {"vae.py": model, "vae_fit.py": script})
    entries = [e.path for e in run_audit(tmp_path).ctx.taxonomy.training_entry_points]
    assert "vae_fit.py" in entries, entries


def test_a_mock_environment_the_tests_use_is_not_the_projects_code(tmp_path):
    mock = "import numpy as np\n\n\nclass MockEnvironment:\n    def __init__(self, seed=0):\n"
    mock += "        self._random = np.random.RandomState(seed)\n        np.random.seed(17)\n"
    write_repo(
        tmp_path,
        {
            "train.py": TASK.replace("torch.manual_seed(1111)\n", ""),
            "utils.py": UTILS,
            "tools/mock_environment.py": mock,
        },
    )
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET401")
    assert f.status == "FAIL" and "mock_environment" not in " ".join(e.path for e in f.evidence), f.message


def test_a_best_score_kept_under_a_stats_key_selects_the_best_model(tmp_path):
    train = TASK.replace(
        "    save(model)\n",
        "    stats = {'best_valid': 0}\n    for epoch in range(3):\n        result = {'f1': float(epoch)}\n"
        "        if result['f1'] > stats['best_valid']:\n            torch.save(model.state_dict(), args.model_file)\n"
        "            stats['best_valid'] = result['f1']\n",
    )
    write_repo(tmp_path, {"train.py": train, "utils.py": UTILS})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET310")
    assert f.status == "PASS" and "best model is selected" in f.message, f.message
