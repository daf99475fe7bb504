"""Families of real code the fresh82 round showed the auditor reading wrong, each with a synthetic case
of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, dimension, status_of

# The smallest training script: a linear model stepped three times and saved
TRAIN_SMALL = """
import torch


def main():
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for step in range(3):
        opt.zero_grad()
        model(torch.randn(4, 2)).sum().backward()
        opt.step()
    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
"""


# A gin project: the operative config is written through a helper that builds the file's path from a
# directory and a default file name, for the checkpoint directory given on the command line
GIN_TRAINER = """
import os

import gin
from absl import app, flags

flags.DEFINE_string("train_checkpoint_dir", "/tmp/ckpt", "Where checkpoints go.")
FLAGS = flags.FLAGS


def operative_config_path(config_dir, config_filename="operative_config.gin"):
    return os.path.join(config_dir, config_filename)


def record_operative_gin_configurations(config_dir):
    gin_log_file = operative_config_path(config_dir)
    with open(gin_log_file, "w") as f:
        f.write(gin.operative_config_str())


@gin.configurable
def train(learning_rate=0.1, steps=10):
    import tensorflow as tf

    opt = tf.keras.optimizers.SGD(learning_rate)
    for step in range(steps):
        opt.minimize(lambda: 0.0, [])


def main(argv):
    gin.parse_config_files_and_bindings(["config.gin"], [])
    train()
    record_operative_gin_configurations(FLAGS.train_checkpoint_dir)


if __name__ == "__main__":
    app.run(main)
"""


def test_a_gin_operative_config_written_through_a_path_helper_is_the_whole_config(tmp_path):
    result = audit_committed(tmp_path / "gin", {"train.py": GIN_TRAINER, "config.gin": "train.steps = 5\n"})
    whole = [p for p in result.ctx.records.config if p.whole]
    assert [p.target for p in whole] == ["{config_dir}/operative_config.gin"], result.ctx.records.config
    assert status_of(result, "ET210") == "PASS"


# A storage class: each file's path comes from a getter method whose directory parameter defaults to the
# object's own folder; the manager hands it the configuration serialised to JSON
STORAGE = """
import json
from pathlib import Path


class FileStorage:
    def __init__(self, path):
        self.path = Path(path)

    def get_config_file(self, *, path=None):
        if path is None:
            path = self.path
        return path / "config.json"

    def get_stats_file(self, *, path=None):
        if path is None:
            path = self.path
        return path / "training_stats.json"

    def save_config(self, config_json):
        with self.get_config_file().open("wt") as tf:
            tf.write(config_json)

    def append_stats(self, stats):
        with self.get_stats_file().open("at") as tf:
            tf.write("".join(f"{s}\\n" for s in stats))
"""

STORAGE_TRAIN = """
import argparse
import json

import torch

from storage import FileStorage


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkpoint_path", default="model/run")
    parser.add_argument("--lr", type=float, default=0.1)
    args = parser.parse_args()
    storage = FileStorage(args.checkpoint_path)
    storage.save_config(json.dumps(vars(args), indent=4))
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr)
    for epoch in range(3):
        loss = model(torch.randn(4, 2)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        storage.append_stats([json.dumps({"epoch": epoch, "loss": loss.item()})])


if __name__ == "__main__":
    main()
"""


def test_paths_from_getter_methods_name_the_files_a_storage_class_writes(tmp_path):
    result = audit_committed(tmp_path / "store", {"storage.py": STORAGE, "train.py": STORAGE_TRAIN})
    config = [(p.target, p.whole) for p in result.ctx.records.config]
    assert [(t.rsplit("/", 1)[-1], whole) for t, whole in config] == [("config.json", True)], config
    metrics = [p.target for p in result.ctx.records.metrics]
    assert any(t.endswith("}/training_stats.json") for t in metrics), metrics


# A config loader copying the user's config module into a temporary directory to import it
TEMP_IMPORT = """
import importlib
import shutil
import sys
import tempfile
import uuid


class ConfigFileLoader:
    def __init__(self):
        self.config_dir = tempfile.TemporaryDirectory()
        self.sys_path = sys.path
        self.sys_path.append(self.config_dir.name)

    def __del__(self):
        self.sys_path.remove(self.config_dir.name)
        self.config_dir.cleanup()

    def load_raw_config(self, path):
        module_name = f"cfg_{uuid.uuid4().hex}"
        shutil.copyfile(path, f"{self.config_dir.name}/{module_name}.py")
        return importlib.import_module(module_name).get_config()


def train_copy(path):
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copyfile(path, f"{tmp}/train.py")
"""

TEMP_TRAIN = (
    TRAIN_SMALL.replace(
        "import torch\n", "import sys\n\nimport torch\n\nfrom loader import ConfigFileLoader, train_copy\n", 1
    )
    .replace(
        "def main():\n",
        "def main():\n    config = ConfigFileLoader().load_raw_config(sys.argv[1])\n    train_copy(__file__)\n",
        1,
    )
    .replace("lr=0.1", 'lr=config["lr"]')
)


def test_code_copied_into_a_self_removing_temporary_directory_is_no_code_capture(tmp_path):
    result = audit_committed(tmp_path / "tmp", {"loader.py": TEMP_IMPORT, "train.py": TEMP_TRAIN})
    assert [p.target for p in result.ctx.records.code] == [], result.ctx.records.to_dict()
    assert status_of(result, "ET420") == "FAIL"


def test_code_copied_into_a_kept_run_directory_is_still_code_capture(tmp_path):
    kept = TEMP_IMPORT.replace("tempfile.TemporaryDirectory()", "make_run_dir()").replace(
        "import uuid", "import uuid\n\nfrom runs import make_run_dir"
    )
    runs = "import os, time\n\ndef make_run_dir():\n    d = f'runs/{time.time()}'\n    os.makedirs(d)\n    return d\n"
    result = audit_committed(tmp_path / "kept", {"loader.py": kept, "runs.py": runs, "train.py": TEMP_TRAIN})
    assert result.ctx.records.code, result.ctx.records.to_dict()


# The project's own tabular logger (OpenAI's older style): a list of text outputs, the console and a log
# file, written in turn, and TensorBoard events through TF's low-level EventsWriter
TABULAR_LOGGER = """
import os
import sys
from collections import OrderedDict

import tensorflow as tf
from tensorflow.python import pywrap_tensorflow
from tensorflow.python.util import compat


class TbWriter(object):
    def __init__(self, dir, prefix):
        self.step = 1
        self.evwriter = pywrap_tensorflow.EventsWriter(compat.as_bytes(os.path.join(dir, prefix)))

    def write_values(self, key2val):
        summary = tf.Summary(value=[tf.Summary.Value(tag=k, simple_value=float(v)) for k, v in key2val.items()])
        event = tf.Event(wall_time=0.0, summary=summary)
        event.step = self.step
        self.evwriter.WriteEvent(event)
        self.evwriter.Flush()
        self.step += 1


class _Logger(object):
    CURRENT = None

    def __init__(self, dir=None):
        self.name2val = OrderedDict()
        self.text_outputs = [sys.stdout]
        if dir is not None:
            os.makedirs(dir, exist_ok=True)
            self.text_outputs.append(open(os.path.join(dir, "log.txt"), "w"))
            self.tbwriter = TbWriter(dir=dir, prefix="events")

    def record_tabular(self, key, val):
        self.name2val[key] = val

    def dump_tabular(self):
        for key, val in self.name2val.items():
            self._write_text("| ", key, " | ", str(val), " |\\n")
        self.tbwriter.write_values(self.name2val)
        self.name2val.clear()

    def _write_text(self, *strings):
        for f in self.text_outputs:
            for string in strings:
                f.write(string)


def start(dir):
    _Logger.CURRENT = _Logger(dir=dir)


def record_tabular(key, val):
    _Logger.CURRENT.record_tabular(key, val)


def dump_tabular():
    _Logger.CURRENT.dump_tabular()
"""

ES_MAIN = """
import json
import os
import sys

import numpy as np

import tabular_logger as tlogger


def run_master(log_dir, exp):
    tlogger.start(log_dir)
    theta = np.zeros(10)
    for it in range(exp["iterations"]):
        noise = np.random.randn(100, 10)
        returns = noise @ theta
        theta += exp["stepsize"] * noise.T @ returns
        tlogger.record_tabular("EpRewMean", returns.mean())
        tlogger.dump_tabular()


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        exp = json.loads(f.read())
    run_master(os.path.expanduser(sys.argv[2]), exp)
"""


def test_a_hand_written_logger_writing_a_list_of_outputs_and_tf_events_is_a_run_record(tmp_path):
    from tests.rules.repo_helpers import detections_by_tool

    result = audit_committed(
        tmp_path / "es",
        {
            "tabular_logger.py": TABULAR_LOGGER,
            "main.py": ES_MAIN,
            "configurations/humanoid.json": '{"iterations": 10, "stepsize": 0.01, "env_id": "Humanoid-v1"}\n',
        },
    )
    metrics = sorted(p.target for p in result.ctx.records.metrics)
    assert "{dir}/log.txt" in metrics and "{dir}/{prefix}" in metrics, metrics
    assert "tensorboard" in detections_by_tool(result)
    assert status_of(result, "ET301") == "PASS"
    reasons = " ".join(dimension(result, "parameter_logging").reasons)
    assert "configurations/humanoid.json" in reasons, reasons


def test_a_list_of_outputs_holding_only_the_console_writes_no_file(tmp_path):
    console_only = TABULAR_LOGGER.replace(
        '            self.text_outputs.append(open(os.path.join(dir, "log.txt"), "w"))\n', ""
    )
    result = audit_committed(tmp_path / "console", {"tabular_logger.py": console_only, "main.py": ES_MAIN})
    assert not any(p.target.endswith("log.txt") for p in result.ctx.records.metrics)


IMAGE_SETUP = """#!/bin/bash
set -x
sudo apt-get install -y build-essential cmake
sudo /opt/conda/bin/conda install -y numpy scipy
sudo /opt/conda/bin/conda install -c conda-forge -y tensorflow=0.11.0
sudo /opt/conda/bin/pip install six==1.10.0 gym
"""


def test_a_shell_script_installing_several_packages_is_the_environment_set_up_whatever_its_name(tmp_path):
    result = audit_committed(
        tmp_path / "img",
        {"scripts/dependency.sh": IMAGE_SETUP, "main.py": ES_MAIN, "tabular_logger.py": TABULAR_LOGGER},
    )
    reasons = " ".join(dimension(result, "environment_capture").reasons)
    assert "scripts/dependency.sh" in reasons and "2 of 5" in reasons, reasons


def test_a_run_script_installing_the_project_alone_is_no_environment_set_up(tmp_path):
    run = "#!/bin/bash\npip install -e .\npython main.py configurations/a.json /tmp/x\n"
    result = audit_committed(tmp_path / "run", {"scripts/run.sh": run, "main.py": ES_MAIN})
    reasons = " ".join(dimension(result, "environment_capture").reasons)
    assert "scripts/run.sh" not in reasons, reasons


def _released(tmp_path, name, files):
    from experiment_tracking.scoring import released_weights

    return released_weights(audit_committed(tmp_path / name, {"train.py": TRAIN_SMALL, **files}).ctx)


def test_a_model_zoo_of_architectures_offers_no_weights(tmp_path):
    readme = (
        "# Graphlib\n\n### Using the Model Zoo\n\nGraphlib provides a set of implemented reference models.\n"
        "A model defines a message passing algorithm. See the [paper](https://arxiv.org/abs/1806.01261).\n"
    )
    assert _released(tmp_path, "zoo", {"README.md": readme}) is None
    weights = readme.replace("reference models.", "reference models and their trained weights.")
    assert _released(tmp_path, "zoo2", {"README.md": weights}) is not None


def test_we_have_pretrained_checkpoints_with_a_link_is_a_release(tmp_path):
    readme = (
        "# Meta\n\nConfiguration files for the two models are in `gin/`. We also have pretrained checkpoints\n"
        "for these two configurations: [A](https://storage.googleapis.com/bucket/a.zip).\n"
    )
    found = _released(tmp_path, "have", {"README.md": readme})
    assert found is not None and found.line == 3, found


def test_a_script_downloading_a_checkpoint_archive_fetches_released_weights(tmp_path):
    script = (
        "mkdir ckpt\nwget https://storage.googleapis.com/x/ckpts/svhn/teacher_ckpt.tar.gz -O ckpt/t.tar.gz\n"
    )
    found = _released(
        tmp_path,
        "script",
        {"scripts/prepro.sh": script, "README.md": "# X\n\nRun `bash scripts/prepro.sh`.\n"},
    )
    assert found is not None and found.path == "scripts/prepro.sh", found
    data = script.replace("teacher_ckpt.tar.gz", "train_images.tar.gz")
    assert _released(tmp_path, "data", {"scripts/prepro.sh": data, "README.md": "# X\n"}) is None


def test_a_bibtex_entry_of_the_software_itself_does_not_make_it_a_papers_release(tmp_path):
    from experiment_tracking.rules.facts import research_release

    entry = (
        "# bench\n\n## Citations\n\n```\n@misc{massa2018,\nauthor = {Massa, F.},\n"
        "title = {{bench: a reference implementation}},\nyear = {2018},\n"
        "howpublished = {\\url{https://github.com/org/bench}}\n}\n```\n"
    )
    result = audit_committed(tmp_path / "soft", {"train.py": TRAIN_SMALL, "README.md": entry})
    assert research_release(result.ctx) is None
    paper = entry.replace("howpublished = {\\url{https://github.com/org/bench}}", "journal = {CVPR}")
    result = audit_committed(tmp_path / "paper", {"train.py": TRAIN_SMALL, "README.md": paper})
    assert research_release(result.ctx) is not None


def test_a_library_installed_from_a_git_scheme_url_is_a_library(tmp_path):
    from experiment_tracking.rules.facts import library

    setup = "from setuptools import setup\nsetup(name='graphlib', packages=['graphlib'])\n"
    readme = "# Graphlib\n\n## Installation\n\n```pip install git+git://github.com/org/graphlib.git```\n"
    result = audit_committed(
        tmp_path / "lib",
        {
            "setup.py": setup,
            "README.md": readme,
            "graphlib/__init__.py": "",
            "examples/train.py": TRAIN_SMALL,
        },
    )
    assert library(result.ctx) is not None


def test_a_package_listed_in_setup_py_and_requirements_txt_counts_once_as_the_requirements_have_it(tmp_path):
    names = ["absl-py", "gym", "numpy", "pybullet", "matplotlib", "scipy", "tensorflow", "transforms3d"]
    pins = {"gym": "0.17.3", "numpy": "1.18.5", "scipy": "1.4.1", "tensorflow": "2.3.0"}
    req = "".join(f"{n}=={pins[n]}\n" if n in pins else f"{n}>=1.0\n" for n in names)
    setup = (
        "from setuptools import setup\n"
        f"setup(name='robots', packages=['robots'], install_requires={[n + '>=1.0' for n in names]!r})\n"
    )
    result = audit_committed(
        tmp_path / "dup",
        {"requirements.txt": req, "setup.py": setup, "robots/__init__.py": "", "train.py": TRAIN_SMALL},
    )
    reasons = " ".join(dimension(result, "environment_capture").reasons)
    assert "4 of 8 dependencies" in reasons, reasons


def test_a_seed_taken_from_the_process_id_is_a_new_seed_every_run(tmp_path):
    pid_seeded = TRAIN_SMALL.replace(
        "def main():\n", "def main():\n    import os\n\n    torch.manual_seed(os.getpid())\n"
    )
    result = audit_committed(tmp_path / "pid", {"train.py": pid_seeded})
    assert status_of(result, "ET401") != "PASS", result.findings
    fixed = pid_seeded.replace("os.getpid()", "0")
    assert status_of(audit_committed(tmp_path / "fixed", {"train.py": fixed}), "ET401") == "PASS"


def test_a_framework_installed_as_a_nightly_gets_no_pin_the_project_states(tmp_path):
    from experiment_tracking.rules.phase4_reproducibility import _pinned_version

    install = (
        "## Requirements\n- PyTorch 1.0 from a nightly release. It **will not** work with 1.0 nor 1.0.1.\n\n"
        "```\nconda install -c pytorch pytorch-nightly torchvision cudatoolkit=9.0\n```\n"
    )
    files = {"train.py": TRAIN_SMALL, "README.md": "# Det\n\nDetection models in PyTorch 1.0.\n"}
    result = audit_committed(tmp_path / "nightly", {**files, "INSTALL.md": install})
    assert _pinned_version(result.ctx, "torch") is None
    # ... while a release the instructions name is one
    stated = install.replace("pytorch-nightly", "pytorch=1.0.1").replace(
        " from a nightly release. It **will not** work with 1.0 nor 1.0.1.", "."
    )
    result = audit_committed(tmp_path / "stated", {**files, "INSTALL.md": stated})
    assert _pinned_version(result.ctx, "torch") == (1, 0)


def test_a_version_the_instructions_say_the_code_does_not_work_with_is_not_the_stated_one(tmp_path):
    from experiment_tracking.rules.phase4_reproducibility import _pinned_version

    doc = (
        "# X\n\nIt does not work with PyTorch 1.5 because of the new autograd.\n\nTested with PyTorch 1.4.\n"
    )
    result = audit_committed(tmp_path / "neg", {"train.py": TRAIN_SMALL, "README.md": doc})
    assert _pinned_version(result.ctx, "torch") == (1, 4)


TF1_TRAIN_LIB = """
import tensorflow as tf


def train(sess, model, checkpoint_dir, iters=100):
    opt = tf.train.AdamOptimizer(1e-3).minimize(model)
    saver = tf.train.Saver()
    sess.run(tf.global_variables_initializer())
    for i in range(iters):
        sess.run(opt)
        if i % 10 == 0:
            saver.save(sess, checkpoint_dir + "/model.ckpt", global_step=i)
"""

TF1_RUN = """
import argparse

import tensorflow as tf

from trainlib import train


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pretrained", action="store_true")
    parser.add_argument("--checkpoint", default="model_checkpoint")
    args = parser.parse_args()
    model = tf.Variable(1.0) ** 2
    with tf.Session() as sess:
        if not args.pretrained:
            train(sess, model, args.checkpoint)
        else:
            tf.train.Saver().restore(sess, tf.train.latest_checkpoint(args.checkpoint))
        print("accuracy", sess.run(model))


if __name__ == "__main__":
    main()
"""


def test_a_restore_instead_of_training_is_no_resume(tmp_path):
    result = audit_committed(tmp_path / "alt", {"trainlib.py": TF1_TRAIN_LIB, "run.py": TF1_RUN})
    assert result.ctx.records.resume == [], result.ctx.records.resume
    assert status_of(result, "ET511") != "PASS"


def test_a_restore_before_training_on_is_a_resume(tmp_path):
    resumes = TF1_RUN.replace(
        "        if not args.pretrained:\n            train(sess, model, args.checkpoint)\n        else:\n"
        "            tf.train.Saver().restore(sess, tf.train.latest_checkpoint(args.checkpoint))\n",
        "        if tf.train.latest_checkpoint(args.checkpoint):\n"
        "            tf.train.Saver().restore(sess, tf.train.latest_checkpoint(args.checkpoint))\n"
        "        train(sess, model, args.checkpoint)\n",
    )
    result = audit_committed(tmp_path / "on", {"trainlib.py": TF1_TRAIN_LIB, "run.py": resumes})
    assert status_of(result, "ET511") == "PASS"


def test_an_export_script_restoring_the_latest_checkpoint_resumes_nothing(tmp_path):
    export = (
        "import tensorflow as tf\n\n\ndef main():\n    with tf.Session() as sess:\n"
        "        tf.train.Saver().restore(sess, tf.train.latest_checkpoint('ckpt'))\n"
        "        print([v.name for v in tf.global_variables()])\n\n\nif __name__ == '__main__':\n    main()\n"
    )
    only_train = TF1_RUN.replace(
        "        if not args.pretrained:\n            train(sess, model, args.checkpoint)\n        else:\n"
        "            tf.train.Saver().restore(sess, tf.train.latest_checkpoint(args.checkpoint))\n",
        "        train(sess, model, args.checkpoint)\n",
    )
    result = audit_committed(
        tmp_path / "exp", {"trainlib.py": TF1_TRAIN_LIB, "run.py": only_train, "web/export.py": export}
    )
    assert result.ctx.records.resume == [], result.ctx.records.resume


CONVERTER = """
import numpy as np

SPLITS = ("train", "valid", "test")


class DatasetConverter:
    def __init__(self, seed=22):
        self.seed = seed

    def get_splits(self):
        np.random.seed(self.seed)
        classes = list(range(100))
        np.random.shuffle(classes)
        return classes[:60], classes[60:80], classes[80:]

    def convert(self):
        return self.get_splits()
"""

CONVERT_SCRIPT = """
from conversion import DatasetConverter

if __name__ == "__main__":
    DatasetConverter().convert()
"""

EPISODE_TRAIN = """
import numpy as np
import torch

from conversion import SPLITS


def main():
    rng = np.random.RandomState(seed=None)
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for split in SPLITS[:1]:
        for step in range(3):
            opt.zero_grad()
            model(torch.tensor(rng.randn(4, 2), dtype=torch.float32)).sum().backward()
            opt.step()


if __name__ == "__main__":
    main()
"""


def test_a_seed_in_a_converter_method_only_the_conversion_script_reaches_is_no_training_seed(tmp_path):
    files = {"conversion.py": CONVERTER, "convert.py": CONVERT_SCRIPT, "train.py": EPISODE_TRAIN}
    result = audit_committed(tmp_path / "conv", files)
    assert status_of(result, "ET401") == "FAIL", [f.message for f in result.findings if f.rule_id == "ET401"]
    # ... but training calling the converter itself runs the seed
    trains_it = EPISODE_TRAIN.replace(
        "from conversion import SPLITS", "from conversion import SPLITS, DatasetConverter"
    )
    trains_it = trains_it.replace("    rng = ", "    DatasetConverter().convert()\n    rng = ")
    result = audit_committed(tmp_path / "runs", {**files, "train.py": trains_it})
    assert status_of(result, "ET401") != "FAIL", [f.message for f in result.findings if f.rule_id == "ET401"]


def test_a_cuda_version_after_a_markdown_link_is_a_stated_cuda_stack(tmp_path):
    readme = (
        "# Robots\n\nRecommended: install GPU acceleration with NVIDIA [CUDA](https://developer.nvidia.com/cuda-toolkit)"
        " 10.1 and [cuDNN](https://developer.nvidia.com/cudnn) 7.6.5 for Tensorflow.\n"
    )
    gpu_train = TRAIN_SMALL.replace("torch.nn.Linear(2, 1)", "torch.nn.Linear(2, 1).cuda()")
    result = audit_committed(tmp_path / "cuda", {"train.py": gpu_train, "README.md": readme})
    ev = [f for f in result.findings if f.rule_id == "ET413"]
    assert ev and "CUDA stack is stated" in ev[0].message, [f.message for f in ev]


def test_lists_of_samples_in_split_named_folders_are_committed_split_files(tmp_path):
    lists = {
        f"metadata/imagenet/{split}/n0{i}.csv": f"n0{i}_1.JPEG,0,100\nn0{i}_2.JPEG,100,200\n"
        for split in ("train", "val", "test")
        for i in range(2)
    }
    result = audit_committed(tmp_path / "lists", {"train.py": TRAIN_SMALL, **lists})
    assert any(e.path.startswith("metadata/imagenet/") for e in result.ctx.taxonomy.split_files)
    # one folder named like a split, alone: no split
    alone = {"metadata/imagenet/test/n00.csv": "n00_1.JPEG,0,100\n"}
    result = audit_committed(tmp_path / "alone", {"train.py": TRAIN_SMALL, **alone})
    assert not result.ctx.taxonomy.split_files
