"""A memory reading handed to a helper that builds the step's metrics (`logs = get_train_logs(state,
loss, torch.cuda.max_memory_allocated())`, then `metrics_logger.log(logs)`) is recorded; one read
into a variable and logged (`mem = ...; log({"mem": mem})`) too; one only printed is not."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = """import json

import torch


def get_train_logs(step, loss, peak_mem):
    return {"step": step, "loss": loss, "peak_allocated_mem": peak_mem / 2**30}


class MetricsLogger:
    def __init__(self, path):
        self.f = open(path, "a")

    def log(self, metrics, step):
        self.f.write(json.dumps(metrics) + "\\n")


def main():
    model = torch.nn.Linear(4, 4).cuda()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    metrics_logger = MetricsLogger("metrics.train.jsonl")
    for step in range(100):
        loss = model(torch.randn(4, 4).cuda()).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        BODY
    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
"""
HELPER = """train_logs = get_train_logs(
            step,
            loss.item(),
            torch.cuda.max_memory_allocated(),
        )
        metrics_logger.log(train_logs, step=step)"""
VARIABLE = """mem = torch.cuda.max_memory_allocated()
        metrics_logger.log({"loss": loss.item(), "mem": mem}, step=step)"""
PRINTED = """print(step, loss.item(), torch.cuda.max_memory_allocated())"""


def _et303(tmp_path, body):
    result = run_audit(write_repo(tmp_path, {"train.py": TRAIN.replace("BODY", body)}))
    return next(f for f in result.findings if f.rule_id == "ET303")


def test_a_reading_handed_to_a_metrics_helper_is_recorded(tmp_path):
    f = _et303(tmp_path, HELPER)
    assert f.status == "PASS" and any("max_memory_allocated" in e.detail for e in f.evidence), f.message


def test_a_reading_kept_in_a_variable_and_logged_is_recorded(tmp_path):
    assert _et303(tmp_path, VARIABLE).status == "PASS"


def test_a_printed_reading_is_not(tmp_path):
    assert _et303(tmp_path, PRINTED).status != "PASS"
