"""Families of real code the fresh64 round (repositories never seen before its first audit) showed the
auditor reading wrong, each with a synthetic case of our own."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import commit_all, detections_by_tool, dimension, finding, notebook, write_repo

DORA_TRAIN = """
import torch
from dora import hydra_main

from sep import distrib
from sep.solver import Solver


@hydra_main(config_path="../conf", config_name="config")
def main(args):
    distrib.init()
    model = distrib.wrap(torch.nn.Linear(4, 4))
    Solver(model, args).train()


if __name__ == "__main__":
    main()
"""

DORA_SOLVER = """
import torch
from dora import get_xp


class Solver:
    def __init__(self, model, args):
        xp = get_xp()
        self.model, self.args = model, args
        self.link = xp.link
        self.checkpoint_file = xp.folder / "checkpoint.th"
        self.opt = torch.optim.Adam(model.parameters(), lr=args.lr)

    def train(self):
        for epoch in range(self.args.epochs):
            loss = self.model(torch.zeros(2, 4)).sum()
            loss.backward()
            self.opt.step()
            self.link.push_metrics({"train": {"loss": loss.item()}})
            torch.save({"state": self.model.state_dict(), "args": self.args}, self.checkpoint_file)
"""

DORA_DISTRIB = """
import torch
from torch.nn.parallel import DistributedDataParallel
from dora import distrib as dora_distrib

world_size = 1


def init():
    global world_size
    if not torch.distributed.is_initialized():
        dora_distrib.init()
    world_size = dora_distrib.world_size()


def wrap(model):
    if world_size == 1:
        return model
    return DistributedDataParallel(model, device_ids=[torch.cuda.current_device()])
"""

DORA_CONF = """
lr: 0.001
epochs: 10
seed: 42
dora:
  dir: outputs
"""


def test_dora_experiments_are_tracked_runs_with_their_config_metrics_and_ddp(tmp_path):
    # Dora runs each experiment in a folder named by its config's signature: the Hydra config, the
    # per-epoch metrics pushed to the link (history.json) and the checkpoint are kept per run; its
    # distrib.init joins the process group the launcher set up, so the DDP wrap is a path runs take
    files = {
        "sep/__init__.py": "",
        "sep/train.py": DORA_TRAIN,
        "sep/solver.py": DORA_SOLVER,
        "sep/distrib.py": DORA_DISTRIB,
        "conf/config.yaml": DORA_CONF,
        "requirements.txt": "dora-search>=0.1.12\nhydra-core>=1.1\ntorch\n",
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    tools = detections_by_tool(result)
    assert tools["dora"].present and tools["dora"].scope == "core", tools.get("dora")
    assert tools["ddp"].present, tools.get("ddp")
    assert finding(result, "ET110").status == "PASS"
    assert finding(result, "ET210").status == "PASS", finding(result, "ET210").message
    assert finding(result, "ET301").status == "PASS", finding(result, "ET301").message
    assert dimension(result, "parameter_logging").score >= 4
    assert dimension(result, "result_persistence").score >= 4, dimension(result, "result_persistence").reasons


def test_a_dora_log_helper_alone_tracks_nothing(tmp_path):
    files = {
        "train.py": "import torch\nfrom dora.log import fatal\n\n\ndef main():\n    fatal('no data')\n",
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    assert "dora" not in {t for t, d in detections_by_tool(result).items() if d.present}


OWN_LIGHTNING_MAIN = """
import sys

import pytorch_lightning as pl

sys.path.append("./upstream")
from ldm.model import Net


def main():
    logger = pl.loggers.WandbLogger(project="edit")
    pl.Trainer(logger=logger, max_epochs=3).fit(Net())


if __name__ == "__main__":
    main()
"""

UPSTREAM_MAIN = """
import pytorch_lightning as pl

from ldm.model import Net


def main():
    logger = pl.loggers.TestTubeLogger(save_dir="logs", name="ldm")
    pl.Trainer(logger=logger).fit(Net())


if __name__ == "__main__":
    main()
"""

UPSTREAM_NET = """
import pytorch_lightning as pl
import torch


class Net(pl.LightningModule):
    def __init__(self):
        super().__init__()
        self.layer = torch.nn.Linear(2, 2)

    def training_step(self, batch, i):
        return self.layer(batch).sum()
"""


def test_a_copied_projects_own_trainer_logger_is_not_the_projects_tracker(tmp_path):
    # upstream/ is another project copied whole (its licence, README and conda environment): its main.py
    # with a TestTube logger is not what this project runs, whose main.py logs to W&B
    files = {
        "main.py": OWN_LIGHTNING_MAIN,
        "README.md": "# Edit\n\n```bash\npython main.py\n```\n",
        "upstream/LICENSE": "MIT License\n",
        "upstream/README.md": "# Upstream\n\n```bash\npython main.py --base configs/ldm.yaml\n```\n",
        "upstream/environment.yaml": "name: ldm\ndependencies:\n  - python=3.8.5\n",
        "upstream/main.py": UPSTREAM_MAIN,
        "upstream/ldm/__init__.py": "",
        "upstream/ldm/model.py": UPSTREAM_NET,
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    tools = detections_by_tool(result)
    assert tools["wandb"].present
    assert not tools["tensorboard"].present, tools["tensorboard"]


def test_tracked_notebooks_missing_from_the_working_tree_are_named_and_not_passed(tmp_path):
    # a partial checkout: the commit holds notebooks the working tree lacks; the audit cannot say whether
    # they were committed with outputs, and says which files it did not read
    files = {
        "edit.ipynb": notebook("import torch\nx = torch.zeros(2)"),
        "demo_stable.ipynb": notebook("import torch\ny = torch.ones(2)"),
        "utils.py": "import torch\n\n\ndef run(x):\n    return torch.relu(x)\n",
    }
    root = write_repo(tmp_path, files)
    commit_all(root)
    (root / "demo_stable.ipynb").unlink()
    result = run_audit(root, jobs=1)
    f = finding(result, "ET603")
    assert f.status == "REVIEW" and "demo_stable.ipynb" in f.question, (f.status, f.message)
    assert [n.path for n in result.ctx.inventory.notes if n.kind == "deleted"] == ["demo_stable.ipynb"]


DRAWN_SEED_TRAIN = """
import argparse
import random

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=10)
{extra}opt = parser.parse_args()

{draw}
print("Random Seed: ", opt.manualSeed)
random.seed(opt.manualSeed)
torch.manual_seed(opt.manualSeed)

model = torch.nn.Linear(3, 1)
optimizer = torch.optim.Adam(model.parameters())
for epoch in range(opt.epochs):
    loss = model(torch.randn(4, 3)).sum()
    loss.backward()
    optimizer.step()
torch.save(model.state_dict(), "model.pth")
"""


def test_a_seed_drawn_afresh_into_the_options_is_no_repeatable_seed(tmp_path):
    # PointNet: opt.manualSeed = random.randint(1, 10000) with no option of that name; every run seeds
    # from a new number that nothing records
    files = {
        "train.py": DRAWN_SEED_TRAIN.format(extra="", draw="opt.manualSeed = random.randint(1, 10000)"),
        "README.md": "# Net\n\nIt is tested with pytorch-1.0.\n\n```bash\npython train.py\n```\n",
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    f = finding(result, "ET401")
    assert f.status == "WARN" and "drawn afresh" in f.message, f.message


def test_a_seed_drawn_only_when_its_option_is_not_given_is_not_called_drawn_afresh(tmp_path):
    # DCGAN: --manualSeed can fix the seed; the draw covers the runs that do not give it
    files = {
        "train.py": DRAWN_SEED_TRAIN.format(
            extra='parser.add_argument("--manualSeed", type=int, default=None)\n',
            draw="if opt.manualSeed is None:\n    opt.manualSeed = random.randint(1, 10000)",
        ),
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    # (fresh96) a new seed in every run that does not give the option: seeded, not the same way twice
    assert "drawn afresh in each run unless `manualSeed` is given" in finding(result, "ET401").message


def test_a_results_folder_placeholder_readme_is_no_record_of_conclusions_and_backticked_python_is_stated(
    tmp_path,
):
    files = {
        "train.py": DRAWN_SEED_TRAIN.format(extra="", draw="opt.manualSeed = 1"),
        "results/README.md": "Generated results will be placed in this folder by default.\n",
        "README.md": "# Net\n\nPrerequisites\n-------------\n- `Python 3.6`\n- ffmpeg\n\n```bash\npython train.py\n```\n",
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    assert all(
        e.path != "results/README.md" for f in result.findings if f.rule_id == "ET602" for e in f.evidence
    )
    f = finding(result, "ET411")
    assert any(e.path == "README.md" for e in f.evidence), (f.status, f.message)


BEST_FLAG_UTILS = """
import os

import torch


def save_checkpoint(state, directory, is_best, filename="checkpoint.pth"):
    torch.save(state, os.path.join(directory, filename))
    best_filename = os.path.join(directory, "model_best.pth")
    if is_best:
        torch.save(state, best_filename)
"""

BEST_FLAG_TRAIN = """
import torch

from utils import save_checkpoint


def main():
    model = torch.nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    best_pred = 0.0
    for epoch in range(10):
        loss = model(torch.randn(4, 3)).sum()
        loss.backward()
        optimizer.step()
        acc = float(model(torch.randn(4, 3)).mean())
        if acc > best_pred:
            best_pred = acc
        save_checkpoint({"state_dict": model.state_dict(), "best_pred": best_pred}, "runs", is_best=False,
                        filename=f"checkpoint_{epoch}.pth")


if __name__ == "__main__":
    main()
"""


def test_a_best_copy_every_caller_switches_off_and_a_models_monitor_attribute_select_nothing(tmp_path):
    # ResNeSt: save_checkpoint(..., is_best=False) everywhere, so model_best.pth is never written (and the
    # state dict's 'best_pred' key is no file name); a model's `monitor` setting configures no checkpointer
    files = {
        "utils.py": BEST_FLAG_UTILS,
        "train.py": BEST_FLAG_TRAIN,
        "configs/train.yaml": "model:\n  params:\n    monitor: val/loss\n    lr: 0.1\n",
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    f = finding(result, "ET310")
    assert "the best model is selected" not in f.message, (f.message, f.evidence)


WORKER_RESEED_TRAIN = """
import argparse

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, IterableDataset


def worker_init_fn(_):
    info = torch.utils.data.get_worker_info()
    if isinstance(info.dataset, IterableDataset):
        return np.random.seed(np.random.get_state()[1][0] + info.id)
    return np.random.seed(np.random.get_state()[1][0] + info.id)


class Pairs(Dataset):
    def __len__(self):
        return 8

    def __getitem__(self, i):
        return torch.from_numpy(np.random.rand(3).astype("float32"))


def loader(ds, use_worker_init_fn=False):
    if isinstance(ds, IterableDataset) or use_worker_init_fn:
        init_fn = worker_init_fn
    else:
        init_fn = None
    return DataLoader(ds, batch_size=2, num_workers=4, worker_init_fn=init_fn)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=23)
    args = parser.parse_args()
    model = torch.nn.Linear(3, 1)
    optimizer = torch.optim.Adam(model.parameters())
    for batch in loader(Pairs()):
        loss = model(batch).sum()
        loss.backward()
        optimizer.step()
    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
"""

EDIT_CLI = """
import argparse

import torch
from PIL import Image, ImageOps


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", required=True)
    args = parser.parse_args()
    model = torch.load("checkpoints/model.pt")
    image = ImageOps.fit(Image.open(args.input), (512, 512))
    torch.manual_seed(0)
    with torch.no_grad():
        out = model(torch.randn(1, 3))
    Image.fromarray(out.numpy()).save("out.png")


if __name__ == "__main__":
    main()
"""


def test_worker_reseeds_and_an_inference_clis_seed_do_not_seed_training(tmp_path):
    # instruct-pix2pix: the worker_init_fn re-seeds numpy from its own state and is handed to the loader
    # only for iterable datasets (init_fn = None otherwise); the editing CLI (PIL's ImageOps.fit crops an
    # image) is inference: training sets no seed
    files = {"main.py": WORKER_RESEED_TRAIN, "edit_cli.py": EDIT_CLI}
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    assert [e.path for e in result.ctx.taxonomy.training_entry_points] == ["main.py"]
    assert finding(result, "ET401").status == "FAIL", finding(result, "ET401").message
    assert finding(result, "ET404").status != "PASS", finding(result, "ET404").message


RESULTS_DICT_TRAINER = """
import time

import torch


class Trainer:
    def __init__(self, model, optimizer):
        self.model, self.optimizer = model, optimizer

    def run_epoch(self, loader):
        start = time.time()
        ret = {"loss": 0.0}
        for batch in loader:
            loss = self.model(batch).sum()
            loss.backward()
            self.optimizer.step()
            ret["loss"] += loss.item()
        ret["time"] = (time.time() - start) / 60.0
        return ret
"""

RESULTS_DICT_MAIN = """
import torch

from trainer import Trainer


def main():
    model = torch.nn.Linear(3, 1)
    trainer = Trainer(model, torch.optim.Adam(model.parameters()))
    with open("log.txt", "a") as log:
        for epoch in range(5):
            log_dict = trainer.run_epoch([torch.randn(4, 3)])
            for k, v in log_dict.items():
                log.write("{} {:8f} | ".format(k, v))
    torch.save(model.state_dict(), "model_last.pth")


if __name__ == "__main__":
    main()
"""


def test_a_timing_kept_in_the_epochs_results_dict_is_asked_about_not_called_discarded(tmp_path):
    # CenterNet's family (FairMOT, CenterTrack): ret['time'] goes back to the loop, which writes every item
    files = {"trainer.py": RESULTS_DICT_TRAINER, "main.py": RESULTS_DICT_MAIN}
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    f = finding(result, "ET303")
    assert f.status == "REVIEW" and "ret['time']" in f.question, (f.status, f.message)


# one training step and a saved model, the end of a training script's main()
ONE_STEP_MAIN = """    model = torch.nn.Linear(3, 1)
    optimizer = torch.optim.Adam(model.parameters())
    loss = model(torch.randn(2, 3)).sum()
    loss.backward()
    optimizer.step()
    torch.save(model.state_dict(), "model_last.pth")


if __name__ == "__main__":
    main()
"""

LIST_TRAIN = (
    """
import json

import torch


def main():
    paths = json.load(open("src/cfg/data.json"))["train"]
    for name, path in paths.items():
        with open(path) as f:
            images = [line.strip() for line in f]
"""
    + ONE_STEP_MAIN
)


def test_committed_lists_of_image_paths_are_split_files_not_the_data(tmp_path):
    # FairMOT: src/data/mot17.train and crowdhuman.all list image paths (commas in the names); the
    # images are downloaded elsewhere. The README's "COCO pretrained model" names weights, not data.
    lines = "".join(f"crowdhuman/images/train/2841{i:02d},faa9{i:03d}.jpg\n" for i in range(200))
    files = {
        "src/train.py": LIST_TRAIN,
        "src/cfg/data.json": '{"train": {"mot17": "src/data/mot17.train", "ch": "src/data/crowdhuman.all"}}\n',
        "src/data/mot17.train": "".join(
            f"MOT17/images/train/MOT17-02/img1/{i:06d}.jpg\n" for i in range(300)
        ),
        "src/data/crowdhuman.all": lines,
        "README.md": "# Tracker\n\nDLA-34 COCO pretrained model: [link](https://x.y/z).\n\n"
        "The pretrained model of yolov5s on the COCO dataset can be downloaded here.\n",
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    listed = {e.path for e in result.ctx.taxonomy.split_files}
    assert {"src/data/mot17.train", "src/data/crowdhuman.all"} <= listed, listed
    f = finding(result, "ET120")
    assert "committed in git" not in f.message and "COCO" not in f.message, f.message


TEMPLATE_DOCKERFILE = """
FROM nvidia/cuda:10.2-runtime-ubuntu18.04
RUN apt-get update && apt-get install -y wget bzip2
RUN wget https://repo.continuum.io/miniconda/Miniconda3-4.5.11-Linux-x86_64.sh -O ~/miniconda.sh
RUN ~/miniconda/bin/conda create -y --name py36 python=3.6.9
RUN conda install -y -c pytorch cudatoolkit=10.0 "pytorch=1.2.0" "torchvision=0.4.0"
RUN pip install torchnet==0.0.4
CMD ["/bin/bash"]
"""


def test_a_dockerfile_that_installs_nothing_of_the_project_is_not_its_environment(tmp_path):
    # FairMOT's build/Dockerfile: a CUDA + PyTorch 1.2 template that copies no code and installs none of
    # the requirements; the README's Python 3.8 is the project's, not the template's 3.6
    files = {
        "src/train.py": LIST_TRAIN,
        "requirements.txt": "yacs\nopencv-python\nscipy\nmotmetrics\nlap\ntensorboardX\n",
        "build/Dockerfile": TEMPLATE_DOCKERFILE,
        "README.md": "# Tracker\n\n* Install dependencies. We use python 3.8 and pytorch >= 1.7.0\n",
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    f = finding(result, "ET412")
    assert f.status == "WARN" and "builds no part" in f.message, f.message
    f = finding(result, "ET411")
    assert [e.path for e in f.evidence] == ["README.md"], f.evidence
    assert dimension(result, "environment_capture").score <= 2


DESCRIBE_LOGGER = """
import os
import subprocess

import torch


class Logger:
    def __init__(self, opt):
        os.makedirs(opt.save_dir, exist_ok=True)
        with open(os.path.join(opt.save_dir, "opt.txt"), "wt") as opt_file:
            opt_file.write("==> commit hash: {}\\n".format(
                subprocess.check_output({cmd})))
            opt_file.write("==> torch version: {}\\n".format(torch.__version__))
"""

DESCRIBE_MAIN = (
    """
import argparse

import torch

from logger import Logger


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--save_dir", default="exp")
    opt = parser.parse_args()
    Logger(opt)
"""
    + ONE_STEP_MAIN
)


def test_git_describe_in_a_repository_without_tags_records_no_commit(tmp_path):
    # CenterTrack's logger: `git describe` exits with an error where no tag exists; --always falls back
    for cmd, status in (('["git", "describe"]', "WARN"), ('["git", "describe", "--always"]', "PASS")):
        root = tmp_path / status
        write_repo(root, {"logger.py": DESCRIBE_LOGGER.replace("{cmd}", cmd), "main.py": DESCRIBE_MAIN})
        commit_all(root)
        f = finding(run_audit(root, jobs=1), "ET420")
        assert f.status == status, (cmd, f.status, f.message)


HAND_ACCURACY_TRAIN = """
import torch
import torch.nn.functional as F

classifier = torch.nn.Linear(3, 4)
optimizer = torch.optim.Adam(classifier.parameters())
for epoch in range(5):
    for i in range(10):
        points, target = torch.randn(8, 3), torch.randint(0, 4, (8,))
        classifier = classifier.train()
        pred = classifier(points)
        loss = F.cross_entropy(pred, target)
        loss.backward()
        optimizer.step()
        if i % 10 == 0:
            points, target = torch.randn(8, 3), torch.randint(0, 4, (8,))
            classifier = classifier.eval()
            pred = classifier(points)
            pred_choice = pred.data.max(1)[1]
            correct = pred_choice.eq(target.data).cpu().sum()
            print("test accuracy: %f" % (correct.item() / 8))
    torch.save(classifier.state_dict(), "cls/cls_model_%d.pth" % epoch)
"""


def test_accuracy_counted_by_hand_on_held_out_batches_is_an_evaluation_metric(tmp_path):
    # PointNet: pred_choice.eq(target).sum() after classifier.eval(), printed: computed, not recorded
    result = run_audit(write_repo(tmp_path, {"train_classification.py": HAND_ACCURACY_TRAIN}), jobs=1)
    f = finding(result, "ET302")
    assert "only printed" in f.message and f.evidence[0].line == 19, (f.message, f.evidence)


SEEDED_SIDE_TRAIN = """
import random

import numpy as np
import torch

random.seed(0)
np.random.seed(0)
torch.manual_seed(0)
model = torch.nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
loss = model(torch.randn(2, 3)).sum()
loss.backward()
opt.step()
torch.save(model.state_dict(), "side.pt")
"""

UNSEEDED_MAIN_TRAIN = SEEDED_SIDE_TRAIN.replace(
    "random.seed(0)\nnp.random.seed(0)\ntorch.manual_seed(0)\n", ""
)


def test_the_documented_training_script_unseeded_beside_a_seeded_one_is_no_pass(tmp_path):
    # ResNeSt-like: the README's training script sets no seed; two other training scripts do
    files = {
        "train_main.py": UNSEEDED_MAIN_TRAIN,
        "extras/train_side.py": SEEDED_SIDE_TRAIN.replace("torch.nn.Linear(3, 1)", "torch.nn.Linear(3, 2)"),
        "extras/train_other.py": SEEDED_SIDE_TRAIN.replace("torch.nn.Linear(3, 1)", "torch.nn.Linear(3, 5)"),
        "README.md": "# Net\n\n## How to train\n\n```bash\npython train_main.py --epochs 90\n```\n",
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    f = finding(result, "ET401")
    assert f.status == "WARN" and "train_main.py" in f.message, (f.status, f.message)


def test_a_copied_projects_data_folder_and_a_font_are_not_the_projects_committed_data(tmp_path):
    files = {
        "main.py": OWN_LIGHTNING_MAIN,
        "README.md": "# Edit\n\n```bash\npython main.py\n```\n",
        "upstream/LICENSE": "MIT License\n",
        "upstream/README.md": "# Upstream\n",
        "upstream/environment.yaml": "name: ldm\ndependencies:\n  - python=3.8.5\n",
        "upstream/main.py": UPSTREAM_MAIN,
        "upstream/ldm/__init__.py": "",
        "upstream/ldm/model.py": UPSTREAM_NET,
        "upstream/data/imagenet_clsidx_to_label.txt": "".join(f"{i}: 'class {i}',\n" for i in range(400)),
        "data/DejaVuSans.ttf": "x" * 5000,
    }
    root = write_repo(tmp_path, files)
    commit_all(root)
    result = run_audit(root, jobs=1)
    reasons = " ".join(dimension(result, "data_versioning").reasons)
    assert "committed to git" not in reasons, reasons


EDIT_NOTEBOOK_CELL = (
    'from ptp_utils import load_512\nimage = load_512(f"./example_images/cat.jpeg")\nprint(image.shape)'
)


def test_where_nothing_trains_the_committed_inputs_the_code_opens_are_its_data(tmp_path):
    # prompt-to-prompt: zero-shot editing notebooks open a committed example image (an f-string without
    # placeholders); no dataset is trained on
    files = {
        "ptp_utils.py": "import numpy as np\nfrom PIL import Image\n\n\ndef load_512(p):\n"
        "    return np.array(Image.open(p).resize((512, 512)))\n",
        "edit.ipynb": notebook(EDIT_NOTEBOOK_CELL),
        "example_images/cat.jpeg": "\xff" * 5000,
    }
    root = write_repo(tmp_path, files)
    commit_all(root)
    result = run_audit(root, jobs=1)
    f = finding(result, "ET120")
    assert f.status == "WARN" and "input data (nothing here trains)" in f.message, (f.status, f.message)
    assert dimension(result, "data_versioning").score == 2


DETECTOR = """
import torch

torch.backends.cudnn.benchmark = True


def detect(images):
    return torch.zeros(len(images), 4)
"""

PREPROCESS = """
from face_detection.api import detect

if __name__ == "__main__":
    print(detect([1, 2]))
"""

PLAIN_TRAIN = """
import torch

model = torch.nn.Linear(3, 1).cuda()
optimizer = torch.optim.Adam(model.parameters())
for step in range(10):
    loss = model(torch.randn(2, 3).cuda()).sum()
    loss.backward()
    optimizer.step()
torch.save(model.state_dict(), "ckpt.pth")
"""


def test_benchmark_mode_in_a_module_no_training_run_imports_is_not_trainings(tmp_path):
    # Wav2Lip: the vendored face detector (preprocessing, inference) turns cuDNN benchmark on; training
    # never imports it, and sets no flag of its own
    files = {
        "face_detection/__init__.py": "",
        "face_detection/api.py": DETECTOR,
        "preprocess.py": PREPROCESS,
        "train.py": PLAIN_TRAIN,
    }
    f = finding(run_audit(write_repo(tmp_path, files), jobs=1), "ET403")
    assert "enabled explicitly" not in f.message and all(
        "face_detection" not in e.path for e in f.evidence
    ), (
        f.message,
        f.evidence,
    )


def test_licence_terms_under_a_setext_heading_in_the_readme_are_declared(tmp_path):
    readme = (
        "Wav2Lip\n=======\n\nLicense and Citation\n----------\n"
        "This repository can only be used for personal/research/non-commercial purposes.\n"
    )
    files = {"train.py": PLAIN_TRAIN, "README.md": readme}
    f = finding(run_audit(write_repo(tmp_path, files), jobs=1), "ET613")
    assert any(e.detail == "licence terms in the README" for e in f.evidence), (f.status, f.message)


def test_an_access_token_in_a_links_query_is_a_committed_credential():
    # PointNet's README shows an image through a private raw.githubusercontent.com link with ?token=...
    from experiment_tracking.index.secrets import _scan_text

    text = (
        "![seg](https://raw.githubusercontent.com/fxia22/pointnet.pytorch/master/misc/show3d.png"
        "?token=AE638Oy51TL2HDCaeCF273X_-Bsy6-E2ks5Y_BUzwA%3D%3D)\n"
        "See https://example.com/docs?token=YOUR_TOKEN_HERE for the form.\n"
    )
    found = _scan_text(text, False)
    assert [line for line, _ in found] == [1], found


BEST_FLAG_SOLVER = """
from pathlib import Path

import torch
from dora.utils import write_and_rename


class Solver:
    def __init__(self, model, opt):
        self.model, self.opt = model, opt
        self.folder = Path("outputs")
        self.best_file = self.folder / "model_final.th"
        self.best_changed, self.best_state = False, None

    def _serialize(self):
        torch.save(self.model.state_dict(), self.folder / "checkpoint.th")
        if self.best_changed:
            with write_and_rename(self.best_file) as tmp:
                torch.save(self.best_state, tmp)
            self.best_changed = False

    def train(self, epochs):
        best_loss = float("inf")
        for epoch in range(epochs):
            loss = self.model(torch.randn(2, 3)).sum()
            loss.backward()
            self.opt.step()
            valid_loss = float(self.model(torch.randn(2, 3)).sum())
            best_loss = min(best_loss, valid_loss)
            if valid_loss == best_loss:
                self.best_state = {k: v.clone() for k, v in self.model.state_dict().items()}
                self.best_changed = True
            self._serialize()


if __name__ == "__main__":
    m = torch.nn.Linear(3, 1)
    Solver(m, torch.optim.Adam(m.parameters())).train(3)
"""


def test_a_best_model_saved_behind_a_flag_another_method_sets_is_selection(tmp_path):
    # Demucs: train() sets self.best_changed where the validation loss is the best; _serialize() saves
    result = run_audit(write_repo(tmp_path, {"solver.py": BEST_FLAG_SOLVER}), jobs=1)
    f = finding(result, "ET310")
    assert "the best model is selected" in f.message, (f.message, f.evidence)


def test_gitmodules_entries_without_a_gitlink_are_no_pinned_submodules(tmp_path):
    # CenterTrack's .gitmodules names DCNv2 and nuscenes-devkit, but the commit holds no gitlink for them
    files = {
        "train.py": PLAIN_TRAIN,
        ".gitmodules": '[submodule "DCNv2"]\n\tpath = lib/DCNv2\n\turl = https://github.com/x/DCNv2\n',
    }
    root = write_repo(tmp_path, files)
    commit_all(root)
    result = run_audit(root, jobs=1)
    assert result.ctx.inventory.missing_submodules == []
    reasons = " ".join(dimension(result, "code_versioning").reasons)
    assert "submodules" not in reasons.split("next,")[0], reasons


def test_the_container_fix_uses_a_devel_image_where_the_setup_compiles_cuda(tmp_path):
    # CenterTrack/FairMOT: the set-up compiles DCNv2 with ./make.sh; a -runtime image has no nvcc
    files = {
        "train.py": PLAIN_TRAIN,
        "requirements.txt": "torch==1.4.0\nnumpy\n",
        "INSTALL.md": "# Install\n\nCompile deformable convolution:\n\n```bash\ncd DCNv2\n./make.sh\n```\n",
    }
    f = finding(run_audit(write_repo(tmp_path, files), jobs=1), "ET412")
    assert "-devel" in f.recommendation and "-runtime" not in f.recommendation, f.recommendation


# --- cases an independent review of this session's changes found (each failed before its mend) ---

SEED_HELPER_TRAIN = """
import random

import numpy as np
import torch
from torch.utils.data import DataLoader


def seed(s):
    random.seed(s)
    np.random.seed(s)
    torch.manual_seed(s)


def main():
    seed(0)
    np.random.seed(torch.initial_seed() % 2**32)
    loader = DataLoader(list(range(8)), batch_size=2, num_workers=2, worker_init_fn=np.random.seed)
    model = torch.nn.Linear(1, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for batch in loader:
        loss = model(batch.float().unsqueeze(1)).sum()
        loss.backward()
        opt.step()
    torch.save(model.state_dict(), "m.pt")


if __name__ == "__main__":
    main()
"""


def test_a_project_seed_function_and_a_seed_from_initial_seed_still_seed(tmp_path):
    # worker_init_fn=np.random.seed names no project function; numpy seeded from torch's seed is seeded
    f = finding(run_audit(write_repo(tmp_path, {"train.py": SEED_HELPER_TRAIN}), jobs=1), "ET401")
    assert f.status == "PASS", f.message


def test_a_seed_option_in_another_module_or_under_dest_is_an_option(tmp_path):
    opts = 'import argparse\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--manual-seed", dest="manualSeed", type=int)\n'
    train = DRAWN_SEED_TRAIN.format(
        extra="", draw="if opt.manualSeed is None:\n    opt.manualSeed = random.randint(1, 10000)"
    ).replace("opt = parser.parse_args()", "from opts import parser\nopt = parser.parse_args()")
    result = run_audit(write_repo(tmp_path, {"opts.py": opts, "train.py": train}), jobs=1)
    assert "unless `manualSeed` is given" in finding(result, "ET401").message


def test_a_draw_that_replaces_the_seed_option_is_drawn_afresh_in_every_run(tmp_path):
    # PointNet: `opt.manualSeed = random.randint(1, 10000)` whatever --manualSeed gave
    files = {
        "train.py": DRAWN_SEED_TRAIN.format(
            extra='parser.add_argument("--manualSeed", type=int, default=None)\n',
            draw="opt.manualSeed = random.randint(1, 10000)",
        ),
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    assert "drawn afresh in every run" in finding(result, "ET401").message


def test_config_and_annotation_files_are_not_split_lists(tmp_path):
    files = {
        "train.py": PLAIN_TRAIN,
        "docker/Dockerfile.test": "FROM python:3.11\nCOPY . .\n",
        "data/train_boxes.txt": "".join(
            f"images/{i:04d}.jpg 48,240,195,371,11 8,12,352,498,14\n" for i in range(50)
        ),
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    listed = {e.path for e in result.ctx.taxonomy.split_files}
    assert "docker/Dockerfile.test" not in listed and "data/train_boxes.txt" not in listed, listed


def test_a_call_result_set_to_none_in_a_branch_keeps_its_call_name(tmp_path):
    train = (
        "import torch\nfrom torch.utils.tensorboard import SummaryWriter\n\n\n"
        "def main(log):\n    if log:\n        writer = SummaryWriter('runs')\n    else:\n        writer = None\n"
        "    writer.add_scalar('loss', 1.0, 0)\n"
    )
    result = run_audit(write_repo(tmp_path, {"train.py": train}), jobs=1)
    names = [c.name for c in result.ctx.index.modules["train.py"].calls]
    assert "torch.utils.tensorboard.SummaryWriter().add_scalar" in names, names


def test_a_lightning_cli_checkpoint_monitor_selects_the_best(tmp_path):
    config = (
        "trainer:\n  callbacks:\n    - class_path: lightning.pytorch.callbacks.ModelCheckpoint\n"
        "      init_args:\n        monitor: val_loss\n"
    )
    main = "from lightning.pytorch.cli import LightningCLI\n\nfrom model import Net\n\nLightningCLI(Net)\n"
    model = UPSTREAM_NET.replace("import pytorch_lightning as pl", "import lightning.pytorch as pl")
    files = {"main.py": main, "model.py": model, "configs/train.yaml": config}
    f = finding(run_audit(write_repo(tmp_path, files), jobs=1), "ET310")
    assert f.status == "PASS", (f.message, f.evidence)


def test_training_accuracy_after_another_functions_eval_is_not_evaluation(tmp_path):
    train = (
        "import torch\n\nmodel = torch.nn.Linear(3, 2)\n\n\ndef evaluate():\n    model.eval()\n    return 0\n\n\n"
        "def train_epoch(opt):\n    for _ in range(3):\n        pred = model(torch.randn(4, 3)).argmax(1)\n"
        "        correct = pred.eq(torch.zeros(4)).sum()\n        loss = model(torch.randn(4, 3)).sum()\n"
        "        loss.backward()\n        opt.step()\n\n\nmodel.train()\ntrain_epoch(torch.optim.SGD(model.parameters(), lr=0.1))\n"
    )
    result = run_audit(write_repo(tmp_path, {"train.py": train}), jobs=1)
    f = finding(result, "ET302")
    assert not any("eval mode" in e.detail for e in f.evidence), f.evidence


def test_git_describe_all_works_without_tags(tmp_path):
    root = tmp_path / "r"
    write_repo(
        root,
        {
            "logger.py": DESCRIBE_LOGGER.replace("{cmd}", '["git", "describe", "--all"]'),
            "main.py": DESCRIBE_MAIN,
        },
    )
    commit_all(root)
    assert finding(run_audit(root, jobs=1), "ET420").status == "PASS"


def test_a_dev_dockerfile_the_readme_runs_with_the_code_mounted_is_the_projects(tmp_path):
    files = {
        "train.py": PLAIN_TRAIN,
        "requirements.txt": "tqdm\nscipy\n",
        "Dockerfile": "FROM pytorch/pytorch:1.7.0-cuda11.0-cudnn8-runtime\nRUN apt-get update\nWORKDIR /workspace\n",
        "README.md": "# Net\n\n```bash\ndocker run -v $(pwd):/workspace t python train.py\n```\n",
    }
    f = finding(run_audit(write_repo(tmp_path, files), jobs=1), "ET412")
    assert "builds no part" not in f.message, f.message


def test_a_sample_image_is_no_data_where_the_project_names_its_datasets(tmp_path):
    # CLIP: nothing trains, the notebook opens CLIP.png, and the evaluation data is a torchvision download
    cell = 'import torchvision\nfrom PIL import Image\nimage = Image.open(f"./example_images/cat.jpeg")\nds = torchvision.datasets.CIFAR100("data", download=True)'
    files = {"demo.ipynb": notebook(cell), "example_images/cat.jpeg": "\xff" * 5000}
    root = write_repo(tmp_path, files)
    commit_all(root)
    reasons = " ".join(dimension(run_audit(root, jobs=1), "data_versioning").reasons)
    assert "committed to git" not in reasons.split("next,")[0], reasons
