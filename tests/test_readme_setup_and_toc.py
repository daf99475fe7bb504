"""A notebook book's README: "Running the code" on Colab ("a hosted runtime with all the
dependencies") is its setup; a table of contents of notebook links is no prose about results. Level 2
(short usage README) whose gap is results, never "setup instructions"."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

NB = {
    "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "outputs": [], "source": src}
        for src in (
            "import keras\nimport numpy as np",
            "model = keras.Sequential([keras.layers.Dense(1)])\nmodel.compile('adam', 'mse')",
            "model.fit(np.zeros((8, 2)), np.zeros(8), epochs=3)",
        )
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def test_a_colab_runtime_section_is_setup_and_a_link_list_is_no_results(tmp_path):
    import json

    toc = "".join(
        f"* [Chapter {i}: Topic {i}](https://colab.research.google.com/x/chapter{i:02d}.ipynb)\n"
        for i in range(40)
    )
    readme = (
        "# Companion notebooks\n\nNotebooks for the book.\n\n## Running the code\n\nWe recommend running these "
        "notebooks on Colab, which provides a hosted runtime with all the dependencies you will need.\n\n"
        "## Table of contents\n\n" + toc
    )
    files = {"README.md": readme}
    files.update({f"chapter{i:02d}.ipynb": json.dumps(NB) for i in range(3)})
    docs = dimension(run_audit(write_repo(tmp_path, files)), "documentation")
    assert docs.score == 2, docs.reasons
    text = " ".join(docs.reasons)
    assert "setup instructions" not in text and "results" in text, docs.reasons
