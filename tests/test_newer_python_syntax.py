"""Code written for a newer Python than the auditor runs on (f-strings reusing their quotes, PEP 701;
``type`` aliases and type parameters, PEP 695) is still read: the lines an older parser rejects are
simplified in place, line numbers kept, and Data Gaps says so. Only the simplified expressions are
lost, not the module's training code."""

from __future__ import annotations

import sys

import pytest

from experiment_tracking.audit import run_audit
from experiment_tracking.index.python_facts import parse_python
from experiment_tracking.index.syntax_fallback import _simplify_line
from tests.rules.repo_helpers import write_repo

TRAIN = """import mlflow
import xgboost as xgb

type Params = dict[str, float]


def artifact_location(root):
    return f"file://{root / "mlruns_artifacts"}"


def fit[T](params: T, dtrain):
    print(f"training with {params["max_depth"]} and {params['eta']:.2f}")
    with mlflow.start_run(run_name="xgb"):
        mlflow.log_params(params)
        booster = xgb.train(params, dtrain)
        mlflow.xgboost.log_model(booster, "model")


if __name__ == "__main__":
    fit({"max_depth": 6, "eta": 0.1}, load())
"""


def test_the_simplified_lines_keep_their_place():
    assert _simplify_line('    return f"file://{root / "m"}" + x') == '    return "" + x'
    assert _simplify_line("type Params = dict[str, float]") == "Params = None"
    assert _simplify_line("def fit[T](p: T):") == "def fit(p: T):"
    assert _simplify_line('print("no f-string here")') == 'print("no f-string here")'


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="this interpreter reads PEP 701/695 itself")
def test_a_module_in_312_syntax_is_read_with_a_note(tmp_path):
    m = parse_python("train.py", TRAIN)
    assert not m.error and "line(s) 4, 8, 11" in m.syntax_note and "Python 2" not in m.syntax_note
    calls = {c.name for c in m.calls}
    assert {"mlflow.log_params", "xgboost.train", "mlflow.xgboost.log_model"} <= calls
    assert next(c.line for c in m.calls if c.name == "xgboost.train") == 15
    write_repo(tmp_path, {"train.py": TRAIN})
    result = run_audit(tmp_path)
    notes = [n for n in result.notes if n.path == "train.py"]
    assert [n.kind for n in notes] == ["other-python-syntax"]
    assert "train.py" in [e.path for e in result.ctx.taxonomy.training_entry_points]


def test_a_real_syntax_error_is_still_reported():
    m = parse_python("bad.py", "def f(:\n    pass\n")
    assert m.error.startswith("syntax error at line 1") and not m.syntax_note


PY2 = """import numpy as np
import xgboost as xgb

np.random.seed(1337)


def train(params, dtrain):
    print "Training with", params
    try:
        model = xgb.train(params, dtrain, 1000L)
    except ValueError, e:
        print >>sys.stderr, "failed", e
        raise RuntimeError, "training failed"
    os.chmod("preds", 0755)
    if params <> None:
        print `params`
    return model


if __name__ == "__main__":
    train(load_params(), load())
"""


def test_a_python2_module_is_read_as_the_python3_it_means(tmp_path):
    m = parse_python("train.py", PY2)
    assert not m.error and m.syntax_note.startswith("Python 2 syntax")
    calls = {c.name: c.line for c in m.calls}
    assert calls["numpy.random.seed"] == 4 and calls["xgboost.train"] == 10
    write_repo(tmp_path, {"train.py": PY2})
    result = run_audit(tmp_path)
    assert [n.kind for n in result.notes if n.path == "train.py"] == ["other-python-syntax"]
    assert next(f for f in result.findings if f.rule_id == "ET401").status == "PASS"


# A Databricks notebook exported as a script: magics and a shell escape continued over several lines.
DATABRICKS_SCRIPT = """# Databricks notebook source
import os
from datetime import datetime

# MAGIC %pip install -r requirements.txt

timestamp = datetime.now().strftime("%Y-%m-%dT%H:%M:%S")
local_output_dir = f"/local_disk0/dolly_training/run__{timestamp}"

!deepspeed --num_gpus=8 \\
    --module training.trainer \\
    --local-output-dir {local_output_dir}

%load_ext tensorboard
print(local_output_dir)
"""

# Python 3.6 code: `async` was a name until 3.7 made it a keyword.
PY36_SCRIPT = """import torch


def a2c_feature(**kwargs):
    config = dict(kwargs)
    config.setdefault('async', False)
    return config


def run_steps(agent, async=False):
    for step in range(10):
        agent.step()
    torch.save(agent.network.state_dict(), 'model.pt')


if __name__ == '__main__':
    run_steps(make_agent(), async=True)
"""


def test_a_notebook_exported_as_a_script_is_read_past_its_shell_escapes():
    m = parse_python("train_dolly.py", DATABRICKS_SCRIPT)
    assert not m.error and "line(s) 10" in m.syntax_note
    assert next(c.line for c in m.calls if c.name == "print") == 15


def test_python36_code_using_async_as_a_name_is_read():
    m = parse_python("examples.py", PY36_SCRIPT)
    assert not m.error
    assert any(c.name == "torch.save" and c.line == 13 for c in m.calls)


def test_a_python2_print_continued_with_backslashes_is_read():
    src = (
        "import time\n\n\ndef train(sess, saver):\n    for idx in range(10):\n"
        '        print "[Batch %(idx)d] d_loss: %(d_loss).8f" \\\n'
        "            % {'idx': idx, 'd_loss': 0.5}\n"
        "        saver.save(sess, 'model', global_step=idx)\n"
    )
    m = parse_python("imagenet/train.py", src)
    assert not m.error and m.syntax_note.startswith("Python 2")
    assert any(c.name == "saver.save" and c.line == 8 for c in m.calls)
