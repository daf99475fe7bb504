"""Generate a deterministic synthetic ML repository for scale benchmarks.

    python benchmarks/make_synthetic_repo.py DEST --py 5000 --notebooks 200 --yaml 1000 [--seed 0] [--git]
    python benchmarks/make_synthetic_repo.py DEST --profile notebook-heavy [--git]

The tree looks like a large real ML monorepo: packages of Python modules (50-400 lines) that
import torch / sklearn / mlflow / wandb / hydra / optuna in varying mixes, with argparse entry
points, classes, functions, training loops, comments and docstrings that mention tools (traps);
Jupyter notebooks with markdown + code cells and IPython magics; Hydra-style YAML config groups
(``_target_``, defaults lists); requirements files; a README; optionally a git repository with a
fixed author and date. The same arguments always produce byte-identical files.

The ``notebook-heavy`` profile looks like a tutorial/examples repository instead: ~190 notebooks,
many with screenshots pasted into markdown cells as base64 data URIs and with image outputs,
long single-line (minified) JSON documents, large multi-document Kubernetes-style YAML manifests
and a few hundred modules: the inputs whose long lines made line-by-line scans slow.

Standard library only; writes ~1M lines in a few seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

WORDS = [
    "encoder",
    "decoder",
    "embed",
    "project",
    "pool",
    "attend",
    "fuse",
    "align",
    "score",
    "rank",
    "batch",
    "shard",
    "stream",
    "cache",
    "window",
    "patch",
    "token",
    "sample",
    "mask",
    "route",
    "gate",
    "mix",
    "scale",
    "norm",
    "clip",
    "warm",
    "decay",
    "sweep",
    "fold",
    "split",
    "label",
    "feature",
    "signal",
    "target",
    "metric",
    "loss",
    "grad",
    "step",
    "epoch",
    "horizon",
    "lag",
    "trend",
    "season",
    "anomaly",
]
DOMAINS = ["vision", "nlp", "tabular", "speech", "recsys", "forecast", "graph", "rl"]
TRACKERS = ["mlflow", "wandb", "tensorboard", "none", "none", "hydra"]

IMPORT_SETS = {
    "base": [
        "import argparse",
        "import json",
        "import logging",
        "import os",
        "import random",
        "from dataclasses import dataclass, field",
        "from pathlib import Path",
    ],
    "torch": [
        "import torch",
        "import torch.nn as nn",
        "import torch.nn.functional as F",
        "from torch.utils.data import DataLoader, Dataset",
    ],
    "sklearn": [
        "from sklearn.model_selection import train_test_split",
        "from sklearn.metrics import accuracy_score, f1_score, roc_auc_score",
        "from sklearn.ensemble import RandomForestClassifier",
    ],
    "numpy": ["import numpy as np", "import pandas as pd"],
    "mlflow": ["import mlflow", "import mlflow.pytorch"],
    "wandb": ["import wandb"],
    "tensorboard": ["from torch.utils.tensorboard import SummaryWriter"],
    "hydra": ["import hydra", "from omegaconf import DictConfig, OmegaConf"],
    "optuna": ["import optuna"],
}


class Gen:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def name(self, n: int = 2) -> str:
        return "_".join(self.r.choice(WORDS) for _ in range(n))

    def cls_name(self) -> str:
        return "".join(w.capitalize() for w in self.name(2).split("_")) + self.r.choice(
            ["Model", "Block", "Dataset", "Trainer", "Head", "Module", "Transform"]
        )

    # ---- python -----------------------------------------------------------------------
    def py_module(self, target_lines: int, mod_idx: int) -> str:
        r = self.r
        groups = ["base", "numpy"]
        if r.random() < 0.7:
            groups.append("torch")
        if r.random() < 0.35:
            groups.append("sklearn")
        tracker = r.choice(TRACKERS)
        if tracker in IMPORT_SETS:
            groups.append(tracker)
        if r.random() < 0.05:
            groups.append("optuna")
        lines: list[str] = [
            f'"""{self.name(3).replace("_", " ").capitalize()} utilities (module {mod_idx})."""',
            "",
        ]
        lines.append("from __future__ import annotations")
        lines.append("")
        for g in groups:
            lines.extend(IMPORT_SETS[g])
        if r.random() < 0.1:
            lines += ["", "try:", "    import wandb  # optional", "except ImportError:", "    wandb = None"]
        if r.random() < 0.15:
            lines.append("# TODO: switch to mlflow.log_metric once the server is up")
        lines += ["", "log = logging.getLogger(__name__)", f"SEED = {r.randint(0, 99999)}", ""]

        has_torch = "torch" in groups
        body_makers = [self._func, self._func, self._dataclass]
        if has_torch:
            body_makers += [self._nn_module, self._nn_module]
        while len(lines) < target_lines - 30:
            lines.append("")
            lines.extend(r.choice(body_makers)())
        if r.random() < 0.4:
            lines.append("")
            lines.extend(self._entry_point(tracker, has_torch, "sklearn" in groups))
        return "\n".join(lines) + "\n"

    def _func(self) -> list[str]:
        r = self.r
        fn = self.name(2)
        args = [self.r.choice(WORDS) + "_" + str(i) for i in range(r.randint(1, 4))]
        out = [
            f"def {fn}({', '.join(a + ': float' for a in args)}, scale: float = {r.random():.3f}) -> float:",
            f'    """Compute the {self.name(2).replace("_", " ")} term."""',
            "    total = 0.0",
        ]
        for i in range(r.randint(3, 14)):
            a = r.choice(args)
            op = r.choice(["+", "-", "*"])
            if r.random() < 0.3:
                out += [f"    if {a} > {r.random():.2f}:", f"        total {op}= {a} * scale"]
            elif r.random() < 0.2:
                out += [
                    f"    for k in range({r.randint(2, 9)}):",
                    f"        total += ({a} - k) ** 2 / (k + 1)",
                ]
            else:
                out.append(f"    total {op}= {a} * {r.random():.4f}  # step {i}")
        out += ["    log.debug('%s -> %.4f', " + repr(fn) + ", total)", "    return total", ""]
        return out

    def _dataclass(self) -> list[str]:
        r = self.r
        out = ["@dataclass", f"class {self.cls_name()}Config:"]
        for _ in range(r.randint(3, 10)):
            kind = r.choice(["int", "float", "str", "bool"])
            val = {
                "int": str(r.randint(1, 512)),
                "float": f"{r.random():.4g}",
                "str": repr(self.name(1)),
                "bool": r.choice(["True", "False"]),
            }[kind]
            out.append(f"    {self.name(2)}: {kind} = {val}")
        out.append("    tags: list[str] = field(default_factory=list)")
        out.append("")
        return out

    def _nn_module(self) -> list[str]:
        r = self.r
        cls = self.cls_name()
        d = r.choice([64, 128, 256, 512])
        n = r.randint(1, 4)
        out = [
            f"class {cls}(nn.Module):",
            f'    """{self.name(3).replace("_", " ").capitalize()} block."""',
            "",
            f"    def __init__(self, dim: int = {d}, depth: int = {n}, dropout: float = {r.random() / 2:.2f}) -> None:",
            "        super().__init__()",
            "        self.layers = nn.ModuleList(",
            "            [nn.Sequential(nn.Linear(dim, dim), nn.GELU(), nn.Dropout(dropout)) for _ in range(depth)]",
            "        )",
            "        self.norm = nn.LayerNorm(dim)",
            "",
            "    def forward(self, x: torch.Tensor) -> torch.Tensor:",
            "        for layer in self.layers:",
            "            x = x + layer(x)",
            f"        return self.norm(x) * {r.random() + 0.5:.3f}",
            "",
        ]
        return out

    def _entry_point(self, tracker: str, has_torch: bool, has_sklearn: bool) -> list[str]:
        r = self.r
        out = [
            "def main() -> None:",
            "    parser = argparse.ArgumentParser(description=__doc__)",
            f"    parser.add_argument('--lr', type=float, default={10 ** -r.randint(2, 5)})",
            f"    parser.add_argument('--epochs', type=int, default={r.randint(1, 100)})",
            f"    parser.add_argument('--batch-size', type=int, default={r.choice([16, 32, 64, 128])})",
            "    parser.add_argument('--seed', type=int, default=SEED)",
            "    args = parser.parse_args()",
            "    random.seed(args.seed)",
            "    np.random.seed(args.seed)",
        ]
        if has_torch:
            out.append("    torch.manual_seed(args.seed)")
        if tracker == "mlflow":
            out += [
                "    mlflow.set_experiment(" + repr(self.name(2)) + ")",
                "    mlflow.start_run()",
                "    mlflow.log_params(vars(args))",
            ]
        elif tracker == "wandb":
            out += ["    run = wandb.init(project=" + repr(self.name(2)) + ", config=vars(args))"]
        elif tracker == "tensorboard":
            out += ["    writer = SummaryWriter(log_dir='runs/' + " + repr(self.name(1)) + ")"]
        if has_sklearn:
            out += [
                "    X = np.random.rand(500, 8)",
                "    y = (X[:, 0] > 0.5).astype(int)",
                "    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2"
                + (", random_state=args.seed)" if r.random() < 0.6 else ")"),
                "    clf = RandomForestClassifier(n_estimators=100).fit(X_tr, y_tr)",
                "    acc = accuracy_score(y_te, clf.predict(X_te))",
            ]
        else:
            out.append("    acc = float(np.random.rand())")
        out += ["    for epoch in range(args.epochs):", "        loss = 1.0 / (epoch + 1)"]
        if tracker == "mlflow":
            out.append("        mlflow.log_metric('loss', loss, step=epoch)")
        elif tracker == "wandb":
            out.append("        run.log({'loss': loss, 'epoch': epoch})")
        elif tracker == "tensorboard":
            out.append("        writer.add_scalar('loss', loss, epoch)")
        else:
            out.append("        log.info('epoch %d loss %.4f', epoch, loss)")
        if tracker == "mlflow":
            out += ["    mlflow.log_metric('acc', acc)", "    mlflow.end_run()"]
        elif tracker == "wandb":
            out += ["    run.summary['acc'] = acc", "    run.finish()"]
        out += ["    print(json.dumps({'acc': acc}))", "", "", "if __name__ == '__main__':", "    main()"]
        return out

    # ---- notebooks --------------------------------------------------------------------
    def notebook(self, idx: int) -> str:
        r = self.r
        cells = [
            self._md(
                f"# {self.name(3).replace('_', ' ').title()} — exploration {idx}\n\nNotes on {self.name(2).replace('_', ' ')}."
            )
        ]
        cells.append(self._code("%matplotlib inline\n%load_ext autoreload\n%autoreload 2"))
        cells.append(
            self._code(
                "import numpy as np\nimport pandas as pd\nimport matplotlib.pyplot as plt"
                + ("\nimport torch" if r.random() < 0.6 else "")
                + ("\nimport wandb" if r.random() < 0.1 else "")
            )
        )
        for _ in range(r.randint(6, 30)):
            roll = r.random()
            if roll < 0.25:
                cells.append(
                    self._md(
                        f"## {self.name(2).replace('_', ' ').capitalize()}\n"
                        f"Result: {r.random():.3f} with lr={10 ** -r.randint(2, 5)}."
                    )
                )
            elif roll < 0.32:
                cells.append(
                    self._code(
                        r.choice(
                            [
                                "!nvidia-smi",
                                "!pip install -q einops",
                                "%timeit np.arange(1000).sum()",
                                "!ls -la ../data | head",
                            ]
                        )
                    )
                )
            else:
                v = self.name(1)
                cells.append(
                    self._code(
                        f"{v} = np.random.default_rng({r.randint(0, 999)}).normal(size=({r.randint(10, 500)}, {r.randint(2, 16)}))\n"
                        f"df_{v} = pd.DataFrame({v}).add_prefix('f')\n"
                        f"df_{v}.describe().T.head()"
                    )
                )
        nb = {
            "cells": cells,
            "metadata": {
                "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                "language_info": {"name": "python", "version": "3.10.12"},
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        for i, c in enumerate(nb["cells"]):
            c["id"] = f"c{idx:04d}-{i:03d}"
        return json.dumps(nb, indent=1) + "\n"

    @staticmethod
    def _md(text: str) -> dict:
        return {"cell_type": "markdown", "metadata": {}, "source": text.splitlines(True)}

    def _code(self, text: str) -> dict:
        return {
            "cell_type": "code",
            "execution_count": self.r.randint(1, 200),
            "metadata": {},
            "outputs": [],
            "source": text.splitlines(True),
        }

    # ---- yaml -------------------------------------------------------------------------
    def yaml_config(self, group: str, idx: int) -> str:
        r = self.r
        if group == "logger":
            target = r.choice(
                [
                    "lightning.pytorch.loggers.WandbLogger",
                    "lightning.pytorch.loggers.TensorBoardLogger",
                    "lightning.pytorch.loggers.MLFlowLogger",
                    "lightning.pytorch.loggers.CSVLogger",
                ]
            )
            return (
                f"{self.name(1)}:\n  _target_: {target}\n  save_dir: ${{paths.output_dir}}\n"
                f"  name: {self.name(2)}\n"
            )
        if group == "experiment":
            lines = [
                "# @package _global_",
                "defaults:",
                f"  - override /model: model_{r.randint(0, 99):03d}",
                f"  - override /data: data_{r.randint(0, 99):03d}",
                "",
                f"tags: [{self.name(1)}, {self.name(1)}]",
                f"seed: {r.randint(0, 9999)}",
                "trainer:",
                f"  max_epochs: {r.randint(1, 200)}",
            ]
            return "\n".join(lines) + "\n"
        lines = [f"_target_: src.{group}s.{self.cls_name()}"]
        for _ in range(r.randint(4, 25)):
            k = self.name(2)
            kind = r.random()
            if kind < 0.3:
                lines.append(f"{k}: {r.randint(0, 4096)}")
            elif kind < 0.55:
                lines.append(f"{k}: {r.random():.5g}")
            elif kind < 0.7:
                lines.append(f"{k}: [{', '.join(str(r.randint(1, 64)) for _ in range(r.randint(1, 5)))}]")
            elif kind < 0.8:
                lines.append(f"{k}: ${{{r.choice(['seed', 'paths.data_dir', 'trainer.max_epochs'])}}}")
            else:
                lines.append(f"{k}:\n  {self.name(1)}: {r.random():.3f}\n  {self.name(1)}: {self.name(1)}")
        return "\n".join(lines) + "\n"


GROUPS = ["model", "data", "trainer", "optimizer", "logger", "experiment", "callbacks"]


def generate(dest: Path, n_py: int, n_nb: int, n_yaml: int, seed: int = 0) -> dict[str, int]:
    g = Gen(seed)
    dest.mkdir(parents=True, exist_ok=True)
    counts = {"python_files": 0, "python_lines": 0, "notebooks": 0, "yaml_files": 0, "bytes": 0}

    def write(rel: str, text: str) -> None:
        p = dest / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        p.write_bytes(data)
        counts["bytes"] += len(data)

    # packages of ~50 modules each, spread across domains
    per_pkg = 50
    for i in range(n_py):
        pkg = f"src/{DOMAINS[(i // per_pkg) % len(DOMAINS)]}_{i // per_pkg:03d}"
        if i % per_pkg == 0:
            write(f"{pkg}/__init__.py", f'"""Package {pkg}."""\n')
        # body stops ~30 lines short of the target; an entry point adds up to ~35: files land in 50-400 lines
        target = int(min(360, max(85, g.r.lognormvariate(4.9, 0.5))))
        text = g.py_module(target, i)
        write(f"{pkg}/{g.name(2)}_{i:05d}.py", text)
        counts["python_files"] += 1
        counts["python_lines"] += text.count("\n")
    for i in range(n_nb):
        write(f"notebooks/{DOMAINS[i % len(DOMAINS)]}/{i:04d}_{g.name(2)}.ipynb", g.notebook(i))
        counts["notebooks"] += 1
    write(
        "configs/train.yaml",
        "defaults:\n  - _self_\n  - model: model_000\n  - data: data_000\n"
        "  - trainer: trainer_000\n  - logger: logger_000\n\nseed: 42\npaths:\n  data_dir: data\n"
        "  output_dir: ${hydra:runtime.output_dir}\n",
    )
    for i in range(max(0, n_yaml - 1)):
        group = GROUPS[i % len(GROUPS)]
        write(f"configs/{group}/{group}_{i // len(GROUPS):03d}.yaml", g.yaml_config(group, i))
        counts["yaml_files"] += 1
    counts["yaml_files"] += 1 if n_yaml else 0
    write(
        "requirements.txt",
        "torch==2.1.2\nlightning==2.1.3\nhydra-core==1.3.2\nmlflow==2.9.2\nwandb==0.16.1\n"
        "scikit-learn==1.3.2\nnumpy==1.26.2\npandas==2.1.4\noptuna==3.5.0\n# neptune\n",
    )
    write("requirements-dev.txt", "-r requirements.txt\npytest==7.4.4\nruff==0.1.9\n")
    write(
        "README.md",
        f"# synthetic-ml-monorepo\n\nGenerated by benchmarks/make_synthetic_repo.py (seed {seed}):"
        f" {n_py} modules, {n_nb} notebooks, {n_yaml} configs.\nWe track runs in MLflow and W&B.\n",
    )
    write(".gitignore", "__pycache__/\nmlruns/\nwandb/\noutputs/\nmultirun/\n/data/\n")
    return counts


def _b64(g: Gen, kilobytes: int) -> str:
    import base64

    return base64.b64encode(g.r.randbytes(kilobytes * 768)).decode()


def heavy_notebook(g: Gen, idx: int) -> str:
    r = g.r
    cells = [Gen._md(f"# {g.name(3).replace('_', ' ').title()} — example {idx}")]
    cells.append(g._code("import wandb\nimport torch\nwandb.init(project='examples')"))
    for _ in range(r.randint(6, 24)):
        roll = r.random()
        if roll < 0.12:
            # A screenshot pasted into a markdown cell: one line of base64 in a data URI.
            cells.append(
                Gen._md(f'<img src="data:image/png;base64,{_b64(g, r.randint(20, 200))}" width="600"/>')
            )
        elif roll < 0.3:
            cells.append(
                Gen._md(f"## {g.name(2).replace('_', ' ').capitalize()}\nThe api token is read from the env.")
            )
        else:
            code = g._code(
                f"for step in range({r.randint(10, 500)}):\n    wandb.log({{'loss': {r.random():.3f} / (step + 1)}})"
            )
            if r.random() < 0.35:
                code["outputs"] = [
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {
                            "image/png": _b64(g, r.randint(10, 120)),
                            "text/plain": ["<Figure size 640x480>"],
                        },
                    }
                ]
            cells.append(code)
    nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    for i, c in enumerate(nb["cells"]):
        c["id"] = f"h{idx:04d}-{i:03d}"
    return json.dumps(nb, indent=1) + "\n"


def k8s_manifest(g: Gen, idx: int, docs: int) -> str:
    r = g.r
    out = []
    for d in range(docs):
        name = g.name(2).replace("_", "-")
        env = "\n".join(
            f'            - name: {g.name(2).upper()}\n              value: "{r.randint(0, 10**6)}"'
            for _ in range(r.randint(5, 30))
        )
        out.append(
            f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}-{idx}-{d}
  labels:
    app: {name}
spec:
  replicas: {r.randint(1, 8)}
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
        - name: {name}
          image: registry.example.com/{name}:{r.randint(1, 99)}.{r.randint(0, 9)}
          args: ["--lr", "{10 ** -r.randint(2, 5)}", "--epochs", "{r.randint(1, 100)}"]
          resources:
            limits:
              nvidia.com/gpu: {r.randint(0, 8)}
          env:
{env}
"""
        )
    return "---\n".join(out)


def generate_notebook_heavy(dest: Path, seed: int = 0) -> dict[str, int]:
    """The notebook-heavy profile (see the module docstring)."""
    g = Gen(seed)
    dest.mkdir(parents=True, exist_ok=True)
    counts = {
        "python_files": 0,
        "python_lines": 0,
        "notebooks": 0,
        "yaml_files": 0,
        "json_files": 0,
        "bytes": 0,
    }

    def write(rel: str, text: str) -> None:
        p = dest / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        p.write_bytes(data)
        counts["bytes"] += len(data)

    for i in range(190):
        write(f"examples/{DOMAINS[i % len(DOMAINS)]}/{i:04d}_{g.name(2)}.ipynb", heavy_notebook(g, i))
        counts["notebooks"] += 1
    for i in range(250):
        text = g.py_module(int(min(300, max(60, g.r.lognormvariate(4.5, 0.5)))), i)
        write(f"examples/{DOMAINS[i % len(DOMAINS)]}/scripts/{g.name(2)}_{i:04d}.py", text)
        counts["python_files"] += 1
        counts["python_lines"] += text.count("\n")
    for i in range(12):
        # Minified JSON documents: vocabularies, label maps, dataset indexes on one line.
        doc = {
            f"{g.name(2)}_{j}": [g.r.randint(0, 9999), g.name(1)] for j in range(g.r.randint(5_000, 40_000))
        }
        write(f"assets/{g.name(1)}_{i:02d}.json", json.dumps(doc, separators=(",", ":")))
        counts["json_files"] += 1
    for i in range(24):
        write(f"deploy/k8s/{g.name(1)}_{i:02d}.yaml", k8s_manifest(g, i, g.r.randint(10, 60)))
        counts["yaml_files"] += 1
    write("requirements.txt", "wandb==0.16.1\ntorch==2.1.2\nnumpy==1.26.2\n")
    write(
        "README.md", f"# examples (synthetic, notebook-heavy, seed {seed})\n\nRun the notebooks with W&B.\n"
    )
    write(".gitignore", "wandb/\n__pycache__/\n")
    return counts


def git_commit(dest: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        {
            "GIT_AUTHOR_NAME": "Bench",
            "GIT_AUTHOR_EMAIL": "bench@example.invalid",
            "GIT_COMMITTER_NAME": "Bench",
            "GIT_COMMITTER_EMAIL": "bench@example.invalid",
            "GIT_AUTHOR_DATE": "2024-01-15T12:00:00+00:00",
            "GIT_COMMITTER_DATE": "2024-01-15T12:00:00+00:00",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
        }
    )
    for args in (
        ["init", "-q", "--initial-branch=main"],
        ["add", "-A"],
        ["-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-m", "synthetic repo"],
    ):
        subprocess.run(["git", *args], cwd=dest, env=env, check=True, stdout=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dest", type=Path)
    ap.add_argument("--py", type=int, default=5000, help="number of Python modules")
    ap.add_argument("--notebooks", type=int, default=200)
    ap.add_argument("--yaml", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--profile",
        choices=("monorepo", "notebook-heavy"),
        default="monorepo",
        help="monorepo: --py/--notebooks/--yaml as given; notebook-heavy: an examples repository "
        "with pasted images, minified JSON and large Kubernetes YAML (sizes fixed)",
    )
    ap.add_argument("--git", action="store_true", help="make DEST a git repository with one fixed commit")
    ap.add_argument("--force", action="store_true", help="allow a non-empty DEST")
    args = ap.parse_args(argv)
    if args.dest.exists() and any(args.dest.iterdir()) and not args.force:
        print(f"error: {args.dest} is not empty (use --force)", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    if args.profile == "notebook-heavy":
        counts = generate_notebook_heavy(args.dest, args.seed)
    else:
        counts = generate(args.dest, args.py, args.notebooks, args.yaml, args.seed)
    if args.git:
        git_commit(args.dest)
    counts["seconds"] = round(time.perf_counter() - t0, 2)
    print(json.dumps(counts, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
