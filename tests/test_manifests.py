"""Dependency manifests: requirements, pyproject, setup.py/cfg, Pipfile, locks, conda, containers."""

from __future__ import annotations

from experiment_tracking.index import manifests as mf
from experiment_tracking.index.configs import parse_ini, parse_json, parse_toml, parse_yaml
from experiment_tracking.index.python_facts import parse_python


def by_name(deps):
    return {d.name: d for d in deps}


REQUIREMENTS = """\
# training deps
-r base.txt
--requirement=dev.txt
-c constraints.txt
mlflow==2.9.2  # pinned
# wandb==0.16.0
torch>=2.0 ; python_version >= "3.8"
numpy==1.26.4 \\
    --hash=sha256:aaaa \\
    --hash=sha256:bbbb
mypkg @ https://example.com/mypkg-1.0-py3-none-any.whl
git+https://github.com/org/repo.git#egg=repo
-e .
Scikit_Learn[extra]~=1.3
requests
pandas (>=1.0)
optuna==3.5.0\t# tab before comment
--index-url https://pypi.org/simple
"""


def test_requirements():
    deps, includes = mf.parse_requirements("requirements.txt", REQUIREMENTS)
    assert includes == ["base.txt", "dev.txt", "constraints.txt"]
    d = by_name(deps)
    assert set(d) == {
        "mlflow",
        "torch",
        "numpy",
        "mypkg",
        "scikit-learn",
        "requests",
        "pandas",
        "optuna",
        "repo",
    }
    # git+https://...repo.git#egg=repo names a dependency; without a commit hash it floats with the branch
    assert (d["repo"].spec, d["repo"].pin) == ("@url", "range")
    assert "wandb" not in d  # commented out
    assert (d["mlflow"].spec, d["mlflow"].pin, d["mlflow"].line) == ("==2.9.2", "exact", 5)
    assert (d["torch"].spec, d["torch"].pin) == (">=2.0", "range")
    assert d["numpy"].hashed and d["numpy"].exact and d["numpy"].line == 8
    # mypkg @ https://.../mypkg-1.0-py3-none-any.whl: the wheel's file name states its release
    assert (d["mypkg"].spec, d["mypkg"].pin) == ("==1.0", "exact")
    assert d["scikit-learn"].spec == "~=1.3" and d["scikit-learn"].pin == "range"
    assert d["requests"].pin == "none"
    assert d["pandas"].spec == ">=1.0"
    assert d["optuna"].spec == "==3.5.0" and d["optuna"].exact


PYPROJECT = """\
[build-system]
requires = ["setuptools>=64"]

[project]
name = "x"
requires-python = ">=3.10"
dependencies = [
  "mlflow>=2",
  "wandb==0.16.0",
]

[project.optional-dependencies]
dev = ["pytest"]

[dependency-groups]
test = ["hypothesis>=6"]

[tool.poetry.dependencies]
python = "^3.10"
torch = "^2.0"
hydra-core = {version = "1.3.2", optional = true}

[tool.poetry.group.dev.dependencies]
black = "23.1.0"

[tool.poetry.dev-dependencies]
ruff = "*"
"""


def test_pyproject_pep621_and_poetry():
    doc = parse_toml("pyproject.toml", PYPROJECT)
    d = by_name(mf.parse_pyproject(doc))
    assert set(d) == {"mlflow", "wandb", "pytest", "hypothesis", "torch", "hydra-core", "black", "ruff"}
    assert "setuptools" not in d and "python" not in d
    # Array items carry the line of their key (``dependencies = [``).
    assert (d["mlflow"].source, d["mlflow"].pin, d["mlflow"].line) == ("pyproject", "range", 7)
    assert d["wandb"].exact and d["wandb"].line == 7
    assert (d["torch"].source, d["torch"].pin) == ("poetry", "range")
    assert d["hydra-core"].spec == "1.3.2" and d["hydra-core"].exact
    assert d["black"].exact and d["black"].line == 24
    assert d["ruff"].pin == "none"
    assert mf.python_version_pin(doc) == ">=3.10"


def test_setup_py_via_ast_without_running_it():
    facts = parse_python(
        "setup.py",
        "import os\nfrom setuptools import setup\nos.system('touch PWNED')\n"
        "setup(\n  name='a',\n  install_requires=['mlflow>=2', 'dvc==3.0'],\n"
        "  extras_require={'wb': ['wandb'], 'x': 'notalist'},\n)\n",
    )
    d = by_name(mf.parse_setup_py(facts))
    assert set(d) == {"mlflow", "dvc", "wandb"}
    assert d["dvc"].exact and d["mlflow"].line == 4 and d["mlflow"].source == "setup.py"


def test_setup_cfg():
    doc = parse_ini(
        "setup.cfg",
        "[options]\ninstall_requires =\n    mlflow>=2\n    optuna==3.0\n[options.extras_require]\ndev = pytest\n",
    )
    d = by_name(mf.parse_setup_cfg(doc))
    assert set(d) == {"mlflow", "optuna", "pytest"}
    assert d["mlflow"].line == 3 and d["optuna"].line == 4 and d["optuna"].exact


def test_pipfile_and_lock():
    doc = parse_toml(
        "Pipfile",
        '[packages]\nmlflow = "==2.9"\nwandb = "*"\nhydra-core = {version = ">=1.3"}\n[dev-packages]\npytest = "*"\n',
    )
    d = by_name(mf.parse_pipfile(doc))
    assert set(d) == {"mlflow", "wandb", "hydra-core", "pytest"}
    assert d["mlflow"].exact and d["wandb"].pin == "none" and d["hydra-core"].spec == ">=1.3"
    lock = parse_json(
        "Pipfile.lock",
        '{"_meta": {"hash": {}},\n "default": {"mlflow": {"version": "==2.9.2"}},\n'
        ' "develop": {"pytest": {"version": "==7.0"}}}',
    )
    d = by_name(mf.parse_lock_packages(lock, "pipfile.lock"))
    assert set(d) == {"mlflow", "pytest"}
    assert d["mlflow"].spec == "==2.9.2" and d["mlflow"].exact


def test_poetry_and_uv_locks():
    text = (
        '[[package]]\nname = "mlflow"\nversion = "2.9.2"\n\n[[package]]\nname = "Wandb"\nversion = "0.16.0"\n'
    )
    for name in ("poetry-lock", "uv-lock"):
        d = by_name(mf.parse_lock_packages(parse_toml(name, text), name))
        assert {k: v.spec for k, v in d.items()} == {"mlflow": "==2.9.2", "wandb": "==0.16.0"}
        assert all(v.exact for v in d.values())


def test_conda_environment_with_pip_section():
    doc = parse_yaml(
        "environment.yml",
        "name: x\nchannels: [conda-forge]\ndependencies:\n  - python=3.10\n  - numpy=1.26.4=py310_0\n"
        "  - conda-forge::pytorch>=2.0\n  - scipy\n  - pip\n  - pip:\n    - mlflow==2.9.2\n    - wandb\n",
    )
    d = by_name(mf.parse_conda(doc))
    assert d["numpy"].exact and d["python"].exact
    assert d["pytorch"].pin == "range" and d["scipy"].pin == "none"
    assert (d["mlflow"].source, d["mlflow"].line, d["mlflow"].exact) == ("conda-pip", 10, True)
    assert d["wandb"].source == "conda-pip" and d["wandb"].pin == "none"


def test_dockerfile():
    images, deps = mf.parse_dockerfile(
        "Dockerfile",
        "FROM --platform=linux/amd64 python:3.10-slim AS base\n"
        "FROM nvcr.io/nvidia/pytorch@sha256:abc123\n"
        "FROM localhost:5000/team/img\n"
        "RUN pip install --no-cache-dir mlflow==2.9 'wandb>=0.16' && echo ok\n"
        "RUN pip3 install -r requirements.txt -c constraints.txt --index-url https://x/simple torch\n",
    )
    assert [(i.line, i.image, i.tag, i.digest) for i in images] == [
        (1, "python", "3.10-slim", ""),
        (2, "nvcr.io/nvidia/pytorch", "", "sha256:abc123"),
        (3, "localhost:5000/team/img", "", ""),
    ]
    d = by_name(deps)
    assert set(d) == {"mlflow", "wandb", "torch"}  # requirement files are not packages
    assert d["mlflow"].exact and d["wandb"].pin == "range" and d["torch"].line == 5


def test_compose_images():
    doc = parse_yaml(
        "docker-compose.yml",
        "services:\n  db:\n    image: postgres:15\n  ml:\n    image: ghcr.io/mlflow/mlflow@sha256:ff\n"
        "  app:\n    build: .\n",
    )
    assert [(i.line, i.image, i.tag, i.digest) for i in mf.parse_compose(doc)] == [
        (3, "postgres", "15", ""),
        (5, "ghcr.io/mlflow/mlflow", "", "sha256:ff"),
    ]


def test_singularity_from():
    text = "Bootstrap: docker\nFrom: nvcr.io/nvidia/pytorch:23.10-py3\n%post\n  pip install mlflow\n"
    assert [(i.line, i.image, i.tag) for i in mf.parse_singularity("x.def", text)] == [
        (2, "nvcr.io/nvidia/pytorch", "23.10-py3")
    ]
    port = mf.parse_singularity("y.def", "Bootstrap: docker\nFrom: localhost:5000/img:1.0\n")
    assert [(i.image, i.tag) for i in port] == [("localhost:5000/img", "1.0")]


def test_normalize_and_pins():
    assert mf.normalize("Scikit_Learn.Extra") == "scikit-learn-extra"
    assert mf.classify_pin("==1.2") == "exact"
    assert mf.classify_pin("==1.*") == "range"
    assert mf.classify_pin(">=1,<2") == "range"
    assert mf.classify_pin("") == "none"
    assert mf.classify_pin("1.2.3") == "exact"


def test_setup_py_requirements_from_a_module_level_list_and_python_requires(tmp_path):
    from experiment_tracking.audit import discover

    (tmp_path / "setup.py").write_text(
        "from setuptools import setup\n\nREQUIRED = ['torch==2.1.0', 'wandb>=0.16']\n\n"
        "setup(name='x', install_requires=REQUIRED, python_requires='>=3.10')\n"
    )
    (tmp_path / "setup.cfg").write_text("[options]\npython_requires = >=3.9\n")
    ctx, _ = discover(tmp_path)
    deps = {(d.name, d.pin) for d in ctx.index.dependencies if d.path == "setup.py"}
    assert deps == {("torch", "exact"), ("wandb", "range")}
    pins = {(e.path, e.line, e.detail) for e in ctx.index.python_version_pins}
    assert ("setup.py", 5, "python_requires >=3.10") in pins
    assert ("setup.cfg", 2, "python_requires >=3.9") in pins


def test_a_utf16_requirements_file_with_a_bom_is_read(tmp_path):
    from experiment_tracking.audit import run_audit

    (tmp_path / "train.py").write_text("import numpy\n")
    (tmp_path / "requirements.txt").write_bytes("numpy==1.26.4\nscipy==1.13.1\n".encode("utf-16"))
    result = run_audit(tmp_path)
    assert {d.name for d in result.ctx.index.dependencies} >= {"numpy", "scipy"}
    assert not any(n.path == "requirements.txt" for n in result.notes)
