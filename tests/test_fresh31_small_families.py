"""Small claim families found in the fresh31 review, one regression case each."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo


def _find(result, rid):
    return next((f for f in result.findings if f.rule_id == rid), None)


GPU_TRAIN = """import os
import torch

os.environ["PYTHONHASHSEED"] = str(0)
torch.manual_seed(0)
device = torch.device("cuda")
model = torch.nn.Linear(4, 2).to(device)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(3):
    loss = model(torch.randn(8, 4, device=device)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
"""


def test_pythonhashseed_is_no_gpu_determinism_request(tmp_path):
    # PYTHONHASHSEED fixes the order of sets and dicts of str keys; which cuDNN kernels run is untouched
    write_repo(tmp_path, {"train.py": GPU_TRAIN})
    assert _find(run_audit(tmp_path), "ET403").status == "WARN"


def _notebook(*cells: str) -> str:
    import json

    return json.dumps(
        {
            "cells": [
                {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": c}
                for c in cells
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def test_exercise_placeholders_leave_the_rest_of_a_cell_readable(tmp_path):
    # a course notebook: the student fills `<YOUR CODE>` and `x = # your code here`
    cell = (
        "import torch\ntorch.manual_seed(0)\nmodel = torch.nn.Linear(4, 2)\nopt = <YOUR CODE>\n"
        "scores = # your code here\nfor epoch in range(3):\n    loss = model(torch.randn(2, 4)).sum()\n"
        "    loss.backward()\n    opt.step()\n"
    )
    write_repo(tmp_path, {"homework.ipynb": _notebook(cell)})
    result = run_audit(tmp_path)
    assert "homework.ipynb" in result.ctx.index.modules
    assert not result.ctx.index.modules["homework.ipynb"].error
    assert any(c.name == "torch.manual_seed" for c in result.ctx.index.modules["homework.ipynb"].calls)


TRAIN_CELL = (
    "import torch\nimport matplotlib.pyplot as plt\nmodel = torch.nn.Linear(4, 2)\n"
    "opt = torch.optim.Adam(model.parameters())\nlosses = []\nfor epoch in range(50):\n"
    "    loss = model(torch.randn(8, 4)).pow(2).mean()\n    opt.zero_grad()\n    loss.backward()\n"
    "    opt.step()\n    losses.append(loss.item())\nplt.plot(losses)\n"
)


def test_a_course_whose_typical_notebook_keeps_nothing_scores_its_typical_run(tmp_path):
    tb = TRAIN_CELL.replace(
        "losses = []\n",
        "from torch.utils.tensorboard import SummaryWriter\nwriter = SummaryWriter()\nlosses = []\n",
    ).replace("    losses.append(loss.item())\n", "    writer.add_scalar('loss', loss.item(), epoch)\n")
    files = {f"week0{i}/seminar.ipynb": _notebook(TRAIN_CELL) for i in range(1, 6)}
    files["week06/homework.ipynb"] = _notebook(tb)
    write_repo(tmp_path, files)
    results = next(d for d in run_audit(tmp_path).scorecard.dimensions if d.name == "result_persistence")
    assert results.score <= 2 and "only 1 of 6" in " ".join(results.reasons)


def test_a_readme_saying_which_python_it_uses_states_the_version(tmp_path):
    readme = "# Captioning\n\nI'm using `PyTorch 0.4` in `Python 3.6`.\n\n## Training\n\n`python train.py`\n"
    write_repo(tmp_path, {"README.md": readme, "train.py": TRAIN_CELL})
    et411 = _find(run_audit(tmp_path), "ET411")
    assert et411.status == "PASS" and any(e.path == "README.md" and e.line == 3 for e in et411.evidence)


def test_pre_commit_without_tests_asks_for_tests_not_pre_commit(tmp_path):
    from tests.conftest import git, make_git_repo

    hooks = "repos:\n  - repo: https://github.com/psf/black\n    rev: 23.1.0\n    hooks:\n      - id: black\n"
    root = make_git_repo(tmp_path / "repo", {".pre-commit-config.yaml": hooks, "train.py": TRAIN_CELL})
    git(root, "tag", "v1.0")
    code = next(d for d in run_audit(root).scorecard.dimensions if d.name == "code_versioning")
    assert code.score == 3
    nxt = " ".join(code.reasons)
    assert "tests" in nxt and ".pre-commit-config.yaml" in nxt


def test_a_key_given_as_an_options_default_is_a_credential(tmp_path):
    from experiment_tracking.index.secrets import scan_secrets

    flow = (
        "from metaflow import FlowSpec, Parameter, step\n\n\nclass ForecastFlow(FlowSpec):\n"
        "    appid = Parameter('appid', default='6e5db45abe65e3110be635d22b3ea9c9')\n"
        "    location = Parameter('location', default='36.1699,115.1398')\n"
    )
    assert [(h.line, h.kind) for h in scan_secrets("flow.py", flow)] == [(5, "option_secret")]
    # a placeholder, a None default and a length option are no credentials
    cli = (
        "parser.add_argument('--api_key', default='your_api_key_here')\n"
        "parser.add_argument('--hf-token', type=str, default=None)\n"
        "parser.add_argument('--max_tokens', default='12345678')\n"
    )
    assert scan_secrets("cli.py", cli) == []
    write_repo(tmp_path, {"flow.py": flow})
    et204 = _find(run_audit(tmp_path), "ET204")
    assert et204.status == "FAIL" and any(e.path == "flow.py" and e.line == 5 for e in et204.evidence)


def test_a_web_server_loading_the_model_is_no_training_entry_point(tmp_path):
    model = (
        "import torch\n\n\ndef build():\n    return torch.nn.Linear(4, 2)\n\n\n"
        "def train_step(model, opt, x):\n    loss = model(x).sum()\n    opt.zero_grad()\n    loss.backward()\n"
        "    opt.step()\n"
    )
    train = (
        "import torch\nfrom model import build, train_step\n\nif __name__ == '__main__':\n    m = build()\n"
        "    opt = torch.optim.SGD(m.parameters(), lr=0.1)\n    for epoch in range(3):\n"
        "        train_step(m, opt, torch.randn(2, 4))\n"
    )
    server = (
        "import uvicorn\nfrom fastapi import FastAPI\nfrom model import build, train_step\n\napp = FastAPI()\n"
        "m = build()\n\n\n@app.post('/predict')\ndef predict(x: list):\n    return m(x).tolist()\n\n\n"
        "if __name__ == '__main__':\n    uvicorn.run(app, host='0.0.0.0', port=8000)\n"
    )
    write_repo(tmp_path, {"model.py": model, "train.py": train, "serve/main.py": server})
    tax = run_audit(tmp_path).ctx.taxonomy
    assert [e.path for e in tax.training_entry_points] == ["train.py"]
    assert any(e.path == "serve/main.py" and "web server" in e.detail for e in tax.entry_points)


def test_three_pinned_extras_do_not_pin_what_the_code_imports(tmp_path):
    dockerfile = (
        "FROM pytorch/pytorch:1.8.0-cuda11.1-cudnn8-devel\n"
        "RUN pip install mmcv-full==1.3.0 timm==0.4.12 yapf==0.31.0\n"
    )
    code = (
        "import cv2\nimport numpy as np\nimport pandas as pd\nimport scipy\nimport timm\nimport torch\n"
        "model = timm.create_model('resnet18')\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "for epoch in range(3):\n    loss = model(torch.randn(2, 3, 224, 224)).sum()\n    opt.zero_grad()\n"
        "    loss.backward()\n    opt.step()\n"
    )
    write_repo(tmp_path, {"Dockerfile": dockerfile, "train.py": code})
    et410 = _find(run_audit(tmp_path), "ET410")
    assert et410.status == "WARN" and "other packages" in et410.message and "pandas" in et410.message
    assert "torch" not in et410.message.split("other packages", 1)[1]  # the image pins torch


def test_results_reported_as_a_median_over_seeds_are_compared_across_seeds(tmp_path):
    readme = (
        "# Model\n\n## Expected results\n\nThe scores below show median performance over a large number of "
        "random seeds.\n\n| task | acc |\n|---|---|\n| CoLA | 54.6 |\n"
    )
    write_repo(tmp_path, {"README.md": readme, "train.py": TRAIN_CELL})
    et321 = _find(run_audit(tmp_path), "ET321")
    assert et321.status == "PASS" and any(e.path == "README.md" for e in et321.evidence)


def test_a_container_fix_uses_the_framework_version_the_readme_links(tmp_path):
    readme = (
        "# ELECTRA\n\n## Requirements\n\n* Python 3\n* [TensorFlow](https://www.tensorflow.org/) 1.15 "
        "(although we hope to support TensorFlow 2.0 at a future date)\n"
    )
    code = (
        "import tensorflow as tf\n\n\ndef main():\n    x = tf.placeholder(tf.float32)\n"
        "    loss = tf.reduce_sum(tf.Variable(1.0) * x)\n    train_op = tf.train.AdamOptimizer(0.1).minimize(loss)\n"
        "    with tf.Session() as sess:\n        for step in range(100):\n"
        "            sess.run(train_op, feed_dict={x: 1.0})\n\n\nif __name__ == '__main__':\n    main()\n"
    )
    write_repo(tmp_path, {"README.md": readme, "run_pretraining.py": code, "requirements.txt": "numpy\n"})
    et412 = _find(run_audit(tmp_path), "ET412")
    assert "tensorflow/tensorflow:1.15" in (et412.recommendation or "")


def test_openmmlab_environment_info_in_the_run_log_is_environment_metadata(tmp_path):
    train = (
        "import time\nimport os.path as osp\nfrom mmcv import Config\nfrom mmdet.apis import train_detector\n"
        "from mmdet.models import build_detector\nfrom mmdet.utils import collect_env, get_root_logger\n\n\n"
        "def main():\n    cfg = Config.fromfile('configs/retinanet.py')\n"
        "    timestamp = time.strftime('%Y%m%d_%H%M%S', time.localtime())\n"
        "    logger = get_root_logger(log_file=osp.join(cfg.work_dir, f'{timestamp}.log'))\n"
        "    env_info_dict = collect_env()\n"
        "    env_info = '\\n'.join([f'{k}: {v}' for k, v in env_info_dict.items()])\n"
        "    logger.info('Environment info:\\n' + env_info)\n"
        "    model = build_detector(cfg.model)\n    train_detector(model, [], cfg, timestamp=timestamp)\n\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    write_repo(tmp_path, {"tools/train.py": train})
    et213 = _find(run_audit(tmp_path), "ET213")
    assert et213 is not None and et213.status == "PASS"
    assert any("collect_env" in e.detail for e in et213.evidence)


def test_an_inference_demos_pinned_environment_is_not_the_training_environment(tmp_path):
    conda = "name: chat\ndependencies:\n" + "".join(f"  - pkg{i}=1.{i}.0\n" for i in range(40))
    demo = "import torch\nmodel = torch.load('adapter.pth')\nprint(model(torch.zeros(1, 4)))\n"
    write_repo(
        tmp_path,
        {
            "requirements.txt": "torch\nnumpy\nsentencepiece\nfire\n",
            "finetune/finetuning.py": TRAIN_CELL,
            "chat_demo/chat.py": demo,
            "chat_demo/environment.yml": conda,
        },
    )
    result = run_audit(tmp_path)
    et410 = _find(result, "ET410")
    assert et410.status == "FAIL" and "chat_demo/environment.yml" not in et410.message
    env = next(d for d in result.scorecard.dimensions if d.name == "environment_capture")
    assert env.score <= 2
