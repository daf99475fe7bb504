"""The project's stack is what its main training path runs: a JAX trainer beside a torch checkpoint
converter and a tokenizer from transformers speaks JAX; a here-document's lines run nothing."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = """
import jax
import numpy as np
import optax
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("gpt2")
rng = jax.random.PRNGKey(0)
np.random.seed(0)
opt = optax.adamw(1e-4)
for step in range(100):
    params, opt_state = train_step(params, opt_state)
    model.save(f"ckpt_{step}")
"""
CONVERT = """
import torch
import jax

def convert(path):
    torch.save(jax.device_get(load(path)), "model.pt")

if __name__ == "__main__":
    convert("ckpt")
"""
SETUP = "#!/bin/bash\ncat > $HOME/reqs.txt <<EndOfFile\njax\nfastapi\nuvicorn\nEndOfFile\npip install -r $HOME/reqs.txt\n"


def test_a_jax_trainer_is_judged_and_fixed_as_jax(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.py": TRAIN,
            "models/convert_to_torch.py": CONVERT,
            "scripts/setup.sh": SETUP,
            "requirements.txt": "jax==0.4.20\noptax\ntorch==2.3.0\ntransformers==4.40.0\n",
        },
    )
    result = run_audit(tmp_path)
    by = {f.rule_id: f for f in result.findings}
    assert "torch" not in by["ET401"].message  # the converter's torch draws nothing during training
    assert "pytorch/pytorch" not in (by["ET412"].recommendation or "")
    assert "TrainingArguments" not in (by["ET310"].recommendation or "")
    serving = by.get("ET522")
    assert serving is None or not any("uvicorn" in e.detail for e in serving.evidence)


def test_a_script_starting_one_training_process_per_gpu_is_the_launcher(tmp_path):
    train = "import torch\nimport torch.distributed as dist\ndist.init_process_group('nccl')\n"
    train += "for epoch in range(3):\n    loss.backward()\n"
    launcher = """
import subprocess, sys
import torch

def main():
    args_list = ['train.py', '--rank=0']
    workers = []
    for i in range(torch.cuda.device_count()):
        args_list[-1] = '--rank={}'.format(i)
        workers.append(subprocess.Popen([sys.executable] + args_list))
    for p in workers:
        p.wait()

if __name__ == '__main__':
    main()
"""
    write_repo(tmp_path, {"train.py": train, "distributed.py": launcher})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET510")
    assert f.status == "PASS" and any(e.path == "distributed.py" for e in f.evidence)


FABRIC = """
import time
import lightning as L
import torch

def main(out_dir: str = "out"):
    fabric = L.Fabric(accelerator="cuda", devices=4, strategy="fsdp")
    fabric.launch()
    for iter_num in range(100):
        t0 = time.time()
        loss = model(x).sum()
        fabric.backward(loss)
        dt = time.time() - t0
        fabric.print(f"iter {iter_num}: loss {loss.item():.4f}, time: {dt*1000:.2f}ms")

if __name__ == "__main__":
    from jsonargparse.cli import CLI
    CLI(main)
"""


def test_a_fabric_project_is_launched_by_fabric_and_its_printed_timings_are_measured_not_captured(tmp_path):
    write_repo(tmp_path, {"finetune.py": FABRIC})
    by = {f.rule_id: f for f in run_audit(tmp_path).findings}
    assert by["ET510"].status == "PASS" and "Fabric launches" in by["ET510"].evidence[0].detail
    assert by["ET303"].status == "WARN" and by["ET303"].message.startswith("Timings are measured")
    assert (
        "fabric.log_dict" in by["ET303"].recommendation
        and "DeviceStatsMonitor" not in by["ET303"].recommendation
    )


def test_an_evaluation_step_compiled_with_jit_is_the_projects_own_evaluation(tmp_path):
    train = (
        TRAIN
        + """
def eval_step(params, batch):
    loss, accuracy = loss_and_accuracy(params, batch)
    return dict(eval_loss=loss, eval_accuracy=accuracy)

sharded_eval_step = jax.jit(eval_step)
for batch in eval_batches:
    metrics = sharded_eval_step(params, batch)
"""
    )
    write_repo(tmp_path, {"train.py": train})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET302")
    assert f.status in ("PASS", "WARN") and "evaluation function eval_step()" in f.evidence[0].detail


def test_a_command_line_of_paths_beside_hyperparameter_constants_is_code_edits(tmp_path):
    src = FABRIC.replace(
        "import torch\n", "import torch\n\nlearning_rate = 9e-3\nmicro_batch_size = 4\nnum_epochs = 5\n"
    )
    src = src.replace(
        'def main(out_dir: str = "out"):', 'def main(data_dir: str = "data/alpaca", out_dir: str = "out"):'
    )
    write_repo(tmp_path, {"finetune.py": src})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET201")
    assert f.status == "WARN" and "sets only paths (data_dir, out_dir)" in f.message
    assert "learning_rate" in f.message and "learning_rate: float = 0.009" in f.recommendation


def test_scripts_without_a_main_guard_that_call_a_training_function_are_training_entry_points(tmp_path):
    utils = """
import os
import lightgbm as lgb

os.makedirs("./output", exist_ok=True)

def Write_log(path, text):
    open(path, "a").write(text + "\\n")

def Lgb_train_and_predict(train, test, config, run_id=None):
    model = lgb.train(config["params"], lgb.Dataset(train))
    Write_log(f"./output/{run_id}/train.log", str(config))
    return model.predict(test)
"""
    train = "import pandas as pd\nfrom utils import *\ntrain = pd.read_feather('train.feather')\n"
    train += "Lgb_train_and_predict(train, train, {'params': {}}, run_id='LGB')\n"
    features = "import pandas as pd\nfrom utils import *\ndf = pd.read_csv('raw.csv')\nWrite_log('log.txt', 'done')\n"
    write_repo(tmp_path, {"utils.py": utils, "S5_LGB_main.py": train, "S2_features.py": features})
    from experiment_tracking.audit import discover

    tax = discover(tmp_path)[0].taxonomy
    assert [e.path for e in tax.training_entry_points] == ["S5_LGB_main.py"]
    assert any(e.path == "utils.py" and e.detail == "library module others import" for e in tax.entry_points)
