"""A lock file locks the environment it was made for. A project template's uv.lock that holds its
starter packages (the pipeline framework, jupyter) beside a requirements.txt of the libraries that
train the model locks another environment: it is not a lock of the project's, and neither ET410 nor
the environment score credits it as one."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

TRAIN = """
import pandas as pd
from sklearn.ensemble import RandomForestRegressor

df = pd.read_csv("data/train.csv")
model = RandomForestRegressor(random_state=0).fit(df.drop(columns="y"), df["y"])
"""

REQUIREMENTS = "pandas>=2.0\nscikit-learn>=1.3\nnumpy\nmatplotlib\nseaborn\numap-learn\n"


def _lock(*names: str) -> str:
    return "version = 1\n" + "".join(f'\n[[package]]\nname = "{n}"\nversion = "1.0.0"\n' for n in names)


def _audit(tmp_path, lock_names):
    files = {
        "train.py": TRAIN,
        "requirements.txt": REQUIREMENTS,
        "pyproject.toml": '[project]\nname = "p"\nversion = "0.1"\ndependencies = ["kedro~=1.0", "jupyterlab"]\n',
        "uv.lock": _lock(*lock_names),
    }
    write_repo(tmp_path, files)
    result = run_audit(tmp_path)
    return result, next(f for f in result.findings if f.rule_id == "ET410")


def test_a_lock_of_the_template_packages_only_is_not_a_lock_of_the_environment(tmp_path):
    result, f = _audit(tmp_path, ["kedro", "jupyterlab", "ipython", "click", "attrs"])
    env = dimension(result, "environment_capture")
    assert env.score <= 2, env.reasons
    assert "uv.lock locks only part of the environment" in env.reasons[0]
    assert f.status != "PASS" and "no lock file of the whole environment" in f.message
    assert "scikit-learn" in f.message


def test_a_lock_holding_the_listed_packages_is_a_lock(tmp_path):
    names = ["kedro", "jupyterlab", "pandas", "scikit-learn", "numpy", "matplotlib", "seaborn", "umap-learn"]
    result, f = _audit(tmp_path, names)
    assert f.status == "PASS" and "uv.lock" in f.message
    # The rubric's level 4 asks for a container or conda environment beside the pins; a lock alone is 3.
    assert dimension(result, "environment_capture").score == 3


def test_a_long_lock_is_read_whole(tmp_path):
    # Hundreds of packages with their wheels: more entries than a parsed document keeps. The packages
    # the requirements list come last and must still be found in it.
    filler = [f"pkg{i}" for i in range(400)]
    wheels = "".join(
        f'\n[[package.wheels]]\nurl = "https://x/{i}.whl"\nhash = "sha256:{i:064d}"\n' for i in range(8)
    )
    lock = "version = 1\n" + "".join(
        f'\n[[package]]\nname = "{n}"\nversion = "1.0.0"\n{wheels}'
        for n in [*filler, "pandas", "scikit-learn", "numpy", "matplotlib", "seaborn", "umap-learn"]
    )
    result, f = _audit(tmp_path, [])
    (tmp_path / "uv.lock").write_text(lock)
    result = run_audit(tmp_path)
    f = next(f for f in result.findings if f.rule_id == "ET410")
    assert f.status == "PASS" and "locks only part" not in f.message
    locked = {d.name for d in result.ctx.index.dependencies if d.path == "uv.lock"}
    assert {"scikit-learn", "umap-learn", "pkg0"} <= locked and len(locked) == 406


def test_a_lessons_lock_is_compared_with_its_own_manifest(tmp_path):
    # A course keeps one Pipfile and Pipfile.lock per lesson; the root requirements belong to another.
    files = {
        "train.py": TRAIN,
        "requirements.txt": REQUIREMENTS,
        "04-deployment/web-service/Pipfile": '[packages]\nflask = "*"\nscikit-learn = "==1.0.2"\n',
        "04-deployment/web-service/Pipfile.lock": (
            '{"default": {"flask": {"version": "==2.0.3"}, "scikit-learn": {"version": "==1.0.2"}}}'
        ),
    }
    write_repo(tmp_path, files)
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET410")
    assert "locks only part" not in f.message, f.message


def test_a_lessons_lock_does_not_lock_the_other_lessons(tmp_path):
    # A course: most training notebooks in other lessons, one lesson with its own Pipfile.lock.
    nb = "import pandas as pd\nfrom sklearn.linear_model import LinearRegression\nLinearRegression().fit(X, y)\n"
    files = {
        "01-intro/duration-prediction.py": nb,
        "02-experiment-tracking/train.py": nb,
        "03-orchestration/train.py": nb,
        "04-deployment/web-service/train.py": nb,
        "04-deployment/web-service/Pipfile": '[packages]\nscikit-learn = "==1.0.2"\npandas = "==1.4.0"\n',
        "04-deployment/web-service/Pipfile.lock": (
            '{"default": {"scikit-learn": {"version": "==1.0.2"}, "pandas": {"version": "==1.4.0"}}}'
        ),
        "02-experiment-tracking/requirements.txt": "mlflow\nscikit-learn\npandas\nhyperopt\n",
    }
    write_repo(tmp_path, files)
    result = run_audit(tmp_path)
    f = next(f for f in result.findings if f.rule_id == "ET410")
    assert "Pipfile.lock" not in f.message or f.status != "PASS", f.message
    assert dimension(result, "environment_capture").score <= 3
