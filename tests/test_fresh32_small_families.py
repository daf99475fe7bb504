"""Claim and score families found in the fresh32 review, one regression case each."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo


def _dim(result, name):
    return next(d for d in result.scorecard.dimensions if d.name == name)


WANDB_TRAIN = """import argparse
import torch
import wandb

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=20)
parser.add_argument("--lr", type=float, default=3e-4)
args = parser.parse_args()
run = wandb.init(project="dalle", config=vars(args))
model = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters(), lr=args.lr)


def save_model(path):
    torch.save({"weights": model.state_dict()}, path)
    artifact = wandb.Artifact("trained-dalle", type="model", metadata=vars(args))
    artifact.add_file(path)
    run.log_artifact(artifact)


for epoch in range(args.epochs):
    loss = model(torch.randn(8, 4)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    wandb.log({"loss": loss.item()})
    save_model("dalle.pt")
"""


def test_a_model_logged_to_the_tracker_each_run_is_kept_per_run(tmp_path):
    write_repo(tmp_path, {"train.py": WANDB_TRAIN, "requirements.txt": "torch==2.1.0\nwandb==0.16.0\n"})
    results = _dim(run_audit(tmp_path), "result_persistence")
    assert results.score == 4 and any("logged to the tracker (train.py:16)" in r for r in results.reasons)


def test_without_the_artifact_the_overwritten_file_is_level_3(tmp_path):
    plain = WANDB_TRAIN.replace(
        '    artifact = wandb.Artifact("trained-dalle", type="model", metadata=vars(args))\n'
        "    artifact.add_file(path)\n    run.log_artifact(artifact)\n",
        "",
    )
    write_repo(tmp_path, {"train.py": plain, "requirements.txt": "torch==2.1.0\nwandb==0.16.0\n"})
    assert _dim(run_audit(tmp_path), "result_persistence").score == 3


def test_fabric_and_accelerate_training_state_saves_are_checkpoints(tmp_path):
    code = """import lightning as L
import torch


def fit(fabric, model, optimizer, out_dir):
    for step in range(100):
        loss = model(torch.randn(2, 4)).sum()
        fabric.backward(loss)
        optimizer.step()
        if step % 10 == 0:
            fabric.save(out_dir / f"step-{step:06d}" / "lit_model.pth", {"model": model, "optimizer": optimizer})


def main(accelerator=None):
    fabric = L.Fabric()
    model = torch.nn.Linear(4, 2)
    fit(fabric, model, torch.optim.AdamW(model.parameters()), "out")


if __name__ == "__main__":
    main()
"""
    write_repo(tmp_path, {"pretrain.py": code})
    rec = run_audit(tmp_path).ctx.records
    assert any(p.evidence.path == "pretrain.py" and "lit_model.pth" in p.target for p in rec.checkpoints)


def test_a_file_a_helper_downloads_from_a_url_is_no_metrics_stream(tmp_path):
    # a guard: this shape passed before too; lit-gpt's variant (a mode parameter, a streaming branch)
    # was read as a metrics stream until names holding a URL marked the write as a download
    helper = """import requests


def download_if_missing(file_path, file_url, mode="w"):
    response = requests.get(file_url)
    with open(file_path, mode) as f:
        f.write(response.text)
"""
    flan = """from pathlib import Path
from data.alpaca import download_if_missing


class FLAN:
    def __init__(self, download_dir: Path, subsets=("a", "b")):
        self.download_dir = download_dir
        self.subsets = subsets
        self.url = "https://example.org/flan"

    def prepare_data(self):
        for subset in self.subsets:
            for split in ("train", "test"):
                data_file_path = self.download_dir / f"{subset}_{split}.jsonl"
                data_file_url = f"{self.url}/{split}/{subset}_{split}.jsonl"
                download_if_missing(data_file_path, data_file_url)
"""
    train = WANDB_TRAIN.replace("import wandb\n", "import wandb\nfrom data.flan import FLAN\n")
    write_repo(
        tmp_path, {"data/__init__.py": "", "data/alpaca.py": helper, "data/flan.py": flan, "train.py": train}
    )
    rec = run_audit(tmp_path).ctx.records
    assert not any(p.evidence.path.startswith("data/") for p in rec.metrics)


def test_rllab_run_experiment_lite_keeps_a_record_per_run(tmp_path):
    instrument = """import os
from rllab.misc.instrument import run_experiment_lite
from utils import timestamp


def run_experiment(main, mode, log_dir=None, exp_prefix="experiment", exp_name=None, **kwargs):
    if exp_name is None:
        exp_name = timestamp()
    if log_dir is None:
        log_dir = os.path.join("data", "local", exp_prefix, exp_name)
    run_experiment_lite(stub_method_call=main, mode=mode, exp_prefix=exp_prefix, exp_name=exp_name,
                        log_dir=log_dir, **kwargs)
"""
    algo = """import numpy as np
from rllab.misc import logger


def train(env, policy, n_epochs):
    for epoch in range(n_epochs):
        returns = policy.update(env)
        logger.record_tabular("return-average", np.mean(returns))
        logger.save_itr_params(epoch, {"policy": policy})
        logger.dump_tabular()
"""
    example = """import argparse
from instrument import run_experiment
from algo import train


def main(variant):
    train(variant["env"], variant["policy"], variant["n_epochs"])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", default="local")
    args = parser.parse_args()
    variant = {"env": "HalfCheetah-v1", "policy": None, "n_epochs": 1000, "seed": 1}
    run_experiment(main, mode=args.mode, variant=variant, exp_prefix="sac", seed=variant["seed"])
"""
    write_repo(
        tmp_path,
        {
            "instrument.py": instrument,
            "algo.py": algo,
            "train_sac.py": example,
            "utils.py": "def timestamp():\n    return 'now'\n",
        },
    )
    result = run_audit(tmp_path)
    rec = result.ctx.records
    assert any(p.framework and p.whole for p in rec.config)
    assert any(p.framework for p in rec.metrics) and any(p.framework for p in rec.checkpoints)
    assert _dim(result, "result_persistence").score >= 3
    # run_experiment_lite(seed=...) seeds random, numpy and TensorFlow; the seed is the variant's
    et401 = next(f for f in result.findings if f.rule_id == "ET401")
    assert et401.status != "FAIL" or "numpy" not in et401.message
    et212 = next((f for f in result.findings if f.rule_id == "ET212"), None)
    assert et212 is not None and et212.status == "PASS"


def test_external_code_installed_at_a_commit_is_pinned_external_code(tmp_path):
    from tests.conftest import make_git_repo

    env = (
        "name: sac\nchannels:\n  - defaults\ndependencies:\n  - python=3.5.2\n  - numpy=1.11.3\n  - pip:\n"
        "    # See the Dockerfile for rllab.\n"
        "    - git+https://github.com/rll/rllab.git@b3a28992eca103cab3cb58363dd7a4bb07f250a0#egg=rllab\n"
    )
    root = make_git_repo(tmp_path / "repo", {"environment.yml": env, "train.py": WANDB_TRAIN})
    result = run_audit(root)
    assert any(d.name == "rllab" and d.exact for d in result.ctx.index.dependencies)
    code = _dim(result, "code_versioning")
    assert code.score == 3 and any(
        "external code pinned to a commit or tag (rllab" in r for r in code.reasons
    )


def test_an_mpiexec_launch_script_scripts_distributed_training(tmp_path):
    dist = (
        "import torch.distributed as dist\nfrom torch.nn.parallel import DistributedDataParallel as DDP\n\n\n"
        "def setup():\n    dist.init_process_group(backend='nccl')\n"
    )
    train = (
        "import torch\nfrom dist_util import setup, DDP\n\nif __name__ == '__main__':\n    setup()\n"
        "    model = DDP(torch.nn.Linear(4, 2))\n    opt = torch.optim.Adam(model.parameters())\n"
        "    for step in range(10):\n        loss = model(torch.randn(2, 4)).sum()\n        opt.zero_grad()\n"
        "        loss.backward()\n        opt.step()\n"
    )
    launch = "# paper runs\nmpiexec -n 8 python edm_train.py --lr 0.0001 --global_batch_size 4096\n"
    write_repo(tmp_path, {"dist_util.py": dist, "edm_train.py": train, "scripts/launch.sh": launch})
    et510 = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET510")
    assert et510.status == "PASS" and any(e.path == "scripts/launch.sh" for e in et510.evidence)


def test_a_hand_picked_dict_given_to_wandb_is_a_subset_of_the_options(tmp_path):
    picked = WANDB_TRAIN.replace(
        'run = wandb.init(project="dalle", config=vars(args))',
        'model_config = dict(depth=2, heads=8, dim_head=64)\nrun = wandb.init(project="dalle", config=model_config)',
    )
    write_repo(tmp_path, {"train.py": picked})
    et211 = next((f for f in run_audit(tmp_path).findings if f.rule_id == "ET211"), None)
    assert et211 is not None and et211.status != "PASS"


def test_a_hand_written_bootstrap_is_a_significance_check(tmp_path):
    analysis = (
        "import numpy as np\nimport pandas as pd\n\n\ndef get_bootstrap_result(battles, compute_elo, num_round):\n"
        "    rows = []\n    for _ in range(num_round):\n"
        "        rows.append(compute_elo(battles.sample(frac=1.0, replace=True)))\n    return pd.DataFrame(rows)\n"
        "\n\nif __name__ == '__main__':\n    print(get_bootstrap_result(pd.read_json('battles.json'), len, 100))\n"
    )
    write_repo(tmp_path, {"elo_analysis.py": analysis, "train.py": WANDB_TRAIN})
    et321 = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET321")
    assert et321.status == "PASS" and any(e.path == "elo_analysis.py" for e in et321.evidence)


LOOP_TRAIN = """import argparse
import torch
from torch.utils.tensorboard import SummaryWriter
from summaries import add_config_to_summary_writer

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.1)
parser.add_argument("--epochs", type=int, default=3)
parser.add_argument("--seed", type=int, default=0)
args = parser.parse_args()
torch.manual_seed(args.seed)
writer = SummaryWriter()
add_config_to_summary_writer(args, writer)
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
for epoch in range(args.epochs):
    loss = model(torch.randn(2, 4)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    writer.add_scalar("loss", loss.item(), epoch)
"""

SUMMARIES = """def add_config_to_summary_writer(config, summary_writer):
    for key, value in vars(config).items():
        add_text_to_summary_writer(key, str(value), summary_writer)


def add_text_to_summary_writer(key, value, summary_writer):
    summary_writer.add_text(key, value)
"""


def test_every_option_handed_to_the_tracker_in_a_loop_is_the_whole_configuration(tmp_path):
    write_repo(tmp_path, {"train.py": LOOP_TRAIN, "summaries.py": SUMMARIES})
    result = run_audit(tmp_path)
    et211 = next(f for f in result.findings if f.rule_id == "ET211")
    assert et211.status == "PASS" and any(
        e.path == "summaries.py" and "through add_text_to_summary_writer" in e.detail for e in et211.evidence
    )
    assert _dim(result, "parameter_logging").score >= 4


def test_a_loop_printing_the_options_is_not_tracker_logging(tmp_path):
    printed = SUMMARIES.replace("    summary_writer.add_text(key, value)\n", "    print(key, value)\n")
    write_repo(tmp_path, {"train.py": LOOP_TRAIN, "summaries.py": printed})
    assert _dim(run_audit(tmp_path), "parameter_logging").score <= 2


def test_a_seed_option_and_another_programs_logged_config_are_not_one_record(tmp_path):
    dcgan = """import argparse
import random
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--manualSeed", type=int, default=999)
opt = parser.parse_args()
random.seed(opt.manualSeed)
torch.manual_seed(opt.manualSeed)
model = torch.nn.Linear(4, 2)
optim = torch.optim.Adam(model.parameters())
for epoch in range(5):
    loss = model(torch.randn(2, 4)).sum()
    optim.zero_grad()
    loss.backward()
    optim.step()
"""
    mingpt = """import hydra
import torch


@hydra.main(version_base=None, config_path=".", config_name="gpt2_train_cfg")
def main(cfg):
    model = torch.nn.Linear(4, 2)
    optim = torch.optim.AdamW(model.parameters(), lr=cfg.lr)
    for step in range(cfg.max_steps):
        loss = model(torch.randn(2, 4)).sum()
        optim.zero_grad()
        loss.backward()
        optim.step()


if __name__ == "__main__":
    main()
"""
    cfg = "lr: 0.0003\nmax_steps: 100\n"
    write_repo(
        tmp_path, {"dcgan/main.py": dcgan, "mingpt/main.py": mingpt, "mingpt/gpt2_train_cfg.yaml": cfg}
    )
    et212 = next((f for f in run_audit(tmp_path).findings if f.rule_id == "ET212"), None)
    assert et212 is None or et212.status != "PASS"
