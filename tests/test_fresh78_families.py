"""Families of real code the fresh78 round showed the auditor reading wrong, each with a synthetic case
of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, detections_by_tool, dimension, status_of

# An RL loop writing through Baselines' logger inside `with logger.scoped_configure(...)`: rank 0
# keeps stdout, log and csv, the other workers only the log (a choice the code computes per rank)
SCOPED_LOGGER = """
import argparse
from baselines import logger
from mpi4py import MPI
import tensorflow as tf


def make_agent():
    loss = tf.reduce_mean(tf.square(tf.Variable(tf.zeros([4]))))
    return Agent(tf.train.AdamOptimizer(1e-4).minimize(loss))


def train(agent, steps):
    for _ in range(steps):
        info = agent.step()
        logger.logkvs(info)
        logger.dumpkvs()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=100)
    args = parser.parse_args()
    formats = ["stdout", "log", "csv"] if MPI.COMM_WORLD.Get_rank() == 0 else ["log"]
    with logger.scoped_configure(dir=None, format_strs=formats):
        train(make_agent(), args.steps)


if __name__ == "__main__":
    main()
"""


def test_baselines_scoped_configure_is_the_run_record(tmp_path):
    """`logger.scoped_configure()` is configure() for a with-block: the loop's logkvs/dumpkvs land in
    progress.csv of a fresh openai-<time> folder, a hand-written run record, not "no tracker"."""
    result = audit_committed(tmp_path, {"run.py": SCOPED_LOGGER})
    assert "custom_logging" in detections_by_tool(result)
    assert status_of(result, "ET301") == "PASS"
    assert status_of(result, "ET101") == "PASS"


DASHBOARD_COMPOSE = """
version: '3.6'
services:
  mongo:
    image: mongo:6.0
  mongo-express:
    image: mongo-express:1.0
    depends_on: [mongo]
  omniboard:
    image: vivekratnavel/omniboard:latest
    depends_on: [mongo]
  board:
    build: ./board
    depends_on: [mongo]
"""

BOARD_DOCKERFILE = """
FROM python:3.6-jessie
RUN pip install sacredboard
ENTRYPOINT sacredboard -mu mongodb://mongo:27017/runs
"""

SACRED_TRAIN = """
from sacred import Experiment
from sacred.observers import MongoObserver
import torch

ex = Experiment("mnist")
ex.observers.append(MongoObserver())


@ex.config
def config():
    lr = 0.01


@ex.automain
def main(lr):
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    for step in range(10):
        loss = model(torch.randn(3, 4)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        ex.log_scalar("loss", loss.item(), step)
"""


def test_compose_stack_of_a_database_and_dashboards_is_no_environment_container(tmp_path):
    """A compose file that starts MongoDB, mongo-express, Omniboard and a sacredboard image is where the
    runs' records are kept and viewed: it runs none of the project's code, so it captures no environment."""
    files = {
        "train.py": SACRED_TRAIN,
        "requirements.txt": "sacred\ntorch\n",
        "docker/docker-compose.yml": DASHBOARD_COMPOSE,
        "docker/board/Dockerfile": BOARD_DOCKERFILE,
        "README.md": "# mnist\n\nRun `docker compose -f docker/docker-compose.yml up` to view the runs.\n",
    }
    result = audit_committed(tmp_path, files)
    assert dimension(result, "environment_capture").score <= 1


SWA_LIKE = """
import argparse
import os
import sys
import torch
import torch.nn.functional as F

parser = argparse.ArgumentParser()
parser.add_argument("--dir", type=str, required=True)
parser.add_argument("--lr", type=float, default=0.1)
parser.add_argument("--epochs", type=int, default=10)
args = parser.parse_args()
os.makedirs(args.dir, exist_ok=True)
with open(os.path.join(args.dir, "command.sh"), "w") as f:
    f.write(" ".join(sys.argv))


def evaluate(loader, model):
    correct = 0
    for x, y in loader:
        correct += model(x).argmax(1).eq(y).sum().item()
    return {"accuracy": correct / len(loader.dataset)}


model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
for epoch in range(args.epochs):
    for x, y in loaders["train"]:
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    test_res = evaluate(loaders["test"], model)
    print(epoch, test_res["accuracy"])
    torch.save({"epoch": epoch, "state_dict": model.state_dict()}, os.path.join(args.dir, "checkpoint-%d.pt" % epoch))
"""


def test_command_line_and_checkpoints_record_no_evaluation(tmp_path):
    """A run folder holding the command line and weight-only checkpoints keeps no metric: evaluation
    computed each epoch and printed is not "computed and recorded"."""
    result = audit_committed(tmp_path, {"train.py": SWA_LIKE})
    assert status_of(result, "ET302") == "WARN"


OWN_METRICS = """
import numpy as np


def accuracy_score(y_true, y_pred):
    return np.sum(y_true == y_pred, axis=0) / len(y_true)


def train_test_split(X, y, test_size=0.5):
    split = len(y) - int(len(y) // (1 / test_size))
    return X[:split], X[split:], y[:split], y[split:]
"""

OWN_METRICS_DEMO = """
import numpy as np
from utils import accuracy_score, train_test_split


class Perceptron:
    def __init__(self, n_iterations=100, learning_rate=0.01):
        self.n_iterations = n_iterations
        self.learning_rate = learning_rate

    def fit(self, X, y):
        self.w = np.zeros(X.shape[1])
        for _ in range(self.n_iterations):
            grad = X.T.dot(X.dot(self.w) - y)
            self.w -= self.learning_rate * grad

    def predict(self, X):
        return (X.dot(self.w) > 0.5).astype(int)


def main():
    X, y = np.random.rand(100, 3), np.random.randint(0, 2, 100)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.4)
    clf = Perceptron()
    clf.fit(X_train, y_train)
    y_pred = clf.predict(X_test)
    print("Accuracy:", accuracy_score(y_test, y_pred))


if __name__ == "__main__":
    main()
"""


def test_own_accuracy_score_on_held_out_labels_is_an_evaluation(tmp_path):
    """A library written from scratch defines accuracy_score() itself and calls it on y_test: evaluation
    metrics are computed (and only printed), not "no evaluation metric computation found"."""
    result = audit_committed(tmp_path, {"utils.py": OWN_METRICS, "perceptron.py": OWN_METRICS_DEMO})
    f = [x for x in result.findings if x.rule_id == "ET302"]
    assert f and f[0].status == "WARN" and "only printed" in f[0].message


PLANET_LIKE = """
import argparse
import os
import gym
import numpy as np
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--id", type=str, default="default")
parser.add_argument("--episodes", type=int, default=100)
parser.add_argument("--test-interval", type=int, default=25)
args = parser.parse_args()
results_dir = os.path.join("results", args.id)
os.makedirs(results_dir, exist_ok=True)
metrics = {"episodes": [], "train_rewards": [], "test_episodes": [], "test_rewards": []}
env = gym.make("Pendulum-v0")
policy = torch.nn.Linear(3, 1)
optimiser = torch.optim.Adam(policy.parameters(), lr=1e-3)
for episode in range(args.episodes):
    observation, total_reward, done = env.reset(), 0, False
    while not done:
        action = policy(torch.as_tensor(observation, dtype=torch.float32))
        observation, reward, done, _ = env.step(action.detach().numpy())
        total_reward += reward
    loss = -action.sum()
    optimiser.zero_grad()
    loss.backward()
    optimiser.step()
    metrics["episodes"].append(episode)
    metrics["train_rewards"].append(total_reward)
    if episode % args.test_interval == 0:
        with torch.no_grad():
            returns = np.zeros(5)
        metrics["test_episodes"].append(episode)
        metrics["test_rewards"].append(returns.tolist())
        torch.save(metrics, os.path.join(results_dir, "metrics.pth"))
"""


def test_test_episode_returns_kept_in_the_saved_metrics_dict_are_evaluation(tmp_path):
    """`metrics['test_rewards'].append(...)` into the dict `torch.save(metrics, 'metrics.pth')` keeps: the
    test episodes' returns are the evaluation, recorded in the run's metrics file."""
    result = audit_committed(tmp_path, {"main.py": PLANET_LIKE})
    f = next(x for x in result.findings if x.rule_id == "ET302")
    assert f.status == "PASS" and "test_rewards" in f.message


SED_TOKENIZER = (
    "\n".join(f"s/{chr(97 + i % 26)}\\([.,;]\\)/{chr(97 + i % 26)} \\1/g" for i in range(300)) + "\n"
)

SENTEVAL_LIKE = """
import torch
from torch import nn


def train(X, y, epochs=10):
    model = nn.Linear(X.shape[1], 2)
    opt = torch.optim.Adam(model.parameters())
    for _ in range(epochs):
        loss = nn.functional.cross_entropy(model(X), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model


if __name__ == "__main__":
    X = torch.load("data/downstream/MR/features.pt")
    train(X, torch.zeros(len(X), dtype=torch.long))
"""


def test_a_sed_script_in_the_data_folder_is_no_committed_data(tmp_path):
    """data/downstream/tokenizer.sed is the program the download script tokenises with: code kept
    beside the data, not data committed in git."""
    files = {
        "train.py": SENTEVAL_LIKE,
        "data/downstream/tokenizer.sed": SED_TOKENIZER,
        "data/downstream/get_transfer_data.bash": "curl -Lo MR.zip https://example.org/MR.zip\nunzip MR.zip\n",
    }
    result = audit_committed(tmp_path, files)
    reasons = " ".join(dimension(result, "data_versioning").reasons)
    assert "tokenizer.sed" not in reasons


SACRED_SPLIT = """
from sacred import Experiment
from sacred.observers import FileStorageObserver
from sklearn import datasets, model_selection, svm

ex = Experiment("svm")
ex.observers.append(FileStorageObserver("my_runs"))


@ex.config
def cfg():
    C = 1.0
    seed = 42


@ex.automain
def run(C):
    X, y = datasets.load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = model_selection.train_test_split(X, y, test_size=0.2)
    clf = svm.SVC(C=C).fit(X_train, y_train)
    return clf.score(X_test, y_test)
"""

# the same with `@ex.main` and `ex.run()` under __main__: a run started by Sacred
SACRED_MAIN_RUN = (
    SACRED_SPLIT.replace("@ex.automain", "@ex.main")
    + """

if __name__ == "__main__":
    ex.run()
"""
)


def test_split_inside_a_sacred_main_draws_from_the_generator_sacred_seeded(tmp_path):
    """train_test_split() without random_state inside @ex.automain draws from numpy's global generator,
    which Sacred seeds from the run's seed before main runs: the split is the same every run."""
    result = audit_committed(tmp_path / "a", {"svm.py": SACRED_SPLIT})
    assert status_of(result, "ET121") != "FAIL"
    assert status_of(audit_committed(tmp_path / "b", {"svm.py": SACRED_MAIN_RUN}), "ET121") != "FAIL"
    assert result.ctx.taxonomy.splits_seeded and not result.ctx.taxonomy.splits_unseeded


def test_estimator_score_on_the_test_split_returned_by_an_observed_sacred_main_is_recorded(tmp_path):
    """`return clf.score(X_test, y_test)` from an observed Sacred main: the held-out accuracy is computed,
    and Sacred keeps main's return value as the run's result."""
    result = audit_committed(tmp_path, {"svm.py": SACRED_SPLIT})
    assert status_of(result, "ET302") == "PASS"


def test_results_folder_named_by_the_id_option_names_the_run(tmp_path):
    """results/{args.id}: the `--id` option (an experiment's id) names each run's folder, like
    --exp_name; not a path that happens to be built at run time."""
    result = audit_committed(tmp_path, {"main.py": PLANET_LIKE})
    from experiment_tracking.report.markdown import render_markdown

    text = render_markdown(result)
    line = next(x for x in text.splitlines() if "Run and experiment naming" in x)
    assert "results/{args.id}" in line


def test_a_version_in_a_blog_address_is_not_the_version_the_set_up_names(tmp_path):
    """ "see [this blog post](https://pytorch.org/blog/pytorch-1.6-now-includes-swa/)": the address
    names a page; the container fix must not claim the set-up names torch 1.6."""
    readme = (
        "# SWA\n\nNote: SWA is now in core PyTorch. Please see "
        "[this blog post](https://pytorch.org/blog/pytorch-1.6-now-includes-stochastic-weight-averaging/)\n\n"
        "## Dependencies\n\n* PyTorch\n* torchvision\n\n## Usage\n\n```bash\npython3 train.py --dir=out\n```\n"
    )
    result = audit_committed(tmp_path, {"train.py": SWA_LIKE, "README.md": readme})
    fix = next(x for x in result.findings if x.rule_id == "ET412").recommendation
    assert "1.6" not in fix


RUN_MANAGER = """
import json
import os
import torch


class RunManager:
    def __init__(self, path, net, run_config):
        self.path, self.net, self.run_config = path, net, run_config
        os.makedirs(path, exist_ok=True)
        with open("%s/net_info.txt" % self.path, "w") as fout:
            fout.write("%s\\n" % self.run_config.data_provider.train.dataset.transform)
            fout.write("%s\\n" % self.net)

    def train(self):
        opt = torch.optim.SGD(self.net.parameters(), lr=self.run_config.init_lr)
        for epoch in range(self.run_config.n_epochs):
            for x, y in self.run_config.data_provider.train:
                loss = torch.nn.functional.cross_entropy(self.net(x), y)
                opt.zero_grad()
                loss.backward()
                opt.step()
            torch.save(self.net.state_dict(), os.path.join(self.path, "checkpoint.pth"))
"""

RUN_MANAGER_MAIN = """
import argparse
from run_manager import RunManager
from config import RunConfig, build_net

parser = argparse.ArgumentParser()
parser.add_argument("--path", type=str, default="exp/run")
parser.add_argument("--lr", type=float, default=0.1)
args = parser.parse_args()
RunManager(args.path, build_net(), RunConfig(init_lr=args.lr)).train()
"""


def test_a_transform_reached_through_the_run_config_is_not_the_configuration(tmp_path):
    """`'%s' % self.run_config.data_provider.train.dataset.transform` writes one object the config holds
    (the data transform), not the run's whole configuration: at most a part of it."""
    result = audit_committed(tmp_path, {"run_manager.py": RUN_MANAGER, "train.py": RUN_MANAGER_MAIN})
    dim = dimension(result, "parameter_logging")
    assert dim.score <= 3 and "whole configuration" not in dim.reasons[0]


OVERRIDDEN_ARGS = """
import argparse
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--task", type=str, default="depth", choices=["kernel", "depth"])
parser.add_argument("--resume", action="store_true")
args = parser.parse_args()
if args.task == "kernel":
    args.path = "exp/kernel"
    args.n_epochs = 120
    args.base_lr = 3e-2
    args.warmup_epochs = 5
else:
    args.path = "exp/depth"
    args.n_epochs = 25
    args.base_lr = 2.5e-3
    args.warmup_epochs = 0
args.weight_decay = 3e-5
args.manual_seed = 0

model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=args.base_lr, weight_decay=args.weight_decay)
for epoch in range(args.n_epochs):
    loss = model(torch.randn(3, 4)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
"""


def test_hyperparameters_assigned_as_literals_on_the_parsed_options_are_code(tmp_path):
    """`args.n_epochs = 120` after parse_args: the command line takes --task and --resume, every
    hyperparameter is a literal in the script; not "parameters come from the command line"."""
    result = audit_committed(tmp_path, {"train_net.py": OVERRIDDEN_ARGS})
    f = next(x for x in result.findings if x.rule_id == "ET201")
    assert f.status == "WARN" and "literals" in f.message


TEACHER_LOAD = """
import argparse
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--resume", action="store_true")
parser.add_argument("--teacher_path", type=str, default="teacher.pth")
parser.add_argument("--kd_ratio", type=float, default=1.0)
args = parser.parse_args()

model = torch.nn.Linear(4, 2)
teacher = torch.nn.Linear(4, 2)
if args.kd_ratio > 0:
    teacher.load_state_dict(torch.load(args.teacher_path))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(10):
    loss = model(torch.randn(3, 4)).sum() + args.kd_ratio * teacher(torch.randn(3, 4)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    torch.save(model.state_dict(), "checkpoint.pth")
"""


def test_loading_the_teacher_is_no_resume(tmp_path):
    """`torch.load(args.teacher_path)` beside a --resume flag that loads nothing: the teacher's weights
    are an input of the run, not the checkpoint training continues from."""
    result = audit_committed(tmp_path, {"train.py": TEACHER_LOAD})
    assert status_of(result, "ET511") != "PASS"
