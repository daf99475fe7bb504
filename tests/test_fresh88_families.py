"""Families of real code met in round fresh88 (eight research repositories the auditor had not seen) and
left open from earlier rounds, each as a synthetic case that fails without its fix."""

from tests.rules.repo_helpers import audit_committed, dimension

# Spinning Up's logger, vendored by many RL research repositories: the constructor keeps the folder it is
# handed (or a timestamped fallback) and every method writes below it
SPINUP_LOGX = """import json
import os
import os.path as osp
import time


class Logger:
    def __init__(self, output_dir=None, output_fname="progress.txt", exp_name=None):
        self.output_dir = output_dir or "/tmp/experiments/%i" % int(time.time())
        os.makedirs(self.output_dir, exist_ok=True)
        self.output_file = open(osp.join(self.output_dir, output_fname), "w")
        self.exp_name = exp_name

    def save_config(self, config):
        with open(osp.join(self.output_dir, "config.json"), "w") as out:
            out.write(json.dumps(config, indent=4))

    def dump_tabular(self, row):
        self.output_file.write("\\t".join(str(v) for v in row) + "\\n")
        self.output_file.flush()
"""

# ... and the helper that names each run's folder by date, experiment, time and seed
SPINUP_RUN_UTILS = """import os.path as osp
import time

DEFAULT_DATA_DIR = osp.join(osp.dirname(osp.dirname(osp.abspath(__file__))), "data")


def setup_logger_kwargs(exp_name, seed=None, data_dir=None, datestamp=True):
    ymd_time = time.strftime("%Y-%m-%d_") if datestamp else ""
    relpath = "".join([ymd_time, exp_name])
    if seed is not None:
        hms_time = time.strftime("%Y-%m-%d_%H-%M-%S") if datestamp else ""
        subfolder = "".join([hms_time, "-", exp_name, "_s", str(seed)])
        relpath = osp.join(relpath, subfolder)
    data_dir = data_dir or DEFAULT_DATA_DIR
    return dict(output_dir=osp.join(data_dir, relpath), exp_name=exp_name)
"""

SPINUP_PPO = """import argparse

import numpy as np
import torch

from proj.utils.logx import Logger
from proj.utils.run_utils import setup_logger_kwargs


def ppo(env_name, seed=0, epochs=50, lr=3e-4, logger_kwargs=dict()):
    logger = Logger(**logger_kwargs)
    logger.save_config(locals())
    torch.manual_seed(seed)
    np.random.seed(seed)
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for epoch in range(epochs):
        loss = model(torch.randn(8, 4)).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        logger.dump_tabular([epoch, loss.item()])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--env", type=str, default="CartPole-v1")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--exp_name", type=str, default="ppo")
    args = parser.parse_args()
    logger_kwargs = setup_logger_kwargs(args.exp_name, args.seed)
    ppo(args.env, seed=args.seed, logger_kwargs=logger_kwargs)
"""

SPINUP_TREE = {
    "proj/__init__.py": "",
    "proj/utils/__init__.py": "",
    "proj/algos/__init__.py": "",
    "proj/utils/logx.py": SPINUP_LOGX,
    "proj/utils/run_utils.py": SPINUP_RUN_UTILS,
    "proj/algos/ppo.py": SPINUP_PPO,
    "requirements.txt": "torch==2.1.0\nnumpy==1.26.0\n",
}


def test_a_logger_handed_a_per_run_folder_by_a_kwargs_helper_keeps_each_run_apart(tmp_path):
    """safety-starter-agents (Spinning Up's logger): ``Logger(**logger_kwargs)`` with the kwargs from
    ``setup_logger_kwargs(exp_name, seed)``, which builds data/<date>_<exp>/<time>-<exp>_s<seed>: the
    config and progress files are per run, named by experiment and seed."""
    result = audit_committed(tmp_path, SPINUP_TREE)
    rec = result.ctx.records
    config = [p for p in rec.config if p.target.endswith("config.json")]
    assert config and all(p.keeping == "time" for p in config), config
    assert "{exp_name}_s{seed}/config.json" in config[0].target, config[0].target
    metrics = [p for p in rec.metrics if p.target.endswith("progress.txt")]
    assert metrics and all(p.keeping == "time" for p in metrics), metrics
    d = dimension(result, "parameter_logging")
    assert d.score == 5, d


def test_a_logger_handed_a_fixed_folder_is_not_kept_per_run(tmp_path):
    """The same logger handed ``output_dir="results"`` by its one caller: every run writes the same files."""
    tree = dict(SPINUP_TREE)
    tree["proj/algos/ppo.py"] = SPINUP_PPO.replace(
        "logger_kwargs = setup_logger_kwargs(args.exp_name, args.seed)",
        'logger_kwargs = dict(output_dir="results")',
    )
    del tree["proj/utils/run_utils.py"]
    tree["proj/algos/ppo.py"] = tree["proj/algos/ppo.py"].replace(
        "from proj.utils.run_utils import setup_logger_kwargs\n", ""
    )
    result = audit_committed(tmp_path, tree)
    config = [p for p in result.ctx.records.config if p.target.endswith("config.json")]
    assert config and not any(p.keeping in ("time", "counter") for p in config), config
