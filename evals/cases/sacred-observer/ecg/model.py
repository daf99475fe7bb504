from __future__ import annotations

from torch import nn


class BeatCNN(nn.Module):
    def __init__(self, channels=(32, 64, 128), kernel_size=7, dropout=0.2, n_classes=5):
        super().__init__()
        layers = []
        in_ch = 1
        for ch in channels:
            layers += [
                nn.Conv1d(in_ch, ch, kernel_size, padding=kernel_size // 2),
                nn.BatchNorm1d(ch),
                nn.ReLU(inplace=True),
                nn.MaxPool1d(2),
            ]
            in_ch = ch
        self.features = nn.Sequential(*layers, nn.AdaptiveAvgPool1d(1), nn.Flatten())
        self.classifier = nn.Sequential(nn.Dropout(dropout), nn.Linear(in_ch, n_classes))

    def forward(self, x):
        return self.classifier(self.features(x))
