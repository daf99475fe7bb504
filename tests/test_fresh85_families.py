"""Families of real code met in round fresh85 (eight research repositories the auditor had not seen), each as
a synthetic case that fails without its fix."""

from tests.rules.repo_helpers import audit_committed, dimension, finding, status_of

FILLED_UTIL = """import argparse
import json
import logging
import os


def get_opt():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model-dir", type=str, default="models")
    parser.add_argument("--model-name", type=str, default="model")
    parser.add_argument("--log-file", type=str, help="Path to log file")
    parser.add_argument("--lr", type=float, default=0.1)
    opt = parser.parse_args()
    os.makedirs(opt.model_dir, exist_ok=True)
    if opt.log_file is None:
        opt.log_file = os.path.join(opt.model_dir, opt.model_name + ".txt")
    return opt


def get_logger(opt):
    logger = logging.getLogger()
    logger.setLevel(logging.INFO)
    logger.addHandler(logging.StreamHandler())
    if opt.log_file:
        logger.addHandler(logging.FileHandler(opt.log_file, "a"))
    config = json.dumps(vars(opt), indent=4, sort_keys=True)
    logger.info(f"CONFIG: {config}")
    return logger
"""

FILLED_TRAIN = """import logging

import torch
from pkg.util import get_logger, get_opt


def main():
    opt = get_opt()
    get_logger(opt)
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=opt.lr)
    for step in range(100):
        loss = model(torch.randn(4, 2)).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        avg_loss = loss.item()
        logging.info(f"train: step = {step} | loss = {avg_loss:.3f}")
    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
"""


def test_an_option_the_code_fills_in_when_unset_is_no_opt_in_switch(tmp_path):
    # `--log-file` has no default, but `if opt.log_file is None:` sets it to a path in the model folder:
    # every default run logs to that file, so `if opt.log_file:` asks nothing of the user
    files = {
        "pkg/__init__.py": "",
        "pkg/util.py": FILLED_UTIL,
        "train.py": FILLED_TRAIN,
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    assert status_of(result, "ET301") == "PASS", finding(result, "ET301").message
    # filled in only under another test, the switch stays the user's: the question stays
    files["pkg/util.py"] = FILLED_UTIL.replace(
        "    if opt.log_file is None:\n", "    if opt.model_dir == 'x':\n"
    )
    assert files["pkg/util.py"] != FILLED_UTIL
    result = audit_committed(tmp_path / "r2", files)
    assert status_of(result, "ET301") == "REVIEW"


PARAMS_UTILS = """
def write_to_file(path, string, mode="w"):
    with open(path, mode) as writer:
        writer.write(string)
"""

PARAMS_TRAIN = """
import argparse
import os

import torch

from utils import write_to_file


def main(params):
    out = params["output_path"]
    os.makedirs(out, exist_ok=True)
    write_to_file(os.path.join(out, "training_params.txt"), str(params))
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=params["lr"])
    for epoch in range(params["epochs"]):
        loss = model(torch.randn(4, 2)).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    torch.save(model.state_dict(), os.path.join(out, "model.pt"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--output_path", default="models/run")
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()
    params = args.__dict__
    main(params)
"""


def test_the_parameter_dict_written_as_text_to_a_params_file_is_the_runs_configuration(tmp_path):
    # str(params) into training_params.txt: every option of the run, whole (a .txt holds no weights)
    files = {"utils.py": PARAMS_UTILS, "train.py": PARAMS_TRAIN, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    config = [p for p in result.ctx.records.config if p.target.endswith("training_params.txt")]
    assert config and config[0].whole, result.ctx.records.config
    assert status_of(result, "ET210") == "PASS", finding(result, "ET210").message
    # a count of the model's weights written to a file of that name is no configuration
    counted = PARAMS_TRAIN.replace("str(params))", "str(num_params))").replace(
        '    out = params["output_path"]\n', '    out = params["output_path"]\n    num_params = 10\n'
    )
    assert counted != PARAMS_TRAIN
    result = audit_committed(tmp_path / "r2", {**files, "train.py": counted})
    assert not [p for p in result.ctx.records.config if p.target.endswith("training_params.txt")]


TF1_HOOKED = """
import tensorflow as tf

FLAGS = tf.flags.FLAGS
tf.flags.DEFINE_string("checkpoint_dir", "/tmp/tf/model", "Where to keep checkpoints.")
tf.flags.DEFINE_integer("checkpoint_interval", -1, "Steps between checkpoints; -1 keeps none.")
tf.flags.DEFINE_float("learning_rate", 1e-4, "Learning rate.")


def train(num_steps):
    x = tf.random_normal([8, 4])
    w = tf.get_variable("w", [4, 1])
    loss = tf.reduce_mean(tf.matmul(x, w))
    global_step = tf.train.get_or_create_global_step()
    train_step = tf.train.RMSPropOptimizer(FLAGS.learning_rate).minimize(loss, global_step=global_step)
    saver = tf.train.Saver()
    if FLAGS.checkpoint_interval > 0:
        hooks = [
            tf.train.CheckpointSaverHook(
                checkpoint_dir=FLAGS.checkpoint_dir, save_steps=FLAGS.checkpoint_interval, saver=saver
            )
        ]
    else:
        hooks = []
    with tf.train.SingularMonitoredSession(hooks=hooks, checkpoint_dir=FLAGS.checkpoint_dir) as sess:
        start = sess.run(global_step)
        for _ in range(start, num_steps):
            sess.run([train_step, loss])


def main(unused_argv):
    train(1000)


if __name__ == "__main__":
    tf.app.run()
"""


def test_a_tf1_checkpoint_hook_behind_an_interval_switch_is_asked_about_and_the_session_resumes(tmp_path):
    # CheckpointSaverHook saves only when `--checkpoint_interval > 0` (default -1): asked, not "never saved";
    # SingularMonitoredSession(checkpoint_dir=...) restores the latest checkpoint there when it starts
    result = audit_committed(tmp_path / "r", {"train.py": TF1_HOOKED, "README.md": "# x\n"})
    assert status_of(result, "ET310") == "REVIEW", finding(result, "ET310").message
    assert "checkpoint_interval" in finding(result, "ET310").question
    assert status_of(result, "ET511") == "PASS", finding(result, "ET511").message
    # without the switch the hook saves on every run, into the checkpoint directory
    always = TF1_HOOKED.replace("    if FLAGS.checkpoint_interval > 0:\n", "    if True:\n")
    result = audit_committed(tmp_path / "r2", {"train.py": always, "README.md": "# x\n"})
    # (fresh96) kept checkpoints with nothing selecting the best: WARN, as for saved models
    assert (
        status_of(result, "ET310") == "WARN" and "Checkpoints are written" in finding(result, "ET310").message
    )
    assert any(p.target == "{FLAGS.checkpoint_dir}" for p in result.ctx.records.checkpoints)


def test_a_run_length_compared_with_zero_is_no_switch(tmp_path):
    # `if FLAGS.num_epochs > 0:` tests how long the run is, not whether it keeps checkpoints
    lengthy = TF1_HOOKED.replace(
        "    if FLAGS.checkpoint_interval > 0:\n", "    if FLAGS.num_epochs > 0:\n"
    ).replace(
        'tf.flags.DEFINE_float("learning_rate"',
        'tf.flags.DEFINE_integer("num_epochs", 3, "Epochs.")\ntf.flags.DEFINE_float("learning_rate"',
    )
    result = audit_committed(tmp_path / "r", {"train.py": lengthy, "README.md": "# x\n"})
    # (fresh96) kept checkpoints with nothing selecting the best: WARN, as for saved models
    assert (
        status_of(result, "ET310") == "WARN" and "Checkpoints are written" in finding(result, "ET310").message
    )


NAMED_AS_TIME = """
import argparse
import os

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--output_dir", default="save")
parser.add_argument("--config_file", default="config/bert_base.json")
parser.add_argument("--save_name", default="")
args = parser.parse_args()


def main():
    if args.save_name:
        prefix = "-" + args.save_name
    else:
        prefix = ""
    timeStamp = args.config_file.split("/")[1].split(".")[0] + prefix
    savePath = os.path.join(args.output_dir, timeStamp)
    os.makedirs(savePath, exist_ok=True)
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for epochId in range(3):
        loss = model(torch.randn(4, 2)).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        torch.save(model.state_dict(), os.path.join(savePath, "pytorch_model_" + str(epochId) + ".bin"))


if __name__ == "__main__":
    main()
"""


def test_a_folder_named_timestamp_but_built_from_the_runs_names_is_not_per_run(tmp_path):
    # `timeStamp` is the config's name and the run's --save_name: a rerun with the same names writes into the same folder
    result = audit_committed(tmp_path / "r", {"train.py": NAMED_AS_TIME, "README.md": "# x\n"})
    kept = {p.target: p.keeping for p in result.ctx.records.checkpoints}
    assert kept and all(k not in ("time", "counter") for k in kept.values()), kept
    # ... while a stamp read from the clock is one
    clocked = NAMED_AS_TIME.replace("import os\n", "import os\nimport time\n").replace(
        "timeStamp = args.config_file", 'timeStamp = time.strftime("%H%M%S") + args.config_file'
    )
    result = audit_committed(tmp_path / "r2", {"train.py": clocked, "README.md": "# x\n"})
    kept = {p.target: p.keeping for p in result.ctx.records.checkpoints}
    assert kept and all(k == "time" for k in kept.values()), kept


WARM_START = """
import argparse
import copy
import os

import torch
import torch.nn as nn

parser = argparse.ArgumentParser()
parser.add_argument("--load", type=str, default="", help="Load network from file before training")
parser.add_argument("--save", type=str, default="", help="File in which to save the best network")
parser.add_argument("--lr", type=float, default=0.001)
args = parser.parse_args()


class Net(nn.Module):
    def __init__(self, fname="", idim=8, odim=2):
        super(Net, self).__init__()
        if os.path.isfile(fname):
            loaded = torch.load(fname)
            self.mlp = loaded.mlp
        else:
            self.mlp = nn.Linear(idim, odim)

    def forward(self, x):
        return self.mlp(x)


net = Net(fname=args.load)
optimizer = torch.optim.Adam(net.parameters(), lr=args.lr)
corr_best = 0
for epoch in range(10):
    loss = net(torch.randn(4, 8)).sum()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    corr = int(torch.randint(0, 10, (1,)))
    if corr >= corr_best:
        corr_best = corr
        net_best = copy.deepcopy(net)

if args.save != "":
    torch.save(net_best.cpu(), args.save)
"""

TOKENIZER = """
import sentencepiece as spm


class Tokenizer:
    def __init__(self, spm_model):
        self.spm_encoder = spm.SentencePieceProcessor(model_file=str(spm_model))
"""


def test_weights_a_caller_may_name_are_a_warm_start_and_a_copy_of_the_projects_module_is_the_model(tmp_path):
    files = {"nli.py": WARM_START, "tokenizer.py": TOKENIZER, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    # `if os.path.isfile(fname): torch.load(fname)` with fname='' unless a caller gives --load: no resume
    assert status_of(result, "ET511") != "PASS", finding(result, "ET511").message
    # torch.save(net_best.cpu(), args.save): net_best is a copy of Net, an nn.Module: the model, saved only
    # when --save names a file (default ''); the tokenizer's model_file= is read, not written
    f310 = finding(result, "ET310")
    assert f310.status == "REVIEW", f310.message
    assert "args.save" in f310.question
    assert all(e.path == "nli.py" for e in f310.evidence), f310.evidence
    # given a default destination, every run saves it
    saved = WARM_START.replace('"--save", type=str, default=""', '"--save", type=str, default="best.pt"')
    result = audit_committed(tmp_path / "r2", {**files, "nli.py": saved})
    assert status_of(result, "ET310") == "PASS", finding(result, "ET310").message


NETWORKS = """
import collections

import dill


def save(network, sess, filename=None):
    to_save = collections.defaultdict(dict)
    for v in network.variables:
        to_save[v.name] = v.eval(sess)
    if filename:
        with open(filename, "wb") as f:
            dill.dump(to_save, f)
    return to_save
"""

META = """
import os

import networks


class MetaOptimizer(object):
    def __init__(self, nets):
        self._nets = nets

    def save(self, sess, path=None):
        for k, net in self._nets.items():
            networks.save(net, sess, filename=os.path.join(path, "{}.l2l".format(k)))
"""

META_TRAIN = """
import tensorflow as tf

import meta

flags = tf.flags
FLAGS = flags.FLAGS
flags.DEFINE_string("save_path", "runs/l2l", "Path for saved meta-optimizer.")


def main(_):
    optimizer = meta.MetaOptimizer({"cw": None})
    with tf.Session() as sess:
        for epoch in range(10):
            loss = sess.run(tf.constant(1.0))
        optimizer.save(sess, FLAGS.save_path)


if __name__ == "__main__":
    tf.app.run()
"""


def test_an_imported_modules_save_function_is_followed_not_read_as_an_object_saving_itself(tmp_path):
    # networks.save(net, sess, filename=...) is a function of the project's networks module: it writes
    # filename (the variables' values, dumped by a function named for saving), not a file named by `net`
    files = {"networks.py": NETWORKS, "meta.py": META, "train.py": META_TRAIN, "README.md": "# x\n"}
    result = audit_committed(tmp_path / "r", files)
    targets = [p.target for p in result.ctx.records.checkpoints]
    assert "{net}" not in targets, targets
    # what a function named for saving the weights dumps is the model
    named = {
        "networks.py": NETWORKS.replace("def save(", "def save_params("),
        "meta.py": META.replace("networks.save(", "networks.save_params("),
    }
    result = audit_committed(tmp_path / "r2", {**files, **named})
    saved = [p.evidence.path for p in result.ctx.records.checkpoints]
    assert "networks.py" in saved, saved


CITED_README = """# Weight Normalization

Example code for the paper.

- The folder 'lasagne' contains the code used to run the CIFAR-10 experiments in the paper.

## Citation

```
@inproceedings{Salimans2016WeightNorm,
  title={Weight Normalization: A Simple Reparameterization to Accelerate Training of Deep Neural Networks},
  author={Tim Salimans and Diederik P. Kingma},
  year={2016}
}
```
"""


def test_a_word_of_a_citation_in_a_code_block_is_no_run_command(tmp_path):
    # "... to Accelerate Training" inside a BibTeX block is no `accelerate launch` command
    files = {"README.md": CITED_README, "lasagne/train.py": PARAMS_TRAIN}
    result = audit_committed(tmp_path / "r", files)
    f604 = finding(result, "ET604")
    assert not (f604.status == "PASS" and any(e.detail == "run instructions" for e in f604.evidence)), (
        f604.message
    )
    # a command at the start of a fenced line is one
    run = CITED_README.replace(
        "## Citation", "## Run\n\n```\nCUDA_VISIBLE_DEVICES=0 python lasagne/train.py\n```\n\n## Citation"
    )
    result = audit_committed(tmp_path / "r2", {**files, "README.md": run})
    assert status_of(result, "ET604") == "PASS"


def test_a_data_folder_of_many_programs_is_a_corpus_not_the_projects_code(tmp_path):
    # data/evaluation/python/*.py: programs a code model is evaluated on, each with its own __main__
    program = (
        "def f_gold(a):\n    return sorted(a)\n\n\nif __name__ == '__main__':\n    print(f_gold([3, 1, 2]))\n"
    )
    files = {f"data/evaluation/python/PROGRAM_{i}.py": program for i in range(60)}
    files.update({"train.py": PARAMS_TRAIN, "utils.py": PARAMS_UTILS, "README.md": "# x\n"})
    result = audit_committed(tmp_path / "r", files)
    assert "data/evaluation/python" in result.ctx.inventory.vendored
    assert not any(p.startswith("data/") for p in result.ctx.index.modules)
    others = [e.path for e in result.ctx.taxonomy.entry_points]
    assert not any(p.startswith("data/") for p in others), others
    # a few scripts in a data folder are the project's own (data/prepare.py)
    few = {k: v for k, v in files.items() if not k.startswith("data/")}
    few.update({f"data/prepare_{i}.py": program for i in range(3)})
    result = audit_committed(tmp_path / "r2", few)
    assert not result.ctx.inventory.vendored
    assert "data/prepare_0.py" in result.ctx.index.modules


def test_a_tokenizers_learned_codes_in_the_data_folder_are_no_training_data(tmp_path):
    from experiment_tracking.rubric import committed_data

    codes = "\n".join(f"a{i} b{i} {i}" for i in range(400)) + "\n"
    files = {
        "data/bpe/codes": codes,
        "data/bpe/vocab": codes,
        "data/corpus/train.txt": codes,
        "train.py": PARAMS_TRAIN,
        "utils.py": PARAMS_UTILS,
        "README.md": "# x\n",
    }
    result = audit_committed(tmp_path / "r", files)
    committed = {f.path for f in committed_data(result.ctx)}
    assert "data/corpus/train.txt" in committed, committed
    assert not committed & {"data/bpe/codes", "data/bpe/vocab"}, committed


PRINTS_OPTIONS = """
import argparse

import numpy as np
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.001)
parser.add_argument("--bsize", type=int, default=32)
parser.add_argument("--seed", type=int, default=123)
args = parser.parse_args()

print(" - setting seed to {:d}".format(args.seed))
np.random.seed(args.seed)
torch.manual_seed(args.seed)
print(" - lrate is {:f} and bsize {:d}".format(args.lr, args.bsize))
net = torch.nn.Linear(4, 2)
optimizer = torch.optim.Adam(net.parameters(), lr=args.lr)
for epoch in range(10):
    loss = net(torch.randn(args.bsize, 4)).sum()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(" - epoch {:d} loss {:f}".format(epoch, loss.item()))
"""

RUN_SH = """#!/bin/bash
for fr in 0.5 0.9 ; do
python3 nli.py --lr 0.001 --seed 1 > logs/nli.fract${fr}.log
done
"""


def test_options_a_script_prints_into_the_log_its_launch_script_keeps_are_recorded_in_part(tmp_path):
    # the shell script keeps each run's console in a log file; the script prints its seed, lr and bsize
    files = {"nli.py": PRINTS_OPTIONS, "run.sh": RUN_SH, "README.md": "# x\n\nRun `bash run.sh`.\n"}
    result = audit_committed(tmp_path / "r", files)
    assert status_of(result, "ET210") == "PASS", finding(result, "ET210").message
    assert status_of(result, "ET212") == "PASS", finding(result, "ET212").message
    config = [p for p in result.ctx.records.config if p.evidence.path == "nli.py"]
    assert config and not config[0].whole, result.ctx.records.config
    # printed only to the screen (no kept log), they are in no record
    result = audit_committed(
        tmp_path / "r2", {**files, "run.sh": RUN_SH.replace(" > logs/nli.fract${fr}.log", "")}
    )
    assert not [p for p in result.ctx.records.config if p.evidence.path == "nli.py"]


def test_a_sentence_naming_what_the_code_requires_is_an_unpinned_list_and_an_empty_setup_is_no_manifest(
    tmp_path,
):
    readme = (
        "# DNC\n\n## Train\nThe `DNC` requires an installation of [TensorFlow](https://www.tensorflow.org/)\n"
        "and [Sonnet](https://github.com/deepmind/sonnet). An example training script is provided.\n"
    )
    setup = "from setuptools import setup\n\nsetup(name='dnc', version='0.0.2', packages=['dnc'])\n"
    files = {
        "README.md": readme,
        "setup.py": setup,
        "train.py": TF1_HOOKED.replace(
            "import tensorflow as tf", "import sonnet as snt\nimport tensorflow as tf"
        ),
    }
    result = audit_committed(tmp_path / "r", files)
    env = dimension(result, "environment_capture")
    assert env.score == 1, env
    f410 = finding(result, "ET410")
    assert "setup.py declares no dependencies" in f410.message, f410.message
    # a sentence about hardware is no package list
    hardware = readme.replace("requires an installation of", "runs on a GPU with")
    result = audit_committed(tmp_path / "r2", {**files, "README.md": hardware})
    assert dimension(result, "environment_capture").score == 0


ARGMAX_BEST = """
import os

import numpy as np
import torch


def evaluate(model):
    return float(torch.rand(1))


def main(out="models/run"):
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    best_score, best_epoch_idx = -1, -1
    for epoch_idx in range(5):
        loss = model(torch.randn(4, 2)).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        torch.save(model.state_dict(), os.path.join(out, "epoch_{}".format(epoch_idx), "pytorch_model.bin"))
        ls = [best_score, evaluate(model)]
        li = [best_epoch_idx, epoch_idx]
        best_score = ls[np.argmax(ls)]
        best_epoch_idx = li[np.argmax(ls)]
    model.load_state_dict(torch.load(os.path.join(out, "epoch_{}".format(best_epoch_idx), "pytorch_model.bin")))
    torch.save(model.state_dict(), os.path.join(out, "pytorch_model.bin"))


if __name__ == "__main__":
    main()
"""


def test_the_best_epoch_picked_by_argmax_over_the_scores_is_a_best_model_selection(tmp_path):
    result = audit_committed(tmp_path / "r", {"train.py": ARGMAX_BEST, "README.md": "# x\n"})
    f310 = finding(result, "ET310")
    assert f310.status == "PASS" and "best model is selected" in f310.message, f310.message
    assert any("best_epoch_idx" in e.detail for e in f310.evidence), f310.evidence
