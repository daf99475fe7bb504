"""Trees of the fresh97 families' tests: each a small repository shaped like the family's real code."""

LIGHTNING_FIXED_VERSION = {
    "README.md": """# Proj

Train: `python train.py --save_dir runs --save_prefix exp1`
""",
    "requirements.txt": """torch==2.1.0
pytorch-lightning==0.8.5
test-tube==0.7.5
""",
    "train.py": """
import argparse, os
import torch
import pytorch_lightning as pl
from pytorch_lightning.logging import TestTubeLogger
from pytorch_lightning.callbacks import ModelCheckpoint


class Model(pl.LightningModule):
    def __init__(self, hparams):
        super().__init__()
        self.hparams = hparams
        self.layer = torch.nn.Linear(2, 2)

    def training_step(self, batch, i):
        loss = self.layer(batch).sum()
        return {"loss": loss, "log": {"loss": loss}}

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.hparams.lr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--save_dir", default="runs")
    parser.add_argument("--save_prefix", default="exp")
    parser.add_argument("--lr", type=float, default=1e-3)
    args = parser.parse_args()
    model = Model(args)
    logger = TestTubeLogger(save_dir=args.save_dir, name=args.save_prefix, version=0)
    ckpt = ModelCheckpoint(filepath=os.path.join(args.save_dir, args.save_prefix, "checkpoints"), save_top_k=1)
    trainer = pl.Trainer(gpus=1, logger=logger, checkpoint_callback=ckpt, max_epochs=3)
    trainer.fit(model)


if __name__ == "__main__":
    main()
""",
}


# one training script per task, both logging their options through the logger the launcher tees
_TEE_TRAIN_SCRIPT = """
import argparse, logging, os
import torch
from configs import add_args, set_seed

logger = logging.getLogger(__name__)
logging.basicConfig(level=logging.INFO)


def main():
    args = add_args(argparse.ArgumentParser())
    logger.info(args)
    set_seed(args)
    model = torch.nn.Linear(2, 2)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr)
    for epoch in range(3):
        loss = model(torch.randn(4, 2)).sum()
        loss.backward()
        opt.step()
        logger.info("epoch %d loss %.4f", epoch, loss.item())
    torch.save(model.state_dict(), os.path.join(args.output_dir, "model.bin"))


if __name__ == "__main__":
    main()
"""

TEE_BY_VARIABLE = {
    "README.md": """# Proj

Train: `bash sh/run.sh gen 1e-4`
""",
    "requirements.txt": """torch==2.1.0
numpy==1.26.0
""",
    "sh/run.sh": """#!/bin/bash
TASK=$1
LR=$2
OUTPUT_DIR=saved/${TASK}/lr${LR}
mkdir -p ${OUTPUT_DIR}
LOG=${OUTPUT_DIR}/train.log
if [[ ${TASK} == 'clone' ]]; then
  RUN_FN=src/run_clone.py
else
  RUN_FN=src/run_gen.py
fi
python ${RUN_FN} --task ${TASK} --lr ${LR} --output_dir ${OUTPUT_DIR} 2>&1 | tee ${LOG}
""",
    "src/configs.py": """
import random
import numpy as np
import torch


def add_args(parser):
    parser.add_argument("--task", default="gen")
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--output_dir", default="out")
    return parser.parse_args()


def set_seed(args):
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
""",
    "src/run_gen.py": _TEE_TRAIN_SCRIPT,
    "src/run_clone.py": _TEE_TRAIN_SCRIPT,
}


SPLIT_IN_CONSTRUCTOR = {
    "README.md": """# Proj

Train: `python pretrain.py --seed 3`
""",
    "requirements.txt": """torch==2.1.0
numpy==1.26.0
""",
    "pretrain.py": """
import argparse, glob, random

import numpy as np
import torch


class TextDataset:
    @staticmethod
    def prepare(args):
        shards = glob.glob(f"{args.input_dir}/shards/*.bin")
        random.shuffle(shards)
        val_count = int(args.dev_split * len(shards))
        val_shards = shards[:val_count]
        train_shards = shards[val_count:]
        return train_shards, val_shards


class Pretrainer(torch.nn.Module):
    def __init__(self, args):
        super().__init__()
        self.args = args
        self.train_shards, self.val_shards = TextDataset.prepare(args)
        self.layer = torch.nn.Linear(2, 2)

    def fit(self):
        opt = torch.optim.SGD(self.parameters(), lr=0.1)
        for _ in range(3):
            loss = self.layer(torch.randn(4, 2)).sum()
            loss.backward()
            opt.step()
        torch.save(self.state_dict(), "model.pt")


def main(args):
    random.seed(args.seed * 10)
    np.random.seed(args.seed * 100)
    torch.manual_seed(args.seed * 1000)
    model = Pretrainer(args)
    model.fit()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--input_dir", default="data")
    parser.add_argument("--dev_split", type=float, default=0.05)
    main(parser.parse_args())
""",
}


TORCH_171 = {
    "README.md": "# Proj\n\nTrain: `python train.py`\n",
    "requirements.txt": "torch==1.7.1\ntorchvision==0.8.2\nnumpy==1.19.5\n",
    "train.py": "import torch\nmodel = torch.nn.Linear(2, 2)\ntorch.save(model.state_dict(), 'model.pt')\n",
}

GIT_TAG_AND_BRANCH = {
    "README.md": "# Proj\n\nSet up: `pip install -r requirements.txt`\n\nTrain: `python train.py`\n",
    "requirements.txt": (
        "torch==1.7.1\ntorchvision\n"
        "git+https://github.com/mapillary/inplace_abn.git@v1.0.12\n"
        "git+https://github.com/rwightman/pytorch-image-models.git\n"
        "randaugment\n"
    ),
    "train.py": "import torch\nmodel = torch.nn.Linear(2, 2)\ntorch.save(model.state_dict(), 'model.pt')\n",
}

MODEL_CARD_PDF = {
    "README.md": "# Proj\n\nWe release the checkpoints ([model card](model_card.pdf)).\n\nTrain: `python train.py`\n",
    "requirements.txt": "torch==2.1.0\n",
    "model_card.pdf": "%PDF-1.4\n%binary\n",
    "train.py": "import torch\nmodel = torch.nn.Linear(2, 2)\ntorch.save(model.state_dict(), 'model.pt')\n",
}

# A depth-estimation tool copied in with its own licence and its fully pinned conda environment; the
# training's packages are installed by hand, as docs/install.md says.
TOOL_WITH_OWN_ENVIRONMENT = {
    "README.md": "# Proj\n\nSee [install](docs/install.md). Train: `bash tools/dist_train.sh configs/a.py 8`\n",
    "docs/install.md": """
        # Installation

        ```shell
        conda create -n open-mmlab python=3.8 -y
        pip install torch==1.9.1 torchvision==0.10.1 torchaudio==0.9.1
        pip install mmcv-full==1.4.0
        pip install mmdet==2.14.0
        pip install timm
        ```
        """,
    "preprocess/stereo/LICENSE": "MIT License\n",
    "preprocess/stereo/stereo.yml": (
        "name: stereo\nchannels:\n  - pytorch\n  - defaults\ndependencies:\n  - python=3.6.9\n  - numpy=1.19.1\n  - pip:\n"
        "    - torch==1.4.0\n    - scipy==1.5.2\n    - pillow==7.2.0\n"
    ),
    "preprocess/stereo/predict.py": "import torch\nprint(torch.__version__)\n",
    "tools/train.py": """
        import argparse
        import torch

        parser = argparse.ArgumentParser()
        parser.add_argument("config")
        args = parser.parse_args()
        model = torch.nn.Linear(2, 2)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        for _ in range(3):
            loss = model(torch.randn(4, 2)).sum()
            loss.backward()
            opt.step()
        torch.save(model.state_dict(), "model.pt")
        """,
    "tools/dist_train.sh": "#!/bin/bash\npython -m torch.distributed.launch --nproc_per_node=$2 tools/train.py $1\n",
}

# OpenMMLab 1.x with the project's own copy of train_detector (apis/mmdet_train.py building mmcv's runner)
# and a leftover train_model() nothing calls; the main configs switch the CheckpointHook off.
OPENMMLAB_CUSTOM_RUNNER = {
    "README.md": "# Proj\n\nTrain: `bash tools/dist_train.sh projects/configs/main.py 8`\n",
    "requirements.txt": "mmcv-full==1.4.0\nmmdet==2.14.0\ntorch==1.9.1\n",
    "projects/configs/_base_/default_runtime.py": "checkpoint_config = dict(interval=1)\nlog_config = dict(interval=50, hooks=[dict(type='TextLoggerHook')])\n",
    "projects/configs/main.py": "_base_ = ['./_base_/default_runtime.py']\nevaluation = dict(interval=1)\ncheckpoint_config = None\n",
    "projects/configs/main_small.py": "_base_ = ['./_base_/default_runtime.py']\nevaluation = dict(interval=1)\ncheckpoint_config = None\n",
    "projects/configs/stage1.py": "_base_ = ['./_base_/default_runtime.py']\ncheckpoint_config = dict(interval=1)\n",
    "projects/plugin/__init__.py": "",
    "projects/plugin/apis/__init__.py": "from .train import custom_train_model\n",
    "projects/plugin/apis/train.py": """
        from mmdet.apis import train_detector
        from .mmdet_train import custom_train_detector


        def custom_train_model(model, dataset, cfg, distributed=False, meta=None):
            custom_train_detector(model, dataset, cfg, distributed=distributed, meta=meta)


        def train_model(model, dataset, cfg, distributed=False, meta=None):
            train_detector(model, dataset, cfg, distributed=distributed, meta=meta)
        """,
    "projects/plugin/apis/mmdet_train.py": """
        from mmcv.runner import build_runner


        def custom_train_detector(model, dataset, cfg, distributed=False, meta=None):
            runner = build_runner(cfg.runner, default_args=dict(model=model, work_dir=cfg.work_dir, meta=meta))
            runner.register_training_hooks(cfg.lr_config, cfg.optimizer_config, cfg.checkpoint_config, cfg.log_config)
            runner.run([dataset], cfg.workflow)
        """,
    "tools/train.py": """
        import argparse
        from mmcv import Config
        from projects.plugin.apis.train import custom_train_model


        def main():
            parser = argparse.ArgumentParser()
            parser.add_argument("config")
            parser.add_argument("--work-dir")
            args = parser.parse_args()
            cfg = Config.fromfile(args.config)
            cfg.work_dir = args.work_dir or "./work_dirs/main"
            custom_train_model(None, None, cfg)


        if __name__ == "__main__":
            main()
        """,
    "tools/dist_train.sh": "#!/bin/bash\npython -m torch.distributed.launch --nproc_per_node=$2 tools/train.py $1 --launcher pytorch\n",
}

MODEL_SUMMARY_TABLE = {
    "README.md": "# Proj\n\nTrain: `python train.py --out runs/a`\n",
    "requirements.txt": "torch==2.1.0\npandas==2.1.0\n",
    "train.py": """
        import argparse, os
        import pandas as pd
        import torch

        parser = argparse.ArgumentParser()
        parser.add_argument("--out", default="runs/a")
        args = parser.parse_args()
        os.makedirs(args.out, exist_ok=True)
        model = torch.nn.Linear(2, 2)
        df = pd.DataFrame([{"layer": n, "params": p.numel()} for n, p in model.named_parameters()])
        df.to_csv(os.path.join(args.out, "model_summary.csv"))
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        for _ in range(3):
            loss = model(torch.randn(4, 2)).sum()
            loss.backward()
            opt.step()
        torch.save(model.state_dict(), os.path.join(args.out, "model.pt"))
        """,
}


def _yacs_config(depth: int, size: int) -> str:
    lines = ["OUTPUT_DIR: 'OUTPUT/'", "WORKERS: 6", "PRINT_FREQ: 500", "MODEL:", "  NAME: cls_cvt", "  SPEC:"]
    lines += [f"    DEPTH: [1, 2, {depth}]", "    DIM_EMBED: [64, 192, 384]", "    NUM_HEADS: [1, 3, 6]"]
    lines += [f"    KEY_{i}: {i}" for i in range(20)]
    lines += [
        "TRAIN:",
        f"  IMAGE_SIZE: [{size}, {size}]",
        "  LR: 0.00025",
        "  OPTIMIZER: adamW",
        "  END_EPOCH: 300",
    ]
    return "\n".join(lines) + "\n"


COPIED_YACS_CONFIGS = {
    "README.md": "# Proj\n\nTrain: `python tools/train.py --cfg experiments/cvt-13-224.yaml`\n",
    "requirements.txt": "torch==2.1.0\nyacs==0.1.8\n",
    "experiments/cvt-13-224.yaml": _yacs_config(10, 224),
    "experiments/cvt-13-384.yaml": _yacs_config(10, 384),
    "experiments/cvt-21-224.yaml": _yacs_config(16, 224),
    "experiments/cvt-21-384.yaml": _yacs_config(16, 384),
    "lib/config.py": """
        from yacs.config import CfgNode as CN

        _C = CN()
        _C.OUTPUT_DIR = ""
        _C.WORKERS = 4
        _C.PRINT_FREQ = 20


        def update_config(config, args):
            config.defrost()
            config.merge_from_file(args.cfg)
            config.freeze()
        """,
    "tools/train.py": """
        import argparse
        import torch
        from lib.config import _C as config, update_config

        parser = argparse.ArgumentParser()
        parser.add_argument("--cfg")
        args = parser.parse_args()
        update_config(config, args)
        model = torch.nn.Linear(2, 2)
        torch.save(model.state_dict(), "model.pt")
        """,
}

GPU_COUNT_READ = {
    "README.md": "# Proj\n\nTrain: `bash run.sh`\n",
    "requirements.txt": "torch==2.1.0\n",
    "run.sh": "#!/bin/bash\nGPUS=`nvidia-smi -L | wc -l`\ntorchrun --nproc_per_node ${GPUS} train.py\n",
    "train.py": """
        import torch
        model = torch.nn.Linear(2, 2).cuda()
        torch.save(model.state_dict(), "model.pt")
        """,
}

UNPINNED_LIST_AND_PINNING_GUIDE = {
    "README.md": "# Proj\n\nSee [INSTALL.md](INSTALL.md). Train: `python train.py`\n",
    "INSTALL.md": """
        ## Installation

        ```bash
        conda create --name proj python=3.8 -y
        conda install pytorch==1.9.0 torchvision==0.10.0 cudatoolkit=11.1 -c pytorch -c nvidia
        pip install -r requirements.txt
        ```
        """,
    "requirements.txt": "cython\nscipy\nshapely\ntimm\nh5py\n",
    "train.py": "import torch\nmodel = torch.nn.Linear(2, 2)\ntorch.save(model.state_dict(), 'model.pt')\n",
}

# detectron2's launch() starts one process per GPU; submitit is only listed, never used
DETECTRON2_LAUNCH = {
    "README.md": "# Proj\n\nTrain: `python train_net.py --num-gpus 8 --config-file configs/a.yaml`\n",
    "requirements.txt": "cython\nscipy\nsubmitit\n",
    "configs/a.yaml": "SOLVER:\n  BASE_LR: 0.0001\n",
    "train_net.py": """
        from detectron2.config import get_cfg
        from detectron2.engine import DefaultTrainer, default_argument_parser, default_setup, launch


        def setup(args):
            cfg = get_cfg()
            cfg.merge_from_file(args.config_file)
            cfg.freeze()
            default_setup(cfg, args)
            return cfg


        def main(args):
            cfg = setup(args)
            trainer = DefaultTrainer(cfg)
            trainer.resume_or_load(resume=args.resume)
            return trainer.train()


        if __name__ == "__main__":
            args = default_argument_parser().parse_args()
            launch(main, args.num_gpus, num_machines=args.num_machines, machine_rank=args.machine_rank,
                   dist_url=args.dist_url, args=(args,))
        """,
}

# A hand-written launcher forking one child per GPU; each child (is_child) sets up its group with cuDNN off
FORKING_LAUNCHER = {
    "README.md": "# Proj\n\nTrain: `python train.py --n_gpu 4`\n",
    "requirements.txt": "torch==1.7.1\n",
    "launcher.py": """
        import os
        import torch


        def _setup_group(args):
            torch.backends.cudnn.enabled = False
            torch.distributed.init_process_group("nccl", rank=args.rank, world_size=args.world_size)
            return torch.device("cuda", args.rank)


        def initialize(args):
            args.world_size = args.n_gpu
            is_child = False
            if args.world_size > 1:
                for r in range(args.n_gpu):
                    args.rank = r
                    child = os.fork()
                    if child == 0:
                        is_child = True
                        break
            else:
                is_child = True
            if is_child:
                return _setup_group(args)
            for _ in range(args.n_gpu):
                os.waitpid(0, 0)
        """,
    "train.py": """
        import argparse
        import torch
        from launcher import initialize

        parser = argparse.ArgumentParser()
        parser.add_argument("--n_gpu", type=int, default=1)
        args = parser.parse_args()
        device = initialize(args)
        model = torch.nn.Linear(2, 2).to(device)
        torch.save(model.state_dict(), "model.pt")
        """,
}

# Each sample draws from a generator seeded by its index; the sampler shuffles in the main process
PER_SAMPLE_GENERATOR = {
    "README.md": "# Proj\n\nTrain: `python train.py`\n",
    "requirements.txt": "torch==1.13.1\nnumpy==1.24.0\n",
    "data.py": """
        import random
        import numpy as np
        import torch


        class Corpus(torch.utils.data.Dataset):
            def __len__(self):
                return 100

            def __getitem__(self, idx):
                rng = random.Random(idx)
                state = np.random.RandomState(idx)
                return torch.tensor([rng.random(), state.rand()])
        """,
    "train.py": """
        import torch
        from torch.utils.data import DataLoader, RandomSampler
        from data import Corpus

        torch.manual_seed(0)
        ds = Corpus()
        loader = DataLoader(ds, sampler=RandomSampler(ds), batch_size=4, num_workers=4)
        model = torch.nn.Linear(2, 2)
        for batch in loader:
            model(batch).sum().backward()
        torch.save(model.state_dict(), "model.pt")
        """,
}

# OpenMMLab's train.py: benchmark mode only for a config key no config sets; the seed helper made
# deterministic by an option the launch script always passes
OPENMMLAB_DETERMINISTIC_LAUNCH = {
    "README.md": "# Proj\n\nTrain: `bash tools/dist_train.sh configs/a.py 8`\n",
    "requirements.txt": "mmcv-full==1.4.0\nmmdet==2.14.0\ntorch==1.9.1\n",
    "configs/a.py": "model = dict(type='Net')\nlr = 0.01\n",
    "tools/train.py": """
        import argparse
        import torch
        from mmcv import Config
        from mmdet.apis import set_random_seed


        def main():
            parser = argparse.ArgumentParser()
            parser.add_argument("config")
            parser.add_argument("--seed", type=int, default=0)
            parser.add_argument("--deterministic", action="store_true")
            args = parser.parse_args()
            cfg = Config.fromfile(args.config)
            if cfg.get("cudnn_benchmark", False):
                torch.backends.cudnn.benchmark = True
            set_random_seed(args.seed, deterministic=args.deterministic)
            model = torch.nn.Linear(2, 2).cuda()
            torch.save(model.state_dict(), "model.pt")


        if __name__ == "__main__":
            main()
        """,
    "tools/dist_train.sh": (
        "#!/bin/bash\npython -m torch.distributed.launch --nproc_per_node=$2 tools/train.py $1 --launcher pytorch "
        "--deterministic\n"
    ),
}


# A sampling release: example.py loads released weights and writes images to a new timestamped folder
SAMPLING_RELEASE = {
    "README.md": (
        "# Proj\n\nWe release the [prior](https://example.org/weights/prior.ckpt) and "
        "[decoder](https://example.org/weights/decoder.ckpt) checkpoints.\n\n"
        "Sample: `python example.py --prompt 'a cat'`\n"
    ),
    "requirements.txt": "torch>=1.10\nomegaconf\n",
    "example.py": """
        import argparse, os
        from datetime import datetime

        import torch


        def main():
            parser = argparse.ArgumentParser()
            parser.add_argument("--prompt", default="a cat")
            parser.add_argument("--output_dir", default="outputs")
            parser.add_argument("--ckpt", default="prior.ckpt")
            args = parser.parse_args()
            model = torch.load(args.ckpt)
            out = os.path.join(args.output_dir, datetime.now().strftime("%d%m%Y_%H%M%S"))
            os.makedirs(out, exist_ok=True)
            for i in range(4):
                image = model(args.prompt)
                image.save(os.path.join(out, f"{i}.jpg"))


        if __name__ == "__main__":
            main()
        """,
}

# The training prints its accuracy and keeps nothing; MODEL_ZOO.md links the authors' weights; a committed
# shell script the data guide points to prepares the data without drawing at random
PRINTING_TRAINER_WITH_RELEASED_WEIGHTS = {
    "README.md": "# Proj\n\nSee [MODEL_ZOO.md](MODEL_ZOO.md) and [data](data_prep/instructions.md).\n\nTrain: `python train.py`\n",
    "MODEL_ZOO.md": "# Models\n\n| model | top-1 | weights |\n|---|---|---|\n| vit | 81.2 | [link](https://example.org/vit.pth) |\n",
    "data_prep/instructions.md": "# Data\n\nPreprocess with [the end-to-end script](./processing_script.sh).\n",
    "data_prep/processing_script.sh": (
        "#!/bin/bash\nfor i in train/*; do\n"
        "#    for j in `ls $i/*.JPEG | shuf | head -n 50`; do\n"
        "    for j in `ls $i/*.JPEG | head -n 50`; do # no shuf for reproducibility\n"
        "        mv $j val/\n    done\ndone\n"
    ),
    "requirements.txt": "torch==1.13.1\n",
    "train.py": """
        import urllib.request

        import torch

        url, filename = ("https://example.org/resources/class_tree.pth", "class_tree.pth")
        urllib.request.urlretrieve(url, filename)
        model = torch.nn.Linear(2, 2)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        for epoch in range(3):
            loss = model(torch.randn(4, 2)).sum()
            loss.backward()
            opt.step()
            print("epoch", epoch, "acc", 1.0 - loss.item())
        """,
}

# scripts in a sub-folder importing their sibling's seed helper by its bare name; runs tee their log
SIBLING_SEED_HELPER = {
    "README.md": "# Proj\n\nTrain: `bash code/run.sh`\n",
    "requirements.txt": "torch==2.1.0\nnumpy==1.26.0\n",
    "code/configs.py": """
        import random
        import numpy as np
        import torch


        def set_seed(args):
            random.seed(args.seed)
            np.random.seed(args.seed)
            torch.manual_seed(args.seed)
        """,
    "code/train.py": """
        import argparse
        import numpy as np
        import torch
        from configs import set_seed

        parser = argparse.ArgumentParser()
        parser.add_argument("--seed", type=int, default=1234)
        args = parser.parse_args()
        set_seed(args)
        model = torch.nn.Linear(2, 2)
        x = torch.tensor(np.random.rand(4, 2), dtype=torch.float32)
        torch.save(model.state_dict(), "model.pt")
        """,
}

# the paper's numbers "averaged from multiple runs", stated in the model zoo page
AVERAGED_FROM_MULTIPLE_RUNS = {
    "README.md": "# Proj\n\nTrain: `python train.py`. See [MODEL_ZOO.md](MODEL_ZOO.md).\n",
    "MODEL_ZOO.md": (
        "# Model zoo\n\nThe numbers in this page are for the specific checkpoints and are different from the "
        "paper, which are averaged from multiple runs.\n\n| model | AP |\n|---|---|\n| R50 | 47.4 |\n"
    ),
    "requirements.txt": "torch==2.1.0\n",
    "train.py": """
        import torch
        torch.manual_seed(0)
        model = torch.nn.Linear(2, 2)
        torch.save(model.state_dict(), "model.pt")
        """,
}

# the tokenizer's vocabulary copied beside the model; the options logged to the run's log file
VOCAB_COPIED = {
    "README.md": "# Proj\n\n## News\n\n### 12/8/2021\n- Our small model outperforms others on SQuAD v2.0.\n\n"
    "## Usage\n\nTrain: `python run.py --output_dir out/mnli --task_name mnli`\n",
    "requirements.txt": "torch==2.1.0\n",
    "run.py": """
        import argparse, logging, os, shutil

        import torch

        logger = logging.getLogger(__name__)


        def main():
            parser = argparse.ArgumentParser()
            parser.add_argument("--output_dir", default="out")
            parser.add_argument("--task_name", default="mnli")
            parser.add_argument("--vocab_path", default="spm.model")
            args = parser.parse_args()
            os.makedirs(args.output_dir, exist_ok=True)
            logging.basicConfig(filename=os.path.join(args.output_dir, f"training_{args.task_name}.log"))
            logger.info(args)
            shutil.copy(args.vocab_path, args.output_dir)
            model = torch.nn.Linear(2, 2)
            torch.save(model.state_dict(), os.path.join(args.output_dir, "model.bin"))


        if __name__ == "__main__":
            main()
        """,
}


# the main scripts log their options as a line of the run's log (through the launcher's tee); one side
# script's HF Trainer captures its arguments automatically
TEE_BESIDE_ONE_TRAINER = {
    **TEE_BY_VARIABLE,
    "plus/tune.py": """
        import argparse
        from transformers import AutoModelForSeq2SeqLM, Trainer, TrainingArguments


        def main():
            parser = argparse.ArgumentParser()
            parser.add_argument("--save_dir", default="saved_models/tune")
            args = parser.parse_args()
            model = AutoModelForSeq2SeqLM.from_pretrained("t5-small")
            training_args = TrainingArguments(output_dir=args.save_dir, report_to="tensorboard", logging_dir=args.save_dir)
            Trainer(model=model, args=training_args).train()


        if __name__ == "__main__":
            main()
        """,
}


# the project's own set_random_seed(seed, deterministic=False), handed the option of the parser its
# parse_args() builds; no launch passes --deterministic
OWN_SEED_HELPER_BEHIND_AN_OPTION = {
    "README.md": "# Proj\n\nTrain: `python tools/train.py configs/a.py`\n",
    "requirements.txt": "mmcv-full==1.3.0\ntorch==1.9.1\n",
    "configs/a.py": "model = dict(type='Net')\nlr = 0.01\n",
    "proj/__init__.py": "",
    "proj/apis/__init__.py": "from .train import set_random_seed\n",
    "proj/apis/train.py": """
        import random

        import numpy as np
        import torch


        def set_random_seed(seed, deterministic=False):
            random.seed(seed)
            np.random.seed(seed)
            torch.manual_seed(seed)
            if deterministic:
                torch.backends.cudnn.deterministic = True
                torch.backends.cudnn.benchmark = False
        """,
    "tools/train.py": """
        import argparse
        import torch
        from proj.apis import set_random_seed


        def parse_args():
            parser = argparse.ArgumentParser()
            parser.add_argument("config")
            parser.add_argument("--seed", type=int, default=0)
            parser.add_argument("--deterministic", action="store_true")
            return parser.parse_args()


        def main():
            args = parse_args()
            set_random_seed(args.seed, deterministic=args.deterministic)
            model = torch.nn.Linear(2, 2).cuda()
            torch.save(model.state_dict(), "model.pt")


        if __name__ == "__main__":
            main()
        """,
}


def _fixed_version_script(name: str) -> str:
    return LIGHTNING_FIXED_VERSION["train.py"].replace('default="exp"', f'default="{name}"')


# three scripts keep their configuration in one folder every run; a profiling harness uses Lightning's
# default numbered folder
MOSTLY_FIXED_VERSIONS = {
    **LIGHTNING_FIXED_VERSION,
    "pretrain.py": _fixed_version_script("pretrain"),
    "finetune.py": _fixed_version_script("finetune"),
    "profile_memory.py": """
import torch
import pytorch_lightning as pl


class Probe(pl.LightningModule):
    def __init__(self, hparams):
        super().__init__()
        self.hparams = hparams
        self.layer = torch.nn.Linear(2, 2)

    def training_step(self, batch, i):
        return {"loss": self.layer(batch).sum()}

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=0.001)


if __name__ == "__main__":
    model = Probe(hparams={"lr": 0.001})
    trainer = pl.Trainer(gpus=[0], max_epochs=1)
    trainer.fit(model)
""",
}
