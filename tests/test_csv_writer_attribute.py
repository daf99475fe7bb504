"""A metrics logger keeps its CSV file open in __init__ and builds the csv writer on the first dump
(`self._csv_writer = csv.DictWriter(self._csv_file, ...)`): the rows it writes go to that file.
Synthetic (pytorch_sac / drq-style logger)."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

LOGGER = """
import csv
import os


class MetersGroup:
    def __init__(self, log_dir):
        self._csv_file = open(os.path.join(log_dir, "train_metrics.csv"), "w")
        self._csv_writer = None

    def dump(self, step, metrics):
        if self._csv_writer is None:
            self._csv_writer = csv.DictWriter(self._csv_file, fieldnames=sorted(metrics.keys()))
            self._csv_writer.writeheader()
        self._csv_writer.writerow(metrics)
        self._csv_file.flush()
"""

TRAIN = """
import time

import torch

from logger import MetersGroup

meters = MetersGroup("runs/" + time.strftime("%Y%m%d-%H%M%S"))
for step in range(1000):
    loss = model(x).mean()
    loss.backward()
    meters.dump(step, {"loss": loss.item()})
"""


def test_rows_of_a_csv_writer_built_on_an_open_file_attribute_go_to_that_file(tmp_path):
    write_repo(tmp_path, {"logger.py": LOGGER, "train.py": TRAIN})
    writes = run_audit(tmp_path).ctx.index.modules["logger.py"].writes
    rows = [w for w in writes if w.call.endswith("writerow")]
    assert rows and rows[0].target.endswith("train_metrics.csv"), writes
