"""Telemetry: locating the memory dir like Claude Code, the seed's entry, atomic appends, parsing."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import subprocess
import unicodedata
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from experiment_tracking import telemetry as t
from experiment_tracking.cli import main

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PKG = ROOT / "experiment_tracking" / "schemas" / "telemetry-entry.schema.json"
SCHEMA_COPY = ROOT / "telemetry" / "telemetry-entry.schema.json"
EXAMPLES = ROOT / "telemetry" / "examples"
SCHEMA = json.loads(SCHEMA_PKG.read_text(encoding="utf-8"))


def memory_for(base: Path, project: Path) -> Path:
    mem = base / "projects" / t.project_dir_name(t.project_root(project)) / "memory"
    mem.mkdir(parents=True)
    return mem


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A private CLAUDE_CONFIG_DIR; HOME points elsewhere so nothing real is touched."""
    cfg = tmp_path / "claude"
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(cfg))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CLAUDE_CODE_PROJECT_DIR_NAME", raising=False)
    return cfg


# ---- naming --------------------------------------------------------------------------------


def test_dir_name_replaces_every_non_alphanumeric(tmp_path):
    d = tmp_path / "my repo_v2.0"
    d.mkdir()
    name = t.project_dir_name(d)
    assert name.endswith("-my-repo-v2-0")
    assert name == str(d.resolve()).replace("/", "-").replace(" ", "-").replace("_", "-").replace(".", "-")


def test_dir_name_uses_realpath_and_nfc(tmp_path):
    real = tmp_path / unicodedata.normalize("NFD", "café")
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    assert t.project_dir_name(link) == t.project_dir_name(real)
    # NFC folds e + combining accent to one character, which becomes one '-'
    assert t.project_dir_name(real).endswith("-caf-")


def test_project_root_is_the_main_worktree(tmp_path):
    repo = tmp_path / "repo"
    (repo / "src" / "deep").mkdir(parents=True)
    git = ["git", "-c", "user.email=a@b", "-c", "user.name=a", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q", str(repo)], check=True)
    (repo / "f").write_text("x")
    subprocess.run([*git, "-C", str(repo), "add", "f"], check=True)
    subprocess.run([*git, "-C", str(repo), "commit", "-qm", "x"], check=True)
    wt = tmp_path / "wt"
    subprocess.run([*git, "-C", str(repo), "worktree", "add", "-q", str(wt)], check=True)
    assert t.project_root(repo / "src" / "deep") == repo.resolve()
    assert t.project_root(wt) == repo.resolve()
    plain = tmp_path / "plain"
    plain.mkdir()
    assert t.project_root(plain) == plain.resolve()


def test_submodule_style_gitfile_is_its_own_project(tmp_path):
    sub = tmp_path / "outer" / "sub"
    sub.mkdir(parents=True)
    (tmp_path / "outer" / ".git" / "modules" / "sub").mkdir(parents=True)
    (sub / ".git").write_text("gitdir: ../.git/modules/sub\n")
    assert t.project_root(sub) == sub.resolve()


# ---- finding the memory dir ----------------------------------------------------------------


def test_memory_dir_found_only_when_it_exists(env, tmp_path):
    proj = tmp_path / "proj"
    proj.mkdir()
    assert t.find_memory_dir(proj) is None
    mem = memory_for(env, proj)
    assert t.find_memory_dir(proj) == mem


def test_home_is_the_default_base(tmp_path, monkeypatch):
    monkeypatch.delenv("CLAUDE_CONFIG_DIR", raising=False)
    monkeypatch.delenv("CLAUDE_CODE_PROJECT_DIR_NAME", raising=False)
    proj = tmp_path / "p"
    proj.mkdir()
    home = tmp_path / "home"
    mem = home / ".claude" / "projects" / t.project_dir_name(proj) / "memory"
    mem.mkdir(parents=True)
    assert t.find_memory_dir(proj, home=home) == mem
    monkeypatch.setenv("HOME", str(home))
    assert t.find_memory_dir(proj) == mem


def test_project_dir_name_override(env, tmp_path, monkeypatch):
    mem = env / "projects" / "custom-name" / "memory"
    mem.mkdir(parents=True)
    monkeypatch.setenv("CLAUDE_CODE_PROJECT_DIR_NAME", "custom-name")
    assert t.find_memory_dir(tmp_path) == mem


def test_long_names_are_matched_by_their_200_character_prefix(env, tmp_path):
    deep = tmp_path
    while len(t.project_dir_name(deep)) <= 230:
        deep = deep / "a-rather-long-directory-name"
    deep.mkdir(parents=True)
    name = t.project_dir_name(deep)
    assert len(name) > 200
    # Claude Code appends a hash to the 200-character prefix; any suffix must match.
    mem = env / "projects" / (name[:200] + "-1a2b3c") / "memory"
    mem.mkdir(parents=True)
    (env / "projects" / (name[:200] + "-nomemory")).mkdir()
    assert t.find_memory_dir(deep) == mem


# ---- entry format --------------------------------------------------------------------------


def test_entry_is_exactly_the_seed_format():
    entry = t.format_entry(
        "partial",
        "yes: re-scanned notebooks/",
        2,
        2,
        "Phase 3",
        "read CSV logs",
        date=dt.date(2025, 1, 22),
    )
    assert entry == (
        "### /experiment-tracking — 2025-01-22\n"
        "- Outcome: PARTIAL\n"
        "- Self-healed: yes — re-scanned notebooks/\n"
        "- Iterations used: 2 / 2\n"
        "- Bottleneck: Phase 3\n"
        "- Suggestion: read CSV logs\n"
    )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("no", "no"),
        ("", "no"),
        (None, "no"),
        (False, "no"),
        ("yes", "yes"),
        ("yes — x", "yes — x"),
        ("yes - x", "yes — x"),
        ("Yes (x)", "yes — x"),
        ("re-scanned outputs/", "yes — re-scanned outputs/"),
        ("yes —\nmultiline\nwhat", "yes — multiline what"),
    ],
)
def test_self_healed_values(given, expected):
    assert t.normalise_self_healed(given) == expected


@pytest.mark.parametrize(
    "kwargs",
    [
        {"outcome": "GREAT"},
        {"iterations": -1},
        {"iterations": 3, "max_iterations": 2},
        {"max_iterations": 0},
        {"date": "2025-13-01"},
    ],
)
def test_invalid_values_are_rejected(kwargs):
    args = {"outcome": "SUCCESS", "self_healed": "no", "iterations": 0} | kwargs
    with pytest.raises(ValueError):
        t.format_entry(**args)


def test_fields_are_single_line_and_default_to_none():
    e = t.format_entry("FAILED", "no", 0, bottleneck="a\nb", suggestion="", date="2025-01-01")
    assert "- Bottleneck: a b\n" in e and "- Suggestion: none\n" in e
    assert len(e.splitlines()) == 6


# ---- appending ----------------------------------------------------------------------------


def test_append_never_damages_existing_content(tmp_path):
    f = tmp_path / t.TELEMETRY_FILE
    original = "# Notes kept by hand\n\nno trailing newline"
    f.write_text(original, encoding="utf-8")
    e = t.format_entry("SUCCESS", "no", 0, date="2025-01-01")
    t.append_entry(e, tmp_path)
    t.append_entry(e, tmp_path)
    text = f.read_text(encoding="utf-8")
    assert text.startswith(original)
    assert text == original + "\n\n" + e + "\n" + e
    assert len(t.parse_entries(text)) == 2


def test_append_creates_the_file_in_an_existing_memory_dir(tmp_path):
    path = t.append_entry(t.format_entry("SUCCESS", "no", 0, date="2025-01-01"), tmp_path)
    assert path == tmp_path / "skill-telemetry.md"
    assert path.read_text(encoding="utf-8").startswith("### /experiment-tracking — 2025-01-01\n")


def _writer(args):
    mem, n, k = args
    for i in range(k):
        t.append_entry(
            t.format_entry("SUCCESS", "no", 0, bottleneck=f"w{n}-{i}-" + "x" * 3000, date="2025-01-01"),
            mem,
        )


def test_concurrent_writers_never_interleave(tmp_path):
    (tmp_path / t.TELEMETRY_FILE).write_text("keep me\n", encoding="utf-8")
    writers, each = 8, 25
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(writers) as pool:
        pool.map(_writer, [(str(tmp_path), n, each) for n in range(writers)])
    text = (tmp_path / t.TELEMETRY_FILE).read_text(encoding="utf-8")
    assert text.startswith("keep me\n\n###")
    entries = t.parse_entries(text)
    assert len(entries) == writers * each
    assert all(e["problems"] == [] and e["outcome"] == "SUCCESS" for e in entries)
    seen = {e["bottleneck"].split("-x")[0] for e in entries}
    assert seen == {f"w{n}-{i}" for n in range(writers) for i in range(each)}
    # every entry is intact: six lines, a blank line between entries
    blocks = text.split("\n\n")[1:]
    assert all(len(b.strip().splitlines()) == 6 for b in blocks)


def test_record_skips_silently_without_memory_dir(env, tmp_path):
    proj = tmp_path / "proj"
    proj.mkdir()
    assert t.record("SUCCESS", "no", 0, project=proj) is None
    assert not (env / "projects").exists()
    with pytest.raises(ValueError):  # invalid values are reported even when nothing is written
        t.record("BAD", "no", 0, project=proj)
    mem = memory_for(env, proj)
    path = t.record("PARTIAL", "yes — x", 1, project=proj, date="2025-03-04")
    assert path == mem / "skill-telemetry.md"


# ---- parsing -------------------------------------------------------------------------------


def test_schema_copy_is_identical_to_the_package_schema():
    assert SCHEMA_COPY.read_bytes() == SCHEMA_PKG.read_bytes()
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_examples_parse_to_the_documented_json():
    text = (EXAMPLES / "skill-telemetry.md").read_text(encoding="utf-8")
    entries = t.parse_entries(text)
    assert entries == json.loads((EXAMPLES / "entries.json").read_text(encoding="utf-8"))
    for e in entries:
        jsonschema.validate(e, SCHEMA)
    assert [e["skill"] for e in t.parse_entries(text, None)].count("research-data-management") == 1


@settings(max_examples=80, deadline=None)
@given(
    outcome=st.sampled_from(t.OUTCOMES),
    healed=st.one_of(st.just("no"), st.text(min_size=1, max_size=40)),
    max_it=st.integers(1, 5),
    data=st.data(),
    bottleneck=st.text(max_size=60),
    suggestion=st.text(max_size=60),
    date=st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
)
def test_round_trip(outcome, healed, max_it, data, bottleneck, suggestion, date):
    it = data.draw(st.integers(0, max_it))
    entry = t.format_entry(outcome, healed, it, max_it, bottleneck, suggestion, date)
    (e,) = t.parse_entries("some preamble\n\n" + entry)
    jsonschema.validate(e, SCHEMA)
    norm = t.normalise_self_healed(healed)
    assert e["outcome"] == outcome and e["date"] == date.isoformat()
    assert (e["iterations"], e["max_iterations"]) == (it, max_it)
    assert e["self_healed"] is (norm != "no")
    assert e["healed"] == (norm[len("yes — ") :] if norm.startswith("yes — ") else None)
    assert e["bottleneck"] == (" ".join(bottleneck.split()) or "none")
    assert e["suggestion"] == (" ".join(suggestion.split()) or "none")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=500))
def test_parser_never_raises(text):
    for e in t.parse_entries(text, None):
        jsonschema.validate(e, SCHEMA)


# ---- CLI -----------------------------------------------------------------------------------


def test_cli_append_then_parse(env, tmp_path, capsys):
    proj = tmp_path / "proj"
    proj.mkdir()
    args = [
        "telemetry",
        "append",
        "--outcome",
        "partial",
        "--self-healed",
        "yes — notebooks",
        "--iterations",
        "2",
        "--max-iterations",
        "2",
        "--bottleneck",
        "Phase 1",
        "--suggestion",
        "none",
        "--project",
        str(proj),
        "--date",
        "2025-05-06",
    ]
    assert main(args) == 0  # no memory dir: silent
    assert capsys.readouterr().out == ""
    mem = memory_for(env, proj)
    assert main(args) == 0
    assert str(mem / "skill-telemetry.md") in capsys.readouterr().out
    assert main(["telemetry", "parse", str(mem / "skill-telemetry.md"), "--json"]) == 0
    (e,) = json.loads(capsys.readouterr().out)
    assert (e["outcome"], e["healed"], e["iterations"]) == ("PARTIAL", "notebooks", 2)


def test_cli_usage_errors(tmp_path, capsys):
    assert main(["telemetry", "append", "--outcome", "MEH"]) == 2
    assert main(["telemetry", "append", "--outcome", "SUCCESS", "--iterations", "3"]) == 2
    assert "exceed" in capsys.readouterr().err
    assert main(["telemetry", "append", "--outcome", "SUCCESS", "--project", str(tmp_path / "x")]) == 2
    assert main(["telemetry", "parse", str(tmp_path / "missing.md")]) == 2
    assert main(["telemetry"]) == 2


def test_cli_works_from_the_current_directory(env, tmp_path, monkeypatch, capsys):
    proj = tmp_path / "proj"
    (proj / "sub").mkdir(parents=True)
    mem = memory_for(env, proj)
    monkeypatch.chdir(proj / "sub")  # not a git repo: the directory itself is the project
    assert main(["telemetry", "append", "--outcome", "SUCCESS"]) == 0
    assert not (mem / "skill-telemetry.md").exists()
    monkeypatch.chdir(proj)
    assert main(["telemetry", "append", "--outcome", "SUCCESS"]) == 0
    assert (mem / "skill-telemetry.md").exists()
    assert os.environ["CLAUDE_CONFIG_DIR"] == str(env)


def test_outcome_is_derived_from_the_validation():
    assert t.outcome_for(True, 0) == "SUCCESS"
    assert t.outcome_for(True, 3) == "PARTIAL"
    assert t.outcome_for(False, 0) == "FAILED"
