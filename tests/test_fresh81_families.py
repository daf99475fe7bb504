"""Families of real code the fresh81 round showed the auditor reading wrong, each with a synthetic case
of our own."""

from __future__ import annotations

import ast

from experiment_tracking.index.syntax_fallback import parse_with_fallback
from tests.rules.repo_helpers import audit_committed, dimension

# A model-definition repository: the module's `__main__` block runs one forward/backward pass on random
# input to check the shapes; the README trains with another project's trainer
MODEL_WITH_SMOKE_TEST = """
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, width=1.0):
        super().__init__()
        self.fc = nn.Linear(8, int(4 * width))

    def forward(self, x):
        return self.fc(x)


if __name__ == "__main__":
    model = Net(width=1.0)
    out = model(torch.randn(2, 8))
    out.sum().backward()
    print("Checked a single forward/backward iteration")
"""

TRAINS_ON_RANDOM_DATA = MODEL_WITH_SMOKE_TEST.replace(
    '    out.sum().backward()\n    print("Checked a single forward/backward iteration")',
    "    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
    "    for step in range(100):\n"
    "        opt.zero_grad()\n"
    "        model(torch.randn(2, 8)).sum().backward()\n"
    "        opt.step()\n"
    '    torch.save(model.state_dict(), "net.pt")',
)


def test_a_top_level_models_forward_backward_smoke_test_is_no_training_entry_point(tmp_path):
    result = audit_committed(tmp_path / "smoke", {"netv1.py": MODEL_WITH_SMOKE_TEST})
    assert [e.path for e in result.ctx.taxonomy.training_entry_points] == []
    assert any(e.path == "netv1.py" and "self-test" in e.detail for e in result.ctx.taxonomy.entry_points)


def test_a_top_level_script_stepping_an_optimizer_on_random_data_still_trains(tmp_path):
    result = audit_committed(tmp_path / "steps", {"netv1.py": TRAINS_ON_RANDOM_DATA})
    assert [e.path for e in result.ctx.taxonomy.training_entry_points] == ["netv1.py"]


BALANCER = """
import torch


class Balancer:
    def __init__(self, weights):
        self.weights = weights

    def backward(self, losses, input):
        total = sum(self.weights[k] * v for k, v in losses.items())
        grad = torch.autograd.grad(total, [input])[0]
        input.backward(grad)


def test():
    x = torch.zeros(1, requires_grad=True)
    one = torch.ones_like(x)
    balancer = Balancer(weights={"1": 1, "2": 1})
    balancer.backward({"1": (x - one).abs().sum(), "2": (x + one).abs().sum()}, x)
    assert x.grad is not None


if __name__ == "__main__":
    test()
"""


def test_a_package_modules_main_running_its_own_test_function_is_a_self_test(tmp_path):
    """`if __name__ == '__main__': test()`, where test() feeds zeros through the module's class: the
    random inputs are in the function the block calls."""
    files = {"codec/__init__.py": "", "codec/balancer.py": BALANCER, "codec/model.py": "import torch\n"}
    result = audit_committed(tmp_path / "pkg", files)
    assert "codec/balancer.py" not in {e.path for e in result.ctx.taxonomy.training_entry_points}


def read_python2(src: str):
    """(tree, note) of a source that must fail to parse as Python 3, read through the fallback."""
    try:
        ast.parse(src)
    except SyntaxError as exc:
        return parse_with_fallback(src, exc)
    raise AssertionError("the source must be Python 2")


def test_python2_compound_print_and_keyword_import_parse():
    """Python 2 research code: `for k in d: print k, d[k]` and `from __builtin__ import False`."""
    src = (
        "from __builtin__ import False\n"
        "import os\n"
        "def show(d):\n"
        "    for i in d: print i, d[i]\n"
        "    if d: print 'done'\n"
        "    print 'x'\n"
        "os.chmod('run.sh', 0700)\n"
    )
    tree, note = read_python2(src)
    assert tree is not None and "Python 2" in note
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "print"]
    assert len(calls) == 3
    assert sorted(n.lineno for n in calls) == [4, 5, 6]


# The best score kept in a one-element list (`cost_best[0]`), the weights written through the project's
# own array writer under a best-named path when it improves
BEST_IN_A_LIST = """
import os
import time

import numpy as np
import torch

from util import save_arrays


def train(epochs=10):
    logpath = os.path.join(os.environ["LOG_PATH"], str(time.time())) + "/"
    os.makedirs(logpath)
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    cost_best = [None]
    for epoch in range(epochs):
        opt.zero_grad()
        loss = model(torch.zeros(2, 4)).sum()
        loss.backward()
        opt.step()
        w = {k: v.detach().numpy() for k, v in model.state_dict().items()}
        save_arrays(w, logpath + "weights")
        cost = float(loss)
        if cost_best[0] is None or cost < cost_best[0]:
            cost_best[0] = cost
            save_arrays(w, logpath + "weights_best")
        with open(logpath + "results.txt", "a") as f:
            f.write(f"{epoch} {cost}\\n")
    torch.save(model.state_dict(), logpath + "model.pt")


if __name__ == "__main__":
    train()
"""
UTIL = """
import numpy as np


def save_arrays(d, filename):
    np.savez(filename + ".npz", **d)
"""

# All checkpoints kept, the best one's name recorded (`self.best_cp_name = cp_name`) when the validation
# loss improves on the best kept or a stand-in (`loss < (self.best or loss + 1)`)
BEST_CHECKPOINT_NAMED = """
import torch


class Trainer:
    def __init__(self, out="out"):
        self.out = out
        self.model = torch.nn.Linear(4, 2)
        self.opt = torch.optim.SGD(self.model.parameters(), lr=0.1)
        self.best_validation_result = None
        self.best_cp_name = None

    def save(self, epoch):
        name = f"{self.out}/model.{epoch}"
        torch.save(self.model.state_dict(), name)
        return name

    def validate(self):
        return float(self.model(torch.ones(2, 4)).sum())

    def validate_and_save(self, epoch):
        validation_loss = self.validate()
        cp_name = self.save(epoch)
        if validation_loss < (self.best_validation_result or validation_loss + 1):
            self.best_validation_result = validation_loss
            self.best_cp_name = cp_name

    def run(self, epochs=3):
        for epoch in range(epochs):
            self.opt.zero_grad()
            self.model(torch.zeros(2, 4)).sum().backward()
            self.opt.step()
            self.validate_and_save(epoch)


if __name__ == "__main__":
    Trainer().run()
"""


def _status(result, rule):
    return next(f for f in result.findings if f.rule_id == rule)


def test_a_best_score_kept_in_a_list_and_saved_through_a_project_writer_selects_the_best(tmp_path):
    result = audit_committed(tmp_path / "lst", {"train.py": BEST_IN_A_LIST, "util.py": UTIL})
    f = _status(result, "ET310")
    assert "the best model is selected" in f.message, f.message


def test_the_best_checkpoints_name_kept_beside_all_checkpoints_selects_the_best(tmp_path):
    result = audit_committed(tmp_path / "named", {"train.py": BEST_CHECKPOINT_NAMED})
    f = _status(result, "ET310")
    assert "the best model is selected" in f.message, f.message


def test_a_score_compared_with_a_plain_running_value_is_no_best_selection(tmp_path):
    """`loss < (self.prev or loss + 1)` names no best score: nothing is selected."""
    plain = BEST_CHECKPOINT_NAMED.replace("best_validation_result", "prev_result").replace(
        "self.best_cp_name = cp_name", "self.last_name = cp_name"
    )
    result = audit_committed(tmp_path / "plain", {"train.py": plain, "logs.py": LOGS})
    f = _status(result, "ET310")
    assert "the best model is selected" not in f.message, f.message


# TF Estimator training (checkpoints in model_dir), the best step picked afterwards from the metrics each
# checkpoint's evaluation wrote; a notebook writes TF's checkpoint pointer for weights it downloaded
ESTIMATOR_TRAIN = """
import json
import os

import tensorflow.compat.v1 as tf
from absl import app, flags

from utils import get_best_step_for_metric

FLAGS = flags.FLAGS
flags.DEFINE_string("model_dir", "out", "")
flags.DEFINE_integer("num_steps", 1000, "")


def model_fn(features, labels, mode):
    loss = tf.reduce_mean(tf.layers.dense(features["x"], 1))
    opt = tf.train.AdamOptimizer(1e-3)
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=opt.minimize(loss))


def main(_):
    config = tf.estimator.RunConfig(model_dir=FLAGS.model_dir)
    est = tf.estimator.Estimator(model_fn=model_fn, config=config)
    est.train(input_fn=lambda: None, max_steps=FLAGS.num_steps)
    step = get_best_step_for_metric(FLAGS.model_dir, "accuracy")
    print(step)


if __name__ == "__main__":
    app.run(main)
"""
PICKER = """
import glob
import json
import os


def get_best_step_for_metric(model_dir, metric):
    best = None
    for path in glob.glob(os.path.join(model_dir, "eval_metrics_*.json")):
        with open(path) as f:
            m = json.load(f)
        if best is None or m[metric] > best[1]:
            best = (m["step"], m[metric])
    return best[0]
"""
POINTER_CELL = """
import os
os.makedirs('results/model', exist_ok=True)
with open('results/model/checkpoint', 'w') as f:
    f.write('model_checkpoint_path: "model.ckpt-0"')
"""


def _notebook(*cells: str) -> str:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    return nbformat.writes(nb)


def test_a_best_step_picked_for_a_metric_afterwards_selects_the_best(tmp_path):
    files = {"run_task.py": ESTIMATOR_TRAIN, "utils.py": PICKER}
    result = audit_committed(tmp_path / "pick", files)
    f = _status(result, "ET310")
    assert "the best model is selected" in f.message, f.message


def test_a_fixed_checkpoint_pointer_a_notebook_writes_is_no_checkpoint(tmp_path):
    files = {
        "run_task.py": ESTIMATOR_TRAIN,
        "utils.py": PICKER,
        "notebooks/predict.ipynb": _notebook(POINTER_CELL),
    }
    result = audit_committed(tmp_path / "ptr", files)
    assert not any(p.evidence.path.endswith(".ipynb") for p in result.ctx.records.checkpoints)


# One epoch function for both training and validation, told which by a switch; accuracy counted by hand
# from the predicted class; a CSV logger whose header declares a wall-time column
SHARED_EPOCH = """
import time

import torch
from torch.utils.data import DataLoader, TensorDataset

from logs import CSVLogger


def run_one_epoch(model, opt, data_loader, training):
    model.train(mode=training)
    correct = 0
    for x, y in data_loader:
        out = model(x)
        loss = torch.nn.functional.cross_entropy(out, y)
        if training:
            opt.zero_grad()
            loss.backward()
            opt.step()
        correct += float(out.max(dim=1).indices.eq(y).sum())
    return correct


def main(out="log.csv", epochs=3):
    data = TensorDataset(torch.zeros(8, 4), torch.zeros(8, dtype=torch.long))
    train_loader = DataLoader(data, batch_size=4)
    val_loader = DataLoader(data, batch_size=4)
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    csv_logger = CSVLogger(out, ("%d", "epoch"), ("%.3f", "train_acc"), ("%.3f", "val_acc"), ("%d", "wall-time(ms)"))
    for epoch in range(epochs):
        start = time.time()
        train_acc = run_one_epoch(model, opt, data_loader=train_loader, training=True)
        val_acc = run_one_epoch(model, opt, data_loader=val_loader, training=False)
        elapsed = time.time() - start
        wall_ms = elapsed * 1000
        csv_logger.log(epoch + 1, train_acc, val_acc, wall_ms)
    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
"""


LOGS = """
class CSVLogger:
    def __init__(self, fname, *argv):
        self.fname = fname
        with open(fname, "w") as f:
            f.write(",".join(v[1] for v in argv) + "\\n")

    def log(self, *argv):
        with open(self.fname, "a") as f:
            f.write(",".join(str(v) for v in argv) + "\\n")
"""


def test_accuracy_counted_in_an_epoch_function_run_with_training_false_is_an_evaluation(tmp_path):
    result = audit_committed(tmp_path / "eval", {"train.py": SHARED_EPOCH, "logs.py": LOGS})
    f = _status(result, "ET302")
    assert f.status == "PASS", f.message
    assert any(e.detail == "accuracy counted from the predictions on held-out data" for e in f.evidence), (
        f.evidence
    )


def test_a_wall_time_column_in_the_runs_csv_header_records_timings(tmp_path):
    result = audit_committed(tmp_path / "csvtime", {"train.py": SHARED_EPOCH, "logs.py": LOGS})
    f = _status(result, "ET303")
    assert f.status == "PASS", f.message


def test_a_csv_header_with_no_timing_column_records_no_timings(tmp_path):
    plain = SHARED_EPOCH.replace(', ("%d", "wall-time(ms)")', "").replace(
        "csv_logger.log(epoch + 1, train_acc, val_acc, wall_ms)",
        "csv_logger.log(epoch + 1, train_acc, val_acc)\n        print(wall_ms)",
    )
    result = audit_committed(tmp_path / "notime", {"train.py": plain, "logs.py": LOGS})
    assert _status(result, "ET303").status != "PASS"


def test_a_timing_column_the_rows_never_fill_records_no_timings(tmp_path):
    # the header names wall-time(ms), but the reading is printed, never handed to the row writer
    unfilled = SHARED_EPOCH.replace(
        "csv_logger.log(epoch + 1, train_acc, val_acc, wall_ms)",
        "csv_logger.log(epoch + 1, train_acc, val_acc)\n        print(wall_ms)",
    )
    result = audit_committed(tmp_path / "unfilled", {"train.py": unfilled, "logs.py": LOGS})
    assert _status(result, "ET303").status != "PASS"


# One loop function for training and validation, told by `is_validate=True`; TensorBoard tags with spaces;
# the commit set on the options namespace, whose attributes are all written to the run's args.txt
FLOW_LIKE = """
import argparse
import os
import subprocess
import time

import torch
from torch.utils.tensorboard import SummaryWriter

parser = argparse.ArgumentParser()
parser.add_argument("--save", default="./work")
parser.add_argument("--lr", type=float, default=1e-3)
args = parser.parse_args()
args.current_hash = subprocess.check_output(["git", "rev-parse", "HEAD"]).rstrip()
args.log_file = os.path.join(args.save, "args.txt")
os.makedirs(args.save, exist_ok=True)


def log2file(fid, string):
    with open(fid, "a") as f:
        f.write(string + "\\n")


for argument, value in sorted(vars(args).items()):
    log2file(args.log_file, "{}: {}".format(argument, value))

model = torch.nn.Linear(4, 2)
optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
train_logger = SummaryWriter(log_dir=os.path.join(args.save, "train"))
validation_logger = SummaryWriter(log_dir=os.path.join(args.save, "validation"))


def epe(pred, target):
    return torch.norm(target - pred, p=2, dim=1).mean()


def train(epoch, data, logger, is_validate=False):
    total = 0.0
    for x, y in data:
        loss = epe(model(x), y)
        if not is_validate:
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        total += float(loss)
    logger.add_scalar("average batch EPE", total, epoch)
    return total


data = [(torch.zeros(2, 4), torch.zeros(2, 2))]
for epoch in range(10):
    start = time.time()
    train(epoch, data, train_logger)
    train(epoch, data, validation_logger, is_validate=True)
    train_logger.add_scalar("seconds per epoch", time.time() - start, epoch)
    torch.save(model.state_dict(), os.path.join(args.save, "model.pth"))
"""


def test_the_loop_run_with_is_validate_true_is_an_evaluation(tmp_path):
    result = audit_committed(tmp_path / "flow", {"main.py": FLOW_LIKE})
    f = _status(result, "ET302")
    assert f.status == "PASS", f.message


def test_a_tensorboard_tag_of_several_words_naming_a_duration_is_a_timing(tmp_path):
    result = audit_committed(tmp_path / "flow", {"main.py": FLOW_LIKE})
    assert _status(result, "ET303").status == "PASS"


def test_the_commit_kept_on_the_options_written_whole_is_recorded(tmp_path):
    result = audit_committed(tmp_path / "flow", {"main.py": FLOW_LIKE})
    f = _status(result, "ET420")
    assert f.status == "PASS" and "args.current_hash" in f.message, f.message


def test_the_commit_kept_on_options_that_are_never_written_is_not_recorded(tmp_path):
    unwritten = FLOW_LIKE.replace(
        'for argument, value in sorted(vars(args).items()):\n    log2file(args.log_file, "{}: {}".format(argument, value))',
        'log2file(args.log_file, "lr: {}".format(args.lr))',
    )
    result = audit_committed(tmp_path / "unwritten", {"main.py": unwritten})
    assert _status(result, "ET420").status != "PASS"


RELEASE_README = """# NetV1

Official implementation of NetV1 | [Paper](https://arxiv.org/abs/2007.00000) | [Pretrained Models](#pretrained)

## Pretrained

We release the pretrained models trained on ImageNet:

| Model | Top-1 | Weights |
|---|---|---|
| NetV1 x1.0 | 77.9 | [Download](https://drive.google.com/file/d/abc/view) |

## Training

We trained the models with the timm training script:
`./distributed_train.sh 4 /imagenet --model netv1 --lr 0.5 --epochs 400 --amp`
"""


def test_a_model_release_that_trains_nothing_here_keeps_one_artefact_and_no_run_parameters(tmp_path):
    """A model definition with a smoke test and released weights: nothing here trains (no training code
    in the checklist), the released weights are the one artefact kept, the parameters were set where the
    models were trained."""
    files = {"netv1.py": MODEL_WITH_SMOKE_TEST, "README.md": RELEASE_README}
    result = audit_committed(tmp_path / "release", files)
    assert dimension(result, "result_persistence").score == 1
    params = dimension(result, "parameter_logging")
    assert params.score == 1 and "trained elsewhere" in " ".join(params.reasons)
    pwc = dict((i["item"], i["met"]) for i in result.scorecard.checklists["papers_with_code"]["items"])
    assert pwc["Training code"] is False


def test_a_loss_balancers_backward_without_an_optimizer_is_no_training_code(tmp_path):
    from experiment_tracking.rules.facts import training_code

    files = {"codec/__init__.py": "", "codec/balancer.py": BALANCER, "README.md": "# codec\n"}
    result = audit_committed(tmp_path / "balancer", files)
    assert training_code(result.ctx) is None


def test_a_packaged_training_scripts_main_drawing_noise_stays_training(tmp_path):
    """`if __name__ == '__main__': main()` where main() draws numpy noise and trains: the block's random
    draws are in a function that is no test, so it is no self-test."""
    script = TRAINS_ON_RANDOM_DATA.replace('if __name__ == "__main__":\n', "def main():\n").replace(
        'torch.save(model.state_dict(), "net.pt")',
        'torch.save(model.state_dict(), "net.pt")\n\n\nif __name__ == "__main__":\n    main()',
    )
    result = audit_committed(tmp_path / "pkgmain", {"pkg/__init__.py": "", "pkg/train_net.py": script})
    assert "pkg/train_net.py" in {e.path for e in result.ctx.taxonomy.training_entry_points}


# An RL training script on OpenAI Baselines: MPI ranks (mpiexec in the README), GPUs set per rank by the
# library's helper; the logger's folder a parameter with a literal default that no caller passes
BASELINES_TRAIN = """
import argparse

from baselines import logger
from baselines.common.mpi_util import setup_mpi_gpus
from baselines.ppo2 import ppo2
from mpi4py import MPI


def train_fn(env_name, timesteps, comm=None, log_dir="/tmp/procgen"):
    logger.configure(comm=comm, dir=log_dir, format_strs=["csv", "stdout"])
    setup_mpi_gpus()
    ppo2.learn(env=env_name, network="cnn", total_timesteps=timesteps, comm=comm, save_interval=0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--env_name", default="coinrun")
    parser.add_argument("--timesteps", type=int, default=25_000_000)
    args = parser.parse_args()
    train_fn(args.env_name, args.timesteps, comm=MPI.COMM_WORLD)


if __name__ == "__main__":
    main()
"""


def test_baselines_mpi_helpers_are_distributed_training(tmp_path):
    files = {"train.py": BASELINES_TRAIN, "README.md": "Run `mpiexec -np 8 python train.py`.\n"}
    result = audit_committed(tmp_path / "mpi", files)
    mpi = [d for d in result.ctx.detections if d.tool == "mpi"]
    assert mpi and mpi[0].usage == "used", mpi


def test_a_log_dir_default_no_caller_overrides_is_one_fixed_folder(tmp_path):
    result = audit_committed(tmp_path / "fixed", {"train.py": BASELINES_TRAIN})
    parts = [p for p in result.ctx.records.metrics if "progress.csv" in p.target]
    assert parts and parts[0].target == "/tmp/procgen/progress.csv" and parts[0].keeping == "fixed"


def test_a_log_dir_a_caller_passes_is_the_callers(tmp_path):
    passed = BASELINES_TRAIN.replace(
        "comm=MPI.COMM_WORLD)", "comm=MPI.COMM_WORLD, log_dir=args.log_dir)"
    ).replace(
        'parser.add_argument("--timesteps"',
        'parser.add_argument("--log_dir", default="runs")\n    parser.add_argument("--timesteps"',
    )
    result = audit_committed(tmp_path / "passed", {"train.py": passed})
    parts = [p for p in result.ctx.records.metrics if "progress.csv" in p.target]
    assert parts and parts[0].keeping != "fixed"


# A run folder named by the clock's reading bound to a name that reads like a directory option
# (`logdir = str(time.time())`), and the command line written there as a script to rerun the run
CLOCK_NAMED_RUN = """
import os
import sys
import time

import torch


def init_logs():
    global logpath, logdir
    logdir = str(time.time())
    logpath = os.environ["LOG_PATH"] + "/" + logdir + "/"
    os.makedirs(logpath)
    with open(logpath + "run.sh", "w") as f:
        f.write("python " + " ".join(sys.argv) + "\\n")


def train(lr=0.1, epochs=10):
    init_logs()
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    for epoch in range(epochs):
        opt.zero_grad()
        loss = model(torch.zeros(2, 4)).sum()
        loss.backward()
        opt.step()
        with open(logpath + "results.txt", "a") as log:
            log.write(f"{epoch} {float(loss)}\\n")
    torch.save(model.state_dict(), logpath + "model.pt")


if __name__ == "__main__":
    train()
"""


def test_a_run_folder_named_by_a_clock_reading_is_kept_per_run(tmp_path):
    result = audit_committed(tmp_path / "clock", {"train.py": CLOCK_NAMED_RUN})
    parts = [p for p in result.ctx.records.metrics if p.target.endswith("results.txt")]
    assert parts and parts[0].keeping == "time", parts


def test_the_command_line_written_as_a_rerun_script_is_part_of_the_config(tmp_path):
    result = audit_committed(tmp_path / "argv", {"train.py": CLOCK_NAMED_RUN})
    assert any(p.target.endswith("run.sh") for p in result.ctx.records.config), result.ctx.records.config
