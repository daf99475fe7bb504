import torch


class CQLTrainer:
    def __init__(self, policy, qf, lr=3e-4):
        self.policy, self.qf = policy, qf
        self.optimizer = torch.optim.Adam(list(policy.parameters()) + list(qf.parameters()), lr=lr)

    def train(self, batch):
        loss = self.qf(batch).mean() - self.policy(batch).mean()
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return loss.item()
