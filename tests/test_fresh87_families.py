"""Families of real code met in round fresh87 (eight research repositories the auditor had not seen), each as
a synthetic case that fails without its fix."""

from tests.rules.repo_helpers import audit_committed, detections_by_tool, dimension, finding, status_of

SCALER_ENGINE = """import torch


def train_one_epoch(model, criterion, loader, optimizer, loss_scaler):
    model.train()
    for x, y in loader:
        loss = criterion(model(x), y)
        optimizer.zero_grad()
        loss_scaler(loss, optimizer, parameters=model.parameters())
    return {"loss": float(loss)}


def evaluate(model, loader):
    return {"acc1": sum(float(model(x).argmax() == y) for x, y in loader)}
"""

SCALER_MAIN = """import argparse
import json
from pathlib import Path

import torch
from timm.utils import NativeScaler

from engine import evaluate, train_one_epoch


def main(args):
    model = torch.nn.Linear(2, 2)
    if args.eval:
        print(evaluate(model, []))
        return
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    loss_scaler = NativeScaler()
    output_dir = Path(args.output_dir)
    for epoch in range(args.epochs):
        stats = train_one_epoch(model, torch.nn.MSELoss(), [], optimizer, loss_scaler)
        with (output_dir / "log.txt").open("a") as f:
            f.write(json.dumps({**stats, "epoch": epoch}) + "\\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--output_dir", default="out")
    parser.add_argument("--eval", action="store_true")
    main(parser.parse_args())
"""

SCALER_SUBMITIT = """import argparse

import main as trainer


class Trainer:
    def __init__(self, args):
        self.args = args

    def __call__(self):
        trainer.main(self.args)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=1e-3)
    Trainer(parser.parse_args())()
"""


SPEED_TEST = """import torch

model = torch.nn.Linear(2, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for _ in range(3):
    model(torch.randn(8, 2)).sum().backward()
    optimizer.step()
"""


def test_a_loss_scaler_stepping_the_optimizer_makes_the_engine_training_code(tmp_path):
    # DeiT's engine.py: the loss and the optimizer handed to timm's NativeScaler, which back-propagates and
    # steps; main.py, imported by a submitit launcher, drives it and appends a metrics line per epoch (a
    # timing script beside it steps an optimizer of its own: main.py is not the only candidate)
    files = {
        "engine.py": SCALER_ENGINE,
        "main.py": SCALER_MAIN,
        "run_with_submitit.py": SCALER_SUBMITIT,
        "speed_test.py": SPEED_TEST,
    }
    result = audit_committed(
        tmp_path / "r", {**files, "README.md": "# x\n\n    python main.py --output_dir out\n"}
    )
    entries = {e.path for e in result.ctx.taxonomy.training_entry_points}
    assert "main.py" in entries, entries
    assert status_of(result, "ET301") == "PASS", finding(result, "ET301").message
    assert dimension(result, "result_persistence").score >= 2
    # a call handed two values that are no loss and no optimizer is no training step
    files["engine.py"] = SCALER_ENGINE.replace("loss_scaler(loss, optimizer,", "loss_scaler(x, y,")
    result = audit_committed(tmp_path / "r2", files)
    assert "main.py" not in {e.path for e in result.ctx.taxonomy.training_entry_points}


JIT_AGENT = """import jax
import optax


class DQN:
    def __init__(self, network, optimizer: optax.GradientTransformation):
        def loss(params, batch):
            return jax.numpy.mean(network(params, batch))

        def sgd_step(params, opt_state, batch):
            grads = jax.grad(loss)(params, batch)
            updates, new_opt_state = optimizer.update(grads, opt_state)
            return optax.apply_updates(params, updates), new_opt_state

        self._sgd_step = jax.jit(sgd_step)
        self._params = None
        self._opt_state = None

    def select_action(self, obs):
        return 0

    def update(self, batch):
        self._params, self._opt_state = self._sgd_step(self._params, self._opt_state, batch)
"""

JIT_EXPERIMENT = """def run(agent, environment, num_episodes):
    for _ in range(num_episodes):
        obs = environment.reset()
        action = agent.select_action(obs)
        agent.update((obs, action))
"""

JIT_RUN = """from absl import app, flags

import agent as dqn
import experiment

flags.DEFINE_integer("num_episodes", 10, "episodes")
FLAGS = flags.FLAGS


def main(_):
    agent = dqn.DQN(network=None, optimizer=None)
    experiment.run(agent, environment=None, num_episodes=FLAGS.num_episodes)


if __name__ == "__main__":
    app.run(main)
"""


def test_a_jitted_step_held_on_an_attribute_trains_through_the_method_calling_it(tmp_path):
    # bsuite's JAX agents: self._sgd_step = jax.jit(sgd_step) in __init__, called from update(), which the
    # experiment loop calls: run.py launches training
    files = {"agent.py": JIT_AGENT, "experiment.py": JIT_EXPERIMENT, "run.py": JIT_RUN, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    entries = {e.path for e in result.ctx.taxonomy.training_entry_points}
    assert "run.py" in entries, entries
    # the attribute holding something else (a function that computes nothing trained) is no step
    files["agent.py"] = JIT_AGENT.replace(
        "self._params, self._opt_state = self._sgd_step(", "self._params, self._opt_state = self._other("
    )
    result = audit_committed(tmp_path / "r2", files)
    assert "run.py" not in {e.path for e in result.ctx.taxonomy.training_entry_points}


HPARAMS_SAMPLE = """import json
import os
from dataclasses import dataclass, field

import fire
import torch


@dataclass
class TaskHParams:
    query_length: int = 512


@dataclass
class HParams:
    task: TaskHParams = field(default_factory=TaskHParams)
    lr: float = 1e-4
    steps: int = 10


def main(H: HParams):
    log_dir = os.getenv("OUTPUT_DIR") or os.path.join("/tmp/jobs", os.getenv("JOB_NAME"))
    with open(os.path.join(log_dir, "task_hparams.json"), "w") as f:
        json.dump(H.task.to_json(), f)
    with open(os.path.join(log_dir, "hparams.json"), "w") as f:
        json.dump(H.to_json(), f)
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=H.lr)
    for _ in range(H.steps):
        loss = model(torch.randn(4, 2)).sum()
        loss.backward()
        optimizer.step()


if __name__ == "__main__":
    fire.Fire(lambda **kw: main(HParams(**kw)))
"""


def test_a_hyperparameters_object_serialising_itself_into_hparams_json_is_the_whole_configuration(tmp_path):
    # json.dump(H.to_json(), open(".../hparams.json")): the dataclass the run was given, whole; its field
    # H.task dumped into task_hparams.json is a part of it
    files = {"train.py": HPARAMS_SAMPLE, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    config = result.ctx.records.config
    assert any(p.whole and p.evidence.line == 26 for p in config), [
        (p.evidence.line, p.whole) for p in config
    ]
    assert not any(p.whole and p.evidence.line == 24 for p in config)
    assert dimension(result, "parameter_logging").score >= 4
    # a model's architecture written by its own to_json() into a config-named file is no run configuration
    files["train.py"] = HPARAMS_SAMPLE.replace("json.dump(H.to_json(), f)", "json.dump(model.to_json(), f)")
    result = audit_committed(tmp_path / "r2", files)
    assert not any(p.whole and p.evidence.line == 26 for p in result.ctx.records.config)


FAIRSEQ_TRAIN = """import torch
from fairseq import checkpoint_utils, options, tasks
from fairseq.trainer import Trainer


def validate_and_save(args, trainer, epoch_itr):
    num_updates = trainer.get_num_updates()
    do_save = (
        args.save_interval_updates > 0 and num_updates > 0 and num_updates % args.save_interval_updates == 0
    ) or (epoch_itr.end_of_epoch() and epoch_itr.epoch % args.save_interval == 0)
    if do_save:
        checkpoint_utils.save_checkpoint(args, trainer, epoch_itr, None)


def main(args):
    task = tasks.setup_task(args)
    model = task.build_model(args)
    trainer = Trainer(args, task, model, task.build_criterion(args))
    epoch_itr = trainer.get_train_iterator(epoch=1)
    while epoch_itr.next_epoch_idx <= args.max_epoch:
        for samples in epoch_itr.next_epoch_itr():
            trainer.train_step(samples)
        validate_and_save(args, trainer, epoch_itr)


def cli_main():
    parser = options.get_training_parser()
    args = options.parse_args_and_arch(parser)
    main(args)


if __name__ == "__main__":
    cli_main()
"""

FAIRSEQ_TASK = """import torch
from fairseq.tasks import FairseqTask, register_task


@register_task("rendering")
class RenderingTask(FairseqTask):
    def __init__(self, args):
        super().__init__(args)
        self.args = args
        if len(self.args.tensorboard_logdir) > 0 and getattr(args, "distributed_rank", -1) == 0:
            from tensorboardX import SummaryWriter

            self.writer = SummaryWriter(self.args.tensorboard_logdir + "/images")
        else:
            self.writer = None

    def train_step(self, sample, model, criterion, optimizer, update_num):
        loss = criterion(model, sample)
        optimizer.backward(loss)
        if self.writer is not None:
            self.writer.add_scalar("loss", float(loss), update_num)
        return loss
"""

FAIRSEQ_README = """# Rendering

Train with

```bash
python train.py data/ --task rendering --save-dir runs/one --tensorboard-logdir runs/one/tensorboard --max-epoch 10
```
"""


def test_a_fairseq_trainer_takes_its_options_from_fairseqs_parser_and_keeps_them_in_each_checkpoint(tmp_path):
    files = {"train.py": FAIRSEQ_TRAIN, "tasks/rendering.py": FAIRSEQ_TASK, "README.md": FAIRSEQ_README}
    result = audit_committed(tmp_path / "r", files)
    # options.get_training_parser() + parse_args_and_arch(): the command line, not literals
    assert status_of(result, "ET201") != "FAIL", finding(result, "ET201").message
    # save_checkpoint(args, ...) under a saving schedule (`do_save` true every save_interval epochs), no
    # switch: every run keeps checkpoints in args.save_dir, each with the run's arguments
    rec = result.ctx.records
    assert any(p.target == "{args.save_dir}" for p in rec.checkpoints), [p.target for p in rec.checkpoints]
    assert any(p.in_checkpoint and p.whole for p in rec.config)
    assert dimension(result, "parameter_logging").score >= 3
    # TensorBoard behind `len(args.tensorboard_logdir) > 0`, an option every documented command passes
    tb = detections_by_tool(result).get("tensorboard")
    assert tb is not None and tb.scope == "core", tb
    # ... and optional when no command passes it
    files["README.md"] = FAIRSEQ_README.replace(" --tensorboard-logdir runs/one/tensorboard", "")
    result = audit_committed(tmp_path / "r2", files)
    tb = detections_by_tool(result).get("tensorboard")
    assert tb is not None and tb.scope == "optional", tb


PIPFILE = """[[source]]
name = "pypi"
url = "https://pypi.org/simple"

[dev-packages]
pytest = ">=5.2.2,==5.*"

[packages]
numpy = "~=1.18.1"
torch = "~=1.4.0"
fire = "==0.3.1"
regex = ">=2017.4.5,==2017.*"
tqdm = "*"
myproject = {editable = true, path = "."}

[requires]
python_version = "3.7"
"""

PIPFILE_LOCK = """{
    "_meta": {"requires": {"python_version": "3.7"}},
    "default": {
        "numpy": {"version": "==1.18.5"},
        "torch": {"version": "==1.4.0"},
        "fire": {"version": "==0.3.1"},
        "regex": {"version": "==2017.12.12"},
        "tqdm": {"version": "==4.50.0"}
    },
    "develop": {"pytest": {"version": "==5.4.3"}}
}
"""

PLAIN_TRAIN = """import torch

model = torch.nn.Linear(2, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for _ in range(3):
    model(torch.randn(8, 2)).sum().backward()
    optimizer.step()
"""


def test_a_pipfile_pins_python_keeps_its_dev_packages_apart_and_its_ranges_are_credited_to_the_lock(tmp_path):
    files = {"train.py": PLAIN_TRAIN, "Pipfile": PIPFILE, "Pipfile.lock": PIPFILE_LOCK, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    # [requires] python_version = "3.7"
    assert status_of(result, "ET411") == "PASS", finding(result, "ET411").message
    pipfile = {d.name: d for d in result.ctx.index.dependencies if d.path == "Pipfile"}
    assert pipfile["pytest"].dev and not pipfile["numpy"].dev
    assert "myproject" not in pipfile  # the project itself, installed from its checkout
    env = dimension(result, "environment_capture")
    assert "as Pipfile.lock resolves them" in env.reasons[0], env.reasons
    # no [requires] section: no Python pinned
    files["Pipfile"] = PIPFILE.split("[requires]")[0]
    files["Pipfile.lock"] = PIPFILE_LOCK.replace('"requires": {"python_version": "3.7"}', '"requires": {}')
    result = audit_committed(tmp_path / "r2", files)
    assert status_of(result, "ET411") != "PASS"


def test_a_fork_installed_from_a_git_url_without_a_commit_is_an_unpinned_dependency(tmp_path):
    requirements = "numpy==1.16.4\nscipy==1.4.1\ntqdm==4.43.0\npandas==0.25.3\nimageio==2.6.1\n"
    files = {
        "train.py": PLAIN_TRAIN,
        "requirements.txt": requirements + "git+https://github.com/someone/fairseq-stable.git\n",
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    deps = {d.name: d for d in result.ctx.index.dependencies}
    assert deps["fairseq-stable"].pin != "exact"
    assert "5 of 6 dependencies" in dimension(result, "environment_capture").reasons[0]
    # ... pinned when the URL names a commit
    files["requirements.txt"] = (
        requirements
        + "git+https://github.com/someone/fairseq-stable.git@0123456789abcdef0123456789abcdef01234567\n"
    )
    result = audit_committed(tmp_path / "r2", files)
    assert {d.name: d for d in result.ctx.index.dependencies}["fairseq-stable"].pin == "exact"


EMA_UTILS = """import io

import torch


def load_for_ema(model_ema, checkpoint):
    mem_file = io.BytesIO()
    torch.save(checkpoint, mem_file)
    mem_file.seek(0)
    model_ema.load(mem_file)
"""


def test_a_checkpoint_saved_into_a_bytes_buffer_is_no_saved_model(tmp_path):
    # torch.save(checkpoint, io.BytesIO()): bytes handed on in memory, nothing on disk
    train = "from utils import load_for_ema\n" + PLAIN_TRAIN + "load_for_ema(None, model.state_dict())\n"
    files = {"train.py": train, "utils.py": EMA_UTILS, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    assert not result.ctx.records.checkpoints and not result.ctx.records.optional
    assert status_of(result, "ET310") == "FAIL", finding(result, "ET310").message
    files["utils.py"] = EMA_UTILS.replace("mem_file = io.BytesIO()", "mem_file = 'ema.pt'")
    result = audit_committed(tmp_path / "r2", files)
    assert status_of(result, "ET310") != "FAIL"


LOGX = """import json
import os.path as osp


class Logger:
    def __init__(self, output_dir):
        self.output_dir = output_dir
        self.output_file = open(osp.join(output_dir, "progress.txt"), "w")

    def save_config(self, config):
        output = json.dumps(config, indent=4, sort_keys=True)
        with open(osp.join(self.output_dir, "config.json"), "w") as out:
            out.write(output)

    def log_tabular(self, key, val):
        self.output_file.write(f"{key}\\t{val}\\n")
"""

LOGX_ALGO = """import argparse

import torch

from logx import Logger


def ppo(env_name, seed=0, lr=3e-4, epochs=50, output_dir="data/run"):
    logger = Logger(output_dir)
    logger.save_config(locals())
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    for epoch in range(epochs):
        loss = model(torch.randn(4, 2)).sum()
        loss.backward()
        optimizer.step()
        logger.log_tabular("Loss", float(loss))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--env", default="Safexp-PointGoal1-v0")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output_dir", default="data/run")
    args = parser.parse_args()
    ppo(args.env, seed=args.seed, output_dir=args.output_dir)
"""


def test_a_logger_method_handed_locals_writes_every_argument_of_the_training_function(tmp_path):
    # Spinning Up's logger: logger.save_config(locals()) first thing in ppo(): config.json holds every
    # argument the run was started with
    files = {"logx.py": LOGX, "ppo.py": LOGX_ALGO, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    config = [p for p in result.ctx.records.config if p.target.endswith("config.json")]
    assert config and config[0].whole, config
    # handed one setting, it writes a part
    files["ppo.py"] = LOGX_ALGO.replace("logger.save_config(locals())", "logger.save_config({'lr': lr})")
    result = audit_committed(tmp_path / "r2", files)
    config = [p for p in result.ctx.records.config if p.target.endswith("config.json")]
    assert config and not config[0].whole


CSV_LOGGING = """import os

import pandas as pd


class Logger:
    def __init__(self, run_id, results_dir="/tmp/results", overwrite=False):
        filename = f"run_{run_id}.csv"
        save_path = os.path.join(results_dir, filename)
        if os.path.exists(save_path) and not overwrite:
            raise ValueError(f"{save_path} exists")
        self._data = []
        self._save_path = save_path

    def write(self, data):
        self._data.append(data)
        df = pd.DataFrame(self._data)
        df.to_csv(self._save_path, index=False)


class Logging:
    def __init__(self, env, logger):
        self._env = env
        self._logger = logger

    def step(self, action):
        timestep = self._env.step(action)
        self._logger.write({"reward": timestep.reward})
        return timestep


def wrap_environment(env, run_id, results_dir, overwrite=False):
    logger = Logger(run_id, results_dir, overwrite)
    return Logging(env, logger)
"""

CSV_LIBRARY = """from logs import csv_logging


def load_and_record_to_csv(run_id, results_dir, overwrite=False):
    return csv_logging.wrap_environment(None, run_id, results_dir, overwrite)


def load_and_record(run_id, save_path, overwrite=False):
    return load_and_record_to_csv(run_id=run_id, results_dir=save_path, overwrite=overwrite)
"""

CSV_RUN = """from absl import app, flags

import torch

import library

flags.DEFINE_string("save_path", "/tmp/results", "where to save results")
flags.DEFINE_integer("episodes", 10, "episodes")
FLAGS = flags.FLAGS


def main(_):
    env = library.load_and_record("catch/0", save_path=FLAGS.save_path)
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(FLAGS.episodes):
        model(torch.randn(4, 2)).sum().backward()
        optimizer.step()
        env.step(0)


if __name__ == "__main__":
    app.run(main)
"""


def test_an_environment_wrapped_in_the_librarys_csv_logger_keeps_the_runs_results(tmp_path):
    # bsuite: load_and_record -> load_and_record_to_csv -> csv_logging.wrap_environment -> Logger, whose
    # __init__ keeps a path built from its directory and whose write() dumps the table of every row so far
    files = {
        "logs/__init__.py": "",
        "logs/csv_logging.py": CSV_LOGGING,
        "library.py": CSV_LIBRARY,
        "run.py": CSV_RUN,
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    metrics = result.ctx.records.metrics
    assert any(p.target.endswith(".csv") for p in metrics), [(p.target, p.role) for p in metrics]
    assert dimension(result, "result_persistence").score >= 2
    # a table of something the object computed once (no row appended per call) is no history of results
    files["logs/csv_logging.py"] = CSV_LOGGING.replace("self._data.append(data)\n", "self._data = [1]\n")
    result = audit_committed(tmp_path / "r2", files)
    assert not any(p.target.endswith(".csv") for p in result.ctx.records.metrics)


COUNTED_ACCURACY = """import torch


def run(model, loader, test_loader, epochs=2):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(epochs):
        model.train()
        for images, labels in loader:
            loss = torch.nn.functional.cross_entropy(model(images), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        model.eval()
        correct = 0
        total = 0
        with torch.no_grad():
            for images, labels in test_loader:
                outputs = model(images)
                _, predicted = torch.max(outputs.data, 1)
                total += labels.size(0)
                correct += (predicted == labels).sum().item()
        print(f"Accuracy of the network on the test images: {correct / total:.1%}")


if __name__ == "__main__":
    run(torch.nn.Linear(4, 3), [], [])
"""


def test_accuracy_counted_from_predictions_compared_with_labels_is_an_evaluation(tmp_path):
    # correct += (predicted == labels).sum().item() in eval mode: the tutorial's top-1 accuracy
    files = {"train.py": COUNTED_ACCURACY, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    message = finding(result, "ET302").message
    assert "computes its own evaluation metrics" in message, message
    # labels compared with a constant count a class, no prediction is scored
    files["train.py"] = COUNTED_ACCURACY.replace("(predicted == labels)", "(labels == 2)")
    result = audit_committed(tmp_path / "r2", files)
    assert "computes its own evaluation metrics" not in finding(result, "ET302").message


SEED_UTILS = """import importlib.util
import random

import torch

_has_numpy = importlib.util.find_spec("numpy") is not None


def seed_everything(seed: int):
    random.seed(seed)
    torch.manual_seed(seed)
    if _has_numpy:
        import numpy

        numpy.random.seed(seed)
"""

SEED_TRAIN = """import argparse

import numpy as np
import torch

from utils import seed_everything

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    seed_everything(args.seed)
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(3):
        model(torch.from_numpy(np.random.rand(4, 2)).float()).sum().backward()
        optimizer.step()
"""


def test_numpy_seeded_behind_a_test_that_numpy_is_importable_is_seeded(tmp_path):
    # BenchMARL's seed_everything: `if _has_numpy:` with _has_numpy = find_spec("numpy") is not None, true
    # wherever torch runs; no question about a switch the user never sets
    files = {"utils.py": SEED_UTILS, "train.py": SEED_TRAIN, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    assert status_of(result, "ET401") == "PASS", finding(result, "ET401").message
    # behind a test of another package (not installed with every framework), it is a question
    files["utils.py"] = SEED_UTILS.replace('find_spec("numpy")', 'find_spec("scipy")')
    result = audit_committed(tmp_path / "r2", files)
    assert status_of(result, "ET401") != "PASS"


def test_a_timing_handed_to_the_projects_logger_under_a_time_key_is_recorded(tmp_path):
    # logger.log_tabular('Time', time.time() - start): the logger class writes progress.txt each epoch
    algo = LOGX_ALGO.replace("import argparse\n", "import argparse\nimport time\n").replace(
        "    for epoch in range(epochs):\n", "    start = time.time()\n    for epoch in range(epochs):\n"
    )
    timed = algo.replace(
        '        logger.log_tabular("Loss", float(loss))\n',
        '        logger.log_tabular("Loss", float(loss))\n        logger.log_tabular("Time", time.time() - start)\n',
    )
    assert timed != algo
    result = audit_committed(tmp_path / "r", {"logx.py": LOGX, "ppo.py": timed, "README.md": "# x\n"})
    assert status_of(result, "ET303") == "PASS", finding(result, "ET303").message
    printed = algo.replace(
        '        logger.log_tabular("Loss", float(loss))\n',
        '        logger.log_tabular("Loss", float(loss))\n        print("Time", time.time() - start)\n',
    )
    result = audit_committed(tmp_path / "r2", {"logx.py": LOGX, "ppo.py": printed, "README.md": "# x\n"})
    assert status_of(result, "ET303") != "PASS"


OWN_HEADER = "# Copyright 2019 Example Research Ltd. All Rights Reserved.\n"


def test_a_third_party_folder_with_the_projects_own_copyright_headers_is_the_projects_code(tmp_path):
    # bsuite/baselines/third_party/: the authors' scripts running other people's agents, under their header
    files = {
        "lib/core.py": OWN_HEADER + "def helper():\n    return 1\n",
        "lib/env.py": OWN_HEADER + "def make():\n    return None\n",
        "lib/third_party/ppo/run.py": OWN_HEADER + PLAIN_TRAIN,
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    assert not any(d.startswith("lib/third_party") for d in result.ctx.inventory.vendored), (
        result.ctx.inventory.vendored
    )
    # another holder's header: copied code, left out
    files["lib/third_party/ppo/run.py"] = "# Copyright 2017 OpenAI (http://openai.com)\n" + PLAIN_TRAIN
    result = audit_committed(tmp_path / "r2", files)
    assert any(d.startswith("lib/third_party") for d in result.ctx.inventory.vendored)


def test_a_run_named_by_the_folder_its_command_gives_it_says_so(tmp_path):
    from experiment_tracking.report.markdown import _naming

    readme = "# x\n\n```bash\npython main.py --output_dir runs/lr-0.001 --lr 0.001\n```\n"
    files = {"engine.py": SCALER_ENGINE, "main.py": SCALER_MAIN, "README.md": readme}
    result = audit_committed(tmp_path / "r", files)
    text = _naming(result)
    assert "output folder its command gives it" in text and "{args.output_dir}" in text, text
    # written to a fixed path, no folder names the run
    files["main.py"] = SCALER_MAIN.replace("output_dir = Path(args.output_dir)", 'output_dir = Path("out")')
    result = audit_committed(tmp_path / "r2", files)
    assert "output folder its command gives it" not in _naming(result)


def test_external_code_is_pinned_only_when_every_git_dependency_names_a_commit(tmp_path):
    pinned = "git+https://github.com/someone/theconf@de32022f8c0651a043dc812d17194cdfd62066e8\n"
    files = {"train.py": PLAIN_TRAIN, "requirements.txt": "torch==1.4.0\n" + pinned, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    assert any("external code pinned to a commit" in r for r in dimension(result, "code_versioning").reasons)
    # beside a fork installed from its branch head, the external code is not fixed
    files["requirements.txt"] += "git+https://github.com/hyperopt/hyperopt.git\n"
    result = audit_committed(tmp_path / "r2", files)
    assert not any(
        "external code pinned to a commit" in r for r in dimension(result, "code_versioning").reasons
    )


NEST = """import itertools
import json


def parse_json_sweep(config):
    config = {k: v if type(v) is list else [v] for k, v in config.items()}
    perms = list(itertools.product(*config.values()))
    return [[f"--{k}={p[i]}" for i, k in enumerate(config)] for p in perms]


def sweep(fname):
    with open(fname) as f:
        return parse_json_sweep(json.load(f))
"""


NEST_CLI = """import argparse
import subprocess

from nest.common import sweep

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--game", default="train.py")
    parser.add_argument("--sweep", default="grid.json")
    opts = parser.parse_args()
    for args in sweep(opts.sweep):
        subprocess.run(["python", opts.game, *args], check=True)
"""


def test_a_function_expanding_a_dict_of_value_lists_into_every_combination_defines_a_sweep(tmp_path):
    # EGG's nest: parse_json_sweep(config) -> itertools.product(*config.values()), one command line each
    files = {
        "train.py": PLAIN_TRAIN,
        "nest/__init__.py": "",
        "nest/common.py": NEST,
        "nest/nest.py": NEST_CLI,
    }
    result = audit_committed(tmp_path / "r", {**files, "README.md": "# x\n"})
    assert [e.path for e in result.ctx.taxonomy.sweep_definitions] == ["nest/common.py"]
    # a product of two fixed lists in a function named for something else is no sweep of settings
    files["nest/common.py"] = NEST.replace("parse_json_sweep", "parse_json_pairs")
    result = audit_committed(tmp_path / "r2", {**files, "README.md": "# x\n"})
    assert not result.ctx.taxonomy.sweep_definitions


EXTRACT = """import argparse
from pathlib import Path

import torch


def dump_interactions(logs, exp_name="interactions", dump_dir="./interactions"):
    torch.save(logs, Path(dump_dir) / exp_name)


def build_and_test_game(opts, exp_name, dump_dir):
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=opts.lr)
    model(torch.randn(4, 2)).sum().backward()
    optimizer.step()
    interactions = [model(torch.randn(4, 2)).detach()]
    dump_interactions(torch.stack(interactions), exp_name, dump_dir)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--checkpoint_dir", default="out")
    opts = parser.parse_args()
    build_and_test_game(opts, exp_name="run.pth", dump_dir=opts.checkpoint_dir)
"""


def test_a_helper_handing_its_own_results_to_a_writer_does_not_write_its_callers_options(tmp_path):
    # build_and_test_game(opts, dump_dir=...) -> dump_interactions(<its own interactions>, name, dump_dir):
    # the file holds the interactions, not the options the outer call was handed
    result = audit_committed(tmp_path / "r", {"extract.py": EXTRACT, "README.md": "# x\n"})
    assert not any(p.whole for p in result.ctx.records.config), [
        (p.evidence.where(), p.evidence.detail) for p in result.ctx.records.config
    ]
    # handing its own parameter on, the outer call's options are what is written
    handed = EXTRACT.replace(
        "    dump_interactions(torch.stack(interactions), exp_name, dump_dir)",
        "    dump_interactions(opts, exp_name, dump_dir)",
    )
    result = audit_committed(tmp_path / "r2", {"extract.py": handed, "README.md": "# x\n"})
    assert any(p.whole for p in result.ctx.records.config)


CALLBACKS = """import wandb


class WandbLogger:
    def __init__(self, opts, project=None):
        self.opts = opts
        wandb.init(project=project)
        wandb.config.update(opts)

    def on_epoch_end(self, loss, epoch):
        wandb.log({"loss": loss, "epoch": epoch})
"""

TB_WANDB_TRAIN = """import argparse

import torch
from torch.utils.tensorboard import SummaryWriter

from callbacks import WandbLogger

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.1)
    opts = parser.parse_args()
    writer = SummaryWriter("runs")
    logger = WandbLogger(opts)
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=opts.lr)
    for epoch in range(3):
        loss = model(torch.randn(4, 2)).sum()
        loss.backward()
        optimizer.step()
        writer.add_scalar("loss", float(loss), epoch)
        logger.on_epoch_end(float(loss), epoch)
"""


def test_the_configuration_logged_by_one_tracker_is_credited_to_that_tracker(tmp_path):
    files = {"callbacks.py": CALLBACKS, "train.py": TB_WANDB_TRAIN, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    reason = dimension(result, "parameter_logging").reasons[0]
    assert "logged to Weights & Biases (callbacks.py:8)" in reason, reason


def test_fairseqs_distributed_init_is_ddp(tmp_path):
    # fairseq's distributed_utils.distributed_init joins the process group; its Trainer wraps the model in DDP
    train = FAIRSEQ_TRAIN.replace(
        "def main(args):\n",
        "def main(args):\n    args.distributed_rank = distributed_utils.distributed_init(args)\n",
    ).replace(
        "from fairseq import checkpoint_utils, options, tasks",
        "from fairseq import checkpoint_utils, distributed_utils, options, tasks",
    )
    assert train != FAIRSEQ_TRAIN
    result = audit_committed(tmp_path / "r", {"train.py": train, "README.md": FAIRSEQ_README})
    assert "ddp" in detections_by_tool(result)
    result = audit_committed(tmp_path / "r2", {"train.py": FAIRSEQ_TRAIN, "README.md": FAIRSEQ_README})
    assert "ddp" not in detections_by_tool(result)


PLOT_RUNS = """import os
import sys

import pandas as pd


def get_datasets(logdir):
    datasets = []
    for root, _, files in os.walk(logdir):
        if "progress.txt" in files:
            datasets.append(pd.read_table(os.path.join(root, "progress.txt")))
    return datasets


if __name__ == "__main__":
    print(pd.concat(get_datasets(sys.argv[1])).groupby("Epoch").mean())
"""


def test_a_script_walking_the_run_folders_for_their_metrics_file_compares_runs(tmp_path):
    # Spinning Up's plot.py: os.walk(logdir), every progress.txt read back into one table
    files = {"logx.py": LOGX, "ppo.py": LOGX_ALGO, "scripts/plot.py": PLOT_RUNS, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    assert status_of(result, "ET320") == "PASS", finding(result, "ET320").message
    # walking for some other file reads no run back
    files["scripts/plot.py"] = PLOT_RUNS.replace('"progress.txt"', '"image.png"')
    result = audit_committed(tmp_path / "r2", files)
    assert status_of(result, "ET320") != "PASS"


ZOO_CORE_INIT = """from .callbacks import WandbLogger
from .trainer import Trainer
"""

ZOO_TRAINER = """import torch


class Trainer:
    def __init__(self, model, callbacks=()):
        self.model = model
        self.callbacks = list(callbacks)

    def train(self, epochs):
        optimizer = torch.optim.SGD(self.model.parameters(), lr=0.1)
        for epoch in range(epochs):
            loss = self.model(torch.randn(4, 2)).sum()
            loss.backward()
            optimizer.step()
            for cb in self.callbacks:
                cb.on_epoch_end(float(loss), epoch)
"""

ZOO_GAME = """import argparse

import torch

import core


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.1)
    opts = parser.parse_args()
    callbacks = []
    trainer = core.Trainer(torch.nn.Linear(2, 2), callbacks=callbacks)
    trainer.train(3)


if __name__ == "__main__":
    main()
"""


def test_a_tracker_class_the_library_offers_counts_for_the_games_that_build_it(tmp_path):
    # EGG: egg/core/callbacks.py defines WandbLogger (wandb.init in __init__), every game imports egg.core, one
    # game of four builds the logger: the commit is recorded for that game's runs, not for every game's
    with_wandb = ZOO_GAME.replace("callbacks = []", "callbacks = [core.WandbLogger(opts)]")
    files = {
        "core/__init__.py": ZOO_CORE_INIT,
        "core/callbacks.py": CALLBACKS,
        "core/trainer.py": ZOO_TRAINER,
        "zoo/pop/train.py": with_wandb,
        "zoo/channel/train.py": ZOO_GAME,
        "zoo/mnist/train.py": ZOO_GAME,
        "zoo/signal/train.py": ZOO_GAME,
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    f420 = finding(result, "ET420")
    assert f420.status == "WARN" and "only in 1 of 4" in f420.message, f420.message
    # every game building it: every run records its commit
    for game in ("zoo/channel/train.py", "zoo/mnist/train.py", "zoo/signal/train.py"):
        files[game] = with_wandb
    result = audit_committed(tmp_path / "r2", files)
    assert status_of(result, "ET420") == "PASS", finding(result, "ET420").message


HAIKU_AGENT = """import haiku as hk
import jax
import optax
from absl import app, flags

flags.DEFINE_integer("seed", 42, "seed")
FLAGS = flags.FLAGS


def main(_):
    rng = hk.PRNGSequence(FLAGS.seed)
    net = hk.without_apply_rng(hk.transform(lambda x: hk.Linear(2)(x)))
    params = net.init(next(rng), jax.numpy.ones((1, 2)))
    optimizer = optax.adam(1e-3)
    opt_state = optimizer.init(params)
    for _ in range(3):
        grads = jax.grad(lambda p: net.apply(p, jax.numpy.ones((1, 2))).sum())(params)
        updates, opt_state = optimizer.update(grads, opt_state)
        params = optax.apply_updates(params, updates)


if __name__ == "__main__":
    app.run(main)
"""


def test_a_haiku_key_sequence_built_from_the_seed_seeds_jax(tmp_path):
    # bsuite's JAX agents: self._rng = hk.PRNGSequence(seed)
    result = audit_committed(tmp_path / "r", {"run.py": HAIKU_AGENT, "README.md": "# x\n"})
    assert status_of(result, "ET401") == "PASS", finding(result, "ET401").message
    unseeded = HAIKU_AGENT.replace("hk.PRNGSequence(FLAGS.seed)", "iter(range(10))")
    result = audit_committed(tmp_path / "r2", {"run.py": unseeded, "README.md": "# x\n"})
    assert status_of(result, "ET401") != "PASS"
