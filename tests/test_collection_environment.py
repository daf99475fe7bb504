"""A collection of projects, each with its own dependency files (a course, a gallery of pipelines):
the environment is the typical project's. One project's lock file, Dockerfile or model card does not
lift the whole collection; a root pyproject of linters is not the projects' environment."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

LOOSE = "torch\nnumpy>=1.20\npandas\nscikit-learn\nmatplotlib\n"
PINNED = "torch==2.1.0\nnumpy==1.26.0\npandas==2.1.1\nscikit-learn==1.3.1\nmatplotlib==3.8.0\n"
TRAIN = "import torch\nmodel = torch.nn.Linear(2, 2)\nfor i in range(3):\n    model(torch.randn(2, 2)).sum().backward()\ntorch.save(model.state_dict(), 'm.pt')\n"
ROOT = '[tool.poetry]\nname = "projects"\n\n[tool.poetry.dev-dependencies]\nruff = ">=0.1"\nmypy = ">=1.0"\n'


def test_one_locked_project_does_not_lift_a_collection(tmp_path):
    files = {"pyproject.toml": ROOT, "README.md": "# Projects\n"}
    for name in ("churn", "forecast", "vision", "nlp", "rl"):
        files[f"{name}/requirements.txt"] = LOOSE
        files[f"{name}/run.py"] = TRAIN
        files[f"{name}/README.md"] = f"# {name}\n\n```\npython run.py\n```\n"
    files["best/requirements.txt"] = PINNED
    files["best/poetry.lock"] = "# lock\n"
    files["best/Dockerfile"] = (
        "FROM python:3.10.12-slim@sha256:" + "a" * 64 + "\nRUN pip install -r requirements.txt\n"
    )
    files["best/run.py"] = TRAIN
    env = dimension(run_audit(write_repo(tmp_path, files)), "environment_capture")
    assert env.score <= 2, env.reasons
    assert "collection of 6 projects" in " ".join(env.reasons), env.reasons
