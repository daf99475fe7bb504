import argparse

import torch

from models.yolo import Model
from utils.torch_utils import select_device

if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--weights", default="best.pt")
    opt = p.parse_args()
    model = Model().to(select_device("cpu"))
    model.load_state_dict(torch.load(opt.weights))
    print(model(torch.zeros(1, 3, 64, 64)))
