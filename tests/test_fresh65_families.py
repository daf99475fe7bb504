"""Families of real code the fresh65 round (repositories never seen before its first audit) showed the
auditor reading wrong, each with a synthetic case of our own."""

from __future__ import annotations

import subprocess

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import commit_all, dimension, write_repo

TRAIN = """
import argparse
import torch

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=0.1)
args = p.parse_args()
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
for step in range(10):
    loss = model(torch.randn(8, 4)).sum()
    opt.zero_grad(); loss.backward(); opt.step()
torch.save(model.state_dict(), "model.pt")
"""


def _tag(root, *names):
    for name in names:
        subprocess.run(["git", "tag", name], cwd=root, check=True, capture_output=True)


def test_a_lone_git_tag_is_one_snapshot_not_a_release_practice(tmp_path):
    one = write_repo(tmp_path / "one", {"train.py": TRAIN, "README.md": "# x\n"})
    commit_all(one)
    _tag(one, "v0.0")
    dim = dimension(run_audit(one, jobs=1), "code_versioning")
    assert dim.score == 2, dim.reasons
    assert any("single snapshot" in r for r in dim.reasons)
    two = write_repo(tmp_path / "two", {"train.py": TRAIN, "README.md": "# x\n"})
    commit_all(two)
    _tag(two, "v1.0", "v1.1")
    assert dimension(run_audit(two, jobs=1), "code_versioning").score == 3


TEST_SCRIPT = """
import argparse
import torch
from models.net import Net

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model_path", default="weights/net.pth")
    p.add_argument("--save_dir", default="results")
    args = p.parse_args()
    model = Net()
    model.load_state_dict(torch.load(args.model_path))
    model.eval()
    with torch.no_grad():
        out = model(torch.randn(1, 3, 8, 8))
    torch.save(out, f"{args.save_dir}/out.pt")

if __name__ == "__main__":
    main()
"""

NET = """
import torch

class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 3, 3, padding=1)

    def forward(self, x):
        return self.conv(x)
"""

COG = """
build:
  gpu: true
  python_version: "3.8"
  python_packages:
    - "torch==1.8.0"
    - "numpy==1.19.4"
    - "opencv-python==4.4.0.46"
    - "Pillow==8.3.2"
    - "timm==0.4.12"
    - "tqdm==4.62.2"
predict: "predict.py:Predictor"
"""

PREDICT = """
import torch
from cog import BasePredictor, Input, Path
from models.net import Net

class Predictor(BasePredictor):
    def setup(self):
        self.model = Net()
        self.model.load_state_dict(torch.load("weights/net.pth"))

    def predict(self, image: Path = Input()) -> Path:
        return image
"""


def test_a_main_test_script_is_no_training_and_the_predictor_image_is_the_release_environment(tmp_path):
    files = {
        "main_test_net.py": TEST_SCRIPT,
        "models/__init__.py": "",
        "models/net.py": NET,
        "cog.yaml": COG,
        "predict.py": PREDICT,
        "README.md": "# Net\nTest code only; training lives in another repository.\n\n"
        "python main_test_net.py --model_path weights/net.pth\n",
    }
    root = write_repo(tmp_path, files)
    commit_all(root)
    result = run_audit(root, jobs=1)
    assert not result.ctx.taxonomy.training_entry_points
    env = dimension(result, "environment_capture")
    # every package pinned, in the image Cog builds for the released (inference) code
    assert env.score >= 4, env.reasons
    assert any("container cog.yaml" in r for r in env.reasons), env.reasons
