"""Optional: the same search with Ray Tune + ASHA, for the shared Ray cluster."""

from __future__ import annotations

import argparse

try:
    from ray import train as ray_train
    from ray import tune
    from ray.tune.schedulers import ASHAScheduler
    from ray.tune.search.optuna import OptunaSearch
except ImportError:  # ray is an optional extra: pip install -r requirements-ray.txt
    tune = None

import torch

from hpo.data import load_splits
from hpo.model import evaluate_auc, loader, make_mlp, train_epoch


def trainable(config: dict) -> None:
    (X_tr, y_tr), (X_val, y_val), _ = load_splits(config["data_path"])
    torch.manual_seed(config["seed"])
    model = make_mlp(X_tr.shape[1], config["n_layers"], config["hidden"], config["dropout"])
    opt = torch.optim.AdamW(model.parameters(), lr=config["lr"], weight_decay=config["weight_decay"])
    train_loader = loader(X_tr, y_tr, config["batch_size"], seed=config["seed"])
    for _ in range(30):
        loss = train_epoch(model, train_loader, opt)
        ray_train.report({"val_auc": evaluate_auc(model, X_val, y_val), "train_loss": loss})


def main() -> None:
    if tune is None:
        raise SystemExit("Ray Tune is not installed: pip install -r requirements-ray.txt")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--num-samples", type=int, default=64)
    parser.add_argument("--data-path", default="/mnt/shared/credit_default.parquet")
    args = parser.parse_args()

    space = {
        "n_layers": tune.randint(1, 5),
        "hidden": tune.lograndint(32, 513),
        "dropout": tune.uniform(0.0, 0.5),
        "lr": tune.loguniform(1e-5, 1e-2),
        "weight_decay": tune.loguniform(1e-6, 1e-3),
        "batch_size": tune.choice([128, 256, 512]),
        "seed": 11,
        "data_path": args.data_path,
    }
    tuner = tune.Tuner(
        tune.with_resources(trainable, {"cpu": 2}),
        param_space=space,
        tune_config=tune.TuneConfig(
            metric="val_auc",
            mode="max",
            num_samples=args.num_samples,
            scheduler=ASHAScheduler(grace_period=5, max_t=30),
            search_alg=OptunaSearch(seed=11),
        ),
        run_config=ray_train.RunConfig(name="credit-mlp-asha", storage_path="~/ray_results"),
    )
    results = tuner.fit()
    print(results.get_best_result().config)


if __name__ == "__main__":
    main()
