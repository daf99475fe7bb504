"""A tracker the training code uses only when installed (a logger behind `try: import clearml`) is
optional, even when a side script of the project (an HPO driver) imports it outright. Synthetic
yolov5-style layout."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

CLEARML_UTILS = """
try:
    import clearml
    from clearml import Task
except ImportError:
    clearml = None


class ClearmlLogger:
    def __init__(self, opt):
        self.task = Task.init(project_name="YOLOv5", task_name=opt.name) if clearml else None
"""

HPO = """
from clearml import Task
from clearml.automation import HyperParameterOptimizer

task = Task.init(project_name="Hyper-Parameter Optimization", task_name="YOLOv5")
optimizer = HyperParameterOptimizer(base_task_id="abc")
optimizer.start()
"""

TRAIN = """
import torch

from loggers.clearml_utils import ClearmlLogger

logger = ClearmlLogger(opt)
for epoch in range(10):
    loss = model(x).mean()
    loss.backward()
"""


def test_a_tracker_optional_in_training_stays_optional_beside_a_side_script(tmp_path):
    write_repo(
        tmp_path,
        {
            "loggers/__init__.py": "",
            "loggers/clearml_utils.py": CLEARML_UTILS,
            "loggers/hpo.py": HPO,
            "train.py": TRAIN,
        },
    )
    det = next(
        d for d in run_audit(tmp_path).ctx.detections if d.tool == "clearml" and d.category == "tracking"
    )
    assert det.usage == "used" and det.scope == "optional", det
