"""Families of real code the fresh70 round (and the after-reviewers of fresh69) showed the auditor
reading wrong, each with a synthetic case of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, dimension, finding

PKL_HELPERS = """
import pickle


def save_pkl_object(obj, filename):
    with open(filename, "wb") as output:
        pickle.dump(obj, output)


def load_pkl_object(filename):
    with open(filename, "rb") as f:
        return pickle.load(f)
"""

TRAIN = """
import torch
import torch.nn as nn

model = nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters())
for epoch in range(10):
    loss = model(torch.randn(8, 4)).sum()
    loss.backward()
    opt.step()
torch.save(model.state_dict(), "model.pt")
"""

BENCH = """
import argparse
import os
import time

from utils.helpers import load_pkl_object, save_pkl_object

p = argparse.ArgumentParser()
p.add_argument("--env_name", default="CartPole")
args = p.parse_args()
t0 = time.time()
mean_rt = time.time() - t0
fname = f"agents/{args.env_name}/speed.pkl"
if os.path.exists(fname):
    log = load_pkl_object(fname)
else:
    log = {}
log[args.env_name] = mean_rt
save_pkl_object(log, fname)
"""


def test_a_results_file_read_back_to_add_an_entry_is_no_resume(tmp_path):
    """gymnax-blines' speed.py reloads its benchmark pickle when it exists, adds this run's timing and
    saves it again: a growing results file, not a checkpoint an interrupted run left."""
    result = audit_committed(
        tmp_path,
        {"train.py": TRAIN, "bench.py": BENCH, "utils/__init__.py": "", "utils/helpers.py": PKL_HELPERS},
    )
    f = finding(result, "ET511")
    assert f.status != "PASS", f
    assert not any(e.path == "bench.py" for e in f.evidence), f


def test_a_checkpoint_loaded_back_into_the_model_still_resumes(tmp_path):
    resume = BENCH.replace(
        "log[args.env_name] = mean_rt", "model.load_state_dict(log)\nlog['step'] = 1"
    ).replace("import time\n", "import time\n\nimport torch\n\nmodel = torch.nn.Linear(4, 2)\n")
    result = audit_committed(
        tmp_path,
        {"train.py": TRAIN, "bench.py": resume, "utils/__init__.py": "", "utils/helpers.py": PKL_HELPERS},
    )
    assert finding(result, "ET511").status == "PASS"


NAMED_RUN_DIR = """
import os

import torch
from absl import app, flags
from torch.utils.tensorboard import SummaryWriter

FLAGS = flags.FLAGS
flags.DEFINE_string("output_dir", "runs", "Where runs go.")
flags.DEFINE_float("learning_rate", 0.1, "Learning rate.")
flags.DEFINE_float("weight_decay", 1e-4, "Weight decay.")
flags.DEFINE_float("sam_rho", 0.05, "SAM neighbourhood.")
flags.DEFINE_integer("run_seed", 0, "Seed.")
flags.DEFINE_integer("batch_size", 128, "Batch size.")
flags.DEFINE_integer("epochs", 200, "Epochs.")


def main(_):
    torch.manual_seed(FLAGS.run_seed)
    suffix = os.path.join(
        "lr_" + str(FLAGS.learning_rate),
        "wd_" + str(FLAGS.weight_decay),
        "rho_" + str(FLAGS.sam_rho),
        "seed_" + str(FLAGS.run_seed),
    )
    output_dir = os.path.join(FLAGS.output_dir, suffix)
    os.makedirs(output_dir, exist_ok=True)
    writer = SummaryWriter(output_dir)
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=FLAGS.learning_rate, weight_decay=FLAGS.weight_decay)
    for epoch in range(FLAGS.epochs):
        loss = model(torch.randn(FLAGS.batch_size, 4)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        writer.add_scalar("train/loss", loss.item(), epoch)
    torch.save(model.state_dict(), os.path.join(output_dir, "model.pt"))


if __name__ == "__main__":
    app.run(main)
"""


def test_settings_a_run_folder_is_named_from_are_a_partial_record(tmp_path):
    """google-research/sam names each run's folder lr_<lr>/wd_<wd>/rho_<rho>/seed_<seed>: those
    settings are kept with every run, by name, and the rest are not (rubric level 3, not 1)."""
    result = audit_committed(
        tmp_path, {"train.py": NAMED_RUN_DIR, "README.md": "# sam\n\n`python train.py`\n"}
    )
    dim = dimension(result, "parameter_logging")
    assert dim.score == 3, dim
    assert "learning_rate" in " ".join(dim.reasons) and "train.py:" in " ".join(dim.reasons), dim


def test_a_folder_named_by_its_output_option_alone_records_no_setting(tmp_path):
    one = NAMED_RUN_DIR.replace(
        'suffix = os.path.join(\n        "lr_" + str(FLAGS.learning_rate),\n        "wd_" + str(FLAGS.weight_decay),\n'
        '        "rho_" + str(FLAGS.sam_rho),\n        "seed_" + str(FLAGS.run_seed),\n    )',
        'suffix = "seed_" + str(FLAGS.run_seed)',
    )
    assert one != NAMED_RUN_DIR
    result = audit_committed(tmp_path, {"train.py": one, "README.md": "# sam\n\n`python train.py`\n"})
    assert dimension(result, "parameter_logging").score < 3


DATASET_APP = """
import hashlib

import pandas as pd
import requests


def download_dataset(url, path):
    with open(path, "wb") as f:
        f.write(requests.get(url).content)


def compute_dataset_statistics(dataset_filename, cfg_hash):
    return {"rows": len(pd.read_csv(dataset_filename)), "key": cfg_hash}


def show_dataset_statistics(dataset_filename, config_filename):
    cfg_hash = hashlib.md5(open(config_filename, "rb").read()).hexdigest()
    stats = compute_dataset_statistics(dataset_filename, cfg_hash)
    return stats
"""


def test_a_digest_kept_as_a_cache_key_verifies_no_data(tmp_path):
    """h2o-llmstudio hashes a config file to key cached dataset statistics: no downloaded data is checked
    against a digest, so data versioning gains nothing from it."""
    train = (
        "from app.dataset import show_dataset_statistics\n"
        + TRAIN
        + "show_dataset_statistics('d.csv', 'c.yaml')\n"
    )
    files = {"train.py": train, "app/__init__.py": "", "app/dataset.py": DATASET_APP}
    result = audit_committed(tmp_path, files)
    assert "checksums verify downloaded data" not in " ".join(dimension(result, "data_versioning").reasons)
    compared = DATASET_APP.replace(
        "    stats = compute_dataset_statistics(dataset_filename, cfg_hash)\n",
        "    if cfg_hash != EXPECTED:\n        raise ValueError(dataset_filename)\n"
        "    stats = compute_dataset_statistics(dataset_filename, cfg_hash)\n",
    ).replace("import requests\n", "import requests\n\nEXPECTED = 'd41d8cd98f00b204e9800998ecf8427e'\n")
    result = audit_committed(tmp_path / "compared", {**files, "app/dataset.py": compared})
    assert "checksums verify downloaded data" in " ".join(dimension(result, "data_versioning").reasons)


def test_an_image_tag_that_moves_is_no_pinned_image(tmp_path):
    """h2o-llmstudio builds FROM ...:latest-fips-dev beside a uv.lock: the lock pins the packages, the
    base image is whatever its maintainers built last (rubric level 4, not 5)."""
    from experiment_tracking.index.manifests import floating_tag

    assert [floating_tag(t) for t in ("latest-fips-dev", "nightly-gpu", "slim", "devel-gpu")] == [True] * 4
    assert not any(
        floating_tag(t) for t in ("3.10-slim", "2.4.0-devel-gpu", "11.8.0-devel-ubuntu22.04", "jammy")
    )
    pyproject = (
        '[project]\nname = "llmstudio"\nversion = "1.0"\ndependencies = ["torch==2.1.0", "numpy==1.26.0"]\n'
    )
    lock = 'version = 1\n\n[[package]]\nname = "torch"\nversion = "2.1.0"\n\n[[package]]\nname = "numpy"\nversion = "1.26.0"\n'
    docker = (
        "FROM registry.example.com/python310:{tag}\nCOPY . /app\nRUN pip install uv && uv sync --frozen\n"
    )
    files = {"train.py": TRAIN, "pyproject.toml": pyproject, "uv.lock": lock}
    moving = audit_committed(
        tmp_path / "moving", {**files, "Dockerfile": docker.format(tag="latest-fips-dev")}
    )
    assert finding(moving, "ET412").status == "WARN"
    assert dimension(moving, "environment_capture").score == 4
    fixed = audit_committed(tmp_path / "fixed", {**files, "Dockerfile": docker.format(tag="3.10.14-fips")})
    assert finding(fixed, "ET412").status != "WARN"
    assert dimension(fixed, "environment_capture").score == 5


TF1_AGENT = """
import tensorflow as tf
from baselines import logger


class MpiAdamOptimizer(tf.train.AdamOptimizer):
    pass


class PpoAgent:
    def __init__(self, lr):
        self.ph_lr = tf.placeholder(tf.float32, [])
        self.w = tf.Variable(tf.zeros([4, 2]))
        loss = tf.reduce_sum(self.w)
        self._losses = [loss]
        trainer = MpiAdamOptimizer(learning_rate=self.ph_lr)
        grads_and_vars = trainer.compute_gradients(loss, [self.w])
        self._train = trainer.apply_gradients(grads_and_vars)

    def update(self):
        ret = tf.get_default_session().run(self._losses + [self._train], feed_dict={self.ph_lr: 1e-4})[:-1]
        return ret

    def step(self):
        info = self.update()
        logger.logkvs({"loss": info[0]})
        return info
"""

RUN_ATARI = """
import os

from baselines import logger

from agent import PpoAgent


def add_env_params(parser):
    parser.add_argument("--env", default="MontezumaRevengeNoFrameskip-v4")


def train(num_timesteps, lr):
    agent = PpoAgent(lr)
    for _ in range(num_timesteps):
        agent.step()
        logger.dumpkvs()


def main():
    import argparse

    parser = argparse.ArgumentParser()
    add_env_params(parser)
    parser.add_argument("--num_timesteps", type=int, default=1000)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--tag", type=str, default="")
    args = parser.parse_args()
    logger.configure(dir=logger.get_dir(), format_strs=["stdout", "log", "csv"])
    with open(os.path.join(logger.get_dir(), "experiment_tag.txt"), "w") as f:
        f.write(args.tag)
    train(args.num_timesteps, args.lr)


if __name__ == "__main__":
    main()
"""

REPLAYER = """
import argparse

from run_atari import add_env_params

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    add_env_params(parser)
    print(parser.parse_args())
"""

PLOT_CACHE = """
import argparse
import os
import pickle


def load_results(filename, current_hash):
    if os.path.exists(filename + "_cache"):
        with open(filename + "_cache", "rb") as f:
            old_hash, result = pickle.load(f)
        if old_hash == current_hash:
            return result
    result = [float(line) for line in open(filename)]
    with open(filename + "_cache", "wb") as f:
        pickle.dump((current_hash, result), f)
    return result


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--tags", default="")
    print(load_results(p.parse_args().tags, 0))
"""


def _rnd(tmp_path):
    files = {
        "agent.py": TF1_AGENT,
        "run_atari.py": RUN_ATARI,
        "replayer.py": REPLAYER,
        "load_log.py": PLOT_CACHE,
    }
    return audit_committed(tmp_path, files)


def test_a_script_whose_main_steps_a_tf1_agent_is_a_training_entry_point(tmp_path):
    """random-network-distillation: run_atari.py (imported by replayer.py for its options) calls main(),
    main() train(), train() agent.step(), and step() runs the update op the agent built
    (`sess.run(self._losses + [self._train])`): run_atari.py starts training."""
    result = _rnd(tmp_path)
    entries = [e.path for e in result.ctx.taxonomy.training_entry_points]
    assert entries == ["run_atari.py"], entries


def test_the_baselines_logger_a_script_configures_keeps_per_run_metrics(tmp_path):
    """logger.configure(dir=logger.get_dir(), format_strs=[..., 'csv']) then logkvs/dumpkvs: progress.csv
    in a new openai-<time> folder per run (level 3), not an analysis script's cache file."""
    result = _rnd(tmp_path)
    metrics = [(p.target, p.keeping) for p in result.ctx.records.metrics]
    assert ("{tempfile.gettempdir()}/openai-{time}/progress.csv", "time") in metrics, metrics
    assert not any("cache" in t for t, _ in metrics), metrics
    assert dimension(result, "result_persistence").score == 3
    assert {d.tool: d for d in result.ctx.detections}["custom_logging"].usage == "used"


def test_the_tag_a_run_is_given_is_no_record_of_its_settings(tmp_path):
    result = _rnd(tmp_path)
    assert not result.ctx.records.config, result.ctx.records.config
    assert finding(result, "ET210").status != "PASS"


TB_WRAPPER = """
import tensorflow as tf


class Tensorboard:
    def __init__(self, logdir):
        self.writer = tf.summary.FileWriter(logdir)

    def log_scalar(self, tag, value, step):
        summary = tf.Summary(value=[tf.Summary.Value(tag=tag, simple_value=value)])
        self.writer.add_summary(summary, step)
"""

MLFLOW_NODES = """
import mlflow


def train_validator(params, data):
    with mlflow.start_run(run_name="validator"):
        mlflow.log_params(params)
        mlflow.log_metric("score", 0.5)
    return data
"""


def test_a_tracker_only_in_modules_no_run_reaches_is_not_used(tmp_path):
    """p-christ's utilities/Tensorboard.py wraps a FileWriter nobody imports, and sf-kedro's general_nodes
    package (imported by its own __init__ only, its pipelines deleted) logs to MLflow: no run is recorded
    by either, so neither tracker is in use and no rule cites them."""
    files = {
        "train.py": TRAIN,
        "utilities/__init__.py": "",
        "utilities/Tensorboard.py": TB_WRAPPER,
        "src/proj/__init__.py": "",
        "src/proj/general_nodes/__init__.py": "from .validator import train_validator\n",
        "src/proj/general_nodes/validator.py": MLFLOW_NODES,
    }
    result = audit_committed(tmp_path, files)
    by_tool = {d.tool: d for d in result.ctx.detections}
    assert by_tool["tensorboard"].usage == "mentioned", by_tool["tensorboard"]
    assert by_tool["mlflow"].usage == "mentioned", by_tool["mlflow"]
    assert finding(result, "ET210").status != "PASS"
    cited = [e.path for f in result.findings for e in f.evidence]
    assert not any("general_nodes" in p for p in cited), cited


def test_modules_loaded_by_a_computed_name_or_imported_by_live_code_stay_in_use(tmp_path):
    live = TRAIN + "from src.proj.general_nodes import train_validator\ntrain_validator({'lr': 1}, None)\n"
    files = {
        "train.py": live,
        "src/proj/__init__.py": "",
        "src/proj/general_nodes/__init__.py": "from .validator import train_validator\n",
        "src/proj/general_nodes/validator.py": MLFLOW_NODES,
    }
    result = audit_committed(tmp_path / "imported", files)
    assert {d.tool: d for d in result.ctx.detections}["mlflow"].usage == "used"
    loader = TRAIN + "import importlib\nimport sys\n\nplugin = importlib.import_module(sys.argv[1])\n"
    result = audit_committed(tmp_path / "loaded", {**files, "train.py": loader})
    assert {d.tool: d for d in result.ctx.detections}["mlflow"].usage == "used"


def test_a_credential_field_s_selector_name_is_no_credential():
    """h2o-llmstudio's UI tests name the S3 key field "dataset/import/s3_access_key": a path of words, no
    secret; a real key with slashes in it still is one."""
    from experiment_tracking.index.secrets import scan_secrets

    page = (
        'S3_ACCESS_KEY_SELECTOR = "dataset/import/s3_access_key"\n'
        'S3_SECRET_KEY_SELECTOR = "dataset/import/s3_secret_key"\n'
        'KAGGLE_SECRET_KEY = "dataset/import/kaggle_secret_key"\n'
    )
    assert scan_secrets("tests/ui/page.py", page) == []
    real = 'AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq9Tk2Lmw8"\n'
    assert len(scan_secrets("deploy/settings.py", real)) == 1


def test_a_readme_launching_a_module_with_python3_m_gives_run_commands(tmp_path):
    """google-research/sam's README: "## How to train from scratch" above `python3 -m sam.sam_jax.train
    --dataset cifar10 ...`: run commands, not missing ones."""
    readme = (
        "# SAM\n\nSharpness-aware minimization.\n\n## How to train from scratch\n\n```\n"
        "python3 -m sam.sam_jax.train --dataset cifar10 --model_name WideResnet28x10 \\\\\n"
        "--output_dir /tmp/my_experiment --num_epochs 1800 --sam_rho 0.05\n```\n"
    )
    result = audit_committed(
        tmp_path, {"sam_jax/__init__.py": "", "sam_jax/train.py": NAMED_RUN_DIR, "README.md": readme}
    )
    reasons = " ".join(dimension(result, "documentation").reasons)
    assert "run commands" in reasons, reasons


CPU_TF1 = """
import os

# Train on CPU (hide GPU) due to memory constraints
os.environ["CUDA_VISIBLE_DEVICES"] = ""

import tensorflow as tf

flags = tf.app.flags
FLAGS = flags.FLAGS
flags.DEFINE_float("learning_rate", 0.01, "Initial learning rate.")

x = tf.placeholder(tf.float32, [None, 4])
w = tf.Variable(tf.zeros([4, 2]))
loss = tf.reduce_sum(tf.matmul(x, w))
opt = tf.train.AdamOptimizer(learning_rate=FLAGS.learning_rate).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for epoch in range(200):
    sess.run(opt, feed_dict={x: [[1.0, 2.0, 3.0, 4.0]]})
"""


def test_training_with_every_gpu_hidden_is_asked_about_no_gpu(tmp_path):
    """gae's train.py hides the GPUs before importing TensorFlow: GPU kernel determinism does not apply
    and the hardware to document is the CPU, not a GPU model or CUDA version."""
    result = audit_committed(tmp_path, {"train.py": CPU_TF1})
    assert not [f for f in result.findings if f.rule_id == "ET403"]
    assert "GPU" not in finding(result, "ET413").message
    gpu = audit_committed(tmp_path / "gpu", {"train.py": CPU_TF1.replace('= ""', '= "0"')})
    assert finding(gpu, "ET403").status == "WARN"


HOOK = """
import os

import mlflow


class MlflowHook:
    def __init__(self):
        self.mlflow_enabled = os.getenv("MLFLOW_ENABLED", "true").lower() == "true"

    def _is_mlflow_enabled(self):
        return self.mlflow_enabled

    def before_pipeline_run(self, run_params):
        if not self._is_mlflow_enabled():
            print("[info] MLflow disabled")
            return
        mlflow.set_experiment("signals")
        mlflow.start_run(run_name=run_params.get("run_id", "manual"))
        mlflow.set_tags({"git.commit": os.popen("git rev-parse HEAD").read().strip()})
"""


def test_a_function_that_returns_early_when_tracking_is_off_tracks_only_when_on(tmp_path):
    """sf-kedro's DagsHub hook returns at once unless MLflow is enabled (.env.example turns it off): the
    commit it tags is recorded only when the switch is on, a question, not a PASS."""
    train = TRAIN + "from hooks import MlflowHook\nMlflowHook().before_pipeline_run({})\n"
    result = audit_committed(tmp_path, {"train.py": train, "hooks.py": HOOK})
    assert finding(result, "ET420").status == "REVIEW"
    always = HOOK.replace(
        '        if not self._is_mlflow_enabled():\n            print("[info] MLflow disabled")\n            return\n',
        "",
    )
    assert always != HOOK
    result = audit_committed(tmp_path / "always", {"train.py": train, "hooks.py": always})
    assert finding(result, "ET420").status == "PASS"


ARGV_EPOCHS = """
import sys

import numpy as np
from tensorflow import keras

np.random.seed(7)
max_epoch = int(sys.argv[1]) if len(sys.argv) > 1 else 200
model = keras.Sequential([keras.layers.Dense(2)])
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((8, 4)), np.zeros((8, 2)), epochs=max_epoch, batch_size=64)
"""


def test_one_value_read_from_sys_argv_is_not_a_command_line_for_the_parameters(tmp_path):
    """keras-attention-mechanism's example reads max_epoch from sys.argv[1] and writes everything else in
    the code: ET201 warns that one value comes from the command line, it does not pass."""
    result = audit_committed(tmp_path, {"examples/train.py": ARGV_EPOCHS, "README.md": "# attention\n"})
    f = finding(result, "ET201")
    assert f.status == "WARN" and "Only 1 value comes from the command line" in f.message, f
    assert "batch_size=64" in f.message, f
    mlproject = "name: x\nentry_points:\n  main:\n    parameters:\n      epochs: {type: int, default: 200}\n    command: python examples/train.py {epochs}\n"
    result = audit_committed(tmp_path / "mlp", {"examples/train.py": ARGV_EPOCHS, "MLproject": mlproject})
    assert finding(result, "ET201").status != "WARN" or "Only 1 value" not in finding(result, "ET201").message


def test_a_split_in_a_method_run_after_a_later_top_level_seed_is_seeded(tmp_path):
    """rasbt's Lightning notebooks define the DataModule (random_split in setup()) in one cell and seed
    torch in a later one, before trainer.fit() runs setup(): the split is seeded."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import torch\nimport lightning as L\nfrom torch.utils.data import random_split"
        ),
        nbformat.v4.new_code_cell(
            "class DataModule(L.LightningDataModule):\n    def setup(self, stage=None):\n"
            "        self.train, self.valid = random_split(range(100), [90, 10])"
        ),
        nbformat.v4.new_code_cell(
            "torch.manual_seed(1)\ndm = DataModule()\ntrainer = L.Trainer(max_epochs=1)"
        ),
        nbformat.v4.new_code_cell("trainer.fit(model=None, datamodule=dm)"),
    ]
    result = audit_committed(tmp_path, {"train.ipynb": nbformat.writes(nb)})
    tax = result.ctx.taxonomy
    assert tax.splits_seeded and not tax.splits_unseeded, (tax.splits_seeded, tax.splits_unseeded)


def test_the_pin_fix_for_an_old_stack_names_the_packages_left_loose(tmp_path):
    """p-christ's requirements pin torch==0.4.1.post2 and leave nn_builder and tensorflow loose: the fix
    asks for those two, not for a torch pin the file already has."""
    reqs = "numpy==1.15.2\ntorch==0.4.1.post2\nmatplotlib==3.0.0\ngym==0.10.9\nnn_builder\ntensorflow\n"
    result = audit_committed(tmp_path, {"train.py": TRAIN, "requirements.txt": reqs})
    fix = finding(result, "ET410").recommendation
    assert "nn-builder, tensorflow" in fix and "torch==0.4.1.post2" in fix, fix
    assert "torch==0.4.<patch>" not in fix, fix


def test_the_options_fix_of_a_flags_script_dumps_its_flags(tmp_path):
    """gae defines tf.app.flags and has no `args`: the fix writes FLAGS.flag_values_dict(), not vars(args)."""
    result = audit_committed(tmp_path, {"train.py": CPU_TF1})
    fix = finding(result, "ET210").recommendation
    assert "FLAGS.flag_values_dict()" in fix and "vars(args)" not in fix, fix


def test_fixes_write_into_the_folder_named_per_setting_not_the_shared_parent(tmp_path):
    """sam's runs go to output_dir = join(FLAGS.output_dir, lr_.../wd_.../rho_.../seed_...): a fix writing
    the flags to FLAGS.output_dir would have every run of a sweep overwrite one file."""
    result = audit_committed(tmp_path, {"train.py": NAMED_RUN_DIR})
    fix = finding(result, "ET210").recommendation
    assert "os.path.join(output_dir," in fix and "FLAGS.output_dir" not in fix, fix


def test_a_commented_out_tracking_uri_sets_no_shared_store(tmp_path):
    """sf-kedro's .env.example: `# MLFLOW_TRACKING_URI=https://dagshub.com/...` under MLFLOW_ENABLED=false."""
    train = TRAIN + "import mlflow\nmlflow.start_run()\nmlflow.log_param('lr', 0.1)\n"
    env = "MLFLOW_ENABLED=false\n# MLFLOW_TRACKING_URI=https://dagshub.com/user/repo.mlflow\n"
    result = audit_committed(tmp_path, {"train.py": train, ".env.example": env})
    f = finding(result, "ET601")
    assert not any(e.path == ".env.example" for e in f.evidence), f
    result = audit_committed(tmp_path / "set", {"train.py": train, ".env.example": env.replace("# ", "")})
    assert any(e.path == ".env.example" for e in finding(result, "ET601").evidence)
