"""Claim and score families found in the fresh35 review, one regression case each."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo


def _dim(result, name):
    return next(d for d in result.scorecard.dimensions if d.name == name)


def _finding(result, rule_id):
    return next((f for f in result.findings if f.rule_id == rule_id), None)


# A research script whose logger factory returns a function appending JSON lines to `<prefix>.jsonl`;
# every hyperparameter goes through it in a loop over the options object (called H, not args).
LOGGER_UTILS = """import json


def logger(log_prefix):
    jsonl_path = f"{log_prefix}.jsonl"

    def log(*args, **kwargs):
        argdict = dict(kwargs)
        with open(jsonl_path, "a+") as f:
            print(json.dumps(argdict), file=f, flush=True)

    return log
"""
LOGGER_TRAIN = """import argparse
import os

import numpy as np
import torch

from utils import logger


class Hyperparams(dict):
    def __getattr__(self, attr):
        return self[attr]


def set_up(s=None):
    H = Hyperparams()
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lr", type=float, default=2e-4)
    parser.add_argument("--save_dir", default="./saved_models")
    parser.add_argument("--desc", default="test")
    H.update(vars(parser.parse_args(s)))
    H.logdir = os.path.join(H.save_dir, H.desc, "log")
    logprint = logger(H.logdir)
    for i, k in enumerate(sorted(H)):
        logprint(type="hparam", key=k, value=H[k])
    np.random.seed(H.seed)
    torch.manual_seed(H.seed)
    return H, logprint


def main():
    H, logprint = set_up()
    model = torch.nn.Linear(4, 2)
    optim = torch.optim.Adam(model.parameters(), lr=H.lr)
    for step in range(10):
        loss = model(torch.randn(8, 4)).sum()
        loss.backward()
        optim.step()
        logprint(step=step, loss=loss.item())


if __name__ == "__main__":
    main()
"""


def test_every_option_handed_to_the_projects_own_logger_is_a_whole_config_record(tmp_path):
    write_repo(tmp_path, {"utils.py": LOGGER_UTILS, "train.py": LOGGER_TRAIN})
    result = run_audit(tmp_path)
    f210, f212 = _finding(result, "ET210"), _finding(result, "ET212")
    assert f210.status == "PASS", f210.message
    assert f212.status == "PASS", f212.message
    assert _finding(result, "ET211").status == "PASS"
    parts = [p for p in result.ctx.records.config if p.whole and p.evidence.path == "train.py"]
    assert parts and parts[0].target.endswith("log.jsonl"), result.ctx.records.config
    assert _dim(result, "parameter_logging").score >= 4, _dim(result, "parameter_logging").reasons


CONNECTOR = """import torch
from kedro.io.core import AbstractDataset


class TorchModelDataset(AbstractDataset):
    def __init__(self, filepath):
        self._filepath = filepath

    def _load(self):
        return torch.load(self._filepath)

    def _save(self, model):
        torch.save(model, self._filepath)
"""
TELEMETRY = """import os
import uuid

import tomli_w


def _generate_new_uuid(full_path):
    config = {"telemetry": {}}
    config["telemetry"]["uuid"] = uuid.uuid4().hex
    os.makedirs(os.path.dirname(full_path), exist_ok=True)
    with open(full_path, "wb") as f:
        tomli_w.dump(config, f)
"""


def test_a_connector_library_that_trains_nothing_has_no_run_records_and_no_seeding_findings(tmp_path):
    write_repo(tmp_path, {"pkg/torch_dataset.py": CONNECTOR, "pkg/telemetry.py": TELEMETRY})
    result = run_audit(tmp_path)
    assert not result.ctx.records.config, result.ctx.records.config
    assert _finding(result, "ET401") is None, _finding(result, "ET401")
    assert _finding(result, "ET403") is None, _finding(result, "ET403")
    assert _dim(result, "parameter_logging").score <= 1, _dim(result, "parameter_logging").reasons


def test_sample_and_allow_listed_credentials_are_not_findings():
    from experiment_tracking.index.secrets import _scan_line

    assert _scan_line("    con: postgresql://scott:tiger@localhost/test", True) == ""
    assert _scan_line('password: "Xk29vLq7Zp"  # pragma: allowlist secret', True) == ""
    assert _scan_line('creds = {"password": "StrongPassword"}', False) == ""
    assert _scan_line('env = {"DATABRICKS_TOKEN": "token123"}', False) == ""
    assert _scan_line("token_lengths: torch.LongTensor", True) == ""
    # real-looking values are still found
    assert _scan_line('db = "postgresql://admin:S3cr3tPw9@db.prod.internal/x"', False) == "url_credentials"
    assert _scan_line("api_token = 'hf8Kz91LmQpR2sT7vW3xY6'", False) == "assigned_secret"


def test_configargparse_is_a_command_line_parser(tmp_path):
    code = """import configargparse
import torch


def config_parser():
    parser = configargparse.ArgumentParser()
    parser.add_argument("--config", is_config_file=True)
    parser.add_argument("--lrate", type=float, default=5e-4)
    parser.add_argument("--N_rand", type=int, default=1024)
    return parser


args = config_parser().parse_args()
model = torch.nn.Linear(4, 2)
optim = torch.optim.Adam(model.parameters(), lr=args.lrate)
for step in range(10):
    loss = model(torch.randn(args.N_rand, 4)).sum()
    loss.backward()
    optim.step()
"""
    write_repo(tmp_path, {"run_nerf.py": code, "configs/lego.txt": "lrate = 5e-4\nN_rand = 1024\n"})
    result = run_audit(tmp_path)
    f201 = _finding(result, "ET201")
    assert f201.status != "FAIL", f201.message


def test_tensorflows_event_file_writer_wrapped_by_the_project_is_tensorboard(tmp_path):
    board = """from tensorflow.core.util import event_pb2
from tensorflow.python.summary.writer.event_file_writer import EventFileWriter


class SummaryWriter:
    def __init__(self, log_dir):
        self._event_writer = EventFileWriter(log_dir, 10, 120, None)

    def add_summary(self, summary, step):
        self._event_writer.add_event(event_pb2.Event(summary=summary, step=step))
"""
    write_repo(tmp_path, {"pkg/jaxboard.py": board})
    result = run_audit(tmp_path)
    used = {d.tool for d in result.ctx.detections if d.usage == "used"}
    assert "tensorboard" in used, result.ctx.detections


def test_jax2tf_export_is_not_tensorboard(tmp_path):
    code = "from jax.experimental import jax2tf\n\n\ndef export(fn):\n    return jax2tf.convert(fn)\n"
    write_repo(tmp_path, {"pkg/snapshotter.py": code})
    result = run_audit(tmp_path)
    assert "tensorboard" not in {d.tool for d in result.ctx.detections if d.usage == "used"}


def test_extras_pins_named_by_list_constants_count_and_classifiers_state_python(tmp_path):
    setup = """from setuptools import setup

tensorflow = ["tensorflow==2.8.0", "dm-reverb==0.7.2"]
core_requirements = ["absl-py", "numpy"]
jax_requirements = ["jax==0.4.3", "jaxlib==0.4.3", "optax"] + tensorflow
tf_requirements = ["dm-sonnet"] + tensorflow

setup(
    name="pkg",
    install_requires=core_requirements,
    extras_require={"jax": jax_requirements, "tf": tf_requirements},
    classifiers=[
        "Programming Language :: Python :: 3.8",
        "Programming Language :: Python :: 3.9",
    ],
)
"""
    write_repo(tmp_path, {"setup.py": setup, "pkg/__init__.py": "import numpy\n"})
    result = run_audit(tmp_path)
    f410 = _finding(result, "ET410")
    assert "setup.py 4 of 8 exact" in f410.message, f410.message
    f411 = _finding(result, "ET411")
    assert f411.status == "WARN" and "3.8, 3.9" in f411.message, f411.message


def test_compatible_release_pins_are_called_patch_series_not_exact(tmp_path):
    reqs = "numpy~=1.26.2\npandas~=2.1.3\nscikit-learn~=1.3.2\n"
    train = "import sklearn.linear_model as lm\nlm.LogisticRegression().fit([[0.0]], [0])\n"
    result = run_audit(write_repo(tmp_path, {"requirements.txt": reqs, "train.py": train}))
    f410 = _finding(result, "ET410")
    assert "requirements.txt 3 of 3 pinned to a patch series (~=)" in f410.message, f410.message


def test_an_estimator_built_for_a_seeded_ensemble_is_seeded(tmp_path):
    code = """from sklearn.ensemble import AdaBoostClassifier, BaggingClassifier
from sklearn.tree import DecisionTreeClassifier

bag = BaggingClassifier(DecisionTreeClassifier(), n_estimators=50, random_state=42)
ada = AdaBoostClassifier(estimator=DecisionTreeClassifier(max_depth=1), random_state=42)
bag.fit([[0.0], [1.0]], [0, 1])
ada.fit([[0.0], [1.0]], [0, 1])
"""
    result = run_audit(write_repo(tmp_path, {"train.py": code}))
    f402 = _finding(result, "ET402")
    assert f402.status == "PASS", f402.message


def test_a_gpu_presence_check_is_not_environment_metadata(tmp_path):
    nb_code = """import json

import tensorflow as tf

if not tf.config.list_physical_devices("GPU"):
    print("No GPU was detected. Neural nets can be very slow without a GPU.")
model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
model.compile(loss="mse", optimizer="sgd")
history = model.fit([[0.0]], [0.0], epochs=2)
with open("history.json", "w") as f:
    json.dump(history.history, f)
"""
    result = run_audit(write_repo(tmp_path, {"train.py": nb_code}))
    f213 = _finding(result, "ET213")
    assert f213 is None or f213.status != "PASS", f213


def test_a_keras_tuner_that_overwrites_its_trials_keeps_no_history(tmp_path):
    code = """import keras_tuner as kt
import tensorflow as tf


def build(hp):
    model = tf.keras.Sequential([tf.keras.layers.Dense(hp.Int("units", 8, 64))])
    model.compile(loss="mse", optimizer="sgd")
    return model


tuner = kt.RandomSearch(build, objective="val_loss", max_trials=5, overwrite=True,
                        directory="my_fashion_mnist", project_name="my_rnd_search", seed=42)
tuner.search([[0.0]], [0.0], epochs=2, validation_data=([[0.0]], [0.0]))
"""
    result = run_audit(write_repo(tmp_path, {"tune.py": code}))
    f221 = _finding(result, "ET221")
    assert f221.status == "WARN" and "overwrite=True" in f221.message, f221.message


def test_pairwise_kernels_are_not_evaluation_metrics():
    from experiment_tracking.rules.phase3_results import EVAL_METRICS

    assert not EVAL_METRICS.match("sklearn.metrics.pairwise.rbf_kernel")
    assert EVAL_METRICS.match("sklearn.metrics.f1_score")


def test_a_projects_own_trainer_subclass_seeds_and_keeps_the_best_model_set_in_its_kwargs(tmp_path):
    trainer = """import random

import numpy as np
import torch
from transformers import Trainer


class MyTrainer(Trainer):
    def log(self, logs, start_time=None):
        super().log(logs, start_time)
"""
    builder = """from transformers import TrainingArguments


from pkg.trainer import MyTrainer


def build(cfg, args_cls=TrainingArguments):
    kwargs = {}
    kwargs["seed"] = cfg.seed
    kwargs["load_best_model_at_end"] = cfg.load_best_model_at_end is not False
    kwargs["metric_for_best_model"] = cfg.metric_for_best_model
    args = args_cls(output_dir=cfg.output_dir, **kwargs)
    trainer = MyTrainer(model=cfg.model, args=args)
    trainer.train()
    trainer.save_model(cfg.output_dir)
    random.random()
"""
    cli = (
        "import sys\n\nfrom pkg.builder import build\n\nif __name__ == '__main__':\n    build(sys.argv[1])\n"
    )
    files = {"pkg/trainer.py": trainer, "pkg/builder.py": builder, "train.py": cli}
    result = run_audit(write_repo(tmp_path, files))
    f401 = _finding(result, "ET401")
    assert f401 is not None and f401.status == "PASS", f401
    f310 = _finding(result, "ET310")
    assert f310 is not None and f310.status == "PASS", f310


def test_a_save_named_for_the_lowest_loss_keeps_the_best_model(tmp_path):
    code = """import torch

model = torch.nn.Linear(4, 2)
optim = torch.optim.Adam(model.parameters())
lowest = float("inf")
for step in range(10):
    loss = model(torch.randn(8, 4)).sum()
    loss.backward()
    optim.step()
    torch.save(model.state_dict(), "checkpoints/latest.pt")
    if loss.item() < lowest:
        lowest = loss.item()
        torch.save(model.state_dict(), "checkpoints/lowest_loss.pt")
"""
    result = run_audit(write_repo(tmp_path, {"train.py": code}))
    assert _finding(result, "ET310").status == "PASS", _finding(result, "ET310")
    # a pickling protocol constant is no best-model name
    from experiment_tracking.rules.phase3_results import _BEST_NAME

    assert _BEST_NAME.search("lowest_loss.pt") and not _BEST_NAME.search("dictionary")


def test_a_computer_vision_notebook_that_trains_is_a_training_entry_point(tmp_path):
    code = """import tensorflow as tf

model = tf.keras.Sequential([tf.keras.layers.Conv2D(8, 3), tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x_train, y_train, epochs=2)
"""
    files = {"14_deep_computer_vision_with_cnns.py": code, "10_train_neural_nets.py": code}
    result = run_audit(write_repo(tmp_path, files))
    entries = [e.path for e in result.ctx.taxonomy.training_entry_points]
    assert "14_deep_computer_vision_with_cnns.py" in entries, entries


# fresh36 (minbpe): a tokenizer trained on a text file the repository keeps under tests/, saved by its
# own save() method, with no library that draws random numbers.
TOKENIZER = """class Tokenizer:
    def __init__(self):
        self.merges = {}
        self.pattern = ""

    def train(self, text, vocab_size):
        ids = list(text.encode("utf-8"))
        for i in range(vocab_size - 256):
            self.merges[(ids[0], ids[1])] = 256 + i

    def save(self, file_prefix):
        model_file = file_prefix + ".model"
        with open(model_file, "w") as f:
            f.write(f"{self.pattern}\\n")
            for idx1, idx2 in self.merges:
                f.write(f"{idx1} {idx2}\\n")
"""
TOKENIZER_TRAIN = """import os

from tok import Tokenizer

text = open("tests/corpus.txt", "r", encoding="utf-8").read()
os.makedirs("models", exist_ok=True)
tokenizer = Tokenizer()
tokenizer.train(text, 512)
tokenizer.save(os.path.join("models", "basic"))
"""


def test_a_tokenizer_trained_on_a_committed_text_and_saved_by_its_own_method(tmp_path):
    from tests.conftest import make_git_repo

    files = {"tok.py": TOKENIZER, "train.py": TOKENIZER_TRAIN, "tests/corpus.txt": "lorem ipsum dolor " * 400}
    result = run_audit(make_git_repo(tmp_path / "r", files))
    data = _dim(result, "data_versioning")
    assert data.score >= 2 and "tests/corpus.txt" in " ".join(data.reasons), data.reasons
    assert result.ctx.records.checkpoints, "the tokenizer's save() writes the trained model"
    assert _finding(result, "ET401") is None, _finding(result, "ET401")


def test_every_option_handed_to_a_project_function_that_writes_the_runs_log_is_logged(tmp_path):
    utils = """def write_log(key, value):
    with open("runs/log.txt", "a") as f:
        f.write(f"{key}: {value}\\n")
"""
    train = """import argparse

import torch

from utils import write_log

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.1)
args = parser.parse_args()
for k, v in vars(args).items():
    write_log(k, v)
model = torch.nn.Linear(4, 2)
optim = torch.optim.SGD(model.parameters(), lr=args.lr)
for step in range(10):
    loss = model(torch.randn(8, 4)).sum()
    loss.backward()
    optim.step()
    write_log("loss", loss.item())
"""
    result = run_audit(write_repo(tmp_path, {"utils.py": utils, "train.py": train}))
    f210 = _finding(result, "ET210")
    assert f210.status == "PASS", f210.message
    assert any("written into the run's log" in e.detail for e in f210.evidence), f210.evidence
