import argparse
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--model")
args = parser.parse_args()
state = torch.load(args.model)
