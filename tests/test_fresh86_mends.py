"""Mends of round fresh86's families, from a review of the change: each case was wrong on the first build of
the round and is right now."""

from tests.rules.repo_helpers import audit_committed, dimension, finding, status_of
from tests.test_fresh86_families import RLLAB_ALGO  # the trainer the rllab launches run

BEST_KEY_LOGGED = """import argparse
import json
import os

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--out", default="runs/x")
parser.add_argument("--lr", type=float, default=0.1)
args = parser.parse_args()
model = torch.nn.Linear(2, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
best_acc = 0.0
log = open(os.path.join(args.out, "log.txt"), "a")
for epoch in range(10):
    loss = model(torch.randn(4, 2)).sum()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    val_acc = float(loss)
    if val_acc > best_acc:
        best_acc = val_acc
        log.write(json.dumps({"best_acc": best_acc}) + "\\n")
    torch.save(model.state_dict(), os.path.join(args.out, "checkpoint.pth"))
"""


def test_a_best_named_key_logged_in_the_best_block_names_no_checkpoint(tmp_path):
    result = audit_committed(tmp_path / "r", {"train.py": BEST_KEY_LOGGED, "README.md": "# x\n"})
    assert "best model is selected" not in finding(result, "ET310").message, finding(result, "ET310").message


CAMELCASE_TRAINLOG_FILES = {
    "README.md": "# x\n",
    "train.py": 'import argparse\nimport os\nimport pickle\n\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--out", default="runs/x")\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\nmodel = torch.nn.Linear(2, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\ntrainLog = []\nfor epoch in range(10):\n    loss = model(torch.randn(4, 2)).sum()\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\n    trainLog.append(float(loss))\n    with open(os.path.join(args.out, "trainLog.pkl"), "wb") as f:\n        pickle.dump(trainLog, f)\ntorch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n',
}


def test_a_camelcase_log_list_dumped_each_epoch_is_a_metrics_history(tmp_path):
    # trainLog.append(loss); pickle.dump(trainLog, ...): 'Log' after a lower-case letter is still a log
    result = audit_committed(tmp_path / "r", CAMELCASE_TRAINLOG_FILES)
    assert status_of(result, "ET301") == "PASS", finding(result, "ET301").message


METRIC_LINE_HPARAM_FILES = {
    "README.md": "# x\n",
    "train.py": 'import argparse\nimport os\n\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--out", default="runs/x")\nparser.add_argument("--lr", type=float, default=0.1)\nparser.add_argument("--loss_weight", type=float, default=0.5)\nargs = parser.parse_args()\nos.makedirs(args.out, exist_ok=True)\nwith open(os.path.join(args.out, "setup.txt"), "w") as f:\n    print("learning rate = %.4f" % args.lr, file=f)\n    print("loss weight = %.2f" % args.loss_weight, file=f)\nmodel = torch.nn.Linear(2, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\nfor step in range(10):\n    loss = args.loss_weight * model(torch.randn(4, 2)).sum()\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\ntorch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n',
}


def test_a_formatted_line_of_an_option_is_no_metric(tmp_path):
    # "loss weight = %.2f" % args.loss_weight into setup.txt: a setting, not a result
    result = audit_committed(tmp_path / "r", METRIC_LINE_HPARAM_FILES)
    assert status_of(result, "ET301") != "PASS", finding(result, "ET301").message


SHELL_ECHO_ARROW_FILES = {
    "README.md": "# x\n",
    "run.sh": '#!/bin/bash\necho "=> code version: $(git rev-parse --short HEAD)"\npython train.py --out runs/a\n',
    "train.py": '\nimport argparse\nimport os\n\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--out", default="runs/x")\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\nmodel = torch.nn.Linear(2, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\nfor step in range(10):\n    loss = model(torch.randn(4, 2)).sum()\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\ntorch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n\n',
}


def test_an_arrow_inside_an_echoed_string_sends_nothing_to_a_file(tmp_path):
    # echo "=> code version: $(git rev-parse --short HEAD)": printed only
    result = audit_committed(tmp_path / "r", SHELL_ECHO_ARROW_FILES)
    assert status_of(result, "ET420") != "PASS", finding(result, "ET420").message


SHELL_DEV_STDERR_FILES = {
    "README.md": "# x\n",
    "run.sh": "#!/bin/bash\ngit rev-parse HEAD > /dev/stderr\npython train.py --out runs/a\n",
    "train.py": '\nimport argparse\nimport os\n\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--out", default="runs/x")\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\nmodel = torch.nn.Linear(2, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\nfor step in range(10):\n    loss = model(torch.randn(4, 2)).sum()\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\ntorch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n\n',
}


def test_the_commit_sent_to_dev_stderr_is_printed(tmp_path):
    # git rev-parse HEAD > /dev/stderr: a device, not a file
    result = audit_committed(tmp_path / "r", SHELL_DEV_STDERR_FILES)
    assert status_of(result, "ET420") != "PASS", finding(result, "ET420").message


SHELL_RELEASE_VERSION_FILES = {
    "README.md": "# x\n",
    "train.py": '\nimport argparse\nimport os\n\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--out", default="runs/x")\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\nmodel = torch.nn.Linear(2, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\nfor step in range(10):\n    loss = model(torch.randn(4, 2)).sum()\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\ntorch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n\n',
    "scripts/release.sh": "#!/bin/bash\n# build the package and its docs\ngit describe --tags --always > VERSION\npython -m build\n",
}


def test_a_release_script_writing_version_starts_no_run(tmp_path):
    # git describe > VERSION beside python -m build: packaging, no training run
    result = audit_committed(tmp_path / "r", SHELL_RELEASE_VERSION_FILES)
    assert status_of(result, "ET420") != "PASS", finding(result, "ET420").message


SHELL_COMMIT_VIA_VARIABLE_FILES = {
    "README.md": "# x\n",
    "run.sh": '#!/bin/bash\nout="runs/$(date +%Y%m%d_%H%M%S)"\nmkdir -p "$out"\nCOMMIT=$(git rev-parse HEAD)\necho "$COMMIT" > "$out/commit.txt"\npython train.py --out "$out"\n',
    "train.py": '\nimport argparse\nimport os\n\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--out", default="runs/x")\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\nmodel = torch.nn.Linear(2, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\nfor step in range(10):\n    loss = model(torch.randn(4, 2)).sum()\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\ntorch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n\n',
}


def test_the_commit_kept_in_a_variable_then_written_is_recorded(tmp_path):
    # COMMIT=$(git rev-parse HEAD); echo "$COMMIT" > "$out/commit.txt"
    result = audit_committed(tmp_path / "r", SHELL_COMMIT_VIA_VARIABLE_FILES)
    assert status_of(result, "ET420") == "PASS", finding(result, "ET420").message


HISTORY_VOCAB_BUILDER_FILES = {
    "README.md": "# x\n",
    "train.py": 'import argparse\nimport os\n\nimport torch\n\nfrom vocab import Vocab\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--out", default="runs/x")\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\nvocab = Vocab()\nvocab.build(open("data/train.txt").read().splitlines(), os.path.join(args.out, "vocab.pkl"))\nmodel = torch.nn.Embedding(len(vocab.words), 8)\noptimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\nfor epoch in range(10):\n    loss = model(torch.randint(0, 4, (4,))).sum()\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\ntorch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n',
    "vocab.py": 'import pickle\n\n\nclass Vocab(object):\n    def __init__(self):\n        self.words = []\n        self.index = {}\n\n    def build(self, corpus, path):\n        for sentence in corpus:\n            for w in sentence.split():\n                if w not in self.index:\n                    self.index[w] = len(self.words)\n                    self.words.append(w)\n        with open(path, "wb") as f:\n            pickle.dump(self.words, f)\n',
}


def test_a_vocabulary_a_loop_fills_is_no_history(tmp_path):
    # self.words.append(w) for each word, then pickle.dump(self.words): data, not a log
    result = audit_committed(tmp_path / "r", HISTORY_VOCAB_BUILDER_FILES)
    assert status_of(result, "ET301") != "PASS", finding(result, "ET301").message


HISTORY_APPEND_AND_DUMP_IN_TWO_METHODS_FILES = {
    "README.md": "# x\n",
    "train.py": 'import argparse\nimport os\n\nimport torch\n\nfrom util import Logger\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--exp", default="exp")\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\nloss_log = Logger(os.path.join(args.exp, "loss_log"))\nmodel = torch.nn.Linear(2, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\nbest_prec = 0\nfor epoch in range(10):\n    loss = model(torch.randn(4, 2)).sum()\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\n    loss_log.log(float(loss))\n    loss_log.save()\n    prec = -float(loss)\n    is_best = prec > best_prec\n    best_prec = max(prec, best_prec)\n    if is_best:\n        filename = "model_best.pth.tar"\n    else:\n        filename = "checkpoint.pth.tar"\n    torch.save({"epoch": epoch + 1, "state_dict": model.state_dict()}, os.path.join(args.exp, filename))\n',
    "util.py": 'import os\nimport pickle\n\n\nclass Logger(object):\n    def __init__(self, path):\n        self.path = path\n        self.data = []\n\n    def log(self, train_point):\n        self.data.append(train_point)\n\n    def save(self):\n        with open(os.path.join(self.path), "wb") as fp:\n            pickle.dump(self.data, fp, -1)\n',
}


def test_a_logger_appending_in_log_and_dumping_in_save_keeps_a_history(tmp_path):
    # log(point) appends, save() dumps: the usual logger shape
    result = audit_committed(tmp_path / "r", HISTORY_APPEND_AND_DUMP_IN_TWO_METHODS_FILES)
    assert status_of(result, "ET301") == "PASS", finding(result, "ET301").message


CLOCK_FALLBACK_HELPER_FILES = {
    "README.md": "# x\n",
    "train.py": 'import argparse\nimport os\nimport random\n\nimport numpy as np\nimport torch\n\nfrom utils import get_seed\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--out", default="runs/x")\nparser.add_argument("--seed", type=int, default=0)\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\nseed = get_seed(args.seed)\nrandom.seed(seed)\nnp.random.seed(get_seed(args.seed))\ntorch.manual_seed(get_seed(args.seed))\nmodel = torch.nn.Linear(2, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\nfor step in range(10):\n    loss = model(torch.randn(4, 2)).sum()\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\ntorch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n',
    "utils.py": "import time\n\n\ndef get_seed(seed=None):\n    if seed is None:\n        seed = int(time.time())\n    return seed\n",
}


def test_a_seed_helper_falling_back_to_the_clock_keeps_the_given_seed(tmp_path):
    # get_seed(seed): `if seed is None: seed = int(time.time())`, called with --seed 0
    result = audit_committed(tmp_path / "r", CLOCK_FALLBACK_HELPER_FILES)
    assert status_of(result, "ET401") == "PASS", finding(result, "ET401").message


FILLED_INSTANCE_TORCH_FILES = {
    "README.md": "# x\n",
    "train.py": 'import argparse\nimport os\n\nimport torch\n\n\nclass Net(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = torch.nn.Linear(2, 2)\n        self.temperature = 1.0\n\n    def forward(self, x):\n        return self.fc(x) / self.temperature\n\n    def save(self, path):\n        torch.save(self, path)\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--out", default="runs/x")\n    parser.add_argument("--lr", type=float, default=0.1)\n    parser.add_argument("--epochs", type=int, default=10)\n    parser.add_argument("--temperature", type=float, default=2.0)\n    args = parser.parse_args()\n    model = Net()\n    model.temperature = args.temperature\n    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\n    for epoch in range(args.epochs):\n        loss = model(torch.randn(4, 2)).sum()\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n    model.save(os.path.join(args.out, "model.pt"))\n\n\nif __name__ == "__main__":\n    main()\n',
}


def test_a_model_given_one_option_is_no_options_object(tmp_path):
    # model.temperature = args.temperature, then torch.save(self): the model, not the run's options
    result = audit_committed(tmp_path / "r", FILLED_INSTANCE_TORCH_FILES)
    assert status_of(result, "ET210") != "PASS", finding(result, "ET210").message


FILLED_CLASS_IMPORTED_FILES = {
    "README.md": "# x\n",
    "main.py": 'import os\n\nimport torch\nfrom absl import app\n\nfrom pkg import options\n\n\ndef main(argv):\n    config = options.get_config()\n    config.save(os.path.join(options.FLAGS.experiment_dir, "config"))\n    model = torch.nn.Linear(2, 2)\n    optimizer = torch.optim.SGD(model.parameters(), lr=options.FLAGS.lr)\n    for step in range(options.FLAGS.steps):\n        loss = model(torch.randn(4, 2)).sum()\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n    torch.save(model.state_dict(), os.path.join(options.FLAGS.experiment_dir, "model.pt"))\n\n\nif __name__ == "__main__":\n    app.run(main)\n',
    "pkg/__init__.py": "",
    "pkg/config.py": 'class Config(object):\n    def __init__(self, options):\n        self._options = options\n        self._values = {}\n\n    def __setitem__(self, name, value):\n        self._values[name] = value\n\n    def __str__(self):\n        return "[" + ",\\n".join(str((k, v)) for k, v in self._values.items()) + "]"\n\n    def save(self, filename):\n        with open(filename, "w") as f:\n            f.write(str(self))\n',
    "pkg/options.py": 'from absl import flags\n\nFLAGS = flags.FLAGS\nflags.DEFINE_float("lr", 0.1, "learning rate")\nflags.DEFINE_integer("steps", 10, "steps")\nflags.DEFINE_string("experiment_dir", "/tmp/exp", "where the run writes")\n_OPTIONS = [("lr", "float"), ("steps", "int")]\n\n\nfrom pkg.config import Config\n\n\ndef get_config():\n    config = Config(_OPTIONS)\n    for name, _kind in _OPTIONS:\n        config[name] = FLAGS[name].value\n    return config\n',
}


def test_an_imported_config_class_filled_from_flags_records_the_options(tmp_path):
    # pkg.config.Config()[name] = FLAGS[name].value: the class imported under its module's name
    result = audit_committed(tmp_path / "r", FILLED_CLASS_IMPORTED_FILES)
    assert status_of(result, "ET210") == "PASS", finding(result, "ET210").message


TUPLE_NAMESPACE_IN_HELPER_FILES = {
    "README.md": "# x\n",
    "main.py": 'import argparse\nimport datetime\nimport os\n\nimport torch\n\n\ndef save_run(stats, model, args):\n    fname = "run_" + datetime.datetime.now().strftime("%Y_%m_%d_%H_%M_%S")\n    torch.save((stats, model.state_dict(), args), os.path.join(args.save_path, fname + ".pt"))\n\n\nif __name__ == "__main__":\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--lr", type=float, default=0.1)\n    parser.add_argument("--n_epochs", type=int, default=3)\n    parser.add_argument("--save_path", default="results/")\n    args = parser.parse_args()\n    model = torch.nn.Linear(2, 2)\n    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\n    for epoch in range(args.n_epochs):\n        loss = model(torch.randn(4, 2)).sum()\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n    stats = [float(model(torch.randn(4, 2)).mean())]\n    save_run(stats, model, args)\n',
}


def test_a_helper_saving_its_args_in_a_tuple_records_the_options(tmp_path):
    # def save_run(stats, model, args): torch.save((stats, model.state_dict(), args), ...)
    result = audit_committed(tmp_path / "r", TUPLE_NAMESPACE_IN_HELPER_FILES)
    assert status_of(result, "ET210") == "PASS", finding(result, "ET210").message


TUPLE_NAMESPACE_PARSE_KNOWN_ARGS_FILES = {
    "README.md": "# x\n",
    "main.py": 'import argparse\nimport datetime\nimport os\nimport uuid\n\nimport torch\n\n\ndef evaluate(model):\n    return [float(model(torch.randn(4, 2)).mean())]\n\n\nif __name__ == "__main__":\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--lr", type=float, default=0.1)\n    parser.add_argument("--n_epochs", type=int, default=3)\n    parser.add_argument("--save_path", default="results/")\n    args, unknown = parser.parse_known_args()\n    model = torch.nn.Linear(2, 2)\n    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\n    for epoch in range(args.n_epochs):\n        loss = model(torch.randn(4, 2)).sum()\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n    stats = evaluate(model)\n    fname = "run_" + datetime.datetime.now().strftime("%Y_%m_%d_%H_%M_%S") + "_" + uuid.uuid4().hex\n    fname = os.path.join(args.save_path, fname)\n    torch.save((stats, model.state_dict(), args), fname + ".pt")\n',
}


def test_a_tuple_holding_known_args_records_the_options(tmp_path):
    # args, unknown = parser.parse_known_args(); torch.save((..., args), ...)
    result = audit_committed(tmp_path / "r", TUPLE_NAMESPACE_PARSE_KNOWN_ARGS_FILES)
    assert status_of(result, "ET210") == "PASS", finding(result, "ET210").message


DEV_EXTRAS_PYPROJECT_FILES = {
    "README.md": "# x\n",
    "metrics.py": 'def summarize(result, fname=None):\n    final = result[-1]\n    if fname is not None:\n        f = open(fname, "w")\n        print(" ".join(["%.4f" % r for r in result]), file=f)\n        print("Final Accuracy: %.4f" % final, file=f)\n        f.close()\n    return final\n',
    "pyproject.toml": '[project]\nname = "pkg"\nversion = "0.1"\ndependencies = ["torch>=1.6", "numpy>=1.18", "fvcore>=0.1.3", "scipy", "pillow"]\n\n[project.optional-dependencies]\ndev = ["black==19.3b0", "isort==5.2.2", "nbconvert==6.0.7", "fairscale==0.3.7"]\n',
    "train.py": 'import argparse\nimport datetime\nimport os\n\nimport torch\n\nfrom metrics import summarize\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--save_path", default="results/")\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\nmodel = torch.nn.Linear(2, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\nresult = []\nfor epoch in range(3):\n    loss = model(torch.randn(4, 2)).sum()\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\n    result.append(float(loss))\nfname = os.path.join(args.save_path, datetime.datetime.now().strftime("%Y_%m_%d_%H_%M_%S"))\nsummarize(result, fname + ".txt")\n',
}


def test_pyproject_dev_extras_pin_no_environment(tmp_path):
    # [project.optional-dependencies] dev = [black==..., isort==...]
    result = audit_committed(tmp_path / "r", DEV_EXTRAS_PYPROJECT_FILES)
    assert "0 of 5 dependencies pinned" in " ".join(dimension(result, "environment_capture").reasons), (
        dimension(result, "environment_capture").reasons
    )


DEV_EXTRAS_SETUP_CFG_FILES = {
    "README.md": "# x\n",
    "metrics.py": 'def summarize(result, fname=None):\n    final = result[-1]\n    if fname is not None:\n        f = open(fname, "w")\n        print(" ".join(["%.4f" % r for r in result]), file=f)\n        print("Final Accuracy: %.4f" % final, file=f)\n        f.close()\n    return final\n',
    "setup.cfg": "[metadata]\nname = pkg\n\n[options]\ninstall_requires =\n    torch>=1.6\n    numpy>=1.18\n    fvcore>=0.1.3\n    scipy\n    pillow\n\n[options.extras_require]\ndev =\n    black==19.3b0\n    isort==5.2.2\n    nbconvert==6.0.7\n    fairscale==0.3.7\n",
    "setup.py": "from setuptools import setup\nsetup()\n",
    "train.py": 'import argparse\nimport datetime\nimport os\n\nimport torch\n\nfrom metrics import summarize\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--save_path", default="results/")\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\nmodel = torch.nn.Linear(2, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\nresult = []\nfor epoch in range(3):\n    loss = model(torch.randn(4, 2)).sum()\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\n    result.append(float(loss))\nfname = os.path.join(args.save_path, datetime.datetime.now().strftime("%Y_%m_%d_%H_%M_%S"))\nsummarize(result, fname + ".txt")\n',
}


def test_setup_cfg_dev_extras_pin_no_environment(tmp_path):
    # [options.extras_require] dev = black==...
    result = audit_committed(tmp_path / "r", DEV_EXTRAS_SETUP_CFG_FILES)
    assert "0 of 5 dependencies pinned" in " ".join(dimension(result, "environment_capture").reasons), (
        dimension(result, "environment_capture").reasons
    )


SWITCH_AFTER_TRY_FILES = {
    "README.md": "# x\n",
    "train.py": 'import argparse\nimport os\n\nimport torch\nimport wandb\n\ntry:\n    from apex import amp\nexcept ImportError:\n    amp = None\nUSE_WANDB = True\nif os.environ.get("NO_WANDB"):\n    USE_WANDB = False\n\n\ndef main(args):\n    if USE_WANDB:\n        wandb.init(project="x", config=vars(args))\n    model = torch.nn.Linear(2, 2)\n    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\n    for step in range(10):\n        loss = model(torch.randn(4, 2)).sum()\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n        if USE_WANDB:\n            wandb.log({"loss": float(loss)}, step=step)\n    torch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n\n\nif __name__ == "__main__":\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--out", default="runs/x")\n    parser.add_argument("--lr", type=float, default=0.1)\n    main(parser.parse_args())\n',
}


def test_a_constant_after_a_guarded_import_is_the_users_switch(tmp_path):
    # try: from apex import amp / except ImportError: amp = None, then USE_WANDB = True
    result = audit_committed(tmp_path / "r", SWITCH_AFTER_TRY_FILES)
    assert "package is installed" not in " ".join(f.question or "" for f in result.findings), [
        f.question for f in result.findings if f.question
    ]


DOWNLOAD_GSUTIL_UPLOAD_FILES = {
    "README.md": "# x\n",
    "train.py": 'import argparse\nimport os\nimport subprocess\n\nimport pandas as pd\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--out", default="runs/x")\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\ndf = pd.read_csv("data/train.csv")\nx = torch.tensor(df.values[:, :2], dtype=torch.float32)\nmodel = torch.nn.Linear(2, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\nfor step in range(10):\n    loss = model(x).sum()\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\ntorch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n# copy this run\'s outputs to the team bucket\nsubprocess.call("gsutil -m cp -r runs gs://my-lab-bucket/experiments/", shell=True)\n',
}


def test_copying_results_to_a_bucket_downloads_no_data(tmp_path):
    # gsutil -m cp -r runs gs://bucket/...: an upload
    result = audit_committed(tmp_path / "r", DOWNLOAD_GSUTIL_UPLOAD_FILES)
    assert "downloads the data" not in " ".join(dimension(result, "data_versioning").reasons), dimension(
        result, "data_versioning"
    ).reasons


FROZEN_BACKBONE_MANUAL_HEAD_FILES = {
    "README.md": "# x\n",
    "visu/probe.py": 'import argparse\n\nimport torch\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--niter", type=int, default=100)\n    parser.add_argument("--lr", type=float, default=0.1)\n    args = parser.parse_args()\n    model = torch.load("model.pth")\n    for params in model.parameters():\n        params.requires_grad = False\n    model.eval()\n    head = torch.nn.Linear(512, 10)\n    for it in range(args.niter):\n        x, y = torch.randn(32, 3, 64, 64), torch.randint(0, 10, (32,))\n        loss = torch.nn.functional.cross_entropy(head(model(x)), y)\n        loss.backward()\n        with torch.no_grad():\n            for p in head.parameters():\n                p -= args.lr * p.grad\n                p.grad.zero_()\n    torch.save(head.state_dict(), "probe.pth")\n\n\nif __name__ == "__main__":\n    main()\n',
}


def test_a_probe_over_a_frozen_backbone_updated_by_hand_trains(tmp_path):
    # p -= lr * p.grad for the head's parameters
    result = audit_committed(tmp_path / "r", FROZEN_BACKBONE_MANUAL_HEAD_FILES)
    assert bool(result.ctx.taxonomy.training_entry_points), result.ctx.taxonomy.entry_points


STYLE_TRANSFER_INPUT_OPTIMIZER_FILES = {
    "README.md": "# x\n",
    "style_transfer.py": 'import argparse\n\nimport torch\nimport torchvision\nfrom PIL import Image\n\n\ndef gram(x):\n    b, c, h, w = x.shape\n    f = x.view(c, h * w)\n    return f @ f.t() / (c * h * w)\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--steps", type=int, default=300)\n    parser.add_argument("--style_weight", type=float, default=1e6)\n    args = parser.parse_args()\n    cnn = torchvision.models.vgg19(pretrained=True).features.eval()\n    for p in cnn.parameters():\n        p.requires_grad = False\n    content = torch.rand(1, 3, 128, 128)\n    style = torch.rand(1, 3, 128, 128)\n    input_img = content.clone().requires_grad_(True)\n    optimizer = torch.optim.LBFGS([input_img])\n    for step in range(args.steps):\n        def closure():\n            optimizer.zero_grad()\n            loss = args.style_weight * ((gram(cnn(input_img)) - gram(cnn(style))) ** 2).sum()\n            loss = loss + ((cnn(input_img) - cnn(content)) ** 2).mean()\n            loss.backward()\n            return loss\n        optimizer.step(closure)\n    out = input_img.detach().clamp(0, 1)[0].permute(1, 2, 0).numpy()\n    Image.fromarray((out * 255).astype("uint8")).save("stylized.png")\n\n\nif __name__ == "__main__":\n    main()\n',
}


def test_style_transfer_optimising_the_image_trains_nothing(tmp_path):
    # LBFGS([input_img]) over a frozen VGG
    result = audit_committed(tmp_path / "r", STYLE_TRANSFER_INPUT_OPTIMIZER_FILES)
    assert not result.ctx.taxonomy.training_entry_points, result.ctx.taxonomy.training_entry_points


LAUNCHER_KWARGS_DECORATOR_FILES = {
    "README.md": "# x\n",
    "train.py": 'import argparse\nimport functools\nimport json\nimport os\nimport time\n\nimport torch\n\n\ndef timed(func):\n    @functools.wraps(func)\n    def wrapper(*args, **kwargs):\n        t0 = time.time()\n        out = func(*args, **kwargs)\n        print("%s took %.1fs" % (func.__name__, time.time() - t0))\n        return out\n\n    return wrapper\n\n\n@timed\ndef train(args):\n    torch.manual_seed(args.seed)\n    model = torch.nn.Sequential(torch.nn.Linear(2, args.hidden), torch.nn.Dropout(args.dropout))\n    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\n    for epoch in range(args.epochs):\n        loss = model(torch.randn(4, 2)).sum()\n        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n    torch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n\n\nif __name__ == "__main__":\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--out", default="runs/x")\n    parser.add_argument("--lr", type=float, default=0.1)\n    parser.add_argument("--seed", type=int, default=0)\n    parser.add_argument("--epochs", type=int, default=10)\n    parser.add_argument("--hidden", type=int, default=64)\n    parser.add_argument("--dropout", type=float, default=0.5)\n    args = parser.parse_args()\n    kwargs = {"lr": args.lr, "seed": args.seed}\n    with open(os.path.join(args.out, "config.json"), "w") as f:\n        json.dump(kwargs, f)\n    train(args)\n',
}


def test_a_decorators_kwargs_make_no_dict_written_elsewhere_whole(tmp_path):
    # a timing decorator's func(*args, **kwargs) beside json.dump(kwargs) of two options
    result = audit_committed(tmp_path / "r", LAUNCHER_KWARGS_DECORATOR_FILES)
    assert status_of(result, "ET211") != "PASS", finding(result, "ET211").message


README_SCRIPT_NO_DOT_SLASH_FILES = {
    "README.md": "# Paper code\n\nTo replicate the experiments, execute `scripts/run_experiments.sh`.\n",
    "metrics.py": 'def summarize(result, fname=None):\n    final = result[-1]\n    if fname is not None:\n        f = open(fname, "w")\n        print(" ".join(["%.4f" % r for r in result]), file=f)\n        print("Final Accuracy: %.4f" % final, file=f)\n        f.close()\n    return final\n',
    "train.py": 'import argparse\nimport datetime\nimport os\n\nimport torch\n\nfrom metrics import summarize\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--save_path", default="results/")\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\nmodel = torch.nn.Linear(2, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\nresult = []\nfor epoch in range(3):\n    loss = model(torch.randn(4, 2)).sum()\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\n    result.append(float(loss))\nfname = os.path.join(args.save_path, datetime.datetime.now().strftime("%Y_%m_%d_%H_%M_%S"))\nsummarize(result, fname + ".txt")\n',
    "scripts/run_experiments.sh": "python train.py --lr 0.1\n",
}


def test_a_readme_code_span_with_a_script_path_is_a_run_instruction(tmp_path):
    # execute `scripts/run_experiments.sh`
    result = audit_committed(tmp_path / "r", README_SCRIPT_NO_DOT_SLASH_FILES)
    assert status_of(result, "ET604") == "PASS", finding(result, "ET604").message


README_SBATCH_FILES = {
    "README.md": "# Paper code\n\nTo replicate the experiments on a SLURM cluster, submit `sbatch scripts/run_experiments.sh`.\n",
    "metrics.py": 'def summarize(result, fname=None):\n    final = result[-1]\n    if fname is not None:\n        f = open(fname, "w")\n        print(" ".join(["%.4f" % r for r in result]), file=f)\n        print("Final Accuracy: %.4f" % final, file=f)\n        f.close()\n    return final\n',
    "train.py": 'import argparse\nimport datetime\nimport os\n\nimport torch\n\nfrom metrics import summarize\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--save_path", default="results/")\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\nmodel = torch.nn.Linear(2, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=args.lr)\nresult = []\nfor epoch in range(3):\n    loss = model(torch.randn(4, 2)).sum()\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\n    result.append(float(loss))\nfname = os.path.join(args.save_path, datetime.datetime.now().strftime("%Y_%m_%d_%H_%M_%S"))\nsummarize(result, fname + ".txt")\n',
    "scripts/run_experiments.sh": "python train.py --lr 0.1\n",
}


def test_a_readme_sbatch_code_span_is_a_run_instruction(tmp_path):
    # submit `sbatch scripts/run_experiments.sh`
    result = audit_committed(tmp_path / "r", README_SBATCH_FILES)
    assert status_of(result, "ET604") == "PASS", finding(result, "ET604").message


INDEX_UTIL = """import os
import pickle


class Indexer(object):
    def __init__(self):
        self.index_id_to_db_id = []

    def index_data(self, ids):
        self.index_id_to_db_id.extend(ids)

    def serialize(self, dir_path):
        with open(os.path.join(dir_path, "index_meta.faiss"), mode="wb") as f:
            pickle.dump(self.index_id_to_db_id, f)
"""

INDEX_MAIN = """import argparse

import torch

from index import Indexer

parser = argparse.ArgumentParser()
parser.add_argument("--out", default="runs/x")
args = parser.parse_args()
model = torch.nn.Linear(2, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(3):
    loss = model(torch.randn(4, 2)).sum()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
indexer = Indexer()
indexer.index_data(list(range(10)))
indexer.serialize(args.out)
"""


def test_an_id_map_extended_by_batches_is_no_history(tmp_path):
    # extend(ids) grows an index's id map by a batch per call: no value per call, no metrics log
    result = audit_committed(
        tmp_path / "r", {"index.py": INDEX_UTIL, "train.py": INDEX_MAIN, "README.md": "# x\n"}
    )
    assert status_of(result, "ET301") != "PASS", finding(result, "ET301").message


EVAL_DUMP = """import argparse
import json
import os

import torch


def eval_loop(model):
    return torch.tensor([0.5, 0.6])


parser = argparse.ArgumentParser()
parser.add_argument("--outdir", default="results")
parser.add_argument("--lr", type=float, default=0.1)
parser.add_argument("--expid", type=int, default=1)
parser.add_argument("--wd", type=float, default=0.001)
parser.add_argument("--lowshotn", type=int, default=1)
params = parser.parse_args()
model = torch.nn.Linear(2, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=params.lr)
for epoch in range(3):
    loss = model(torch.randn(4, 2)).sum()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
accs = eval_loop(model)
outpath = os.path.join(params.outdir, "lr_{:.3f}_expid_{:d}.json".format(params.lr, params.expid))
with open(outpath, "w") as f:
    json.dump(dict(lr=params.lr, wd=params.wd, expid=params.expid, lowshotn=params.lowshotn, accs=accs.tolist()), f)
"""


def test_the_settings_and_an_evaluations_result_in_one_file_record_the_result(tmp_path):
    result = audit_committed(tmp_path / "r", {"low_shot.py": EVAL_DUMP, "README.md": "# x\n"})
    assert status_of(result, "ET302") == "PASS", finding(result, "ET302").message


RLLAB_SEED_LAUNCH = """from algos.trpo import TRPO
from rllab.envs.mujoco.swimmer_env import SwimmerEnv
from rllab.misc.instrument import run_experiment_lite, stub

stub(globals())
for seed in range(2):
    algo = TRPO(env=SwimmerEnv(), policy=None, baseline=None, n_itr=40)
    run_experiment_lite(algo.train(), exp_prefix="trpo", snapshot_mode="last", seed=seed)
"""


def test_rllab_records_the_seed_and_keeps_a_text_log_per_run(tmp_path):
    files = {
        "run.py": RLLAB_SEED_LAUNCH,
        "algos/__init__.py": "",
        "algos/trpo.py": RLLAB_ALGO,
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    assert status_of(result, "ET212") == "PASS", finding(result, "ET212").message
    assert "debug.log" in finding(result, "ET311").message, finding(result, "ET311").message


MPI_LAUNCHER = """import os
import sys

from mpi4py import MPI


def make_command(script, nprocs):
    return ["mpirun", "-np", str(nprocs), sys.executable, script]


def call(script, nprocs=2):
    if nprocs > 1 and MPI.COMM_WORLD.Get_size() == 1:
        cmd = make_command(script, nprocs)
        os.execvp(cmd[0], cmd)
"""


def test_a_launcher_exec_ing_the_mpirun_command_it_builds_scripts_the_launch(tmp_path):
    files = {
        "launcher.py": MPI_LAUNCHER,
        "train.py": "import torch\nfrom mpi4py import MPI\nfrom launcher import call\n\ncall('train.py')\n"
        "model = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "for i in range(3):\n    loss = model(torch.randn(4, 2)).sum()\n    opt.zero_grad()\n    loss.backward()\n"
        "    opt.step()\n",
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    assert status_of(result, "ET510") == "PASS", finding(result, "ET510").message


def test_developer_groups_stay_listed_and_marked(tmp_path):
    # the pins of black or isort leave the environment's count, but pytest in a dev group still says tests exist
    result = audit_committed(tmp_path / "r", DEV_EXTRAS_PYPROJECT_FILES)
    deps = {d.name: d for d in result.ctx.index.dependencies}
    assert deps["black"].dev and not deps["torch"].dev, deps
