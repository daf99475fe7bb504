"""The option dicts formatted whole into a run's text file ("params={}\\n\\nnet_params={}".format(...,
params, net_params)) record the whole configuration, and the score says it was written with the run,
not logged to the tracker that also runs."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

TRAIN = '''
import json
import time
import argparse
from torch.utils.tensorboard import SummaryWriter


def train_val_pipeline(model_name, params, net_params, out_dir):
    write_config_file = out_dir + "configs/config_" + model_name + time.strftime("%Hh%Mm%Ss_on_%b_%d_%Y")
    with open(write_config_file + ".txt", "w") as f:
        f.write("""Model: {}\\n\\nparams={}\\n\\nnet_params={}\\n""".format(model_name, params, net_params))
    writer = SummaryWriter(log_dir=out_dir + "logs")
    for epoch in range(params["epochs"]):
        loss = model(batch)
        loss.backward()
        writer.add_scalar("train/loss", loss.item(), epoch)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config")
    args = parser.parse_args()
    with open(args.config) as f:
        config = json.load(f)
    train_val_pipeline("GCN", config["params"], config["net_params"], config["out_dir"])


main()
'''


def test_option_dicts_formatted_into_the_run_file_are_the_whole_config(tmp_path):
    write_repo(tmp_path, {"main.py": TRAIN})
    result = run_audit(tmp_path)
    assert [p.whole for p in result.ctx.records.config] == [True]
    reasons = " ".join(dimension(result, "parameter_logging").reasons)
    assert "whole configuration" in reasons and "logged to TensorBoard" not in reasons


def test_a_config_file_merged_with_the_command_line_is_written_as_the_options():
    from experiment_tracking.index.python_facts import parse_python

    src = (
        "import argparse, yaml\nargs = argparse.ArgumentParser().parse_args()\n"
        "with open(args.config) as f:\n    config = yaml.load(f, Loader=yaml.Loader)\n"
        "config.update(vars(args))\nwith open(args.outdir + '/config.yml', 'w') as f:\n"
        "    yaml.dump(config, f, Dumper=yaml.Dumper)\n"
    )
    dump = next(w for w in parse_python("train.py", src).writes if w.kind == "dump")
    assert "vars" in dump.roots and any("parse_args" in r for r in dump.roots)


def test_a_gin_config_copied_into_the_run_directory_is_the_run_config(tmp_path):
    exp = (
        "import os\nfrom shutil import copy\nfrom pathlib import Path\nimport gin\nimport torch\n\n"
        "@gin.configurable()\ndef build(experiment_name, repeats, config_path):\n"
        "    for repeat in range(repeats):\n"
        "        instance_path = os.path.join('experiments', experiment_name, f'repeat={repeat}')\n"
        "        Path(instance_path).mkdir(parents=True, exist_ok=False)\n"
        "        copy(config_path, os.path.join(instance_path, 'config.gin'))\n"
        "    for step in range(10):\n        loss.backward()\n\nbuild('m4', 10, 'm4.gin')\n"
    )
    write_repo(tmp_path, {"main.py": exp})
    rec = run_audit(tmp_path).ctx.records
    assert [(p.role, p.whole, p.target.rsplit("/", 1)[-1]) for p in rec.config] == [
        ("config", True, "config.gin")
    ]
