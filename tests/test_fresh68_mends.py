"""Guards for what the independent reread of the fresh68 changes found (each fails on the build before
the mend)."""

from __future__ import annotations

from tests.rules.repo_helpers import detections_by_tool, dimension, finding, notebook
from tests.test_fresh68_families import STEP_LOOP, _audit

TORCH_SCRIPT = (
    "import torch\nfrom torch.utils.data import DataLoader, TensorDataset\nfrom common import data_path\n\n"
    "data = TensorDataset(torch.load(data_path('x.pt')))\nloader = DataLoader(data, batch_size=8, shuffle=True)\n"
    "model = torch.nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor step in range(10):\n"
    + STEP_LOOP
)


def test_a_helper_that_draws_nothing_does_not_seed_the_torch_scripts_importing_it(tmp_path):
    files = {f"train_{k}.py": TORCH_SCRIPT for k in "bcd"}
    files["train_a.py"] = "import torch\ntorch.manual_seed(0)\n" + TORCH_SCRIPT
    files["common.py"] = "import os\n\n\ndef data_path(n):\n    return os.path.join('data', n)\n"
    f = finding(_audit(tmp_path, files), "ET401")
    assert f.status == "FAIL" and "only 1 of 4" in f.message, f.message


KERAS_SPLIT = (
    "import numpy as np\nimport tensorflow as tf\nfrom sklearn.model_selection import train_test_split\n"
    "X, y = np.zeros((100, 4)), np.zeros(100)\nX_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=42)\n"
    "model = tf.keras.Sequential([tf.keras.layers.Dense(8), tf.keras.layers.Dropout(0.5), tf.keras.layers.Dense(1)])\n"
    "model.compile('adam', 'mse')\nmodel.fit(X_tr, y_tr, epochs=2)\n"
)


def test_a_seeded_split_does_not_seed_the_network_trained_after_it(tmp_path):
    files = {f"train_{k}.py": KERAS_SPLIT for k in "bcd"}
    files["train_a.py"] = KERAS_SPLIT + "tf.random.set_seed(0)\n"
    f = finding(_audit(tmp_path, files), "ET401")
    assert "only 1 of 4" in f.message, f.message


def test_sklearn_data_generators_draw(tmp_path):
    cells = (
        "import numpy as np\nfrom sklearn.datasets import make_classification\nfrom sklearn.linear_model import LogisticRegression",
        "X, y = make_classification(n_samples=200)\nLogisticRegression().fit(X, y)",
    )
    files = {f"lesson{i}/train_{i}.ipynb": notebook(*cells) for i in range(2, 5)}
    files["lesson1/train_1.ipynb"] = notebook(cells[0], "np.random.seed(0)\n" + cells[1])
    f = finding(_audit(tmp_path, files), "ET401")
    assert "only 1 of 4" in f.message, f.message


def test_a_constant_reassigned_from_the_options_is_no_fixed_name(tmp_path):
    script = (
        "import argparse\nimport json\nimport torch\nENV_NAME = 'CartPole-v0'\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--env', default=ENV_NAME)\nargs = parser.parse_args()\nENV_NAME = args.env\n"
        "model = torch.nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor step in range(10):\n"
        + STEP_LOOP
        + "json.dump({'loss': 0.1}, open('dqn_{}_log.json'.format(ENV_NAME), 'w'))\n"
    )
    result = _audit(tmp_path, {"train.py": script})
    assert [p.target for p in result.ctx.records.metrics] == ["dqn_{ENV_NAME}_log.json"]


def test_keras_2_3_on_a_pinned_tensorflow_2_is_seeded_the_tf2_way(tmp_path):
    script = (
        "import keras\nfrom keras.models import Sequential\nfrom keras.layers import Dense, Dropout\nimport numpy as np\n"
        "model = Sequential([Dense(8, input_shape=(4,)), Dropout(0.5), Dense(1)])\nmodel.compile('adam', 'mse')\n"
        "model.fit(np.zeros((8, 4)), np.zeros(8), shuffle=True)\n"
    )
    reqs = "keras==2.3.1\ntensorflow==2.1.0\nnumpy==1.18.5\n"
    rec = finding(_audit(tmp_path, {"train.py": script, "requirements.txt": reqs}), "ET401").recommendation
    assert "tf.set_random_seed" not in rec, rec


def test_theano_keras_is_not_told_to_pin_tensorflow_1s_python(tmp_path):
    script = (
        "import theano\nimport keras\nfrom keras.models import Sequential\nfrom keras.layers import Dense\nimport numpy as np\n"
        "model = Sequential([Dense(1, input_shape=(4,))])\nmodel.compile('sgd', 'mse')\nmodel.fit(np.zeros((8, 4)), np.zeros(8))\n"
    )
    f = finding(
        _audit(tmp_path, {"train.py": script, "requirements.txt": "keras==2.2.4\ntheano==1.0.4\n"}), "ET411"
    )
    assert "TensorFlow 1" not in (f.recommendation or ""), f.recommendation


def test_a_flow_reading_a_config_with_json_keeps_no_data_and_includefile_keeps_some(tmp_path):
    flow = (
        "import json\nimport subprocess\nfrom metaflow import FlowSpec, IncludeFile, step\n\n\nclass F(FlowSpec):\n"
        "    @step\n    def start(self):\n        self.ds_config = json.load(open('ds.json'))\n"
        "        subprocess.run(['deepspeed', 'train.py'], check=True)\n        self.next(self.end)\n\n"
        "    @step\n    def end(self):\n        pass\n"
    )
    train = "import torch\nfrom datasets import load_dataset\nds = load_dataset('tatsu-lab/alpaca')\n" + (
        "model = torch.nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor step in range(10):\n"
        + STEP_LOOP
    )
    result = _audit(tmp_path, {"flow.py": flow, "train.py": train})
    assert "Metaflow stores the data" not in finding(result, "ET120").message
    included = flow.replace(
        "class F(FlowSpec):\n", "class F(FlowSpec):\n    raw = IncludeFile('raw', default='data/train.csv')\n"
    )
    result = _audit(tmp_path / "inc", {"flow.py": included, "train.py": train})
    assert "Metaflow stores the data" in finding(result, "ET120").message


def test_a_sbatch_loop_over_seeds_is_read_by_every_reader(tmp_path):
    script = (
        "import argparse\nimport torch\np = argparse.ArgumentParser()\np.add_argument('--seed', type=int, default=0)\n"
        "p.add_argument('--output_dir', default='')\nargs = p.parse_args()\ntorch.manual_seed(args.seed)\n"
        "model = torch.nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor step in range(10):\n"
        + STEP_LOOP
        + "if args.output_dir:\n    torch.save(model.state_dict(), args.output_dir + '/model.pt')\n"
    )
    job = (
        "#!/bin/bash\nfor seed in 1 2 3; do python train.py --seed $seed --output_dir runs/seed_$seed; done\n"
    )
    as_sh = _audit(tmp_path / "sh", {"train.py": script, "jobs/run.sh": job})
    as_sbatch = _audit(tmp_path / "sbatch", {"train.py": script, "jobs/run.sbatch": job})
    assert finding(as_sh, "ET310").message == finding(as_sbatch, "ET310").message


def test_a_tracker_class_picked_from_a_registry_is_built(tmp_path):
    loggers = (
        "import wandb\n\n\nclass WandbLogger:\n    def __init__(self, config):\n        wandb.init(project='p', config=config)\n\n"
        "    def log(self, d):\n        wandb.log(d)\n"
    )
    train = (
        "import argparse\nimport torch\nfrom mylib.loggers import WandbLogger\nLOGGERS = {'wandb': WandbLogger}\n"
        "p = argparse.ArgumentParser()\np.add_argument('--logger', default='wandb')\nargs = p.parse_args()\n"
        "logger = LOGGERS[args.logger](vars(args))\nmodel = torch.nn.Linear(4, 2)\n"
        "opt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor step in range(10):\n" + STEP_LOOP
    )
    result = _audit(tmp_path, {"mylib/__init__.py": "", "mylib/loggers.py": loggers, "mylib/train.py": train})
    assert detections_by_tool(result)["wandb"].scope == "core"


def test_the_seed_snippet_uses_the_literal_not_a_helpers_parameter(tmp_path):
    script = (
        "import random\nimport numpy as np\nimport pandas as pd\nfrom sklearn.ensemble import RandomForestClassifier\n\n\n"
        "def seed_everything(seed):\n    random.seed(seed)\n    np.random.seed(seed)\n\n\nseed_everything(42)\n"
        "df = pd.read_csv('data.csv')\nRandomForestClassifier(n_estimators=300).fit(df[['x']], df.y)\n"
    )
    f = finding(_audit(tmp_path, {"train.py": script}), "ET402")
    assert "random_state=42" in f.recommendation, f.recommendation


def test_a_script_named_after_a_container_tool_is_still_a_shell_script(tmp_path):
    script = (
        "import argparse\nimport json\nimport torch\np = argparse.ArgumentParser()\np.add_argument('--seed', type=int, default=0)\n"
        "args = p.parse_args()\ntorch.manual_seed(args.seed)\nmodel = torch.nn.Linear(4, 2)\n"
        "opt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor step in range(10):\n"
        + STEP_LOOP
        + "json.dump({'loss': 0.1}, open(f'results/seed{args.seed}.json', 'w'))\n"
    )
    job = "for seed in 1 2 3; do singularity exec --nv img.sif python train.py --seed $seed; done\n"
    f = finding(_audit(tmp_path, {"train.py": script, "singularity.sh": job}), "ET321")
    assert f.status == "PASS", f.message


def test_governance_fix_for_a_neptune_project_names_no_mlflow_and_only_the_missing_half(tmp_path):
    script = (
        "import neptune\nimport torch\nrun = neptune.init_run(project='team/proj')\nmodel = torch.nn.Linear(4, 2)\n"
        "opt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor step in range(10):\n"
        + STEP_LOOP
        + "    run['train/loss'].append(loss.item())\n"
    )
    readme = "# proj\n\nRuns are kept for 90 days (retention policy).\n"
    f = finding(_audit(tmp_path, {"train.py": script, "README.md": readme}), "ET614")
    assert "mlflow" not in f.recommendation.lower()


def test_per_setting_metrics_beside_one_fixed_checkpoint_are_not_described_as_per_setting_weights(tmp_path):
    script = (
        "import argparse\nimport json\nimport torch\np = argparse.ArgumentParser()\np.add_argument('--env', default='CartPole-v1')\n"
        "args = p.parse_args()\nmodel = torch.nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "for step in range(10):\n"
        + STEP_LOOP
        + "json.dump({'loss': 0.1}, open(f'dqn_{args.env}_log.json', 'w'))\n"
        "torch.save(model.state_dict(), 'model.pt')\n"
    )
    dim = dimension(_audit(tmp_path, {"train.py": script}), "result_persistence")
    assert "one file of each per setting" not in dim.reasons[0]


def test_the_sh_librarys_plain_git_call_reads_the_commit(tmp_path):
    script = (
        "import time\nfrom pathlib import Path\nimport sh\nimport torch\nrun = Path('runs') / time.strftime('%Y%m%d-%H%M%S')\n"
        "run.mkdir(parents=True)\nsha = sh.git('rev-parse', 'HEAD')\n"
        "with (run / 'githash.log').open('w') as f:\n    f.write(str(sha))\n"
        "model = torch.nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor step in range(10):\n"
        + STEP_LOOP
        + "torch.save(model.state_dict(), run / 'model.pt')\n"
    )
    assert finding(_audit(tmp_path, {"train.py": script}), "ET420").status == "PASS"


def test_a_players_config_is_a_run_configuration_word(tmp_path):
    from experiment_tracking.records import _WHOLE_NAME

    assert _WHOLE_NAME.fullmatch("player_config") and _WHOLE_NAME.fullmatch("multiplayer_settings")
    assert not _WHOLE_NAME.fullmatch("final_optimizer_settings")


def test_a_step_keeping_its_data_under_a_data_name_is_a_data_artifact(tmp_path):
    """self.dataset = client.fetch_all(query): a warehouse read kept as the run's artifact."""
    flow = (
        "from metaflow import FlowSpec, step\nimport warehouse\n\n\nclass F(FlowSpec):\n    @step\n    def start(self):\n"
        "        self.dataset = warehouse.connect().fetch_all('select * from sessions')\n        self.next(self.end)\n\n"
        "    @step\n    def end(self):\n        import torch\n        model = torch.nn.Linear(4, 2)\n"
        "        opt = torch.optim.SGD(model.parameters(), lr=0.1)\n        loss = model(torch.randn(8, 4)).sum()\n"
        "        loss.backward()\n        opt.step()\n"
    )
    assert "Metaflow stores the data" in finding(_audit(tmp_path, {"flow.py": flow}), "ET120").message
