"""Families of real code the fresh68 round (and the recommendations earlier reviewers found unfitting)
showed the auditor reading wrong, each with a synthetic case of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, detections_by_tool, dimension, finding, notebook
from tests.test_fresh67_families import JAX_TRAIN

_audit = audit_committed
# the body of a torch training loop over `model` and `opt`, inside `for step in range(10):`
STEP_LOOP = (
    "    loss = model(torch.randn(8, 4)).sum()\n    opt.zero_grad()\n    loss.backward()\n    opt.step()\n"
)


def test_a_jax_determinism_fix_keeps_the_xla_flags_the_project_sets(tmp_path):
    """Projects set XLA_FLAGS themselves (memory fraction, autotuning); a snippet assigning the variable
    would drop those, so the flag is appended."""
    script = "import os\nos.environ['XLA_FLAGS'] = '--xla_gpu_autotune_level=0'\n" + JAX_TRAIN
    result = _audit(tmp_path, {"ppo.py": script, "requirements.txt": "jax==0.4.30\noptax==0.2.2\n"})
    f = finding(result, "ET403")
    assert "xla_gpu_deterministic_ops" in f.recommendation
    assert "os.environ.get('XLA_FLAGS', '')" in f.recommendation


DDP_TRAIN = """
import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel as DDP

dist.init_process_group("nccl")
model = DDP(torch.nn.Linear(4, 2).cuda())
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(100):
    loss = model(torch.randn(8, 4).cuda()).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
"""

SLURM_TEMPLATE = """#!/bin/bash
#SBATCH --nodes={nodes}
#SBATCH --gres=gpu:8
srun torchrun --nnodes {nodes} --nproc_per_node 8 train.py
"""


def test_a_slurm_job_template_is_a_job_script(tmp_path):
    """Cluster launchers are often committed as templates a user fills in (`job.slurm_template`,
    `run.sh.tmpl`): they are the project's job scripts all the same."""
    result = _audit(
        tmp_path,
        {
            "train.py": DDP_TRAIN,
            "launch/job.slurm_template": SLURM_TEMPLATE,
            "requirements.txt": "torch==2.1.0\n",
        },
    )
    f = finding(result, "ET510")
    assert f.status == "PASS"
    assert any(e.path == "launch/job.slurm_template" for e in f.evidence)


SKLEARN_CELLS = (
    "import numpy as np\nimport pandas as pd\nfrom sklearn.model_selection import train_test_split\n"
    "from sklearn.ensemble import RandomForestClassifier",
    "df = pd.read_csv('heart-disease.csv')\nX, y = df.drop('target', axis=1), df['target']",
    "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)",
    "np.random.seed(42)",
    "clf = RandomForestClassifier(n_estimators=100)\nclf.fit(X_train, y_train)\nprint(clf.score(X_test, y_test))",
)


def test_a_seed_snippet_uses_the_seed_the_notebook_already_uses(tmp_path):
    """A course notebook seeds with `np.random.seed(42)`: the fix hands the split and the estimator that
    value, not a `cfg.seed` no cell defines."""
    result = _audit(
        tmp_path,
        {
            "intro.ipynb": notebook(*SKLEARN_CELLS),
            "heart-disease.csv": "age,target\n1,0\n",
            "requirements.txt": "scikit-learn\npandas\n",
        },
    )
    for rule_id in ("ET121", "ET402"):
        f = finding(result, rule_id)
        assert f.status != "PASS"
        assert "random_state=42" in f.recommendation, f.recommendation
        assert "cfg." not in f.recommendation


def test_a_seed_snippet_defines_its_seed_where_the_file_seeds_nothing(tmp_path):
    cells = [c for c in SKLEARN_CELLS if "np.random.seed" not in c]
    result = _audit(
        tmp_path,
        {
            "intro.ipynb": notebook(*cells),
            "heart-disease.csv": "age,target\n1,0\n",
            "requirements.txt": "scikit-learn\npandas\n",
        },
    )
    f = finding(result, "ET402")
    assert "SEED = " in f.recommendation and "random_state=SEED" in f.recommendation
    assert "cfg." not in f.recommendation


LIB_CALLBACKS = """
import wandb


class Callback:
    def on_episode_end(self, episode, logs):
        pass


class WandbLogger(Callback):
    def __init__(self, **kwargs):
        wandb.init(project="rlx", **kwargs)

    def on_episode_end(self, episode, logs):
        wandb.log({"episode_reward": logs["episode_reward"]}, step=episode)
"""

LIB_AGENT = """
import torch
from rlx.callbacks import Callback, WandbLogger


class Agent:
    def __init__(self, model):
        self.model = model
        self.opt = torch.optim.Adam(model.parameters())

    def fit(self, env, nb_steps, callbacks=()):
        for step in range(nb_steps):
            loss = self.model(torch.randn(4)).sum()
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()
            for cb in callbacks:
                cb.on_episode_end(step, {"episode_reward": float(loss)})
"""

LIB_EXAMPLE = """
import gym
import torch
from rlx.core import Agent

env = gym.make("CartPole-v1")
agent = Agent(torch.nn.Linear(4, 2))
agent.fit(env, nb_steps=50000)
torch.save(agent.model.state_dict(), "dqn_weights.pt")
"""


def test_a_tracker_callback_a_library_offers_and_no_script_builds_is_optional(tmp_path):
    """A library's WandbLogger callback that its README shows users passing to fit(), and none of its
    own examples builds: runs of the examples record nothing in W&B, so it is optional, not core."""
    result = _audit(
        tmp_path,
        {
            "rlx/__init__.py": "",
            "rlx/callbacks.py": LIB_CALLBACKS,
            "rlx/core.py": LIB_AGENT,
            "examples/dqn_cartpole.py": LIB_EXAMPLE,
            "setup.py": "from setuptools import setup\nsetup(name='rlx', packages=['rlx'], install_requires=['torch', 'gym'])\n",
            "README.md": "# rlx\n\n```python\nagent.fit(env, nb_steps=50000, callbacks=[WandbLogger()])\n```\n",
        },
    )
    wandb = detections_by_tool(result)["wandb"]
    assert wandb.scope == "optional", wandb
    assert "Weights & Biases is used" not in " ".join(dimension(result, "result_persistence").reasons)


KERAS_RL_STYLE = """
import argparse
import json
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--env-name", type=str, default="BreakoutDeterministic-v4")
args = parser.parse_args()

model = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters())
log = open("dqn_{}_log.json".format(args.env_name), "a")
for episode in range(1000):
    loss = model(torch.randn(4)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    log.write(json.dumps({"episode": episode, "loss": float(loss)}) + "\\n")
torch.save(model.state_dict(), "dqn_{}_weights.pt".format(args.env_name))
"""


def test_metrics_and_weights_named_by_one_setting_in_a_shared_folder_have_no_per_run_structure(tmp_path):
    """`dqn_{env}_log.json` beside `dqn_{env}_weights.pt` in the working directory: one file of each per
    setting, overwritten by the next run with that setting (rubric level 2), not per-run logs (4)."""
    result = _audit(tmp_path, {"dqn_atari.py": KERAS_RL_STYLE, "requirements.txt": "torch==2.1.0\n"})
    dim = dimension(result, "result_persistence")
    assert dim.score == 2, dim.reasons
    assert "per setting" in dim.reasons[0]


def test_a_file_named_from_a_module_constant_is_one_fixed_path(tmp_path):
    """ENV_NAME = 'CartPole-v0' then 'dqn_{}_weights.pt'.format(ENV_NAME): every run writes the same
    file, which is not a name taken from the run."""
    script = KERAS_RL_STYLE.replace("args.env_name", "ENV_NAME").replace(
        "args = parser.parse_args()", "args = parser.parse_args()\nENV_NAME = 'CartPole-v0'"
    )
    result = _audit(tmp_path, {"dqn_cartpole.py": script, "requirements.txt": "torch==2.1.0\n"})
    parts = [*result.ctx.records.metrics, *result.ctx.records.checkpoints]
    assert {p.target for p in parts} == {"dqn_CartPole-v0_log.json", "dqn_CartPole-v0_weights.pt"}
    assert all(p.keeping == "fixed" for p in parts)


PAGE_GENERATOR = (
    "import os\nimport pandas as pd\nfrom pathlib import Path\nfrom jinja2 import Template",
    "folder = Path('08-deep-learning')\ndf = pd.read_csv(folder / 'meta.csv')\ntemplate_string = '## {{ name }}'",
    "for i in range(len(df)):\n    row = df.loc[i]\n    params = row.to_dict()\n"
    "    params['navigation'] = '* [Course](../)'\n"
    "    rendered = Template(template_string).render(**params)\n"
    "    page_full = '%s/%s' % (folder, row.page_name)\n"
    "    if not os.path.exists(page_full):\n"
    "        with open(page_full, 'w', encoding='utf-8') as f_out:\n            f_out.write(rendered)\n"
    "    else:\n"
    "        with open(page_full, 'a', encoding='utf-8') as f_out:\n"
    "            f_out.write('\\n\\n========\\n\\n')\n            f_out.write(rendered)",
)


def test_lesson_pages_a_notebook_renders_per_table_row_are_no_stored_runs(tmp_path):
    """A course notebook writing one page per row of a table (`folder / row.page_name`): the committed
    pages are the course's lessons, not runs the code wrote."""
    files = {
        "generate-pages.ipynb": notebook(*PAGE_GENERATOR),
        "08-deep-learning/meta.csv": "lesson,name,page_name,video\n1,Intro,01-intro.md,https://example.org\n",
    }
    for i, name in enumerate(("01-intro", "02-keras", "03-pretrained"), 1):
        files[f"08-deep-learning/{name}.md"] = f"## 8.{i} {name}\n\nNotes from the video.\n"
    result = _audit(tmp_path, files)
    assert not [r for r in result.ctx.catalog.runs if r.store == "run-dir"]


def test_a_file_browsers_thumbnail_cache_is_no_data(tmp_path):
    """Thumbs.db and .DS_Store committed in a data folder by accident are nobody's data."""
    train = (
        "import numpy as np\nimport torch\n\nx = np.load('data/train.npy')\nmodel = torch.nn.Linear(4, 2)\n"
        + (
            "opt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor step in range(10):\n"
            "    loss = model(torch.tensor(x[:4], dtype=torch.float32)).sum()\n    opt.zero_grad()\n"
            "    loss.backward()\n    opt.step()\n"
        )
    )
    junk = "\x00junk" * 1000
    result = _audit(
        tmp_path,
        {
            "train.py": train,
            "data/Thumbs.db": junk,
            "data/.DS_Store": junk,
            "requirements.txt": "torch==2.1.0\n",
        },
    )
    cited = [e.path for f in result.findings for e in f.evidence]
    assert not [p for p in cited if p.endswith(("Thumbs.db", ".DS_Store"))]
    assert "Thumbs.db" not in " ".join(dimension(result, "data_versioning").reasons)


def test_a_manifest_beside_its_own_lock_is_pinned_by_it(tmp_path):
    """A course lesson's Pipfile next to its Pipfile.lock (installed with `pipenv install --deploy`): the
    lock pins that lesson's environment, even where it does not lock the other lessons' notebooks."""
    pipfile = '[packages]\nscikit-learn = "*"\nflask = "*"\n\n[requires]\npython_version = "3.11"\n'
    lock = '{"_meta": {"hash": {"sha256": "0"}}, "default": {"flask": {"version": "==3.0.0"}}}\n'
    result = _audit(
        tmp_path,
        {
            "02-regression/notebook.ipynb": notebook(*SKLEARN_CELLS),
            "05-deployment/train.py": "import pickle\nfrom sklearn.linear_model import LogisticRegression\n"
            "model = LogisticRegression().fit([[0], [1]], [0, 1])\npickle.dump(model, open('model.bin', 'wb'))\n",
            "05-deployment/Pipfile": pipfile,
            "05-deployment/Pipfile.lock": lock,
        },
    )
    f = finding(result, "ET410")
    assert "05-deployment/Pipfile locked by 05-deployment/Pipfile.lock" in f.message
    assert "Pipfile 0 of" not in f.message


def test_scripts_seeded_per_call_or_drawing_nothing_are_not_unseeded_runs(tmp_path):
    """A course's lessons: one seeds numpy, the others hand random_state=1 to each forest, or fit a
    deterministic LogisticRegression. None of them runs unseeded."""
    head = "import pandas as pd\nfrom sklearn.model_selection import train_test_split\n"
    files = {
        "02-regression/train.py": "import numpy as np\n" + head + "np.random.seed(2)\n"
        "df = pd.read_csv('data.csv')\nidx = np.random.permutation(len(df))\nprint(df.iloc[idx].mean())\n",
        "06-trees/train.py": head + "from sklearn.ensemble import RandomForestClassifier\n"
        "df = pd.read_csv('data.csv')\nX_tr, X_te, y_tr, y_te = train_test_split(df, df.y, random_state=1)\n"
        "RandomForestClassifier(n_estimators=10, random_state=1).fit(X_tr, y_tr)\n",
        "05-deployment/train.py": "import pickle\nimport pandas as pd\nfrom sklearn.linear_model import LogisticRegression\n"
        "df = pd.read_csv('data.csv')\nmodel = LogisticRegression().fit(df[['x']], df.y)\n"
        "pickle.dump(model, open('model.bin', 'wb'))\n",
        "03-classification/train.py": head + "from sklearn.tree import DecisionTreeClassifier\n"
        "df = pd.read_csv('data.csv')\nX_tr, X_te, y_tr, y_te = train_test_split(df, df.y, random_state=1)\n"
        "DecisionTreeClassifier(random_state=1).fit(X_tr, y_tr)\n",
        "requirements.txt": "scikit-learn==1.5.0\npandas==2.2.2\nnumpy==1.26.4\n",
    }
    f = finding(_audit(tmp_path, files), "ET401")
    assert f.status != "FAIL", f.message
    assert "run unseeded" not in f.message


HF_SCRIPT = """
import torch
from transformers import AutoModelForCausalLM, HfArgumentParser, Trainer, TrainingArguments


class ModifiedTrainer(Trainer):
    def compute_loss(self, model, inputs, return_outputs=False):
        return model(**inputs).loss


model = AutoModelForCausalLM.from_pretrained("gpt2")
(args,) = HfArgumentParser((TrainingArguments,)).parse_args_into_dataclasses()
trainer = ModifiedTrainer(model=model, args=args, train_dataset=torch.load("data.pt"))
trainer.train()
"""


def test_a_hugging_face_trainer_script_is_seeded_by_the_trainer(tmp_path):
    """Trainer(...) seeds python, numpy and torch from TrainingArguments.seed (42 unless given), and so
    does the project's own subclass of it, where another script builds the library's Trainer itself."""
    files = {f"finetune_{i}.py": HF_SCRIPT for i in range(6)}
    files["pretrain.py"] = "import torch\ntorch.manual_seed(0)\n" + HF_SCRIPT
    files["sft.py"] = HF_SCRIPT.replace("ModifiedTrainer(model", "Trainer(model")
    files["requirements.txt"] = "torch==2.1.0\ntransformers==4.40.0\n"
    f = finding(_audit(tmp_path, files), "ET401")
    assert "run unseeded" not in f.message, f.message


WANDB_TRAIN = """
import torch
import wandb

wandb.init(project="llama-peft", config={"lr": 1e-4})
model = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters(), lr=1e-4)
for step in range(100):
    loss = model(torch.randn(8, 4)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    wandb.log({"loss": loss.item()}, step=step)
"""


def test_governance_fix_speaks_the_store_the_runs_use(tmp_path):
    """A W&B project is told about W&B teams and artifact TTLs, not an MLflow server."""
    f = finding(
        _audit(tmp_path, {"train.py": WANDB_TRAIN, "requirements.txt": "torch==2.1.0\nwandb==0.16.0\n"}),
        "ET614",
    )
    assert f.status == "WARN"
    assert "mlflow" not in f.recommendation.lower()
    assert "entity=" in f.recommendation and "ttl" in f.recommendation


def test_a_seed_key_in_the_trackers_config_dict_is_the_seed_recorded(tmp_path):
    """wandb.init(config={..., "seed": seed, ...}) records the seed, whatever else it leaves out."""
    script = (
        "import random\nimport torch\nimport wandb\nimport click\n\n\n@click.command()\n"
        '@click.option("--seed", default=42)\ndef main(seed):\n    random.seed(seed)\n    torch.manual_seed(seed)\n'
        '    wandb.init(project="t2i", config={"lr": 1e-4, "seed": seed, "wd": 0.1})\n'
        + "".join("    " + ln + "\n" for ln in WANDB_TRAIN.strip().splitlines()[4:])
        + "\n\nmain()\n"
    )
    f = finding(_audit(tmp_path, {"train.py": script}), "ET212")
    assert f.status == "PASS", f.message


def test_per_weight_optimizer_settings_are_not_the_runs_configuration(tmp_path):
    """`final_optimizer_settings[name] = {"lr": ..., "wd": ..., "shape": ...}` for every weight, written to
    the run folder: the optimizer's parameter groups, not the run's options."""
    script = (
        "import argparse\nimport os\nimport torch\n\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--lr', type=float, default=1e-4)\nparser.add_argument('--save_dir', default='ckpt')\n"
        "args = parser.parse_args()\nmodel = torch.nn.Linear(4, 2)\nfinal_optimizer_settings = {}\n"
        "for n, p in model.named_parameters():\n"
        "    final_optimizer_settings[n] = {'lr': args.lr, 'wd': 0.1, 'shape': str(list(p.shape))}\n"
        "os.makedirs(args.save_dir, exist_ok=True)\n"
        "with open(f'{args.save_dir}/optimizer_settings.txt', 'w') as f:\n"
        "    for k, v in sorted(final_optimizer_settings.items()):\n        f.write(f'{k}: {v}\\n')\n"
        "opt = torch.optim.AdamW(model.parameters(), lr=args.lr)\nfor step in range(10):\n" + STEP_LOOP
    )
    result = _audit(tmp_path, {"main_t2i.py": script, "requirements.txt": "torch==2.1.0\n"})
    assert not [p for p in result.ctx.records.config if p.whole]


MULTI_BACKEND_KERAS = """
import numpy as np
import keras
from keras import backend as K
from keras.models import Sequential
from keras.layers import Dense

np.random.seed(123)


def huber(y_true, y_pred):
    if K.backend() == "theano":
        import theano.tensor as T
        return T.mean(T.abs_(y_true - y_pred))
    import tensorflow as tf
    return tf.reduce_mean(tf.abs(y_true - y_pred))


model = Sequential([Dense(16, input_shape=(4,)), Dense(2)])
model.compile(optimizer="adam", loss=huber)
model.fit(np.zeros((32, 4)), np.zeros((32, 2)), epochs=3)
model.save_weights("dqn_weights.h5f", overwrite=True)
"""


def test_multi_backend_keras_gets_keras_2_and_tf1_snippets(tmp_path):
    """Keras 2.0-2.3 over a TensorFlow 1 or Theano backend: no tf.keras.utils.set_random_seed (TF 2.7)
    nor enable_op_determinism (TF 2.8), and Keras' own callbacks rather than tf.keras'."""
    setup = "from setuptools import setup\nsetup(name='rlk', install_requires=['keras>=2.0.7'])\n"
    result = _audit(tmp_path, {"dqn.py": MULTI_BACKEND_KERAS, "setup.py": setup})
    seed = finding(result, "ET401").recommendation
    assert "set_random_seed(seed)" in seed and "tf.keras.utils" not in seed
    det = finding(result, "ET403").recommendation
    assert "enable_op_determinism" not in det and "TF_CUDNN_DETERMINISTIC" in det
    assert "tf.keras" not in (finding(result, "ET310").recommendation or "")


FLOW_SUBPROCESS = """
import subprocess
from metaflow import FlowSpec, Parameter, step


class DollyFlow(FlowSpec):
    epochs = Parameter("epochs", default=1)

    @step
    def start(self):
        self.next(self.train)

    @step
    def train(self):
        subprocess.run(["deepspeed", "train_dolly.py", "--epochs", str(self.epochs)], check=True)
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    DollyFlow()
"""

TRAIN_DOLLY = (
    "from datasets import load_dataset\nfrom transformers import AutoModelForCausalLM, Trainer, TrainingArguments\n"
    "ds = load_dataset('databricks/databricks-dolly-15k')\nmodel = AutoModelForCausalLM.from_pretrained('gpt2')\n"
    "Trainer(model=model, args=TrainingArguments(output_dir='out'), train_dataset=ds['train']).train()\n"
)


def test_a_flow_whose_steps_load_no_data_into_self_versions_no_data(tmp_path):
    """A Metaflow step that launches a training subprocess, which pulls its dataset from the Hub by name:
    no data passes through the run's artifacts; a step assigning `self.df = pd.read_csv(...)` does."""
    files = {"flow.py": FLOW_SUBPROCESS, "train_dolly.py": TRAIN_DOLLY}
    result = _audit(tmp_path, files)
    assert "Metaflow stores the data" not in " ".join(dimension(result, "data_versioning").reasons)
    assert "Metaflow stores the data" not in finding(result, "ET120").message
    loads = FLOW_SUBPROCESS.replace(
        "        self.next(self.train)\n",
        "        self.df = pd.read_csv('train.csv')\n        self.next(self.train)\n",
        1,
    ).replace("import subprocess\n", "import subprocess\nimport pandas as pd\n")
    result = _audit(tmp_path / "loads", {"flow.py": loads, "train_dolly.py": TRAIN_DOLLY})
    assert "Metaflow stores the data" in finding(result, "ET120").message


def test_a_commit_read_with_the_sh_library_into_the_run_folder_is_recorded(tmp_path):
    """`sh.git.log("-1", format="%H")` written to `<exp_dir>/githash.log`: each run records its commit."""
    script = (
        "import json\nimport time\nfrom pathlib import Path\nimport sh\nimport torch\n\n"
        "exp_dir = Path('experiments') / time.strftime('%Y%m%d-%H%M%S')\nexp_dir.mkdir(parents=True)\n"
        "gitlog = sh.git.log('-1', format='%H', _tty_out=False)\n"
        "with (exp_dir / 'githash.log').open('w') as handle:\n    handle.write(gitlog.stdout.decode('utf-8'))\n"
        "model = torch.nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor step in range(10):\n"
        + STEP_LOOP
        + "torch.save(model.state_dict(), exp_dir / 'model.pt')\n"
    )
    f = finding(
        _audit(tmp_path, {"train.py": script, "requirements.txt": "torch==2.1.0\nsh==2.0.6\n"}), "ET420"
    )
    assert f.status == "PASS", f.message


def test_a_dockerfile_installing_from_the_lock_beside_it_is_locked(tmp_path):
    """`RUN pip install pipenv` then `pipenv install --system --deploy` from the copied Pipfile.lock: the
    image's environment is the lock, not a loose `pipenv` install."""
    docker = (
        "FROM python:3.8.12-slim\nRUN pip install pipenv\nWORKDIR /app\n"
        'COPY ["Pipfile", "Pipfile.lock", "./"]\nRUN pipenv install --system --deploy\n'
    )
    lock = '{"_meta": {"hash": {"sha256": "0"}}, "default": {"flask": {"version": "==3.0.0"}}}\n'
    result = _audit(
        tmp_path,
        {
            "02-regression/notebook.ipynb": notebook(*SKLEARN_CELLS),
            "05-deployment/Dockerfile": docker,
            "05-deployment/Pipfile.lock": lock,
            "05-deployment/Pipfile": '[packages]\nflask = "*"\n',
        },
    )
    assert "05-deployment/Dockerfile locked by 05-deployment/Pipfile.lock" in finding(result, "ET410").message
