import argparse
import os

import torch
import yaml

from models.yolo import Model
from utils.torch_utils import train_one_epoch
from utils.wandb_utils import WandbLogger

if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=300)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--name", default="exp")
    p.add_argument("--resume", nargs="?", const=True, default=False)
    opt = p.parse_args()
    save_dir = os.path.join("runs/train", opt.name)
    os.makedirs(save_dir, exist_ok=True)
    with open(os.path.join(save_dir, "opt.yaml"), "w") as f:
        yaml.safe_dump(vars(opt), f)
    logger = WandbLogger(opt, opt.name)
    model = Model()
    optimizer = torch.optim.SGD(model.parameters(), lr=opt.lr)
    for epoch in range(opt.epochs):
        loss = train_one_epoch(model, optimizer, loader)
        logger.log({"train/loss": loss, "epoch": epoch})
        torch.save(model.state_dict(), os.path.join(save_dir, "last.pt"))
