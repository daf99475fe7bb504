"""Claim and recommendation families found in the fresh45 review, one regression case each."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.conftest import make_git_repo


def _finding(result, rule_id):
    return next((f for f in result.findings if f.rule_id == rule_id), None)


# A hand-rolled training loop that appends metrics to a JSON-lines file in its run directory and writes
# TensorBoard summaries there too; the release's own plotting script compares the runs afterwards.
LOOP = """import argparse
import json
import os

import torch
from torch.utils.tensorboard import SummaryWriter

parser = argparse.ArgumentParser()
parser.add_argument('--logdir', default='runs/default')
parser.add_argument('--lr', type=float, default=1e-3)
args = parser.parse_args()
os.makedirs(args.logdir, exist_ok=True)
writer = SummaryWriter(args.logdir)
model = torch.nn.Linear(4, 1)
opt = torch.optim.Adam(model.parameters(), lr=args.lr)
for step in range(100):
    loss = model(torch.randn(8, 4)).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    writer.add_scalar('loss', loss.item(), step)
    with open(os.path.join(args.logdir, 'metrics.jsonl'), 'a') as f:
        f.write(json.dumps({'step': step, 'loss': loss.item()}) + '\\n')
"""

PLOT_JSONL = """import json
import pathlib
import sys

import matplotlib.pyplot as plt

runs = {}
for filename in pathlib.Path(sys.argv[1]).glob('**/*.jsonl'):
    lines = filename.read_text().splitlines()
    runs[filename.parent.name] = [json.loads(line)['loss'] for line in lines]
for name, losses in sorted(runs.items()):
    plt.plot(losses, label=name)
plt.legend()
plt.savefig('comparison.png')
"""

FETCH_EVENTS = """import csv
import sys

from tensorboard.backend.event_processing import event_accumulator

for logdir in sys.argv[1:]:
    acc = event_accumulator.EventAccumulator(logdir)
    acc.Reload()
    with open(logdir + '.csv', 'w') as f:
        out = csv.writer(f)
        for event in acc.Scalars('loss'):
            out.writerow((event.step, event.value))
"""

# A data loader that globs annotation files below the data root: no run record is read back.
LOAD_ANNOTATIONS = """import json
import pathlib

def annotations(root):
    return [json.loads(p.read_text()) for p in pathlib.Path(root).glob('**/*.json')]
"""


def test_a_script_reading_every_runs_metrics_file_back_compares_runs(tmp_path):
    repo = make_git_repo(tmp_path / "r", {"train.py": LOOP, "plot.py": PLOT_JSONL, "README.md": "# Loop\n"})
    f = _finding(run_audit(repo), "ET320")
    assert f is not None and f.status == "PASS", f
    assert [e.path for e in f.evidence] == ["plot.py"]


def test_a_tensorboard_event_reader_compares_runs(tmp_path):
    repo = make_git_repo(
        tmp_path / "r", {"train.py": LOOP, "tools/fetch_events.py": FETCH_EVENTS, "README.md": "# Loop\n"}
    )
    f = _finding(run_audit(repo), "ET320")
    assert f is not None and f.status == "PASS", f
    assert [(e.path, e.line) for e in f.evidence] == [("tools/fetch_events.py", 7)]


def test_a_glob_over_data_files_is_no_run_comparison(tmp_path):
    repo = make_git_repo(
        tmp_path / "r", {"train.py": LOOP, "data.py": LOAD_ANNOTATIONS, "README.md": "# Loop\n"}
    )
    f = _finding(run_audit(repo), "ET320")
    assert f is None or f.status != "PASS" or all(e.path != "data.py" for e in f.evidence), f


PREPARE = """import json
import sys

rows = [line.split(',') for line in open(sys.argv[1])]
json.dump(rows, open('data/prepared.json', 'w'))
"""
EVALUATE = """import sys

import torch

model = torch.load(sys.argv[1])
print(model(torch.randn(8, 4)).mean().item())
"""


def test_a_shell_script_running_the_steps_in_order_is_a_scripted_workflow(tmp_path):
    run_all = "#!/bin/bash\nset -e\npython prepare.py data/raw.csv\npython train.py --lr 1e-3\npython evaluate.py runs/default/model.pt\n"
    repo = make_git_repo(
        tmp_path / "r",
        {"prepare.py": PREPARE, "train.py": LOOP, "evaluate.py": EVALUATE, "scripts/run_all.sh": run_all},
    )
    f = _finding(run_audit(repo), "ET501")
    assert f is not None and f.status == "PASS", f
    assert (f.evidence[0].path, f.evidence[0].line) == ("scripts/run_all.sh", 3)
    assert "prepare.py, train.py, evaluate.py" in f.message and "nothing is cached" in f.message


def test_one_training_script_run_with_several_seeds_is_no_workflow(tmp_path):
    seeds = "#!/bin/bash\nfor s in 1 2 3; do\n  python train.py --lr 1e-3 --logdir runs/$s\ndone\n"
    repo = make_git_repo(tmp_path / "r", {"train.py": LOOP, "evaluate.py": EVALUATE, "seeds.sh": seeds})
    f = _finding(run_audit(repo), "ET501")
    assert f is not None and f.status == "WARN", f


def test_a_papers_code_release_is_not_asked_for_a_pipeline(tmp_path):
    readme = "# Method\n\nCode for our paper, https://arxiv.org/abs/2101.01234.\n\n    python train.py\n    python evaluate.py runs/default/model.pt\n"
    files = {"train.py": LOOP, "evaluate.py": EVALUATE, "README.md": readme}
    result = run_audit(make_git_repo(tmp_path / "r", files))
    assert _finding(result, "ET501") is None
    files["README.md"] = "# Method\n\n    python train.py\n"
    assert _finding(run_audit(make_git_repo(tmp_path / "team", files)), "ET501").status == "WARN"


def test_a_fixed_budget_run_that_evaluates_nothing_is_asked_about_best_model_selection(tmp_path):
    saving = LOOP + "torch.save(model.state_dict(), os.path.join(args.logdir, 'model.pt'))\n"
    result = run_audit(make_git_repo(tmp_path / "r", {"train.py": saving}))
    f = _finding(result, "ET310")
    assert f is not None and f.status == "REVIEW", f
    assert "train.py" in f.question and "last model" in f.question
    # the model is saved all the same: the results dimension still sees checkpoints
    dim = next(d for d in result.scorecard.dimensions if d.name == "result_persistence")
    assert any("checkpoint" in reason or "saved" in reason for reason in dim.reasons), dim.reasons


def test_a_run_that_scores_held_out_data_and_keeps_its_last_model_lacks_best_model_selection(tmp_path):
    evaluating = LOOP.replace(
        "    writer.add_scalar('loss', loss.item(), step)\n",
        "    writer.add_scalar('loss', loss.item(), step)\n"
        "    if step % 10 == 0:\n"
        "        writer.add_scalar('val/loss', validate(model), step)\n",
    ).replace(
        "os.makedirs(args.logdir, exist_ok=True)\n",
        "os.makedirs(args.logdir, exist_ok=True)\n\n\ndef validate(model):\n"
        "    with torch.no_grad():\n        return model(torch.randn(64, 4)).pow(2).mean().item()\n\n\n",
    )
    saving = evaluating + "torch.save(model.state_dict(), os.path.join(args.logdir, 'model.pt'))\n"
    f = _finding(run_audit(make_git_repo(tmp_path / "r", {"train.py": saving})), "ET310")
    assert f is not None and f.status == "WARN", f


# An upstream codebase the paper's method was added to, kept in a folder with the upstream's licence and
# setup.py; the repository's README says where the method's code is.
def _fork_tree(tmp_path, readme):
    from tests.rules.repo_helpers import write_repo

    mit = "MIT License\n\nCopyright (c) 2018 Vitchyr Pong\n\nPermission is hereby granted...\n"
    write_repo(
        tmp_path,
        {
            "README.md": readme,
            "d4rl/LICENSE": mit,
            "d4rl/setup.py": "from setuptools import setup\nsetup(name='rlkit')\n",
            "d4rl/rlkit/__init__.py": "",
            "d4rl/rlkit/torch/sac/cql.py": "import torch\n",
            "d4rl/examples/cql_mujoco.py": "from rlkit.torch.sac.cql import CQLTrainer\n",
        },
    )
    from experiment_tracking.inventory import build_inventory

    return build_inventory(str(tmp_path)).vendored


def test_an_upstream_codebase_the_readme_points_into_is_the_projects_own_work(tmp_path):
    readme = "# CQL\n\nOur code is built off of rlkit. The algorithm is in `rlkit/torch/sac/cql.py`:\n\n"
    readme += "    python examples/cql_mujoco.py --env=hopper-medium-v0\n"
    assert "d4rl" not in _fork_tree(tmp_path / "fork", readme)
    # a README that only installs the copy names none of its source files: still another project's code
    install = "# Method\n\n    cd d4rl && python setup.py install\n"
    assert "d4rl" in _fork_tree(tmp_path / "copy", install)


def test_a_ploomber_spec_is_a_parameterised_incremental_pipeline(tmp_path):
    spec = "tasks:\n  - source: scripts/get.py\n    product: products/raw.csv\n"
    spec += "  - source: scripts/fit.py\n    product: products/model.pickle\n    params:\n      n_estimators: 10\n"
    fit = "import pickle\nfrom sklearn.ensemble import RandomForestClassifier\n"
    fit += "upstream = None\nproduct = None\nn_estimators = 5\n"
    fit += "clf = RandomForestClassifier(n_estimators=n_estimators).fit([[0], [1]], [0, 1])\n"
    fit += "pickle.dump(clf, open(product, 'wb'))\n"
    files = {"pipeline.yaml": spec, "scripts/get.py": "print('get')\n", "scripts/fit.py": fit}
    result = run_audit(make_git_repo(tmp_path / "r", files))
    found = [d for d in result.ctx.detections if d.tool == "ploomber"]
    assert found and found[0].evidence[0].path == "pipeline.yaml", found
    assert _finding(result, "ET501").status == "PASS"
    f = _finding(result, "ET502")
    assert f.status == "PASS", f
    assert {e.detail for e in f.evidence} == {
        "Ploomber task params",
        "Ploomber rebuilds only outdated products",
    }


# An environment library whose only training script is an example inside the package, run with
# `python -m gfootball.examples.run_ppo2`, training with OpenAI Baselines.
RUN_PPO2 = """from absl import app
from absl import flags
from baselines import logger
from baselines.bench import monitor
from baselines.ppo2 import ppo2

import mygym.env as mygym_env

FLAGS = flags.FLAGS
flags.DEFINE_integer('save_interval', 100, 'Checkpoint every N updates.')
flags.DEFINE_float('lr', 3e-4, 'Learning rate.')


def train(_):
    env = monitor.Monitor(mygym_env.create_environment(), logger.get_dir())
    ppo2.learn(network='cnn', env=env, lr=FLAGS.lr, save_interval=FLAGS.save_interval)


if __name__ == '__main__':
    app.run(train)
"""


def test_an_example_inside_the_package_is_the_main_path_and_baselines_keeps_its_run(tmp_path):
    files = {
        "setup.py": "from setuptools import setup\nsetup(name='mygym', packages=['mygym'])\n",
        "mygym/__init__.py": "",
        "mygym/env.py": "def create_environment():\n    return None\n",
        "mygym/examples/__init__.py": "",
        "mygym/examples/run_ppo2.py": RUN_PPO2,
        "README.md": "# mygym\n\n    pip install mygym\n    python3 -m mygym.examples.run_ppo2\n",
    }
    result = run_audit(make_git_repo(tmp_path / "r", files))
    assert [e.path for e in result.ctx.taxonomy.training_entry_points] == ["mygym/examples/run_ppo2.py"]
    metrics = [p for p in result.ctx.records.metrics if p.target.endswith("progress.csv")]
    assert metrics and metrics[0].per_run and metrics[0].target.startswith("{tempfile.gettempdir()}/openai-")
    assert any(p.target.endswith("/checkpoints/{update}") for p in result.ctx.records.checkpoints)
    dim = next(d for d in result.scorecard.dimensions if d.name == "result_persistence")
    assert dim.score == 3 and any("temporary directory" in reason for reason in dim.reasons), dim.reasons


def test_a_folder_under_anothers_licence_bundling_a_copied_library_is_vendored_whole(tmp_path):
    from experiment_tracking.inventory import build_inventory
    from tests.rules.repo_helpers import write_repo

    apache = "                                 Apache License\n                           Version 2.0, January 2004\n"
    write_repo(
        tmp_path,
        {
            "LICENSE": apache,
            "train.py": "import torch\nloss = torch.zeros(1, requires_grad=True)\nloss.backward()\n",
            "annotator/uniformer/LICENSE": "Copyright 2022 SenseTime X-Lab. All rights reserved.\n\n"
            + apache,
            "annotator/uniformer/mmcv/__init__.py": "",
            "annotator/uniformer/mmseg/apis/__init__.py": "",
            "annotator/uniformer/mmseg/apis/train.py": "def train_segmentor(model):\n    pass\n",
            "annotator/uniformer/exp/upernet/run.sh": "python tools/train.py config.py\n",
            "annotator/uniformer/__init__.py": "from .mmseg.apis import train_segmentor\n",
        },
    )
    vendored = build_inventory(str(tmp_path)).vendored
    assert list(vendored) == ["annotator/uniformer"], vendored
    assert "bundles mmcv/, mmseg/" in vendored["annotator/uniformer"]


def test_install_cells_of_notebooks_are_an_unpinned_dependency_list(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("!pip install -q transformers datasets evaluate"),
        nbformat.v4.new_code_cell(
            "from transformers import Trainer, TrainingArguments\n"
            "args = TrainingArguments(output_dir='out', num_train_epochs=1)\n"
            "Trainer(model=model, args=args, train_dataset=ds).train()\n"
        ),
    ]
    files = {"BERT/Fine_tune_BERT.ipynb": nbformat.writes(nb), "README.md": "# Tutorials\n"}
    result = run_audit(make_git_repo(tmp_path / "r", files))
    dim = next(d for d in result.scorecard.dimensions if d.name == "environment_capture")
    assert dim.score == 1 and "install 3 packages by name" in " ".join(dim.reasons), dim.reasons


def test_a_readme_linking_many_papers_is_no_papers_code_release(tmp_path):
    from experiment_tracking.rules.facts import research_release

    links = "".join(f"- [Model {i}](https://arxiv.org/abs/2101.0{i}000)\n" for i in range(1, 6))
    files = {"README.md": "# Tutorials\n\n" + links, "train.py": LOOP}
    result = run_audit(make_git_repo(tmp_path / "many", files))
    assert research_release(result.ctx) is None
    files["README.md"] = "# Method\n\nCode for https://arxiv.org/abs/2101.01000\n"
    result = run_audit(make_git_repo(tmp_path / "one", files))
    assert research_release(result.ctx) is not None


def test_a_save_under_a_flag_set_from_a_comparison_with_the_best_keeps_the_best_model(tmp_path):
    loop = LOOP.replace(
        "for step in range(100):\n",
        "best_val_loss = float('inf')\nfor step in range(100):\n",
    ) + (
        "    val_loss = model(torch.randn(64, 4)).pow(2).mean().item()\n"
        "    writer.add_scalar('val/loss', val_loss, step)\n"
        "    should_save = step > 10 and val_loss < best_val_loss\n"
        "    if should_save:\n"
        "        best_val_loss = val_loss\n"
        "        torch.save(model.state_dict(), os.path.join(args.logdir, 'model.pt'))\n"
    )
    f = _finding(run_audit(make_git_repo(tmp_path / "r", {"train.py": loop})), "ET310")
    assert f is not None and f.status == "PASS", f
    assert any("saves when `should_save`" in e.detail for e in f.evidence), f.evidence


def test_prose_about_an_llms_sampled_output_documents_no_kernel_nondeterminism(tmp_path):
    readme = "# Recipes\n\nLLM generation output is non-deterministic, so we ship the generated dataset.\n"
    result = run_audit(make_git_repo(tmp_path / "llm", {"train.py": LOOP, "README.md": readme}))
    assert "non-determinism is documented" not in _finding(result, "ET403").message
    readme = (
        "# Recipes\n\nTraining on GPUs is non-deterministic (cuDNN kernels); results vary by about 0.1.\n"
    )
    result = run_audit(make_git_repo(tmp_path / "gpu", {"train.py": LOOP, "README.md": readme}))
    assert "non-determinism is documented" in _finding(result, "ET403").message


def test_synthetic_records_made_with_faker_are_no_personal_data_handling(tmp_path):
    simulate = (
        "from faker import Faker\nfake = Faker()\nrows = [(fake.country(), fake.date()) for _ in range(9)]\n"
    )
    readme = "# Churn\n\nPredicts which customers leave.\n"
    files = {"train.py": LOOP, "setup/simulate_data.py": simulate, "README.md": readme}
    f = _finding(run_audit(make_git_repo(tmp_path / "r", files)), "ET612")
    assert f is None or f.status != "PASS" or all("simulate_data" not in e.path for e in f.evidence), f


def test_a_tracking_uri_parameter_whose_configured_value_is_a_local_file_store_is_not_shared(tmp_path):
    fit = (
        "import mlflow\nfrom sklearn.linear_model import LogisticRegression\n"
        "mlflow_tracking_uri = None\nmlflow.set_tracking_uri(mlflow_tracking_uri)\n"
        "with mlflow.start_run():\n    clf = LogisticRegression().fit([[0], [1]], [0, 1])\n"
        "    mlflow.log_param('C', clf.C)\n"
    )
    files = {"scripts/fit.py": fit, "env.yaml": "mlflow_tracking_uri: file:{{root}}/mlruns\n"}
    f = _finding(run_audit(make_git_repo(tmp_path / "r", files)), "ET601")
    assert f is not None and f.status != "PASS", f
    assert any(e.path == "scripts/fit.py" and "local" in e.detail for e in f.evidence), f.evidence


def test_a_model_server_image_in_the_readme_is_not_the_projects_container(tmp_path):
    readme = "# Recipes\n\nServe the fine-tuned model:\n\n```bash\ndocker run --gpus all -p 8080:80 "
    readme += "ghcr.io/huggingface/text-generation-inference:1.1.0 --model-id ./merged\n```\n"
    f = _finding(run_audit(make_git_repo(tmp_path / "r", {"train.py": LOOP, "README.md": readme})), "ET412")
    assert f is not None and f.status != "PASS", f


def test_a_docs_site_whose_pages_give_a_tools_run_command_is_good_documentation(tmp_path):
    page = "# Training\n\nInstall with `pip install -r requirements.txt`, then:\n\n```bash\n"
    page += "pyflyte run --remote workflows/train.py training_workflow --epochs 3\n```\n\n## Results\n\nAccuracy 0.91.\n"
    files = {
        "README.md": "# Examples\n\nSee the docs.\n",
        "docs/conf.py": "project = 'examples'\n",
        "docs/training.md": page,
        "docs/index.md": "# Examples\n",
        "docs/setup.md": "# Setup\n",
        "workflows/train.py": LOOP,
    }
    result = run_audit(make_git_repo(tmp_path / "r", files))
    dim = next(d for d in result.scorecard.dimensions if d.name == "documentation")
    assert "the docs pages give set-up, run commands and results" in " ".join(dim.reasons), dim.reasons


def test_a_flyte_task_cached_by_version_is_a_cached_step(tmp_path):
    wf = (
        "from flytekit import task, workflow\n\n\n@task(cache=True, cache_version='1.0')\n"
        "def prepare(n: int) -> int:\n    return n * 2\n\n\n@task\ndef train(n: int) -> float:\n"
        "    import torch\n    m = torch.nn.Linear(4, 1)\n    loss = m(torch.randn(n, 4)).mean()\n"
        "    loss.backward()\n    return loss.item()\n\n\n@workflow\ndef wf(n: int = 8) -> float:\n"
        "    return train(n=prepare(n=n))\n"
    )
    f = _finding(run_audit(make_git_repo(tmp_path / "r", {"wf.py": wf})), "ET502")
    assert f is not None and "caching" not in f.message, f


def test_a_wrapper_calling_a_seeded_main_is_seeded_and_the_seed_fix_goes_where_seeds_are_missing(tmp_path):
    main = (
        "import random\n\nimport numpy as np\nimport torch\n\n\ndef main(seed=42, lr=1e-3):\n"
        "    torch.manual_seed(seed)\n    random.seed(seed)\n    np.random.seed(seed)\n"
        "    model = torch.nn.Linear(4, 1)\n    opt = torch.optim.SGD(model.parameters(), lr=lr)\n"
        "    loss = model(torch.randn(8, 4)).mean()\n    loss.backward()\n    opt.step()\n\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    wrapper = "import fire\nfrom llama_cookbook.finetuning import main\n\nif __name__ == '__main__':\n    fire.Fire(main)\n"
    unseeded = (
        "import torch\n\nif __name__ == '__main__':\n    model = torch.nn.Linear(4, 1)\n"
        "    loss = model(torch.randn(8, 4)).mean()\n    loss.backward()\n"
    )
    files = {
        "src/llama_cookbook/__init__.py": "",
        "src/llama_cookbook/finetuning.py": main,
        "getting-started/finetuning.py": wrapper,
        "use-cases/train_a.py": unseeded,
        "use-cases/train_b.py": unseeded.replace("Linear(4, 1)", "Linear(4, 2)"),
    }
    result = run_audit(make_git_repo(tmp_path / "r", files))
    f = _finding(result, "ET401")
    assert f is not None and "only 2 of 4" in f.message, f
    assert not any(e.path == "getting-started/finetuning.py" for e in f.evidence), f.evidence
    rec = next(r for r in result.recommendations if "ET401" in r["rule_ids"])
    assert rec["file"].startswith("use-cases/"), rec


def test_a_settings_file_the_training_code_loads_by_its_path_is_a_configuration_file(tmp_path):
    config = "model:\n  target: cldm.ControlLDM\n  params:\n    linear_start: 0.00085\n    timesteps: 1000\n"
    builder = (
        "from omegaconf import OmegaConf\n\n\ndef create_model(path):\n    return OmegaConf.load(path)\n"
    )
    train = (
        "import torch\nfrom cldm.model import create_model\n\n"
        "model = create_model('./models/cldm_v15.yaml')\nnet = torch.nn.Linear(4, 1)\n"
        "loss = net(torch.randn(8, 4)).mean()\nloss.backward()\n"
    )
    files = {
        "models/cldm_v15.yaml": config,
        "cldm/__init__.py": "",
        "cldm/model.py": builder,
        "train.py": train,
    }
    result = run_audit(make_git_repo(tmp_path / "r", files))
    dim = next(d for d in result.scorecard.dimensions if d.name == "parameter_logging")
    assert dim.score == 2 and "models/cldm_v15.yaml" in " ".join(dim.reasons), dim.reasons


def test_gin_files_a_helper_parses_are_configuration_files(tmp_path):
    train = (
        "from absl import app, flags\nimport tensorflow.compat.v1 as tf\nfrom dopamine.discrete_domains import run_experiment\n\n"
        "flags.DEFINE_multi_string('gin_files', [], 'Gin files.')\nFLAGS = flags.FLAGS\n\n\n"
        "def main(_):\n    run_experiment.load_gin_configs(FLAGS.gin_files, [])\n"
        "    x = tf.placeholder(tf.float32, [None, 2])\n"
        "    tf.train.AdamOptimizer(1e-3).minimize(tf.reduce_mean(x))\n\n\n"
        "if __name__ == '__main__':\n    app.run(main)\n"
    )
    files = {"train.py": train, "configs/dqn.gin": "DQNAgent.gamma = 0.99\nDQNAgent.update_period = 4\n"}
    result = run_audit(make_git_repo(tmp_path / "r", files))
    dim = next(d for d in result.scorecard.dimensions if d.name == "parameter_logging")
    assert dim.score == 2 and "configs/dqn.gin" in " ".join(dim.reasons), dim.reasons


def test_a_table_listing_the_repositorys_own_folders_is_no_committed_data(tmp_path):
    rows = "".join(
        f'"{i}","templates","templates/ex{i}","Example number {i}, a longer description here"\n'
        for i in range(40)
    )
    files = {"_index.csv": '"idx","category","name","description"\n' + rows, "train.py": LOOP}
    files.update({f"templates/ex{i}/README.md": f"# Example {i}\n" for i in range(40)})
    result = run_audit(make_git_repo(tmp_path / "r", files))
    dim = next(d for d in result.scorecard.dimensions if d.name == "data_versioning")
    assert "_index.csv" not in " ".join(dim.reasons), dim.reasons


def test_a_collection_recording_in_few_scripts_with_a_pipelines_config_files_is_level_two(tmp_path):
    spec = "tasks:\n  - source: fit.py\n    product: model.pickle\n    params:\n      n_estimators: 10\n"
    fit = (
        "from sklearn.ensemble import RandomForestClassifier\n\nif __name__ == '__main__':\n"
        "    RandomForestClassifier(n_estimators=5).fit([[0], [1]], [0, 1])\n"
    )
    tracked = (
        "import mlflow\nfrom sklearn.linear_model import LogisticRegression\n\nif __name__ == '__main__':\n"
        "    with mlflow.start_run():\n        mlflow.log_params({'C': 1.0})\n"
        "        LogisticRegression(C=1.0).fit([[0], [1]], [0, 1])\n"
    )
    files = {f"ex{i}/pipeline.yaml": spec for i in range(5)}
    files.update({f"ex{i}/fit.py": fit.replace("5", str(i + 2)) for i in range(5)})
    files["tracked/fit.py"] = tracked
    result = run_audit(make_git_repo(tmp_path / "r", files))
    dim = next(d for d in result.scorecard.dimensions if d.name == "parameter_logging")
    assert dim.score == 2 and "pipeline.yaml" in " ".join(dim.reasons), dim.reasons


def test_the_summary_table_names_the_findings_behind_each_row_below_pass(tmp_path):
    from experiment_tracking.report.markdown import render_markdown

    result = run_audit(make_git_repo(tmp_path / "r", {"train.py": LOOP, "README.md": "# Loop\n"}))
    text = render_markdown(result)
    table = text.split("## Summary Table", 1)[1].split("## Data Gaps", 1)[0]
    line = next(ln for ln in table.splitlines() if ln.startswith("Findings behind each row below PASS"))
    for row in result.summary:
        if row["status"] != "PASS" and row["rules"]:
            assert f"{row['area']}: {', '.join(row['rules'])}" in line


def test_a_readme_pointing_into_a_library_copied_inside_the_fork_leaves_the_fork_vendored(tmp_path):
    from experiment_tracking.inventory import build_inventory
    from tests.rules.repo_helpers import write_repo

    apache = "Apache License\nVersion 2.0\n\nCopyright 2018 The HuggingFace Inc. team.\n"
    readme = "# LoRA\n\nSee how we use it in [RoBERTa](examples/NLU/src/transformers/models/roberta/modeling_roberta.py)\n"
    write_repo(
        tmp_path,
        {
            "README.md": readme,
            "LICENSE.md": "MIT License\n\nCopyright (c) Microsoft Corporation.\n",
            "loralib/layers.py": "import torch\n",
            "examples/NLU/LICENSE": apache,
            "examples/NLU/setup.py": "from setuptools import setup\nsetup(name='transformers')\n",
            "examples/NLU/src/transformers/__init__.py": "",
            "examples/NLU/src/transformers/models/roberta/modeling_roberta.py": "import loralib\n",
        },
    )
    assert "examples/NLU" in build_inventory(str(tmp_path)).vendored


def test_dopamines_runner_keeps_checkpoints_and_logs_in_base_dir_and_resumes(tmp_path):
    runner = (
        "from dopamine.discrete_domains import run_experiment\n\n\n"
        "class FixedReplayRunner(run_experiment.Runner):\n    pass\n"
    )
    train = (
        "from absl import app, flags\nfrom batch_rl.runner import FixedReplayRunner\n\n"
        "flags.DEFINE_string('base_dir', None, 'Where the run is kept.')\nFLAGS = flags.FLAGS\n\n\n"
        "def main(_):\n    runner = FixedReplayRunner(FLAGS.base_dir, None)\n    runner.run_experiment()\n\n\n"
        "if __name__ == '__main__':\n    app.run(main)\n"
    )
    files = {"batch_rl/__init__.py": "", "batch_rl/runner.py": runner, "batch_rl/train.py": train}
    result = run_audit(make_git_repo(tmp_path / "r", files))
    rec = result.ctx.records
    assert any(p.target == "{absl.flags.FLAGS.base_dir}/checkpoints" for p in rec.checkpoints), (
        rec.checkpoints
    )
    assert any(p.target.endswith("/logs") for p in rec.metrics), rec.metrics
    assert any("resumes" in e.detail for e in rec.resume), rec.resume


def test_a_path_helper_that_makes_the_directory_and_returns_the_path_keeps_a_writer_class_visible(tmp_path):
    utils = (
        "import json\nimport os\nimport time\n\n\ndef make_path(f):\n    d = os.path.dirname(f)\n"
        "    if d and not os.path.exists(d):\n        os.makedirs(d)\n    return f\n\n\n"
        "class ResultLogger(object):\n    def __init__(self, path, *args, **kwargs):\n"
        "        self.f_log = open(make_path(path), 'w')\n        self.f_log.write(json.dumps(kwargs) + '\\n')\n\n"
        "    def log(self, **kwargs):\n        kwargs['time'] = time.time()\n"
        "        self.f_log.write(json.dumps(kwargs) + '\\n')\n        self.f_log.flush()\n"
    )
    train = (
        LOOP.replace("import torch\n", "import torch\nfrom utils import ResultLogger\n", 1)
        .replace(
            "os.makedirs(args.logdir, exist_ok=True)\n",
            "logger = ResultLogger(path=os.path.join(args.logdir, 'log.jsonl'), **args.__dict__)\n",
        )
        .replace(
            "    writer.add_scalar('loss', loss.item(), step)\n",
            "    logger.log(step=step, loss=loss.item())\n",
        )
    )
    train = train.replace(
        "    with open(os.path.join(args.logdir, 'metrics.jsonl'), 'a') as f:\n", ""
    ).replace("        f.write(json.dumps({'step': step, 'loss': loss.item()}) + '\\n')\n", "")
    result = run_audit(make_git_repo(tmp_path / "r", {"utils.py": utils, "train.py": train}))
    rec = result.ctx.records
    assert any(p.target == "{args.logdir}/log.jsonl" and p.whole for p in rec.config), rec.config
    assert any(p.target == "{args.logdir}/log.jsonl" for p in rec.metrics), rec.metrics


def test_save_and_load_methods_nothing_calls_save_and_restore_nothing(tmp_path):
    models = (
        "import tensorflow as tf\n\n\nclass Model(object):\n    def __init__(self, name):\n        self.name = name\n\n"
        "    def save(self, sess=None):\n        saver = tf.train.Saver()\n"
        "        saver.save(sess, 'tmp/%s.ckpt' % self.name)\n\n"
        "    def load(self, sess=None):\n        saver = tf.train.Saver()\n"
        "        saver.restore(sess, 'tmp/%s.ckpt' % self.name)\n"
    )
    train = (
        "import json\n\nimport tensorflow as tf\nfrom models import Model\n\n"
        "flags = tf.app.flags\nflags.DEFINE_boolean('save_embeddings', True, 'whether to save embeddings after training')\n"
        "FLAGS = flags.FLAGS\n\n\ndef main(_):\n    graph = dict(json.load(open('data/graph.json')))\n"
        "    model = Model('gcn')\n    x = tf.placeholder(tf.float32, [None, 2])\n"
        "    opt = tf.train.AdamOptimizer(1e-3).minimize(tf.reduce_mean(x))\n"
        "    with tf.Session() as sess:\n        sess.run(opt)\n\n\nif __name__ == '__main__':\n    tf.app.run()\n"
    )
    result = run_audit(make_git_repo(tmp_path / "r", {"models.py": models, "train.py": train}))
    assert _finding(result, "ET310").status == "FAIL"
    assert _finding(result, "ET511").status != "PASS"


def test_a_container_image_of_another_framework_version_than_the_pins_is_two_environments(tmp_path):
    dockerfile = "FROM tensorflow/tensorflow:1.3.0\n\nRUN pip install networkx==1.11\nCOPY . /notebooks\n"
    reqs = "tensorflow==1.8.0\nnumpy==1.14.5\nnetworkx==1.11\nscipy==1.1.0\n"
    train = "import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 2])\n"
    train += "opt = tf.train.AdamOptimizer(1e-3).minimize(tf.reduce_mean(x))\n"
    files = {"Dockerfile": dockerfile, "requirements.txt": reqs, "train.py": train}
    result = run_audit(make_git_repo(tmp_path / "r", files))
    dim = next(d for d in result.scorecard.dimensions if d.name == "environment_capture")
    assert dim.score == 3 and "carries tensorflow 1.3" in " ".join(dim.reasons), dim.reasons
    files["Dockerfile"] = (
        "FROM tensorflow/tensorflow:1.8.0\n\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"
    )
    result = run_audit(make_git_repo(tmp_path / "same", files))
    dim = next(d for d in result.scorecard.dimensions if d.name == "environment_capture")
    assert "carries tensorflow" not in " ".join(dim.reasons), dim.reasons


def test_a_here_document_in_a_dockerfile_is_part_of_its_run_instruction():
    from experiment_tracking.index.manifests import parse_dockerfile

    text = "FROM nvcr.io/nvidia/pytorch:24.01-py3\nRUN pip install torch==2.1.0\n"
    text += "RUN python - <<'PY'\nfrom megatron.bridge import AutoBridge\nprint(AutoBridge)\nPY\n"
    text += "RUN pip install numpy==1.26.0\n"
    images, deps = parse_dockerfile("Dockerfile", text)
    assert [(i.image, i.tag) for i in images] == [("nvcr.io/nvidia/pytorch", "24.01-py3")]
    assert [(d.name, d.line) for d in deps] == [("torch", 2), ("numpy", 7)]


def test_a_fine_tuning_notebook_named_for_its_custom_dataset_trains(tmp_path):
    import nbformat

    def notebook(src):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(src)]
        return nbformat.writes(nb)

    fit = "import torch\nmodel = torch.nn.Linear(4, 1)\nopt = torch.optim.Adam(model.parameters())\n"
    fit += "for _ in range(3):\n    loss = model(torch.randn(8, 4)).mean()\n    loss.backward()\n    opt.step()\n"
    lightning = "import pytorch_lightning as pl\nfrom pytorch_lightning.loggers import WandbLogger\n"
    lightning += "trainer = pl.Trainer(max_epochs=3, logger=WandbLogger(project='Donut'))\n"
    lightning += "trainer.fit(model_module)\n"
    files = {
        "Donut/Fine_tune_Donut_on_a_custom_dataset.ipynb": notebook(lightning),
        "BERT/train_bert.py": fit,
    }
    result = run_audit(make_git_repo(tmp_path / "r", files))
    paths = {e.path for e in result.ctx.taxonomy.training_entry_points}
    assert "Donut/Fine_tune_Donut_on_a_custom_dataset.ipynb" in paths, paths


def test_a_timestamped_logdir_helper_and_a_rank_zero_guard_keep_the_options_per_run(tmp_path):
    utils = (
        "import os\nimport socket\nfrom datetime import datetime\n\n\ndef make_logdir(model_name):\n"
        "    current_time = datetime.now().strftime('%b%d_%H-%M-%S')\n"
        "    return os.path.join('runs', current_time + '_' + socket.gethostname() + '_' + model_name)\n"
    )
    train = (
        "import argparse\n\nimport torch\nfrom utils import make_logdir\n\n\ndef train():\n"
        "    parser = argparse.ArgumentParser()\n    parser.add_argument('--model', default='gpt2')\n"
        "    parser.add_argument('--local_rank', type=int, default=-1)\n    parser.add_argument('--lr', type=float, default=1e-4)\n"
        "    args = parser.parse_args()\n    args.distributed = args.local_rank != -1\n"
        "    data = list(range(8))\n"
        "    sampler = torch.utils.data.distributed.DistributedSampler(data) if args.distributed else None\n"
        "    model = torch.nn.Linear(4, 1)\n    loss = model(torch.randn(8, 4)).mean()\n    loss.backward()\n"
        "    if args.local_rank in [-1, 0]:\n        log_dir = make_logdir(args.model)\n"
        "        torch.save(args, log_dir + '/model_training_args.bin')\n\n\n"
        "if __name__ == '__main__':\n    train()\n"
    )
    result = run_audit(make_git_repo(tmp_path / "r", {"utils.py": utils, "train.py": train}))
    f = _finding(result, "ET210")
    assert f is not None and f.status == "PASS", f
    assert any(p.keeping == "time" for p in result.ctx.records.config), result.ctx.records.config


def test_a_function_named_in_a_dotted_string_to_a_call_by_name_helper_is_alive(tmp_path):
    util = (
        "import importlib\n\n\ndef call_func_by_name(func, **kwargs):\n"
        "    module, name = func.rsplit('.', 1)\n    return getattr(importlib.import_module(module), name)(**kwargs)\n"
    )
    train = (
        "import pickle\n\nimport torch\n\nimport util\n\n\ndef train_gan(result_dir='results'):\n"
        "    model = torch.nn.Linear(4, 1)\n    loss = model(torch.randn(8, 4)).mean()\n    loss.backward()\n"
        "    for tick in range(3):\n"
        "        pickle.dump(model, open(result_dir + '/network-snapshot-%06d.pkl' % tick, 'wb'))\n\n\n"
        "if __name__ == '__main__':\n    util.call_func_by_name(func='train.train_gan', result_dir='results')\n"
    )
    result = run_audit(make_git_repo(tmp_path / "r", {"util.py": util, "train.py": train}))
    assert _finding(result, "ET310").status != "FAIL"


_LOADER = (
    "import torch\nfrom torchvision import datasets, transforms\n{imports}\n\n"
    "transform = transforms.Compose([{steps}transforms.ToTensor()])\n"
    "dataset = datasets.ImageFolder('data/train', transform)\n"
    "loader = torch.utils.data.DataLoader(dataset, batch_size=32, shuffle=True, num_workers=4)\n"
    "model = torch.nn.Linear(4, 1)\nfor x, _ in loader:\n    loss = model(x.flatten(1)[:, :4]).mean()\n    loss.backward()\n"
)


def test_worker_randomness_is_read_from_the_transforms_the_loader_composes(tmp_path):
    augment = (
        "import numpy as np\nfrom PIL import ImageFilter\n\n\nclass GaussianBlur(object):\n"
        "    def __call__(self, img):\n        if np.random.rand() < 0.5:\n"
        "            return img.filter(ImageFilter.GaussianBlur(radius=2))\n        return img\n"
    )
    train = _LOADER.format(imports="from augmentations import GaussianBlur", steps="GaussianBlur(), ")
    f = _finding(
        run_audit(make_git_repo(tmp_path / "blur", {"augmentations.py": augment, "train.py": train})), "ET404"
    )
    assert f is not None and f.status == "WARN", f
    # Resize, CenterCrop, ToTensor and Normalize draw nothing, nor does a model's initialisation
    model = (
        "import torch\n\n\nclass Net(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    )
    model += "        self.codebook = torch.nn.Parameter(torch.randn(512, 64))\n"
    train = _LOADER.format(
        imports="from model import Net", steps="transforms.Resize(64), transforms.CenterCrop(64), "
    )
    f = _finding(
        run_audit(make_git_repo(tmp_path / "plain", {"model.py": model, "train.py": train})), "ET404"
    )
    assert f is not None and f.status == "PASS", f


def test_options_saved_inside_the_checkpoint_are_no_custom_result_logging(tmp_path):
    train = (
        "import argparse\n\nimport torch\n\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--lr', type=float, default=3e-4)\nargs = parser.parse_args()\n"
        "model = torch.nn.Linear(4, 1)\nfor epoch in range(3):\n    loss = model(torch.randn(8, 4)).mean()\n"
        "    loss.backward()\n    torch.save({'model': model.state_dict(), 'args': args}, f'checkpoint/model_{epoch}.pt')\n"
    )
    result = run_audit(make_git_repo(tmp_path / "r", {"train.py": train}))
    assert not any(d.tool == "custom_logging" for d in result.ctx.detections)
    assert _finding(result, "ET101").status == "FAIL"


def test_a_module_level_script_calling_a_base_class_training_method_trains(tmp_path):
    base = (
        "import tensorflow as tf\n\n\nclass BaseGAttN:\n    def training(loss, lr):\n"
        "        opt = tf.train.AdamOptimizer(learning_rate=lr)\n        return opt.minimize(loss)\n"
    )
    gat = "from models.base_gattn import BaseGAttN\n\n\nclass GAT(BaseGAttN):\n    def inference(x):\n        return x\n"
    script = (
        "import tensorflow as tf\n\nfrom models import GAT\n\nlr = 0.005\nmodel = GAT\n"
        "x = tf.placeholder(tf.float32, [None, 2])\nloss = tf.reduce_mean(model.inference(x))\n"
        "train_op = model.training(loss, lr)\nwith tf.Session() as sess:\n    for epoch in range(100):\n"
        "        sess.run(train_op)\n"
    )
    files = {
        "models/__init__.py": "from .gat import GAT\n",
        "models/gat.py": gat,
        "models/base_gattn.py": base,
        "execute_cora.py": script,
    }
    result = run_audit(make_git_repo(tmp_path / "r", files))
    assert [e.path for e in result.ctx.taxonomy.training_entry_points] == ["execute_cora.py"]


def test_a_project_wrapper_of_a_tracker_built_on_one_branch_is_still_switched(tmp_path):
    wrapper = (
        "import wandb\n\n\nclass WandbLogger:\n    def __init__(self, args):\n"
        "        wandb.init(project='rlhf', config=args.__dict__)\n"
    )
    train = (
        "import argparse\n\nimport torch\nfrom logging_utils import WandbLogger\n\n"
        "parser = argparse.ArgumentParser()\nparser.add_argument('--use_wandb', action='store_true')\n"
        "args = parser.parse_args()\nlogger = WandbLogger(args) if args.use_wandb else None\n"
        "model = torch.nn.Linear(4, 1)\nloss = model(torch.randn(8, 4)).mean()\nloss.backward()\n"
    )
    result = run_audit(make_git_repo(tmp_path / "r", {"logging_utils.py": wrapper, "train.py": train}))
    assert _finding(result, "ET210").status != "PASS"


def test_copies_of_one_installed_template_leave_its_package_name_undecided(tmp_path):
    from experiment_tracking.detect.engine import project_modules
    from experiment_tracking.index.build import build_index
    from experiment_tracking.inventory import build_inventory

    files = {}
    for project in ("lesson1/spaceflights", "lesson2/spaceflights"):
        files[f"{project}/src/setup.py"] = "from setuptools import setup\nsetup(name='spaceflights')\n"
        files[f"{project}/src/spaceflights/__init__.py"] = ""
        files[f"{project}/src/spaceflights/nodes.py"] = "def train():\n    pass\n"
    files["d4rl/setup.py"] = "from setuptools import setup\nsetup(name='rlkit')\n"
    files["d4rl/rlkit/__init__.py"] = ""
    files["d4rl/rlkit/cql.py"] = "def train():\n    pass\n"
    root = make_git_repo(tmp_path / "r", files)
    names = project_modules(build_index(build_inventory(str(root))))
    assert names.get("rlkit.cql") == "d4rl/rlkit/cql.py"
    assert "spaceflights.nodes" not in names


def test_examples_inside_a_tutorials_folder_are_not_promoted_beside_a_documented_main_script(tmp_path):
    main = LOOP
    tutorial = "import lightning as L\n\nif __name__ == '__main__':\n    L.Trainer(max_epochs=2).fit(model)\n"
    files = {
        "README.md": "# pkg\n\n    python train.py --lr 1e-3\n",
        "train.py": main,
        "tutorials/examples/ptl/README.md": "    python litgpt_ptl.py\n",
        "tutorials/examples/ptl/litgpt_ptl.py": tutorial,
    }
    result = run_audit(make_git_repo(tmp_path / "r", files))
    assert [e.path for e in result.ctx.taxonomy.training_entry_points] == ["train.py"]
