"""A script configured by module-level settings (`checkpoint = None  # path to checkpoint`) resumes when
the setting is given: the block run then loads the checkpoint and sets the epoch training starts from
(or restores the optimizer). That is a resume path, whatever the setting is called; a block that only
loads weights to evaluate them is not."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = """import torch

epochs = 120
start_epoch = 0
checkpoint = None  # path to checkpoint, None if none


def save_checkpoint(epoch, model, optimizer):
    torch.save({"epoch": epoch, "model": model, "optimizer": optimizer}, "checkpoint.pth.tar")


def main():
    global checkpoint, start_epoch
    if checkpoint is None:
        model = torch.nn.Linear(4, 2)
        optimizer = torch.optim.Adam(model.parameters())
    else:
        checkpoint = torch.load(checkpoint)
        start_epoch = checkpoint["epoch"] + 1
        model = checkpoint["model"]
        optimizer = checkpoint["optimizer"]
    for epoch in range(start_epoch, epochs):
        loss = model(torch.randn(8, 4)).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        save_checkpoint(epoch, model, optimizer)


if __name__ == "__main__":
    main()
"""


def _et511(tmp_path, code):
    write_repo(tmp_path, {"train.py": code})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET511")


def test_a_checkpoint_setting_that_restores_the_epoch_resumes(tmp_path):
    f = _et511(tmp_path, TRAIN)
    assert f.status == "PASS" and any(e.path == "train.py" and e.line == 18 for e in f.evidence)


def test_loading_weights_without_the_position_is_no_resume(tmp_path):
    code = TRAIN.replace('        start_epoch = checkpoint["epoch"] + 1\n', "").replace(
        'optimizer = checkpoint["optimizer"]', "optimizer = torch.optim.Adam(model.parameters())"
    )
    assert _et511(tmp_path, code).status != "PASS"


JAX_TRAIN = """import json
import argparse
from mesh import build_model, read_ckpt

parser = argparse.ArgumentParser()
parser.add_argument("--config", default="configs/6B.json")
args = parser.parse_args()
params = json.load(open(args.config))
model_dir = params["model_dir"]
step = 0
try:
    with open(f"{model_dir}/meta.json", "r") as f:
        meta = json.load(f)
    ckpt_step = meta["checkpoints"][-1]
    state = read_ckpt(f"{model_dir}/step_{ckpt_step}/")
    step = ckpt_step
except FileNotFoundError:
    print("training from scratch")
network = build_model(params)
while step < params["total_steps"]:
    loss = network.train(step)
    step += 1
    if step % 500 == 0:
        network.save(step, model_dir)
"""


def test_a_step_read_from_the_saved_metadata_resumes(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": JAX_TRAIN,
            "mesh.py": "def build_model(p):\\n    pass\\n\\ndef read_ckpt(p):\\n    pass\\n",
        },
    )
    from experiment_tracking.index.build import parse_python
    from experiment_tracking.records import _resume_parts

    options, _ = _resume_parts(parse_python("train.py", JAX_TRAIN))
    assert options and options[0].line == 16 and "json.load" in options[0].detail


def test_a_step_read_from_the_options_is_no_resume(tmp_path):
    from experiment_tracking.index.build import parse_python
    from experiment_tracking.records import _resume_parts

    code = "import yaml\\ncfg = yaml.safe_load(open('c.yaml'))\\nepoch = cfg['epoch']\\n"
    assert _resume_parts(parse_python("train.py", code))[0] == []
