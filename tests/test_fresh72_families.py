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


def test_project_name_with_checkpoints_in_title_offers_no_weights(tmp_path):
    """`# dvc-checkpoints-mnist` above a link to the tool's docs: a repository's hyphenated name, not a
    section offering trained weights."""
    readme = (
        "# dvc-checkpoints-mnist\n\nThis example DVC project demonstrates the different ways to employ\n"
        "[Checkpoint Experiments](https://dvc.org/doc/user-guide/experiment-management) with DVC.\n"
    )
    result = audit_committed(
        tmp_path,
        {"README.md": readme, "train.py": DVCLIVE_TRAIN, "dvc.yaml": DVC_CKPT, "requirements.txt": "torch\n"},
    )
    f520 = [f for f in result.findings if f.rule_id == "ET520"]
    assert not any("offers pretrained weights" in e.detail for f in f520 for e in f.evidence)


def test_dvclive_in_a_dvc_stage_compares_runs_and_renders_plots(tmp_path):
    """DVCLive logging from the script a dvc.yaml stage runs: every `dvc exp run` is an experiment that
    `dvc exp show` tabulates, and `live: {dvclive: {html: true}}` renders each run's plots."""
    dvc_yaml = DVC_CKPT + "    live:\n      dvclive:\n        summary: true\n        html: true\n"
    result = audit_committed(
        tmp_path,
        {"train.py": DVCLIVE_TRAIN, "dvc.yaml": dvc_yaml, ".dvc/config": "", "requirements.txt": "torch\n"},
    )
    assert status_of(result, "ET320") == "PASS"
    assert status_of(result, "ET311") == "PASS"


def test_dvclive_without_a_dvc_stage_is_no_experiment_table(tmp_path):
    result = audit_committed(tmp_path, {"train.py": DVCLIVE_TRAIN, "requirements.txt": "torch\ndvclive\n"})
    assert status_of(result, "ET320") != "PASS"


def _notebook_with_outputs(*cells: str) -> str:
    import json

    return json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {},
            "cells": [
                {
                    "cell_type": "code",
                    "source": c,
                    "metadata": {},
                    "execution_count": 1,
                    "outputs": [{"output_type": "stream", "name": "stdout", "text": "epoch 1 loss 0.3\n"}],
                }
                for c in cells
            ],
        }
    )


def test_nbdime_in_a_frozen_dependency_list_strips_nothing(tmp_path):
    """A course's pinned environment lists nbdime among 60 packages, and every notebook is committed
    with its outputs: the tool is installed, not set up."""
    reqs = "".join(f"pkg{i}==1.{i}\n" for i in range(30)) + "nbdime==3.1.1\n"
    result = audit_committed(
        tmp_path,
        {"a1/requirements.txt": reqs, "a1/train.ipynb": _notebook_with_outputs("import torch\nprint(1)")},
    )
    f603 = next(f for f in result.findings if f.rule_id == "ET603")
    assert f603.status == "WARN", f603.message
    assert "nothing configures it" in f603.message


def test_nbstripout_in_pre_commit_still_passes(tmp_path):
    result = audit_committed(
        tmp_path,
        {
            ".pre-commit-config.yaml": "repos:\n- repo: https://github.com/kynan/nbstripout\n  rev: 0.6.1\n  hooks:\n  - id: nbstripout\n",
            "a1/train.ipynb": _notebook_with_outputs("import torch\nprint(1)"),
        },
    )
    assert status_of(result, "ET603") == "PASS"
