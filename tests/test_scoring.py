"""Scorecard calibration, the JSON contract, the summary table and recommendations."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "rules"))
from repo_helpers import write_repo  # noqa: E402

from experiment_tracking.audit import audit_dict, run_audit  # noqa: E402

BARE = {
    "README.md": "# cnn experiments\n",
    "requirements.txt": "numpy\ntorch\nscikit-learn\n",
    "notebooks/train.ipynb": json.dumps(
        {
            "cells": [
                {
                    "cell_type": "code",
                    "metadata": {},
                    "outputs": [],
                    "execution_count": None,
                    "source": "import numpy as np\nimport torch\nfrom sklearn.model_selection import train_test_split\n"
                    "X_tr, X_te = train_test_split(X, test_size=0.2)\nmodel.fit(X_tr)\nprint(model.score(X_te))\n",
                }
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    ),
}

MATURE = {
    "README.md": "# churn\n\n## Reproduce\n\n```bash\ndvc pull\npython src/train.py --config configs/train.yaml\n```\n\n"
    "## Results\n\n| model | AUC |\n|---|---|\n| rf | 0.91 |\n\nTrained on a 16-core CPU, no GPU (NVIDIA driver n/a, CUDA n/a); "
    "mean ± std over 5 seeds.\n",
    "LICENSE": "MIT\n",
    ".github/CODEOWNERS": "* @ml\n",
    ".github/workflows/ci.yml": "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n",
    "MODEL_CARD.md": "# Model card\n## Intended use\n",
    "EXPERIMENTS.md": "# Experiments\n## 2024-03 depth sweep\nConclusion: depth 8.\n",
    "requirements.txt": "mlflow==2.14.1\nscikit-learn==1.5.0\npandas==2.2.2\npydantic==2.7.4\n",
    "requirements.lock": "mlflow==2.14.1 --hash=sha256:abc\n",
    "pyproject.toml": "[project]\nname = 'churn'\nversion = '1'\nrequires-python = '>=3.11,<3.12'\n",
    "Dockerfile": "FROM python:3.11.9-slim@sha256:0123456789abcdef\nCOPY requirements.lock .\nRUN pip install -r requirements.lock\n",
    "configs/train.yaml": "defaults:\n  - base\nseed: 7\nmax_depth: 8\n",
    "configs/base.yaml": "n_estimators: 100\n",
    "data/raw.csv.dvc": "outs:\n- md5: 1a2b\n  path: raw.csv\n",
    "dvc.yaml": "stages:\n  train:\n    cmd: python src/train.py\n    deps: [data/raw.csv, src/train.py]\n    params: [max_depth]\n    outs: [model.pkl]\n",
    "dvc.lock": "schema: '2.0'\nstages:\n  train:\n    cmd: python src/train.py\n",
    "src/config.py": "from pydantic import BaseModel\n\nclass TrainConfig(BaseModel):\n    seed: int = 7\n    max_depth: int = 8\n",
    "src/train.py": """
import argparse
import random
import subprocess

import mlflow
import numpy as np
import pandera as pa
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="configs/train.yaml")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    random.seed(args.seed)
    np.random.seed(args.seed)
    mlflow.set_tracking_uri("https://mlflow.example.com")
    mlflow.set_experiment("churn")
    with mlflow.start_run(run_name="rf", tags={"purpose": "baseline"}):
        mlflow.log_params(vars(args))
        mlflow.set_tag("git_commit", subprocess.check_output(["git", "rev-parse", "HEAD"], text=True))
        df = pa.DataFrameSchema({}).validate(load())
        mlflow.log_input(mlflow.data.from_pandas(df), context="training")
        X_tr, X_te, y_tr, y_te = train_test_split(df, df.y, random_state=args.seed)
        model = RandomForestClassifier(random_state=args.seed)
        model.fit(X_tr, y_tr)
        for step in range(3):
            mlflow.log_metric("loss", 0.1, step=step)
        mlflow.log_metric("auc", roc_auc_score(y_te, model.predict_proba(X_te)[:, 1]))
        mlflow.log_figure(fig, "roc.png")
        mlflow.log_artifact("requirements.lock")
        mlflow.sklearn.log_model(model, "model", registered_model_name="churn")


if __name__ == "__main__":
    main()
""",
}


def _git(root: Path) -> None:
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@x",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@x",
    }
    import os

    env = {**os.environ, **env}
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "x"]):
        subprocess.run(cmd, cwd=root, check=True, env=env, capture_output=True)


@pytest.fixture
def bare(tmp_path):
    root = write_repo(tmp_path / "bare", BARE)
    _git(root)
    return run_audit(root, jobs=1)


@pytest.fixture
def mature(tmp_path):
    root = write_repo(tmp_path / "mature", MATURE)
    _git(root)
    return run_audit(root, jobs=1)


def test_bare_research_repo_scores_at_most_6(bare):
    assert bare.scorecard.total <= 6, [(d.name, d.score, d.reasons) for d in bare.scorecard.dimensions]


def test_mature_repo_scores_at_least_24(mature):
    assert mature.scorecard.total >= 24, [
        (d.name, d.score, [r for r in d.reasons if r.startswith("+0")]) for d in mature.scorecard.dimensions
    ]


def test_scorecard_json_contract(mature):
    d = audit_dict(mature)
    sc = d["scorecard"]
    assert set(sc["dimensions"]) == {
        "code_versioning",
        "data_versioning",
        "environment_capture",
        "parameter_logging",
        "result_persistence",
        "documentation",
    }
    assert all(isinstance(v, int) and 0 <= v <= 5 for v in sc["dimensions"].values())
    assert sc["total"] == sum(sc["dimensions"].values())
    assert sc["weakest"] in sc["dimensions"]
    assert sc["dimensions"][sc["weakest"]] == min(sc["dimensions"].values())
    for f in d["findings"]:
        assert {"rule_id", "phase", "status", "title", "evidence", "recommendation"} <= set(f)
        assert f["status"] in ("PASS", "WARN", "FAIL")
        for e in f["evidence"]:
            assert {"path", "line", "detail"} <= set(e)
    assert [r["area"] for r in d["summary"]] == [
        "Parameter Management",
        "Metric Logging",
        "Data Versioning",
        "Code-Data Linkage",
        "Environment Capture",
        "Pipeline Architecture",
        "Model Registry",
        "Collaboration",
    ]
    for r in d["summary"]:
        assert r["status"] in ("PASS", "WARN", "FAIL") and r["priority"] in ("P1", "P2", "P3", "P4")


def test_every_point_has_a_reason(bare, mature):
    for result in (bare, mature):
        for dim in result.scorecard.dimensions:
            # The level reached with its evidence, then what the next level needs.
            assert dim.reasons[0].startswith(f"level {dim.score} (")
            if dim.score < 5:
                assert dim.reasons[1].startswith(f"next, level {dim.score + 1} (") and dim.next


def test_weakest_dimension_is_shown_next_to_the_total(bare):
    from experiment_tracking.report.markdown import render_markdown

    text = render_markdown(bare)
    sc = bare.scorecard
    assert f"**{sc.total}/30** | weakest: {sc.weakest_label} ({sc.weakest_score}/5)" in text
    assert "Papers-with-Code completeness" in text


def test_recommendations_are_ordered_stack_aware_and_carry_points(bare, mature):
    recs = bare.recommendations
    assert recs and [r["priority"] for r in recs] == sorted(r["priority"] for r in recs)
    assert any(r["points"] > 0 for r in recs)
    for r in recs:
        assert r["action"].startswith("`")  # names the file to change
        assert {
            "priority",
            "title",
            "action",
            "snippet",
            "points",
            "dimension",
            "dimension_label",
            "rule_ids",
        } <= set(r)
    # an MLflow project gets MLflow snippets
    assert all("wandb" not in r["snippet"] for r in mature.recommendations)


def test_wandb_project_gets_wandb_snippet(tmp_path):
    root = write_repo(
        tmp_path,
        {
            "train.py": "import wandb\nimport torch\n\ndef main():\n    run = wandb.init(project='p')\n    model.fit(x)\n\nif __name__ == '__main__':\n    main()\n"
        },
    )
    result = run_audit(root, jobs=1)
    snippets = " ".join(r["snippet"] for r in result.recommendations)
    assert "wandb.init(" in snippets and "mlflow" not in snippets


def test_run_catalog_raises_scores(tmp_path):
    """The same code scores higher when a run store on disk proves seeds and commits are recorded."""
    from experiment_tracking.model import Run
    from experiment_tracking.scoring import compute_scorecard

    root = write_repo(tmp_path, {"train.py": "import mlflow\nmlflow.log_metric('a', 1)\n"})
    result = run_audit(root, jobs=1)
    before = compute_scorecard(result.ctx, result.findings).total

    class _Cat:
        runs = [
            Run("mlflow", str(i), f"mlruns/0/{i}", params=3, seed="1", git_commit="a" * 40) for i in range(3)
        ]
        registered_models: list = []

    class _Link:
        stores = [
            {
                "store": "mlflow",
                "runs": 3,
                "with_commit_pct": 100,
                "with_seed_pct": 100,
                "with_data_digest_pct": 100,
                "env_captured_pct": 100,
                "recreatable": 3,
            }
        ]
        worst: list = []

    result.ctx.catalog, result.ctx.linkage = _Cat(), _Link()
    after = compute_scorecard(result.ctx, result.findings).total
    assert after > before


def test_eval_cases_land_in_their_ranges():
    import yaml

    cases = Path(__file__).resolve().parent.parent / "evals" / "cases"
    if not cases.is_dir():
        pytest.skip("no evals/")
    out = []
    for case in sorted(p for p in cases.iterdir() if (p / "expected.yaml").is_file()):
        exp = yaml.safe_load((case / "expected.yaml").read_text())
        lo, hi = exp["score"]["total"]
        total = run_audit(case, jobs=1).scorecard.total
        if not lo <= total <= hi:
            out.append((case.name, total, (lo, hi)))
    assert not out, out
