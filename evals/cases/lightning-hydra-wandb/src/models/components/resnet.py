from __future__ import annotations

import torch
from torch import nn
from torchvision.models import resnet18, resnet50


class ResNetBackbone(nn.Module):
    """torchvision ResNet with a configurable input stem for multispectral bands."""

    def __init__(self, depth: int = 18, in_channels: int = 13, pretrained: bool = False) -> None:
        super().__init__()
        builder = {18: resnet18, 50: resnet50}[depth]
        net = builder(weights="DEFAULT" if pretrained else None)
        net.conv1 = nn.Conv2d(in_channels, 64, kernel_size=7, stride=2, padding=3, bias=False)
        self.out_features = net.fc.in_features
        net.fc = nn.Identity()
        self.net = net

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)
