"""A forecast table whose columns are named from the options (`range(self.args.pred_len)`) and whose
path holds the model name is the run's output, not a record of its configuration. Synthetic
Time-Series-Library-style experiment class."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

EXP = """
import os

import pandas
import torch


class ExpShortTerm:
    def __init__(self, args):
        self.args = args

    def train(self, setting):
        for epoch in range(self.args.train_epochs):
            loss = self.model(batch).mean()
            loss.backward()

    def test(self, setting):
        preds = self.model(test_batch).detach().cpu().numpy()
        folder_path = "./m4_results/" + self.args.model + "/"
        os.makedirs(folder_path, exist_ok=True)
        forecasts_df = pandas.DataFrame(preds[:, :, 0], columns=[f"V{i + 1}" for i in range(self.args.pred_len)])
        forecasts_df.to_csv(folder_path + self.args.seasonal_patterns + "_forecast.csv")
"""


def test_a_forecast_table_is_an_output_not_a_config(tmp_path):
    write_repo(
        tmp_path,
        {
            "exp/__init__.py": "",
            "exp/exp_short_term.py": EXP,
            "run.py": "from exp.exp_short_term import ExpShortTerm\nExpShortTerm(args).train('s')\n",
        },
    )
    rec = run_audit(tmp_path).ctx.records
    assert not [p for p in rec.config if "forecast" in p.target], rec.config
    assert [p for p in rec.artifacts if "forecast" in p.target] or [
        p for p in rec.optional if "forecast" in p.target
    ]
