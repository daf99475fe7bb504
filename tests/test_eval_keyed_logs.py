"""An RL agent's test episodes averaged and logged under an evaluation key
(`writer.add_scalar('avg_reward/test', avg_reward, i_episode)`) are evaluation results recorded, though
no metric library computes them; a training reward alone is not."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

MAIN = """import gym
import torch
from torch.utils.tensorboard import SummaryWriter

env = gym.make("HalfCheetah-v2")
writer = SummaryWriter("runs/sac")
policy = torch.nn.Linear(17, 6)
opt = torch.optim.Adam(policy.parameters(), lr=3e-4)
for i_episode in range(1000):
    state = env.reset()
    loss = policy(torch.randn(17)).sum()
    loss.backward()
    opt.step()
    writer.add_scalar("reward/train", 1.0, i_episode)
    if i_episode % 10 == 0:
        avg_reward = 0.0
        for _ in range(10):
            avg_reward += 1.0
        writer.add_scalar("KEY", avg_reward / 10, i_episode)
"""


def _et302(tmp_path, key):
    result = run_audit(write_repo(tmp_path, {"main.py": MAIN.replace("KEY", key)}))
    return next(f for f in result.findings if f.rule_id == "ET302")


def test_a_reward_logged_under_a_test_key_is_an_evaluation(tmp_path):
    f = _et302(tmp_path, "avg_reward/test")
    assert f.status == "PASS" and "avg_reward/test" in f.message, f.message


def test_a_training_reward_is_not(tmp_path):
    assert _et302(tmp_path, "reward/avg").status == "WARN"


def test_loading_coco_annotations_is_no_metric(tmp_path):
    """pycocotools.coco.COCO reads the annotation file; only pycocotools.cocoeval.COCOeval evaluates."""
    loader = (
        "from pycocotools.coco import COCO\n\n\nclass CocoGenerator:\n    def __init__(self, path):\n"
        "        self.coco = COCO(path)\n"
    )
    files = {"main.py": MAIN.replace("KEY", "reward/avg"), "coco.py": loader}
    result = run_audit(write_repo(tmp_path, files))
    f = next(f for f in result.findings if f.rule_id == "ET302")
    assert not any("pycocotools" in e.detail for e in f.evidence), f.evidence
