"""Seeding DataLoader workers matters only when the code they run draws random numbers (a random
crop, np.random in __getitem__). A dataset that reads rows in order and a loader with no random
transform are the same in every run whatever the worker seeds."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

DATASET = """
import numpy as np
import torch

class Rows(torch.utils.data.Dataset):
    def __init__(self, frame):
        self.x = frame.values
    def __len__(self):
        return len(self.x)
    def __getitem__(self, i):
        return torch.tensor(self.x[i]){draw}
"""
TRAIN = """
import torch
from torch.utils.data import DataLoader
from data import Rows
loader = DataLoader(Rows(frame), batch_size=256, shuffle=True, num_workers=8)
for epoch in range(3):
    for b in loader:
        loss = model(b)
        loss.backward()
"""


def _et404(tmp_path, draw=""):
    write_repo(tmp_path, {"data.py": DATASET.replace("{draw}", draw), "train.py": TRAIN})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET404")


def test_workers_that_draw_nothing_need_no_seed(tmp_path):
    f = _et404(tmp_path)
    assert f.status == "PASS" and "draws no random numbers" in f.message and "data.py" in f.message


def test_a_random_draw_in_getitem_needs_seeded_workers(tmp_path):
    f = _et404(tmp_path, " * np.random.uniform(0.9, 1.1)")
    assert f.status == "WARN"
