import argparse
import random
import time

import gymnasium as gym
import numpy as np
import torch
from torch.utils.tensorboard import SummaryWriter


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--exp-name", default="dqn")
    parser.add_argument("--env-id", default="CartPole-v1")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--learning-rate", type=float, default=2.5e-4)
    parser.add_argument("--track", action="store_true", help="log to Weights and Biases")
    parser.add_argument("--save-model", action="store_true")
    return parser.parse_args()


def evaluate(q_network, env_id, episodes=10):
    env = gym.make(env_id)
    returns = []
    for _ in range(episodes):
        obs, _ = env.reset()
        returns.append(run_episode(env, q_network, obs))
    return returns


if __name__ == "__main__":
    args = parse_args()
    run_name = f"{args.env_id}__{args.exp_name}__{args.seed}__{int(time.time())}"
    if args.track:
        import wandb

        wandb.init(project="rl", config=vars(args), name=run_name, save_code=True)
    writer = SummaryWriter(f"runs/{run_name}")
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    env = gym.make(args.env_id)
    q_network = QNetwork(env)
    optimizer = torch.optim.Adam(q_network.parameters(), lr=args.learning_rate)
    for global_step in range(10000):
        loss = td_loss(q_network)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        writer.add_scalar("losses/td_loss", loss.item(), global_step)
    if args.save_model:
        model_path = f"runs/{run_name}/{args.exp_name}.model"
        torch.save(q_network.state_dict(), model_path)
        returns = evaluate(q_network, args.env_id)
        for idx, r in enumerate(returns):
            writer.add_scalar("eval/episodic_return", r, idx)
    writer.close()
