"""Sacred experiment: train BeatCNN on one inter-patient fold."""

import numpy as np
import torch
from sacred import Experiment
from sacred.observers import FileStorageObserver
from sacred.utils import apply_backspaces_and_linefeeds
from sklearn.metrics import f1_score

from ecg.dataset import data_ingredient, load_fold, make_loader
from ecg.model import BeatCNN

ex = Experiment("ecg_beats", ingredients=[data_ingredient])
ex.observers.append(FileStorageObserver("runs"))
ex.captured_out_filter = apply_backspaces_and_linefeeds


@ex.config
def config():
    epochs = 30
    batch_size = 128
    lr = 1e-3
    weight_decay = 1e-4
    class_weights = [1.0, 8.0, 3.0, 10.0, 1.0]
    model = {"channels": [32, 64, 128], "kernel_size": 7, "dropout": 0.2}
    device = "cuda" if torch.cuda.is_available() else "cpu"


@ex.named_config
def quick():
    epochs = 2
    batch_size = 512


@ex.capture
def evaluate(net, loader, device):
    net.eval()
    preds, gold = [], []
    with torch.no_grad():
        for x, y in loader:
            preds.append(net(x.to(device)).argmax(1).cpu().numpy())
            gold.append(y.numpy())
    return f1_score(np.concatenate(gold), np.concatenate(preds), average="macro")


@ex.automain
def main(_run, _seed, epochs, batch_size, lr, weight_decay, class_weights, model, device):
    torch.manual_seed(_seed)
    torch.backends.cudnn.deterministic = True
    (x_tr, y_tr), (x_te, y_te) = load_fold()
    train_loader = make_loader(x_tr, y_tr, batch_size, shuffle=True, seed=_seed)
    test_loader = make_loader(x_te, y_te, batch_size, shuffle=False, seed=_seed)

    net = BeatCNN(**model).to(device)
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=weight_decay)
    loss_fn = torch.nn.CrossEntropyLoss(weight=torch.tensor(class_weights, device=device))

    best = 0.0
    for epoch in range(epochs):
        net.train()
        total = 0.0
        for x, y in train_loader:
            opt.zero_grad()
            loss = loss_fn(net(x.to(device)), y.to(device))
            loss.backward()
            opt.step()
            total += loss.item() * len(y)
        train_loss = total / len(train_loader.dataset)
        if not np.isfinite(train_loss):
            raise RuntimeError(f"loss diverged at epoch {epoch}")
        f1 = evaluate(net, test_loader)
        _run.log_scalar("train.loss", train_loss, epoch)
        _run.log_scalar("test.macro_f1", f1, epoch)
        if f1 > best:
            best = f1
            torch.save(net.state_dict(), "best.pt")
    ex.add_artifact("best.pt", name="model.pt")
    return best
