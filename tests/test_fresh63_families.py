"""Families of real code the fresh63 round (repositories never seen before its first audit) showed the
auditor reading wrong, each with a synthetic case of our own."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

SERIES_SPLIT = """
import pandas as pd


def train_test_split(series, split_point):
    return series[series.index < split_point], series[series.index >= split_point]
"""

SERIES_TRAIN = """
import pandas as pd
import torch

from mylib.model_selection import train_test_split


def main():
    series = pd.read_csv("data/air.csv", index_col=0, parse_dates=True)["y"]
    train, val = train_test_split(series, pd.Timestamp("1958-01-01"))
    model = torch.nn.Linear(1, 1)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(3):
        loss = model(torch.tensor(train.values[:1], dtype=torch.float32)).sum()
        loss.backward()
        optimizer.step()


if __name__ == "__main__":
    main()
"""

SKLEARN_TEST = """
import numpy as np
from sklearn.model_selection import train_test_split


def test_fit():
    X, y = np.zeros((10, 2)), np.zeros(10)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2)
    assert len(X_tr) == 8
"""


def test_a_projects_own_split_function_and_test_fixture_splits_are_no_random_splits(tmp_path):
    # mylib's train_test_split cuts a series at a date (no randomness); a unit test's sklearn split is a
    # fixture: neither is an unseeded split of a run
    files = {
        "mylib/__init__.py": "",
        "mylib/model_selection.py": SERIES_SPLIT,
        "train.py": SERIES_TRAIN,
        "tests/test_fit.py": SKLEARN_TEST,
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    assert not result.ctx.taxonomy.splits_unseeded, result.ctx.taxonomy.splits_unseeded
