"""Trees of the fresh96 families' tests: each a small repository shaped like the family's real code."""

from tests.test_detectron2_framework_capture import TRAIN_NET

SEED_DRAWN_BY_DEFAULT = {
    "README.md": "# Proj\n\nTrain: `python train.py --out runs/a`\n",
    "requirements.txt": "torch==2.1.0\nnumpy==1.26.0\n",
    "train.py": """
        import argparse, os, random

        import numpy as np
        import torch

        parser = argparse.ArgumentParser()
        parser.add_argument("--seed", type=int, default=-1)
        parser.add_argument("--lr", type=float, default=0.1)
        parser.add_argument("--out", default="runs/exp")
        args = parser.parse_args()
        if args.seed < 0:
            args.seed = random.randint(0, 100000)
        random.seed(args.seed)
        np.random.seed(args.seed)
        torch.manual_seed(args.seed)
        model = torch.nn.Linear(2, 2)
        opt = torch.optim.SGD(model.parameters(), lr=args.lr)
        for epoch in range(3):
            loss = model(torch.randn(4, 2)).sum()
            loss.backward()
            opt.step()
        os.makedirs(args.out, exist_ok=True)
        torch.save(model.state_dict(), os.path.join(args.out, "model.pt"))
    """,
}

DETECTRON2_SETUP = {
    "README.md": "# Det\n\nTrain: `python train_net.py --config-file configs/a.yaml`\n",
    "requirements.txt": "torch==2.1.0\n",
    "configs/a.yaml": "MODEL:\n  WEIGHTS: x.pkl\nSOLVER:\n  BASE_LR: 0.01\n",
    # detectron2's own training script, as tests/test_detectron2_framework_capture.py has it
    "train_net.py": TRAIN_NET,
}

OPENMMLAB_SAVE_BEST = {
    "README.md": "# Seg\n\nTrain: `python tools/train.py configs/seg/a.py`\n",
    "requirements.txt": "torch==1.8.0\nmmcv-full==1.3.0\n",
    "configs/_base_/schedule.py": (
        "optimizer = dict(type='SGD', lr=0.01)\n"
        "runner = dict(type='IterBasedRunner', max_iters=160000)\n"
        "checkpoint_config = dict(by_epoch=False, interval=16000)\n"
        "evaluation = dict(interval=16000, metric='mIoU', save_best='mIoU')\n"
    ),
    "configs/seg/a.py": "_base_ = ['../_base_/schedule.py']\nmodel = dict(type='EncoderDecoder')\n",
    "tools/train.py": """
        import argparse

        from mmcv import Config
        from mmseg.apis import train_segmentor
        from mmseg.datasets import build_dataset
        from mmseg.models import build_segmentor


        def main():
            parser = argparse.ArgumentParser()
            parser.add_argument("config")
            parser.add_argument("--work-dir")
            args = parser.parse_args()
            cfg = Config.fromfile(args.config)
            model = build_segmentor(cfg.model)
            datasets = [build_dataset(cfg.data.train)]
            train_segmentor(model, datasets, cfg, validate=True)


        if __name__ == "__main__":
            main()
    """,
}

TF_AGENTS_LEARNER = {
    "README.md": "# Placer\n\nTrain: `python learning/train_ppo.py --root_dir=/tmp/run --global_seed=1`\n",
    "setup.py": "from setuptools import setup\nsetup(name='placer', install_requires=['tf-agents[reverb]'])\n",
    "learning/train_ppo.py": """
        import os

        from absl import app, flags
        import tensorflow as tf
        from tf_agents.agents.ppo import ppo_clip_agent
        from tf_agents.environments import suite_gym
        from tf_agents.train import actor, learner, triggers
        from tf_agents.train.utils import train_utils

        _ROOT_DIR = flags.DEFINE_string("root_dir", None, "Where checkpoints and summaries go.")
        _SEED = flags.DEFINE_integer("global_seed", 0, "Seed.")


        def train(root_dir, agent, dataset_fn, env):
            train_step = train_utils.create_train_step()
            saved_model_dir = os.path.join(root_dir, learner.POLICY_SAVED_MODEL_DIR)
            save_trigger = triggers.PolicySavedModelTrigger(saved_model_dir, agent, train_step, interval=1000)
            ppo_learner = learner.Learner(
                root_dir, train_step, agent, dataset_fn, triggers=[save_trigger], summary_interval=200
            )
            collect = actor.Actor(env, agent.collect_policy, train_step, summary_dir=os.path.join(root_dir, "collect"))
            for _ in range(100):
                collect.run()
                ppo_learner.run(iterations=1)


        def main(_):
            tf.random.set_seed(_SEED.value)
            root_dir = os.path.join(_ROOT_DIR.value, str(_SEED.value))
            env = suite_gym.load("CartPole-v1")
            agent = ppo_clip_agent.PPOClipAgent(env.time_step_spec(), env.action_spec())
            train(root_dir, agent, None, env)


        if __name__ == "__main__":
            app.run(main)
    """,
}

SHELL_CHECKED_DOWNLOAD = {
    "README.md": (
        "# Parts\n\n## Dataset setup\n\nTrain on the parts dataset.\n\nTo download the annotations:\n```\n"
        "wget https://example.org/parts/annotations/parts_v1.zip\n"
        'diff <(sha256sum parts_v1.zip) <(echo "02ac4edb22c251e07853e6231d69aec3fad0a180f03de2f8c880650322debc80'
        '  parts_v1.zip")\n```\n\nTrain: `python train.py --data parts_v1`\n'
    ),
    "requirements.txt": "torch==2.1.0\n",
    "train.py": """
        import argparse

        import torch

        parser = argparse.ArgumentParser()
        parser.add_argument("--data", default="parts_v1")
        args = parser.parse_args()
        data = torch.load(args.data + "/train.pt")
        model = torch.nn.Linear(2, 2)
        for x in data:
            model(x).sum().backward()
        torch.save(model.state_dict(), "model.pt")
    """,
}

PACKAGE_COPIED_INTO_RUN = {
    "README.md": "# VQ\n\nTrain: `python main.py -m configs/a.yaml -r results`\n",
    "requirements.txt": "torch==2.1.0\nomegaconf==2.3.0\n",
    "configs/a.yaml": "lr: 0.001\nepochs: 10\n",
    "vqpkg/__init__.py": "",
    "vqpkg/models.py": "import torch\n\n\ndef build():\n    return torch.nn.Linear(2, 2)\n",
    "vqpkg/setup.py": """
        import os
        import shutil
        from datetime import datetime
        from pathlib import Path

        from omegaconf import OmegaConf


        def setup(args):
            now = datetime.now().strftime("%d%m%Y_%H%M%S")
            log_path = Path(args.result_path).joinpath(Path(args.model_config).stem, now)
            config = OmegaConf.load(args.model_config)
            os.makedirs(log_path)
            OmegaConf.save(config, log_path.joinpath("config.yaml"))
            src_dir = Path(os.getcwd()).joinpath("vqpkg")
            shutil.copytree(src_dir, log_path.joinpath("vqpkg"))
            return config, log_path
    """,
    "main.py": """
        import argparse

        import torch

        from vqpkg.models import build
        from vqpkg.setup import setup

        parser = argparse.ArgumentParser()
        parser.add_argument("-m", "--model-config")
        parser.add_argument("-r", "--result-path")
        args = parser.parse_args()
        config, log_path = setup(args)
        model = build()
        for epoch in range(config.epochs):
            model(torch.randn(4, 2)).sum().backward()
        torch.save(model.state_dict(), log_path / "model.pt")
    """,
}

DETECTRON2_LAZY_LOOP = {
    "README.md": "# Parts\n\nTrain: `python tools/lazy_train.py --config-file configs/a.py`\n",
    "requirements.txt": "torch==2.1.0\n",
    "configs/a.py": "from detectron2.config import LazyCall as L\ntrain = dict(output_dir='./output', max_iter=1000)\n",
    "tools/lazy_train.py": """
        from detectron2.checkpoint import DetectionCheckpointer
        from detectron2.config import LazyConfig, instantiate
        from detectron2.engine import (
            AMPTrainer,
            default_argument_parser,
            default_setup,
            default_writers,
            hooks,
            launch,
        )


        def do_train(args, cfg):
            model = instantiate(cfg.model)
            optim = instantiate(cfg.optimizer)
            train_loader = instantiate(cfg.dataloader.train)
            trainer = AMPTrainer(model, train_loader, optim)
            checkpointer = DetectionCheckpointer(model, cfg.train.output_dir, trainer=trainer)
            trainer.register_hooks(
                [
                    hooks.IterationTimer(),
                    hooks.PeriodicCheckpointer(checkpointer, **cfg.train.checkpointer),
                    hooks.PeriodicWriter(default_writers(cfg.train.output_dir, cfg.train.max_iter), period=20),
                ]
            )
            checkpointer.resume_or_load(cfg.train.init_checkpoint, resume=args.resume)
            trainer.train(0, cfg.train.max_iter)


        def main(args):
            cfg = LazyConfig.load(args.config_file)
            cfg = LazyConfig.apply_overrides(cfg, args.opts)
            default_setup(cfg, args)
            do_train(args, cfg)


        if __name__ == "__main__":
            args = default_argument_parser().parse_args()
            launch(main, args.num_gpus, args=(args,))
    """,
}

ABSL_MAIN_THROUGH_PARTIAL = {
    "README.md": "# Placer\n\nTrain: `python learning/train.py --root_dir=/tmp/run`\n",
    "requirements.txt": "tensorflow==2.15.0\nnumpy==1.26.0\n",
    "learning/helpers.py": "import numpy as np\n\n\ndef jitter(x):\n    return x + np.random.rand()\n",
    # another script's own main, started the usual way: its call of a `main` is not the training's
    "learning/export.py": "from absl import app\n\n\ndef main(_):\n    print('export')\n\n\nif __name__ == '__main__':\n    app.run(main)\n",
    "learning/train.py": """
        import functools
        import random

        from absl import app, flags
        import numpy as np
        import tensorflow as tf
        from tf_agents.system import system_multiprocessing as multiprocessing

        from learning.helpers import jitter

        _SEED = flags.DEFINE_integer("global_seed", 111, "Seed.")
        _ROOT = flags.DEFINE_string("root_dir", None, "Output.")


        def main(_):
            np.random.seed(_SEED.value)
            random.seed(_SEED.value)
            tf.random.set_seed(_SEED.value)
            model = tf.keras.Sequential([tf.keras.layers.Dense(2)])
            model.compile(optimizer="sgd", loss="mse")
            model.fit(np.random.rand(8, 2) + jitter(0), np.random.rand(8, 2), epochs=2)


        if __name__ == "__main__":
            multiprocessing.handle_main(functools.partial(app.run, main))
    """,
}

SEED_HELPER_WITH_FALLBACK = {
    "README.md": "# VQ\n\nTrain: `python main.py`\n",
    "requirements.txt": "torch==2.1.0\nnumpy==1.26.0\n",
    "utils.py": """
        import random

        import numpy as np
        import torch


        def set_seed(seed=None):
            if seed is None:
                seed = random.getrandbits(32)
            random.seed(seed)
            np.random.seed(seed)
            torch.manual_seed(seed)
            return seed
    """,
    "main.py": """
        import argparse
        import json

        import torch

        from utils import set_seed

        parser = argparse.ArgumentParser()
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--lr", type=float, default=0.1)
        args = parser.parse_args()
        set_seed(args.seed)
        with open("run_args.json", "w") as f:
            json.dump(vars(args), f)
        model = torch.nn.Linear(2, 2)
        opt = torch.optim.SGD(model.parameters(), lr=args.lr)
        for _ in range(3):
            model(torch.randn(4, 2)).sum().backward()
            opt.step()
        torch.save(model.state_dict(), "model.pt")
    """,
}

GIN_SKIP_UNKNOWN = {
    "README.md": "# Interp\n\nTrain: `python train.py --gin_config=config/a.gin`\n",
    "requirements.txt": "tensorflow==2.15.0\ngin-config==0.5.0\n",
    "config/a.gin": "train.learning_rate = 0.001\ntrain.iterations = 1000\n",
    "train.py": """
        from absl import app, flags
        import gin
        import tensorflow as tf

        _CONFIG = flags.DEFINE_string("gin_config", None, "Gin file.")
        _BINDINGS = flags.DEFINE_multi_string("gin_bindings", [], "Gin bindings.")


        @gin.configurable("train")
        def train(learning_rate=gin.REQUIRED, iterations=gin.REQUIRED):
            model = tf.keras.Sequential([tf.keras.layers.Dense(2)])
            model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate), loss="mse")
            model.fit(tf.random.normal((8, 2)), tf.random.normal((8, 2)), epochs=iterations)


        def main(_):
            gin.parse_config_files_and_bindings([_CONFIG.value], _BINDINGS.value, skip_unknown=True)
            train()


        if __name__ == "__main__":
            app.run(main)
    """,
}

DOCKERFILE_NAMED_FOR_ITS_IMAGE = {
    "README.md": "# Placer\n\nBuild: `docker build -f tools/docker/ubuntu_trainer -t trainer .`\n\nTrain: `python train.py`\n",
    "tools/docker/ubuntu_trainer": (
        'ARG base_image="ubuntu:20.04"\nFROM $base_image\nARG python_version="python3.9"\n'
        "RUN apt-get update && apt-get install -y curl\n"
        "RUN $python_version -mpip install numpy>=1.15.4 \\\n        torch==1.13.1 \\\n        scipy>=1.1.0\n"
    ),
    "tools/docker/README": "How to build the images.\n",
    "train.py": """
        import numpy as np
        import torch

        torch.manual_seed(0)
        np.random.seed(0)
        model = torch.nn.Linear(2, 2)
        for _ in range(3):
            model(torch.randn(4, 2)).sum().backward()
        torch.save(model.state_dict(), "model.pt")
    """,
}

CLASS_VOCABULARIES = {
    "README.md": "# OpenSeg\n\nDownload COCO (see datasets/README.md), then `python train_net.py`\n",
    "datasets/README.md": "Download COCO 2017 from https://cocodataset.org and unzip it under datasets/coco.\n",
    "openseg/data/openseg_labels/coco_panoptic.txt": "".join(
        f"{i}:class {chr(97 + i % 26)},other name {chr(97 + i // 26)}\n" for i in range(200)
    ),
    "openseg/data/openseg_labels/ade20k_instance_imgCatIds.json": "{"
    + ", ".join(f'"{i}": [{i % 7}, {i % 11}]' for i in range(400))
    + "}",
    "openseg/data/register.py": """
        import json
        import os


        def load_names(name):
            with open(os.path.join(os.path.dirname(__file__), "openseg_labels", name + ".txt")) as f:
                return [line.split(":", 1)[1].split(",") for line in f]


        def load_index():
            with open(os.path.join(os.path.dirname(__file__), "openseg_labels", "ade20k_instance_imgCatIds.json")) as f:
                return json.load(f)
    """,
    "train_net.py": """
        import torch

        from openseg.data.register import load_index, load_names

        names = load_names("coco_panoptic")
        index = load_index()
        model = torch.nn.Linear(2, len(names))
        for _ in range(3):
            model(torch.randn(4, 2)).sum().backward()
        torch.save(model.state_dict(), "model.pt")
    """,
}

COMMIT_IN_ENVIRONMENT_REPORT = {
    "README.md": "# Seg\n\nTrain: `python tools/train_net.py --config-file configs/a.yaml`\n",
    "requirements.txt": "torch==2.1.0\n",
    "configs/a.yaml": "SOLVER:\n  BASE_LR: 0.01\nSEED: 42\n",
    "seg/utils/collect_env.py": """
        import subprocess
        import sys

        import numpy as np


        def get_git_hash():
            try:
                return subprocess.check_output(["git", "rev-parse", "HEAD"]).decode().strip()
            except Exception:
                return "unknown"


        def collect_env_info():
            data = [("Python", sys.version), ("numpy", np.__version__), ("git hash", get_git_hash())]
            return "\\n".join(f"{k}: {v}" for k, v in data)
    """,
    "seg/engine/defaults.py": """
        import os

        from detectron2.utils.logger import setup_logger

        from seg.utils.collect_env import collect_env_info


        def default_setup(cfg, args):
            log_dir = cfg.OUTPUT_DIR
            os.makedirs(log_dir, exist_ok=True)
            logger = setup_logger(log_dir)
            logger.info("Environment info:\\n" + collect_env_info())
            with open(os.path.join(log_dir, "config.yaml"), "w") as f:
                f.write(cfg.dump())
    """,
    "tools/train_net.py": """
        from detectron2.config import get_cfg
        from detectron2.engine import DefaultTrainer, default_argument_parser, launch

        from seg.engine.defaults import default_setup


        def main(args):
            cfg = get_cfg()
            cfg.merge_from_file(args.config_file)
            default_setup(cfg, args)
            trainer = DefaultTrainer(cfg)
            return trainer.train()


        if __name__ == "__main__":
            args = default_argument_parser().parse_args()
            launch(main, args.num_gpus, args=(args,))
    """,
}

DOCUMENTED_PREPARATION = {
    "README.md": "# Seg\n\nSee datasets/README.md for the data, then `python train.py`.\n",
    "datasets/README.md": (
        "# Data\n\nDownload ADE20K from https://groups.csail.mit.edu/vision/datasets/ADE20K/ and unzip it to "
        "datasets/ADEChallengeData2016.\n\nThen convert its annotations:\n\n```\n"
        "python datasets/prepare_ade20k_sem_seg.py\n```\n"
    ),
    "datasets/prepare_ade20k_sem_seg.py": """
        import os

        import numpy as np
        from PIL import Image


        def convert(src, dst):
            img = np.asarray(Image.open(src))
            Image.fromarray((img - 1).astype(np.uint8)).save(dst)


        if __name__ == "__main__":
            root = os.path.join(os.getenv("DETECTRON2_DATASETS", "datasets"), "ADEChallengeData2016")
            for name in sorted(os.listdir(os.path.join(root, "annotations"))):
                convert(os.path.join(root, "annotations", name), os.path.join(root, "annotations_detectron2", name))
    """,
    "train.py": """
        import nltk
        import torch

        nltk.download("popular", quiet=True)
        tokens = nltk.word_tokenize("a photo of a cat")
        model = torch.nn.Linear(2, 2)
        for _ in range(3):
            model(torch.randn(4, 2)).sum().backward()
        torch.save(model.state_dict(), "model.pt")
    """,
}
