from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from sacred import Ingredient
from torch.utils.data import DataLoader, TensorDataset

data_ingredient = Ingredient("dataset")

AAMI = {"N": 0, "S": 1, "V": 2, "F": 3, "Q": 4}


@data_ingredient.config
def cfg():
    root = "data/mitbih_beats"
    fold = 0
    n_folds = 5
    window = 256
    normalize = True


@data_ingredient.capture
def load_fold(root, fold, n_folds, window, normalize, _log):
    beats = np.load(Path(root) / "beats.npy")
    labels = np.load(Path(root) / "labels.npy")
    records = np.load(Path(root) / "record_ids.npy")
    # inter-patient split: a record never appears in both train and test
    unique = np.unique(records)
    test_records = unique[fold::n_folds]
    test_mask = np.isin(records, test_records)
    if normalize:
        beats = (beats - beats.mean(axis=1, keepdims=True)) / (beats.std(axis=1, keepdims=True) + 1e-6)
    beats = beats[:, :window].astype(np.float32)
    _log.info("fold %d: %d train beats, %d test beats", fold, (~test_mask).sum(), test_mask.sum())
    return (beats[~test_mask], labels[~test_mask]), (beats[test_mask], labels[test_mask])


def make_loader(x, y, batch_size, shuffle, seed):
    ds = TensorDataset(torch.from_numpy(x).unsqueeze(1), torch.from_numpy(y).long())
    g = torch.Generator().manual_seed(seed)
    return DataLoader(ds, batch_size=batch_size, shuffle=shuffle, generator=g, num_workers=2)
