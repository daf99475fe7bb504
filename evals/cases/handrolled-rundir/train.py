"""Train the toy GAN. Each run gets a numbered directory under --outdir holding its options,
a metrics stream, image grids and network snapshots; --resume continues from a snapshot."""

import argparse
import json
import os
import re

import numpy as np
import torch

from gan import loop


def next_run_dir(outdir: str, desc: str) -> str:
    prev = [int(m.group(1)) for x in os.listdir(outdir) if (m := re.match(r"^(\d+)-", x))]
    cur_run_id = max(prev, default=-1) + 1
    return os.path.join(outdir, f"{cur_run_id:05d}-{desc}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--outdir", default="training-runs")
    parser.add_argument("--data", required=True)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=0.002)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--resume", default=None, help="snapshot pickle to resume from")
    args = parser.parse_args()

    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    run_dir = next_run_dir(args.outdir, f"batch{args.batch}-lr{args.lr}")
    os.makedirs(run_dir)
    with open(os.path.join(run_dir, "training_options.json"), "wt") as f:
        json.dump(vars(args), f, indent=2)
    loop.training_loop(run_dir=run_dir, resume=args.resume, batch=args.batch, lr=args.lr)


if __name__ == "__main__":
    main()
