"""Families of real code the fresh65 round (repositories never seen before its first audit) showed the
auditor reading wrong, each with a synthetic case of our own."""

from __future__ import annotations

import subprocess

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import (
    audit_committed,
    commit_all,
    detections_by_tool,
    dimension,
    finding,
    write_repo,
)

TRAIN = """
import argparse
import torch

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=0.1)
args = p.parse_args()
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
for step in range(10):
    loss = model(torch.randn(8, 4)).sum()
    opt.zero_grad(); loss.backward(); opt.step()
torch.save(model.state_dict(), "model.pt")
"""


_audit = audit_committed


def _tag(root, *names):
    for name in names:
        subprocess.run(["git", "tag", name], cwd=root, check=True, capture_output=True)


def test_a_lone_git_tag_is_one_snapshot_not_a_release_practice(tmp_path):
    one = write_repo(tmp_path / "one", {"train.py": TRAIN, "README.md": "# x\n"})
    commit_all(one)
    _tag(one, "v0.0")
    dim = dimension(run_audit(one, jobs=1), "code_versioning")
    assert dim.score == 2, dim.reasons
    assert any("single snapshot" in r for r in dim.reasons)
    two = write_repo(tmp_path / "two", {"train.py": TRAIN, "README.md": "# x\n"})
    commit_all(two)
    _tag(two, "v1.0", "v1.1")
    assert dimension(run_audit(two, jobs=1), "code_versioning").score == 3


TEST_SCRIPT = """
import argparse
import torch
from models.net import Net

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model_path", default="weights/net.pth")
    p.add_argument("--save_dir", default="results")
    args = p.parse_args()
    model = Net()
    model.load_state_dict(torch.load(args.model_path))
    model.eval()
    with torch.no_grad():
        out = model(torch.randn(1, 3, 8, 8))
    torch.save(out, f"{args.save_dir}/out.pt")

if __name__ == "__main__":
    main()
"""

NET = """
import torch

class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 3, 3, padding=1)

    def forward(self, x):
        return self.conv(x)
"""

COG = """
build:
  gpu: true
  python_version: "3.8"
  python_packages:
    - "torch==1.8.0"
    - "numpy==1.19.4"
    - "opencv-python==4.4.0.46"
    - "Pillow==8.3.2"
    - "timm==0.4.12"
    - "tqdm==4.62.2"
predict: "predict.py:Predictor"
"""

PREDICT = """
import torch
from cog import BasePredictor, Input, Path
from models.net import Net

class Predictor(BasePredictor):
    def setup(self):
        self.model = Net()
        self.model.load_state_dict(torch.load("weights/net.pth"))

    def predict(self, image: Path = Input()) -> Path:
        return image
"""


def test_a_main_test_script_is_no_training_and_the_predictor_image_is_the_release_environment(tmp_path):
    files = {
        "main_test_net.py": TEST_SCRIPT,
        "models/__init__.py": "",
        "models/net.py": NET,
        "cog.yaml": COG,
        "predict.py": PREDICT,
        "README.md": "# Net\nTest code only; training lives in another repository.\n\n"
        "python main_test_net.py --model_path weights/net.pth\n",
    }
    result = _audit(tmp_path, files)
    assert not result.ctx.taxonomy.training_entry_points
    env = dimension(result, "environment_capture")
    # every package pinned, in the image Cog builds for the released (inference) code
    assert env.score >= 4, env.reasons
    assert any("container cog.yaml" in r for r in env.reasons), env.reasons


LIB_MODEL = """
import json
import os
import torch


class TinyConfig:
    def __init__(self, d_model=8, n_layer=2):
        self.d_model, self.n_layer = d_model, n_layer


class TinyLM(torch.nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.proj = torch.nn.Linear(config.d_model, config.d_model)

    def forward(self, x):
        return self.proj(x)

    def save_pretrained(self, save_directory):
        os.makedirs(save_directory, exist_ok=True)
        torch.save(self.state_dict(), os.path.join(save_directory, "pytorch_model.bin"))
        with open(os.path.join(save_directory, "config.json"), "w") as f:
            json.dump(self.config.__dict__, f, indent=4)
"""

BENCH = """
import argparse
import time
import torch
from tinylm.model import TinyConfig, TinyLM

parser = argparse.ArgumentParser()
parser.add_argument("--batch", type=int, default=1)
args = parser.parse_args()
torch.manual_seed(0)
model = TinyLM(TinyConfig())
start = time.time()
model(torch.randn(args.batch, 8))
print(f"latency {time.time() - start:.3f}s")
"""


def test_a_library_save_method_nothing_calls_records_no_run(tmp_path):
    files = {
        "tinylm/__init__.py": "",
        "tinylm/model.py": LIB_MODEL,
        "benchmarks/benchmark_latency.py": BENCH,
        "setup.py": "from setuptools import setup\nsetup(name='tinylm', packages=['tinylm'])\n",
        "README.md": "# tinylm\n\nThe models were trained on 300B tokens of the Pile.\n\n"
        "pip install tinylm\npython benchmarks/benchmark_latency.py\n",
    }
    result = _audit(tmp_path, files)
    assert "custom_logging" not in detections_by_tool(result)
    params = dimension(result, "parameter_logging")
    assert params.score <= 1, params.reasons
    assert dimension(result, "result_persistence").score == 0
    data = dimension(result, "data_versioning")
    assert data.score == 1 and any("the Pile" in r for r in data.reasons), data.reasons


def test_the_same_save_method_called_by_a_script_is_its_record(tmp_path):
    files = {
        "tinylm/__init__.py": "",
        "tinylm/model.py": LIB_MODEL,
        "export.py": "import sys\nfrom tinylm.model import TinyConfig, TinyLM\n\n"
        "if __name__ == '__main__':\n    TinyLM(TinyConfig()).save_pretrained(sys.argv[1])\n",
    }
    result = _audit(tmp_path, files)
    assert result.ctx.records.config or result.ctx.records.checkpoints


WEIGHTS_FETCH = """
import os
import gdown

os.makedirs("./saved_models/net", exist_ok=True)
gdown.download("https://drive.google.com/uc?id=abc", "./saved_models/net/net.pth", quiet=False)
"""

TEST_FETCH = """
import argparse
import os
import requests
import torch
from models.net import Net


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model_path", default="weights/net.pth")
    args = p.parse_args()
    if not os.path.exists(args.model_path):
        url = "https://github.com/o/r/releases/download/v0.0/{}".format(os.path.basename(args.model_path))
        r = requests.get(url, allow_redirects=True)
        open(args.model_path, "wb").write(r.content)
    model = Net()
    model.load_state_dict(torch.load(args.model_path))


if __name__ == "__main__":
    main()
"""


def test_a_download_of_weights_is_no_data_source(tmp_path):
    files = {
        "setup_model_weights.py": WEIGHTS_FETCH,
        "run_net.py": TEST_FETCH,
        "models/__init__.py": "",
        "models/net.py": NET,
        "README.md": "# Net\n\npython setup_model_weights.py\npython run_net.py\n",
    }
    data = dimension(_audit(tmp_path, files), "data_versioning")
    assert not any("public source or download" in r for r in data.reasons), data.reasons
    assert data.score == 0, data.reasons


def test_without_training_code_the_benchmark_the_weights_saw_is_asked_about_not_a_run_record(tmp_path):
    files = {
        "main_test_net.py": TEST_SCRIPT,
        "models/__init__.py": "",
        "models/net.py": NET,
        "README.md": "# Net: the official test code of our paper\n\nTraining code is not released.\n"
        "The released model was trained on SynthText and fine-tuned on ICDAR 2015.\n\n"
        "| Model | Weights |\n|---|---|\n| General | [net_general.pth](https://drive.google.com/open?id=1Jk4eGD7crs) |\n\n"
        "python main_test_net.py --model_path weights/net.pth\n\n## Citation\n```\n@inproceedings{net2020}\n```\n",
    }
    result = _audit(tmp_path, files)
    f = finding(result, "ET120")
    assert f.status == "WARN" and "No training code here" in f.message, f.message
    assert "SynthText" in f.recommendation and "dvc" not in f.recommendation.lower()
    items = {i["item"]: i["status"] for i in result.scorecard.checklists["neurips"]}
    assert items["training-details"] == "N/A"  # the test script's options are no training hyperparameters


EVAL_DUMP = """
import argparse
import pickle
from data import cfg

parser = argparse.ArgumentParser()
parser.add_argument("--ap_data_file", default="results/ap_data.pkl")
args = parser.parse_args()


def evaluate(dets):
    ap_data = {
        "box": {t: [(c, 0.0) for c in cfg.dataset.class_names] for t in (0.5, 0.75)},
        "mask": {t: [(c, 0.0) for c in cfg.dataset.class_names] for t in (0.5, 0.75)},
    }
    with open(args.ap_data_file, "wb") as f:
        pickle.dump(ap_data, f)
    return ap_data
"""


def test_evaluation_numbers_keyed_by_config_fields_are_no_options_record(tmp_path):
    files = {
        # the training loop runs the evaluation module on the validation set, as detectors' trainers do
        "train.py": TRAIN.replace("import torch\n", "import torch\nimport eval as eval_script\n", 1)
        + "eval_script.evaluate([])\n",
        "eval.py": EVAL_DUMP,
        "data/__init__.py": "from .config import cfg\n",
        "data/config.py": "class C:\n    pass\ncfg = C()\ncfg.dataset = C()\ncfg.dataset.class_names = ('a', 'b')\n",
    }
    result = _audit(tmp_path, files)
    assert not [p for p in result.ctx.records.config if p.evidence.path == "eval.py"]


LOCALS_TRAIN = """
import json
import random
import sys
from copy import deepcopy
from pathlib import Path

import numpy as np
import torch
import typer

app = typer.Typer()


def get_job_info():
    info = {"python_version": sys.version}
    info["torch_version"] = torch.__version__
    info["numpy_version"] = np.__version__
    if torch.cuda.is_available():
        info["device_names"] = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
    return info


def save_info(ckpt_path: Path, training_config: dict):
    with open(ckpt_path / "training_info.json", "w") as fp:
        json.dump({"training_config": training_config, "job_info": get_job_info()}, fp, indent=4)


@app.command()
def main(output_dir: str = "./output/", lr: float = 1e-3, seed: int = None):
    if seed is None:
        seed = random.randint(0, 2**32)
    torch.manual_seed(seed)
    np.random.seed(seed % 2**32)
    random.seed(seed)
    raw_training_config = deepcopy(locals())
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    for _ in range(10):
        loss = model(torch.randn(8, 4)).pow(2).mean()
        opt.zero_grad(); loss.backward(); opt.step()
    torch.save(model.state_dict(), out / "model.pt")
    save_info(out, training_config=raw_training_config)


if __name__ == "__main__":
    app()
"""


def test_a_seed_kept_in_recorded_locals_and_a_versions_helper_written_with_the_run(tmp_path):
    result = _audit(tmp_path, {"train.py": LOCALS_TRAIN})
    seed = finding(result, "ET212")
    assert seed.status == "PASS", seed.message
    assert any("locals()" in e.detail for e in seed.evidence)
    env = finding(result, "ET213")
    assert env.status == "PASS", env.message
    assert any("get_job_info()" in e.detail for e in env.evidence)
    hardware = finding(result, "ET413")  # the GPU names the same record holds
    assert hardware.status == "PASS" and any("get_job_info()" in e.detail for e in hardware.evidence)


def test_gpu_counts_with_memory_and_glued_table_headers_document_the_hardware(tmp_path):
    for readme in (
        "# Net\n\nTo train at full resolution requires 8 GPUs with at least 24G memory.\n",
        "# Net\n\n| Method | Training time <br /> (8GeForceRTX2080Ti <br /> batch=32) |\n|---|---|\n| Net | 1.8 days |\n",
    ):
        root = write_repo(tmp_path / str(len(readme)), {"train.py": TRAIN, "README.md": readme})
        commit_all(root)
        f = finding(run_audit(root, jobs=1), "ET413")
        assert f is None or f.status == "PASS", f.message


GRID_NET = """
import numpy as np
import torch
from data.config import cfg


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.grid = torch.Tensor(np.load(cfg.grid_file))
        self.conv = torch.nn.Conv2d(3, 3, 3)

    def forward(self, x):
        return self.conv(x) * self.grid.mean()
"""


def test_an_array_the_network_loads_into_itself_and_a_lone_test_json_of_outputs_are_no_data(tmp_path):
    import json

    dets = {
        "info": {"mAP": 0.9},
        "images": [{"image_id": i, "dets": [{"score": 0.1, "bbox": [1, 2, 3, 4]}]} for i in range(200)],
    }
    files = {
        "train.py": "import torch\nfrom net import Net\nmodel = Net()\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "for _ in range(3):\n    loss = model(torch.randn(1, 3, 8, 8)).sum()\n    opt.zero_grad(); loss.backward(); opt.step()\n"
        "torch.save(model.state_dict(), 'weights/net.pth')\n",
        "net.py": GRID_NET,
        "data/__init__.py": "",
        "data/config.py": "class Config:\n    def __init__(self, d):\n        self.__dict__.update(d)\n\n\n"
        "cfg = Config({'grid_file': 'data/grid.npy'})\n",
        "web/dets/test.json": json.dumps(dets, indent=1),
        "web/dets/net_base.json": json.dumps(dets, indent=1),
        "README.md": "# Net\n\nDownload COCO 2017 with `sh data/scripts/COCO.sh`, then `python train.py`.\n",
    }
    root = write_repo(tmp_path, files)
    (root / "data" / "grid.npy").write_bytes(b"\x93NUMPY" + bytes(4096))
    commit_all(root)
    result = run_audit(root, jobs=1)
    assert not result.ctx.taxonomy.split_files
    data = dimension(result, "data_versioning")
    assert not any("grid.npy" in r or "split files" in r for r in data.reasons), data.reasons


def test_a_training_script_reading_its_mpi_rank_runs_under_mpi(tmp_path):
    train = TRAIN.replace(
        "args = p.parse_args()\n",
        "args = p.parse_args()\ntry:\n    from mpi4py import MPI\nexcept ImportError:\n    MPI = None\n"
        "rank = 0\nif MPI is not None and MPI.COMM_WORLD.Get_size() > 1:\n    rank = MPI.COMM_WORLD.Get_rank()\n"
        "torch.manual_seed(rank)\n",
    )
    root = write_repo(tmp_path, {"train.py": train})
    commit_all(root)
    assert "mpi" in detections_by_tool(run_audit(root, jobs=1))


def test_an_optimisers_trial_budget_is_no_repeat_over_seeds(tmp_path):
    readme = (
        "# Zoo\n\n## Hyperparameter tuning\n\nWe use Optuna. Budget of 1000 trials with a maximum of 50000 steps:\n\n"
        "```\npython train.py --optimize --n-trials 1000\n```\n\n## Results\n\n| env | reward |\n|---|---|\n| CartPole-v1 | 500 |\n"
    )
    f = finding(_audit(tmp_path, {"train.py": TRAIN, "README.md": readme}), "ET321")
    assert f is None or f.status != "PASS", f.message


SCRIPT_SETTINGS = """
import torch

epoch_num = 100
batch_size_train = 12
save_frq = 2000
ite_num = 0
running_loss = 0.0
model = torch.nn.Linear(4, 1)
opt = torch.optim.Adam(model.parameters(), lr=0.001)
for epoch in range(epoch_num):
    ite_num = ite_num + 1
    total_loss = model(torch.randn(batch_size_train, 4)).pow(2).mean()
    opt.zero_grad()
    total_loss.backward()
    opt.step()
    running_loss += total_loss.item()
    print(epoch, running_loss / ite_num)
    if ite_num % save_frq == 0:
        torch.save(model.state_dict(), "saved_models/model_%d.pth" % ite_num)
"""


def test_fixes_name_the_scripts_settings_not_its_counters_and_log_its_own_loss(tmp_path):
    result = _audit(tmp_path, {"train_net.py": SCRIPT_SETTINGS})
    texts = "\n".join(f.recommendation or "" for f in result.findings)
    assert "'epoch_num': epoch_num" in texts
    assert "'ite_num'" not in texts and "'running_loss'" not in texts
    assert "'step': ite_num" in texts and "float(total_loss)" in texts


ZOO_TRAIN = """
import argparse
import os
from collections import OrderedDict

import torch
import yaml

parser = argparse.ArgumentParser()
parser.add_argument("--env", default="CartPole-v1")
parser.add_argument("-params", "--hyperparams", type=str, nargs="+", default=None)
parser.add_argument("-f", "--log-folder", default="logs")
args = parser.parse_args()
with open("hyperparams/ppo2.yml") as f:
    hyperparams = yaml.safe_load(f)[args.env]
if args.hyperparams is not None:
    hyperparams.update(args.hyperparams)
saved_hyperparams = OrderedDict([(key, hyperparams[key]) for key in sorted(hyperparams.keys())])
save_path = os.path.join(args.log_folder, args.env + "_1")
os.makedirs(save_path, exist_ok=True)
model = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters(), lr=hyperparams["learning_rate"])
for _ in range(10):
    loss = model(torch.randn(8, 4)).sum()
    opt.zero_grad(); loss.backward(); opt.step()
with open(os.path.join(save_path, "config.yml"), "w") as f:
    yaml.dump(saved_hyperparams, f)
torch.save(model.state_dict(), os.path.join(save_path, "model.pt"))
"""


def test_the_saved_hyperparameter_dict_dumped_into_config_yml_is_the_whole_config(tmp_path):
    files = {
        "train.py": ZOO_TRAIN,
        "hyperparams/ppo2.yml": "CartPole-v1:\n  learning_rate: 0.001\n  n_steps: 32\n",
    }
    result = _audit(tmp_path, files)
    assert any(p.whole and p.target.endswith("config.yml") for p in result.ctx.records.config)
    # ... the file's values and the overrides, not the command line: the level says what is missing
    params = dimension(result, "parameter_logging")
    assert params.score == 4 and any("command-line options" in r for r in params.reasons), params.reasons


def test_a_wheel_url_pins_its_release_and_is_no_external_code_at_a_commit(tmp_path):
    docker = (
        "FROM nvidia/cuda:9.0-cudnn7-devel-ubuntu16.04\nRUN apt-get install python3-pip -y\n"
        "RUN pip install http://download.pytorch.org/whl/cu80/torch-0.4.0-cp35-cp35m-linux_x86_64.whl\n"
        "RUN pip install torchvision tqdm\nCOPY . /app\n"
    )
    result = _audit(tmp_path, {"train.py": TRAIN, "docker/Dockerfile": docker})
    torch = [d for d in result.ctx.index.dependencies if d.name == "torch"]
    assert torch and torch[0].exact and torch[0].spec == "==0.4.0"
    assert not any(
        "external code pinned to a commit" in r for r in dimension(result, "code_versioning").reasons
    )


# Guards from the reread of this round's changes: each is a family the first versions misread.


def test_reread_a_config_dict_of_the_options_is_not_a_config_file_as_loaded(tmp_path):
    train = TRAIN.replace(
        'torch.save(model.state_dict(), "model.pt")\n',
        "import json, os, time\nrun_dir = os.path.join('runs', time.strftime('%Y%m%d-%H%M%S'))\nos.makedirs(run_dir)\n"
        "config = {'lr': args.lr}\njson.dump(config, open(os.path.join(run_dir, 'config.json'), 'w'))\n"
        "torch.save(model.state_dict(), os.path.join(run_dir, 'model.pt'))\n",
    )
    params = dimension(_audit(tmp_path, {"train.py": train}), "parameter_logging")
    assert not any("as loaded" in r for r in params.reasons), params.reasons


def test_reread_a_decorated_cli_command_that_writes_its_config_still_records_it(tmp_path):
    cli = (
        "import json\nimport typer\n\napp = typer.Typer()\n\n\n@app.command()\n"
        "def infer(out: str = 'out', threshold: float = 0.5):\n"
        "    with open(out + '/config.json', 'w') as f:\n        json.dump({'threshold': threshold}, f)\n\n\n"
        "if __name__ == '__main__':\n    app()\n"
    )
    result = _audit(tmp_path, {"pkg/__init__.py": "", "pkg/cli.py": cli})
    assert result.ctx.records.config


def test_reread_a_label_map_is_no_metric_and_a_csv_download_is_data(tmp_path):
    from experiment_tracking.records import _METRIC_OBJ

    assert not _METRIC_OBJ.search("label_map") and _METRIC_OBJ.search("ap_data") and _METRIC_OBJ.search("mAP")
    fetch = TRAIN.replace(
        "import torch\n",
        "import torch\nimport urllib.request\n"
        "urllib.request.urlretrieve('https://archive.ics.uci.edu/wine/winequality-red.csv', 'winequality-red.csv')\n",
        1,
    )
    data = dimension(_audit(tmp_path, {"train_model.py": fetch}), "data_versioning")
    assert any("public source or download" in r for r in data.reasons), data.reasons


def test_reread_arrays_a_lightning_module_loads_in_setup_stay_data(tmp_path):
    lit = (
        "import numpy as np\nimport torch\nimport pytorch_lightning as pl\n\n\nclass Model(pl.LightningModule):\n"
        "    def __init__(self):\n        super().__init__()\n        self.net = torch.nn.Linear(4, 1)\n\n"
        "    def setup(self, stage=None):\n        self.x = np.load('data/features.npy')\n\n"
        "    def training_step(self, batch, i):\n        return self.net(batch).sum()\n\n"
        "    def configure_optimizers(self):\n        return torch.optim.Adam(self.parameters())\n\n\n"
        "if __name__ == '__main__':\n    pl.Trainer(max_epochs=1).fit(Model())\n"
    )
    root = write_repo(tmp_path, {"train.py": lit})
    (root / "data").mkdir()
    (root / "data" / "features.npy").write_bytes(b"\x93NUMPY" + bytes(8000))
    commit_all(root)
    data = dimension(run_audit(root, jobs=1), "data_versioning")
    assert data.score == 2 and any("features.npy" in r for r in data.reasons), data.reasons


def test_reread_locals_only_logged_and_a_seed_nobody_records_still_warn(tmp_path):
    train = LOCALS_TRAIN.replace(
        "    save_info(out, training_config=raw_training_config)\n",
        "    import logging\n    logging.debug('locals: %s', raw_training_config)\n"
        "    json.dump({'lr': lr}, open(out / 'cfg.json', 'w'))\n",
    ).replace(
        "raw_training_config = deepcopy(locals())", "raw_training_config = dict(lr=lr)\n    print(locals())"
    )
    assert finding(_audit(tmp_path, {"train.py": train}), "ET212").status != "PASS"


def test_reread_best_of_n_trials_is_selection_and_main_detection_trains(tmp_path):
    readme = "# X\n\nWe report the best of 100 trials of Optuna's TPE sampler.\n\n| model | mAP |\n|---|---|\n| x | 1 |\n"
    f = finding(_audit(tmp_path / "a", {"train.py": TRAIN, "README.md": readme}), "ET321")
    assert f is None or f.status != "PASS"
    engine = TRAIN.replace("import argparse\n", "").replace("p = argparse.ArgumentParser()\n", "")
    engine = "def train_one_epoch(lr=0.1):\n" + "".join(
        "    " + ln + "\n" for ln in TRAIN.splitlines()[1:] if ln
    )
    main = "import argparse\nfrom engine import train_one_epoch\n\nif __name__ == '__main__':\n    train_one_epoch()\n"
    result = _audit(tmp_path / "b", {"engine.py": engine, "main_detection.py": main})
    assert "main_detection.py" in {e.path for e in result.ctx.taxonomy.training_entry_points}


def test_reread_a_collect_env_tool_run_alone_records_no_run(tmp_path):
    tool = (
        "import json\nimport torch\n\n\ndef get_env_info():\n    info = {}\n    info['torch'] = torch.__version__\n"
        "    return info\n\n\nif __name__ == '__main__':\n"
        "    json.dump({'env': get_env_info()}, open('env_report.json', 'w'))\n"
    )
    f = finding(_audit(tmp_path, {"train.py": TRAIN, "tools/collect_env.py": tool}), "ET213")
    assert f.status != "PASS", f.message
