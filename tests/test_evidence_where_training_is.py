"""Evidence cites the line that shows the fact: time measured by a helper for its own purpose (an NMS
time limit) is not the training's timing, and an evaluation routine is cited before the metric
helpers a loss calls too."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

UTILS = """
import time


def bbox_iou(a, b):
    return (a * b).sum()


def non_max_suppression(pred, time_limit=1.0):
    t = time.time()
    for x in pred:
        if time.time() - t > time_limit:
            break
    return pred
"""
LOSS = "from utils import bbox_iou\n\n\ndef compute_loss(p, t):\n    return 1 - bbox_iou(p, t)\n"
TEST = """
from utils import bbox_iou, non_max_suppression


def evaluate_model(model, data):
    return sum(float(bbox_iou(non_max_suppression(model(x)), y)) for x, y in data)
"""
TRAIN = """
import torch
from loss import compute_loss
from test import evaluate_model
from torch.utils.tensorboard import SummaryWriter

writer = SummaryWriter()
model = torch.nn.Linear(2, 2)
for epoch in range(3):
    loss = compute_loss(model(torch.zeros(2)), torch.zeros(2))
    loss.backward()
    writer.add_scalar("loss", loss.item(), epoch)
    writer.add_scalar("val/map", evaluate_model(model, []), epoch)
"""


def _result(tmp_path):
    write_repo(tmp_path, {"utils.py": UTILS, "loss.py": LOSS, "test.py": TEST, "train.py": TRAIN})
    return run_audit(tmp_path)


def test_a_helpers_own_clock_is_not_the_training_timing(tmp_path):
    f = next(f for f in _result(tmp_path).findings if f.rule_id == "ET303")
    assert not [e for e in f.evidence if e.path == "utils.py"], f.evidence
    assert "measured in the training code" not in f.message


def test_an_evaluation_routine_is_cited_before_the_metric_helpers(tmp_path):
    f = next(f for f in _result(tmp_path).findings if f.rule_id == "ET302")
    details = " ".join(e.detail for e in f.evidence)
    assert "bbox_iou" not in details, f.evidence


def test_ignite_metrics_on_an_evaluator_are_evaluation_metrics(tmp_path):
    train = """
import math
import torch
from ignite.engine import create_supervised_evaluator, create_supervised_trainer
from ignite.metrics import Accuracy, Loss, MetricsLambda, RunningAverage
from ignite.contrib.handlers import TensorboardLogger

model = torch.nn.Linear(2, 2)
trainer = create_supervised_trainer(model, torch.optim.SGD(model.parameters(), lr=0.1), torch.nn.CrossEntropyLoss())
RunningAverage(output_transform=lambda x: x).attach(trainer, "loss")
metrics = {"accuracy": Accuracy(), "nll": Loss(torch.nn.CrossEntropyLoss())}
metrics["ppl"] = MetricsLambda(math.exp, metrics["nll"])
evaluator = create_supervised_evaluator(model, metrics=metrics)
tb_logger = TensorboardLogger(log_dir=None)
trainer.run([], max_epochs=3)
"""
    write_repo(tmp_path, {"train.py": train})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET302")
    assert f.status == "PASS" and "Accuracy" in f.message and "RunningAverage" not in f.message, f.message


def test_an_api_response_class_named_modelcard_is_no_model_card(tmp_path):
    protocol = "from pydantic import BaseModel\n\n\nclass ModelCard(BaseModel):\n    id: str\n    owned_by: str = 'owner'\n"
    app = "from fastapi import FastAPI\nfrom .protocol import ModelCard\n\napp = FastAPI()\n\n\n"
    app += "@app.get('/v1/models')\ndef list_models():\n    return [ModelCard(id='gpt-3.5-turbo')]\n"
    files = {"train.py": TRAIN, "utils.py": UTILS, "loss.py": LOSS, "test.py": TEST}
    files |= {"src/pkg/__init__.py": "", "src/pkg/api/__init__.py": "", "src/pkg/api/protocol.py": protocol}
    files |= {"src/pkg/api/app.py": app}
    write_repo(tmp_path, files)
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET610")
    assert f.status != "PASS", f.evidence
