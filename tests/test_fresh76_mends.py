"""Guards for the defects a code review found in the fresh76 changes: each case failed on the first
build of those changes and passes on the mended one."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, dimension

# Files most of the cases share: a small torch training script, its pin, a Guild README
TRAIN = (
    "import argparse\n"
    "import torch\n"
    "import torch.nn as nn\n"
    "\n"
    "parser = argparse.ArgumentParser()\n"
    'parser.add_argument("--steps", type=int, default=1000)\n'
    'parser.add_argument("--lr", type=float, default=0.01)\n'
    "args = parser.parse_args()\n"
    "\n"
    "torch.manual_seed(0)\n"
    "model = nn.Linear(10, 2)\n"
    "opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n"
    "for step in range(args.steps):\n"
    "    x = torch.randn(32, 10)\n"
    "    y = torch.randint(0, 2, (32,))\n"
    "    loss = nn.functional.cross_entropy(model(x), y)\n"
    "    opt.zero_grad()\n"
    "    loss.backward()\n"
    "    opt.step()\n"
    "    if step % 100 == 0:\n"
    '        print(f"step: {step} loss: {loss.item():.4f}")\n'
    'torch.save(model.state_dict(), "model.pt")\n'
)

REQUIREMENTS = "torch==2.1.0\n"

GUILD_README = "# Classifier\n\n```bash\npip install -r requirements.txt\nguild run train\n```\n"


def _statuses(result, rule_id: str) -> list[str]:
    return [f.status for f in result.findings if f.rule_id == rule_id]


GUILD_COVERS_ALL = {
    "README.md": (
        "# Classifier\n"
        "\n"
        "```bash\n"
        "guild run train\n"
        "python baselines/svm.py\n"
        "python baselines/rf.py\n"
        "python baselines/knn.py\n"
        "```\n"
    ),
    "baselines/knn.py": (
        "import argparse\n"
        "import numpy as np\n"
        "from sklearn.neighbors import KNeighborsClassifier\n"
        "\n"
        "p = argparse.ArgumentParser()\n"
        'p.add_argument("--seed", type=int, default=0)\n'
        "a = p.parse_args()\n"
        "rng = np.random.default_rng(a.seed)\n"
        "X, y = rng.normal(size=(200, 10)), rng.integers(0, 2, 200)\n"
        "clf = KNeighborsClassifier().fit(X[:150], y[:150])\n"
        'print("accuracy", clf.score(X[150:], y[150:]))\n'
    ),
    "baselines/rf.py": (
        "import argparse\n"
        "import numpy as np\n"
        "from sklearn.ensemble import RandomForestClassifier\n"
        "\n"
        "p = argparse.ArgumentParser()\n"
        'p.add_argument("--seed", type=int, default=0)\n'
        "a = p.parse_args()\n"
        "rng = np.random.default_rng(a.seed)\n"
        "X, y = rng.normal(size=(200, 10)), rng.integers(0, 2, 200)\n"
        "clf = RandomForestClassifier().fit(X[:150], y[:150])\n"
        'print("accuracy", clf.score(X[150:], y[150:]))\n'
    ),
    "baselines/svm.py": (
        "import argparse\n"
        "import numpy as np\n"
        "from sklearn.svm import SVC\n"
        "\n"
        "p = argparse.ArgumentParser()\n"
        'p.add_argument("--seed", type=int, default=0)\n'
        "a = p.parse_args()\n"
        "rng = np.random.default_rng(a.seed)\n"
        "X, y = rng.normal(size=(200, 10)), rng.integers(0, 2, 200)\n"
        "clf = SVC().fit(X[:150], y[:150])\n"
        'print("accuracy", clf.score(X[150:], y[150:]))\n'
    ),
    "guild.yml": "train:\n  description: Train the network\n  main: train\n  flags:\n    lr: 0.01\n",
    "requirements.txt": "torch==2.1.0\nscikit-learn==1.3.0\nnumpy==1.26.0\n",
    "train.py": TRAIN,
}


def test_guild_covers_all(tmp_path):
    """A guild.yml whose only operation names train.py records train.py's runs, not the baselines the README runs with plain python."""
    result = audit_committed(tmp_path, GUILD_COVERS_ALL)
    assert dimension(result, "parameter_logging").score <= 2


def _seed_report_train(out: str) -> str:
    """The training script both seed-report fixtures share: one report per seed, written into ``out``."""
    return (
        "import argparse\n"
        "import os\n"
        "import random\n"
        "import numpy as np\n"
        "import torch\n"
        "import torch.nn as nn\n"
        "\n"
        "parser = argparse.ArgumentParser()\n"
        'parser.add_argument("--seed", type=int, default=0)\n'
        'parser.add_argument("--lr", type=float, default=0.01)\n'
        "args = parser.parse_args()\n"
        "random.seed(args.seed)\n"
        "np.random.seed(args.seed)\n"
        "torch.manual_seed(args.seed)\n"
        "\n"
        "model = nn.Linear(10, 2)\n"
        "opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n"
        "for step in range(100):\n"
        "    x, y = torch.randn(32, 10), torch.randint(0, 2, (32,))\n"
        "    loss = nn.functional.cross_entropy(model(x), y)\n"
        "    opt.zero_grad(); loss.backward(); opt.step()\n"
        "acc = (model(x).argmax(1) == y).float().mean().item()\n"
        f'os.makedirs("{out}", exist_ok=True)\n'
        f'with open(os.path.join("{out}", f"seed{{args.seed}}.md"), "w") as fh:\n'
        '    fh.write(f"# Seed {args.seed}\\n\\ntest accuracy: {acc:.3f}\\n")\n'
    )


CORPUS_DROPS_DOCS = {
    "README.md": (
        "# Demo\n"
        "\n"
        "```bash\n"
        "python train.py --seed 1\n"
        "```\n"
        "\n"
        "Results are in [reports/summary.md](reports/summary.md).\n"
    ),
    "reports/seed1.md": "# Seed 1\n\ntest accuracy: 0.810\n",
    "reports/seed2.md": "# Seed 2\n\ntest accuracy: 0.790\n",
    "reports/summary.md": "# Summary\n\nTest accuracy over five seeds (1-5): mean ± std = 0.800 ± 0.010.\n",
    "requirements.txt": "torch==2.1.0\nnumpy==1.26.0\n",
    "train.py": (_seed_report_train("reports/")),
}


def test_corpus_drops_docs(tmp_path):
    """A folder the code writes (makedirs, report files) is no retrieval corpus: its committed summary stating five seeds still counts."""
    result = audit_committed(tmp_path, CORPUS_DROPS_DOCS)
    assert _statuses(result, "ET321") == ["PASS"]


GUILD_FLAG_STEPS = {
    "README.md": GUILD_README,
    "guild.yml": (
        "train:\n"
        "  description: Train the classifier\n"
        "  main: train\n"
        "  flags:\n"
        "    steps: 1000\n"
        "    lr: 0.01\n"
    ),
    "requirements.txt": REQUIREMENTS,
    "train.py": TRAIN,
}


def test_guild_flag_steps(tmp_path):
    """A Guild flag named `steps` is a value, not the operation's steps: no pipeline."""
    result = audit_committed(tmp_path, GUILD_FLAG_STEPS)
    assert "PASS" not in _statuses(result, "ET501")


GUILD_FLAG_COMPARE = {
    "README.md": GUILD_README,
    "guild.yml": (
        "train:\n"
        "  description: Train the classifier\n"
        "  main: train\n"
        "  flags:\n"
        "    lr: 0.01\n"
        "    compare: false\n"
    ),
    "requirements.txt": REQUIREMENTS,
    "train.py": TRAIN,
}


def test_guild_flag_compare(tmp_path):
    """A Guild flag named `compare` is a value, not compare columns."""
    result = audit_committed(tmp_path, GUILD_FLAG_COMPARE)
    assert "PASS" not in _statuses(result, "ET320")


CURL_PREDICT_AS_DATA = {
    "README.md": (
        "# Churn classifier\n"
        "\n"
        "Train:\n"
        "\n"
        "```bash\n"
        "python train.py\n"
        "```\n"
        "\n"
        "Serve and query:\n"
        "\n"
        "```bash\n"
        "python serve.py\n"
        'curl -X POST http://localhost:5000/predict -H "Content-Type: application/json" -d \'{"features": '
        "[1, 2, 3]}'\n"
        "```\n"
    ),
    "requirements.txt": "pandas==2.1.0\nscikit-learn==1.3.0\nflask==3.0.0\n",
    "serve.py": (
        "import joblib\n"
        "from flask import Flask, request, jsonify\n"
        "\n"
        "app = Flask(__name__)\n"
        'clf = joblib.load("model.joblib")\n'
        "\n"
        "\n"
        '@app.route("/predict", methods=["POST"])\n'
        "def predict():\n"
        '    return jsonify(clf.predict([request.json["features"]]).tolist())\n'
    ),
    "train.py": (
        "import pandas as pd\n"
        "import joblib\n"
        "from sklearn.linear_model import LogisticRegression\n"
        "\n"
        'df = pd.read_csv("data/train.csv")\n'
        'X, y = df.drop(columns=["label"]), df["label"]\n'
        "clf = LogisticRegression(random_state=0).fit(X, y)\n"
        'joblib.dump(clf, "model.joblib")\n'
    ),
}


def test_curl_predict_as_data(tmp_path):
    """`curl -X POST http://localhost:5000/predict` in the README queries the served model; it downloads no data."""
    result = audit_committed(tmp_path, CURL_PREDICT_AS_DATA)
    assert dimension(result, "data_versioning").score == 0


EXTERNAL_NOTEBOOK = {
    "README.md": "# Classifier\n\n```bash\npython train.py\n```\n",
    "external/NOTICE.txt": "Copied from github.com/someone/upstream-demo (MIT).\n",
    "external/upstream_demo.ipynb": (
        "{\n"
        ' "cells": [\n'
        "  {\n"
        '   "cell_type": "code",\n'
        '   "execution_count": null,\n'
        '   "metadata": {},\n'
        '   "outputs": [],\n'
        '   "source": [\n'
        '    "import wandb\\n",\n'
        '    "import torch\\n",\n'
        '    "import torch.nn as nn\\n",\n'
        "    \"wandb.init(project='upstream-demo', config={'lr': 0.1})\\n\",\n"
        '    "model = nn.Linear(4, 2)\\n",\n'
        '    "opt = torch.optim.Adam(model.parameters(), lr=0.1)\\n",\n'
        '    "for step in range(10):\\n",\n'
        '    "    loss = model(torch.randn(8, 4)).pow(2).mean()\\n",\n'
        '    "    opt.zero_grad(); loss.backward(); opt.step()\\n",\n'
        "    \"    wandb.log({'loss': loss.item()})\\n\"\n"
        "   ]\n"
        "  }\n"
        " ],\n"
        ' "metadata": {\n'
        '  "kernelspec": {\n'
        '   "name": "python3",\n'
        '   "display_name": "Python 3",\n'
        '   "language": "python"\n'
        "  }\n"
        " },\n"
        ' "nbformat": 4,\n'
        ' "nbformat_minor": 5\n'
        "}"
    ),
    "requirements.txt": REQUIREMENTS,
    "train.py": TRAIN,
}


def test_external_notebook(tmp_path):
    """external/ holding a copied upstream notebook stays vendored: its wandb.init is not the project's tracker."""
    result = audit_committed(tmp_path, EXTERNAL_NOTEBOOK)
    assert _statuses(result, "ET101") == ["FAIL"]


PYDANTIC_CONFIGURATION = {
    "README.md": "# Demo\n\n```bash\npython train.py --config config.yaml\n```\n",
    "config.yaml": "lr: 0.01\nepochs: 10\nhidden: 64\n",
    "requirements.txt": "torch==2.1.0\npydantic==2.5.0\npyyaml==6.0.1\n",
    "train.py": (
        "import argparse\n"
        "import yaml\n"
        "import torch\n"
        "import torch.nn as nn\n"
        "from pydantic import BaseModel\n"
        "\n"
        "\n"
        "class TrainingConfiguration(BaseModel):\n"
        "    lr: float = 0.01\n"
        "    epochs: int = 10\n"
        "    hidden: int = 64\n"
        "\n"
        "\n"
        "parser = argparse.ArgumentParser()\n"
        'parser.add_argument("--config", default="config.yaml")\n'
        "args = parser.parse_args()\n"
        "with open(args.config) as fh:\n"
        "    cfg = TrainingConfiguration(**yaml.safe_load(fh))\n"
        "\n"
        "torch.manual_seed(0)\n"
        "model = nn.Sequential(nn.Linear(10, cfg.hidden), nn.ReLU(), nn.Linear(cfg.hidden, 2))\n"
        "opt = torch.optim.SGD(model.parameters(), lr=cfg.lr)\n"
        "for epoch in range(cfg.epochs):\n"
        "    x = torch.randn(32, 10)\n"
        "    y = torch.randint(0, 2, (32,))\n"
        "    loss = nn.functional.cross_entropy(model(x), y)\n"
        "    opt.zero_grad()\n"
        "    loss.backward()\n"
        "    opt.step()\n"
        '    print(f"epoch {epoch} loss {loss.item():.4f}")\n'
        'torch.save(model.state_dict(), "model.pt")\n'
    ),
}


def test_pydantic_configuration(tmp_path):
    """A pydantic `TrainingConfiguration` filled from yaml is the run's typed configuration."""
    result = audit_committed(tmp_path, PYDANTIC_CONFIGURATION)
    assert _statuses(result, "ET202") == ["PASS"]


DOCKER_ARG_FROM = {
    "Dockerfile": (
        "ARG BASE_IMAGE=pytorch/pytorch:latest\n"
        "FROM ${BASE_IMAGE}\n"
        "WORKDIR /app\n"
        "COPY requirements.txt .\n"
        "RUN pip install -r requirements.txt\n"
        "COPY . .\n"
        'CMD ["python", "train.py"]\n'
    ),
    "README.md": "# Classifier\n\n```bash\ndocker build -t clf .\ndocker run clf\n```\n",
    "requirements.txt": "torch==1.13.1\n",
    "train.py": TRAIN,
}


def test_docker_arg_from(tmp_path):
    """`FROM ${BASE_IMAGE}` with `ARG BASE_IMAGE=pytorch/pytorch:latest`: the fix pins the PyTorch image the argument names, not `${BASE_IMAGE}`."""
    result = audit_committed(tmp_path, DOCKER_ARG_FROM)
    fix = next(f.recommendation for f in result.findings if f.rule_id == "ET412")
    assert "FROM pytorch/pytorch:" in fix and "$" not in fix.split("FROM", 1)[1].split("\n", 1)[0], fix


DOCKER_MULTISTAGE = {
    "Dockerfile": (
        "FROM python:3.10-slim@sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9 AS "
        "wheels\n"
        "COPY requirements.txt .\n"
        "RUN pip wheel -r requirements.txt -w /wheels\n"
        "\n"
        "FROM pytorch/pytorch\n"
        "COPY --from=wheels /wheels /wheels\n"
        "RUN pip install /wheels/*\n"
        "COPY . /app\n"
        'CMD ["python", "/app/train.py"]\n'
    ),
    "README.md": "# Classifier\n\n```bash\ndocker build -t clf .\ndocker run clf\n```\n",
    "requirements.txt": "torch==1.13.1\n",
    "train.py": TRAIN,
}


def test_docker_multistage(tmp_path):
    """A pinned python builder stage then a loose `FROM pytorch/pytorch`: the fix pins the PyTorch stage."""
    result = audit_committed(tmp_path, DOCKER_MULTISTAGE)
    fix = next(f.recommendation for f in result.findings if f.rule_id == "ET412")
    assert "FROM pytorch/pytorch:" in fix and "$" not in fix.split("FROM", 1)[1].split("\n", 1)[0], fix


BEST_PICKER_NAME = {
    "README.md": "# Demo\n\n```bash\npython train.py\n```\n",
    "requirements.txt": REQUIREMENTS,
    "train.py": (
        "import argparse\n"
        "import torch\n"
        "import torch.nn as nn\n"
        "\n"
        "parser = argparse.ArgumentParser()\n"
        'parser.add_argument("--epochs", type=int, default=10)\n'
        'parser.add_argument("--lr", type=float, default=0.01)\n'
        "args = parser.parse_args()\n"
        "\n"
        "\n"
        "def evaluate(model, x, y):\n"
        "    with torch.no_grad():\n"
        "        return (model(x).argmax(1) == y).float().mean().item()\n"
        "\n"
        "\n"
        "def print_best_epoch(history):\n"
        "    epoch = max(range(len(history)), key=history.__getitem__)\n"
        '    print(f"highest validation accuracy {history[epoch]:.3f} at epoch {epoch}")\n'
        "\n"
        "\n"
        "torch.manual_seed(0)\n"
        "model = nn.Linear(10, 2)\n"
        "opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n"
        "x_val, y_val = torch.randn(64, 10), torch.randint(0, 2, (64,))\n"
        "history = []\n"
        "for epoch in range(args.epochs):\n"
        "    x, y = torch.randn(32, 10), torch.randint(0, 2, (32,))\n"
        "    loss = nn.functional.cross_entropy(model(x), y)\n"
        "    opt.zero_grad(); loss.backward(); opt.step()\n"
        "    history.append(evaluate(model, x_val, y_val))\n"
        "print_best_epoch(history)\n"
        'torch.save(model.state_dict(), "final_model.pt")\n'
    ),
}


def test_best_picker_name(tmp_path):
    """`print_best_epoch(history)` prints; it selects no best model."""
    result = audit_committed(tmp_path, BEST_PICKER_NAME)
    assert "PASS" not in _statuses(result, "ET310")


RUNS_ACROSS = {
    "README.md": (
        "# Demo\n"
        "\n"
        "```bash\n"
        "python train.py --seed 1\n"
        "```\n"
        "\n"
        "## Results\n"
        "\n"
        "| Model | Test accuracy |\n"
        "|-------|---------------|\n"
        "| Linear | 0.80 |\n"
        "\n"
        "Accuracy is averaged across 5 runs with seeds 1-5.\n"
    ),
    "requirements.txt": "torch==2.1.0\nnumpy==1.26.0\n",
    "train.py": (_seed_report_train("out")),
}


def test_runs_across(tmp_path):
    """ "Accuracy is averaged across 5 runs with seeds 1-5" reports repeated runs."""
    result = audit_committed(tmp_path, RUNS_ACROSS)
    assert _statuses(result, "ET321") == ["PASS"]


GUILD_RUN_DASH_O = {
    "README.md": "# Classifier\n\n```bash\nguild run train lr=0.01 --yes && python plot.py -o curve.png\n```\n",
    "guild.yml": "train:\n  main: train\n  flags:\n    lr: 0.01\n",
    "plot.py": (
        "import argparse\n"
        "import matplotlib.pyplot as plt\n"
        "\n"
        "p = argparse.ArgumentParser()\n"
        'p.add_argument("-o", "--out", default="curve.png")\n'
        "a = p.parse_args()\n"
        "plt.plot([1, 2, 3])\n"
        "plt.savefig(a.out)\n"
    ),
    "requirements.txt": REQUIREMENTS,
    "run.sh": "#!/bin/bash\nguild run train lr=0.01 --yes && python plot.py -o curve.png\n",
    "train.py": TRAIN,
}


def test_guild_run_dash_o(tmp_path):
    """`guild run ... --yes && python plot.py -o curve.png`: plot.py's -o is no Guild optimizer."""
    result = audit_committed(tmp_path, GUILD_RUN_DASH_O)
    assert "guild_optimizers" not in {d.tool for d in result.ctx.detections}


RETENTION_PHRASE = {
    "README.md": (
        "# Demo\n"
        "\n"
        "```bash\n"
        "python train.py\n"
        "```\n"
        "\n"
        "## Governance\n"
        "\n"
        "The tracking server runs with `mlflow server --app-name basic-auth`; only the ML team has write "
        "access.\n"
        "Runs without a registered model are pruned weekly under a 90-day retention.\n"
    ),
    "requirements.txt": "torch==2.1.0\nmlflow==2.9.0\n",
    "train.py": (
        "import argparse\n"
        "import mlflow\n"
        "import torch\n"
        "import torch.nn as nn\n"
        "\n"
        "parser = argparse.ArgumentParser()\n"
        'parser.add_argument("--lr", type=float, default=0.01)\n'
        "args = parser.parse_args()\n"
        'mlflow.set_tracking_uri("https://mlflow.internal.example.com")\n'
        "with mlflow.start_run():\n"
        "    mlflow.log_params(vars(args))\n"
        "    model = nn.Linear(10, 2)\n"
        "    opt = torch.optim.SGD(model.parameters(), lr=args.lr)\n"
        "    for step in range(100):\n"
        "        x, y = torch.randn(32, 10), torch.randint(0, 2, (32,))\n"
        "        loss = nn.functional.cross_entropy(model(x), y)\n"
        "        opt.zero_grad(); loss.backward(); opt.step()\n"
        '        mlflow.log_metric("loss", loss.item(), step=step)\n'
    ),
}


def test_retention_phrase(tmp_path):
    """ "a 90-day retention" of runs is a retention policy."""
    result = audit_committed(tmp_path, RETENTION_PHRASE)
    assert _statuses(result, "ET614") == ["PASS"]


GUILD_SPACE_MISSED = {
    "README.md": GUILD_README,
    "guild.yml": (
        "train:\n"
        "  description: Train the classifier\n"
        "  main: train\n"
        "  flags:\n"
        "    lr: [1e-5:1e-1]\n"
        "    batch_size: [16, 32, 64]\n"
    ),
    "requirements.txt": REQUIREMENTS,
    "train.py": TRAIN,
}


def test_guild_space_missed(tmp_path):
    """`lr: [1e-5:1e-1]` and a flag's list of values are Guild search spaces (read as list items)."""
    result = audit_committed(tmp_path, GUILD_SPACE_MISSED)
    assert "guild_optimizers" in {d.tool for d in result.ctx.detections}
