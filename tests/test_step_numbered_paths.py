"""A file named only by the training loop's step (`checkpoint/{str(i).zfill(6)}.pt`) is not a run
directory: every run counts the same steps and writes the same names over the previous run's. The
options kept in those checkpoints are a partial record (level 3), not a per-run record; and a tracker
that is switched on by a flag is not what logs options the project writes into a checkpoint."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = """import argparse
import torch
try:
    import wandb
except ImportError:
    wandb = None


def train(args, g, opt):
    for i in range(args.iter):
        loss = g(torch.randn(4, 8)).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        if wandb and args.wandb:
            wandb.log({"loss": loss.item()})
        if i % 1000 == 0:
            torch.save({"g": g.state_dict(), "g_optim": opt.state_dict(), "args": args}, f"checkpoint/{str(i).zfill(6)}.pt")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--iter", type=int, default=800000)
    parser.add_argument("--lr", type=float, default=0.002)
    parser.add_argument("--wandb", action="store_true")
    args = parser.parse_args()
    g = torch.nn.Linear(8, 1)
    opt = torch.optim.Adam(g.parameters(), lr=args.lr)
    if wandb is not None and args.wandb:
        wandb.init(project="gan")
    train(args, g, opt)
"""


def _dim(result, name):
    return next(d for d in result.scorecard.dimensions if d.name == name)


def test_step_numbered_checkpoints_are_overwritten_by_the_next_run(tmp_path):
    write_repo(tmp_path, {"train.py": TRAIN, "requirements.txt": "torch==2.1.0\n"})
    result = run_audit(tmp_path)
    ckpts = [p for p in result.ctx.records.checkpoints if p.evidence.path == "train.py"]
    assert ckpts and all(p.keeping == "fixed" and not p.per_run for p in ckpts)
    line = TRAIN.splitlines().index(next(x for x in TRAIN.splitlines() if "torch.save(" in x)) + 1
    params = _dim(result, "parameter_logging")
    assert params.score == 3
    assert any(f"inside the checkpoint (train.py:{line})" in r for r in params.reasons)
    assert not any("Weights & Biases only when it is enabled" in r for r in params.reasons)


def test_a_run_named_directory_with_step_numbered_files_stays_per_run(tmp_path):
    named = TRAIN.replace(
        'f"checkpoint/{str(i).zfill(6)}.pt"', 'f"runs/{args.name}/{str(i).zfill(6)}.pt"'
    ).replace(
        '    parser.add_argument("--wandb"',
        '    parser.add_argument("--name", default="run")\n    parser.add_argument("--wandb"',
    )
    write_repo(tmp_path, {"train.py": named, "requirements.txt": "torch==2.1.0\n"})
    ckpts = [p for p in run_audit(tmp_path).ctx.records.checkpoints if p.evidence.path == "train.py"]
    assert ckpts and all(p.keeping == "named" for p in ckpts)


def test_a_tracker_with_step_numbered_checkpoints_keeps_results_per_run(tmp_path):
    # TensorBoard always on, checkpoints/epoch_{n}.pth: the tracker's runs and several checkpoints per run
    tb = (
        TRAIN.replace(
            "try:\n    import wandb\nexcept ImportError:\n    wandb = None\n",
            "from torch.utils.tensorboard import SummaryWriter\nwandb = None\n",
        )
        .replace(
            '        if wandb and args.wandb:\n            wandb.log({"loss": loss.item()})\n',
            '        writer.add_scalar("loss", loss.item(), i)\n',
        )
        .replace("def train(args, g, opt):\n", "def train(args, g, opt):\n    writer = SummaryWriter()\n")
    )
    write_repo(tmp_path, {"train.py": tb, "requirements.txt": "torch==2.1.0\n"})
    assert _dim(run_audit(tmp_path), "result_persistence").score == 4
