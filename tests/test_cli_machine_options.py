"""A command line that sets only paths and the machine (devices, precision, resume) while the learning
rate and batch sizes are module constants does not make the hyperparameters options, even beside a
model-preset config module that holds none of them. Synthetic TinyLlama-style pretraining script."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

PRETRAIN = """
import lightning as L
import torch
from jsonargparse import CLI

from lit_gpt.config import Config

model_name = "tiny_LLaMA_1b"
global_batch_size = 512
learning_rate = 4e-4
micro_batch_size = 8
warmup_steps = 2000
weight_decay = 1e-1


def setup(devices: int = 8, train_data_dir: str = "data/slim", precision: str = "bf16-mixed", resume: bool = False):
    fabric = L.Fabric(devices=devices, precision=precision)
    main(fabric, train_data_dir, resume)


def main(fabric, train_data_dir, resume):
    config = Config.from_name(model_name)
    model = build(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=weight_decay)
    for step in range(100):
        loss = model(batch).mean()
        fabric.backward(loss)
        optimizer.step()


if __name__ == "__main__":
    CLI(setup)
"""

PRESETS = """
from dataclasses import dataclass


@dataclass
class Config:
    n_layer: int = 22
    n_head: int = 32
    n_embd: int = 2048

    @classmethod
    def from_name(cls, name):
        return cls()
"""


def test_machine_options_with_hyperparameter_constants_warn(tmp_path):
    write_repo(
        tmp_path, {"pretrain/tinyllama.py": PRETRAIN, "lit_gpt/__init__.py": "", "lit_gpt/config.py": PRESETS}
    )
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET201")
    assert f.status == "WARN" and "learning_rate" in f.message and "the machine" in f.message, f.message
