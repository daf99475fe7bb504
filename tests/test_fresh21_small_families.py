"""Small families from the fresh21 review, each a synthetic case: a run given no tag
(`wandb.init(tags=[])`) is not tagged; an RL run's `task` in a configs.yaml every run saves whole
records the environment id; a Kaldi/ESPnet-style `run.sh` with `--stage`/`--stop-stage` blocks is a
pipeline."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import status_of, write_repo

TRAIN_WANDB = """
import argparse

import torch
import wandb

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=1e-3)
args = p.parse_args()
wandb.init(project="clip", name="run", tags=[], notes="", config=vars(args))
model = torch.nn.Linear(2, 1)
for step in range(10):
    loss = model(torch.randn(4, 2)).sum()
    loss.backward()
    wandb.log({"loss": loss.item()})
"""


def test_a_run_given_an_empty_tag_list_is_not_tagged(tmp_path):
    result = run_audit(write_repo(tmp_path, {"train.py": TRAIN_WANDB}))
    assert not result.ctx.taxonomy.tagging
    assert status_of(result, "ET111") != "PASS"


RL_MAIN = """
import pathlib

import gymnasium as gym
import numpy as np
import ruamel.yaml as yaml

folder = pathlib.Path(__file__).parent


def main():
    config = yaml.YAML(typ="safe").load((folder / "configs.yaml").read_text())["defaults"]
    logdir = pathlib.Path(config["logdir"]) / str(np.random.randint(1 << 30))
    logdir.mkdir(parents=True)
    with open(logdir / "config.yaml", "w") as f:
        yaml.YAML().dump(config, f)
    env = gym.make(config["task"])
    obs, _ = env.reset(seed=config["seed"])
    for _ in range(config["steps"]):
        obs, reward, done, trunc, _ = env.step(env.action_space.sample())


if __name__ == "__main__":
    main()
"""


def test_an_rl_task_in_a_configuration_saved_whole_records_the_environment_id(tmp_path):
    configs = "defaults:\n  logdir: runs\n  task: CartPole-v1\n  seed: 0\n  steps: 1000\n"
    result = run_audit(write_repo(tmp_path, {"agent/main.py": RL_MAIN, "agent/configs.yaml": configs}))
    f = next(f for f in result.findings if f.rule_id == "ET421")
    assert f.status == "PASS" and "task" in f.message, f.message


RUN_SH = """#!/bin/bash
stage=0
stop_stage=9
. utils/parse_options.sh

if [ ${stage} -le 0 ] && [ ${stop_stage} -ge 0 ]; then
    echo "stage 0: split"
    python mksubset.py $db_root data
fi

if [ ${stage} -le 1 ] && [ ${stop_stage} -ge 1 ]; then
    echo "stage 1: features"
    python preprocess.py data dump
fi

if [ ${stage} -le 2 ] && [ ${stop_stage} -ge 2 ]; then
    echo "stage 2: training"
    python train.py --dump-root dump --checkpoint-dir exp
fi
"""

TRAIN = """
import torch

model = torch.nn.Linear(2, 1)
opt = torch.optim.Adam(model.parameters())
for _ in range(10):
    model(torch.randn(4, 2)).sum().backward()
    opt.step()
"""


def test_a_staged_shell_recipe_is_a_pipeline(tmp_path):
    result = run_audit(write_repo(tmp_path, {"train.py": TRAIN, "egs/ljspeech/run.sh": RUN_SH}))
    assert result.ctx.has("shell_recipe", "pipelines")
    assert status_of(result, "ET501") == "PASS"


SEARCHES = {
    "search_a.py": "from sklearn.model_selection import RandomizedSearchCV\n"
    "from sklearn.svm import SVC\n"
    "s = RandomizedSearchCV(SVC(), {'C': [1, 10]}, n_iter=2, random_state=42)\ns.fit(X, y)\n",
    "search_b.py": "from sklearn.model_selection import RandomizedSearchCV\n"
    "from sklearn.svm import SVC\n"
    "s = RandomizedSearchCV(SVC(), {'C': [1, 10]}, n_iter=2)\ns.fit(X, y)\n",
}


def test_the_unseeded_search_is_the_evidence_and_the_seeded_one_is_counted(tmp_path):
    result = run_audit(write_repo(tmp_path, SEARCHES))
    f = next(f for f in result.findings if f.rule_id == "ET220")
    assert (
        f.status == "WARN" and "1 sampler(s) not seeded (1 other random search(es) are seeded)" in f.message
    )
    assert {e.path for e in f.evidence} == {"search_b.py"}
