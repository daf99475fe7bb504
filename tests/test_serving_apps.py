"""A web app serves a model only when it loads or calls one: a FastAPI queue dashboard, a Flask
annotation app or a code-execution sandbox started with uvicorn is not a serving path (ET522), and a
shell function named start_uvicorn_servers is not a uvicorn command."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = (
    "import torch\nfor epoch in range(3):\n    loss.backward()\ntorch.save(model.state_dict(), 'model.pt')\n"
)
DASHBOARD = "from fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/queues')\ndef queues():\n    return {'size': 3}\n"
SERVER = (
    "import torch\nfrom fastapi import FastAPI\napp = FastAPI()\nmodel = torch.load('model.pt')\n\n"
    "@app.post('/predict')\ndef predict(x):\n    return model(x)\n"
)
SETUP = "start_uvicorn_servers() {\n  cd sandbox\n}\nstart_uvicorn_servers\n"
DOCKER = 'FROM python:3.11-slim\nCOPY . .\nCMD ["uvicorn", "dashboard:app", "--port", "1234"]\n'


def _et522(tmp_path, files):
    write_repo(tmp_path, {"train.py": TRAIN, **files})
    return next((f for f in run_audit(tmp_path).findings if f.rule_id == "ET522"), None)


def test_apps_that_serve_no_model_are_not_a_serving_path(tmp_path):
    f = _et522(tmp_path, {"dashboard.py": DASHBOARD, "setup.sh": SETUP, "Dockerfile": DOCKER})
    assert f is None


def test_an_app_that_loads_the_model_is(tmp_path):
    f = _et522(tmp_path, {"server.py": SERVER})
    assert f is not None and f.status == "PASS" and f.evidence[0].where() == "server.py:3"
