"""ET101's fix records runs the way the project trains. The rule's example wraps an estimator's
`fit(X, y)` / `score(X_test, y_test)` in MLflow; shown to an RL episode loop, a TF1 session or a
Hugging Face Trainer it is advice for another project (reviewers marked it unfit on minimalRL, SeqGAN
and simple-llm-finetuner)."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo


def _fix(tmp_path, files):
    write_repo(tmp_path, files)
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET101")
    assert f.status == "FAIL"
    return f.recommendation


def test_a_hand_written_loop_gets_a_per_run_metrics_file(tmp_path):
    fix = _fix(
        tmp_path,
        {
            "dqn.py": "import gym\nimport torch\nq = torch.nn.Linear(4, 2)\n"
            "opt = torch.optim.Adam(q.parameters())\nenv = gym.make('CartPole-v1')\n"
            "for episode in range(1000):\n    s = env.reset()\n    loss = q(torch.tensor(s)).sum()\n"
            "    opt.zero_grad(); loss.backward(); opt.step()\n    print(episode, loss.item())\n",
        },
    )
    assert "metrics.jsonl" in fix and "model.fit(X, y)" not in fix and "score(X_test" not in fix


def test_a_hugging_face_trainer_reports_through_its_arguments(tmp_path):
    fix = _fix(
        tmp_path,
        {
            "finetune.py": "from transformers import Trainer, TrainingArguments\n"
            "args = TrainingArguments(output_dir='out', num_train_epochs=3)\n"
            "trainer = Trainer(model=model, args=args, train_dataset=ds)\ntrainer.train()\n",
        },
    )
    assert "report_to=" in fix and "mlflow" not in fix


def test_a_keras_fit_gets_callbacks(tmp_path):
    fix = _fix(
        tmp_path,
        {
            "train.py": "from tensorflow import keras\nmodel = keras.Sequential([keras.layers.Dense(1)])\n"
            "model.compile('adam', 'mse')\nmodel.fit(x, y, epochs=10, validation_data=(xv, yv))\n",
        },
    )
    assert "CSVLogger" in fix and "model.score" not in fix


def test_an_estimator_keeps_the_fit_score_example(tmp_path):
    fix = _fix(
        tmp_path,
        {
            "train.py": "from sklearn.ensemble import RandomForestClassifier\n"
            "m = RandomForestClassifier(random_state=0)\nm.fit(X, y)\nprint(m.score(X_test, y_test))\n",
        },
    )
    assert "mlflow.start_run" in fix and "model.score(X_test, y_test)" in fix
