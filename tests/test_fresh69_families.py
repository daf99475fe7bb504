"""Families of real code the fresh69 round (and the reviewers of fresh68) showed the auditor reading
wrong, each with a synthetic case of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, detections_by_tool, finding

_audit = audit_committed

OFFERED_CALLBACKS = """
import wandb


class Callback:
    def on_episode_end(self, episode, logs):
        pass


class WandbLogger(Callback):
    def __init__(self, params, **kwargs):
        wandb.init(project="rlx", **kwargs)
        wandb.config.update(params)

    def on_episode_end(self, episode, logs):
        wandb.log({"episode_reward": logs["episode_reward"]}, step=episode)
"""

AGENT = """
import torch


class Agent:
    def __init__(self, model):
        self.model = model
        self.opt = torch.optim.Adam(model.parameters())

    def fit(self, nb_steps, callbacks=()):
        for step in range(nb_steps):
            loss = self.model(torch.randn(4)).sum()
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()
            for cb in callbacks:
                cb.on_episode_end(step, {"episode_reward": float(loss)})
"""


def _library(tmp_path, script: str):
    return _audit(
        tmp_path,
        {
            "rlx/__init__.py": "",
            "rlx/callbacks.py": OFFERED_CALLBACKS,
            "rlx/core.py": AGENT,
            "train_dqn.py": script,
            "setup.py": "from setuptools import setup\nsetup(name='rlx', packages=['rlx'], install_requires=['torch', 'wandb'])\n",
        },
    )


def test_what_an_offered_tracker_records_is_asked_not_credited(tmp_path):
    """A library's W&B callback that none of its own scripts builds records nothing for their runs: the
    parameters, environment and commit W&B would record are a question about the runs reported, not a
    PASS (keras-rl's WandbLogger)."""
    script = (
        "import torch\nfrom rlx.core import Agent\n\nagent = Agent(torch.nn.Linear(4, 2))\n"
        "agent.fit(nb_steps=1000)\ntorch.save(agent.model.state_dict(), 'dqn_weights.pt')\n"
    )
    result = _library(tmp_path, script)
    assert detections_by_tool(result)["wandb"].scope == "optional"
    for rule in ("ET213", "ET420"):
        f = finding(result, rule)
        assert f.status == "REVIEW", (rule, f)
        assert "builds `WandbLogger`" in f.message and "builds `WandbLogger`" in f.question, f


def test_a_tracker_class_the_project_builds_keeps_its_credit(tmp_path):
    script = (
        "import torch\nfrom rlx.core import Agent\nfrom rlx.callbacks import WandbLogger\n\n"
        "agent = Agent(torch.nn.Linear(4, 2))\nagent.fit(nb_steps=1000, callbacks=[WandbLogger({'lr': 1e-3})])\n"
        "torch.save(agent.model.state_dict(), 'dqn_weights.pt')\n"
    )
    result = _library(tmp_path, script)
    assert detections_by_tool(result)["wandb"].scope == "core"
    assert finding(result, "ET420").status == "PASS"
    assert finding(result, "ET213").status == "PASS"


GYMNAX_STYLE_TRAIN = """
import argparse
import pickle
from pathlib import Path

import jax
import optax
import yaml


def save_pkl_object(obj, filename):
    Path(filename).parent.mkdir(exist_ok=True, parents=True)
    with open(filename, "wb") as output:
        pickle.dump(obj, output)


def main(config):
    params = {"w": jax.numpy.zeros(4)}
    opt = optax.adam(config["lr"])
    state = opt.init(params)
    log_return = []
    for step in range(config["num_steps"]):
        grads = jax.grad(lambda p: (p["w"] ** 2).sum())(params)
        updates, state = opt.update(grads, state)
        params = optax.apply_updates(params, updates)
        log_return.append(float((params["w"] ** 2).sum()))
    data_to_store = {"log_return": log_return, "network": params, "train_config": config}
    save_pkl_object(data_to_store, f"agents/{config['env_name']}/ppo.pkl")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--config_fname", default="configs/ppo.yaml")
    parser.add_argument("--seed_id", type=int, default=0)
    args = parser.parse_args()
    config = yaml.safe_load(open(args.config_fname))
    config["seed_id"] = args.seed_id
    main(config)
"""


def test_a_dict_bound_first_and_saved_whole_records_its_options_weights_and_curve(tmp_path):
    """`data = {"log_return": ..., "network": params, "train_config": config}` handed to a pickle
    helper: one file per run holding the options, the weights and the curve (gymnax-blines), not a
    metrics file alone."""
    result = _audit(
        tmp_path,
        {
            "train.py": GYMNAX_STYLE_TRAIN,
            "configs/ppo.yaml": "lr: 0.0003\nnum_steps: 100\nenv_name: CartPole-v1\n",
            "requirements.txt": "jax==0.4.30\noptax==0.2.2\npyyaml==6.0.1\n",
        },
    )
    rec = result.ctx.records
    target = "agents/{config['env_name']}/ppo.pkl"
    assert any(p.target.startswith("agents/") and p.whole and p.in_checkpoint for p in rec.config), (
        target,
        rec.config,
    )
    assert any(p.target.startswith("agents/") for p in rec.checkpoints), rec.checkpoints
    assert any(p.target.startswith("agents/") for p in rec.metrics), rec.metrics


METAFLOW_CONFIG_FLOW = """
import yaml
from metaflow import Config, FlowSpec, step
from sklearn.linear_model import LinearRegression


class TrainFlow(FlowSpec):
    cfg = Config("config", default="config.yaml", parser=yaml.safe_load)

    @step
    def start(self):
        self.model = LinearRegression(fit_intercept=self.cfg["fit_intercept"]).fit([[0], [1]], [0, 1])
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    TrainFlow()
"""


def test_a_metaflow_config_is_stored_with_every_run(tmp_path):
    """Metaflow (2.13+) keeps a flow's Config, read from the file `--config name path` gives, with every
    run, as it keeps its Parameters."""
    from tests.rules.repo_helpers import dimension

    result = _audit(
        tmp_path,
        {
            "flow.py": METAFLOW_CONFIG_FLOW,
            "config.yaml": "fit_intercept: true\n",
            "requirements.txt": "metaflow==2.13.1\nscikit-learn==1.5.0\npyyaml==6.0.1\n",
        },
    )
    f = finding(result, "ET210")
    assert f.status == "PASS", f
    assert any("Configs with every run" in e.detail for e in f.evidence), f.evidence
    assert dimension(result, "parameter_logging").score == 5


OPENLINEAGE_TRAIN = """
import uuid
from datetime import datetime, timezone

from openlineage.client import OpenLineageClient
from openlineage.client.run import Job, Run, RunEvent, RunState
from sklearn.linear_model import LinearRegression

client = OpenLineageClient()
run = Run(runId=str(uuid.uuid4()))
job = Job(namespace="forecasting", name="train_model")
client.emit(RunEvent(eventType=RunState.START, eventTime=datetime.now(timezone.utc).isoformat(), run=run, job=job, producer="me"))
model = LinearRegression().fit([[0], [1]], [0, 1])
client.emit(RunEvent(eventType=RunState.COMPLETE, eventTime=datetime.now(timezone.utc).isoformat(), run=run, job=job, producer="me"))
"""


def test_openlineage_run_events_are_a_tracker_that_names_its_jobs(tmp_path):
    result = _audit(
        tmp_path,
        {
            "train.py": OPENLINEAGE_TRAIN,
            "requirements.txt": "openlineage-python==1.30.0\nscikit-learn==1.5.0\n",
        },
    )
    d = detections_by_tool(result).get("openlineage")
    assert d is not None and d.usage == "used", d
    assert finding(result, "ET110").status == "PASS"


def test_a_readme_list_of_dependencies_without_versions_is_an_unpinned_list(tmp_path):
    """ "Dependencies:" and a bulleted list, one package per item and most of them not Python packages
    (Torch7 with loadcaffe, Matlab or Octave): the rubric's unpinned list in prose, level 1, not nothing."""
    from tests.rules.repo_helpers import dimension

    readme = (
        "# photo style\n\n## Setup\nThis code is based on torch.\n\nDependencies:\n"
        "* [Torch](https://github.com/torch/torch7) (with [loadcaffe](https://github.com/szagoruyko/loadcaffe))\n"
        "* [Matlab](https://www.mathworks.com/) or [Octave](https://www.gnu.org/software/octave/)\n\n"
        "## Usage\n```\npython gen_all.py\n```\n"
    )
    script = "import os\nfor i in range(3):\n    os.system(f'th neuralstyle.lua -content_image in{i}.png')\n"
    result = _audit(tmp_path, {"README.md": readme, "gen_all.py": script})
    level = dimension(result, "environment_capture")
    assert level.score == 1, level.reasons
    assert "README.md:6" in level.reasons[0], level.reasons


TF1_SR_TRAIN = """
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 4])
w = tf.Variable(tf.zeros([4, 1]))
loss = tf.reduce_mean(tf.matmul(x, w))
train_op = tf.train.AdamOptimizer(1e-4).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(100):
        sess.run(train_op, feed_dict={x: [[0.0, 1.0, 2.0, 3.0]]})
"""


def test_python_written_as_one_word_in_a_dependency_list_is_stated(tmp_path):
    """ "* python2.7" in a README's dependency list states the interpreter as "* Python 2.7" does."""
    readme = "# sr\n\n### Dependency\n* python2.7\n* tensorflow (tested on r1.0, r1.2)\n\n## Run\n`python main.py`\n"
    result = _audit(tmp_path, {"README.md": readme, "main.py": TF1_SR_TRAIN})
    f = finding(result, "ET411")
    assert f.status == "PASS" and f.evidence[0].where() == "README.md:4", f


def test_a_benchmark_the_readme_says_was_not_used_is_not_the_data(tmp_path):
    """ "close to the paper without using the imagenet training set": the sentence says which data was
    not used; the data a reader is told about is the one named instead."""
    readme = (
        "# sr\n\nA TensorFlow implementation of [the paper](https://arxiv.org/pdf/1609.04802.pdf).\n"
        "I train on my own photos; the performance is close to the paper without using the "
        "imagenet training set.\n\n## Run\n`python main.py`\n"
    )
    result = _audit(tmp_path, {"README.md": readme, "main.py": TF1_SR_TRAIN})
    f = finding(result, "ET120")
    assert "imagenet" not in f.message.lower(), f


def test_a_package_named_after_python_states_no_python_version(tmp_path):
    """`opencv-python>=3.2` in requirements.txt is OpenCV's minimum, not Python's."""
    result = _audit(
        tmp_path,
        {"requirements.txt": "numpy>=1.13\nopencv-python>=3.2\n", "main.py": TF1_SR_TRAIN},
    )
    f = finding(result, "ET411")
    assert "3.2" not in f.message, f


DETECTRON_STYLE_TRAIN = """
import os
import pickle

import torch


def save_object(obj, file_name):
    with open(file_name, "wb") as f:
        pickle.dump(obj, f)


def train_model(output_dir):
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    checkpoints = {}
    for cur_iter in range(100):
        loss = model(torch.randn(8, 4)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        if cur_iter % 10 == 0:
            checkpoints[cur_iter] = os.path.join(output_dir, "model_iter{}.pkl".format(cur_iter))
            save_object(model.state_dict(), checkpoints[cur_iter])
    checkpoints["final"] = os.path.join(output_dir, "model_final.pkl")
    save_object(model.state_dict(), checkpoints["final"])
    return checkpoints


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--output-dir", default="out")
    train_model(parser.parse_args().output_dir)
"""


def test_checkpoint_paths_kept_in_a_dict_are_the_paths_the_run_writes(tmp_path):
    """`checkpoints[cur_iter] = join(output_dir, ...)` then `save(checkpoints[cur_iter], model)`
    (Detectron's train loop): the run saves its model every few iterations."""
    result = _audit(tmp_path, {"train.py": DETECTRON_STYLE_TRAIN, "requirements.txt": "torch==2.3.0\n"})
    targets = {p.target for p in result.ctx.records.checkpoints}
    assert "{output_dir}/model_final.pkl" in targets, targets
    assert finding(result, "ET310").status != "FAIL"


HF_SPLIT_ARGS_TRAIN = """
from dataclasses import dataclass, field

import transformers
from transformers import AutoModelForCausalLM, HfArgumentParser, Trainer


@dataclass
class ModelArguments:
    model_name_or_path: str = field(default="gpt2")


@dataclass
class DataArguments:
    train_file: str = field(default="train.json")
    cutoff_len: int = field(default=1024)


@dataclass
class TrainingArguments(transformers.TrainingArguments):
    report_to: str = field(default="wandb", metadata={"help": "where to report"})


def main():
    parser = HfArgumentParser((ModelArguments, DataArguments, TrainingArguments))
    model_args, data_args, training_args = parser.parse_args_into_dataclasses()
    model = AutoModelForCausalLM.from_pretrained(model_args.model_name_or_path)
    trainer = Trainer(model=model, args=training_args)
    trainer.train()
    trainer.save_model(training_args.output_dir)


if __name__ == "__main__":
    main()
"""


def test_a_report_to_field_default_turns_the_tracker_on_for_every_run(tmp_path):
    """`report_to: str = field(default="wandb")` in the project's TrainingArguments: every run reports to
    W&B unless told otherwise (BELLE), not only the scripts that pass report_to themselves."""
    from tests.rules.repo_helpers import dimension

    result = _audit(
        tmp_path,
        {
            "train.py": HF_SPLIT_ARGS_TRAIN,
            "requirements.txt": "transformers==4.44.0\ntorch==2.3.0\nwandb==0.17.0\n",
        },
    )
    wandb = detections_by_tool(result)["wandb"]
    assert wandb.scope == "core" and "defaults to 'wandb'" in wandb.evidence[0].detail, wandb
    # ... and what the Trainer reports is its TrainingArguments, not the model and data arguments
    f = finding(result, "ET210")
    assert any("not the model and data arguments" in e.detail for e in f.evidence), f.evidence
    assert dimension(result, "parameter_logging").score < 5


def test_a_launch_script_naming_the_trackers_project_names_the_runs(tmp_path):
    """`export WANDB_PROJECT=...` in the launch script: W&B takes the project (and WANDB_NAME the run's
    name) from the environment, so the runs are named though no wandb.init(name=...) is written."""
    script = (
        "#!/bin/bash\nexport WANDB_PROJECT=belle-sft\nexport WANDB_RUN_ID=run-7\n"
        "torchrun --nproc_per_node 8 train.py --output_dir out/${WANDB_PROJECT}\n"
    )
    result = _audit(
        tmp_path,
        {
            "train.py": HF_SPLIT_ARGS_TRAIN,
            "scripts/run_sft.sh": script,
            "requirements.txt": "transformers==4.44.0\ntorch==2.3.0\nwandb==0.17.0\n",
        },
    )
    f = finding(result, "ET110")
    assert f.status == "PASS" and f.evidence[0].where() == "scripts/run_sft.sh:2", f


DNNLIB_TRAIN = """
import dnnlib_like

if 1:
    train = dict(run_func_name="training.training_loop.training_loop")
    tf_config = {"rnd.np_random_seed": 1000}


def main():
    dnnlib_like.submit_run(tf_config=tf_config, **train)


if __name__ == "__main__":
    main()
"""
DNNLIB_SUBMIT = """
import importlib


def submit_run(run_func_name, **kwargs):
    module, func = run_func_name.rsplit(".", 1)
    getattr(importlib.import_module(module), func)(**kwargs)
"""
DNNLIB_TFUTIL = """
import numpy as np
import tensorflow as tf


def _sanitize(config_dict=None):
    cfg = dict()
    cfg["rnd.np_random_seed"] = None
    if config_dict is not None:
        cfg.update(config_dict)
    return cfg


def init_tf(config_dict=None):
    cfg = _sanitize(config_dict)
    np_random_seed = cfg["rnd.np_random_seed"]
    if np_random_seed is not None:
        np.random.seed(np_random_seed)
        tf.set_random_seed(np.random.randint(1 << 31))
"""
DNNLIB_LOOP = """
import numpy as np
import tensorflow as tf

from tfutil import init_tf


def training_loop(tf_config=None):
    init_tf(tf_config)
    x = tf.placeholder(tf.float32, [None, 4])
    w = tf.Variable(tf.zeros([4, 1]))
    loss = tf.reduce_mean(tf.matmul(x, w))
    train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(100):
            sess.run(train_op, feed_dict={x: np.random.randn(8, 4)})
"""


def test_a_training_loop_run_by_its_dotted_name_is_on_the_training_path(tmp_path):
    """StyleGAN's train.py hands dnnlib the loop by name (run_func_name="training.training_loop.
    training_loop") with tf_config = {'rnd.np_random_seed': 1000}; the loop's init_tf seeds NumPy and
    TensorFlow from it. The seeding is on the training path, and the entry script's setting is seen."""
    result = _audit(
        tmp_path,
        {
            "train.py": DNNLIB_TRAIN,
            "dnnlib_like.py": DNNLIB_SUBMIT,
            "tfutil.py": DNNLIB_TFUTIL,
            "training/__init__.py": "",
            "training/training_loop.py": DNNLIB_LOOP,
            "requirements.txt": "tensorflow-gpu==1.15.0\nnumpy==1.16.0\n",
        },
    )
    f = finding(result, "ET401")
    assert f.status != "FAIL", f
    assert "1000" in f.message and "unseeded" not in f.message, f.message


AUTOSUMMARY = """
import tensorflow as tf

_writer = None


def autosummary(name, value):
    return value


def save_summaries(log_dir, step):
    global _writer
    if _writer is None:
        _writer = tf.summary.FileWriter(log_dir)
    _writer.add_summary(tf.Summary(), step)
"""
AUTOSUMMARY_LOOP = """
import time

import numpy as np
import tensorflow as tf

from autosummary import autosummary, save_summaries

x = tf.placeholder(tf.float32, [None, 4])
w = tf.Variable(tf.zeros([4, 1]))
loss = tf.reduce_mean(tf.matmul(x, w))
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
start = time.time()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for tick in range(100):
        t0 = time.time()
        sess.run(train_op, feed_dict={x: np.random.randn(8, 4)})
        autosummary('Timing/sec_per_tick', time.time() - t0)
        autosummary('Timing/total_hours', (time.time() - start) / 3600.0)
        save_summaries('results/run', tick)
"""


def test_timings_through_a_tf1_autosummary_helper_are_captured(tmp_path):
    """NVlabs' TF1 code logs Timing/sec_per_tick and peak GPU memory through tflib.autosummary into the
    run's TensorBoard log: system metrics captured, not 'no timing'."""
    result = _audit(
        tmp_path,
        {
            "train.py": AUTOSUMMARY_LOOP,
            "autosummary.py": AUTOSUMMARY,
            "requirements.txt": "tensorflow-gpu==1.15.0\nnumpy==1.16.0\n",
        },
    )
    assert finding(result, "ET303").status == "PASS"


def test_the_foreign_code_the_project_runs_is_its_training_code(tmp_path):
    """gen_all.py runs `th neuralstyle_seg.lua ...`; a vendored MATLAB toolbox beside it has more files,
    one of them named runMatting.m. The Lua files the project runs are its training code, and the score
    reasons say the code was not read instead of describing it."""
    from tests.rules.repo_helpers import dimension

    gen = (
        "import os\nfor idx in range(1, 61):\n"
        "    os.system('th neuralstyle_seg.lua -content_image examples/in' + str(idx) + '.png -serial out')\n"
    )
    files = {
        "gen_all.py": gen,
        "neuralstyle_seg.lua": "require 'torch'\nlocal cmd = torch.CmdLine()\n",
        "deepmatting_seg.lua": "require 'torch'\n",
    }
    for name in ("runMatting", "getLaplacian", "solveAlpha", "showMatte"):
        files[f"matting/{name}.m"] = f"function {name}()\nend\n"
    result = _audit(tmp_path, files)
    f = finding(result, "ET410")
    assert "Lua" in f.message and "neuralstyle_seg.lua" in f.evidence[0].path, f
    reason = dimension(result, "result_persistence").reasons[0]
    assert "in the Python and configuration files read" in reason and "not read, so" in reason, reason


def test_a_plot_saved_into_an_in_memory_buffer_is_no_stored_output(tmp_path):
    """`buf = io.BytesIO(); plt.savefig(buf)` then sent to a Visdom window: nothing reaches the disk."""
    script = (
        "import io\nimport matplotlib.pyplot as plt\nimport torch\nimport visdom\n\nvis = visdom.Visdom()\n"
        "model = torch.nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "for step in range(10):\n    loss = model(torch.randn(8, 4)).sum()\n    opt.zero_grad()\n"
        "    loss.backward()\n    opt.step()\n\n\ndef show_plot():\n    buf = io.BytesIO()\n"
        "    plt.savefig(buf)\n    buf.seek(0)\n    vis.image(buf.getvalue())\n\n\nshow_plot()\n"
    )
    result = _audit(tmp_path, {"train.py": script, "requirements.txt": "torch==2.3.0\nvisdom==0.2.4\n"})
    f = finding(result, "ET311")
    assert "{buf}" not in f.message, f


def test_a_model_a_metaflow_step_keeps_in_self_is_saved_with_every_run(tmp_path):
    """`self.model = LinearRegression().fit(...)` in a step: Metaflow stores it as an artifact of the
    run, so the model is saved (not 'never saved'); a flow driven by a Config has parameters (ET502)."""
    result = _audit(
        tmp_path,
        {
            "flow.py": METAFLOW_CONFIG_FLOW,
            "config.yaml": "fit_intercept: true\n",
            "requirements.txt": "metaflow==2.13.1\nscikit-learn==1.5.0\npyyaml==6.0.1\n",
        },
    )
    f = finding(result, "ET310")
    assert f.status == "PASS" and "self.model" in f.message, f
    assert finding(result, "ET502").status == "PASS"


def test_a_committed_password_file_is_a_credential_file(tmp_path):
    """Airflow standalone writes its admin password to standalone_admin_password.txt; committed, anyone
    with the repository has it."""
    result = _audit(
        tmp_path,
        {
            "airflow/standalone_admin_password.txt": "kAByqavVNbuxgkwn\n",
            "train.py": "from sklearn.linear_model import LinearRegression\nLinearRegression().fit([[0], [1]], [0, 1])\n",
        },
    )
    f = finding(result, "ET204")
    assert f.status == "FAIL" and f.evidence[0].path == "airflow/standalone_admin_password.txt", f
