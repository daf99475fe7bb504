"""What a run-recording framework does on its own. A Sacred Experiment seeds random, numpy and
TensorFlow from its root seed at the start of every run, and its observer writes the whole config
(seed included), the host and package versions and the git commit with every run. Without an
observer (in the code or on the launch command line) nothing is written anywhere."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

EXPERIMENT = """
import gym
import numpy as np
import tensorflow as tf
from sacred import Experiment
from sacred.observers import FileStorageObserver

ex = Experiment("{name}")


@ex.config
def cfg():
    env_name = "CartPole-v1"
    epochs = 10
    if epochs > 5:
        batch = 64


@ex.main
def main(env_name, epochs, batch, _seed):
    env = gym.make(env_name)
    env.seed(_seed)  # the simulator too, from the seed Sacred draws for the run
    obs, act = collect(env)
    model = tf.keras.Sequential([tf.keras.layers.Dense(2)])
    model.compile("adam", "mse")
    model.fit(obs, act, epochs=epochs, batch_size=batch)


if __name__ == "__main__":
{attach}    ex.run_commandline()
"""
OBSERVER = '    ex.observers.append(FileStorageObserver("runs/{name}"))\n'
# A plotting helper seeds numpy for its own jitter: no training script runs it.
PLOTS = """
import numpy as np
import matplotlib.pyplot as plt
np.random.seed(3)
def jitter(xs):
    return xs + np.random.normal(size=len(xs))
"""


def _line(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.lstrip("\n").splitlines(), 1) if needle in ln)


def _audit(tmp_path, files):
    files = {"requirements.txt": "gym==0.21.0\ntensorflow==1.15.0\nsacred==0.8.2\n", **files}
    return {f.rule_id: f for f in run_audit(write_repo(tmp_path, files)).findings}


def _experiment(name, attach=True):
    return EXPERIMENT.replace("{name}", name).replace(
        "{attach}", OBSERVER.replace("{name}", name) if attach else ""
    )


def test_observed_experiments_seed_and_record_every_run(tmp_path):
    names = ("train_ppo", "train_dqn", "train_sac", "finetune")
    found = _audit(tmp_path, {**{f"{n}.py": _experiment(n) for n in names}, "tools/plots.py": PLOTS})
    created, attached = _line(EXPERIMENT, "Experiment("), _line(_experiment("x"), "observers.append")
    seeds = found["ET401"]
    assert seeds.status == "PASS", seeds.message
    assert "tensorflow" in seeds.message
    assert any(
        e.path == "train_ppo.py" and e.line == created and "Sacred seeds" in e.detail for e in seeds.evidence
    )
    for rule in ("ET210", "ET212", "ET213", "ET420"):
        f = found[rule]
        assert f.status == "PASS", (rule, f.message)
        lines = {(e.path, e.line) for e in f.evidence}
        assert ("train_ppo.py", created) in lines and ("train_ppo.py", attached) in lines, (rule, f.evidence)
    data = found["ET421"]
    assert data.status == "PASS" and "env_name" in data.message, data.message
    assert any(e.detail == "Sacred config entry env_name" for e in data.evidence)


def test_an_experiment_without_observer_records_nothing(tmp_path):
    found = _audit(tmp_path, {"train.py": _experiment("train", attach=False)})
    for rule in ("ET210", "ET212", "ET213", "ET420"):
        f = found[rule]
        assert f.status == "REVIEW", (rule, f.status, f.message)
        assert "`-F <dir>`" in f.question and f"train.py:{_line(EXPERIMENT, 'Experiment(')}" in f.question
    assert found["ET421"].status == "WARN"
    assert found["ET401"].status == "PASS"  # Sacred seeds each run, observed or not
    assert any("without an observer" in e.detail for e in found["ET601"].evidence)


def test_an_observer_given_on_the_launch_command_line(tmp_path):
    found = _audit(
        tmp_path,
        {
            "train.py": _experiment("train", attach=False),
            "scripts/sweep.sh": "for lr in 1 2; do\n  python train.py with epochs=$lr -F runs/train\ndone\n",
        },
    )
    f = found["ET212"]
    assert f.status == "PASS", f.message
    assert any(e.path == "scripts/sweep.sh" and e.line == 2 and "`-F`" in e.detail for e in f.evidence)


def test_an_observer_attached_where_another_module_runs_the_experiment(tmp_path):
    worker = """
from sacred.observers import MongoObserver
from train import ex

def run_trial(config):
    ex.observers.append(MongoObserver(url="mongodb://db.internal:27017", db_name="runs"))
    return ex.run(config_updates=config)


if __name__ == "__main__":
    run_trial({"lr": 0.1})
"""
    found = _audit(tmp_path, {"train.py": _experiment("train", attach=False), "worker.py": worker})
    assert found["ET212"].status == "PASS", found["ET212"].message
    assert found["ET601"].status == "PASS"
    assert any(e.path == "worker.py" and "MongoObserver" in e.detail for e in found["ET601"].evidence)


def test_a_notification_observer_records_nothing(tmp_path):
    slack = _experiment("train", attach=False).replace(
        "    ex.run_commandline()",
        '    ex.observers.append(SlackObserver.from_config("slack.json"))\n    ex.run_commandline()',
    )
    slack = slack.replace("FileStorageObserver", "SlackObserver")
    assert _audit(tmp_path, {"train.py": slack})["ET212"].status == "REVIEW"


def test_an_environment_option_in_a_config_recorded_whole(tmp_path):
    # Hydra writes the composed config of every run to .hydra/config.yaml: the env id is in it.
    train = """
import gym
import hydra
import torch

@hydra.main(config_path="conf", config_name="train")
def main(cfg):
    env = gym.make(cfg.env)
    agent = torch.nn.Linear(4, 2)
    opt = torch.optim.Adam(agent.parameters(), lr=cfg.lr)
    for step in range(cfg.steps):
        loss = agent(torch.randn(4)).sum()
        loss.backward()
        opt.step()

if __name__ == "__main__":
    main()
"""
    files = {
        "requirements.txt": "gym==0.21.0\nhydra-core==1.3.2\ntorch==2.1.0\n",
        "train.py": train,
        "conf/train.yaml": "env: CartPole-v1\nlr: 0.001\nsteps: 1000\n",
    }
    f = next(f for f in run_audit(write_repo(tmp_path, files)).findings if f.rule_id == "ET421")
    assert f.status == "PASS" and "`env`" in f.message, f.message
    assert any(e.path == "conf/train.yaml" for e in f.evidence)


def test_guild_flags_are_recorded_with_every_run(tmp_path):
    # Guild imports a script's argparse options as flags and stores them with each run.
    train = """
import argparse
import gym
import torch

p = argparse.ArgumentParser()
p.add_argument("--seed", type=int, default=0)
p.add_argument("--env", default="CartPole-v1")
args = p.parse_args()
torch.manual_seed(args.seed)
env = gym.make(args.env)
net = torch.nn.Linear(4, 2)
for step in range(100):
    net(torch.randn(4)).sum().backward()
"""
    files = {
        "requirements.txt": "gym==0.21.0\ntorch==2.1.0\nguildai==0.9.0\n",
        "guild.yml": "train:\n  main: train\n  flags-import: all\n",
        "train.py": train,
    }
    found = {f.rule_id: f for f in run_audit(write_repo(tmp_path, files)).findings}
    assert found["ET212"].status == "PASS"
    assert found["ET421"].status == "PASS" and "`--env`" in found["ET421"].message
