"""ET310's best-model fix speaks the project's loop: an RL agent is kept by its evaluation return (RL
has no validation loss), a TF1 Session by a second tf.train.Saver (no Keras callback to pass), and the
Hugging Face Trainer's load_best_model_at_end comes with the evaluation it needs."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo


def _fix(tmp_path, files):
    write_repo(tmp_path, files)
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET310")
    # none of these loops scores held-out data: whether a best model exists to keep is asked
    assert f.status == "REVIEW" and "no best-model selection" in f.message, f.message
    return f.recommendation


def test_an_rl_agent_keeps_its_best_policy_by_evaluation_return(tmp_path):
    fix = _fix(
        tmp_path,
        {
            "train.py": "import gym\nimport torch\nenv = gym.make('Hopper-v4')\npolicy = torch.nn.Linear(11, 3)\n"
            "for episode in range(100):\n    loss = policy(torch.zeros(11)).sum()\n    loss.backward()\n"
            "    torch.save(policy.state_dict(), 'policy.pt')\n",
        },
    )
    assert "eval_return > best_return" in fix and "val_loss" not in fix


def test_a_tf1_session_keeps_its_best_with_a_saver(tmp_path):
    fix = _fix(
        tmp_path,
        {
            "gan.py": "import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 2])\n"
            "loss = tf.reduce_mean(x)\nopt = tf.train.AdamOptimizer().minimize(loss)\nsaver = tf.train.Saver()\n"
            "with tf.Session() as sess:\n    for step in range(100):\n        sess.run(opt)\n"
            "        saver.save(sess, 'checkpoint/model', global_step=step)\n",
        },
    )
    assert "tf.train.Saver" in fix and "ModelCheckpoint" not in fix


def test_the_hf_trainer_best_model_asks_for_an_evaluation(tmp_path):
    fix = _fix(
        tmp_path,
        {
            "finetune.py": "from transformers import Trainer, TrainingArguments\n"
            "args = TrainingArguments(output_dir='out', num_train_epochs=3)\n"
            "trainer = Trainer(model=model, args=args, train_dataset=ds)\ntrainer.train()\n"
            "trainer.save_model('out/final')\n",
        },
    )
    assert "load_best_model_at_end=True" in fix and "eval_strategy" in fix
