"""KerasTuner writes each trial under directory/project_name and reloads them when the tuner is built
again: the search history is persisted, not kept in memory - unless `overwrite=True` wipes it on start."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

SEARCH = """import keras
import keras_tuner as kt


def build(hp):
    units = hp.Int("units", 16, 64, step=16)
    model = keras.Sequential([keras.layers.Dense(units), keras.layers.Dense(10)])
    model.compile("adam", "sparse_categorical_crossentropy")
    return model


tuner = kt.BayesianOptimization(build, objective="val_loss", max_trials=10, directory="mnist_kt_test", overwrite=True)
tuner.search(x_train, y_train, epochs=5, validation_split=0.2)
"""


def test_a_keras_tuner_search_persists_its_trials(tmp_path):
    src = SEARCH.replace(", overwrite=True", "")
    result = run_audit(write_repo(tmp_path, {"search.py": src}))
    f = next(f for f in result.findings if f.rule_id == "ET221")
    assert f.status == "PASS", f.message
    assert any("mnist_kt_test" in e.detail for e in f.evidence), f.evidence


def test_a_search_that_wipes_its_trials_on_start_keeps_no_history(tmp_path):
    result = run_audit(write_repo(tmp_path, {"search.py": SEARCH}))
    f = next(f for f in result.findings if f.rule_id == "ET221")
    assert f.status == "WARN", f.message
    assert any("mnist_kt_test" in e.detail and "overwrite=True" in e.detail for e in f.evidence), f.evidence


def test_the_evidence_names_the_project_folder(tmp_path):
    src = SEARCH.replace('directory="mnist_kt_test"', 'directory="kt", project_name="mnist"')
    result = run_audit(write_repo(tmp_path, {"search.py": src}))
    f = next(f for f in result.findings if f.rule_id == "ET221")
    assert any("kt/mnist" in e.detail for e in f.evidence), f.evidence
