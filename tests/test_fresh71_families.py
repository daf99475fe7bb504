"""Families of real code the fresh71 round showed the auditor reading wrong, each with a synthetic
case of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, detections_by_tool, dimension
from tests.test_fresh70_families import TRAIN

LFS_POINTER = (
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
    "size 1048576\n"
)


def test_git_lfs_over_documentation_media_is_no_data_versioning(tmp_path):
    """LMFlow's .gitattributes sends `*.gif` to LFS, and the only such files are the README's demo
    animations under docs/: pictures of the project, not the data a run reads."""
    result = audit_committed(
        tmp_path,
        {
            "train.py": TRAIN,
            "README.md": "# Project\n\n![demo](docs/assets/demo.gif)\n",
            ".gitattributes": "*.gif filter=lfs diff=lfs merge=lfs -text\n*.pdf filter=lfs diff=lfs merge=lfs -text\n",
            "docs/assets/demo.gif": LFS_POINTER,
            "docs/paper.pdf": LFS_POINTER,
        },
    )
    lfs = detections_by_tool(result).get("git_lfs")
    assert lfs is None or not lfs.present
    level = dimension(result, "data_versioning")
    assert level.score < 3, level.reasons


def test_git_lfs_over_data_files_still_versions_data(tmp_path):
    result = audit_committed(
        tmp_path,
        {
            "train.py": TRAIN,
            ".gitattributes": "*.png filter=lfs diff=lfs merge=lfs -text\n*.csv filter=lfs diff=lfs merge=lfs -text\n",
            "data/images/cat.png": LFS_POINTER,
            "data/train.csv": LFS_POINTER,
        },
    )
    assert detections_by_tool(result)["git_lfs"].present


def test_side_projects_in_contrib_and_experimental_are_not_the_main_environment(tmp_path):
    """LMFlow's experimental/RAFT-diffusion pins 94 packages for its own trainer, and a README there
    runs its own image; the package's environment is the root requirements, nearly all loose."""
    pinned = "".join(f"pkg{i}==1.{i}.0\n" for i in range(40))
    result = audit_committed(
        tmp_path,
        {
            "src/proj/__init__.py": "",
            "src/proj/train.py": TRAIN,
            "setup.py": "from setuptools import setup\nsetup(name='proj')\n",
            "requirements.txt": "torch>=2.0\nnumpy\ntransformers>=4.31\ndatasets==3.6.0\npeft\nwandb\naccelerate\n",
            "experimental/diffusion/requirements.txt": pinned,
            "experimental/diffusion/train_diffusion.py": TRAIN,
            "experimental/hymba/README.md": "# Hymba\n\n```\ndocker run --gpus all -it ghcr.io/someone/hymba:v1 bash\n```\n",
            "contrib/tool/requirements.txt": pinned,
        },
    )
    level = dimension(result, "environment_capture")
    reasons = " ".join(level.reasons)
    assert level.score == 2, reasons
    assert "experimental" not in reasons and "contrib" not in reasons


def test_a_step_image_with_a_moving_tag_is_not_pinned(tmp_path):
    """outerbounds' recsys flow runs its @batch step in `merlin-reasonable-scale:22.11-latest`: the
    newest build of the 22.11 line, which moves."""
    from tests.rules.repo_helpers import finding

    flow = """
from metaflow import FlowSpec, step, batch


class TrainFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.train)

    @batch(gpu=1, memory=24000, image="public.ecr.aws/acme/merlin:22.11-latest")
    @step
    def train(self):
        import torch

        model = torch.nn.Linear(4, 2)
        opt = torch.optim.Adam(model.parameters())
        for epoch in range(3):
            loss = model(torch.randn(8, 4)).sum()
            loss.backward()
            opt.step()
        self.model = model
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    TrainFlow()
"""
    result = audit_committed(
        tmp_path, {"flow.py": flow, "requirements.txt": "metaflow==2.9.0\ntorch==2.0.1\n"}
    )
    f = finding(result, "ET412")
    assert f.status != "PASS", f.message
    assert "0 of 1 pinned" in f.message


def test_an_image_saved_into_a_py2_string_buffer_is_no_stored_artifact(tmp_path):
    """The deep-dream notebook's showarray() saves each frame into `cStringIO.StringIO()` only to show
    it inline: nothing is stored."""
    from tests.rules.repo_helpers import finding, notebook

    cell = """
from cStringIO import StringIO
import numpy as np
import PIL.Image
import torch

def showarray(a, fmt="jpeg"):
    f = StringIO()
    PIL.Image.fromarray(np.uint8(a)).save(f, fmt)
    return f.getvalue()

model = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters())
for step in range(10):
    loss = model(torch.randn(8, 4)).sum()
    loss.backward()
    opt.step()
    showarray(np.zeros((4, 4)))
"""
    result = audit_committed(tmp_path, {"dream.ipynb": notebook(cell)})
    f = finding(result, "ET311")
    assert f.status != "PASS", f.message


def test_a_submission_table_of_predictions_is_no_result_logging(tmp_path):
    """The Titanic scripts write `PassengerId,Survived` and then zip(ids, forest.predict(X)) into a CSV:
    the model's predictions for Kaggle, not a record of the run's results."""
    script = """
import csv
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

train_df = pd.read_csv("train.csv")
test_df = pd.read_csv("test.csv")
ids = test_df["PassengerId"].values
forest = RandomForestClassifier(n_estimators=100)
forest = forest.fit(train_df.values[:, 1:], train_df.values[:, 0])
output = forest.predict(test_df.values).astype(int)

predictions_file = open("myfirstforest.csv", "w")
writer = csv.writer(predictions_file)
writer.writerow(["PassengerId", "Survived"])
writer.writerows(zip(ids, output))
predictions_file.close()
joblib.dump(forest, "forest.joblib")
"""
    result = audit_committed(tmp_path, {"titanic/forest.py": "import joblib\n" + script})
    assert "custom_logging" not in detections_by_tool(result)


COPIED_TRAINER = '''
import torch


class CopiedTrainer:
    """A copy of Hugging Face Trainer kept in the project."""

    def __init__(self, model):
        self.model = model
        self.hp_search_backend = None

    def _report_to_hp_search(self, trial, step, metrics):
        if self.hp_search_backend is None or trial is None:
            return
        if self.hp_search_backend == "optuna":
            import optuna

            trial.report(metrics["loss"], step)
            if trial.should_prune():
                raise optuna.TrialPruned()
        elif self.hp_search_backend == "ray":
            from ray import tune

            tune.report(objective=metrics["loss"], **metrics)

    def hyperparameter_search(self, backend="optuna", n_trials=20):
        from transformers.integrations import run_hp_search_optuna, run_hp_search_ray

        self.hp_search_backend = backend
        run = run_hp_search_optuna if backend == "optuna" else run_hp_search_ray
        return run(self, n_trials, "minimize")

    def train(self, trial=None):
        opt = torch.optim.Adam(self.model.parameters())
        for step in range(10):
            loss = self.model(torch.randn(8, 4)).sum()
            loss.backward()
            opt.step()
            self._report_to_hp_search(trial, step, {"loss": loss.item()})
'''


def test_search_hooks_of_a_copied_trainer_nothing_starts_are_no_search(tmp_path):
    """LMFlow keeps a copy of Hugging Face Trainer whose loop reports to Optuna or Ray Tune when a
    search runs; nothing in the project calls its hyperparameter_search, so no search ever runs."""
    train = "import torch\nfrom proj.trainer import CopiedTrainer\n\nCopiedTrainer(torch.nn.Linear(4, 2)).train()\n"
    result = audit_committed(
        tmp_path, {"proj/__init__.py": "", "proj/trainer.py": COPIED_TRAINER, "train.py": train}
    )
    tools = detections_by_tool(result)
    assert not tools["optuna"].present and not tools["ray_tune"].present


def test_search_hooks_count_when_the_project_starts_the_search(tmp_path):
    train = (
        "import torch\nfrom proj.trainer import CopiedTrainer\n\n"
        "CopiedTrainer(torch.nn.Linear(4, 2)).hyperparameter_search(backend='optuna')\n"
    )
    result = audit_committed(
        tmp_path, {"proj/__init__.py": "", "proj/trainer.py": COPIED_TRAINER, "train.py": train}
    )
    assert detections_by_tool(result)["optuna"].present


def test_a_course_of_scripts_is_teaching_material(tmp_path):
    """CS 20's repository holds lesson scripts, not notebooks, and its README says it is a course's
    code: a shared tracking server, an experiments log or a model card is not what it owes."""
    from experiment_tracking.rules.facts import teaching_material

    readme = (
        "# tf-course\nThis repository contains code examples for the course CS 20: TensorFlow for Deep "
        "Learning Research.\nDetailed syllabus and lecture notes can be found on the website.\n"
    )
    files = {"README.md": readme, "requirements.txt": "tensorflow==1.4.1\n"}
    for i, name in enumerate(("logreg", "convnet", "word2vec", "char_rnn")):
        files[f"examples/0{i + 3}_{name}.py"] = TRAIN
    result = audit_committed(tmp_path, files)
    assert teaching_material(result.ctx) is not None
    ids = {f.rule_id for f in result.findings if f.status != "PASS"}
    assert not ids & {"ET601", "ET602", "ET614"}, ids


def test_a_project_readme_naming_tutorials_is_not_a_course(tmp_path):
    from experiment_tracking.rules.facts import teaching_material

    readme = "# detector\nTraining code for our detector. See the tutorials folder for how-tos.\n"
    result = audit_committed(tmp_path, {"README.md": readme, "train.py": TRAIN})
    assert teaching_material(result.ctx) is None


def test_benchmarks_named_in_a_todo_or_a_code_comment_are_not_the_data(tmp_path):
    """text-to-image's README names MS-COCO only under `## TODO`; jax-resnet's names ImageNet only in a
    code comment (`jnp.ones((32, 224, 224, 3)),  # ImageNet sized inputs.`)."""
    from experiment_tracking.rubric import public_benchmark_doc

    readme = (
        "# gan\n\nA text-to-image GAN.\n\n```python\nout = model.apply(v, jnp.ones((32, 224, 224, 3)),  "
        "# ImageNet sized inputs.\n)\n```\n\n## TODO\n- Train the model on the MS-COCO data set.\n"
        "- [ ] Try CIFAR-10 too\n"
    )
    result = audit_committed(tmp_path, {"README.md": readme, "train.py": TRAIN})
    assert public_benchmark_doc(result.ctx) is None


def test_a_benchmark_named_in_the_readme_prose_is_the_data(tmp_path):
    from experiment_tracking.rubric import public_benchmark_doc

    readme = (
        "# gan\n\n## Datasets\nWe train on the Oxford flowers and MS-COCO data sets.\n\n## TODO\n- more\n"
    )
    result = audit_committed(tmp_path, {"README.md": readme, "train.py": TRAIN})
    assert public_benchmark_doc(result.ctx) is not None


def test_a_benchmark_named_with_its_release_year_is_the_data(tmp_path):
    """jax-resnet: "accuracies reported below are on the ImageNet2012 validation split"."""
    from experiment_tracking.rubric import public_benchmark_doc

    readme = "# nets\n\n## Checkpoint Accuracies\nThe top 1 accuracies below are on the ImageNet2012\nvalidation split.\n"
    result = audit_committed(tmp_path, {"README.md": readme, "train.py": TRAIN})
    found = public_benchmark_doc(result.ctx)
    assert found is not None and found.detail == "ImageNet2012"


TF1_LESSON = """
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 4])
w = tf.Variable(tf.zeros([4, 2]))
loss = tf.reduce_mean(tf.matmul(x, w))
opt = tf.train.AdamOptimizer(0.01).minimize(loss)
writer = tf.summary.FileWriter('./graphs/logreg', tf.get_default_graph())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(10):
        _, l = sess.run([opt, loss], feed_dict={x: [[1, 2, 3, 4]]})
        print('loss', l)
writer.close()
"""


def test_a_file_writer_given_only_the_graph_records_no_metrics(tmp_path):
    """CS 20's lessons open `tf.summary.FileWriter('./graphs/logreg', graph)` to look at the graph and
    print their losses: the event file holds no measurement of the run."""
    result = audit_committed(tmp_path, {"03_logreg.py": TF1_LESSON})
    assert not [p for p in result.ctx.records.metrics if p.evidence.path == "03_logreg.py"]


def test_a_file_writer_the_loop_adds_summaries_to_records_metrics(tmp_path):
    added = TF1_LESSON.replace(
        "        print('loss', l)\n",
        "        print('loss', l)\n        writer.add_summary(tf.Summary(), global_step=i)\n",
    )
    result = audit_committed(tmp_path, {"03_logreg.py": added})
    assert [p for p in result.ctx.records.metrics if p.evidence.path == "03_logreg.py"]


def test_a_course_s_lesson_scripts_in_examples_are_its_training_entry_points(tmp_path):
    """CS 20: the lessons live in examples/ and two assignments train too; the lessons are the course."""
    readme = "# tf-course\nThis repository contains code examples for the course CS 20.\n"
    files = {"README.md": readme, "assignments/chatbot/chatbot.py": TRAIN}
    for i, name in enumerate(("logreg", "convnet", "word2vec")):
        files[f"examples/0{i + 3}_{name}.py"] = TRAIN
    result = audit_committed(tmp_path, files)
    entries = {e.path for e in result.ctx.taxonomy.training_entry_points}
    assert {"examples/03_logreg.py", "examples/04_convnet.py", "assignments/chatbot/chatbot.py"} <= entries


def test_dependency_files_of_one_subfolder_are_not_a_collection_s_environment(tmp_path):
    """data-science-ipython-notebooks pins 285 packages in deep-learning/keras-tutorial's conda exports;
    the other notebooks, most of them, name no environment at all."""
    from tests.rules.repo_helpers import notebook

    conda = "name: dl\ndependencies:\n" + "".join(f"  - pkg{i}=1.{i}.0=py35_0\n" for i in range(20))
    cell = TRAIN
    files = {"README.md": "# notebooks\n\nInstall Anaconda.\n", "keras-tutorial/environment.yml": conda}
    files["keras-tutorial/1.1 Intro.ipynb"] = notebook(cell)
    for topic in ("scikit-learn", "pandas", "kaggle", "analyses", "spark"):
        for i in range(2):
            files[f"{topic}/{topic}-{i}.ipynb"] = notebook(cell)
    result = audit_committed(tmp_path, files)
    level = dimension(result, "environment_capture")
    assert level.score == 1, level.reasons
    assert "keras-tutorial" in " ".join(level.reasons)


def test_a_subfolder_holding_the_training_code_keeps_its_environment(tmp_path):
    files = {
        "src/requirements.txt": "".join(f"pkg{i}==1.{i}.0\n" for i in range(8)),
        **{f"src/train_{i}.py": TRAIN for i in range(4)},
    }
    result = audit_committed(tmp_path, files)
    assert dimension(result, "environment_capture").score >= 2


def test_a_callback_given_a_module_level_literal_path_overwrites_one_file(tmp_path):
    """DenseNet's cifar10.py: weights_file = "weights/DenseNet-40-12-CIFAR10.h5", handed to
    ModelCheckpoint(weights_file, save_best_only=True): one file, every run's."""
    script = """
import keras
from keras.callbacks import ModelCheckpoint

model = keras.models.Sequential([keras.layers.Dense(2)])
model.compile(optimizer="adam", loss="mse")
weights_file = "weights/DenseNet-40-12-CIFAR10.h5"
model_checkpoint = ModelCheckpoint(weights_file, monitor="val_acc", save_best_only=True)
model.fit([[1.0]], [[1.0, 2.0]], epochs=3, callbacks=[model_checkpoint])
"""
    result = audit_committed(tmp_path, {"cifar10.py": script})
    parts = [p for p in result.ctx.records.checkpoints if p.evidence.path == "cifar10.py"]
    assert parts and all(p.keeping == "fixed" and p.target.endswith(".h5") for p in parts), parts


def test_two_scripts_each_overwriting_one_weights_file_keep_one_artefact_per_run(tmp_path):
    """DenseNet's cifar10.py and cifar100.py each overwrite their own weights file: one overwritten
    artefact per run (level 1), not checkpoints and metrics without per-run structure."""
    script = """
import keras
from keras.callbacks import ModelCheckpoint

model = keras.models.Sequential([keras.layers.Dense(2)])
model.compile(optimizer="adam", loss="mse")
weights_file = "weights/DenseNet-{}.h5"
model.fit([[1.0]], [[1.0, 2.0]], epochs=3, callbacks=[ModelCheckpoint(weights_file, save_best_only=True)])
"""
    files = {"cifar10.py": script.format("C10"), "cifar100.py": script.format("C100")}
    result = audit_committed(tmp_path, files)
    assert dimension(result, "result_persistence").score == 1


def test_a_usage_section_building_the_model_is_no_run_command_beside_training_scripts(tmp_path):
    """DenseNet's README: "# Usage / import densenet; model = densenet.DenseNet(...)" and results from
    the paper; its cifar10.py, which trains, is never named."""
    readme = (
        "# DenseNet\nDenseNet in Keras.\n\n# Performance\nAccuracy on CIFAR 10 as in the paper.\n\n"
        "# Usage\nImport the `densenet.py` script.\n\n```\nimport densenet\n\n"
        "model = densenet.DenseNet(classes=10, depth=40)\n```\n\n# Requirements\n- keras\n- tensorflow\n"
    )
    files = {"README.md": readme, "densenet.py": "def DenseNet(classes=10, depth=40):\n    return None\n"}
    files["cifar10.py"] = TRAIN
    result = audit_committed(tmp_path, files)
    level = dimension(result, "documentation")
    assert level.score <= 2 and "run commands" in level.next, (level.score, level.reasons, level.next)
    from tests.rules.repo_helpers import finding

    assert finding(result, "ET604").status == "WARN"


def test_a_set_up_folder_s_requirements_describe_the_whole_project(tmp_path):
    """CS 20 keeps setup/requirements.txt (all pinned) beside its lesson folders: the course's
    environment, not a sub-project's."""
    files = {
        "setup/requirements.txt": "".join(f"pkg{i}==1.{i}.0\n" for i in range(8)),
        "setup/setup_instruction.md": "pip install -r setup/requirements.txt\n",
        **{f"lesson{i}/train.py": TRAIN for i in range(5)},
    }
    result = audit_committed(tmp_path, files)
    assert dimension(result, "environment_capture").score >= 3


def test_tf0_summary_writer_and_ops_are_tensorboard(tmp_path):
    """data-science-ipython-notebooks' loss_visualization notebook (TF 0.x): tf.scalar_summary,
    tf.merge_all_summaries and tf.train.SummaryWriter(...).add_summary(...)."""
    from tests.rules.repo_helpers import notebook

    cell = """
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 4])
w = tf.Variable(tf.zeros([4, 2]))
cost = tf.reduce_mean(tf.matmul(x, w))
optimizer = tf.train.GradientDescentOptimizer(0.01).minimize(cost)
tf.scalar_summary("loss", cost)
merged_summary_op = tf.merge_all_summaries()
with tf.Session() as sess:
    sess.run(tf.initialize_all_variables())
    summary_writer = tf.train.SummaryWriter('/tmp/tensorflow_logs', graph_def=sess.graph_def)
    for epoch in range(10):
        _, summary_str = sess.run([optimizer, merged_summary_op], feed_dict={x: [[1, 2, 3, 4]]})
        summary_writer.add_summary(summary_str, epoch)
"""
    result = audit_committed(tmp_path, {"loss_visualization.ipynb": notebook(cell)})
    assert detections_by_tool(result)["tensorboard"].present


def test_cuda_toolkit_and_cudnn_versions_in_a_setup_page_document_the_stack(tmp_path):
    """CS 20's setup page: "TensorFlow with GPU support will only work with CUDA® Toolkit 8.0 and
    cuDNN v6.0"."""
    from tests.rules.repo_helpers import finding

    page = "# Setup\n- TensorFlow with GPU support will only work with CUDA® Toolkit 8.0 and cuDNN v6.0.\n"
    gpu_train = TRAIN.replace("model = nn.Linear(4, 2)", "model = nn.Linear(4, 2).cuda()")
    result = audit_committed(tmp_path, {"setup/setup_instruction.md": page, "train.py": gpu_train})
    f = finding(result, "ET413")
    assert "No GPU model, CUDA or driver version" not in f.message, f.message


AGENT = """
import os

import torch
from torch.utils.tensorboard import SummaryWriter


class Agent:
    def __init__(self, log_dir, num_steps=1000, lr=3e-4, seed=0):
        torch.manual_seed(seed)
        self.model = torch.nn.Linear(4, 2)
        self.opt = torch.optim.Adam(self.model.parameters(), lr=lr)
        self.model_dir = os.path.join(log_dir, "model")
        self.summary_dir = os.path.join(log_dir, "summary")
        self.writer = SummaryWriter(log_dir=self.summary_dir)
        self.num_steps = num_steps

    def run(self):
        for step in range(self.num_steps):
            loss = self.model(torch.randn(8, 4)).sum()
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()
            self.writer.add_scalar("loss", loss.item(), step)
"""

AGENT_TRAIN = """
import argparse
import os
from datetime import datetime

from agent import Agent


def run(args):
    time = datetime.now().strftime("%Y%m%d-%H%M")
    log_dir = os.path.join("logs", args.env_id, f"sacd-seed{args.seed}-{time}")
    agent = Agent(log_dir=log_dir, seed=args.seed)
    agent.run()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--env_id", type=str, default="MsPacmanNoFrameskip-v4")
    parser.add_argument("--seed", type=int, default=0)
    run(parser.parse_args())
"""


def test_a_run_directory_handed_to_the_agent_by_keyword_names_each_run(tmp_path):
    """sac-discrete's train.py builds logs/<env>/<name>-seed<seed>-<time> and hands it to the agent as
    log_dir=, which writes its TensorBoard summary below it: the seed is in every run's record."""
    from tests.rules.repo_helpers import finding

    result = audit_committed(tmp_path, {"agent.py": AGENT, "train.py": AGENT_TRAIN})
    summary = [p for p in result.ctx.records.metrics if p.evidence.path == "agent.py"]
    assert summary and "seed{args.seed}" in summary[0].target, summary
    assert finding(result, "ET212").status == "PASS"


def test_a_chat_mode_transcript_is_no_result_logging(tmp_path):
    """CS 20's chatbot appends the conversation to output_convo.txt in chat(), the mode that talks to a
    trained model; train() records nothing."""
    script = """
import argparse

import torch


def train():
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.Adam(model.parameters())
    for step in range(10):
        loss = model(torch.randn(8, 4)).sum()
        loss.backward()
        opt.step()
    torch.save(model.state_dict(), "checkpoints/chatbot.pt")


def chat():
    output_file = open("output_convo.txt", "a+")
    for line in ["hi", "bye"]:
        output_file.write("HUMAN ++++ " + line + "\\n")
        output_file.write("BOT ++++ " + line.upper() + "\\n")
    output_file.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices={"train", "chat"}, default="train")
    args = parser.parse_args()
    if args.mode == "train":
        train()
    elif args.mode == "chat":
        chat()


if __name__ == "__main__":
    main()
"""
    result = audit_committed(tmp_path, {"chatbot.py": script})
    assert "custom_logging" not in detections_by_tool(result)
    assert not [p for p in result.ctx.records.metrics if "output_convo" in p.target]


def test_an_overwrite_flag_read_with_getattr_that_the_scripts_pass_lets_runs_reuse_the_folder(tmp_path):
    """LMFlow's finetuner refuses a filled output_dir unless `getattr(args, "overwrite_output_dir",
    False)`, and every shipped script passes --overwrite_output_dir: the folder is not new per run."""
    script = """
import os
import sys

import torch
from transformers import HfArgumentParser, TrainingArguments

args = HfArgumentParser(TrainingArguments).parse_args_into_dataclasses()[0]
if os.path.isdir(args.output_dir) and not getattr(args, "overwrite_output_dir", False):
    if len(os.listdir(args.output_dir)) > 0:
        raise ValueError("Output directory exists and is not empty. Use --overwrite_output_dir.")
model = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters())
for step in range(10):
    loss = model(torch.randn(8, 4)).sum()
    loss.backward()
    opt.step()
torch.save(model.state_dict(), os.path.join(args.output_dir, "model.pt"))
"""
    run = "python finetune.py --output_dir output_models/finetune --overwrite_output_dir\n"
    result = audit_committed(tmp_path, {"finetune.py": script, "scripts/run_finetune.sh": run})
    assert not [p for p in result.ctx.records.checkpoints if p.keeping == "refused"]


def test_anaconda_accelerate_in_a_conda_export_is_not_hugging_face_accelerate(tmp_path):
    """data-science-ipython-notebooks' conda export pins accelerate=2.3.0=np111py35_3: Anaconda's
    Accelerate (numba-based), an unrelated package of the same name."""
    env = "name: dl\ndependencies:\n- accelerate=2.3.0=np111py35_3\n- numpy=1.11.1=py35_0\n"
    result = audit_committed(tmp_path, {"environment.yml": env, "train.py": TRAIN})
    assert "accelerate" not in detections_by_tool(result)


def test_scikit_learn_s_old_cross_validation_module_splits_like_model_selection(tmp_path):
    """The Keras tutorial notebook: `from sklearn.cross_validation import train_test_split` (scikit-learn
    < 0.18), then train_test_split(X, Y, test_size=0.15, random_state=42): a seeded split."""
    script = TRAIN + (
        "\nfrom sklearn.cross_validation import train_test_split\n"
        "X_tr, X_te = train_test_split(list(range(10)), test_size=0.15, random_state=42)\n"
    )
    result = audit_committed(tmp_path, {"train.py": script})
    assert [e.detail for e in result.ctx.taxonomy.splits_seeded]


def test_data_a_metaflow_step_keeps_as_an_artifact_is_linked_to_the_run(tmp_path):
    """outerbounds' nlp flow: `self.df = pd.read_parquet("train.parquet")` in a step: Metaflow stores it,
    content-addressed, with every run."""
    from tests.rules.repo_helpers import finding

    flow = """
from metaflow import FlowSpec, step


class NLPFlow(FlowSpec):
    @step
    def start(self):
        import pandas as pd

        self.df = pd.read_parquet("train.parquet")
        self.next(self.train)

    @step
    def train(self):
        from sklearn.linear_model import LogisticRegression

        self.model = LogisticRegression().fit(self.df[["x"]], self.df["y"])
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    NLPFlow()
"""
    result = audit_committed(tmp_path, {"nlpflow.py": flow, "requirements.txt": "metaflow==2.9.0\n"})
    f = finding(result, "ET421")
    assert f.status == "PASS" and "content-addressed" in f.message, f.message


def test_checkpoints_a_subclass_saves_into_a_folder_the_base_class_builds_from_the_run_dir(tmp_path):
    """sac-discrete: BaseAgent calls self.save_models(os.path.join(self.model_dir, 'best')), SacdAgent's
    save_models writes policy.pth there, and model_dir sits in the timestamped log_dir train.py passes."""
    base = AGENT.replace(
        '            self.writer.add_scalar("loss", loss.item(), step)\n',
        '            self.writer.add_scalar("loss", loss.item(), step)\n'
        '        self.save_models(os.path.join(self.model_dir, "final"))\n',
    )
    sub = (
        "import os\n\nimport torch\n\nfrom agent import Agent as BaseAgent\n\n\n"
        "class SacdAgent(BaseAgent):\n"
        "    def save_models(self, save_dir):\n"
        "        os.makedirs(save_dir, exist_ok=True)\n"
        '        torch.save(self.model.state_dict(), os.path.join(save_dir, "policy.pth"))\n'
    )
    train = AGENT_TRAIN.replace("from agent import Agent", "from sacd import SacdAgent as Agent")
    result = audit_committed(tmp_path, {"agent.py": base, "sacd.py": sub, "train.py": train})
    ckpts = [p for p in result.ctx.records.checkpoints if p.target.endswith("policy.pth")]
    assert any(p.keeping == "time" and "seed{args.seed}" in p.target for p in ckpts), ckpts


def test_the_tracker_fix_goes_to_the_training_script_not_the_module_with_an_unused_import(tmp_path):
    """DenseNet imports keras.callbacks.TensorBoard in densenet.py's demo and never calls it; the fix
    for 'no tracker' belongs in cifar10.py, which trains."""
    from tests.rules.repo_helpers import finding

    lib = "from keras.callbacks import TensorBoard\n\n\ndef DenseNet(classes=10):\n    return None\n"
    result = audit_committed(tmp_path, {"densenet.py": lib, "cifar10.py": "import densenet\n" + TRAIN})
    f = finding(result, "ET101")
    assert f.status == "FAIL" and f.evidence[0].path == "cifar10.py", f.evidence


def test_the_parameter_fix_records_the_loaded_config_file_beside_the_options(tmp_path):
    """sac-discrete's train.py parses --config and loads that YAML into `config`, which holds every
    hyperparameter; `vars(args)` alone would record the file's path, not its values."""
    from experiment_tracking.records import hand_fix

    script = """
import argparse

import torch
import yaml

parser = argparse.ArgumentParser()
parser.add_argument("--config", default="config/sacd.yaml")
args = parser.parse_args()
with open(args.config) as f:
    config = yaml.load(f, Loader=yaml.SafeLoader)
model = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters(), lr=config["lr"])
for step in range(10):
    loss = model(torch.randn(8, 4)).sum()
    loss.backward()
    opt.step()
"""
    result = audit_committed(tmp_path, {"train.py": script, "config/sacd.yaml": "lr: 0.0003\n"})
    assert "'config': config" in hand_fix(result.ctx, "params")


CONFIG_MODULE = "LR = 0.001\nBATCH_SIZE = 64\nNUM_LAYERS = 3\nHIDDEN_SIZE = 256\nEPOCHS = 10\n"
CONFIG_TRAIN = TRAIN.replace("import torch.nn as nn\n", "import torch.nn as nn\n\nimport config\n").replace(
    "torch.optim.Adam(model.parameters())", "torch.optim.Adam(model.parameters(), lr=config.LR)"
)


def test_a_config_module_one_of_many_scripts_imports_is_not_the_typical_script_s(tmp_path):
    """CS 20: the chatbot assignment reads config.py; the lessons hard-code their settings."""
    files = {"assignments/chatbot/config.py": CONFIG_MODULE, "assignments/chatbot/chatbot.py": CONFIG_TRAIN}
    files["README.md"] = "# tf-course\nThis repository contains code examples for the course CS 20.\n"
    files.update({f"examples/0{i}_lesson.py": TRAIN for i in range(3, 8)})
    result = audit_committed(tmp_path, files)
    assert dimension(result, "parameter_logging").score <= 1


def test_a_config_module_most_scripts_import_is_the_parameters_source(tmp_path):
    files = {"config.py": CONFIG_MODULE}
    files.update({f"train_{i}.py": CONFIG_TRAIN for i in range(5)})
    result = audit_committed(tmp_path, files)
    assert dimension(result, "parameter_logging").score >= 2


def test_a_tracker_switched_on_by_every_launch_script_is_core(tmp_path):
    """LMFlow's evaluator starts W&B behind a flag, and every fine-tuning script passes --report_to wandb
    to the Trainer: the runs made the documented way are all recorded in W&B."""
    evaluator = """
import wandb


def evaluate(args, metrics):
    if args.use_wandb:
        wandb.init(project="eval")
        wandb.log(metrics)
"""
    finetune = """
from evaluator import evaluate
from transformers import AutoModelForCausalLM, HfArgumentParser, Trainer, TrainingArguments

args = HfArgumentParser(TrainingArguments).parse_args_into_dataclasses()[0]
model = AutoModelForCausalLM.from_pretrained("gpt2")
trainer = Trainer(model=model, args=args)
trainer.train()
trainer.save_model()
evaluate(args, trainer.evaluate())
"""
    run = "python finetune.py --output_dir out --report_to wandb --num_train_epochs 3\n"
    files = {"evaluator.py": evaluator, "finetune.py": finetune, "scripts/run_finetune.sh": run}
    result = audit_committed(tmp_path, files)
    wandb = detections_by_tool(result)["wandb"]
    assert wandb.scope == "core" and wandb.evidence[0].path == "scripts/run_finetune.sh", wandb


def test_a_trainer_s_tracker_records_only_the_training_arguments_of_split_dataclasses(tmp_path):
    """LMFlow parses model, data and training arguments with HfArgumentParser; the Trainer hands W&B the
    TrainingArguments only: every run's training arguments, not all of its configuration (level 4, as
    the expert labels of LMFlow, BELLE and trl have it; not level 5's automatic capture)."""
    script = """
from dataclasses import dataclass, field

from transformers import AutoModelForCausalLM, HfArgumentParser, Trainer, TrainingArguments


@dataclass
class ModelArguments:
    model_name_or_path: str = field(default="gpt2")
    lora_r: int = field(default=8)


@dataclass
class DataArguments:
    dataset_path: str = field(default="data/alpaca")
    block_size: int = field(default=512)


@dataclass
class RunArguments:
    output_dir: str = field(default="out")
    learning_rate: float = field(default=2e-5)


model_args, data_args, run_args = HfArgumentParser(
    (ModelArguments, DataArguments, RunArguments)
).parse_args_into_dataclasses()
model = AutoModelForCausalLM.from_pretrained(model_args.model_name_or_path)
training_args = TrainingArguments(
    output_dir=run_args.output_dir, learning_rate=run_args.learning_rate, report_to="wandb"
)
trainer = Trainer(model=model, args=training_args)
trainer.train()
trainer.save_model()
"""
    run = "python finetune.py --output_dir out --report_to wandb\n"
    result = audit_committed(tmp_path, {"finetune.py": script, "scripts/run.sh": run})
    level = dimension(result, "parameter_logging")
    assert level.score == 4 and "model and data arguments" in " ".join(level.reasons), level.reasons
