"""Rows exported to a data folder (``no_score.to_csv('data/no_score.csv')`` beside the train/test
feature files) and the dataset statistics a model needs to run (``dataset_statistics.json`` beside a
checkpoint) are data, not a record of results; a training notebook whose metrics live only in its
saved outputs keeps one overwritten record (rubric level 1), not nothing."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, notebook_with_outputs, write_repo

NB = notebook_with_outputs(
    ("import pandas as pd\nfrom sklearn.ensemble import GradientBoostingRegressor\n", ""),
    (
        "no_score = features[features['score'].isna()]\nno_score.to_csv('data/no_score.csv')\n"
        "X_train.to_csv('data/training_features.csv')\n",
        "",
    ),
    (
        "model = GradientBoostingRegressor(random_state=42)\nmodel.fit(X_train, y_train)\n"
        "print('MAE = %0.4f' % mae(y_test, model.predict(X_test)))\n",
        "MAE = 9.0446\n",
    ),
)


def test_a_data_export_is_not_result_logging(tmp_path):
    write_repo(tmp_path, {"Walkthrough.ipynb": NB})
    result = run_audit(tmp_path)
    assert not result.ctx.has("custom_logging", "tracking")
    assert not [p for p in result.ctx.records.metrics if "no_score" in p.target]
    f301 = next(f for f in result.findings if f.rule_id == "ET301")
    assert f301.status != "PASS"
    assert dimension(result, "result_persistence").score == 1


def test_dataset_statistics_beside_a_checkpoint_are_not_metrics(tmp_path):
    save = (
        "import json, os\n\ndef save_pretrained(self, step, checkpoint_path):\n"
        "    with open(os.path.join(checkpoint_path, 'dataset_statistics.json'), 'w') as f:\n"
        "        json.dump(self.dataset_statistics, f)\n"
    )
    train = (
        "import argparse\nimport torch\nfrom model import save_pretrained\n"
        "args = argparse.ArgumentParser().parse_args()\n"
        "for step in range(10):\n    loss.backward()\n    save_pretrained(net, step, args.out)\n"
    )
    write_repo(tmp_path, {"model.py": save, "train.py": train})
    rec = run_audit(tmp_path).ctx.records
    assert rec is None or not [p for p in rec.metrics if "dataset_statistics" in p.target]
