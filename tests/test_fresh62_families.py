"""Families of real code the fresh62 round (repositories never seen before its first audit) showed the
auditor reading wrong, each with a synthetic case of our own."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import commit_all, dimension, finding, write_repo

GAN_TRAIN = """
import argparse
import os

import pandas as pd
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--num_epochs", type=int, default=100)
parser.add_argument("--lr", type=float, default=1e-3)


def main():
    opt = parser.parse_args()
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=opt.lr)
    results = {"loss": [], "psnr": []}
    for epoch in range(1, opt.num_epochs + 1):
        loss = model(torch.ones(2)).sum()
        loss.backward()
        optimizer.step()
        results["loss"].append(loss.item())
        results["psnr"].append(20.0)
        torch.save(model.state_dict(), "epochs/net_epoch_%d.pth" % epoch)
        if epoch % 10 == 0:
            data_frame = pd.DataFrame(data={"Loss": results["loss"], "PSNR": results["psnr"]}, index=range(1, epoch + 1))
            data_frame.to_csv(os.path.join("statistics", "train_results.csv"), index_label="Epoch")


if __name__ == "__main__":
    main()
"""


def test_history_table_named_data_frame_is_a_metrics_record(tmp_path):
    # per-epoch losses kept in lists and written as a DataFrame every few epochs: a metrics table, not
    # loop counters because the variable's name ends in "frame"
    result = run_audit(write_repo(tmp_path, {"train.py": GAN_TRAIN}), jobs=1)
    f301 = finding(result, "ET301")
    assert f301.status == "PASS", f301.message
    assert any(e.path == "train.py" and "to_csv" in e.detail for e in f301.evidence), f301.evidence


WORKSPACE_TRAINER = """
import os

import tensorboardX
import torch


class Trainer:
    def __init__(self, opt, model, workspace="workspace", use_tensorboardX=True):
        self.opt = opt
        self.model = model
        self.workspace = workspace
        self.use_tensorboardX = use_tensorboardX
        self.log_ptr = None
        if self.workspace is not None:
            os.makedirs(self.workspace, exist_ok=True)
            self.log_ptr = open(os.path.join(workspace, "log.txt"), "a+")

    def log(self, *args):
        print(*args)
        if self.log_ptr:
            print(*args, file=self.log_ptr)

    def train(self, epochs):
        if self.use_tensorboardX:
            self.writer = tensorboardX.SummaryWriter(os.path.join(self.workspace, "run"))
        optimizer = torch.optim.Adam(self.model.parameters(), lr=self.opt.lr)
        for epoch in range(epochs):
            loss = self.model(torch.ones(2)).sum()
            loss.backward()
            optimizer.step()
            self.log(f"epoch {epoch} loss {loss.item()}")
            if self.use_tensorboardX:
                self.writer.add_scalar("train/loss", loss.item(), epoch)
        torch.save(self.model.state_dict(), os.path.join(self.workspace, "model.pth"))
"""

WORKSPACE_MAIN = """
import argparse

import torch

from trainer import Trainer

parser = argparse.ArgumentParser()
parser.add_argument("--workspace", type=str, default="workspace")
parser.add_argument("--lr", type=float, default=1e-3)
parser.add_argument("--epochs", type=int, default=10)

if __name__ == "__main__":
    opt = parser.parse_args()
    trainer = Trainer(opt, torch.nn.Linear(2, 2), workspace=opt.workspace)
    trainer.train(opt.epochs)
"""


def test_constructor_flag_defaulting_on_and_opened_log_are_no_switches(tmp_path):
    # A Trainer whose TensorBoard writer is on by a constructor default no caller changes, and whose log
    # file is written whenever the constructor opened it: both are every run's record, not opt-ins
    result = run_audit(
        write_repo(tmp_path, {"trainer.py": WORKSPACE_TRAINER, "main.py": WORKSPACE_MAIN}), jobs=1
    )
    rec = result.ctx.records
    metrics = {(p.evidence.path, p.evidence.detail.split("(")[0]) for p in rec.metrics}
    assert ("trainer.py", "tensorboardX.SummaryWriter") in metrics, rec.metrics
    assert ("trainer.py", "print") in metrics, rec.metrics
    assert not [p for p in rec.optional if p.role == "metrics"], rec.optional


OMEGA_LAUNCH = """
import argparse
import os
from datetime import datetime

import torch
from omegaconf import OmegaConf

from callbacks import CodeSnapshot, ConfigSnapshot


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--gpu", default="0")
    args, extras = parser.parse_known_args()
    config = OmegaConf.merge(OmegaConf.load(args.config), OmegaConf.from_cli(extras))
    config.cmd_args = vars(args)
    config.trial_name = config.tag + datetime.now().strftime("@%Y%m%d-%H%M%S")
    run_dir = os.path.join("exp", config.name, config.trial_name)
    CodeSnapshot(os.path.join(run_dir, "code")).save()
    ConfigSnapshot(config, os.path.join(run_dir, "config")).save()
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    for step in range(config.steps):
        loss = model(torch.ones(2)).sum()
        loss.backward()
        optimizer.step()
    torch.save(model.state_dict(), os.path.join(run_dir, "model.pth"))


if __name__ == "__main__":
    main()
"""

SNAPSHOT_CALLBACKS = """
import os
import shutil
import subprocess

from omegaconf import OmegaConf


class CodeSnapshot:
    def __init__(self, save_dir):
        self.save_dir = save_dir

    def get_file_list(self):
        return [b.decode() for b in subprocess.check_output("git ls-files", shell=True).splitlines()]

    def save(self):
        for f in self.get_file_list():
            os.makedirs(os.path.join(self.save_dir, os.path.dirname(f)), exist_ok=True)
            shutil.copyfile(f, os.path.join(self.save_dir, f))


class ConfigSnapshot:
    def __init__(self, config, save_dir):
        self.config = config
        self.save_dir = save_dir

    def save(self):
        os.makedirs(self.save_dir, exist_ok=True)
        OmegaConf.save(self.config, os.path.join(self.save_dir, "parsed.yaml"))
"""


def test_git_listed_code_snapshot_and_options_folded_into_saved_config(tmp_path):
    # the files `git ls-files` lists copied into the run's folder are a code snapshot; the parsed command
    # line put into the OmegaConf config (config.cmd_args = vars(args)) is saved with it
    files = {"launch.py": OMEGA_LAUNCH, "callbacks.py": SNAPSHOT_CALLBACKS}
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    code = [(p.evidence.path, p.evidence.detail) for p in result.ctx.records.code]
    assert code == [("callbacks.py", "shutil.copyfile(f)")], code
    f211 = finding(result, "ET211")
    assert f211.status == "PASS", f211.message


PRETRAINED_GENERATE = """
import argparse

import torch
from omegaconf import OmegaConf

from taming.models import vqgan

parser = argparse.ArgumentParser()
parser.add_argument("--prompt", type=str, default="a painting")
parser.add_argument("--iterations", type=int, default=500)
parser.add_argument("--config", type=str, default="checkpoints/vqgan.yaml")
parser.add_argument("--checkpoint", type=str, default="checkpoints/vqgan.ckpt")


def load_model(config_path, checkpoint_path):
    config = OmegaConf.load(config_path)
    model = vqgan.VQModel(**config.model.params)
    model.init_from_ckpt(checkpoint_path)
    return model


if __name__ == "__main__":
    args = parser.parse_args()
    model = load_model(args.config, args.checkpoint)
    z = torch.zeros(1, 256, requires_grad=True)
    opt = torch.optim.Adam([z], lr=0.1)
    for i in range(args.iterations):
        loss = model(z).sum()
        loss.backward()
        opt.step()
"""


def test_model_definition_splatted_into_its_class_is_no_untyped_run_config(tmp_path):
    # OmegaConf.load(path) handed whole to a model's constructor (VQModel(**config.model.params)): the
    # pretrained model's definition, whose keys the constructor checks; the run's options are typed flags
    result = run_audit(write_repo(tmp_path, {"generate.py": PRETRAINED_GENERATE}), jobs=1)
    f202 = finding(result, "ET202")
    assert f202.status == "PASS", f202.message


OMEGA_CONFIG = """
name: nerf-${dataset.scene}
tag: ""
seed: 42
dataset:
  scene: ???
  root_dir: ./load/${dataset.scene}
system:
  lr: 0.01
"""


def test_structured_config_fix_for_omegaconf_without_hydra(tmp_path):
    # `scene: ???` looks like a Hydra primary config, but the project merges its files with OmegaConf
    # alone: the fix is OmegaConf's own structured config, not Hydra's ConfigStore
    files = {"launch.py": OMEGA_LAUNCH, "callbacks.py": SNAPSHOT_CALLBACKS, "configs/nerf.yaml": OMEGA_CONFIG}
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    f202 = finding(result, "ET202")
    assert f202.status == "WARN", f202.message
    assert "OmegaConf.structured" in f202.recommendation and "ConfigStore" not in f202.recommendation


EVAL_AND_GENERATE = """
import argparse
import os

import torch
import torchvision.transforms.functional as TF

parser = argparse.ArgumentParser()
parser.add_argument("--output_dir", default="out")
parser.add_argument("--output", default="output.png")
parser.add_argument("--steps", type=int, default=100)


def evaluate(model, loader, output_folder):
    predictions = [model(x) for x in loader]
    torch.save(predictions, os.path.join(output_folder, "predictions.pth"))


if __name__ == "__main__":
    args = parser.parse_args()
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for step in range(args.steps):
        loss = model(torch.ones(2)).sum()
        loss.backward()
        optimizer.step()
    evaluate(model, [torch.ones(2)], args.output_dir)
    TF.to_pil_image(torch.zeros(3, 8, 8)).save(args.output)
"""


def test_saved_predictions_and_pil_images_are_outputs_not_weights(tmp_path):
    # torch.save(predictions, ".../predictions.pth") holds what the model output; a tensor turned into a
    # PIL image and saved is an output image
    result = run_audit(write_repo(tmp_path, {"run.py": EVAL_AND_GENERATE}), jobs=1)
    rec = result.ctx.records
    arts = {p.evidence.line for p in rec.artifacts}
    assert {15, 27} <= arts, rec.artifacts
    assert not [p for p in rec.checkpoints if p.evidence.line == 15], rec.checkpoints


OPTIONS_LOGGING_TRAINER = WORKSPACE_TRAINER.replace(
    """            self.log_ptr = open(os.path.join(workspace, "log.txt"), "a+")
""",
    """            self.log_ptr = open(os.path.join(workspace, "log.txt"), "a+")
        self.log(f"[INFO] opt: {self.opt}")
""",
)
SEEDED_MAIN = WORKSPACE_MAIN.replace(
    'parser.add_argument("--epochs", type=int, default=10)',
    'parser.add_argument("--epochs", type=int, default=10)\nparser.add_argument("--seed", type=int, default=0)',
).replace(
    "    opt = parser.parse_args()\n", "    opt = parser.parse_args()\n    torch.manual_seed(opt.seed)\n"
)


def test_options_handed_to_the_trainers_own_file_log_method_are_recorded(tmp_path):
    # self.log(f"opt: {self.opt}") where the class's log() prints what it is handed into the file its
    # constructor opened: the whole options namespace, seed included, is in every run's log
    files = {"trainer.py": OPTIONS_LOGGING_TRAINER, "main.py": SEEDED_MAIN}
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    assert "torch.manual_seed(opt.seed)" in SEEDED_MAIN
    for rule_id in ("ET211", "ET212"):
        f = finding(result, rule_id)
        assert f.status == "PASS", (rule_id, f.message)


# the training loop of the table-reading scripts below, over `train`'s rows
TABLE_LOOP = """    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(3):
        loss = model(torch.tensor(train.values{rows}, dtype=torch.float32)).sum()
        loss.backward()
        optimizer.step()


if __name__ == "__main__":
    main()
"""

ROWS_TRAIN = """
import numpy as np
import pandas as pd
import torch


def main():
    data = pd.read_csv("data/train.csv")
    np.random.seed(2)
    train = data.sample(frac=0.8)
""" + TABLE_LOOP.format(rows="[:, :2]")

ROWS_TEST = """
import pandas as pd


def test_missing_timesteps():
    data = pd.read_csv("tests/data.csv")
    train = data.sample(frac=0.5)
    assert len(train) > 0
"""


def test_rows_drawn_after_numpys_global_seed_are_seeded_and_test_fixtures_no_split(tmp_path):
    # pandas' sample(random_state=None) draws from numpy's global generator, seeded on the line above;
    # a test module's fixture rows are not a run's split
    files = {"train.py": ROWS_TRAIN, "tests/test_rows.py": ROWS_TEST}
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    tax = result.ctx.taxonomy
    assert not tax.splits_unseeded, tax.splits_unseeded
    assert [e.path for e in tax.splits_seeded] == ["train.py"], tax.splits_seeded
    assert finding(result, "ET121").status == "PASS"


NEEDED_WEIGHTS_README = """# Text to 3D

## Install

pip install -r requirements.txt

### Download pre-trained models

To use image-conditioned generation, you need to download some pretrained checkpoints manually:
* [Zero-1-to-3](https://github.com/someone/zero123) for the diffusion backend.

## Usage

python main.py --text "a hamburger" --workspace trial
"""

OWN_WEIGHTS_README = NEEDED_WEIGHTS_README.replace(
    "To use image-conditioned generation, you need to download some pretrained checkpoints manually:",
    "We release our pretrained checkpoints:",
)


def test_weights_the_reader_needs_to_download_are_inputs_not_a_release(tmp_path):
    # "you need to download some pretrained checkpoints" names someone else's model the code runs on; "we
    # release our checkpoints" is the project's own release
    files = {"README.md": NEEDED_WEIGHTS_README, "train.py": GAN_TRAIN}
    needed = run_audit(write_repo(tmp_path / "needed", files), jobs=1)
    f520 = [f for f in needed.findings if f.rule_id == "ET520"]
    assert not any("published" in f.message for f in f520), [f.message for f in f520]
    files["README.md"] = OWN_WEIGHTS_README
    own = run_audit(write_repo(tmp_path / "own", files), jobs=1)
    assert "published" in finding(own, "ET520").message


LIGHTNING_STRATEGY = """
import sys

import pytorch_lightning as pl
import torch


class System(pl.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Linear(2, 2)

    def training_step(self, batch, batch_idx):
        loss = self.net(batch).sum()
        self.log("train/loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=1e-3)


if __name__ == "__main__":
    if sys.platform == "win32":
        strategy = "dp"
    else:
        strategy = "ddp_find_unused_parameters_false"
    trainer = pl.Trainer(devices=2, accelerator="gpu", strategy=strategy)
    trainer.fit(System(), torch.utils.data.DataLoader(torch.ones(8, 2)))
"""


def test_trainer_strategy_handed_a_name_assigned_per_platform(tmp_path):
    # Trainer(strategy=strategy) where a branch assigns 'dp' on Windows and a DDP strategy elsewhere: the
    # runs are distributed with DDP wherever the code is meant to run
    result = run_audit(write_repo(tmp_path, {"launch.py": LIGHTNING_STRATEGY}), jobs=1)
    tools = {d.tool for d in result.ctx.detections if d.usage in ("used", "configured")}
    assert "ddp" in tools, tools


DDP_NEVER_STARTED = """
import torch
from torch.nn.parallel import DistributedDataParallel as DDP


class Trainer:
    def __init__(self, model, world_size=1, local_rank=0):
        self.world_size = world_size
        if self.world_size > 1:
            model = DDP(model, device_ids=[local_rank])
        self.model = model

    def train(self, steps):
        optimizer = torch.optim.Adam(self.model.parameters(), lr=1e-3)
        for step in range(steps):
            loss = self.model(torch.ones(2)).sum()
            loss.backward()
            optimizer.step()


if __name__ == "__main__":
    Trainer(torch.nn.Linear(2, 2)).train(10)
"""


def test_ddp_wrap_nothing_starts_processes_for_is_not_used(tmp_path):
    # DistributedDataParallel needs a process group: where nothing joins one or launches workers, the
    # `if self.world_size > 1:` wrap is a branch no run takes
    never = run_audit(write_repo(tmp_path / "never", {"train.py": DDP_NEVER_STARTED}), jobs=1)
    assert not [d for d in never.ctx.detections if d.tool == "ddp" and d.usage == "used"]
    started = DDP_NEVER_STARTED.replace(
        "    Trainer(torch.nn.Linear(2, 2)).train(10)",
        '    torch.distributed.init_process_group("nccl")\n    Trainer(torch.nn.Linear(2, 2), world_size=2).train(10)',
    )
    used = run_audit(write_repo(tmp_path / "used", {"train.py": started}), jobs=1)
    assert [d for d in used.ctx.detections if d.tool == "ddp" and d.usage == "used"]


TUNE_SIDE_PROJECT = """
import optuna
import torch


def objective(trial):
    lr = trial.suggest_float("lr", 1e-4, 1e-1, log=True)
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss = model(torch.ones(2)).sum()
    loss.backward()
    optimizer.step()
    return loss.item()


if __name__ == "__main__":
    optuna.create_study().optimize(objective, n_trials=10)
"""


def test_copied_projects_side_code_and_container_are_the_upstreams(tmp_path):
    # reid/ is another project copied whole (its licence, README, install guide, Dockerfile and side
    # projects); the README runs only its training tool: the upstream's tuner and image are not this
    # project's search nor its environment
    files = {
        "README.md": "# Tracker\n\n```\npip install -r requirements.txt\npython reid/tools/train_net.py MODEL.DEVICE cuda:0\n```\n",
        "requirements.txt": "torch\nnumpy\nopencv-python\n",
        "track.py": "import numpy as np\n\nif __name__ == '__main__':\n    print(np.zeros(2))\n",
        "reid/LICENSE": "Apache License 2.0\nCopyright 2020 Someone Else\n",
        "reid/README.md": "# ReID toolbox\n",
        "reid/INSTALL.md": "# Install\n\nbuild the image in docker/\n",
        "reid/MODEL_ZOO.md": "# Model zoo\n\nAll models were trained on 4 NVIDIA V100 GPUs.\n",
        "reid/docker/Dockerfile": "FROM nvidia/cuda:10.1-cudnn7-devel\nRUN pip install torch==1.6.0\n",
        "reid/tools/train_net.py": GAN_TRAIN,
        "reid/projects/Tune/tune_net.py": TUNE_SIDE_PROJECT,
        **{
            f"reid/projects/P{i}/README.md": f"# Project {i}\n\n"
            + "".join(f"Step {k} of project {i}.\n" for k in range(16))
            for i in range(4)
        },
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    # ... nor does its model zoo state this project's hardware; `cuda:0` is a device index, no CUDA version
    assert finding(result, "ET413").status != "PASS", finding(result, "ET413").message
    assert "cuda:0" not in str(finding(result, "ET413").evidence)
    # ... nor are its documentation pages this project's documentation
    assert not any("documentation page" in r for r in dimension(result, "documentation").reasons)
    used = {d.tool for d in result.ctx.detections if d.usage in ("used", "configured")}
    assert "optuna" not in used, used
    entries = [e.path for e in result.ctx.taxonomy.training_entry_points]
    assert "reid/tools/train_net.py" in entries and not any(p.startswith("reid/projects/") for p in entries)
    assert finding(result, "ET412").status == "WARN", finding(result, "ET412").message
    assert not any("reid/docker" in r for r in dimension(result, "environment_capture").reasons)


def test_dozens_of_committed_build_products_are_messy_despite_a_gitignore(tmp_path):
    # __pycache__ folders committed whole: a .gitignore beside them does not make the tree clean
    files = {"train.py": GAN_TRAIN, ".gitignore": "*.log\n"}
    files.update({f"pkg/__pycache__/m{i}.cpython-37.pyc": "x" for i in range(12)})
    root = write_repo(tmp_path, files)
    commit_all(root)
    result = run_audit(root, jobs=1)
    assert dimension(result, "code_versioning").score == 1, dimension(result, "code_versioning").reasons


WINDOWS_EXPORT = (
    "name: dino\nchannels:\n  - conda-forge\ndependencies:\n"
    + "".join(f"  - pkg{i}=1.{i}.0=py39h{i}_0\n" for i in range(12))
    + "prefix: C:\\Users\\me\\miniconda3\\envs\\dino\n"
)


def test_conda_environment_exported_on_windows_pins_no_training_environment(tmp_path):
    # `conda env export` on Windows (prefix C:\\...) that no set-up step uses, beside the unpinned
    # requirements the README installs: the Linux GPU runs cannot be recreated from its win-64 builds
    files = {
        "README.md": "# Detector\n\n```\npip install -r requirements.txt\npython train.py\n```\n",
        "requirements.txt": "torch\nnumpy\npandas\n",
        "environment.yaml": WINDOWS_EXPORT,
        "train.py": GAN_TRAIN,
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    f410 = finding(result, "ET410")
    assert "environment.yaml" not in f410.message, f410.message
    assert dimension(result, "environment_capture").score <= 2


PRIVATE_RNG_TRAIN = """
import numpy as np
import torch

rng = np.random.RandomState(123)


def main():
    order = np.arange(10)
    rng.shuffle(order)
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for step in order:
        noise = np.random.rand(2)
        loss = model(torch.tensor(noise, dtype=torch.float32)).sum()
        loss.backward()
        optimizer.step()


if __name__ == "__main__":
    main()
"""


def test_a_private_generator_is_no_run_seed(tmp_path):
    # RandomState(123) seeds only that generator while training draws from numpy's global RNG and torch is
    # never seeded: no finding may say seeds are set (for no framework) or that one is left unrecorded
    result = run_audit(write_repo(tmp_path, {"train.py": PRIVATE_RNG_TRAIN}), jobs=1)
    f401 = finding(result, "ET401")
    assert f401.status == "FAIL" and "Seeds set for ," not in f401.message, f401.message
    assert not [f for f in result.findings if f.rule_id == "ET212" and "A seed is set" in f.message]


DETECTOR_README = """# FCOSish: a one-stage detector

```
pip install git+https://github.com/someone/detkit.git
python tools/train_net.py --config-file configs/r50.yaml
```

## Models

Trained on COCO train2017, evaluated on COCO minival.

| Model | AP | FPS |
|---|---|---|
| R-50 | 38.7 | 19.1 |
| R-101 | 41.5 | 15.0 |
"""


def test_a_library_reporting_its_own_results_owes_its_data_record(tmp_path):
    # the package installs by name, but its README reports models it trained on COCO: which copy of the
    # data those runs read is the project's gap, not its users'
    files = {
        "README.md": DETECTOR_README,
        "setup.py": "from setuptools import setup\n\nsetup(name='detkit', version='0.1', packages=['detkit'])\n",
        "detkit/__init__.py": "",
        "tools/train_net.py": GAN_TRAIN,
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    for rule_id in ("ET120", "ET421"):
        assert "as a library" not in finding(result, rule_id).message, finding(result, rule_id).message
    assert "public benchmark" in finding(result, "ET120").message


WORKER_LOADER = """
import random

import torch
from torch.utils.data import DataLoader, Dataset, RandomSampler


class Flips(Dataset):
    def __len__(self):
        return 16

    def __getitem__(self, i):
        x = torch.ones(2)
        return -x if random.random() < 0.5 else x


def main():
    ds = Flips()
    loader = DataLoader(ds, sampler=RandomSampler(ds), batch_size=4, num_workers=4)
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for x in loader:
        loss = model(x).sum()
        loss.backward()
        optimizer.step()


if __name__ == "__main__":
    main()
"""


def test_workers_drawing_only_python_random_need_the_main_seed_not_a_worker_init_fn(tmp_path):
    # Python `random` in the dataset and torch's RandomSampler: PyTorch seeds each worker's `random` and
    # torch generators from the main process's torch generator, so the missing piece is that seed
    result = run_audit(write_repo(tmp_path, {"train.py": WORKER_LOADER}), jobs=1)
    f404 = finding(result, "ET404")
    assert f404.status == "WARN" and "main process" in f404.message, f404.message
    assert "worker_init_fn=" not in f404.recommendation


def test_own_cuda_kernels_lead_the_determinism_fix_to_the_readme_note(tmp_path):
    # a project compiling its own CUDA (ray marching with atomicAdd): no torch flag reaches those kernels
    kernel = "__global__ void march(float* out) { atomicAdd(out, 1.0f); }\n"
    train = GAN_TRAIN.replace("model = torch.nn.Linear(2, 2)", "model = torch.nn.Linear(2, 2).cuda()")
    files = {"train.py": train, "raymarching/src/raymarching.cu": kernel}
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    f403 = finding(result, "ET403")
    assert f403.status == "WARN"
    assert "raymarching/src/raymarching.cu" in f403.recommendation, f403.recommendation


def test_options_dump_follows_argparse_when_omegaconf_only_reads_a_model_definition(tmp_path):
    # OmegaConf reads the pretrained VQGAN's definition; the run's options are argparse flags: the dump
    # to add is vars(args), not an OmegaConf config the script never has
    result = run_audit(write_repo(tmp_path, {"generate.py": PRETRAINED_GENERATE}), jobs=1)
    texts = [f.recommendation or "" for f in result.findings] + [
        r.get("snippet", "") for r in result.recommendations
    ]
    assert not any("OmegaConf.to_yaml(cfg" in t for t in texts)
    assert "vars(args)" in finding(result, "ET210").recommendation


def _notebook_with_output(source: str) -> str:
    import json

    cell = {
        "cell_type": "code",
        "source": source,
        "metadata": {},
        "execution_count": 1,
        "outputs": [{"output_type": "stream", "name": "stdout", "text": "loss 0.1\n"}],
    }
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell]})


def test_tutorial_notebooks_sphinx_renders_unexecuted_keep_their_outputs(tmp_path):
    # nbsphinx_execute = "never": the docs show the outputs saved in the notebooks; stripping them would
    # blank the published tutorials
    files = {
        "docs/source/conf.py": 'project = "lib"\nextensions = ["nbsphinx"]\nnbsphinx_execute = "never"\n',
        "docs/source/tutorials/intro.ipynb": _notebook_with_output("print('loss', 0.1)"),
        "train.py": GAN_TRAIN,
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    assert finding(result, "ET603").status == "PASS", finding(result, "ET603").message
    assert ("docs/source/conf.py", 3) in {(e.path, e.line) for e in finding(result, "ET603").evidence}


def test_seeded_study_fix_keeps_the_studys_own_direction(tmp_path):
    # create_study() minimises (Optuna's default): the seeded study to add must not turn it around
    result = run_audit(write_repo(tmp_path, {"tune.py": TUNE_SIDE_PROJECT}), jobs=1)
    f220 = finding(result, "ET220")
    assert f220.status == "WARN"
    assert "TPESampler(seed=" in f220.recommendation and "maximize" not in f220.recommendation


def test_a_pickled_study_is_persisted_search_history(tmp_path):
    # the Optuna study pickled after the search keeps every trial; a later search resumes from it
    tune = TUNE_SIDE_PROJECT.replace(
        "    optuna.create_study().optimize(objective, n_trials=10)",
        "    study = optuna.create_study()\n    study.optimize(objective, n_trials=10)\n"
        '    with open("study.pkl", "wb") as fout:\n        pickle.dump(study, fout)',
    ).replace("import optuna", "import pickle\n\nimport optuna")
    result = run_audit(write_repo(tmp_path, {"tune.py": tune}), jobs=1)
    assert finding(result, "ET221").status == "PASS", finding(result, "ET221").message


def test_a_debugging_switch_in_the_environment_is_no_configuration_layer(tmp_path):
    # os.environ.get("IPDB_DEBUG") == "INFO" turns on a developer's visualisation: not a parameter layer
    train = GAN_TRAIN.replace(
        "    opt = parser.parse_args()\n",
        '    opt = parser.parse_args()\n    if os.environ.get("IPDB_PROJECT_DEBUG", None) == "INFO":\n        print(opt)\n',
    )
    result = run_audit(write_repo(tmp_path, {"train.py": train}), jobs=1)
    assert "IPDB_PROJECT_DEBUG" in train
    assert "environment variables" not in finding(result, "ET201").message, finding(result, "ET201").message


def test_committed_images_the_projects_scripts_train_on_are_its_data(tmp_path):
    # image-to-3D: the shipped script trains on a committed image (`python main.py --image data/cat.png`);
    # that image is the run's data, kept in git, not a demo's sample picture
    main = GAN_TRAIN.replace(
        'parser.add_argument("--lr", type=float, default=1e-3)',
        'parser.add_argument("--lr", type=float, default=1e-3)\nparser.add_argument("--image", default=None)',
    )
    files = {
        "main.py": main,
        "scripts/run_image.sh": "python main.py --image data/cat_rgba.png --num_epochs 100\n",
        "data/cat_rgba.png": "P" * 4096,
    }
    root = write_repo(tmp_path, files)
    commit_all(root)
    result = run_audit(root, jobs=1)
    assert "committed in git" in finding(result, "ET120").message, finding(result, "ET120").message
    assert dimension(result, "data_versioning").score == 2


def test_a_changelog_line_is_no_documented_set_up(tmp_path):
    # "Python 3.11 support" in CHANGELOG.md says what a release added, not which interpreter to set up
    files = {
        "train.py": GAN_TRAIN,
        "requirements.txt": "torch\npandas\n",
        "CHANGELOG.md": "# Changelog\n\n## v1.2\n\n- Tested with python 3.11 in the docs build\n",
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    f411 = finding(result, "ET411")
    assert "CHANGELOG" not in f411.message and f411.status != "PASS", f411.message


def test_interpolation_inside_one_file_and_cli_overrides_are_no_composition(tmp_path):
    # three near-copies whose `${dataset.scene}` names a key of the same file, merged only with the command
    # line: no shared base; a reference to a key the file lacks comes from a file composed with it
    launch = OMEGA_LAUNCH.replace(
        "OmegaConf.merge(OmegaConf.load(args.config), OmegaConf.from_cli(extras))",
        "OmegaConf.merge(OmegaConf.load(args.config), OmegaConf.from_cli(extras))",
    )
    files = {"launch.py": launch, "callbacks.py": SNAPSHOT_CALLBACKS}
    files.update(
        {f"configs/scene{i}.yaml": OMEGA_CONFIG.replace("lr: 0.01", f"lr: 0.0{i + 1}") for i in range(3)}
    )
    copies = run_audit(write_repo(tmp_path / "copies", files), jobs=1)
    assert finding(copies, "ET203").status == "WARN", finding(copies, "ET203").message
    files["configs/scene0.yaml"] += "model:\n  width: ${base.width}\n"
    composed = run_audit(write_repo(tmp_path / "composed", files), jobs=1)
    assert finding(composed, "ET203").status == "PASS"


def test_a_download_script_for_the_models_the_reader_needs_is_no_release(tmp_path):
    # download_models.sh fetches the pretrained checkpoints the README says the reader needs: someone
    # else's models, however the script is named
    readme = (
        "# Art generator\n\n## Set up\n\nYou will also need at least 1 pretrained model. E.g.\n\n"
        "The `download_models.sh` script is an optional way to download a number of models.\n"
    )
    script = "mkdir -p checkpoints\ncurl -L -o checkpoints/vqgan.ckpt 'https://example.org/files/last.ckpt'\n"
    files = {"README.md": readme, "download_models.sh": script, "train.py": GAN_TRAIN}
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    assert not any("published" in f.message for f in result.findings if f.rule_id == "ET520")


GUI_VIEWER = """
import dearpygui.dearpygui as dpg


class Viewer:
    def __init__(self, trainer, W=64, H=64):
        self.trainer = trainer
        dpg.create_context()
        with dpg.texture_registry(show=False):
            dpg.add_raw_texture(W, H, [0.0] * (W * H * 3), tag="_texture")
        with dpg.window(tag="_primary_window", width=W, height=H):
            dpg.add_image("_texture")
"""


def test_a_gui_librarys_add_image_stores_no_artifact(tmp_path):
    # dearpygui's dpg.add_image shows a texture in a window: no run output is written
    result = run_audit(write_repo(tmp_path, {"train.py": GAN_TRAIN, "gui.py": GUI_VIEWER}), jobs=1)
    f311 = finding(result, "ET311")
    assert not any(e.path == "gui.py" for e in f311.evidence), f311.evidence


UNBUILT_WANDB = """
class WandbLogger(object):
    def __init__(self, args):
        self.args = args
        try:
            import wandb

            self._wandb = wandb
        except ImportError:
            raise ImportError("To use the Weights and Biases Logger please install wandb.")
        if self._wandb.run is None:
            self._wandb.init(project=args.project, config=args)

    def log_epoch_metrics(self, metrics):
        self._wandb.log({"epoch": metrics.get("epoch")})
"""


def test_a_tracker_wrapper_nothing_builds_is_no_tracker_in_use(tmp_path):
    # utils.py, which the training script imports, defines a W&B logger class that no module instantiates,
    # subclasses or names in a config: code no run executes, so W&B records nothing and logs no parameters
    imports_utils = GAN_TRAIN.replace("import torch\n", "import torch\n\nimport utils  # noqa: F401\n", 1)
    result = run_audit(write_repo(tmp_path, {"train.py": imports_utils, "utils.py": UNBUILT_WANDB}), jobs=1)
    used = {d.tool for d in result.ctx.detections if d.usage in ("used", "configured")}
    assert "wandb" not in used, used
    assert not any("wandb" in e.detail for e in finding(result, "ET210").evidence)
    built = GAN_TRAIN.replace(
        "    opt = parser.parse_args()\n", "    opt = parser.parse_args()\n    logger = WandbLogger(opt)\n"
    )
    built = built.replace("import torch\n", "import torch\n\nfrom utils import WandbLogger\n", 1)
    used = run_audit(write_repo(tmp_path / "built", {"train.py": built, "utils.py": UNBUILT_WANDB}), jobs=1)
    assert "wandb" in {d.tool for d in used.ctx.detections if d.usage in ("used", "configured")}


RUN_OR_NOTHING = """
import torch

try:
    import wandb
except ImportError:
    wandb = None


def validate(model, loader):
    images = []
    for x in loader:
        images.append(wandb.Image(model(x).detach().numpy()) if wandb else None)
    if wandb and wandb.run:
        wandb.log({"Images": images})
"""


def test_wandb_logging_into_a_run_nothing_starts_is_not_used(tmp_path):
    # `if wandb and wandb.run: wandb.log(...)` copied from another project, and no wandb.init anywhere:
    # wandb.run stays None, W&B records nothing
    files = {"train.py": GAN_TRAIN, "evaluate.py": RUN_OR_NOTHING}
    never = run_audit(write_repo(tmp_path / "never", files), jobs=1)
    assert "wandb" not in {d.tool for d in never.ctx.detections if d.usage == "used"}
    files["train.py"] = GAN_TRAIN.replace(
        "    opt = parser.parse_args()\n",
        "    opt = parser.parse_args()\n    wandb.init(project='x', config=vars(opt))\n",
    ).replace("import torch\n", "import torch\nimport wandb\n", 1)
    started = run_audit(write_repo(tmp_path / "started", files), jobs=1)
    assert "wandb" in {d.tool for d in started.ctx.detections if d.usage == "used"}


def test_review_of_this_sessions_rules_edge_cases(tmp_path):
    # a gradio demo's launch() starts no DDP processes
    demo = (
        DDP_NEVER_STARTED
        + '\nimport gradio as gr\n\ndemo = gr.Interface(fn=print, inputs="text", outputs="text")\ndemo.launch()\n'
    )
    never = run_audit(write_repo(tmp_path / "demo", {"train.py": demo}), jobs=1)
    assert not [d for d in never.ctx.detections if d.tool == "ddp" and d.usage == "used"]
    # `git ls-files` given as an argument list is a listing of the tracked files too
    listed = SNAPSHOT_CALLBACKS.replace(
        'subprocess.check_output("git ls-files", shell=True)', 'subprocess.check_output(["git", "ls-files"])'
    )
    snap = run_audit(
        write_repo(tmp_path / "snap", {"launch.py": OMEGA_LAUNCH, "callbacks.py": listed}), jobs=1
    )
    assert [p.evidence.path for p in snap.ctx.records.code] == ["callbacks.py"]
    # a wrapper naming itself in super(...) is still never built
    py2 = UNBUILT_WANDB.replace(
        "        self.args = args\n",
        "        super(WandbLogger, self).__init__()\n        self.args = args\n",
    )
    imports_utils = GAN_TRAIN.replace("import torch\n", "import torch\n\nimport utils  # noqa: F401\n", 1)
    wrapped = run_audit(write_repo(tmp_path / "py2", {"train.py": imports_utils, "utils.py": py2}), jobs=1)
    assert "wandb" not in {d.tool for d in wrapped.ctx.detections if d.usage in ("used", "configured")}
    # the weights saved under a predictions-like name stay a checkpoint
    state = EVAL_AND_GENERATE.replace(
        'torch.save(predictions, os.path.join(output_folder, "predictions.pth"))',
        'torch.save({"net": model.state_dict()}, os.path.join(output_folder, "pred_head_best.pth"))',
    )
    saved = run_audit(write_repo(tmp_path / "state", {"run.py": state}), jobs=1)
    assert any("pred_head_best" in p.target for p in saved.ctx.records.checkpoints), (
        saved.ctx.records.checkpoints
    )
