"""Families of real code the fresh63 round (repositories never seen before its first audit) showed the
auditor reading wrong, each with a synthetic case of our own."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo
from tests.test_fresh62_families import TABLE_LOOP

SERIES_SPLIT = """
import pandas as pd


def train_test_split(series, split_point):
    return series[series.index < split_point], series[series.index >= split_point]
"""

SERIES_TRAIN = """
import pandas as pd
import torch

from mylib.model_selection import train_test_split


def main():
    series = pd.read_csv("data/air.csv", index_col=0, parse_dates=True)["y"]
    train, val = train_test_split(series, pd.Timestamp("1958-01-01"))
""" + TABLE_LOOP.format(rows="[:1]").replace("Linear(2, 2)", "Linear(1, 1)")

SKLEARN_TEST = """
import numpy as np
from sklearn.model_selection import train_test_split


def test_fit():
    X, y = np.zeros((10, 2)), np.zeros(10)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2)
    assert len(X_tr) == 8
"""


def test_a_projects_own_split_function_and_test_fixture_splits_are_no_random_splits(tmp_path):
    # mylib's train_test_split cuts a series at a date (no randomness); a unit test's sklearn split is a
    # fixture: neither is an unseeded split of a run
    files = {
        "mylib/__init__.py": "",
        "mylib/model_selection.py": SERIES_SPLIT,
        "train.py": SERIES_TRAIN,
        "tests/test_fit.py": SKLEARN_TEST,
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    assert not result.ctx.taxonomy.splits_unseeded, result.ctx.taxonomy.splits_unseeded


CHECKED_LOADER = """
import hashlib
import os

import requests

URL = "https://example.org/data/air.csv"
MD5 = "0123456789abcdef0123456789abcdef"


def load(root="data"):
    path = os.path.join(root, "air.csv")
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(requests.get(URL).content)
    with open(path, "rb") as f:
        digest = hashlib.md5(f.read()).hexdigest()
    if digest != MD5:
        raise ValueError(f"checksum mismatch for {path}")
    return path
"""


def test_a_downloaded_files_digest_checked_on_load_is_a_checksum(tmp_path):
    # the loader hashes the downloaded file's bytes and compares them with the digest it states
    files = {
        "mylib/__init__.py": "",
        "mylib/datasets.py": CHECKED_LOADER,
        "train.py": SERIES_TRAIN.replace(
            "from mylib.model_selection import train_test_split", "from mylib.datasets import load"
        )
        .replace('series = pd.read_csv("data/air.csv"', "series = pd.read_csv(load()")
        .replace(
            '    train, val = train_test_split(series, pd.Timestamp("1958-01-01"))\n', "    train = series\n"
        ),
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    f120 = next(f for f in result.findings if f.rule_id == "ET120")
    assert "digests" in f120.message, f120.message


LIGHTNING_KWARGS = """
import pytorch_lightning as pl
import torch


class System(pl.LightningModule):
    def __init__(self, lr=1e-3):
        super().__init__()
        self.save_hyperparameters()
        self.net = torch.nn.Linear(2, 2)

    def training_step(self, batch, batch_idx):
        loss = self.net(batch).sum()
        self.log("train/loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.hparams.lr)


def fit(trainer_params):
    trainer = pl.Trainer(**trainer_params)
    trainer.fit(System(), torch.utils.data.DataLoader(torch.ones(8, 2)))


if __name__ == "__main__":
    fit({"max_epochs": 3, "logger": False})
"""


def test_a_trainer_built_from_a_dict_of_options_keeps_no_certain_log_folder(tmp_path):
    # pl.Trainer(**trainer_params): the dict may hold logger=False (it does here), so lightning_logs/version_N
    # is not every run's record; the hyperparameters still go into each checkpoint
    result = run_audit(write_repo(tmp_path, {"fit.py": LIGHTNING_KWARGS}), jobs=1)
    rec = result.ctx.records
    assert not any("lightning_logs" in p.target for p in rec.metrics), rec.metrics
    assert any("lightning_logs" in p.target for p in rec.optional), rec.optional


SEGMENT_EVAL = """
import numpy as np
import torch


def get_confusion_matrix(label, pred, size, num_class):
    index = (label * num_class + pred).astype("int32")
    return np.bincount(index.ravel(), minlength=num_class**2).reshape(num_class, num_class)


def validate(model, loader, num_class=3):
    confusion_matrix = np.zeros((num_class, num_class))
    for x, y in loader:
        pred = model(x).argmax(1).numpy()
        confusion_matrix += get_confusion_matrix(y.numpy(), pred, x.shape, num_class)
    return np.diag(confusion_matrix).sum() / confusion_matrix.sum()
"""


def test_confusion_matrix_arithmetic_is_no_plot_and_lst_lists_are_split_files(tmp_path):
    # the mean IoU's confusion matrix is counted, not drawn; data/list/city/train.lst names a split's images
    files = {
        "train.py": SERIES_TRAIN.replace(
            "from mylib.model_selection import train_test_split\n", "from evaluate import validate\n"
        ).replace(
            '    train, val = train_test_split(series, pd.Timestamp("1958-01-01"))\n', "    train = series\n"
        ),
        "evaluate.py": SEGMENT_EVAL,
        "data/list/city/train.lst": "img/a.png lbl/a.png\nimg/b.png lbl/b.png\n",
    }
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    f311 = next(f for f in result.findings if f.rule_id == "ET311")
    assert not any("confusion" in e.detail for e in f311.evidence), f311.evidence
    assert [e.path for e in result.ctx.taxonomy.split_files] == ["data/list/city/train.lst"]


MATCHER_MODEL = """
import torch


class SuperGlue(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(2, 2)

    def forward(self, x):
        return self.proj(x)
"""


def test_a_benchmark_name_the_project_gives_its_own_network_is_no_dataset(tmp_path):
    # class SuperGlue(nn.Module): the README's "SuperGlue" is the model, not the SuperGLUE benchmark; the
    # evaluation data it names (ScanNet) is
    readme = "# SuperGlue Demo\n\nSuperGlue matches two sets of features.\n\n## Evaluation\n\nDownload the ScanNet test pairs.\n"
    files = {
        "README.md": readme,
        "models/superglue.py": MATCHER_MODEL,
        "models/__init__.py": "",
        "train.py": SERIES_TRAIN,
    }
    files["mylib/__init__.py"] = ""
    files["mylib/model_selection.py"] = SERIES_SPLIT
    result = run_audit(write_repo(tmp_path, files), jobs=1)
    from experiment_tracking.rubric import public_benchmark_doc

    found = public_benchmark_doc(result.ctx)
    assert found is not None and found.detail == "ScanNet", found
