"""An env wrapper that logs a video at the end of each episode (`obs, reward, done, info =
super().step(a)`, then `if done and len(self._video) > 0: wandb.log(...)`): `done` and the size of
`self._video` are data, not switches. The wrapper is built only behind `--save_video`: that is the
switch the review question names."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

WRAPPER = """import gym
import numpy as np
import wandb


class WANDBVideo(gym.Wrapper):
    def __init__(self, env, name="video"):
        super().__init__(env)
        self._name = name
        self._video = []

    def step(self, action):
        obs, reward, done, info = super().step(action)
        self._video.append(obs)
        if done and len(self._video) > 0:
            video = wandb.Video(np.stack(self._video), fps=20, format="mp4")
            wandb.log({self._name: video}, commit=False)
            self._video = []
        return obs, reward, done, info
"""
TRAIN = """import gym
import wandb
from absl import app, flags

from wrappers import WANDBVideo

FLAGS = flags.FLAGS
flags.DEFINE_boolean("save_video", False, "Save videos during evaluation.")


def main(_):
    wandb.init(project="rl")
    wandb.config.update(FLAGS)
    env = gym.make("HalfCheetah-v2")
    if FLAGS.save_video:
        env = WANDBVideo(env)
    for step in range(1000):
        obs, reward, done, info = env.step(env.action_space.sample())
        wandb.log({"reward": reward}, step=step)


if __name__ == "__main__":
    app.run(main)
"""


def test_the_question_names_the_flag_that_builds_the_wrapper(tmp_path):
    result = run_audit(write_repo(tmp_path, {"wrappers.py": WRAPPER, "train.py": TRAIN}))
    f = next(f for f in result.findings if f.rule_id == "ET311")
    assert f.status == "REVIEW", f.message
    assert "save_video" in f.question and "done" not in f.question, f.question
