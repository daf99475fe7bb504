"""A tracking server that misbehaves: each fault is a note, and the rest of the audit is complete."""

from __future__ import annotations

import base64
import json

import pytest

from experiment_tracking.cli import main
from tests.conftest import make_git_repo

from .conftest import TOKEN, free_port

TRAIN = "import mlflow\n\nwith mlflow.start_run():\n    mlflow.log_param('seed', 7)\n"


@pytest.fixture
def repo(tmp_path):
    return make_git_repo(tmp_path / "repo", {"train.py": TRAIN, "requirements.txt": "mlflow==3.1.0\n"})


def audit(capsys, repo, *extra) -> tuple[int, dict, str]:
    code = main(["audit", str(repo), "--format", "json", *extra])
    cap = capsys.readouterr()
    return code, json.loads(cap.out), cap.err


def server_notes(doc) -> list[str]:
    return [n["detail"] for n in doc["notes"] if n["kind"].startswith("server")]


def assert_complete(doc) -> None:
    """Everything but the server was audited: rules ran, the scorecard and summary exist."""
    assert doc["scorecard"]["total"] is not None
    assert len(doc["summary"]) == 8
    assert {f["rule_id"] for f in doc["findings"]} >= {"ET101", "ET120"}
    assert not [r for r in doc["catalog"]["runs"] if r["store"] == "mlflow_server"]


@pytest.mark.parametrize(
    "mode, expected",
    [
        ("401", "HTTP 401: authentication required"),
        ("403", "HTTP 403: permission denied"),
        ("404", "HTTP 404: no MLflow REST API at this address"),
        ("500", "HTTP 500: server error"),
        ("html", "answered with HTML, not JSON"),
        ("html-as-json", "answered with HTML, not JSON"),
        ("malformed", "malformed or truncated JSON"),
        ("truncated", "malformed or truncated JSON"),
        ("short-body", "truncated response: 17 of 5000 bytes"),
        ("redirect", "HTTP 302: redirected to login.example.invalid; not followed"),
    ],
)
def test_http_faults_become_a_note(capsys, repo, bad_server, mode, expected):
    bad_server.mode = mode
    code, doc, _ = audit(capsys, repo, "--tracking-uri", bad_server.url)
    assert code == 0
    assert_complete(doc)
    notes = server_notes(doc)
    assert any(expected in n for n in notes), notes
    assert bad_server.hits >= 1


def test_server_down(capsys, repo):
    code, doc, _ = audit(capsys, repo, "--tracking-uri", f"http://127.0.0.1:{free_port()}")
    assert code == 0
    assert_complete(doc)
    assert any("connection refused" in n for n in server_notes(doc))


def test_dns_failure(capsys, repo):
    code, doc, _ = audit(capsys, repo, "--tracking-uri", "http://mlflow.no-such-host.invalid:5000")
    assert code == 0
    assert_complete(doc)
    notes = server_notes(doc)
    assert any("does not resolve" in n or "connection failed" in n for n in notes), notes


def test_timeout_per_request(capsys, repo, bad_server):
    bad_server.mode = "slow"
    code, doc, _ = audit(capsys, repo, "--tracking-uri", bad_server.url, "--request-timeout", "0.5")
    assert code == 0
    assert_complete(doc)
    assert any("no answer within 0.5s" in n for n in server_notes(doc))


def test_overall_deadline_clips_the_request_timeout(capsys, repo, bad_server):
    bad_server.mode = "slow"
    code, doc, _ = audit(
        capsys, repo, "--tracking-uri", bad_server.url, "--request-timeout", "30", "--server-deadline", "1"
    )
    assert code == 0
    assert_complete(doc)
    assert any("no answer within 1s" in n for n in server_notes(doc)), server_notes(doc)


def test_a_server_that_repeats_its_page_token(capsys, repo, bad_server):
    bad_server.mode = "same-token"
    code, doc, _ = audit(capsys, repo, "--tracking-uri", bad_server.url)
    assert code == 0
    assert any("paging stopped" in n for n in server_notes(doc))
    assert bad_server.hits < 50


def test_a_server_that_pages_forever_with_empty_pages(capsys, repo, bad_server):
    bad_server.mode = "endless-empty"
    code, doc, _ = audit(capsys, repo, "--tracking-uri", bad_server.url)
    assert code == 0
    notes = server_notes(doc)
    assert any("runs/search: paging stopped" in n for n in notes), notes
    assert bad_server.hits < 50


def test_a_healthy_fake_server_is_read(capsys, repo, bad_server):
    """The control case for the faults above: the same server answering properly gives a run."""
    code, doc, _ = audit(capsys, repo, "--tracking-uri", bad_server.url)
    assert code == 0
    runs = [r for r in doc["catalog"]["runs"] if r["store"] == "mlflow_server"]
    assert [r["run_id"] for r in runs] == ["r1"] and runs[0]["seed"] == "1"
    assert not [n for n in server_notes(doc) if "error" in n]


def test_non_http_uri_is_not_contacted(capsys, repo):
    code, doc, _ = audit(capsys, repo, "--tracking-uri", "sqlite:///mlflow.db")
    assert code == 0
    assert any("not an http(s) tracking server" in n for n in server_notes(doc))


# ------------------------------------------------------------------------------------------
# Credentials: used, never shown
# ------------------------------------------------------------------------------------------


def _everything(capsys, repo, tmp_path, *extra) -> tuple[int, str]:
    """Every output of one audit (stdout, stderr, Markdown, JSON, SARIF, job summary) as one text."""
    summary = tmp_path / "summary.md"
    code = main(
        [
            "audit", str(repo), *extra, "-o", str(tmp_path / "r.md"), "--json-file", str(tmp_path / "a.json"),
            "--sarif-file", str(tmp_path / "a.sarif"), "--summary-file", str(summary),
        ]
    )  # fmt: skip
    cap = capsys.readouterr()
    texts = [cap.out, cap.err] + [
        (tmp_path / n).read_text() for n in ("r.md", "a.json", "a.sarif", "summary.md")
    ]
    return code, "\n".join(texts)


def test_token_is_sent_and_never_shown(capsys, repo, bad_server, monkeypatch, tmp_path):
    bad_server.mode = "token"
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", TOKEN)
    code, text = _everything(capsys, repo, tmp_path, "--tracking-uri", bad_server.url)
    assert code == 0
    assert f"Bearer {TOKEN}" in bad_server.auth_seen
    assert "1 run on the server: 0% record a commit of this repository" in text  # it was read
    assert TOKEN not in text


def test_wrong_token_is_refused_and_not_echoed(capsys, repo, bad_server, monkeypatch, tmp_path):
    bad_server.mode = "token"
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", "wrong-" + TOKEN[::-1])
    code, text = _everything(capsys, repo, tmp_path, "--tracking-uri", bad_server.url)
    assert code == 0
    assert "HTTP 401" in text
    assert TOKEN[::-1] not in text


def test_basic_auth_from_env_and_from_the_uri(capsys, repo, bad_server, monkeypatch, tmp_path):
    monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", "alice")
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", "pa55-w0rd-env")
    code, text = _everything(capsys, repo, tmp_path, "--tracking-uri", bad_server.url)
    assert code == 0
    assert "Basic " + base64.b64encode(b"alice:pa55-w0rd-env").decode() in bad_server.auth_seen
    assert "pa55-w0rd-env" not in text
    monkeypatch.delenv("MLFLOW_TRACKING_USERNAME")
    monkeypatch.delenv("MLFLOW_TRACKING_PASSWORD")
    uri = bad_server.url.replace("http://", "http://bob:uri-s3cret@")
    code, text = _everything(capsys, repo, tmp_path, "--tracking-uri", uri)
    assert "Basic " + base64.b64encode(b"bob:uri-s3cret").decode() in bad_server.auth_seen
    assert "uri-s3cret" not in text and "bob:" not in text


# ------------------------------------------------------------------------------------------
# --online: the URI the repository configures; no flag, no connection
# ------------------------------------------------------------------------------------------


def test_online_reads_the_uri_set_in_code_and_nothing_without_it(capsys, tmp_path, bad_server, monkeypatch):
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    repo = make_git_repo(
        tmp_path / "r",
        {"train.py": f"import mlflow\n\nmlflow.set_tracking_uri({bad_server.url!r})\n" + TRAIN},
    )
    code, doc, _ = audit(capsys, repo)
    assert code == 0 and bad_server.hits == 0
    code, doc, _ = audit(capsys, repo, "--online")
    assert code == 0 and bad_server.hits > 0
    store = [s for s in doc["catalog"]["stores"] if s["family"] == "mlflow_server"][0]
    assert store["origin"] == "train.py:3"


def test_online_reads_a_lightning_logger_config(capsys, tmp_path, bad_server, monkeypatch):
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    cfg = f"_target_: lightning.pytorch.loggers.MLFlowLogger\nexperiment_name: churn\ntracking_uri: {bad_server.url}\n"
    repo = make_git_repo(tmp_path / "r", {"train.py": TRAIN, "configs/logger/mlflow.yaml": cfg})
    code, doc, _ = audit(capsys, repo, "--online")
    assert code == 0 and bad_server.hits > 0
    store = [s for s in doc["catalog"]["stores"] if s["family"] == "mlflow_server"][0]
    assert store["origin"] == "configs/logger/mlflow.yaml:3"


def test_online_without_a_configured_server_says_so(capsys, repo, monkeypatch):
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    code, doc, _ = audit(capsys, repo, "--online")
    assert code == 0
    assert any("no tracking URI found" in n for n in server_notes(doc))


def test_server_flags_need_a_server(capsys, repo):
    assert main(["audit", str(repo), "--max-runs", "5"]) == 2
    assert "needs --tracking-uri" in capsys.readouterr().err


def test_online_reads_a_script_and_not_the_readme(capsys, tmp_path, bad_server, monkeypatch):
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    files = {
        "README.md": "# Demo\n\nexport MLFLOW_TRACKING_URI=http://localhost:5000\n",
        "train.py": TRAIN,
        "scripts/train.sh": f"#!/bin/sh\nexport MLFLOW_TRACKING_URI={bad_server.url}\npython train.py\n",
    }
    repo = make_git_repo(tmp_path / "r", files)
    code, doc, _ = audit(capsys, repo, "--online")
    assert code == 0 and bad_server.hits > 0
    store = [s for s in doc["catalog"]["stores"] if s["family"] == "mlflow_server"][0]
    # README.md sorts first and names another server: prose configures nothing
    assert store["origin"] == "scripts/train.sh:2" and store["path"] == bad_server.url


def test_sarif_places_server_runs_at_the_server_not_in_the_checkout(capsys, repo, bad_server):
    assert main(["audit", str(repo), "--tracking-uri", bad_server.url, "--format", "sarif"]) == 0
    sarif = json.loads(capsys.readouterr().out)
    locs = [
        loc["physicalLocation"]["artifactLocation"]
        for r in sarif["runs"][0]["results"]
        for loc in r.get("locations", [])
    ]
    server = [a for a in locs if a["uri"] == bad_server.url]
    assert server and all("uriBaseId" not in a for a in server)
    assert all(a.get("uriBaseId") == "%SRCROOT%" for a in locs if "://" not in a["uri"])
