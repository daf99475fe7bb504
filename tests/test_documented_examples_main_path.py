"""A library whose documented way to train is `python examples/ddpg.py` has its main path in
examples/, even when a remote-launch shim elsewhere (scripts/run_experiment_from_doodad.py) reaches
training code; and `algorithm.train()` on the project's class trains through the base class another
module defines. Synthetic rlkit-style layout."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

BASE = """
class BatchRLAlgorithm:
    def __init__(self, trainer):
        self.trainer = trainer

    def train(self):
        for epoch in range(100):
            self.trainer.train(self.sample())
"""

TORCH_ALGO = """
from lib.core.batch_rl_algorithm import BatchRLAlgorithm


class TorchBatchRLAlgorithm(BatchRLAlgorithm):
    def to(self, device):
        return self


class TorchTrainer:
    def train(self, batch):
        self.train_from_torch(batch)
"""

DDPG = """
from lib.torch.torch_rl_algorithm import TorchBatchRLAlgorithm
from lib.torch.ddpg import DDPGTrainer


def experiment(variant):
    algorithm = TorchBatchRLAlgorithm(DDPGTrainer(**variant["trainer_kwargs"]))
    algorithm.train()


if __name__ == "__main__":
    experiment(dict(trainer_kwargs=dict(lr=1e-3)))
"""

SHIM = """
import pickle
import sys

from lib.core.batch_rl_algorithm import BatchRLAlgorithm


if __name__ == "__main__":
    fn = pickle.loads(sys.stdin.buffer.read())
    BatchRLAlgorithm(fn()).train()
"""


def test_documented_examples_are_the_main_training_path(tmp_path):
    write_repo(
        tmp_path,
        {
            "README.md": "# lib\n\n## Usage\n\n```\npython examples/ddpg.py\n```\n",
            "lib/__init__.py": "",
            "lib/core/__init__.py": "",
            "lib/core/batch_rl_algorithm.py": BASE,
            "lib/torch/__init__.py": "",
            "lib/torch/torch_rl_algorithm.py": TORCH_ALGO,
            "lib/torch/ddpg.py": (
                "class DDPGTrainer:\n    def train_from_torch(self, batch):\n"
                "        loss = self.q(batch).mean()\n        loss.backward()\n"
            ),
            "examples/ddpg.py": DDPG,
            "scripts/run_experiment_from_doodad.py": SHIM,
        },
    )
    paths = [e.path for e in run_audit(tmp_path).ctx.taxonomy.training_entry_points]
    assert paths and paths[0] == "examples/ddpg.py", paths
