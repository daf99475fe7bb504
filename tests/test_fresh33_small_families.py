"""Claim and score families found in the fresh33 review, one regression case each."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo


def _dim(result, name):
    return next(d for d in result.scorecard.dimensions if d.name == name)


# The ImageNet-example checkpoint helper many research repositories copy: the state is a dict
# literal, the file name a keyword with a default.
IMAGENET_STYLE = """import argparse
import shutil
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=2)
parser.add_argument("--arch", default="resnet50")
args = parser.parse_args()
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)


def main():
    for epoch in range(args.epochs):
        loss = model(torch.randn(8, 4)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        save_checkpoint({
            "epoch": epoch + 1,
            "arch": args.arch,
            "state_dict": model.state_dict(),
            "optimizer": opt.state_dict(),
        }, is_best=False, filename="checkpoint_%04d.pth.tar" % epoch)
        save_checkpoint({"epoch": epoch + 1, "state_dict": model.state_dict()}, False)


def save_checkpoint(state, is_best, filename="checkpoint.pth.tar"):
    torch.save(state, filename)
    if is_best:
        shutil.copyfile(filename, "model_best.pth.tar")


if __name__ == "__main__":
    main()
"""


def test_a_project_save_checkpoint_handed_a_state_dict_writes_where_its_filename_says(tmp_path):
    write_repo(tmp_path, {"train.py": IMAGENET_STYLE})
    rec = run_audit(tmp_path).ctx.records
    targets = {(p.evidence.line, p.target) for p in rec.checkpoints}
    # the dict literal handed as the state is never read as the checkpoint's path
    assert not any("epoch" in t and "{" in t.split("/")[-1][:2] for _, t in targets), targets
    # the call naming its file writes there; the default file is written by the helper's own body
    assert (19, "checkpoint_{epoch}.pth.tar") in targets  # the epoch where %04d stands
    assert (29, "checkpoint.pth.tar") in targets
    report = run_audit(tmp_path)
    assert not any("'epoch'" in f.message for f in report.findings if f.rule_id == "ET110")


ARGV_LOG = """import argparse
import json
import sys
from pathlib import Path

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--checkpoint-dir", type=Path, default="./checkpoint/")
parser.add_argument("--epochs", type=int, default=2)
parser.add_argument("--learning-rate", type=float, default=0.2)
parser.add_argument("--batch-size", type=int, default=256)
args = parser.parse_args()


def main():
    args.checkpoint_dir.mkdir(parents=True, exist_ok=True)
    stats_file = open(args.checkpoint_dir / "stats.txt", "a", buffering=1)
    print(" ".join(sys.argv), file=stats_file)
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=args.learning_rate)
    for epoch in range(args.epochs):
        loss = model(torch.randn(args.batch_size, 4)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        print(json.dumps({"epoch": epoch, "loss": loss.item()}), file=stats_file)
        torch.save(model.state_dict(), args.checkpoint_dir / "checkpoint.pth")


if __name__ == "__main__":
    main()
"""


def test_the_command_line_written_into_a_runs_log_is_a_partial_parameter_record(tmp_path):
    write_repo(tmp_path, {"main.py": ARGV_LOG})
    result = run_audit(tmp_path)
    assert _dim(result, "parameter_logging").score == 3
    by_rule = {f.rule_id: f for f in result.findings}
    assert by_rule["ET210"].status == "PASS"
    # the options given are recorded, so no category of them is "not logged"; the defaults are not
    assert "command line" in by_rule["ET211"].message and "not logged:" not in by_rule["ET211"].message
    # the command line is not a training metric
    assert all(e.line != 19 for e in by_rule["ET301"].evidence)


PERSISTENCE = """import inspect
import sys


def persistent_class(orig_class):
    module_src = inspect.getsource(sys.modules[orig_class.__module__])

    class Decorator(orig_class):
        def __reduce__(self):
            fields = list(super().__reduce__())
            fields[0] = _reconstruct
            fields[1] = (module_src, orig_class.__name__, self.__dict__)
            return tuple(fields)

    return Decorator


def _reconstruct(src, name, state):
    module = type(sys)("_imported")
    exec(src, module.__dict__)
    obj = getattr(module, name).__new__(getattr(module, name))
    obj.__dict__.update(state)
    return obj
"""

PICKLED_SNAPSHOTS = """import argparse
import os
import pickle

import torch

from persistence import persistent_class

parser = argparse.ArgumentParser()
parser.add_argument("--outdir", default="runs")
parser.add_argument("--kimg", type=int, default=10)
args = parser.parse_args()


@persistent_class
class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(4, 2)


net = Net()
opt = torch.optim.Adam(net.parameters())
for step in range(args.kimg):
    loss = net.fc(torch.randn(8, 4)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    with open(os.path.join(args.outdir, f"network-snapshot-{step:06d}.pkl"), "wb") as f:
        pickle.dump({"net": net}, f)
"""


def test_snapshots_pickled_with_their_source_code_are_run_level_code_capture(tmp_path):
    from tests.conftest import make_git_repo

    make_git_repo(tmp_path / "a", {"persistence.py": PERSISTENCE, "train.py": PICKLED_SNAPSHOTS})
    code = _dim(run_audit(tmp_path / "a"), "code_versioning")
    assert code.score == 3 and any("persistence.py:6" in r for r in code.reasons), code.reasons
    # without the source in the pickle, plain git
    make_git_repo(
        tmp_path / "b",
        {
            "train.py": PICKLED_SNAPSHOTS.replace("from persistence import persistent_class\n", "").replace(
                "@persistent_class\n", ""
            )
        },
    )
    assert _dim(run_audit(tmp_path / "b"), "code_versioning").score == 2


OMEGACONF_MAIN = """import argparse
import datetime
import os

import pytorch_lightning as pl
from omegaconf import OmegaConf
from pytorch_lightning import seed_everything


class SetupCallback(pl.Callback):
    def __init__(self, now, cfgdir, config):
        super().__init__()
        self.now, self.cfgdir, self.config = now, cfgdir, config

    def on_fit_start(self, trainer, pl_module):
        os.makedirs(self.cfgdir, exist_ok=True)
        OmegaConf.save(self.config, os.path.join(self.cfgdir, "{}-project.yaml".format(self.now)))


parser = argparse.ArgumentParser()
parser.add_argument("--base", nargs="*", default=[])
parser.add_argument("--seed", type=int, default=23)
parser.add_argument("--scale_lr", type=bool, default=True)
parser.add_argument("--logdir", default="logs")
opt, unknown = parser.parse_known_args()
now = datetime.datetime.now().strftime("%Y-%m-%dT%H-%M-%S")
seed_everything(opt.seed)
configs = [OmegaConf.load(cfg) for cfg in opt.base]
config = OmegaConf.merge(*configs, OmegaConf.from_dotlist(unknown))
cfgdir = os.path.join(opt.logdir, now, "configs")
model = pl.LightningModule()
trainer = pl.Trainer(callbacks=[SetupCallback(now, cfgdir, config)])
trainer.fit(model)
"""


def test_a_composed_omegaconf_config_saved_per_run_lacks_the_argparse_options(tmp_path):
    write_repo(tmp_path, {"main.py": OMEGACONF_MAIN, "configs/model.yaml": "model:\n  lr: 0.0001\n"})
    result = run_audit(tmp_path)
    params = _dim(result, "parameter_logging")
    assert params.score == 4 and any("command-line options" in r for r in params.reasons), params.reasons
    seed = next(f for f in result.findings if f.rule_id == "ET212")
    # --seed is an argparse option: the composed config written per run does not hold it
    assert seed.status != "PASS", seed.message


def test_a_leaderboard_table_written_by_a_run_is_its_results(tmp_path):
    code = """import argparse
import pandas as pd

parser = argparse.ArgumentParser()
parser.add_argument("--output_path", default="results")
args = parser.parse_args()
df_leaderboard = pd.DataFrame({"model": ["a"], "win_rate": [0.5]})
df_leaderboard.to_csv(f"{args.output_path}/leaderboard.csv")
"""
    write_repo(tmp_path, {"evaluate.py": code})
    result = run_audit(tmp_path)
    assert [p.target for p in result.ctx.records.metrics] == ["{args.output_path}/leaderboard.csv"]
    # ... and runs ranked in one table are compared
    assert next(f for f in result.findings if f.rule_id == "ET320").status == "PASS"


# The CompVis main.py convention (taming-transformers, latent-diffusion, stable-diffusion): loggers and
# callbacks named by import path in config dicts that instantiate_from_config builds.
TARGET_DICTS = """import argparse
import datetime
import importlib
import os

import pytorch_lightning as pl
from omegaconf import OmegaConf


def get_obj_from_str(string):
    module, cls = string.rsplit(".", 1)
    return getattr(importlib.import_module(module), cls)


def instantiate_from_config(config):
    return get_obj_from_str(config["target"])(**config.get("params", dict()))


parser = argparse.ArgumentParser()
parser.add_argument("--base", nargs="*", default=["configs/model.yaml"])
parser.add_argument("--logdir", default="logs")
opt = parser.parse_args()
now = datetime.datetime.now().strftime("%Y-%m-%dT%H-%M-%S")
logdir = os.path.join(opt.logdir, now)
config = OmegaConf.merge(*[OmegaConf.load(c) for c in opt.base])
model = instantiate_from_config(config.model)
default_logger_cfgs = {
    "wandb": {
        "target": "pytorch_lightning.loggers.WandbLogger",
        "params": {"name": now, "save_dir": logdir},
    },
    "testtube": {
        "target": "pytorch_lightning.loggers.TestTubeLogger",
        "params": {"name": "testtube", "save_dir": logdir},
    },
}
default_logger_cfg = default_logger_cfgs["testtube"]
default_modelckpt_cfg = {
    "target": "pytorch_lightning.callbacks.ModelCheckpoint",
    "params": {"dirpath": os.path.join(logdir, "checkpoints"), "filename": "{epoch:06}", "save_last": True},
}
trainer = pl.Trainer(
    logger=instantiate_from_config(default_logger_cfg),
    callbacks=[instantiate_from_config(default_modelckpt_cfg)],
)
trainer.fit(model)
"""

MODEL_YAML = """model:
  target: ldm.models.autoencoder.AutoencoderKL
  params:
    embed_dim: 4
    monitor: val/rec_loss
"""


def test_classes_named_by_import_path_in_config_dicts_are_instantiated(tmp_path):
    from experiment_tracking.index.python_facts import parse_python

    facts = parse_python("main.py", TARGET_DICTS)
    made = {c.name: c for c in facts.calls if c.name.startswith("pytorch_lightning.")}
    # the logger chosen by its constant key is built; the alternative never chosen is not
    assert "pytorch_lightning.loggers.TestTubeLogger" in made
    assert "pytorch_lightning.loggers.WandbLogger" not in made
    assert made["pytorch_lightning.callbacks.ModelCheckpoint"].kw("save_last") is True

    write_repo(tmp_path, {"main.py": TARGET_DICTS, "configs/model.yaml": MODEL_YAML})
    result = run_audit(tmp_path)
    tools = {d.tool for d in result.ctx.present("tracking")}
    assert "tensorboard" in tools and "wandb" not in tools, tools
    ckpt = [p for p in result.ctx.records.checkpoints if "ModelCheckpoint" in p.evidence.detail]
    assert ckpt and all("Lightning ModelCheckpoint" in p.evidence.detail for p in ckpt)
    # the same convention in YAML: target + params
    assert any(c.name == "ldm.models.autoencoder.AutoencoderKL" for _, c in _config_calls(result))


def _config_calls(result):
    from experiment_tracking.rules.facts import find

    return find(result.ctx, prefixes=("ldm.",))


def test_a_dynamic_choice_among_logger_configs_keeps_every_alternative(tmp_path):
    from experiment_tracking.index.python_facts import parse_python

    code = TARGET_DICTS.replace('default_logger_cfgs["testtube"]', "default_logger_cfgs[opt.logger]")
    names = {c.name for c in parse_python("main.py", code).calls}
    assert {"pytorch_lightning.loggers.TestTubeLogger", "pytorch_lightning.loggers.WandbLogger"} <= names


def test_timings_reported_to_a_stats_collector_are_system_metrics(tmp_path):
    code = """import json
import time

import torch
from torch_utils import training_stats

model = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters())
stats_jsonl = open("stats.jsonl", "at")
start_time = time.time()
for tick in range(10):
    loss = model(torch.randn(8, 4)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    training_stats.report0("Timing/total_sec", time.time() - start_time)
    training_stats.report0("Resources/peak_gpu_mem_gb", torch.cuda.max_memory_allocated() / 2**30)
    stats_jsonl.write(json.dumps(training_stats.default_collector.as_dict()) + "\\n")
"""
    write_repo(tmp_path, {"train.py": code})
    f303 = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET303")
    assert f303.status == "PASS", f303.message


def test_a_model_fitted_inside_a_metric_makes_no_training_project(tmp_path):
    glm = """import numpy as np
from sklearn.linear_model import LogisticRegression


def length_controlled_winrate(preferences, lengths):
    model = LogisticRegression(random_state=123)
    model.fit(np.array(lengths).reshape(-1, 1), preferences)
    return float(model.predict_proba([[0.0]])[0, 1])
"""
    main = """import fire
import pandas as pd

from evalkit.metrics import glm_winrate


def evaluate(model_outputs, output_path="results"):
    df = pd.read_json(model_outputs)
    rate = glm_winrate.length_controlled_winrate(df["preference"], df["length"])
    pd.DataFrame({"win_rate": [rate]}).to_csv(f"{output_path}/leaderboard.csv")


def main():
    fire.Fire(evaluate)


if __name__ == "__main__":
    main()
"""
    write_repo(
        tmp_path,
        {
            "src/evalkit/__init__.py": "",
            "src/evalkit/main.py": main,
            "src/evalkit/metrics/glm_winrate.py": glm,
        },
    )
    result = run_audit(tmp_path)
    assert result.ctx.taxonomy.training_entry_points == []
    # no training: the rules about training metrics and trained models say nothing
    assert not any(f.rule_id in ("ET301", "ET310", "ET511") for f in result.findings)


def test_a_gpu_generation_with_its_memory_is_documented_hardware():
    from experiment_tracking.rules.phase4_reproducibility import HARDWARE

    assert HARDWARE.search("the training can fit into 2 nodes with a total of 16 Volta 32G GPUs")
    assert not HARDWARE.search("the Volta architecture paper") and not HARDWARE.search("Pascal's triangle")


def test_an_html_results_table_with_counts_and_percentages_is_a_results_table(tmp_path):
    from experiment_tracking.rules.phase6_governance import results_tables

    readme = """# Method

<table>
  <tr><th>epochs</th><th>batch size</th><th>acc1</th><th>acc5</th></tr>
  <tr><td>1000</td><td>2048</td><td>73.5%</td><td>91.0%</td></tr>
</table>
"""
    write_repo(tmp_path, {"README.md": readme, "main.py": "import torch\n"})
    assert [e.line for e in results_tables(run_audit(tmp_path).ctx)] == [3]
    counts_only = readme.replace("73.5%", "3").replace("91.0%", "5")
    write_repo(tmp_path / "b", {"README.md": counts_only, "main.py": "import torch\n"})
    assert results_tables(run_audit(tmp_path / "b").ctx) == []


def test_a_duration_in_the_record_a_run_appends_is_a_captured_timing(tmp_path):
    code = (
        ARGV_LOG.replace(
            'print(json.dumps({"epoch": epoch, "loss": loss.item()}), file=stats_file)',
            "stats = dict(epoch=epoch, loss=loss.item(), time=int(time.time() - start_time))\n"
            "        print(json.dumps(stats), file=stats_file)",
        )
        .replace("import sys\n", "import sys\nimport time\n")
        .replace(
            "    model = torch.nn.Linear(4, 2)\n",
            "    model = torch.nn.Linear(4, 2)\n    start_time = time.time()\n",
        )
    )
    write_repo(tmp_path, {"main.py": code})
    f303 = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET303")
    assert f303.status == "PASS", f303.message


def test_ray_data_splits_without_shuffle_keep_rows_in_order(tmp_path):
    code = """import ray
import xgboost

dataset = ray.data.read_csv("s3://bucket/data.csv")
train_dataset, valid_dataset = dataset.train_test_split(test_size=0.2)
shuffled_train, shuffled_valid = dataset.train_test_split(test_size=0.2, shuffle=True)
booster = xgboost.train({}, xgboost.DMatrix(train_dataset.to_pandas()))
"""
    write_repo(tmp_path, {"train.py": code})
    tax = run_audit(tmp_path).ctx.taxonomy
    assert [e.line for e in tax.splits_seeded] == [5]
    assert [e.line for e in tax.splits_unseeded] == [6]


SB3_ALGO = """import jax
import optax
from stable_baselines3.common.off_policy_algorithm import OffPolicyAlgorithm


class SAC(OffPolicyAlgorithm):
    def __init__(self, policy, env, learning_rate=3e-4, buffer_size=1_000_000, tensorboard_log=None):
        super().__init__(policy, env, learning_rate, buffer_size, tensorboard_log=tensorboard_log)

    def train(self, gradient_steps, batch_size):
        for _ in range(gradient_steps):
            grads = jax.grad(self.loss)(self.params)
            updates, self.opt_state = self.tx.update(grads, self.opt_state)
            self.params = optax.apply_updates(self.params, updates)
        self.logger.record("train/actor_loss", float(self.actor_loss))
        self.logger.record("train/n_updates", self.n_updates)
"""


def test_an_sb3_algorithm_library_logs_through_sb3s_logger_and_takes_arguments(tmp_path):
    write_repo(tmp_path, {"sbxlike/__init__.py": "", "sbxlike/sac.py": SB3_ALGO})
    result = run_audit(tmp_path)
    f301 = next(f for f in result.findings if f.rule_id == "ET301")
    assert f301.status == "PASS" and "SB3 Logger" in f301.evidence[0].detail
    params = _dim(result, "parameter_logging")
    # no training script: the hyperparameters are the classes' arguments, not literals in the code
    assert params.score == 1 and "no training script" in params.reasons[0], params.reasons
    assert "hard-coded" not in " ".join(params.reasons)


def test_a_run_directory_built_at_the_top_of_a_config_module_is_read_where_it_is_used(tmp_path):
    config = """import time

task_name = "MoNuSeg"
session_name = "Test_session" + "_" + time.strftime("%m.%d_%Hh%M")
save_path = task_name + "/" + session_name + "/"
model_path = save_path + "models/"
"""
    train = """import os

import torch

import Config as config


def save_checkpoint(state, save_path):
    os.makedirs(save_path, exist_ok=True)
    torch.save(state, save_path + "/best_model.pth.tar")


model = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters())
for epoch in range(3):
    loss = model(torch.randn(8, 4)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    save_checkpoint({"epoch": epoch, "state_dict": model.state_dict()}, config.model_path)
"""
    write_repo(tmp_path, {"Config.py": config, "train.py": train})
    rec = run_audit(tmp_path).ctx.records
    at_call = [p for p in rec.checkpoints if p.evidence.line == 20]
    assert at_call and at_call[0].keeping == "time", rec.checkpoints
    assert at_call[0].target.startswith("MoNuSeg/Test_session_")


def test_lightning_model_checkpoint_without_dirpath_writes_into_the_versioned_log_dir(tmp_path):
    code = """import pytorch_lightning as pl
from pytorch_lightning.callbacks import ModelCheckpoint

model = pl.LightningModule()
trainer = pl.Trainer(callbacks=[ModelCheckpoint(monitor="val_loss", save_top_k=3)])
trainer.fit(model)
"""
    write_repo(tmp_path, {"train.py": code})
    parts = [p for p in run_audit(tmp_path).ctx.records.checkpoints if "ModelCheckpoint" in p.evidence.detail]
    assert parts and parts[0].keeping == "counter" and "Lightning" in parts[0].evidence.detail


def test_weights_and_biases_of_a_network_are_no_mention_of_the_tracker():
    from experiment_tracking.index.build import find_mentions

    words = ("weights and biases", "weights & biases", "dvc repro")
    text = "# Unified routine for initializing weights and biases.\n# Visualize weights & biases\n"
    assert find_mentions(text, words) == {}
    assert find_mentions("Runs are logged to Weights & Biases.\n`dvc repro`\n", words) == {
        "weights & biases": 1,
        "dvc repro": 2,
    }


def test_a_licences_privacy_clause_and_a_notebooks_nvidia_smi_are_no_evidence(tmp_path):
    licence = "Attribution-NonCommercial\n\nPublicity, privacy, and/or other similar personality rights are not licensed.\n"
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "outputs": [],
                "execution_count": None,
                "source": "!nvidia-smi",
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    import json

    write_repo(
        tmp_path,
        {"LICENSE.txt": licence, "train.py": ARGV_LOG, "demo.ipynb": json.dumps(notebook)},
    )
    by_rule = {f.rule_id: f for f in run_audit(tmp_path).findings}
    assert "ET612" not in by_rule or by_rule["ET612"].status != "PASS"
    assert by_rule["ET413"].status != "PASS"


def test_a_result_with_a_spread_asks_what_the_spread_is_over(tmp_path):
    readme = "# AE\n\n| model | PSNR |\n|---|---|\n| f=4 | 27.43 +/- 4.26 |\n"
    write_repo(tmp_path, {"README.md": readme, "main.py": ARGV_LOG})
    f321 = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET321")
    assert f321.status == "REVIEW" and "over seeds" in f321.question
    write_repo(tmp_path / "b", {"README.md": readme + "\nMean ± std over 5 seeds.\n", "main.py": ARGV_LOG})
    assert next(f for f in run_audit(tmp_path / "b").findings if f.rule_id == "ET321").status == "PASS"


def test_training_arguments_with_a_deepspeed_config_run_under_deepspeed(tmp_path):
    code = """from transformers import Trainer, TrainingArguments

args = TrainingArguments(output_dir="out", deepspeed={"zero_optimization": {"stage": 3}})
trainer = Trainer(model=None, args=args)
trainer.train()
"""
    write_repo(tmp_path, {"train.py": code})
    tools = {d.tool for d in run_audit(tmp_path).ctx.present("distributed")}
    assert "deepspeed" in tools


def test_metaflow_flows_sent_to_remote_compute_package_their_code(tmp_path):
    from tests.conftest import make_git_repo

    flow = """from metaflow import FlowSpec, kubernetes, step


class TrainFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.train)

    @kubernetes(image="rayproject/ray:2.40.0-py311-gpu", gpu=1)
    @step
    def train(self):
        import torch
        model = torch.nn.Linear(4, 2)
        opt = torch.optim.Adam(model.parameters())
        loss = model(torch.randn(8, 4)).sum()
        loss.backward()
        opt.step()
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    TrainFlow()
"""
    make_git_repo(tmp_path / "a", {"flow.py": flow})
    result = run_audit(tmp_path / "a")
    assert _dim(result, "code_versioning").score == 3
    f420 = next(f for f in result.findings if f.rule_id == "ET420")
    assert f420.status == "WARN" and "Metaflow packages" in f420.message
    # the step's image, pinned by its tag, is the container the step runs in
    f412 = next(f for f in result.findings if f.rule_id == "ET412")
    assert f412.status == "PASS" and f412.evidence[0].detail == "rayproject/ray:2.40.0-py311-gpu"
    # ... and its runs live in Metaflow's shared datastore
    assert next(f for f in result.findings if f.rule_id == "ET601").status == "PASS"
    make_git_repo(
        tmp_path / "b",
        {"flow.py": flow.replace('    @kubernetes(image="rayproject/ray:2.40.0-py311-gpu", gpu=1)\n', "")},
    )
    assert _dim(run_audit(tmp_path / "b"), "code_versioning").score == 2


def test_a_lesson_named_for_a_dataset_that_trains_and_saves_a_model_is_training(tmp_path):
    code = """import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 4])
w = tf.Variable(tf.zeros([4, 2]))
loss = tf.reduce_mean(tf.matmul(x, w))
train_op = tf.train.AdamOptimizer(0.01).minimize(loss)
saver = tf.train.Saver()
with tf.Session() as sess:
    for step in range(100):
        sess.run(train_op)
    saver.save(sess, "my_tf_model")
"""
    write_repo(tmp_path, {"build_an_image_dataset.py": code, "train_cnn.py": code})
    tax = run_audit(tmp_path).ctx.taxonomy
    assert {e.path for e in tax.training_entry_points} == {"build_an_image_dataset.py", "train_cnn.py"}


def test_the_lock_fix_names_the_projects_own_manifest(tmp_path):
    env = "name: ldm\ndependencies:\n  - python=3.8.5\n  - pip:\n    - torch\n    - numpy\n"
    write_repo(
        tmp_path,
        {
            "environment.yaml": env,
            "setup.py": "from setuptools import setup\nsetup(name='x', install_requires=['torch', 'numpy', 'tqdm'])\n",
            "train.py": ARGV_LOG,
        },
    )
    f410 = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET410")
    assert (
        "conda-lock -f environment.yaml" in f410.recommendation
        and "requirements.in" not in f410.recommendation
    )
    write_repo(tmp_path / "b", {"requirements.txt": "torch\nnumpy\n", "train.py": ARGV_LOG})
    f410 = next(f for f in run_audit(tmp_path / "b").findings if f.rule_id == "ET410")
    assert (
        "uv pip compile requirements.txt" in f410.recommendation
        and "requirements.in" not in f410.recommendation
    )


def test_a_worker_init_fn_given_only_on_some_runs_does_not_seed_the_workers(tmp_path):
    code = """import torch
from torch.utils.data import DataLoader

torch.manual_seed(0)
ds = torch.utils.data.TensorDataset(torch.randn(64, 4))
loader = DataLoader(ds, num_workers=4, worker_init_fn=init_fn if iterable else None)
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for (x,) in loader:
    model(x).sum().backward()
    opt.step()
"""
    write_repo(tmp_path, {"train.py": code})
    f404 = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET404")
    assert "are seeded" not in f404.message, f404.message


def test_an_image_decoder_load_is_no_checkpoint_load(tmp_path):
    from experiment_tracking.index.python_facts import parse_python
    from experiment_tracking.records import _resume_parts

    m = parse_python("dataset.py", "import pyspng\n\ndef read(f):\n    return pyspng.load(f.read())\n")
    assert _resume_parts(m) == ([], [])
    m = parse_python("train.py", "import torch\n\nstate = torch.load('ckpt.pt')\n")
    assert [e.detail for e in _resume_parts(m)[1]] == ["torch.load"]


def test_the_notebooks_python_is_the_one_most_of_them_ran_with(tmp_path):
    import json

    def book(version):
        return json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "metadata": {},
                        "outputs": [],
                        "execution_count": 1,
                        "source": "import torch\nm = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(m.parameters(), lr=0.1)\nm(torch.randn(2, 2)).sum().backward()\nopt.step()\n",
                    }
                ],
                "metadata": {"language_info": {"name": "python", "version": version}},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        )

    write_repo(tmp_path, {"a_old.ipynb": book("2.7.12"), "b.ipynb": book("3.8.10"), "c.ipynb": book("3.8.5")})
    f411 = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET411")
    assert "3.8" in f411.message and "2 of 3 notebooks" in f411.message, f411.message
    assert "echo '3.8'" in f411.recommendation


def _readme(lines: int, sections: int, commands: bool = True) -> str:
    out = ["# Project", ""]
    per = max(1, lines // sections)
    for s in range(sections):
        out += [f"## Part {s}", ""]
        out += [f"Explanation line {s}.{i} of how the model works and what it does." for i in range(per - 1)]
    if commands:
        out += [
            "## Usage",
            "",
            "pip install -r requirements.txt",
            "python train.py --epochs 10",
            "",
            "Results: 91.2 accuracy.",
        ]
    return "\n".join(out) + "\n"


def test_a_readme_alone_is_extensive_documentation_only_at_the_length_of_a_manual(tmp_path):
    write_repo(tmp_path / "a", {"README.md": _readme(300, 20), "train.py": ARGV_LOG})
    assert _dim(run_audit(tmp_path / "a"), "documentation").score == 3
    write_repo(tmp_path / "b", {"README.md": _readme(420, 20), "train.py": ARGV_LOG})
    assert _dim(run_audit(tmp_path / "b"), "documentation").score == 4
    # a long tutorial README without install commands is still more than a usage note
    write_repo(tmp_path / "c", {"README.md": _readme(300, 20, commands=False), "train.py": ARGV_LOG})
    assert _dim(run_audit(tmp_path / "c"), "documentation").score == 3


def test_a_ray_tune_search_keeps_its_trials_on_disk(tmp_path):
    code = """from ray import tune
from ray.tune.schedulers import ASHAScheduler


def trainable(config):
    for step in range(10):
        tune.report({"loss": config["lr"] * step})


tuner = tune.Tuner(
    trainable,
    param_space={"lr": tune.loguniform(1e-4, 1e-1)},
    tune_config=tune.TuneConfig(scheduler=ASHAScheduler(metric="loss", mode="min"), num_samples=8),
)
results = tuner.fit()
"""
    write_repo(tmp_path, {"tune.py": code})
    f221 = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET221")
    assert f221.status == "PASS", f221.message


def test_a_checkpoint_loaded_to_predict_is_no_resume(tmp_path):
    code = """import torch
from ray.train.xgboost import XGBoostTrainer

from tasks import LearningTask


class Task(LearningTask):  # load_checkpoint comes from the base class, in another module
    def train(self):
        trainer = XGBoostTrainer(params={}, datasets={})
        return trainer.fit()

    def batch_predict(self, data, load_checkpoint_args: dict = {}):
        checkpoint = self.load_checkpoint(**load_checkpoint_args)
        return checkpoint(data)


if __name__ == "__main__":
    model = torch.nn.Linear(2, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    model(torch.randn(2, 2)).sum().backward()
    opt.step()
    Task().train()
"""
    write_repo(tmp_path, {"train.py": code})
    f511 = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET511")
    assert f511.status != "PASS", f511.evidence


def test_gins_config_string_written_per_run_is_the_whole_configuration(tmp_path):
    code = """import os

import gin
import tensorflow as tf


def get_gin_config_str():
    return gin.config_str()


def summarize_gin_config(model_dir):
    config_str = get_gin_config_str()
    with tf.io.gfile.GFile(os.path.join(model_dir, "config.gin"), "w") as f:
        f.write(config_str)
"""
    train = """import optax

import gin_utils


def train(model_dir, params, grads):
    gin_utils.summarize_gin_config(model_dir)
    opt = optax.adam(1e-3)
    state = opt.init(params)
    updates, state = opt.update(grads, state)
    return optax.apply_updates(params, updates)


if __name__ == "__main__":
    train("/tmp/model", {}, {})
"""
    write_repo(tmp_path, {"gin_utils.py": code, "train.py": train})
    rec = run_audit(tmp_path).ctx.records
    parts = [(p.target, p.whole) for p in rec.config if p.evidence.path == "gin_utils.py"]
    assert parts == [("{model_dir}/config.gin", True)], rec.config
