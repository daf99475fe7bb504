"""Families of real code the fresh77 round showed the auditor reading wrong, each with a synthetic case
of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, dimension

# A trainer that makes one folder per experiment from the options' own name and id, then pickles the
# options namespace into it (the folder path is resolved first, so the target names exp_name/exp_id)
EXP_UTILS = """
import os
import pickle
import random


def make_run_dir(params):
    base = os.path.join(params.dump_root, params.exp_name)
    if params.exp_id == "":
        params.exp_id = "".join(random.choice("abcdef0123") for _ in range(8))
    params.dump_path = os.path.join(base, params.exp_id)
    os.makedirs(params.dump_path, exist_ok=True)


def init_experiment(params):
    make_run_dir(params)
    pickle.dump(params, open(os.path.join(params.dump_path, "params.pkl"), "wb"))
"""

EXP_TRAIN = """
import argparse
import torch
from utils import init_experiment

parser = argparse.ArgumentParser()
parser.add_argument("--dump_root", type=str, default="./dumped")
parser.add_argument("--exp_name", type=str, default="debug")
parser.add_argument("--exp_id", type=str, default="")
parser.add_argument("--lr", type=float, default=1e-4)
params = parser.parse_args()
init_experiment(params)
model = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters(), lr=params.lr)
for step in range(10):
    loss = model(torch.randn(3, 4)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
torch.save(model.state_dict(), params.dump_path + "/model.pth")
"""


def test_options_pickled_into_the_folder_named_by_their_own_fields_are_the_run_config(tmp_path):
    """`pickle.dump(params, ...)` into `{dump_root}/{params.exp_name}/{params.exp_id}/params.pkl`: the
    object names the run's folder by its own fields, so it is the options namespace, written whole per
    run (not a checkpoint because the file ends in .pkl)."""
    result = audit_committed(tmp_path, {"utils.py": EXP_UTILS, "train.py": EXP_TRAIN})
    assert dimension(result, "parameter_logging").score == 5


ORG_README = """
* Hyperbolic embeddings

** Installation
#+BEGIN_SRC sh
  pip install -r requirements.txt
#+END_SRC

** Training
First build the data, then train:
#+BEGIN_SRC sh
  python build_data.py
  python train.py --dim 10
#+END_SRC
The trained model is saved as =model.pth=.
"""

NLTK_DATA = """
import nltk
from nltk.corpus import wordnet as wn

nltk.download("wordnet")
with open("closure.tsv", "w") as fh:
    for synset in wn.all_noun_synsets():
        for hyper in synset.closure(lambda s: s.hypernyms()):
            fh.write(f"{synset.name()}\\t{hyper.name()}\\n")
"""

PLAIN_TRAIN = """
import argparse
import torch

p = argparse.ArgumentParser()
p.add_argument("--dim", type=int, default=10)
args = p.parse_args()
model = torch.nn.Embedding(100, args.dim)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(10):
    loss = model(torch.arange(10)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
torch.save(model.state_dict(), "model.pth")
"""


def test_org_mode_readme_is_the_readme(tmp_path):
    """A README.org with `** Installation` headings and `#+BEGIN_SRC sh` blocks is the project's README:
    its commands are run instructions (ET604 PASS) and only its headings are sections."""
    result = audit_committed(
        tmp_path, {"README.org": ORG_README, "build_data.py": NLTK_DATA, "train.py": PLAIN_TRAIN}
    )
    et604 = [f for f in result.findings if f.rule_id == "ET604"]
    assert et604 and et604[0].status == "PASS"
    doc = dimension(result, "documentation")
    assert doc.score >= 1
    assert "README.org" in " ".join(doc.reasons) and "3 sections" in " ".join(doc.reasons)


def test_nltk_corpus_is_a_public_data_source(tmp_path):
    """Data built from an NLTK corpus (`nltk.download("wordnet")`, `wn.all_noun_synsets()`) comes from a
    named public release: level 1 at least, never "unknown provenance"."""
    result = audit_committed(
        tmp_path, {"README.org": ORG_README, "build_data.py": NLTK_DATA, "train.py": PLAIN_TRAIN}
    )
    dv = dimension(result, "data_versioning")
    assert dv.score >= 1
    assert "nltk" in " ".join(dv.reasons)


CONDA_ENV = """
name: embed
channels:
  - pytorch
dependencies:
  - pytorch
  - numpy
"""


def test_python_pin_for_a_conda_project_goes_in_its_environment_file(tmp_path):
    """conda ignores .python-version: a project set up from environment.yml gets the Python pinned as one
    of that file's dependencies."""
    readme = "# Embeddings\n\n```\nconda env create -f environment.yml\npython train.py\n```\n"
    result = audit_committed(
        tmp_path, {"README.md": readme, "environment.yml": CONDA_ENV, "train.py": PLAIN_TRAIN}
    )
    et411 = [f for f in result.findings if f.rule_id == "ET411"]
    assert et411 and et411[0].status == "WARN"
    fix = et411[0].recommendation
    assert "environment.yml" in fix and "- python=" in fix
    assert "> .python-version" not in fix


PROBE_SCRIPT = """
import argparse
import json
import os
import torch
from transformers import AutoModelForMaskedLM, AutoTokenizer


def main(args):
    tok = AutoTokenizer.from_pretrained(args.model)
    model = AutoModelForMaskedLM.from_pretrained(args.model).eval()
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "args.json"), "w") as fh:
        json.dump(vars(args), fh)
    with torch.no_grad():
        logits = model(**tok("Paris is the capital of [MASK].", return_tensors="pt")).logits
    with open(os.path.join(args.out, "scores.json"), "w") as fh:
        json.dump({"top": int(logits.argmax())}, fh)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="bert-base-cased")
    p.add_argument("--out", default="output")
    main(p.parse_args())
"""


def test_probe_of_pretrained_models_named_run_experiments_trains_nothing(tmp_path):
    """`run_experiments.py` probing pretrained models builds no optimizer and updates nothing: a generic
    name (experiment, main) does not make it training, so no "trained models are never saved" FAIL and no
    seed FAIL."""
    result = audit_committed(tmp_path, {"run_experiments.py": PROBE_SCRIPT})
    assert not result.ctx.taxonomy.training_entry_points
    assert not [f for f in result.findings if f.rule_id in ("ET310", "ET401") and f.status == "FAIL"]


def test_training_named_script_without_optimizer_stays_training(tmp_path):
    """A script named for training (train.py) is still the training entry point when the project builds no
    optimizer of its own (training reached through a framework at run time)."""
    result = audit_committed(tmp_path, {"train.py": PROBE_SCRIPT})
    assert [e.path for e in result.ctx.taxonomy.training_entry_points] == ["train.py"]


RUN_DIR_CONFIG = """
import argparse
import os
import random
import subprocess

import numpy as np
import torch


def set_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def init_config():
    env = {}
    env["git commit"] = subprocess.check_output(["git", "rev-parse", "--short", "HEAD"]).decode().strip()
    p = argparse.ArgumentParser()
    p.add_argument("--name", default="ghn")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--save_dir", default="./checkpoints")
    args = p.parse_args()
    set_seed(args.seed)
    args.save = os.path.join(args.save_dir, "{}-{}-{}".format(args.name, env["git commit"], args.seed))
    os.makedirs(args.save)
    return args
"""

RUN_DIR_TRAIN = """
import os
import torch
from config import init_config

args = init_config()
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(3):
    loss = model(torch.randn(8, 4)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    torch.save({"state_dict": model.state_dict(), "epoch": epoch}, os.path.join(args.save, "checkpoint.pt"))
"""


def test_commit_and_seed_in_the_run_directory_name_are_recorded(tmp_path):
    """A run folder named `{name}-{git commit}-{seed}` (the commit read with git rev-parse, the seed handed
    to the seeding helper) records both with every run: ET420 and ET212 PASS, citing the line that names
    the folder, and code versioning reaches level 3."""
    result = audit_committed(tmp_path, {"config.py": RUN_DIR_CONFIG, "train.py": RUN_DIR_TRAIN})
    by_rule = {f.rule_id: f for f in result.findings}
    assert by_rule["ET420"].status == "PASS" and "config.py:25" in by_rule["ET420"].message
    assert by_rule["ET212"].status == "PASS" and "config.py:25" in by_rule["ET212"].message
    assert dimension(result, "code_versioning").score >= 3


def test_language_codes_joined_by_hyphens_are_no_api_key(tmp_path):
    """A README listing languages as `...-az-sk-eo-ta-sh-lt-...` holds `sk-` followed by 32 characters,
    but words joined by hyphens are no generated key; a real-looking `sk-` key is still found."""
    langs = "-".join(
        ["en", "es", "fr", "de", "zh", "ru", "pt", "az", "sk", "eo", "ta", "sh", "lt", "et", "ml"] * 2
    )
    readme = f"# Multilingual\n\nThe model covers: {langs}\n\nRun `python train.py`.\n"
    result = audit_committed(tmp_path / "a", {"README.md": readme, "train.py": PLAIN_TRAIN})
    assert [f.status for f in result.findings if f.rule_id == "ET204"] == ["PASS"]
    leaked = 'OPENAI = "sk-' + "Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6kL9n" + '"\n'
    result = audit_committed(
        tmp_path / "b", {"README.md": readme, "train.py": PLAIN_TRAIN, "keys.py": leaked}
    )
    assert [f.status for f in result.findings if f.rule_id == "ET204"] == ["FAIL"]


GATED_SAVE_TRAIN = """
import argparse
import os
import torch

p = argparse.ArgumentParser()
p.add_argument("--save_dir", default="./checkpoints")
p.add_argument("--name", default="run")
p.add_argument("--lr", type=float, default=0.1)
args = p.parse_args()
args.save = None
if args.save_dir not in ("none", ""):
    args.save = os.path.join(args.save_dir, "{}-{}".format(args.name, args.lr))
    os.makedirs(args.save, exist_ok=True)
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
for epoch in range(3):
    loss = model(torch.randn(8, 4)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if args.save:
        torch.save({"state_dict": model.state_dict(), "config": vars(args)}, os.path.join(args.save, "ckpt.pt"))
"""


def test_save_behind_a_test_of_its_built_destination_is_every_runs(tmp_path):
    """`if args.save:` before saving into args.save, a path the code builds from a folder option with a
    default: every default run has the destination, so the save is no opt-in ("logged only when
    `args.save` is on" was wrong)."""
    result = audit_committed(tmp_path, {"train.py": GATED_SAVE_TRAIN})
    reasons = " ".join(dimension(result, "parameter_logging").reasons)
    assert "logged only when" not in reasons
    assert "inside the checkpoint" in reasons
    assert not result.ctx.records.optional


DEPS_README = """
# Sentence encoder

## Dependencies

This code is written in python. Dependencies include:

* Python 2/3
* [Pytorch](http://pytorch.org/) (recent version)
* NLTK >= 3

## Use

Run `python encode.py --out_dir out`.
"""

ENCODE_SCRIPT = """
import argparse
import os
import numpy as np
import nltk
from models import Encoder

p = argparse.ArgumentParser()
p.add_argument("--out_dir", default="out")
p.add_argument("--tokenize", action="store_true")
args = p.parse_args()
model = Encoder()
sents = [s for s in open("sentences.txt")]
nltk.word_tokenize(sents[0])
embs = model.encode(sents, tokenize=args.tokenize)
np.save(os.path.join(args.out_dir, "sentences.embs.npy"), embs)
"""

ENCODER_MODEL = """
import torch


class Encoder(torch.nn.Module):
    def encode(self, sents, tokenize=False):
        return torch.zeros(len(sents), 8).numpy()
"""


def test_dependency_list_with_a_major_bound_is_an_unpinned_list(tmp_path):
    """A README's Dependencies list (`* [Pytorch](...) (recent version)`, `* NLTK >= 3`) is the rubric's
    unpinned list (level 1), not "nothing": a bound on the major version alone names no release."""
    result = audit_committed(
        tmp_path, {"README.md": DEPS_README, "encode.py": ENCODE_SCRIPT, "models.py": ENCODER_MODEL}
    )
    assert dimension(result, "environment_capture").score == 1


def test_embeddings_a_model_encodes_saved_to_a_file_are_outputs(tmp_path):
    """`np.save(out, model.encode(sents))`: the embeddings the model computes are the run's output (level
    1, one overwritten artefact), not "results are only printed"."""
    result = audit_committed(
        tmp_path, {"README.md": DEPS_README, "encode.py": ENCODE_SCRIPT, "models.py": ENCODER_MODEL}
    )
    rp = dimension(result, "result_persistence")
    assert rp.score == 1 and "embs.npy" in " ".join(rp.reasons)


def _notebook(python: str) -> str:
    import json

    return json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 2,
            "metadata": {"language_info": {"name": "python", "version": python}},
            "cells": [
                {
                    "cell_type": "code",
                    "metadata": {},
                    "execution_count": 1,
                    "outputs": [],
                    "source": ["from models import Encoder\n", "model = Encoder()\n"],
                }
            ],
        }
    )


def test_python2_notebook_metadata_beside_python3_only_code_pins_no_python2(tmp_path):
    """A demo notebook last saved under Python 2.7.14 beside code calling `open(..., encoding=...)` (which
    Python 2's open() does not take): the metadata is older than the code, so the fix pins no 2.7."""
    loader = 'def read(path):\n    with open(path, encoding="utf-8") as fh:\n        return fh.read()\n'
    files = {
        "README.md": DEPS_README,
        "encode.py": ENCODE_SCRIPT,
        "models.py": ENCODER_MODEL + "\n\n" + loader,
        "demo.ipynb": _notebook("2.7.14"),
    }
    result = audit_committed(tmp_path, files)
    et411 = [f for f in result.findings if f.rule_id == "ET411"]
    assert et411 and "2.7" not in et411[0].message + et411[0].recommendation


FILE_OPTION_TRAIN = """
import argparse
import torch

p = argparse.ArgumentParser()
p.add_argument("-checkpoint", default="/tmp/embeddings.pth")
p.add_argument("-lr", type=float, default=0.3)
opt = p.parse_args()
model = torch.nn.Embedding(10, 2)
optim = torch.optim.SGD(model.parameters(), lr=opt.lr)
for epoch in range(3):
    loss = model(torch.arange(10)).sum()
    optim.zero_grad()
    loss.backward()
    optim.step()
    torch.save({"model": model.state_dict()}, f"{opt.checkpoint}/{epoch}")
"""


def test_fix_snippets_never_write_inside_an_option_holding_a_file_path(tmp_path):
    """`-checkpoint /tmp/embeddings.pth` names a file: a fix writes no `os.path.join(opt.checkpoint,
    'args.json')` inside it."""
    result = audit_committed(tmp_path, {"train.py": FILE_OPTION_TRAIN})
    fixes = " ".join(f.recommendation or "" for f in result.findings)
    assert "os.path.join(opt.checkpoint" not in fixes


LIT_MNIST = """
from argparse import ArgumentParser

import pytorch_lightning as pl
import torch
from torch.nn import functional as F


class LitClassifier(pl.LightningModule):
    def __init__(self, hidden_dim=128, learning_rate=1e-3):
        super().__init__()
        self.save_hyperparameters()
        self.l1 = torch.nn.Linear(28 * 28, hidden_dim)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.cross_entropy(self.l1(x.view(x.size(0), -1)), y)
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.hparams.learning_rate)


def cli_main():
    pl.seed_everything(1234)
    parser = ArgumentParser()
    parser.add_argument("--batch_size", default=32, type=int)
    parser = pl.Trainer.add_argparse_args(parser)
    args = parser.parse_args()
    model = LitClassifier()
    trainer = pl.Trainer.from_argparse_args(args)
    trainer.fit(model)


if __name__ == "__main__":
    cli_main()
"""

TEMPLATE_README = """
# Your Project Name

Use this seed to start a new deep learning project.

## How to run

```bash
pip install -e .
python project/lit_mnist.py
```

### Citation
```
@article{YourName,
  title={Your Title},
  author={Your team},
  journal={Location},
  year={Year}
}
```
"""


def test_lightning_argparse_trainer_resumes_and_keeps_its_run_folder(tmp_path):
    """Lightning 1.x `Trainer.add_argparse_args(parser)` + `Trainer.from_argparse_args(args)`: the command
    line has --resume_from_checkpoint (ET511 PASS), and fixes write into `trainer.log_dir`, not a new
    runs/<timestamp> tree."""
    result = audit_committed(tmp_path, {"project/lit_mnist.py": LIT_MNIST, "README.md": TEMPLATE_README})
    assert [f.status for f in result.findings if f.rule_id == "ET511"] == ["PASS"]
    fixes = " ".join(f.recommendation or "" for f in result.findings)
    assert "trainer.log_dir" in fixes and "os.path.join('runs'" not in fixes


def test_template_bibtex_placeholder_is_no_paper(tmp_path):
    """`@article{YourName, title={Your Title}, year={Year}}` is a template's blank: the repository is not
    taken for a paper's code release."""
    from experiment_tracking.rules.facts import research_release

    result = audit_committed(tmp_path, {"project/lit_mnist.py": LIT_MNIST, "README.md": TEMPLATE_README})
    assert research_release(result.ctx) is None


COPIED_DIST_UTILS = """
import os
import torch
import torch.distributed as dist


def is_dist_avail_and_initialized():
    return dist.is_available() and dist.is_initialized()


def init_distributed_mode(args):
    if "RANK" not in os.environ:
        args.distributed = False
        return
    args.distributed = True
    torch.cuda.set_device(args.gpu)
    dist.init_process_group(backend="nccl", init_method=args.dist_url)
"""

DETECTOR_TRAIN = """
import torch
from utils import is_dist_avail_and_initialized

model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(10):
    loss = model(torch.randn(8, 4)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
print(is_dist_avail_and_initialized())
"""


def test_process_group_in_a_helper_nothing_calls_is_no_distributed_training(tmp_path):
    """A copied utils module under experiments/ whose init_distributed_mode() nothing calls joins no
    process group: DDP is a mention there, not a tool the project uses."""
    result = audit_committed(
        tmp_path,
        {"experiments/detector/utils.py": COPIED_DIST_UTILS, "experiments/detector/train.py": DETECTOR_TRAIN},
    )
    assert not [d for d in result.ctx.detections if d.category == "distributed" and d.present]


SEED_LOOP_EVAL = """
import numpy as np
from sklearn.svm import SVR

x = np.load("features.npy")
y = np.load("targets.npy")
seeds = [0, 1, 2, 3]
scores = []
for seed in seeds:
    np.random.seed(seed)
    order = np.random.permutation(len(x))
    model = SVR().fit(x[order[:80]], y[order[:80]])
    scores.append(model.score(x[order[80:]], y[order[80:]]))
print("all seeds: {:.3f} +- {:.3f}".format(np.mean(scores), np.std(scores)))
"""


def test_python_loop_over_seeds_with_reported_spread_repeats_the_experiment(tmp_path):
    """`for seed in seeds:` over four values around `np.random.seed(seed)`, then `np.std(scores)`: the
    experiment is repeated over seeds and its spread reported (ET321 PASS)."""
    result = audit_committed(tmp_path, {"train.py": SEED_LOOP_EVAL})
    assert [f.status for f in result.findings if f.rule_id == "ET321"] == ["PASS"]


MT_EVAL = """
import argparse
import os
import torch

p = argparse.ArgumentParser()
p.add_argument("--dump_path", default="./dumped")
params = p.parse_args()
model = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters())
for epoch in range(3):
    loss = model(torch.randn(8, 4)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    hypothesis = [str(int(x)) for x in model(torch.randn(5, 4)).argmax(1)]
    hyp_name = "hyp{0}.{1}-{2}.txt".format(epoch, "en", "fr")
    with open(os.path.join(params.dump_path, hyp_name), "w") as f:
        f.write("\\n".join(hypothesis) + "\\n")
"""


def test_translation_hypotheses_written_per_epoch_are_predictions(tmp_path):
    """`hyp{epoch}.en-fr.txt`, the translations a model produced for scoring against the reference, are
    predictions kept with the run (ET311 PASS), not "no predictions saved"."""
    result = audit_committed(tmp_path, {"train.py": MT_EVAL})
    assert [f.status for f in result.findings if f.rule_id == "ET311"] == ["PASS"]


def test_probe_project_fixes_target_the_script_its_readme_runs(tmp_path):
    """A probe of pretrained models: no deterministic-kernel finding (nothing is learnt), and the
    recommendations' file is the entry point its README runs first, never "(no training entry point
    found)"."""
    readme = "# Probe\n\nGet the data from https://example.org/probe.zip, then run:\n\n```\npython scripts/run_experiments.py\n```\n"
    files = {
        "README.md": readme,
        "scripts/run_experiments.py": PROBE_SCRIPT,
        "lama/aaa_tool.py": PROBE_SCRIPT,
    }
    result = audit_committed(tmp_path, files)
    assert not [f for f in result.findings if f.rule_id == "ET403"]
    from experiment_tracking.report.markdown import render_markdown

    text = render_markdown(result)
    assert "(no training entry point found)" not in text
    recs = text.split("## Prioritized Recommendations", 1)[1].split("\n## ", 1)[0]
    assert "aaa_tool.py" not in recs


CKPT_HELPER = """
import torch


class LocalCheckpoint:
    def __init__(self, path, include_in_all=None):
        self.path = path
        self.include_in_all = {} if include_in_all is None else include_in_all

    def save(self, params):
        torch.save({**self.include_in_all, **params}, self.path)
"""

CKPT_TRAIN = """
import argparse
import torch
from ckpt import LocalCheckpoint

p = argparse.ArgumentParser()
p.add_argument("-checkpoint", default="/tmp/model.pth")
p.add_argument("-lr", type=float, default=0.3)
opt = p.parse_args()
model = torch.nn.Embedding(10, 2)
optim = torch.optim.SGD(model.parameters(), lr=opt.lr)
checkpoint = LocalCheckpoint(opt.checkpoint, include_in_all={"conf": vars(opt)})
for epoch in range(3):
    loss = model(torch.arange(10)).sum()
    optim.zero_grad()
    loss.backward()
    optim.step()
    checkpoint.save({"model": model.state_dict(), "epoch": epoch})
"""


def test_checkpoint_object_built_with_the_options_saves_them(tmp_path):
    """`LocalCheckpoint(path, include_in_all={'conf': vars(opt)}).save(state)`: every checkpoint holds the
    options the object was built with (level 3: the configuration inside the checkpoint)."""
    result = audit_committed(tmp_path, {"ckpt.py": CKPT_HELPER, "train.py": CKPT_TRAIN})
    pl = dimension(result, "parameter_logging")
    assert pl.score == 3 and "inside the checkpoint" in " ".join(pl.reasons)
