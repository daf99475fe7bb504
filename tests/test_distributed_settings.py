"""Distribution read from what the code sets: a Trainer config filled before the Trainer is built
(trainer_config["distributed_backend"] = "ddp") is DDP; "dp" is DataParallel (one process, several
GPUs), not DDP; the HF Trainer's launch flags in a script (--fsdp "full_shard auto_wrap",
--deepspeed ds.json) configure FSDP and DeepSpeed."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

MAIN = """
import pytorch_lightning as pl
trainer_config = config.lightning.get("trainer", {})
if opt.gpus:
    trainer_config["distributed_backend"] = "{backend}"
trainer = pl.Trainer(**trainer_config)
trainer.fit(model, data)
"""
LAUNCH = (
    '#!/bin/bash\ntorchrun --nproc_per_node=4 train.py \\\n  --fsdp "full_shard auto_wrap" \\\n'
    "  --bf16 True\npython train.py --deepspeed configs/ds_zero3.json\n"
)


def _distributed(tmp_path, files):
    write_repo(tmp_path, files)
    return {d.tool: d for d in run_audit(tmp_path).ctx.present("distributed")}


def test_a_backend_set_in_the_trainer_config_is_ddp(tmp_path):
    found = _distributed(tmp_path, {"main.py": MAIN.replace("{backend}", "ddp")})
    assert found["ddp"].evidence[0].where() == "main.py:4"


def test_data_parallel_is_not_ddp(tmp_path):
    assert "ddp" not in _distributed(tmp_path, {"main.py": MAIN.replace("{backend}", "dp")})


def test_trainer_launch_flags_configure_fsdp_and_deepspeed(tmp_path):
    train = "from transformers import Trainer\nTrainer(model=m, args=a).train()\n"
    found = _distributed(tmp_path, {"train.py": train, "scripts/train.sh": LAUNCH})
    assert {"ddp", "fsdp", "deepspeed"} <= set(found)
