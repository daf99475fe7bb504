"""A seed set only where no training run goes does not seed training: a weight converter of its own
(`np.random.RandomState(0)` to compare outputs), or a data-preparation function in a shared utils module
that only the preparation script calls (`seed(123)` while sampling captions). ET401 says training is
unseeded and names the side seed; ET212 does not call the seed "a constant the commit fixes"."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

UTILS = """import json
from random import seed, sample


def create_input_files(captions, out):
    seed(123)
    picked = sample(captions, 5)
    with open(out, "w") as f:
        json.dump(picked, f)


def accuracy(scores, targets):
    return (scores.argmax(1) == targets).float().mean()
"""

PREP = "from utils import create_input_files\n\nif __name__ == '__main__':\n    create_input_files(['a'] * 9, 'caps.json')\n"

TRAIN = """import random
import torch
from utils import *

model = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters())
data = list(range(100))
for epoch in range(10):
    random.shuffle(data)
    x = torch.randn(8, 4)
    loss = model(x).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(accuracy(model(x), torch.zeros(8)))
"""

CONVERT = """import numpy as np
import torch

if __name__ == '__main__':
    z = np.random.RandomState(0).randn(4, 512).astype('float32')
    torch.save({'z': torch.from_numpy(z)}, 'converted.pt')
"""


def _find(result, rid):
    return next((f for f in result.findings if f.rule_id == rid), None)


def test_seeds_outside_training_do_not_seed_it(tmp_path):
    write_repo(
        tmp_path,
        {"utils.py": UTILS, "create_input_files.py": PREP, "train.py": TRAIN, "convert_weight.py": CONVERT},
    )
    result = run_audit(tmp_path)
    et401 = _find(result, "ET401")
    assert et401.status == "FAIL" and "in training" in et401.message and "utils.py:6" in et401.message
    et212 = _find(result, "ET212")
    assert et212 is None or "constant in the code" not in et212.message


def test_a_seed_in_a_function_training_calls_still_counts(tmp_path):
    utils = UTILS + "\n\ndef set_seed():\n    seed(0)\n    import torch\n    torch.manual_seed(0)\n"
    write_repo(
        tmp_path,
        {
            "utils.py": utils,
            "create_input_files.py": PREP,
            "train.py": "from utils import set_seed\n" + TRAIN.replace("model = ", "set_seed()\nmodel = "),
        },
    )
    et401 = _find(run_audit(tmp_path), "ET401")
    assert et401.status == "PASS"
