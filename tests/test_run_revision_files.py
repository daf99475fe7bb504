"""A run directory's revision file written by the project's own helper: the commit read through a
command bound to a variable (cmd = ['git', 'rev-parse', 'HEAD']; Popen(cmd)) and written into the
run's directory records the commit (ET420, citing the line that writes it), and the framework
version written beside it is environment metadata (ET213). Copying data files whose variable is
named src_file_path copies no code."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from experiment_tracking.index.python_facts import parse_python
from tests.rules.repo_helpers import write_repo

HELPERS = """
import os
from subprocess import PIPE, Popen

import tensorflow as tf

def store_revision_info(src_path, output_dir, arg_string):
    cmd = ['git', 'rev-parse', 'HEAD']
    gitproc = Popen(cmd, stdout=PIPE, cwd=src_path)
    (stdout, _) = gitproc.communicate()
    git_hash = stdout.strip()
    with open(os.path.join(output_dir, 'revision_info.txt'), 'w') as text_file:
        text_file.write('arguments: %s\\n' % arg_string)
        text_file.write('tensorflow version: %s\\n' % tf.__version__)
        text_file.write('git hash: %s\\n' % git_hash)
"""
TRAIN = """
import os
import sys
import time
import tensorflow as tf
import helpers

log_dir = os.path.join('logs', time.strftime('%Y%m%d-%H%M%S'))
helpers.store_revision_info(os.path.dirname(__file__), log_dir, ' '.join(sys.argv))
for step in range(10):
    sess.run(tf.compat.v1.train.AdamOptimizer().minimize(loss))
"""


def test_the_revision_file_records_commit_and_framework_version(tmp_path):
    write_repo(tmp_path, {"helpers.py": HELPERS, "train.py": TRAIN})
    found = {f.rule_id: f for f in run_audit(tmp_path).findings}
    assert found["ET420"].status == "PASS"
    assert [e.where() for e in found["ET420"].evidence] == ["helpers.py:14"]
    assert found["ET213"].status == "PASS" and found["ET213"].evidence[0].where() == "helpers.py:13"


def test_copying_data_files_is_not_a_code_copy():
    m = parse_python(
        "split.py",
        "import os, shutil\nsrc_file_path = os.path.join(src, f)\nshutil.copyfile(src_file_path, os.path.join(dst, f))\n",
    )
    from experiment_tracking.records import _role

    copies = [w for w in m.writes if w.kind == "copy"]
    assert copies and all((_role(w, None) or ("",))[0] != "code" for w in copies)
