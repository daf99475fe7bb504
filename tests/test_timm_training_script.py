"""timm's training script, which many vision projects copy (`from timm.utils import *`): each run gets
`get_outdir(base, "<time>-<model>")`, writes its resolved arguments to args.yaml there, appends one
row of train and eval metrics per epoch to summary.csv (update_summary) and keeps the last, best and
top-N checkpoints with the arguments in them (CheckpointSaver). That is a per-run record: structured
logs beside checkpoints, the whole configuration per run."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = """import argparse
import os
from datetime import datetime

import torch
import yaml
from timm.models import create_model
from timm.utils import *

parser = argparse.ArgumentParser()
parser.add_argument("--model", default="resnet50")
parser.add_argument("--epochs", type=int, default=300)
parser.add_argument("--lr", type=float, default=0.1)
parser.add_argument("--output", default="")
parser.add_argument("--experiment", default="")


def train_one_epoch(model, optimizer):
    loss = model(torch.randn(2, 3, 224, 224)).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return {"loss": loss.item()}


def main():
    args = parser.parse_args()
    args_text = yaml.safe_dump(args.__dict__, default_flow_style=False)
    model = create_model(args.model)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
    if args.experiment:
        exp_name = args.experiment
    else:
        exp_name = "-".join([datetime.now().strftime("%Y%m%d-%H%M%S"), args.model])
    output_dir = get_outdir(args.output if args.output else "./output/train", exp_name)
    saver = CheckpointSaver(model=model, optimizer=optimizer, args=args, checkpoint_dir=output_dir, max_history=10)
    with open(os.path.join(output_dir, "args.yaml"), "w") as f:
        f.write(args_text)
    best_metric = None
    for epoch in range(args.epochs):
        train_metrics = train_one_epoch(model, optimizer)
        eval_metrics = {"top1": 0.0}
        update_summary(epoch, train_metrics, eval_metrics, os.path.join(output_dir, "summary.csv"),
                       write_header=best_metric is None)
        best_metric, best_epoch = saver.save_checkpoint(epoch, metric=eval_metrics["top1"])


if __name__ == "__main__":
    main()
"""


def _dim(result, name):
    return next(d for d in result.scorecard.dimensions if d.name == name)


def test_a_timm_training_script_keeps_a_record_per_run(tmp_path):
    write_repo(tmp_path, {"train.py": TRAIN, "requirements.txt": "torch==2.1.0\ntimm==0.9.2\npyyaml==6.0\n"})
    result = run_audit(tmp_path)
    rec = result.ctx.records
    summary = [p for p in rec.metrics if "summary.csv" in p.target]
    assert summary and summary[0].keeping == "time"
    assert any(
        p.evidence.detail.startswith("CheckpointSaver") and p.keeping == "time" for p in rec.checkpoints
    )
    assert any(p.in_checkpoint and p.whole and p.framework for p in rec.config)
    assert any("args.yaml" in p.target and p.keeping == "time" for p in rec.config)
    assert _dim(result, "parameter_logging").score == 5
    assert _dim(result, "result_persistence").score == 4


def test_a_numbered_outdir_is_numbered_per_run(tmp_path):
    # get_outdir(..., inc=True) appends -1, -2, ... when the directory exists
    numbered = TRAIN.replace(
        'get_outdir(args.output if args.output else "./output/train", exp_name)',
        'get_outdir("./output/train", args.model, inc=True)',
    )
    write_repo(tmp_path, {"train.py": numbered})
    rec = run_audit(tmp_path).ctx.records
    assert any("summary.csv" in p.target and p.keeping == "counter" for p in rec.metrics)
