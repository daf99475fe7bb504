"""Families of real code the fresh72 round showed the auditor reading wrong, each with a synthetic
case of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, dimension, status_of
from tests.test_fresh70_families import TRAIN

DVCLIVE_TRAIN = """
import torch
import torchvision
from dvclive import Live

data = torchvision.datasets.MNIST("data", download=True)
model = torch.nn.Linear(784, 10)
live = Live()
for epoch in range(3):
    live.log_metric("acc", 0.5)
    torch.save(model.state_dict(), "model.pt")
    live.next_step()
"""


def test_dvc_stage_depending_only_on_its_script_links_no_data(tmp_path):
    """A DVC stage whose only dependency is its own script (the data downloaded inside it) hashes
    code, not data: no run is linked to a data version."""
    result = audit_committed(
        tmp_path,
        {
            "train.py": DVCLIVE_TRAIN,
            "dvc.yaml": "stages:\n  train:\n    cmd: python train.py\n    deps:\n    - train.py\n    outs:\n    - model.pt\n",
            ".dvc/config": "",
            "requirements.txt": "torch\ntorchvision\ndvclive\n",
        },
    )
    assert status_of(result, "ET421") != "PASS"
    level = dimension(result, "data_versioning")
    assert level.score <= 2, level.reasons


def test_dvc_stage_depending_on_data_links_it(tmp_path):
    result = audit_committed(
        tmp_path,
        {
            "train.py": DVCLIVE_TRAIN,
            "dvc.yaml": "stages:\n  train:\n    cmd: python train.py\n    deps:\n    - train.py\n    - data/raw\n    outs:\n    - model.pt\n",
            ".dvc/config": "",
            "requirements.txt": "torch\ntorchvision\ndvclive\n",
        },
    )
    assert status_of(result, "ET421") == "PASS"


DVC_CKPT = "stages:\n  train:\n    cmd: python train.py\n    deps:\n    - train.py\n    outs:\n    - model.pt:\n        checkpoint: true\n"


def test_checkpoint_declared_as_dvc_output_is_kept_per_run(tmp_path):
    """`model.pt` at a fixed path is a dvc.yaml stage output: `dvc exp run` caches every version by
    content, so the next run overwrites the working copy, not the kept one."""
    result = audit_committed(
        tmp_path,
        {
            "train.py": DVCLIVE_TRAIN,
            "dvc.yaml": DVC_CKPT,
            ".dvc/config": "",
            "requirements.txt": "torch\ndvclive\n",
        },
    )
    level = dimension(result, "result_persistence")
    assert level.score >= 4, level.reasons
    assert "overwrites" not in " ".join(level.reasons)


def test_uncached_dvc_output_is_still_overwritten(tmp_path):
    result = audit_committed(
        tmp_path,
        {
            "train.py": DVCLIVE_TRAIN,
            "dvc.yaml": DVC_CKPT.replace("checkpoint: true", "cache: false"),
            ".dvc/config": "",
            "requirements.txt": "torch\ndvclive\n",
        },
    )
    level = dimension(result, "result_persistence")
    assert level.score == 3, level.reasons


def test_deepspeed_module_flag_launches_that_module(tmp_path):
    """`deepspeed --include localhost:0,1 --module pkg.driver.train \\` (and `torchrun --module`): the
    README's command runs that module, as `-m` does."""
    from experiment_tracking.detect.engine import readme_launched_scripts

    readme = (
        "# Retriever\n\n```bash\ndeepspeed --include localhost:0,1 --master_port 60000 --module pkg.driver.train \\\n"
        "  --output_dir out\n```\n\n```bash\ntorchrun --nproc_per_node=2 --module=pkg.driver.finetune\n```\n"
    )
    result = audit_committed(
        tmp_path,
        {
            "README.md": readme,
            "pkg/__init__.py": "",
            "pkg/driver/train.py": TRAIN,
            "pkg/driver/finetune.py": TRAIN,
        },
    )
    launched = readme_launched_scripts(result.ctx.index)
    assert "pkg/driver/train.py" in launched
    assert "pkg/driver/finetune.py" in launched
