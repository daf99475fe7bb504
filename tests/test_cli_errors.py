"""CLI usage errors: one line on stderr, exit code 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

CLI = [sys.executable, "-m", "experiment_tracking"]


def run(*args, cwd=None):
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def assert_usage_error(proc, *needles):
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("experiment-tracking: error: "), lines[0]
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in lines[0]


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli") / "repo"
    root.mkdir()
    (root / "train.py").write_text("import mlflow\nmlflow.start_run()\n")
    return root


@pytest.mark.parametrize("command", ["audit", "discover"])
def test_missing_path(tmp_path, command):
    missing = tmp_path / "no" / "such"
    assert_usage_error(run(command, str(missing)), str(missing))


@pytest.mark.parametrize("command", ["audit", "discover"])
def test_file_instead_of_directory(repo, command):
    assert_usage_error(run(command, str(repo / "train.py")), "not a directory")


def test_unknown_focus_word(repo):
    proc = run("audit", str(repo), "--focus", "definitely-not-a-thing", "--output", "-")
    assert_usage_error(proc, "definitely-not-a-thing")
    assert proc.stdout == ""
    assert not (repo / "docs").exists()


def test_unknown_rule_for_describe():
    assert_usage_error(run("describe", "ET999"), "ET999")


def test_unknown_command_and_option(repo):
    assert_usage_error(run("frobnicate"))
    assert_usage_error(run("audit", str(repo), "--no-such-option"))
    assert_usage_error(run("audit", str(repo), "--format", "pdf"))


def test_report_target_that_cannot_be_written(repo):
    (repo / "blocker").write_text("a file where a directory is needed\n")
    proc = run("audit", str(repo), "--output", str(repo / "blocker" / "report.md"), "--quiet")
    assert_usage_error(proc, "cannot write report")
    (repo / "blocker").unlink()


def test_describe_known_rule_succeeds():
    rules = run("rules")
    assert rules.returncode == 0, rules.stderr
    rule_id = next(tok for tok in rules.stdout.split() if tok.startswith("ET") and tok[2:].isdigit())
    proc = run("describe", rule_id)
    assert proc.returncode == 0 and proc.stdout.strip() and proc.stderr == ""


def test_output_to_a_device_writes_into_it_and_never_replaces_it(tmp_path):
    import os
    import stat

    from experiment_tracking.cli import main

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "train.py").write_text("import torch\n")
    import threading

    got = []

    def read():
        with open(fifo, encoding="utf-8") as fh:
            got.append(fh.read())

    reader = threading.Thread(target=read)
    reader.start()
    assert main(["audit", str(tmp_path / "repo"), "-o", str(fifo), "--quiet"]) == 0
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still the FIFO, not a regular file renamed over it
    assert got and got[0].startswith("# ")
    assert not [p for p in os.listdir(tmp_path) if ".tmp-" in p]
