"""A split drawn without a seed beside committed split files (CSL_train.index, drawn only when the
files are missing) is a question, not a failure: which the runs use is not settled by the index."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.conftest import make_git_repo

DATA = """
import os
from sklearn.model_selection import train_test_split

def get_splits(dataset, root="data/CSL/"):
    if not os.path.exists(root + dataset + "_train.index"):
        train, val = train_test_split(list(range(100)), test_size=0.25)
        write_index(root, dataset, train, val)
    return read_index(root, dataset)
"""
TRAIN = "import torch\nfrom data import get_splits\nsplits = get_splits('CSL')\nfor epoch in range(3):\n    loss.backward()\n"


def test_an_unseeded_draw_beside_committed_split_files_is_asked_about(tmp_path):
    make_git_repo(
        tmp_path,
        {
            "data.py": DATA,
            "train.py": TRAIN,
            "data/CSL/CSL_train.index": "0,1,2,3,4\n",
            "data/CSL/CSL_val.index": "5,6\n",
        },
    )
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET121")
    assert f.status == "REVIEW" and "data/CSL/CSL_" in f.question
