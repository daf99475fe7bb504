"""Fix snippets fit the repository: no API of a library the project does not use, no missing paths."""

from __future__ import annotations

import re

from experiment_tracking.audit import run_audit
from experiment_tracking.fixes import ADOPTION_RULES, foreign
from tests.rules.repo_helpers import write_repo

TF1 = """
import argparse
import tensorflow as tf
parser = argparse.ArgumentParser()
parser.add_argument("--output_dir")
parser.add_argument("--lr", type=float, default=0.1)
a = parser.parse_args()
def main():
    loss = tf.reduce_mean(x)
    train = tf.train.AdamOptimizer(a.lr).minimize(loss)
    sess.run(train)
main()
"""


def test_snippet_of_a_library_the_project_lacks_is_foreign():
    pkgs = {"tensorflow", "numpy"}
    assert "mlflow" in foreign("```python\nmlflow.log_params(vars(args))\n```", pkgs, set(), frozenset())
    assert "torch" in foreign("```dockerfile\nFROM pytorch/pytorch:2.3\n```", pkgs, set(), frozenset())
    assert foreign("```python\ntf.random.set_seed(0)\n```", pkgs, set(), frozenset()) == ""
    # keras belongs to the TensorFlow stack
    assert foreign("```python\nkeras.utils.set_random_seed(0)\n```", pkgs, set(), frozenset()) == ""
    # a fix that adopts a tracker may name it, but not another framework's model flavour
    adopt = "```python\nmlflow.sklearn.log_model(model, 'model')\n```"
    assert "sklearn" in foreign(adopt, pkgs, set(), frozenset(), adopting=True)
    assert (
        foreign(
            "```python\nmlflow.set_tracking_uri('http://x')\n```", pkgs, set(), frozenset(), adopting=True
        )
        == ""
    )


def test_missing_paths_make_a_snippet_foreign():
    snippet = "```bash\ndvc add data/train.csv\n```"
    assert "data/train.csv" in foreign(snippet, set(), set(), frozenset())
    assert foreign(snippet, set(), {"data/train.csv"}, frozenset({"data"})) == ""


def test_a_tf1_project_gets_no_mlflow_or_torch_snippets(tmp_path):
    write_repo(tmp_path, {"model.py": TF1, "requirements.txt": "tensorflow==1.15\n", "README.md": "# m\n"})
    result = run_audit(tmp_path)
    for f in result.findings:
        for block in re.findall(r"```.*?```", f.recommendation, re.S):
            assert "torch." not in block, (f.rule_id, block)
            if f.rule_id not in ADOPTION_RULES:  # adopting a tracker may name it; nothing else may
                assert "mlflow." not in block, (f.rule_id, block)
    for r in result.recommendations:
        assert "torch." not in (r.get("snippet") or "")
    # a fix whose only snippet is in another stack is dropped, not replaced by a placeholder
    assert not any("Do this with" in f.recommendation for f in result.findings)


def test_a_project_without_a_tracker_gets_fixes_that_extend_its_own_run_record(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": """
            import argparse, json, os
            import torch
            p = argparse.ArgumentParser(); p.add_argument("--output_dir"); p.add_argument("--seed", type=int)
            args = p.parse_args()
            with open(os.path.join(args.output_dir, "log.txt"), "a") as f:
                for step in range(3):
                    loss.backward()
                    f.write(json.dumps({"loss": 1.0}) + "\\n")
            """
        },
    )
    result = run_audit(tmp_path)
    f420 = next(f for f in result.findings if f.rule_id == "ET420")
    assert (
        "os.path.join(args.output_dir, 'git.json')" in f420.recommendation
        and "mlflow" not in f420.recommendation
    )


def test_determinism_fix_speaks_the_pinned_framework_version(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": "import torch\ntorch.manual_seed(0)\nmodel.cuda()\nfor s in range(3):\n    loss.backward()\n",
            "requirements.txt": "torch==1.6.0\n",
        },
    )
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET403")
    assert (
        "cudnn.deterministic = True" in f.recommendation
        and "use_deterministic_algorithms" not in f.recommendation
    )
    write_repo(tmp_path, {"train.py": TF1, "requirements.txt": "tensorflow-gpu==1.4.1\n"})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET403")
    assert "TF_CUDNN_DETERMINISTIC" in f.recommendation and "enable_op_determinism" not in f.recommendation
