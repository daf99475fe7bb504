"""The report validator: the shipped example passes, each kind of damage is one named gap."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from experiment_tracking.cli import main
from experiment_tracking.validate import (
    DIMENSIONS,
    GAP_CODES,
    SUMMARY_AREAS,
    Gap,
    actionability,
    gaps_to_json,
    has_evidence,
    sections_with_gaps,
    validate_file,
    validate_report,
)

EXAMPLE = (
    resources.files("experiment_tracking")
    .joinpath("skill/references/example-report.md")
    .read_text(encoding="utf-8")
)


def codes(text: str) -> list[str]:
    return [g.code for g in validate_report(text)]


def test_shipped_example_report_is_valid():
    assert validate_report(EXAMPLE) == []


def test_every_gap_code_is_documented_in_the_skill_reference():
    ref = resources.files("experiment_tracking").joinpath("skill/references/report-format.md")
    text = ref.read_text(encoding="utf-8")
    for code in GAP_CODES:
        assert f"`{code}`" in text, code


# ---- sections ---------------------------------------------------------------------------


def test_missing_section_is_reported_with_a_hint():
    text = re.sub(r"## Pipeline Architecture Review.*?(?=## Collaboration)", "", EXAMPLE, flags=re.S)
    gaps = validate_report(text)
    assert [g.code for g in gaps] == ["missing-section"]
    assert gaps[0].section == "pipelines"
    assert "dvc.yaml" in gaps[0].hint


def test_heading_only_and_placeholder_sections_are_not_substantive():
    text = re.sub(
        r"(## Collaboration Assessment\n).*?(?=## Prioritized)", r"\1\nTBD\n\n", EXAMPLE, flags=re.S
    )
    assert "empty-section" in codes(text)
    text = re.sub(r"(## Collaboration Assessment\n).*?(?=## Prioritized)", r"\1\n", EXAMPLE, flags=re.S)
    gaps = validate_report(text)
    assert [(g.code, g.section) for g in gaps] == [("empty-section", "collaboration")]
    text = re.sub(
        r"(## Collaboration Assessment\n).*?(?=## Prioritized)",
        r"\1\n- N/A\n- ...\n- [...]\n\n",
        EXAMPLE,
        flags=re.S,
    )
    assert "empty-section" in codes(text)


def test_agent_variants_of_headings_are_accepted():
    text = EXAMPLE
    for n, title in enumerate(
        [
            "Executive Summary",
            "Experiment Infrastructure Inventory",
            "Parameter Management Assessment",
            "Metric Logging Evaluation",
        ],
        start=1,
    ):
        text = text.replace(f"## {title}\n", f"## {n}. {title}\n")
    text = text.replace("## Reproducibility Scorecard (0-30)", "### 5) Reproducibility Scorecard (0–30)")
    text = text.replace("## Pipeline Architecture Review", "## Phase 5 — Pipeline Architecture Review")
    text = text.replace("## Collaboration Assessment", "## **Collaboration & Governance Assessment**")
    text = text.replace("## Prioritized Recommendations", "## Prioritised Recommendations 🚀")
    text += "\n## Appendix: Run Catalog\n\nTwelve runs were read from `mlruns/0/`.\n"
    assert validate_report(text) == []


def test_seed_phase_names_as_headings_are_accepted():
    text = (
        EXAMPLE.replace("## Experiment Infrastructure Inventory", "## Experiment Infrastructure Discovery")
        .replace("## Metric Logging Evaluation", "## Result Logging and Metrics")
        .replace("## Reproducibility Scorecard (0-30)", "## Reproducibility Scoring")
        .replace("## Pipeline Architecture Review", "## Pipeline and Workflow Analysis")
        .replace("## Collaboration Assessment", "## Collaboration and Governance")
    )
    assert validate_report(text) == []


def test_focus_line_is_required_and_may_be_bold():
    assert codes(EXAMPLE.replace("Focus: whole repository", "")) == ["focus-missing"]
    assert validate_report(EXAMPLE.replace("Focus:", "**Focus:**")) == []


def test_template_placeholders_are_flagged_but_not_inside_code():
    text = EXAMPLE.replace("Reproducibility score: 14/30", "Reproducibility score: [X]/30")
    gaps = validate_report(text)
    assert [(g.code, g.section) for g in gaps] == [("placeholder-text", "executive-summary")]
    expected_line = next(n for n, ln in enumerate(EXAMPLE.splitlines(), 1) if "Reproducibility score" in ln)
    assert 0 < gaps[0].line <= expected_line  # the line where its paragraph starts
    text = EXAMPLE.replace("cfg.seed)`;", "cfg.seed)`, TODO confirm;")
    assert codes(text) == ["placeholder-text"]
    # A TODO quoted from the audited code (a code span's detail, a quotation) is evidence.
    text = EXAMPLE.replace("cfg.seed)`;", 'cfg.seed)` (# TODO: seed), as the comment "TODO seed" says;')
    assert validate_report(text) == []
    text = EXAMPLE.replace("`data/train.csv` with DVC", "`data/train.csv` with DVC (`cfg[...]`)")
    assert validate_report(text) == []


# ---- findings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "- **FAIL** No random seed is set anywhere",
        "- ❌ Seeds are missing",
        "- WARN: metrics look incomplete",
        "- [FAIL] data is not versioned",
        "- **WARN** `ET399` System metrics are not recorded",
    ],
)
def test_finding_without_evidence_is_a_gap(line):
    text = EXAMPLE.replace("## Metric Logging Evaluation\n", f"## Metric Logging Evaluation\n\n{line}\n")
    gaps = validate_report(text)
    assert [(g.code, g.section) for g in gaps] == [("finding-without-evidence", "metrics")]


@pytest.mark.parametrize(
    "evidence",
    [
        "in `src/train.py`",
        "see src/train.py:12",
        "`notebooks/a.ipynb` cell 3",
        "in notebook cell 7",
        "0 of 12 runs record a seed",
        "no seed call found in 3 training entry points",
        "no seed call found in the repository",
        "`Dockerfile` is missing",
        "`conf/`",
        "`.dvc/` exists but is empty",
        "at line 40 of the trainer",
    ],
)
def test_finding_with_evidence_passes(evidence):
    line = f"- **FAIL** No random seed is set — {evidence}"
    text = EXAMPLE.replace("## Metric Logging Evaluation\n", f"## Metric Logging Evaluation\n\n{line}\n")
    assert validate_report(text) == []


def test_evidence_in_a_nested_bullet_counts():
    text = EXAMPLE.replace(
        "## Metric Logging Evaluation\n",
        "## Metric Logging Evaluation\n\n- **FAIL** Seeds are missing\n  - Evidence: `src/x.py:3`\n",
    )
    assert validate_report(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("uses `mlflow.log_param`", False),
        ("calls `torch.manual_seed`", False),
        ("rule `ET401` fails", False),
        ("see https://example.com/a.py", False),
        ("the trainer is `train.py`", True),
        ("`mlruns/0/meta.yaml`", True),
    ],
)
def test_has_evidence_distinguishes_identifiers_from_paths(text, expected):
    code = re.findall(r"`([^`]+)`", text)
    assert has_evidence(text, code) is expected


def test_a_summary_restating_an_evidenced_rule_is_referenced():
    summary = "## Executive Summary\n\n1. **FAIL** `ET401` Runs cannot be recreated.\n"
    text = EXAMPLE.replace("## Executive Summary\n", summary)
    assert validate_report(text) == []
    unknown = "## Executive Summary\n\n1. **FAIL** `ET999` Something is wrong.\n"
    assert codes(EXAMPLE.replace("## Executive Summary\n", unknown)) == ["finding-without-evidence"]


def test_non_findings_need_no_evidence():
    text = EXAMPLE.replace(
        "## Metric Logging Evaluation\n",
        "## Metric Logging Evaluation\n\n- Metrics are discussed below.\n",
    )
    assert validate_report(text) == []


# ---- recommendations --------------------------------------------------------------------


def test_recommendation_without_verb_or_target_is_a_gap():
    text = EXAMPLE.replace(
        "6. **[P4] Log plots as artifacts**",
        "6. **[P4] Better reproducibility would be nice** — nothing else\n7. **[P4] Log plots as artifacts**",
    )
    gaps = validate_report(text)
    assert [g.code for g in gaps] == ["recommendation-not-actionable"]
    assert "a target (file, tool, command or snippet)" in gaps[0].message
    text = EXAMPLE.replace(
        "6. **[P4] Log plots as artifacts**",
        "6. **[P4] Improve things** generally\n7. **Log plots**",
    )
    assert [g.message.split(":")[0] for g in validate_report(text)] == [
        "recommendation lacks a target (file, tool, command or snippet)"
    ]


@pytest.mark.parametrize(
    "rec",
    [
        "Fill the missing `seed:` key in `conf/config.yaml`",
        "Retrain with `python train.py seed=1` and compare",
        "Warn when `data/` changes: a hash check in `src/train.py`",
        "Default `deterministic=True` in the Trainer",
    ],
)
def test_a_recommendation_is_judged_by_its_target_not_its_verb(rec):
    text = EXAMPLE.replace("6. **[P4] Log plots as artifacts**", f"6. **[P4] {rec}**\n7. **Log plots**")
    assert validate_report(text) == []


def test_a_recommendation_with_only_a_snippet_has_a_target():
    text = EXAMPLE.replace(
        "6. **[P4] Log plots as artifacts**",
        "6. **[P4] Make splits stable**\n\n   ```python\n   split(seed=0)\n   ```\n\n7. **Log plots**",
    )
    assert validate_report(text) == []


@pytest.mark.parametrize(
    "rec",
    [
        "P1: Pin dependencies in requirements.txt",
        "**High priority** — adopt DVC for the raw data",
        "(P2) Consider and then add `mlflow.autolog()`",
        "Record the git SHA with every MLflow run",
    ],
)
def test_actionable_recommendation_variants(rec):
    verb, target = actionability(rec, re.findall(r"`([^`]+)`", rec))
    assert verb and target


def test_recommendations_as_subheadings_are_accepted():
    body = (
        "## Prioritized Recommendations\n\n"
        "### 1. [P1] Version the data with DVC\n\nRun `dvc add data/train.csv`.\n\n"
        "### 2. [P2] Pin the environment\n\nUse a lock file for `requirements.txt`.\n\n"
    )
    text = re.sub(r"## Prioritized Recommendations\n.*?(?=## Summary Table)", body, EXAMPLE, flags=re.S)
    assert validate_report(text) == []
    body = "## Prioritized Recommendations\n\nThe team should think about many things here.\n\n"
    text = re.sub(r"## Prioritized Recommendations\n.*?(?=## Summary Table)", body, EXAMPLE, flags=re.S)
    assert codes(text) == ["no-recommendations"]


# ---- scorecard --------------------------------------------------------------------------


def test_total_must_equal_the_sum():
    text = EXAMPLE.replace("| **Total** | **14/30** |", "| **Total** | **15/30** |")
    gaps = validate_report(text)
    assert "scorecard-total-mismatch" in [g.code for g in gaps]
    # the executive summary's 14/30 now disagrees with the table's 15/30 too
    assert "score-inconsistent" in [g.code for g in gaps]


def test_dimension_out_of_range_and_wrong_denominator():
    assert "scorecard-score-invalid" in codes(
        EXAMPLE.replace("| Data versioning | 1/5 |", "| Data versioning | 7/5 |")
    )
    assert "scorecard-score-invalid" in codes(
        EXAMPLE.replace("| Data versioning | 1/5 |", "| Data versioning | 1/10 |")
    )
    assert "scorecard-score-invalid" in codes(
        EXAMPLE.replace("| Data versioning | 1/5 |", "| Data versioning | 1.5/5 |")
    )
    assert "scorecard-score-invalid" in codes(
        EXAMPLE.replace("| Data versioning | 1/5 |", "| Data versioning | [X]/5 |")
    )


def test_missing_and_duplicate_dimension():
    text = EXAMPLE.replace(
        "| Documentation | 1/5 | no experiment notes; `README.md` describes setup only |\n", ""
    )
    assert "scorecard-dimension-missing" in codes(text)
    text = EXAMPLE.replace("| Documentation | 1/5 |", "| Documentation | 1/5 | x |\n| Documentation | 1/5 |")
    assert "scorecard-dimension-duplicate" in codes(text)


def test_total_missing_or_out_of_range():
    assert "scorecard-total-missing" in codes(
        EXAMPLE.replace("| **Total** | **14/30** | weakest: Data versioning (1/5) |\n", "")
    )
    assert "scorecard-total-invalid" in codes(EXAMPLE.replace("**14/30**", "**14/40**"))


def test_scorecard_as_a_list_and_plain_numbers_are_accepted():
    table = re.search(r"\| Dimension \|.*?\| \*\*Total\*\* \|[^\n]*\n", EXAMPLE, re.S).group(0)
    listed = "".join(
        f"- **{d}**: {s}/5 — reason\n" for d, s in zip(DIMENSIONS, (3, 1, 2, 4, 3, 1), strict=True)
    )
    assert validate_report(EXAMPLE.replace(table, listed + "\n**Total: 14/30**\n")) == []
    plain = EXAMPLE.replace("| 3/5 |", "| 3 |").replace("| **14/30** |", "| 14 |")
    assert validate_report(plain) == []


def test_no_scorecard_at_all():
    table = re.search(r"\| Dimension \|.*?\| \*\*Total\*\* \|[^\n]*\n", EXAMPLE, re.S).group(0)
    gaps = validate_report(EXAMPLE.replace(table, "Scores were not computed for this repository.\n"))
    assert "scorecard-missing" in [g.code for g in gaps]


# ---- summary table ----------------------------------------------------------------------


def test_summary_table_rows_statuses_priorities():
    assert codes(EXAMPLE.replace("| Model Registry | WARN | P2 |\n", "")) == ["summary-area-missing"]
    assert codes(
        EXAMPLE.replace("| Model Registry | WARN | P2 |", "| Model Registry | [PASS/WARN/FAIL] | P2 |")
    ) == [
        "placeholder-text",
        "summary-status-invalid",
    ]
    assert codes(EXAMPLE.replace("| Model Registry | WARN | P2 |", "| Model Registry | WARN | P5 |")) == [
        "summary-priority-invalid"
    ]
    assert codes(EXAMPLE.replace("| Model Registry | WARN | P2 |", "| Model Registry | WARN | P1-P4 |")) == [
        "summary-priority-invalid"
    ]
    assert codes(
        EXAMPLE.replace(
            "| Collaboration | WARN | P3 |",
            "| Collaboration | WARN | P3 |\n| Collaboration | PASS | P4 |",
        )
    ) == ["summary-area-duplicate"]


def test_summary_table_variants_are_accepted():
    text = EXAMPLE.replace(
        "| Data Versioning | FAIL | P1 |", "| **Data versioning** | ❌ **FAIL** | **P1** |"
    )
    text = text.replace("| Code-Data Linkage |", "| Code–Data Linkage |")
    text = text.replace("| Collaboration | WARN | P3 |", "| Collaboration & Governance | ⚠️ WARN | P3 |")
    text = text.replace(
        "| Area | Status | Priority |\n|------|--------|----------|",
        "| Area | Status | Priority | Notes |\n|---|---|---|---|",
    )
    assert validate_report(text) == []


def test_missing_summary_table():
    table = re.search(r"\| Area \| Status \|.*?\| Collaboration \| WARN \| P3 \|\n", EXAMPLE, re.S).group(0)
    assert codes(EXAMPLE.replace(table, "")) == ["summary-table-missing"]


# ---- whole-report properties ------------------------------------------------------------


def test_empty_report_lists_every_required_section():
    gaps = validate_report("")
    missing = [g.section for g in gaps if g.code == "missing-section"]
    assert len(missing) == 8
    assert {"scorecard-missing", "summary-table-missing", "focus-missing"} <= {g.code for g in gaps}
    assert set(sections_with_gaps(gaps)) >= set(missing)


def test_crlf_and_bom_are_tolerated():
    assert validate_report("\ufeff" + EXAMPLE.replace("\n", "\r\n")) == []


def test_gaps_are_json_serialisable_and_stable():
    text = EXAMPLE.replace("| Model Registry | WARN | P2 |\n", "").replace("Focus:", "Scope:")
    gaps = validate_report(text)
    assert gaps == validate_report(text)
    payload = json.loads(json.dumps(gaps_to_json(gaps, report="r.md")))
    assert payload["ok"] is False and payload["gap_count"] == 2
    assert {tuple(sorted(g)) for g in payload["gaps"]} == {
        ("code", "hint", "iteration", "line", "message", "section")
    }
    assert payload["iteration_needed"] is False  # neither gap is one that more discovery closes
    assert all(g["code"] in GAP_CODES for g in payload["gaps"])
    assert isinstance(gaps[0], Gap) and str(gaps[0]).startswith("[")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_never_crashes_on_arbitrary_text(junk):
    gaps = validate_report(junk)
    assert all(g.code in GAP_CODES for g in gaps)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, len(EXAMPLE)), st.text(max_size=40))
def test_never_crashes_on_damaged_reports(pos, insert):
    validate_report(EXAMPLE[:pos] + insert + EXAMPLE[pos:])


def test_all_areas_and_dimensions_are_the_seeds():
    assert len(SUMMARY_AREAS) == 8 and len(DIMENSIONS) == 6


# ---- CLI --------------------------------------------------------------------------------


def test_cli_exit_codes_and_json(tmp_path, capsys):
    good = tmp_path / "good.md"
    good.write_text(EXAMPLE, encoding="utf-8")
    assert main(["validate", str(good)]) == 0
    assert "no gaps" in capsys.readouterr().out
    bad = tmp_path / "bad.md"
    bad.write_text(EXAMPLE.replace("| Model Registry | WARN | P2 |\n", ""), encoding="utf-8")
    assert main(["validate", str(bad), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["report"] == str(bad) and out["gaps"][0]["code"] == "summary-area-missing"
    assert main(["validate", str(bad)]) == 1
    assert "summary-area-missing" in capsys.readouterr().out
    assert main(["validate", str(tmp_path / "nope.md")]) == 2
    assert "cannot read" in capsys.readouterr().err
    binary = tmp_path / "bin.md"
    binary.write_bytes(b"\xff\xfe\x00bad")
    assert main(["validate", str(binary)]) == 2
    assert validate_file(good) == []


def test_report_facts_reads_what_the_report_states():
    from experiment_tracking.validate import report_facts, section_text

    facts = report_facts(EXAMPLE)
    assert facts["focus"] == "whole repository" and facts["total"] == 14
    assert facts["dimensions"]["Data versioning"] == 1
    assert facts["summary"]["Model Registry"] == {"status": "WARN", "priority": "P2"}
    assert len(facts["sections"]) == 8
    assert "every section was filled" in section_text(EXAMPLE, "data-gaps")
    assert section_text("# nothing", "data-gaps") is None
    empty = report_facts("")
    assert empty["total"] is None and empty["summary"] == {} and empty["focus"] is None


def test_only_score_claims_must_match_the_total():
    # A count out of thirty ("0/30 exact pins") is not a claim about the score...
    counted = EXAMPLE.replace(
        "## Executive Summary\n", "## Executive Summary\n\n- requirements.txt: 0/30 exact pins\n", 1
    )
    assert "score-inconsistent" not in codes(counted)
    # ...but a different score stated anywhere is.
    claimed = EXAMPLE.replace("## Executive Summary\n", "## Executive Summary\n\n- Overall score 9/30\n", 1)
    assert "score-inconsistent" in codes(claimed)
    # Another N/30 in prose is not a second score: "helper: 13/30" before the review.
    noted = EXAMPLE.replace(
        "### Analyst notes\n", "### Analyst notes\n\nThe helper's first pass said helper: 13/30.\n", 1
    )
    assert validate_report(noted) == []
