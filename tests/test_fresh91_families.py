"""Families of real code met in round fresh91, each as a synthetic case that fails without its fix."""

from tests.rules.repo_helpers import audit_committed, detections_by_tool, status_of

DP_TRAIN = """import argparse

import torch
import torch.nn as nn


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--lr", type=float, default=0.1)
    args = p.parse_args()
    model = nn.Linear(8, 2)
    if torch.cuda.device_count() > 1:
        model = nn.DataParallel(model)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr)
    for step in range(100):
        loss = model(torch.randn(4, 8)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
"""


def test_data_parallel_is_reported_as_one_process_on_several_gpus(tmp_path):
    """CMC, DeepSDF, GAN zoo: `model = nn.DataParallel(model)` splits each batch over the visible GPUs in
    the one process `python train.py` starts. It is reported (the run depends on the GPU count), and asks
    for no launcher script."""
    result = audit_committed(tmp_path, {"train.py": DP_TRAIN})
    found = detections_by_tool(result)
    assert "data_parallel" in found, sorted(found)
    assert status_of(result, "ET510") != "WARN"


def test_data_parallel_named_in_a_comment_only_is_not_reported(tmp_path):
    text = DP_TRAIN.replace("model = nn.DataParallel(model)", "pass  # model = nn.DataParallel(model)")
    result = audit_committed(tmp_path, {"train.py": text})
    assert "data_parallel" not in detections_by_tool(result)
