"""Guards for the defects an independent reviewer found in the fresh69 changes (each fails on 5149f2a)."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, detections_by_tool, finding
from tests.test_fresh69_families import HF_SPLIT_ARGS_TRAIN, METAFLOW_CONFIG_FLOW

_audit = audit_committed
TORCH_LOOP = (
    "import torch\nmodel = torch.nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
    "for step in range(10):\n    loss = model(torch.randn(8, 4)).sum()\n    opt.zero_grad()\n"
    "    loss.backward()\n    opt.step()\n"
)


def test_a_dict_the_name_held_in_another_function_says_nothing_of_this_write(tmp_path):
    script = (
        "import argparse\nimport pickle\n" + TORCH_LOOP + "\n\ndef save_pkl_object(obj, filename):\n"
        "    with open(filename, 'wb') as f:\n        pickle.dump(obj, f)\n\n\ndef describe(args):\n"
        "    data = {'train_config': vars(args), 'eval_log': []}\n    print(data)\n\n\ndef main(args):\n"
        "    data = model.state_dict()\n    save_pkl_object(data, f'agents/{args.name}/model.pkl')\n\n\n"
        "args = argparse.ArgumentParser().parse_args()\nmain(args)\n"
    )
    result = _audit(tmp_path, {"train.py": script, "requirements.txt": "torch==2.3.0\n"})
    assert not [p for p in result.ctx.records.config if p.target.startswith("agents/")], (
        result.ctx.records.config
    )
    assert not [p for p in result.ctx.records.metrics if p.target.startswith("agents/")]


def test_a_report_to_field_of_a_plain_dataclass_turns_no_tracker_on(tmp_path):
    script = (
        "from dataclasses import dataclass\n" + TORCH_LOOP + "\n\n@dataclass\nclass Config:\n"
        "    report_to: str = 'wandb'\n    lr: float = 0.1\n"
    )
    result = _audit(tmp_path, {"train.py": script, "requirements.txt": "torch==2.3.0\n"})
    wandb = detections_by_tool(result).get("wandb")
    assert wandb is None or wandb.usage == "mentioned", wandb


def test_each_entry_of_a_dict_of_paths_keeps_its_own_path(tmp_path):
    script = (
        "import argparse\nimport json\nimport os\n"
        + TORCH_LOOP
        + "\nargs = argparse.ArgumentParser().parse_args()\n"
        "paths = {}\npaths['config'] = os.path.join(args.out_dir, 'config.json')\n"
        "paths['ckpt'] = os.path.join(args.out_dir, 'model.pt')\n"
        "json.dump(vars(args), open(paths['config'], 'w'))\ntorch.save(model.state_dict(), paths['ckpt'])\n"
    )
    result = _audit(tmp_path, {"train.py": script, "requirements.txt": "torch==2.3.0\n"})
    targets = {p.target for p in result.ctx.records.config}
    assert not any(t.endswith("model.pt") for t in targets), targets


def test_a_models_own_config_in_a_checkpoint_is_not_the_runs_options(tmp_path):
    script = (
        "import argparse\n" + TORCH_LOOP + "\nargs = argparse.ArgumentParser().parse_args()\n"
        "torch.save({'state_dict': model.state_dict(), 'model_config': {'hidden': 4}}, f'ckpt/{args.name}.pt')\n"
    )
    result = _audit(tmp_path, {"train.py": script, "requirements.txt": "torch==2.3.0\n"})
    assert not [p for p in result.ctx.records.config if p.whole], result.ctx.records.config


def test_a_setting_naming_a_metric_is_no_curve_in_the_checkpoint(tmp_path):
    script = (
        "import argparse\n" + TORCH_LOOP + "\nargs = argparse.ArgumentParser().parse_args()\n"
        "torch.save({'state_dict': model.state_dict(), 'args': args, 'grad_accum_steps': 1, 'log_dir': 'x'}, "
        "f'ckpt/{args.name}.pt')\n"
    )
    result = _audit(tmp_path, {"train.py": script, "requirements.txt": "torch==2.3.0\n"})
    assert not [p for p in result.ctx.records.metrics if p.target.startswith("ckpt/")], (
        result.ctx.records.metrics
    )


def test_a_setting_about_the_model_in_a_metaflow_step_is_no_stored_model(tmp_path):
    flow = "import os\n" + METAFLOW_CONFIG_FLOW.replace(
        "self.model = LinearRegression",
        "self.model_path = os.path.join('models', 'lr.pkl')\n        scores = LinearRegression",
    )
    result = _audit(
        tmp_path,
        {"flow.py": flow, "config.yaml": "fit_intercept: true\n", "requirements.txt": "metaflow==2.13.1\n"},
    )
    assert "self.model_path" not in finding(result, "ET310").message


def test_one_launched_helper_of_another_language_is_no_training_code(tmp_path):
    readme = "# port\n\nConvert the weights first:\n\n```\nth convert_torch.lua vgg.t7\n```\n"
    result = _audit(
        tmp_path,
        {
            "README.md": readme,
            "convert_torch.lua": "require 'torch'\n",
            "infer.py": "import torch\nprint(torch.__version__)\n",
        },
    )
    f = finding(result, "ET410")
    assert f is None or "Lua training code" not in f.message, f


def test_a_split_parser_in_another_module_says_nothing_of_the_trainers_arguments(tmp_path):
    train = (
        "from transformers import AutoModelForCausalLM, Trainer, TrainingArguments\n\n"
        "args = TrainingArguments(output_dir='out', report_to='wandb')\n"
        "trainer = Trainer(model=AutoModelForCausalLM.from_pretrained('gpt2'), args=args)\ntrainer.train()\n"
    )
    prep = HF_SPLIT_ARGS_TRAIN.replace(
        "(ModelArguments, DataArguments, TrainingArguments)", "(ModelArguments, DataArguments)"
    )
    prep = prep.replace("model_args, data_args, training_args", "model_args, data_args, *_")
    result = _audit(
        tmp_path,
        {
            "train.py": train,
            "tools/prepare.py": prep,
            "requirements.txt": "transformers==4.44.0\nwandb==0.17.0\n",
        },
    )
    f = finding(result, "ET210")
    assert not any(
        "not the model and data arguments" in e.detail for e in f.evidence if e.path == "train.py"
    ), f.evidence


def test_an_empty_project_variable_names_nothing_and_a_prefixed_one_does(tmp_path):
    files = {
        "train.py": "import wandb\nwandb.init()\nwandb.log({'loss': 1.0})\n",
        "requirements.txt": "wandb==0.17.0\n",
    }
    empty = _audit(tmp_path / "a", {**files, "run.sh": 'export WANDB_PROJECT=""\npython train.py\n'})
    assert finding(empty, "ET110").status != "PASS"
    inline = _audit(
        tmp_path / "b", {**files, "run.sh": "CUDA_VISIBLE_DEVICES=0 WANDB_PROJECT=sft python train.py\n"}
    )
    assert finding(inline, "ET110").status == "PASS"


def test_a_word_list_of_passwords_is_data_not_a_credential_file(tmp_path):
    result = _audit(
        tmp_path,
        {
            "data/leaked_passwords.txt": "123456\npassword\n",
            "train.py": TORCH_LOOP,
            "requirements.txt": "torch==2.3.0\n",
        },
    )
    assert finding(result, "ET204").status == "PASS"


def test_a_logger_named_after_a_module_imports_nothing(tmp_path):
    from experiment_tracking.detect.engine import project_imports

    result = _audit(
        tmp_path,
        {
            "train.py": "import logging\nlog = logging.getLogger('training.loop')\n" + TORCH_LOOP,
            "training/__init__.py": "",
            "training/loop.py": "import numpy as np\nnp.random.seed(0)\n",
            "requirements.txt": "torch==2.3.0\n",
        },
    )
    assert "training/loop.py" not in project_imports(result.ctx.index)["train.py"]


def test_the_best_value_kept_in_a_checkpoint_for_resuming_is_no_metrics_record(tmp_path):
    """nanoGPT's ckpt.pt holds best_val_loss beside the model and its config, to resume and to keep the
    best: no metrics stream, and no custom result logging."""
    script = (
        "import os\n" + TORCH_LOOP + "\nconfig = {'lr': 0.1}\nbest_val_loss = 1e9\n"
        "checkpoint = {'model': model.state_dict(), 'optimizer': opt.state_dict(), 'best_val_loss': best_val_loss, "
        "'config': config}\ntorch.save(checkpoint, os.path.join('out', 'ckpt.pt'))\n"
    )
    result = _audit(tmp_path, {"train.py": script, "requirements.txt": "torch==2.3.0\n"})
    assert not result.ctx.records.metrics, result.ctx.records.metrics
    assert "custom_logging" not in detections_by_tool(result)
