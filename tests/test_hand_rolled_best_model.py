"""Keeping the best model by hand: a save inside `if score > best_score:` (directly, or through the
project's own save helper) is best-model selection, as ModelCheckpoint(save_best_only=True) is.
Synthetic."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

UTIL = """
import joblib


def save_variables(save_path, variables, sess):
    ps = sess.run(variables)
    save_dict = {v.name: value for v, value in zip(variables, ps)}
    joblib.dump(save_dict, save_path)
"""

LEARN = """
import tensorflow as tf

from util import save_variables


def learn(env, total_timesteps, model_file="model"):
    saved_mean_reward = None
    opt = tf.train.AdamOptimizer(1e-3).minimize(loss)
    for t in range(total_timesteps):
        sess.run(opt)
        mean_reward = evaluate(env)
        if saved_mean_reward is None or mean_reward > saved_mean_reward:
            save_variables(model_file, tf.trainable_variables(), sess)
            saved_mean_reward = mean_reward


if __name__ == "__main__":
    learn(make_env(), 10000)
"""


def _et310(tmp_path, code):
    write_repo(tmp_path, {"util.py": UTIL, "learn.py": code})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET310")


def test_a_save_under_a_comparison_with_the_best_score_selects_the_best_model(tmp_path):
    f = _et310(tmp_path, LEARN)
    assert f.status == "PASS" and "best model is selected" in f.message, f.message
    assert any("saved_mean_reward" in e.detail for e in f.evidence)


def test_a_save_every_step_selects_nothing(tmp_path):
    code = LEARN.replace(
        "if saved_mean_reward is None or mean_reward > saved_mean_reward:", "if t % 100 == 0:"
    )
    f = _et310(tmp_path, code)
    assert "best model is selected" not in f.message, f.message
