"""A logging module that builds the run's directory itself and hands it to a helper that opens the
output files (OpenAI baselines' logger: `configure(dir=None)` falls back to
`join(tempfile.gettempdir(), now().strftime(...))` and calls `make_output_format(fmt, dir)`, which
builds `CSVOutputFormat(join(ev_dir, "progress.csv"))`): the metrics are kept per run, timestamped.
In the system temporary directory they are per run but not kept (level 3); elsewhere, beside
checkpoints, level 4."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

LOGGER = """import datetime
import os
import os.path as osp
import tempfile

_DIR = None


class CSVOutputFormat:
    def __init__(self, filename):
        self.file = open(filename, "w+t")

    def writekvs(self, kvs):
        self.file.write(",".join(str(v) for v in kvs.values()) + "\\n")
        self.file.flush()


def make_output_format(format, ev_dir):
    os.makedirs(ev_dir, exist_ok=True)
    if format == "csv":
        return CSVOutputFormat(osp.join(ev_dir, "progress.csv"))
    raise ValueError(format)


def configure(dir=None, format_strs=("csv",)):
    global _DIR, _OUT
    if dir is None:
        dir = os.getenv("MY_LOGDIR")
    if dir is None:
        dir = osp.join(BASE, datetime.datetime.now().strftime("run-%Y-%m-%d-%H-%M-%S-%f"))
    dir = os.path.expanduser(dir)
    _DIR = dir
    _OUT = [make_output_format(f, dir) for f in format_strs]


def get_dir():
    return _DIR


def logkvs(kvs):
    for out in _OUT:
        out.writekvs(kvs)
"""
TRAIN = """import os

import torch

import logger


def main():
    logger.configure()
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for step in range(100):
        loss = model(torch.randn(8, 4)).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        logger.logkvs({"step": step, "loss": loss.item()})
        if step % 10 == 0:
            torch.save(model.state_dict(), os.path.join(logger.get_dir(), f"model{step:06d}.pt"))


if __name__ == "__main__":
    main()
"""


def _results(tmp_path, base):
    files = {"logger.py": LOGGER.replace("BASE", base), "train.py": TRAIN}
    result = run_audit(write_repo(tmp_path, files))
    dim = next(d for d in result.scorecard.dimensions if d.name == "result_persistence")
    metrics = result.ctx.records.metrics
    return dim, metrics


def test_a_timestamped_run_dir_built_in_the_logger_keeps_metrics_per_run(tmp_path):
    dim, metrics = _results(tmp_path, '"logs"')
    assert any(p.keeping == "time" and p.target.endswith("progress.csv") for p in metrics), metrics
    assert dim.score == 4, dim.reasons


def test_a_run_dir_in_the_system_temp_dir_is_per_run_but_not_kept(tmp_path):
    dim, _ = _results(tmp_path, "tempfile.gettempdir()")
    assert dim.score == 3 and "temporary directory" in " ".join(dim.reasons), dim.reasons
