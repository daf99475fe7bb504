"""Guards for the defects a code review found in the fresh75 changes: each case is one the first version
of a rule answered wrong."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, finding, status_of

LOOP = """
import torch

model = torch.nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
best_acc, min_val_loss = 0.0, 1e9
for epoch in range(20):
    loss = model(torch.ones(2)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    acc = (model(torch.ones(4, 2)) > 0).float().mean().item()
    val_loss = float(loss)
    if COND:
        torch.save(model.state_dict(), TARGET)
    best_acc = max(acc, best_acc)
"""


def test_save_on_improvement_or_every_tenth_epoch_into_its_own_file_keeps_the_best(tmp_path):
    code = LOOP.replace("COND", "acc > best_acc or epoch % 10 == 0").replace(
        "TARGET", 'f"checkpoints/model_epoch{epoch}.pt"'
    )
    assert status_of(audit_committed(tmp_path, {"train.py": code}), "ET310") == "PASS"


def test_save_on_either_of_two_improvements_selects_the_best(tmp_path):
    code = LOOP.replace("COND", "acc > best_acc or val_loss < min_val_loss").replace("TARGET", '"best.pt"')
    assert status_of(audit_committed(tmp_path, {"train.py": code}), "ET310") == "PASS"


FEDAVG = """
import torch


class Server:
    def __init__(self, rounds):
        self.rounds = rounds
        self.model = torch.nn.Linear(2, 1)

    def run(self):
        opt = torch.optim.SGD(self.model.parameters(), lr=0.1)
        for r in range(self.rounds):
            loss = self.model(torch.ones(2)).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            torch.save(self.model.state_dict(), "global_round_{}.pt".format(r))


if __name__ == "__main__":
    Server(10).run()
"""


def test_a_loop_over_a_count_the_object_holds_is_a_step(tmp_path):
    """`for r in range(self.rounds)` counts the rounds of the run: one file per round is kept."""
    result = audit_committed(tmp_path, {"train.py": FEDAVG})
    assert any(p.labelled for p in result.ctx.records.checkpoints), result.ctx.records.checkpoints


RBM_SAMPLER = """
import numpy as np
import theano
import theano.tensor as T
from theano.sandbox.rng_mrg import MRG_RandomStreams

W = theano.shared(np.load("rbm_weights.npy"))
rng = MRG_RandomStreams(1)
v = T.matrix("v")


def gibbs(v0):
    h = rng.binomial(p=T.nnet.sigmoid(T.dot(v0, W)))
    return rng.binomial(p=T.nnet.sigmoid(T.dot(h, W.T)))


chain, updates = theano.scan(gibbs, outputs_info=[v], n_steps=100)
sample = theano.function([v], chain[-1], updates=updates)
np.save("samples.npy", sample(np.zeros((10, 784), dtype="float32")))
"""


def test_a_theano_sampling_chain_is_no_training(tmp_path):
    """`theano.function(..., updates=...)` whose updates come from `theano.scan` moves a random state:
    with no gradient taken in the module, nothing trains."""
    result = audit_committed(tmp_path, {"draw_digits.py": RBM_SAMPLER})
    assert result.ctx.taxonomy.training_entry_points == []


NET = """
import torch


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(2, 2)

    def forward(self, x):
        return self.fc(x)



def train(model, x, y, opt):
    loss = torch.nn.functional.cross_entropy(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
"""

TEST_SCRIPT = """
import torch
from net import Net

model = Net()
model.load_state_dict(torch.load("model.pt"))
model.train(False)
print((model(torch.ones(4, 2)).argmax(1) == 0).float().mean())
"""


def test_a_test_script_switching_the_model_out_of_training_mode_trains_nothing(tmp_path):
    """`model.train(False)` is nn.Module's mode switch, whatever a `train()` function the module defines."""
    result = audit_committed(tmp_path, {"net.py": NET, "test.py": TEST_SCRIPT})
    assert "test.py" not in [e.path for e in result.ctx.taxonomy.training_entry_points]


OWN_FILES_TRAIN = """
import torch
import torchvision
import torchvision.transforms as T

data = torchvision.datasets.ImageFolder("data/train", transform=T.ToTensor())
model = torch.nn.Linear(3, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for x, y in torch.utils.data.DataLoader(data, batch_size=4):
    loss = torch.nn.functional.cross_entropy(model(x.mean((2, 3))), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
torch.save(model.state_dict(), "model.pt")
"""

FIGURES = """
import torchvision

samples = torchvision.datasets.CIFAR10("cifar", download=True)
samples[0][0].save("sample.png")
"""


def test_a_figure_script_reading_cifar_says_nothing_of_the_training_data(tmp_path):
    result = audit_committed(tmp_path, {"train.py": OWN_FILES_TRAIN, "make_figures.py": FIGURES})
    assert "CIFAR10" not in finding(result, "ET120").message


def test_coco_read_from_the_users_copy_is_no_library_release(tmp_path):
    code = OWN_FILES_TRAIN.replace(
        'torchvision.datasets.ImageFolder("data/train", transform=T.ToTensor())',
        'torchvision.datasets.CocoDetection("coco/train2017", "coco/annotations/instances_train2017.json")',
    )
    result = audit_committed(tmp_path, {"train.py": code})
    assert "torchvision checks" not in finding(result, "ET120").message


def test_tensorflow_gpu_pins_the_keras_datasets_release(tmp_path):
    train = (
        "import tensorflow as tf\n\n(x, y), _ = tf.keras.datasets.mnist.load_data()\n"
        "model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])\n"
        "model.compile('adam', 'sparse_categorical_crossentropy')\nmodel.fit(x, y, epochs=1)\n"
        "model.save('model.h5')\n"
    )
    result = audit_committed(tmp_path, {"train.py": train, "requirements.txt": "tensorflow-gpu==1.15.0\n"})
    f = finding(result, "ET120")
    assert "tensorflow-gpu==1.15.0" in f.message, f.message


DEFAULT_LOGGER = """import csv


class CSVLogger:
    def __init__(self, args, fieldnames, filename="log.csv"):
        self.csv_file = open(filename, "w")
        self.writer = csv.DictWriter(self.csv_file, fieldnames=fieldnames)
        self.writer.writeheader()

    def writerow(self, row):
        self.writer.writerow(row)
"""

DEFAULT_TRAIN = """
import argparse
import torch
from logger import CSVLogger

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=0.1)
args = p.parse_args()
log = CSVLogger(args, ["epoch", "loss"])
model = torch.nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
for epoch in range(3):
    loss = model(torch.ones(2)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    log.writerow({"epoch": epoch, "loss": float(loss)})
"""


def test_a_writer_class_constructed_without_a_file_writes_its_default(tmp_path):
    """`CSVLogger(args, fields)` names no file: the rows go to the default `log.csv`, a metrics record."""
    result = audit_committed(tmp_path, {"train.py": DEFAULT_TRAIN, "logger.py": DEFAULT_LOGGER})
    assert any(p.target == "log.csv" for p in result.ctx.records.metrics), result.ctx.records.metrics
    assert status_of(result, "ET301") != "FAIL"


METRIC_LOGGER = """import csv


class MetricLogger:
    def __init__(self, args, filename):
        self.every = args.log_every
        self.f = open(filename, "w")
        self.rows = csv.writer(self.f)

    def log(self, step, loss):
        if step % self.every == 0:
            self.rows.writerow([step, loss])
"""


def test_options_handed_by_keyword_to_a_writer_that_only_reads_them_are_not_logged(tmp_path):
    train = (
        DEFAULT_TRAIN.replace(
            'log = CSVLogger(args, ["epoch", "loss"])',
            'log = MetricLogger(args=args, filename="runs/metrics.csv")',
        )
        .replace("from logger import CSVLogger", "from logger import MetricLogger")
        .replace('log.writerow({"epoch": epoch, "loss": float(loss)})', "log.log(epoch, float(loss))")
    )
    result = audit_committed(tmp_path, {"train.py": train, "logger.py": METRIC_LOGGER})
    assert status_of(result, "ET210") != "PASS", finding(result, "ET210").message


def test_code_for_the_experiments_in_a_blog_post_is_no_teaching_material(tmp_path):
    readme = (
        "# Churn study\n\nCode for the experiments in our blog post on churn (40 runs on internal data).\n"
    )
    train = "import torch\n\nmodel = torch.nn.Linear(2, 1)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nloss = model(torch.ones(2)).sum()\nloss.backward()\nopt.step()\n"
    result = audit_committed(tmp_path, {"README.md": readme, "train.py": train})
    assert status_of(result, "ET601") is not None
