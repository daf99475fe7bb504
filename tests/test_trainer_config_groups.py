"""A Lightning Trainer's distribution setting held in a trainer config group
(configs/training/trainer/big.yaml: kwargs.accelerator: ddp, as Lightning < 1.5 spelled it) is DDP
configured; an accelerator that names a device (gpu) is not distribution."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = "import pytorch_lightning as pl\ntrainer = pl.Trainer(**config.trainer.kwargs)\ntrainer.fit(model)\n"


def test_ddp_in_a_trainer_config_group_is_configured(tmp_path):
    write_repo(
        tmp_path,
        {"train.py": TRAIN, "configs/training/trainer/big.yaml": "kwargs:\n  gpus: -1\n  accelerator: ddp\n"},
    )
    ddp = run_audit(tmp_path).ctx.has("ddp", "distributed")
    assert ddp and ddp.evidence[0].where() == "configs/training/trainer/big.yaml:3"


def test_a_device_accelerator_is_not_distribution(tmp_path):
    write_repo(
        tmp_path, {"train.py": TRAIN, "configs/trainer/default.yaml": "accelerator: gpu\ndevices: 1\n"}
    )
    assert not run_audit(tmp_path).ctx.has("ddp", "distributed")
