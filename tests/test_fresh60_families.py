"""Families of real code the fresh60 round (repositories never seen before its first audit) showed the
auditor reading wrong, each with a synthetic case of our own."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import commit_all, finding, write_repo

SEEDED_TRAIN = """
import argparse
import random

import numpy as np
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--seed", type=int, default=0)
args = parser.parse_args()
random.seed(args.seed)
np.random.seed(args.seed)
torch.manual_seed(args.seed)
model = torch.nn.Linear(2, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(10):
    loss = model(torch.ones(2)).sum()
    loss.backward()
    optimizer.step()
    print(step, loss.item())
"""


def test_tutorial_copy_of_another_project_is_not_a_training_script(tmp_path):
    # tutorials/<tracker>/main.py driving its own engine module is a tutorial's copy of another project:
    # example scope, like a tutorial script that trains by itself; it is not a training script of this
    # project left unseeded
    engine = (
        "import torch\n\n\ndef train_one_epoch(model, loader, optimizer):\n"
        "    for x in loader:\n        loss = model(x).sum()\n        loss.backward()\n"
        "        optimizer.step()\n"
    )
    main = (
        "import argparse\n\nimport torch\n\nfrom engine import train_one_epoch\n\n\ndef main(args):\n"
        "    model = torch.nn.Linear(2, 2)\n    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "    for epoch in range(args.epochs):\n        train_one_epoch(model, [torch.ones(2)], opt)\n\n\n"
        "if __name__ == '__main__':\n    p = argparse.ArgumentParser()\n"
        "    p.add_argument('--epochs', type=int, default=2)\n    main(p.parse_args())\n"
    )
    write_repo(
        tmp_path,
        {
            "tools/train.py": SEEDED_TRAIN,
            "tutorials/othertrack/main_track.py": main,
            "tutorials/othertrack/engine.py": engine,
            "README.md": "# Tracker\n\n`python tools/train.py --seed 0`\n",
        },
    )
    commit_all(tmp_path)
    result = run_audit(tmp_path)
    entries = {e.path for e in result.ctx.taxonomy.training_entry_points}
    assert entries == {"tools/train.py"}
    assert finding(result, "ET401").status == "PASS"


BASICSR_TRAIN = """import os.path as osp

from basicsr.train import train_pipeline

import facerestore.archs  # noqa: F401

if __name__ == '__main__':
    train_pipeline(osp.abspath(osp.join(__file__, osp.pardir, osp.pardir)))
"""

BASICSR_OPTIONS = """name: train_face_v1
model_type: FaceModel
num_gpu: auto
manual_seed: 0
logger:
  print_freq: 100
  use_tb_logger: true
  wandb:
    project: {project}
    resume_id: ~
dist_params:
  backend: nccl
"""


def test_basicsr_wandb_block_and_launcher_option_are_read_as_the_framework_uses_them(tmp_path):
    # BasicSR logs to W&B once `logger.wandb.project` names a project (configured, optional while it is
    # empty), and `--launcher pytorch` makes it train with DistributedDataParallel
    files = {
        "facerestore/__init__.py": "",
        "facerestore/archs/__init__.py": "",
        "facerestore/train.py": BASICSR_TRAIN,
        "options/train_face_v1.yml": BASICSR_OPTIONS.format(project="~"),
        "requirements.txt": "basicsr>=1.4.2\ntorch>=1.7\n",
        "README.md": "# Face\n\n```\npython -m torch.distributed.launch --nproc_per_node=4 facerestore/train.py "
        "-opt options/train_face_v1.yml --launcher pytorch\n```\n",
    }
    write_repo(tmp_path, files)
    commit_all(tmp_path)
    found = {(d.tool, d.category): d for d in run_audit(tmp_path).ctx.detections}
    wandb = found[("wandb", "tracking")]
    assert (wandb.usage, wandb.scope) == ("configured", "optional")
    assert wandb.evidence[0].path == "options/train_face_v1.yml"
    assert found[("ddp", "distributed")].evidence[0].path == "README.md"
    write_repo(tmp_path, {"options/train_face_v1.yml": BASICSR_OPTIONS.format(project="faces")})
    commit_all(tmp_path)
    wandb = {d.tool: d for d in run_audit(tmp_path).ctx.detections}["wandb"]
    assert (wandb.usage, wandb.scope) == ("used", "core")


LAUNCH = """
import argparse

import pytorch_lightning as pl
from omegaconf import OmegaConf

from mysys.callbacks import ConfigSnapshot
from mysys.system import System


def main(args, extras):
    cfg = OmegaConf.merge(OmegaConf.load(args.config), OmegaConf.from_cli(extras))
    callbacks = []
    if args.train:
        callbacks += [ConfigSnapshot(cfg, cfg.trial_dir)]
    trainer = pl.Trainer(callbacks=callbacks, default_root_dir=cfg.trial_dir, **cfg.trainer)
    system = System(cfg.system)
    if args.train:
        trainer.fit(system)
    else:
        trainer.test(system)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--train", action="store_true")
    group.add_argument("--test", action="store_true")
    args, extras = parser.parse_known_args()
    main(args, extras)
"""

CALLBACKS = """
import os

import pytorch_lightning as pl

from mysys.config import dump_config


class ConfigSnapshot(pl.Callback):
    def __init__(self, config, save_root):
        self.config = config
        self.save_root = save_root

    def on_fit_start(self, trainer, pl_module):
        os.makedirs(self.save_root, exist_ok=True)
        dump_config(os.path.join(self.save_root, "parsed.yaml"), self.config)
"""

CONFIG = """
from omegaconf import OmegaConf


def dump_config(path, config):
    with open(path, "w") as fp:
        OmegaConf.save(config=config, f=fp)
"""

SYSTEM = """
import pytorch_lightning as pl
import torch


class System(pl.LightningModule):
    def __init__(self, cfg):
        super().__init__()
        self.net = torch.nn.Linear(2, 2)

    def training_step(self, batch, batch_idx):
        loss = self.net(batch).sum()
        self.log("train/loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=1e-3)
"""


def test_config_saved_through_a_helper_behind_the_train_mode_flag_is_the_whole_config(tmp_path):
    # `if args.train:` of a --train/--test group picks the run's phase: every training run has it on, so
    # it is no opt-in switch; OmegaConf.save reached through the project's dump_config() writes the config
    # object it is handed, whole
    write_repo(
        tmp_path,
        {
            "launch.py": LAUNCH,
            "mysys/__init__.py": "",
            "mysys/callbacks.py": CALLBACKS,
            "mysys/config.py": CONFIG,
            "mysys/system.py": SYSTEM,
            "configs/base.yaml": "trial_dir: outputs/exp\nseed: 0\nsystem:\n  lr: 0.001\ntrainer:\n  max_steps: 10\n",
            "README.md": "# Sys\n\n`python launch.py --config configs/base.yaml --train`\n",
        },
    )
    commit_all(tmp_path)
    result = run_audit(tmp_path)
    config = [p for p in result.ctx.records.config if p.evidence.path == "mysys/callbacks.py"]
    assert config and config[0].whole
    et210 = finding(result, "ET210")
    assert et210.status == "PASS", et210.message


def test_undocumented_playground_notebooks_are_not_the_typical_run(tmp_path):
    # The README's training command is how runs are made; notebooks and a diagnostics script no command
    # runs are side paths, so the documented script's per-run config record is the typical run's
    hydra_main = (
        "import hydra\nimport torch\n\n\n@hydra.main(config_path='conf', config_name='main')\n"
        "def run(cfg):\n    model = torch.nn.Linear(2, 2)\n"
        "    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)\n    for _ in range(cfg.steps):\n"
        "        loss = model(torch.ones(2)).sum()\n        loss.backward()\n        opt.step()\n\n\n"
        "if __name__ == '__main__':\n    run()\n"
    )
    nb_cell = (
        "import torch\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.Adam(model.parameters(), lr=0.1)\n"
        "for _ in range(3):\n    loss = model(torch.ones(2)).sum()\n    loss.backward()\n    opt.step()\n"
    )
    from tests.rules.repo_helpers import notebook

    write_repo(
        tmp_path,
        {
            "mlib/__init__.py": "",
            "mlib/examples/__init__.py": "",
            "mlib/examples/main.py": hydra_main,
            "mlib/examples/conf/main.yaml": "lr: 0.001\nsteps: 10\nseed: 0\n",
            "notebooks/fit_demo.ipynb": notebook(nb_cell),
            "notebooks/fit_other.ipynb": notebook(nb_cell),
            "mlib/diagnostics/finetune_model.py": SEEDED_TRAIN,
            "README.md": "# mlib\n\n```\npython -m mlib.examples.main lr=0.01\n```\n",
        },
    )
    commit_all(tmp_path)
    result = run_audit(tmp_path)
    assert len(result.ctx.taxonomy.training_entry_points) >= 3
    from tests.rules.repo_helpers import dimension

    assert dimension(result, "parameter_logging").score == 5


def _data_files(result):
    from experiment_tracking.rubric import committed_data

    return [f.path for f in committed_data(result.ctx)]


def test_committed_indexes_of_data_kept_elsewhere_are_splits_not_training_data(tmp_path):
    # a list of image paths under its own extension (citypersons.train), a split's sample numbers one
    # per line (chairs_split.txt) and an index map in a splits/ folder name samples kept elsewhere: the
    # data is downloaded, so the commit does not version it
    image_rows = "".join(f"Cityscapes/images/train/jena/jena_{i:06d}_leftImg8bit.png\n" for i in range(200))
    write_repo(
        tmp_path,
        {
            "train.py": SEEDED_TRAIN,
            "datasets/data_path/citypersons.train": image_rows,
            "chairs_split.txt": "1\n" * 1500 + "2\n" * 500,
            "splits/benchmark/eigen_to_benchmark_ids.npy": "\x93NUMPY" + "\x00" * 4000,
            "splits/benchmark/train_files.txt": "".join(
                f"2011_09_26/drive_{i:04d}_sync 473 r\n" for i in range(200)
            ),
            "README.md": "# Flow\n\nDownload the KITTI and FlyingChairs datasets into datasets/.\n",
        },
    )
    commit_all(tmp_path)
    result = run_audit(tmp_path)
    assert _data_files(result) == []
    splits = {e.path for e in result.ctx.taxonomy.split_files}
    assert {"chairs_split.txt", "splits/benchmark/train_files.txt"} <= splits
    assert "committed in git" not in finding(result, "ET120").message
    from tests.rules.repo_helpers import dimension

    data = dimension(result, "data_versioning")
    assert "data committed" not in data.reasons[0] or "split files" in data.reasons[0]


def test_issue_templates_are_not_where_the_documentation_names_its_data(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": SEEDED_TRAIN,
            ".github/ISSUE_TEMPLATE/problem-training-on-kitti.md": "---\nname: Problem training on KITTI\n---\n",
            "README.md": "# Depth\n\nWe train on the KITTI raw dataset; download it with the script below.\n",
        },
    )
    commit_all(tmp_path)
    from experiment_tracking.rubric import public_benchmark_doc

    named = public_benchmark_doc(run_audit(tmp_path).ctx)
    assert named is not None and named.path == "README.md", named


FLOW_DATASET = """
import random

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset


class FlowDataset(Dataset):
    def __init__(self):
        self.init_seed = False

    def __getitem__(self, index):
        if not self.init_seed:
            worker_info = torch.utils.data.get_worker_info()
            if worker_info is not None:
                torch.manual_seed(worker_info.id)
                np.random.seed(worker_info.id)
                random.seed(worker_info.id)
                self.init_seed = True
        crop = np.random.randint(0, 8)
        return torch.ones(2) * crop

    def __len__(self):
        return 8


def fetch_dataloader():
    return DataLoader(FlowDataset(), batch_size=2, shuffle=True, num_workers=4)
"""

FLOW_TRAIN = """
import numpy as np
import torch

from core.datasets import fetch_dataloader

if __name__ == '__main__':
    torch.manual_seed(1234)
    np.random.seed(1234)
    model = torch.nn.Linear(2, 2)
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    for batch in fetch_dataloader():
        loss = model(batch).sum()
        loss.backward()
        opt.step()
"""


def test_a_dataset_seeding_its_worker_from_get_worker_info_is_worker_seeding(tmp_path):
    # the worker seeds torch, numpy and random with its own index on its first item: worker seeding by
    # hand (ET404), in every worker the loaders start (ET401), and a fixed value per worker (ET212)
    write_repo(tmp_path, {"core/__init__.py": "", "core/datasets.py": FLOW_DATASET, "train.py": FLOW_TRAIN})
    commit_all(tmp_path)
    result = run_audit(tmp_path)
    assert finding(result, "ET404").status == "PASS"
    assert finding(result, "ET401").status == "PASS", finding(result, "ET401").message
    assert finding(result, "ET212").status == "PASS", finding(result, "ET212").message


def _released(files, tmp_path):
    from experiment_tracking.scoring import released_weights

    write_repo(tmp_path, {"train.py": SEEDED_TRAIN, **files})
    commit_all(tmp_path)
    return released_weights(run_audit(tmp_path).ctx)


def test_a_model_zoo_whose_links_sit_under_its_subsections_releases_weights(tmp_path):
    readme = (
        "# Tracker\n\n## Model zoo\n\n### Ablation model\n\nTrain on half of the training set.\n\n"
        "| Model | MOTA |\n|---|---|\n|tracker_ablation [[google]](https://drive.google.com/file/d/abc/view) | 76.6 |\n"
        "\n## Citation\n"
    )
    found = _released({"README.md": readme}, tmp_path)
    assert found is not None and found.line == 3


def test_a_download_models_script_fetching_an_archive_releases_weights(tmp_path):
    found = _released(
        {
            "download_models.sh": "#!/bin/bash\nwget https://dl.example.org/s/abc/models.zip\nunzip models.zip\n",
            "README.md": "# Flow\n\nPretrained models can be downloaded by running\n```\n./download_models.sh\n```\n",
        },
        tmp_path,
    )
    assert found is not None and found.path == "download_models.sh"


def test_advice_on_fetching_a_model_the_project_uses_is_no_release(tmp_path):
    readme = (
        "# Gen3D\n\n**If you are experiencing unstable connections with Hugging Face, we suggest you download the "
        "guidance model you use to a local folder following [here](https://huggingface.co/docs/hub/download) and set "
        "`pretrained_model_name_or_path` to the local path.**\n\n"
        "- The best models use the T2I model, which requires signing a license agreement: you need to [accept the "
        "license on the model card](https://huggingface.co/someorg/t2i-model) and log into the Hugging Face hub.\n"
    )
    assert _released({"README.md": readme}, tmp_path) is None


def test_scripts_started_by_a_distributed_launcher_are_launched_by_the_commands(tmp_path):
    # torchrun, `python -m torch.distributed.launch` and accelerate start the script (or module) named
    # after their own options: that script is what the documentation runs, not the launcher's module
    from experiment_tracking.detect.engine import launched_scripts

    write_repo(
        tmp_path,
        {
            "torchrun_main.py": SEEDED_TRAIN,
            "train.py": SEEDED_TRAIN,
            "pkg/__init__.py": "",
            "pkg/finetune.py": SEEDED_TRAIN,
            "distributed_train.sh": "#!/bin/bash\nNUM_PROC=$1\nshift\n"
            'python3 -m torch.distributed.launch --nproc_per_node=$NUM_PROC train.py "$@"\n',
            "scripts/ft.sh": "accelerate launch --num_processes 2 \\\n    -m pkg.finetune --lr 1e-4\n",
            "README.md": "# LM\n\n```\ntorchrun --standalone --nproc_per_node 1 torchrun_main.py --lr 0.01\n```\n",
        },
    )
    commit_all(tmp_path)
    launched = launched_scripts(run_audit(tmp_path).ctx.index)
    assert {"torchrun_main.py", "train.py", "pkg/finetune.py"} <= launched


def test_a_course_of_lesson_notebooks_keeps_its_notebooks_as_the_typical_run(tmp_path):
    # five lesson notebooks and one script a course page runs: the lessons are the typical run
    from experiment_tracking.rubric import typical_entries
    from tests.rules.repo_helpers import notebook

    cell = (
        "import torch\nmodel = torch.nn.Linear(2, 2)\nopt = torch.optim.Adam(model.parameters(), lr=0.1)\n"
        "for _ in range(3):\n    loss = model(torch.ones(2)).sum()\n    loss.backward()\n    opt.step()\n"
    )
    files = {f"{i:02d}_lesson.ipynb": notebook(cell) for i in range(5)}
    files["going_modular/train.py"] = SEEDED_TRAIN
    files["docs/05_going_modular.md"] = "# Going modular\n\n```\npython going_modular/train.py\n```\n"
    write_repo(tmp_path, files)
    commit_all(tmp_path)
    result = run_audit(tmp_path)
    assert len(typical_entries(result.ctx)) == 6


def test_basicsr_runs_are_named_timed_validated_and_keep_images_by_their_option_files(tmp_path):
    # BasicSR names each run's folder after the option file's name, logs iteration and data time, computes
    # the val.metrics it lists and saves validation images when val.save_img is true
    options = BASICSR_OPTIONS.format(project="~") + (
        "val:\n  val_freq: 5000\n  save_img: true\n  metrics:\n    psnr:\n      type: calculate_psnr\n"
    )
    files = {
        "facerestore/__init__.py": "",
        "facerestore/archs/__init__.py": "",
        "facerestore/train.py": BASICSR_TRAIN,
        "options/train_face_v1.yml": options,
        "requirements.txt": "basicsr>=1.4.2\ntorch>=1.7\n",
        "setup.py": "import os\nfrom setuptools import setup\n\nenv = os.environ.get('LANGUAGE')\nsetup(name='fr')\n",
    }
    write_repo(tmp_path, files)
    commit_all(tmp_path)
    result = run_audit(tmp_path)
    # ... and its option files, picked with -opt on the command line, are the configuration (ET201)
    # ... it logs the library versions of each run (ET213), and W&B, configured with an empty project,
    # records nothing: no commit is kept by it (ET420)
    for rule in ("ET110", "ET201", "ET213", "ET302", "ET303", "ET311"):
        assert finding(result, rule).status == "PASS", (rule, finding(result, rule).message)
    assert any(e.path == "options/train_face_v1.yml" for e in finding(result, "ET311").evidence)
    assert finding(result, "ET420").status != "PASS"


def test_a_loader_only_side_scripts_call_resumes_no_training(tmp_path):
    # `load_agent(path)` builds a finished agent from its checkpoint for diagnostics; the documented
    # training command never calls it, so it is no way to continue a failed run
    planning = (
        "import torch\n\n\nclass Agent:\n    def __init__(self):\n        self.net = torch.nn.Linear(2, 2)\n\n"
        "    def load_checkpoint(self, ckpt_path):\n        self.net.load_state_dict(torch.load(ckpt_path))\n\n"
        "    def save(self, path):\n        torch.save(self.net.state_dict(), path)\n\n\n"
        "def load_agent(agent_path):\n    agent = Agent()\n    agent.load_checkpoint(ckpt_path=agent_path + '/agent.pth')\n"
        "    return agent\n"
    )
    train = (
        "import argparse\n\nimport torch\n\nfrom lib.planning import Agent\n\n\ndef main():\n"
        "    p = argparse.ArgumentParser()\n    p.add_argument('--steps', type=int, default=3)\n    args = p.parse_args()\n"
        "    agent = Agent()\n    opt = torch.optim.Adam(agent.net.parameters(), lr=1e-3)\n"
        "    for _ in range(args.steps):\n        loss = agent.net(torch.ones(2)).sum()\n        loss.backward()\n"
        "        opt.step()\n    agent.save('agent.pth')\n\n\nif __name__ == '__main__':\n    main()\n"
    )
    diag = "import sys\n\nfrom lib.planning import load_agent\n\nif __name__ == '__main__':\n    agent = load_agent(sys.argv[1])\n    print(agent)\n"
    write_repo(
        tmp_path,
        {
            "lib/__init__.py": "",
            "lib/planning.py": planning,
            "lib/train.py": train,
            "lib/diagnostics/__init__.py": "",
            "lib/diagnostics/show_agent.py": diag,
            "README.md": "# lib\n\n```\npython -m lib.train --steps 100\n```\n",
        },
    )
    commit_all(tmp_path)
    assert finding(run_audit(tmp_path), "ET511").status != "PASS"


def test_a_conda_install_line_with_exact_pins_is_a_partly_pinned_environment(tmp_path):
    # `conda install pytorch=1.6.0 torchvision=0.7.0 cudatoolkit=10.1 matplotlib -c pytorch`: conda pins
    # with one `=`, and three exact pins in the set-up command are a partly pinned environment (level 2)
    from tests.rules.repo_helpers import dimension

    readme = (
        "# Flow\n\n## Requirements\n\n```Shell\nconda create --name flow\nconda activate flow\n"
        "conda install pytorch=1.6.0 torchvision=0.7.0 cudatoolkit=10.1 matplotlib tensorboard scipy opencv -c pytorch\n```\n"
    )
    write_repo(tmp_path, {"train.py": SEEDED_TRAIN, "README.md": readme})
    commit_all(tmp_path)
    env = dimension(run_audit(tmp_path), "environment_capture")
    assert env.score == 2, env.reasons


OPTIONS = """
import argparse


class Options:
    def __init__(self):
        self.parser = argparse.ArgumentParser()
        self.parser.add_argument("--data_path", type=str, default="kitti_data")
        self.parser.add_argument("--log_dir", type=str, default="logs")
        self.parser.add_argument("--model_name", type=str, default="mdp")

    def parse(self):
        return self.parser.parse_args()
"""

TRAINER = """
import json
import os

import torch


class Trainer:
    def __init__(self, options):
        self.opt = options
        self.log_path = os.path.join(self.opt.log_dir, self.opt.model_name)
        self.model = torch.nn.Linear(2, 2)
        self.optim = torch.optim.Adam(self.model.parameters(), lr=1e-4)

    def train(self):
        for step in range(10):
            loss = self.model(torch.ones(2)).sum()
            loss.backward()
            self.optim.step()
        os.makedirs(self.log_path, exist_ok=True)
        with open(os.path.join(self.log_path, "opt.json"), "w") as f:
            json.dump(self.opt.__dict__.copy(), f, indent=2)
        torch.save(self.model.state_dict(), os.path.join(self.log_path, "model.pth"))
"""


def test_fixes_name_the_options_object_a_run_directory_call_reads_not_its_module(tmp_path):
    # the run directory is os.path.join(self.opt.log_dir, ...): a fix reads the data path from self.opt,
    # never from `os`
    from experiment_tracking.records import data_dir_expr

    main = "from options import Options\nfrom trainer import Trainer\n\nif __name__ == '__main__':\n    Trainer(Options().parse()).train()\n"
    write_repo(tmp_path, {"options.py": OPTIONS, "trainer.py": TRAINER, "train.py": main})
    commit_all(tmp_path)
    result = run_audit(tmp_path)
    assert data_dir_expr(result.ctx) == "self.opt.data_path"
    assert "os.data_path" not in " ".join(
        (it["snippet"] or "") + it["action"] for it in result.recommendations
    )


def test_a_conda_set_up_gets_its_python_pinned_in_the_conda_command(tmp_path):
    # conda ignores .python-version: where the set-up instructions create a conda environment, the fix
    # names the Python in that command
    readme = (
        "# Flow\n\n```Shell\nconda create --name flow\nconda activate flow\n"
        "conda install pytorch=1.6.0 torchvision=0.7.0 cudatoolkit=10.1 -c pytorch\n```\n"
    )
    write_repo(tmp_path, {"train.py": SEEDED_TRAIN, "README.md": readme})
    commit_all(tmp_path)
    et411 = finding(run_audit(tmp_path), "ET411")
    assert "conda create --name <env> python=" in et411.recommendation, et411.recommendation
    assert ".python-version" not in et411.recommendation.split("\n", 1)[1]


def test_a_store_true_flag_defaulting_to_true_can_never_be_turned_off(tmp_path):
    # action='store_true', default=True: on in every run; and a type=bool option on by default is fixed
    # with a --no_ flag, not store_true (which would turn it off by default)
    train = SEEDED_TRAIN.replace(
        'parser.add_argument("--seed", type=int, default=0)',
        'parser.add_argument("--seed", type=int, default=0)\n'
        'parser.add_argument("--fp16", dest="fp16", default=True, action="store_true")',
    )
    write_repo(tmp_path, {"train.py": train})
    commit_all(tmp_path)
    et202 = finding(run_audit(tmp_path), "ET202")
    assert et202.status == "WARN" and "store_true" in et202.message, et202.message
    assert "--no_fp16" in et202.recommendation
    bool_typed = SEEDED_TRAIN.replace(
        'parser.add_argument("--seed", type=int, default=0)',
        'parser.add_argument("--seed", type=int, default=0)\nparser.add_argument("--use_gpu", type=bool, default=True)',
    )
    write_repo(tmp_path, {"train.py": bool_typed})
    commit_all(tmp_path)
    et202 = finding(run_audit(tmp_path), "ET202")
    assert et202.status == "WARN" and "--no_use_gpu" in et202.recommendation, et202.recommendation
