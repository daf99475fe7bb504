"""The skill: one source of truth, valid frontmatter and manifests, the seed's whole contract,
and installation from the package."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from experiment_tracking import __version__
from experiment_tracking.cli import main
from experiment_tracking.skill_install import (
    SkillConflict,
    check_repo_copies,
    install_skill,
    skill_files,
    user_skills_dir,
)
from experiment_tracking.skill_spec import (
    check_frontmatter,
    check_links,
    check_marketplace,
    check_plugin_manifest,
    check_skill,
    split_frontmatter,
)

ROOT = Path(__file__).resolve().parents[1]
PKG_SKILL = ROOT / "experiment_tracking" / "skill" / "SKILL.md"
SEED = Path("/work/shared/spec/experiment-tracking.seed.md")
SKILL = PKG_SKILL.read_text(encoding="utf-8")
FRONT, BODY = split_frontmatter(SKILL)


# ---- one source of truth --------------------------------------------------------------------


def test_repository_copies_are_identical_to_the_package():
    problems = check_repo_copies(ROOT)
    assert problems == [], (
        "run `python -m experiment_tracking.skill_install sync` after editing "
        "experiment_tracking/skill/:\n" + "\n".join(problems)
    )
    assert (ROOT / "SKILL.md").read_bytes() == PKG_SKILL.read_bytes()
    assert (ROOT / "skills/experiment-tracking/SKILL.md").read_bytes() == PKG_SKILL.read_bytes()


def test_skill_files_come_from_package_data():
    files = skill_files()
    assert files["SKILL.md"] == PKG_SKILL.read_bytes()
    assert {"references/phases.md", "references/report-format.md"} <= set(files)


@pytest.mark.parametrize(
    "skill_md",
    [PKG_SKILL, ROOT / "SKILL.md", ROOT / "skills" / "experiment-tracking" / "SKILL.md"],
    ids=["package", "root", "plugin"],
)
def test_links_resolve_everywhere(skill_md):
    assert check_links(skill_md) == []
    for ref in (skill_md.parent / "references").glob("*.md"):
        assert check_links(ref) == []


# ---- frontmatter ----------------------------------------------------------------------------


def test_shipped_frontmatter_is_valid_for_both_specs():
    assert check_skill(SKILL, folder="experiment-tracking") == []
    assert FRONT["name"] == "experiment-tracking"
    tools = FRONT["allowed-tools"]
    assert "Bash(experiment-tracking:*)" in tools
    assert not any(t.startswith(("Write", "Bash(rm", "Bash(python")) for t in tools)
    # Claude-Code-only keys would break portable validators: none in the shipped file.
    assert set(FRONT) <= {"name", "description", "license", "compatibility", "metadata", "allowed-tools"}


def test_reference_validator_agrees_when_available(tmp_path):
    exe = shutil.which("agentskills") or shutil.which("skills-ref")
    if exe is None:
        pytest.skip("skills-ref (the Agent Skills reference validator) is not installed")
    out = subprocess.run(
        [exe, "validate", str(ROOT / "skills" / "experiment-tracking")], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout + out.stderr


def fm(**over) -> str:
    data = {"name": "experiment-tracking", "description": "Audits ML experiment tracking."} | over
    lines = ["---"]
    for k, v in data.items():
        if v is None:
            continue
        lines.append(f"{k}: {json.dumps(v)}")
    return "\n".join([*lines, "---", "body", ""])


@pytest.mark.parametrize(
    ("text", "folder", "fragment"),
    [
        (fm(name="Experiment-Tracking"), None, "lowercase"),
        (fm(name="experiment--tracking"), None, "single hyphens"),
        (fm(name="-experiment"), None, "hyphen"),
        (fm(name="x" * 65), None, "max 64"),
        (fm(), "other-folder", "must match its folder"),
        (fm(description="x" * 1025), None, "max 1024"),
        (fm(description="Use <b>this</b>"), None, "'<' or '>'"),
        (fm(description=""), None, "non-empty"),
        (fm(description=None), None, "missing required key 'description'"),
        (fm(**{"argument-hint": "[focus]"}), None, "Claude-Code-only key 'argument-hint'"),
        (fm(version="2.0.0"), None, "unknown key 'version'"),
        (fm(compatibility="x" * 501), None, "max 500"),
        (fm(metadata={"a": 1}), None, "keys and values must be strings"),
        (fm(**{"allowed-tools": {"Bash": True}}), None, "space-delimited string or a list"),
        (fm(**{"allowed-tools": "Bash(rm -rf:*"}), None, "not a tool name"),
        ("no frontmatter\n", None, "must start with"),
        ("---\nname: x\n", None, "not closed"),
        ("---\n- a\n---\n", None, "mapping"),
        ("---\nname: [unclosed\n---\n", None, "not valid YAML"),
        (fm() + "line\n" * 500, None, "under 500"),
    ],
)
def test_frontmatter_rules_reject_bad_examples(text, folder, fragment):
    problems = check_skill(text, folder)
    assert any(fragment in p for p in problems), problems


def test_allowed_tools_may_be_a_string():
    assert (
        check_frontmatter({"name": "a", "description": "b", "allowed-tools": "Bash(git:*) Read Grep"}) == []
    )


# ---- the seed's contract --------------------------------------------------------------------

PHASES = [
    "Experiment infrastructure discovery",
    "Parameter management",
    "Result logging and metrics",
    "Reproducibility assessment",
    "Pipeline and workflow analysis",
    "Collaboration and governance",
    "Write the report",
]
SECTIONS = [
    "Executive Summary",
    "Experiment Infrastructure Inventory",
    "Parameter Management Assessment",
    "Metric Logging Evaluation",
    "Reproducibility Scorecard (0-30)",
    "Pipeline Architecture Review",
    "Collaboration Assessment",
    "Prioritized Recommendations",
]
DIMENSIONS = [
    "Code versioning",
    "Data versioning",
    "Environment capture",
    "Parameter logging",
    "Result persistence",
    "Documentation",
]


def test_seven_phases_in_order():
    heads = re.findall(r"^### Phase (\d) - (.+)$", BODY, re.M)
    assert [int(n) for n, _ in heads] == list(range(1, 8))
    assert [t for _, t in heads] == PHASES
    for step in (
        "1.1",
        "1.2",
        "1.3",
        "2.1",
        "2.2",
        "2.3",
        "3.1",
        "3.2",
        "3.3",
        "4.1",
        "4.2",
        "4.3",
        "5.1",
        "5.2",
        "5.3",
        "6.1",
        "6.2",
    ):
        assert f"- {step} " in BODY, step


def test_report_path_sections_and_scorecard():
    assert "`docs/experiment-tracking-analysis.md`" in BODY
    positions = [BODY.index(f"{n}. {s}") for n, s in enumerate(SECTIONS, 1)]
    assert positions == sorted(positions)
    for d in DIMENSIONS:
        assert f"| {d} |" in BODY
    assert "0-30" in BODY and "0-5" in BODY


def seed_block(start: str, end: str) -> str:
    text = SEED.read_text(encoding="utf-8")
    return text[text.index(start) : text.index(end)].strip()


@pytest.mark.skipif(not SEED.exists(), reason="seed text not available")
def test_output_block_next_steps_and_do_not_rules_are_the_seeds():
    block = seed_block("## Experiment Tracking Analysis Complete", "NEXT STEPS:")
    assert block in BODY
    for line in seed_block("NEXT STEPS:", "DO NOT:").splitlines()[1:]:
        if line.strip():
            assert line in BODY, line
    for line in seed_block("DO NOT:\n", "=====").splitlines()[1:]:
        if line.strip():
            assert line in BODY, line


@pytest.mark.skipif(not SEED.exists(), reason="seed text not available")
def test_written_in_its_own_words():
    """Apart from the contract blocks (output, next steps, DO NOT, summary rows), the seed's
    prose lines are not copied."""
    contract = {
        *seed_block("## Experiment Tracking Analysis Complete", "SELF-EVOLUTION").splitlines(),
    }
    prose = [
        ln.strip()
        for ln in SEED.read_text(encoding="utf-8").splitlines()
        if len(ln.strip()) >= 40 and ln not in contract and not ln.startswith(("|", "-", "==="))
    ]
    copied = [ln for ln in prose if ln in BODY]
    assert len(copied) <= len(prose) // 10, copied


def test_self_healing_validation_and_telemetry_are_specified():
    assert "## Self-healing validation (max 2 iterations)" in BODY
    assert "experiment-tracking validate docs/experiment-tracking-analysis.md --json" in BODY
    assert "Data Gaps" in BODY and "Stop after 2 iterations" in BODY
    assert "experiment-tracking telemetry append --outcome SUCCESS|PARTIAL|FAILED" in BODY
    for flag in ("--self-healed", "--iterations", "--max-iterations", "--bottleneck", "--suggestion"):
        assert flag in BODY
    telemetry_ref = (PKG_SKILL.parent / "references" / "telemetry.md").read_text(encoding="utf-8")
    for field in (
        "### /experiment-tracking — ",
        "- Outcome:",
        "- Self-healed:",
        "- Iterations used:",
        "- Bottleneck:",
        "- Suggestion:",
    ):
        assert field in telemetry_ref
    assert "skill-telemetry.md" in BODY and "skip" in telemetry_ref.lower()


def test_helper_commands_focus_and_missing_helper():
    assert "experiment-tracking discover --json" in BODY
    assert re.search(r"experiment-tracking audit \[--focus", BODY)
    assert "TARGET: $ARGUMENTS" in BODY and '--focus "$ARGUMENTS"' in BODY
    for word in ("mlflow", "dvc", "parameters", "metrics", "reproducibility", "pipelines", "governance"):
        assert f"`{word}`" in BODY
    assert "experiment-tracking --version" in BODY and "pipx install experiment-tracking" in BODY
    assert "Do not install it yourself" in BODY


def test_skill_is_short_and_defers_detail_to_references():
    assert len(SKILL.splitlines()) < 500
    assert "references/phases.md" in BODY and "references/report-format.md" in BODY


# ---- plugin packaging -----------------------------------------------------------------------


def load(name: str) -> dict:
    return json.loads((ROOT / ".claude-plugin" / name).read_text(encoding="utf-8"))


def test_plugin_and_marketplace_manifests_are_valid():
    plugin, market = load("plugin.json"), load("marketplace.json")
    assert check_plugin_manifest(plugin) == []
    assert check_marketplace(market, ROOT) == []
    assert plugin["name"] == FRONT["name"] == market["plugins"][0]["name"]
    assert plugin["version"] == __version__ == market["plugins"][0]["version"]
    # the plugin root is the repository: Claude Code finds skills/<name>/SKILL.md there
    src = ROOT / market["plugins"][0]["source"]
    assert (src / "skills" / plugin["name"] / "SKILL.md").is_file()


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"name": "Bad Name"}, "kebab-case"),
        ({"name": "ok", "version": "1.0"}, "semantic version"),
        ({"name": "ok", "author": "me"}, "object with a name"),
        ({"name": "ok", "homepage": "example.com"}, "must be a URL"),
        ({"name": "ok", "keywords": "a,b"}, "list of strings"),
        ({"name": "ok", "skills": "skills/"}, "start with './'"),
    ],
)
def test_plugin_manifest_rules(data, fragment):
    assert any(fragment in p for p in check_plugin_manifest(data))


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"owner": {"name": "a"}, "plugins": [{"name": "p", "source": "./"}]}, "'name' is required"),
        (
            {"name": "agent-skills", "owner": {"name": "a"}, "plugins": [{"name": "p", "source": "./"}]},
            "reserved",
        ),
        ({"name": "m", "plugins": [{"name": "p", "source": "./"}]}, "owner"),
        ({"name": "m", "owner": {"name": "a"}, "plugins": []}, "non-empty list"),
        (
            {"name": "m", "owner": {"name": "a"}, "plugins": [{"name": "p", "source": "../x"}]},
            "relative path",
        ),
        (
            {"name": "m", "owner": {"name": "a"}, "plugins": [{"name": "p", "source": "./nope"}]},
            "does not exist",
        ),
        (
            {
                "name": "m",
                "owner": {"name": "a"},
                "plugins": [{"name": "p", "source": "./"}, {"name": "p", "source": "./"}],
            },
            "duplicated",
        ),
        (
            {"name": "m", "owner": {"name": "a"}, "plugins": [{"name": "other", "source": "./"}]},
            "differs from plugin.json",
        ),
    ],
)
def test_marketplace_rules(data, fragment):
    problems = check_marketplace(data, ROOT)
    assert any(fragment in p for p in problems), problems


# ---- install-skill --------------------------------------------------------------------------


def tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file()}


def test_install_then_unchanged_then_conflict_then_force(tmp_path):
    skills = tmp_path / "skills"
    r = install_skill(skills)
    assert r.action == "installed" and r.path == skills / "experiment-tracking"
    assert tree(r.path) == skill_files()
    assert install_skill(skills).action == "unchanged"
    (r.path / "SKILL.md").write_text("someone else's skill", encoding="utf-8")
    with pytest.raises(SkillConflict):
        install_skill(skills)
    assert (r.path / "SKILL.md").read_text(encoding="utf-8") == "someone else's skill"
    (r.path / "notes.md").write_text("mine", encoding="utf-8")
    assert install_skill(skills, force=True).action == "replaced"
    assert tree(r.path) == skill_files()
    assert [p.name for p in skills.iterdir()] == ["experiment-tracking"]  # no leftovers


def test_force_replaces_a_symlink_without_touching_its_target(tmp_path):
    target = tmp_path / "checkout"
    target.mkdir()
    (target / "SKILL.md").write_text("dev copy", encoding="utf-8")
    skills = tmp_path / "skills"
    skills.mkdir()
    (skills / "experiment-tracking").symlink_to(target, target_is_directory=True)
    with pytest.raises(SkillConflict, match="symlink"):
        install_skill(skills)
    install_skill(skills, force=True)
    assert not (skills / "experiment-tracking").is_symlink()
    assert (target / "SKILL.md").read_text(encoding="utf-8") == "dev copy"


def test_cli_install_user_and_project(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(tmp_path / "cfg"))
    assert user_skills_dir() == tmp_path / "cfg" / "skills"
    assert main(["install-skill"]) == 0
    assert "installed the experiment-tracking skill" in capsys.readouterr().out
    assert (tmp_path / "cfg/skills/experiment-tracking/SKILL.md").is_file()
    assert main(["install-skill", "--user"]) == 0
    assert "already installed" in capsys.readouterr().out
    proj = tmp_path / "proj"
    proj.mkdir()
    assert main(["install-skill", "--project", str(proj)]) == 0
    dest = proj / ".claude/skills/experiment-tracking"
    assert tree(dest) == skill_files()
    (dest / "SKILL.md").write_text("changed", encoding="utf-8")
    assert main(["install-skill", "--project", str(proj)]) == 1
    assert "--force" in capsys.readouterr().err
    assert main(["install-skill", "--project", str(proj), "--force"]) == 0
    assert "replaced" in capsys.readouterr().out
    assert main(["install-skill", "--project", str(tmp_path / "missing")]) == 2
    assert main(["install-skill", "--user", "--project", str(proj)]) == 2


def test_home_default_for_user_install(tmp_path, monkeypatch):
    monkeypatch.delenv("CLAUDE_CONFIG_DIR", raising=False)
    assert user_skills_dir(home=str(tmp_path)) == tmp_path / ".claude" / "skills"


def test_package_build_ships_the_skill(tmp_path):
    """What setuptools puts in a wheel (build_py + package-data) carries SKILL.md, its references
    and the telemetry schema, so a pip install (not only a checkout) can install the skill."""
    pytest.importorskip("setuptools")
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "experiment_tracking",
        src / "experiment_tracking",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy(ROOT / "pyproject.toml", src)
    (src / "README.md").write_text("x\n", encoding="utf-8")
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import setuptools; setuptools.setup()",
            "-q",
            "build_py",
            "-d",
            str(tmp_path / "build"),
        ],
        cwd=src,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    built = tmp_path / "build" / "experiment_tracking"
    for rel, data in skill_files().items():
        assert (built / "skill" / rel).read_bytes() == data, rel
    assert (built / "schemas" / "telemetry-entry.schema.json").is_file()


def test_rule_reference_is_generated_from_the_registry():
    from pathlib import Path

    from experiment_tracking.rules.docgen import render

    doc = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
    assert doc.read_text(encoding="utf-8") == render(), (
        "run: python -m experiment_tracking.rules.docgen > docs/rules.md"
    )
