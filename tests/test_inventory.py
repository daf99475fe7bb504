"""Inventory: git-aware listing, gitignored tracking stores, junk skipping, symlinks, size cap."""

from __future__ import annotations

import os

import pytest
from conftest import make_git_repo, time_limit, write_tree

from experiment_tracking import inventory as inv_mod
from experiment_tracking.index.build import index_file
from experiment_tracking.inventory import build_inventory, classify

GITIGNORE = "\n".join(
    [
        "mlruns/",
        "mlflow.db",
        "wandb/",
        "outputs/",
        "multirun/",
        "my_runs/",
        "logs/",
        "data/",
        "lightning_logs/",
        "*.log",
        ".venv/",
        "",
    ]
)

STORES = {
    "mlruns/0/abc123/meta.yaml": "run_id: abc123\n",
    "mlruns/0/abc123/metrics/loss": "1 0.5 0\n",
    "mlflow.db": b"SQLite format 3\x00" + b"\x00" * 100,
    "wandb/run-20240101_000000-xyz/files/config.yaml": "lr: {value: 0.1}\n",
    "wandb/run-20240101_000000-xyz/run-xyz.wandb": b"\x00\x01",
    "outputs/2024-01-01/12-00-00/.hydra/config.yaml": "lr: 0.1\n",
    "outputs/2024-01-01/12-00-00/train.log": "hello\n",
    "multirun/2024-01-01/12-00-00/0/.hydra/overrides.yaml": "- lr=0.1\n",
    "my_runs/1/run.json": "{}\n",
    "my_runs/1/config.json": "{}\n",
    "my_runs/_sources/train_abc.py": "print(1)\n",
    "logs/deep/events.out.tfevents.1700000000.host": b"\x00" * 8,
    "lightning_logs/version_0/hparams.yaml": "lr: 0.1\n",
    "data/big.csv": "a,b\n1,2\n",
    "debug.log": "noise\n",
}


@pytest.fixture
def ml_repo(tmp_path):
    root = make_git_repo(
        tmp_path / "repo",
        {".gitignore": GITIGNORE, "src/train.py": "import mlflow\n", "README.md": "# x\n"},
        untracked={"notes.py": "x = 1\n", **STORES},
    )
    return root


def paths(inv):
    return {f.path for f in inv.files}


def test_git_listing_tracked_untracked_and_ignored_stores(ml_repo):
    inv = build_inventory(ml_repo)
    assert inv.is_git
    by = {f.path: f for f in inv.files}
    assert by["src/train.py"].origin == "tracked"
    assert by["README.md"].origin == "tracked"
    assert by["notes.py"].origin == "untracked"
    for rel in STORES:
        if rel in ("data/big.csv", "debug.log", "outputs/2024-01-01/12-00-00/train.log"):
            continue
        assert rel in by, rel
        assert by[rel].origin == "ignored", rel
    # Ignored files that are not evidence of experiments stay out.
    assert "data/big.csv" not in by
    assert "debug.log" not in by
    roots = inv.store_roots
    assert roots["mlruns"] == "mlflow"
    assert roots["wandb"] == "wandb"
    assert roots["outputs"] == "hydra"
    assert roots["multirun"] == "hydra"
    assert roots["my_runs"] == "sacred"
    assert roots["logs/deep"] == "tensorboard"
    assert roots["lightning_logs"] == "lightning"
    assert by["mlruns/0/abc123/meta.yaml"].store == "mlruns"
    assert by["my_runs/_sources/train_abc.py"].store == "my_runs"
    assert by["mlflow.db"].kind == "sqlite"
    assert by["src/train.py"].store == ""
    # Store files are not project files.
    assert "mlruns/0/abc123/meta.yaml" not in {f.path for f in inv.project_files()}


def test_files_are_sorted_and_unique(ml_repo):
    inv = build_inventory(ml_repo)
    ps = [f.path for f in inv.files]
    assert ps == sorted(ps) and len(ps) == len(set(ps))


def test_non_git_directory_is_walked(tmp_path):
    root = write_tree(
        tmp_path / "plain",
        {"train.py": "import wandb\n", "mlruns/0/r/meta.yaml": "x: 1\n", "pkg/__init__.py": ""},
    )
    inv = build_inventory(root)
    assert not inv.is_git
    assert {f.origin for f in inv.files} == {"walked"}
    assert {"train.py", "mlruns/0/r/meta.yaml", "pkg/__init__.py"} <= paths(inv)
    assert inv.store_roots == {"mlruns": "mlflow"}


JUNK = {
    "env/pyvenv.cfg": "home = /usr/bin\n",
    "env/lib/python3.11/site-packages/mlflow/__init__.py": "x = 1\n",
    "venv/lib/x.py": "x = 1\n",
    "lib/site-packages/wandb/__init__.py": "x = 1\n",
    "node_modules/pkg/index.py": "x = 1\n",
    "src/__pycache__/train.cpython-311.pyc": b"\x00",
    "pkg.egg-info/PKG-INFO": "Name: x\n",
    ".tox/py311/lib/a.py": "x = 1\n",
    "src/train.py": "import mlflow\n",
}


@pytest.mark.parametrize("use_git", [True, False])
def test_virtualenvs_and_caches_are_skipped(tmp_path, use_git):
    if use_git:
        # Nothing is gitignored: the untracked virtualenv must still be recognised by pyvenv.cfg.
        root = make_git_repo(tmp_path / "r", {"README.md": "x\n"}, untracked=JUNK)
    else:
        root = write_tree(tmp_path / "r", JUNK)
    assert paths(build_inventory(root)) - {"README.md"} == {"src/train.py"}


def test_gitignored_virtualenv_with_store_names_inside_is_skipped(tmp_path):
    root = make_git_repo(
        tmp_path / "r",
        {".gitignore": "myenv/\n", "a.py": ""},
        untracked={"myenv/pyvenv.cfg": "home = /usr\n", "myenv/lib/wandb/x.yaml": "a: 1\n"},
    )
    assert paths(build_inventory(root)) == {".gitignore", "a.py"}


@pytest.mark.parametrize("use_git", [True, False])
def test_symlinks_are_never_followed(tmp_path, use_git):
    outside = write_tree(tmp_path / "outside", {"secret.py": "import mlflow\n", "d/x.yaml": "a: 1\n"})
    files = {"src/train.py": "x = 1\n"}
    root = make_git_repo(tmp_path / "r", files) if use_git else write_tree(tmp_path / "r", files)
    os.symlink(outside, root / "outdir")
    os.symlink(outside / "secret.py", root / "outfile.py")
    os.symlink(root, root / "self_loop")  # a directory symlink back to the root
    os.symlink(root / "src", root / "src" / "again")  # a loop one level down
    os.symlink("loop_b", root / "loop_a")  # a -> b -> a
    os.symlink("loop_a", root / "loop_b")
    os.symlink(root / "src" / "train.py", root / "inside_link.py")
    with time_limit(20):
        inv = build_inventory(root)
    ps = paths(inv)
    assert ps == {"src/train.py"}
    outside_notes = {n.path for n in inv.notes if n.kind == "symlink-outside"}
    assert outside_notes == {"outdir", "outfile.py"}


def test_classify_kinds():
    assert classify("train.py") == "python"
    assert classify("nb.ipynb") == "notebook"
    assert classify("requirements-dev.txt") == "requirements"
    assert classify("Dockerfile.gpu") == "dockerfile"
    assert classify("events.out.tfevents.123.host") == "tfevents"
    assert classify("mlflow.db") == "sqlite"
    assert classify("run-abc.wandb") == "wandb-log"
    assert classify("poetry.lock") == "toml"
    assert classify("Pipfile") == "toml"
    assert classify("Pipfile.lock") == "json"
    assert classify("Singularity") == "singularity"
    assert classify("image.def") == "singularity"


def test_files_over_the_size_cap_are_listed_but_not_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(inv_mod, "MAX_PARSE_BYTES", 1000)
    root = write_tree(tmp_path / "r", {"big.py": "x = 1\n" * 500, "small.py": "import mlflow\n"})
    inv = build_inventory(root)
    big = inv.get("big.py")
    assert big is not None and big.size == 3000 and not big.parseable
    assert inv.get("small.py").parseable
    res = index_file(str(root), big)
    assert res.module is None
    assert [n.kind for n in res.notes] == ["skipped-large"]
    assert res.notes[0].path == "big.py"


def test_subdirectory_of_a_repository_is_listed_relative_to_itself(tmp_path):
    root = make_git_repo(
        tmp_path / "mono",
        {"proj_a/train.py": "x = 1\n", "proj_b/train.py": "y = 2\n", ".gitignore": "mlruns/\n"},
        untracked={"proj_a/mlruns/0/r/meta.yaml": "a: 1\n"},
    )
    inv = build_inventory(root / "proj_a")
    assert paths(inv) == {"train.py", "mlruns/0/r/meta.yaml"}
    assert inv.store_roots == {"mlruns": "mlflow"}


def test_odd_file_names_are_listed(tmp_path):
    root = make_git_repo(tmp_path / "r", {"a.py": ""})
    (root / "new\nline.py").write_text("import wandb\n")
    os.makedirs(os.fsencode(root) + b"/bad\xffdir")
    with open(os.fsencode(root) + b"/bad\xffdir/x\xfe.py", "w") as fh:
        fh.write("x = 1\n")
    inv = build_inventory(root)
    assert "new\nline.py" in paths(inv)
    assert any(p.startswith("bad") and p.endswith(".py") for p in paths(inv) - {"a.py", "new\nline.py"})
    for f in inv.files:  # every listed path can be opened again
        assert os.path.exists(os.path.join(root, f.path))


def test_tracked_file_deleted_from_the_working_tree_is_not_listed_but_noted(tmp_path):
    # the commit has it and the audit could not read it: the report names it among what was not read
    root = make_git_repo(tmp_path / "r", {"a.py": "x = 1\n", "gone.py": "y = 2\n"})
    (root / "gone.py").unlink()
    inv = build_inventory(root)
    assert paths(inv) == {"a.py"}
    assert [(n.kind, n.path) for n in inv.notes] == [("deleted", "gone.py")]
