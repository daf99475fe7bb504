"""Resumable Optuna search with median pruning."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import optuna
import torch
import yaml
from optuna.pruners import MedianPruner
from optuna.samplers import TPESampler

from hpo.data import load_splits
from hpo.model import evaluate_auc, loader, make_mlp, train_epoch


def build_objective(cfg: dict, splits):
    (X_tr, y_tr), (X_val, y_val), _ = splits
    space = cfg["space"]

    def objective(trial: optuna.Trial) -> float:
        torch.manual_seed(cfg["study_defaults"]["seed"] + trial.number)
        n_layers = trial.suggest_int("n_layers", **space["n_layers"])
        hidden = trial.suggest_int("hidden", **space["hidden"])
        dropout = trial.suggest_float("dropout", **space["dropout"])
        lr = trial.suggest_float("lr", **space["lr"])
        wd = trial.suggest_float("weight_decay", **space["weight_decay"])
        batch_size = trial.suggest_categorical("batch_size", space["batch_size"])

        model = make_mlp(X_tr.shape[1], n_layers, hidden, dropout)
        opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=wd)
        train_loader = loader(X_tr, y_tr, batch_size, seed=trial.number)
        auc = 0.0
        for epoch in range(cfg["epochs"]):
            loss = train_epoch(model, train_loader, opt)
            auc = evaluate_auc(model, X_val, y_val)
            trial.set_user_attr(f"train_loss_{epoch}", loss)
            trial.report(auc, epoch)
            if trial.should_prune():
                raise optuna.TrialPruned()
        return auc

    return objective


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--study", required=True)
    parser.add_argument("--storage", default="sqlite:///optuna.db")
    parser.add_argument("--n-trials", type=int, default=100)
    parser.add_argument("--config", default="configs/search_space.yaml")
    args = parser.parse_args()

    cfg = yaml.safe_load(open(args.config))
    sd = cfg["study_defaults"]
    study = optuna.create_study(
        study_name=args.study,
        storage=args.storage,
        load_if_exists=True,
        direction=sd["direction"],
        sampler=TPESampler(seed=sd["seed"], multivariate=True),
        pruner=MedianPruner(**sd["pruner"]),
    )
    study.set_user_attr("config", cfg)
    study.optimize(build_objective(cfg, load_splits()), n_trials=args.n_trials, gc_after_trial=True)

    best = {
        "study": args.study,
        "best_value": study.best_value,
        "best_params": study.best_params,
        "n_trials": len(study.trials),
        "n_pruned": sum(t.state == optuna.trial.TrialState.PRUNED for t in study.trials),
    }
    Path("results").mkdir(exist_ok=True)
    Path(f"results/{args.study}.json").write_text(json.dumps(best, indent=2, sort_keys=True))
    print(json.dumps(best, indent=2))


if __name__ == "__main__":
    main()
