"""`git lfs install` in a Dockerfile sets up Git LFS's hooks (to push models to a hub); with no
.gitattributes and no `git lfs track/pull`, no file is versioned with LFS."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

DOCKERFILE = """FROM python:3.10.12-slim
# git-lfs speeds up pushes to the Hugging Face Hub
RUN apt-get update && apt-get install -y git-lfs && git lfs install
COPY . /app
RUN pip install -r /app/requirements.txt
"""
TRAIN = "import torch\nmodel = torch.nn.Linear(2, 2)\nfor i in range(3):\n    model(torch.randn(2, 2)).sum().backward()\n"


def _lfs(tmp_path, extra):
    files = {"Dockerfile": DOCKERFILE, "train.py": TRAIN, "requirements.txt": "torch==2.1.0\n", **extra}
    result = run_audit(write_repo(tmp_path, files))
    return [d for d in result.ctx.detections if d.tool == "git_lfs" and d.present]


def test_installing_lfs_is_not_versioning_data(tmp_path):
    assert not _lfs(tmp_path, {})


def test_pulling_lfs_files_is(tmp_path):
    assert _lfs(tmp_path, {"setup.sh": "#!/bin/bash\ngit lfs pull\n"})
