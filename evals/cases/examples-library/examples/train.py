import argparse
import os
import random

import gym
import numpy as np
from tensorboardX import SummaryWriter

from agentlib import Agent

parser = argparse.ArgumentParser()
parser.add_argument("--env_name", default="HalfCheetah-v2")
parser.add_argument("--save_dir", default="./tmp/")
parser.add_argument("--seed", type=int, default=42)
parser.add_argument("--max_steps", type=int, default=100000)
parser.add_argument("--track", action="store_true")


def main():
    args = parser.parse_args()
    if args.track:
        import wandb

        wandb.init(project="agentlib", config=vars(args))
    writer = SummaryWriter(os.path.join(args.save_dir, "tb", str(args.seed)))
    random.seed(args.seed)
    np.random.seed(args.seed)
    env = gym.make(args.env_name)
    agent = Agent(env.observation_space.shape[0], env.action_space.shape[0], seed=args.seed)
    eval_returns = []
    for step in range(args.max_steps):
        info = agent.update(np.zeros((8, 1)))
        writer.add_scalar("training/loss", info["loss"], step)
        if step % 5000 == 0:
            eval_returns.append((step, 0.0))
            np.savetxt(os.path.join(args.save_dir, f"{args.seed}.txt"), eval_returns, fmt=["%d", "%.1f"])


if __name__ == "__main__":
    main()
