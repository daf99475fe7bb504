"""ET411's fix names a Python version only when the evidence supports one: Python 2 code gets 2.7,
TensorFlow 1 code the newest Python TF 1.x has wheels for, a declared minimum is never undercut. With
no evidence the fix records the interpreter the results come from instead of inventing a version
(an earlier build told a TF1 project and a Python 2 project to pin 3.11, which runs neither)."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TF1_TRAIN = (
    "import tensorflow as tf\n"
    "x = tf.placeholder(tf.float32, [None, 4])\n"
    "loss = tf.reduce_mean(x)\n"
    "train_op = tf.train.AdamOptimizer(0.1).minimize(loss)\n"
    "with tf.Session() as sess:\n"
    "    for step in range(100):\n"
    "        sess.run(train_op)\n"
)

PY2_TRAIN = (
    "import cPickle\n"
    "import numpy as np\n"
    "def train(model, data):\n"
    "    for epoch in xrange(10):\n"
    "        loss = model.fit(data)\n"
    "        print 'epoch', epoch, loss\n"
    "if __name__ == '__main__':\n"
    "    train(None, np.zeros(3))\n"
)

TORCH_TRAIN = (
    "import torch\n"
    "model = torch.nn.Linear(4, 1)\n"
    "opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
    "for epoch in range(10):\n"
    "    loss = model(torch.randn(8, 4)).sum()\n"
    "    loss.backward()\n"
    "    opt.step()\n"
)


def _et411(tmp_path, files):
    write_repo(tmp_path, files)
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET411")


def test_tensorflow1_code_gets_the_newest_python_tf1_runs_on(tmp_path):
    f = _et411(tmp_path, {"train.py": TF1_TRAIN})
    assert f.status == "WARN"
    assert "echo '3.7' > .python-version" in f.recommendation
    assert "3.11" not in f.recommendation


def test_a_stated_minimum_is_kept_and_capped_by_the_framework(tmp_path):
    f = _et411(tmp_path, {"train.py": TF1_TRAIN, "README.md": "# gan\n\nRequires python3 (>=3.5).\n"})
    assert "Only a minimum Python version is stated" in f.message
    assert "echo '3.7' > .python-version" in f.recommendation and ">= 3.5" in f.recommendation


def test_a_declared_minimum_above_the_default_is_never_undercut(tmp_path):
    f = _et411(
        tmp_path,
        {
            "train.py": TORCH_TRAIN,
            "pyproject.toml": "[project]\nname = 'lib'\nversion = '1'\nrequires-python = '>=3.12'\n",
        },
    )
    assert "Only a minimum Python version is declared" in f.message
    assert "echo '3.12' > .python-version" in f.recommendation


def test_python2_code_is_told_to_state_2_7(tmp_path):
    f = _et411(tmp_path, {"train.py": PY2_TRAIN})
    assert "echo '2.7' > .python-version" in f.recommendation and "train.py" in f.recommendation


def test_a_readme_that_lists_python_2_7_states_the_version(tmp_path):
    f = _et411(tmp_path, {"train.py": PY2_TRAIN, "README.md": "# seqgan\n\n## Requirements\n* Python 2.7\n"})
    assert f.status == "PASS" and "README.md:4" in f.message


def test_with_no_evidence_the_fix_records_the_interpreter_in_use(tmp_path):
    f = _et411(tmp_path, {"train.py": TORCH_TRAIN})
    assert "sys.version_info" in f.recommendation
    assert not any(f"'3.{n}'" in f.recommendation for n in range(6, 14))


def test_a_stated_minimum_older_than_the_projects_pins_allow_is_raised_to_them(tmp_path):
    reqs = "pytorch-lightning==1.5.6\nPyYAML==6.0\ntorchvision>=0.5.0\n"
    readme = "# VAE\n\n## Requirements\n- Python >= 3.5\n"
    f = _et411(tmp_path, {"train.py": TORCH_TRAIN, "requirements.txt": reqs, "README.md": readme})
    assert "echo '3.6' > .python-version" in f.recommendation, f.recommendation
    assert "pytorch-lightning==1.5.6" in f.recommendation


def test_a_readme_saying_the_code_was_tested_under_python_2_gets_2_7(tmp_path):
    readme = "# XL\n\nThis code base has been tested with TensorFlow 1.13.1 under Python2.\n"
    f = _et411(tmp_path, {"train.py": TF1_TRAIN, "README.md": readme})
    assert "echo '2.7' > .python-version" in f.recommendation, f.recommendation
