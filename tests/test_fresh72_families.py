"""Families of real code the fresh72 round showed the auditor reading wrong, each with a synthetic
case of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import (
    audit_committed,
    detections_by_tool,
    dimension,
    notebook,
    notebook_with_outputs,
    status_of,
)
from tests.test_fresh70_families import TRAIN

DVCLIVE_TRAIN = """
import torch
import torchvision
from dvclive import Live

data = torchvision.datasets.MNIST("data", download=True)
model = torch.nn.Linear(784, 10)
live = Live()
for epoch in range(3):
    live.log_metric("acc", 0.5)
    torch.save(model.state_dict(), "model.pt")
    live.next_step()
"""


def test_dvc_stage_depending_only_on_its_script_links_no_data(tmp_path):
    """A DVC stage whose only dependency is its own script (the data downloaded inside it) hashes
    code, not data: no run is linked to a data version."""
    result = audit_committed(
        tmp_path,
        {
            "train.py": DVCLIVE_TRAIN,
            "dvc.yaml": "stages:\n  train:\n    cmd: python train.py\n    deps:\n    - train.py\n    outs:\n    - model.pt\n",
            ".dvc/config": "",
            "requirements.txt": "torch\ntorchvision\ndvclive\n",
        },
    )
    assert status_of(result, "ET421") != "PASS"
    level = dimension(result, "data_versioning")
    assert level.score <= 2, level.reasons


def test_dvc_stage_depending_on_data_links_it(tmp_path):
    result = audit_committed(
        tmp_path,
        {
            "train.py": DVCLIVE_TRAIN,
            "dvc.yaml": "stages:\n  train:\n    cmd: python train.py\n    deps:\n    - train.py\n    - data/raw\n    outs:\n    - model.pt\n",
            ".dvc/config": "",
            "requirements.txt": "torch\ntorchvision\ndvclive\n",
        },
    )
    assert status_of(result, "ET421") == "PASS"


DVC_CKPT = "stages:\n  train:\n    cmd: python train.py\n    deps:\n    - train.py\n    outs:\n    - model.pt:\n        checkpoint: true\n"


DVC_PROJECT = {
    "train.py": DVCLIVE_TRAIN,
    "dvc.yaml": DVC_CKPT,
    ".dvc/config": "",
    "requirements.txt": "torch\ndvclive\n",
}


def test_checkpoint_declared_as_dvc_output_is_kept_per_run(tmp_path):
    """`model.pt` at a fixed path is a dvc.yaml stage output: `dvc exp run` caches every version by
    content, so the next run overwrites the working copy, not the kept one."""
    result = audit_committed(
        tmp_path,
        DVC_PROJECT,
    )
    level = dimension(result, "result_persistence")
    assert level.score >= 4, level.reasons
    assert "overwrites" not in " ".join(level.reasons)


def test_uncached_dvc_output_is_still_overwritten(tmp_path):
    result = audit_committed(
        tmp_path,
        {
            "train.py": DVCLIVE_TRAIN,
            "dvc.yaml": DVC_CKPT.replace("checkpoint: true", "cache: false"),
            ".dvc/config": "",
            "requirements.txt": "torch\ndvclive\n",
        },
    )
    level = dimension(result, "result_persistence")
    assert level.score == 3, level.reasons


def test_deepspeed_module_flag_launches_that_module(tmp_path):
    """`deepspeed --include localhost:0,1 --module pkg.driver.train \\` (and `torchrun --module`): the
    README's command runs that module, as `-m` does."""
    from experiment_tracking.detect.engine import readme_launched_scripts

    readme = (
        "# Retriever\n\n```bash\ndeepspeed --include localhost:0,1 --master_port 60000 --module pkg.driver.train \\\n"
        "  --output_dir out\n```\n\n```bash\ntorchrun --nproc_per_node=2 --module=pkg.driver.finetune\n```\n"
    )
    result = audit_committed(
        tmp_path,
        {
            "README.md": readme,
            "pkg/__init__.py": "",
            "pkg/driver/train.py": TRAIN,
            "pkg/driver/finetune.py": TRAIN,
        },
    )
    launched = readme_launched_scripts(result.ctx.index)
    assert "pkg/driver/train.py" in launched
    assert "pkg/driver/finetune.py" in launched


def test_project_name_with_checkpoints_in_title_offers_no_weights(tmp_path):
    """`# dvc-checkpoints-mnist` above a link to the tool's docs: a repository's hyphenated name, not a
    section offering trained weights."""
    readme = (
        "# dvc-checkpoints-mnist\n\nThis example DVC project demonstrates the different ways to employ\n"
        "[Checkpoint Experiments](https://dvc.org/doc/user-guide/experiment-management) with DVC.\n"
    )
    result = audit_committed(
        tmp_path,
        {"README.md": readme, "train.py": DVCLIVE_TRAIN, "dvc.yaml": DVC_CKPT, "requirements.txt": "torch\n"},
    )
    f520 = [f for f in result.findings if f.rule_id == "ET520"]
    assert not any("offers pretrained weights" in e.detail for f in f520 for e in f.evidence)


def test_dvclive_in_a_dvc_stage_compares_runs_and_renders_plots(tmp_path):
    """DVCLive logging from the script a dvc.yaml stage runs: every `dvc exp run` is an experiment that
    `dvc exp show` tabulates, and `live: {dvclive: {html: true}}` renders each run's plots."""
    dvc_yaml = DVC_CKPT + "    live:\n      dvclive:\n        summary: true\n        html: true\n"
    result = audit_committed(
        tmp_path,
        {"train.py": DVCLIVE_TRAIN, "dvc.yaml": dvc_yaml, ".dvc/config": "", "requirements.txt": "torch\n"},
    )
    assert status_of(result, "ET320") == "PASS"
    assert status_of(result, "ET311") == "PASS"


def test_dvclive_without_a_dvc_stage_is_no_experiment_table(tmp_path):
    result = audit_committed(tmp_path, {"train.py": DVCLIVE_TRAIN, "requirements.txt": "torch\ndvclive\n"})
    assert status_of(result, "ET320") != "PASS"


def _notebook_with_outputs(*sources: str) -> str:
    return notebook_with_outputs(*((src, "epoch 1 loss 0.3\n") for src in sources))


def test_nbdime_in_a_frozen_dependency_list_strips_nothing(tmp_path):
    """A course's pinned environment lists nbdime among 60 packages, and every notebook is committed
    with its outputs: the tool is installed, not set up."""
    reqs = "".join(f"pkg{i}==1.{i}\n" for i in range(30)) + "nbdime==3.1.1\n"
    result = audit_committed(
        tmp_path,
        {"a1/requirements.txt": reqs, "a1/train.ipynb": _notebook_with_outputs("import torch\nprint(1)")},
    )
    f603 = next(f for f in result.findings if f.rule_id == "ET603")
    assert f603.status == "WARN", f603.message
    assert "nothing configures it" in f603.message


def test_nbstripout_in_pre_commit_still_passes(tmp_path):
    result = audit_committed(
        tmp_path,
        {
            ".pre-commit-config.yaml": "repos:\n- repo: https://github.com/kynan/nbstripout\n  rev: 0.6.1\n  hooks:\n  - id: nbstripout\n",
            "a1/train.ipynb": _notebook_with_outputs("import torch\nprint(1)"),
        },
    )
    assert status_of(result, "ET603") == "PASS"


def test_marker_spelled_in_capital_words_is_no_credential(tmp_path):
    """`IMAGE_TOKEN_ALIAS = "XTUNER-ALIAS-ALIAS-XTUNER-2025"`: a placeholder token a tokenizer swaps in,
    spelled in capital words and a year; a key with mixed groups is still one."""
    result = audit_committed(
        tmp_path,
        {
            "train.py": TRAIN,
            "tok.py": 'IMAGE_TOKEN_ALIAS = "PROJECT-ALIAS-ALIAS-PROJECT-2025"\n',
            "keys.py": 'SERVICE_API_KEY = "X7K2-9QPL-M3ZT-8WRB"\n',
        },
    )
    f204 = next(f for f in result.findings if f.rule_id == "ET204")
    cited = {e.path for e in f204.evidence}
    assert "tok.py" not in cited
    assert "keys.py" in cited


def test_dataset_dict_pushed_with_a_split_is_no_model_registry(tmp_path):
    """`new_ds_dict.push_to_hub("org/bright", config_name=task, split="test")` in a data conversion
    script: a dataset uploaded to the Hub, not a trained model registered."""
    convert = (
        "from datasets import load_dataset\n\n"
        "def upload(new_ds_dict, task):\n    new_ds_dict.push_to_hub('org/bright', config_name=task, split='test')\n\n"
        "def upload_more(table):\n    table.push_to_hub('org/other', split='train')\n\n"
        "upload(load_dataset('x'), 'bio')\nupload_more(load_dataset('y'))\n"
    )
    result = audit_committed(tmp_path, {"train.py": TRAIN, "scripts/convert.py": convert})
    f520 = [f for f in result.findings if f.rule_id == "ET520"]
    assert not any(f.status == "PASS" for f in f520), [(f.status, f.message) for f in f520]


COMET_SCRIPT = """
import comet_ml
import torch

experiment = comet_ml.start(project_name="examples")
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(10):
    loss = model(torch.randn(8, 4)).sum()
    loss.backward()
    opt.step()
    experiment.log_metric("loss", loss.item(), step=step)
"""


def test_tracker_capturing_the_commit_covers_every_script_opening_its_runs(tmp_path):
    """Eight examples each open a Comet experiment with `comet_ml.start()`: Comet records the commit in
    all eight, not only in the three scripts a finding cites."""
    files = {f"examples/ex{i}/train_{i}.py": COMET_SCRIPT for i in range(8)}
    files["requirements.txt"] = "comet_ml\ntorch\n"
    result = audit_committed(tmp_path, files)
    f420 = next(f for f in result.findings if f.rule_id == "ET420")
    assert "only in" not in f420.message, f420.message


def test_comet_dataset_hash_and_neptune_tracked_files_link_runs_to_data(tmp_path):
    comet = COMET_SCRIPT.replace(
        'experiment = comet_ml.start(project_name="examples")',
        'experiment = comet_ml.start(project_name="examples")\nX = [[1.0] * 4] * 8\nexperiment.log_dataset_hash(X)',
    )
    result = audit_committed(tmp_path, {"train.py": comet, "requirements.txt": "comet_ml\ntorch\n"})
    assert status_of(result, "ET421") == "PASS"


def test_neptune_tracked_files_link_runs_to_data(tmp_path):
    script = (
        "import neptune\nimport pandas as pd\nfrom sklearn.ensemble import RandomForestClassifier\n\n"
        'run = neptune.init_run(project="team/demo")\n'
        'run["datasets/train"].track_files("data/train.csv")\n'
        'df = pd.read_csv("data/train.csv")\n'
        'clf = RandomForestClassifier(random_state=0).fit(df.drop(columns="y"), df["y"])\n'
        'run["metrics/acc"] = clf.score(df.drop(columns="y"), df["y"])\n'
    )
    result = audit_committed(
        tmp_path, {"train.py": script, "requirements.txt": "neptune\nscikit-learn\npandas\n"}
    )
    assert status_of(result, "ET421") == "PASS"


def test_early_stopping_in_a_lone_training_run_prunes_no_trial(tmp_path):
    """An Optuna search in one script, and a Keras EarlyStopping callback in another script's single
    training run: no trial of the search is stopped early."""
    search = (
        "import optuna\n\ndef objective(trial):\n    lr = trial.suggest_float('lr', 1e-4, 1e-1)\n    return lr\n\n"
        "study = optuna.create_study()\nstudy.optimize(objective, n_trials=20)\n"
    )
    keras = (
        "from tensorflow import keras\n\nmodel = keras.Sequential([keras.layers.Dense(1)])\nmodel.compile('adam', 'mse')\n"
        "model.fit([[1.0]], [1.0], epochs=10, callbacks=[keras.callbacks.EarlyStopping(patience=2)])\n"
    )
    result = audit_committed(
        tmp_path, {"search.py": search, "train_keras.py": keras, "requirements.txt": "optuna\ntensorflow\n"}
    )
    assert status_of(result, "ET222") == "WARN"


def test_version_digits_before_runs_are_no_repeated_runs(tmp_path):
    """ "TE 2.12 runs the full-FT path" in an environment page: a library version, not 12 runs."""
    docs = "# Environments\n\nWith TE 2.12 runs the full-FT path; TE 2.13 runs LoRA.\n"
    result = audit_committed(
        tmp_path, {"train.py": TRAIN, "docs/environments.md": docs, "README.md": "# X\n"}
    )
    f321 = [f for f in result.findings if f.rule_id == "ET321"]
    assert not any(f.status == "PASS" for f in f321), [(f.status, f.evidence) for f in f321]


def test_neptune_model_stage_change_is_a_promotion(tmp_path):
    script = (
        "import neptune\nimport torch\n\n"
        + TRAIN
        + '\nimport mlflow\nwith mlflow.start_run():\n    mlflow.pytorch.log_model(model, "model", registered_model_name="demo")\n'
    )
    promote = (
        "import neptune\n\n"
        'model_version = neptune.init_model_version(with_id="PROJ-MOD-3")\n'
        'if model_version["metrics/acc"].fetch() > 0.9:\n    model_version.change_stage("production")\n'
    )
    result = audit_committed(
        tmp_path, {"train.py": script, "promote.py": promote, "requirements.txt": "neptune\ntorch\nmlflow\n"}
    )
    f521 = [f for f in result.findings if f.rule_id == "ET521"]
    assert not any("never promoted" in f.message for f in f521), [(f.status, f.message) for f in f521]


def test_server_package_in_a_pip_install_line_serves_nothing(tmp_path):
    docker = (
        "FROM nvcr.io/nvidia/pytorch:25.03-py3\nRUN pip install fastapi openai \\\n    shortuuid uvicorn pybase64 \\\n"
        '    --no-cache-dir\nCMD ["python", "train.py"]\n'
    )
    result = audit_committed(tmp_path, {"train.py": TRAIN, "Dockerfile": docker})
    assert status_of(result, "ET522") != "PASS"


def test_container_starting_a_model_server_serves(tmp_path):
    docker = 'FROM python:3.11-slim\nRUN pip install torchserve\nCMD ["torchserve", "--start", "--model-store", "store"]\n'
    result = audit_committed(tmp_path, {"train.py": TRAIN, "Dockerfile": docker})
    assert status_of(result, "ET522") == "PASS"


def test_tracker_behind_a_rank_zero_flag_is_on_in_every_run(tmp_path):
    """`use_wandb = torch.distributed.get_rank() == 0` then `if use_wandb: wandb.init(...)`: the flag picks
    the process that logs, it switches nothing off; every run logs to W&B."""
    script = (
        "import torch\nimport torch.distributed\nimport wandb\n\n"
        "def main():\n    torch.distributed.init_process_group('nccl')\n"
        "    use_wandb = torch.distributed.get_rank() == 0\n"
        "    if use_wandb:\n        wandb.init(project='demo', config={'lr': 0.1})\n"
        "    model = torch.nn.Linear(4, 2)\n    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "    for step in range(10):\n        loss = model(torch.randn(8, 4)).sum()\n        loss.backward()\n        opt.step()\n"
        "        if use_wandb:\n            wandb.log({'loss': loss.item()})\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    result = audit_committed(tmp_path, {"train.py": script, "requirements.txt": "torch\nwandb\n"})
    wb = detections_by_tool(result)["wandb"]
    assert wb.scope == "core", (wb.scope, wb.usage)


def test_helper_importing_a_missing_submodule_is_no_framework_when_scripts_run_their_own_loop(tmp_path):
    """bearpaw-style: cifar.py runs its own backward/step loop and imports Bar from utils/, which imports
    a progress-bar package kept in a submodule that is not checked out: the runs do not go through it,
    so an absence in cifar.py stays an absence, not a question about the progress bar."""
    from experiment_tracking.audit import run_audit
    from tests.conftest import repo_with_missing_submodule

    cifar = (
        "import torch\nfrom utils import Bar\n\nmodel = torch.nn.Linear(4, 2)\n"
        "optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\nbar = Bar('Training', max=10)\n"
        "for i in range(10):\n    loss = model(torch.randn(8, 4)).sum()\n    optimizer.zero_grad()\n"
        "    loss.backward()\n    optimizer.step()\n    bar.next()\nbar.finish()\n"
        "torch.save(model.state_dict(), 'checkpoint/model.pth')\n"
    )
    files = {
        "cifar.py": cifar,
        "utils/__init__.py": (
            "import os, sys\nsys.path.append(os.path.join(os.path.dirname(__file__), 'progress'))\n"
            "from progress.bar import Bar as Bar\n"
        ),
    }
    repo_with_missing_submodule(tmp_path, files, "utils/progress")
    result = run_audit(tmp_path)
    f420 = next(f for f in result.findings if f.rule_id == "ET420")
    assert f420.status != "REVIEW", f420


def test_run_commands_in_a_document_the_readme_links_to(tmp_path):
    """bearpaw-style: "## Training — Please see the [Training recipes](TRAINING.md)", and TRAINING.md
    gives `python cifar.py -a resnet --depth 110 ...` for every model."""
    readme = "# Classification\n\n## Install\n* Install PyTorch\n\n## Training\nPlease see the [Training recipes](TRAINING.md) for how to train the models.\n"
    training = "## CIFAR-10\n\n```\npython cifar.py -a resnet --depth 110 --checkpoint checkpoints/cifar10/resnet-110\n```\n"
    result = audit_committed(tmp_path, {"README.md": readme, "TRAINING.md": training, "cifar.py": TRAIN})
    f604 = next(f for f in result.findings if f.rule_id == "ET604")
    assert f604.status == "PASS", f604.message
    assert any(e.path == "TRAINING.md" for e in f604.evidence)


def test_typed_options_of_a_tooling_script_type_no_run(tmp_path):
    """A course's makepdf.py (argparse with type=str, no ML library, off the training path) types the
    options of a PDF bundler, not of the notebooks' training runs."""
    makepdf = (
        "import argparse\nimport subprocess\n\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--notebooks', type=str, nargs='+', required=True)\n"
        "parser.add_argument('--pdf_filename', type=str, required=True)\nargs = parser.parse_args()\n"
        "subprocess.run(['jupyter', 'nbconvert', '--to', 'pdf', *args.notebooks])\n"
    )
    nb = notebook(
        "import torch\nmodel = torch.nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "for i in range(5):\n    loss = model(torch.randn(8, 4)).sum()\n    loss.backward()\n    opt.step()\n"
    )
    result = audit_committed(tmp_path, {"assignment1/makepdf.py": makepdf, "assignment1/train.ipynb": nb})
    f202 = [f for f in result.findings if f.rule_id == "ET202"]
    assert not any(f.status == "PASS" for f in f202), [(f.status, f.evidence) for f in f202]


def test_fix_left_after_a_foreign_snippet_is_no_sentence_fragment(tmp_path):
    """A W&B run behind a switch: ET420 asks whether runs were made with it on, and its fix, once the
    MLflow snippet is dropped, does not begin mid-sentence ("and refuse to train ...")."""
    script = (
        "import argparse\nimport json\nimport os\nimport torch\n\n"
        "p = argparse.ArgumentParser()\np.add_argument('--wandb', action='store_true')\n"
        "p.add_argument('--out', default='out')\nargs = p.parse_args()\n"
        "os.makedirs(args.out, exist_ok=True)\njson.dump(vars(args), open(os.path.join(args.out, 'args.json'), 'w'))\n"
        "if args.wandb:\n    import wandb\n    wandb.init(project='demo', config=vars(args))\n" + TRAIN
    )
    result = audit_committed(tmp_path, {"train.py": script, "requirements.txt": "torch\nwandb\n"})
    f420 = next(f for f in result.findings if f.rule_id == "ET420")
    assert not (f420.recommendation or "").lstrip().lower().startswith("and "), f420.recommendation


def test_parameter_fix_names_no_args_where_the_script_has_no_command_line(tmp_path):
    """dvc-checkpoints-mnist: DVCLive logs metrics, every setting is a literal, and there is no argparse:
    `live.log_params(vars(args))` would raise NameError; the DVC way is params.yaml declared by the stage."""
    result = audit_committed(
        tmp_path,
        DVC_PROJECT,
    )
    texts = [f.recommendation or "" for f in result.findings if f.rule_id.startswith("ET2")]
    texts += [str(r.get("snippet", "")) + str(r.get("text", "")) for r in result.recommendations]
    assert not any("vars(args)" in t for t in texts), [t for t in texts if "vars(args)" in t]


def test_fastai_seed_helper_only_for_a_fastai_script(tmp_path):
    """An examples collection: one fastai notebook among torch scripts; the seeding fix for the torch
    training script is torch's, not fastai's set_seed(seed, reproducible=True)."""
    fastai_nb = notebook(
        "from fastai.vision.all import *\nlearn = vision_learner(dls, resnet18)\nlearn.fine_tune(1)\n"
    )
    result = audit_committed(
        tmp_path,
        {"train.py": TRAIN, "finetune_fastai.ipynb": fastai_nb, "requirements.txt": "torch\nfastai\n"},
    )
    f401 = next(f for f in result.findings if f.rule_id == "ET401")
    assert f401.status == "FAIL"
    assert "reproducible=True" not in (f401.recommendation or ""), f401.recommendation


def test_pydantic_run_config_dumped_whole_with_each_checkpoint(tmp_path):
    """xtuner-style: `config_path.write_text(self._trainer_cfg.model_dump_json(indent=2))` beside every
    checkpoint: the whole run configuration, not a part of it."""
    trainer = (
        "import json\nfrom pathlib import Path\n\nimport torch\nfrom pydantic import BaseModel\n\n\n"
        "class TrainerConfig(BaseModel):\n    lr: float = 1e-4\n    seed: int = 42\n    work_dir: str = 'work_dirs'\n\n\n"
        "class Trainer:\n    def __init__(self, cfg: TrainerConfig):\n        self._trainer_cfg = cfg\n"
        "        self.model = torch.nn.Linear(4, 2)\n        self.opt = torch.optim.AdamW(self.model.parameters(), lr=cfg.lr)\n\n"
        "    def save(self, step):\n        ckpt = Path(self._trainer_cfg.work_dir) / f'step-{step}'\n        ckpt.mkdir(parents=True, exist_ok=True)\n"
        "        torch.save(self.model.state_dict(), ckpt / 'model.pt')\n"
        "        with (ckpt / 'trainer_config.json').open('w') as f:\n            f.write(self._trainer_cfg.model_dump_json(indent=2))\n\n"
        "    def fit(self):\n        for step in range(10):\n            loss = self.model(torch.randn(8, 4)).sum()\n"
        "            loss.backward()\n            self.opt.step()\n        self.save(10)\n\n\n"
        "if __name__ == '__main__':\n    Trainer(TrainerConfig()).fit()\n"
    )
    result = audit_committed(tmp_path, {"train.py": trainer, "requirements.txt": "torch\npydantic\n"})
    level = dimension(result, "parameter_logging")
    assert "part of the configuration" not in " ".join(level.reasons), level.reasons
    assert level.score >= 3, level.reasons


def _comet_collection(n: int) -> dict:
    script = (
        COMET_SCRIPT
        + '\ntorch.save(model.state_dict(), "model.pt")\nexperiment.log_model("demo", "model.pt")\n'
    )
    files = {f"integrations/ex{i}/train_{i}.py": script for i in range(n)}
    files["requirements.txt"] = "comet_ml\ntorch\n"
    return files


def test_a_tracker_most_examples_use_keeps_the_typical_runs_results(tmp_path):
    """Sixteen examples each open a Comet experiment and log metrics and the model: every one of them
    keeps its results, not the few the detection's evidence cites; one registering example and one
    Metaflow flow do not make the collection's typical run registered, nor Metaflow its record."""
    files = _comet_collection(16)
    files["integrations/registry/register.py"] = files["integrations/ex0/train_0.py"] + (
        "\nimport mlflow\nmlflow.register_model('runs:/abc/model', 'demo')\n"
    )
    files["integrations/metaflow/flow.py"] = (
        "from metaflow import FlowSpec, step\n\nclass Flow(FlowSpec):\n    @step\n    def start(self):\n"
        "        self.x = 1\n        self.next(self.end)\n\n    @step\n    def end(self):\n        pass\n\n"
        "if __name__ == '__main__':\n    Flow()\n"
    )
    result = audit_committed(tmp_path, files)
    level = dimension(result, "result_persistence")
    assert level.score == 4, level.reasons
    assert "Comet" in " ".join(level.reasons), level.reasons


CHECKPOINT_OPTION_TRAIN = """
import argparse
import os

import torch

p = argparse.ArgumentParser()
p.add_argument("--checkpoint", default="checkpoint", type=str)
p.add_argument("--lr", default=0.1, type=float)
args = p.parse_args()
os.makedirs(args.checkpoint, exist_ok=True)
log = open(os.path.join(args.checkpoint, "log.txt"), "w")
model = torch.nn.Linear(4, 2)
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
for epoch in range(10):
    loss = model(torch.randn(8, 4)).sum()
    loss.backward()
    opt.step()
    log.write(f"{epoch}\\t{loss.item()}\\n")
    torch.save(model.state_dict(), os.path.join(args.checkpoint, "checkpoint.pth.tar"))
"""


def test_documented_commands_each_naming_their_own_output_folder(tmp_path):
    """TRAINING.md gives each recipe its own `--checkpoint checkpoints/cifar10/<model>`: the documented
    runs keep their logs and checkpoints apart (level 3), though a run without the option shares the default."""
    training = (
        "```\npython cifar.py -a alexnet --checkpoint checkpoints/cifar10/alexnet\n```\n\n"
        "```\npython cifar.py -a resnet --checkpoint checkpoints/cifar10/resnet-110\n```\n"
    )
    result = audit_committed(
        tmp_path,
        {
            "cifar.py": CHECKPOINT_OPTION_TRAIN,
            "TRAINING.md": training,
            "README.md": "# CIFAR\n\nSee [TRAINING.md](TRAINING.md).\n",
        },
    )
    level = dimension(result, "result_persistence")
    assert level.score == 3, level.reasons
    assert "TRAINING.md" in " ".join(level.reasons)


def test_one_documented_folder_is_no_folder_per_run(tmp_path):
    training = "```\npython cifar.py -a alexnet --checkpoint checkpoints/cifar10/alexnet\n```\n"
    result = audit_committed(tmp_path, {"cifar.py": CHECKPOINT_OPTION_TRAIN, "TRAINING.md": training})
    assert dimension(result, "result_persistence").score <= 2


def test_credential_passed_to_a_configuration_command_in_a_script(tmp_path):
    """`dvc remote modify gd gdrive_client_secret '<secret>'` in a set-up script stores an OAuth client
    secret in the repository; `dvc remote modify gd gdrive_client_secret $SECRET` takes it from the
    environment."""
    fake = "Xq7" + "Lm2Pz9Wk4Rt8Vb"  # assembled so this file holds no literal that looks like a key
    script = (
        "#!/bin/bash\nset -eu\ndvc remote add -d storage gdrive://root/folder\n"
        f"dvc remote modify storage gdrive_client_secret '{fake}'\n"
    )
    env_script = "#!/bin/bash\ndvc remote modify storage gdrive_client_secret $GDRIVE_SECRET\n"
    result = audit_committed(
        tmp_path, {"train.py": TRAIN, "setup/generate.sh": script, "setup/ok.sh": env_script}
    )
    f204 = next(f for f in result.findings if f.rule_id == "ET204")
    cited = {e.path for e in f204.evidence}
    assert "setup/generate.sh" in cited and "setup/ok.sh" not in cited, (f204.status, f204.evidence)


SOLVER = """
import numpy as np


class Solver:
    def __init__(self, model, data, **kwargs):
        self.model, self.data = model, data
        self.num_epochs = kwargs.pop("num_epochs", 10)
        self.lr = kwargs.pop("optim_config", {}).get("learning_rate", 1e-3)

    def train(self):
        for epoch in range(self.num_epochs):
            for k, w in self.model.params.items():
                self.model.params[k] = w - self.lr * self.model.grads[k]
"""


def test_a_course_solver_trained_from_notebooks_makes_them_training_notebooks(tmp_path):
    """cs231n-style: `solver = Solver(model, data, num_epochs=10, optim_config={...}); solver.train()` and
    `net.train(X, y, X_val, y_val, num_iters=1000)` in notebooks train a numpy model; torch's
    `model.train()` (a mode) does not."""
    nb_solver = notebook(
        "import numpy as np\nfrom course.solver import Solver\nnp.random.seed(231)\nmodel = object()\ndata = {}\n",
        "solver = Solver(model, data, num_epochs=10, optim_config={'learning_rate': 1e-3})\nsolver.train()\n",
    )
    nb_net = notebook(
        "from course.net import TwoLayerNet\nnet = TwoLayerNet(10, 5, 2)\n",
        "stats = net.train(X, y, X_val, y_val, num_iters=1000, learning_rate=1e-4)\n",
    )
    nb_mode = notebook(
        "import torch\nmodel = torch.nn.Linear(2, 2)\nmodel.train()\nprint(model(torch.ones(1, 2)))\n"
    )
    result = audit_committed(
        tmp_path,
        {
            "course/__init__.py": "",
            "course/solver.py": SOLVER,
            "course/net.py": "class TwoLayerNet:\n    def __init__(self, *a):\n        pass\n\n    def train(self, X, y, Xv, yv, num_iters=100, learning_rate=1e-3):\n        return {}\n",
            "solver_demo.ipynb": nb_solver,
            "two_layer_net.ipynb": nb_net,
            "mode_only.ipynb": nb_mode,
        },
    )
    entries = {e.path for e in result.ctx.taxonomy.training_entry_points}
    assert {"solver_demo.ipynb", "two_layer_net.ipynb"} <= entries, entries
    assert "mode_only.ipynb" not in entries


def test_data_version_fix_targets_a_script_that_reads_data(tmp_path):
    """A collection whose first training script trains on torch.randint tokens and whose second reads a
    CSV: ET421's first place (where its fix goes) is the script that reads data."""
    synthetic = TRAIN.replace("torch.randn(8, 4)", "torch.randint(0, 10, (8, 4)).float()")
    reads = "import pandas as pd\n" + TRAIN.replace(
        "torch.randn(8, 4)", "torch.tensor(pd.read_csv('data/train.csv').values[:8, :4]).float()"
    )
    result = audit_committed(tmp_path, {"a_benchmark/train.py": synthetic, "b_tabular/train.py": reads})
    f421 = next(f for f in result.findings if f.rule_id == "ET421")
    assert f421.status == "FAIL"
    assert f421.evidence[0].path == "b_tabular/train.py", f421.evidence
