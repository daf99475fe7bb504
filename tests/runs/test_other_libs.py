"""Sacred, Hydra, TensorBoard (tensorboardX) and DVC stores written by the real libraries."""

from __future__ import annotations

import shutil

import pytest

from .conftest import catalog_of, git, init_repo, run_script

SACRED = """
from sacred import Experiment
from sacred.observers import FileStorageObserver
ex = Experiment("sacexp")
ex.observers.append(FileStorageObserver("runs"))
@ex.config
def cfg():
    lr = 0.1
@ex.main
def main(lr, _run):
    _run.log_scalar("loss", 0.5, 1)
    if lr > 1:
        raise ValueError("bad lr")
ex.run()
try:
    ex.run(config_updates={"lr": 2})
except ValueError:
    pass
"""

HYDRA = """
import sys, hydra
@hydra.main(version_base=None, config_path="conf", config_name="config")
def main(cfg):
    return cfg.lr
main()
"""

TB = """
from tensorboardX import SummaryWriter
w = SummaryWriter("tb/exp1")
for i in range(5):
    w.add_scalar("loss", 1 / (i + 1), i)
    w.add_scalar("acc", i, i)
w.add_hparams({"lr": 0.1, "seed": 3, "opt": "adam"}, {"hp/acc": 0.9}, name="hp")
w.close()
"""


@pytest.fixture(scope="module")
def libs_repo(stores_home):
    repo = stores_home / "libs"
    init_repo(repo)
    made = set()
    try:
        import sacred  # noqa: F401

        run_script(repo, SACRED)
        made.add("sacred")
    except ImportError:
        pass
    try:
        import hydra  # noqa: F401

        (repo / "conf").mkdir()
        (repo / "conf" / "config.yaml").write_text("lr: 0.1\nseed: 5\nmodel:\n  depth: 2\n")
        (repo / "app.py").write_text(HYDRA)
        import subprocess
        import sys

        subprocess.run([sys.executable, "app.py", "lr=0.2"], cwd=repo, check=True, capture_output=True)
        subprocess.run(
            [sys.executable, "app.py", "-m", "lr=0.1,0.3"], cwd=repo, check=True, capture_output=True
        )
        made.add("hydra")
    except ImportError:
        pass
    try:
        import tensorboardX  # noqa: F401

        run_script(repo, TB)
        made.add("tensorboard")
    except ImportError:
        pass
    cat, link = catalog_of(repo)
    return repo, made, cat, link


def test_sacred(libs_repo):
    _, made, cat, _ = libs_repo
    if "sacred" not in made:
        pytest.skip("sacred not installed")
    runs = {r.run_id: r for r in cat.runs if r.store == "sacred"}
    assert runs["1"].status == "finished" and runs["2"].status == "failed"
    assert runs["1"].experiment == "sacexp" and runs["1"].metrics == 1
    assert runs["1"].seed is not None and runs["1"].params == 1
    assert runs["1"].git_commit and runs["1"].git_dirty is not None
    assert runs["1"].env_captured
    assert ("sacred", "runs") in {(s["family"], s["path"]) for s in cat.stores}


def test_hydra_single_and_multirun(libs_repo):
    _, made, cat, _ = libs_repo
    if "hydra" not in made:
        pytest.skip("hydra not installed")
    runs = [r for r in cat.runs if r.store == "hydra"]
    single = [r for r in runs if r.path.startswith("outputs/")]
    sweep = [r for r in runs if r.path.startswith("multirun/")]
    assert len(single) == 1 and len(sweep) == 2
    assert single[0].seed == "5" and single[0].params == 3 and single[0].experiment == "app"
    assert {r.parent_run for r in sweep} == {sweep[0].path.rsplit("/", 1)[0]}
    exps = [e for e in cat.experiments if e["store"] == "hydra"]
    assert len(exps) == 1 and exps[0]["runs"] == 2 and exps[0]["sweep"]


def test_tensorboard_scalars_and_hparams(libs_repo):
    _, made, cat, _ = libs_repo
    if "tensorboard" not in made:
        pytest.skip("tensorboardX not installed")
    runs = {r.path: r for r in cat.runs if r.store == "tensorboard"}
    assert runs["tb/exp1"].metrics == 2
    hp = runs["tb/exp1/hp"]
    assert hp.params == 3 and hp.seed == "3" and hp.status == "finished"
    assert hp.parent_run == "tb/exp1"


DVC_TRAIN = """
import yaml
from dvclive import Live
p = yaml.safe_load(open("params.yaml"))
with Live() as live:
    live.log_params(p)
    live.log_metric("acc", 0.5 + p["lr"])
    live.next_step()
open("model.pkl", "w").write("m")
"""

DVC_YAML = """stages:
  train:
    cmd: python train_dvc.py
    deps:
      - train_dvc.py
      - data/raw.csv
      - requirements.txt
    params:
      - seed
      - lr
    outs:
      - model.pkl
"""


@pytest.fixture(scope="module")
def dvc_repo(stores_home):
    pytest.importorskip("dvc")
    pytest.importorskip("dvclive")
    if shutil.which("dvc") is None:
        pytest.skip("dvc command not on PATH")
    import subprocess

    repo = stores_home / "dvc"
    init_repo(repo)

    def dvc(*args):
        subprocess.run(["dvc", *args], cwd=repo, check=True, capture_output=True, timeout=120)

    dvc("init", "-q")
    (repo / "data").mkdir()
    (repo / "data" / "raw.csv").write_text("1,2\n")
    (repo / "requirements.txt").write_text("dvclive\n")
    dvc("add", "-q", "data/raw.csv")
    (repo / "params.yaml").write_text("seed: 1\nlr: 0.1\n")
    (repo / "train_dvc.py").write_text(DVC_TRAIN)
    (repo / "dvc.yaml").write_text(DVC_YAML)
    (repo / ".dvc" / "config").write_text(
        "['remote \"s3\"']\n    url = https://user:pa55word@example.invalid/dvc\n"
    )
    (repo / ".dvc" / "config.local").write_text("['remote \"s3\"']\n    password = SUPERSECRET\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "pipeline")
    dvc("repro", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "repro")
    dvc("exp", "run", "-q", "-S", "lr=0.3", "--name", "exp-a")
    cat, link = catalog_of(repo)
    return repo, cat, link


def test_dvc_lock_and_experiments(dvc_repo):
    _, cat, link = dvc_repo
    runs = {r.run_id: r for r in cat.runs if r.store == "dvc"}
    stage, exp = runs["train"], runs["exp-a"]
    assert stage.path == "dvc.lock" and stage.params == 2 and stage.seed == "1"
    assert stage.data_digests and stage.env_captured and stage.model_artifact
    assert exp.git_commit and exp.commit_status == "unreachable"  # only reachable via refs/exps
    assert exp.params == 2 and exp.metrics == 1
    assert any(c["check"].startswith("hash agrees") and c["ok"] for c in link.dvc_checks)


def test_dvc_credentials_never_leak(dvc_repo):
    import json

    from experiment_tracking.runs.render import render_runs_markdown

    _, cat, link = dvc_repo
    text = render_runs_markdown(cat, link) + json.dumps(cat.to_dict()) + json.dumps(link.to_dict())
    assert "SUPERSECRET" not in text and "pa55word" not in text
    cfg = next(s for s in cat.stores if s.get("kind") == "config")
    assert cfg["remotes"] == [{"name": "s3", "url": "https://user:***@example.invalid/dvc"}]
    assert cfg["config_local"]
