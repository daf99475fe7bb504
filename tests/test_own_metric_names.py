"""Evaluation metrics the project computes itself count by what they are (a method named fid_score,
psnr, bleu_score), not only sklearn or torchmetrics calls. Synthetic diffusion trainer."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

FID = """
import numpy as np
from scipy import linalg


class FIDEvaluation:
    def __init__(self, stats):
        self.stats = stats

    def fid_score(self, samples):
        mu, sigma = np.mean(samples, 0), np.cov(samples, rowvar=False)
        covmean = linalg.sqrtm(sigma @ self.stats[1])
        return float(((mu - self.stats[0]) ** 2).sum() + np.trace(sigma + self.stats[1] - 2 * covmean))
"""

TRAINER = """
import torch

from fid_evaluation import FIDEvaluation


class Trainer:
    def __init__(self, model, stats):
        self.model = model
        self.fid_scorer = FIDEvaluation(stats)

    def train(self):
        for step in range(1000):
            loss = self.model(torch.randn(8, 3)).mean()
            loss.backward()
            if step % 100 == 0:
                fid = self.fid_scorer.fid_score(self.model.sample(64))
                print(f"fid: {fid}")


if __name__ == "__main__":
    Trainer(build_model(), load_stats()).train()
"""


def test_a_project_fid_method_is_evaluation(tmp_path):
    write_repo(tmp_path, {"fid_evaluation.py": FID, "train.py": TRAINER})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET302")
    assert "computes its own evaluation metrics" in f.message, f.message
