"""Copying data files with a variable named `src` (`shutil.copyfile(src, dst)` over cat.{i}.jpg) copies
no code into a run; copying the `src/` tree into the run directory does."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

PREP = """import os
import shutil

original_dataset_dir = "/data/kaggle/train"
train_cats_dir = "data/small/train/cats"
fnames = ["cat.{}.jpg".format(i) for i in range(1000)]
for fname in fnames:
    src = os.path.join(original_dataset_dir, fname)
    dst = os.path.join(train_cats_dir, fname)
    shutil.copyfile(src, dst)
"""
TRAIN = """import os
import shutil
import time

import torch

run_dir = os.path.join("runs", time.strftime("%Y%m%d-%H%M%S"))
os.makedirs(run_dir)
COPY
model = torch.nn.Linear(2, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(10):
    model(torch.randn(2, 2)).sum().backward()
    opt.step()
torch.save(model.state_dict(), os.path.join(run_dir, "model.pt"))
"""


def _code(tmp_path, copy):
    files = {"prep.py": PREP, "train.py": TRAIN.replace("COPY", copy)}
    return run_audit(write_repo(tmp_path, files)).ctx.records.code


def test_copying_images_through_a_src_variable_copies_no_code(tmp_path):
    assert not _code(tmp_path, "")


def test_copying_the_src_tree_into_the_run_is_code(tmp_path):
    assert _code(tmp_path, 'shutil.copytree("src", os.path.join(run_dir, "src"))')
