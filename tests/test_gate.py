"""CI gate: --fail-under, --fail-on, --profile and [tool.experiment-tracking] (exit 1 = gate failed)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "rules"))
from repo_helpers import write_repo  # noqa: E402

from experiment_tracking.cli import main  # noqa: E402

BARE = {
    "README.md": "# x\n",
    "requirements.txt": "numpy\n",
    "train.py": "import numpy as np\n\ndef main():\n    model.fit(np.zeros(3))\n\nif __name__ == '__main__':\n    main()\n",
}


def _run(args, capsys):
    code = main(["audit", *args, "--format", "json", "-o", "-"])
    out = capsys.readouterr()
    return code, (json.loads(out.out) if out.out.strip() else None), out.err


def test_no_gate_exits_zero(tmp_path, capsys):
    write_repo(tmp_path, BARE)
    code, _, _ = _run([str(tmp_path)], capsys)
    assert code == 0


def test_fail_under_fails_and_passes(tmp_path, capsys):
    write_repo(tmp_path, BARE)
    code, doc, err = _run([str(tmp_path), "--fail-under", "25"], capsys)
    assert code == 1 and "below --fail-under 25" in err
    code, _, _ = _run([str(tmp_path), "--fail-under", str(doc["scorecard"]["total"])], capsys)
    assert code == 0


def test_fail_on(tmp_path, capsys):
    write_repo(tmp_path, BARE)
    code, _, err = _run([str(tmp_path), "--fail-on", "fail"], capsys)
    assert code == 1 and "FAIL" in err
    clean = write_repo(
        tmp_path / "clean",
        {
            "README.md": "# x\n",
            "pyproject.toml": '[tool.experiment-tracking]\ndisable = ["ET101", "ET120"]\n',
        },
    )
    code, doc, _ = _run([str(clean), "--fail-on", "fail"], capsys)
    assert code == 0, [(f["rule_id"], f["status"]) for f in doc["findings"] if f["status"] == "FAIL"]
    code, _, _ = _run([str(clean), "--fail-on", "warn"], capsys)
    assert code == 1


def test_project_config_sets_gate_disables_rules_and_profile(tmp_path, capsys):
    write_repo(
        tmp_path,
        {
            **BARE,
            "pyproject.toml": '[project]\nname = "x"\nversion = "1"\n\n[tool.experiment-tracking]\n'
            'disable = ["ET401", "no-experiment-tracker"]\nfail-under = 29\nprofile = "production"\n',
        },
    )
    code, doc, _ = _run([str(tmp_path)], capsys)
    assert code == 1
    ids = {f["rule_id"] for f in doc["findings"]}
    assert "ET401" not in ids and "ET101" not in ids
    assert doc["scorecard"]["profile"] == "production"
    # the command line overrides the file
    code, _, _ = _run([str(tmp_path), "--fail-under", "0"], capsys)
    assert code == 0


def test_profile_changes_priorities(tmp_path, capsys):
    write_repo(
        tmp_path,
        {
            **BARE,
            "m.py": "import joblib\n\ndef train():\n    joblib.dump(model, 'm.pkl')\n\nif __name__ == '__main__':\n    train()\n",
        },
    )
    _, research, _ = _run([str(tmp_path), "--profile", "research"], capsys)
    _, production, _ = _run([str(tmp_path), "--profile", "production"], capsys)
    row = lambda d: next(r for r in d["summary"] if r["area"] == "Model Registry")  # noqa: E731
    assert row(research)["status"] == "WARN" and row(research)["priority"] == "P3"
    assert row(production)["priority"] == "P2"


@pytest.mark.parametrize(
    "table,message",
    [
        ("fail_under = 3", "unknown key"),
        ('fail-under = "high"', "fail-under"),
        ('fail-on = "error"', "fail-on"),
        ('profile = "startup"', "profile"),
        ('disable = ["ET999"]', "unknown rule"),
    ],
)
def test_invalid_project_config_is_a_usage_error(tmp_path, capsys, table, message):
    write_repo(tmp_path, {**BARE, "pyproject.toml": f"[tool.experiment-tracking]\n{table}\n"})
    code = main(["audit", str(tmp_path), "--format", "json", "-o", "-"])
    err = capsys.readouterr().err
    assert code == 2 and message in err
