"""Guards for defects a code review found in this round's first fixes, each failing on the build
before the mend."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, detections_by_tool, dimension, status_of
from tests.test_fresh70_families import TRAIN
from tests.test_fresh72_families import CHECKPOINT_OPTION_TRAIN, COMET_SCRIPT, DVCLIVE_TRAIN


def _finding(result, rule_id):
    return next(f for f in result.findings if f.rule_id == rule_id)


WANDB_LOOP = (
    "    model = torch.nn.Linear(4, 2)\n    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
    "    for step in range(10):\n        loss = model(torch.randn(8, 4)).sum()\n        loss.backward()\n        opt.step()\n"
)


def test_a_rank_flag_and_a_user_switch_together_are_still_a_switch(tmp_path):
    """`use_wandb = args.wandb and get_rank() == 0`: `args.wandb` is the user's option, though a module
    named wandb is imported; and a flag later set False by an option is a switch too."""
    head = (
        "import argparse\nimport torch\nimport torch.distributed\nimport wandb\n\n"
        "def main():\n    p = argparse.ArgumentParser()\n    p.add_argument('--wandb', action='store_true')\n"
        "    args = p.parse_args()\n"
    )
    tail = "    if use_wandb:\n        wandb.init(project='demo')\n" + WANDB_LOOP + "\nmain()\n"
    both = head + "    use_wandb = args.wandb and torch.distributed.get_rank() == 0\n" + tail
    result = audit_committed(tmp_path / "a", {"train.py": both, "requirements.txt": "torch\nwandb\n"})
    assert detections_by_tool(result)["wandb"].scope == "optional"
    later = (
        head
        + "    use_wandb = torch.distributed.get_rank() == 0\n    if not args.wandb:\n        use_wandb = False\n"
        + tail
    )
    result = audit_committed(tmp_path / "b", {"train.py": later, "requirements.txt": "torch\nwandb\n"})
    assert detections_by_tool(result)["wandb"].scope == "optional"


def test_a_registration_script_no_training_script_imports_serves_every_run(tmp_path):
    script = (
        "import mlflow\nimport torch\n\n"
        + TRAIN.replace("import torch\n", "")
        + "\nwith mlflow.start_run():\n"
        "    for step in range(3):\n        mlflow.log_metric('loss', 0.1, step=step)\n"
        "    mlflow.pytorch.log_model(model, 'model')\n"
    )
    files = {f"train_{x}.py": script for x in "abcd"}
    files["register_best.py"] = "import mlflow\n\nmlflow.register_model('runs:/abc/model', 'demo')\n"
    result = audit_committed(tmp_path, {**files, "requirements.txt": "mlflow\ntorch\n"})
    assert status_of(result, "ET520") == "PASS"
    assert dimension(result, "result_persistence").score == 5, dimension(result, "result_persistence").reasons


def test_neptune_tracked_weights_are_no_data_version(tmp_path):
    script = (
        "import neptune\nimport torch\n\n"
        + TRAIN.replace("import torch\n", "")
        + '\nrun = neptune.init_run(project="team/demo")\nrun["model/weights"].track_files("model.pt")\n'
    )
    result = audit_committed(tmp_path, {"train.py": script, "requirements.txt": "neptune\ntorch\n"})
    assert status_of(result, "ET421") != "PASS"
    tool = detections_by_tool(result).get("neptune_artifacts")
    assert tool is None or not tool.present


def test_comet_get_artifact_second_argument_is_a_workspace(tmp_path):
    script = COMET_SCRIPT + '\nart = experiment.get_artifact("bert-weights", "data-team")\n'
    script = script.replace("import comet_ml\n", "import comet_ml\nfrom comet_ml import Artifact\n")
    script += 'weights = comet_ml.get_artifact("bert-weights", "data-team")\n'
    result = audit_committed(tmp_path, {"train.py": script, "requirements.txt": "comet_ml\ntorch\n"})
    tool = detections_by_tool(result).get("comet_artifacts")
    assert tool is None or not tool.present


def test_another_objects_change_stage_is_no_model_promotion(tmp_path):
    script = (
        "import mlflow\nimport torch\nfrom curriculum import Curriculum\n\n"
        + TRAIN.replace("import torch\n", "")
        + "\ncur = Curriculum()\ncur.change_stage(1)\nwith mlflow.start_run():\n"
        "    mlflow.pytorch.log_model(model, 'model', registered_model_name='demo')\n"
    )
    result = audit_committed(
        tmp_path,
        {
            "train.py": script,
            "curriculum.py": "class Curriculum:\n    def change_stage(self, i):\n        self.i = i\n",
        },
    )
    f521 = [f for f in result.findings if f.rule_id == "ET521"]
    assert f521 and f521[0].status != "PASS", [(f.status, f.message) for f in f521]


def test_a_linked_contributing_guide_with_pip_and_pytest_is_no_run_instruction(tmp_path):
    readme = "# Project\n\nSee [CONTRIBUTING](CONTRIBUTING.md).\n"
    contributing = "# Contributing\n\n```\npip install -e .[dev]\npytest\n```\n"
    result = audit_committed(
        tmp_path, {"README.md": readme, "CONTRIBUTING.md": contributing, "train.py": TRAIN}
    )
    assert _finding(result, "ET604").status != "PASS"


def test_other_scripts_options_name_no_run_folder(tmp_path):
    """README: `python prepare_data.py --checkpoint data/processed` and `python cifar.py --checkpoint out`:
    only one command runs the training script, so its runs share one folder."""
    readme = (
        "# X\n\n```\npython prepare_data.py --checkpoint data/processed\npython cifar.py --checkpoint out\n"
        "python cifar.py --checkpoint <dir>\n```\n"
    )
    result = audit_committed(
        tmp_path, {"cifar.py": CHECKPOINT_OPTION_TRAIN, "README.md": readme, "prepare_data.py": "print(1)\n"}
    )
    assert dimension(result, "result_persistence").score <= 2, dimension(result, "result_persistence").reasons


def test_dvclive_script_no_stage_runs_has_no_experiment_table(tmp_path):
    dvc_yaml = "stages:\n  prepare:\n    cmd: python prepare.py\n    outs:\n    - data/prepared\n"
    result = audit_committed(
        tmp_path,
        {"train.py": DVCLIVE_TRAIN, "prepare.py": "print(1)\n", "dvc.yaml": dvc_yaml, ".dvc/config": ""},
    )
    assert status_of(result, "ET320") != "PASS"


def test_dvc_stage_depending_on_configs_and_code_folders_links_no_data(tmp_path):
    dvc_yaml = (
        "stages:\n  train:\n    cmd: python src/train.py\n    deps:\n    - src/train.py\n    - src/models\n"
        "    - config.yaml\n    - requirements.txt\n    outs:\n    - model.pt\n"
    )
    result = audit_committed(
        tmp_path,
        {
            "src/train.py": DVCLIVE_TRAIN,
            "src/models/__init__.py": "",
            "config.yaml": "lr: 0.1\n",
            "dvc.yaml": dvc_yaml,
            ".dvc/config": "",
        },
    )
    assert status_of(result, "ET421") != "PASS"


def test_hf_argument_parser_script_keeps_its_options_in_the_fix(tmp_path):
    script = (
        "from dataclasses import dataclass, field\nimport wandb\nfrom transformers import HfArgumentParser\n\n"
        "@dataclass\nclass Args:\n    lr: float = field(default=1e-3)\n\n"
        "(args,) = HfArgumentParser(Args).parse_args_into_dataclasses()\nwandb.init(project='demo')\n"
        "import torch\nmodel = torch.nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=args.lr)\n"
        "for step in range(10):\n    loss = model(torch.randn(8, 4)).sum()\n    loss.backward()\n    opt.step()\n"
        "    wandb.log({'loss': loss.item()})\n"
    )
    result = audit_committed(
        tmp_path, {"train.py": script, "requirements.txt": "torch\nwandb\ntransformers\n"}
    )
    texts = " ".join(f.recommendation or "" for f in result.findings if f.rule_id in ("ET210", "ET211"))
    assert "every setting the script reads" not in texts, texts


def test_jupytext_configured_in_pyproject_pairs_the_notebooks(tmp_path):
    from tests.test_fresh72_families import _notebook_with_outputs

    pyproject = (
        '[project]\nname = "demo"\nversion = "0.1"\ndependencies = ["torch", "jupytext"]\n\n'
        '[tool.jupytext]\nformats = "ipynb,py:percent"\n'
    )
    result = audit_committed(
        tmp_path,
        {"pyproject.toml": pyproject, "nb/train.ipynb": _notebook_with_outputs("import torch\nprint(1)")},
    )
    assert status_of(result, "ET603") == "PASS"


def test_a_module_built_with_a_learning_rate_then_put_in_training_mode_does_not_train(tmp_path):
    from tests.rules.repo_helpers import notebook

    nb = notebook(
        "import torch\nfrom model import LitModel\nmodel = LitModel(lr=1e-3, batch_size=32)\n"
        "model.load_state_dict(torch.load('model.pt'))\nmodel.train()\nprint(model(torch.ones(1, 4)))\n"
    )
    tok = (
        "from tokenizers import Tokenizer\nfrom tokenizers.models import BPE\nfrom tokenizers.trainers import BpeTrainer\n"
        "tokenizer = Tokenizer(BPE())\ntokenizer.train(['data/wiki.txt'], BpeTrainer(vocab_size=30000))\n"
    )
    model = "import torch\n\nclass LitModel(torch.nn.Module):\n    def __init__(self, lr, batch_size):\n        super().__init__()\n"
    result = audit_committed(
        tmp_path, {"train.py": TRAIN, "session.ipynb": nb, "model.py": model, "train_tokenizer.py": tok}
    )
    entries = {e.path for e in result.ctx.taxonomy.training_entry_points}
    assert "session.ipynb" not in entries and "train_tokenizer.py" not in entries, entries


def test_a_config_option_in_a_training_command_is_no_credential(tmp_path):
    script = "#!/bin/bash\npython train.py --config max_tokens_per_batch 16384000\ngit config user.password 'Xq7Lm2Pz9Wk4'\n"
    result = audit_committed(tmp_path, {"train.py": TRAIN, "run.sh": script})
    f204 = _finding(result, "ET204")
    lines = {e.line for e in f204.evidence if e.path == "run.sh"}
    assert 2 not in lines and 3 in lines, f204.evidence


def test_a_script_handing_training_to_an_unread_submodule_is_asked_about_whatever_other_scripts_do(tmp_path):
    """train.py hands training to a package in a submodule that is not checked out (through its helper
    tools/runner.py); a toy script with its own loop beside it does not make that package a helper."""
    from experiment_tracking.audit import run_audit
    from tests.conftest import repo_with_missing_submodule

    files = {
        "train.py": "from tools.runner import run\n\nrun('configs/a.py')\n",
        "tools/__init__.py": "",
        "tools/runner.py": "from engine.apis import train_model\n\ndef run(cfg):\n    train_model(cfg)\n",
        "toy_loop.py": TRAIN,
    }
    repo_with_missing_submodule(tmp_path, files, "engine")
    from experiment_tracking.rules.facts import unread_framework

    result = run_audit(tmp_path)
    found = unread_framework(result.ctx)
    assert found is not None and found[0] == "engine", found


def test_the_tracker_named_is_the_one_most_scripts_use_whichever_kind(tmp_path):
    """Fourteen TensorBoard scripts and five W&B scripts: the typical run's tracker is TensorBoard."""
    tb = (
        "import torch\nfrom torch.utils.tensorboard import SummaryWriter\n\nwriter = SummaryWriter()\n"
        + TRAIN.replace("import torch\n", "").replace(
            "    opt.step()\n", "    opt.step()\n    writer.add_scalar('loss', loss.item(), epoch)\n"
        )
    )
    wb = "import torch\nimport wandb\n\nwandb.init(project='demo')\n" + TRAIN.replace(
        "import torch\n", ""
    ).replace("    opt.step()\n", "    opt.step()\n    wandb.log({'loss': loss.item()})\n")
    files = {f"tb/train_{i}.py": tb for i in range(14)}
    files.update({f"wb/train_{i}.py": wb for i in range(5)})
    result = audit_committed(tmp_path, {**files, "requirements.txt": "torch\nwandb\ntensorboard\n"})
    reasons = " ".join(dimension(result, "result_persistence").reasons)
    assert "Weights & Biases" not in reasons.split(";")[0], reasons


def test_a_heading_about_a_checkpoint_feature_linking_docs_offers_no_weights(tmp_path):
    """ "## Adding `dvclive` checkpoints to a DVC project" above a link to the tool's documentation: a
    feature, not trained weights; empty DVC config versions no data either."""
    readme = (
        "# Example\n\n## Adding `dvclive` checkpoints to a DVC project\n\nSee the "
        "[docs](https://dvc.org/doc/user-guide/experiment-management) for checkpoints.\n"
    )
    result = audit_committed(tmp_path, {"README.md": readme, "train.py": DVCLIVE_TRAIN, ".dvc/config": ""})
    f520 = [f for f in result.findings if f.rule_id == "ET520"]
    assert not any("offers pretrained weights" in e.detail for f in f520 for e in f.evidence)
    f421 = _finding(result, "ET421")
    assert "Data is versioned" not in f421.message, f421.message


def test_a_checkpoints_heading_linking_weight_files_offers_them(tmp_path):
    readme = (
        "# Model\n\n## Checkpoints\n\n[resnet50.pth](https://example.org/releases/download/v1/resnet50.pth)\n"
    )
    result = audit_committed(tmp_path, {"README.md": readme, "train.py": TRAIN})
    f520 = [f for f in result.findings if f.rule_id == "ET520"]
    assert any("offers pretrained weights" in e.detail for f in f520 for e in f.evidence), [
        (f.status, f.evidence) for f in f520
    ]


def test_worker_seeding_fix_goes_to_the_unseeded_loaders_not_the_seeded_script(tmp_path):
    """ET404 cites the unseeded multi-worker DataLoaders and, as context, another script's torch seed:
    the recommendation's file is one with the loaders."""
    seeded = "import torch\ntorch.manual_seed(0)\n" + TRAIN.replace("import torch\n", "")
    loaders = (
        "import torch\nfrom torch.utils.data import DataLoader, TensorDataset\n\n"
        "ds = TensorDataset(torch.randn(64, 4), torch.randn(64, 2))\nloader = DataLoader(ds, batch_size=8, num_workers=4, shuffle=True)\n"
        "model = torch.nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "for x, y in loader:\n    loss = (model(x) - y).pow(2).mean()\n    loss.backward()\n    opt.step()\n"
    )
    result = audit_committed(tmp_path, {"a_seeded/train.py": seeded, "b_loaders/train.py": loaders})
    recs = [r for r in result.recommendations if "ET404" in str(r.get("rules", r.get("rule", "")))]
    f404 = _finding(result, "ET404")
    from experiment_tracking.scoring import fix_site

    assert f404.status == "WARN"
    assert fix_site(result.ctx, f404) == "b_loaders/train.py", (
        fix_site(result.ctx, f404),
        f404.evidence,
        recs,
    )
