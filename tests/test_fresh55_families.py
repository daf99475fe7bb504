"""Families of real code found wrong in the fresh55 review round (and the known remainders of
earlier rounds), each with a synthetic case of our own."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo


def _finding(result, rule_id):
    return next(f for f in result.findings if f.rule_id == rule_id)


def _dimension(result, name):
    return next(d for d in result.scorecard.dimensions if d.name == name)


OPTIONS = """
import argparse
import os


class Options:
    def __init__(self):
        self.parser = argparse.ArgumentParser()
        self.parser.add_argument("--name", default="experiment")
        self.parser.add_argument("--checkpoints_dir", default="./checkpoints")
        self.parser.add_argument("--lr", type=float, default=0.0002)
        self.parser.add_argument("--continue_train", action="store_true")

    def parse(self, save=True):
        self.opt = self.parser.parse_args()
        args = vars(self.opt)
        expr_dir = os.path.join(self.opt.checkpoints_dir, self.opt.name)
        os.makedirs(expr_dir, exist_ok=True)
        if save and not self.opt.continue_train:
            with open(os.path.join(expr_dir, "opt.txt"), "wt") as opt_file:
                for k, v in sorted(args.items()):
                    opt_file.write("%s: %s\\n" % (str(k), str(v)))
        return self.opt
"""

TRAIN = """
import os

import numpy as np
import torch

from options import Options

opt = Options().parse()
iter_path = os.path.join(opt.checkpoints_dir, opt.name, "iter.txt")
start_epoch = 1
if opt.continue_train:
    start_epoch, epoch_iter = np.loadtxt(iter_path, delimiter=",", dtype=int)
model = torch.nn.Linear(1, 1)
sgd = torch.optim.SGD(model.parameters(), lr=opt.lr)
log = open(os.path.join(opt.checkpoints_dir, opt.name, "loss_log.txt"), "a")
for epoch in range(start_epoch, 10):
    for epoch_iter in range(100):
        x = torch.randn(8, 1)
        loss = ((model(x) - 2 * x) ** 2).mean()
        sgd.zero_grad()
        loss.backward()
        sgd.step()
        log.write("epoch %d iter %d loss %.4f\\n" % (epoch, epoch_iter, loss.item()))
        np.savetxt(iter_path, (epoch, epoch_iter), delimiter=",", fmt="%d")
    torch.save(model.state_dict(), os.path.join(opt.checkpoints_dir, opt.name, "%d_net.pth" % epoch))
    np.savetxt(iter_path, (epoch + 1, 0), delimiter=",", fmt="%d")
"""


def test_options_written_unless_resuming_are_every_fresh_runs_record(tmp_path):
    # pix2pixHD: `if save and not self.opt.continue_train:` writes opt.txt; `save` defaults to True and
    # --continue_train is off unless given, so every fresh run records its options.
    write_repo(
        tmp_path, {"options.py": OPTIONS, "train.py": TRAIN, "README.md": "# gan\n\n`python train.py`\n"}
    )
    result = run_audit(tmp_path)
    whole = [p for p in result.ctx.records.config if p.whole]
    assert [p.evidence.where() for p in whole] == ["options.py:21"], result.ctx.records.config
    assert not any(p.evidence.path == "options.py" for p in result.ctx.records.optional)
    assert _finding(result, "ET211").status == "PASS"
    assert _dimension(result, "parameter_logging").score >= 4


def test_a_negated_flag_that_is_on_by_default_stays_a_switch(tmp_path):
    # `if not opt.no_log` with --no_log off by default runs; `if opt.log_options` does not
    opts = OPTIONS.replace("save and not self.opt.continue_train", "self.opt.log_options").replace(
        '"--continue_train", action="store_true"', '"--log_options", action="store_true"'
    )
    write_repo(tmp_path, {"options.py": opts, "train.py": TRAIN.replace("opt.continue_train", "False")})
    result = run_audit(tmp_path)
    assert any(p.evidence.path == "options.py" and p.whole for p in result.ctx.records.optional)


def test_loop_counters_saved_for_resuming_are_not_the_options(tmp_path):
    # np.savetxt(iter_path, (epoch, epoch_iter)): where the loop stands, not a subset of the parameters
    write_repo(tmp_path, {"options.py": OPTIONS, "train.py": TRAIN, "README.md": "# gan\n"})
    result = run_audit(tmp_path)
    assert not any(p.evidence.path == "train.py" for p in result.ctx.records.config), (
        result.ctx.records.config
    )
    f = _finding(result, "ET210")
    assert "train.py" not in " ".join(e.where() for e in f.evidence), f.evidence


MAML_TRAIN = """
import argparse
import json
import os
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--output-folder", type=str, default={default})
parser.add_argument("--lr", type=float, default=0.1)
args = parser.parse_args()
if args.output_folder is not None:
    folder = os.path.join(args.output_folder, time.strftime("%Y-%m-%d_%H%M%S"))
    os.makedirs(folder)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(vars(args), f, indent=2)
    args.model_path = os.path.join(folder, "model.th")
model = torch.nn.Linear(1, 1)
sgd = torch.optim.SGD(model.parameters(), lr=args.lr)
for step in range(10):
    x = torch.randn(8, 1)
    loss = ((model(x) - 2 * x) ** 2).mean()
    sgd.zero_grad()
    loss.backward()
    sgd.step()
    print(step, loss.item())
    if args.output_folder is not None:
        with open(args.model_path, "wb") as f:
            torch.save(model.state_dict(), f)
"""


def test_writes_behind_an_output_folder_given_only_by_the_user_are_optional(tmp_path):
    # pytorch-maml: `if args.output_folder is not None:` with a None default: nothing is kept unless a
    # run passes the folder
    write_repo(tmp_path, {"train.py": MAML_TRAIN.format(default="None"), "README.md": "# maml\n"})
    result = run_audit(tmp_path)
    assert not result.ctx.records.config
    assert any(p.whole for p in result.ctx.records.optional), result.ctx.records.optional


def test_a_checkpoint_kept_in_a_timestamped_folder_per_run_is_not_one_overwritten_artefact(tmp_path):
    write_repo(tmp_path, {"train.py": MAML_TRAIN.format(default='"results"'), "README.md": "# maml\n"})
    result = run_audit(tmp_path)
    assert [p.evidence.where() for p in result.ctx.records.config] == ["train.py:16"]
    d = _dimension(result, "result_persistence")
    assert d.score == 2, d.reasons
    assert "timestamped per run" in d.reasons[0]


SPADE_OPTIONS = (
    OPTIONS.replace("def parse(self, save=True):", "def parse(self, save=False):")
    .replace(
        "if save and not self.opt.continue_train:",
        "self.opt.isTrain = self.isTrain\n        if self.opt.isTrain:",
    )
    .replace(
        "self.parser = argparse.ArgumentParser()",
        "self.isTrain = True\n        self.parser = argparse.ArgumentParser()",
    )
)


def test_options_written_in_training_mode_are_every_training_runs_record(tmp_path):
    # SPADE: `if opt.isTrain: self.save_options(opt)`: the training mode is on in every training run
    write_repo(tmp_path, {"options.py": SPADE_OPTIONS, "train.py": TRAIN, "README.md": "# gan\n"})
    result = run_audit(tmp_path)
    assert any(p.whole and p.evidence.path == "options.py" for p in result.ctx.records.config), (
        result.ctx.records.optional
    )


BEST_FLAG_TRAIN = """
import torch

model = torch.nn.Linear(1, 1)
sgd = torch.optim.SGD(model.parameters(), lr=0.1)
best_so_far = float("inf")
for epoch in range(10):
    x = torch.randn(8, 1)
    loss = ((model(x) - 2 * x) ** 2).mean()
    sgd.zero_grad()
    loss.backward()
    sgd.step()
    val_loss = ((model(x) - 2 * x) ** 2).mean().item()
    new_best = False
    if val_loss < best_so_far:
        best_so_far = val_loss
        new_best = True
    if new_best:
        torch.save(model.state_dict(), "checkpoints/model.pt")
"""


def test_a_save_behind_a_flag_set_when_the_metric_beats_the_best_selects_the_best_model(tmp_path):
    # dust3r / pytorch-maml: `if loss < best_so_far: new_best = True`, later `if new_best: save(...)`
    write_repo(tmp_path, {"train.py": BEST_FLAG_TRAIN, "README.md": "# toy\n"})
    f = _finding(run_audit(tmp_path), "ET310")
    assert f.status == "PASS", (f.status, f.message)
    assert any("new_best" in e.detail for e in f.evidence), f.evidence


def test_the_flag_set_outside_a_comparison_with_the_best_selects_nothing(tmp_path):
    code = BEST_FLAG_TRAIN.replace("if val_loss < best_so_far:", "if epoch % 2 == 0:")
    write_repo(tmp_path, {"train.py": code, "README.md": "# toy\n"})
    assert _finding(run_audit(tmp_path), "ET310").status != "PASS"


ENGINE = """
class Engine:
    def __init__(self):
        self.hooks = {}

    def train(self, model, loader, optimizer, epochs):
        for _ in range(epochs):
            for x, y in loader:
                optimizer.zero_grad()
                loss = ((model(x) - y) ** 2).mean()
                loss.backward()
                optimizer.step()
"""

LAUNCHED_TRAIN = """
import torch

from protonets.engine import Engine


def main(opt):
    model = torch.nn.Linear(1, 1)
    engine = Engine()
    engine.train(model, [], torch.optim.SGD(model.parameters(), lr=opt["lr"]), opt["epochs"])
"""

RUN_TRAIN = """
import argparse

from train import main

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.1)
parser.add_argument("--epochs", type=int, default=3)
args = vars(parser.parse_args())

main(args)
"""

RUN_EVAL = """
import argparse

from eval import main

parser = argparse.ArgumentParser()
parser.add_argument("--model_path", default="results/best_model.pt")
main(vars(parser.parse_args()))
"""

EVAL = """
import torch


def main(opt):
    model = torch.load(opt["model_path"])
    print(model(torch.zeros(1, 1)))
"""


def test_a_script_calling_main_of_a_module_whose_main_trains_a_project_engine_is_a_training_entry(tmp_path):
    # prototypical-networks: run_train.py -> train.main() -> Engine().train() -> loss.backward()
    write_repo(
        tmp_path,
        {
            "protonets/__init__.py": "",
            "protonets/engine.py": ENGINE,
            "scripts/train/run_train.py": RUN_TRAIN,
            "scripts/train/train.py": LAUNCHED_TRAIN,
            "scripts/predict/run_eval.py": RUN_EVAL,
            "scripts/predict/eval.py": EVAL,
            "README.md": "# protonets\n\n`python scripts/train/run_train.py`\n",
        },
    )
    tax = run_audit(tmp_path).ctx.taxonomy
    assert [e.path for e in tax.training_entry_points] == ["scripts/train/run_train.py"]
    assert "protonets/engine.py" in tax.training_entry_points[0].detail
    # an argparse script calling into the project's evaluation code is a command the user runs
    assert [(e.path, e.detail) for e in tax.entry_points] == [
        ("scripts/predict/run_eval.py", "command-line script")
    ]


DETR_MAIN = """
import argparse
import json
from pathlib import Path

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--output_dir", default="", help="path where to save, empty for no saving")
parser.add_argument("--lr", type=float, default=1e-4)
args = parser.parse_args()
output_dir = Path(args.output_dir)
model = torch.nn.Linear(1, 1)
sgd = torch.optim.SGD(model.parameters(), lr=args.lr)
for epoch in range(3):
    x = torch.randn(8, 1)
    loss = ((model(x) - 2 * x) ** 2).mean()
    sgd.zero_grad()
    loss.backward()
    sgd.step()
    if args.output_dir:
        torch.save({"model": model.state_dict(), "args": args}, output_dir / "checkpoint.pth")
        with (output_dir / "log.txt").open("a") as f:
            f.write(json.dumps({"epoch": epoch, "loss": loss.item()}) + "\\n")
"""


def test_an_output_folder_empty_by_default_that_the_documented_commands_pass_holds_every_documented_run(
    tmp_path,
):
    # DETR / DeiT: `--output_dir` defaults to '' ("empty for no saving"); the README's commands pass it
    readme = "# detr\n\n```\npython main.py --output_dir /path/to/save --lr 1e-4\n```\n"
    write_repo(tmp_path / "documented", {"main.py": DETR_MAIN, "README.md": readme})
    rec = run_audit(tmp_path / "documented").ctx.records
    assert rec.checkpoints and rec.metrics, rec.optional
    write_repo(tmp_path / "undocumented", {"main.py": DETR_MAIN, "README.md": "# detr\n"})
    rec = run_audit(tmp_path / "undocumented").ctx.records
    assert not rec.checkpoints and not rec.metrics
    assert {p.role for p in rec.optional} >= {"checkpoint", "metrics"}, rec.optional


RESULTS_WRITE = """
import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--output_dir", default="out")
parser.add_argument("--max_seq_length", type=int, default=32)
args = parser.parse_args()
for key, value in sorted(vars(args).items()):
    print(key, value)
model = torch.nn.Linear(1, 1)
sgd = torch.optim.SGD(model.parameters(), lr=0.1)
x = torch.randn(8, 1)
loss = ((model(x) - 2 * x) ** 2).mean()
loss.backward()
sgd.step()
metrics = {"train_loss": loss.item()}
with open(args.output_dir + "/train_results.txt", "w") as writer:
    for key, value in sorted(metrics.items()):
        writer.write(f"{key} = {value}\\n")
"""


def test_lines_written_into_a_results_file_are_metrics_not_the_options(tmp_path):
    # SimCSE: `writer.write(f"{key} = {value}\\n")` into train_results.txt; `key` was also a loop
    # variable over the options earlier in the script
    write_repo(tmp_path, {"train.py": RESULTS_WRITE, "README.md": "# toy\n"})
    rec = run_audit(tmp_path).ctx.records
    assert not rec.config, rec.config
    assert [p.target for p in rec.metrics] == ["{args.output_dir}/train_results.txt"], rec.metrics


def test_fixes_write_into_the_run_folder_a_function_makes_not_its_parent(tmp_path):
    # pytorch-maml: `folder = join(args.output_folder, strftime(...))` inside main(); the git/env fixes
    # belong in `folder`, not in the parent every run shares
    code = "def main(args):\n" + "".join(
        "    " + line + "\n" if line else "\n" for line in MAML_TRAIN.format(default='"results"').splitlines()
    )
    code = (
        code.replace("    args = parser.parse_args()\n", "")
        + "\n\nif __name__ == '__main__':\n    main(parser.parse_args())\n"
    )
    code = code.replace(
        "def main(args):\n\n    import argparse", "import argparse\n\n\ndef main(args):\n    import argparse"
    )
    write_repo(tmp_path, {"train.py": code, "README.md": "# maml\n"})
    from experiment_tracking.records import run_dir_expr

    result = run_audit(tmp_path)
    assert run_dir_expr(result.ctx) == "folder", result.ctx.records.config


def test_fixes_write_into_the_folder_named_by_two_options_not_the_shared_root(tmp_path):
    # SPADE / pix2pixHD: the run's folder is {opt.checkpoints_dir}/{opt.name}
    write_repo(tmp_path, {"options.py": OPTIONS, "train.py": TRAIN, "README.md": "# gan\n"})
    from experiment_tracking.records import hand_fix, run_dir_expr

    result = run_audit(tmp_path)
    assert (
        run_dir_expr(result.ctx) == "os.path.join(self.opt.checkpoints_dir, self.opt.name)"
        or run_dir_expr(result.ctx) == "os.path.join(opt.checkpoints_dir, opt.name)"
    )
    text = hand_fix(result.ctx, "commit")
    assert "os.path.join(os.path.join(" not in text and "opt.name, 'git.json')" in text, text


TB_LOGGER = """
import tensorflow as tf


class Logger:
    def __init__(self, log_dir):
        self.writer = tf.summary.FileWriter(log_dir)

    def scalar_summary(self, tag, value, step):
        summary = tf.Summary(value=[tf.Summary.Value(tag=tag, simple_value=value)])
        self.writer.add_summary(summary, step)
"""

TB_TRAIN = """
import random

import torch

from logger import Logger

random.seed(1234)
logger = Logger("logs")
model = torch.nn.Linear(1, 1)
sgd = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(10):
    x = torch.randn(8, 1)
    loss = ((model(x) - 2 * x) ** 2).mean()
    sgd.zero_grad()
    loss.backward()
    sgd.step()
    logger.scalar_summary("loss", loss.item(), step)
"""


def test_tensorflow_used_only_to_write_summaries_is_no_framework_to_seed(tmp_path):
    # stargan: logger.py wraps tf.summary.FileWriter; the model is PyTorch
    write_repo(tmp_path, {"train.py": TB_TRAIN, "logger.py": TB_LOGGER, "README.md": "# gan\n"})
    f = _finding(run_audit(tmp_path), "ET401")
    assert "tensorflow" not in f.message and "torch" in f.message, f.message
    assert "tf.set_random_seed" not in (f.recommendation or "")


def test_a_seed_method_of_an_environment_object_seeds_no_framework(tmp_path):
    # d4rl: `e = GymEnv(name); e.set_seed(seed)` seeds the environment, not random/numpy/torch
    code = (
        "import torch\nfrom mjrl.utils.gym_env import GymEnv\n\n"
        "e = GymEnv('hopper')\ne.set_seed(123)\n" + TB_TRAIN.split("from logger import Logger", 1)[1]
    )
    code = code.replace('random.seed(1234)\nlogger = Logger("logs")\n', "").replace(
        '    logger.scalar_summary("loss", loss.item(), step)\n', ""
    )
    write_repo(tmp_path, {"train.py": code, "README.md": "# rl\n"})
    f = _finding(run_audit(tmp_path), "ET401")
    assert f.status != "PASS", f.message


def test_the_code_of_a_paper_is_not_asked_for_a_journal_of_conclusions(tmp_path):
    readme = "# SPADE\n\nCode of our paper.\n\n```\n@inproceedings{park2019SPADE,\n  title={Semantic Image Synthesis},\n}\n```\n"
    write_repo(tmp_path, {"train.py": TB_TRAIN, "logger.py": TB_LOGGER, "README.md": readme})
    result = run_audit(tmp_path)
    assert not [f for f in result.findings if f.rule_id == "ET602"]
    write_repo(tmp_path / "team", {"train.py": TB_TRAIN, "logger.py": TB_LOGGER, "README.md": "# churn\n"})
    assert _finding(run_audit(tmp_path / "team"), "ET602").status == "WARN"


def test_an_ignored_python_version_file_in_a_package_points_at_python_requires(tmp_path):
    files = {
        "train.py": TB_TRAIN,
        "logger.py": TB_LOGGER,
        "setup.py": "from setuptools import setup\nsetup(name='d4rl', install_requires=['torch'])\n",
        ".gitignore": "*.pyc\n.python-version\n",
        "README.md": "# d4rl\n",
    }
    write_repo(tmp_path, files)
    f = _finding(run_audit(tmp_path), "ET411")
    assert "python_requires=" in f.recommendation and ".gitignore:2" in f.recommendation, f.recommendation


def test_the_worker_seeding_fix_for_a_pytorch_without_dataloader_generators(tmp_path):
    code = (
        TB_TRAIN.replace("from logger import Logger", "from torch.utils.data import DataLoader")
        .replace(
            'logger = Logger("logs")', "loader = DataLoader(list(range(8)), num_workers=4, shuffle=True)"
        )
        .replace('    logger.scalar_summary("loss", loss.item(), step)\n', "    random.random()\n")
    )
    write_repo(
        tmp_path,
        {"train.py": code, "requirements.txt": "torch==1.4.0\nnumpy==1.18.1\n", "README.md": "# x\n"},
    )
    f = _finding(run_audit(tmp_path), "ET404")
    assert f.status == "WARN", f.message
    # the workers draw only Python `random` here, which PyTorch seeds per worker from the main process's
    # torch generator: the fix is that seed (fresh62), and never a generator= this PyTorch does not take
    assert "torch.manual_seed" in f.recommendation and "generator=" not in f.recommendation.replace(
        "no generator=", ""
    )


def test_saves_that_all_run_behind_switches_ask_whether_the_runs_saved(tmp_path):
    # rlpd: `if FLAGS.checkpoint_model:` / `if FLAGS.save_dir is not None:` around every save
    code = MAML_TRAIN.format(default="None").replace(
        '    if args.output_folder is not None:\n        with open(args.model_path, "wb") as f:\n            torch.save(model.state_dict(), f)\n',
        "    if args.output_folder is not None:\n        torch.save(model.state_dict(), args.output_folder + '/model.pt')\n",
    )
    write_repo(tmp_path, {"train.py": code, "README.md": "# x\n"})
    f = _finding(run_audit(tmp_path), "ET310")
    assert f.status == "REVIEW" and "only when a switch is on" in f.message, (f.status, f.message)


DATASET = """
import torch.utils.data as data

from data.base_dataset import get_params


class AlignedDataset(data.Dataset):
    def __init__(self, paths):
        self.paths = paths

    def __getitem__(self, index):
        params = get_params(index)
        return self.paths[index], params

    def __len__(self):
        return len(self.paths)
"""

BASE_DATASET = """
import random


def get_params(size):
    x = random.randint(0, size)
    flip = random.random() > 0.5
    return {"crop_pos": x, "flip": flip}
"""

LOADER_TRAIN = """
import torch
from torch.utils.data import DataLoader

from data.aligned_dataset import AlignedDataset

loader = DataLoader(AlignedDataset(list(range(8))), batch_size=2, num_workers=4)
model = torch.nn.Linear(1, 1)
sgd = torch.optim.SGD(model.parameters(), lr=0.1)
for batch in loader:
    x = torch.ones(8, 1)
    loss = ((model(x) - 2 * x) ** 2).mean()
    sgd.zero_grad()
    loss.backward()
    sgd.step()
"""


def test_random_draws_in_a_helper_the_dataset_calls_per_sample_run_in_the_workers(tmp_path):
    # pix2pixHD / SPADE: __getitem__ calls get_params from base_dataset.py, which draws the crop and flip
    write_repo(
        tmp_path,
        {
            "data/__init__.py": "",
            "data/aligned_dataset.py": DATASET,
            "data/base_dataset.py": BASE_DATASET,
            "train.py": LOADER_TRAIN,
            "README.md": "# gan\n",
        },
    )
    f = _finding(run_audit(tmp_path), "ET404")
    assert f.status == "WARN", f.message


def test_a_paper_on_a_named_public_benchmark_gets_a_data_versioning_warning_not_the_top_failure(tmp_path):
    readme = "# yolo\n\nTrained on COCO 2017.\n\n```\n@article{yolo2020,\n  title={YOLOv4},\n}\n```\n"
    write_repo(tmp_path, {"train.py": TB_TRAIN, "logger.py": TB_LOGGER, "README.md": readme})
    f = _finding(run_audit(tmp_path), "ET120")
    assert f.status == "WARN" and "public benchmark" in f.message, (f.status, f.message)
    write_repo(tmp_path / "team", {"train.py": TB_TRAIN, "logger.py": TB_LOGGER, "README.md": "# churn\n"})
    assert _finding(run_audit(tmp_path / "team"), "ET120").status == "FAIL"


def test_a_save_asked_of_a_schedule_option_is_on_every_run(tmp_path):
    # pix2pix-tensorflow: `if should(a.save_freq): saver.save(...)`
    code = BEST_FLAG_TRAIN.replace("    if new_best:\n", "    if should(args.save_freq):\n").replace(
        "import torch\n",
        "import argparse\n\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--save_freq', type=int, default=5)\nargs = parser.parse_args()\n\n\ndef should(freq):\n    return freq > 0\n\n",
        1,
    )
    write_repo(tmp_path, {"train.py": code, "README.md": "# x\n"})
    result = run_audit(tmp_path)
    assert result.ctx.records.checkpoints and not result.ctx.records.optional, result.ctx.records.optional


def test_comment_lines_inside_code_blocks_are_no_readme_sections(tmp_path):
    readme = "# toy\n\n## Install\n\n```bash\n# create the environment\npip install -r requirements.txt\n# train\npython train.py\n```\n"
    write_repo(tmp_path, {"train.py": TB_TRAIN, "logger.py": TB_LOGGER, "README.md": readme})
    d = _dimension(run_audit(tmp_path), "documentation")
    assert "2 sections" in d.reasons[0] and "non-blank lines" in d.reasons[0], d.reasons


PREPROCESS = """
import argparse
import os

parser = argparse.ArgumentParser()
parser.add_argument("--output_dir", required=True)
args = parser.parse_args()
if os.path.exists(args.output_dir):
    raise ValueError("output_dir exists")
os.makedirs(args.output_dir)
"""


def test_a_preprocessing_script_refusing_its_output_folder_says_nothing_of_the_training_folder(tmp_path):
    # dust3r: datasets_preprocess/preprocess_habitat.py raises on an existing --output_dir; training.py
    # resumes in its own --output_dir
    write_repo(
        tmp_path,
        {
            "train.py": DETR_MAIN.replace(
                'default="", help="path where to save, empty for no saving"', 'default="out"'
            ),
            "datasets_preprocess/preprocess.py": PREPROCESS,
            "README.md": "# x\n",
        },
    )
    rec = run_audit(tmp_path).ctx.records
    assert rec.checkpoints and all(p.keeping != "refused" for p in rec.checkpoints), rec.checkpoints


def test_the_per_run_question_names_a_fixed_default_folder(tmp_path):
    # prototypical-networks: --log.exp_dir defaults to default_exp_dir = 'results'
    code = RESULTS_WRITE.replace(
        'parser.add_argument("--output_dir", default="out")',
        'default_exp_dir = "results"\nparser.add_argument("--output_dir", default=default_exp_dir)',
    ).replace(
        "for key, value in sorted(vars(args).items()):\n    print(key, value)\n",
        'import json\n\njson.dump(vars(args), open(args.output_dir + "/opt.json", "w"))\n',
    )
    write_repo(tmp_path, {"train.py": code, "README.md": "# x\n"})
    d = _dimension(run_audit(tmp_path), "parameter_logging")
    assert "Its default is `results` (train.py:" in d.review, d.review


def test_a_container_whose_entrypoint_script_runs_the_demo_is_no_training_environment(tmp_path):
    # dust3r: docker/files/cuda.Dockerfile clones the project and runs entrypoint.sh -> `exec python3 demo.py`
    dockerfile = (
        "FROM nvcr.io/nvidia/pytorch:24.01-py3\nRUN git clone https://github.com/x/y /y\nWORKDIR /y\n"
        'RUN pip install -r requirements.txt\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n'
    )
    files = {
        "train.py": TB_TRAIN,
        "logger.py": TB_LOGGER,
        "requirements.txt": "torch\ntensorflow\n",
        "docker/files/cuda.Dockerfile": dockerfile,
        "docker/files/entrypoint.sh": '#!/bin/bash\nexec python3 demo.py --weights "checkpoints/$MODEL" "$@"\n',
        "README.md": "# x\n",
    }
    write_repo(tmp_path, files)
    f = _finding(run_audit(tmp_path), "ET412")
    assert f.status != "PASS", f.message


def test_a_counter_objects_is_it_time_method_is_a_schedule_not_a_switch(tmp_path):
    # SPADE: `if iter_counter.needs_printing(): visualizer.print_current_errors(...)`
    code = (
        LOADER_TRAIN.replace("from data.aligned_dataset import AlignedDataset\n", "").replace(
            "loader = DataLoader(AlignedDataset(list(range(8))), batch_size=2, num_workers=4)",
            "loader = DataLoader(list(range(8)), batch_size=2)\n\n\nclass IterCounter:\n    def needs_printing(self):\n        return True\n\n\niter_counter = IterCounter()\nlog = open('runs/loss_log.txt', 'a')",
        )
        + "    if iter_counter.needs_printing():\n        log.write('loss %.3f\\n' % loss.item())\n"
    )
    write_repo(tmp_path, {"train.py": code, "README.md": "# x\n"})
    result = run_audit(tmp_path)
    assert result.ctx.records.metrics and not result.ctx.records.optional, result.ctx.records.optional


def test_files_a_dataset_class_prepares_under_its_root_are_no_run_outputs(tmp_path):
    # pytorch-semseg: pascalVOCLoader.setup_annotations writes pre-encoded masks with imageio.imsave
    dataset = """
import os

import imageio
import torch.utils.data as data


class VOCLoader(data.Dataset):
    def __init__(self, root):
        self.root = root
        self.setup_annotations()

    def setup_annotations(self):
        target_path = os.path.join(self.root, "SegmentationClass/pre_encoded")
        for ii in range(3):
            imageio.imsave(os.path.join(target_path, str(ii) + ".png"), [[0]])

    def __getitem__(self, index):
        return index

    def __len__(self):
        return 3
"""
    write_repo(
        tmp_path,
        {
            "loader/__init__.py": "",
            "loader/voc.py": dataset,
            "train.py": TB_TRAIN,
            "logger.py": TB_LOGGER,
            "README.md": "# x\n",
        },
    )
    result = run_audit(tmp_path)
    assert not any(p.evidence.path == "loader/voc.py" for p in result.ctx.records.artifacts), (
        result.ctx.records.artifacts
    )


def test_pretrained_weights_offered_through_the_projects_download_script_are_released(tmp_path):
    # stargan: "## Using pre-trained networks" then `bash download.sh pretrained-celeba-256x256`
    readme = "# stargan\n\n## Using pre-trained networks\n\n```bash\n$ bash download.sh pretrained-celeba-256x256\n```\n"
    write_repo(tmp_path, {"train.py": TB_TRAIN, "logger.py": TB_LOGGER, "README.md": readme})
    from experiment_tracking.scoring import released_weights

    e = released_weights(run_audit(tmp_path).ctx)
    assert e is not None and e.where() == "README.md:3", e


def test_a_script_parsing_a_project_options_class_is_a_command_line_entry_point(tmp_path):
    # SPADE: test.py parses TestOptions().parse() at the top level
    html = (
        "class HTML:\n    def save(self):\n        pass\n\n\nif __name__ == '__main__':\n    HTML().save()\n"
    )
    visualizer = "from util.html import HTML\n\n\ndef show():\n    return HTML()\n"
    test = (
        "from options import Options\nfrom util.visualizer import show\n\nopt = Options().parse()\nshow()\n"
    )
    write_repo(
        tmp_path,
        {
            "options.py": OPTIONS,
            "train.py": TRAIN,
            "test.py": test,
            "util/__init__.py": "",
            "util/html.py": html,
            "util/visualizer.py": visualizer,
            "README.md": "# gan\n",
        },
    )
    tax = run_audit(tmp_path).ctx.taxonomy
    assert ("test.py", "command-line script") in [(e.path, e.detail) for e in tax.entry_points]


def test_a_python2_project_gets_fixes_without_f_strings(tmp_path):
    import re

    fstring = re.compile(r"\bf[\"']")

    def count(result):
        n = sum(len(fstring.findall(f.recommendation or "")) for f in result.findings)
        return n + sum(len(fstring.findall(r.get("snippet") or "")) for r in result.recommendations)

    files = {"options.py": OPTIONS, "train.py": TRAIN, "README.md": "# gan\n"}
    write_repo(tmp_path / "py3", files)
    assert count(run_audit(tmp_path / "py3")) > 0  # the usual fixes use f-strings
    write_repo(tmp_path / "py2", {**files, "util/eval.py": 'def report(x):\n    print "accuracy", x\n'})
    result = run_audit(tmp_path / "py2")
    assert count(result) == 0
    assert any(".format(" in (f.recommendation or "") for f in result.findings)


def test_the_determinism_fix_warns_instead_of_failing_on_an_op_without_a_deterministic_kernel(tmp_path):
    # pix2pixHD: nn.ReflectionPad2d in the generator; use_deterministic_algorithms(True) would raise
    code = TRAIN.replace(
        "model = torch.nn.Linear(1, 1)",
        "model = torch.nn.Sequential(torch.nn.ReflectionPad2d(3), torch.nn.Linear(1, 1)).cuda()",
    )
    write_repo(tmp_path, {"options.py": OPTIONS, "train.py": code, "README.md": "# gan\n"})
    f = _finding(run_audit(tmp_path), "ET403")
    assert "use_deterministic_algorithms(True, warn_only=True)" in f.recommendation, f.recommendation
    assert "ReflectionPad2d (train.py:" in f.recommendation


def test_a_save_gated_by_the_best_score_flag_is_every_runs_checkpoint(tmp_path):
    # pytorch-maml: `save_model = True` on a better accuracy, then `if save_model and (args.output_folder
    # is not None):` with the README passing --output-folder
    code = (
        MAML_TRAIN.format(default="None")
        .replace(
            "    if args.output_folder is not None:\n        with open(args.model_path",
            "    save_model = False\n    if best_value is None or best_value < -loss.item():\n        best_value = -loss.item()\n"
            "        save_model = True\n    if save_model and (args.output_folder is not None):\n        with open(args.model_path",
        )
        .replace("for step in range(10):", "best_value = None\nfor step in range(10):")
    )
    head, loop = code.split("best_value = None\n", 1)
    body = "".join("    " + ln + "\n" if ln else "\n" for ln in ("best_value = None\n" + loop).splitlines())
    code = head + "\n\ndef train():\n" + body + "\n\nif __name__ == '__main__':\n    train()\n"
    readme = "# maml\n\n```\npython train.py --output-folder /path/to/results\n```\n"
    write_repo(tmp_path, {"train.py": code, "README.md": readme})
    rec = run_audit(tmp_path).ctx.records
    assert [p.evidence.path for p in rec.checkpoints] == ["train.py"], rec.optional


META = """
import torch
from torch import nn, optim


class Meta(nn.Module):
    def __init__(self, lr):
        super().__init__()
        self.net = nn.Linear(1, 1)
        self.meta_optim = optim.Adam(self.net.parameters(), lr=lr)

    def forward(self, x, y):
        loss = ((self.net(x) - y) ** 2).mean()
        self.meta_optim.zero_grad()
        loss.backward()
        self.meta_optim.step()
        return loss.item()
"""

META_TRAIN = """
import argparse

import torch

from meta import Meta


def main(args):
    maml = Meta(args.meta_lr).to(torch.device("cpu"))
    for step in range(args.epoch):
        x = torch.randn(8, 1)
        print(step, maml(x, 2 * x))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--epoch", type=int, default=10)
    parser.add_argument("--meta_lr", type=float, default=1e-3)
    main(parser.parse_args())
"""


def test_a_script_calling_a_meta_learner_whose_forward_steps_the_optimiser_trains(tmp_path):
    # MAML-Pytorch: miniimagenet_train.py calls maml(x_spt, y_spt, ...), Meta.forward() takes the step;
    # the old scripts kept in backup/ are no longer the training path
    old = META_TRAIN.replace("from meta import Meta", "from meta import Meta  # old version")
    write_repo(
        tmp_path,
        {
            "meta.py": META,
            "miniimagenet_train.py": META_TRAIN,
            "backup/naive_train.py": TB_TRAIN,
            "backup/old.py": old,
        },
    )
    tax = run_audit(tmp_path).ctx.taxonomy
    assert [e.path for e in tax.training_entry_points] == ["miniimagenet_train.py"], tax.training_entry_points


def test_a_numbered_requirements_list_states_the_python_version(tmp_path):
    readme = "# yolo\n\n## Requirements\n1. Python 3.5\n2. OpenCV\n3. PyTorch 0.4\n"
    write_repo(tmp_path, {"train.py": TB_TRAIN, "logger.py": TB_LOGGER, "README.md": readme})
    f = _finding(run_audit(tmp_path), "ET411")
    assert f.status == "PASS" and "README.md:4" in [e.where() for e in f.evidence], f.message


def test_a_demo_cog_spec_that_is_the_only_package_list_pins_the_training_environment(tmp_path):
    # style-based-gan-pytorch: cog.yaml (predict: predict.py) pins torch==1.7.0 etc., no requirements file
    cog = 'build:\n  gpu: true\n  python_version: "3.8"\n  python_packages:\n    - "torch==1.7.0"\n    - "tensorflow==2.4.0"\npredict: "predict.py:Predictor"\n'
    write_repo(
        tmp_path, {"train.py": TB_TRAIN, "logger.py": TB_LOGGER, "cog.yaml": cog, "README.md": "# gan\n"}
    )
    f = _finding(run_audit(tmp_path), "ET410")
    assert f.status == "PASS" and "cog.yaml" in f.message, f.message
    write_repo(
        tmp_path / "both",
        {
            "train.py": TB_TRAIN,
            "logger.py": TB_LOGGER,
            "cog.yaml": cog,
            "requirements.txt": "torch\n",
            "README.md": "# gan\n",
        },
    )
    assert "cog.yaml" not in _finding(run_audit(tmp_path / "both"), "ET410").message


def test_a_tracker_only_in_the_main_block_of_a_dataset_module_is_its_demo(tmp_path):
    # MAML-Pytorch: MiniImagenet.py's `__main__` shows sample episodes in TensorBoard; training imports
    # the dataset class and logs nothing
    dataset = (
        "import torch.utils.data as data\n\n\nclass MiniImagenet(data.Dataset):\n    def __getitem__(self, i):\n"
        "        return i\n\n    def __len__(self):\n        return 4\n\n\nif __name__ == '__main__':\n"
        "    from tensorboardX import SummaryWriter\n    tb = SummaryWriter('runs', 'mini-imagenet')\n"
        "    tb.add_image('episode', 0)\n"
    )
    train = META_TRAIN.replace(
        "from meta import Meta", "from meta import Meta\nfrom MiniImagenet import MiniImagenet"
    )
    write_repo(
        tmp_path,
        {
            "meta.py": META,
            "miniimagenet_train.py": train,
            "MiniImagenet.py": dataset,
            "README.md": "# maml\n",
        },
    )
    result = run_audit(tmp_path)
    tb = [d for d in result.ctx.detections if d.tool == "tensorboard" and d.present]
    assert tb and all(d.scope == "example" for d in tb), tb
    assert _finding(result, "ET301").status != "PASS"


def test_hyperparameters_saved_as_a_chosen_dict_are_a_subset(tmp_path):
    # learn2learn: self.save_hyperparameters({"train_ways": ..., "adaptation_lr": ...})
    module = (
        "import pytorch_lightning as pl\nimport torch\n\n\nclass Maml(pl.LightningModule):\n"
        "    def __init__(self, model, ways=5, lr=0.1, seed=42):\n        super().__init__()\n"
        "        self.model = model\n        self.save_hyperparameters({'ways': ways, 'lr': lr})\n\n"
        "    def training_step(self, batch, i):\n        loss = self.model(batch).mean()\n"
        "        self.log('train_loss', loss)\n        return loss\n\n    def configure_optimizers(self):\n"
        "        return torch.optim.Adam(self.parameters(), lr=0.1)\n\n\nif __name__ == '__main__':\n"
        "    pl.Trainer(max_epochs=1).fit(Maml(torch.nn.Linear(1, 1)), [torch.zeros(1, 1)])\n"
    )
    write_repo(tmp_path, {"train.py": module, "README.md": "# x\n"})
    result = run_audit(tmp_path)
    f = _finding(result, "ET211")
    assert f.status != "PASS", f.message
    assert not any(p.whole for p in result.ctx.records.config), result.ctx.records.config


def test_a_tracker_switched_by_an_options_dataclass_default_true_runs_by_default(tmp_path):
    # learn2learn: `use_wandb: bool = True`; wandb.init(mode='online' if args.use_wandb else 'disabled')
    code = (
        "import dataclasses\nimport torch\nimport wandb\n\n\n@dataclasses.dataclass\nclass Options:\n"
        "    lr: float = 0.1\n    use_wandb: bool = True\n\n\nargs = Options()\n"
        "wandb.init(project='x', config=dataclasses.asdict(args), mode='online' if args.use_wandb else 'disabled')\n"
        "model = torch.nn.Linear(1, 1)\nsgd = torch.optim.SGD(model.parameters(), lr=args.lr)\n"
        "for step in range(3):\n    x = torch.randn(8, 1)\n    loss = ((model(x) - 2 * x) ** 2).mean()\n"
        "    sgd.zero_grad()\n    loss.backward()\n    sgd.step()\n    wandb.log({'loss': loss.item()})\n"
    )
    write_repo(tmp_path, {"train.py": code, "README.md": "# x\n"})
    f = _finding(run_audit(tmp_path), "ET420")
    assert f.status == "PASS", (f.status, f.message)


def test_a_shuffled_list_cut_into_training_and_validation_parts_is_a_split(tmp_path):
    # keras-yolo2: np.random.shuffle(train_imgs); valid_imgs = train_imgs[cut:]; train_imgs = train_imgs[:cut]
    code = (
        "import numpy as np\nimport torch\n\n\ndef main():\n    train_imgs = list(range(100))\n    cut = int(0.8 * len(train_imgs))\n"
        "    np.random.shuffle(train_imgs)\n    valid_imgs = train_imgs[cut:]\n    train_imgs = train_imgs[:cut]\n"
        "    model = torch.nn.Linear(1, 1)\n    sgd = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "    loss = model(torch.ones(1, 1)).sum()\n    loss.backward()\n    sgd.step()\n    return valid_imgs\n\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    write_repo(tmp_path, {"train.py": code, "README.md": "# x\n"})
    tax = run_audit(tmp_path).ctx.taxonomy
    assert [e.where() for e in tax.splits_unseeded] == ["train.py:8"], (
        tax.splits_unseeded,
        tax.splits_seeded,
    )


LOOP_TF1 = """
import tensorflow as tf


def training_loop(lr=0.002):
    opt = tf.train.AdamOptimizer(lr)
    loss = tf.reduce_mean(tf.square(tf.Variable(1.0)))
    G_train_op = opt.minimize(loss)
    sess = tf.Session()
    for step in range(10):
        sess.run(G_train_op)
"""

SUBMIT = """
import os
import pickle
import shutil


def submit_run(submit_config, run_func_name, **kwargs):
    run_dir = os.path.join(submit_config["root"], "%05d" % len(os.listdir(submit_config["root"])))
    os.makedirs(run_dir)
    with open(os.path.join(run_dir, "submit_config.pkl"), "wb") as f:
        pickle.dump(submit_config, f)
    try:
        pass
    except Exception:
        shutil.copyfile(os.path.join(run_dir, "log.txt"), os.path.join(submit_config["root"], "{0}-error.txt".format(run_dir)))
"""

RUN_TRAINING = """
import argparse

import dnnlib_lite


def run(lr):
    train = dict(run_func_name="training.training_loop.training_loop")
    dnnlib_lite.submit_run({"root": "results", "lr": lr}, **train)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.002)
    run(parser.parse_args().lr)
"""


def test_a_training_function_named_by_its_dotted_path_is_launched_and_its_run_config_is_whole(tmp_path):
    # stylegan2: run_func_name='training.training_loop.training_loop' handed to dnnlib.submit_run, which
    # pickles the submit_config into each numbered run folder (and copies the log on failure)
    write_repo(
        tmp_path,
        {
            "training/__init__.py": "",
            "training/training_loop.py": LOOP_TF1,
            "dnnlib_lite.py": SUBMIT,
            "run_training.py": RUN_TRAINING,
            "README.md": "# gan\n",
        },
    )
    result = run_audit(tmp_path)
    assert [e.path for e in result.ctx.taxonomy.training_entry_points] == ["run_training.py"]
    config = result.ctx.records.config
    assert [(p.target.rsplit("/", 1)[-1], p.whole) for p in config] == [("submit_config.pkl", True)], config


def test_a_deepspeed_checkpoint_saved_under_a_step_tag_is_one_folder_per_step(tmp_path):
    # gpt-neox: model.save_checkpoint(neox_args.save, tag=f"global_step{iteration}", client_state=sd)
    code = DETR_MAIN.replace(
        '        torch.save({"model": model.state_dict(), "args": args}, output_dir / "checkpoint.pth")\n',
        '        model.save_checkpoint(args.output_dir, tag=f"global_step{epoch}")\n',
    )
    write_repo(tmp_path, {"train.py": code, "README.md": "# x\n\n`python train.py --output_dir out`\n"})
    rec = run_audit(tmp_path).ctx.records
    ckpts = [p for p in rec.checkpoints if p.evidence.path == "train.py"]
    assert ckpts and all(p.step_labelled for p in ckpts), rec.checkpoints


def test_options_on_by_default_join_only_the_modules_whose_switches_test_them(tmp_path):
    # a tree of many option classes: each module keeps its own defaults plus the names its switches read
    files = {
        f"pkg/m{i}.py": f"import dataclasses\n\n\n@dataclasses.dataclass\nclass O{i}:\n    flag_{i}: bool = True\n"
        for i in range(40)
    }
    files["pkg/__init__.py"] = ""
    files["train.py"] = TB_TRAIN.replace(
        "for step in range(10):", "if flag_3:\n    pass\nfor step in range(10):"
    )
    write_repo(tmp_path, {**files, "README.md": "# x\n"})
    result = run_audit(tmp_path)
    from experiment_tracking.index.python_facts import option_defaults

    gained = option_defaults(result.ctx.index.modules["train.py"])
    assert "flag_3" in gained and "flag_7" not in gained, sorted(gained)
