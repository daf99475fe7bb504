"""A helper the package re-exports (`from .misc_util import *` in the package __init__, called as
`pkg.common.set_global_seeds`) runs whenever its callers run; a pytest test written beside the
library code (`def test_probtypes()` in distributions.py) runs under pytest only, never in training.
Synthetic repository."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

MISC = """
import random

import numpy as np
import tensorflow as tf


def set_global_seeds(i):
    tf.set_random_seed(i)
    np.random.seed(i)
    random.seed(i)
"""

DISTRIBUTIONS = """
import numpy as np


def sample(logits):
    return np.argmax(logits - np.log(-np.log(np.random.uniform(size=logits.shape))), axis=-1)


def test_probtypes():
    np.random.seed(0)
    assert sample(np.zeros((2, 3))).shape == (2,)
"""

TRAIN = """
import random

import tensorflow as tf

from pkg.common import set_global_seeds
from pkg.common.distributions import sample

set_global_seeds(0)
opt = tf.train.AdamOptimizer(1e-3).minimize(loss)
for step in range(100):
    action = sample(logits) if random.random() > 0.1 else 0
    sess.run(opt)
"""


def test_reexported_seed_helper_seeds_and_tests_beside_library_code_do_not(tmp_path):
    write_repo(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/common/__init__.py": "from pkg.common.misc_util import *\n",
            "pkg/common/misc_util.py": MISC,
            "pkg/common/distributions.py": DISTRIBUTIONS,
            "train.py": TRAIN,
        },
    )
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET401")
    assert f.status == "PASS" and "random" in f.message, f.message
    assert {e.path for e in f.evidence} == {"pkg/common/misc_util.py"}, f.evidence
