"""Families of real code the fresh74 round showed the auditor reading wrong, each with a synthetic case
of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, dimension, finding, status_of

TORCH_TRAIN = """
import argparse
import torch

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=0.1)
args = p.parse_args()
model = torch.nn.Linear(2, 1)
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
for step in range(10):
    loss = model(torch.ones(2)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
torch.save(model.state_dict(), "model.pt")
"""

CONDA_EXPORT = '''""" The packages and versions that produced the results. """
  - blas=1.0=mkl
  - numpy=1.18.1=py37h4f9e942_0
  - python=3.7.7=hcf32534_0_cpython
  - pytorch=1.4.0=py3.7_cuda10.0.130_cudnn7.6.3_0
  - torchvision=0.5.0=py37_cu100
  - pip:
    - tqdm==4.45.0
    - requests==2.23.0
'''


def test_conda_export_pasted_into_requirements_is_a_pinned_manifest(tmp_path):
    """`conda env export`'s list pasted into requirements.txt pins every package and Python exactly: a
    manifest (not "no dependency manifest"), which pip cannot install as it stands."""
    result = audit_committed(tmp_path, {"train.py": TORCH_TRAIN, "requirements.txt": CONDA_EXPORT})
    f = finding(result, "ET410")
    assert f.status == "WARN"
    assert "environment.yml" in f.message and "7 of 7" in f.message
    assert "requirements.txt:2" in f.message
    assert status_of(result, "ET411") == "PASS"
    assert dimension(result, "environment_capture").score >= 3


def test_conda_list_export_and_pip_options_are_read_as_before(tmp_path):
    """`conda list --export` (no dashes) is what `conda create --file` reads: pinned, no warning; pip's own
    options (`-e .`, `--index-url`) are no packages."""
    reqs = "--index-url https://download.example.org/simple\n-e .\nnumpy=1.18.1=py37_0\ntorch=1.4.0=py3.7_0\n"
    result = audit_committed(tmp_path, {"train.py": TORCH_TRAIN, "requirements.txt": reqs})
    f = finding(result, "ET410")
    assert f.status == "PASS" and "2 of 2" in f.message
