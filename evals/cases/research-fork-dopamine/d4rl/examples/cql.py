import argparse
import os

import gym
import torch
from rlkit.logger import ResultLogger
from rlkit.torch.sac.cql import CQLTrainer

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--env", default="hopper-medium-v0")
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--lr", type=float, default=3e-4)
    parser.add_argument("--log_dir", default="runs")
    args = parser.parse_args()
    env = gym.make(args.env)
    logger = ResultLogger(path=os.path.join(args.log_dir, f"{args.env}_{args.seed}.jsonl"), **vars(args))
    trainer = CQLTrainer(torch.nn.Linear(11, 3), torch.nn.Linear(11, 1), lr=args.lr)
    for epoch in range(100):
        loss = trainer.train(torch.randn(256, 11))
        logger.log(epoch=epoch, loss=loss)
