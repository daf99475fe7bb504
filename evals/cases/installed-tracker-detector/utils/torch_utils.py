import torch


def train_one_epoch(model, optimizer, loader):
    for images, targets in loader:
        optimizer.zero_grad()
        loss = model(images, targets)
        loss.backward()
        optimizer.step()
    return float(loss)


def select_device(name):
    return torch.device(name)
