from __future__ import annotations

import torch
from sklearn.metrics import roc_auc_score
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def make_mlp(n_in: int, n_layers: int, hidden: int, dropout: float) -> nn.Module:
    layers: list[nn.Module] = []
    width = n_in
    for _ in range(n_layers):
        layers += [nn.Linear(width, hidden), nn.BatchNorm1d(hidden), nn.ReLU(), nn.Dropout(dropout)]
        width = hidden
    layers.append(nn.Linear(width, 1))
    return nn.Sequential(*layers)


def train_epoch(model, loader, opt) -> float:
    model.train()
    loss_fn = nn.BCEWithLogitsLoss()
    total = 0.0
    for xb, yb in loader:
        opt.zero_grad()
        loss = loss_fn(model(xb).squeeze(-1), yb)
        loss.backward()
        opt.step()
        total += loss.item() * len(yb)
    return total / len(loader.dataset)


@torch.no_grad()
def evaluate_auc(model, X, y) -> float:
    model.eval()
    return float(roc_auc_score(y.numpy(), model(X).squeeze(-1).numpy()))


def loader(X, y, batch_size: int, seed: int) -> DataLoader:
    g = torch.Generator().manual_seed(seed)
    return DataLoader(TensorDataset(X, y), batch_size=batch_size, shuffle=True, generator=g)
