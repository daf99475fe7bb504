"""Code the project keeps but no longer runs (deprecated/, archive/, legacy/) is not its training
path: an unseeded split in a deprecated notebook does not fail the seeding of the current code."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from experiment_tracking.detect.engine import scope_of
from tests.rules.repo_helpers import write_repo

CURRENT = (
    "from sklearn.model_selection import train_test_split\nfrom sklearn.ensemble import RandomForestRegressor\n"
    "X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=42)\n"
    "RandomForestRegressor(random_state=60).fit(X_tr, y_tr)\n"
)
OLD = (
    "from sklearn.model_selection import train_test_split\nX_tr, X_te, y_tr, y_te = train_test_split(X, y)\n"
)


def test_deprecated_code_is_out_of_the_project_scope(tmp_path):
    assert scope_of("deprecated/Exploratory_Work.ipynb") == "example"
    assert scope_of("src/legacy/train.py") == "example"
    write_repo(tmp_path, {"train.py": CURRENT, "deprecated/old_split.py": OLD})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET401")
    assert f.status == "PASS" and "random_state" in f.message
