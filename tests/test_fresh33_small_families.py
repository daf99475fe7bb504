"""Claim and score families found in the fresh33 review, one regression case each."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo


def _dim(result, name):
    return next(d for d in result.scorecard.dimensions if d.name == name)


# The ImageNet-example checkpoint helper many research repositories copy: the state is a dict
# literal, the file name a keyword with a default.
IMAGENET_STYLE = """import argparse
import shutil
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=2)
parser.add_argument("--arch", default="resnet50")
args = parser.parse_args()
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)


def main():
    for epoch in range(args.epochs):
        loss = model(torch.randn(8, 4)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        save_checkpoint({
            "epoch": epoch + 1,
            "arch": args.arch,
            "state_dict": model.state_dict(),
            "optimizer": opt.state_dict(),
        }, is_best=False, filename="checkpoint_%04d.pth.tar" % epoch)
        save_checkpoint({"epoch": epoch + 1, "state_dict": model.state_dict()}, False)


def save_checkpoint(state, is_best, filename="checkpoint.pth.tar"):
    torch.save(state, filename)
    if is_best:
        shutil.copyfile(filename, "model_best.pth.tar")


if __name__ == "__main__":
    main()
"""


def test_a_project_save_checkpoint_handed_a_state_dict_writes_where_its_filename_says(tmp_path):
    write_repo(tmp_path, {"train.py": IMAGENET_STYLE})
    rec = run_audit(tmp_path).ctx.records
    targets = {(p.evidence.line, p.target) for p in rec.checkpoints}
    # the dict literal handed as the state is never read as the checkpoint's path
    assert not any("epoch" in t and "{" in t.split("/")[-1][:2] for _, t in targets), targets
    # the call naming its file writes there; the default file is written by the helper's own body
    assert (19, "checkpoint_%04d.pth.tar") in targets
    assert (29, "checkpoint.pth.tar") in targets
    report = run_audit(tmp_path)
    assert not any("'epoch'" in f.message for f in report.findings if f.rule_id == "ET110")


ARGV_LOG = """import argparse
import json
import sys
from pathlib import Path

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--checkpoint-dir", type=Path, default="./checkpoint/")
parser.add_argument("--epochs", type=int, default=2)
parser.add_argument("--learning-rate", type=float, default=0.2)
parser.add_argument("--batch-size", type=int, default=256)
args = parser.parse_args()


def main():
    args.checkpoint_dir.mkdir(parents=True, exist_ok=True)
    stats_file = open(args.checkpoint_dir / "stats.txt", "a", buffering=1)
    print(" ".join(sys.argv), file=stats_file)
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=args.learning_rate)
    for epoch in range(args.epochs):
        loss = model(torch.randn(args.batch_size, 4)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        print(json.dumps({"epoch": epoch, "loss": loss.item()}), file=stats_file)
        torch.save(model.state_dict(), args.checkpoint_dir / "checkpoint.pth")


if __name__ == "__main__":
    main()
"""


def test_the_command_line_written_into_a_runs_log_is_a_partial_parameter_record(tmp_path):
    write_repo(tmp_path, {"main.py": ARGV_LOG})
    result = run_audit(tmp_path)
    assert _dim(result, "parameter_logging").score == 3
    by_rule = {f.rule_id: f for f in result.findings}
    assert by_rule["ET210"].status == "PASS"
    # the options given are recorded, so no category of them is "not logged"; the defaults are not
    assert "command line" in by_rule["ET211"].message and "not logged:" not in by_rule["ET211"].message
    # the command line is not a training metric
    assert all(e.line != 19 for e in by_rule["ET301"].evidence)


PERSISTENCE = """import inspect
import sys


def persistent_class(orig_class):
    module_src = inspect.getsource(sys.modules[orig_class.__module__])

    class Decorator(orig_class):
        def __reduce__(self):
            fields = list(super().__reduce__())
            fields[0] = _reconstruct
            fields[1] = (module_src, orig_class.__name__, self.__dict__)
            return tuple(fields)

    return Decorator


def _reconstruct(src, name, state):
    module = type(sys)("_imported")
    exec(src, module.__dict__)
    obj = getattr(module, name).__new__(getattr(module, name))
    obj.__dict__.update(state)
    return obj
"""

PICKLED_SNAPSHOTS = """import argparse
import os
import pickle

import torch

from persistence import persistent_class

parser = argparse.ArgumentParser()
parser.add_argument("--outdir", default="runs")
parser.add_argument("--kimg", type=int, default=10)
args = parser.parse_args()


@persistent_class
class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(4, 2)


net = Net()
opt = torch.optim.Adam(net.parameters())
for step in range(args.kimg):
    loss = net.fc(torch.randn(8, 4)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    with open(os.path.join(args.outdir, f"network-snapshot-{step:06d}.pkl"), "wb") as f:
        pickle.dump({"net": net}, f)
"""


def test_snapshots_pickled_with_their_source_code_are_run_level_code_capture(tmp_path):
    from tests.conftest import make_git_repo

    make_git_repo(tmp_path / "a", {"persistence.py": PERSISTENCE, "train.py": PICKLED_SNAPSHOTS})
    code = _dim(run_audit(tmp_path / "a"), "code_versioning")
    assert code.score == 3 and any("persistence.py:6" in r for r in code.reasons), code.reasons
    # without the source in the pickle, plain git
    make_git_repo(
        tmp_path / "b",
        {
            "train.py": PICKLED_SNAPSHOTS.replace("from persistence import persistent_class\n", "").replace(
                "@persistent_class\n", ""
            )
        },
    )
    assert _dim(run_audit(tmp_path / "b"), "code_versioning").score == 2
