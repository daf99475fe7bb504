"""A framework's use is cited at the training entry point's import, not at the first helper module
that imports it (metrics.py): fixes that name the place (determinism, seeds) then land where training
starts."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = (
    "import tensorflow as tf\nfrom metrics import dice\nmodel.compile(loss=dice)\nmodel.fit(x, y, epochs=3)\n"
)
METRICS = "import tensorflow as tf\n\ndef dice(y, p):\n    return tf.reduce_mean(y * p)\n"


def test_the_training_script_is_cited_for_the_framework(tmp_path):
    write_repo(tmp_path, {"train.py": TRAIN, "metrics.py": METRICS})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET403")
    assert f.evidence[0].path == "train.py"
