"""Trees of the fresh98 families' tests: each a small repository shaped like the family's real code."""

_PAPER_README = """# ProtoNet

Code for our paper (NeurIPS 2021, https://arxiv.org/abs/2101.00001).

## Requirements

pip install torch torchvision

## Pretraining

```
python main_pretrain.py --exp-dir runs/exp1 /data/imagenet
```

## Linear evaluation

```
python eval_linear.py --pretrained runs/exp1/checkpoint_0199.pth.tar /data/imagenet
```

## Results

| method | top-1 |
|---|---|
| ours | 67.6 |
"""

_SAVE_CHECKPOINT = """

def save_checkpoint(state, is_best, filename="checkpoint.pth.tar"):
    torch.save(state, filename)
    if is_best:
        shutil.copyfile(filename, "model_best.pth.tar")
"""

# A pretraining that prints its losses and keeps numbered checkpoints, beside a linear evaluation (the
# ImageNet example's loop) that logs its accuracy with tensorboard_logger: the typical run is the pretraining.
TRACKER_IN_LINEAR_EVAL = {
    "README.md": _PAPER_README,
    "LICENSE": "MIT License\n",
    "main_pretrain.py": """
import argparse, os, shutil
import torch
import torch.nn as nn


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--exp-dir", default="experiment")
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--lr", type=float, default=0.03)
    args = parser.parse_args()
    os.makedirs(args.exp_dir, exist_ok=True)
    model = nn.Linear(10, 10)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
    for epoch in range(args.epochs):
        loss = train(model, optimizer)
        print("epoch", epoch, "loss", loss)
        if (epoch + 1) % 5 == 0:
            save_checkpoint(
                {"epoch": epoch + 1, "state_dict": model.state_dict(), "optimizer": optimizer.state_dict()},
                is_best=False,
                filename="{}/checkpoint_{:04d}.pth.tar".format(args.exp_dir, epoch),
            )


def train(model, optimizer):
    x = torch.randn(4, 10)
    loss = model(x).pow(2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()
"""
    + _SAVE_CHECKPOINT
    + """

if __name__ == "__main__":
    main()
""",
    "eval_linear.py": """
import argparse, shutil
import torch
import torch.nn as nn
import tensorboard_logger as tb_logger


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--pretrained", default="")
    parser.add_argument("--tb-folder", default="tb_logs")
    parser.add_argument("--epochs", type=int, default=100)
    args = parser.parse_args()
    logger = tb_logger.Logger(logdir=args.tb_folder, flush_secs=2)
    model = nn.Linear(10, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=10.0)
    for epoch in range(args.epochs):
        x = torch.randn(4, 10)
        loss = nn.functional.cross_entropy(model(x), torch.zeros(4, dtype=torch.long))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        acc = validate(model)
        logger.log_value("test_acc", acc, epoch)
        save_checkpoint({"epoch": epoch + 1, "state_dict": model.state_dict()})


def validate(model):
    return float((model(torch.randn(4, 10)).argmax(1) == 0).float().mean())


def save_checkpoint(state, filename="checkpoint.pth.tar"):
    torch.save(state, filename)


if __name__ == "__main__":
    main()
""",
}


# yacs: config/default.py defines save_config, the package re-exports it, the scripts import it and never
# call it; the options go into the checkpoints only.
YACS_SAVE_CONFIG_UNCALLED = {
    "README.md": """# Proj

## Install

pip install -r requirements.txt

## Train

python train.py --cfg experiments/base.yaml --output_dir runs/a
""",
    "requirements.txt": "torch==1.8.0\nyacs==0.1.8\npyyaml==5.4\n",
    "experiments/base.yaml": "MODEL:\n  DEPTH: 12\nTRAIN:\n  LR: 0.1\n",
    "config/__init__.py": "from .default import _C as config\nfrom .default import update_config\nfrom .default import save_config\n",
    "config/default.py": """
import os.path as op
import yaml
from yacs.config import CfgNode as CN

_C = CN()
_C.MODEL = CN()
_C.MODEL.DEPTH = 12
_C.TRAIN = CN()
_C.TRAIN.LR = 0.1


def update_config(config, args):
    config.defrost()
    config.merge_from_file(args.cfg)
    config.freeze()


def save_config(cfg, path):
    with open(path, "w") as f:
        f.write(cfg.dump())
""",
    "train.py": """
import argparse, json, os
import torch
from config import config, update_config, save_config


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cfg", required=True)
    parser.add_argument("--output_dir", default=".")
    parser.add_argument("--epochs", type=int, default=100)
    args = parser.parse_args()
    update_config(config, args)
    model = torch.nn.Linear(config.MODEL.DEPTH, 2)
    opt = torch.optim.SGD(model.parameters(), lr=config.TRAIN.LR)
    for epoch in range(args.epochs):
        loss = model(torch.randn(2, config.MODEL.DEPTH)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        with open(os.path.join(args.output_dir, "log.txt"), "a") as f:
            f.write(json.dumps({"epoch": epoch, "loss": loss.item()}) + "\\n")
        torch.save({"model": model.state_dict(), "args": args}, os.path.join(args.output_dir, "checkpoint.pth"))


if __name__ == "__main__":
    main()
""",
}


_TRAIN_LOOP = """
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for step in range(100):
        loss = model(torch.randn(2, 4)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
"""

# The results' hardware named as the NVIDIA system they ran on.
DGX_HARDWARE = {
    "README.md": """# Proj

To pre-train for 800 epochs on one DGX-2 server, run:

```
python train.py
```

## Results

| model | top-1 |
|---|---|
| base | 84.0 |
""",
    "LICENSE": "MIT\n",
    "train.py": "import torch\n\n\ndef main():"
    + _TRAIN_LOOP
    + "\n\nif __name__ == '__main__':\n    main()\n",
}


# Python 3.6 training code (f-strings) with one stray Python 2 call in a dataset helper.
FSTRINGS_AND_ONE_ITERITEMS = {
    "README.md": "# Proj\n\npython train.py\n",
    "requirements.txt": "torch==1.8.0\nnumpy==1.19.3\n",
    "datasets/zipdata.py": """
class ZipData:
    def __init__(self, mapping):
        self.mapping = mapping

    def names(self):
        return [k for k, v in self.mapping.iteritems()]
""",
    "train.py": """
import torch
from datasets.zipdata import ZipData


def main():
    data = ZipData({"a": 1})
    print(f"data: {data.names()}")
"""
    + _TRAIN_LOOP
    + """
        print(f"step {step} loss {loss.item():.3f}")


if __name__ == "__main__":
    main()
""",
}


# `.cuda(async=True)`: code that parses only up to Python 3.6, beside a torch pin whose wheels go to 3.7.
ASYNC_AS_NAME = {
    "README.md": "# Proj\n\npip install -r requirements.txt\n\npython train.py\n",
    "requirements.txt": "torch==1.2.0\ntorchvision==0.4.0\n",
    "evaluate.py": """
import torch


def evaluate(model, loader):
    for x, y in loader:
        x = x.cuda(async=True)
        y = y.cuda(async=True)
        model(x)
""",
    "train.py": """
import torch
from evaluate import evaluate


def main():
"""
    + _TRAIN_LOOP
    + """

if __name__ == "__main__":
    main()
""",
}


# A training script written to be dropped into another repository: its helpers (logging, saving, config,
# models, solver) come from there and are not in this tree.
OVERLAY_SCRIPT = {
    "README.md": """# AlphaThing

Our implementation is based on BaseNAS. Please first download the BaseNAS repo and put train_alpha.py in it.

```
python train_alpha.py --config-file configs/train.yml
```
""",
    "LICENSE": "CC-BY-NC\n",
    "configs/train.yml": "exp_name: alpha\nmodels_save_dir: ./saved_models\nseed: 0\nepochs: 360\nresume: false\n",
    "train_alpha.py": """
import argparse, os, random
import torch
from utils.config import setup
import utils.saver as saver
import utils.logging as logging
from solver import build_optimizer
import models

parser = argparse.ArgumentParser()
parser.add_argument("--config-file", default=None, type=str)
logger = logging.get_logger(__name__)


def main():
    run_args = parser.parse_args()
    args = setup(run_args.config_file)
    args.models_save_dir = os.path.join(args.models_save_dir, args.exp_name)
    os.makedirs(args.models_save_dir, exist_ok=True)
    saver.copy_file(run_args.config_file, "{}/{}".format(args.models_save_dir, os.path.basename(run_args.config_file)))
    logging.setup_logging(os.path.join(args.models_save_dir, "stdout.log"), "w")
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    model = models.model_factory.create_model(args)
    optimizer = build_optimizer(args, model)
    if args.resume:
        saver.load_checkpoints(args, model, optimizer, logger)
    for epoch in range(args.epochs):
        loss = model(torch.randn(2, 4)).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        logger.info("epoch %d loss %.3f", epoch, loss.item())
        saver.save_checkpoint(os.path.join(args.models_save_dir, "alpha.pth.tar"), model=model, optimizer=optimizer)


if __name__ == "__main__":
    main()
""",
}


# An OpenMMLab 2.x-era tools/train.py: the config's text and collect_env() into a log named by the run's
# start time, the runner started through the project's train_detector.
_MMDET_TRAIN = """
import argparse, os.path as osp, time
import mmcv
from mmcv import Config
from mmdet.apis import set_random_seed, train_detector
from mmdet.models import build_detector
from mmdet.datasets import build_dataset
from mmdet.utils import collect_env, get_root_logger


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("config")
    parser.add_argument("--work-dir")
    parser.add_argument("--seed", type=int, default=None)
    return parser.parse_args()


def main():
    args = parse_args()
    cfg = Config.fromfile(args.config)
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    else:
        cfg.work_dir = osp.join("./work_dirs", osp.splitext(osp.basename(args.config))[0])
    mmcv.mkdir_or_exist(osp.abspath(cfg.work_dir))
    cfg.dump(osp.join(cfg.work_dir, osp.basename(args.config)))
    timestamp = time.strftime("%Y%m%d_%H%M%S", time.localtime())
    log_file = osp.join(cfg.work_dir, f"{timestamp}.log")
    logger = get_root_logger(log_file=log_file, log_level=cfg.log_level)
    meta = dict()
    env_info_dict = collect_env()
    env_info = "\\n".join([f"{k}: {v}" for k, v in env_info_dict.items()])
    logger.info("Environment info:\\n" + env_info)
    meta["env_info"] = env_info
    logger.info(f"Config:\\n{cfg.pretty_text}")
    if args.seed is not None:
        set_random_seed(args.seed)
    model = build_detector(cfg.model)
    datasets = [build_dataset(cfg.data.train)]
    train_detector(model, datasets, cfg, distributed=False, validate=True, timestamp=timestamp, meta=meta)


if __name__ == "__main__":
    main()
"""

MMDET_TRAIN_SCRIPT = {
    "README.md": """# Det

## Install

pip install -r requirements.txt

## Train

```
python tools/train.py configs/mask_rcnn_r50.py
```

## Results

| model | box AP |
|---|---|
| r50 | 41.0 |
""",
    "requirements.txt": "torch==1.8.0\nmmcv-full==1.3.8\nmmdet==2.14.0\n",
    "configs/mask_rcnn_r50.py": "_base_ = ['./base.py']\nmodel = dict(type='MaskRCNN')\nlog_level = 'INFO'\n",
    "configs/base.py": "data = dict(train=dict(type='CocoDataset'))\ncheckpoint_config = dict(interval=1)\n",
    "tools/train.py": _MMDET_TRAIN,
}


# detectron2: the trainer's evaluator writes the predictions of every evaluation into the output folder.
DETECTRON2_EVALUATOR = {
    "README.md": "# Seg\n\npip install -r requirements.txt\n\npython train_net.py --config-file configs/a.yaml\n",
    "requirements.txt": "torch==1.8.0\n",
    "configs/a.yaml": "MODEL:\n  META_ARCHITECTURE: SOLOv2\nOUTPUT_DIR: output/a\n",
    "train_net.py": """
import os
from detectron2.config import get_cfg
from detectron2.engine import DefaultTrainer, default_argument_parser, default_setup, launch
from detectron2.evaluation import COCOEvaluator


class Trainer(DefaultTrainer):
    @classmethod
    def build_evaluator(cls, cfg, dataset_name, output_folder=None):
        if output_folder is None:
            output_folder = os.path.join(cfg.OUTPUT_DIR, "inference")
        return COCOEvaluator(dataset_name, cfg, True, output_folder)


def main(args):
    cfg = get_cfg()
    cfg.merge_from_file(args.config_file)
    cfg.freeze()
    default_setup(cfg, args)
    trainer = Trainer(cfg)
    trainer.resume_or_load(resume=args.resume)
    return trainer.train()


if __name__ == "__main__":
    args = default_argument_parser().parse_args()
    launch(main, args.num_gpus, args=(args,))
""",
}


# A paper's release with a LICENSE and a CODEOWNERS file holding only comments.
COMMENTED_CODEOWNERS = {
    "README.md": _PAPER_README,
    "LICENSE": "MIT License\n",
    "CODEOWNERS": "# Comment line immediately above ownership line is reserved for related information.\n#ECCN:Open Source\n",
    "main_pretrain.py": TRACKER_IN_LINEAR_EVAL["main_pretrain.py"],
}


def _html_zoo(rows: int) -> str:
    cells = "".join(
        f"  <tr>\n    <td>model-{i}</td>\n    <td>{20 + i}M</td>\n    <td>{70 + i / 10:.1f}</td>\n"
        f"    <td><a href='https://example.org/m{i}.pth'>ckpt</a></td>\n  </tr>\n"
        for i in range(rows)
    )
    return (
        "<table>\n  <tr>\n    <th>arch</th>\n    <th>params</th>\n    <th>top-1</th>\n    <th>download</th>\n  </tr>\n"
        + cells
        + "</table>\n"
    )


# A README made long by HTML tables of checkpoints: 60 lines of prose, no set-up section.
README_OF_TABLES = {
    "README.md": "# EsThing\n\nSelf-supervised vision transformers.\n\n## Pretrained models\n\n"
    + _html_zoo(60)
    + "\n## Training\n\n```\npython main.py --arch swin_tiny --data_path /data/imagenet --output_dir runs/a\n```\n\n"
    + "".join(
        f"## Section {i}\n\nSome text about setting {i} of the method, described here.\n\n" for i in range(12)
    )
    + "## Results\n\nLinear top-1 accuracy reaches 81.3%.\n",
    "LICENSE": "MIT\n",
    "main.py": "import torch\n\n\ndef main():" + _TRAIN_LOOP + "\n\nif __name__ == '__main__':\n    main()\n",
}


def _task_readme(task: str) -> str:
    return (
        f"# {task}\n\n## Usage\n\nInstall mmcv and the requirements.\n\n## Data preparation\n\nSee below.\n\n"
        + "".join(f"- step {i} of preparing the {task} data\n" for i in range(8))
        + f"\n## Train\n\n```\nbash dist_train.sh configs/{task}.py 8\n```\n\n## Results\n\n| model | score |\n|---|---|\n| b0 | 40.1 |\n"
    )


# A backbone's release: one README per downstream task folder (classification/, detection/, segmentation/),
# each read with the root README, not three documentation pages.
TASK_FOLDER_READMES = {
    "README.md": "# PVThing\n\nThis repository contains the code of our backbone.\n\n"
    "- [classification](classification/README.md)\n- [detection](detection/README.md)\n"
    "- [segmentation](segmentation/README.md)\n\n## Install\n\npip install torch==1.8.0 timm==0.3.2\n\n"
    "## Results\n\n| model | top-1 |\n|---|---|\n| b0 | 70.5 |\n",
    "LICENSE": "Apache-2.0\n",
    "classification/README.md": _task_readme("classification"),
    "detection/README.md": _task_readme("detection"),
    "segmentation/README.md": _task_readme("segmentation"),
    "classification/main.py": "import torch\n\n\ndef main():"
    + _TRAIN_LOOP
    + "\n\nif __name__ == '__main__':\n    main()\n",
}


# DINO's resume: restart_from_checkpoint handed the very path the script saves to; beside it, a model whose
# init_weights loads pretrained weights when the file exists (a warm start, no resume).
RESTART_FROM_OWN_CHECKPOINT = {
    "README.md": "# SSL\n\npip install -r requirements.txt\n\npython main.py --output_dir runs/a\n",
    "requirements.txt": "torch==1.8.0\n",
    "utils.py": """
import os
import torch


def restart_from_checkpoint(ckp_path, run_variables=None, **kwargs):
    if not os.path.isfile(ckp_path):
        return
    checkpoint = torch.load(ckp_path, map_location="cpu")
    for key, value in kwargs.items():
        if key in checkpoint and value is not None:
            value.load_state_dict(checkpoint[key])
    if run_variables is not None:
        for var_name in run_variables:
            if var_name in checkpoint:
                run_variables[var_name] = checkpoint[var_name]


def save_on_master(*args, **kwargs):
    torch.save(*args, **kwargs)
""",
    "models/net.py": """
import os
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(x)

    def init_weights(self, pretrained=""):
        if os.path.isfile(pretrained):
            self.load_state_dict(torch.load(pretrained, map_location="cpu"))
""",
    "main.py": """
import argparse, os
import torch
import utils
from models.net import Net


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--output_dir", default=".")
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--pretrained", default="")
    args = parser.parse_args()
    model = Net()
    model.init_weights(args.pretrained)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    to_restore = {"epoch": 0}
    utils.restart_from_checkpoint(
        os.path.join(args.output_dir, "checkpoint.pth"), run_variables=to_restore, model=model, optimizer=optimizer
    )
    for epoch in range(to_restore["epoch"], args.epochs):
        loss = model(torch.randn(2, 4)).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        save_dict = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch + 1}
        utils.save_on_master(save_dict, os.path.join(args.output_dir, "checkpoint.pth"))


if __name__ == "__main__":
    main()
""",
}


# The README offers another project's pretrained backbone to start from (convert it, put it under a folder),
# and, further down, the project's own trained model on a host no pattern names.
OTHERS_BACKBONE_AND_OWN_MODEL = {
    "README.md": """# FreeThing

## Installation

pip install -r requirements.txt

### Pre-trained model

Download the [DenseNet](https://github.com/other/DenseNet) pre-trained model from [here](https://cloud.example.org/s/abc/download). Convert it to our format and put the converted model under "training_dir/pre-trained" directory.

### Training

```
bash train.sh
```

### Testing

Download the trained model from [here](https://cloud.example.org/s/xyz/download).

```
bash test.sh {MODEL_PATH}
```

## Results

| model | AP |
|---|---|
| ours | 12.2 |
""",
    "LICENSE": "MIT\n",
    "train.sh": "python train.py --out runs/a\n",
    "train.py": "import torch\n\n\ndef main():"
    + _TRAIN_LOOP
    + "    torch.save(model.state_dict(), 'model_final.pth')\n\n\nif __name__ == '__main__':\n    main()\n",
}


# HRNet's layout: tools/_init_paths.py puts lib/ on sys.path, and tools/train.py imports config, models and
# utils from there: the project's own modules, in the tree.
SYS_PATH_LIB = {
    "README.md": "# Seg\n\npip install -r requirements.txt\n\npython tools/train.py --cfg experiments/a.yaml\n",
    "requirements.txt": "torch==1.8.0\nyacs==0.1.8\n",
    "experiments/a.yaml": "TRAIN:\n  LR: 0.01\n",
    "tools/_init_paths.py": """
import os.path as osp
import sys

lib_path = osp.join(osp.dirname(__file__), "..", "lib")
if lib_path not in sys.path:
    sys.path.insert(0, lib_path)
""",
    "lib/config/__init__.py": "from .default import _C as config\nfrom .default import update_config\n",
    "lib/config/default.py": """
from yacs.config import CfgNode as CN

_C = CN()
_C.TRAIN = CN()
_C.TRAIN.LR = 0.01


def update_config(cfg, args):
    cfg.defrost()
    cfg.merge_from_file(args.cfg)
    cfg.freeze()
""",
    "lib/models/__init__.py": "from .net import Net\n",
    "lib/models/net.py": "import torch.nn as nn\n\n\nclass Net(nn.Linear):\n    pass\n",
    "lib/utils/__init__.py": "",
    "lib/utils/utils.py": """
import logging, os, time


def create_logger(cfg, out_dir):
    log_file = os.path.join(out_dir, "{}.log".format(time.strftime("%Y-%m-%d-%H-%M")))
    logging.basicConfig(filename=log_file)
    return logging.getLogger()
""",
    "tools/train.py": """
import argparse
import torch
import _init_paths
import models
from config import config, update_config
from utils.utils import create_logger


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cfg", required=True)
    args = parser.parse_args()
    update_config(config, args)
    logger = create_logger(config, "output")
    logger.info(config)
    model = models.Net(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=config.TRAIN.LR)
    for step in range(10):
        loss = model(torch.randn(2, 4)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()


if __name__ == "__main__":
    main()
""",
}
