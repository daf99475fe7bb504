"""Families of real code the fresh70 round (and the after-reviewers of fresh69) showed the auditor
reading wrong, each with a synthetic case of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, finding

PKL_HELPERS = """
import pickle


def save_pkl_object(obj, filename):
    with open(filename, "wb") as output:
        pickle.dump(obj, output)


def load_pkl_object(filename):
    with open(filename, "rb") as f:
        return pickle.load(f)
"""

TRAIN = """
import torch
import torch.nn as nn

model = nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters())
for epoch in range(10):
    loss = model(torch.randn(8, 4)).sum()
    loss.backward()
    opt.step()
torch.save(model.state_dict(), "model.pt")
"""

BENCH = """
import argparse
import os
import time

from utils.helpers import load_pkl_object, save_pkl_object

p = argparse.ArgumentParser()
p.add_argument("--env_name", default="CartPole")
args = p.parse_args()
t0 = time.time()
mean_rt = time.time() - t0
fname = f"agents/{args.env_name}/speed.pkl"
if os.path.exists(fname):
    log = load_pkl_object(fname)
else:
    log = {}
log[args.env_name] = mean_rt
save_pkl_object(log, fname)
"""


def test_a_results_file_read_back_to_add_an_entry_is_no_resume(tmp_path):
    """gymnax-blines' speed.py reloads its benchmark pickle when it exists, adds this run's timing and
    saves it again: a growing results file, not a checkpoint an interrupted run left."""
    result = audit_committed(
        tmp_path,
        {"train.py": TRAIN, "bench.py": BENCH, "utils/__init__.py": "", "utils/helpers.py": PKL_HELPERS},
    )
    f = finding(result, "ET511")
    assert f.status != "PASS", f
    assert not any(e.path == "bench.py" for e in f.evidence), f


def test_a_checkpoint_loaded_back_into_the_model_still_resumes(tmp_path):
    resume = BENCH.replace(
        "log[args.env_name] = mean_rt", "model.load_state_dict(log)\nlog['step'] = 1"
    ).replace("import time\n", "import time\n\nimport torch\n\nmodel = torch.nn.Linear(4, 2)\n")
    result = audit_committed(
        tmp_path,
        {"train.py": TRAIN, "bench.py": resume, "utils/__init__.py": "", "utils/helpers.py": PKL_HELPERS},
    )
    assert finding(result, "ET511").status == "PASS"
