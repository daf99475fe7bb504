"""Reproducibility facts read from what the project runs: the Python its CI sets up (one version), the
framework its code imports (not one only listed), the services beside it, its seeds and kernels."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = "import torch\nfor epoch in range(3):\n    loss.backward()\n"
WORKFLOW = """
on: [push]
jobs:
  train:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: {version}
      - run: pip install -r requirements.txt && python train.py
"""


def _et411(tmp_path, version):
    write_repo(
        tmp_path,
        {
            "train.py": TRAIN,
            "requirements.txt": "torch==2.1.0\n",
            ".github/workflows/ci.yml": WORKFLOW.replace("{version}", version),
        },
    )
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET411")


def test_one_python_version_set_up_by_ci_pins_it_as_written(tmp_path):
    f = _et411(tmp_path, "3.10")  # unquoted: YAML reads the number 3.1
    assert f.status == "PASS"
    assert f.evidence[0].path == ".github/workflows/ci.yml" and "Python 3.10" in f.evidence[0].detail


def test_the_config_reader_keeps_a_version_as_written_and_other_numbers_as_numbers():
    from experiment_tracking.index.configs import parse_yaml

    doc = parse_yaml("c.yml", "python-version: 3.10\ntorch_version: 1.10\nversions: [3.9, 3.10]\nlr: 0.10\n")
    assert doc.get("python-version") == "3.10" and doc.get("torch_version") == "1.10"
    assert [v for k, v, _ in doc.entries if k == "versions[]"] == ["3.9", "3.10"]
    assert doc.get("lr") == 0.1


def test_a_matrix_of_python_versions_pins_none(tmp_path):
    f = _et411(tmp_path, "${{ matrix.python }}")
    assert f.status != "PASS"


def test_a_framework_listed_but_never_imported_is_not_the_training_framework(tmp_path):
    from tests.rules.repo_helpers import dimension

    reqs = "torch==1.0\nnumpy==1.13.3\nscipy==1.0.0\nlibrosa==0.6.0\ninflect==0.2.5\ntensorflow\n"
    write_repo(tmp_path, {"train.py": TRAIN, "requirements.txt": reqs})
    result = run_audit(tmp_path)
    env = dimension(result, "environment_capture")
    assert "training framework" not in " ".join(env.reasons)


def _et403(tmp_path, lines: str):
    src = "import argparse\nimport torch\np = argparse.ArgumentParser()\n"
    src += (
        "p.add_argument('--enable-cudnn', action='store_true')\nargs = p.parse_args()\ntorch.manual_seed(0)\n"
    )
    write_repo(tmp_path, {"train.py": src + lines + "for epoch in range(3):\n    loss.backward()\n"})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET403")


def test_cudnn_autotuning_off_alone_is_not_deterministic_kernels(tmp_path):
    f = _et403(tmp_path, "torch.backends.cudnn.benchmark = False\n")
    assert f.status == "WARN" and "deterministic kernels are not requested" in f.message


def test_cudnn_off_unless_an_option_turns_it_on_avoids_its_nondeterministic_kernels(tmp_path):
    f = _et403(tmp_path, "torch.backends.cudnn.enabled = args.enable_cudnn\n")
    assert f.status == "PASS" and "enable_cudnn" in f.evidence[0].detail


def test_services_a_compose_file_runs_beside_the_project_are_not_its_environment(tmp_path):
    from tests.rules.repo_helpers import dimension

    compose = (
        "services:\n  trainer:\n    build: .\n  mlflow:\n    image: ghcr.io/mlflow/mlflow:v2.11.3\n"
        "  db:\n    image: postgres:15.2\n"
    )
    write_repo(
        tmp_path, {"train.py": TRAIN, "requirements.txt": "torch==2.1.0\n", "docker-compose.yml": compose}
    )
    result = run_audit(tmp_path)
    env = " ".join(dimension(result, "environment_capture").reasons)
    assert "mlflow/mlflow" not in env and "postgres" not in env
    et412 = next(f for f in result.findings if f.rule_id == "ET412")
    assert not any("mlflow" in e.detail or "postgres" in e.detail for e in et412.evidence)


def test_python_random_drawn_by_a_module_training_imports_needs_its_seed(tmp_path):
    main = "import numpy as np\nimport torch\nfrom env import Env\nnp.random.seed(1)\ntorch.manual_seed(1)\n"
    main += "env = Env()\nfor epoch in range(3):\n    env.reset()\n    loss.backward()\n"
    env = "import random\n\nclass Env:\n    def reset(self):\n        for _ in range(random.randrange(30)):\n            pass\n"
    write_repo(tmp_path, {"main.py": main, "env.py": env})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET401")
    assert f.status == "WARN" and "not for random" in f.message
    assert any(e.path == "env.py" and e.line == 5 for e in f.evidence)


def test_fixes_speak_the_framework_the_code_imports_not_one_only_listed(tmp_path):
    train = "import mlflow\nimport joblib\nfrom sklearn.ensemble import RandomForestClassifier\n"
    train += "model = RandomForestClassifier(n_estimators=200).fit(X, y)\nmlflow.log_metric('acc', 0.9)\n"
    train += "joblib.dump(model, 'models/churn_model.pkl')\n"
    write_repo(
        tmp_path,
        {"train.py": train, "requirements.txt": "xgboost==2.0.3\nscikit-learn==1.4.0\nmlflow==2.11.3\n"},
    )
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET520")
    assert "mlflow.sklearn.log_model" in f.recommendation and "xgboost" not in f.recommendation


def test_the_python_version_advised_runs_the_pinned_numpy(tmp_path):
    write_repo(tmp_path, {"train.py": TRAIN, "requirements.txt": "torch==1.0\nnumpy==1.13.3\nscipy==1.0.0\n"})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET411")
    assert "'3.6'" in f.recommendation and "'3.7'" not in f.recommendation


def _env(tmp_path, deps: list[str]):
    from tests.rules.repo_helpers import dimension

    body = ",\n".join(f'    "{d}"' for d in deps)
    pyproject = f'[project]\nname = "x"\nversion = "0.1"\ndependencies = [\n{body}\n]\n'
    write_repo(tmp_path, {"train.py": TRAIN, "pyproject.toml": pyproject})
    return dimension(run_audit(tmp_path), "environment_capture")


def test_one_capped_package_among_loose_ones_pins_no_environment(tmp_path):
    deps = ["torch>=2.0.0", "lightning @ git+https://github.com/Lightning-AI/lightning@master", "numpy <2.0"]
    env = _env(tmp_path, deps + ["sentencepiece", "tqdm", "datasets", "zstandard", "jsonargparse"])
    assert env.score == 1
    assert "lightning installed from a repository's moving branch (no tag or commit)" in " ".join(env.reasons)


def test_several_capped_packages_pin_the_environment_in_part(tmp_path):
    env = _env(tmp_path, ["torch>=2.0,<2.2", "numpy<2.0", "scipy~=1.11", "tqdm"])
    assert env.score == 2


def test_the_python_version_advised_runs_the_framework_version_the_readme_states(tmp_path):
    readme = "# ResNet\n\n## Train\n1. Requirements:\n+ Python >= 3.6\n+ Tensorflow == 2.0.0\n"
    train = (
        "import tensorflow as tf\nfor epoch in range(3):\n    with tf.GradientTape() as tape:\n        pass\n"
    )
    write_repo(tmp_path, {"train.py": train, "README.md": readme})
    by = {f.rule_id: f for f in run_audit(tmp_path).findings}
    assert "'3.7'" in by["ET411"].recommendation and "3.11" not in by["ET411"].recommendation
    assert "tensorflow/tensorflow:2.0.0" in by["ET412"].recommendation


def test_a_bounded_tf1_range_gets_tf1_seeding_in_every_seed_fix(tmp_path):
    # tensorflow>=1.13.0,<1.14.0 is the 1.13 line: no tf.keras.utils.set_random_seed there
    tf1 = "import numpy as np\nimport tensorflow as tf\nfor step in range(3):\n    sess.run(train_op)\n"
    write_repo(
        tmp_path,
        {
            "train.py": tf1,
            "other_train.py": tf1.replace("import numpy", "np.random.seed(0)\nimport numpy"),
            "requirements.txt": "tensorflow>=1.13.0,<1.14.0\n",
        },
    )
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET401")
    assert "tf.set_random_seed(seed)" in f.recommendation
    assert "keras.utils.set_random_seed" not in f.recommendation
