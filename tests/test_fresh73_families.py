"""Families of real code the fresh73 round (and the remainder of fresh72) showed the auditor reading
wrong, each with a synthetic case of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import (
    audit_committed,
    detections_by_tool,
    dimension,
    finding,
    notebook_with_outputs,
    status_of,
)

NEPTUNE_TRAIN = """
import argparse
import neptune
import torch

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=0.1)
args = p.parse_args()
run = neptune.init_run()
run["params"] = vars(args)
model = torch.nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
for step in range(10):
    loss = model(torch.ones(2)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    run["loss"].append(loss.item())
"""

WANDB_MIGRATION = """
import wandb
import neptune

wandb.require("core")
api = wandb.Api()
for old in api.runs("team/project"):
    new = neptune.init_run(project="team/project")
    new["params"] = old.config
    new.stop()
"""


def test_tracker_only_queried_is_mentioned_not_used(tmp_path):
    """A migration tool that reads W&B runs through `wandb.Api()` logs none of this project's runs:
    W&B is mentioned, not a tracker in use, and its query is no comparison of this project's runs."""
    result = audit_committed(
        tmp_path, {"train.py": NEPTUNE_TRAIN, "tools/wandb_to_neptune.py": WANDB_MIGRATION}
    )
    tools = detections_by_tool(result)
    assert tools["wandb"].usage == "mentioned"
    assert tools["neptune"].usage == "used"
    cited = {e.path for e in finding(result, "ET320").evidence}
    assert "tools/wandb_to_neptune.py" not in cited or all(
        "wandb" not in e.detail for e in finding(result, "ET320").evidence
    )


def test_tracker_queried_and_logged_stays_used(tmp_path):
    """The same query in a project that also logs into W&B compares this project's runs."""
    train = (
        NEPTUNE_TRAIN.replace("import neptune", "import wandb")
        .replace('run = neptune.init_run()\nrun["params"] = vars(args)', "wandb.init(config=vars(args))")
        .replace('run["loss"].append(loss.item())', 'wandb.log({"loss": loss.item()})')
    )
    compare = 'import wandb\n\nruns = wandb.Api().runs("team/project", order="-summary_metrics.acc")\nprint(runs[0].id)\n'
    result = audit_committed(tmp_path, {"train.py": train, "compare.py": compare})
    assert detections_by_tool(result)["wandb"].usage == "used"
    assert status_of(result, "ET320") == "PASS"
    assert any(e.path == "compare.py" for e in finding(result, "ET320").evidence)


TORCH_TRAIN = """
import torch

model = torch.nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(10):
    loss = model(torch.ones(2)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
torch.save(model.state_dict(), "model.pt")
"""


def test_version_glued_to_the_name_in_readme_prose_is_level_one(tmp_path):
    """`- pytorch1.6.0+cu101` under Requirements names a version in prose: the rubric's level 1, not
    "nothing"."""
    readme = "# Project\n\n## Requirements\n\nThis is my environment\n- python3.6\n- pytorch1.6.0+cu101\n"
    result = audit_committed(tmp_path, {"train.py": TORCH_TRAIN, "README.md": readme})
    level = dimension(result, "environment_capture")
    assert level.score == 1, level.reasons


def test_one_package_per_item_under_requirements_is_an_unpinned_list(tmp_path):
    """A Requirements section listing one package per item, some as links, is an unpinned list."""
    readme = (
        "# Project\n\n#### Requirements\n\n------------\n\n- gym\n"
        "- [OpenCV Python](https://pypi.python.org/pypi/opencv-python)\n- [PyTorch](http://pytorch.org/)\n"
    )
    result = audit_committed(tmp_path, {"train.py": TORCH_TRAIN, "README.md": readme})
    level = dimension(result, "environment_capture")
    assert level.score == 1, level.reasons


def test_readme_without_packages_under_requirements_stays_nothing(tmp_path):
    readme = "# Project\n\n## Requirements\n\n- a GPU with 8 GB\n- patience\n"
    result = audit_committed(tmp_path, {"train.py": TORCH_TRAIN, "README.md": readme})
    assert dimension(result, "environment_capture").score == 0


def _watermarked(versions: str) -> str:
    cells = [("%load_ext watermark\n%watermark -v -p torch,numpy", versions), (TORCH_TRAIN, "")]
    return notebook_with_outputs(*cells)


def test_watermark_outputs_in_most_training_notebooks_are_a_partial_pin(tmp_path):
    """Notebooks whose saved `%watermark -p` output records the package versions they ran with pin
    part of the environment (not installable): level 2."""
    out = "CPython 3.8.5\nIPython 7.19.0\n\ntorch 1.8.1\nnumpy 1.19.5\n"
    result = audit_committed(
        tmp_path, {"a/train_a.ipynb": _watermarked(out), "b/train_b.ipynb": _watermarked(out)}
    )
    level = dimension(result, "environment_capture")
    assert level.score == 2, level.reasons
    assert "torch 1.8.1" in level.reasons[0]


def test_watermark_of_only_the_interpreter_pins_no_package(tmp_path):
    out = "CPython 3.8.5\nIPython 7.19.0\n"
    result = audit_committed(tmp_path, {"train.ipynb": _watermarked(out)})
    assert dimension(result, "environment_capture").score == 0


COPIED_LOADER = """
import os

import torch.utils.data as data
from torchvision.datasets.utils import check_integrity, download_url


class SVHN(data.Dataset):
    split_list = {"train": ["http://example.org/train_32x32.mat", "train_32x32.mat", "e26dedcc434d2e4c54c9b2d4a06d8373"]}

    def __init__(self, root, split="train", download=False):
        self.root = root
        self.url, self.filename, self.file_md5 = self.split_list[split]
        self.data = open(os.path.join(root, self.filename), "rb").read()

    def _check_integrity(self):
        return check_integrity(os.path.join(self.root, self.filename), self.file_md5)

    def download(self):
        download_url(self.url, self.root, self.filename, self.file_md5)
"""

LOADER_TRAIN = """
import torch
from loaders import SVHN

data = SVHN("/share/data/svhn", split="train", download=False)
model = torch.nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(10):
    loss = model(torch.ones(2)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
"""


SVHN_README = "# OE\n\nDownload SVHN from http://ufldl.stanford.edu/housenumbers/ into /share/data/svhn.\n"


def test_checksum_in_loader_methods_nothing_calls_verifies_nothing(tmp_path):
    """A copied torchvision Dataset whose `download()` and `_check_integrity()` nothing calls reads the
    files as they are: no checksum verifies the data (the framework calls `__getitem__`, not these)."""
    result = audit_committed(
        tmp_path, {"loaders.py": COPIED_LOADER, "train.py": LOADER_TRAIN, "README.md": SVHN_README}
    )
    level = dimension(result, "data_versioning")
    assert level.score < 3, level.reasons
    assert not any("checksum" in r for r in level.reasons), level.reasons


def test_checksum_in_a_constructor_verifies_the_data(tmp_path):
    loader = COPIED_LOADER.replace(
        "        self.data = open(",
        "        if not self._check_integrity():\n            raise RuntimeError('corrupt')\n        self.data = open(",
    )
    result = audit_committed(
        tmp_path, {"loaders.py": loader, "train.py": LOADER_TRAIN, "README.md": SVHN_README}
    )
    level = dimension(result, "data_versioning")
    assert any("checksums verify" in r for r in level.reasons), level.reasons


ALGO_MODULE = """
from absl import app, flags

from libml.train import Model

FLAGS = flags.FLAGS


class FixMatch(Model):
    def model(self, lr, wd):
        return {"lr": lr, "wd": wd}


def main(argv):
    model = FixMatch("./experiments", lr=FLAGS.lr, wd=FLAGS.wd)
    model.train(FLAGS.train_kimg << 10, FLAGS.report_kimg << 10)


if __name__ == "__main__":
    flags.DEFINE_float("wd", 0.0005, "Weight decay.")
    app.run(main)
"""

LIBML_TRAIN = """
import tensorflow as tf
from absl import flags

flags.DEFINE_float("lr", 0.001, "Learning rate.")
flags.DEFINE_integer("train_kimg", 1 << 14, "Training duration.")
flags.DEFINE_integer("report_kimg", 64, "Report period.")


class Model:
    def __init__(self, train_dir, **kwargs):
        self.train_dir = train_dir
        self.ops = self.model(**kwargs)

    def train(self, train_nimg, report_nimg):
        opt = tf.train.AdamOptimizer(0.001)
        with tf.train.MonitoredTrainingSession(checkpoint_dir=self.train_dir) as sess:
            while not sess.should_stop():
                sess.run(opt)
"""

ABLATION = """
from absl import app

from fixmatch import FixMatch


def main(argv):
    FixMatch("./experiments/ablation", lr=0.01, wd=0.0).train(1 << 20, 1 << 16)


if __name__ == "__main__":
    app.run(main)
"""


def test_documented_script_others_import_is_a_training_entry_point(tmp_path):
    """`python fixmatch.py --dataset=...` in the README runs fixmatch.py's `__main__`: the project's
    training program, though ablation scripts import its class."""
    result = audit_committed(
        tmp_path,
        {
            "fixmatch.py": ALGO_MODULE,
            "libml/__init__.py": "",
            "libml/train.py": LIBML_TRAIN,
            "ablation/ab_fixmatch_lr.py": ABLATION,
            "README.md": "# FixMatch\n\n```bash\npython fixmatch.py --filters=32 --dataset=cifar10.3@40-1\n```\n",
        },
    )
    entries = [e.path for e in result.ctx.taxonomy.training_entry_points]
    assert "fixmatch.py" in entries, entries


CSV_TRAIN = """
import argparse
import os
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--dataset", default="cifar10")
parser.add_argument("--model", default="wrn")
parser.add_argument("--save", default="./snapshots/baseline")
args = parser.parse_args()
model = torch.nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
with open(os.path.join(args.save, args.dataset + "_" + args.model + "_baseline_training_results.csv"), "w") as f:
    f.write("epoch,time(s),train_loss\\n")
for epoch in range(3):
    begin_epoch = time.time()
    loss = model(torch.ones(2)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    with open(os.path.join(args.save, args.dataset + "_" + args.model + "_baseline_training_results.csv"), "a") as f:
        f.write("%03d,%05d,%0.6f\\n" % (
            (epoch + 1),
            time.time() - begin_epoch,
            loss.item(),
        ))
    torch.save(model.state_dict(), os.path.join(args.save, args.dataset + "_" + args.model + "_epoch_" + str(epoch) + ".pt"))
"""


def test_committed_results_files_named_by_the_run_are_stored_runs(tmp_path):
    """Results CSVs the training code names from the run's options, in a folder an option names, and
    that the authors committed, are stored runs: one each."""
    csv = "epoch,time(s),train_loss\n001,00020,1.29\n"
    result = audit_committed(
        tmp_path,
        {
            "CIFAR/baseline.py": CSV_TRAIN,
            "CIFAR/snapshots/baseline/cifar10_wrn_baseline_training_results.csv": csv,
            "CIFAR/snapshots/baseline/cifar100_wrn_baseline_training_results.csv": csv,
            "CIFAR/snapshots/baseline/log.txt": "not a record\n",
        },
    )
    runs = [r for r in result.ctx.catalog.runs if r.store == "run-dir"]
    assert len(runs) == 2, [r.path for r in runs]
    assert {r.experiment for r in runs} == {"CIFAR/snapshots/baseline"}


def test_timing_written_into_the_runs_csv_is_recorded(tmp_path):
    """`time.time() - begin_epoch` written into the run's results CSV records the epoch's duration."""
    result = audit_committed(tmp_path, {"CIFAR/baseline.py": CSV_TRAIN})
    assert status_of(result, "ET303") == "PASS", finding(result, "ET303").message


def test_timing_only_printed_is_not_recorded(tmp_path):
    train = CSV_TRAIN.replace("            time.time() - begin_epoch,\n", "            epoch,\n").replace(
        "    torch.save(", "    print(time.time() - begin_epoch)\n    torch.save("
    )
    assert train != CSV_TRAIN and "time.time() - begin_epoch,\n" not in train
    result = audit_committed(tmp_path, {"CIFAR/baseline.py": train})
    assert status_of(result, "ET303") != "PASS"


SEED_HELPER = """
import random

import numpy as np
import torch


def set_random_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
"""

OPTIONS_TRAIN = """
import argparse
import logging
import random
import time

import torch
import yaml

from utils import set_random_seed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-opt", required=True)
    args = parser.parse_args()
    with open(args.opt) as f:
        opt = yaml.safe_load(f)
    seed = opt.get("manual_seed")
    if seed is None:
        seed = random.randint(1, 10000)
        opt["manual_seed"] = seed
    set_random_seed(seed + 0)
    logger = logging.getLogger("train")
    logger.addHandler(logging.FileHandler(f"experiments/{opt['name']}/train_{time.strftime('%Y%m%d_%H%M%S')}.log"))
    logger.info(yaml.safe_dump(opt))
    model = torch.nn.Linear(2, 1)
    optim = torch.optim.Adam(model.parameters(), lr=opt["lr"])
    for step in range(10):
        loss = model(torch.ones(2)).sum()
        optim.zero_grad()
        loss.backward()
        optim.step()
        logger.info(f"step {step} loss {loss.item()}")


if __name__ == "__main__":
    main()
"""


def test_seed_read_from_the_options_and_written_back_is_recorded_with_them(tmp_path):
    """`seed = opt.get('manual_seed')`, a drawn seed written back into `opt`, `set_random_seed(seed + rank)`,
    and the options logged whole into the run's log: the seed is recorded."""
    result = audit_committed(
        tmp_path,
        {
            "utils.py": SEED_HELPER,
            "train.py": OPTIONS_TRAIN,
            "options/a.yml": "name: a\nlr: 0.001\nmanual_seed: 10\n",
        },
    )
    assert status_of(result, "ET212") == "PASS", finding(result, "ET212").message
    assert any(e.path == "train.py" for e in finding(result, "ET212").evidence)


def test_seed_neither_read_from_nor_kept_in_the_options_is_not_recorded(tmp_path):
    train = OPTIONS_TRAIN.replace('seed = opt.get("manual_seed")', "seed = None").replace(
        '        opt["manual_seed"] = seed\n', ""
    )
    result = audit_committed(
        tmp_path, {"utils.py": SEED_HELPER, "train.py": train, "options/a.yml": "name: a\nlr: 0.001\n"}
    )
    assert status_of(result, "ET212") != "PASS"


def test_seed_only_read_from_the_options_is_recorded_when_given(tmp_path):
    """Without the write-back, a drawn seed is not kept: the options hold the seed only when one is given."""
    train = OPTIONS_TRAIN.replace('        opt["manual_seed"] = seed\n', "")
    result = audit_committed(
        tmp_path, {"utils.py": SEED_HELPER, "train.py": train, "options/a.yml": "name: a\nlr: 0.001\n"}
    )
    f = finding(result, "ET212")
    assert f.status == "PASS" and "when one is given" in f.message, f.message


SWITCHED_TRAIN = """
import argparse

import torch
import wandb
import yaml
from torch.utils.tensorboard import SummaryWriter


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-opt", required=True)
    args = parser.parse_args()
    with open(args.opt) as f:
        opt = yaml.safe_load(f)
    if (opt['logger'].get('wandb') is not None) and (opt['logger']['wandb'].get('project') is not None) and ('debug' not in opt['name']):
        wandb.init(project=opt['logger']['wandb']['project'], config=opt)
    tb = None
    if opt['logger'].get('use_tb_logger') and 'debug' not in opt['name']:
        tb = SummaryWriter(log_dir=f"tb_logger/{opt['name']}")
    model = torch.nn.Linear(2, 1)
    optim = torch.optim.Adam(model.parameters(), lr=opt["lr"])
    for step in range(10):
        loss = model(torch.ones(2)).sum()
        optim.zero_grad()
        loss.backward()
        optim.step()
        if tb is not None:
            tb.add_scalar("loss", loss.item(), step)


if __name__ == "__main__":
    main()
"""


def _switched_options(project: str) -> str:
    return f"name: a\nlr: 0.001\nlogger:\n  use_tb_logger: true\n  wandb:\n    project: {project}\n    resume_id: ~\n"


def test_tracker_behind_a_key_every_option_file_leaves_empty_is_off(tmp_path):
    """W&B starts only when `logger.wandb.project` is set, and every shipped option file leaves it
    `~`: no run logs to W&B, so no W&B practice (tags) is asked for."""
    from experiment_tracking.rules.facts import tracker_ids

    result = audit_committed(
        tmp_path,
        {
            "train.py": SWITCHED_TRAIN,
            "options/a.yml": _switched_options("~"),
            "options/b.yml": _switched_options("~"),
        },
    )
    assert "wandb" not in tracker_ids(result.ctx)
    assert not [f for f in result.findings if f.rule_id == "ET111"]


def test_tracker_behind_a_key_one_option_file_sets_stays_optional(tmp_path):
    from experiment_tracking.rules.facts import tracker_ids

    result = audit_committed(
        tmp_path,
        {
            "train.py": SWITCHED_TRAIN,
            "options/a.yml": _switched_options("deblur"),
            "options/b.yml": _switched_options("~"),
        },
    )
    assert "wandb" in tracker_ids(result.ctx)


def test_licence_header_template_does_not_make_the_docs_a_copied_project(tmp_path):
    """docs/ holding license_header.txt (the header stamped on the project's sources) and the docs
    build's requirements.txt is the project's own documentation, not a vendored project."""
    result = audit_committed(
        tmp_path,
        {
            "train.py": TORCH_TRAIN,
            "LICENSE": "BSD 3-Clause License\n\nCopyright 2024 Meta\n",
            "docs/license_header.txt": "Copyright (c) Meta Platforms, Inc. and affiliates.\nAll rights reserved.\n",
            "docs/requirements.txt": "sphinx==7.2.6\n",
            "docs/source/index.rst": "Welcome\n=======\n\nHow to train.\n",
        },
    )
    assert "docs" not in result.ctx.inventory.vendored, result.ctx.inventory.vendored


def test_glob_over_dataset_images_reads_no_runs_back(tmp_path):
    """A Hugging Face Trainer writing into `{TrainingArguments().output_dir}` (a folder, no file kind)
    beside a script globbing a dataset's `mnist_train/**/*.jpg`: the glob reads images, not runs'
    records; no run comparison."""
    hf = (
        "from transformers import AutoModelForSequenceClassification, Trainer, TrainingArguments\n\n"
        "model = AutoModelForSequenceClassification.from_pretrained('distilbert-base-uncased')\n"
        "args = TrainingArguments(output_dir='out', num_train_epochs=1)\n"
        "Trainer(model=model, args=args).train()\n"
    )
    reader = "import glob\n\nfiles = glob.glob('mnist_train/**/*.jpg', recursive=True)\nprint(len(files))\n"
    result = audit_committed(tmp_path, {"train_hf.py": hf, "look_at_data.py": reader})
    f = [f for f in result.findings if f.rule_id == "ET320"]
    assert not f or all("*.jpg" not in e.detail for e in f[0].evidence), f[0].evidence


def test_determinism_fix_follows_a_torch_version_glued_to_its_name(tmp_path):
    """`- pytorch1.6.0+cu101` in the README: torch 1.6 has no use_deterministic_algorithms; the fix
    gives cuDNN's own settings."""
    train = TORCH_TRAIN.replace("model = torch.nn.Linear(2, 1)", "model = torch.nn.Linear(2, 1).cuda()")
    readme = "# Project\n\n## Requirements\n\n- python3.6\n- pytorch1.6.0+cu101\n"
    result = audit_committed(tmp_path, {"train.py": train, "README.md": readme})
    f = finding(result, "ET403")
    assert f.status != "PASS"
    assert "use_deterministic_algorithms" not in f.recommendation, f.recommendation
    assert "cudnn.deterministic = True" in f.recommendation, f.recommendation


def test_installation_steps_naming_packages_are_an_unpinned_list(tmp_path):
    """`- Install PyTorch and dependencies from http://pytorch.org`, `- Install python libraries
    [dominate](...)` under Installation: an unpinned list in prose (level 1)."""
    train = "import dominate\n" + TORCH_TRAIN
    readme = (
        "# Project\n\n### Installation\n- Install PyTorch and dependencies from http://pytorch.org\n"
        "- Install python libraries [dominate](https://github.com/Knio/dominate).\n"
    )
    result = audit_committed(tmp_path, {"train.py": train, "README.md": readme})
    level = dimension(result, "environment_capture")
    assert level.score == 1, level.reasons
