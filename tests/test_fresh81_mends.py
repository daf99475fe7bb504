"""Cases a code review of the fresh81 changes found the new rules reading wrong, each a synthetic
repository of our own: training scripts taken for self-tests, best blocks that keep nothing, and
other edges."""

from __future__ import annotations

import ast

from experiment_tracking.rules.phase3_results import _timing_column_in
from tests.rules.repo_helpers import audit_committed, dimension
from tests.test_fresh81_families import read_python2

TRAIN_THEN_TEST = """
import torch
import torch.nn as nn

from pkg.data import get_loader

model = nn.Linear(4, 2)


def train():
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for x, y in get_loader("train"):
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
    torch.save(model.state_dict(), "model.pt")


def test():
    confusion = torch.zeros(2, 2)
    for x, y in get_loader("test"):
        for t, p in zip(y, model(x).argmax(1)):
            confusion[t, p] += 1
    print(confusion.diag().sum() / confusion.sum())


if __name__ == "__main__":
    train()
    test()
"""
LOADER = "def get_loader(split):\n    return []\n"


def _entries(result):
    return [e.path for e in result.ctx.taxonomy.training_entry_points]


def test_a_main_block_that_trains_then_tests_is_no_self_test(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/data.py": LOADER, "pkg/train.py": TRAIN_THEN_TEST}
    assert "pkg/train.py" in _entries(audit_committed(tmp_path / "r", files))


SAM_LIKE = """
import argparse

import numpy as np
import torch

from sam import SAM
from data import Cifar

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", default=200, type=int)
    parser.add_argument("--seed", default=42, type=int)
    args = parser.parse_args()
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    dataset = Cifar(128)
    model = torch.nn.Linear(8, 10)
    optimizer = SAM(model.parameters(), torch.optim.SGD, lr=0.1)
    for epoch in range(args.epochs):
        for inputs, targets in dataset.train:
            torch.nn.functional.cross_entropy(model(inputs), targets).backward()
            optimizer.first_step(zero_grad=True)
            torch.nn.functional.cross_entropy(model(inputs), targets).backward()
            optimizer.second_step(zero_grad=True)
    torch.save(model.state_dict(), "model.pt")
"""
MANUAL_SGD = """
import numpy as np
import torch

if __name__ == "__main__":
    x = torch.from_numpy(np.random.uniform(-5, 5, size=(100, 1))).float()
    w = torch.randn(1, 1, requires_grad=True)
    for it in range(1000):
        loss = ((x @ w - torch.sin(x)) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= 0.01 * w.grad
            w.grad.zero_()
    torch.save(w, "w.pt")
"""


def test_a_top_level_script_stepping_a_pip_optimizer_trains(tmp_path):
    files = {
        "main.py": SAM_LIKE,
        "data.py": "class Cifar:\n    def __init__(self, n):\n        self.train = []\n",
    }
    assert _entries(audit_committed(tmp_path / "r", files)) == ["main.py"]


def test_a_top_level_script_updating_weights_by_hand_trains(tmp_path):
    assert _entries(audit_committed(tmp_path / "r", {"sinusoid.py": MANUAL_SGD})) == ["sinusoid.py"]


SMOKE_WITH_DICT_UPDATE = """
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 4)

    def load_pretrained(self, state):
        own = self.state_dict()
        own.update({k: v for k, v in state.items() if k in own})
        self.load_state_dict(own)


if __name__ == "__main__":
    out = Net()(torch.randn(2, 8))
    out.sum().backward()
    print("ok")
"""


def test_a_dicts_update_is_no_optimizer_step(tmp_path):
    assert _entries(audit_committed(tmp_path / "r", {"netv2.py": SMOKE_WITH_DICT_UPDATE})) == []


def test_a_library_whose_backward_and_step_sit_in_two_modules_holds_training_code(tmp_path):
    from experiment_tracking.rules.facts import training_code

    grad = "def backward_and_clip(loss, params):\n    loss.backward()\n"
    trainer = (
        "import torch\nfrom lib.grad import backward_and_clip\n\n\nclass Trainer:\n"
        "    def __init__(self, model):\n        self.model = model\n"
        "        self.opt = torch.optim.Adam(model.parameters())\n\n"
        "    def fit_batch(self, x, y):\n        self.opt.zero_grad()\n"
        "        backward_and_clip(torch.nn.functional.mse_loss(self.model(x), y), self.model.parameters())\n"
        "        self.opt.step()\n"
    )
    files = {"lib/__init__.py": "", "lib/grad.py": grad, "lib/trainer.py": trainer}
    assert training_code(audit_committed(tmp_path / "r", files).ctx) is not None


BEST_BLOCK = """
import torch

from utils import print_log

model = torch.nn.Linear(8, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
best_acc = 0.0
for epoch in range(10):
    opt.zero_grad()
    model(torch.zeros(2, 8)).sum().backward()
    opt.step()
    acc = float(epoch)
    if acc > best_acc:
        best_acc = acc
        BODY
    torch.save(model.state_dict(), "checkpoints/last.pt")
"""
# a writer of the project's (its path a parameter), handed a message that says "best", not a path
UTILS = "def print_log(msg, path='logs/train.log'):\n    with open(path, 'a') as f:\n        f.write(msg + '\\n')\n"


def _et310(result):
    return next(f for f in result.findings if f.rule_id == "ET310").message


def test_a_best_block_that_only_logs_a_message_keeps_no_best_model(tmp_path):
    body = 'print_log(f"new best accuracy {best_acc:.3f}", "logs/train.log")'
    result = audit_committed(
        tmp_path / "r", {"train.py": BEST_BLOCK.replace("BODY", body), "utils.py": UTILS}
    )
    assert "the best model is selected" not in _et310(result)


def test_a_threshold_against_a_constant_is_no_best_selection(tmp_path):
    src = BEST_BLOCK.replace("if acc > best_acc:", "if max_jitter > 0:").replace(
        "best_acc = 0.0", "best_acc = 0.0\nmax_jitter = 1"
    )
    body = "torch.save(model.state_dict(), 'checkpoints/jitter.pt')"
    result = audit_committed(tmp_path / "r", {"train.py": src.replace("BODY", body), "utils.py": UTILS})
    assert "the best model is selected" not in _et310(result)


BASELINES_FN = """
from baselines import logger
from baselines.ppo2 import ppo2


def train_fn(env_name, log_dir="/tmp/procgen"):
    logger.configure(dir=log_dir, format_strs=["csv"])
    ppo2.learn(env=env_name, network="cnn", total_timesteps=1000)
"""
RUNNER = """
import time

from train import train_fn

if __name__ == "__main__":
    train_fn("coinrun", log_dir="runs/" + time.strftime("%Y%m%d-%H%M%S"))
"""


def test_a_log_dir_another_module_passes_is_not_the_default(tmp_path):
    result = audit_committed(tmp_path / "r", {"train.py": BASELINES_FN, "run_experiments.py": RUNNER})
    parts = [p for p in result.ctx.records.metrics if p.target.endswith("progress.csv")]
    assert parts and parts[0].keeping != "fixed", parts


PREDICT = """
import torch

from transforms import get_transform

if __name__ == "__main__":
    t = get_transform(train=False)
    model = torch.load("model.pt")
    print(model(t(torch.zeros(1, 3))))
"""
TRANSFORMS = "def get_transform(train=True):\n    return (lambda x: x) if train else (lambda x: x * 1)\n"
TRAIN_PLAIN = """
import torch

model = torch.nn.Linear(3, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(100):
    opt.zero_grad()
    model(torch.zeros(2, 3)).sum().backward()
    opt.step()
torch.save(model, "model.pt")
"""


def test_a_builder_told_train_false_is_no_evaluation_loop(tmp_path):
    files = {"train.py": TRAIN_PLAIN, "predict.py": PREDICT, "transforms.py": TRANSFORMS}
    f = next(f for f in audit_committed(tmp_path / "r", files).findings if f.rule_id == "ET302")
    assert "held-out" not in " ".join(e.detail for e in f.evidence), f


RL_LOG = """
import time

import torch
from torch.utils.tensorboard import SummaryWriter

writer = SummaryWriter()
policy = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(policy.parameters())
log_f = open("PPO_log.csv", "w")
log_f.write("episode,time_step,reward\\n")
time_step = 0
for episode in range(100):
    start = time.time()
    for t in range(200):
        time_step += 1
        opt.zero_grad()
        policy(torch.zeros(1, 4)).sum().backward()
        opt.step()
    writer.add_scalar("Episode duration", t + 1, episode)
    took = time.time() - start
    print(took)
    log_f.write("{},{},{}\\n".format(episode, time_step, float(t)))
torch.save(policy.state_dict(), "policy.pt")
"""


def _et303(files, tmp_path):
    return next(f for f in audit_committed(tmp_path, files).findings if f.rule_id == "ET303")


def test_a_time_step_column_is_no_timing(tmp_path):
    src = RL_LOG.replace('    writer.add_scalar("Episode duration", t + 1, episode)\n', "")
    f = _et303({"ppo.py": src}, tmp_path / "col")
    assert f.status != "PASS", f.message
    # the header's step counter is no timing column, whatever the rows carry
    assert _timing_column_in('log_f.write("episode,time_step,reward\\n")') == ""
    assert _timing_column_in('log_f.write("episode,wall_time,reward\\n")') == "wall_time"


def test_an_episode_duration_tag_counting_steps_is_no_timing(tmp_path):
    src = (
        RL_LOG.replace("    start = time.time()\n", "")
        .replace("    took = time.time() - start\n    print(took)\n", "")
        .replace("import time\n\n", "")
    )
    assert "time.time" not in src
    f = _et303({"dqn.py": src}, tmp_path / "tag")
    assert f.status != "PASS", f.message


COMMIT_AFTER_DUMP = """
import argparse
import json
import os
import subprocess

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--save", default="out")
args = parser.parse_args()
os.makedirs(args.save, exist_ok=True)
with open(os.path.join(args.save, "args.json"), "w") as f:
    json.dump(vars(args), f)
args.git_hash = subprocess.check_output(["git", "rev-parse", "HEAD"]).strip()
model = torch.nn.Linear(2, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
opt.zero_grad()
model(torch.zeros(1, 2)).sum().backward()
opt.step()
torch.save(model.state_dict(), os.path.join(args.save, "model.pt"))
"""


def test_a_commit_set_on_the_options_after_they_are_written_is_not_recorded(tmp_path):
    result = audit_committed(tmp_path / "r", {"main.py": COMMIT_AFTER_DUMP})
    assert next(f for f in result.findings if f.rule_id == "ET420").status != "PASS"


def test_weights_the_reader_downloads_and_places_are_no_release(tmp_path):
    readme = (
        "# SD demo\n\nA web demo.\n\n## Pretrained weights\n\nDownload the [Stable Diffusion checkpoint]"
        "(https://huggingface.co/CompVis/stable-diffusion-v-1-4-original/resolve/main/sd-v1-4.ckpt) "
        "and put it under `models/`.\n"
    )
    app = "import torch\n\nif __name__ == '__main__':\n    model = torch.load('models/sd-v1-4.ckpt')\n"
    result = audit_committed(tmp_path / "r", {"README.md": readme, "app.py": app})
    assert dimension(result, "result_persistence").score == 0


def test_python2_prints_after_except_and_def_and_a_colon_in_a_string():
    src = (
        "from __builtin__ import False, True\n"
        "print 'a'\n"
        "try:\n    import foo\nexcept ImportError: print 'no foo'\n"
        "def f(x): print x\n"
        "if verbose: msg = 'usage: print the loss'\n"
    )
    tree, _ = read_python2(src)
    assert tree is not None
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert "usage: print the loss" in strings


def test_an_mpi_adam_alone_is_no_distributed_training(tmp_path):
    src = (
        "import tensorflow as tf\nfrom baselines.common.mpi_adam import MpiAdam\n\n"
        "if __name__ == '__main__':\n    x = tf.Variable(1.0)\n    adam = MpiAdam([x])\n"
        "    opt = tf.train.AdamOptimizer(1e-3)\n    sess = tf.Session()\n"
        "    sess.run(opt.minimize(x * x))\n"
    )
    result = audit_committed(tmp_path / "r", {"train_ddpg.py": src})
    assert not [d for d in result.ctx.detections if d.tool == "mpi" and d.usage == "used"]
