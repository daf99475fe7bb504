"""Families of real code the fresh59 round (repositories never seen before its first audit) showed the
auditor reading wrong, each with a synthetic case of our own."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import commit_all, detections_by_tool, dimension, finding, write_repo


def _tools(result):
    return set(detections_by_tool(result))


TRAIN = """
import argparse

import torch
from torch.utils.tensorboard import SummaryWriter

parser = argparse.ArgumentParser()
parser.add_argument("-c", "--config", default="configs/config.json")
parser.add_argument("-m", "--model", default="44k")
args = parser.parse_args()
writer = SummaryWriter("logs/" + args.model)
model = torch.nn.Linear(2, 2)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for step in range(10):
    loss = model(torch.ones(2)).sum()
    loss.backward()
    optimizer.step()
    writer.add_scalar("loss", loss.item(), step)
"""


def test_plain_ray_requirement_is_not_ray_tune(tmp_path):
    # `ray` is a general parallel runtime (a data-prep pool); only ray[tune] or an import of ray.tune
    # says Ray Tune is in the project
    write_repo(tmp_path, {"train.py": TRAIN, "requirements.txt": "torch==2.1.0\nray>=1.0.1\n"})
    assert "ray_tune" not in _tools(run_audit(tmp_path))
    write_repo(tmp_path, {"requirements.txt": "torch==2.1.0\nray[tune]>=2.0\n"})
    assert "ray_tune" in _tools(run_audit(tmp_path))


def test_dash_m_to_a_script_that_is_not_a_hydra_app_is_not_multirun(tmp_path):
    # so-vits-svc: `python train.py -c configs/config.json -m 44k`, -m names the model folder
    write_repo(tmp_path, {"train.py": TRAIN, "run.sh": "python train.py -c configs/config.json -m 44k\n"})
    assert "hydra_multirun" not in _tools(run_audit(tmp_path))
    hydra_app = (
        "import hydra\n\n\n@hydra.main(config_path='conf', config_name='config')\ndef main(cfg):\n    pass\n"
    )
    write_repo(tmp_path, {"sweep.py": hydra_app, "run.sh": "python sweep.py -m lr=0.1,0.01\n"})
    assert "hydra_multirun" in _tools(run_audit(tmp_path))


MODEL_ZOO = """# Model Zoo

### Market1501 Baselines

| Method | Pretrained | Rank@1 | mAP | download |
| :---: | :---: | :---: | :---: | :---: |
| BoT(R50) | ImageNet | 94.4% | 86.1% | [model](https://example.org/market_bot_R50.pth) |
| BoT(R101) | ImageNet | 95.0% | 88.0% | [model](https://example.org/market_bot_R101.pth) |
"""


def test_benchmark_named_in_a_pretrained_column_is_not_the_data(tmp_path):
    # the Pretrained column names the weights the backbone started from; the rows are Market1501 results
    write_repo(tmp_path, {"train.py": TRAIN, "MODEL_ZOO.md": MODEL_ZOO, "requirements.txt": "torch==2.1.0\n"})
    from experiment_tracking.rubric import public_benchmark_doc

    bench = public_benchmark_doc(run_audit(tmp_path).ctx)
    assert bench is not None and bench.detail == "Market1501" and bench.line == 3


SCHEDULES = """
import matplotlib.pyplot as plt


class StepDecay:
    def __init__(self, optimizer, lr, gamma):
        self.optimizer, self.lr, self.gamma = optimizer, lr, gamma

    def step(self, i):
        self.optimizer.lr = self.lr * self.gamma**i


class FakeOptim:
    lr = 0


if __name__ == "__main__":
    opt = FakeOptim()
    schd = StepDecay(opt, 1e-3, 0.9)
    lrs = []
    for i in range(100):
        schd.step(i)
        lrs.append(opt.lr)
    plt.plot(lrs)
"""


def test_library_module_whose_main_plots_a_schedule_is_not_a_training_script(tmp_path):
    # solver/learning_schedules.py: imported by the training code, its __main__ a demo plot
    write_repo(
        tmp_path,
        {
            "solver/__init__.py": "",
            "solver/learning_schedules.py": SCHEDULES,
            "train.py": "from solver.learning_schedules import StepDecay\n" + TRAIN,
            "requirements.txt": "torch==2.1.0\n",
        },
    )
    entries = {e.path for e in run_audit(tmp_path).ctx.taxonomy.training_entry_points}
    assert entries == {"train.py"}


MM_TRAIN = """
import argparse

from mylib.config import Config
from mylib.trainer import Trainer

parser = argparse.ArgumentParser()
parser.add_argument("config")
parser.add_argument("--work_dir")
parser.add_argument("--seed", type=int, default=0)
args = parser.parse_args()
cfg = Config.fromfile(args.config)
cfg.checkpoint_config.meta = dict(config=cfg.text, CLASSES=["car"])
Trainer(cfg).run()
"""

MM_TRAINER = """
import os

import torch


def save_checkpoint(model, filename, meta=None):
    torch.save({"meta": meta, "state_dict": model.state_dict()}, filename)


class Trainer:
    def __init__(self, cfg):
        self.cfg = cfg
        self.model = torch.nn.Linear(2, 2)
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=cfg.lr)

    def run(self):
        for epoch in range(self.cfg.epochs):
            loss = self.model(torch.ones(2)).sum()
            loss.backward()
            self.optimizer.step()
            self.save_checkpoint(self.cfg.work_dir, meta=self.cfg.checkpoint_config.meta)

    def save_checkpoint(self, out_dir, filename_tmpl="epoch_{}.pth", meta=None):
        filepath = os.path.join(out_dir, filename_tmpl.format(self.epoch + 1))
        save_checkpoint(self.model, filepath, meta=meta)
"""


def test_config_text_in_a_runners_checkpoint_meta_is_a_config_record(tmp_path):
    # mmcv-style runners (det3d's torchie): the meta dict goes into every checkpoint the runner saves
    write_repo(
        tmp_path,
        {
            "tools/train.py": MM_TRAIN,
            "mylib/__init__.py": "",
            "mylib/config.py": "class Config:\n    @staticmethod\n    def fromfile(path):\n        return Config()\n",
            "mylib/trainer.py": MM_TRAINER,
            "requirements.txt": "torch==2.1.0\n",
        },
    )
    result = run_audit(tmp_path)
    parts = [p for p in result.ctx.records.config if p.evidence.path == "tools/train.py"]
    assert parts and parts[0].in_checkpoint and parts[0].whole and parts[0].from_file
    et210 = finding(result, "ET210")
    assert et210.status == "PASS"


PREDICT = """
import argparse
import os
import pickle

parser = argparse.ArgumentParser()
parser.add_argument("--input_data_dir")
parser.add_argument("--output_dir")
args = parser.parse_args()
pred_dicts = {}
for name in sorted(os.listdir(args.input_data_dir)):
    pred_dicts.update({name: len(name)})
with open(os.path.join(args.output_dir, "detections.pkl"), "wb") as f:
    pickle.dump(pred_dicts, f)
"""


def test_predictions_gathered_over_an_options_folder_are_not_the_options(tmp_path):
    # the options reach pred_dicts only through one field (the input folder listed): an output, not a config
    write_repo(
        tmp_path, {"train.py": TRAIN, "tools/predict.py": PREDICT, "requirements.txt": "torch==2.1.0\n"}
    )
    records = run_audit(tmp_path).ctx.records
    assert not [p for p in records.config if p.evidence.path == "tools/predict.py"]
    assert [p for p in records.artifacts if p.evidence.path == "tools/predict.py"]


def test_lightning_1x_ddp_plugin_is_ddp(tmp_path):
    # Lightning 1.3: pl.Trainer(plugins=DDPPlugin(find_unused_parameters=False)) trains with DDP
    train = (
        "import pytorch_lightning as pl\nfrom pytorch_lightning.plugins import DDPPlugin\n\n"
        "trainer = pl.Trainer(gpus=8, plugins=DDPPlugin(find_unused_parameters=False))\n"
        "trainer.fit(model)\n"
    )
    write_repo(tmp_path, {"train.py": train, "requirements.txt": "pytorch-lightning==1.3.5\n"})
    assert "ddp" in _tools(run_audit(tmp_path))


VISUALIZER = """
from visdom import Visdom


class Visualizer:
    def __init__(self, port=13570, env="main"):
        self.vis = Visdom(port=port, env=env)

    def vis_scalar(self, name, x, y):
        self.vis.line(X=[x], Y=[y], win=name, update="append")

    def vis_table(self, name, tbl):
        rows = "".join("<tr><td>%s</td><td>%s</td></tr>" % (k, v) for k, v in tbl.items())
        self.vis.text("<table>%s</table>" % rows, win=name)
"""

VIS_MAIN = """
import argparse

import torch

from utils.visualizer import Visualizer

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.01)
parser.add_argument("--vis_port", default=13570)
opts = parser.parse_args()
vis = Visualizer(port=opts.vis_port)
vis.vis_table("Options", vars(opts))
model = torch.nn.Linear(2, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=opts.lr)
for step in range(10):
    loss = model(torch.ones(2)).sum()
    loss.backward()
    optimizer.step()
    vis.vis_scalar("Loss", step, loss.item())
"""


def test_options_shown_on_a_live_visdom_dashboard_are_shown_not_kept(tmp_path):
    write_repo(
        tmp_path,
        {
            "main.py": VIS_MAIN,
            "utils/__init__.py": "",
            "utils/visualizer.py": VISUALIZER,
            "requirements.txt": "torch\nvisdom\n",
        },
    )
    et210 = finding(run_audit(tmp_path), "ET210")
    assert et210.status == "WARN" and "live Visdom dashboard (main.py:12)" in et210.message


IOSTREAM = """
class IOStream:
    def __init__(self, path):
        self.f = open(path, "a")

    def cprint(self, text):
        print(text)
        self.f.write(text + "\\n")
        self.f.flush()
"""

POINT_MAIN = """
import argparse
import os

import numpy as np
import torch

from util import IOStream


def _init_():
    os.makedirs("outputs/" + args.exp_name + "/models", exist_ok=True)
    os.system("cp main_seg.py outputs" + "/" + args.exp_name + "/" + "main_seg.py.backup")


def train(args, io):
    io.cprint(str(args))
    model = torch.nn.Linear(3, 2)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr)
    for epoch in range(args.epochs):
        loss = model(torch.ones(3)).sum()
        loss.backward()
        opt.step()
        io.cprint("Train %d, loss: %.6f" % (epoch, loss.item()))
        torch.save(model.state_dict(), "outputs/%s/models/model.t7" % args.exp_name)
    pred = model(torch.ones(4, 3)).argmax(1).numpy()
    np.savetxt("outputs/" + args.exp_name + "/pred_result/scene_00.txt", pred, fmt="%d")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--exp_name", default="exp")
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    _init_()
    io = IOStream("outputs/" + args.exp_name + "/run.log")
    io.cprint(str(args))
    torch.manual_seed(args.seed)
    train(args, io)
"""


def test_hand_written_log_stream_of_the_options_and_a_code_backup(tmp_path):
    # DGCNN/PointNet family: IOStream.cprint(str(args)) into outputs/<exp>/run.log, the scripts copied in
    # with os.system("cp ... " + ...), test predictions written with np.savetxt
    write_repo(
        tmp_path, {"main_seg.py": POINT_MAIN, "util.py": IOSTREAM, "requirements.txt": "torch\nnumpy\n"}
    )
    result = run_audit(tmp_path)
    records = result.ctx.records
    lines = sorted(p.evidence.line for p in records.config if p.whole)
    assert lines == [16, 38]  # in train(args, io) and under __main__
    assert not [p for p in records.config if "savetxt" in p.evidence.detail]
    assert [p for p in records.code if p.evidence.path == "main_seg.py"]
    et212 = finding(result, "ET212")
    assert et212.status == "PASS"
    level = dimension(result, "parameter_logging")
    assert level.score == 4 and "as a line of its log" in level.reasons[0]


BACKBONE = """
import torch


class Net(torch.nn.Module):
    def forward(self, x):
        return x


if __name__ == "__main__":
    torch.backends.cudnn.deterministic = True
    print(Net()(torch.ones(2)))
"""


def test_determinism_set_only_in_a_library_modules_self_test_is_not_requested(tmp_path):
    # the backbone's `__main__` smoke test sets cudnn.deterministic; training never runs that block
    write_repo(
        tmp_path,
        {
            "train.py": "from network.backbone import Net\n"
            + TRAIN.replace("torch.nn.Linear(2, 2)", "Net().cuda()"),
            "network/__init__.py": "",
            "network/backbone.py": BACKBONE,
            "requirements.txt": "torch==2.1.0\n",
        },
    )
    et403 = finding(run_audit(tmp_path), "ET403")
    assert et403.status == "WARN"


DF_CONFIG = """
import configparser


class Config:
    def __init__(self):
        self.parser = configparser.ConfigParser()

    def load(self, path):
        self.parser.read(path)

    def __call__(self, option, default, cast, section="train"):
        if not self.parser.has_option(section, option):
            self.parser.set(section, option, str(default))
        return cast(self.parser.get(section, option))

    def save(self, path):
        with open(path, "w") as f:
            self.parser.write(f)


config = Config()
"""

DF_UTILS = """
import random

import numpy as np
import torch
from loguru import logger


def check_manual_seed(seed=None):
    seed = seed or random.randint(1, 10000)
    np.random.seed(seed)
    random.seed(seed)
    torch.manual_seed(seed)
    return seed


def init_logger(file):
    logger.add(file, level="INFO")
    logger.info(f"Running on torch {torch.__version__}")
"""

DF_CHECKPOINT = """
import os

import numpy as np
import torch


def write_cp(obj, name, dirname, epoch, metric=None, cmp="min"):
    if metric is not None:
        with open(os.path.join(dirname, ".best"), "a+") as prev_best_f:
            lines = prev_best_f.readlines()
            prev_best = float(lines[-1].split(" ")[1]) if lines else float("inf")
            cmp = "__lt__" if cmp == "min" else "__gt__"
            if getattr(metric, cmp)(prev_best):
                np.savetxt(prev_best_f, np.array([[float(epoch), metric]]))
                torch.save(obj.state_dict(), os.path.join(dirname, f"{name}_{epoch}.ckpt.best"))
    torch.save(obj.state_dict(), os.path.join(dirname, f"{name}_{epoch}.ckpt"))
"""

DF_TRAIN = """
import argparse
import os

import torch

from df.checkpoint import write_cp
from df.config import config
from df.utils import check_manual_seed, init_logger


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base_dir")
    args = parser.parse_args()
    init_logger(file=os.path.join(args.base_dir, "train.log"))
    config.load(os.path.join(args.base_dir, "config.ini"))
    seed = config("SEED", 42, int, section="train")
    check_manual_seed(seed)
    lr = config("LR", 1e-3, float, section="optim")
    model = torch.nn.Linear(2, 2).cuda()
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    config.save(os.path.join(args.base_dir, "config.ini"))
    for epoch in range(10):
        loss = model(torch.ones(2)).sum()
        loss.backward()
        opt.step()
        with torch.no_grad():
            val_loss = model(torch.zeros(2)).sum().item()
        write_cp(model, "model", os.path.join(args.base_dir, "checkpoints"), epoch, metric=val_loss)


if __name__ == "__main__":
    main()
"""


def test_seed_config_key_version_log_and_getattr_best_selection(tmp_path):
    # DeepFilterNet family: the seed read by its key from an INI config that is saved per run, the torch
    # version logged by loguru into the run's train.log, the best checkpoint kept on getattr(metric, cmp)
    write_repo(
        tmp_path,
        {
            "df/__init__.py": "",
            "df/config.py": DF_CONFIG,
            "df/utils.py": DF_UTILS,
            "df/checkpoint.py": DF_CHECKPOINT,
            "df/train.py": DF_TRAIN,
            "requirements.txt": "torch==2.1.0\nloguru==0.7.2\nnumpy==1.26.0\n",
        },
    )
    status = {f.rule_id: f for f in run_audit(tmp_path).findings}
    assert status["ET212"].status == "PASS" and "'SEED'" in status["ET212"].evidence[0].detail
    assert status["ET213"].status == "PASS" and status["ET213"].evidence[0].path == "df/utils.py"
    assert status["ET310"].status == "PASS"


VOC = """
import os
import tarfile

from torchvision.datasets.utils import download_url


def download_extract(url, root, filename, md5):
    download_url(url, root, filename, md5)
    with tarfile.open(os.path.join(root, filename), "r") as tar:
        tar.extractall(path=root)


class VOCSegmentation:
    def __init__(self, root, download=False):
        if download:
            download_extract("http://host.example/VOCtrainval.tar", root, "VOCtrainval.tar", "6cd6e144f989b92b3379bac3b3de84fd")
"""

UNUSED_UTILS = """
import hashlib


def check_integrity(fpath, md5):
    with open(fpath, "rb") as f:
        return hashlib.md5(f.read()).hexdigest() == md5
"""


def test_torchvision_download_given_its_md5_by_position_and_an_unimported_checker(tmp_path):
    # datasets/voc.py calls torchvision's download_url(url, root, filename, md5); datasets/utils.py, which
    # nothing imports (torchvision.datasets.utils is not it), checks nothing in any run
    write_repo(
        tmp_path,
        {
            "main.py": "from datasets.voc import VOCSegmentation\n" + TRAIN,
            "datasets/__init__.py": "",
            "datasets/voc.py": VOC,
            "datasets/utils.py": UNUSED_UTILS,
            "requirements.txt": "torch==2.1.0\ntorchvision==0.16.0\n",
        },
    )
    from experiment_tracking.detect.engine import project_imports
    from experiment_tracking.rubric import verified_downloads

    ctx = run_audit(tmp_path).ctx
    assert "datasets/utils.py" not in project_imports(ctx.index)["datasets/voc.py"]
    assert [(m.path, c.line) for m, c in verified_downloads(ctx)] == [("datasets/voc.py", 8)]


def test_colour_palette_and_test_pair_lists_are_not_committed_training_data(tmp_path):
    palette = (
        "[\n"
        + "".join(
            f'        {{"label": "part_{i}", "id": {i}, "color": [{i * 5}, {200 - i}, {100 + i}]}},\n'
            for i in range(60)
        )
        + "]\n"
    )
    pairs = "".join(
        f"scene{i:04d}_00/color/{i}.jpg scene{i:04d}_00/color/{i + 15}.jpg 0 0\n" for i in range(300)
    )
    seg = TRAIN + "\ncolors = open('prepare_data/meta/partseg_colors.txt').read()\n"
    write_repo(
        tmp_path,
        {
            "main_partseg.py": seg,
            "prepare_data/meta/partseg_colors.txt": palette,
            "assets/scannet_test_1500/test.txt": pairs,
            "requirements.txt": "torch==2.1.0\n",
        },
    )
    (tmp_path / "assets/megadepth_test_1500_scene_info").mkdir(parents=True)
    (tmp_path / "assets/megadepth_test_1500_scene_info/0015.npz").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "data/train_pairs.npz").parent.mkdir()
    (tmp_path / "data/train_pairs.npz").write_bytes(bytes(range(256)) * 20)
    commit_all(tmp_path)
    from experiment_tracking.rubric import committed_data

    # the palette is not data; the test pairs are, as evaluation data
    committed = committed_data(run_audit(tmp_path).ctx)
    assert [f.path for f in committed] == [
        "assets/megadepth_test_1500_scene_info/0015.npz",
        "data/train_pairs.npz",
    ]
    from experiment_tracking.rubric import data_kind

    assert data_kind([f for f in committed if "test" in f.path]) == "the evaluation data"


def test_pretrained_models_listed_below_a_download_link_or_shipped_in_a_folder(tmp_path):
    from experiment_tracking.scoring import released_weights

    listed = (
        "# Matcher\n\n## Reproduce the testing results\n\n"
        "We provide the [download link](https://drive.google.com/drive/folders/abc?usp=sharing) to\n"
        "  - the scannet-1500-testset (~1GB).\n  - the megadepth-1500-testset (~600MB).\n"
        "  - 4 pretrained models of indoor-ds, indoor-ot, outdoor-ds and outdoor-ot (each ~45MB).\n"
    )
    write_repo(tmp_path / "a", {"train.py": TRAIN, "README.md": listed, "requirements.txt": "torch\n"})
    found = released_weights(run_audit(tmp_path / "a").ctx)
    assert found is not None and found.line == 5
    shipped = "# Enhancer\n\n* `models` contains pretrained weights for usage in the Python package\n"
    write_repo(tmp_path / "b", {"train.py": TRAIN, "README.md": shipped, "requirements.txt": "torch\n"})
    (tmp_path / "b/models").mkdir()
    (tmp_path / "b/models/Enhancer2.zip").write_bytes(b"PK" + bytes(200))
    found = released_weights(run_audit(tmp_path / "b").ctx)
    assert found is not None and found.line == 3 and "models/" in found.detail


ESTIMATOR = """
import json
from pathlib import Path

import torch


class TabModel:
    def __init__(self, n_d=8, seed=0):
        self.n_d, self.seed = n_d, seed
        self.network = torch.nn.Linear(n_d, 2)

    def get_params(self):
        return {"n_d": self.n_d, "seed": self.seed}

    def fit(self, X, y, max_epochs=10):
        opt = torch.optim.Adam(self.network.parameters())
        for _ in range(max_epochs):
            loss = self.network(X).sum()
            loss.backward()
            opt.step()

    def save_model(self, path):
        saved_params, init_params = {}, {}
        for key, val in self.get_params().items():
            init_params[key] = val
        saved_params["init_params"] = init_params
        Path(path).mkdir(parents=True, exist_ok=True)
        with open(Path(path).joinpath("model_params.json"), "w") as f:
            json.dump(saved_params, f)
        torch.save(self.network.state_dict(), Path(path).joinpath("network.pt"))
"""


def test_estimator_library_saving_its_get_params_beside_the_weights(tmp_path):
    # pytorch-tabnet: a namespace package (no __init__.py) the README installs; save_model writes the
    # estimator's constructor settings (get_params()) to model_params.json: part of a run's settings
    write_repo(
        tmp_path,
        {
            "pyproject.toml": '[tool.poetry]\nname = "pytorch_tabmodel"\nversion = "1.0.0"\n',
            "README.md": "# TabModel\n\n```\npip install pytorch-tabmodel\n```\n",
            "pytorch_tabmodel/tab_model.py": ESTIMATOR,
            "census_example.py": "from pytorch_tabmodel.tab_model import TabModel\n\nclf = TabModel()\nclf.fit(X, y)\nclf.save_model('./model_1')\n",
        },
    )
    from experiment_tracking.rules.facts import library

    result = run_audit(tmp_path)
    assert library(result.ctx) is not None
    parts = [p for p in result.ctx.records.config if p.evidence.path == "pytorch_tabmodel/tab_model.py"]
    assert parts and not parts[0].whole
    assert not [p for p in result.ctx.records.checkpoints if p.target.endswith("model_params.json")]


FLIST = """
import argparse
import os
import random

parser = argparse.ArgumentParser()
parser.add_argument("--train_list", type=str, default="./filelists/train.txt")
parser.add_argument("--val_list", type=str, default="./filelists/val.txt")
parser.add_argument("--source_dir", type=str, default="./dataset/44k")
args = parser.parse_args()
wavs = sorted(os.listdir(args.source_dir))
random.shuffle(wavs)
train = wavs[2:]
val = wavs[:2]
with open(args.train_list, "w") as f:
    for w in train:
        f.write(w + "\\n")
with open(args.val_list, "w") as f:
    for w in val:
        f.write(w + "\\n")
"""


def test_split_lists_the_preparation_rewrites_unseeded_do_not_pin_the_split(tmp_path):
    # so-vits-svc: filelists/{train,val,test}.txt committed, rewritten by an unseeded shuffle
    lists = {
        f"filelists/{n}.txt": "".join(f"./dataset/44k/spk/{i:06d}.wav\n" for i in range(12))
        for n in ("train", "val", "test")
    }
    write_repo(
        tmp_path,
        {
            "train.py": TRAIN,
            "preprocess_flist_config.py": FLIST,
            "requirements.txt": "torch==2.1.0\n",
            **lists,
        },
    )
    commit_all(tmp_path)
    result = run_audit(tmp_path)
    assert result.ctx.taxonomy.split_files  # the files are there ...
    level = dimension(result, "data_versioning")
    assert not any("split files are committed" in r for r in level.reasons)  # ... but pin nothing


YACS_TRAIN = """
import argparse

import pytorch_lightning as pl
from pytorch_lightning.loggers import TensorBoardLogger

from src.config.default import get_cfg_defaults
from src.lightning.model import PLModel


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data_cfg_path")
    parser.add_argument("--exp_name", default="default_exp_name")
    args = parser.parse_args()
    config = get_cfg_defaults()
    config.merge_from_file(args.data_cfg_path)
    pl.seed_everything(config.TRAINER.SEED)
    logger = TensorBoardLogger(save_dir="logs/tb_logs", name=args.exp_name)
    trainer = pl.Trainer(logger=logger)
    trainer.fit(PLModel(config))


if __name__ == "__main__":
    main()
"""


def test_seed_fix_reads_the_seed_from_the_config_the_module_binds(tmp_path):
    # LoFTR: config = get_cfg_defaults(); pl.seed_everything(config.TRAINER.SEED); args has no SEED
    write_repo(
        tmp_path,
        {
            "train.py": YACS_TRAIN,
            "src/__init__.py": "",
            "src/config/__init__.py": "",
            "src/config/default.py": "from yacs.config import CfgNode as CN\n\n_C = CN()\n_C.TRAINER = CN()\n_C.TRAINER.SEED = 66\n\n\ndef get_cfg_defaults():\n    return _C.clone()\n",
            "src/lightning/__init__.py": "",
            "src/lightning/model.py": "import pytorch_lightning as pl\n\n\nclass PLModel(pl.LightningModule):\n    def training_step(self, batch, i):\n        loss = self(batch)\n        self.log('train/loss', loss)\n        return loss\n",
            "requirements.txt": "pytorch-lightning==1.3.5\nyacs==0.1.8\n",
        },
    )
    snippets = " ".join(r.get("snippet") or "" for r in run_audit(tmp_path).recommendations)
    assert "'seed': config.TRAINER.SEED" in snippets and "args.SEED" not in snippets


def test_params_fix_of_a_script_without_a_command_line_names_no_args(tmp_path):
    # a notebook-style script: url and paths at the top, no parser; `args` would not exist there
    script = (
        "import torch\n\nurl = 'https://example.org/adult.data'\ndataset_name = 'census-income'\n"
        "out = 'data/' + dataset_name + '.csv'\n"
        "model = torch.nn.Linear(2, 2)\nopt = torch.optim.Adam(model.parameters(), lr=1e-3)\n"
        "for step in range(10):\n    loss = model(torch.ones(2)).sum()\n    loss.backward()\n    opt.step()\n"
        "torch.save(model.state_dict(), 'model.pt')\n"
    )
    write_repo(tmp_path, {"census_example.py": script, "requirements.txt": "torch==2.1.0\n"})
    snippets = " ".join(r.get("snippet") or "" for r in run_audit(tmp_path).recommendations)
    assert "vars(args)" not in snippets and "'url': url" not in snippets


HPARAMS = """
import json


class HParams:
    def __init__(self, **kwargs):
        for k, v in kwargs.items():
            setattr(self, k, HParams(**v) if isinstance(v, dict) else v)


def get_hparams(config_path):
    with open(config_path) as f:
        return HParams(**json.load(f))


def update(x, solver_type="dpmsolver"):
    if solver_type not in ["dpmsolver", "taylor"]:
        raise ValueError(solver_type)
    return x
"""


def test_own_hparams_bag_and_a_choices_check_do_not_validate_the_config(tmp_path):
    # VITS-family HParams: setattr over whatever JSON holds; `solver_type not in [...]` checks an argument
    write_repo(
        tmp_path,
        {
            "train.py": "from utils import get_hparams\n" + TRAIN,
            "utils.py": HPARAMS,
            "requirements.txt": "torch==2.1.0\n",
        },
    )
    assert not [f for f in run_audit(tmp_path).findings if f.rule_id == "ET202" and f.status == "PASS"]


def test_metrics_in_checkpoints_beside_a_live_visdom_dashboard(tmp_path):
    main = (
        VIS_MAIN
        + '\ntorch.save({"model_state": model.state_dict(), "best_score": loss.item()}, "checkpoints/best.pth")\n'
    )
    write_repo(
        tmp_path,
        {
            "main.py": main,
            "utils/__init__.py": "",
            "utils/visualizer.py": VISUALIZER,
            "requirements.txt": "torch\nvisdom\n",
        },
    )
    et301 = finding(run_audit(tmp_path), "ET301")
    assert "no tracker" not in et301.message


def test_a_cfg_file_holding_json_is_read_as_json(tmp_path):
    from experiment_tracking.index.configs import parse_ini

    doc = parse_ini(
        "assets/dataset.cfg",
        '{\n  "train": [["VCTK_TRAIN.hdf5", 1.0]],\n  "valid": [["VCTK_VALID.hdf5", 1.0]]\n}\n',
    )
    assert not doc.error and doc.format == "json" and any(k == "train" for k, _v, _l in doc.entries)
    assert parse_ini("setup.cfg", "[metadata]\nname = x\n").format == "ini"


def test_options_naming_places_and_logging_are_not_missing_hyperparameters(tmp_path):
    # the config file is saved as loaded; beside it the command line names only folders and log switches
    train = (
        "import argparse\nimport shutil\n\nimport torch\nimport yaml\n\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--config')\nparser.add_argument('--data_dir')\nparser.add_argument('--base_dir')\n"
        "parser.add_argument('--log_level', default='INFO')\nparser.add_argument('--no_resume', action='store_true')\n"
        "args = parser.parse_args()\nconfig = yaml.safe_load(open(args.config))\n"
        "shutil.copy(args.config, args.base_dir + '/config.yaml')\n"
        "model = torch.nn.Linear(2, 2)\nopt = torch.optim.Adam(model.parameters(), lr=config['lr'])\n"
        "for step in range(10):\n    loss = model(torch.ones(2)).sum()\n    loss.backward()\n    opt.step()\n"
    )
    write_repo(tmp_path, {"train.py": train, "requirements.txt": "torch==2.1.0\npyyaml==6.0\n"})
    et211 = finding(run_audit(tmp_path), "ET211")
    assert "command-line options beside it" not in et211.message


def test_a_notebook_fetching_pretrained_weights_does_not_download_the_data(tmp_path):
    from tests.rules.repo_helpers import notebook

    nb = notebook(
        "!curl -L https://huggingface.co/org/base/resolve/main/D_0.pth -o logs/44k/D_0.pth",
        "!curl -L https://github.com/org/vocoders/releases/download/v1/nsf_hifigan_20221211.zip -o hifigan.zip",
    )
    write_repo(tmp_path, {"train.py": TRAIN, "colab.ipynb": nb, "requirements.txt": "torch==2.1.0\n"})
    level = dimension(run_audit(tmp_path), "data_versioning")
    assert not any("downloads the data" in r for r in level.reasons)


def test_lightning_ddp_launched_by_a_script_passing_the_trainers_options(tmp_path):
    train = (
        "import argparse\n\nimport pytorch_lightning as pl\nfrom pytorch_lightning.plugins import DDPPlugin\n\n"
        "parser = argparse.ArgumentParser()\nparser = pl.Trainer.add_argparse_args(parser)\nargs = parser.parse_args()\n"
        "trainer = pl.Trainer.from_argparse_args(args, plugins=DDPPlugin(find_unused_parameters=False))\n"
        "trainer.fit(model)\n"
    )
    launch = 'python -u ./train.py --gpus=8 --num_nodes=2 --accelerator="ddp" --batch_size=4\n'
    write_repo(
        tmp_path,
        {
            "train.py": train,
            "scripts/train_outdoor.sh": launch,
            "requirements.txt": "pytorch-lightning==1.3.5\n",
        },
    )
    et510 = finding(run_audit(tmp_path), "ET510")
    assert et510.status == "PASS"
