"""Guards for the defects a code review found in the fresh73 changes, each failing on the build
before its mend."""

from __future__ import annotations

import pytest

from tests.rules.repo_helpers import audit_committed, dimension, finding, notebook_with_outputs
from tests.test_fresh73_families import TORCH_TRAIN

KEYED_TRAIN = """
import argparse

import torch
import wandb
import yaml


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-opt", required=True)
    args = parser.parse_args()
    with open(args.opt) as f:
        opt = yaml.safe_load(f)
    if COND:
        wandb.init(project="p", config=opt)
    model = torch.nn.Linear(2, 1)
    optim = torch.optim.Adam(model.parameters(), lr=opt["lr"])
    for step in range(10):
        loss = model(torch.ones(2)).sum()
        optim.zero_grad()
        loss.backward()
        optim.step()
        if COND:
            wandb.log({"loss": loss.item()})


if __name__ == "__main__":
    main()
"""


@pytest.mark.parametrize(
    ("cond", "options"),
    [
        # a negation: on when the key is false
        ("not opt.get('no_wandb')", "name: a\nlr: 0.1\nno_wandb: false\n"),
        # a default the files do not override
        (
            "opt['logger'].get('use_wandb', True) and 'debug' not in opt['name']",
            "name: a\nlr: 0.1\nlogger:\n  level: info\n",
        ),
        # an alternative
        (
            "opt.get('use_wandb') or opt.get('force_wandb')",
            "name: a\nlr: 0.1\nuse_wandb: false\nforce_wandb: true\n",
        ),
        # a conjunct of another kind beside a key that is set
        (
            "opt['logger'].get('wandb') is not None and not opt.get('debug')",
            "name: a\nlr: 0.1\ndebug: false\nlogger:\n  wandb:\n    project: p\n",
        ),
    ],
)
def test_tests_other_than_a_key_read_do_not_turn_a_tracker_off(tmp_path, cond, options):
    from experiment_tracking.rules.facts import tracker_ids

    train = KEYED_TRAIN.replace("COND", cond)
    result = audit_committed(
        tmp_path, {"train.py": train, "options/a.yml": options, "options/b.yml": options}
    )
    assert "wandb" in tracker_ids(result.ctx)


def test_a_comparison_with_a_key_is_not_read_as_the_key_being_on(tmp_path):
    """`opt['logger']['type'] == 'wandb'` with `type: tensorboard` everywhere: not "on in the committed
    defaults"."""
    from experiment_tracking.rules.facts import switch_defaults

    train = KEYED_TRAIN.replace("COND", "opt['logger']['type'] == 'wandb'")
    options = "name: a\nlr: 0.1\nlogger:\n  type: tensorboard\n"
    result = audit_committed(tmp_path, {"train.py": train, "options/a.yml": options})
    assert switch_defaults(result.ctx, "opt['logger']['type'] == 'wandb'") == ("", "")


HF_TRAIN = """
import os

import {tool}
from transformers import AutoModelForSequenceClassification, Trainer, TrainingArguments

{setup}
model = AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased")
args = TrainingArguments(output_dir="out", num_train_epochs=1)
Trainer(model=model, args=args).train()
"""


@pytest.mark.parametrize(
    ("tool", "setup"),
    [
        ("wandb", 'wandb.login()\nos.environ["WANDB_PROJECT"] = "sst2"'),
        ("mlflow", 'mlflow.set_tracking_uri("http://localhost:5000")'),
    ],
)
def test_tracker_set_up_for_a_trainer_that_reports_to_it_stays_used(tmp_path, tool, setup):
    """`wandb.login()` or `mlflow.set_tracking_uri(...)` before a Hugging Face Trainer, which reports to
    every installed tracker by default: the tracker is used, not only queried."""
    result = audit_committed(tmp_path, {"train.py": HF_TRAIN.format(tool=tool, setup=setup)})
    d = {d.tool: d for d in result.ctx.detections}[tool]
    assert d.usage == "used"


NAMED_OUTPUTS_TRAIN = """
import argparse
import os

import torch
import yaml

parser = argparse.ArgumentParser()
parser.add_argument("--out", default="runs")
parser.add_argument("--name", default="cifar")
args = parser.parse_args()
with open(os.path.join(args.out, args.name + "_config.yaml"), "w") as f:
    yaml.safe_dump(vars(args), f)
model = torch.nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(3):
    loss = model(torch.ones(2)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(loss.item())
    torch.save(model.state_dict(), os.path.join(args.out, args.name + "_checkpoint_" + str(epoch) + ".pth"))
"""


def test_shipped_configs_and_weights_named_like_run_outputs_are_not_stored_runs(tmp_path):
    """`{args.out}/{args.name}_config.yaml` and `..._checkpoint_{epoch}.pth` written by the code do not
    make the repository's configs/ and pretrained/ files stored runs."""
    result = audit_committed(
        tmp_path,
        {
            "train.py": NAMED_OUTPUTS_TRAIN,
            "configs/cifar_config.yaml": "lr: 0.1\n",
            "configs/imagenet_config.yaml": "lr: 0.2\n",
            "pretrained/resnet_checkpoint_best.pth": "weights",
        },
    )
    assert not [r for r in result.ctx.catalog.runs if r.store == "run-dir"]


def test_a_split_seed_read_from_the_options_is_not_the_training_seed(tmp_path):
    """`split_seed = opt.get('data_split_seed', 0)` beside a training seed drawn at random and never
    kept: the options do not record the seed the run used."""
    from tests.test_fresh73_families import OPTIONS_TRAIN, SEED_HELPER

    train = OPTIONS_TRAIN.replace(
        'seed = opt.get("manual_seed")', 'split_seed = opt.get("data_split_seed")\n    seed = None'
    ).replace('        opt["manual_seed"] = seed\n', "")
    assert "data_split_seed" in train and 'opt["manual_seed"]' not in train
    result = audit_committed(
        tmp_path, {"utils.py": SEED_HELPER, "train.py": train, "options/a.yml": "name: a\nlr: 0.001\n"}
    )
    assert finding(result, "ET212").status != "PASS", finding(result, "ET212").message


def test_a_clock_name_inside_a_string_literal_records_no_timing(tmp_path):
    """`self.t = time.time()` and `f.write("%d\\t%0.6f\\n" % (epoch, loss))`: the `t` of `\\t` is no
    timing written to the record."""
    train = """
import os
import time

import torch


class Trainer:
    def fit(self, out):
        self.t = time.time()
        model = torch.nn.Linear(2, 1)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        for epoch in range(3):
            loss = model(torch.ones(2)).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            with open(os.path.join(out, "results.csv"), "a") as f:
                f.write("%d\\t%0.6f\\n" % (epoch, loss.item()))


Trainer().fit("runs")
"""
    result = audit_committed(tmp_path, {"train.py": train})
    assert finding(result, "ET303").status != "PASS", finding(result, "ET303").message


def test_a_library_download_does_not_make_an_uncalled_loader_method_run(tmp_path):
    """`gdown.download(...)` in the training script is not a call of the copied loader's `download()`."""
    from tests.test_fresh73_families import COPIED_LOADER, LOADER_TRAIN, SVHN_README

    train = "import gdown\n" + LOADER_TRAIN + "gdown.download('https://drive.example/x', 'pretrained.pt')\n"
    result = audit_committed(
        tmp_path, {"loaders.py": COPIED_LOADER, "train.py": train, "README.md": SVHN_README}
    )
    level = dimension(result, "data_versioning")
    assert not any("checksum" in r for r in level.reasons), level.reasons


def test_watermark_of_the_machine_records_no_package_version(tmp_path):
    """`%watermark -v -m -w` prints watermark's own version and the machine: no package the notebook
    runs with; nor is an `Accuracy: 0.93` line in the same output a version."""
    out = "Python implementation: CPython\nPython version       : 3.10.4\n\nCompiler    : GCC 9.4\nWatermark: 2.3.0\nAccuracy: 0.93\n"
    nb = notebook_with_outputs(("%load_ext watermark\n%watermark -v -m -w", out), (TORCH_TRAIN, ""))
    result = audit_committed(tmp_path, {"train.ipynb": nb})
    assert dimension(result, "environment_capture").score == 0


def test_a_path_holding_the_interpreter_version_is_no_version_prose(tmp_path):
    readme = (
        "# Project\n\n## Installation\n\nIf you see an ImportError in /usr/lib/python3.8/site-packages/foo.py,\n"
        "reinstall the package.\n"
    )
    result = audit_committed(tmp_path, {"train.py": TORCH_TRAIN, "README.md": readme})
    assert dimension(result, "environment_capture").score == 0, dimension(
        result, "environment_capture"
    ).reasons


def test_steps_that_mention_imported_packages_are_no_package_list(tmp_path):
    """`- Prepare the datasets ...`, `- Evaluate a pretrained model ...` under Getting started, in a
    project importing `datasets` and `evaluate`: steps, not a list of packages."""
    train = "import datasets\nimport evaluate\n" + TORCH_TRAIN
    readme = (
        "# Project\n\n## Getting started\n- Prepare the datasets as described in DATA.md\n"
        "- Evaluate a pretrained model with `scripts/eval.sh`\n"
    )
    result = audit_committed(tmp_path, {"train.py": train, "README.md": readme})
    assert dimension(result, "environment_capture").score == 0, dimension(
        result, "environment_capture"
    ).reasons


def test_a_documented_smoke_test_of_a_model_module_stays_a_demo(tmp_path):
    """`python model.py  # check the network builds` runs model.py's `__main__`, one step on
    `torch.ones`: a self-check of a module train.py imports, not a training program."""
    model = (
        "import torch\n\n\nclass Net(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = torch.nn.Linear(2, 1)\n\n    def forward(self, x):\n        return self.fc(x)\n\n\n"
        "if __name__ == '__main__':\n    net = Net()\n    opt = torch.optim.SGD(net.parameters(), lr=0.1)\n"
        "    loss = net(torch.ones(2)).sum()\n    loss.backward()\n    opt.step()\n"
    )
    train = TORCH_TRAIN.replace("model = torch.nn.Linear(2, 1)", "from model import Net\n\nmodel = Net()")
    readme = "# Project\n\n```bash\npython model.py  # check the network builds\npython train.py\n```\n"
    result = audit_committed(tmp_path, {"model.py": model, "train.py": train, "README.md": readme})
    entries = [e.path for e in result.ctx.taxonomy.training_entry_points]
    assert "model.py" not in entries, entries


def test_a_plain_switch_beside_a_key_test_is_read_without_error(tmp_path):
    """`args.use_wandb and opt.get('log')`: a conjunct naming no key is not a key test (it raised)."""
    from experiment_tracking.rules.facts import switch_defaults

    train = KEYED_TRAIN.replace("COND", "args.use_wandb and opt.get('log')")
    result = audit_committed(tmp_path, {"train.py": train, "options/a.yml": "name: a\nlr: 0.1\nlog: true\n"})
    assert switch_defaults(result.ctx, "args.use_wandb and opt.get('log')") == ("", "")


def test_a_python_list_item_is_cited_on_its_own_line(tmp_path):
    """`- python3.6` under a blank line: the evidence is the item's line, not the blank one above."""
    readme = "# Project\n\n#### Requirements\n\n------------\n\n- python3.6\n- gym\n"
    result = audit_committed(tmp_path, {"train.py": TORCH_TRAIN, "README.md": readme})
    f = finding(result, "ET411")
    assert [e.line for e in f.evidence if e.path == "README.md"] == [7], f.evidence
