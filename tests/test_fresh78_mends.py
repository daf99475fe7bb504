"""Guards for the defects the code review of the fresh78 changes reproduced: each case is a family of
real code the first version of a fix read wrong."""

from __future__ import annotations

import pytest

from tests.rules.repo_helpers import audit_committed, dimension, status_of

CUSTOM_OPTIONAL = {
    "data.py": 'import torch\nfrom torch.utils.data import DataLoader, TensorDataset\n\n\ndef get_loaders():\n    ds = TensorDataset(torch.randn(100, 4), torch.randint(0, 2, (100,)))\n    return {"train": DataLoader(ds, batch_size=10), "test": DataLoader(ds, batch_size=10)}\n',
    "train.py": 'import argparse\nimport json\nimport os\nimport torch\nimport torch.nn.functional as F\nfrom data import get_loaders\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--out", type=str, default="out")\nparser.add_argument("--save_results", action="store_true")\nparser.add_argument("--lr", type=float, default=0.1)\nparser.add_argument("--epochs", type=int, default=10)\nargs = parser.parse_args()\nos.makedirs(args.out, exist_ok=True)\nloaders = get_loaders()\n\n\ndef evaluate(loader, model):\n    correct = 0\n    for x, y in loader:\n        correct += model(x).argmax(1).eq(y).sum().item()\n    return correct / len(loader.dataset)\n\n\nmodel = torch.nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=args.lr)\nhistory = []\nfor epoch in range(args.epochs):\n    for x, y in loaders["train"]:\n        loss = F.cross_entropy(model(x), y)\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n    test_acc = evaluate(loaders["test"], model)\n    history.append({"epoch": epoch, "test_acc": test_acc})\n    torch.save(model.state_dict(), os.path.join(args.out, "model.pt"))\n    if args.save_results:\n        with open(os.path.join(args.out, "metrics.json"), "w") as f:\n            json.dump(history, f)\n',
}

CUSTOM_SQLITE = {
    "data.py": 'import torch\nfrom torch.utils.data import DataLoader, TensorDataset\n\n\ndef get_loaders():\n    ds = TensorDataset(torch.randn(100, 4), torch.randint(0, 2, (100,)))\n    return {"train": DataLoader(ds, batch_size=10), "test": DataLoader(ds, batch_size=10)}\n',
    "train.py": 'import argparse\nimport sqlite3\nimport torch\nimport torch.nn.functional as F\nfrom data import get_loaders\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--lr", type=float, default=0.1)\nparser.add_argument("--epochs", type=int, default=10)\nargs = parser.parse_args()\nloaders = get_loaders()\ndb = sqlite3.connect("results.db")\ndb.execute("CREATE TABLE IF NOT EXISTS runs (lr REAL, epoch INTEGER, test_acc REAL)")\n\n\ndef evaluate(loader, model):\n    correct = 0\n    for x, y in loader:\n        correct += model(x).argmax(1).eq(y).sum().item()\n    return correct / len(loader.dataset)\n\n\nmodel = torch.nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=args.lr)\nfor epoch in range(args.epochs):\n    for x, y in loaders["train"]:\n        loss = F.cross_entropy(model(x), y)\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n    test_acc = evaluate(loaders["test"], model)\n    db.execute("INSERT INTO runs VALUES (?, ?, ?)", (args.lr, epoch, test_acc))\n    db.commit()\n',
}

SAVED_DICT_SCOPE = {
    "data.py": 'import torch\nfrom torch.utils.data import DataLoader, TensorDataset\n\n\ndef get_loaders():\n    ds = TensorDataset(torch.randn(100, 4), torch.randint(0, 2, (100,)))\n    return {"train": DataLoader(ds, batch_size=10), "test": DataLoader(ds, batch_size=10)}\n',
    "train.py": 'import argparse\nimport json\nimport os\n\nimport torch\nimport torch.nn.functional as F\nfrom data import get_loaders\n\n\ndef describe(loaders):\n    """Print the size of each split before training (a sanity check, nothing is saved)."""\n    stats = {}\n    stats["train_batches"] = len(loaders["train"])\n    stats["test_batches"] = len(loaders["test"])\n    print(stats)\n\n\ndef train(args):\n    loaders = get_loaders()\n    describe(loaders)\n    model = torch.nn.Linear(4, 2)\n    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n    stats = {"train_loss": []}\n    for epoch in range(args.epochs):\n        for x, y in loaders["train"]:\n            loss = F.cross_entropy(model(x), y)\n            opt.zero_grad()\n            loss.backward()\n            opt.step()\n        stats["train_loss"].append(loss.item())\n        torch.save(stats, os.path.join(args.out, "metrics.pth"))\n\n\nif __name__ == "__main__":\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--out", type=str, default="out")\n    parser.add_argument("--epochs", type=int, default=10)\n    train(parser.parse_args())\n',
}

SAVED_DICT_TIMING = {
    "data.py": 'import torch\nfrom torch.utils.data import DataLoader, TensorDataset\n\n\ndef get_loaders():\n    ds = TensorDataset(torch.randn(100, 4), torch.randint(0, 2, (100,)))\n    return {"train": DataLoader(ds, batch_size=10), "test": DataLoader(ds, batch_size=10)}\n',
    "train.py": 'import argparse\nimport json\nimport os\nimport time\n\nimport torch\nimport torch.nn.functional as F\nfrom data import get_loaders\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--out", type=str, default="out")\nparser.add_argument("--epochs", type=int, default=10)\nargs = parser.parse_args()\nos.makedirs(args.out, exist_ok=True)\nloaders = get_loaders()\n\nmodel = torch.nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nstats = {"train_loss": [], "test_time": []}\nfor epoch in range(args.epochs):\n    for x, y in loaders["train"]:\n        loss = F.cross_entropy(model(x), y)\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n    stats["train_loss"].append(loss.item())\n    # inference speed on the test batches (a benchmark of the model\'s latency, no accuracy computed)\n    start = time.time()\n    with torch.no_grad():\n        for x, _ in loaders["test"]:\n            model(x)\n    stats["test_time"].append(time.time() - start)\n    torch.save(stats, os.path.join(args.out, "metrics.pth"))\n',
}

SCORE_ANOMALY = {
    "requirements.txt": "torch\nmlflow\nnumpy\n",
    "train.py": 'import mlflow\nimport numpy as np\nimport torch\nfrom torch import nn\n\n\nclass DeepSVDD(nn.Module):\n    """One-class model: the anomaly score of a sample is its distance to the centre."""\n\n    def __init__(self, dim):\n        super().__init__()\n        self.net = nn.Sequential(nn.Linear(dim, 16), nn.ReLU(), nn.Linear(16, 8))\n        self.c = torch.zeros(8)\n\n    def forward(self, x):\n        return self.net(x)\n\n    def score(self, x):\n        return ((self.net(torch.as_tensor(x, dtype=torch.float32)) - self.c) ** 2).sum(1)\n\n\nX_train, X_test = np.load("data/train.npy"), np.load("data/unlabelled_test.npy")\nmodel = DeepSVDD(X_train.shape[1])\nopt = torch.optim.Adam(model.parameters(), lr=1e-3)\nwith mlflow.start_run():\n    for epoch in range(20):\n        loss = ((model(torch.as_tensor(X_train, dtype=torch.float32)) - model.c) ** 2).sum(1).mean()\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n        mlflow.log_metric("train_loss", loss.item(), step=epoch)\n    # per-sample anomaly scores for the unlabelled test set (a submission file), no labels, no metric\n    scores = model.score(X_test)\n    np.savetxt("submission_scores.csv", scores.detach().numpy())\n',
}

SACRED_IMPORT_SPLIT = {
    "requirements.txt": "sacred\nscikit-learn\n",
    "svm.py": 'from sacred import Experiment\nfrom sacred.observers import FileStorageObserver\nfrom sklearn import datasets, model_selection, svm\n\nex = Experiment("svm")\nex.observers.append(FileStorageObserver("my_runs"))\n\n\ndef load_split():\n    X, y = datasets.load_breast_cancer(return_X_y=True)\n    return model_selection.train_test_split(X, y, test_size=0.2)\n\n\n# split once when the module is imported (before Sacred seeds anything)\nX_train, X_test, y_train, y_test = load_split()\n\n\n@ex.config\ndef cfg():\n    C = 1.0\n    seed = 42\n\n\n@ex.automain\ndef run(C):\n    clf = svm.SVC(C=C).fit(X_train, y_train)\n    return clf.score(X_test, y_test)\n',
}


@pytest.mark.parametrize(
    ("files", "rule", "status"),
    [
        pytest.param(
            CUSTOM_OPTIONAL, "ET302", "PASS", id="custom_optional"
        ),  # metrics written behind a switch (if args.save_results:) are a record that holds metrics
        pytest.param(
            CUSTOM_SQLITE, "ET302", "PASS", id="custom_sqlite"
        ),  # test accuracy inserted into a results database is recorded
        pytest.param(
            SAVED_DICT_SCOPE, "ET302", "WARN", id="saved_dict_scope"
        ),  # a local stats['test_batches'] in a function that only prints is not the saved metrics dict
        pytest.param(
            SAVED_DICT_TIMING, "ET302", "WARN", id="saved_dict_timing"
        ),  # stats['test_time'] measures the evaluation, it is not a result
        pytest.param(
            SCORE_ANOMALY, "ET302", "WARN", id="score_anomaly"
        ),  # a one-class model's score(X_test) gives anomaly scores, no held-out labels
        pytest.param(
            SACRED_IMPORT_SPLIT, "ET121", "FAIL", id="sacred_import_split"
        ),  # a split the module makes on import runs before Sacred seeds anything
    ],
)
def test_review_case_keeps_its_status(tmp_path, files, rule, status):
    """Each case keeps the status the start build gave it (see the comment beside each)."""
    assert status_of(audit_committed(tmp_path, files), rule) == status


DATASET_ID_FOLDER = {
    "configs/adult.yaml": "openml:\n  id: 1590\n  target: class\n",
    "main.py": 'import argparse\nimport json\nimport os\n\nimport openml\nfrom omegaconf import OmegaConf\nimport torch\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--dataset", type=str, default="adult")\nparser.add_argument("--lr", type=float, default=1e-3)\nparser.add_argument("--epochs", type=int, default=20)\nargs = parser.parse_args()\n\ncfg = OmegaConf.load(os.path.join("configs", args.dataset + ".yaml"))\n\n# one folder per OpenML dataset (cfg.openml.id, e.g. 1590): every run on that dataset writes here\nresults_dir = os.path.join("results", str(cfg.openml.id))\nos.makedirs(results_dir, exist_ok=True)\nX, y = openml.datasets.get_dataset(cfg.openml.id).get_data(target=cfg.openml.target)[:2]\nX = torch.tensor(X.values, dtype=torch.float32)\ny = torch.tensor(y.values, dtype=torch.long)\nmodel = torch.nn.Linear(X.shape[1], 2)\nopt = torch.optim.Adam(model.parameters(), lr=args.lr)\nhistory = []\nfor epoch in range(args.epochs):\n    loss = torch.nn.functional.cross_entropy(model(X), y)\n    opt.zero_grad()\n    loss.backward()\n    opt.step()\n    history.append({"epoch": epoch, "loss": loss.item()})\nwith open(os.path.join(results_dir, "metrics.json"), "w") as f:\n    json.dump(history, f)\ntorch.save(model.state_dict(), os.path.join(results_dir, "model.pt"))\n',
}
SED_TEMPLATES_CODE = {
    "requirements.txt": "numpy\ntorch\n",
    "train.py": '"""Photometric redshifts: a network trained on fluxes synthesised from the BPZ SED templates."""\nimport glob\n\nimport numpy as np\nimport torch\nfrom torch import nn\n\nFILTERS = np.linspace(3000, 10000, 6)\n\n\ndef synthesise(n=5000, seed=0):\n    rng = np.random.default_rng(seed)\n    templates = [np.loadtxt(p) for p in sorted(glob.glob("data/templates/*.sed"))]\n    sed = np.loadtxt("data/templates/El_B2004a.sed")\n    X, z = [], []\n    for _ in range(n):\n        t = templates[rng.integers(len(templates))]\n        zi = rng.uniform(0, 2)\n        X.append(np.interp(FILTERS / (1 + zi), t[:, 0], t[:, 1]))\n        z.append(zi)\n    return torch.tensor(np.array(X), dtype=torch.float32), torch.tensor(z, dtype=torch.float32), sed\n\n\ndef main():\n    torch.manual_seed(0)\n    X, z, _ = synthesise()\n    model = nn.Sequential(nn.Linear(6, 64), nn.ReLU(), nn.Linear(64, 1))\n    opt = torch.optim.Adam(model.parameters(), lr=1e-3)\n    for epoch in range(50):\n        loss = nn.functional.mse_loss(model(X).squeeze(1), z)\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n        print(epoch, loss.item())\n    torch.save(model.state_dict(), "photoz.pt")\n\n\nif __name__ == "__main__":\n    main()\n',
}
TB_DEFAULT_CMD = {
    "Dockerfile": 'FROM pytorch/pytorch:1.13.1-cuda11.6-cudnn8-runtime\nWORKDIR /workspace\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nEXPOSE 6006\n# default: serve the logs (experiments: see README)\nCMD ["tensorboard", "--logdir", "runs", "--bind_all"]\n',
    "README.md": "# toy\n\n```bash\ndocker build -t toy .\ndocker run --gpus all -v $PWD/runs:/workspace/runs toy python main.py --epochs 10\ndocker run -p 6006:6006 -v $PWD/runs:/workspace/runs toy   # TensorBoard\n```\n",
    "data.py": 'import torch\nfrom torch.utils.data import DataLoader, TensorDataset\n\n\ndef get_loaders():\n    ds = TensorDataset(torch.randn(100, 4), torch.randint(0, 2, (100,)))\n    return {"train": DataLoader(ds, batch_size=10), "test": DataLoader(ds, batch_size=10)}\n',
    "main.py": 'import argparse\nimport torch\nimport torch.nn.functional as F\nfrom torch.utils.tensorboard import SummaryWriter\nfrom data import get_loaders\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--lr", type=float, default=0.1)\nparser.add_argument("--epochs", type=int, default=10)\nargs = parser.parse_args()\ntorch.manual_seed(0)\nloaders = get_loaders()\nwriter = SummaryWriter("runs")\nmodel = torch.nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=args.lr)\nfor epoch in range(args.epochs):\n    for x, y in loaders["train"]:\n        loss = F.cross_entropy(model(x), y)\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n    writer.add_scalar("loss/train", loss.item(), epoch)\ntorch.save(model.state_dict(), "runs/model.pt")\n',
    "requirements.txt": "torch==1.13.1\ntensorboard==2.11.2\n",
}
URL_WHEEL_PIN = {
    "README.md": "# SWA\n\n## Dependencies\n\nThe experiments were run with this exact build:\n\n```bash\npip install https://download.pytorch.org/whl/cu92/torch-1.4.0%2Bcu92-cp37-cp37m-linux_x86_64.whl\npip install torchvision\n```\n\n## Usage\n\n```bash\npython3 train.py --dir=out\n```\n",
    "train.py": '\nimport argparse\nimport os\nimport sys\nimport torch\nimport torch.nn.functional as F\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--dir", type=str, required=True)\nparser.add_argument("--lr", type=float, default=0.1)\nparser.add_argument("--epochs", type=int, default=10)\nargs = parser.parse_args()\nos.makedirs(args.dir, exist_ok=True)\nwith open(os.path.join(args.dir, "command.sh"), "w") as f:\n    f.write(" ".join(sys.argv))\n\n\ndef evaluate(loader, model):\n    correct = 0\n    for x, y in loader:\n        correct += model(x).argmax(1).eq(y).sum().item()\n    return {"accuracy": correct / len(loader.dataset)}\n\n\nmodel = torch.nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=args.lr)\nfor epoch in range(args.epochs):\n    for x, y in loaders["train"]:\n        loss = F.cross_entropy(model(x), y)\n        opt.zero_grad()\n        loss.backward()\n        opt.step()\n    test_res = evaluate(loaders["test"], model)\n    print(epoch, test_res["accuracy"])\n    torch.save({"epoch": epoch, "state_dict": model.state_dict()}, os.path.join(args.dir, "checkpoint-%d.pt" % epoch))\n',
}


def test_folder_named_by_a_datasets_id_is_not_a_run_name(tmp_path):
    """results/{cfg.openml.id}: one folder per dataset, every run on it writes there; not --id."""
    result = audit_committed(tmp_path, DATASET_ID_FOLDER)
    assert dimension(result, "result_persistence").score <= 2


def test_sed_templates_of_numbers_are_data(tmp_path):
    """Spectral-energy-distribution templates (.sed rows of wavelength and flux) that the training code
    reads are committed data, whatever the suffix shares with sed scripts."""
    rows = "\n".join(f"{1000.0 + 25 * i} {3.38e-4 * (1 + i / 400):.6e}" for i in range(200)) + "\n"
    names = ("El_B2004a", "Im_B2004a", "Sbc_B2004a", "Scd_B2004a")
    files = {**SED_TEMPLATES_CODE, **{f"data/templates/{n}.sed": rows for n in names}}
    assert dimension(audit_committed(tmp_path, files), "data_versioning").score >= 2


def test_training_image_that_opens_tensorboard_by_default_is_the_environment(tmp_path):
    """A Dockerfile that copies the project and installs its requirements, with `CMD tensorboard` as
    its default, still runs the training (`docker run img python main.py`): not a serving image."""
    result = audit_committed(tmp_path, TB_DEFAULT_CMD)
    assert status_of(result, "ET412") == "PASS"


def test_a_wheel_address_pins_the_version(tmp_path):
    """`pip install https://download.pytorch.org/whl/cu92/torch-1.4.0...whl` installs torch 1.4: the
    container fix keeps that version (only a page's address is no pin)."""
    result = audit_committed(tmp_path, URL_WHEEL_PIN)
    fix = next(x for x in result.findings if x.rule_id == "ET412").recommendation
    assert "1.4" in fix


CONFIG_DICT_LINES = """
import os
import config
import torch


def create_result_subdir(result_dir, desc):
    idx = len(os.listdir(result_dir))
    subdir = os.path.join(result_dir, "%03d-%s" % (idx, desc))
    os.makedirs(subdir)
    with open(os.path.join(subdir, "config.txt"), "wt") as fout:
        for k, v in sorted(config.__dict__.items()):
            if not k.startswith("_"):
                fout.write("%s = %s\\n" % (k, str(v)))
    return subdir


def train():
    subdir = create_result_subdir(config.result_dir, config.desc)
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.Adam(model.parameters(), lr=config.lr)
    for step in range(config.steps):
        loss = model(torch.randn(3, 4)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    torch.save(model.state_dict(), os.path.join(subdir, "network-final.pt"))


if __name__ == "__main__":
    train()
"""


def test_every_entry_of_a_config_modules_dict_is_the_whole_configuration(tmp_path):
    """`for k, v in sorted(config.__dict__.items()): fout.write("%s = %s" % (k, str(v)))`: every setting of
    the config module, line by line (the chain config.__dict__.items() is iterated, so config.__dict__
    counts though the line formats k and v)."""
    files = {
        "train.py": CONFIG_DICT_LINES,
        "config.py": "result_dir = 'results'\ndesc = 'pgan'\nlr = 1e-3\nsteps = 100\n",
    }
    assert dimension(audit_committed(tmp_path, files), "parameter_logging").score >= 4
