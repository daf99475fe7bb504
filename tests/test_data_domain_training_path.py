"""What the training data is, decided from the training path: an offline-RL trainer reading D4RL
datasets through env.get_dataset(), or a policy trained on RLDS/TFDS datasets with gym wrappers only
for evaluation rollouts, learns from recorded datasets, not from a simulator; an online agent stepping
its environment learns from the simulator."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from experiment_tracking.domain import data_domain
from tests.rules.repo_helpers import write_repo

OFFLINE = """
import d4rl  # registers the offline datasets
import gym
import torch

env = gym.make("hopper-medium-v2")
data = env.get_dataset()
for step in range(1000):
    loss = model.loss(data)
    loss.backward()
"""
RLDS_TRAIN = "import tensorflow_datasets as tfds\nfrom rollout import evaluate\nimport jax\n\nbuilder = tfds.builder('bridge', data_dir='gs://x')\nfor step in range(10):\n    state = update(state, batch)\n    loss = jax.grad(loss_fn)(params)\nevaluate(policy)\n"
ROLLOUT = "import gym\n\ndef evaluate(policy):\n    env = gym.make('Pendulum-v1')\n    return env.step(policy(env.reset()))\n"
ONLINE = "import gym\nimport torch\nenv = gym.make('CartPole-v1')\nfor ep in range(10):\n    obs, r, done, info = env.step(agent.act(obs))\n    loss.backward()\n"


def _et120(result):
    return next(f for f in result.findings if f.rule_id == "ET120")


def test_offline_rl_reads_recorded_datasets(tmp_path):
    write_repo(tmp_path, {"train.py": OFFLINE})
    result = run_audit(tmp_path)
    assert data_domain(result.ctx).kind == "registry"
    f = _et120(result)
    assert "simulator" not in f.message and f.evidence[0].where() == "train.py:6"


def test_rollout_wrappers_do_not_make_the_simulator_the_data(tmp_path):
    write_repo(tmp_path, {"train.py": RLDS_TRAIN, "rollout.py": ROLLOUT})
    result = run_audit(tmp_path)
    assert data_domain(result.ctx).kind == "registry"
    assert "simulator" not in _et120(result).message


def test_an_online_agent_learns_from_its_simulator(tmp_path):
    write_repo(tmp_path, {"train.py": ONLINE})
    assert data_domain(run_audit(tmp_path).ctx).kind == "simulator"
