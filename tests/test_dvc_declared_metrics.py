"""A metrics file a DVC stage declares (dvc.yaml `metrics: - scores.json`) is that stage's recorded
metrics, whatever the file is called; the other stages record none."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.conftest import make_git_repo

DVC_YAML = """stages:
  training:
    cmd: python train.py
    deps: [train.py, data/train.csv]
    outs: [model.h5]
  evaluation:
    cmd: python evaluate.py
    deps: [evaluate.py, model.h5]
    metrics:
    - scores.json:
        cache: false
"""
DVC_LOCK = """schema: '2.0'
stages:
  training:
    cmd: python train.py
    deps:
    - path: train.py
      md5: 6e2ef8b9a1f5c2b8d3f0e1a2b3c4d5e6
    outs:
    - path: model.h5
      md5: 0a1b2c3d4e5f60718293a4b5c6d7e8f9
  evaluation:
    cmd: python evaluate.py
    deps:
    - path: model.h5
      md5: 0a1b2c3d4e5f60718293a4b5c6d7e8f9
    outs:
    - path: scores.json
      md5: 9f8e7d6c5b4a39281706f5e4d3c2b1a0
"""


def test_declared_metrics_belong_to_their_stage(tmp_path):
    make_git_repo(
        tmp_path,
        {
            "dvc.yaml": DVC_YAML,
            "dvc.lock": DVC_LOCK,
            "scores.json": '{"loss": 0.31, "accuracy": 0.91}\n',
            "train.py": "import tensorflow as tf\nmodel.fit(x, y)\nmodel.save('model.h5')\n",
            "evaluate.py": "import json\njson.dump(scores, open('scores.json', 'w'))\n",
        },
    )
    runs = {r.name: r.metrics for r in run_audit(tmp_path).ctx.catalog.runs if r.store == "dvc"}
    assert runs == {"evaluation": 2, "training": 0}


def test_a_stage_metrics_file_holds_final_values_not_a_curve(tmp_path):
    make_git_repo(
        tmp_path,
        {
            "dvc.yaml": DVC_YAML,
            "dvc.lock": DVC_LOCK,
            "scores.json": '{"loss": 0.31, "accuracy": 0.91}\n',
            "train.py": "from sklearn.ensemble import RandomForestClassifier\nm = RandomForestClassifier(random_state=0).fit(x, y)\n",
            "evaluate.py": "from box import save_json\nsave_json('scores.json', scores)\n",
        },
    )
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET301")
    assert f.status != "PASS"
