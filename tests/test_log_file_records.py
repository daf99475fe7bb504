"""Run records kept through Python's logging and the project's own folders on sys.path:
`logging.config.dictConfig` with a FileHandler on `<logdir>/<name>/train.log` followed by
`logger.info(args)` writes every option into the run's log (big_transfer); a Logger class writing
each attribute of the options (`dict((n, getattr(opt, n)) for n in dir(opt))`) to opt.txt, imported
by a bare name from a folder `_init_paths.py` puts on sys.path (CenterNet). Synthetic."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, status_of, write_repo

COMMON = """
import logging
import logging.config
import os


def setup_logger(args):
    logdir = os.path.join(args.logdir, args.name)
    os.makedirs(logdir, exist_ok=True)
    logging.config.dictConfig({
        "version": 1,
        "handlers": {
            "logfile": {
                "class": "logging.FileHandler",
                "filename": os.path.join(args.logdir, args.name, "train.log"),
                "mode": "a",
            }
        },
        "loggers": {"": {"handlers": ["logfile"], "level": "DEBUG"}},
    })
    logger = logging.getLogger(__name__)
    logger.info(args)
    return logger
"""

TRAIN = """
import argparse

import torch

import common


def main(args):
    logger = common.setup_logger(args)
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=args.base_lr)
    for step in range(100):
        loss = model(torch.randn(4, 2)).pow(2).mean()
        loss.backward()
        opt.step()
        logger.info(f"[step {step}]: loss={loss.item():.5f}")


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--logdir", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--base_lr", type=float, default=0.003)
    main(p.parse_args())
"""


def test_options_logged_into_a_dictconfig_log_file_are_recorded_with_the_run(tmp_path):
    result = run_audit(write_repo(tmp_path, {"common.py": COMMON, "train.py": TRAIN}))
    records = result.ctx.records
    assert any(p.target.endswith("/train.log") and p.whole for p in records.config), records.config
    assert any(p.target.endswith("/train.log") for p in records.metrics), records.metrics
    assert status_of(result, "ET210") == "PASS"
    assert status_of(result, "ET301") == "PASS"


INIT_PATHS = """
import os.path as osp
import sys


def add_path(path):
    if path not in sys.path:
        sys.path.insert(0, path)


add_path(osp.join(osp.dirname(__file__), "lib"))
"""

LOGGER = """
import os
import time


class Logger(object):
    def __init__(self, opt):
        args = dict((name, getattr(opt, name)) for name in dir(opt) if not name.startswith("_"))
        with open(os.path.join(opt.save_dir, "opt.txt"), "wt") as opt_file:
            for k, v in sorted(args.items()):
                opt_file.write("  %s: %s\\n" % (str(k), str(v)))
        log_dir = opt.save_dir + "/logs_{}".format(time.strftime("%Y-%m-%d-%H-%M"))
        os.makedirs(log_dir)
        self.log = open(log_dir + "/log.txt", "w")

    def write(self, txt):
        self.log.write(txt)
"""

OPTS = """
import argparse
import os


class opts(object):
    def __init__(self):
        self.parser = argparse.ArgumentParser()
        self.parser.add_argument("--exp_id", default="default")
        self.parser.add_argument("--lr", type=float, default=1.25e-4)

    def parse(self):
        opt = self.parser.parse_args()
        opt.save_dir = os.path.join("exp", opt.exp_id)
        return opt
"""

MAIN = """
import _init_paths

import torch

from logger import Logger
from opts import opts


def main(opt):
    logger = Logger(opt)
    model = torch.nn.Linear(2, 1)
    optimizer = torch.optim.Adam(model.parameters(), opt.lr)
    for epoch in range(10):
        loss = model(torch.randn(4, 2)).sum()
        loss.backward()
        optimizer.step()
        logger.write("epoch {} loss {}\\n".format(epoch, loss.item()))


if __name__ == "__main__":
    main(opts().parse())
"""


def test_modules_imported_from_a_folder_put_on_sys_path_are_on_the_training_path(tmp_path):
    files = {
        "src/_init_paths.py": INIT_PATHS,
        "src/main.py": MAIN,
        "src/lib/logger.py": LOGGER,
        "src/lib/opts.py": OPTS,
    }
    result = run_audit(write_repo(tmp_path, files))
    from experiment_tracking.fixes import training_paths

    assert {"src/lib/logger.py", "src/lib/opts.py"} <= set(training_paths(result.ctx))
    assert any(p.target.endswith("/opt.txt") and p.whole for p in result.ctx.records.config)
    assert dimension(result, "parameter_logging").score >= 4
