from __future__ import annotations

import torch
from torch import nn


class WindowAutoencoder(nn.Module):
    """Dense autoencoder over flattened sensor windows.

    Earlier versions logged reconstructions to TensorBoard via SummaryWriter; removed.
    """

    def __init__(self, n_in: int, hidden: list[int], latent_dim: int, dropout: float) -> None:
        super().__init__()
        enc, width = [], n_in
        for h in hidden:
            enc += [nn.Linear(width, h), nn.ReLU(), nn.Dropout(dropout)]
            width = h
        enc.append(nn.Linear(width, latent_dim))
        dec, width = [], latent_dim
        for h in reversed(hidden):
            dec += [nn.Linear(width, h), nn.ReLU()]
            width = h
        dec.append(nn.Linear(width, n_in))
        self.encoder = nn.Sequential(*enc)
        self.decoder = nn.Sequential(*dec)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decoder(self.encoder(x))
