"""Claim and scorecard families found in the fresh37 review, one regression case each."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.conftest import make_git_repo
from tests.rules.repo_helpers import write_repo


def _finding(result, rule_id):
    return next((f for f in result.findings if f.rule_id == rule_id), None)


# A TF1 trainer in the tensor2tensor style: the chief worker writes every flag and the model's
# hyperparameters into the run's output directory; the flag text is built on either branch of a
# version check.
CHIEF_TRAINER = """import os

import tensorflow as tf
from absl import app, flags

flags.DEFINE_string("output_dir", "/tmp/run", "where the run writes")
flags.DEFINE_integer("train_steps", 100, "steps")
FLAGS = flags.FLAGS


def is_chief():
    return os.environ.get("TF_CONFIG") is None


def save_metadata(hparams):
    if hasattr(FLAGS, "flags_into_string"):
        flags_str = FLAGS.flags_into_string()
    else:
        flags_str = "\\n".join("--%s=%s" % (k, v) for k, v in FLAGS.__dict__["__flags"].items())
    with tf.gfile.Open(os.path.join(FLAGS.output_dir, "flags.txt"), "w") as f:
        f.write(flags_str)
    new_hparams = copy_hparams(hparams)
    with tf.gfile.Open(os.path.join(FLAGS.output_dir, "hparams.json"), "w") as f:
        f.write(new_hparams.to_json(indent=0, sort_keys=True))


def copy_hparams(hparams):
    return hparams


def main(argv):
    hparams = tf.contrib.training.HParams(learning_rate=0.1, hidden_size=64)
    estimator = tf.estimator.Estimator(model_fn=None, model_dir=FLAGS.output_dir, params=hparams)
    if is_chief():
        save_metadata(hparams)
    estimator.train(input_fn=None, max_steps=FLAGS.train_steps)


if __name__ == "__main__":
    app.run(main)
"""


def test_a_record_the_chief_worker_writes_is_every_runs_and_holds_the_whole_configuration(tmp_path):
    result = run_audit(write_repo(tmp_path, {"trainer.py": CHIEF_TRAINER}))
    rec = result.ctx.records
    written = {p.target.rsplit("/", 1)[-1]: p for p in rec.config}
    # `if is_chief():` picks the process that writes, not whether a run writes: not an opt-in switch
    assert {"flags.txt", "hparams.json"} <= set(written), (rec.config, rec.optional)
    # the flags text is whole on either branch
    assert written["flags.txt"].whole, written
    f210 = _finding(result, "ET210")
    assert f210 is not None and f210.status == "PASS", f210


# An allennlp-style framework: the configuration object loaded from the experiment file writes itself
# into the run's directory, under a file name a constant of another module holds.
PARAMS_CLASS = """import json


class Params:
    def __init__(self, params):
        self.params = params

    @classmethod
    def from_file(cls, path):
        with open(path) as fh:
            return cls(json.load(fh))

    def as_dict(self, order=None):
        return dict(self.params)

    def to_file(self, params_file, order=None):
        with open(params_file, "w") as handle:
            json.dump(self.as_dict(order), handle, indent=4)
"""
ARCHIVE = 'CONFIG_NAME = "config.json"\n'
TRAIN_COMMAND = """import argparse
import os

import torch

from lib.archive import CONFIG_NAME
from lib.params import Params


def train_model(param_path, serialization_dir):
    params = Params.from_file(param_path)
    os.makedirs(serialization_dir, exist_ok=False)
    params.to_file(os.path.join(serialization_dir, CONFIG_NAME))
    model = torch.nn.Linear(2, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=params.params["lr"])
    for _ in range(params.params["epochs"]):
        optimizer.zero_grad()
        model(torch.zeros(1, 2)).sum().backward()
        optimizer.step()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("param_path")
    parser.add_argument("-s", "--serialization-dir", required=True)
    args = parser.parse_args()
    train_model(args.param_path, args.serialization_dir)
"""


def test_a_configuration_object_that_writes_itself_records_the_whole_configuration(tmp_path):
    files = {
        "lib/__init__.py": "",
        "lib/params.py": PARAMS_CLASS,
        "lib/archive.py": ARCHIVE,
        "lib/train.py": TRAIN_COMMAND,
    }
    result = run_audit(write_repo(tmp_path, files))
    parts = [p for p in result.ctx.records.config if p.evidence.path == "lib/train.py"]
    # the file name comes from the imported constant; the object written is the receiver, the loaded file
    assert any(p.target.endswith("/config.json") and p.whole for p in parts), parts
    f210 = _finding(result, "ET210")
    assert f210 is not None and f210.status == "PASS", f210


JIRA_WORKFLOW = """name: Manual Workflow
on:
  pull_request_target:
    types: [assigned, opened, reopened]
  workflow_dispatch:
jobs:
  ticket:
    runs-on: ubuntu-latest
    steps:
    - name: Checkout
      uses: actions/checkout@master
    - name: Login
      uses: atlassian/gajira-login@master
    - name: Create NEW JIRA ticket
      uses: atlassian/gajira-create@master
      with:
        project: COURSE
        issuetype: Task
    - name: Log created issue
      run: echo "Issue ${{ steps.create.outputs.issue }} was created"
"""
LESSON = (
    "import torch\n"
    "model = torch.nn.Linear(2, 1)\n"
    "opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
    "for epoch in range(3):\n"
    "    opt.zero_grad()\n"
    "    model(torch.zeros(1, 2)).sum().backward()\n"
    "    opt.step()\n"
)


def test_a_workflow_that_turns_pull_requests_into_tickets_is_not_ci(tmp_path):
    files = {".github/workflows/manual.yml": JIRA_WORKFLOW, "train.py": LESSON, "README.md": "# Lessons\n"}
    result = run_audit(make_git_repo(tmp_path, files))
    code = next(d for d in result.scorecard.dimensions if d.name == "code_versioning")
    assert not any("CI runs on commits" in r for r in code.reasons) and code.score <= 2, code


LIB_TRAINER = """import torch


class Trainer:
    def __init__(self, model, lr=1e-3):
        self.model = model
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr)

    def fit(self, batches, epochs=1):
        for _ in range(epochs):
            for x, y in batches:
                self.optimizer.zero_grad()
                loss = torch.nn.functional.mse_loss(self.model(x), y)
                loss.backward()
                self.optimizer.step()

    def save(self, path):
        torch.save(self.model.state_dict(), path)
"""
LIB_SETUP = (
    "from setuptools import find_packages, setup\n\n"
    'setup(name="tinytrain", packages=find_packages(), install_requires=["torch>=2.0", "numpy"])\n'
)
LIB_EXAMPLE = """import torch

from tinytrain import Trainer

model = torch.nn.Linear(2, 1)
Trainer(model).fit([(torch.zeros(4, 2), torch.zeros(4, 1))], epochs=2)
"""


def _library_files(install: str) -> dict:
    return {
        "setup.py": LIB_SETUP,
        "tinytrain/__init__.py": "from .trainer import Trainer\n",
        "tinytrain/trainer.py": LIB_TRAINER,
        "examples/fit_linear.py": LIB_EXAMPLE,
        "LICENSE": "MIT License\n",
        "README.md": f"# tinytrain\n\nA small training library.\n\n```bash\n{install}\n```\n",
    }


TEAM_RULES = ("ET320", "ET501", "ET520", "ET601", "ET602", "ET610", "ET611", "ET612", "ET614")


def test_a_published_library_is_not_judged_on_its_users_team_process(tmp_path):
    from experiment_tracking.report.markdown import render_markdown

    result = run_audit(make_git_repo(tmp_path, _library_files("pip install tinytrain")))
    assert not [f for f in result.findings if f.rule_id in TEAM_RULES], [
        (f.rule_id, f.status) for f in result.findings if f.rule_id in TEAM_RULES
    ]
    f613 = _finding(result, "ET613")
    assert f613.status == "PASS" and "setup.py" in f613.message, f613
    f410 = _finding(result, "ET410")
    assert f410.status == "WARN" and "library" in f410.message, f410
    f120 = _finding(result, "ET120")
    assert f120.status == "WARN" and "library" in f120.message, f120
    f421 = _finding(result, "ET421")
    assert f421 is None or f421.status != "FAIL", f421
    assert "A library: `README.md:6` installs the published package" in render_markdown(result)


def test_a_checkout_installed_in_place_is_still_a_project(tmp_path):
    # (with a contributing guide: a team's project, whose CODEOWNERS is asked unless it is a library)
    files = {**_library_files("pip install -e ."), "CONTRIBUTING.md": "# Contributing\n"}
    result = run_audit(make_git_repo(tmp_path, files))
    assert _finding(result, "ET601") is not None
    assert _finding(result, "ET613").status == "WARN"


CIFAR_TRAIN = """import torch
import torchvision

data = torchvision.datasets.CIFAR10("data", download=True, transform=torchvision.transforms.ToTensor())
loader = torch.utils.data.DataLoader(data, batch_size=64)
model = torchvision.models.resnet18(num_classes=10)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for x, y in loader:
    optimizer.zero_grad()
    torch.nn.functional.cross_entropy(model(x), y).backward()
    optimizer.step()
"""


def test_personal_data_is_asked_about_only_where_the_data_describes_people(tmp_path):
    bench = run_audit(
        make_git_repo(tmp_path / "a", {"train.py": CIFAR_TRAIN, "README.md": "# ResNet on CIFAR-10\n"})
    )
    assert _finding(bench, "ET612") is None
    churn = run_audit(
        make_git_repo(
            tmp_path / "b",
            {
                "train.py": CIFAR_TRAIN,
                "README.md": "# Churn\n\nPredicts which customers leave, from CRM exports.\n",
            },
        )
    )
    assert _finding(churn, "ET612").status == "WARN"


DISPATCH_MAIN = """import sys

from tinytool.pretrain import setup as pretrain_fn


def main() -> None:
    if sys.argv[1] == "pretrain":
        pretrain_fn()


if __name__ == "__main__":
    main()
"""
PRETRAIN = """import torch


def setup(lr: float = 1e-3, epochs: int = 2, out_dir: str = "out/pretrain"):
    model = torch.nn.Linear(2, 1)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    for _ in range(epochs):
        optimizer.zero_grad()
        model(torch.zeros(4, 2)).sum().backward()
        optimizer.step()
    torch.save(model.state_dict(), f"{out_dir}/lit_model.pth")
"""
SIDE_PRETRAIN = """import torch

model = torch.nn.Linear(2, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
for _ in range(3):
    optimizer.zero_grad()
    model(torch.zeros(4, 2)).sum().backward()
    optimizer.step()
"""
PYPROJECT = """[project]
name = "tinytool"
version = "0.1.0"
dependencies = ["torch>=2.0", "jsonargparse"]

[project.scripts]
tinytool = "tinytool.__main__:main"
"""


def test_the_packages_own_command_in_the_readme_is_the_main_path_and_its_fixes_go_where_it_trains(tmp_path):
    from experiment_tracking.scoring import fix_site

    files = {
        "pyproject.toml": PYPROJECT,
        "tinytool/__init__.py": "",
        "tinytool/__main__.py": DISPATCH_MAIN,
        "tinytool/pretrain.py": PRETRAIN,
        "extensions/fast/pretrain.py": SIDE_PRETRAIN,
        "README.md": "# tinytool\n\n```bash\npip install -e .\ntinytool pretrain --lr 3e-4\n```\n",
    }
    result = run_audit(make_git_repo(tmp_path, files))
    entries = result.ctx.taxonomy.training_entry_points
    # `tinytool pretrain` runs tinytool/__main__.py (the installed command), not the extension named like it
    assert entries and entries[0].path == "tinytool/__main__.py", entries
    f403 = _finding(result, "ET403")
    assert f403 is not None and fix_site(result.ctx, f403) == "tinytool/pretrain.py", f403


CHOOSE_LOGGER = """import torch
from lightning.fabric.loggers import CSVLogger, TensorBoardLogger
from lightning.pytorch.loggers import MLFlowLogger, WandbLogger


def choose_logger(logger_name, out_dir, name):
    if logger_name == "csv":
        return CSVLogger(root_dir=out_dir, name="csv")
    if logger_name == "tensorboard":
        return TensorBoardLogger(root_dir=out_dir, name="tensorboard")
    if logger_name == "wandb":
        return WandbLogger(project=name)
    if logger_name == "mlflow":
        return MLFlowLogger(experiment_name=name)
    raise ValueError(logger_name)


def setup(logger_name: str = "csv", out_dir: str = "out", lr: float = 1e-3):
    logger = choose_logger(logger_name, out_dir, "run")
    model = torch.nn.Linear(2, 1)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    for step in range(10):
        optimizer.zero_grad()
        loss = model(torch.zeros(4, 2)).sum()
        loss.backward()
        optimizer.step()
        logger.log_metrics({"loss": loss.item()}, step=step)


if __name__ == "__main__":
    from jsonargparse import CLI

    CLI(setup)
"""
WANDB_CALLBACK = """import wandb

from lib.callbacks import TrainerCallback


@TrainerCallback.register("wandb")
class WandBCallback(TrainerCallback):
    def on_start(self, trainer, config):
        self.run = wandb.init(project="lib", config=config)

    def on_batch(self, trainer, metrics):
        wandb.log(metrics)
"""
CALLBACKS = """class TrainerCallback:
    registry = {}

    @classmethod
    def register(cls, name):
        def add(sub):
            cls.registry[name] = sub
            return sub

        return add
"""


def test_a_tracker_picked_by_name_among_several_is_optional_and_its_captures_are_questions(tmp_path):
    result = run_audit(make_git_repo(tmp_path, {"train.py": CHOOSE_LOGGER}))
    scopes = {d.tool: d.scope for d in result.ctx.detections if d.category == "tracking"}
    assert scopes.get("wandb") == "optional" and scopes.get("mlflow") == "optional", scopes
    f420 = _finding(result, "ET420")
    assert f420 is not None and f420.status != "PASS", f420


def test_a_tracker_plugin_registered_by_name_is_optional(tmp_path):
    files = {
        "lib/__init__.py": "",
        "lib/callbacks.py": CALLBACKS,
        "lib/wandb_callback.py": WANDB_CALLBACK,
        "lib/train.py": LIB_TRAINER,
        "run.py": "from lib.train import Trainer\n\nif __name__ == '__main__':\n    Trainer(None).fit([])\n",
    }
    result = run_audit(make_git_repo(tmp_path, files))
    scopes = {d.tool: d.scope for d in result.ctx.detections if d.category == "tracking"}
    assert scopes.get("wandb") == "optional", scopes
    f420 = _finding(result, "ET420")
    assert f420 is not None and f420.status == "REVIEW" and '"wandb" plug-in' in f420.question, f420


def test_a_lesson_named_for_inference_that_runs_its_own_training_loop_trains(tmp_path):
    from tests.rules.repo_helpers import notebook

    loop = (
        "import torch\n"
        "model = torch.nn.Linear(784, 10)\n"
        "optimizer = torch.optim.Adam(model.parameters(), lr=0.003)\n"
        "for epoch in range(30):\n"
        "    optimizer.zero_grad()\n"
        "    loss = torch.nn.functional.cross_entropy(model(torch.zeros(8, 784)), torch.zeros(8).long())\n"
        "    loss.backward()\n"
        "    optimizer.step()\n"
    )
    files = {"train_mnist.py": loop, "Inference and Validation.ipynb": notebook(loop)}
    result = run_audit(write_repo(tmp_path, files))
    trained = {e.path for e in result.ctx.taxonomy.training_entry_points}
    assert "Inference and Validation.ipynb" in trained, result.ctx.taxonomy.entry_points


SAMPLER_SPLIT = """import numpy as np
import torch
from torch.utils.data.sampler import SubsetRandomSampler
from torchvision import datasets, transforms

train_data = datasets.CIFAR10("data", train=True, download=True, transform=transforms.ToTensor())
indices = list(range(len(train_data)))
np.random.shuffle(indices)
split = int(np.floor(0.2 * len(train_data)))
train_idx, valid_idx = indices[split:], indices[:split]
train_loader = torch.utils.data.DataLoader(train_data, batch_size=20, sampler=SubsetRandomSampler(train_idx))
valid_loader = torch.utils.data.DataLoader(train_data, batch_size=20, sampler=SubsetRandomSampler(valid_idx))
"""


def test_a_validation_split_made_by_shuffling_indices_for_samplers_is_a_split(tmp_path):
    result = run_audit(write_repo(tmp_path, {"cifar10_cnn.py": SAMPLER_SPLIT}))
    unseeded = [e.detail for e in result.ctx.taxonomy.splits_unseeded]
    assert any("shuffle of indices" in d for d in unseeded), result.ctx.taxonomy.splits_seeded
    seeded_text = SAMPLER_SPLIT.replace(
        "np.random.shuffle(indices)", "np.random.seed(0)\nnp.random.shuffle(indices)"
    )
    again = run_audit(write_repo(tmp_path / "b", {"cifar10_cnn.py": seeded_text}))
    assert any("shuffle of indices" in e.detail for e in again.ctx.taxonomy.splits_seeded)


JAX_SEEDED = """import jax
from absl import app, flags

flags.DEFINE_string("workdir", None, "where the run writes")
flags.DEFINE_integer("seed", 0, "seed")
FLAGS = flags.FLAGS


def main(argv):
    key = jax.random.PRNGKey(FLAGS.seed)
    params = jax.random.normal(key, (3,))
    for step in range(10):
        params = params - 0.1 * jax.grad(lambda p: (p**2).sum())(params)


if __name__ == "__main__":
    app.run(main)
"""


def test_the_seed_fix_without_a_tracker_or_own_record_is_a_concrete_record(tmp_path):
    result = run_audit(write_repo(tmp_path, {"train.py": JAX_SEEDED}))
    f212 = _finding(result, "ET212")
    assert f212 is not None and f212.status != "PASS", f212
    assert "seed.json" in f212.recommendation and "json.dump" in f212.recommendation, f212.recommendation


TRAVIS = """language: python
python:
  - "3.6"
install:
  - pip install -e .
script:
  - pytest
"""


def test_the_python_travis_runs_the_tests_on_is_the_pinned_python(tmp_path):
    from tests.rules.repo_helpers import notebook

    files = {
        ".travis.yml": TRAVIS,
        "train.py": CIFAR_TRAIN,
        "viz.ipynb": notebook("print(1)"),
    }
    result = run_audit(write_repo(tmp_path, files))
    f411 = _finding(result, "ET411")
    assert f411.status == "PASS" and any(e.path == ".travis.yml" for e in f411.evidence), f411


def test_the_packages_command_run_for_something_else_does_not_make_it_the_main_path(tmp_path):
    files = {
        "pyproject.toml": PYPROJECT,
        "tinytool/__init__.py": "",
        "tinytool/__main__.py": DISPATCH_MAIN,
        "tinytool/pretrain.py": PRETRAIN,
        "train.py": SIDE_PRETRAIN,
        "README.md": "# tinytool\n\n```bash\npip install -e .\ntinytool install skill\n```\n",
    }
    result = run_audit(make_git_repo(tmp_path, files))
    entries = result.ctx.taxonomy.training_entry_points
    assert entries and entries[0].path == "train.py", entries


DOC_BUILDER = """name: Build documentation
on:
  push:
    branches:
      - main
jobs:
  build:
    uses: huggingface/doc-builder/.github/workflows/build_main_documentation.yml@90b4ee2c10b81b5c1a6367c4e6fc9e2fb510a7e3
    with:
      package: course
"""


def test_a_reusable_workflow_that_builds_the_documentation_is_not_ci(tmp_path):
    files = {
        ".github/workflows/build_documentation.yml": DOC_BUILDER,
        "train.py": LESSON,
        "README.md": "# Course\n",
    }
    result = run_audit(make_git_repo(tmp_path, files))
    code = next(d for d in result.scorecard.dimensions if d.name == "code_versioning")
    assert not any("CI runs on commits" in r for r in code.reasons), code


SELF_DUMP_TRAINER = """import os

import torch
from batchgenerators.utilities.file_and_folder_operations import save_json


class Trainer:
    def __init__(self, output_folder, initial_lr=1e-2, num_epochs=1000):
        self.output_folder = output_folder
        self.initial_lr = initial_lr
        self.num_epochs = num_epochs
        self.network = torch.nn.Linear(2, 1)

    def save_debug_information(self):
        dct = {}
        for k in self.__dir__():
            if not k.startswith("__") and not callable(getattr(self, k)):
                dct[k] = str(getattr(self, k))
        save_json(dct, os.path.join(self.output_folder, "debug.json"))

    def run_training(self):
        self.save_debug_information()
        optimizer = torch.optim.SGD(self.network.parameters(), lr=self.initial_lr)
        for _ in range(self.num_epochs):
            optimizer.zero_grad()
            self.network(torch.zeros(4, 2)).sum().backward()
            optimizer.step()


if __name__ == "__main__":
    Trainer("results/fold_0").run_training()
"""


def test_a_trainer_writing_every_attribute_with_a_helper_librarys_save_json_records_its_settings(tmp_path):
    result = run_audit(write_repo(tmp_path, {"train.py": SELF_DUMP_TRAINER}))
    parts = [p for p in result.ctx.records.config if p.target.endswith("debug.json")]
    assert parts and parts[0].whole, result.ctx.records.config


LAZY_WANDB = """from lib.package_utils import LazyLoader

wandb = LazyLoader("wandb", globals(), "wandb")


class WandbCallback:
    def on_train_init(self, config):
        wandb.init(project="lib", config=config)

    def on_epoch_end(self, metrics):
        wandb.log(metrics)
"""
LUDWIG_LIKE_CONFIG = """combiner:
  type: tabnet
defaults:
  number:
    preprocessing:
      normalization: null
input_features:
  - name: age
    type: number
"""


def test_a_lazily_loaded_tracker_is_used_optionally_and_a_defaults_mapping_is_not_hydra(tmp_path):
    files = {
        "lib/__init__.py": "",
        "lib/package_utils.py": "class LazyLoader:\n    pass\n",
        "lib/wandb_callback.py": LAZY_WANDB,
        "lib/train.py": LIB_TRAINER,
        "configs/adult.yaml": LUDWIG_LIKE_CONFIG,
    }
    result = run_audit(write_repo(tmp_path, files))
    by_tool = {d.tool: d for d in result.ctx.detections if d.category == "tracking"}
    assert "wandb" in by_tool and by_tool["wandb"].scope == "optional", by_tool
    assert by_tool["wandb"].usage == "used", by_tool["wandb"]
    assert "hydra" not in by_tool, by_tool["hydra"]


YAML_SAVE_UTIL = """import yaml


def yaml_save(file="data.yaml", data=None):
    if data is None:
        data = {}
    with open(file, "w") as f:
        yaml.safe_dump(dict(data), f, sort_keys=False)
"""
YAML_SAVE_TRAIN = """import argparse
from pathlib import Path

import torch

from utils.general import yaml_save


def train(opt):
    save_dir = Path(opt.save_dir)
    yaml_save(save_dir / "opt.yaml", vars(opt))
    model = torch.nn.Linear(2, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=opt.lr)
    for _ in range(opt.epochs):
        optimizer.zero_grad()
        model(torch.zeros(4, 2)).sum().backward()
        optimizer.step()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--save-dir", default="runs/train/exp")
    train(parser.parse_args())
"""


def test_a_writer_whose_path_parameter_has_a_default_file_name_writes_where_its_caller_says(tmp_path):
    files = {"utils/__init__.py": "", "utils/general.py": YAML_SAVE_UTIL, "train.py": YAML_SAVE_TRAIN}
    result = run_audit(write_repo(tmp_path, files))
    parts = [p for p in result.ctx.records.config if p.evidence.path == "train.py"]
    assert any(p.target.endswith("/opt.yaml") and p.whole for p in parts), result.ctx.records.config


NEPTUNE_HANDLE = """import neptune
import torch


class Logger:
    def __init__(self, args):
        if args.logging.neptune:
            run = neptune.init_run(project=args.logging.project)
        else:
            run = None
        self.neptune_logger = run

    def log_stats(self, stats, step):
        if self.neptune_logger is not None:
            for k, v in stats.items():
                self.neptune_logger[k].log(v, step=step)
        print(step, stats)


def train(args):
    logger = Logger(args)
    model = torch.nn.Linear(2, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for step in range(10):
        optimizer.zero_grad()
        loss = model(torch.zeros(4, 2)).sum()
        loss.backward()
        optimizer.step()
        logger.log_stats({"loss": loss.item()}, step)
"""


def test_calls_on_a_tracker_handle_guarded_by_is_not_none_are_optional(tmp_path):
    result = run_audit(write_repo(tmp_path, {"train.py": NEPTUNE_HANDLE}))
    by_tool = {d.tool: d for d in result.ctx.detections if d.category == "tracking"}
    assert by_tool["neptune"].scope == "optional", by_tool["neptune"]


ACCELERATE_MAIN = """import argparse

import torch
from accelerate import Accelerator


def save_args(args, path):
    import json

    with open(path, "w") as f:
        json.dump(vars(args), f)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--output_dir", default="out")
    args = parser.parse_args()
    accelerator = Accelerator()
    if accelerator.is_main_process:
        save_args(args, f"{args.output_dir}/args.json")
    model = torch.nn.Linear(2, 1)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    model, optimizer = accelerator.prepare(model, optimizer)
    for _ in range(3):
        optimizer.zero_grad()
        accelerator.backward(model(torch.zeros(4, 2)).sum())
        optimizer.step()


if __name__ == "__main__":
    main()
"""


def test_work_done_on_the_main_process_only_is_done_on_every_run(tmp_path):
    result = run_audit(write_repo(tmp_path, {"train.py": ACCELERATE_MAIN}))
    assert [p for p in result.ctx.records.config if p.target.endswith("args.json")], (
        result.ctx.records.config,
        result.ctx.records.optional,
    )


def test_a_model_card_named_after_its_model_is_a_model_card(tmp_path):
    card = "# Stable Diffusion v1 Model Card\n\n## Model Details\n\n## Uses\n\n## Limitations and Bias\n"
    files = {"train.py": CIFAR_TRAIN, "Stable_Diffusion_v1_Model_Card.md": card, "README.md": "# SD\n"}
    result = run_audit(write_repo(tmp_path, files))
    f610 = _finding(result, "ET610")
    assert f610.status == "PASS", f610


def test_for_fairness_in_a_speed_comparison_is_no_fairness_evaluation(tmp_path):
    readme = (
        "# Chat training\n\nWe train on customer support dialogues.\n\n"
        "For fairness, both systems were run with the same batch size on 8 A100 GPUs.\n"
    )
    result = run_audit(write_repo(tmp_path, {"train.py": CIFAR_TRAIN, "README.md": readme}))
    f611 = _finding(result, "ET611")
    assert f611 is not None and f611.status != "PASS", f611


def test_a_neptune_run_opened_with_tags_is_tagged(tmp_path):
    code = NEPTUNE_HANDLE.replace(
        "run = neptune.init_run(project=args.logging.project)",
        'run = neptune.init_run(project=args.logging.project, tags=args.logging.tags.split(","))',
    )
    result = run_audit(write_repo(tmp_path, {"train.py": code}))
    f111 = _finding(result, "ET111")
    # tagged, and only when the Neptune switch is on: a question about that switch, not "no tagging"
    assert f111 is not None and f111.status in ("PASS", "REVIEW") and "No tagging" not in f111.message, f111


GIT_UTIL = """import git


def check_git_info(path="."):
    repo = git.Repo(path)
    return {"remote": repo.remotes.origin.url, "commit": repo.head.commit.hexsha}
"""
GIT_CKPT_TRAIN = """import argparse

import torch

from utils.general import check_git_info

GIT_INFO = check_git_info()


def train(opt):
    model = torch.nn.Linear(2, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=opt.lr)
    for epoch in range(opt.epochs):
        optimizer.zero_grad()
        model(torch.zeros(4, 2)).sum().backward()
        optimizer.step()
        ckpt = {"epoch": epoch, "model": model.state_dict(), "opt": vars(opt), "git": GIT_INFO}
        torch.save(ckpt, f"{opt.save_dir}/last.pt")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--save-dir", default="runs/exp")
    train(parser.parse_args())
"""


def test_a_commit_read_by_a_project_helper_and_saved_in_the_checkpoint_is_recorded(tmp_path):
    files = {"utils/__init__.py": "", "utils/general.py": GIT_UTIL, "train.py": GIT_CKPT_TRAIN}
    result = run_audit(write_repo(tmp_path, files))
    f420 = _finding(result, "ET420")
    assert f420.status == "PASS" and any(e.path == "train.py" for e in f420.evidence), f420


OPT_STATE_TRAINER = """import torch


class Trainer:
    def __init__(self, results_folder="./results"):
        self.model = torch.nn.Linear(2, 1)
        self.opt = torch.optim.Adam(self.model.parameters(), lr=1e-4)
        self.results_folder = results_folder
        self.step = 0

    def save(self, milestone):
        data = {"step": self.step, "model": self.model.state_dict(), "opt": self.opt.state_dict()}
        torch.save(data, f"{self.results_folder}/model-{milestone}.pt")

    def train(self):
        for self.step in range(100):
            self.opt.zero_grad()
            self.model(torch.zeros(4, 2)).sum().backward()
            self.opt.step()
            if self.step % 10 == 0:
                self.save(self.step // 10)


if __name__ == "__main__":
    Trainer().train()
"""
WANDB_SECTION = """import hydra
import wandb


@hydra.main(config_path="conf", config_name="default")
def main(cfg):
    if "wandb" in cfg.logging:
        wandb.init(**cfg.logging.wandb)
    for step in range(3):
        wandb.log({"loss": 0.1 * step})


if __name__ == "__main__":
    main()
"""


def test_an_optimizer_state_under_the_key_opt_is_not_the_options(tmp_path):
    result = run_audit(write_repo(tmp_path, {"trainer.py": OPT_STATE_TRAINER}))
    assert not [p for p in result.ctx.records.config if p.in_checkpoint], result.ctx.records.config


def test_a_tracker_section_the_committed_configuration_has_is_not_a_switch(tmp_path):
    files = {"run.py": WANDB_SECTION, "conf/default.yaml": "logging:\n  wandb:\n    project: x\n"}
    result = run_audit(write_repo(tmp_path, files))
    scopes = {d.tool: d.scope for d in result.ctx.detections if d.category == "tracking"}
    assert scopes.get("wandb") == "core", scopes


def test_loaders_given_a_worker_count_of_zero_by_name_start_no_workers(tmp_path):
    from tests.rules.repo_helpers import notebook

    cells = (
        "import torch\nfrom torchvision import datasets, transforms\nnum_workers = 0\nbatch_size = 20\n",
        "train_data = datasets.MNIST('data', train=True, download=True, transform=transforms.ToTensor())\n"
        "train_loader = torch.utils.data.DataLoader(train_data, batch_size=batch_size, shuffle=True,"
        " num_workers=num_workers)\n",
        LESSON,
    )
    result = run_audit(write_repo(tmp_path, {"mnist_mlp.ipynb": notebook(*cells)}))
    f404 = _finding(result, "ET404")
    assert f404 is None or f404.status == "PASS", f404


def test_a_committed_pip_freeze_is_read_as_pinned_requirements(tmp_path):
    freeze = "".join(f"pkg{i}=={i}.0.0\n" for i in range(40)) + "torch==2.0.1\n"
    files = {
        "train.py": CIFAR_TRAIN,
        "requirements.txt": "torch\ntorchvision\n",
        "assets/env_dump/pip_freeze.txt": freeze,
    }
    result = run_audit(write_repo(tmp_path, files))
    env = next(d for d in result.scorecard.dimensions if d.name == "environment_capture")
    assert any("pip_freeze.txt" in r for r in env.reasons) and env.score >= 3, env


def test_contributors_updates_a_use_policy_and_the_card_are_not_documentation_pages(tmp_path):
    readme = (
        "# Model\n\n## Setup\n\n```bash\npip install -r requirements.txt\n```\n\n## Run\n\n```bash\n"
        "python train.py\n```\n\n## Results\n\nAccuracy 91.2 on CIFAR-10.\n" + "\nMore notes.\n" * 30
    )
    files = {
        "train.py": CIFAR_TRAIN,
        "README.md": readme,
        "CONTRIBUTORS.md": "# Contributors\n\n- a\n- b\n",
        "UPDATES.md": "# Updates\n\n- v2 released\n",
        "USE_POLICY.md": "# Acceptable use\n\nDo not misuse.\n",
        "MODEL_CARD.md": "# Model Card\n\n## Model Details\n\n## Intended Use\n\n## Limitations\n",
    }
    result = run_audit(write_repo(tmp_path, files))
    docs = next(d for d in result.scorecard.dimensions if d.name == "documentation")
    assert docs.score <= 4, docs


GENERATION = """import torch
import torch.distributed


def build(ckpt_dir):
    if not torch.distributed.is_initialized():
        torch.distributed.init_process_group("nccl")
    model = torch.nn.Linear(2, 1)
    model.load_state_dict(torch.load(f"{ckpt_dir}/consolidated.00.pth"))
    return model


if __name__ == "__main__":
    with torch.no_grad():
        print(build("weights")(torch.zeros(1, 2)))
"""
BENCH = """import deepspeed
import torch

model = torch.nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for _ in range(3):
    opt.zero_grad()
    model(torch.zeros(4, 2)).sum().backward()
    opt.step()
flops, macs, params = deepspeed.profiling.flops_profiler.get_model_profile(model, input_shape=(4, 2))
"""


def test_inference_processes_and_a_flops_profiler_are_no_distributed_training(tmp_path):
    result = run_audit(write_repo(tmp_path, {"generation.py": GENERATION, "benchmark.py": BENCH}))
    tools = {d.tool for d in result.ctx.detections if d.category == "distributed" and d.usage == "used"}
    assert not tools & {"ddp", "deepspeed"}, tools


def test_a_named_writer_taking_the_path_first_writes_its_second_argument_there(tmp_path):
    evaluate = (
        "from box import save_json\n\nfrom train import model\n\n"
        "scores = {'accuracy': float(model.score([[0.0]], [0]))}\nsave_json('scores.json', scores)\n"
    )
    train = "from sklearn.linear_model import LogisticRegression\n\nmodel = LogisticRegression().fit([[0.0], [1.0]], [0, 1])\n"
    result = run_audit(write_repo(tmp_path, {"train.py": train, "evaluate.py": evaluate}))
    parts = [*result.ctx.records.metrics, *result.ctx.records.optional]
    assert any(p.target == "scores.json" for p in parts), parts
    f301 = _finding(result, "ET301")
    assert f301 is None or f301.status != "PASS", f301  # final values written once, not a curve


INFERENCE_ONLY = """import torch


def load(name, device="cpu"):
    model = torch.jit.load(f"{name}.pt", map_location=device)
    return model.eval()


def encode(model, x):
    with torch.no_grad():
        return model(x)
"""


def test_a_release_that_trains_nothing_is_not_failed_for_having_no_tracker(tmp_path):
    files = {
        "clip/__init__.py": "from .clip import load\n",
        "clip/clip.py": INFERENCE_ONLY,
        "README.md": "# CLIP\n",
    }
    result = run_audit(make_git_repo(tmp_path, files))
    assert _finding(result, "ET101") is None, _finding(result, "ET101")


TFDS_TABLE = """import tensorflow as tf
import tensorflow_datasets as tfds


class Dataset:
    def __init__(self, name, data_dir):
        self._data_dir = data_dir
        self._tfds_name = {"cifar10": "cifar10:3.0.0", "celebahq256": "celeb_a_hq/256:2.0.0"}[name]

    def train_input_fn(self):
        return tfds.load(self._tfds_name, split="train", data_dir=self._data_dir)


model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
model.compile(loss="mse", optimizer="adam")
model.fit(Dataset("cifar10", "data").train_input_fn(), epochs=1)
"""


def test_a_table_of_versioned_registry_names_pins_the_datasets(tmp_path):
    result = run_audit(write_repo(tmp_path, {"train.py": TFDS_TABLE}))
    data = next(d for d in result.scorecard.dimensions if d.name == "data_versioning")
    assert not any("no version pinned" in r for r in data.reasons), data


BEST_SAVER = """import os
import shutil

import torch


class CheckpointSaver:
    def __init__(self, model, checkpoint_dir="output"):
        self.model = model
        self.checkpoint_dir = checkpoint_dir
        self.best = None
        self.extension = ".pth.tar"

    def _duplicate(self, src, dst):
        shutil.copy2(src, dst)

    def save_checkpoint(self, epoch, metric):
        last_save_path = os.path.join(self.checkpoint_dir, "last" + self.extension)
        torch.save({"epoch": epoch, "state_dict": self.model.state_dict()}, last_save_path)
        if self.best is None or metric > self.best:
            self.best = metric
            best_save_path = os.path.join(self.checkpoint_dir, "model_best" + self.extension)
            self._duplicate(last_save_path, best_save_path)


model = torch.nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
saver = CheckpointSaver(model)
for epoch in range(3):
    opt.zero_grad()
    loss = model(torch.zeros(4, 2)).sum()
    loss.backward()
    opt.step()
    saver.save_checkpoint(epoch, -loss.item())
"""


def test_a_checkpoint_copied_to_its_best_name_by_a_helper_is_best_model_selection(tmp_path):
    result = run_audit(write_repo(tmp_path, {"train.py": BEST_SAVER}))
    f310 = _finding(result, "ET310")
    assert f310.status == "PASS", f310


SPHINX_WORKFLOW = """name: docs
on:
  push:
    branches: [ main ]
  pull_request:
    branches: [ main ]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
    - uses: actions/checkout@v2
    - name: Install dependencies
      run: |
        python -m pip install --upgrade pip setuptools wheel
        sudo apt-get install pandoc
    - name: Build Sphinx docs
      run: |
        docs/build_docs.sh
    - name: Deploy to gh-pages
      uses: peaceiris/actions-gh-pages@v3
"""


def test_a_workflow_that_builds_the_docs_with_a_script_is_not_ci(tmp_path):
    files = {".github/workflows/docs.yaml": SPHINX_WORKFLOW, "train.py": LESSON, "README.md": "# Lib\n"}
    result = run_audit(make_git_repo(tmp_path, files))
    code = next(d for d in result.scorecard.dimensions if d.name == "code_versioning")
    assert not any("CI runs on commits" in r for r in code.reasons), code


def test_a_well_known_library_package_copied_deep_inside_the_project_is_vendored(tmp_path):
    hook = "import wandb\n\n\nclass WandbLoggerHook:\n    def before_run(self):\n        wandb.init(project='x')\n"
    files = {
        "lavis/__init__.py": "",
        "lavis/train.py": LIB_TRAINER,
        "lavis/common/annotator/uniformer/mmcv/__init__.py": "",
        "lavis/common/annotator/uniformer/mmcv/runner/hooks/wandb.py": hook,
    }
    result = run_audit(write_repo(tmp_path, files))
    assert "lavis/common/annotator/uniformer/mmcv" in result.ctx.inventory.vendored
    assert not [d for d in result.ctx.detections if d.tool == "wandb" and d.usage == "used"]


def test_requires_framework_and_python_in_the_readme_states_the_python(tmp_path):
    readme = "# DDPM\n\nRequires TensorFlow 1.15 and Python 3.5, and these dependencies.\n"
    result = run_audit(write_repo(tmp_path, {"train.py": TFDS_TRAIN_SIMPLE, "README.md": readme}))
    f411 = _finding(result, "ET411")
    assert f411 is not None and any(e.path == "README.md" for e in f411.evidence), f411


TFDS_TRAIN_SIMPLE = """import tensorflow as tf

model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
model.compile(loss="mse", optimizer="adam")
model.fit([[0.0]], [0.0], epochs=2)
"""


def test_data_generated_in_the_code_with_a_seed_is_deterministic_preparation(tmp_path):
    from tests.rules.repo_helpers import notebook

    cells = (
        "import numpy as np\nimport random\nnp.random.seed(1337)\nrandom.seed(1337)\n",
        "from sklearn.datasets import make_moons\nX, y = make_moons(n_samples=100, noise=0.1)\n",
        LESSON,
    )
    result = run_audit(write_repo(tmp_path, {"demo.ipynb": notebook(*cells)}))
    data = next(d for d in result.scorecard.dimensions if d.name == "data_versioning")
    assert data.score == 2 and any("generated in the code" in r for r in data.reasons), data


DUMMY_OR_WANDB = """import torch
import wandb


class DummyWandb:
    def log(self, *args, **kwargs):
        pass


def main(run="dummy"):
    use_dummy_wandb = run == "dummy"
    wandb_run = DummyWandb() if use_dummy_wandb else wandb.init(project="chat", name=run)
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for step in range(10):
        opt.zero_grad()
        loss = model(torch.zeros(4, 2)).sum()
        loss.backward()
        opt.step()
        wandb_run.log({"step": step, "train/loss": loss.item()})


if __name__ == "__main__":
    main()
"""


def test_a_tracker_run_or_a_stand_in_picked_by_a_test_logs_through_the_handle_when_on(tmp_path):
    result = run_audit(write_repo(tmp_path, {"base_train.py": DUMMY_OR_WANDB}))
    f301 = _finding(result, "ET301")
    # the metrics reach W&B through the handle, only when the run is tracked: a question, never "no metrics"
    assert f301.status == "REVIEW" and "use_dummy_wandb" in f301.question, f301
