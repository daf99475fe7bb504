"""IPython magics and shell escapes inside an indented block (`try:` / `if IS_COLAB:` around
`%tensorflow_version 2.x` or `!pip install`) leave the notebook's Python parseable, so the notebook
is searched like the others. Synthetic, after handson-ml2's set-up cells."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import notebook, write_repo

SETUP = """
try:
    # %tensorflow_version only exists in Colab.
    %tensorflow_version 2.x
    IS_COLAB = True
except Exception:
    IS_COLAB = False
if IS_COLAB:
    !pip install -q -U tensorflow-addons
"""

TRAIN = """
import numpy as np
import tensorflow as tf
np.random.seed(42)
tf.random.set_seed(42)
model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
model.compile(loss="mse", optimizer="sgd")
model.fit(np.zeros((8, 2)), np.zeros(8), epochs=2)
"""


def test_magics_inside_blocks_do_not_stop_the_notebook_from_parsing(tmp_path):
    result = run_audit(write_repo(tmp_path, {"10_neural_nets.ipynb": notebook(SETUP, TRAIN)}))
    m = result.ctx.index.modules["10_neural_nets.ipynb"]
    assert not getattr(m, "error", None), m.error
    assert any(c.name.endswith("fit") for c in m.calls)
    assert not any("could not be parsed" in f.message for f in result.findings)


def test_a_shell_line_continued_with_a_backslash_is_one_command():
    from experiment_tracking.index.notebooks import clean_cell

    source = "!saved_model_cli show --dir {model_path} --tag_set serve \\\n        --signature_def serving_default\nx = 1\n"
    python, shell = clean_cell(source)
    compile(python, "cell", "exec")
    assert shell == [
        (1, "saved_model_cli show --dir {model_path} --tag_set serve --signature_def serving_default")
    ]
