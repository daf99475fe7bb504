"""Families of real code the fresh66 round (and the recommendations fresh65's reviewers found unfitting)
showed the auditor reading wrong, each with a synthetic case of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, dimension, finding

_audit = audit_committed


def _rec(result, dim):
    return next(r for r in result.recommendations if r.get("dimension") == dim)


HUB_TRAIN = """
import argparse
import torch
from datasets import load_dataset

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=0.1)
args = p.parse_args()
ds = load_dataset("acme/tiny-series")
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
for row in ds["train"]:
    loss = model(torch.tensor(row["x"])).sum()
    opt.zero_grad(); loss.backward(); opt.step()
torch.save(model.state_dict(), "model.pt")
"""


def test_data_from_the_hub_by_name_is_pinned_by_its_revision_not_by_hashing_a_folder(tmp_path):
    result = _audit(tmp_path, {"train.py": HUB_TRAIN, "README.md": "# x\n\npython train.py\n"})
    data = dimension(result, "data_versioning")
    assert data.score == 1, data.reasons
    rec = _rec(result, "data_versioning")
    assert "load_dataset('acme/tiny-series', revision=" in rec["snippet"], rec
    assert "sha256sum" not in rec["snippet"]


PREDICT = """
import argparse
import torch
from net import Net

p = argparse.ArgumentParser()
p.add_argument("--weights", default="weights/net.pth")
p.add_argument("--image", required=True)
args = p.parse_args()
model = Net()
model.load_state_dict(torch.load(args.weights))
model.eval()
with torch.no_grad():
    print(model(torch.load(args.image)))
"""

NET = """
import torch


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(x)
"""

RELEASE_README = """# Net

Inference code and pretrained weights for the Net text detector, trained on SynthText and
fine-tuned on ICDAR 2015.

Download the weights from https://example.org/net.pth into weights/, then run

    python test.py --image sample.pt
"""


def test_a_weights_release_without_training_documents_its_data_release_in_the_readme(tmp_path):
    files = {"test.py": PREDICT, "net.py": NET, "README.md": RELEASE_README}
    result = _audit(tmp_path, files)
    data = dimension(result, "data_versioning")
    assert data.score == 1, data.reasons
    rec = _rec(result, "data_versioning")
    # no data directory to hash in a release of weights: which dataset release the weights saw
    assert rec["snippet"].startswith("```markdown"), rec
    assert "sha256sum -c" in rec["snippet"] and "find <data directory>" not in rec["snippet"]
    assert rec["file"] == "README.md", rec


PYPROJECT = """
[project]
name = "tinylib"
version = "1.0.0"
requires-python = ">=3.10"
dependencies = ["torch>=2.0", "numpy>=1.24"]
"""

CI = """
name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: ["3.10", "3.11", "3.12", "3.13"]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - run: pip install . && python -m pytest
"""

LIB_TRAIN = """
import argparse
import torch

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=0.1)
args = p.parse_args()
torch.manual_seed(0)
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
for step in range(10):
    loss = model(torch.randn(8, 4)).sum()
    opt.zero_grad(); loss.backward(); opt.step()
torch.save(model.state_dict(), "model.pt")
"""


def test_a_package_tested_on_several_pythons_records_the_one_results_came_from(tmp_path):
    files = {
        "pyproject.toml": PYPROJECT,
        ".github/workflows/ci.yml": CI,
        "tinylib/__init__.py": "",
        "scripts/train.py": LIB_TRAIN,
        "README.md": "# tinylib\n\npython scripts/train.py\n",
    }
    result = _audit(tmp_path, files)
    f = finding(result, "ET411")
    # each of the four is supported: naming the newest would be a guess about the published results
    assert "echo '3.13'" not in f.recommendation, f.recommendation
    assert "3.10, 3.11, 3.12, 3.13" in f.recommendation and "sys.version_info" in f.recommendation


def test_an_application_that_states_no_supported_range_pins_a_python_its_ci_tests(tmp_path):
    files = {
        ".github/workflows/ci.yml": CI.replace('"3.10", "3.11", "3.12", "3.13"', '"3.10", "3.11"'),
        "requirements.txt": "torch==2.1.0\n",
        "train.py": LIB_TRAIN,
        "README.md": "# app\n\npython train.py\n",
    }
    result = _audit(tmp_path, files)
    assert "echo '3.11'" in finding(result, "ET411").recommendation


OPTIONS = """
import argparse
import os


class TrainOptions:
    def __init__(self):
        self.parser = argparse.ArgumentParser()
        self.parser.add_argument("--name", default="experiment")
        self.parser.add_argument("--checkpoints_dir", default="./checkpoints")
        self.parser.add_argument("--lr", type=float, default=0.0002)

    def parse(self):
        self.opt = self.parser.parse_args()
        expr_dir = os.path.join(self.opt.checkpoints_dir, self.opt.name)
        os.makedirs(expr_dir, exist_ok=True)
        with open(os.path.join(self.opt.checkpoints_dir, self.opt.name, "opt.txt"), "wt") as f:
            for k, v in sorted(vars(self.opt).items()):
                f.write("%s: %s\\n" % (k, v))
        return self.opt
"""

OPT_TRAIN = """
import os
import torch
from options import TrainOptions


def train():
    opt = TrainOptions().parse()
    model = torch.nn.Linear(4, 2)
    optim = torch.optim.Adam(model.parameters(), lr=opt.lr)
    for epoch in range(3):
        loss = model(torch.randn(8, 4)).sum()
        optim.zero_grad(); loss.backward(); optim.step()
        torch.save(model.state_dict(), os.path.join(opt.checkpoints_dir, opt.name, "latest.pth"))


if __name__ == "__main__":
    train()
"""


def test_a_fix_writing_into_a_folder_named_through_self_goes_in_the_class_that_names_it(tmp_path):
    files = {"options.py": OPTIONS, "train.py": OPT_TRAIN, "README.md": "# x\n\npython train.py\n"}
    result = _audit(tmp_path, files)
    # the folder exists as self.opt's fields only in the options class: the fixes writing there go beside
    # its opt.txt, never into train.py (where the parsed options are a local `opt`)
    placed = [r for r in result.recommendations if "self.opt" in (r.get("snippet") or "")]
    assert placed, [(r["file"], r.get("snippet")) for r in result.recommendations]
    assert {r["file"] for r in placed} == {"options.py"}, [(r["file"], r.get("snippet")) for r in placed]


KERAS_LATE_IMPORT = """
import argparse
import numpy as np
from keras import layers, models


def train(model, data, args):
    log = callbacks.CSVLogger(args.save_dir + "/log.csv")
    tb = callbacks.TensorBoard(log_dir=args.save_dir + "/tensorboard-logs")
    model.compile(optimizer="adam", loss="mse")
    model.fit(data[0], data[1], epochs=args.epochs, callbacks=[log, tb])
    model.save_weights(args.save_dir + "/trained_model.h5")
    return model


if __name__ == "__main__":
    import os
    from keras import callbacks

    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", default=5, type=int)
    parser.add_argument("--save_dir", default="./result")
    args = parser.parse_args()
    os.makedirs(args.save_dir, exist_ok=True)
    model = models.Sequential([layers.Dense(1, input_shape=(4,))])
    train(model, (np.zeros((8, 4)), np.zeros(8)), args)
"""


def test_an_import_in_the_main_block_binds_the_name_functions_defined_above_it_use(tmp_path):
    result = _audit(tmp_path, {"train.py": KERAS_LATE_IMPORT, "README.md": "# x\n\npython train.py\n"})
    tb = next(d for d in result.ctx.detections if d.tool == "tensorboard")
    assert tb.present, tb
    # a function's own variable of that name is no module: nothing resolves through it
    shadowed = KERAS_LATE_IMPORT.replace(
        '    log = callbacks.CSVLogger(args.save_dir + "/log.csv")\n', ""
    ).replace(
        '    tb = callbacks.TensorBoard(log_dir=args.save_dir + "/tensorboard-logs")\n',
        "    callbacks = Registry()\n    tb = callbacks.TensorBoard(log_dir=args.save_dir)\n    log = tb\n",
    )
    from experiment_tracking.index.python_facts import parse_python

    names = {c.name for c in parse_python("train.py", shadowed).calls}
    assert "keras.callbacks.TensorBoard" not in names and "Registry().TensorBoard" in names


TF1_SCRIPT = """
import numpy as np
import tensorflow as tf
import matplotlib
from scipy import misc

BATCH_SIZE = 64
x = tf.placeholder(tf.float32, [BATCH_SIZE, 4])
w = tf.Variable(tf.zeros([4, 1]))
loss = tf.reduce_mean(tf.matmul(x, w))
train_op = tf.train.AdamOptimizer(1e-4).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for it in range(100):
        sess.run(train_op, feed_dict={x: np.random.rand(BATCH_SIZE, 4)})
"""


def test_a_readme_set_up_section_listing_packages_is_an_unpinned_list(tmp_path):
    readme = "# GAN\n\nCode for the paper.\n\n## Prerequisites\n\n- Python, NumPy, TensorFlow, SciPy, Matplotlib\n- A recent NVIDIA GPU\n\n## Run\n\npython gan.py\n"
    result = _audit(tmp_path / "listed", {"gan.py": TF1_SCRIPT, "README.md": readme})
    env = dimension(result, "environment_capture")
    assert env.score == 1 and "README.md:7" in " ".join(env.reasons), env.reasons
    # Python and a GPU are no list of packages; nor is a package named outside a set-up section
    bare = readme.replace("- Python, NumPy, TensorFlow, SciPy, Matplotlib\n", "- Python 3 and CUDA\n")
    bare += "\n## Results\n\nNumPy and TensorFlow made this easy.\n"
    assert (
        dimension(
            _audit(tmp_path / "bare", {"gan.py": TF1_SCRIPT, "README.md": bare}), "environment_capture"
        ).score
        == 0
    )


SOLVER = """
import flashy
import torch


class StandardSolver(flashy.BaseSolver):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        if self.cfg.logging.log_tensorboard:
            self.init_tensorboard(**self.cfg.tensorboard)
        if self.cfg.logging.log_wandb:
            self.init_wandb(**self.cfg.wandb)
        self.model = torch.nn.Linear(4, 2)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=cfg.lr)

    def run_epoch(self):
        loss = self.model(torch.randn(8, 4)).sum()
        self.optimizer.zero_grad()
        loss.backward()
        flashy.distrib.sync_model(self.model)
        self.optimizer.step()
"""

SOLVER_TRAIN = """
import flashy
import hydra
from solver import StandardSolver


@hydra.main(config_path="config", config_name="config")
def main(cfg):
    flashy.distrib.init()
    solver = StandardSolver(cfg)
    for epoch in range(cfg.epochs):
        solver.run_epoch()


if __name__ == "__main__":
    main()
"""

SOLVER_CONFIG = """
lr: 0.001
epochs: 3
logging:
  log_tensorboard: false
  log_wandb: false
tensorboard:
  with_media_logging: false
wandb:
  project: demo
"""


def test_a_tracker_set_up_inherited_from_a_library_solver_is_used_when_its_switch_is_on(tmp_path):
    files = {
        "solver.py": SOLVER,
        "train.py": SOLVER_TRAIN,
        "config/config.yaml": SOLVER_CONFIG,
        "README.md": "# x\n\npython train.py\n",
    }
    result = _audit(tmp_path, files)
    by_tool = {d.tool: d for d in result.ctx.detections}
    for tool in ("tensorboard", "wandb"):
        assert by_tool[tool].present and by_tool[tool].scope == "optional", by_tool[tool]
    # flashy.distrib: the process group and the gradients all-reduced per step
    assert by_tool["ddp"].present, by_tool.get("ddp")
    # the project's own init_wandb is read through its body, not as an inherited set-up
    own = dict(files, **{"solver.py": SOLVER + "\n    def init_wandb(self, **kw):\n        print(kw)\n"})
    again = _audit(tmp_path / "own", own)
    assert not any(d.tool == "wandb" and d.present for d in again.ctx.detections)


KERAS_FIXED_DIR = """
import argparse
import numpy as np
from keras import callbacks, layers, models

parser = argparse.ArgumentParser()
parser.add_argument("--save_dir", default="./result")
parser.add_argument("--epochs", type=int, default=5)
args = parser.parse_args()
model = models.Sequential([layers.Dense(1, input_shape=(4,))])
model.compile(optimizer="adam", loss="mse")
log = callbacks.CSVLogger(args.save_dir + "/log.csv")
tb = callbacks.TensorBoard(log_dir=args.save_dir + "/tensorboard-logs")
model.fit(np.zeros((8, 4)), np.zeros(8), epochs=args.epochs, callbacks=[log, tb])
model.save_weights(args.save_dir + "/trained_model.h5")
"""


def test_a_callback_directory_built_by_an_expression_is_named_by_its_path_and_its_own_line(tmp_path):
    result = _audit(tmp_path, {"train.py": KERAS_FIXED_DIR, "README.md": "# x\n\npython train.py\n"})
    res = dimension(result, "result_persistence")
    text = " ".join(res.reasons)
    assert "{BinOp}" not in text and "BinOp" not in str(result.ctx.records), text
    # the overwritten checkpoint in the option's folder keeps it at level 3, citing the TensorBoard line
    assert res.score == 3 and "train.py:12" in text, text  # the CSVLogger is line 11


def test_a_credential_named_by_its_kind_in_a_docs_example_is_a_placeholder(tmp_path):
    changelog = (
        "# Changelog\n\n```diff\npipeline = Pipeline.from_pretrained(\n"
        '-    "org/model-1", token="huggingface-access-token")\n'
        '+    "org/model-2", token="vendorAI-api-key")\n```\n'
    )
    result = _audit(tmp_path, {"train.py": LIB_TRAIN, "CHANGELOG.md": changelog, "README.md": "# x\n"})
    assert finding(result, "ET204").status == "PASS", finding(result, "ET204")
    # a random value in the same place is still a credential
    real = changelog.replace("vendorAI-api-key", "hf_Qz8vLm3TnR5wXyB2cK9dF4gH7jP1sA6eU0")
    again = _audit(tmp_path / "real", {"train.py": LIB_TRAIN, "CHANGELOG.md": real, "README.md": "# x\n"})
    assert finding(again, "ET204").status == "FAIL"


def test_a_python_version_the_readme_names_as_a_case_to_work_around_is_no_pin(tmp_path):
    readme = (
        "# LoRA\n## Setup\nFirst, make sure you are using python 3.8+. If you're using python 3.7, see the "
        "Troubleshooting section below.\n\n`pip install -r requirements.txt`\n\n## Troubleshooting\n"
        "### Issues with python 3.7\nOn python 3.7 install an older transformers.\n"
    )
    files = {"train.py": LIB_TRAIN, "requirements.txt": "torch\n", "README.md": readme}
    f = finding(_audit(tmp_path, files), "ET411")
    assert f.status != "PASS" and "3.8" in f.message, f.message


def _jax_script(step_line: str, tail: str, extra_import: str = "") -> str:
    """A PureJaxRL-style script: make_train(config) returns a jitted training function; ``step_line``
    runs in every update, ``tail`` is the module's entry code."""
    return (
        "\nimport jax\nimport jax.numpy as jnp\nimport optax\n" + extra_import + "\n\n"
        "def make_train(config):\n    def train(rng):\n        params = jax.random.normal(rng, (4,))\n"
        '        tx = optax.adam(config["LR"])\n        opt_state = tx.init(params)\n'
        '        for step in range(config["NUM_UPDATES"]):\n'
        "            grads = jax.grad(lambda p: jnp.tanh(p).sum())(params)\n"
        "            updates, opt_state = tx.update(grads, opt_state)\n"
        "            params = optax.apply_updates(params, updates)\n"
        + step_line
        + "        return params\n    return train\n\n\n"
        + tail
    )


JAX_PPO = _jax_script(
    '            jax.debug.print("step {s} return {r}", s=step, r=params.sum())\n',
    'if __name__ == "__main__":\n    config = {"LR": 2.5e-4, "NUM_UPDATES": 10, "SEED": 30}\n'
    '    out = jax.jit(make_train(config))(jax.random.PRNGKey(config["SEED"]))\n',
)

JAX_DQN = _jax_script(
    '            if config.get("WANDB_MODE", "disabled") == "online":\n'
    '                wandb.log({"loss": float(params.sum())})\n',
    "def main():\n"
    '    config = {"LR": 2.5e-4, "NUM_UPDATES": 10, "SEED": 0, "WANDB_MODE": "disabled", "PROJECT": ""}\n'
    '    wandb.init(project=config["PROJECT"], config=config, mode=config["WANDB_MODE"])\n'
    '    jax.jit(make_train(config))(jax.random.PRNGKey(config["SEED"]))\n\n\n'
    'if __name__ == "__main__":\n    main()\n',
    extra_import="import wandb\n",
)


def test_a_tracker_a_config_dict_turns_off_by_default_is_optional_and_records_no_typical_run(tmp_path):
    files = {f"algos/ppo_{k}.py": JAX_PPO for k in ("a", "b", "c", "d", "e")}
    files.update({"algos/dqn.py": JAX_DQN, "README.md": "# rl\n\npython algos/ppo_a.py\n"})
    result = _audit(tmp_path, files)
    wandb = next(d for d in result.ctx.detections if d.tool == "wandb")
    assert wandb.scope == "optional", wandb
    # one script of six can switch W&B on: the typical run keeps no results
    assert dimension(result, "result_persistence").score <= 1, dimension(result, "result_persistence").reasons


GRID_EXPLORER = """
from dora import Explorer


class LMExplorer(Explorer):
    def get_grid_metrics(self):
        return []
"""

GRID = """
from .explorers import LMExplorer


@LMExplorer
def explorer(launcher):
    launcher.bind_(solver="lm")
    with launcher.job_array():
        for lr in [1e-4, 3e-4]:
            launcher({"optim.lr": lr})
"""


def test_a_dora_grid_is_a_persisted_search_and_git_save_records_each_experiments_commit(tmp_path):
    files = {
        "solver.py": SOLVER,
        "train.py": SOLVER_TRAIN,
        "config/config.yaml": SOLVER_CONFIG + "dora:\n  dir: outputs\n  git_save: true\n",
        "grids/__init__.py": "",
        "grids/explorers.py": GRID_EXPLORER,
        "grids/lm_base.py": GRID,
        "README.md": "# x\n\ndora grid lm_base\n",
    }
    result = _audit(tmp_path, files)
    grid = next(d for d in result.ctx.detections if d.tool == "dora_grid")
    assert grid.present and grid.category == "hpo", grid
    assert finding(result, "ET221").status == "PASS", finding(result, "ET221")
    et420 = finding(result, "ET420")
    assert et420.status == "PASS" and any("git_save" in e.detail for e in et420.evidence), et420


BEST_WTS = """
import copy
import torch

model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
best_acc = 0.0
best_model_wts = copy.deepcopy(model.state_dict())
for epoch in range(5):
    loss = model(torch.randn(8, 4)).sum()
    opt.zero_grad(); loss.backward(); opt.step()
    acc = float(torch.rand(1))
    if acc > best_acc:
        best_acc = acc
        best_model_wts = copy.deepcopy(model.state_dict())
model.load_state_dict(best_model_wts)
torch.save(model.state_dict(), "model.pt")
"""


def test_best_weights_kept_in_memory_and_loaded_back_are_best_model_selection(tmp_path):
    result = _audit(tmp_path, {"train.py": BEST_WTS, "README.md": "# x\n\npython train.py\n"})
    f = finding(result, "ET310")
    assert f.status == "PASS" and "best model is selected" in f.message, f.message


def _nb(*cells):
    """A notebook of (kind, source) cells, without outputs."""
    import json

    return json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {},
            "cells": [
                {"cell_type": k, "metadata": {}, "source": src}
                | ({"outputs": [], "execution_count": None} if k == "code" else {})
                for k, src in cells
            ],
        }
    )


LECTURE = _nb(
    (
        "code",
        "import random\nimport torch\nimport torch.nn.functional as F\nwords = open('names.txt').read().splitlines()",
    ),
    (
        "code",
        "random.seed(42)\nrandom.shuffle(words)\nn1 = int(0.8 * len(words))\nXtr, Ytr = torch.randn(n1, 3), torch.randint(0, 27, (n1,))\nXdev, Ydev = torch.randn(10, 3), torch.randint(0, 27, (10,))",
    ),
    (
        "code",
        "W = torch.randn((3, 27), requires_grad=True)\nfor i in range(100):\n    loss = F.cross_entropy(Xtr @ W, Ytr)\n    W.grad = None\n    loss.backward()\n    W.data += -0.1 * W.grad",
    ),
    ("code", "print(F.cross_entropy(Xdev @ W, Ydev).item())"),
    (
        "markdown",
        "## loss log\n\n### original:\ntrain 2.1245\nval   2.1681\n\n### add batch norm\ntrain 2.0668\nval 2.1048\n",
    ),
)


def test_a_lecture_notebook_evaluates_on_held_out_data_and_logs_results_in_markdown(tmp_path):
    readme = "# Lectures\n\n- [YouTube video lecture](https://www.youtube.com/watch?v=x)\n- [Jupyter notebook files](lectures/part1.ipynb)\n"
    result = _audit(tmp_path, {"lectures/part1.ipynb": LECTURE, "README.md": readme})
    # a link to the notebook is no instruction to set up or run it
    assert finding(result, "ET604").status == "WARN", finding(result, "ET604")
    et302 = finding(result, "ET302")
    assert "computes its own evaluation" in et302.message, et302.message
    assert any("held-out" in e.detail for e in et302.evidence), et302.evidence
    et602 = finding(result, "ET602")
    assert et602.status == "PASS" and any("loss log" in e.detail for e in et602.evidence), et602


LIT_NAMED = """
import argparse
import torch
import pytorch_lightning as pl


class Net(pl.LightningModule):
    def __init__(self, sincnet=None, lstm=None, linear=None, task=None):
        super().__init__()
        self.save_hyperparameters("sincnet", "lstm", "linear")
        self.layer = torch.nn.Linear(4, 2)

    def training_step(self, batch, batch_idx):
        return self.layer(batch).sum()

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=1e-3)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--batch_size", type=int, default=32)
    p.add_argument("--duration", type=float, default=2.0)
    args = p.parse_args()
    loader = torch.utils.data.DataLoader(torch.randn(64, 4), batch_size=args.batch_size)
    pl.Trainer(max_epochs=1).fit(Net(), loader)
"""


def test_lightning_hyperparameters_saved_by_name_are_a_subset(tmp_path):
    result = _audit(tmp_path, {"train.py": LIT_NAMED, "README.md": "# x\n\npython train.py\n"})
    f = finding(result, "ET211")
    assert f.status != "PASS", f.message
    assert dimension(result, "parameter_logging").score <= 3, dimension(result, "parameter_logging").reasons


STATE_REGISTRY = """
class BestStateDictManager:
    def __init__(self):
        self.states = {}

    def register(self, name, source):
        self.states[name] = source.state_dict()

    def update(self, name, source):
        if name not in self.states:
            raise ValueError(f"{name} missing from registered states.")
        self.states[name] = source.state_dict()
"""


def test_a_registry_of_model_states_refusing_unknown_names_is_no_config_validation(tmp_path):
    files = {"train.py": LIB_TRAIN, "utils/best_state.py": STATE_REGISTRY, "README.md": "# x\n"}
    f = finding(_audit(tmp_path, files), "ET202")
    assert not any("best_state" in e.path for e in f.evidence), f


EXPORT = """
import torch
from tinylib import __version__


def export_model(checkpoint_path, out_file):
    pkg = torch.load(checkpoint_path, "cpu")
    torch.save({"best_state": pkg["model"], "version": __version__, "exported": True}, out_file)
"""


def test_an_export_helper_stamping_the_package_version_records_no_run_environment(tmp_path):
    files = {
        "tinylib/__init__.py": "__version__ = '1.0.0'\n",
        "tinylib/export.py": EXPORT,
        "scripts/train.py": LIB_TRAIN,
        "README.md": "# x\n\npython scripts/train.py\n",
    }
    f = finding(_audit(tmp_path, files), "ET213")
    assert f.status != "PASS", f


HF_TRAIN = """
import yaml
import transformers
from datasets import load_dataset
from transformers import AutoModelForCausalLM, AutoTokenizer

config = yaml.safe_load(open("config.yaml"))
model = AutoModelForCausalLM.from_pretrained(config["base_model"])
tokenizer = AutoTokenizer.from_pretrained(config["base_model"])
data = load_dataset(config["data"]["dataset"], revision="3f2c1a7")
trainer = transformers.Trainer(
    model=model,
    train_dataset=data["train"],
    args=transformers.TrainingArguments(
        per_device_train_batch_size=config["trainer"]["batch_size"],
        learning_rate=config["trainer"]["learning_rate"],
        output_dir=config["model_output_dir"],
        report_to="tensorboard",
    ),
)
trainer.train()
trainer.save_model(config["model_output_dir"])
"""


def test_the_hf_trainer_default_seed_is_recorded_with_its_training_arguments(tmp_path):
    files = {
        "train.py": HF_TRAIN,
        "config.yaml": "base_model: gpt2\ndata:\n  dataset: acme/chat\ntrainer:\n  batch_size: 4\n  learning_rate: 0.0002\nmodel_output_dir: out\n",
        "README.md": "# x\n\npython train.py\n",
    }
    f = finding(_audit(tmp_path, files), "ET212")
    assert f.status == "PASS", f.message


def test_a_deepspeed_config_named_in_a_trainers_arguments_file_configures_deepspeed(tmp_path):
    args = '{\n  "model_name_or_path": "gpt2",\n  "stage": "sft",\n  "deepspeed": "examples/deepspeed/ds_z3_config.json",\n  "output_dir": "out"\n}\n'
    files = {"train.py": HF_TRAIN, "train_args.json": args, "README.md": "# x\n\npython train.py\n"}
    ds = next((d for d in _audit(tmp_path, files).ctx.detections if d.tool == "deepspeed"), None)
    assert ds is not None and ds.present, ds


def test_a_library_readme_showing_its_own_package_in_a_python_block_says_how_to_run_it(tmp_path):
    readme = (
        "# tinylib\n\nSpeaker diarization toolkit.\n\n## Installation\n\n```bash\npip install tinylib\n```\n\n"
        "## Diarization\n\n```python\nfrom tinylib.pipeline import Pipeline\npipeline = Pipeline.from_pretrained('org/model')\n"
        "print(pipeline('audio.wav'))\n```\n\n## Benchmark\n\n| dataset | DER |\n|---|---|\n| AMI | 18.8 |\n"
        + "".join(f"\nLine {i} of prose about the toolkit and its models.\n" for i in range(30))
    )
    files = {
        "src/tinylib/__init__.py": "",
        "src/tinylib/pipeline.py": "class Pipeline:\n    @classmethod\n    def from_pretrained(cls, name):\n        return cls()\n",
        "scripts/train.py": LIB_TRAIN,
        "pyproject.toml": PYPROJECT,
        "README.md": readme,
    }
    doc = dimension(_audit(tmp_path, files), "documentation")
    assert doc.score >= 3 and "run commands" in " ".join(doc.reasons), doc.reasons


def test_a_standard_deviation_over_trials_in_the_readme_is_repetition(tmp_path):
    readme = (
        "# CapsNet\n\n#### Test Errors\n\nClassification test error on MNIST. Average and standard deviation results are\n"
        "reported by 3 trials.\n\n| Method | Test error |\n|---|---|\n| baseline | 0.39 (0.024) |\n"
    )
    f = finding(_audit(tmp_path, {"train.py": LIB_TRAIN, "README.md": readme}), "ET321")
    assert f.status == "PASS", f.message


VISQOL = """
import csv
import subprocess
import tempfile
from pathlib import Path


class ViSQOL:
    def score(self, ref, deg):
        tmp_dir = Path(tempfile.mkdtemp())
        input_csv = tmp_dir / "input.csv"
        results_csv = tmp_dir / "results.csv"
        with open(input_csv, "w") as f:
            csv.writer(f).writerow(["reference", "degraded"])
        subprocess.run(["visqol", "--batch_input_csv", str(input_csv), "--results_csv", str(results_csv)])
        with open(results_csv) as f:
            return [float(row["moslqo"]) for row in csv.DictReader(f)]
"""


def test_a_results_file_in_a_temporary_directory_is_a_tools_scratch_file(tmp_path):
    files = {"train.py": LIB_TRAIN, "metrics/visqol.py": VISQOL, "README.md": "# x\n"}
    result = _audit(tmp_path, files)
    assert not any(d.tool == "custom_logging" and d.present for d in result.ctx.detections)


def test_a_jax_environment_library_is_the_simulator_that_generates_the_data(tmp_path):
    ppo = JAX_PPO.replace("import optax\n", "import optax\nimport gymnax\n", 1).replace(
        "    def train(rng):\n", '    env, env_params = gymnax.make("CartPole-v1")\n\n    def train(rng):\n'
    )
    result = _audit(tmp_path, {"ppo.py": ppo, "README.md": "# rl\n\npython ppo.py\n"})
    data = dimension(result, "data_versioning")
    assert "simulator (gymnax)" in " ".join(data.reasons), data.reasons
    assert not any("train-data" in (r.get("snippet") or "") for r in result.recommendations)


def test_fixes_write_into_the_hf_trainers_output_dir_not_a_new_runs_tree(tmp_path):
    files = {
        "train.py": HF_TRAIN,
        "config.yaml": "base_model: gpt2\ndata:\n  dataset: acme/chat\ntrainer:\n  batch_size: 4\n  learning_rate: 0.0002\nmodel_output_dir: out\n",
        "README.md": "# x\n\npython train.py\n",
    }
    result = _audit(tmp_path, files)
    snippets = "\n".join(r.get("snippet") or "" for r in result.recommendations)
    assert "trainer.args.output_dir" in snippets, snippets
    assert "os.path.join('runs', time.strftime" not in snippets


def test_the_determinism_fix_for_a_pytorch_script_names_no_other_frameworks_api(tmp_path):
    torch_train = LIB_TRAIN.replace(
        "torch.manual_seed(0)\n", "torch.manual_seed(0)\ntorch.backends.cudnn.benchmark = True\n"
    )
    files = {
        "train.py": torch_train,
        "keras_demo/train.py": TF1_SCRIPT,
        "README.md": "# x\n\npython train.py\n",
    }
    f = finding(_audit(tmp_path, files), "ET403")
    assert "torch.backends.cudnn.benchmark = False" in f.recommendation, f.recommendation
    assert "TF_" not in f.recommendation and "tf.config" not in f.recommendation, f.recommendation


# Guards for the defects an independent reader of the diff found (each triggered the old build).


def test_reread_a_q_value_loss_is_no_held_out_evaluation():
    from experiment_tracking.rules.phase3_results import _HELD_OUT_NAME

    assert (
        _HELD_OUT_NAME.fullmatch("Ydev")
        and _HELD_OUT_NAME.fullmatch("x_val")
        and _HELD_OUT_NAME.fullmatch("labels_test")
    )
    for name in ("q_val", "new_val", "max_val", "interval", "retval", "eval", "latest"):
        assert not _HELD_OUT_NAME.fullmatch(name), name


def test_reread_a_tracker_mode_read_from_a_dict_rebound_later_is_unknown():
    from experiment_tracking.index.python_facts import parse_python

    src = (
        "import wandb\nimport yaml\nconfig = {'WANDB_MODE': 'disabled'}\n\n\ndef main():\n"
        "    config = yaml.safe_load(open('c.yaml'))\n    wandb.init(mode=config['WANDB_MODE'])\n"
    )
    call = next(c for c in parse_python("t.py", src).calls if c.name == "wandb.init")
    assert call.kw("mode") != "disabled"
    same = "import wandb\n\n\ndef main():\n    config = {'WANDB_MODE': 'disabled'}\n    config['WANDB_MODE'] = 'online'\n    wandb.init(mode=config['WANDB_MODE'])\n"
    call = next(c for c in parse_python("t.py", same).calls if c.name == "wandb.init")
    assert call.kw("mode") != "disabled"


def test_reread_a_readme_importing_a_library_named_like_a_project_folder_is_no_usage(tmp_path):
    readme = "# x\n\n```python\nfrom datasets import load_dataset\nds = load_dataset('glue')\n```\n"
    files = {
        "datasets/__init__.py": "",
        "datasets/coco.py": "X = 1\n",
        "train.py": LIB_TRAIN,
        "requirements.txt": "datasets\ntorch\n",
        "README.md": readme,
    }
    from experiment_tracking.rubric import _own_package_example

    assert not _own_package_example(_audit(tmp_path, files).ctx, readme)


def test_reread_a_set_up_section_naming_project_files_or_one_package_twice_is_no_package_list(tmp_path):
    files = {
        "code/model.py": "import torch\n",
        "code/utils.py": "import numpy\n",
        "train.py": "import model\nimport utils\n" + LIB_TRAIN,
        "README.md": "# x\n\n## Installation\n\nDownload the model weights and run the utils script.\n\nYou need PyTorch: `pip install torch`.\n",
    }
    assert dimension(_audit(tmp_path, files), "environment_capture").score == 0


def test_reread_best_weights_loaded_for_inference_are_no_best_model_selection(tmp_path):
    predictor = (
        "import torch\n\n\nclass Predictor:\n    def __init__(self, path):\n        self.best_model = torch.nn.Linear(4, 2)\n"
        "        self.best_model.load_state_dict(torch.load(path))\n"
    )
    result = _audit(tmp_path, {"train.py": LIB_TRAIN, "predict.py": predictor, "README.md": "# x\n"})
    assert "best model is selected" not in finding(result, "ET310").message


def test_reread_settings_under_a_notes_heading_are_no_results(tmp_path):
    nb = _nb(
        ("code", LIB_TRAIN),
        ("markdown", "## Training notes\nWe train with learning rate 0.001 and dropout 0.5 (PyTorch 1.13)."),
    )
    result = _audit(tmp_path, {"train.ipynb": nb, "README.md": "# x\n"})
    assert not any("records results" in e.detail for e in finding(result, "ET602").evidence)


def test_reread_a_weights_registry_named_for_params_is_no_config_validation(tmp_path):
    ckpt = "def load_params(params, restored):\n    for k in restored:\n        if k not in params:\n            raise KeyError(k)\n        params[k] = restored[k]\n    return params\n"
    f = finding(
        _audit(tmp_path, {"train.py": LIB_TRAIN, "utils/ckpt.py": ckpt, "README.md": "# x\n"}), "ET202"
    )
    assert not any("ckpt" in e.path for e in f.evidence), f


def test_reread_an_inherited_set_up_is_read_only_in_the_class_that_inherits_it(tmp_path):
    mixed = (
        "import flashy\nimport torch\n\n\nclass Net(torch.nn.Module):\n    pass\n\n\nclass Helper:\n"
        "    def start(self):\n        self.setup_wandb_run()\n"
    )
    result = _audit(tmp_path, {"train.py": LIB_TRAIN, "helpers.py": mixed, "README.md": "# x\n"})
    assert not any(d.tool == "wandb" and d.present for d in result.ctx.detections)


def test_reread_results_written_by_a_main_that_unpacks_data_to_a_temp_dir_are_still_a_record(tmp_path):
    main = (
        "import json\nimport os\nimport tempfile\n\n\ndef main():\n    work = tempfile.mkdtemp()\n    unpack(work)\n"
        "    score = train(work)\n    os.makedirs('out', exist_ok=True)\n    for i in range(3):\n        print(i)\n"
        "    print('done')\n    print('writing')\n    print('results')\n    print('now')\n"
        "    with open('out/results.json', 'w') as f:\n        json.dump({'score': score}, f)\n"
    )
    result = _audit(tmp_path, {"run.py": main, "README.md": "# x\n"})
    assert any(d.tool == "custom_logging" and d.present for d in result.ctx.detections)


def test_reread_the_hub_revision_snippet_keeps_the_calls_config_and_split(tmp_path):
    train = HUB_TRAIN.replace(
        'load_dataset("acme/tiny-series")', 'load_dataset("nyu-mll/glue", "mrpc", split="train")'
    )
    train = train.replace('for row in ds["train"]:', "for row in ds:")
    rec = _rec(
        _audit(tmp_path, {"train.py": train, "README.md": "# x\n\npython train.py\n"}), "data_versioning"
    )
    assert "load_dataset('nyu-mll/glue', 'mrpc', split='train', revision=" in rec["snippet"], rec["snippet"]


def test_reread_a_python_version_the_setup_asks_for_after_a_when_clause_is_a_pin(tmp_path):
    readme = "# x\n\n## Setup\nWhen setting up the environment, use Python 3.9.\n"
    f = finding(
        _audit(tmp_path, {"train.py": LIB_TRAIN, "requirements.txt": "torch\n", "README.md": readme}), "ET411"
    )
    assert "3.9" in f.message or any("3.9" in e.detail for e in f.evidence), f.message


def test_reread_a_normalising_std_beside_a_search_budget_is_no_repetition(tmp_path):
    readme = (
        "# x\n\nWe normalise with the ImageNet mean/std\n\n## Hyperparameter search\n\nTPE for 50 trials.\n"
    )
    assert finding(_audit(tmp_path, {"train.py": LIB_TRAIN, "README.md": readme}), "ET321").status != "PASS"


def test_reread_a_long_passphrase_is_no_placeholder():
    from experiment_tracking.index.secrets import _SELF_NAMED

    assert _SELF_NAMED.match("huggingface-access-token") and _SELF_NAMED.match("vendorAI-api-key")
    assert not _SELF_NAMED.match("summerholidaypassword2023")


def test_reread_a_namespace_packages_usage_block_is_run_instructions(tmp_path):
    readme = "# x\n\n```python\nfrom acme.audio import Pipeline\npipeline = Pipeline.from_pretrained('org/model')\n```\n"
    files = {
        "src/acme/audio/__init__.py": "",
        "src/acme/audio/pipeline.py": "class Pipeline:\n    pass\n",
        "README.md": readme,
    }
    from experiment_tracking.rubric import _own_package_example

    assert _own_package_example(_audit(tmp_path, files).ctx, readme)
