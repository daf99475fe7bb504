"""Families of real code found wrong in the fresh52 review round (and the known remainders of
earlier rounds), each with a synthetic case of our own."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.conftest import make_git_repo, repo_with_missing_submodule
from tests.rules.repo_helpers import write_repo


def _finding(result, rule_id):
    return next(f for f in result.findings if f.rule_id == rule_id)


SENTINEL_TRAIN = """
import argparse
import random

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--seed", type=int, default={default})
parser.add_argument("--epochs", type=int, default=3)
parser.add_argument("--gpus", type=int, default=1)
opt = parser.parse_args()

if opt.seed > 0:
    random.seed(opt.seed)
    torch.manual_seed(opt.seed)
if opt.gpus > 0:
    torch.cuda.manual_seed_all(1234)

model = torch.nn.Linear(1, 1)
sgd = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(opt.epochs):
    x = torch.randn(8, 1)
    loss = ((model(x) - 2 * x) ** 2).mean()
    sgd.zero_grad()
    loss.backward()
    sgd.step()
torch.save(model.state_dict(), "model.pt")
"""


def _sentinel_repo(tmp_path, default, readme="# toy\n\nTrain with `python train.py`.\n"):
    write_repo(tmp_path, {"train.py": SENTINEL_TRAIN.format(default=default), "README.md": readme})
    return run_audit(tmp_path)


def test_a_seed_behind_a_sentinel_comparison_its_default_fails_leaves_the_runs_unseeded(tmp_path):
    # OpenNMT-py: `--seed` defaults to -1 and `if opt.seed > 0:` seeds: a run made as shipped is unseeded.
    result = _sentinel_repo(tmp_path, "-1")
    f = _finding(result, "ET401")
    assert f.status == "REVIEW", (f.status, f.message)
    assert "`seed > 0`" in f.message and "train.py:13" in f.message
    assert "the shipped defaults leave it unset (train.py:7)" in f.question


def test_a_seed_default_or_a_command_past_the_sentinel_seeds_the_runs(tmp_path):
    assert _finding(_sentinel_repo(tmp_path / "default", "42"), "ET401").status == "PASS"
    readme = "# toy\n\n```bash\npython train.py --seed 3\n```\n"
    assert _finding(_sentinel_repo(tmp_path / "readme", "-1", readme), "ET401").status == "PASS"
    # A documented `--seed -1` passes the option, not the comparison.
    readme = "# toy\n\n```bash\npython train.py --seed -1\n```\n"
    assert _finding(_sentinel_repo(tmp_path / "minus", "-1", readme), "ET401").status == "REVIEW"


JAX_TRAIN = """
import jax
import numpy as np
from absl import app, flags
from flax.metrics import tensorboard

flags.DEFINE_string("checkpoint_dir", "/tmp/ckpt", "where checkpoints go")
FLAGS = flags.FLAGS


def main(unused_argv):
    rng = jax.random.PRNGKey(20200823)
    np.random.seed(20201473 + jax.host_id())
    writer = tensorboard.SummaryWriter(FLAGS.checkpoint_dir)
    for step in range(10):
        rng, key = jax.random.split(rng)
        writer.scalar("loss", float(jax.random.uniform(key)), step)


if __name__ == "__main__":
    app.run(main)
"""


def test_a_literal_seed_offset_by_the_process_index_is_fixed_by_the_commit(tmp_path):
    # multinerf: np.random.seed(20201473 + jax.host_id()) beside PRNGKey(20200823): no option changes it.
    write_repo(tmp_path, {"train.py": JAX_TRAIN, "README.md": "# nerf\n\n`python train.py`\n"})
    f = _finding(run_audit(tmp_path), "ET212")
    assert f.status == "PASS", f.message
    assert "constant in the code" in f.message


GIN_CONFIGS = """
import dataclasses

import gin
from absl import flags

flags.DEFINE_multi_string("gin_configs", None, "gin config files")
flags.DEFINE_multi_string("gin_bindings", None, "gin bindings")


@gin.configurable()
@dataclasses.dataclass
class Config:
    lr_init: float = 0.002
    batch_size: int = 16384
    max_steps: int = 250000


def load_config():
    gin.parse_config_files_and_bindings(flags.FLAGS.gin_configs, flags.FLAGS.gin_bindings)
    return Config()
"""

GIN_TRAIN = """
from absl import app
from flax.metrics import tensorboard

import configs


def main(unused_argv):
    config = configs.load_config()
    writer = tensorboard.SummaryWriter("/tmp/run")
    for step in range(config.max_steps):
        writer.scalar("lr", config.lr_init, step)


if __name__ == "__main__":
    app.run(main)
"""


def test_absl_flags_naming_gin_files_get_the_operative_gin_config_in_the_params_fix(tmp_path):
    # multinerf: absl flags carry only --gin_configs/--gin_bindings; the values a run used are gin's.
    write_repo(
        tmp_path,
        {"configs.py": GIN_CONFIGS, "train.py": GIN_TRAIN, "blender.gin": "Config.lr_init = 0.001\n"},
    )
    f = _finding(run_audit(tmp_path), "ET210")
    assert f.status == "FAIL"
    assert "gin.operative_config_str()" in f.recommendation and "flags_into_string()" in f.recommendation


OPENER_UTILS = """
import os


def open_file(pth, mode="r"):
    return open(pth, mode=mode)


def makedirs(pth):
    if not os.path.exists(pth):
        os.makedirs(pth)
"""

OPENER_CONFIGS = (
    GIN_CONFIGS.replace(
        "    max_steps: int = 250000\n",
        "    max_steps: int = 250000\n    checkpoint_dir: str = None\n",
    )
    .replace(
        """    return Config()
""",
        """    config = Config()
    if save_config:
        utils.makedirs(config.checkpoint_dir)
        with utils.open_file(config.checkpoint_dir + "/config.gin", "w") as f:
            f.write(gin.config_str())
    return config
""",
    )
    .replace("import gin\n", "import gin\n\nimport utils\n")
    .replace("def load_config():", "def load_config(save_config=True):")
)


def test_a_config_written_through_the_projects_own_opener_is_the_runs_config_record(tmp_path):
    # multinerf: `with utils.open_file(config.checkpoint_dir + '/config.gin', 'w') as f:
    # f.write(gin.config_str())`, where open_file returns open(pth, mode=mode).
    write_repo(
        tmp_path,
        {
            "utils.py": OPENER_UTILS,
            "configs.py": OPENER_CONFIGS,
            "train.py": GIN_TRAIN,
            "blender.gin": "Config.lr_init = 0.001\n",
        },
    )
    result = run_audit(tmp_path)
    assert any("config.gin" in p.target and p.whole for p in result.ctx.records.config), (
        result.ctx.records.config
    )
    assert _finding(result, "ET210").status == "PASS"
    # gin.config_str() is every binding the run used: the whole configuration
    assert _finding(result, "ET211").status == "PASS"


LOG_STRING_TRAIN = """
import argparse
import datetime
import logging
from pathlib import Path

import torch


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="pointnet_cls")
    parser.add_argument("--learning_rate", type=float, default=0.001)
    parser.add_argument("--epoch", type=int, default=200)
    return parser.parse_args()


def main(args):
    def log_string(str):
        logger.info(str)
        print(str)

    timestr = str(datetime.datetime.now().strftime("%Y-%m-%d_%H-%M"))
    exp_dir = Path("./log/").joinpath(timestr)
    exp_dir.mkdir(parents=True, exist_ok=True)
    logger = logging.getLogger("Model")
    logger.setLevel(logging.INFO)
    file_handler = logging.FileHandler("%s/%s.txt" % (exp_dir, args.model))
    logger.addHandler(file_handler)
    log_string("PARAMETER ...")
    log_string(args)
    model = torch.nn.Linear(3, 40)
    opt = torch.optim.Adam(model.parameters(), lr=args.learning_rate)
    for epoch in range(args.epoch):
        loss = model(torch.randn(4, 3)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        log_string("Train loss: %f" % loss.item())
    torch.save({"epoch": epoch, "model_state_dict": model.state_dict()}, str(exp_dir) + "/best_model.pth")


if __name__ == "__main__":
    main(parse_args())
"""


def test_options_handed_to_a_one_line_logging_helper_reach_the_runs_log_file(tmp_path):
    # Pointnet_Pointnet2_pytorch: `def log_string(str): logger.info(str); print(str)` then
    # `log_string(args)` with a FileHandler on the run's timestamped folder.
    write_repo(tmp_path, {"train.py": LOG_STRING_TRAIN, "README.md": "# pc\n\n`python train.py`\n"})
    result = run_audit(tmp_path)
    assert any(p.evidence.line == 30 for p in result.ctx.records.config), result.ctx.records.config
    assert _finding(result, "ET210").status == "PASS"


LOADER_WITH_SELF_TEST = """
import random

import numpy as np
import torch


class Clouds(torch.utils.data.Dataset):
    def __len__(self):
        return 64

    def __getitem__(self, i):
        return torch.randn(1024, 3), i % 13


if __name__ == "__main__":
    manual_seed = 123
    random.seed(manual_seed)
    np.random.seed(manual_seed)
    torch.manual_seed(manual_seed)
    loader = torch.utils.data.DataLoader(Clouds(), batch_size=4)
    for x, y in loader:
        print(x.shape)
"""

CLOUD_TRAIN = """
import argparse

import torch

from data_loader import Clouds

parser = argparse.ArgumentParser()
parser.add_argument("--epoch", type=int, default=3)
args = parser.parse_args()
model = torch.nn.Linear(3, 13)
opt = torch.optim.Adam(model.parameters())
for epoch in range(args.epoch):
    for x, y in torch.utils.data.DataLoader(Clouds(), batch_size=4, shuffle=True):
        loss = torch.nn.functional.cross_entropy(model(x).mean(1), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
torch.save(model.state_dict(), "best_model.pth")
"""


def test_seeds_in_the_self_test_of_a_module_training_imports_seed_no_training_run(tmp_path):
    # Pointnet_Pointnet2_pytorch: S3DISDataLoader.py seeds random/numpy/torch under its own
    # `if __name__ == '__main__':` smoke test; train_semseg.py imports the module and seeds nothing.
    write_repo(
        tmp_path,
        {"data_loader.py": LOADER_WITH_SELF_TEST, "train.py": CLOUD_TRAIN, "README.md": "# pc\n"},
    )
    result = run_audit(tmp_path)
    f = _finding(result, "ET401")
    assert f.status != "PASS", f.message
    assert f.status in ("FAIL", "WARN") and "No random seed" in f.message or "side" in f.message, f.message
    cited = [e for e in f.evidence if e.path == "data_loader.py"]
    assert cited and all("self-test" in e.detail for e in cited), f.evidence


RELEASE_WORKFLOW = """name: Release
on:
  push:
    branches:
    - master
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
    - uses: actions/checkout@v2
    - name: Set up Python
      uses: actions/setup-python@v2
      with:
        python-version: '3.8'
    - name: Install dependencies
      run: |
        python -m pip install --upgrade pip
        pip install setuptools wheel twine
    - name: Build and publish
      run: |
        python setup.py sdist bdist_wheel
        twine upload dist/*
"""


def _code_level(result):
    return next(d for d in result.scorecard.dimensions if d.name == "code_versioning")


def test_a_release_workflow_that_builds_and_uploads_is_no_ci_of_the_code(tmp_path):
    # k-diffusion: the only workflow builds an sdist and uploads it to PyPI on "Release" commits.
    files = {"train.py": CLOUD_TRAIN, "data_loader.py": LOADER_WITH_SELF_TEST, "README.md": "# x\n"}
    make_git_repo(tmp_path / "release", {**files, ".github/workflows/python-publish.yml": RELEASE_WORKFLOW})
    released = _code_level(run_audit(tmp_path / "release"))
    assert "CI runs on commits" not in " ".join(released.reasons), released.reasons
    tested = RELEASE_WORKFLOW.replace("twine upload dist/*", "twine upload dist/*\n        pytest -q")
    make_git_repo(tmp_path / "tested", {**files, ".github/workflows/python-publish.yml": tested})
    assert "CI runs on commits" in " ".join(_code_level(run_audit(tmp_path / "tested")).reasons)


ACCELERATE_TRAIN = """
import argparse
import json

import accelerate
import torch
import wandb


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--config", required=True)
    p.add_argument("--name", default="model")
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--wandb-project", default=None)
    args = p.parse_args()
    config = json.load(open(args.config))
    accelerator = accelerate.Accelerator()
    model = torch.nn.Linear(4, 4)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    use_wandb = accelerator.is_main_process and args.wandb_project
    if use_wandb:
        wandb.init(project=args.wandb_project, config=vars(args), save_code=True)
    step = 0

    def save():
        filename = f"{args.name}_{step:08}.pth"
        obj = {"config": config, "model": model.state_dict(), "opt": opt.state_dict(), "step": step}
        accelerator.save(obj, filename)

    while step < 1000:
        loss = model(torch.randn(2, 4)).pow(2).mean()
        accelerator.backward(loss)
        opt.step()
        if use_wandb:
            wandb.log({"loss": loss.item()}, step=step)
        if step % 100 == 0:
            save()
        step += 1


if __name__ == "__main__":
    main()
"""


def test_accelerator_save_of_a_dict_holding_the_config_is_a_checkpoint_that_records_it(tmp_path):
    # k-diffusion: `accelerator.save({'config': config, 'model': ..., 'opt': ...}, filename)` in save():
    # the config travels with every checkpoint, whether or not W&B is on.
    write_repo(tmp_path, {"train.py": ACCELERATE_TRAIN, "configs/small.json": '{"model": {"type": "unet"}}'})
    result = run_audit(tmp_path)
    ckpts = [p for p in result.ctx.records.checkpoints if p.evidence.line == 28]
    assert ckpts, result.ctx.records.checkpoints
    assert any(p.in_checkpoint and p.evidence.line == 28 for p in result.ctx.records.config), (
        result.ctx.records.config
    )


TF1_TRAIN = """
import argparse
import os

import tensorflow as tf

parser = argparse.ArgumentParser()
parser.add_argument("--log_dir", default="log")
parser.add_argument("--max_epoch", type=int, default=250)
FLAGS = parser.parse_args()
LOG_DIR = FLAGS.log_dir
if not os.path.exists(LOG_DIR):
    os.mkdir(LOG_DIR)
os.system("cp train.py %s" % (LOG_DIR))  # bkp of train procedure
LOG_FOUT = open(os.path.join(LOG_DIR, "log_train.txt"), "w")
LOG_FOUT.write(str(FLAGS) + "\\n")


def train():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3])
        loss = tf.reduce_mean(tf.layers.dense(x, 1))
        train_op = tf.train.AdamOptimizer(0.001).minimize(loss)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for epoch in range(FLAGS.max_epoch):
                sess.run(train_op, feed_dict={x: [[0.0, 1.0, 2.0]]})
                saver.save(sess, os.path.join(LOG_DIR, "model.ckpt"))


if __name__ == "__main__":
    train()
"""


def test_code_copied_into_the_run_dir_with_a_percent_formatted_cp_is_run_level_code_capture(tmp_path):
    # pointnet: os.system('cp train.py %s' % (LOG_DIR)) backs the training script up in each run's folder.
    make_git_repo(tmp_path, {"train.py": TF1_TRAIN, "README.md": "# pc\n\n`python train.py`\n"})
    result = run_audit(tmp_path)
    copies = [w for w in result.ctx.index.modules["train.py"].writes if w.kind == "copy"]
    assert copies and copies[0].line == 14, copies
    level = _code_level(result)
    assert level.score >= 3, level.reasons


AUTO_RESUME_TRAIN = """
import argparse
from pathlib import Path

import torch


def main(args):
    exp_dir = Path("./log/")
    classifier = torch.nn.Linear(3, 4)
    try:
        checkpoint = torch.load(str(exp_dir) + "/checkpoints/best_model.pth")
        start_epoch = checkpoint["epoch"]
        classifier.load_state_dict(checkpoint["model_state_dict"])
        print("Use pretrain model")
    except Exception:
        print("No existing model, starting training from scratch...")
        start_epoch = 0
    opt = torch.optim.Adam(classifier.parameters())
    for epoch in range(start_epoch, args.epoch):
        loss = classifier(torch.randn(2, 3)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        state = {"epoch": epoch, "model_state_dict": classifier.state_dict()}
        torch.save(state, str(exp_dir) + "/checkpoints/best_model.pth")


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--epoch", type=int, default=200)
    main(p.parse_args())
"""


def test_an_epoch_read_from_a_load_whose_line_also_calls_str_continues_training(tmp_path):
    # Pointnet_Pointnet2_pytorch: `checkpoint = torch.load(str(exp_dir) + '/checkpoints/best_model.pth')`
    # then `start_epoch = checkpoint['epoch']`: the run continues from the epoch the saved one reached.
    write_repo(tmp_path, {"train.py": AUTO_RESUME_TRAIN})
    f = _finding(run_audit(tmp_path), "ET511")
    assert f.status == "PASS", f.message
    assert any(e.line == 12 for e in f.evidence), f.evidence


RELEASE_README = """## PointNet: Deep Learning on Point Sets
This work is based on our [arXiv tech report](https://arxiv.org/abs/1612.00593).

If you find our work useful in your research, please consider citing:

    @article{qi2016pointnet,
      title={PointNet},
      author={Qi, Charles R},
      year={2016}
    }

### Selected Projects that Use PointNet
* [PointNet++](https://arxiv.org/abs/1706.02413)
* [Frustum PointNets](https://arxiv.org/abs/1711.08488)
* [VoxelNet](https://arxiv.org/abs/1711.06396)
* [Exploring Spatial Context](https://arxiv.org/abs/1802.01500)

### Usage
`python train.py`
"""


def test_a_readme_citing_its_own_paper_in_bibtex_among_links_to_later_papers_is_a_research_release(tmp_path):
    # pointnet: four arXiv links to projects built on it, and its own BibTeX entry below the first.
    make_git_repo(tmp_path, {"train.py": TF1_TRAIN, "README.md": RELEASE_README, "LICENSE": "MIT\n"})
    result = run_audit(tmp_path)
    assert not any(f.rule_id == "ET601" for f in result.findings)
    assert next(f for f in result.findings if f.rule_id == "ET613").status == "PASS"


RUN_DIR_TRAIN = LOG_STRING_TRAIN.replace(
    'exp_dir = Path("./log/").joinpath(timestr)',
    'exp_dir = Path("./log/").joinpath("classification")\n'
    "    if args.log_dir is None:\n"
    "        exp_dir = exp_dir.joinpath(timestr)\n"
    "    else:\n"
    "        exp_dir = exp_dir.joinpath(args.log_dir)",
).replace(
    'parser.add_argument("--epoch", type=int, default=200)',
    'parser.add_argument("--epoch", type=int, default=200)\n    parser.add_argument("--log_dir", default=None)',
)


def test_run_directories_the_training_code_writes_and_the_authors_committed_are_stored_runs(tmp_path):
    # Pointnet_Pointnet2_pytorch commits log/classification/<run>/<model>.txt for the runs behind its
    # README's tables: hand-written runs, cataloged like a tracker's.
    files = {
        "train.py": RUN_DIR_TRAIN,
        "log/classification/pointnet2_msg_normals/pointnet_cls.txt": "PARAMETER ...\nNamespace(epoch=200)\n",
        "log/classification/pointnet2_ssg/pointnet_cls.txt": "PARAMETER ...\nNamespace(epoch=200)\n",
        "log/other/notes.txt": "not a run\n",
    }
    make_git_repo(tmp_path, files)
    result = run_audit(tmp_path)
    runs = [r for r in result.ctx.catalog.runs if r.store == "run-dir"]
    assert [r.path for r in runs] == [
        "log/classification/pointnet2_msg_normals",
        "log/classification/pointnet2_ssg",
    ]
    assert all(r.params and r.metrics for r in runs)
    from experiment_tracking.report.markdown import experiments_cataloged

    assert experiments_cataloged(result).startswith("2 run(s) in 1 experiment(s)")
    assert "committed with the code" in experiments_cataloged(result)


YACS_DEFAULTS = """
from yacs.config import CfgNode as CN

_C = CN()
_C.OUTPUT_DIR = "output"
_C.CUDNN = CN()
_C.CUDNN.BENCHMARK = True
_C.CUDNN.DETERMINISTIC = False
_C.CUDNN.ENABLED = True
_C.TRAIN = CN()
_C.TRAIN.LR = 0.001
_C.TRAIN.END_EPOCH = 140
"""

YACS_TRAIN = """
import argparse

import torch
import torch.backends.cudnn as cudnn

from default import _C as cfg


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cfg", required=True)
    args = parser.parse_args()
    cfg.merge_from_file(args.cfg)
    cudnn.benchmark = cfg.CUDNN.BENCHMARK
    torch.backends.cudnn.deterministic = cfg.CUDNN.DETERMINISTIC
    torch.backends.cudnn.enabled = cfg.CUDNN.ENABLED
    model = torch.nn.Linear(2, 2).cuda()
    opt = torch.optim.Adam(model.parameters(), lr=cfg.TRAIN.LR)
    for epoch in range(cfg.TRAIN.END_EPOCH):
        loss = model(torch.randn(4, 2).cuda()).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    torch.save(model.state_dict(), cfg.OUTPUT_DIR + "/final_state.pth")


if __name__ == "__main__":
    main()
"""

YACS_EXPERIMENT = """CUDNN:
  BENCHMARK: true
  DETERMINISTIC: {det}
  ENABLED: true
TRAIN:
  LR: 0.001
"""


def test_cudnn_determinism_read_from_the_config_is_judged_by_what_the_configs_ship(tmp_path):
    # HRNet: `torch.backends.cudnn.deterministic = cfg.CUDNN.DETERMINISTIC` and every experiment YAML
    # sets DETERMINISTIC: false. The flag is wired, and the shipped configs leave it off.
    def audit(where, det):
        files = {
            "default.py": YACS_DEFAULTS,
            "train.py": YACS_TRAIN,
            "experiments/w32.yaml": YACS_EXPERIMENT.format(det=det),
        }
        write_repo(tmp_path / where, files)
        return _finding(run_audit(tmp_path / where), "ET403")

    off = audit("off", "false")
    assert off.status == "WARN" and "a setting" in off.message, off.message
    assert "experiments/w32.yaml:3" in off.message and "default.py" in off.message, off.message
    assert "DETERMINISTIC` true" in off.recommendation
    on = YACS_DEFAULTS.replace("_C.CUDNN.DETERMINISTIC = False", "_C.CUDNN.DETERMINISTIC = True")
    files = {
        "default.py": on,
        "train.py": YACS_TRAIN,
        "experiments/w32.yaml": YACS_EXPERIMENT.format(det="true"),
    }
    write_repo(tmp_path / "on", files)
    assert _finding(run_audit(tmp_path / "on"), "ET403").status == "PASS"


INIT_PATHS = """
import os.path as osp
import sys


def add_path(path):
    if path not in sys.path:
        sys.path.insert(0, path)


this_dir = osp.dirname(__file__)
add_path(osp.join(this_dir, "..", "lib"))
"""

CORE_FUNCTION = """
import logging
import time

logger = logging.getLogger(__name__)


def train(loader, model, optimizer, epoch):
    end = time.time()
    for i, (x, y) in enumerate(loader):
        loss = ((model(x) - y) ** 2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        batch_time = time.time() - end
        end = time.time()
        logger.info("Epoch: [{0}][{1}] Time {2:.3f}s Speed {3:.1f} samples/s".format(
            epoch, i, batch_time, x.size(0) / batch_time))
"""

TOOLS_TRAIN = """
import logging

import torch

import _init_paths
from core.function import train


def main():
    logging.basicConfig(filename="output/train.log", format="%(asctime)-15s %(message)s")
    model = torch.nn.Linear(2, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loader = [(torch.randn(4, 2), torch.randn(4, 1)) for _ in range(8)]
    for epoch in range(10):
        train(loader, model, optimizer, epoch)
    torch.save(model.state_dict(), "output/final_state.pth")


if __name__ == "__main__":
    main()
"""


def test_a_module_in_a_folder_without_init_on_a_path_the_project_adds_is_imported(tmp_path):
    # HRNet: tools/_init_paths.py puts lib/ on sys.path; `from core.function import train` is
    # lib/core/function.py (lib/core has no __init__.py), where the training loop times its batches.
    from experiment_tracking.detect.engine import project_imports

    write_repo(
        tmp_path,
        {
            "tools/_init_paths.py": INIT_PATHS,
            "tools/train.py": TOOLS_TRAIN,
            "lib/core/function.py": CORE_FUNCTION,
        },
    )
    result = run_audit(tmp_path)
    assert "lib/core/function.py" in project_imports(result.ctx.index)["tools/train.py"]
    f = _finding(result, "ET303")
    assert f.status == "PASS" and any(e.path == "lib/core/function.py" for e in f.evidence), f.message


RESULTS_README = """# Point clouds

## Classification (ModelNet10/40)
| Model | Accuracy |
|--|--|
| PointNet (Official) |  89.2|
| PointNet2 (Official) | 91.9 |
| PointNet (Pytorch without normal) |  90.6|
| PointNet2_SSG (Pytorch without normal) |  92.2|
"""


def test_a_readme_table_of_results_per_model_is_a_comparison_of_runs(tmp_path):
    # Pointnet_Pointnet2_pytorch and HRNet compare their runs in README tables of results.
    write_repo(tmp_path / "table", {"train.py": LOG_STRING_TRAIN, "README.md": RESULTS_README})
    f = _finding(run_audit(tmp_path / "table"), "ET320")
    assert f.status == "PASS" and "README.md:4" in f.message, f.message
    write_repo(tmp_path / "none", {"train.py": LOG_STRING_TRAIN, "README.md": "# Point clouds\n"})
    assert _finding(run_audit(tmp_path / "none"), "ET320").status == "WARN"


def _doc_level(result):
    return next(d for d in result.scorecard.dimensions if d.name == "documentation")


def test_a_count_after_a_metric_name_is_no_reported_result(tmp_path):
    # pointnet's sem_seg README: "To evaluate overall segmentation accuracy, we evaluate 6 models":
    # a count of models, not a measured accuracy.
    readme = "# seg\n\nTo evaluate overall segmentation accuracy, we evaluate 6 models on their test areas.\n"
    write_repo(tmp_path / "count", {"train.py": LOG_STRING_TRAIN, "README.md": readme})
    assert ", results" not in _doc_level(run_audit(tmp_path / "count")).reasons[0]
    readme = "# seg\n\nThe model reaches an overall segmentation accuracy of 78.6% on area 5.\n"
    write_repo(tmp_path / "value", {"train.py": LOG_STRING_TRAIN, "README.md": readme})
    assert ", results" in _doc_level(run_audit(tmp_path / "value")).reasons[0]


def test_a_docs_site_of_one_page_is_no_extensive_documentation(tmp_path):
    # world-models: docs/_config.yml publishes one blog post (docs/README.md): a page, not a manual.
    readme = "# World models\n\n" + "".join(
        f"Step {i}: `python train{i}.py --logdir exp_dir`\n" for i in range(40)
    )
    files = {"train.py": LOG_STRING_TRAIN, "README.md": readme, "docs/_config.yml": "theme: minima\n"}
    write_repo(tmp_path / "one", {**files, "docs/README.md": "# Blog post\n\nWe reach 860.\n"})
    assert _doc_level(run_audit(tmp_path / "one")).score < 4
    write_repo(
        tmp_path / "two",
        {
            **files,
            "docs/README.md": "# Guide\n",
            "docs/install.md": "# Install\n",
            "docs/train.md": "# Train\n",
        },
    )
    assert "docs site" in " ".join(_doc_level(run_audit(tmp_path / "two")).reasons)


LESSON = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Lesson"]},
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {},
            "outputs": [],
            "source": [
                "import torch\n",
                "model = torch.nn.Linear(2, 2)\n",
                "opt = torch.optim.SGD(model.parameters(), lr=0.1)\n",
                "for epoch in range(10):\n",
                "    loss = model(torch.randn(4, 2)).pow(2).mean()\n",
                "    opt.zero_grad()\n",
                "    loss.backward()\n",
                "    opt.step()\n",
            ],
        },
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 4,
}


def test_a_courses_notebooks_owe_no_team_process_and_the_report_says_so(tmp_path):
    # NYU-DLSP20: numbered lesson notebooks; the README calls them course material.
    import json

    from experiment_tracking.report.markdown import render_markdown

    readme = "# Deep Learning Spring 2020\n\nThis notebook repository holds all the course material.\n"
    files = {"README.md": readme, "LICENSE.md": "MIT\n"}
    files.update({f"{i:02d}-lesson.ipynb": json.dumps(LESSON) for i in range(5)})
    make_git_repo(tmp_path, files)
    result = run_audit(tmp_path)
    ids = {f.rule_id: f.status for f in result.findings}
    assert not {"ET601", "ET614", "ET501", "ET511", "ET611", "ET612"} & set(ids), ids
    assert ids.get("ET613") == "PASS"
    assert "Teaching material: `README.md:3` calls itself course material" in render_markdown(result)


LOG_WITH_ARGS = """
import argparse


def add_logging_arguments(parser: argparse.ArgumentParser):
    parser.add_argument("--logging_dir", type=str, default=None)
    parser.add_argument("--log_with", type=str, default=None, choices=["tensorboard", "wandb", "all"])
"""

LOG_WITH_TRAIN = """
import argparse

import accelerate
import torch

import train_util


def main():
    parser = argparse.ArgumentParser()
    train_util.add_logging_arguments(parser)
    args = parser.parse_args()
    accelerator = accelerate.Accelerator(log_with=args.log_with, project_dir=args.logging_dir)
    accelerator.init_trackers("network_train")
    model = torch.nn.Linear(2, 2)
    opt = torch.optim.AdamW(model.parameters())
    for step in range(100):
        loss = model(torch.randn(2, 2)).sum()
        accelerator.backward(loss)
        opt.step()
        accelerator.log({"loss": loss.item()}, step=step)


if __name__ == "__main__":
    main()
"""


def test_trackers_a_report_to_flag_offers_as_choices_are_optional_trackers(tmp_path):
    # sd-scripts: `--log_with` with choices tensorboard/wandb/all, defined on a parser handed in as a
    # parameter, picks Accelerate's trackers: TensorBoard is used when chosen, not "never called".
    write_repo(tmp_path, {"train_util.py": LOG_WITH_ARGS, "train.py": LOG_WITH_TRAIN})
    result = run_audit(tmp_path)
    tools = {d.tool: d.scope for d in result.ctx.present("tracking")}
    assert tools.get("tensorboard") == "optional" and tools.get("wandb") == "optional", tools
    assert not any(f.rule_id == "ET102" and f.status != "PASS" for f in result.findings)


def test_a_build_on_every_push_without_an_upload_still_checks_the_code(tmp_path):
    # google-research/football: build-mac.yml builds the native package on each push (python3 -m build).
    build = RELEASE_WORKFLOW.replace("        twine upload dist/*\n", "").replace(
        "python setup.py sdist bdist_wheel", "python3 -m build --no-isolation --wheel"
    )
    files = {"train.py": CLOUD_TRAIN, "data_loader.py": LOADER_WITH_SELF_TEST, "README.md": "# x\n"}
    make_git_repo(tmp_path, {**files, ".github/workflows/build.yml": build})
    assert "CI runs on commits" in " ".join(_code_level(run_audit(tmp_path)).reasons)


def test_accelerator_log_through_a_helper_built_accelerator_logs_training_metrics(tmp_path):
    # sd-scripts: `accelerator = train_util.prepare_accelerator(args)` then
    # `accelerator.log(logs, step=global_step)` every step.
    train = LOG_WITH_TRAIN.replace(
        "accelerator = accelerate.Accelerator(log_with=args.log_with, project_dir=args.logging_dir)",
        "accelerator = train_util.prepare_accelerator(args)",
    )
    helper = (
        LOG_WITH_ARGS + "\n\ndef prepare_accelerator(args):\n    import accelerate\n\n"
        "    return accelerate.Accelerator(log_with=args.log_with, project_dir=args.logging_dir)\n"
    )
    write_repo(tmp_path, {"train_util.py": helper, "train.py": train})
    f = _finding(run_audit(tmp_path), "ET301")
    assert f.status != "FAIL" and any(e.line == 21 and e.path == "train.py" for e in f.evidence), (
        f.status,
        f.evidence,
    )


CONFIG_UTIL = """
import argparse
import json
import logging

logger = logging.getLogger(__name__)


def load_user_config(path):
    with open(path) as f:
        return json.load(f)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("dataset_config")
    args = parser.parse_args()
    logging.basicConfig(filename="config_check.log")
    logger.info(f"{vars(args)}")
    with open("checked_config.json", "w") as f:
        json.dump(vars(args), f)
"""


def test_what_the_main_block_of_a_module_training_imports_writes_is_no_run_record(tmp_path):
    # sd-scripts: library/config_util.py checks a dataset config under `if __name__ == "__main__":` and
    # logs the parsed arguments; training imports the module for load_user_config only.
    train = CLOUD_TRAIN.replace(
        "from data_loader import Clouds", "from data_loader import Clouds\nimport config_util"
    )
    write_repo(
        tmp_path,
        {"config_util.py": CONFIG_UTIL, "data_loader.py": LOADER_WITH_SELF_TEST, "train.py": train},
    )
    rec = run_audit(tmp_path).ctx.records
    assert not any(p.evidence.path == "config_util.py" for p in rec.config + rec.metrics), rec.config


def test_the_step_to_data_level_one_is_a_readme_data_section_not_a_digest(tmp_path):
    # multinerf: "[P1] Improve Data versioning to level 1 ... document where the data comes from" came
    # with a snippet hashing a data directory into runs/<timestamp>/data.json.
    write_repo(tmp_path, {"train.py": JAX_TRAIN, "README.md": "# nerf\n\n`python train.py`\n"})
    result = run_audit(tmp_path)
    data = next(d for d in result.scorecard.dimensions if d.name == "data_versioning")
    assert data.score == 0
    rec = next(r for r in result.recommendations if "Data versioning to level 1" in r["title"])
    assert "## Data" in rec["snippet"] and "digest" not in rec["snippet"], rec["snippet"]


def test_a_tensorflow_version_stated_in_words_picks_the_determinism_advice(tmp_path):
    # pointnet: "The code has been tested with Python 2.7, TensorFlow 1.0.1, CUDA 8.0": TF_CUDNN_DETERMINISTIC
    # only works from TF 1.14.
    readme = "# pc\n\nThe code has been tested with Python 2.7, TensorFlow 1.0.1, CUDA 8.0 and cuDNN 5.1.\n"
    write_repo(tmp_path, {"train.py": TF1_TRAIN, "README.md": readme})
    f = _finding(run_audit(tmp_path), "ET403")
    assert "TensorFlow 1.0 has no deterministic GPU kernels" in f.recommendation, f.recommendation


def test_the_environment_record_of_a_jax_project_names_jax_devices_not_tensorflow(tmp_path):
    # multinerf trains with JAX and imports TensorFlow only for tf.data / TensorBoard.
    train = JAX_TRAIN.replace("import jax\n", "import jax\nimport tensorflow as tf\n").replace(
        "    writer = tensorboard",
        "    tf.config.experimental.set_visible_devices([], 'GPU')\n    writer = tensorboard",
    )
    write_repo(tmp_path, {"train.py": train, "README.md": "# nerf\n"})
    f = _finding(run_audit(tmp_path), "ET213")
    assert "jax.devices()" in f.recommendation and "tf.test" not in f.recommendation, f.recommendation


TIMED_EVAL = """
import time

import torch
from torch.utils.tensorboard import SummaryWriter

writer = SummaryWriter("runs/exp")
model = torch.nn.Linear(2, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(100):
    loss = model(torch.randn(4, 2)).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    writer.add_scalar("train_loss", loss.item(), step)
    start = time.time()
    with torch.no_grad():
        model(torch.randn(4096, 2))
    writer.add_scalar("test_rays_per_sec", 4096 / (time.time() - start), step)
    writer.add_scalar("eval_median_render_time", time.time() - start, step)
"""


def test_how_fast_an_evaluation_ran_is_no_evaluation_metric(tmp_path):
    # multinerf logs 'test_rays_per_sec' and 'eval_median_render_time': timings (ET303), not results (ET302).
    write_repo(tmp_path, {"train.py": TIMED_EVAL})
    result = run_audit(tmp_path)
    f = _finding(result, "ET302")
    assert not any("rays_per_sec" in e.detail or "render_time" in e.detail for e in f.evidence), f.evidence
    assert _finding(result, "ET303").status == "PASS"


DEMO_DOCKERFILE = """FROM nvidia/cuda:10.2-cudnn7-devel-ubuntu18.04
RUN git clone https://github.com/example/pose.git /pose
RUN pip install -r /pose/requirements.txt
CMD ["python", "/pose/demo/inference.py"]
"""


def test_a_demos_dockerfile_is_no_container_of_the_projects_training(tmp_path):
    # HRNet: demo/Dockerfile clones the repository at HEAD to run the inference demo; training
    # (tools/train.py) runs outside any container.
    files = {
        "tools/_init_paths.py": INIT_PATHS,
        "tools/train.py": TOOLS_TRAIN,
        "lib/core/function.py": CORE_FUNCTION,
        "demo/Dockerfile": DEMO_DOCKERFILE,
        "demo/inference.py": "import torch\nprint(torch.load('model.pth'))\n",
        "requirements.txt": "torch==1.1.0\nnumpy\nopencv-python\nyacs\njson_tricks\n",
    }
    write_repo(tmp_path, files)
    result = run_audit(tmp_path)
    f = _finding(result, "ET412")
    assert f.status == "WARN" and "Only an example's container (demo/Dockerfile)" in f.message, f.message
    env = next(d for d in result.scorecard.dimensions if d.name == "environment_capture")
    assert "demo/Dockerfile" not in " ".join(env.reasons), env.reasons


def test_accelerate_init_trackers_names_the_runs_project(tmp_path):
    # sd-scripts: accelerator.init_trackers(args.log_tracker_name or "network_train", init_kwargs=...).
    write_repo(tmp_path, {"train_util.py": LOG_WITH_ARGS, "train.py": LOG_WITH_TRAIN})
    result = run_audit(tmp_path)
    assert any("init_trackers" in e.detail for e in result.ctx.taxonomy.run_naming), (
        result.ctx.taxonomy.run_naming
    )


def test_a_model_source_file_copied_into_the_run_dir_is_code_not_config(tmp_path):
    # HRNet: shutil.copy2(os.path.join(this_dir, '../lib/models', cfg.MODEL.NAME + '.py'), final_output_dir)
    train = (
        TOOLS_TRAIN.replace(
            "    model = torch.nn.Linear(2, 1)\n",
            "    this_dir = os.path.dirname(__file__)\n"
            "    shutil.copy2(os.path.join(this_dir, '../lib/models', cfg.MODEL.NAME + '.py'), final_output_dir)\n"
            "    model = torch.nn.Linear(2, 1)\n",
        )
        .replace("import logging\n", "import logging\nimport os\nimport shutil\n\nfrom config import cfg\n")
        .replace(
            "def main():\n",
            "def main():\n    final_output_dir = os.path.join(cfg.OUTPUT_DIR, cfg.MODEL.NAME)\n",
        )
    )
    write_repo(
        tmp_path,
        {
            "tools/_init_paths.py": INIT_PATHS,
            "tools/train.py": train,
            "lib/core/function.py": CORE_FUNCTION,
            "lib/config/__init__.py": "from yacs.config import CfgNode as CN\n\ncfg = CN()\ncfg.OUTPUT_DIR = 'output'\n",
        },
    )
    rec = run_audit(tmp_path).ctx.records
    assert any("copy2" in p.evidence.detail for p in rec.code), rec.code
    assert not any("copy2" in p.evidence.detail for p in rec.config), rec.config


def test_a_run_directory_keeping_one_model_file_keeps_part_of_the_code(tmp_path):
    # HRNet copies only lib/models/<name>.py into each run's folder (code level 2, as its label has it);
    # pointnet copies the model and train.py (level 3).
    only_model = TF1_TRAIN.replace(
        'os.system("cp train.py %s" % (LOG_DIR))  # bkp of train procedure',
        'os.system("cp models/pointnet_cls.py %s" % (LOG_DIR))  # bkp of model def',
    )
    make_git_repo(tmp_path / "model", {"train.py": only_model, "models/pointnet_cls.py": "x = 1\n"})
    level = _code_level(run_audit(tmp_path / "model"))
    assert level.score == 2 and "only part of the code" in " ".join(level.reasons), level.reasons
    both = only_model.replace(
        "  # bkp of model def", '  # bkp of model def\nos.system("cp train.py %s" % (LOG_DIR))'
    )
    make_git_repo(tmp_path / "both", {"train.py": both, "models/pointnet_cls.py": "x = 1\n"})
    assert _code_level(run_audit(tmp_path / "both")).score == 3


def test_the_clock_read_to_seed_data_workers_is_no_timing(tmp_path):
    # Pointnet_Pointnet2_pytorch: worker_init_fn=lambda x: np.random.seed(x + int(time.time())) is the
    # only time.time() in train_semseg.py; nothing measures a duration.
    train = LOG_STRING_TRAIN.replace(
        "import torch\n", "import numpy as np\nimport time\nimport torch\n", 1
    ).replace(
        "    model = torch.nn.Linear(3, 40)\n",
        "    loader = torch.utils.data.DataLoader(list(range(8)), num_workers=2,\n"
        "                                         worker_init_fn=lambda x: np.random.seed(x + int(time.time())))\n"
        "    model = torch.nn.Linear(3, 40)\n",
    )
    write_repo(tmp_path, {"train.py": train})
    f = _finding(run_audit(tmp_path), "ET303")
    assert not any("measures time" in e.detail for e in f.evidence), (f.status, f.evidence)


def test_seeds_in_one_of_three_training_stages_leave_the_other_stages_unseeded(tmp_path):
    # world-models: trainvae.py seeds torch; trainmdrnn.py and traincontroller.py seed nothing.
    seeded = CLOUD_TRAIN.replace("import torch\n", "import torch\n\ntorch.manual_seed(123)\n", 1)
    files = {
        "data_loader.py": LOADER_WITH_SELF_TEST.split("if __name__")[0],
        "trainvae.py": seeded,
        "trainmdrnn.py": CLOUD_TRAIN,
        "traincontroller.py": CLOUD_TRAIN,
    }
    write_repo(tmp_path, files)
    f = _finding(run_audit(tmp_path), "ET401")
    assert f.status == "FAIL" and "only 1 of 3 training scripts" in f.message, f.message


def test_gin_files_count_among_the_config_documents_scanned(tmp_path):
    # multinerf's 13 gin configs were reported as "0 config documents".
    from experiment_tracking.report.markdown import render_markdown

    write_repo(
        tmp_path,
        {"configs.py": GIN_CONFIGS, "train.py": GIN_TRAIN, "configs/a.gin": "Config.lr_init = 0.1\n"},
    )
    assert ", 1 config documents)" in render_markdown(run_audit(tmp_path))


def test_the_main_block_the_readme_runs_is_a_command_not_a_self_test(tmp_path):
    # pesser/pytorch_diffusion: the README runs `python pytorch_diffusion/diffusion.py cifar10`, whose
    # __main__ block samples images into results/<name>/ (the package imports the module too).
    module = """
import torch


class Diffusion:
    def denoise(self, n):
        return torch.randn(n, 3, 8, 8)

    def save(self, x, pattern):
        for i, img in enumerate(x):
            torch.save(img, pattern.format(i))


if __name__ == "__main__":
    import sys

    import torchvision

    name = sys.argv[1] if len(sys.argv) > 1 else "cifar10"
    diffusion = Diffusion()
    x = diffusion.denoise(4)
    torchvision.utils.save_image(x, "results/" + name + "/samples.png")
"""
    files = {
        "pkg/__init__.py": "from pkg.diffusion import Diffusion\n",
        "pkg/diffusion.py": module,
        "train.py": CLOUD_TRAIN,
        "data_loader.py": LOADER_WITH_SELF_TEST,
    }
    readme = "# diffusion\n\n```\npython pkg/diffusion.py cifar10\n```\n"
    write_repo(tmp_path / "run", {**files, "README.md": readme})
    rec = run_audit(tmp_path / "run").ctx.records
    written = rec.artifacts + rec.checkpoints + rec.metrics + rec.optional
    assert any(p.evidence.path == "pkg/diffusion.py" for p in written), written
    write_repo(tmp_path / "quiet", {**files, "README.md": "# diffusion\n"})
    rec = run_audit(tmp_path / "quiet").ctx.records
    written = rec.artifacts + rec.checkpoints + rec.metrics + rec.optional
    assert not any(p.evidence.path == "pkg/diffusion.py" for p in written), written


CKPT_HANDLER = """
from pytorch_lightning.callbacks import ModelCheckpoint


class CheckpointHandler(ModelCheckpoint):
    def __init__(self, cfg):
        super().__init__(dirpath=cfg.dirpath, save_top_k=1, monitor="wer", verbose=True)
"""

PL_TRAIN = """
import pytorch_lightning as pl
import torch

from checkpoint import CheckpointHandler


class Model(pl.LightningModule):
    def __init__(self):
        super().__init__()
        self.layer = torch.nn.Linear(2, 2)

    def training_step(self, batch, i):
        return self.layer(batch).sum()

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters())


def train(cfg):
    checkpoint_callback = CheckpointHandler(cfg=cfg.checkpointing)
    trainer = pl.Trainer(max_epochs=10, callbacks=[checkpoint_callback])
    trainer.fit(Model(), torch.utils.data.DataLoader(torch.randn(8, 2)))


if __name__ == "__main__":
    import types

    train(types.SimpleNamespace(checkpointing=types.SimpleNamespace(dirpath="models/")))
"""


def test_a_projects_subclass_of_a_framework_checkpoint_callback_saves_checkpoints(tmp_path):
    # deepspeech.pytorch: class CheckpointHandler(ModelCheckpoint) with save_top_k=1, monitor="wer".
    write_repo(tmp_path, {"checkpoint.py": CKPT_HANDLER, "train.py": PL_TRAIN})
    result = run_audit(tmp_path)
    assert any("ModelCheckpoint" in p.evidence.detail for p in result.ctx.records.checkpoints), (
        result.ctx.records.checkpoints
    )
    assert _finding(result, "ET310").status != "FAIL"


TEE_TRAIN_SH = """#!/bin/sh
PYTHON=python
dataset=$1
exp_name=$2
exp_dir=exp/${dataset}/${exp_name}
model_dir=${exp_dir}/model
now=$(date +"%Y%m%d_%H%M%S")
mkdir -p ${model_dir}
cp tool/train.sh tool/train.py ${exp_dir}
$PYTHON -u ${exp_dir}/train.py \\
  --config=config/${dataset}.yaml \\
  2>&1 | tee ${model_dir}/train-$now.log
"""

TEE_TRAIN_PY = """
import argparse
import logging

import torch


def get_logger():
    logger = logging.getLogger("main-logger")
    logger.setLevel(logging.INFO)
    logger.addHandler(logging.StreamHandler())
    return logger


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--base_lr", type=float, default=0.01)
    args = parser.parse_args()
    logger = get_logger()
    logger.info(args)
    model = torch.nn.Linear(2, 2)
    opt = torch.optim.SGD(model.parameters(), lr=args.base_lr)
    for epoch in range(10):
        loss = model(torch.randn(4, 2)).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        logger.info("Epoch {} loss {:.4f}".format(epoch, loss.item()))
    torch.save(model.state_dict(), "model.pth")


if __name__ == "__main__":
    main()
"""


def test_a_launch_script_that_tees_the_console_into_a_dated_file_keeps_the_logged_options_and_metrics(
    tmp_path,
):
    # semseg: tool/train.sh runs `$PYTHON -u ${exp_dir}/train.py ... 2>&1 | tee ${model_dir}/train-$now.log`,
    # and train.py logs `args` and each epoch's loss to the console.
    write_repo(tmp_path, {"tool/train.sh": TEE_TRAIN_SH, "tool/train.py": TEE_TRAIN_PY})
    result = run_audit(tmp_path)
    rec = result.ctx.records
    assert any(p.target == "${model_dir}/train-$now.log" and p.whole for p in rec.config), rec.config
    assert any(p.evidence.path == "tool/train.sh" and p.keeping == "time" for p in rec.metrics), rec.metrics
    assert _finding(result, "ET210").status == "PASS"
    # options as a line of the run's log: level 4, not the config file of level 5
    param = next(d for d in result.scorecard.dimensions if d.name == "parameter_logging")
    assert param.score == 4 and "as a line of its log" in param.reasons[0], param.reasons


RLPYT_MAIN = """
import argparse

import torch
from rlpyt.runners.minibatch_rl import MinibatchRlEval
from rlpyt.utils.logging.context import logger_context

from agent import DreamerAgent


def build_and_train(log_dir, game="pong", run_ID=0, cuda_idx=None):
    agent = DreamerAgent(model=torch.nn.Linear(4, 4))
    runner = MinibatchRlEval(agent=agent, n_steps=5e6, log_interval_steps=1e3)
    with logger_context(log_dir, run_ID, "dreamer_" + game, {}, use_summary_writer=True):
        runner.train()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--game", default="pong")
    parser.add_argument("--run-ID", type=int, default=0)
    args = parser.parse_args()
    build_and_train("data", game=args.game, run_ID=args.run_ID)
"""

RLPYT_AGENT = """
import torch


class DreamerAgent:
    def __init__(self, model):
        self.model = model
        self.optim = torch.optim.Adam(model.parameters())

    def train_step(self, batch):
        loss = self.model(batch).sum()
        self.optim.zero_grad()
        loss.backward()
        self.optim.step()
"""


def test_absences_in_training_that_runs_through_an_unread_submodule_are_questions(tmp_path):
    # dreamer-pytorch: main.py trains through rlpyt's runner and logger_context, kept in a git submodule
    # that is not checked out; rlpyt writes progress.csv, params.pkl and seeds the run.
    files = {
        "main.py": RLPYT_MAIN,
        "agent.py": RLPYT_AGENT,
    }
    # the submodule's gitlink, as a clone without --recursive has it: pinned in the index, folder empty
    repo_with_missing_submodule(tmp_path, files, "rlpyt")
    result = run_audit(tmp_path)
    for rule_id in ("ET301", "ET310"):
        f = _finding(result, rule_id)
        assert f.status == "REVIEW" and "rlpyt" in f.question and "main.py:5" in f.question, (rule_id, f)
    results = next(d for d in result.scorecard.dimensions if d.name == "result_persistence")
    assert "rlpyt" in results.review and results.review_points >= 1


def test_a_flag_named_update_is_no_clock_and_a_header_row_is_no_config(tmp_path):
    # maml: results written to {logdir}/{exp_string}/test_ubs{FLAGS.update_batch_size}_stepsize{FLAGS.update_lr}.csv
    # ("update" holds "date": no timestamp), starting with writer.writerow(['update' + str(i) for i in ...]).
    from experiment_tracking.index.writes import origin_of

    assert origin_of("FLAGS.update_lr") != "time" and origin_of("args.num_timesteps") != "time"
    assert origin_of("time_str") == "time" and origin_of("datetime.now().strftime") == "time"
    train = TF1_TRAIN.replace(
        'LOG_FOUT.write(str(FLAGS) + "\\n")\n',
        'with open(LOG_DIR + "/test_ubs" + str(FLAGS.max_epoch) + ".csv", "w") as f:\n'
        '    writer = csv.writer(f, delimiter=",")\n'
        '    writer.writerow(["update" + str(i) for i in range(FLAGS.max_epoch)])\n',
    ).replace("import os\n", "import csv\nimport os\n")
    write_repo(tmp_path, {"train.py": train})
    rec = run_audit(tmp_path).ctx.records
    assert not any(p.target.endswith(".csv") for p in rec.config), rec.config
    assert any(p.target.endswith(".csv") for p in rec.metrics), rec.metrics


CSV_LOGGER_UTILS = """
import csv


class Logger(object):
    def __init__(self, path, header):
        self.log_file = path.open("w")
        self.logger = csv.writer(self.log_file, delimiter="\\t")
        self.logger.writerow(header)
        self.header = header

    def log(self, values):
        self.logger.writerow([values[col] for col in self.header])
        self.log_file.flush()
"""

CSV_LOGGER_MAIN = """
import argparse
import json
from pathlib import Path

import torch

from utils import Logger

parser = argparse.ArgumentParser()
parser.add_argument("--result_path", default="results", type=Path)
parser.add_argument("--n_epochs", default=200, type=int)
opt = parser.parse_args()
with (opt.result_path / "opts.json").open("w") as f:
    json.dump(vars(opt), f, default=str)
train_logger = Logger(opt.result_path / "train.log", ["epoch", "loss", "acc", "lr"])
model = torch.nn.Linear(2, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(opt.n_epochs):
    loss = model(torch.randn(4, 2)).pow(2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    train_logger.log({"epoch": epoch, "loss": loss.item(), "acc": 0.0, "lr": 0.1})
    torch.save({"epoch": epoch, "state_dict": model.state_dict()}, opt.result_path / "save_{}.pth".format(epoch))
"""


def test_a_csv_logger_class_opening_its_path_with_path_open_writes_the_runs_metrics(tmp_path):
    # 3D-ResNets-PyTorch: `self.log_file = path.open('w')` in utils.Logger, built with
    # `Logger(opt.result_path / 'train.log', [...])` and logged every epoch. The folder is one the user
    # names (default `results`): per run only when each run is given its own, which is asked.
    write_repo(tmp_path, {"utils.py": CSV_LOGGER_UTILS, "main.py": CSV_LOGGER_MAIN})
    result = run_audit(tmp_path)
    assert any(p.target.endswith("/train.log") for p in result.ctx.records.metrics), (
        result.ctx.records.metrics
    )
    results = next(d for d in result.scorecard.dimensions if d.name == "result_persistence")
    assert results.score == 4 and results.review, (results.score, results.reasons)


MERGE_CONFIG = """
import numpy as np
import yaml
from easydict import EasyDict as edict

__C = edict()
cfg = __C
__C.TRAIN = edict()
__C.TRAIN.LEARNING_RATE = 0.001


def _merge_a_into_b(a, b):
    for k, v in a.items():
        if k not in b:
            raise KeyError("{} is not a valid config key".format(k))
        if type(b[k]) is not type(v):
            raise ValueError("Type mismatch for config key: {}".format(k))
        b[k] = v


def cfg_from_file(filename):
    with open(filename, "r") as f:
        yaml_cfg = edict(yaml.safe_load(f))
    _merge_a_into_b(yaml_cfg, __C)
"""


def test_a_config_merge_that_refuses_unknown_keys_validates_the_configuration(tmp_path):
    # faster-rcnn.pytorch (py-faster-rcnn's config.py): _merge_a_into_b raises KeyError on an unknown key
    # and ValueError on a type mismatch against the typed defaults.
    train = CLOUD_TRAIN.replace(
        "import torch\n", "import torch\n\nfrom config import cfg, cfg_from_file\n", 1
    ).replace(
        "args = parser.parse_args()\n", "args = parser.parse_args()\ncfg_from_file('cfgs/res101.yml')\n"
    )
    write_repo(
        tmp_path,
        {
            "config.py": MERGE_CONFIG,
            "train.py": train,
            "data_loader.py": LOADER_WITH_SELF_TEST,
            "cfgs/res101.yml": "TRAIN:\n  LEARNING_RATE: 0.01\n",
        },
    )
    f = _finding(run_audit(tmp_path), "ET202")
    assert f.status == "PASS" and any("refuses keys" in e.detail for e in f.evidence), f.message


TRAINER_CONF = """
from dataclasses import dataclass
from typing import Any


@dataclass
class TrainerConf:
    _target_: str = "pytorch_lightning.trainer.Trainer"
    logger: Any = True
    max_epochs: int = 1000
"""


def test_lightnings_default_logger_is_tensorboard_however_the_trainer_is_built(tmp_path):
    # deepspeech.pytorch: Hydra instantiates `_target_: pytorch_lightning.trainer.Trainer` with logger=True;
    # a plain pl.Trainer(...) without logger= logs the same way (lightning_logs/version_N event files).
    write_repo(
        tmp_path / "conf",
        {
            "conf.py": TRAINER_CONF,
            "train.py": "import conf  # noqa: F401\n"
            + PL_TRAIN.replace("from checkpoint import CheckpointHandler\n", "")
            .replace("    checkpoint_callback = CheckpointHandler(cfg=cfg.checkpointing)\n", "")
            .replace("callbacks=[checkpoint_callback]", "logger=False"),
        },
    )
    tools = {d.tool for d in run_audit(tmp_path / "conf").ctx.present("tracking")}
    assert "tensorboard" in tools, tools
    write_repo(tmp_path / "plain", {"checkpoint.py": CKPT_HANDLER, "train.py": PL_TRAIN})
    tools = {d.tool for d in run_audit(tmp_path / "plain").ctx.present("tracking")}
    assert "tensorboard" in tools, tools
    off = PL_TRAIN.replace("callbacks=[checkpoint_callback]", "callbacks=[checkpoint_callback], logger=False")
    write_repo(tmp_path / "off", {"checkpoint.py": CKPT_HANDLER, "train.py": off})
    assert "tensorboard" not in {d.tool for d in run_audit(tmp_path / "off").ctx.present("tracking")}


def test_tf_platform_flags_declare_their_types(tmp_path):
    # maml: `from tensorflow.python.platform import flags` then flags.DEFINE_integer / DEFINE_float.
    train = """
from tensorflow.python.platform import flags
import tensorflow as tf

FLAGS = flags.FLAGS
flags.DEFINE_string("datasource", "sinusoid", "sinusoid or omniglot")
flags.DEFINE_integer("metatrain_iterations", 15000, "number of metatraining iterations")
flags.DEFINE_float("meta_lr", 0.001, "the base learning rate")


def main():
    x = tf.placeholder(tf.float32, [None, 1])
    loss = tf.reduce_mean(tf.layers.dense(x, 1))
    op = tf.train.AdamOptimizer(FLAGS.meta_lr).minimize(loss)
    with tf.Session() as sess:
        for itr in range(FLAGS.metatrain_iterations):
            sess.run(op, {x: [[1.0]]})


if __name__ == "__main__":
    main()
"""
    write_repo(tmp_path, {"main.py": train})
    f = _finding(run_audit(tmp_path), "ET202")
    assert "without declared types" not in f.message, f.message


def test_a_framework_version_in_brackets_after_a_linked_name_is_prose_environment(tmp_path):
    # 3D-ResNets-PyTorch: "* [PyTorch](http://pytorch.org/) (ver. 0.4+ required)" under ## Requirements.
    readme = "# 3D ResNets\n\n## Requirements\n\n* [PyTorch](http://pytorch.org/) (ver. 0.4+ required)\n"
    write_repo(tmp_path, {"utils.py": CSV_LOGGER_UTILS, "main.py": CSV_LOGGER_MAIN, "README.md": readme})
    env = next(d for d in run_audit(tmp_path).scorecard.dimensions if d.name == "environment_capture")
    assert env.score == 1 and "README.md:5" in env.reasons[0], env.reasons


def test_fixes_write_into_the_directory_the_project_already_keeps_runs_in(tmp_path):
    # world-models saves checkpoints under --logdir; deepspeech.pytorch runs under @hydra.main: the
    # commit and options records go there, not into a new runs/<timestamp> tree.
    from experiment_tracking.records import run_dir_expr

    logdir_train = CLOUD_TRAIN.replace(
        'parser.add_argument("--epoch", type=int, default=3)',
        'parser.add_argument("--epoch", type=int, default=3)\nparser.add_argument("--logdir", default="exp_dir")',
    ).replace(
        'torch.save(model.state_dict(), "best_model.pth")',
        'torch.save(model.state_dict(), args.logdir + "/vae/best.tar")',
    )
    write_repo(tmp_path / "logdir", {"train.py": logdir_train, "data_loader.py": LOADER_WITH_SELF_TEST})
    assert run_dir_expr(run_audit(tmp_path / "logdir").ctx) == "args.logdir"
    hydra_train = """
import hydra
import torch


@hydra.main(config_path="configs", config_name="train")
def main(cfg):
    model = torch.nn.Linear(2, 2)
    opt = torch.optim.SGD(model.parameters(), lr=cfg.lr)
    for step in range(cfg.steps):
        loss = model(torch.randn(4, 2)).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()


if __name__ == "__main__":
    main()
"""
    write_repo(tmp_path / "hydra", {"train.py": hydra_train, "configs/train.yaml": "lr: 0.1\nsteps: 10\n"})
    result = run_audit(tmp_path / "hydra")
    assert run_dir_expr(result.ctx) == "HydraConfig.get().runtime.output_dir"
    snippets = " ".join(r["snippet"] for r in result.recommendations)
    assert "runs/" not in snippets.replace("outputs/", ""), snippets


def test_the_python_a_project_is_written_in_is_a_stated_version(tmp_path):
    # few-shot: "This project is written in python 3.6 and Pytorch and assumes you have a GPU."
    readme = "# Few-shot\n\nThis project is written in python 3.6 and Pytorch and assumes you have a GPU.\n"
    write_repo(
        tmp_path, {"train.py": CLOUD_TRAIN, "data_loader.py": LOADER_WITH_SELF_TEST, "README.md": readme}
    )
    f = _finding(run_audit(tmp_path), "ET411")
    assert f.status == "PASS" and "README.md:3" in f.message, f.message


def test_a_distributed_launcher_over_code_that_joins_no_process_group_is_no_ddp(tmp_path):
    # pix2pixHD: train_512p_fp16.sh runs `python -m torch.distributed.launch train.py`, while the code only
    # wraps the model in nn.DataParallel.
    sh = "python -m torch.distributed.launch --nproc_per_node=4 train.py --epoch 3\n"
    write_repo(
        tmp_path / "dp",
        {"train.py": CLOUD_TRAIN, "data_loader.py": LOADER_WITH_SELF_TEST, "scripts/train.sh": sh},
    )
    assert "ddp" not in {d.tool for d in run_audit(tmp_path / "dp").ctx.present("distributed")}
    ddp = CLOUD_TRAIN.replace(
        "model = torch.nn.Linear(3, 13)\n",
        "torch.distributed.init_process_group('nccl')\nmodel = torch.nn.parallel.DistributedDataParallel(torch.nn.Linear(3, 13))\n",
    )
    write_repo(
        tmp_path / "ddp", {"train.py": ddp, "data_loader.py": LOADER_WITH_SELF_TEST, "scripts/train.sh": sh}
    )
    assert "ddp" in {d.tool for d in run_audit(tmp_path / "ddp").ctx.present("distributed")}


def test_the_container_fix_uses_the_framework_version_the_setup_names(tmp_path):
    # pytorch-deeplab-xception / 3D-ResNets: no requirements file, the README names PyTorch 0.4.1: the
    # Dockerfile snippet starts from that release line, not from a 2024 image.
    readme = "# DeepLab\n\nThe code was tested with Anaconda and Python 3.6. Install pytorch 0.4.1 first.\n"
    write_repo(
        tmp_path, {"train.py": CLOUD_TRAIN, "data_loader.py": LOADER_WITH_SELF_TEST, "README.md": readme}
    )
    f = _finding(run_audit(tmp_path), "ET412")
    assert "pytorch/pytorch:0.4.1" in f.recommendation and "2.3.1" not in f.recommendation, f.recommendation
    # the project has no requirements file: the snippet says it must be written first
    assert "does not exist yet" in f.recommendation, f.recommendation
    # a release line without its patch ("requires PyTorch 1.7"): that line's image, its patch left open
    readme = "# Seg\n\nThe code requires PyTorch 1.7 and Python 3.6.\n"
    files = {"train.py": CLOUD_TRAIN, "data_loader.py": LOADER_WITH_SELF_TEST, "README.md": readme}
    write_repo(tmp_path / "minor", files)
    f = _finding(run_audit(tmp_path / "minor"), "ET412")
    assert "pytorch/pytorch:1.7" in f.recommendation and "2.3.1" not in f.recommendation, f.recommendation
