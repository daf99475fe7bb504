"""Families of real code met in round fresh91, each as a synthetic case that fails without its fix."""

from tests.rules.repo_helpers import audit_committed, detections_by_tool, dimension, finding, status_of

DP_TRAIN = """import argparse

import torch
import torch.nn as nn


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--lr", type=float, default=0.1)
    args = p.parse_args()
    model = nn.Linear(8, 2)
    if torch.cuda.device_count() > 1:
        model = nn.DataParallel(model)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr)
    for step in range(100):
        loss = model(torch.randn(4, 8)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
"""


def test_data_parallel_is_reported_as_one_process_on_several_gpus(tmp_path):
    """CMC, DeepSDF, GAN zoo: `model = nn.DataParallel(model)` splits each batch over the visible GPUs in
    the one process `python train.py` starts. It is reported (the run depends on the GPU count), and asks
    for no launcher script."""
    result = audit_committed(tmp_path, {"train.py": DP_TRAIN})
    found = detections_by_tool(result)
    assert "data_parallel" in found, sorted(found)
    assert status_of(result, "ET510") != "WARN"


def test_data_parallel_named_in_a_comment_only_is_not_reported(tmp_path):
    text = DP_TRAIN.replace("model = nn.DataParallel(model)", "pass  # model = nn.DataParallel(model)")
    result = audit_committed(tmp_path, {"train.py": text})
    assert "data_parallel" not in detections_by_tool(result)


LOADER = """def loadmodule(package, name, prefix=".."):
    exec("from " + prefix + package + " import " + name + " as module")
    return eval("module")
"""

TRAINER = """import json
import os

import torch


class SimpleTrainer:
    def __init__(self, config, out_dir):
        self.config = config
        self.out_dir = out_dir

    def train(self):
        with open(os.path.join(self.out_dir, "train_config.json"), "w") as f:
            json.dump(vars(self.config), f)
        for step in range(10):
            torch.save({"step": step}, os.path.join(self.out_dir, "model.pt"))
"""

LAUNCH = """import argparse

from models.utils import loadmodule


def get_trainer(name):
    match = {"simple": ("simple_trainer", "SimpleTrainer")}
    return loadmodule("models.trainer." + match[name][0], match[name][1], prefix="")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("model_name")
    parser.add_argument("--dir", default="output")
    args = parser.parse_args()
    trainer = get_trainer(args.model_name)(args, args.dir)
    trainer.train()
"""


def _training_paths(result):
    from experiment_tracking.fixes import training_paths

    return training_paths(result.ctx)


def test_a_trainer_module_imported_by_a_spliced_name_is_on_the_training_path(tmp_path):
    """GAN zoo: `loadmodule("models.trainer." + match[name][0], ...)` with a helper exec'ing the import:
    the trainer modules of that package are what train.py runs, so their config dump is the run's."""
    files = {
        "train.py": LAUNCH,
        "models/__init__.py": "",
        "models/utils.py": LOADER,
        "models/trainer/__init__.py": "",
        "models/trainer/simple_trainer.py": TRAINER,
    }
    result = audit_committed(tmp_path, files)
    assert "models/trainer/simple_trainer.py" in _training_paths(result)


def test_a_model_module_imported_by_a_name_with_a_constant_ending(tmp_path):
    """CycleGAN's models/__init__.py: `importlib.import_module("models." + name + "_model")` reaches every
    models/*_model.py, not models/networks.py."""
    launch = """import argparse
import importlib


def find_model(name):
    model_filename = "models." + name + "_model"
    return importlib.import_module(model_filename)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="cycle_gan")
    args = p.parse_args()
    find_model(args.model).train()
"""
    model = "import torch\n\n\ndef train():\n    for i in range(3):\n        torch.save({}, 'm.pt')\n"
    files = {
        "train.py": launch,
        "models/__init__.py": "",
        "models/cycle_gan_model.py": model,
        "models/networks.py": "import torch\n",
    }
    paths = _training_paths(audit_committed(tmp_path, files))
    assert "models/cycle_gan_model.py" in paths
    assert "models/networks.py" not in paths


WORKSPACE = """import json
import os

specifications_filename = "specs.json"
logs_filename = "Logs.pth"


def load_experiment_specifications(experiment_directory):
    filename = os.path.join(experiment_directory, specifications_filename)
    if not os.path.isfile(filename):
        raise Exception("no specs.json in " + experiment_directory)
    return json.load(open(filename))
"""

SDF_TRAIN = """import argparse
import os

import torch

import ws


def save_logs(experiment_directory, loss_log, epoch):
    torch.save({"epoch": epoch, "loss": loss_log}, os.path.join(experiment_directory, ws.logs_filename))


def main_function(experiment_directory):
    specs = ws.load_experiment_specifications(experiment_directory)
    model = torch.nn.Linear(8, 1)
    opt = torch.optim.Adam(model.parameters(), lr=specs["LearningRate"])
    loss_log = []
    for epoch in range(specs["NumEpochs"]):
        loss = model(torch.randn(4, 8)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        loss_log.append(loss.item())
        torch.save(model.state_dict(), os.path.join(experiment_directory, "model_" + str(epoch) + ".pth"))
        save_logs(experiment_directory, loss_log, epoch)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--experiment", "-e", dest="experiment_directory", required=True)
    p.add_argument("--batch_split", default=1)
    args = p.parse_args()
    main_function(args.experiment_directory)
"""


def test_an_experiment_folder_holding_the_config_the_run_reads_keeps_its_outputs(tmp_path):
    """DeepSDF: the training reads specs.json from the folder it is given (-e) and writes its logs and
    checkpoints there: the outputs are kept per experiment, and the settings are recorded in that folder,
    but only as the file the user wrote (level 3, not 1), with ET210 saying so."""
    files = {"ws.py": WORKSPACE, "train.py": SDF_TRAIN, "examples/chairs/specs.json": '{"NumEpochs": 2}\n'}
    result = audit_committed(tmp_path, files)
    metrics = [p for p in result.ctx.records.metrics if p.target.startswith("{experiment_directory}")]
    assert metrics and all(p.keeping == "experiment" and p.per_run for p in metrics), metrics
    assert dimension(result, "parameter_logging").score == 3
    assert dimension(result, "result_persistence").score >= 3
    f = finding(result, "ET210")
    assert f.status == "WARN" and "specs.json" in f.message, f.message
    # the record quotes the line that reads the file, in the module that reads it
    config = [p for p in result.ctx.records.config if p.keeping == "experiment"]
    assert config and config[0].evidence.detail.startswith("return json.load(open(filename))"), config


def test_a_config_read_from_a_folder_the_run_does_not_write_into_is_an_input(tmp_path):
    """configs/<name>.json read from a folder of configurations while outputs go elsewhere: no record."""
    train = SDF_TRAIN.replace(
        "specs = ws.load_experiment_specifications(experiment_directory)",
        'specs = ws.load_experiment_specifications("configs")',
    )
    files = {"ws.py": WORKSPACE, "train.py": train, "configs/specs.json": '{"NumEpochs": 2}\n'}
    result = audit_committed(tmp_path, files)
    assert not [p for p in result.ctx.records.config if p.keeping == "experiment"]
    assert not [p for p in result.ctx.records.metrics if p.keeping == "experiment"]


def test_a_params_file_in_the_model_dir_given_on_the_command_line(tmp_path):
    """The CS230 layout: `json_path = os.path.join(args.model_dir, "params.json")`, then checkpoints into
    args.model_dir: the model folder is the experiment's."""
    train = """import argparse
import json
import os

import torch

p = argparse.ArgumentParser()
p.add_argument("--model_dir", default="experiments/base_model")
args = p.parse_args()
json_path = os.path.join(args.model_dir, "params.json")
params = json.load(open(json_path))
model = torch.nn.Linear(8, 1)
opt = torch.optim.SGD(model.parameters(), lr=params["learning_rate"])
for epoch in range(params["num_epochs"]):
    loss = model(torch.randn(4, 8)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    torch.save(model.state_dict(), os.path.join(args.model_dir, "last.pth.tar"))
"""
    files = {"train.py": train, "experiments/base_model/params.json": '{"learning_rate": 0.1}\n'}
    result = audit_committed(tmp_path, files)
    ckpts = [p for p in result.ctx.records.checkpoints if p.target.startswith("{args.model_dir}")]
    assert ckpts and all(p.keeping == "experiment" for p in ckpts), result.ctx.records.checkpoints


def test_a_required_output_folder_option_is_no_shared_default(tmp_path):
    """DeepSDF's reconstruct.py: `-e` is required and has no default, and the README spells the short
    flag: no run shares a default folder, each names its own."""
    from experiment_tracking.report.markdown import _naming

    main = """import argparse
import os

import torch

p = argparse.ArgumentParser()
p.add_argument("--output", "-o", dest="output_dir", required=True)
args = p.parse_args()
model = torch.nn.Linear(8, 1)
for epoch in range(3):
    torch.save(model.state_dict(), os.path.join(args.output_dir, "model.pt"))
"""
    readme = "# x\n\n```bash\npython main.py -o runs/a\n```\n"
    result = audit_committed(tmp_path / "r", {"main.py": main, "README.md": readme})
    text = _naming(result)
    assert "must give it" in text and "share" not in text, text
    result = audit_committed(tmp_path / "r2", {"main.py": main.replace("required=True", 'default="out"')})
    assert "must give it" not in _naming(result)


STREAM_DOWNLOAD = """import hashlib
import os

import requests

SPECS = [
    dict(file_url="https://example.org/a.tfrecords", file_path="data/a.tfrecords",
         file_md5="63e062160f1ef9079d4f51206a95ba39"),
]


def download_file(session, file_spec):
    data_md5 = hashlib.md5()
    with session.get(file_spec["file_url"], stream=True) as res:
        with open(file_spec["file_path"], "wb") as f:
            for chunk in res.iter_content(chunk_size=1 << 16):
                f.write(chunk)
                data_md5.update(chunk)
    if data_md5.hexdigest() != file_spec["file_md5"]:
        raise IOError("Incorrect file MD5", file_spec["file_path"])


def download_files(specs):
    with requests.Session() as session:
        for spec in specs:
            download_file(session, spec)


if __name__ == "__main__":
    download_files(SPECS)
"""


def test_a_download_streamed_into_a_digest_compared_with_the_stated_one_is_checked(tmp_path):
    """eg3d's download_ffhq.py: `data_md5 = hashlib.md5()` fed every streamed chunk, then compared with the
    file_md5 each spec states: the data arrives checked (level 3)."""
    files = {"dataset_tool/download_data.py": STREAM_DOWNLOAD, "train.py": DP_TRAIN}
    result = audit_committed(tmp_path, files)
    dim = dimension(result, "data_versioning")
    assert dim.score == 3 and "download_data.py" in " ".join(dim.reasons), dim.reasons


def test_a_streamed_digest_never_compared_checks_nothing(tmp_path):
    text = STREAM_DOWNLOAD.replace(
        """    if data_md5.hexdigest() != file_spec["file_md5"]:
        raise IOError("Incorrect file MD5", file_spec["file_path"])
""",
        """    print("md5", data_md5.hexdigest())
""",
    )
    result = audit_committed(tmp_path, {"dataset_tool/download_data.py": text, "train.py": DP_TRAIN})
    assert "download_data.py" not in " ".join(dimension(result, "data_versioning").reasons)


def test_conda_installs_in_a_dockerfile_are_its_dependencies(tmp_path):
    """MUNIT's Dockerfile: `RUN conda install -y pytorch=0.4.1 torchvision cuda91 -c pytorch` pins torch in
    the image; the channel is no package."""
    docker = (
        "FROM nvidia/cuda:9.1-cudnn7-runtime-ubuntu16.04\n"
        "RUN conda install -y pytorch=0.4.1 torchvision -c pytorch\n"
        "RUN pip install tensorboardX\n"
    )
    result = audit_committed(tmp_path, {"Dockerfile": docker, "train.py": DP_TRAIN})
    deps = {d.name: d for d in result.ctx.index.dependencies if d.path == "Dockerfile"}
    assert "pytorch" in deps and "torchvision" in deps and "tensorboardx" in {n.lower() for n in deps}, deps
    f = finding(result, "ET410")
    assert "1 of 3" in f.message, f.message


def test_a_dict_of_lists_its_callers_grow_per_step_is_a_metrics_history(tmp_path):
    """DeepSDF's save_logs(experiment_directory, loss_log, epoch) writing {"loss": loss_log} with loss_log
    appended per batch by the training loop: the file holds the curve, rewritten whole (ET301 PASS, not
    "only final values")."""
    files = {"ws.py": WORKSPACE, "train.py": SDF_TRAIN}
    result = audit_committed(tmp_path, files)
    f = finding(result, "ET301")
    assert f.status == "PASS", f.message


def test_a_dict_of_values_computed_once_is_still_a_final_value(tmp_path):
    train = SDF_TRAIN.replace("        loss_log.append(loss.item())\n", "").replace(
        "save_logs(experiment_directory, loss_log, epoch)",
        "save_logs(experiment_directory, loss.item(), epoch)",
    )
    result = audit_committed(tmp_path, {"ws.py": WORKSPACE, "train.py": train})
    assert status_of(result, "ET301") != "PASS"


def _hpo(result):
    return {d.tool for d in result.ctx.detections if d.category == "hpo"}


def test_a_shell_loop_over_the_data_a_run_reads_is_no_search(tmp_path):
    """mixmatch's runs/table5.sh: `for size in 250 500 ...; common_args="--dataset=cifar10.${seed}@${size}-1"`
    then one command per method: the loop walks the benchmark's label budgets, a table of results, not a
    search over a setting."""
    table = (
        "#!/bin/bash\n"
        "for size in 250 500 1000 2000 4000; do\n"
        '    common_args="--dataset=cifar10.1@${size}-1 --train_dir experiments/compare"\n'
        "    python train.py $common_args --wd=0.02\n"
        "done\n"
    )
    result = audit_committed(tmp_path / "a", {"train.py": DP_TRAIN, "runs/table.sh": table})
    assert "shell_sweep" not in _hpo(result)
    grid = table.replace("--dataset=cifar10.1@${size}-1", "--dataset=cifar10 --lr=${size}")
    result = audit_committed(tmp_path / "b", {"train.py": DP_TRAIN, "runs/table.sh": grid})
    assert "shell_sweep" in _hpo(result)


BAG_MODEL = """import json
import os


class Model:
    def __init__(self, train_dir, dataset, **kwargs):
        self.train_dir = os.path.join(train_dir, "run")
        self.params = dict(kwargs)
        self.save_args()

    def save_args(self, **extra):
        with open(os.path.join(self.train_dir, "args.json"), "w") as f:
            json.dump({**self.params, **extra}, f)

    def train(self, steps):
        for _ in range(steps):
            pass
"""

BAG_SCRIPT = """from absl import app, flags

from libml.train import Model

FLAGS = flags.FLAGS


class MixMatch(Model):
    pass


def main(argv):
    model = MixMatch(FLAGS.train_dir, None, lr=FLAGS.lr, wd=FLAGS.wd, beta=FLAGS.beta)
    model.train(FLAGS.train_kimg)


if __name__ == "__main__":
    flags.DEFINE_float("wd", 0.02, "Weight decay.")
    flags.DEFINE_float("beta", 0.5, "Mixup beta.")
    app.run(main)
"""


def test_options_handed_as_keywords_to_a_class_that_dumps_its_kwargs_are_recorded(tmp_path):
    """mixmatch's libml: `self.params = EasyDict(kwargs)` dumped to args.json, the model built as
    `MixMatch(..., lr=FLAGS.lr, wd=FLAGS.wd, beta=FLAGS.beta)`: the record holds those options, all that
    the script defines (ET211 no longer lists learning rate as unlogged)."""
    files = {"libml/__init__.py": "", "libml/train.py": BAG_MODEL, "mixmatch.py": BAG_SCRIPT}
    result = audit_committed(tmp_path / "a", files)
    parts = [p for p in result.ctx.records.config if p.target.endswith("args.json")]
    assert parts and parts[0].whole and "lr, wd" in parts[0].evidence.detail.replace("beta, ", ""), parts
    assert status_of(result, "ET211") != "WARN"
    # an option the script defines but does not hand over: the record is a subset
    files["mixmatch.py"] = BAG_SCRIPT.replace(
        '    flags.DEFINE_float("beta", 0.5, "Mixup beta.")\n',
        '    flags.DEFINE_float("beta", 0.5, "Mixup beta.")\n    flags.DEFINE_integer("warmup", 10, "Warmup.")\n',
    )
    result = audit_committed(tmp_path / "b", files)
    parts = [p for p in result.ctx.records.config if p.target.endswith("args.json")]
    assert parts and not parts[0].whole


def test_the_last_checkpoint_a_run_left_is_loaded_unless_told_to_restart(tmp_path):
    """GAN zoo: `data = getLastCheckPoint(dir, name)`, then `if not restart and data is not None:
    trainer.loadSavedTraining(...)`: an interrupted run continues (ET511 PASS, not "no resume path")."""
    train = """import argparse

from utils import getLastCheckPoint
from trainer import Trainer

p = argparse.ArgumentParser()
p.add_argument("--restart", action="store_true", help="do not load a checkpoint found")
p.add_argument("--dir", default="output")
args = p.parse_args()
checkPointData = getLastCheckPoint(args.dir, "gan")
trainer = Trainer(args.dir)
if not args.restart and checkPointData is not None:
    trainer.loadSavedTraining(*checkPointData)
trainer.train()
"""
    utils = "import os\n\n\ndef getLastCheckPoint(d, name):\n    files = sorted(os.listdir(d))\n    return files[-1:] or None\n"
    trainer = """import torch


class Trainer:
    def __init__(self, d):
        self.d = d
        self.model = torch.nn.Linear(2, 2)

    def loadSavedTraining(self, path):
        self.model.load_state_dict(torch.load(path))

    def train(self):
        for i in range(10):
            torch.save(self.model.state_dict(), f"{self.d}/gan_{i}.pt")
"""
    result = audit_committed(tmp_path, {"train.py": train, "utils.py": utils, "trainer.py": trainer})
    f = finding(result, "ET511")
    assert f.status == "PASS" and "interrupted run" in f.message, f.message


def test_predictions_an_evaluation_collects_per_batch_are_no_metrics_history(tmp_path):
    """vissl's kNN evaluation: `preds.append(p.numpy())` per test batch, then `_save_results(preds, out)`
    writes them: predictions, not a curve of the run (the collecting function trains nothing)."""
    evaluate = """import pickle

import torch


def _save_results(preds, out_dir):
    with open(out_dir + "/predictions.pkl", "wb") as f:
        pickle.dump({"predictions": preds}, f)


def evaluate(model, loader, out_dir):
    preds = []
    with torch.no_grad():
        for x, _y in loader:
            preds.append(model(x).numpy())
    _save_results(preds, out_dir)


if __name__ == "__main__":
    evaluate(torch.load("model.pt"), [], "out")
"""
    result = audit_committed(tmp_path, {"train.py": DP_TRAIN, "evaluate.py": evaluate})
    from experiment_tracking.records import GROWN_HISTORY

    parts = result.ctx.records.metrics + result.ctx.records.artifacts
    assert not [p for p in parts if GROWN_HISTORY in p.evidence.detail], parts


def test_checkpoints_offered_through_a_python_download_script_are_released_weights(tmp_path):
    """image-gpt's README: "### Downloading Pre-trained Models ... run `download.py`" with
    `python download.py --model s --ckpt 1000000`: the authors release their checkpoints."""
    from experiment_tracking.scoring import released_weights

    readme = (
        "# model\n\n## Usage\n\n### Downloading Pre-trained Models\n\n"
        "To download a model checkpoint, run `download.py`.\n\n"
        "```\npython download.py --model s --ckpt 1000000\n```\n"
    )
    result = audit_committed(
        tmp_path / "a", {"README.md": readme, "train.py": DP_TRAIN, "download.py": "import requests\n"}
    )
    assert released_weights(result.ctx) is not None
    datasets = readme.replace("Pre-trained Models", "Datasets").replace(
        "--model s --ckpt 1000000", "--dataset cifar10"
    )
    datasets = datasets.replace("a model checkpoint", "a dataset")
    result = audit_committed(
        tmp_path / "b", {"README.md": datasets, "train.py": DP_TRAIN, "download.py": "import requests\n"}
    )
    assert released_weights(result.ctx) is None


def test_an_optimizer_built_with_a_zero_learning_rate_is_no_literal_setting(tmp_path):
    """CMC's train_moco_ins.py: `optimizer_ema = torch.optim.SGD(model_ema.parameters(), lr=0, ...)` built
    only so apex's amp.initialize accepts the momentum encoder; never stepped: not a literal hyperparameter
    of the training (ET201 does not cite it), while the real optimizer's options come from the command line."""
    train = DP_TRAIN.replace(
        "    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n",
        "    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n"
        "    ema = nn.Linear(8, 2)\n"
        "    opt_ema = torch.optim.SGD(ema.parameters(), lr=0, momentum=0.9)\n",
    )
    result = audit_committed(tmp_path / "a", {"train.py": train})
    f = finding(result, "ET201")
    assert "literal" not in f.message, f.message
    literal = DP_TRAIN.replace("lr=args.lr)", "lr=0.01)")
    f = finding(audit_committed(tmp_path / "b", {"train.py": literal}), "ET201")
    assert "lr is a literal" in f.message, f.message


def test_differential_privacy_experiments_say_nothing_of_personal_data(tmp_path):
    """mixmatch's README "#### Install privacy datasets" (the differential-privacy experiment's data): no
    statement about personal data, so ET612 does not pass on it."""
    from experiment_tracking.rules.phase6_governance import PII_TEXT

    assert PII_TEXT.search("#### Install privacy datasets") is None
    assert PII_TEXT.search("We train with differential privacy and report the privacy budget.") is None
    assert PII_TEXT.search("No personal data is used.") is not None
    assert PII_TEXT.search("Data privacy: the face images were anonymized.") is not None


def test_badges_for_two_python_versions_fix_none(tmp_path):
    """MUNIT's README: a python-2.7 badge beside a python-3.6 badge lists what the code claims to run on;
    no documented set-up states the Python (ET411 does not pass on them). One badge still states it."""
    two = (
        "![Python 2.7](https://img.shields.io/badge/python-2.7-green.svg)\n"
        "![Python 3.6](https://img.shields.io/badge/python-3.6-green.svg)\n# model\n"
    )
    f = finding(audit_committed(tmp_path / "a", {"README.md": two, "train.py": DP_TRAIN}), "ET411")
    assert f.status == "WARN" and "supported Python versions are stated (2.7, 3.6" in f.message, f.message
    one = "![Python 3.6](https://img.shields.io/badge/python-3.6-green.svg)\n# model\n"
    f = finding(audit_committed(tmp_path / "b", {"README.md": one, "train.py": DP_TRAIN}), "ET411")
    assert f.status == "PASS" and "README.md" in f.message, f.message


def test_a_data_parallel_subclass_defined_but_never_built_is_no_use(tmp_path):
    """lama's copied ADE20K segmentation library: `class DictGatherDataParallel(nn.DataParallel)` defined,
    built only in its own tests: no run spreads a batch over GPUs."""
    lib = "import torch.nn as nn\n\n\nclass DictGatherDataParallel(nn.DataParallel):\n    pass\n"
    result = audit_committed(
        tmp_path, {"train.py": DP_TRAIN.replace("nn.DataParallel(model)", "model"), "segm/parallel.py": lib}
    )
    used = {d.tool for d in result.ctx.detections if d.usage == "used"}
    assert "data_parallel" not in used


def test_weights_offered_in_a_guide_the_readme_links_to_are_released(tmp_path):
    """MUNIT: the README sends its reader to USAGE.md ("check out the [user manual page](USAGE.md)"), where
    "download the [pretrained models](https://drive.google.com/...)" offers them."""
    from experiment_tracking.scoring import released_weights

    readme = "# model\n\nPlease check out the [user manual page](USAGE.md).\n"
    usage = (
        "# Usage\n\n## Testing\n\nFirst, download the [pretrained models](https://drive.google.com/drive/folders/abc)"
        " and put them in `models` folder.\n"
    )
    result = audit_committed(tmp_path / "a", {"README.md": readme, "USAGE.md": usage, "train.py": DP_TRAIN})
    assert released_weights(result.ctx) is not None
    result = audit_committed(
        tmp_path / "b", {"README.md": "# model\n", "USAGE.md": usage, "train.py": DP_TRAIN}
    )
    assert released_weights(result.ctx) is None


def test_a_black_box_optimiser_in_evaluation_code_is_no_hyperparameter_search(tmp_path):
    """GAN zoo's models/eval/inspirational_generation.py: nevergrad searches the latent vector reproducing
    an image, off the training path: no search over a run's settings (ET220/ET221 not about it)."""
    search = """import nevergrad as ng
import torch


def invert(generator, target, budget=100):
    opt = ng.optimizers.registry["CMA"](parametrization=512, budget=budget)
    for _ in range(budget):
        z = opt.ask()
        loss = ((generator(torch.tensor(z.value)) - target) ** 2).mean()
        opt.tell(z, float(loss))
    return opt.provide_recommendation()


if __name__ == "__main__":
    invert(torch.nn.Identity(), torch.zeros(512))
"""
    files = {"train.py": DP_TRAIN, "models/eval/inversion.py": search}
    result = audit_committed(tmp_path / "a", files)
    assert "nevergrad" not in {d.tool for d in result.ctx.detections if d.category == "hpo" and d.present}
    # the same search beside the training, tuning what it trains with, stays a search
    result = audit_committed(tmp_path / "b", {"train.py": DP_TRAIN, "tune.py": search})
    assert "nevergrad" in {d.tool for d in result.ctx.detections if d.category == "hpo" and d.present}


def test_a_trial_id_typed_on_the_command_line_is_no_counter(tmp_path):
    """RepDistiller: the run folder `'..._{}'.format(..., opt.trial)` with `--trial` defaulting to '1':
    the user's id (every shipped script passes 1), named from the run's arguments, not numbered per run;
    a folder numbered by counting the existing ones still is."""
    train = DP_TRAIN.replace(
        '    p.add_argument("--lr", type=float, default=0.1)\n',
        '    p.add_argument("--lr", type=float, default=0.1)\n    p.add_argument("--trial", type=str, default="1")\n',
    ).replace(
        'torch.save(model.state_dict(), "model.pt")',
        'torch.save(model.state_dict(), "runs/lr_{}_{}/model.pt".format(args.lr, args.trial))',
    )
    result = audit_committed(tmp_path / "a", {"train.py": train})
    parts = [p for p in result.ctx.records.checkpoints if p.target.startswith("runs/")]
    assert parts and parts[0].keeping == "named", parts
    counted = train.replace(
        '"runs/lr_{}_{}/model.pt".format(args.lr, args.trial)',
        '"runs/{}/model.pt".format(len(os.listdir("runs")))',
    ).replace("import argparse\n", "import argparse\nimport os\n")
    result = audit_committed(tmp_path / "b", {"train.py": counted})
    parts = [p for p in result.ctx.records.checkpoints if p.target.startswith("runs/")]
    assert parts and parts[0].keeping == "counter", parts


def test_an_evaluation_metric_computed_by_hand_and_printed_is_evaluation_code(tmp_path):
    """MUNIT's test_batch.py: the Inception Score computed with scipy's entropy and printed; image-gpt's
    `evaluate()` printing its accuracy: evaluation code (Papers with Code), only printed (ET302 says so)."""
    evaluate = """import numpy as np
import torch
from scipy.stats import entropy


def main():
    model = torch.load("model.pt")
    preds = [torch.softmax(model(torch.randn(4, 8)), 1).detach().numpy() for _ in range(10)]
    p = np.concatenate(preds, 0)
    py = p.sum(0)
    scores = [entropy(row, py) for row in p]
    print("Inception Score: {}".format(np.exp(np.mean(scores))))


if __name__ == "__main__":
    main()
"""
    result = audit_committed(tmp_path / "a", {"train.py": DP_TRAIN, "test_batch.py": evaluate})
    f = finding(result, "ET302")
    assert f.status == "WARN" and "by hand and prints" in f.message and "test_batch.py" in f.message, (
        f.message
    )
    # a tracker the training writes to keeps its losses, not this score
    tracked = DP_TRAIN.replace(
        "import torch.nn as nn\n",
        "import torch.nn as nn\nfrom torch.utils.tensorboard import SummaryWriter\n",
    )
    tracked = tracked.replace(
        "        opt.step()\n",
        "        opt.step()\n        SummaryWriter('runs').add_scalar('loss', loss.item(), step)\n",
    )
    f = finding(audit_committed(tmp_path / "c", {"train.py": tracked, "test_batch.py": evaluate}), "ET302")
    assert f.status == "WARN" and "by hand and prints" in f.message, f.message
    # the same print in a test suite evaluates nothing
    result = audit_committed(tmp_path / "b", {"train.py": DP_TRAIN, "tests/test_batch.py": evaluate})
    assert "by hand and prints" not in finding(result, "ET302").message


RECONSTRUCT = """import argparse

import torch


def reconstruct(decoder, sdf, iters=800):
    latent = torch.normal(0.0, 0.01, size=(1, 256)).cuda()
    latent.requires_grad = True
    opt = torch.optim.Adam([latent], lr=5e-3)
    for _ in range(iters):
        opt.zero_grad()
        loss = (decoder(latent) - sdf).abs().mean()
        loss.backward()
        opt.step()
    return latent


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--checkpoint", required=True)
    args = p.parse_args()
    decoder = torch.nn.Linear(256, 1)
    decoder.load_state_dict(torch.load(args.checkpoint))
    torch.save(reconstruct(decoder, torch.zeros(1)), "latent.pth")
"""


def test_fitting_a_latent_code_against_a_loaded_model_is_no_training_entry_point(tmp_path):
    """DeepSDF's reconstruct.py: Adam over a latent code, the decoder loaded from a checkpoint: test-time
    fitting, not a training run (its options are no training settings), beside the training script."""
    result = audit_committed(tmp_path / "a", {"train.py": DP_TRAIN, "reconstruct.py": RECONSTRUCT})
    training = {e.path for e in result.ctx.taxonomy.training_entry_points}
    assert "reconstruct.py" not in training and "train.py" in training, training
    assert "reconstruct.py" in {e.path for e in result.ctx.taxonomy.entry_points}
    # fine-tuning the loaded model's own parameters trains it
    finetune = RECONSTRUCT.replace(
        "torch.optim.Adam([latent], lr=5e-3)", "torch.optim.Adam(decoder.parameters(), lr=5e-3)"
    )
    result = audit_committed(tmp_path / "b", {"train.py": DP_TRAIN, "reconstruct.py": finetune})
    assert "reconstruct.py" in {e.path for e in result.ctx.taxonomy.training_entry_points}


def test_a_loaded_yaml_config_dumped_into_the_logging_folder_is_the_runs_config(tmp_path):
    """msn's main.py: `params = yaml.load(y_file)` of the --fname file, then `yaml.dump(params, f)` into
    params['logging']['folder']/params-msn-train.yaml: the configuration as loaded, written per run."""
    main = """import argparse
import os

import torch
import yaml

p = argparse.ArgumentParser()
p.add_argument("--fname", default="configs.yaml")
args = p.parse_args()
with open(args.fname) as y_file:
    params = yaml.load(y_file, Loader=yaml.FullLoader)
dump = os.path.join(params["logging"]["folder"], "params-msn-train.yaml")
with open(dump, "w") as f:
    yaml.dump(params, f)
model = torch.nn.Linear(8, 2)
opt = torch.optim.SGD(model.parameters(), lr=params["lr"])
for step in range(10):
    loss = model(torch.randn(4, 8)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
torch.save(model.state_dict(), os.path.join(params["logging"]["folder"], "latest.pth.tar"))
"""
    result = audit_committed(
        tmp_path, {"main.py": main, "configs.yaml": "lr: 0.1\nlogging:\n  folder: out\n"}
    )
    parts = [p for p in result.ctx.records.config if p.target.endswith("params-msn-train.yaml")]
    assert parts and parts[0].whole and parts[0].from_file, result.ctx.records.config


def test_the_commit_logged_through_an_openmmlab_file_logger_is_recorded(tmp_path):
    """GroupViT: `logger = mmcv.utils.get_logger(name, osp.join(output, "log.txt"))`, then
    `logger.info(f"Git hash: {get_git_hash(digits=7)}")` with mmcv's getter: every run's log.txt holds the
    commit (ET420 PASS, not only when W&B is on)."""
    train = DP_TRAIN.replace(
        "import torch.nn as nn\n",
        "import torch.nn as nn\nfrom mmcv.utils import get_git_hash, get_logger\n",
    ).replace(
        "    model = nn.Linear(8, 2)\n",
        '    logger = get_logger("run", "out/log.txt")\n    logger.info(f"Git hash: {get_git_hash(digits=7)}")\n'
        "    model = nn.Linear(8, 2)\n",
    )
    result = audit_committed(tmp_path / "a", {"train.py": train})
    assert finding(result, "ET420").status == "PASS"
    # the console only (no log file): the commit is printed, not kept
    result = audit_committed(
        tmp_path / "b", {"train.py": train.replace('get_logger("run", "out/log.txt")', 'get_logger("run")')}
    )
    assert finding(result, "ET420").status != "PASS"


def test_a_main_script_that_only_plays_loaded_policies_trains_nothing(tmp_path):
    """multiagent-competition's main.py: loads released policy pickles into a TF graph and plays matches;
    neither it nor what it imports trains: an entry point, not a training run. A main.py handing its work
    to a training function it imports still trains."""
    play = """import pickle
import sys

import tensorflow as tf

from policy import MlpPolicy


def main(path):
    params = pickle.load(open(path, "rb"))
    with tf.Session() as sess:
        policy = MlpPolicy(params)
        for episode in range(10):
            print("episode", episode, sess.run(policy.act))


if __name__ == "__main__":
    main(sys.argv[1])
"""
    policy = "import tensorflow as tf\n\n\nclass MlpPolicy:\n    def __init__(self, params):\n        self.act = tf.constant(params)\n"
    result = audit_committed(tmp_path / "a", {"main.py": play, "policy.py": policy})
    assert not result.ctx.taxonomy.training_entry_points
    trainer = "import torch\n\n\ndef fit(model):\n    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n    opt.step()\n"
    main = "from trainer import fit\nimport torch\n\nif __name__ == '__main__':\n    fit(torch.nn.Linear(2, 2))\n"
    result = audit_committed(tmp_path / "b", {"main.py": main, "trainer.py": trainer})
    assert "main.py" in {e.path for e in result.ctx.taxonomy.training_entry_points}


def test_a_shell_loop_over_label_budgets_is_no_search(tmp_path):
    """TorchSSL's scripts/cifar.sh: `for size in 250 4000; python fixmatch.py --num_labels ${size}
    --save_name ${exp_name}@${size}`: the semi-supervised benchmark's label budgets, a table of results."""
    script = (
        "#!/bin/bash\n"
        "for size in 250 4000; do\n"
        "    python train.py --num_labels ${size} --save_name fixmatch@${size} --lr 0.03\n"
        "done\n"
    )
    result = audit_committed(tmp_path / "a", {"train.py": DP_TRAIN, "scripts/cifar.sh": script})
    assert "shell_sweep" not in _hpo(result)
    grid = script.replace(
        "--num_labels ${size} --save_name fixmatch@${size} --lr 0.03", "--num_labels 250 --lr ${size}"
    )
    result = audit_committed(tmp_path / "b", {"train.py": DP_TRAIN, "scripts/cifar.sh": grid})
    assert "shell_sweep" in _hpo(result)


OLD_LOGGER = """import os
import sys

from tensorflow.python import pywrap_tensorflow

LOG_OUTPUT_FORMATS = ["stdout", "log", "json"]


class OutputFormat(object):
    def writekvs(self, kvs):
        raise NotImplementedError


class HumanOutputFormat(OutputFormat):
    def __init__(self, file):
        self.file = file

    def writekvs(self, kvs):
        self.file.write(str(kvs) + "\\n")


class TensorBoardOutputFormat(OutputFormat):
    def __init__(self, dir):
        path = os.path.join(os.path.abspath(dir), "events")
        self.writer = pywrap_tensorflow.EventsWriter(path.encode())


def make_output_format(format, ev_dir):
    if format == "stdout":
        return HumanOutputFormat(sys.stdout)
    if format == "tensorboard":
        return TensorBoardOutputFormat(os.path.join(ev_dir, "tb"))
    raise ValueError(format)


class session(object):
    def __init__(self, dir, format_strs=None):
        self.dir = dir
        format_strs = format_strs or LOG_OUTPUT_FORMATS
        self.output_formats = [make_output_format(f, dir) for f in format_strs]
"""


def test_an_older_baselines_logger_copy_whose_tensorboard_format_no_run_chooses(tmp_path):
    """mlsh's rl-algs logger: `session(dir, format_strs)` sets the outputs up (stdout, log, json by default),
    a TensorBoardOutputFormat defined beside them and never chosen, and a tf.summary.image in a helper with no
    writer anywhere: TensorBoard is mentioned, and no event files are the runs' metrics."""
    tf_util = "import tensorflow as tf\n\n\ndef conv2d(x, summary_tag=None):\n    if summary_tag is not None:\n        tf.summary.image(summary_tag, x)\n    return x\n"
    # the training imports both (mlsh's main.py: its `logger.session(...)` commented out)
    train = DP_TRAIN.replace(
        "import torch.nn as nn\n", "import torch.nn as nn\n\nfrom rl import logger, tf_util\n"
    )
    train = train.replace(
        "    model = nn.Linear(8, 2)\n",
        "    model = nn.Linear(8, 2)\n    tf_util.conv2d(None)\n    logger.LOG_OUTPUT_FORMATS\n",
    )
    files = {"rl/__init__.py": "", "rl/logger.py": OLD_LOGGER, "rl/tf_util.py": tf_util, "train.py": train}
    result = audit_committed(tmp_path, files)
    assert "tensorboard" not in {d.tool for d in result.ctx.detections if d.usage == "used"}
    assert not [p for p in result.ctx.records.metrics if "EventsWriter" in p.evidence.detail]


def test_data_parallel_only_in_a_test_is_no_use(tmp_path):
    """FCOS: nn.DataParallel only in tests/checkpoint.py (a checkpoint-loading test): no run's GPUs."""
    test = "import torch.nn as nn\n\n\ndef test_load():\n    m = nn.DataParallel(nn.Linear(2, 2))\n    assert m\n"
    files = {"train.py": DP_TRAIN.replace("nn.DataParallel(model)", "model"), "tests/checkpoint.py": test}
    result = audit_committed(tmp_path, files)
    assert "data_parallel" not in {d.tool for d in result.ctx.detections if d.usage == "used"}
