from __future__ import annotations

from pathlib import Path

import pandas as pd
from PIL import Image
from torch.utils.data import Dataset
from torchvision import transforms

CLASSES = ["smooth", "disk", "artifact"]

TRAIN_TF = transforms.Compose(
    [
        transforms.RandomRotation(180),
        transforms.RandomHorizontalFlip(),
        transforms.CenterCrop(180),
        transforms.Resize(128),
        transforms.ToTensor(),
    ]
)
EVAL_TF = transforms.Compose([transforms.CenterCrop(180), transforms.Resize(128), transforms.ToTensor()])


class GalaxyCutouts(Dataset):
    def __init__(self, csv_path: str | Path, image_dir: str | Path, train: bool = True) -> None:
        self.df = pd.read_csv(csv_path)
        self.image_dir = Path(image_dir)
        self.tf = TRAIN_TF if train else EVAL_TF

    def __len__(self) -> int:
        return len(self.df)

    def __getitem__(self, i: int):
        row = self.df.iloc[i]
        img = Image.open(self.image_dir / f"{row.objid}.jpg").convert("RGB")
        return self.tf(img), CLASSES.index(row.label)
