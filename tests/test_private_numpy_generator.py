"""A seeded private generator (`self._rng = np.random.RandomState(123)` for colour jitter) seeds only
its own draws: where the training code also draws from numpy's global RNG and nothing seeds that,
numpy is not seeded, whatever the private generator's seed."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = """import argparse
import torch
from torch.utils.data import DataLoader
from data import Ds


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seed", type=int, default=317)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    model = torch.nn.Linear(2, 2)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for x in DataLoader(Ds(), num_workers=4):
        model(x).sum().backward()
        opt.step()
    torch.save(model.state_dict(), "model.pth")


if __name__ == "__main__":
    main()
"""
DATA = """import numpy as np
from torch.utils.data import Dataset


class Ds(Dataset):
    def __init__(self):
        self._data_rng = np.random.RandomState(123)

    def __getitem__(self, i):
        s = {draw}
        return self._data_rng.normal(size=2) * s

    def __len__(self):
        return 10
"""


def _et401(tmp_path, draw):
    write_repo(tmp_path, {"train.py": TRAIN, "data.py": DATA.format(draw=draw)})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET401")


def test_global_numpy_draws_beside_a_private_generator_are_unseeded(tmp_path):
    f = _et401(tmp_path, "np.random.choice([0.6, 0.8, 1.0])")
    assert f.status == "WARN"
    assert "not for numpy" in f.message
    assert any(e.path == "data.py" and e.line == 10 and "global RNG" in e.detail for e in f.evidence)


def test_a_private_generator_alone_seeds_its_draws(tmp_path):
    f = _et401(tmp_path, "self._data_rng.choice([0.6, 0.8, 1.0])")
    assert f.status == "PASS" and "numpy" in f.message


SEEDED = """import torch
from torch.utils.data import DataLoader
from data import Ds

torch.manual_seed(0)
model = torch.nn.Linear(2, 2)
for x in DataLoader(Ds(), num_workers=2, worker_init_fn=lambda i: None):
    model(x).sum().backward()
torch.save(model.state_dict(), "a.pth")
"""
UNSEEDED = """import torch
from torch.utils.data import DataLoader
from other import Other

model = torch.nn.Linear(2, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for x in DataLoader(Other(), num_workers=4, shuffle=True):
    model(x).sum().backward()
    opt.step()
torch.save(model.state_dict(), "b.pth")
"""
OTHER = """import numpy as np
from torch.utils.data import Dataset


class Other(Dataset):
    def __getitem__(self, i):
        return np.random.rand(2)

    def __len__(self):
        return 10
"""


def test_another_scripts_torch_seed_does_not_seed_these_workers(tmp_path):
    """Two training scripts: one seeds torch; the other's loader workers draw seeds from an unseeded
    torch RNG, whatever the first script does in its own process."""
    write_repo(
        tmp_path,
        {
            "train_a.py": SEEDED,
            "train_b.py": UNSEEDED,
            "data.py": DATA.format(draw="1.0"),
            "other.py": OTHER,
            "requirements.txt": "torch==2.1.0\n",
        },
    )
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET404")
    assert f.status == "WARN", f.message
    assert "train_b.py" in f.message and "never seed torch" in f.message
