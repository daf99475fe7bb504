"""SARIF 2.1.0 output for GitHub code scanning and other SARIF consumers.

Rule metadata comes from the registry (id, name, title, doc); results come from WARN/FAIL/REVIEW
findings (FAIL -> error, WARN -> warning, REVIEW -> note with its question in the message), one
location per evidence place. REVIEW keeps SARIF's default ``kind`` ("fail"): the spec allows
``kind: "review"`` only with ``level: "none"``, and a note is what code scanning shows.
Absences (a finding with no evidence) are anchored at the repository's README or first manifest
so code scanning, which requires a location, can still show them. Secret values never reach
this stage.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from .. import __version__
from ..model import FAIL, REVIEW, WARN
from .escape import sarif_text

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
LEVEL = {FAIL: "error", WARN: "warning", REVIEW: "note"}
INFO_URI = "https://github.com/experiment-tracking/experiment-tracking"
ANCHORS = ("README.md", "README.rst", "README", "pyproject.toml", "requirements.txt", "setup.py")


def _rule_descriptor(r) -> dict:
    from ..scoring import AREA_OF, RULE_CHECKLISTS

    return {
        "id": r.id,
        "name": r.name,
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": r.what},
        "help": {"text": f"{r.why}\n\nFix:\n{r.fix}", "markdown": r.doc()},
        "defaultConfiguration": {"level": "warning"},
        "properties": {
            "phase": r.phase,
            "area": AREA_OF.get(r.id, ""),
            "checklists": RULE_CHECKLISTS.get(r.id, []),
            "tags": ["reproducibility", "ml", f"phase-{r.phase.split('.')[0]}"],
        },
    }


def _anchor(result) -> str:
    files = {f.path for f in result.ctx.inventory.project_files()}
    for name in ANCHORS:
        if name in files:
            return name
    return sorted(files)[0] if files else "."


def _uri(path: str) -> str:
    """A repository path as a URI reference: spaces, '#', '?', '%' and control characters are
    percent-encoded, so a file name cannot change which file (or fragment) a result points at."""
    return quote(path, safe="/")


def _location(e) -> dict:
    if "://" in e.path:  # a run on a tracking server: an absolute URI, not a file of the checkout
        phys: dict = {"artifactLocation": {"uri": quote(e.path, safe="/:")}}
    else:
        phys = {"artifactLocation": {"uri": _uri(e.path), "uriBaseId": "%SRCROOT%"}}
    if e.line and not e.cell:
        phys["region"] = {"startLine": int(e.line)}
    loc: dict = {"physicalLocation": phys}
    msg = e.detail or ""
    if e.cell:
        msg = f"cell {e.cell} line {e.line}" + (f": {msg}" if msg else "")
    if msg:
        loc["message"] = {"text": sarif_text(msg)}
    return loc


def render_sarif(result) -> str:
    from ..rules.registry import all_rules

    rules = all_rules()
    index = {r.id: i for i, r in enumerate(rules)}
    anchor = _anchor(result)
    results = []
    for f in result.findings:
        if f.status not in LEVEL:
            continue
        locs = [_location(e) for e in f.evidence if e.path and not e.path.startswith("(")]
        text = f"{f.title}: {f.message}"
        if not locs:
            locs = [
                {"physicalLocation": {"artifactLocation": {"uri": _uri(anchor), "uriBaseId": "%SRCROOT%"}}}
            ]
            if f.status != REVIEW:
                text += " (an absence: nothing was found in the repository)"
        if f.status == REVIEW:
            text += f" — Question: {f.question or 'the evidence does not decide this finding'}"
        res = {
            "ruleId": f.rule_id,
            "level": LEVEL[f.status],
            "message": {"text": sarif_text(text)},
            "locations": locs[:10],
            "partialFingerprints": {
                "experimentTracking/v1": f"{f.rule_id}:{locs[0]['physicalLocation']['artifactLocation']['uri']}"
            },
            "properties": {
                "status": f.status,
                "phase": f.phase,
                **({"question": sarif_text(f.question)} if f.question else {}),
            },
        }
        if f.rule_id in index:
            res["ruleIndex"] = index[f.rule_id]
        results.append(res)
    run = {
        "tool": {
            "driver": {
                "name": "experiment-tracking",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFO_URI,
                "rules": [_rule_descriptor(r) for r in rules],
            }
        },
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    sc = result.scorecard
    if sc is not None:
        run["properties"] = {
            "scorecard": sc.to_dict()["dimensions"],
            "total": sc.total,
            "weakest": sc.weakest.name,
        }
    doc = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(doc, indent=2, sort_keys=False) + "\n"
