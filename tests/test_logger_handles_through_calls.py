"""Hand-written metric loggers whose output file is reached only through the project's own calls:
an rllab-style module keeping a dict of open files (``_tabular_fds[name] = open(name, "w")``, written
in ``for fd in _tabular_fds.values()``), and a drq-style ``Logger(log_dir)`` that builds
``MetersGroup(join(log_dir, "train"))``, whose ``__init__`` opens ``self._prepare_file(prefix, "csv")``.
Both write a per-run CSV under a timestamped directory. Synthetic, after rllab/rlkit and drq."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, status_of, write_repo

TABULAR_LOGGER = """
import csv
import os

_tabular = []
_tabular_fds = {}


def add_tabular_output(file_name):
    os.makedirs(os.path.dirname(file_name), exist_ok=True)
    _tabular_fds[file_name] = open(file_name, "w")


def record_tabular(key, val):
    _tabular.append((key, str(val)))


def dump_tabular():
    row = dict(_tabular)
    for fd in list(_tabular_fds.values()):
        writer = csv.DictWriter(fd, fieldnames=list(row.keys()))
        writer.writerow(row)
        fd.flush()
    del _tabular[:]
"""

TABULAR_TRAIN = """
import os
import time

import torch

import logger

log_dir = os.path.join("data", time.strftime("%Y%m%d-%H%M%S"))
logger.add_tabular_output(os.path.join(log_dir, "progress.csv"))
model = torch.nn.Linear(4, 1)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(10):
    loss = model(torch.randn(8, 4)).pow(2).mean()
    loss.backward()
    opt.step()
    logger.record_tabular("Loss", loss.item())
    logger.dump_tabular()
"""

METERS_LOGGER = """
import csv
import os


class MetersGroup:
    def __init__(self, file_name):
        self._csv_file_name = self._prepare_file(file_name, "csv")
        self._csv_file = open(self._csv_file_name, "w")
        self._csv_writer = None

    def _prepare_file(self, prefix, suffix):
        file_name = f"{prefix}.{suffix}"
        if os.path.exists(file_name):
            os.remove(file_name)
        return file_name

    def dump(self, data):
        if self._csv_writer is None:
            self._csv_writer = csv.DictWriter(self._csv_file, fieldnames=sorted(data))
        self._csv_writer.writerow(data)


class Logger:
    def __init__(self, log_dir):
        self._train_mg = MetersGroup(os.path.join(log_dir, "train"))

    def dump(self, data):
        self._train_mg.dump(data)
"""

METERS_TRAIN = """
import os
import time

import torch

from logger import Logger

work_dir = os.path.join("runs", time.strftime("%Y.%m.%d_%H%M%S"))
logger = Logger(work_dir)
model = torch.nn.Linear(4, 1)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
for step in range(100):
    loss = model(torch.randn(8, 4)).pow(2).mean()
    loss.backward()
    opt.step()
    logger.dump({"loss": loss.item(), "step": step})
"""


def _metric_paths(result) -> list[str]:
    return [p.target for p in result.ctx.records.metrics]


def test_a_module_dict_of_open_files_is_the_per_run_metrics_csv(tmp_path):
    result = run_audit(write_repo(tmp_path, {"logger.py": TABULAR_LOGGER, "train.py": TABULAR_TRAIN}))
    assert any(p.endswith("/progress.csv") and p.startswith("data/") for p in _metric_paths(result)), (
        _metric_paths(result)
    )
    assert status_of(result, "ET301") == "PASS"
    assert dimension(result, "result_persistence").score >= 3


def test_a_writer_handed_on_a_prefix_writes_the_suffixed_per_run_file(tmp_path):
    result = run_audit(write_repo(tmp_path, {"logger.py": METERS_LOGGER, "train.py": METERS_TRAIN}))
    assert any(p.startswith("runs/") and p.endswith("/train.csv") for p in _metric_paths(result)), (
        _metric_paths(result)
    )
    assert status_of(result, "ET301") == "PASS"
    assert dimension(result, "result_persistence").score >= 3


def test_a_fixed_prefix_stays_one_overwritten_file(tmp_path):
    # the same logger handed a fixed directory: one file every run overwrites, never per run
    train = METERS_TRAIN.replace('os.path.join("runs", time.strftime("%Y.%m.%d_%H%M%S"))', '"logs"')
    result = run_audit(write_repo(tmp_path, {"logger.py": METERS_LOGGER, "train.py": train}))
    assert "logs/train.csv" in _metric_paths(result), _metric_paths(result)
    assert dimension(result, "result_persistence").score < 3


CLASS_LOGGER = """
import csv
import os


class Logger:
    def __init__(self):
        self._tabular = []
        self._tabular_outputs = []
        self._tabular_fds = {}

    def _add_output(self, file_name, arr, fds, mode="a"):
        if file_name not in arr:
            os.makedirs(os.path.dirname(file_name), exist_ok=True)
            arr.append(file_name)
            fds[file_name] = open(file_name, mode)

    def add_tabular_output(self, file_name):
        self._add_output(file_name, self._tabular_outputs, self._tabular_fds, mode="w")

    def record_tabular(self, key, val):
        self._tabular.append((key, str(val)))

    def dump_tabular(self):
        row = dict(self._tabular)
        for _name, fd in list(self._tabular_fds.items()):
            csv.DictWriter(fd, fieldnames=list(row)).writerow(row)
        del self._tabular[:]


logger = Logger()
"""

CLASS_TRAIN = """
import os
import time

import torch

from logging_utils import logger

log_dir = os.path.join("data", time.strftime("%Y%m%d-%H%M%S"))
logger.add_tabular_output(os.path.join(log_dir, "progress.csv"))
model = torch.nn.Linear(4, 1)
for epoch in range(10):
    loss = model(torch.randn(8, 4)).pow(2).mean()
    loss.backward()
    logger.record_tabular("Loss", loss.item())
    logger.dump_tabular()
"""


def test_a_logger_class_opening_its_outputs_through_a_helper_writes_the_per_run_csv(tmp_path):
    # rlkit's Logger: add_tabular_output hands its path to _add_output, which opens it with a mode
    # given as a parameter default and keeps the handle in a dict passed in
    result = run_audit(write_repo(tmp_path, {"logging_utils.py": CLASS_LOGGER, "train.py": CLASS_TRAIN}))
    assert any(p.startswith("data/") and p.endswith("/progress.csv") for p in _metric_paths(result)), (
        _metric_paths(result)
    )
