"""Train the final model with a study's best params and report test AUC."""

from __future__ import annotations

import argparse
import json

import torch

from hpo.data import load_splits
from hpo.model import evaluate_auc, loader, make_mlp, train_epoch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--study", required=True)
    parser.add_argument("--epochs", type=int, default=30)
    args = parser.parse_args()

    best = json.load(open(f"results/{args.study}.json"))["best_params"]
    torch.manual_seed(11)
    (X_tr, y_tr), _, (X_te, y_te) = load_splits()
    model = make_mlp(X_tr.shape[1], best["n_layers"], best["hidden"], best["dropout"])
    opt = torch.optim.AdamW(model.parameters(), lr=best["lr"], weight_decay=best["weight_decay"])
    for _ in range(args.epochs):
        train_epoch(model, loader(X_tr, y_tr, best["batch_size"], seed=11), opt)
    auc = evaluate_auc(model, X_te, y_te)
    torch.save(model.state_dict(), f"results/{args.study}-final.pt")
    with open(f"results/{args.study}-final.json", "w") as fh:
        json.dump({"test_auc": auc, "params": best}, fh, indent=2)


if __name__ == "__main__":
    main()
