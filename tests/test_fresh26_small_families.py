"""Small families from unseen repositories, each decided by what the code does:

- ml_collections' `config_flags.DEFINE_config_file` is a config file every field of which the command
  line overrides (`--config.batch_size=64`): two configuration layers, not one.
- `tf.distribute.MirroredStrategy`, `nn.DataParallel` and `jax.pmap` drive the local devices from one
  process: a plain `python` run uses them, no launcher is missing.
- numpy used for arithmetic (`np.nan`, `np.isnan`) draws nothing, and a data pipeline that trains
  nothing is no experiment to seed.
- In a notebook cell, a line `%(epoch, loss))` continuing a print is the % operator, not a magic.
"""

from __future__ import annotations

import json

from experiment_tracking.audit import run_audit
from experiment_tracking.index.notebooks import clean_cell
from tests.rules.repo_helpers import write_repo


def _find(result, rid):
    return next((f for f in result.findings if f.rule_id == rid), None)


def test_ml_collections_config_flags_are_file_and_command_line(tmp_path):
    main = (
        "from absl import app\nfrom ml_collections.config_flags import config_flags\n"
        "from qmc import train\n\n"
        "config_flags.DEFINE_config_file('config', None, 'Path to config file.')\n\n\n"
        "def main(_):\n    train.train(config_flags.FLAGS.config)\n\n\n"
        "if __name__ == '__main__':\n    app.run(main)\n"
    )
    train = "import jax\n\n\ndef train(cfg):\n    for t in range(cfg.iterations):\n        jax.grad(lambda p: p ** 2)(1.0)\n"
    write_repo(tmp_path, {"qmc/__init__.py": "", "qmc/main.py": main, "qmc/train.py": train})
    f = _find(run_audit(tmp_path), "ET201")
    assert f.status == "PASS" and "command line" in f.message


def test_one_process_data_parallelism_needs_no_launcher(tmp_path):
    code = (
        "import tensorflow as tf\n\nstrategy = tf.distribute.MirroredStrategy()\nwith strategy.scope():\n"
        "    model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n    model.compile('adam', 'mse')\n"
        "model.fit(x, y, epochs=10)\n"
    )
    write_repo(tmp_path, {"train.py": code})
    f = _find(run_audit(tmp_path), "ET510")
    assert f.status == "PASS" and "no launcher is needed" in f.message


def test_multi_worker_strategy_still_needs_a_launcher(tmp_path):
    code = (
        "import tensorflow as tf\n\nstrategy = tf.distribute.MultiWorkerMirroredStrategy()\n"
        "with strategy.scope():\n    model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
        "    model.compile('adam', 'mse')\nmodel.fit(x, y, epochs=10)\n"
    )
    write_repo(tmp_path, {"train.py": code})
    assert _find(run_audit(tmp_path), "ET510").status == "WARN"


def test_arithmetic_numpy_in_a_data_pipeline_needs_no_seed(tmp_path):
    etl = (
        "import random\n\nimport numpy as np\nimport pandas as pd\n\n\n"
        "def clean(df):\n    df['age'] = df['age'].replace(-1, np.nan)\n    df = df[~np.isnan(df['age'])]\n"
        "    df['uid'] = [random.randint(0, 10**9) for _ in range(len(df))]\n    return df\n"
    )
    write_repo(tmp_path, {"pipelines/clean.py": etl})
    assert _find(run_audit(tmp_path), "ET401") is None


def test_a_percent_continuation_line_is_python_not_a_magic():
    cell = "for i in range(3):\n    print('Epoch: %d | loss: %.4f' \\\n          %(i+1, 0.5))\n%matplotlib inline\n"
    code, _ = clean_cell(cell)
    lines = code.split("\n")
    assert lines[2].strip() == "%(i+1, 0.5))" and lines[3] == ""
    compile(code, "cell", "exec")
    json.dumps(code)  # plain text


def test_fairness_is_asked_only_of_data_about_people(tmp_path):
    train = "import jax\nfor t in range(100):\n    g = jax.grad(lambda p: p ** 2)(1.0)\n"
    write_repo(
        tmp_path, {"train.py": train, "README.md": "# QMC\n\nVariational Monte Carlo for molecules.\n"}
    )
    assert _find(run_audit(tmp_path), "ET611") is None
    write_repo(tmp_path, {"README.md": "# Faces\n\nEstimates age and gender from faces.\n"})
    assert _find(run_audit(tmp_path), "ET611").status == "WARN"


def test_a_switched_off_tracker_shares_runs_only_when_on(tmp_path):
    train = (
        "import torch\nimport wandb\n\nwandb_log = False\nmodel = torch.nn.Linear(2, 1).cuda()\n"
        "if wandb_log:\n    wandb.init(project='llamac', config={'lr': 1e-3})\n"
        "for it in range(100):\n    loss = model(torch.zeros(2).cuda()).sum()\n    loss.backward()\n"
        "    if wandb_log:\n        wandb.log({'loss': loss.item()}, step=it)\n"
    )
    write_repo(tmp_path, {"train.py": train})
    f = _find(run_audit(tmp_path), "ET601")
    assert f.status == "REVIEW" and "only when" in f.message and f.question
    write_repo(tmp_path, {"train.py": train.replace("wandb_log = False", "wandb_log = True")})
    assert _find(run_audit(tmp_path), "ET601").status == "PASS"


def test_one_ci_python_written_in_several_jobs_or_a_one_entry_matrix_is_stated(tmp_path):
    jobs = "".join(
        f"  {name}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-python@v5\n"
        f'        with:\n          python-version: "3.10"\n      - run: pytest test_all.py\n'
        for name in ("test", "build")
    )
    workflow = "name: ci\non: [push]\njobs:\n" + jobs
    train = "import torch\nmodel = torch.nn.Linear(2, 1)\nfor it in range(3):\n    model(torch.zeros(2)).sum().backward()\n"
    write_repo(
        tmp_path,
        {"train.py": train, "test_all.py": "def test_x():\n    pass\n", ".github/workflows/ci.yml": workflow},
    )
    f = _find(run_audit(tmp_path), "ET411")
    assert f.status == "PASS" and ".github/workflows/ci.yml" in f.message
    matrix = (
        "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
        "        python-version: ['3.12']\n    steps:\n      - uses: actions/setup-python@v5\n        with:\n"
        "          python-version: ${{ matrix.python-version }}\n      - run: pytest\n"
    )
    write_repo(tmp_path, {".github/workflows/ci.yml": matrix})
    assert _find(run_audit(tmp_path), "ET411").status == "PASS"


def test_engine_configs_and_typed_options_need_no_schema(tmp_path):
    trainer = (
        "import click\nfrom transformers import Trainer, TrainingArguments\n\n\n"
        "@click.command()\n@click.option('--epochs', type=int, default=3)\n"
        "@click.option('--bf16', type=bool, default=None)\n@click.option('--deepspeed', type=str)\n"
        "def train(epochs, bf16, deepspeed):\n"
        "    args = TrainingArguments(output_dir='out', num_train_epochs=epochs, bf16=bf16, deepspeed=deepspeed)\n"
        "    Trainer(model=model, args=args, train_dataset=ds).train()\n\n\n"
        "if __name__ == '__main__':\n    train()\n"
    )
    ds = '{"zero_optimization": {"stage": 3}, "train_micro_batch_size_per_gpu": "auto", "bf16": {"enabled": "auto"}}\n'
    write_repo(
        tmp_path, {"trainer.py": trainer, "config/a100_config.json": ds, "config/v100_config.json": ds}
    )
    result = run_audit(tmp_path)
    assert _find(result, "ET202").status == "PASS"
    et203 = _find(result, "ET203")
    assert et203 is None or not any("a100_config" in e.path for e in et203.evidence)


def test_typed_options_through_a_project_wrapper_of_argparse(tmp_path):
    config = (
        "import argparse\n\n\nclass Config:\n    def __init__(self):\n        self.parser = argparse.ArgumentParser()\n\n"
        "    def add_argument(self, *args, **kwargs):\n        self.parser.add_argument(*args, **kwargs)\n"
    )
    jobs = (
        "import torch\nfrom config import Config\n\ncf = Config()\ncf.add_argument('--i', type=int, default=0)\n"
        "model = torch.nn.Linear(2, 1)\nfor step in range(10):\n    model(torch.zeros(2)).sum().backward()\n"
    )
    write_repo(tmp_path, {"config.py": config, "jobs.py": jobs})
    f = _find(run_audit(tmp_path), "ET202")
    assert f.status == "PASS" and "argparse" in f.message


def test_a_script_handing_an_agent_to_the_projects_loop_is_a_training_entry_point(tmp_path):
    agent = (
        "import torch\n\n\nclass DQNAgent:\n    def __init__(self, config):\n"
        "        self.network = torch.nn.Linear(4, 2)\n        self.optimizer = torch.optim.Adam(self.network.parameters())\n\n"
        "    def step(self):\n        loss = self.network(torch.zeros(4)).sum()\n        self.optimizer.zero_grad()\n"
        "        loss.backward()\n        self.optimizer.step()\n"
    )
    misc = "def run_steps(agent, max_steps=1000):\n    for t in range(max_steps):\n        agent.step()\n"
    examples = (
        "from rl.agent import DQNAgent\nfrom rl.misc import run_steps\n\n\n"
        "def dqn_feature(**kwargs):\n    run_steps(DQNAgent(kwargs))\n\n\n"
        "if __name__ == '__main__':\n    dqn_feature(game='CartPole-v0')\n"
    )
    jobs = "from examples import *\n\nif __name__ == '__main__':\n    dqn_feature(game='Breakout')\n"
    write_repo(
        tmp_path,
        {
            "rl/__init__.py": "",
            "rl/agent.py": agent,
            "rl/misc.py": misc,
            "examples.py": examples,
            "jobs.py": jobs,
        },
    )
    entries = [e.path for e in run_audit(tmp_path).ctx.taxonomy.training_entry_points]
    assert "examples.py" in entries


def test_a_tfds_version_set_in_the_config_and_a_checkpoint_manager_save(tmp_path):
    config = (
        "import ml_collections\n\n\ndef get_config():\n    cfg = ml_collections.ConfigDict()\n"
        "    cfg.ds_name = 'lm1b:1.1.0'\n    cfg.batch_size = 64\n    return cfg\n"
    )
    data = "import tensorflow_datasets as tfds\n\n\ndef batches(tfds_name, split):\n    return tfds.data_source(tfds_name, split=split)\n"
    train = (
        "import jax\nimport orbax.checkpoint as ocp\nfrom lm import data\n\n\ndef _get_ckpt_manager(workdir):\n"
        "    return ocp.CheckpointManager(workdir, ocp.PyTreeCheckpointer())\n\n\n"
        "def train_and_evaluate(c, workdir):\n    ds = data.batches(c.ds_name, 'train')\n"
        "    ckpt_mngr = _get_ckpt_manager(workdir)\n    for step in range(c.num_steps):\n"
        "        grads = jax.grad(lambda p: (p ** 2).sum())(1.0)\n        if step % 100 == 0:\n"
        "            ckpt_mngr.save(step, {'state': grads})\n"
    )
    main = (
        "from lm import train\nfrom lm.configs.default import get_config\n\n"
        "if __name__ == '__main__':\n    train.train_and_evaluate(get_config(), 'workdir')\n"
    )
    files = {"lm/__init__.py": "", "lm/configs/default.py": config, "lm/data.py": data, "lm/train.py": train}
    write_repo(tmp_path, {**files, "lm/main.py": main})
    result = run_audit(tmp_path)
    assert _find(result, "ET120").status == "PASS"
    assert "never saved" not in _find(result, "ET310").message
    data_dim = next(d for d in result.scorecard.dimensions if d.name == "data_versioning")
    # every load at a pinned TFDS version: tool-managed versioning of the main data (level 4, fresh88)
    assert data_dim.score == 4 and "lm1b:1.1.0" in data_dim.reasons[0]


def test_a_copied_library_trainer_brings_no_search_or_distributed_tools(tmp_path):
    header = (
        "# coding=utf-8\n# Copyright 2020-present the HuggingFace Inc. team.\n#\n"
        '# Licensed under the Apache License, Version 2.0 (the "License");\n'
    )
    body = "".join(f"    def helper_{i}(self):\n        return {i}\n\n" for i in range(260))
    trainer = (
        header + "import torch\n\n\nclass Trainer:\n"
        "    def hyperparameter_search(self, n_trials=20):\n        import optuna\n"
        "        study = optuna.create_study()\n        study.optimize(self._objective, n_trials=n_trials)\n\n"
        "    def _wrap_model(self, model):\n"
        "        return torch.nn.parallel.DistributedDataParallel(model)\n\n"
        "    def train(self):\n        loss = self.model(self.x).sum()\n        loss.backward()\n\n" + body
    )
    main = "from trainer import Trainer\n\nif __name__ == '__main__':\n    Trainer().train()\n"
    write_repo(
        tmp_path, {"ptuning/trainer.py": trainer, "ptuning/main.py": main, "ptuning/utils.py": "X = 1\n"}
    )
    result = run_audit(tmp_path)
    present = {d.tool for d in result.ctx.detections if d.present}
    assert not present & {"optuna", "ddp"}


def test_an_empty_main_guard_is_no_entry_point(tmp_path):
    building = (
        "from sklearn.linear_model import LinearRegression\n\n\nclass ModelBuilder:\n"
        "    def build_model(self, X, y):\n        return LinearRegression().fit(X, y)\n\n\n"
        "if __name__ == '__main__':\n    pass\n"
    )
    write_repo(tmp_path, {"steps/src/model_building.py": building})
    m = run_audit(tmp_path).ctx.index.modules["steps/src/model_building.py"]
    assert m.main_guard == 0


def test_a_script_looping_the_seed_repeats_runs_over_seeds(tmp_path):
    script = (
        '#!/bin/bash\nenvs=("hopper-medium-v0" "walker2d-medium-v0")\n'
        "for ((i=0;i<5;i+=1))\ndo\n\tfor env in ${envs[*]}\n\tdo\n"
        "\t\tpython main.py \\\n\t\t--env $env \\\n\t\t--seed $i\n\tdone\ndone\n"
    )
    main = (
        "import argparse\nimport torch\np = argparse.ArgumentParser()\np.add_argument('--seed', default=0, type=int)\n"
        "args = p.parse_args()\ntorch.manual_seed(args.seed)\nnet = torch.nn.Linear(2, 1)\n"
        "for t in range(10):\n    net(torch.zeros(2)).sum().backward()\n"
    )
    write_repo(tmp_path, {"main.py": main, "run_experiments.sh": script})
    f = _find(run_audit(tmp_path), "ET321")
    assert f.status == "PASS" and any(e.path == "run_experiments.sh" for e in f.evidence)


def test_zenml_names_the_runs_of_a_step_with_an_experiment_tracker(tmp_path):
    step = (
        "import mlflow\nfrom sklearn.linear_model import LinearRegression\nfrom zenml import step\n"
        "from zenml.client import Client\n\nexperiment_tracker = Client().active_stack.experiment_tracker\n\n\n"
        "@step(enable_cache=False, experiment_tracker=experiment_tracker.name)\n"
        "def model_building_step(X_train, y_train):\n    mlflow.sklearn.autolog()\n"
        "    return LinearRegression().fit(X_train, y_train)\n"
    )
    pipeline = (
        "from zenml import pipeline\nfrom steps.model_building_step import model_building_step\n\n\n"
        "@pipeline\ndef ml_pipeline():\n    return model_building_step(X_train=None, y_train=None)\n"
    )
    run = "from pipelines.training_pipeline import ml_pipeline\n\nif __name__ == '__main__':\n    ml_pipeline()\n"
    write_repo(
        tmp_path,
        {
            "steps/__init__.py": "", "steps/model_building_step.py": step,
            "pipelines/__init__.py": "", "pipelines/training_pipeline.py": pipeline, "run_pipeline.py": run,
        },
    )  # fmt: skip
    f = _find(run_audit(tmp_path), "ET110")
    assert f.status == "PASS" and "ZenML names" in f.message


def test_a_load_run_only_when_a_resume_value_is_given_resumes(tmp_path):
    misc = "import pickle\n\n\ndef load_pkl(path):\n    with open(path, 'rb') as f:\n        return pickle.load(f)\n"
    train = (
        "import pickle\n\nimport tensorflow as tf\n\nimport misc\n\n\n"
        "def train_gan(resume_run_id=None, result_dir='results'):\n"
        "    if resume_run_id is not None:\n        G, D = misc.load_pkl('%s/network-final.pkl' % resume_run_id)\n"
        "    else:\n        G, D = build()\n    sess = tf.Session()\n    for tick in range(100):\n"
        "        sess.run(train_op)\n        with open('%s/network-%06d.pkl' % (result_dir, tick), 'wb') as f:\n"
        "            pickle.dump((G, D), f)\n\n\nif __name__ == '__main__':\n    train_gan()\n"
    )
    write_repo(tmp_path, {"train.py": train, "misc.py": misc})
    f = _find(run_audit(tmp_path), "ET511")
    assert f.status == "PASS"
