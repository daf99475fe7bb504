"""Families from unseen research code: preprocessing outputs in the dataset directory, model downloads
from the Hub, datasets' splits after a global seed, notebooks that launch the training script, and the
option that lets a Hugging Face script reuse its output directory."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, notebook, write_repo

PREPROCESS = """
import argparse
import os
import pickle

parser = argparse.ArgumentParser()
parser.add_argument("-data_dir", default="data")
parser.add_argument("-save_data", default="m30k.pkl")
opt = parser.parse_args()
data = {"settings": opt, "vocab": {"a": 1}, "train": [[1, 2]]}
pickle.dump(data, open(os.path.join(opt.data_dir, opt.save_data), "wb"))
"""
TRAIN = """
import argparse
import os
import torch

parser = argparse.ArgumentParser()
parser.add_argument("-output_dir", default="out")
parser.add_argument("-lr", type=float, default=1e-3)
opt = parser.parse_args()
model = torch.nn.Linear(2, 2)
with open(os.path.join(opt.output_dir, "train.log"), "w") as log:
    for epoch in range(3):
        loss = model(torch.zeros(2)).sum()
        loss.backward()
        log.write(f"{epoch},{loss.item()}\\n")
"""


def test_what_preprocessing_writes_into_the_dataset_directory_is_no_run_record(tmp_path):
    write_repo(tmp_path, {"preprocess.py": PREPROCESS, "train.py": TRAIN})
    result = run_audit(tmp_path)
    assert not [p for p in result.ctx.records.config if p.evidence.path == "preprocess.py"]
    params = dimension(result, "parameter_logging")
    assert "preprocess.py" not in " ".join(params.reasons)
    fixes = str(result.recommendations) + " ".join(f.recommendation or "" for f in result.findings)
    assert "opt.data_dir" not in fixes  # the training script's own output folder, never the data's


def test_a_model_downloaded_from_the_hub_is_no_data_source(tmp_path):
    merge = "from huggingface_hub import hf_hub_download\n"
    merge += "path = hf_hub_download(repo_id='org/lora-7b', filename='adapter_model.bin')\n"
    write_repo(tmp_path, {"merge_lora.py": merge, "train.py": TRAIN})
    data = dimension(run_audit(tmp_path), "data_versioning")
    assert "hf_hub_download" not in " ".join(data.reasons)


def test_a_datasets_split_after_the_global_seed_is_seeded(tmp_path):
    train = "from datasets import load_dataset\nfrom transformers import set_seed\n\nset_seed(42)\n"
    train += "ds = load_dataset('json', data_files='d.json')['train']\n"
    train += "parts = ds.train_test_split(test_size=0.01, shuffle=True)\n"
    write_repo(tmp_path, {"prep.py": train, "train.py": TRAIN})
    tax = run_audit(tmp_path).ctx.taxonomy
    assert tax.splits_seeded and not tax.splits_unseeded


def test_a_notebook_that_runs_the_training_script_launches_it(tmp_path):
    nb = notebook("!git clone https://example.org/repo", "!torchrun --nproc_per_node 1 train.py --lr 1e-4")
    write_repo(tmp_path, {"train.py": TRAIN, "notebooks/pretrain_lora.ipynb": nb})
    entries = [e.path for e in run_audit(tmp_path).ctx.taxonomy.training_entry_points]
    assert entries == ["train.py"]


HF = """
import os
from transformers import HfArgumentParser, Trainer, TrainingArguments

parser = HfArgumentParser(TrainingArguments)
(training_args,) = parser.parse_args_into_dataclasses()
if os.path.isdir(training_args.output_dir) and not training_args.overwrite_output_dir:
    if len(os.listdir(training_args.output_dir)) > 0:
        raise ValueError("Output directory already exists and is not empty.")
trainer = Trainer(model=None, args=training_args)
trainer.train()
trainer.save_model()
"""


def _hf_results(tmp_path, command):
    write_repo(tmp_path, {"run_clm.py": HF, "run.sh": f"torchrun run_clm.py --output_dir out {command}\n"})
    return " ".join(dimension(run_audit(tmp_path), "result_persistence").reasons)


def test_a_directory_the_script_refuses_to_reuse_is_per_run(tmp_path):
    assert "refuses to reuse" in _hf_results(tmp_path, "--do_train")


def test_shipped_commands_that_pass_overwrite_output_dir_reuse_the_directory(tmp_path):
    assert "refuses to reuse" not in _hf_results(tmp_path, "--do_train --overwrite_output_dir")


def test_shipped_commands_that_draw_a_new_seed_per_run_are_flagged(tmp_path):
    train = "import argparse\nimport random\nimport numpy as np\nimport torch\n\n"
    train += "p = argparse.ArgumentParser()\np.add_argument('--seed', type=int, default=1)\nargs = p.parse_args()\n"
    train += "random.seed(args.seed)\nnp.random.seed(args.seed)\ntorch.manual_seed(args.seed)\n"
    train += (
        "model = torch.nn.Linear(2, 2)\nfor epoch in range(3):\n    model(torch.zeros(2)).sum().backward()\n"
    )
    write_repo(
        tmp_path,
        {"train.py": train, "run.sh": "torchrun train.py \\\n    --seed $RANDOM \\\n    --lr 1e-4\n"},
    )
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET401")
    assert f.status == "WARN" and "run.sh:2" in f.message, f.message


def test_a_run_folder_named_after_the_dataset_is_no_dataset_folder(tmp_path):
    utils = """
import json
import os
import time


def prepare_dirs(args):
    args.model_name = "{}_{}".format(args.dataset, time.strftime("%H%M%S"))
    args.model_dir = os.path.join(args.log_dir, args.model_name)
    os.makedirs(args.model_dir)


def save_args(args):
    with open(os.path.join(args.model_dir, "params.json"), "w") as fp:
        json.dump(args.__dict__, fp, indent=4)
"""
    train = TRAIN.replace(
        "opt = parser.parse_args()\n",
        "parser.add_argument('-dataset', default='ptb')\nparser.add_argument('-log_dir', default='logs')\n"
        "opt = parser.parse_args()\nprepare_dirs(opt)\nsave_args(opt)\n",
    ).replace("import torch\n", "import torch\nfrom utils import prepare_dirs, save_args\n")
    write_repo(tmp_path, {"utils.py": utils, "train.py": train})
    params = dimension(run_audit(tmp_path), "parameter_logging")
    assert params.score >= 4 and "params.json" in " ".join(params.reasons), params.reasons


def test_what_a_side_scripts_own_main_writes_is_its_run_not_trainings(tmp_path):
    data_utils = """
import json
import os
from absl import app, flags

FLAGS = flags.FLAGS
flags.DEFINE_string("save_dir", "proc_data", "where the records go")
flags.DEFINE_integer("seq_len", 512, "sequence length")


def input_fn(path):
    return path


def create_data(_):
    info = {"seq_len": FLAGS.seq_len, "save_dir": FLAGS.save_dir}
    with open(os.path.join(FLAGS.save_dir, "corpus_info.json"), "w") as fp:
        json.dump(info, fp)


if __name__ == "__main__":
    app.run(create_data)
"""
    train = TRAIN.replace("import torch\n", "import torch\nfrom data_utils import input_fn\n")
    write_repo(tmp_path, {"data_utils.py": data_utils, "train.py": train})
    result = run_audit(tmp_path)
    assert not [p for p in result.ctx.records.config if p.evidence.path == "data_utils.py"]


def test_values_read_from_sys_argv_are_command_line_parameters(tmp_path):
    train = "import sys\nimport mlflow\nfrom sklearn.linear_model import ElasticNet\n\n"
    train += "alpha = float(sys.argv[1]) if len(sys.argv) > 1 else 0.5\n"
    train += "with mlflow.start_run():\n    ElasticNet(alpha=alpha, random_state=42).fit(X, y)\n"
    train += "    mlflow.log_param('alpha', alpha)\n"
    write_repo(tmp_path, {"train.py": train})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET201")
    assert f.status == "PASS" and "command line" in f.message, f.message


def test_a_module_the_readme_runs_with_python_m_is_the_main_training_path(tmp_path):
    readme = "# NMT\n\n```\npython -m nmt.main --out_dir /tmp/model\n```\n"
    files = {"README.md": readme, "nmt/__init__.py": "", "nmt/main.py": TRAIN, "nmt/alt_train.py": TRAIN}
    write_repo(tmp_path, files)
    entries = [e.path for e in run_audit(tmp_path).ctx.taxonomy.training_entry_points]
    assert entries[0] == "nmt/main.py", entries


def test_loading_a_cached_dataset_when_its_file_exists_is_no_resume(tmp_path):
    utils = "import os\nimport torch\n\n\ndef get_dataset(dataset_cache=None):\n"
    utils += (
        "    if dataset_cache and os.path.isfile(dataset_cache):\n        return torch.load(dataset_cache)\n"
    )
    utils += "    data = [1, 2, 3]\n    torch.save(data, dataset_cache)\n    return data\n"
    train = TRAIN.replace("import torch\n", "import torch\nfrom utils import get_dataset\n")
    write_repo(tmp_path, {"utils.py": utils, "train.py": train + "data = get_dataset('cache.bin')\n"})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET511")
    assert f.status != "PASS", f.message


def test_a_data_manifest_with_file_digests_is_checksummed_data(tmp_path):
    info = '{"alpaca": {"file_name": "alpaca.json", "file_sha1": "' + "a" * 40 + '"},\n'
    info += ' "belle": {"file_name": "belle.json", "file_sha1": "' + "b" * 40 + '"}}\n'
    write_repo(tmp_path, {"train.py": TRAIN, "data/dataset_info.json": info})
    result = run_audit(tmp_path)
    data = dimension(result, "data_versioning")
    assert data.score == 3 and "data/dataset_info.json" in " ".join(data.reasons), data.reasons
    f = next(f for f in result.findings if f.rule_id == "ET120")
    assert f.status == "WARN" and "checksums" in f.message, f.message


def test_python_random_sample_and_a_metrics_import_need_no_numpy_seed(tmp_path):
    gen = "import random\nimport numpy as np\nimport pandas as pd\n\nrandom.seed(42)\n\n\ndef pick(pool):\n"
    gen += "    chosen = random.sample(pool, 3)\n    order = np.argsort([len(x) for x in chosen])\n"
    gen += "    return pd.DataFrame({'x': [chosen[i] for i in order]})\n\n\nif __name__ == '__main__':\n"
    gen += "    pick(['a', 'b', 'c', 'd'])\n"
    score = "from sklearn.metrics import f1_score\n\nprint(f1_score([1, 0], [1, 1]))\n"
    write_repo(tmp_path, {"generate.py": gen, "eval/score.py": score})
    f = next((f for f in run_audit(tmp_path).findings if f.rule_id == "ET401"), None)
    assert f is None or "numpy" not in f.message, f.message
