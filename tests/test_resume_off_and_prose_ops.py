"""`trainer.train(resume_from_checkpoint=False)` turns resuming off: no resume path. A README naming
"OpenAI GYM ( > 0.26.2 ...)" states a version in prose (environment level 1)."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

TRAIN = """import torch
from transformers import AutoModelForCausalLM, Trainer, TrainingArguments

model = AutoModelForCausalLM.from_pretrained("gpt2")
trainer = Trainer(model=model, args=TrainingArguments(output_dir="lora"), train_dataset=ds)
trainer.train(resume_from_checkpoint=False)
model.save_pretrained("lora/out")
"""
RL = """import gym
import torch

env = gym.make("CartPole-v1")
q = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(q.parameters(), lr=5e-4)
for n_epi in range(100):
    s, _ = env.reset()
    loss = q(torch.tensor(s)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
"""


def test_resume_from_checkpoint_false_is_no_resume(tmp_path):
    result = run_audit(write_repo(tmp_path, {"trainer.py": TRAIN}))
    f = next(f for f in result.findings if f.rule_id == "ET511")
    assert f.status != "PASS", f.message


def test_a_version_in_parentheses_in_the_readme_is_prose(tmp_path):
    readme = "# minimal RL\n\n## Dependencies\n1. PyTorch\n2. OpenAI GYM ( > 0.26.2 IMPORTANT!!)\n"
    result = run_audit(write_repo(tmp_path, {"dqn.py": RL, "README.md": readme}))
    assert dimension(result, "environment_capture").score == 1
