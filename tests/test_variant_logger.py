"""rllab-style launchers (rlkit, garage): the experiment's `variant` dict is its configuration, saved
through the logger's own method (`logger.log_variant(path, variant)` calling `def log_variant(self,
log_file, variant_data)`); git_infos.txt holds the commit, not metrics. Synthetic."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

LOGGING = """
import json
import os


class Logger:
    def log_variant(self, log_file, variant_data):
        os.makedirs(os.path.dirname(log_file), exist_ok=True)
        with open(log_file, "w") as f:
            json.dump(variant_data, f, indent=2, sort_keys=True)


logger = Logger()
"""

LAUNCHER = """
import os
import os.path as osp
import subprocess
import time

from core.logging import logger


def setup_logger(exp_prefix, variant, base_log_dir="data"):
    exp_name = exp_prefix + time.strftime("%Y_%m_%d_%H_%M_%S")
    log_dir = osp.join(base_log_dir, exp_name)
    logger.log_variant(osp.join(log_dir, "variant.json"), variant)
    commit_hash = subprocess.check_output(["git", "rev-parse", "HEAD"]).decode()
    with open(osp.join(log_dir, "git_infos.txt"), "w") as f:
        f.write("git hash: {}\\n".format(commit_hash))
    return log_dir
"""

TRAIN = """
import torch

from launcher import setup_logger

variant = dict(algorithm="SAC", lr=3e-4, batch_size=256)
setup_logger("sac-halfcheetah", variant=variant)
for step in range(1000):
    loss = policy(obs).mean()
    loss.backward()
    optimizer.step()
"""


def test_the_variant_written_by_the_loggers_method_is_the_whole_config(tmp_path):
    write_repo(
        tmp_path,
        {"core/__init__.py": "", "core/logging.py": LOGGING, "launcher.py": LAUNCHER, "sac.py": TRAIN},
    )
    rec = run_audit(tmp_path).ctx.records
    configs = [p for p in rec.config if p.target.endswith("variant.json")]
    assert configs and configs[0].whole and configs[0].keeping == "time", rec.config
    assert not [p for p in rec.metrics if "git_infos" in p.target], rec.metrics
    assert rec.commit_recorded
