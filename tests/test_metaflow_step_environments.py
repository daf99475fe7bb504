"""Metaflow builds each step's environment from its decorators when a run asks for it
(`run --environment=conda`): @conda_base(python=..., libraries={...}) on the flow and @conda / @pypi on a
step name every library the step gets, each at an exact version, and the Python. That is a pinned
conda environment, however short the list; a flow without such decorators pins nothing. A seed
snippet for a framework a side module imports is not foreign to the project."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

FLOW = """from metaflow import FlowSpec, step, Parameter, conda, conda_base


@conda_base(python="3.8.10", libraries={"pandas": "1.3.2"})
class TrainFlow(FlowSpec):
    k = Parameter("k", default=3)

    @conda(libraries={"scikit-learn": "0.24.2"})
    @step
    def start(self):
        from sklearn.cluster import KMeans
        import pandas as pd
        self.model = KMeans(n_clusters=self.k, random_state=0).fit(pd.read_csv("data.csv"))
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    TrainFlow()
"""


def _find(result, rid):
    return next(f for f in result.findings if f.rule_id == rid)


def _env(result):
    return next(d for d in result.scorecard.dimensions if d.name == "environment_capture")


def test_step_decorators_pin_the_environment_and_python(tmp_path):
    write_repo(tmp_path, {"train_flow.py": FLOW})
    result = run_audit(tmp_path)
    et410 = _find(result, "ET410")
    assert et410.status == "PASS" and "train_flow.py 2 of 2 exact" in et410.message
    et411 = _find(result, "ET411")
    assert et411.status == "PASS" and any(e.path == "train_flow.py" and e.line == 4 for e in et411.evidence)
    env = _env(result)
    assert env.score == 4 and any("@conda" in r for r in env.reasons)


def test_a_flow_without_environment_decorators_pins_nothing(tmp_path):
    plain = FLOW.replace('@conda_base(python="3.8.10", libraries={"pandas": "1.3.2"})\n', "").replace(
        '    @conda(libraries={"scikit-learn": "0.24.2"})\n', ""
    )
    write_repo(tmp_path, {"train_flow.py": plain})
    result = run_audit(tmp_path)
    assert _find(result, "ET410").status == "FAIL"
    assert _env(result).score == 0


def test_a_loose_library_in_a_decorator_is_not_a_pin(tmp_path):
    loose = FLOW.replace('"scikit-learn": "0.24.2"', '"scikit-learn": ">=0.24"')
    write_repo(tmp_path, {"train_flow.py": loose})
    et410 = _find(run_audit(tmp_path), "ET410")
    assert et410.status != "PASS" and "1 of 2 exact" in et410.message


def test_a_seed_snippet_may_name_a_framework_only_a_side_module_imports(tmp_path):
    # the models are loaded by name at run time (import_module), so no import ties them to train.py
    train = (
        "import importlib\nimport sys\n\nimport numpy as np\nfrom sklearn.linear_model import SGDClassifier\n"
        "model = importlib.import_module('models.' + sys.argv[1])\nX = np.random.rand(4, 2)\n"
        "for epoch in range(3):\n    SGDClassifier().partial_fit(X, [0, 1, 0, 1], classes=[0, 1])\n"
    )
    keras_model = (
        "import tempfile\n\n\nclass KerasModel:\n    @classmethod\n    def save_model(cls, model):\n"
        "        import tensorflow as tf\n        with tempfile.NamedTemporaryFile() as f:\n"
        "            tf.keras.models.save_model(model, f.name, save_format='h5')\n            return f.read()\n"
    )
    write_repo(
        tmp_path, {"train.py": train, "models/keras_model.py": keras_model, "requirements.txt": "numpy\n"}
    )
    et401 = _find(run_audit(tmp_path), "ET401")
    assert "tensorflow" in et401.message
    assert "which this project does not use" not in (et401.recommendation or "")
