"""Trees of the fresh96 families' tests: each a small repository shaped like the family's real code."""

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
    "train_net.py": """
        from detectron2.config import get_cfg
        from detectron2.engine import DefaultTrainer, default_argument_parser, default_setup, launch


        def setup(args):
            cfg = get_cfg()
            cfg.merge_from_file(args.config_file)
            cfg.merge_from_list(args.opts)
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
            launch(main, args.num_gpus, args=(args,))
    """,
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
