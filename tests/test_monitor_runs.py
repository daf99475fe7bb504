"""Gym/Stable-Baselines Monitor logs committed to the repository are stored runs: cataloged, and a
setting repeated under numbered run names is repetition across runs; they do not raise the level of
what the training code keeps today."""

from __future__ import annotations

import json

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

TRAIN = """
import argparse
import gym
import torch
from stable_baselines3.common.monitor import Monitor

p = argparse.ArgumentParser()
p.add_argument("--env-name", default="Hopper-v2")
p.add_argument("--log-dir", default="/tmp/gym")
args = p.parse_args()
env = Monitor(gym.make(args.env_name), args.log_dir)
for update in range(100):
    loss.backward()
"""


def _monitor(env: str, episodes: int) -> str:
    rows = "".join(f"{10.0 + i},{100 + i},{0.5 * i}\n" for i in range(episodes))
    return "#" + json.dumps({"t_start": 1551811845.69, "env_id": env}) + "\nr,l,t\n" + rows


def test_committed_monitor_logs_are_stored_runs_repeated_under_numbered_names(tmp_path):
    files = {"main.py": TRAIN}
    for seed in range(4):
        files[f"logs/hopper/hopper-{seed}/0.monitor.csv"] = _monitor("Hopper-v2", 5)
    files["logs/broken/0.monitor.csv"] = "r,l,t\n1,2,3\n"  # no header: noted, not a run
    write_repo(tmp_path, files)
    result = run_audit(tmp_path)
    runs = [r for r in result.ctx.catalog.runs if r.store == "monitor"]
    assert len(runs) == 4 and runs[0].experiment == "Hopper-v2" and runs[0].status == "finished"
    assert any(n.path == "logs/broken/0.monitor.csv" for n in result.ctx.catalog.notes)
    f = next(f for f in result.findings if f.rule_id == "ET321")
    assert f.status == "PASS" and "4 stored runs of hopper" in f.evidence[-1].detail
    assert (
        dimension(result, "result_persistence").score <= 2
    )  # the code's /tmp/gym default is no per-run record
