"""Families of real code met in round fresh88 (eight research repositories the auditor had not seen) and
left open from earlier rounds, each as a synthetic case that fails without its fix."""

from tests.rules.repo_helpers import audit_committed, dimension

# Spinning Up's logger, vendored by many RL research repositories: the constructor keeps the folder it is
# handed (or a timestamped fallback) and every method writes below it
SPINUP_LOGX = """import json
import os
import os.path as osp
import time


class Logger:
    def __init__(self, output_dir=None, output_fname="progress.txt", exp_name=None):
        self.output_dir = output_dir or "/tmp/experiments/%i" % int(time.time())
        os.makedirs(self.output_dir, exist_ok=True)
        self.output_file = open(osp.join(self.output_dir, output_fname), "w")
        self.exp_name = exp_name

    def save_config(self, config):
        with open(osp.join(self.output_dir, "config.json"), "w") as out:
            out.write(json.dumps(config, indent=4))

    def dump_tabular(self, row):
        self.output_file.write("\\t".join(str(v) for v in row) + "\\n")
        self.output_file.flush()
"""

# ... and the helper that names each run's folder by date, experiment, time and seed
SPINUP_RUN_UTILS = """import os.path as osp
import time

DEFAULT_DATA_DIR = osp.join(osp.dirname(osp.dirname(osp.abspath(__file__))), "data")


def setup_logger_kwargs(exp_name, seed=None, data_dir=None, datestamp=True):
    ymd_time = time.strftime("%Y-%m-%d_") if datestamp else ""
    relpath = "".join([ymd_time, exp_name])
    if seed is not None:
        hms_time = time.strftime("%Y-%m-%d_%H-%M-%S") if datestamp else ""
        subfolder = "".join([hms_time, "-", exp_name, "_s", str(seed)])
        relpath = osp.join(relpath, subfolder)
    data_dir = data_dir or DEFAULT_DATA_DIR
    return dict(output_dir=osp.join(data_dir, relpath), exp_name=exp_name)
"""

SPINUP_PPO = """import argparse

import numpy as np
import torch

from proj.utils.logx import Logger
from proj.utils.run_utils import setup_logger_kwargs


def ppo(env_name, seed=0, epochs=50, lr=3e-4, logger_kwargs=dict()):
    logger = Logger(**logger_kwargs)
    logger.save_config(locals())
    torch.manual_seed(seed)
    np.random.seed(seed)
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for epoch in range(epochs):
        loss = model(torch.randn(8, 4)).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        logger.dump_tabular([epoch, loss.item()])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--env", type=str, default="CartPole-v1")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--exp_name", type=str, default="ppo")
    args = parser.parse_args()
    logger_kwargs = setup_logger_kwargs(args.exp_name, args.seed)
    ppo(args.env, seed=args.seed, logger_kwargs=logger_kwargs)
"""

SPINUP_TREE = {
    "proj/__init__.py": "",
    "proj/utils/__init__.py": "",
    "proj/algos/__init__.py": "",
    "proj/utils/logx.py": SPINUP_LOGX,
    "proj/utils/run_utils.py": SPINUP_RUN_UTILS,
    "proj/algos/ppo.py": SPINUP_PPO,
    "requirements.txt": "torch==2.1.0\nnumpy==1.26.0\n",
}


def test_a_logger_handed_a_per_run_folder_by_a_kwargs_helper_keeps_each_run_apart(tmp_path):
    """safety-starter-agents (Spinning Up's logger): ``Logger(**logger_kwargs)`` with the kwargs from
    ``setup_logger_kwargs(exp_name, seed)``, which builds data/<date>_<exp>/<time>-<exp>_s<seed>: the
    config and progress files are per run, named by experiment and seed."""
    result = audit_committed(tmp_path, SPINUP_TREE)
    rec = result.ctx.records
    config = [p for p in rec.config if p.target.endswith("config.json")]
    assert config and all(p.keeping == "time" for p in config), config
    assert "{exp_name}_s{seed}/config.json" in config[0].target, config[0].target
    metrics = [p for p in rec.metrics if p.target.endswith("progress.txt")]
    assert metrics and all(p.keeping == "time" for p in metrics), metrics
    d = dimension(result, "parameter_logging")
    assert d.score == 5, d


def test_a_logger_handed_a_fixed_folder_is_not_kept_per_run(tmp_path):
    """The same logger handed ``output_dir="results"`` by its one caller: every run writes the same files."""
    tree = dict(SPINUP_TREE)
    tree["proj/algos/ppo.py"] = SPINUP_PPO.replace(
        "logger_kwargs = setup_logger_kwargs(args.exp_name, args.seed)",
        'logger_kwargs = dict(output_dir="results")',
    )
    del tree["proj/utils/run_utils.py"]
    tree["proj/algos/ppo.py"] = tree["proj/algos/ppo.py"].replace(
        "from proj.utils.run_utils import setup_logger_kwargs\n", ""
    )
    result = audit_committed(tmp_path, tree)
    config = [p for p in result.ctx.records.config if p.target.endswith("config.json")]
    assert config and not any(p.keeping in ("time", "counter") for p in config), config


# jaxline (DeepMind's experiment framework): the project writes an Experiment class and a config module, and
# `platform.main` runs the training loop, writing TensorBoard summaries to config.checkpoint_dir/<mode>
JAXLINE_EXPERIMENT = """import jax
import optax
from jaxline import experiment


class Experiment(experiment.AbstractExperiment):
    def __init__(self, mode, init_rng, config):
        super().__init__(mode=mode, init_rng=init_rng)
        self.config = config
        self.opt = optax.sgd(config.lr)

    def step(self, global_step, rng, **unused):
        grads = jax.grad(lambda p: (p ** 2).sum())(self.params)
        updates, self.opt_state = self.opt.update(grads, self.opt_state)
        self.params = optax.apply_updates(self.params, updates)
        return {"loss": 0.0}

    def evaluate(self, global_step, rng, **unused):
        return {"acc": 1.0}
"""

JAXLINE_PIPELINE = """import functools

from absl import app
from jaxline import base_config
from jaxline import platform
from ml_collections import config_dict

from examples.mnist import experiment


def get_config():
    config = base_config.get_base_config()
    config.random_seed = 7
    config.checkpoint_dir = "/tmp/mnist_jaxline/"
    config.experiment_kwargs = config_dict.ConfigDict(dict(config=dict(lr=0.1)))
    config.lock()
    return config


if __name__ == "__main__":
    app.run(functools.partial(platform.main, experiment.Experiment))
"""

JAXLINE_TREE = {
    "mylib/__init__.py": "",
    "mylib/ops.py": "import jax\n\n\ndef damp(x, lam):\n    return x + lam * jax.numpy.eye(x.shape[0])\n",
    "examples/__init__.py": "",
    "examples/mnist/__init__.py": "",
    "examples/mnist/experiment.py": JAXLINE_EXPERIMENT,
    "examples/mnist/pipeline.py": JAXLINE_PIPELINE,
    "setup.py": "from setuptools import setup\n\nsetup(name='mylib', packages=['mylib'])\n",
    "requirements.txt": "jax>=0.4\noptax\njaxline\nml_collections\n",
    "README.md": "# mylib\n\nRun `python examples/mnist/pipeline.py --config=examples/mnist/pipeline.py`.\n",
}


def test_a_jaxline_pipeline_trains_and_writes_tensorboard_summaries(tmp_path):
    """kfac-jax's examples: `app.run(functools.partial(platform.main, Experiment))` is a training entry
    point; jaxline writes TensorBoard summaries below config.checkpoint_dir, keeps its checkpoints in memory
    (no resume) and reads the config module named by --config."""
    from tests.rules.repo_helpers import finding

    result = audit_committed(tmp_path, JAXLINE_TREE)
    entries = [e.path for e in result.ctx.taxonomy.training_entry_points]
    assert "examples/mnist/pipeline.py" in entries, entries
    assert any(d.tool == "tensorboard" for d in result.ctx.detections), result.ctx.detections
    metrics = [p for p in result.ctx.records.metrics if p.framework]
    assert metrics and metrics[0].target.startswith("{config.checkpoint_dir}"), metrics
    assert not result.ctx.records.resume, result.ctx.records.resume
    assert finding(result, "ET511").status != "PASS"
    assert dimension(result, "parameter_logging").score == 2, dimension(result, "parameter_logging")


def test_a_jaxline_main_called_directly_is_started_too(tmp_path):
    """`platform.main(Experiment, argv)` without functools.partial."""
    tree = dict(JAXLINE_TREE)
    tree["examples/mnist/pipeline.py"] = JAXLINE_PIPELINE.replace(
        "app.run(functools.partial(platform.main, experiment.Experiment))",
        "app.run(lambda argv: platform.main(experiment.Experiment, argv))",
    )
    result = audit_committed(tmp_path, tree)
    assert "examples/mnist/pipeline.py" in [e.path for e in result.ctx.taxonomy.training_entry_points]


# TFDS datasets named with their version through a task registry (seqio / T5's TfdsDataSource), and
# tfds.load(name=...) by keyword
TFDS_TASKS = """import seqio

seqio.TaskRegistry.add(
    "c4_span_corruption",
    source=seqio.TfdsDataSource(tfds_name="c4/en:2.2.0"),
    preprocessors=[seqio.preprocessors.tokenize],
    output_features={},
)
seqio.TaskRegistry.add(
    "squad",
    source=seqio.TfdsDataSource(tfds_name="squad/v1.1:3.0.0"),
    preprocessors=[seqio.preprocessors.tokenize],
    output_features={},
)
"""

TFDS_TRAIN = """import argparse

import seqio
import tensorflow as tf

import tasks


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--task", default="c4_span_corruption")
    parser.add_argument("--lr", type=float, default=1e-3)
    args = parser.parse_args()
    ds = seqio.get_mixture_or_task(args.task).get_dataset({"inputs": 512})
    model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
    model.compile(optimizer=tf.keras.optimizers.Adam(args.lr), loss="mse")
    model.fit(ds, epochs=1)


if __name__ == "__main__":
    main()
"""


def test_every_dataset_at_a_pinned_tfds_version_through_a_task_registry_is_tool_managed(tmp_path):
    """T5's tasks.py: every Task reads a TFDS dataset by name and version (c4/en:2.2.0), which TFDS
    prepares the same way and checks against its recorded checksums: tool-managed versioning of the main
    data, level 4; a notebook's tfds.load by bare name does not undo it."""
    nb = (
        '{"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": '
        '["import tensorflow_datasets as tfds\\n", "ds = tfds.load(\\"trivia_qa/rc\\", split=\\"train\\")\\n"]}], '
        '"metadata": {}, "nbformat": 4, "nbformat_minor": 4}'
    )
    tree = {
        "tasks.py": TFDS_TASKS,
        "train.py": TFDS_TRAIN,
        "notebooks/look.ipynb": nb,
        "requirements.txt": "seqio==0.0.18\ntensorflow==2.13.0\n",
    }
    result = audit_committed(tmp_path, tree)
    d = dimension(result, "data_versioning")
    assert d.score == 4, d


def test_datasets_partly_at_a_pinned_tfds_version_are_versioned_in_part(tmp_path):
    """kfac-jax: tfds.load(name="imagenet2012:5.*.*") pins ImageNet, tfds.load("mnist") names no version:
    part of the data is versioned, level 3."""
    script = """import argparse

import tensorflow as tf
import tensorflow_datasets as tfds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dataset", default="imagenet")
    parser.add_argument("--lr", type=float, default=0.1)
    args = parser.parse_args()
    if args.dataset == "imagenet":
        ds = tfds.load(name="imagenet2012:5.*.*", split="train")
    else:
        ds = tfds.load("mnist", split="train")
    model = tf.keras.Sequential([tf.keras.layers.Dense(10)])
    model.compile(optimizer=tf.keras.optimizers.SGD(args.lr), loss="mse")
    model.fit(ds, epochs=1)


if __name__ == "__main__":
    main()
"""
    result = audit_committed(tmp_path, {"train.py": script, "requirements.txt": "tensorflow==2.13.0\n"})
    d = dimension(result, "data_versioning")
    assert d.score == 3, d


def test_a_github_raw_view_token_in_a_link_is_no_credential_to_rotate(tmp_path):
    """theseus's tutorial (and summarize-from-feedback's model card) show an image through a
    raw.githubusercontent.com link carrying the ?token= GitHub appends while a repository is private: an
    expiring view token of that one file. A WARN with its own fix, not a P1 'rotate the credential'."""
    from tests.rules.repo_helpers import finding

    readme = (
        "# proj\n\n![fig](https://raw.githubusercontent.com/acme/proj/main/docs/fig.png"
        "?token=AE638Oy51TL2HDCaeCF273X_-Bsy6-E2ks5Y_BUzwA%3D%3D)\n"
    )
    result = audit_committed(tmp_path, {"train.py": TFDS_TRAIN, "tasks.py": TFDS_TASKS, "README.md": readme})
    f = finding(result, "ET204")
    assert f.status == "WARN" and "view token" in f.message, (f.status, f.message)
    assert "rotat" not in f.recommendation.lower().replace("nothing needs rotating", ""), f.recommendation
    recs = [r for r in result.recommendations if "ET204" in r["rule_ids"]]
    assert recs and all(r["priority"] != "P1" and "rotate" not in r["title"].lower() for r in recs), recs


def test_an_api_token_in_another_hosts_link_stays_a_credential(tmp_path):
    from tests.rules.repo_helpers import finding

    readme = "# proj\n\nData: https://api.example.com/v1/export?api_key=9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c\n"
    result = audit_committed(tmp_path, {"train.py": TFDS_TRAIN, "tasks.py": TFDS_TASKS, "README.md": readme})
    assert finding(result, "ET204").status == "FAIL"


def test_a_settings_class_validate_method_is_no_evaluation(tmp_path):
    """lm-human-preferences: `HParams.validate()` checks the settings (asserts), and BenchMARL's
    `ExperimentConfig.validate()` and bsuite's `_validate_experiment_name()` do the same: none computes a
    metric, so none is the project's evaluation."""
    from tests.rules.repo_helpers import finding

    script = """import argparse
from dataclasses import dataclass

import torch


@dataclass
class HParams:
    lr: float = 1e-3
    steps: int = 100

    def validate(self):
        assert self.lr > 0, "lr must be positive"
        assert self.steps > 0


def _validate_experiment_name(name):
    if not name.isidentifier():
        raise ValueError(name)


def load_hparams(args):
    hp = HParams(lr=args.lr)
    hp.validate()
    _validate_experiment_name(args.name)
    return hp


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--name", default="run")
    args = parser.parse_args()
    hp = load_hparams(args)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=hp.lr)
    for _ in range(hp.steps):
        loss = model(torch.randn(8, 4)).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()


if __name__ == "__main__":
    main()
"""
    result = audit_committed(tmp_path, {"train.py": script, "requirements.txt": "torch==2.1.0\n"})
    f = finding(result, "ET302")
    assert f.status != "PASS" and not any("validate" in e.detail for e in f.evidence), (f.message, f.evidence)


def test_a_count_of_gpus_by_model_in_the_plural_is_documented_hardware(tmp_path):
    """lm-human-preferences' README: "tested on GCE machines with 8 V100s"."""
    from tests.rules.repo_helpers import finding

    readme = "# proj\n\nTraining has been tested on GCE machines with 8 V100s, running Ubuntu 16.04.\n"
    result = audit_committed(tmp_path, {"train.py": TFDS_TRAIN, "tasks.py": TFDS_TASKS, "README.md": readme})
    f = finding(result, "ET413")
    assert f.status == "PASS", (f.status, f.message)


HYDRA_SCRIPT = """import hydra
import torch
from omegaconf import DictConfig


@hydra.main(config_path="configs", config_name="train")
def main(cfg: DictConfig):
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=cfg.lr)
    for _ in range(cfg.steps):
        loss = model(torch.randn(8, 4)).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()


if __name__ == "__main__":
    main()
"""


def test_a_timestamped_hydra_sweep_dir_beside_a_fixed_run_dir_names_no_single_run(tmp_path):
    """theseus: `hydra.run.dir: examples/outputs/x` with a timestamped `hydra.sweep.dir`: a run without
    --multirun writes into the fixed folder, Hydra's composed config there overwritten by the next run:
    no run naming, and the configuration kept is the last run's (recorded partly, level 3)."""
    config = (
        "lr: 0.1\nsteps: 10\nhydra:\n  run:\n    dir: outputs/fixed\n  sweep:\n"
        "    dir: outputs/sweeps/${now:%Y.%m.%d}/${now:%H.%M.%S}\n"
    )
    result = audit_committed(
        tmp_path,
        {"train.py": HYDRA_SCRIPT, "configs/train.yaml": config, "requirements.txt": "torch==2.1.0\n"},
    )
    assert not any("Hydra" in e.detail for e in result.ctx.taxonomy.run_naming), (
        result.ctx.taxonomy.run_naming
    )
    d = dimension(result, "parameter_logging")
    assert d.score == 3 and "writes over" in " ".join(d.reasons), d


# lm-human-preferences: a module function printing the settings, and the whole settings object written as
# JSON into the run's folder
HPARAMS_MODULE = """import sys
from dataclasses import dataclass, fields


@dataclass
class HParams:
    lr: float = 1e-3
    seed: int = 0

    def to_nested_dict(self):
        return {f.name: getattr(self, f.name) for f in fields(self)}


def dump(hparams, *, name="hparams", out=sys.stdout):
    out.write("%s:\\n" % name)
    for f in fields(hparams):
        out.write("  %s: %s\\n" % (f.name, getattr(hparams, f.name)))
"""

HPARAMS_TRAIN = """import argparse
import json
import os

import torch

import hyperparams


def train(hparams, save_dir):
    hyperparams.dump(hparams)
    os.makedirs(save_dir, exist_ok=True)
    with open(os.path.join(save_dir, "train_hparams.json"), "w") as f:
        json.dump(hparams.to_nested_dict(), f, indent=2)
    torch.manual_seed(hparams.seed)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.Adam(model.parameters(), lr=hparams.lr)
    for _ in range(10):
        loss = model(torch.randn(8, 4)).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--save_dir", required=True)
    parser.add_argument("--lr", type=float, default=1e-3)
    args = parser.parse_args()
    train(hyperparams.HParams(lr=args.lr), args.save_dir)
"""


def test_settings_printed_by_a_module_function_are_no_file_and_their_nested_dict_is_whole(tmp_path):
    """`hyperparams.dump(hparams)` prints to stdout (no file named `{hparams}`), and
    `json.dump(hparams.to_nested_dict(), f)` writes every setting into the run's folder."""
    from tests.rules.repo_helpers import finding

    result = audit_committed(
        tmp_path,
        {"hyperparams.py": HPARAMS_MODULE, "train.py": HPARAMS_TRAIN, "requirements.txt": "torch==2.1.0\n"},
    )
    config = result.ctx.records.config
    assert not any(p.target == "{hparams}" for p in config), config
    dumped = [p for p in config if p.target.endswith("train_hparams.json")]
    assert dumped and dumped[0].whole, dumped
    assert finding(result, "ET211").status == "PASS", finding(result, "ET211").message


# moolib's record.py: a metrics writer kept in a dict the function holds on to (a mutable default), and
# a None check of that writer, which is no switch
RECORD_MODULE = """import csv


def log_to_file(_state={}, **fields):
    if "writer" not in _state:
        path = "logs.tsv"
        _state["file"] = open(path, "a", buffering=1)
        _state["writer"] = csv.DictWriter(_state["file"], list(fields.keys()), delimiter="\\t")
        _state["writer"].writeheader()
    writer = _state["writer"]
    if writer is not None:
        writer.writerow(fields)
"""

HYDRA_RECORD_APP = """import hydra
import torch

import record


def log(stats):
    record.log_to_file(**stats)


@hydra.main(config_path=".", config_name="config")
def main(cfg):
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=cfg.lr)
    for step in range(cfg.steps):
        loss = model(torch.randn(8, 4)).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        if queue.has_room():
            opt.step()
            log({"loss": loss.item(), "step": step})
        torch.save(model.state_dict(), "checkpoint.pt")


queue = None

if __name__ == "__main__":
    main()
"""


def test_a_metrics_writer_kept_in_a_dict_writes_each_hydra_runs_log(tmp_path):
    """moolib: `_state["writer"] = csv.DictWriter(_state["file"], ...)`, `writer = _state["writer"]`,
    `if writer is not None: writer.writerow(fields)`, called from a Hydra app (no version_base: it runs in
    the run's folder) behind a question to a runtime object (`queue.has_room()`): an always-on metrics
    stream in every run's directory."""
    result = audit_committed(
        tmp_path,
        {
            "record.py": RECORD_MODULE,
            "app.py": HYDRA_RECORD_APP,
            "config.yaml": "lr: 0.1\nsteps: 10\n",
            "requirements.txt": "torch==2.1.0\nhydra-core==1.1.1\n",
        },
    )
    metrics = [p for p in result.ctx.records.metrics if p.target == "logs.tsv"]
    assert metrics, (result.ctx.records.metrics, result.ctx.records.optional)
    d = dimension(result, "result_persistence")
    assert d.score == 4 and "logs.tsv" in " ".join(d.reasons), d


def test_relative_metrics_of_a_hydra_app_that_keeps_the_launch_directory_are_shared(tmp_path):
    """`@hydra.main(version_base="1.3", ...)`: Hydra 1.2+ no longer changes into the run's folder, so
    logs.tsv is one file in the launch directory."""
    app = HYDRA_RECORD_APP.replace(
        '@hydra.main(config_path=".", config_name="config")',
        '@hydra.main(version_base="1.3", config_path=".", config_name="config")',
    )
    result = audit_committed(
        tmp_path,
        {"record.py": RECORD_MODULE, "app.py": app, "config.yaml": "lr: 0.1\nsteps: 10\n"},
    )
    d = dimension(result, "result_persistence")
    assert "logs.tsv" not in " ".join(d.reasons) or d.score < 4, d


MTF_MAIN = """from absl import app
from absl import flags
from mesh_tensorflow.transformer import utils

FLAGS = flags.FLAGS
flags.DEFINE_string("model_dir", None, "Estimator model_dir")
flags.DEFINE_multi_string("gin_file", None, "gin files")


def main(_):
    utils.parse_gin_defaults_and_flags()
    utils.run(
        vocabulary=None,
        model_dir=FLAGS.model_dir,
        mode="train",
    )


def console_entry_point():
    app.run(main)


if __name__ == "__main__":
    console_entry_point()
"""


def test_mesh_tensorflow_training_writes_the_operative_gin_config_in_the_model_dir(tmp_path):
    """T5's mesh_transformer_main runs Mesh TensorFlow's utils.run, whose estimator writes
    operative_config.gin (every gin binding, defaults included) into --model_dir, which every README
    command sets on the installed `t5_mesh_transformer` command, its lines continued with backslashes."""
    setup = (
        "from setuptools import setup\n\nsetup(name='t5x', packages=['t5x'], entry_points={'console_scripts': "
        "['t5x_mesh_transformer = t5x.main:console_entry_point']})\n"
    )
    readme = (
        '# t5x\n\n```sh\nt5x_mesh_transformer \\\\\n  --model_dir="${MODEL_DIR}" \\\\\n'
        '  --gin_file="dataset.gin"\n```\n'
    )
    result = audit_committed(
        tmp_path, {"t5x/__init__.py": "", "t5x/main.py": MTF_MAIN, "setup.py": setup, "README.md": readme}
    )
    config = [p for p in result.ctx.records.config if p.target.endswith("operative_config.gin")]
    assert config and config[0].whole and config[0].keeping == "user_dir", config
    from experiment_tracking.detect.engine import commanded_options

    assert "model_dir" in commanded_options(result.ctx.index)


def test_a_trainer_built_by_the_projects_factory_and_trained_is_a_training_entry_point(tmp_path):
    """mmf_cli/run.py: `trainer = build_trainer(config); trainer.train()` under `if __name__ == "__main__"`."""
    script = """import argparse

from mylib.build import build_trainer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="configs/default.yaml")
    args = parser.parse_args()
    trainer = build_trainer(args.config)
    trainer.load()
    trainer.train()


if __name__ == "__main__":
    main()
"""
    build = (
        "def build_trainer(config):\n    from mylib.trainer import Trainer\n\n    return Trainer(config)\n"
    )
    result = audit_committed(
        tmp_path, {"mylib/__init__.py": "", "mylib/build.py": build, "mylib_cli/run.py": script}
    )
    assert "mylib_cli/run.py" in [e.path for e in result.ctx.taxonomy.training_entry_points]
