"""Saves, loads and files judged by what they hold and do, not by their names: a `.pt` file holds
whatever torch.save is given, loading named weights is a warm start, a few bytes are no split."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from experiment_tracking.rules.phase3_results import model_saves
from tests.rules.repo_helpers import write_repo

TRAIN = """
import argparse, os
import torch

p = argparse.ArgumentParser()
p.add_argument("--id", default="default")
args = p.parse_args()
results_dir = os.path.join("results", args.id)
os.makedirs(results_dir, exist_ok=True)
model = torch.nn.Linear(2, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
metrics = {"steps": [], "rewards": [], "best_avg_reward": -1e9}
for step in range(100):
    loss = model(torch.zeros(2)).sum()
    loss.backward()
    opt.step()
    metrics["steps"].append(step)
    metrics["rewards"].append(float(loss))
    torch.save(metrics, os.path.join(results_dir, "metrics.pth"))
torch.save(model.state_dict(), os.path.join(results_dir, "model.pth"))
"""

PREPARE = """
import sys
import torch

def get_mel(audio):
    return audio

def main(out_dir, files):
    for f in files:
        melspectrogram = get_mel(torch.load(f))
        torch.save(melspectrogram, out_dir + "/" + f + ".pt")
    train_set = [torch.zeros(3) for _ in files]
    torch.save(train_set, out_dir + "/train.pt")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
"""


def test_metrics_and_data_saved_as_pt_files_are_not_model_saves(tmp_path):
    write_repo(tmp_path, {"train.py": TRAIN, "prepare.py": PREPARE})
    result = run_audit(tmp_path)
    saved = {(m.path, c.line) for m, c in model_saves(result.ctx)}
    assert ("train.py", 19) in saved  # the state_dict
    assert ("train.py", 18) not in saved  # the metrics dict
    assert not any(path == "prepare.py" for path, _ in saved)  # a mel spectrogram, a dataset split
    rec = result.ctx.records
    assert any(p.evidence.line == 18 and p.evidence.path == "train.py" for p in rec.metrics)
    assert not any(p.evidence.path == "prepare.py" for p in (*rec.checkpoints, *rec.metrics))


def test_loading_weights_the_user_names_is_a_warm_start_not_a_resume(tmp_path):
    agent = """
import argparse, os
import torch

p = argparse.ArgumentParser()
p.add_argument("--model", type=str, help="Pretrained model (state dict)")
args = p.parse_args()
net = torch.nn.Linear(2, 2)
if args.model and os.path.isfile(args.model):
    net.load_state_dict(torch.load(args.model))
opt = torch.optim.Adam(net.parameters())
for step in range(100):
    loss = net(torch.zeros(2)).sum()
    loss.backward()
    opt.step()
torch.save(net.state_dict(), "model.pth")
"""
    write_repo(tmp_path, {"main.py": agent})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET511")
    assert f.status == "WARN"
    resumed = agent.replace("args.model and os.path.isfile(args.model)", "os.path.isfile('model.pth')")
    resumed = resumed.replace("torch.load(args.model)", "torch.load('model.pth')")
    write_repo(tmp_path, {"main.py": resumed})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET511")
    assert f.status == "PASS" and "interrupted run" in f.message


def test_a_file_of_a_few_bytes_named_like_a_split_is_no_split(tmp_path):
    ids = "".join(f"sample_{i:05d}.wav\n" for i in range(20))
    write_repo(tmp_path, {"train.py": TRAIN, "test.txt": "hello\n", "filelists/val_files.txt": ids})
    splits = {e.path for e in run_audit(tmp_path).ctx.taxonomy.split_files}
    assert splits == {"filelists/val_files.txt"}


def test_pydantic_models_only_a_web_service_imports_are_its_request_schemas(tmp_path):
    files = {
        "train.py": "import yaml\ncfg = yaml.safe_load(open('params.yaml'))\nfor epoch in range(3):\n    loss.backward()\n",
        "params.yaml": "lr: 0.1\n",
        "app/__init__.py": "",
        "app/schemas.py": "from pydantic import BaseModel\n\nclass CustomerData(BaseModel):\n    tenure: int\n",
        "app/main.py": "from fastapi import FastAPI\nfrom app.schemas import CustomerData\napp = FastAPI()\n",
    }
    write_repo(tmp_path, files)
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET202")
    assert f.status != "PASS" and not any(e.path == "app/schemas.py" for e in f.evidence)


def test_the_stages_of_a_dvc_lock_are_one_pipeline_state_not_runs(tmp_path):
    from experiment_tracking.report.markdown import experiments_cataloged

    stage = "    cmd: python {n}.py\n    deps:\n    - path: {n}.py\n      md5: 0123456789abcdef0123456789abcdef\n      size: 10\n"
    lock = "schema: '2.0'\nstages:\n" + "".join(
        f"  {n}:\n" + stage.format(n=n) for n in ("prep", "train", "evaluate")
    )
    dvc_yaml = "stages:\n" + "".join(
        f"  {n}:\n    cmd: python {n}.py\n    deps: [{n}.py]\n" for n in ("prep", "train", "evaluate")
    )
    files = {
        "train.py": TRAIN,
        "prep.py": "print(1)\n",
        "evaluate.py": "print(2)\n",
        "dvc.yaml": dvc_yaml,
        "dvc.lock": lock,
    }
    write_repo(tmp_path, files)
    text = experiments_cataloged(run_audit(tmp_path))
    assert text.startswith("1 DVC pipeline state(s) (3 stage record(s) in dvc.lock) across 1 store(s)"), text


def test_dvc_metrics_are_shared_only_through_git_or_a_remote(tmp_path):
    dvc_yaml = "stages:\n  train:\n    cmd: python train.py\n    deps: [train.py]\n    metrics:\n    - metrics.json{opt}\n"
    write_repo(
        tmp_path, {"train.py": TRAIN, "dvc.yaml": dvc_yaml.replace("{opt}", ""), ".dvc/config": "[core]\n"}
    )
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET601")
    assert f.status == "WARN" and any("local DVC cache" in e.detail for e in f.evidence)
    write_repo(tmp_path, {"dvc.yaml": dvc_yaml.replace("{opt}", ":\n        cache: false")})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET601")
    assert f.status == "PASS" and any("committed to git" in e.detail for e in f.evidence)


def test_a_split_without_shuffling_is_the_same_every_run(tmp_path):
    src = "from sklearn.model_selection import train_test_split\nSHUFFLE = False\n"
    src += "X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, shuffle=SHUFFLE)\nmodel.fit(X_tr, y_tr)\n"
    write_repo(tmp_path, {"train.py": src})
    tax = run_audit(tmp_path).ctx.taxonomy
    assert not tax.splits_unseeded and "shuffle=False" in tax.splits_seeded[0].detail


def test_assistant_settings_and_a_code_of_conduct_are_not_project_evidence(tmp_path):
    conduct = "# Code of Conduct\n\nWe respect the privacy of community members' personal information.\n"
    files = {
        "train.py": TRAIN,
        ".gemini/config.yaml": "model: gemini-pro\ntemperature: 0.2\n",
        "CODE_OF_CONDUCT.md": conduct,
    }
    write_repo(tmp_path, files)
    by = {f.rule_id: f for f in run_audit(tmp_path).findings}
    assert not any(e.path.startswith(".gemini/") for e in by["ET201"].evidence)
    assert "ET612" not in by or by["ET612"].status == "WARN"  # a code of conduct's "privacy" is no evidence


def test_an_ema_restore_resumes_nothing(tmp_path):
    src = "import torch\nfrom ema import ExponentialMovingAverage\nema = ExponentialMovingAverage(model.parameters(), 0.999)\n"
    src += "for step in range(10):\n    loss.backward()\n    ema.store(model.parameters())\n    ema.restore(model.parameters())\n"
    write_repo(tmp_path, {"train.py": src, "ema.py": "class ExponentialMovingAverage:\n    pass\n"})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET511")
    assert f.status == "WARN"
    write_repo(
        tmp_path, {"train.py": src.replace("ema.restore(model.parameters())", "ckpt_manager.restore(latest)")}
    )
    assert next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET511").status == "PASS"


def test_keeping_every_checkpoint_is_no_best_model_selection(tmp_path):
    cb = "checkpoint_every_n_steps:\n  _target_: lightning.pytorch.callbacks.ModelCheckpoint\n  save_top_k: -1\n"
    cb += "  every_n_train_steps: 500\n  dirpath: checkpoints\n"
    main = "import hydra\nimport lightning as L\n\n@hydra.main(config_path='configs', config_name='config')\n"
    main += "def main(cfg):\n    L.Trainer(callbacks=[hydra.utils.instantiate(c) for c in cfg.callbacks.values()]).fit(model)\n"
    write_repo(
        tmp_path,
        {
            "main.py": main,
            "configs/config.yaml": "defaults:\n  - callbacks: default\n",
            "configs/callbacks/default.yaml": cb,
        },
    )
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET310")
    # no validation step either: the question is whether there is a best to keep
    assert f.status == "REVIEW" and "no best-model selection" in f.message


def test_the_configuration_written_as_the_first_line_of_a_run_log_is_recorded(tmp_path):
    utils = """
import datetime, os
import lightgbm as lgb

def train_and_predict(train, config, output_root="./output/"):
    run_id = "run_lgb_" + datetime.datetime.now().strftime("%Y%m%d_%H%M%S")
    output_path = output_root + run_id + "/"
    os.mkdir(output_path)
    log = open(output_path + "train.log", "w")
    log.write(str(config) + "\\n")
    model = lgb.train(config["params"], lgb.Dataset(train))
    log.write(f"auc {model.best_score}\\n")
"""
    main = "from utils import *\nconfig = {'params': {'learning_rate': 0.03}, 'seed': 42}\ntrain_and_predict(df, config)\n"
    write_repo(tmp_path, {"utils.py": utils, "main_lgb.py": main})
    rec = run_audit(tmp_path).ctx.records
    assert any(p.role == "config" and p.evidence.path == "utils.py" for p in rec.config)


def test_a_dataset_statement_about_personally_identifying_information_documents_personal_data(tmp_path):
    readme = (
        "# dolly\n\n## Dataset\n\nTo our knowledge it does not contain obscenity, intellectual property or\n"
        "personally identifying information about non-public figures.\n"
    )
    write_repo(
        tmp_path, {"train.py": "import torch\nfor s in range(3):\n    loss.backward()\n", "README.md": readme}
    )
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET612")
    assert f.status == "PASS" and any(e.path == "README.md" and e.line == 6 for e in f.evidence)
