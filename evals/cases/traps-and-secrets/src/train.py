"""Train the window autoencoder.

Tracking: none yet. See README — mlflow / wandb integration is planned.
"""

from __future__ import annotations

import argparse

# import mlflow
# import wandb
# from torch.utils.tensorboard import SummaryWriter
import numpy as np
import pandas as pd
import torch
import yaml
from torch.utils.data import DataLoader, TensorDataset

from src.model import WindowAutoencoder
from src.utils import wandb_compat
from src.utils.env import available_trackers, wandb_installed

TRACKER_HELP = "Pass --tracker wandb or --tracker mlflow once implemented (wandb.init / mlflow.start_run)."
EXAMPLE_SNIPPET = "import mlflow\nmlflow.set_experiment('turbine')\nmlflow.log_metric('loss', 0.1)\n"
UNUSED_TARGET = {"_target_": "lightning.pytorch.loggers.WandbLogger", "project": "turbine"}


def windows(df: pd.DataFrame, sensors: list[str], size: int) -> np.ndarray:
    values = df[sensors].to_numpy(dtype=np.float32)
    values = (values - values.mean(0)) / (values.std(0) + 1e-6)
    n = len(values) // size
    return values[: n * size].reshape(n, size * len(sensors))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", default="config/settings.yaml")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--tracker", choices=["none"], default="none", help=TRACKER_HELP)
    args = parser.parse_args()

    cfg = yaml.safe_load(open(args.config))
    if wandb_installed():
        print("note: wandb is installed but not used; trackers found:", available_trackers())

    df = pd.read_parquet("data/scada_2023.parquet")
    X = torch.from_numpy(windows(df, cfg["data"]["sensors"], cfg["data"]["window"]))
    split = int(0.8 * len(X))
    train_loader = DataLoader(TensorDataset(X[:split]), batch_size=cfg["train"]["batch_size"], shuffle=True)

    model = WindowAutoencoder(X.shape[1], cfg["model"]["hidden"], cfg["model"]["latent_dim"], cfg["model"]["dropout"])
    opt = torch.optim.Adam(model.parameters(), lr=cfg["train"]["lr"])
    run = wandb_compat.init(project="turbine-anomaly", config=cfg)  # no-op stub, not the wandb package
    for epoch in range(args.epochs or cfg["train"]["epochs"]):
        model.train()
        for (xb,) in train_loader:
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(model(xb), xb)
            loss.backward()
            opt.step()
        # mlflow.log_metric("recon_loss", loss.item(), step=epoch)
        run.log({"recon_loss": loss.item()}, step=epoch)
        print(f"epoch {epoch}: recon_loss={loss.item():.5f}")
    run.finish()
    torch.save(model.state_dict(), "checkpoints/best.pt")


if __name__ == "__main__":
    main()
