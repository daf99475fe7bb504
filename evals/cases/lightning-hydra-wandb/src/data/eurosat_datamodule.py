from __future__ import annotations

from pathlib import Path

import lightning as L
import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset, random_split


class NpyPatches(Dataset):
    def __init__(self, root: Path, augment: bool = False) -> None:
        self.x = np.load(root / "patches.npy", mmap_mode="r")
        self.y = np.load(root / "labels.npy")
        self.augment = augment

    def __len__(self) -> int:
        return len(self.y)

    def __getitem__(self, idx: int):
        x = torch.from_numpy(np.array(self.x[idx], dtype=np.float32)) / 10000.0
        if self.augment:
            if torch.rand(1) < 0.5:
                x = torch.flip(x, dims=[2])
            x = torch.rot90(x, k=int(torch.randint(0, 4, (1,))), dims=[1, 2])
        return x, int(self.y[idx])


class EuroSATDataModule(L.LightningDataModule):
    def __init__(
        self,
        data_dir: str = "data/eurosat",
        batch_size: int = 128,
        num_workers: int = 8,
        val_fraction: float = 0.1,
        test_fraction: float = 0.1,
        split_seed: int = 42,
        augment: bool = True,
    ) -> None:
        super().__init__()
        self.save_hyperparameters(logger=False)

    def setup(self, stage: str | None = None) -> None:
        full = NpyPatches(Path(self.hparams.data_dir), augment=self.hparams.augment)
        n = len(full)
        n_val = int(n * self.hparams.val_fraction)
        n_test = int(n * self.hparams.test_fraction)
        generator = torch.Generator().manual_seed(self.hparams.split_seed)
        self.train_set, self.val_set, self.test_set = random_split(
            full, [n - n_val - n_test, n_val, n_test], generator=generator
        )

    def _loader(self, ds, shuffle: bool) -> DataLoader:
        return DataLoader(
            ds,
            batch_size=self.hparams.batch_size,
            shuffle=shuffle,
            num_workers=self.hparams.num_workers,
            pin_memory=True,
            persistent_workers=self.hparams.num_workers > 0,
        )

    def train_dataloader(self) -> DataLoader:
        return self._loader(self.train_set, shuffle=True)

    def val_dataloader(self) -> DataLoader:
        return self._loader(self.val_set, shuffle=False)

    def test_dataloader(self) -> DataLoader:
        return self._loader(self.test_set, shuffle=False)
