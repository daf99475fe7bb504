"""A run directory that receives a copy of the code (``os.system(f"cp ./*.py {output_path}")``, a
``cp`` through subprocess) holds the code that produced it: run-level code capture, whatever tool
does the copy. The command's text is read as written; its unknown parts stay unknown."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from experiment_tracking.index.python_facts import parse_python
from tests.conftest import make_git_repo
from tests.rules.repo_helpers import dimension

UTILS = """
import datetime
import os

import lightgbm as lgb

def train_and_predict(config, run_id=None):
    if run_id is None:
        run_id = "run_lgb_" + datetime.datetime.now().strftime("%Y%m%d_%H%M%S")
    output_path = "output/" + run_id + "/"
    os.makedirs(output_path, exist_ok=True)
    os.system(f"cp ./*.py {output_path}")
    log = open(output_path + "/train.log", "w")
    log.write(str(config) + "\\n")
    model = lgb.train(config["params"], dtrain)
    model.save_model(output_path + "model.txt")
"""
MAIN = "import lightgbm as lgb\nfrom utils import train_and_predict\ntrain_and_predict({'params': {'lr': 0.1}})\n"


def test_a_shell_copy_of_the_code_into_the_run_dir_is_a_code_record():
    m = parse_python("u.py", UTILS)
    copies = [w for w in m.writes if w.kind == "copy"]
    assert [(w.what, w.call, w.origins) for w in copies] == [("cp ./*.py", "os.system", ("time",))]
    # Commands that copy no code, or copy to a fixed place, are not run records.
    other = parse_python("v.py", "import os\nos.system('ls -la')\nos.system(f'cp data.csv {out}')\n")
    assert not [w for w in other.writes if w.kind == "copy"]


def test_the_copied_code_counts_as_run_level_capture(tmp_path):
    make_git_repo(tmp_path, {"utils.py": UTILS, "S5_main.py": MAIN, ".gitignore": "output/\n"})
    result = run_audit(tmp_path)
    reasons = " ".join(dimension(result, "code_versioning").reasons)
    assert "code is copied into each run's directory" in reasons
    f420 = next(f for f in result.findings if f.rule_id == "ET420")
    assert f420.status == "WARN" and "copied into each run's directory (utils.py:12)" in f420.message
