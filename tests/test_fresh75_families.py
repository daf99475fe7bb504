"""Families of real code the fresh75 round showed the auditor reading wrong, each with a synthetic case
of our own."""

from __future__ import annotations

import re

from tests.rules.repo_helpers import audit_committed, dimension, finding, status_of

ROW_LOGGER = """import csv


class RowLogger:
    def __init__(self, opts, columns, out_file="log.csv"):
        self.out_file = out_file
        self.handle = open(out_file, "w")
        w = csv.writer(self.handle)
        for name in vars(opts):
            w.writerow([name, getattr(opts, name)])
        w.writerow([""])
        self.rows = csv.DictWriter(self.handle, fieldnames=columns)
        self.rows.writeheader()

    def log(self, row):
        self.rows.writerow(row)
        self.handle.flush()
"""

ROW_TRAIN = """
import argparse
import torch
from tools.rowlog import RowLogger

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=0.1)
p.add_argument("--tag", default="base")
p.add_argument("--seed", type=int, default=1)
args = p.parse_args()
torch.manual_seed(args.seed)
log = RowLogger(opts=args, columns=["epoch", "acc"], out_file="runs/" + args.tag + "_" + str(args.seed) + ".csv")
model = torch.nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
for epoch in range(10):
    loss = model(torch.ones(2)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    log.log({"epoch": epoch, "acc": float(loss)})
torch.save(model.state_dict(), "runs/" + args.tag + ".pt")
"""


def test_writer_class_with_default_file_writes_the_options_its_caller_names(tmp_path):
    """A logger class whose `__init__(..., out_file="log.csv")` opens the file its caller names and writes
    every option of the namespace it is handed (`for name in vars(opts): w.writerow([name, ...])`) before
    the metric rows: the run's options are recorded in the file the caller names per run, not "no
    parameter logging"."""
    result = audit_committed(
        tmp_path, {"train.py": ROW_TRAIN, "tools/rowlog.py": ROW_LOGGER, "tools/__init__.py": ""}
    )
    records = result.ctx.records
    assert any(p.target.startswith("runs/") for p in records.whole_config())
    assert status_of(result, "ET210") != "FAIL"
    assert dimension(result, "parameter_logging").score >= 3


EVAL_BY_HAND = """
import argparse
import csv
import torch

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=0.1)
args = p.parse_args()
model = torch.nn.Linear(2, 2)
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
loader = [(torch.ones(4, 2), torch.zeros(4, dtype=torch.long))]


def test(data):
    model.eval()
    correct = 0.0
    total = 0.0
    for x, y in data:
        with torch.no_grad():
            pred = model(x)
        pred = torch.max(pred.data, 1)[1]
        total += y.size(0)
        correct += (pred == y).sum().item()
    model.train()
    return correct / total

out = open("results.csv", "w")
rows = csv.writer(out)
for epoch in range(3):
    for x, y in loader:
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    acc = test(loader)
    rows.writerow([epoch, acc])
torch.save(model.state_dict(), "model.pt")
"""


def test_accuracy_counted_by_hand_is_an_evaluation_metric(tmp_path):
    """`test()` counting `correct += (pred == y).sum().item()` over a loader is the project's own
    evaluation, whatever no library metric is called: not "no evaluation metric computation"."""
    result = audit_committed(tmp_path, {"train.py": EVAL_BY_HAND})
    f = finding(result, "ET302")
    assert f.status == "PASS", f.message
    line = EVAL_BY_HAND.lstrip("\n").split("\n").index("def test(data):") + 1
    assert any(e.path == "train.py" and e.line == line for e in f.evidence), f.evidence


BEST_OR_LAST = """
import argparse
import torch

p = argparse.ArgumentParser()
p.add_argument("--epochs", type=int, default=3)
p.add_argument("--resume", action="store_true")
args = p.parse_args()
model = torch.nn.Linear(2, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
best_acc = 0
if args.resume:
    checkpoint = torch.load("./ckpt/state.t7")
    model.load_state_dict(checkpoint["net"])


def evaluate(epoch):
    global best_acc
    correct = (model(torch.ones(4, 2)).argmax(1) == 0).sum().item()
    acc = 100.0 * correct / 4
    if epoch == args.epochs - 1 or acc > best_acc:
        checkpoint(acc, epoch)
    if acc > best_acc:
        best_acc = acc


def checkpoint(acc, epoch):
    torch.save({"net": model.state_dict(), "acc": acc, "epoch": epoch}, "./ckpt/state.t7")


for epoch in range(args.epochs):
    loss = model(torch.ones(2)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    evaluate(epoch)
"""


def test_save_on_improvement_or_last_epoch_into_one_file_may_not_keep_the_best(tmp_path):
    """`if epoch == last or acc > best_acc: checkpoint()` writing one file: the best so far is saved during
    training and the last epoch's model over it at the end. The module's `def checkpoint` is what the
    function calls, not the `checkpoint = torch.load(...)` the resume branch bound at the top."""
    result = audit_committed(tmp_path, {"train.py": BEST_OR_LAST})
    f = finding(result, "ET310")
    assert f.status == "WARN", f.message
    line = (
        BEST_OR_LAST.lstrip("\n").split("\n").index("    if epoch == args.epochs - 1 or acc > best_acc:") + 1
    )
    assert f"train.py:{line}" in f.message and "same file" in f.message


BEST_FLAG_IGNORED = """
import torch

model = torch.nn.Linear(2, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
best_prec = 0


def validate():
    correct = (model(torch.ones(4, 2)).argmax(1) == 0).sum().item()
    return correct / 4


def save_checkpoint(state, is_best, filename="checkpoint.pth.tar"):
    torch.save(state, filename)


for epoch in range(3):
    loss = model(torch.ones(2)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    prec = validate()
    is_best = prec > best_prec
    best_prec = max(prec, best_prec)
    save_checkpoint({"epoch": epoch + 1, "state_dict": model.state_dict()}, is_best, filename="runs/model.th")
"""

BEST_FLAG_USED = BEST_FLAG_IGNORED.replace(
    "    torch.save(state, filename)\n",
    "    torch.save(state, filename)\n    if is_best:\n        shutil.copyfile(filename, 'runs/model_best.th')\n",
).replace("import torch\n", "import shutil\nimport torch\n", 1)


def test_is_best_flag_handed_to_a_writer_that_ignores_it_selects_nothing(tmp_path):
    """`save_checkpoint(state, is_best, filename=...)` whose body only saves `state`: the flag's name is no
    best-model selection; the writer that copies the best file under `if is_best:` is one."""
    ignored = audit_committed(tmp_path / "ignored", {"train.py": BEST_FLAG_IGNORED})
    assert status_of(ignored, "ET310") == "WARN", finding(ignored, "ET310").message
    used = audit_committed(tmp_path / "used", {"train.py": BEST_FLAG_USED})
    assert status_of(used, "ET310") == "PASS", finding(used, "ET310").message


THEANO_MODEL = """import cPickle
import lasagne
import theano
import theano.tensor as T


class Model(object):
    def __init__(self, args):
        self.model_file = args.model_file
        self.layers = []

    def build(self):
        x = T.matrix("x")
        y = T.ivector("y")
        net = lasagne.layers.DenseLayer(lasagne.layers.InputLayer((None, 4), x), 2)
        self.layers = [net]
        loss = lasagne.objectives.categorical_crossentropy(lasagne.layers.get_output(net), y).mean()
        params = lasagne.layers.get_all_params(net)
        updates = lasagne.updates.sgd(loss, params, learning_rate=0.1)
        self.train_fn = theano.function([x, y], loss, updates=updates)
        self.test_fn = theano.function([x], lasagne.layers.get_output(net))

    def step_train(self, xs, ys, max_iter):
        for _ in range(max_iter):
            self.train_fn(xs, ys)

    def predict(self, xs):
        return self.test_fn(xs)

    def store_params(self):
        for i, layer in enumerate(self.layers):
            out = open("{}.{}".format(self.model_file, i), "wb")
            cPickle.dump(lasagne.layers.get_all_param_values(layer), out, cPickle.HIGHEST_PROTOCOL)
            out.close()
"""

THEANO_SCRIPT = """
import argparse
import numpy as np
from model import Model

parser = argparse.ArgumentParser()
parser.add_argument("--model_file", default="ind.model")
args = parser.parse_args()
xs, ys = np.zeros((8, 4), dtype="float32"), np.zeros(8, dtype="int32")
m = Model(args)
m.build()
best = 0
while True:
    m.step_train(xs, ys, max_iter=1)
    acc = (m.predict(xs).argmax(1) == ys).mean()
    if acc > best:
        m.store_params()
        best = acc
"""


def test_theano_script_named_test_that_trains_is_a_training_entry_point(tmp_path):
    """Theano compiles the training step (`theano.function(..., updates=sgd(...))`); a script named
    test_ind.py that calls the model's `step_train(...)` in a loop trains, whatever its name. Its
    `cPickle.dump` of `get_all_param_values()` into one file per layer (`{model_file}.{i}` with `i` the
    layer's index) is one overwritten checkpoint, not a file per step."""
    result = audit_committed(tmp_path, {"test_ind.py": THEANO_SCRIPT, "model.py": THEANO_MODEL})
    tax = result.ctx.taxonomy
    assert [e.path for e in tax.training_entry_points] == ["test_ind.py"]
    ckpts = result.ctx.records.checkpoints
    assert ckpts and all(not p.labelled for p in ckpts), ckpts
    assert dimension(result, "result_persistence").score == 1


def test_mode_switch_named_train_in_an_evaluation_script_is_no_training(tmp_path):
    """An evaluation script calling `model.train()` (a mode switch, no arguments) beside a project
    `train(...)` function it imports is still no training entry point."""
    lib = (
        "import torch\n\n\ndef train(model, data):\n    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "    loss = model(data).sum()\n    loss.backward()\n    opt.step()\n"
    )
    evaluate = (
        "import torch\nfrom lib import train\n\nmodel = torch.nn.Linear(2, 1)\n"
        'model.load_state_dict(torch.load("model.pt"))\nmodel.train()\nprint(model(torch.ones(2)))\n'
    )
    trainer = "import torch\nfrom lib import train\n\nif __name__ == '__main__':\n    train(torch.nn.Linear(2, 1), torch.ones(2))\n"
    result = audit_committed(tmp_path, {"lib.py": lib, "test_model.py": evaluate, "run.py": trainer})
    assert [e.path for e in result.ctx.taxonomy.training_entry_points] == ["run.py"]


SIMPLE_TRAIN = """
import torch

model = torch.nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(10):
    loss = model(torch.ones(2)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
torch.save(model.state_dict(), "model.pt")
"""


def test_python_version_in_a_requirements_list_item_is_stated(tmp_path):
    """`* Python version 3.6` in the README's requirements list states the interpreter."""
    readme = "# Proj\n\n## Requirements\n* A GPU\n* Python version 3.6\n* PyTorch\n\nRun `python train.py`.\n"
    result = audit_committed(tmp_path, {"train.py": SIMPLE_TRAIN, "README.md": readme})
    f = finding(result, "ET411")
    assert f.status == "PASS" and "README.md:5" in f.message, f.message


def test_mise_tools_python_pins_the_interpreter(tmp_path):
    """mise's `[tools] python = "3.12"` is installed by `mise install`: the interpreter is pinned."""
    mise = '[tools]\npython = "3.12"\nuv = "latest"\n'
    result = audit_committed(tmp_path, {"train.py": SIMPLE_TRAIN, ".mise.toml": mise})
    f = finding(result, "ET411")
    assert f.status == "PASS" and ".mise.toml:2" in f.message, f.message


def test_fixes_for_a_project_stating_python_35_use_no_fstrings(tmp_path):
    """A README stating `python=3.5.2` gets snippets without f-strings (a SyntaxError before 3.6)."""
    readme = "# Proj\n\n## Requirements\n- python=3.5.2\n- pytorch=1.0.0\n\nRun `python train.py`.\n"
    result = audit_committed(tmp_path, {"train.py": SIMPLE_TRAIN, "README.md": readme})
    snippets = [f.recommendation for f in result.findings if "```python" in (f.recommendation or "")]
    snippets += [r.get("snippet") or "" for r in result.recommendations]
    assert snippets
    assert not any(re.search(r"""\bf["'][^"'\n]*\{""", s) for s in snippets), snippets


TUTORIAL_CHAPTER = """
import numpy as np
import torch

SEED = 777
np.random.seed(SEED)
torch.manual_seed(SEED)


def train(num_frames):
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for frame in range(num_frames):
        loss = model(torch.ones(4)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model


if __name__ == "__main__":
    train(2000)
"""


def test_a_step_by_step_tutorial_owes_no_team_process(tmp_path):
    """A README that says "This is a step-by-step tutorial from DQN to Rainbow" over chapter scripts is
    teaching material: no shared tracking server (ET601), pipeline (ET501), model card (ET610) or
    registry (ET520) is asked of it."""
    readme = "# Rainbow\n\nThis is a step-by-step tutorial from DQN to Rainbow.\nEvery chapter explains the theory.\n"
    files = {"README.md": readme, "LICENSE": "MIT License\n"}
    files.update({f"{i:02d}_chapter.py": TUTORIAL_CHAPTER for i in range(1, 5)})
    result = audit_committed(tmp_path, files)
    asked = {f.rule_id for f in result.findings if f.status in ("FAIL", "WARN", "REVIEW")}
    assert not asked & {"ET501", "ET601", "ET610", "ET520"}, asked


def test_code_for_a_blog_post_is_teaching_material(tmp_path):
    """ "Code for The Annotated Transformer blog post": an annotated walkthrough, owed no team process."""
    readme = "Code for The Annotated Transformer blog post:\n\nhttp://nlp.example.org/annotated/\n"
    result = audit_committed(tmp_path, {"README.md": readme, "the_annotated.py": TUTORIAL_CHAPTER})
    asked = {f.rule_id for f in result.findings if f.status in ("FAIL", "WARN", "REVIEW")}
    assert not asked & {"ET501", "ET601", "ET610", "ET520"}, asked


def test_a_project_readme_pointing_to_its_tutorial_is_no_teaching_material(tmp_path):
    """ "See the tutorial in docs/" is a project's how-to, not a course: the team's findings stay."""
    readme = "# Churn model\n\nTrains the churn model. See the tutorial in docs/ to get started.\n"
    result = audit_committed(tmp_path, {"README.md": readme, "train.py": TUTORIAL_CHAPTER})
    assert status_of(result, "ET601") not in (None, "PASS")


LIBRARY_DATA_TRAIN = """
import torch
import torchvision
import torchvision.transforms as T

train_set = torchvision.datasets.CIFAR10(root="data/", train=True, download=True, transform=T.ToTensor())
loader = torch.utils.data.DataLoader(train_set, batch_size=128, shuffle=True)
model = torch.nn.Linear(3 * 32 * 32, 10)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for x, y in loader:
    loss = torch.nn.functional.cross_entropy(model(x.flatten(1)), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
torch.save(model.state_dict(), "model.pt")
"""


def test_a_library_dataset_checked_by_its_checksums_is_named_by_the_library_version(tmp_path):
    """torchvision's CIFAR10 fetches one release and checks it against md5 sums in torchvision's code: the
    data's version is the library's. The findings say so, and the fix is to pin and record torchvision,
    not to hash a data directory or adopt DVC."""
    result = audit_committed(
        tmp_path, {"train.py": LIBRARY_DATA_TRAIN, "requirements.txt": "torch\ntorchvision\n"}
    )
    for rule in ("ET120", "ET421"):
        f = finding(result, rule)
        assert f.status == "WARN", (rule, f.message)
        assert "torchvision.datasets.CIFAR10" in f.message and "train.py:5" in f.message, f.message
        assert "dvc" not in (f.recommendation or "").lower()
    assert "torchvision==" in finding(result, "ET120").recommendation


def test_a_pinned_library_names_its_datasets_version(tmp_path):
    """torchtext pinned exactly in requirements.txt pins the Multi30k release its dataset class checks."""
    train = LIBRARY_DATA_TRAIN.replace(
        'torchvision.datasets.CIFAR10(root="data/", train=True, download=True, transform=T.ToTensor())',
        "torchtext.datasets.Multi30k(split='train')",
    ).replace("import torchvision\n", "import torchtext\nimport torchvision\n")
    result = audit_committed(
        tmp_path, {"train.py": train, "requirements.txt": "torch==2.1.0\ntorchtext==0.16.0\n"}
    )
    f = finding(result, "ET421")
    assert "torchtext==0.16.0" in f.message and "requirements.txt:2" in f.message, f.message


def test_an_image_folder_of_ones_own_files_is_no_library_release(tmp_path):
    """ImageFolder reads the user's own files: nothing in torchvision names their version."""
    train = LIBRARY_DATA_TRAIN.replace(
        'torchvision.datasets.CIFAR10(root="data/", train=True, download=True, transform=T.ToTensor())',
        'torchvision.datasets.ImageFolder("data/train", transform=T.ToTensor())',
    )
    result = audit_committed(tmp_path, {"train.py": train})
    assert "torchvision checks" not in finding(result, "ET120").message


ABSL_LEARNER = """
from absl import flags
import tensorflow as tf

flags.DEFINE_integer("batch_size", 64, "Batch size for training.")
flags.DEFINE_float("learning_rate", 1e-3, "Learning rate.")
FLAGS = flags.FLAGS


def learner_loop(create_env):
    model = tf.keras.Sequential([tf.keras.layers.Dense(2)])
    opt = tf.keras.optimizers.Adam(FLAGS.learning_rate)
    for _ in range(10):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(model(tf.ones((FLAGS.batch_size, 4))))
        opt.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
"""

ABSL_MAIN = """
from absl import app
from agents import learner


def main(argv):
    learner.learner_loop(None)


if __name__ == "__main__":
    app.run(main)
"""


def test_a_module_that_only_declares_absl_flags_is_no_script(tmp_path):
    """agents/learner.py declares its options with `flags.DEFINE_*` at the top and defines the loop a main
    script calls: running it does nothing, so it is a library, not a second training entry point."""
    result = audit_committed(
        tmp_path, {"agents/__init__.py": "", "agents/learner.py": ABSL_LEARNER, "r2d2_main.py": ABSL_MAIN}
    )
    assert [e.path for e in result.ctx.taxonomy.training_entry_points] == ["r2d2_main.py"]


def test_a_script_without_a_main_guard_is_cited_where_its_training_starts(tmp_path):
    """A literate script draws a figure at the top and trains far below (`model = fit_model()`): the
    training entry point is the call that trains, not the first line of work."""
    script = (
        "import torch\nimport matplotlib.pyplot as plt\n\n\ndef show_example():\n    plt.plot([1, 2])\n\n\n"
        "show_example()\n\n\ndef fit_model():\n    model = torch.nn.Linear(2, 1)\n"
        "    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n    for _ in range(3):\n"
        "        loss = model(torch.ones(2)).sum()\n        opt.zero_grad()\n        loss.backward()\n"
        "        opt.step()\n    return model\n\n\nmodel = fit_model()\n"
    )
    result = audit_committed(tmp_path, {"walkthrough.py": script})
    entries = result.ctx.taxonomy.training_entry_points
    assert [(e.path, e.line) for e in entries] == [("walkthrough.py", 23)], entries


def test_a_job_spec_naming_the_gpu_documents_the_hardware(tmp_path):
    """A launch script whose job spec requests `type: NVIDIA_TESLA_P100` (GCP AI Platform) or a SLURM
    `--gres=gpu:v100:2` states the hardware its runs get."""
    gcp = (
        "#!/bin/bash\ncat > /tmp/config.yaml <<EOF\ntrainingInput:\n  masterType: n1-highmem-32\n"
        "  masterConfig:\n    acceleratorConfig:\n      count: 2\n      type: NVIDIA_TESLA_P100\nEOF\n"
        "gcloud ai-platform jobs submit training job --config /tmp/config.yaml\n"
    )
    result = audit_committed(tmp_path / "gcp", {"train.py": SIMPLE_TRAIN, "gcp/train.sh": gcp})
    f = finding(result, "ET413")
    assert f.status == "PASS" and any(e.where() == "gcp/train.sh:8" for e in f.evidence), f.evidence
    slurm = "#!/bin/bash\n#SBATCH --gres=gpu:v100:2\n#SBATCH --time=24:00:00\npython train.py\n"
    result = audit_committed(tmp_path / "slurm", {"train.py": SIMPLE_TRAIN, "job.sh": slurm})
    assert status_of(result, "ET413") == "PASS"
    untyped = "#!/bin/bash\n#SBATCH --gres=gpu:2\npython train.py\n"
    result = audit_committed(tmp_path / "untyped", {"train.py": SIMPLE_TRAIN, "job.sh": untyped})
    assert status_of(result, "ET413") != "PASS"


def test_a_uv_project_lists_its_packages_with_uv(tmp_path):
    """A project whose environment is uv's (uv.lock at the root) has no pip in it by default: the fixes that
    record the installed packages call `uv pip freeze`."""
    lock = 'version = 1\nrequires-python = ">=3.12"\n\n[[package]]\nname = "torch"\nversion = "2.5.1"\n'
    pyproject = '[project]\nname = "demo"\nversion = "0.1.0"\nrequires-python = ">=3.12"\ndependencies = ["torch>=2.5"]\n'
    result = audit_committed(
        tmp_path, {"train.py": SIMPLE_TRAIN, "uv.lock": lock, "pyproject.toml": pyproject}
    )
    texts = [f.recommendation or "" for f in result.findings] + [
        r.get("snippet") or "" for r in result.recommendations
    ]
    assert any("'uv', 'pip', 'freeze'" in t for t in texts)
    assert not any("'-m', 'pip', 'freeze'" in t for t in texts)


def test_commit_fix_for_runs_in_an_image_without_git_passes_the_commit_at_build_time(tmp_path):
    """A Dockerfile that copies the repository (`ADD . /app/`) and installs no git: `git rev-parse` inside
    the container fails, so the fix passes the commit as a build argument; with git installed it does not."""
    docker = "FROM tensorflow/tensorflow:2.4.1-gpu\nRUN pip install gym==0.17.3\nADD . /app/\nWORKDIR /app\n"
    result = audit_committed(tmp_path / "nogit", {"train.py": SIMPLE_TRAIN, "docker/Dockerfile": docker})
    fix = finding(result, "ET420").recommendation
    assert "--build-arg GIT_COMMIT" in fix and "docker/Dockerfile:3" in fix, fix
    with_git = docker.replace("RUN pip", "RUN apt-get update && apt-get install -y git\nRUN pip")
    result = audit_committed(tmp_path / "git", {"train.py": SIMPLE_TRAIN, "docker/Dockerfile": with_git})
    assert "--build-arg" not in finding(result, "ET420").recommendation


def test_a_config_record_named_from_settings_only_is_not_kept_per_run(tmp_path):
    """`runs/{args.dataset}_{args.model}.csv` holding every option: a rerun of the same dataset and model
    with another learning rate writes over it, so it is not the automatic per-run capture of level 5."""
    train = (
        ROW_TRAIN.replace(
            'p.add_argument("--tag", default="base")',
            'p.add_argument("--dataset", default="cifar10")\np.add_argument("--model", default="resnet18")',
        )
        .replace(
            'out_file="runs/" + args.tag + "_" + str(args.seed) + ".csv"',
            'out_file="runs/" + args.dataset + "_" + args.model + ".csv"',
        )
        .replace('"runs/" + args.tag + ".pt"', '"runs/" + args.dataset + ".pt"')
    )
    result = audit_committed(
        tmp_path, {"train.py": train, "tools/rowlog.py": ROW_LOGGER, "tools/__init__.py": ""}
    )
    assert dimension(result, "parameter_logging").score == 4
