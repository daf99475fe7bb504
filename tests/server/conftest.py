"""A real `mlflow server` (SQLite backend, free port) for the session, filled with the MLflow
client, and a small local HTTP server that misbehaves on purpose for the fault cases."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import git, make_git_repo

TOKEN = "tok-5ecret-b3arer-value"  # must never appear in any output
FOREIGN_COMMIT = "0123456789abcdef0123456789abcdef01234567"
READY_TIMEOUT = 180  # seconds; two shared cores can make the first start slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            pytest.skip(f"mlflow server exited with {proc.returncode} before it was ready:\n{tail}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    _stop(proc)
    pytest.fail(f"mlflow server did not answer /health within {READY_TIMEOUT}s: {log.read_text()[-2000:]}")


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server's own process group (it was started in a new session)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def start_mlflow_server(workdir: Path) -> tuple[str, subprocess.Popen]:
    try:
        import mlflow.server  # noqa: F401 - the full package (mlflow, not mlflow-skinny) serves
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"mlflow server cannot start here: {type(exc).__name__}: {exc}")
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = workdir / "server.log"
    env = {**os.environ, "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false"}
    cmd = [
        sys.executable, "-m", "mlflow", "server",
        "--backend-store-uri", f"sqlite:///{workdir / 'mlflow.db'}",
        "--default-artifact-root", str(workdir / "artifacts"),
        "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
    ]  # fmt: skip
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            cmd, cwd=workdir, stdout=fh, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    _wait_ready(url, proc, log)
    return url, proc


def fill(url: str, repo_commit: str) -> dict:
    """Runs of every kind, logged with the MLflow client; returns what the tests check against."""
    from mlflow import MlflowClient
    from mlflow.entities import Dataset, DatasetInput, InputTag, Metric, Param, RunTag

    c = MlflowClient(url)
    exp = c.create_experiment("churn-train")
    old = c.create_experiment("abandoned")
    ids: dict[str, str] = {}
    t0 = int(time.time() * 1000) - 100_000

    def run(name, when, commit=None, status="FINISHED", seed="7", digest=None, experiment=exp):
        tags = {"mlflow.source.git.commit": commit} if commit else {}
        r = c.create_run(experiment, start_time=t0 + when, tags=tags, run_name=name)
        rid = r.info.run_id
        c.log_batch(
            rid,
            metrics=[Metric("loss", 0.9, t0 + when, 0), Metric("loss", 0.3, t0 + when + 5, 1)],
            params=[Param("seed", seed), Param("lr", "0.01")],
            tags=[RunTag("team", "churn")],
        )
        if digest:
            ds = Dataset(name="customers", digest=digest, source_type="local", source="data/customers.csv")
            c.log_inputs(rid, [DatasetInput(ds, tags=[InputTag("mlflow.data.context", "train")])])
        c.set_terminated(rid, status, end_time=t0 + when + 1000)
        ids[name] = rid
        return rid

    run("ours-1", 1_000, commit=repo_commit, digest="d1g35t01")
    run("ours-2", 2_000, commit=repo_commit[:12], digest="d1g35t02")
    run("foreign", 3_000, commit=FOREIGN_COMMIT)
    run("no-commit", 4_000)
    run("failed", 5_000, commit=repo_commit, status="FAILED")
    deleted = run("deleted", 6_000, commit=repo_commit)
    c.delete_run(deleted)
    run("in-deleted-experiment", 7_000, commit=repo_commit, experiment=old)
    c.delete_experiment(old)
    newest = run("newest", 8_000, commit=repo_commit, digest="d1g35t03")

    model = c.create_logged_model(exp, name="churn-model", source_run_id=newest)
    c.finalize_logged_model(model.model_id, "READY")
    c.create_registered_model("churn")
    ours = c.get_run(ids["ours-1"]).info.artifact_uri
    v1 = c.create_model_version("churn", f"{ours}/model", run_id=ids["ours-1"])
    v2 = c.create_model_version("churn", f"models:/{model.model_id}", run_id=newest, model_id=model.model_id)
    c.set_registered_model_alias("churn", "champion", v2.version)
    c.transition_model_version_stage("churn", v1.version, "Staging")
    return {"url": url, "ids": ids, "experiment": exp, "model_id": model.model_id}


@pytest.fixture(scope="session")
def mlflow_world(tmp_path_factory):
    """(server data, the audited repository): a git repository whose HEAD some runs record."""
    base = tmp_path_factory.mktemp("mlflow-server")
    repo = make_git_repo(
        base / "repo",
        {
            "train.py": "import mlflow\n\nmlflow.autolog()\nwith mlflow.start_run():\n    mlflow.log_param('seed', 7)\n",
            "requirements.txt": "mlflow==3.1.0\n",
        },
    )
    commit = git(repo, "rev-parse", "HEAD").strip()
    url, proc = start_mlflow_server(base / "server")
    try:
        data = fill(url, commit)
        data.update(repo=repo, commit=commit)
        yield data
    finally:
        _stop(proc)


# ------------------------------------------------------------------------------------------
# A server that misbehaves on purpose
# ------------------------------------------------------------------------------------------

EMPTY = {
    "experiments/search": {"experiments": [{"experiment_id": "1", "name": "e", "lifecycle_stage": "active"}]},
    "runs/search": {
        "runs": [
            {
                "info": {
                    "run_id": "r1",
                    "experiment_id": "1",
                    "status": "FINISHED",
                    "start_time": 1700000000000,
                },
                "data": {"params": [{"key": "seed", "value": "1"}], "tags": []},
            }
        ]
    },
    "logged-models/search": {"models": []},
    "registered-models/search": {"registered_models": []},
    "model-versions/search": {"model_versions": []},
}


class Misbehaving:
    """``mode`` decides how every request is answered; ``hits`` counts requests."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.hits = 0
        self.auth_seen: list[str] = []
        self.token_counter = 0
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                owner.answer(self)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                owner.answer(self)

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # the client gave up on a slow answer (BrokenPipe): expected here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, h) -> None:
        self.hits += 1
        self.auth_seen.append(h.headers.get("Authorization") or "")
        endpoint = h.path.split("/api/2.0/mlflow/", 1)[-1].split("?", 1)[0]
        mode = self.mode
        if mode == "token" and h.headers.get("Authorization") != f"Bearer {TOKEN}":
            # echo the credentials back, as a careless proxy might: they must still not be shown
            return self.send(
                h,
                401,
                json.dumps({"error_code": "UNAUTHENTICATED", "message": h.headers.get("Authorization")}),
            )
        if mode in ("401", "403", "404", "500"):
            return self.send(h, int(mode), json.dumps({"error_code": "ERR", "message": "no"}))
        if mode == "html":
            return self.send(h, 200, "<!DOCTYPE html><html><body>Sign in</body></html>", "text/html")
        if mode == "html-as-json":
            return self.send(h, 200, "<html><body>proxy error</body></html>", "application/json")
        if mode == "malformed":
            return self.send(h, 200, "{'experiments': [}")
        if mode == "truncated":
            body = json.dumps(EMPTY.get(endpoint, {}))
            return self.send(h, 200, body[: len(body) // 2])
        if mode == "short-body":  # Content-Length promises more than is sent, then the connection closes
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", "5000")
            h.end_headers()
            h.wfile.write(b'{"experiments": [')
            h.wfile.flush()
            h.close_connection = True
            return None
        if mode == "slow":
            time.sleep(3)
            return self.send(h, 200, json.dumps(EMPTY.get(endpoint, {})))
        if mode == "redirect":
            h.send_response(302)
            h.send_header("Location", "http://login.example.invalid/sso")
            h.end_headers()
            return None
        doc = dict(EMPTY.get(endpoint, {}))
        if mode == "same-token":
            doc["next_page_token"] = "again"
        elif mode == "endless-empty" and endpoint == "runs/search":
            self.token_counter += 1
            doc = {"runs": [], "next_page_token": f"t{self.token_counter}"}
        return self.send(h, 200, json.dumps(doc))

    @staticmethod
    def send(h, code: int, body: str, ctype: str = "application/json") -> None:
        data = body.encode()
        h.send_response(code)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)


@pytest.fixture
def bad_server():
    srv = Misbehaving()
    try:
        yield srv
    finally:
        srv.close()
