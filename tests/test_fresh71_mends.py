"""Defects an independent reviewer found in the fresh71 changes, each shown on a scratch repository;
every test here failed before its mend."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, detections_by_tool, dimension, finding
from tests.test_fresh71_families import TRAIN


def test_curriculum_learning_is_no_course(tmp_path):
    from experiment_tracking.rules.facts import teaching_material

    readme = (
        "# CurriculumNet\n\nAutomated curriculum learning for image classification, over the course of "
        "training.\n\n## Training\n\n```\npython train.py --lr 0.1\n```\n"
    )
    demo = "import wandb\nwandb.init(project='demo')\n" + TRAIN.replace(
        "opt.step()", "opt.step()\n    wandb.log({'l': 1})"
    )
    result = audit_committed(
        tmp_path, {"README.md": readme, "train.py": TRAIN, "examples/wandb_demo.py": demo}
    )
    assert teaching_material(result.ctx) is None
    assert "examples/wandb_demo.py" not in {e.path for e in result.ctx.taxonomy.training_entry_points}


GRAPH = """
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 4])
w = tf.Variable(tf.zeros([4, 2]))
loss = tf.reduce_mean(tf.matmul(x, w))
train_op = tf.train.AdamOptimizer(0.01).minimize(loss)
tf.summary.scalar("loss", loss)
merged = tf.summary.merge_all()
writer = tf.summary.FileWriter("./logs/train", tf.get_default_graph())
"""

GRAPH_TRAIN = """
import tensorflow as tf
import graph as g

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(100):
        _, s = sess.run([g.train_op, g.merged], feed_dict={g.x: [[1, 2, 3, 4]]})
        g.writer.add_summary(s, step)
"""


def test_a_file_writer_another_module_adds_summaries_to_records_metrics(tmp_path):
    result = audit_committed(tmp_path, {"graph.py": GRAPH, "train.py": GRAPH_TRAIN})
    assert [p for p in result.ctx.records.metrics if p.evidence.path == "graph.py"]


def test_results_holding_predictions_beside_the_accuracy_are_metrics(tmp_path):
    script = """
import json
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score

train = pd.read_csv("train.csv")
test = pd.read_csv("test.csv")
clf = RandomForestClassifier(n_estimators=100)
clf.fit(train.drop(columns="y"), train["y"])
preds = clf.predict(test.drop(columns="y"))
acc = accuracy_score(test["y"], preds)
with open("results.json", "w") as f:
    json.dump({"accuracy": acc, "predictions": preds.tolist()}, f)
"""
    result = audit_committed(tmp_path, {"train.py": script})
    assert [p for p in result.ctx.records.metrics if p.target == "results.json"]


def test_an_optuna_integration_that_runs_its_own_search_is_a_search(tmp_path):
    script = """
import optuna
from sklearn.datasets import load_iris
from sklearn.svm import SVC

X, y = load_iris(return_X_y=True)
dist = {"C": optuna.distributions.FloatDistribution(1e-3, 1e3, log=True)}
search = optuna.integration.OptunaSearchCV(SVC(), dist, n_trials=50)
search.fit(X, y)
print(search.best_params_)
"""
    result = audit_committed(tmp_path, {"tune.py": script})
    assert detections_by_tool(result)["optuna"].present


def test_lfs_images_of_a_dataset_split_are_data(tmp_path):
    from tests.test_fresh71_families import LFS_POINTER

    files = {".gitattributes": "*.png filter=lfs diff=lfs merge=lfs -text\n", "train.py": TRAIN}
    for i in range(3):
        files[f"images/train/img_{i}.png"] = LFS_POINTER
    result = audit_committed(tmp_path, files)
    assert detections_by_tool(result)["git_lfs"].present


def test_a_fixed_folder_passed_by_position_to_another_class_is_not_the_per_run_one(tmp_path):
    trainer = """
import os

import torch


class Trainer:
    def __init__(self, model, log_dir):
        self.model = model
        self.opt = torch.optim.Adam(model.parameters())
        self.ckpt_dir = os.path.join(log_dir, "checkpoints")

    def fit(self, steps):
        for step in range(steps):
            loss = self.model(torch.randn(8, 4)).sum()
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()
        torch.save(self.model.state_dict(), os.path.join(self.ckpt_dir, "model.pt"))


class Logger:
    def __init__(self, log_dir):
        self.log_dir = log_dir

    def log(self, key, value):
        with open(os.path.join(self.log_dir, "metrics.txt"), "a") as f:
            f.write(f"{key} {value}\\n")
"""
    train = """
import argparse
import os
from datetime import datetime

import torch
from trainer import Logger, Trainer

parser = argparse.ArgumentParser()
parser.add_argument("--out_dir", default="out")
args = parser.parse_args()
logger = Logger(log_dir=os.path.join("runs", datetime.now().strftime("%Y%m%d-%H%M%S")))
trainer = Trainer(torch.nn.Linear(4, 2), args.out_dir)
trainer.fit(100)
logger.log("done", 1.0)
"""
    result = audit_committed(tmp_path, {"trainer.py": trainer, "train.py": train})
    ckpts = [p for p in result.ctx.records.checkpoints if p.evidence.path == "trainer.py"]
    assert ckpts and all(not p.target.startswith("runs/") and p.keeping != "time" for p in ckpts), ckpts


def test_an_experimental_module_inside_the_package_is_the_project_s_code(tmp_path):
    tracking = """
import wandb


def start(cfg):
    wandb.init(project="proj", config=cfg)


def log_metrics(step, **metrics):
    wandb.log(metrics, step=step)
"""
    train = (
        "from proj.experimental.tracking import log_metrics, start\nstart({'lr': 1e-3})\n"
        + TRAIN.replace("opt.step()", "opt.step()\n    log_metrics(epoch, loss=loss.item())")
    )
    files = {
        "proj/__init__.py": "",
        "proj/experimental/__init__.py": "",
        "proj/experimental/tracking.py": tracking,
    }
    result = audit_committed(tmp_path, {**files, "train.py": train})
    assert detections_by_tool(result)["wandb"].scope == "core"


def test_a_readme_running_a_shell_script_gives_a_run_command(tmp_path):
    readme = "# MyNet\nCode for our paper.\n\n" + "".join(f"Detail {i} of the method.\n" for i in range(30))
    readme += "\n## Usage\n\n```\nsh run.sh\n```\n\n## Setup\n\npip install -r requirements.txt\n\n## Results\n\nTop-1 80.1.\n"
    files = {"README.md": readme, "run.sh": "python train.py --lr 0.1\n", "train.py": TRAIN}
    result = audit_committed(tmp_path, {**files, "requirements.txt": "torch==2.0.1\n"})
    assert "run commands" not in dimension(result, "documentation").next


def test_small_dependency_files_in_a_subfolder_do_not_cap_the_environment(tmp_path):
    files = {"env/requirements.txt": "torch==2.0.1\nnumpy==1.24.0\n", "env/setup_env.py": "print('x')\n"}
    files.update({f"train_{i}.py": TRAIN for i in range(4)})
    result = audit_committed(tmp_path, files)
    level = dimension(result, "environment_capture")
    assert "cover only" not in " ".join(level.reasons), level.reasons


def test_a_checkpoint_and_a_helper_s_metrics_are_two_artefacts_of_one_run(tmp_path):
    train = TRAIN + "\nfrom utils import save_metrics\n\nsave_metrics({'final_loss': loss.item()})\n"
    utils = 'import json\n\n\ndef save_metrics(metrics, path="results/metrics.json"):\n    with open(path, "w") as f:\n        json.dump(metrics, f)\n'
    result = audit_committed(tmp_path, {"train.py": train, "utils.py": utils})
    assert dimension(result, "result_persistence").score >= 2


FLOW = """
from metaflow import FlowSpec, conda, step


class TrainFlow(FlowSpec):
    @conda(python="3.8.10", libraries={"scikit-learn": "0.24.1"})
    @step
    def start(self):
        from sklearn.linear_model import LogisticRegression

        self.model = LogisticRegression().fit([[0.0], [1.0]], [0, 1])
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    TrainFlow()
"""


def test_metaflow_step_environments_describe_their_folders(tmp_path):
    """outerbounds/dsbook: each chapter's flows name their whole environment in @conda decorators (one or
    two libraries), one chapter has a requirements file: every chapter's environment is described."""
    files = {f"chapter-{i}/train_flow.py": FLOW for i in range(3, 8)}
    files["chapter-7/requirements.txt"] = "".join(f"pkg{i}==1.{i}.0\n" for i in range(6))
    result = audit_committed(tmp_path, files)
    level = dimension(result, "environment_capture")
    assert "cover only" not in " ".join(level.reasons), level.reasons


def test_a_docker_folder_holding_scripts_still_describes_the_whole_project(tmp_path):
    """PWC-Net's Docker/ holds the Dockerfile and the extension packages it builds: the project's image."""
    dockerfile = (
        "FROM pytorch/pytorch:0.2-cuda8\nRUN pip install "
        + " ".join(f"pkg{i}==1.{i}.0" for i in range(6))
        + "\n"
    )
    files = {"Docker/Dockerfile": dockerfile, "Docker/tools/build_ext.py": "print('build')\n"}
    files.update({f"models/train_{i}.py": TRAIN for i in range(5)})
    result = audit_committed(tmp_path, files)
    level = dimension(result, "environment_capture")
    assert "cover only" not in " ".join(level.reasons), level.reasons


def test_a_checkpoint_named_with_a_step_format_field_is_several_per_run(tmp_path):
    """Wav2Lip: join(checkpoint_dir, "checkpoint_step{:09d}.pth".format(global_step)): one file per step."""
    script = TRAIN.replace(
        'torch.save(model.state_dict(), "model.pt")',
        'torch.save(model.state_dict(), os.path.join("ckpt", "checkpoint_step{:09d}.pth".format(epoch)))',
    )
    result = audit_committed(
        tmp_path, {"train.py": "import os\n" + script, "eval.py": "import os\n" + script}
    )
    assert dimension(result, "result_persistence").score >= 2


def test_a_checkpoint_beside_the_run_s_config_dump_is_two_artefacts(tmp_path):
    """minGPT: each project script saves model.pt into its work_dir, where it also dumps config.json."""
    script = (
        "import json\nimport argparse\n"
        + TRAIN
        + (
            "\nargs = argparse.ArgumentParser().parse_args()\n"
            'json.dump(vars(args), open("out/config.json", "w"))\n'
        )
    )
    result = audit_committed(tmp_path, {"projects/adder.py": script, "projects/chargpt.py": script})
    assert dimension(result, "result_persistence").score >= 2


# A second review, of the changes after 1e65fbe


def test_a_final_save_named_with_the_epoch_total_is_one_overwritten_file(tmp_path):
    script = TRAIN.replace(
        'torch.save(model.state_dict(), "model.pt")',
        'torch.save(model.state_dict(), f"checkpoints/model_epoch{num_epochs}.pt")',
    ).replace("for epoch in range(10):", "num_epochs = 10\nfor epoch in range(num_epochs):")
    result = audit_committed(tmp_path, {"train.py": script})
    assert dimension(result, "result_persistence").score == 1


def test_metrics_an_inference_function_computes_are_metrics(tmp_path):
    script = TRAIN + (
        "\nimport json\n\n\ndef inference(model):\n"
        "    x, y = torch.randn(64, 4), torch.randint(0, 2, (64,))\n"
        "    acc = (model(x).argmax(1) == y).float().mean().item()\n"
        '    with open("results/metrics.json", "w") as f:\n'
        '        json.dump({"accuracy": acc}, f)\n\n\ninference(model)\n'
    )
    result = audit_committed(tmp_path, {"train.py": script})
    assert finding(result, "ET301").status != "FAIL"


def test_a_vocabulary_loaded_as_json_is_no_configuration_in_the_parameter_fix(tmp_path):
    from experiment_tracking.records import hand_fix

    script = (
        "import argparse\nimport json\n\nimport torch\n\nparser = argparse.ArgumentParser()\n"
        'parser.add_argument("--lr", type=float, default=1e-3)\nargs = parser.parse_args()\n'
        'with open("data/vocab.json") as f:\n    vocab = json.load(f)\n'
    ) + TRAIN
    result = audit_committed(tmp_path, {"train.py": script, "data/vocab.json": '{"a": 0}'})
    assert "vocab" not in hand_fix(result.ctx, "params")


def test_projects_each_importing_their_own_config_module_read_configuration(tmp_path):
    config = "LR = 0.001\nBATCH_SIZE = 64\nNUM_LAYERS = 3\nHIDDEN_SIZE = 256\nEPOCHS = 10\n"
    train = (
        "import torch\nimport torch.nn as nn\n\nimport config\n\n"
        "model = nn.Linear(4, config.HIDDEN_SIZE)\n"
        "opt = torch.optim.Adam(model.parameters(), lr=config.LR)\n"
        "for epoch in range(config.EPOCHS):\n"
        "    loss = model(torch.randn(config.BATCH_SIZE, 4)).sum()\n"
        "    loss.backward()\n    opt.step()\n    print('loss', loss.item())\n"
        "torch.save(model.state_dict(), 'model.pt')\n"
    )
    files = {"README.md": "# Ten models\nEach folder trains one model: `cd proj0 && python train.py`.\n"}
    for i in range(10):
        files[f"proj{i}/config.py"] = config
        files[f"proj{i}/train.py"] = train
    result = audit_committed(tmp_path, files)
    assert dimension(result, "parameter_logging").score >= 2


def test_four_pinned_lessons_of_twenty_do_not_capture_the_typical_environment(tmp_path):
    pins = "".join(f"pkg{i}==1.{i}.0\n" for i in range(6))
    files = {"README.md": "# Lessons\nTwenty lessons, each `python lessonXX/train.py`.\n"}
    for i in range(20):
        files[f"lesson{i:02d}/train.py"] = TRAIN
        if i < 4:
            files[f"lesson{i:02d}/requirements.txt"] = pins
    result = audit_committed(tmp_path, files)
    assert dimension(result, "environment_capture").score == 1


def test_a_training_section_running_a_shell_launcher_is_a_run_instruction(tmp_path):
    readme = (
        "# TinyNet\n\n## Requirements\n\nPyTorch 2.1\n\n## Training\n\n```bash\nsh scripts/train.sh\n```\n"
    )
    files = {
        "README.md": readme,
        "scripts/train.sh": "#!/bin/sh\npython train.py --lr 0.01\n",
        "train.py": TRAIN,
    }
    result = audit_committed(tmp_path, files)
    assert finding(result, "ET604").status == "PASS"


def test_cross_validation_imported_as_a_module_splits_like_model_selection(tmp_path):
    script = TRAIN + (
        "\nimport numpy as np\nfrom sklearn import cross_validation\n\n"
        "X, y = np.random.rand(100, 4), np.random.randint(0, 2, 100)\n"
        "X_tr, X_te, y_tr, y_te = cross_validation.train_test_split(X, y, test_size=0.2, random_state=0)\n"
    )
    result = audit_committed(tmp_path, {"train.py": script})
    assert result.ctx.taxonomy.splits_seeded


def test_options_saved_inside_the_checkpoint_are_that_one_file(tmp_path):
    script = (
        "import argparse\n\nparser = argparse.ArgumentParser()\n"
        'parser.add_argument("--lr", type=float, default=1e-3)\nargs = parser.parse_args()\n'
        + TRAIN.replace(
            'torch.save(model.state_dict(), "model.pt")',
            'torch.save({"state_dict": model.state_dict(), "args": args}, "model.pt")',
        )
    )
    result = audit_committed(tmp_path, {"train.py": script})
    assert dimension(result, "result_persistence").score == 1


def test_a_reporting_flow_s_artifacts_do_not_version_the_training_script_s_data(tmp_path):
    flow = (
        "from metaflow import FlowSpec, step\n\n\nclass ReportFlow(FlowSpec):\n    @step\n    def start(self):\n"
        "        import pandas as pd\n\n        self.scores = pd.read_csv('scores.csv')\n        self.next(self.end)\n\n"
        "    @step\n    def end(self):\n        print(self.scores.describe())\n\n\n"
        "if __name__ == '__main__':\n    ReportFlow()\n"
    )
    train = (
        "import joblib\nimport pandas as pd\nfrom sklearn.linear_model import LogisticRegression\n"
        "from sklearn.model_selection import train_test_split\n\ndf = pd.read_csv('data/train.csv')\n"
        "X_tr, X_te, y_tr, y_te = train_test_split(df[['x']], df['y'], random_state=0)\n"
        "clf = LogisticRegression().fit(X_tr, y_tr)\nprint('accuracy', clf.score(X_te, y_te))\n"
        "joblib.dump(clf, 'model.joblib')\n"
    )
    files = {"flows/report_flow.py": flow, "train.py": train, "requirements.txt": "metaflow==2.9.0\n"}
    result = audit_committed(tmp_path, files)
    assert finding(result, "ET421").status != "PASS"
