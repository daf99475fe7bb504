"""A notebook records the Python its kernel ran (metadata.language_info.version): with nothing else
stating a version, ET411 names that version as the one the saved results came from, and its fix pins
that minor version instead of a current one the old code may not run on."""

from __future__ import annotations

import json

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo


def _notebook(version):
    return json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 2,
            "metadata": {"language_info": {"name": "python", "version": version}},
            "cells": [
                {
                    "cell_type": "code",
                    "source": "from sklearn.ensemble import RandomForestRegressor\n"
                    "m = RandomForestRegressor(random_state=60)\nm.fit(X, y)\n",
                    "metadata": {},
                    "outputs": [],
                    "execution_count": 1,
                }
            ],
        }
    )


def test_the_kernel_python_of_a_training_notebook_is_named_and_pinned_in_the_fix(tmp_path):
    write_repo(tmp_path, {"Modelling.ipynb": _notebook("3.6.4")})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET411")
    assert f.status == "WARN" and "3.6.4 in Modelling.ipynb's metadata" in f.message
    assert "echo '3.6' > .python-version" in f.recommendation


def test_a_notebook_without_kernel_metadata_gets_the_general_warning(tmp_path):
    write_repo(tmp_path, {"Modelling.ipynb": _notebook("").replace('"version": ""', '"x": 1')})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET411")
    assert "No Python version is pinned or stated" in f.message


def test_a_python2_kernel_is_named_too(tmp_path):
    write_repo(tmp_path, {"1.dqn.ipynb": _notebook("2.7.13")})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET411")
    assert "2.7.13" in f.message and "echo '2.7' > .python-version" in f.recommendation
