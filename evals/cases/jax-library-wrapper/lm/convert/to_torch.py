"""Converts trained JAX parameters to a torch state dict."""

import pickle
import sys

import numpy as np
import torch


def convert(src, dst):
    with open(src, "rb") as fh:
        params = pickle.load(fh)
    torch.save({k: torch.from_numpy(np.asarray(v)) for k, v in params.items()}, dst)


if __name__ == "__main__":
    convert(sys.argv[1], sys.argv[2])
