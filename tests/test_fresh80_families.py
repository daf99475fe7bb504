"""Families of real code the fresh80 round showed the auditor reading wrong, each with a synthetic case
of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, dimension, status_of

# A training script whose options have a short flag first (`-e/--epochs`) or a dest= of their own, then a
# few settings assigned on the parsed namespace: the assigned names are not options the command line takes
SHORT_FLAG_OPTIONS = """
import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("-e", "--epochs", type=int, default=10)
parser.add_argument("-b", "--batch-size", type=int, default=32)
parser.add_argument("-l", dest="lr", type=float, default=1e-3)
parser.add_argument("-w", "--wd", dest="weight_decay", type=float, default=0.0)
args = parser.parse_args()
ASSIGNED

model = torch.nn.Linear(4, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
for epoch in range(args.epochs):
    optimizer.zero_grad()
    model(torch.zeros(args.batch_size, 4)).sum().backward()
    optimizer.step()
torch.save(model.state_dict(), "model.pt")
"""


def test_options_with_a_short_flag_first_or_a_dest_are_named_by_their_attribute(tmp_path):
    """`add_argument("-e", "--epochs")` stores args.epochs and `add_argument("-l", dest="lr")` args.lr:
    setting those on the namespace again is a default overridden, not a setting the command line lacks."""
    same = "args.epochs = 20\nargs.batch_size = 16\nargs.lr = 0.01\nargs.weight_decay = 1e-4\nargs.momentum = 0.9"
    result = audit_committed(tmp_path / "same", {"train.py": SHORT_FLAG_OPTIONS.replace("ASSIGNED", same)})
    finding = next(f for f in result.findings if f.rule_id == "ET201")
    assert "assigned literals on the parsed options" not in finding.message


def test_settings_assigned_beside_short_flag_options_are_still_reported(tmp_path):
    """Settings the parser does not take, assigned on the namespace, are still named."""
    extra = "args.momentum = 0.9\nargs.dropout = 0.1\nargs.warmup_steps = 100\nargs.max_steps = 5000\nargs.decay_rate = 0.5"
    result = audit_committed(tmp_path / "extra", {"train.py": SHORT_FLAG_OPTIONS.replace("ASSIGNED", extra)})
    finding = next(f for f in result.findings if f.rule_id == "ET201")
    assert "assigned literals on the parsed options" in finding.message
    assert "--epochs" in finding.message and "-e," not in finding.message


# A trainer class keeping its tracker run on itself and setting the hyperparameters as one of its entries
RUN_KEPT_ON_THE_TRAINER = """
import aim
import torch


class Trainer:
    def __init__(self, hparams=None, lr=2e-4):
        self.lr = lr
        self.run = aim.Run()
        self.run[KEY] = hparams
        self.model = torch.nn.Linear(4, 2)
        self.opt = torch.optim.Adam(self.model.parameters(), lr=lr)

    def train(self, steps):
        for step in range(steps):
            loss = self.model(torch.zeros(1, 4)).sum()
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()
            self.run.track(loss.item(), name="loss", step=step)
        torch.save(self.model.state_dict(), "model.pt")


if __name__ == "__main__":
    args = dict(lr=2e-4, steps=100)
    Trainer(hparams=args, lr=args["lr"]).train(args["steps"])
"""


def test_parameters_set_on_a_tracker_run_kept_on_an_object_are_logged(tmp_path):
    """`self.run = aim.Run()` then `self.run["hparams"] = hparams`: the hyperparameters are the run's."""
    result = audit_committed(
        tmp_path / "p", {"train.py": RUN_KEPT_ON_THE_TRAINER.replace("KEY", '"hparams"')}
    )
    assert status_of(result, "ET210") == "PASS"
    other = audit_committed(tmp_path / "o", {"train.py": RUN_KEPT_ON_THE_TRAINER.replace("KEY", '"notes"')})
    assert status_of(other, "ET210") != "PASS"


# A config object loaded from YAML and updated from the command line, dumped whole by its own method into
# a run folder named by the clock unless the user names it, beside a Lightning Trainer
CONFIG_DUMPED_BY_ITS_METHOD = """
import argparse
import datetime
import os
from pathlib import Path

import pytorch_lightning as pl
from sconf import Config

from model import LitModel


def save_config_file(config, path):
    if not Path(path).exists():
        os.makedirs(path)
    with open(Path(path) / "config.yaml", "w") as f:
        f.write(config.dumps(quote_str=True))


def train(config):
    model = LitModel(config)
    trainer = pl.Trainer(max_epochs=config.max_epochs, default_root_dir=config.result_path)
    trainer.fit(model)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", type=str, required=True)
    parser.add_argument("--exp_version", type=str, required=False)
    args, left_argv = parser.parse_known_args()
    config = Config(args.config)
    config.argv_update(left_argv)
    config.exp_version = datetime.datetime.now().strftime("%Y%m%d_%H%M%S") if not args.exp_version else args.exp_version
    save_config_file(config, Path(config.result_path) / config.exp_version)
    train(config)
"""
LIT_MODEL = """
import pytorch_lightning as pl
import torch


class LitModel(pl.LightningModule):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.layer = torch.nn.Linear(4, 2)

    def training_step(self, batch, batch_idx):
        loss = self.layer(batch).sum()
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.config.lr)
"""


def test_a_config_object_dumped_whole_into_a_clock_named_run_folder_is_the_whole_config_per_run(tmp_path):
    """`f.write(config.dumps())` is the config object's own serialisation, the whole of it; the folder
    handed to the helper (`Path(config.result_path) / config.exp_version`, the clock's time unless named)
    is a new one per run."""
    files = {
        "train.py": CONFIG_DUMPED_BY_ITS_METHOD,
        "model.py": LIT_MODEL,
        "config/base.yaml": "result_path: result\\nmax_epochs: 3\\nlr: 0.001\\n",
    }
    result = audit_committed(tmp_path, files)
    dumps = [
        p for p in result.ctx.records.config if "dumps" in p.evidence.detail or "config.yaml" in p.target
    ]
    assert dumps and any(p.whole for p in dumps)
    assert any(p.per_run for p in dumps), [(p.target, p.keeping) for p in dumps]
    assert dimension(result, "parameter_logging").score >= 4


# Audio enhanced by the model saved through the project's own helpers: the solver hands the run's samples
# folder to enhance(), which hands it to save_wavs(), which calls a bare write(wav, path) of the project
AUDIO_SOLVER = """
import json
import os

import torch

from enhance import enhance


def train(args, model, loader):
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    history = []
    for epoch in range(args.epochs):
        for noisy, clean in loader:
            loss = torch.nn.functional.l1_loss(model(noisy), clean)
            opt.zero_grad()
            loss.backward()
            opt.step()
        history.append({"loss": loss.item()})
        json.dump(history, open(os.path.join(args.out, "history.json"), "w"))
        torch.save(model.state_dict(), os.path.join(args.out, "checkpoint.th"))
        enhance(args, model, args.samples_dir)
"""
AUDIO_ENHANCE = """
import os

import torchaudio


def write(wav, filename, sr=16000):
    torchaudio.save(filename, wav.cpu(), sr)


def save_wavs(estimates, noisy_sigs, filenames, out_dir, sr=16000):
    for estimate, noisy, filename in zip(estimates, noisy_sigs, filenames):
        filename = os.path.join(out_dir, os.path.basename(filename).rsplit(".", 1)[0])
        write(noisy, filename + "_noisy.wav", sr=sr)
        write(estimate, filename + "_enhanced.wav", sr=sr)


def enhance(args, model, out_dir):
    print("writing the enhanced files as out_dir/name_enhanced.wav")
    for noisy, filenames in args.loader:
        save_wavs(model(noisy), noisy, filenames, out_dir)
"""
AUDIO_MAIN = """
import argparse

import torch

from solver import train

parser = argparse.ArgumentParser()
parser.add_argument("--out", default="outputs")
parser.add_argument("--samples_dir", default="samples")
parser.add_argument("--lr", type=float, default=3e-4)
parser.add_argument("--epochs", type=int, default=10)
args = parser.parse_args()
train(args, torch.nn.Conv1d(1, 1, 3, padding=1), [])
"""


def test_samples_written_by_a_bare_saver_helper_of_the_project_are_run_outputs(tmp_path):
    """`write(noisy, filename + "_noisy.wav")`, the project's own function over torchaudio.save: an audio
    file written with the run is an output of it (ET311), whatever the helper is called; a print naming a
    .wav file writes nothing."""
    files = {"train.py": AUDIO_MAIN, "solver.py": AUDIO_SOLVER, "enhance.py": AUDIO_ENHANCE}
    result = audit_committed(tmp_path, files)
    assert status_of(result, "ET311") == "PASS"
    arts = result.ctx.records.artifacts
    assert {p.evidence.line for p in arts if p.evidence.path == "enhance.py"} == {13, 14}


# A detection model module chosen by an option and imported by name (importlib.import_module(FLAGS.model));
# its dump_results, called on it from the training loop, writes the predicted point clouds per batch
DYNAMIC_MODEL_TRAIN = """
import argparse
import importlib
import os
import sys

import torch

sys.path.append(os.path.join(os.path.dirname(__file__), "models"))
parser = argparse.ArgumentParser()
parser.add_argument("--model", default="detector")
parser.add_argument("--log_dir", default="log")
parser.add_argument("--dump_dir", default="dump")
FLAGS = parser.parse_args()
MODEL = importlib.import_module(FLAGS.model)
net = MODEL.Detector()
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
for epoch in range(10):
    end_points = net(torch.zeros(2, 3))
    loss = end_points["loss"]
    opt.zero_grad()
    loss.backward()
    opt.step()
    torch.save(net.state_dict(), os.path.join(FLAGS.log_dir, "checkpoint.tar"))
    MODEL.dump_results(end_points, FLAGS.dump_dir)
"""
DUMP_HELPER = """
import os

import numpy as np


def write_ply(points, filename):
    with open(filename, "w") as f:
        for p in points:
            f.write("%f %f %f\\n" % tuple(p))


def dump_results(end_points, dump_dir):
    for i, pc in enumerate(end_points["centers"]):
        write_ply(pc, os.path.join(dump_dir, "%06d_proposal_pc.ply" % i))
"""
DETECTOR = """
import torch

from dump_helper import dump_results


class Detector(torch.nn.Module):
    def forward(self, x):
        return {"loss": x.sum(), "centers": x}
"""
DATASET_WITH_A_VIEWER = """
import numpy as np


def viz_votes(pc, name=""):
    np.savetxt("pc_obj{}.txt".format(name), pc)
    write_points(pc, "pc_obj{}.ply".format(name))


def write_points(pc, path):
    np.savetxt(path, pc)


if __name__ == "__main__":
    viz_votes(np.zeros((4, 3)), name=0)
"""


def test_outputs_dumped_by_a_function_of_a_model_module_imported_by_name_are_run_outputs(tmp_path):
    """The model module is imported from an option's value, which no import graph follows; its
    dump_results, called by that name from the training loop and defined once, writes the run's predictions.
    A dataset module's viewer, run only from its own __main__ (another dataset module defines its own
    viewer of the same name), writes no output of the training runs."""
    files = {
        "train.py": DYNAMIC_MODEL_TRAIN,
        "models/detector.py": DETECTOR,
        "models/dump_helper.py": DUMP_HELPER,
        "scannet/dataset.py": DATASET_WITH_A_VIEWER,
        "sunrgbd/dataset.py": DATASET_WITH_A_VIEWER,
        "common.py": "from scannet.dataset import viz_votes\n",
        # the demo imports the model module by a constant name: the module is the project's, not dead code
        "demo.py": "import importlib\n\nMODEL = importlib.import_module('detector')\n",
    }
    files["train.py"] = "import common\n" + files["train.py"]
    result = audit_committed(tmp_path, files)
    finding = next(f for f in result.findings if f.rule_id == "ET311")
    assert finding.status == "PASS", finding.message
    assert all(e.path == "models/dump_helper.py" for e in finding.evidence), finding.evidence


# A Hydra-configured solver (the denoiser/svoice family): checkpointing is a config switch set on in the
# committed config, a second switch re-exports and returns, and the best weights are kept on the solver when
# the validation loss equals the best so far
SOLVER = """
import json

import torch


def copy_state(state):
    return {k: v.cpu().clone() for k, v in state.items()}


class Solver:
    def __init__(self, model, args):
        self.model = model
        self.args = args
        self.checkpoint = args.checkpoint
        self.history = []
        self.best_state = None
        self.opt = torch.optim.Adam(model.parameters(), lr=args.lr)

    def _serialize(self):
        package = {"model": self.model.state_dict(), "best_state": self.best_state, "history": self.history}
        torch.save(package, self.args.checkpoint_file)

    def train(self):
        if self.args.save_again:
            self._serialize()
            return
        for epoch in range(self.args.epochs):
            loss = self.model(torch.zeros(1, 4)).sum()
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()
            valid_loss = loss.item()
            best_loss = min([h["valid"] for h in self.history] + [valid_loss])
            if valid_loss == best_loss:
                self.best_state = copy_state(self.model.state_dict())
            self.history.append({"valid": valid_loss, "best": best_loss})
            json.dump(self.history, open(self.args.history_file, "w"))
            if self.checkpoint:
                self._serialize()
"""
HYDRA_TRAIN = """
import hydra
import torch

from solver import Solver


@hydra.main(config_path="conf", config_name="config")
def main(args):
    Solver(torch.nn.Linear(4, 1), args).train()


if __name__ == "__main__":
    main()
"""
HYDRA_CONFIG = """
lr: 3e-4
epochs: 10
checkpoint: true
checkpoint_file: checkpoint.th
history_file: history.json
save_again: false
hydra:
  run:
    dir: ./outputs/exp_${hydra.job.override_dirname}
"""


def test_a_save_behind_a_switch_the_committed_config_sets_on_is_every_runs(tmp_path):
    """`if self.checkpoint: self._serialize()` with `checkpoint: true` committed (and a second call behind
    `save_again`, off): the default run saves its checkpoint, so ET310 does not ask whether runs turned it
    on; the best weights kept when `valid_loss == best_loss` are a best-model selection."""
    files = {"train.py": HYDRA_TRAIN, "solver.py": SOLVER, "conf/config.yaml": HYDRA_CONFIG}
    result = audit_committed(tmp_path, files)
    finding = next(f for f in result.findings if f.rule_id == "ET310")
    assert finding.status == "PASS", finding.message
    assert "best model is selected" in finding.message
    off = audit_committed(
        tmp_path / "off",
        {**files, "conf/config.yaml": HYDRA_CONFIG.replace("checkpoint: true", "checkpoint: false")},
    )
    assert status_of(off, "ET310") != "PASS"


def test_a_hydra_run_directory_named_by_overrides_is_not_called_timestamped(tmp_path):
    """hydra.run.dir: ./outputs/exp_${hydra.job.override_dirname}: the folder is named by the overrides (a
    rerun with the same ones shares it), not by the clock as Hydra's default is."""
    solver = SOLVER.replace('            json.dump(self.history, open(self.args.history_file, "w"))\n', "")
    files = {"train.py": HYDRA_TRAIN, "solver.py": solver, "conf/config.yaml": HYDRA_CONFIG}
    why = " ".join(dimension(audit_committed(tmp_path / "o", files), "result_persistence").reasons)
    assert "Hydra output directory named by its command-line overrides" in why, why
    plain = {**files, "conf/config.yaml": HYDRA_CONFIG.split("hydra:")[0]}
    why = " ".join(dimension(audit_committed(tmp_path / "t", plain), "result_persistence").reasons)
    assert "timestamped Hydra output directory" in why, why


def test_a_readme_badge_naming_one_python_release_states_the_version(tmp_path):
    """![Python 3.7](https://img.shields.io/badge/python-3.7-green.svg) names the release the project was
    made with; a badge for 3.6+ states only a minimum."""
    train = "import torch\n\nmodel = torch.nn.Linear(2, 1)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor _ in range(3):\n    opt.zero_grad()\n    model(torch.zeros(1, 2)).sum().backward()\n    opt.step()\ntorch.save(model.state_dict(), 'm.pt')\n"
    badge = "# Project\n![Python 3.7](https://img.shields.io/badge/python-3.7-green.svg)\n\nRun `python train.py`.\n"
    result = audit_committed(tmp_path / "one", {"train.py": train, "README.md": badge})
    assert status_of(result, "ET411") == "PASS"
    minimum = badge.replace("python-3.7-green", "python-3.6%2B-green")
    result = audit_committed(tmp_path / "min", {"train.py": train, "README.md": minimum})
    assert status_of(result, "ET411") != "PASS"


def test_spreads_written_without_a_leading_zero_or_as_plus_minus_are_reported_spreads(tmp_path):
    """ "4.31±.08" in a results table and "95.68 +- 0.08" in a comment of a launch script are results with a
    spread: ET321 asks what the spread is over instead of finding no repetition at all."""
    train = "import torch\n\nmodel = torch.nn.Linear(2, 1)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor _ in range(3):\n    opt.zero_grad()\n    model(torch.zeros(1, 2)).sum().backward()\n    opt.step()\ntorch.save(model.state_dict(), 'm.pt')\n"
    for spread in ("4.31±.08", "95.68 +- 0.08"):
        readme = f"# Results\n\nModel | CIFAR-10\n---|---\nOurs | **{spread}**\n\nRun `python train.py`.\n"
        result = audit_committed(tmp_path / str(len(spread)), {"train.py": train, "README.md": readme})
        assert status_of(result, "ET321") == "REVIEW", spread


def test_committed_split_id_lists_and_label_maps_are_not_the_training_data(tmp_path):
    """scannet/meta_data/scannetv2_train.txt and text/data/IMDB_raw/train_id_list.txt list a split's sample
    ids; scannetv2-labels.combined.tsv names the classes. They are committed split files, and the data they
    index is downloaded: ET120 does not call them the training data committed in git."""
    train = (
        "import numpy as np\nimport torch\n\n"
        "ids = [l.strip() for l in open('scannet/meta_data/scannetv2_train.txt')]\n"
        "labels = open('scannet/meta_data/scannetv2-labels.combined.tsv').read().splitlines()\n"
        "more = open('text/data/IMDB_raw/train_id_list.txt').read().split()\n"
        "model = torch.nn.Linear(3, 1)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "for i in ids:\n    x = torch.from_numpy(np.load('scans/' + i + '_vert.npy'))\n"
        "    opt.zero_grad()\n    model(x).sum().backward()\n    opt.step()\n"
        "torch.save(model.state_dict(), 'm.pt')\n"
    )
    # (each list above the 2 KB below which committed_data leaves a file out anyway)
    files = {
        "train.py": train,
        "scannet/meta_data/scannetv2_train.txt": "".join(f"scene{i:04d}_00\n" for i in range(400)),
        "scannet/meta_data/scannetv2_val.txt": "".join(f"scene{i:04d}_00\n" for i in range(40, 50)),
        "scannet/meta_data/scannetv2-labels.combined.tsv": "id\traw_category\tcategory\n"
        + "".join(f"{i}\tchair{i}\tchair\n" for i in range(300)),
        "text/data/IMDB_raw/train_id_list.txt": "".join(f"{i}_7\n" for i in range(600)),
        "README.md": "# Detector\n\nDownload ScanNet from http://www.scan-net.org/ and run `python train.py`.\n",
    }
    result = audit_committed(tmp_path, files)
    split_paths = {e.path for e in result.ctx.taxonomy.split_files}
    assert {"scannet/meta_data/scannetv2_train.txt", "text/data/IMDB_raw/train_id_list.txt"} <= split_paths
    finding = next(f for f in result.findings if f.rule_id == "ET120")
    assert "committed in git with the code" not in finding.message, finding.message


def test_timings_logged_in_a_hydra_app_go_to_the_runs_log_file(tmp_path):
    """A Hydra app's logger.info lines land in the log file Hydra's job logging writes in each run's
    directory: an epoch time measured and logged there is recorded with the run (ET303), unless the
    configuration turns job logging off."""
    timed = (
        SOLVER.replace(
            "import json\n",
            "import json\nimport logging\nimport time\n\nlogger = logging.getLogger(__name__)\n",
        )
        .replace(
            "        for epoch in range(self.args.epochs):\n",
            "        for epoch in range(self.args.epochs):\n            start = time.time()\n",
        )
        .replace(
            "            self.history.append(",
            '            logger.info(f"Epoch {epoch} | Time {time.time() - start:.2f}s | Loss {valid_loss:.4f}")\n            self.history.append(',
        )
    )
    files = {"train.py": HYDRA_TRAIN, "solver.py": timed, "conf/config.yaml": HYDRA_CONFIG}
    assert status_of(audit_committed(tmp_path / "on", files), "ET303") == "PASS"
    off = {
        **files,
        "conf/config.yaml": "defaults:\n  - override hydra/job_logging: disabled\n" + HYDRA_CONFIG,
    }
    off["conf/config.yaml"] = off["conf/config.yaml"].replace(
        "override hydra/job_logging", "hydra/job_logging"
    )
    assert status_of(audit_committed(tmp_path / "off", off), "ET303") != "PASS"
