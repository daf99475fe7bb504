"""Claim and recommendation families found in the fresh43 review, one regression case each."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.conftest import make_git_repo
from tests.rules.repo_helpers import write_repo


def _finding(result, rule_id):
    return next((f for f in result.findings if f.rule_id == rule_id), None)


# A hand-rolled TF2 agent loop in the style of many RL research releases: a config of defaults turned
# into command-line options, a run directory taken from the options, a metrics stream appended per
# log step, and the agent's variables saved to one file in that directory (and loaded back on start).
AGENT = """import argparse
import json
import pathlib
import time

import numpy as np
import tensorflow as tf


class Every:
    def __init__(self, every):
        self._every = every

    def __call__(self, step):
        return step % self._every == 0


def define_config():
    config = {}
    config['logdir'] = pathlib.Path('.')
    config['seed'] = 0
    config['steps'] = 1000
    config['lr'] = 1e-3
    return config


class Agent(tf.Module):
    def __init__(self, config):
        self._c = config
        self._random = np.random.RandomState(config.seed)
        self._should_log = Every(100)
        self._last_time = time.time()
        self._last_log = 0
        self._model = tf.keras.Sequential([tf.keras.layers.Dense(4)])
        self._opt = tf.keras.optimizers.Adam(config.lr)

    def train(self, step):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(self._model(tf.random.normal((8, 4))) ** 2)
        grads = tape.gradient(loss, self._model.trainable_variables)
        self._opt.apply_gradients(zip(grads, self._model.trainable_variables))
        log = self._should_log(step)
        if log:
            self._write(step, float(loss))

    def _write(self, step, loss):
        metrics = [('loss', loss)]
        duration = time.time() - self._last_time
        self._last_time += duration
        metrics.append(('fps', (step - self._last_log) / duration))
        self._last_log = step
        with (self._c.logdir / 'metrics.jsonl').open('a') as f:
            f.write(json.dumps({'step': step, **dict(metrics)}) + '\\n')

    def save(self, path):
        path.write_bytes(b'')

    def load(self, path):
        path.read_bytes()


def summarize(episode, config, prefix):
    with (config.logdir / 'episodes.jsonl').open('a') as f:
        f.write(json.dumps({'prefix': prefix, 'return': float(sum(episode))}) + '\\n')
    if prefix == 'test':
        tf.summary.image(f'{prefix}/video', np.zeros((1, 8, 8, 3)), step=0)


def main(config):
    config.logdir.mkdir(parents=True, exist_ok=True)
    writer = tf.summary.create_file_writer(str(config.logdir))
    writer.set_as_default()
    agent = Agent(config)
    if (config.logdir / 'variables.pkl').exists():
        agent.load(config.logdir / 'variables.pkl')
    for step in range(config.steps):
        agent.train(step)
        summarize([1.0, 2.0], config, 'train')
        summarize([1.0, 2.0], config, 'test')
        agent.save(config.logdir / 'variables.pkl')


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    for key, value in define_config().items():
        parser.add_argument(f'--{key}', type=type(value), default=value)
    main(parser.parse_args())
"""


def _agent(tmp_path):
    return run_audit(write_repo(tmp_path, {"train.py": AGENT, "README.md": "# agent\n\n`python train.py`\n"}))


def test_a_load_of_the_checkpoint_file_the_run_saves_tested_for_on_disk_is_a_resume(tmp_path):
    # `if (config.logdir / 'variables.pkl').exists(): agent.load(...)` continues an interrupted run
    f = _finding(_agent(tmp_path), "ET511")
    assert f is not None and f.status == "PASS", f
    assert any(
        e.line == AGENT.splitlines().index("    if (config.logdir / 'variables.pkl').exists():") + 1
        for e in f.evidence
    ), f.evidence


def test_a_user_named_weights_file_tested_for_on_disk_is_still_no_resume(tmp_path):
    # the same shape on a file the user names (a warm start) resumes nothing: the fix keeps its limit
    src = AGENT.replace(
        "    if (config.logdir / 'variables.pkl').exists():\n        agent.load(config.logdir / 'variables.pkl')\n",
        "    if pathlib.Path(config.pretrained).exists():\n        agent.load(pathlib.Path(config.pretrained))\n",
    ).replace("config['lr'] = 1e-3", "config['lr'] = 1e-3\n    config['pretrained'] = 'init.pkl'")
    f = _finding(run_audit(write_repo(tmp_path, {"train.py": src})), "ET511")
    assert f is not None and f.status == "WARN", f


def test_a_rate_computed_from_a_timer_and_appended_to_the_written_metrics_is_captured(tmp_path):
    f = _finding(_agent(tmp_path), "ET303")
    assert f is not None and f.status == "PASS", f
    # the line that puts the rate into the metrics, not the clock read
    line = AGENT.splitlines().index("        metrics.append(('fps', (step - self._last_log) / duration))") + 1
    assert [e.line for e in f.evidence] == [line], f.evidence


def test_a_branch_on_which_caller_this_is_is_no_switch(tmp_path):
    # summarize(..., 'train') and summarize(..., 'test') both run in every run: `prefix == 'test'` asks
    # which call this is; the video is written by every run
    f = _finding(_agent(tmp_path), "ET311")
    assert f is not None and f.status == "PASS", f


def test_a_step_schedule_bound_to_a_name_is_no_switch(tmp_path):
    # `log = self._should_log(step)` then `if log:` runs every hundred steps of every run
    result = _agent(tmp_path)
    assert not [q for q in result.findings if q.status == "REVIEW" and q.rule_id == "ET303"]


def test_record_fixes_use_the_names_the_entry_point_has(tmp_path):
    # main(parser.parse_args()) into `def main(config)`: there is no `args` to dump, and the seed is
    # config.seed, not a bare `seed`
    result = _agent(tmp_path)
    params = _finding(result, "ET210")
    assert params is not None and "vars(config)" in params.recommendation, params
    assert "vars(args)" not in params.recommendation
    seed = _finding(result, "ET212")
    assert seed is not None and "{'seed': config.seed}" in seed.recommendation, seed.recommendation


# An offline-RL training script in the style of many JAX/PyTorch research releases: absl flags, a
# W&B wrapper class of the project's own (system stats turned off), a project Timer, metrics gathered
# in a dict and logged, and the agent pickled by the wrapper only when a flag asks for it.
LOGGER = """import os
import pickle
import time

import wandb


class Timer:
    def __enter__(self):
        self._start = time.time()
        return self

    def __exit__(self, *a):
        self._end = time.time()

    def __call__(self):
        return self._end - self._start


class WandBLogger:
    def __init__(self, output_dir, variant):
        self.output_dir = output_dir
        self.run = wandb.init(config=variant, dir=output_dir, settings=wandb.Settings(_disable_stats=True))

    def log(self, *args, **kwargs):
        self.run.log(*args, **kwargs)

    def save_pickle(self, obj, filename):
        with open(os.path.join(self.output_dir, filename), 'wb') as fout:
            pickle.dump(obj, fout)
"""

RL_MAIN = """import absl.app
import absl.flags
import gym
import numpy as np
import torch

from utils import Timer, WandBLogger

FLAGS = absl.flags.FLAGS
absl.flags.DEFINE_string('env', 'halfcheetah-medium-v2', 'environment')
absl.flags.DEFINE_integer('n_epochs', 10, 'epochs')
absl.flags.DEFINE_bool('save_model', False, 'save the agent')
absl.flags.DEFINE_string('output_dir', '/tmp/run', 'where runs go')


class Agent(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.q = torch.nn.Linear(4, 1)
        self.opt = torch.optim.Adam(self.q.parameters())

    def train_step(self, batch):
        loss = self.q(batch).pow(2).mean()
        self.opt.zero_grad()
        loss.backward()
        self.opt.step()
        return {'loss': loss.item()}


def main(argv):
    logger = WandBLogger(FLAGS.output_dir, {'env': FLAGS.env})
    env = gym.make(FLAGS.env)
    agent = Agent()
    for epoch in range(FLAGS.n_epochs):
        metrics = {'epoch': epoch}
        with Timer() as train_timer:
            metrics.update(agent.train_step(torch.randn(8, 4)))
        with Timer() as eval_timer:
            returns = [float(np.sum(np.random.rand(5))) for _ in range(3)]
            metrics['average_return'] = np.mean(returns)
            if FLAGS.save_model:
                logger.save_pickle({'agent': agent, 'epoch': epoch}, 'model.pkl')
        metrics['train_time'] = train_timer()
        metrics['eval_time'] = eval_timer()
        logger.log(metrics)
    env.close()


if __name__ == '__main__':
    absl.app.run(main)
"""


def _rl(tmp_path):
    return run_audit(write_repo(tmp_path, {"main.py": RL_MAIN, "utils.py": LOGGER}))


def test_a_model_file_a_project_helper_pickles_behind_a_flag_is_a_question_not_never_saved(tmp_path):
    f = _finding(_rl(tmp_path), "ET310")
    assert f is not None and f.status == "REVIEW", f
    assert "save_model" in f.question, f.question


def test_durations_put_into_the_logged_metrics_dict_are_captured_timings(tmp_path):
    f = _finding(_rl(tmp_path), "ET303")
    assert f is not None and f.status == "PASS", f
    line = RL_MAIN.splitlines().index("        metrics['train_time'] = train_timer()") + 1
    assert [e.line for e in f.evidence] == [line], f.evidence


def test_wandb_with_its_system_monitor_turned_off_records_no_system_metrics(tmp_path):
    src = RL_MAIN.replace(
        "        metrics['train_time'] = train_timer()\n        metrics['eval_time'] = eval_timer()\n", ""
    )
    f = _finding(run_audit(write_repo(tmp_path, {"main.py": src, "utils.py": LOGGER})), "ET303")
    assert f is not None and f.status == "WARN", f
    on = run_audit(
        write_repo(
            tmp_path / "on",
            {
                "main.py": src,
                "utils.py": LOGGER.replace(", settings=wandb.Settings(_disable_stats=True)", ""),
            },
        )
    )
    g = _finding(on, "ET303")
    assert g is not None and g.status == "PASS", g


def test_the_episode_return_logged_by_an_rl_loop_is_its_evaluation_metric(tmp_path):
    f = _finding(_rl(tmp_path), "ET302")
    assert f is not None and f.status == "PASS", f
    line = RL_MAIN.splitlines().index("            metrics['average_return'] = np.mean(returns)") + 1
    assert any(e.line == line for e in f.evidence), f.evidence


def test_the_parsed_options_handed_to_a_project_writer_with_a_directory_option_are_recorded(tmp_path):
    # hp = parser.parse_args(); save_hparams(hp, hp.logdir), where save_hparams writes json.dumps(vars(hp))
    # to <logdir>/hparams: the whole configuration, written by every run
    utils = (
        "import json\nimport os\n\n\ndef save_hparams(hparams, path):\n"
        "    if not os.path.exists(path):\n        os.makedirs(path)\n"
        "    hp = json.dumps(vars(hparams))\n"
        "    with open(os.path.join(path, 'hparams'), 'w') as fout:\n        fout.write(hp)\n"
    )
    train = (
        "import argparse\n\nimport torch\n\nfrom utils import save_hparams\n\n"
        "parser = argparse.ArgumentParser()\nparser.add_argument('--lr', type=float, default=1e-3)\n"
        "parser.add_argument('--batch_size', type=int, default=32)\n"
        "parser.add_argument('--logdir', default='log/1')\nhp = parser.parse_args()\n"
        "save_hparams(hp, hp.logdir)\n" + TRAIN_LOOP
    )
    result = run_audit(write_repo(tmp_path, {"train.py": train, "utils.py": utils}))
    for rule_id in ("ET210", "ET211"):
        f = _finding(result, rule_id)
        assert f is not None and f.status == "PASS", f
    assert any(e.path == "train.py" and e.line == 12 for e in _finding(result, "ET210").evidence)


TRAIN_LOOP = """model = torch.nn.Linear(4, 1)
opt = torch.optim.SGD(model.parameters(), lr=hp.lr)
for step in range(100):
    loss = model(torch.randn(hp.batch_size, 4)).pow(2).mean()
    loss.backward()
    opt.step()
torch.save(model.state_dict(), 'model.pt')
"""


def test_a_tracker_imported_on_one_branch_and_a_stand_in_on_the_other_is_optional(tmp_path):
    # `if not tag: from .metrics import SummaryWriterDummy as SummaryWriter` / `else: from tensorboardX
    # import SummaryWriter`: the event files exist only for runs given a tag
    metrics = "class SummaryWriterDummy:\n    def __init__(self, log_dir):\n        pass\n\n    def add_scalar(self, *a):\n        pass\n"
    train = (
        "import argparse\n\nimport torch\n\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--tag', default='')\nargs = parser.parse_args()\n"
        "if not args.tag:\n    from metrics import SummaryWriterDummy as SummaryWriter\n"
        "else:\n    from tensorboardX import SummaryWriter\n"
        "writer = SummaryWriter(log_dir='./logs/%s' % args.tag)\n"
        "model = torch.nn.Linear(4, 1)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "for step in range(100):\n    loss = model(torch.randn(8, 4)).pow(2).mean()\n"
        "    loss.backward()\n    opt.step()\n    writer.add_scalar('loss', loss.item(), step)\n"
    )
    result = run_audit(write_repo(tmp_path, {"train.py": train, "metrics.py": metrics}))
    tb = [d for d in result.ctx.detections if d.tool == "tensorboard"]
    assert tb and all(d.scope == "optional" for d in tb), tb
    result_dim = next(d for d in result.scorecard.dimensions if d.name == "result_persistence")
    assert result_dim.score <= 2, result_dim


README_PAPER = """# Conservative agents

Code for the paper below.

## Weights and Biases Online Visualization Integration
This codebase can also log to [W&B](https://wandb.ai/site).

## Citation
```
@inproceedings{doe2020agents,
  title={Conservative agents},
  author={Doe, Jane},
  year={2020}
}
```
"""


def test_a_paper_code_release_is_not_asked_for_a_teams_process(tmp_path):
    files = {"main.py": RL_MAIN, "utils.py": LOGGER, "README.md": README_PAPER, "LICENSE": "MIT License\n"}
    result = run_audit(write_repo(tmp_path, files))
    ids = {f.rule_id: f for f in result.findings}
    # no team server, access rules, or card/registry for models it does not release
    for rule_id in ("ET601", "ET614", "ET610", "ET520"):
        assert rule_id not in ids or ids[rule_id].status == "PASS", ids.get(rule_id)
    owners = ids["ET613"]
    assert owners.status == "PASS" and "CODEOWNERS" not in (owners.recommendation or ""), owners
    # the same code in a team's repository (no paper cited, a contributing guide) is still asked
    team = run_audit(
        write_repo(
            tmp_path / "team",
            {
                "main.py": RL_MAIN,
                "utils.py": LOGGER,
                "README.md": "# agents\n",
                "LICENSE": "MIT License\n",
                "CONTRIBUTING.md": "# Contributing\n",
            },
        )
    )
    assert {f.rule_id: f.status for f in team.findings}["ET613"] == "WARN"


def test_a_weights_and_biases_heading_offers_no_trained_weights(tmp_path):
    from experiment_tracking.scoring import released_weights

    result = run_audit(
        write_repo(tmp_path, {"main.py": RL_MAIN, "utils.py": LOGGER, "README.md": README_PAPER})
    )
    assert released_weights(result.ctx) is None


def test_wandb_online_only_by_a_chosen_mode_is_a_question(tmp_path):
    logger = LOGGER.replace(
        "settings=wandb.Settings(_disable_stats=True))",
        "mode='online' if online else 'offline')",
    ).replace(
        "def __init__(self, output_dir, variant):", "def __init__(self, output_dir, variant, online=False):"
    )
    result = run_audit(write_repo(tmp_path, {"main.py": RL_MAIN, "utils.py": logger}))
    f = _finding(result, "ET601")
    assert f is not None and f.status == "REVIEW", f
    assert "online" in f.question, f.question


TRAIN_TORCH = "import torch\n\n" + TRAIN_LOOP.replace("hp.lr", "0.1").replace("hp.batch_size", "8")


def _et411(tmp_path, files):
    f = _finding(run_audit(write_repo(tmp_path, {"train.py": TRAIN_TORCH, **files})), "ET411")
    assert f is not None and f.status == "WARN", f
    return f


def test_a_lower_bound_in_the_conda_environment_is_a_stated_minimum(tmp_path):
    env = "name: x\ndependencies:\n  - python>=3.8\n  - pytorch=1.6\n"
    f = _et411(tmp_path, {"environment.yml": env})
    assert f.message.startswith("Only a minimum Python version"), f.message
    assert [(e.path, e.line) for e in f.evidence] == [("environment.yml", 3)], f.evidence


def test_a_major_version_in_the_readme_is_stated(tmp_path):
    f = _et411(tmp_path, {"README.md": "# x\n\n## Requirements\n* python==3.x\n* torch\n"})
    assert "major" in f.message and f.evidence[0].line == 4, f


def test_the_pin_fix_does_not_write_a_file_the_project_ignores(tmp_path):
    f = _et411(
        tmp_path, {"README.md": "# x\n\nRequires Python >= 3.8.\n", ".gitignore": "*.pyc\n.python-version\n"}
    )
    assert ".gitignore:2" in f.recommendation, f.recommendation
    env = "name: x\ndependencies:\n  - python>=3.8\n  - pytorch=1.6\n"
    g = _et411(tmp_path / "conda", {"environment.yml": env, ".gitignore": ".python-version\n"})
    assert "environment.yml" in g.recommendation and "- python=3.8" in g.recommendation, g.recommendation


def _pwc(result) -> dict:
    return {i["item"]: i["met"] for i in result.scorecard.checklists["papers_with_code"]["items"]}


def test_papers_with_code_items_read_a_short_release_readme(tmp_path):
    readme = (
        "# seq2seq\n\n## Requirements\n* tensorflow==1.12.0\n* numpy>=1.15.4\n\n"
        "## Training\n```\npip install tensorflow==1.12.0 numpy tqdm\npython train.py\n```\n"
        "* Or download the pretrained models.\n```\nwget https://dl.dropbox.com/s/abc/log.zip; unzip log.zip\n```\n\n"
        "## Results\n\n|tst2013 (dev) | tst2014 (test) |\n|--|--|\n|28.06|23.88|\n"
    )
    evaluate = "import torch\n\nmodel = torch.load('model.pt')\nprint(model)\n"
    result = run_audit(
        write_repo(tmp_path, {"train.py": TRAIN_TORCH, "eval/eval.py": evaluate, "README.md": readme})
    )
    items = _pwc(result)
    assert items["Pre-trained models"], items  # the link under "download the pretrained models"
    assert items["README with results table and precise commands"], items  # two scores under Results
    assert items["Evaluation code"], items  # eval/eval.py
    assert items["Specification of dependencies"], items  # installed by name in the README


def test_a_key_shown_with_its_secret_part_masked_is_no_credential():
    from experiment_tracking.index.secrets import scan_secrets

    assert (
        scan_secrets("README.md", 'OPENAI_API_KEY="sk-****************************" python eval.py\n') == []
    )
    assert scan_secrets("README.md", "export HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxx\n") == []
    # a real-looking key beside it is still found
    real = 'OPENAI_API_KEY="sk-proj-Ab3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW" python eval.py\n'
    assert [h.kind for h in scan_secrets("README.md", real)] == ["openai_key"]


def test_a_random_name_that_is_not_pythons_module_is_no_unseeded_draw(tmp_path):
    # a helper using `random.uniform(key, shape)`, with `from jax import random` bound later (a notebook's
    # import cell below its utilities): jax.random keeps no global state to seed
    train = (
        "import jax\nimport jax.numpy as jnp\nimport optax\n\n\ndef sample(key, shape):\n"
        "    return random.uniform(key, shape)\n\n\nfrom jax import random\n\n"
        "key = random.PRNGKey(0)\nparams = sample(key, (4,))\nopt = optax.adam(1e-3)\nstate = opt.init(params)\n"
        "for step in range(10):\n    grads = jax.grad(lambda p: jnp.sum(p ** 2))(params)\n"
        "    updates, state = opt.update(grads, state)\n    params = optax.apply_updates(params, updates)\n"
    )
    f = _finding(run_audit(write_repo(tmp_path, {"train.py": train})), "ET401")
    assert f is None or "random" not in f.message.split("but not for", 1)[-1], f


def test_a_worker_init_fn_built_by_a_function_that_returns_none_seeds_nothing(tmp_path):
    utils = 'def loader_worker_init_fn(dataset):\n    """Create init function passed to pytorch data loader."""\n    return None\n'
    train = (
        "import torch\n\nimport utils\n\nds = torch.utils.data.TensorDataset(torch.randn(64, 4))\n"
        "loader = torch.utils.data.DataLoader(ds, batch_size=8, num_workers=4, "
        "worker_init_fn=utils.loader_worker_init_fn(ds))\n"
        + TRAIN_LOOP.replace("hp.lr", "0.1").replace("hp.batch_size", "8")
    )
    f = _finding(run_audit(write_repo(tmp_path, {"train.py": train, "utils.py": utils})), "ET404")
    assert f is not None and f.status != "PASS", f


def test_a_seed_set_inside_a_network_layer_is_not_the_runs_seed(tmp_path):
    # reversible blocks re-seed torch to recompute their dropout in backward, from a seed drawn at random
    layers = (
        "import torch\n\n\nclass ReversibleBlock(torch.nn.Module):\n    def seed_cuda(self, key):\n"
        "        seed = int(torch.seed())\n        self.seeds = {key: seed}\n        torch.manual_seed(self.seeds[key])\n"
    )
    train = TRAIN_TORCH.replace("import torch\n", "import torch\n\nimport layers  # noqa: F401\n", 1)
    f = _finding(run_audit(write_repo(tmp_path, {"train.py": train, "layers.py": layers})), "ET401")
    assert f is not None and f.status != "PASS", f
    assert all(e.path != "layers.py" for e in f.evidence), f.evidence


def test_a_d4rl_dataset_id_carries_its_version_and_is_recorded_with_the_options(tmp_path):
    data = "import d4rl\n\n\ndef get_dataset(env):\n    return d4rl.qlearning_dataset(env)\n"
    main = (
        "import json\nimport os\nimport time\n\nimport absl.app\nimport absl.flags\nimport gym\nimport torch\n\n"
        "from data import get_dataset\n\nFLAGS = absl.flags.FLAGS\n"
        "absl.flags.DEFINE_string('env', 'hopper-medium-v2', 'D4RL dataset')\n"
        "absl.flags.DEFINE_string('output_dir', 'runs', 'where runs go')\n\n\ndef main(argv):\n"
        "    run_dir = os.path.join(FLAGS.output_dir, time.strftime('%Y%m%d-%H%M%S'))\n"
        "    os.makedirs(run_dir)\n"
        "    with open(os.path.join(run_dir, 'flags.json'), 'w') as f:\n"
        "        json.dump(FLAGS.flag_values_dict(), f)\n"
        "    env = gym.make(FLAGS.env)\n    dataset = get_dataset(env)\n"
        "    model = torch.nn.Linear(4, 1)\n    opt = torch.optim.Adam(model.parameters())\n"
        "    for step in range(10):\n        loss = model(torch.randn(8, 4)).pow(2).mean()\n"
        "        loss.backward()\n        opt.step()\n\n\nif __name__ == '__main__':\n    absl.app.run(main)\n"
    )
    result = run_audit(write_repo(tmp_path, {"main.py": main, "data.py": data}))
    f120 = _finding(result, "ET120")
    assert f120 is not None and f120.status == "PASS" and "hopper-medium-v2" in str(f120.evidence), f120
    f421 = _finding(result, "ET421")
    assert f421 is not None and f421.status == "PASS", f421


def test_an_fvcore_cfgnode_of_typed_defaults_validates_the_configuration(tmp_path):
    defaults = "from fvcore.common.config import CfgNode\n\n_C = CfgNode()\n_C.TRAIN = CfgNode()\n_C.TRAIN.LR = 0.1\n"
    train = (
        "import torch\n\nfrom defaults import _C\n\ncfg = _C.clone()\ncfg.merge_from_file('configs/base.yaml')\n"
        + TRAIN_LOOP.replace("hp.lr", "cfg.TRAIN.LR").replace("hp.batch_size", "8")
    )
    files = {"train.py": train, "defaults.py": defaults, "configs/base.yaml": "TRAIN:\n  LR: 0.2\n"}
    f = _finding(run_audit(write_repo(tmp_path, files)), "ET202")
    assert f is not None and f.status == "PASS" and "fvcore" in str(f.evidence), f


def _rec_text(result) -> str:
    return "\n".join(f"{r['title']} {r['action']} {r.get('snippet', '')}" for r in result.recommendations)


def test_packages_installed_by_name_in_the_readme_are_an_unpinned_list(tmp_path):
    readme = "# agent\n\n```\npip3 install --user tensorflow-gpu==2.2.0 tensorflow_probability dm_control gym\n```\n"
    result = run_audit(write_repo(tmp_path, {"train.py": TRAIN_TORCH, "README.md": readme}))
    env = next(d for d in result.scorecard.dimensions if d.name == "environment_capture")
    assert env.score == 1, env
    assert "Environment capture to level 1" not in _rec_text(result)


def test_fixes_fit_the_framework_version_and_the_projects_files(tmp_path):
    # TF 1.x images need the -py3 tag for Python 3 code; torch pinned by conda as `pytorch==1.6.0` has no
    # use_deterministic_algorithms; the lock fix targets the current requirements, not a legacy copy
    tf1 = run_audit(
        write_repo(
            tmp_path / "tf1",
            {
                "train.py": "import tensorflow as tf\n\nx = tf.placeholder(tf.float32)\nsess = tf.Session()\n"
                "saver = tf.train.Saver()\nfor step in range(10):\n    sess.run(x)\nsaver.save(sess, 'log/model')\n",
                "requirements.txt": "tensorflow==1.12.0\nnumpy>=1.15\ntqdm\n",
                "old_legacy/requirements.txt": "tensorflow>=1.2.0\nnumpy\nregex\nnltk\n",
            },
        )
    )
    f412 = _finding(tf1, "ET412")
    assert f412 is not None and "tensorflow/tensorflow:1.12.0-gpu-py3" in f412.recommendation, (
        f412.recommendation
    )
    f410 = _finding(tf1, "ET410")
    assert f410 is not None and "old_legacy" not in f410.recommendation, f410.recommendation
    env = "name: x\ndependencies:\n  - python=3.8\n  - pytorch==1.6.0\n  - numpy\n"
    torch16 = run_audit(write_repo(tmp_path / "torch16", {"train.py": TRAIN_TORCH, "environment.yml": env}))
    f403 = _finding(torch16, "ET403")
    assert f403 is not None and "use_deterministic_algorithms" not in f403.recommendation, f403.recommendation


def test_record_fixes_write_where_the_training_code_writes_with_its_data_option(tmp_path):
    train = (
        "import argparse\nimport os\n\nimport torch\nfrom torch.utils.tensorboard import SummaryWriter\n\n"
        "parser = argparse.ArgumentParser()\nparser.add_argument('--datadir', default='data')\n"
        "parser.add_argument('--logs_path', default='logs')\nargs = parser.parse_args()\n"
        "writer = SummaryWriter(os.path.join(args.logs_path, 'run'))\n"
        + TRAIN_LOOP.replace("hp.lr", "0.1").replace("hp.batch_size", "8")
    )
    evaluate = (
        "import os\nimport sys\n\nrend_path = sys.argv[1]\n"
        "with open(os.path.join(rend_path, 'metrics.txt'), 'a') as f:\n    f.write('psnr 30.1\\n')\n"
    )
    result = run_audit(write_repo(tmp_path, {"train.py": train, "eval/calc_metrics.py": evaluate}))
    text = _rec_text(result) + "\n".join(f.recommendation or "" for f in result.findings)
    assert "rend_path" not in text, text
    f120 = _finding(result, "ET120")
    assert f120 is not None and "args.datadir" in f120.recommendation, f120.recommendation


def test_the_ci_fix_for_a_conda_project_installs_its_environment_file(tmp_path):
    from experiment_tracking.rubric import ci_snippet

    env = "name: x\ndependencies:\n  - python=3.8\n  - pytorch\n  - numpy\n"
    result = run_audit(write_repo(tmp_path, {"train.py": TRAIN_TORCH, "environment.yml": env}))
    snippet = ci_snippet(result.ctx)
    assert "environment.yml" in snippet and "requirements.txt" not in snippet, snippet
    run_line = next(ln for ln in snippet.splitlines() if "run:" in ln)
    # the check after && is part of the command, not of a comment
    assert run_line.index("&&") < run_line.index("#"), run_line


def test_a_paper_release_with_a_good_readme_is_not_sent_to_build_a_docs_site(tmp_path):
    readme = README_PAPER + (
        "\n## Installation\nCreate the environment with conda.\n```\nconda env create -f environment.yml\n```\n\n"
        "## Running\nTrain an agent on one dataset:\n```\npython main.py --env hopper-medium-v2\n```\n"
        "The results below were obtained with three seeds per environment.\n\n## Results\n\n| env | return |\n"
        "|---|---|\n| hopper | 1.234 |\n| walker | 2.345 |\n| cheetah | 3.456 |\n\n## Notes\nFour hours on one GPU.\n"
    )
    env = "name: x\ndependencies:\n  - python=3.8\n  - pytorch\n"
    files = {
        "main.py": RL_MAIN,
        "utils.py": LOGGER,
        "README.md": readme,
        "LICENSE": "MIT License\n",
        "environment.yml": env,
    }
    result = run_audit(write_repo(tmp_path, files))
    docs = next(d for d in result.scorecard.dimensions if d.name == "documentation")
    assert docs.score == 3, docs
    assert not [r for r in result.recommendations if r["dimension"] == "documentation"], (
        result.recommendations
    )


def test_a_library_folder_copied_in_with_its_own_licence_is_vendored(tmp_path):
    # scripts/detectron2/ holding detectron2's LICENSE, configs and a project: the library's files, not the project's
    files = {
        "train.py": TRAIN_TORCH,
        "LICENSE": "BSD 2-Clause License\n\nCopyright (c) 2021, Jane Doe\n",
        "scripts/detectron2/LICENSE": "Apache License\nVersion 2.0, January 2004\n",
        "scripts/detectron2/configs/Base-RCNN-FPN.yaml": "MODEL:\n  META_ARCHITECTURE: GeneralizedRCNN\nSOLVER:\n  BASE_LR: 0.02\n",
        "scripts/detectron2/projects/PointRend/point_rend/config.py": "def add_pointrend_config(cfg):\n    cfg.X = 1\n",
    }
    result = run_audit(make_git_repo(tmp_path, files))
    assert "scripts/detectron2" in result.ctx.inventory.vendored, result.ctx.inventory.vendored


def test_a_checkpoint_the_next_run_continues_from_is_said_to_be_continued(tmp_path):
    # the next run with the same settings loads it and goes on (still one checkpoint per directory)
    result = _agent(tmp_path)
    res = next(d for d in result.scorecard.dimensions if d.name == "result_persistence")
    assert any("continues from and then overwrites" in r for r in res.reasons), res.reasons


def test_python_fixes_fit_the_oldest_python_the_framework_allows(tmp_path):
    # TensorFlow 1.12 has wheels up to Python 3.6; Python 3.6 has no subprocess text=
    tf = "import tensorflow as tf\n\nsess = tf.Session()\nfor step in range(10):\n    sess.run(tf.constant(1))\n"
    result = run_audit(write_repo(tmp_path, {"train.py": tf, "requirements.txt": "tensorflow==1.12.0\n"}))
    f411 = _finding(result, "ET411")
    assert f411 is not None and "echo '3.6'" in f411.recommendation, f411.recommendation
    f420 = _finding(result, "ET420")
    assert f420 is not None and "text=True" not in (f420.recommendation or ""), f420.recommendation


def test_a_random_state_made_with_seed_none_seeds_nothing(tmp_path):
    src = TRAIN_TORCH.replace(
        "import torch\n", "import numpy as np\nimport torch\n\nrng = np.random.RandomState(seed=None)\n", 1
    )
    f = _finding(run_audit(write_repo(tmp_path, {"train.py": src})), "ET401")
    assert f is not None and "numpy" not in f.message.split("but not for", 1)[0], f.message


def test_a_launcher_importing_the_trainer_by_its_internal_monorepo_path_trains(tmp_path):
    # run_net.py: `from vision.fair.proj.tools.train_net import train` (the authors' internal path to the
    # project's own tools/train_net.py) and `launch_job(cfg=cfg, func=train)`
    train_net = (
        "import torch\n\n\ndef train(cfg):\n    model = torch.nn.Linear(4, 1)\n"
        "    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n    for step in range(10):\n"
        "        loss = model(torch.randn(8, 4)).pow(2).mean()\n        loss.backward()\n        opt.step()\n"
    )
    misc = "def launch_job(cfg, func):\n    func(cfg)\n"
    run_net = (
        "from proj.utils.misc import launch_job\nfrom vision.fair.proj.tools.train_net import train\n\n\n"
        "def main():\n    cfg = {}\n    launch_job(cfg=cfg, func=train)\n\n\nif __name__ == '__main__':\n    main()\n"
    )
    files = {
        "tools/train_net.py": train_net,
        "tools/run_net.py": run_net,
        "proj/utils/misc.py": misc,
        "proj/__init__.py": "",
    }
    result = run_audit(write_repo(tmp_path, files))
    entries = [e.path for e in result.ctx.taxonomy.training_entry_points]
    assert entries == ["tools/run_net.py"], entries


def test_a_ray_tracker_callback_logs_each_trials_config(tmp_path):
    train = (
        "import torch\nfrom ray.air.integrations.mlflow import MLflowLoggerCallback\n"
        "from ray.train import RunConfig\nfrom ray.train.torch import TorchTrainer\n\n\n"
        "def train_loop_per_worker(config):\n    model = torch.nn.Linear(4, 1)\n"
        "    opt = torch.optim.SGD(model.parameters(), lr=config['lr'])\n    for step in range(10):\n"
        "        loss = model(torch.randn(8, 4)).pow(2).mean()\n        loss.backward()\n        opt.step()\n\n\n"
        "if __name__ == '__main__':\n    cb = MLflowLoggerCallback(tracking_uri='file:/tmp/mlflow', experiment_name='x', save_artifact=True)\n"
        "    trainer = TorchTrainer(train_loop_per_worker, train_loop_config={'lr': 0.1}, run_config=RunConfig(callbacks=[cb]))\n"
        "    trainer.fit()\n"
    )
    f = _finding(run_audit(write_repo(tmp_path, {"train.py": train})), "ET210")
    assert f is not None and f.status == "PASS" and "Ray logs each trial" in str(f.evidence), f


def test_an_rl_episode_return_written_as_a_tf_summary_is_the_evaluation_metric(tmp_path):
    sim = (
        "import gym\nimport tensorflow as tf\n\n\ndef simulate(env_name):\n    env = gym.make(env_name)\n"
        "    return_mean = tf.reduce_mean(tf.zeros(4))\n    return tf.summary.scalar('return', return_mean)\n"
    )
    train = (
        "import tensorflow as tf\n\nfrom simulate import simulate\n\nloss = tf.reduce_mean(tf.zeros(2))\n"
        "train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)\nsummary = simulate('Pendulum-v0')\n"
        "with tf.Session() as sess:\n    for step in range(10):\n        sess.run([train_op, summary])\n"
    )
    f = _finding(run_audit(write_repo(tmp_path, {"train.py": train, "simulate.py": sim})), "ET302")
    assert f is not None and f.status == "PASS" and "return" in f.message, f


def test_a_script_running_allennlp_train_is_a_training_run_with_allennlps_record(tmp_path):
    script = (
        "#!/bin/bash\nCONFIG_FILE=configs/ner.json\nexport SEED=13270\n"
        'python -m allennlp.run train $CONFIG_FILE --include-package mypkg -s "$@"\n'
    )
    model = "from allennlp.models import Model\n\n\nclass Tagger(Model):\n    pass\n"
    files = {
        "scripts/train_local.sh": script,
        "mypkg/model.py": model,
        "configs/ner.json": '{"trainer": {"num_epochs": 3}}\n',
    }
    result = run_audit(write_repo(tmp_path, files))
    assert [e.path for e in result.ctx.taxonomy.training_entry_points] == ["scripts/train_local.sh"]
    for rule_id in ("ET210", "ET301", "ET511"):
        f = _finding(result, rule_id)
        assert f is not None and f.status == "PASS", f
    assert any(d.tool == "tensorboard" for d in result.ctx.detections), result.ctx.detections
    params = next(d for d in result.scorecard.dimensions if d.name == "parameter_logging")
    assert params.score >= 4, params


def test_an_image_a_job_specification_runs_the_code_in_is_its_container(tmp_path):
    files = {
        "train.py": TRAIN_TORCH,
        "requirements.txt": "torch==2.0.1\nnumpy==1.24.0\npandas==2.0.3\nscikit-learn==1.3.0\nray==2.6.0\n",
        "deploy/cluster_env.yaml": "base_image: anyscale/ray:2.6.0-py310-cu118\nenv_vars: {}\n",
        "deploy/inference/server.yaml": "image: mosaicml/inference:0.1.40\n",
    }
    result = run_audit(write_repo(tmp_path, files))
    f412 = _finding(result, "ET412")
    assert f412 is not None and f412.status == "PASS" and "anyscale/ray:2.6.0-py310-cu118" in f412.message, (
        f412
    )
    assert "inference" not in str(f412.evidence)
    f411 = _finding(result, "ET411")
    assert f411 is not None and f411.status == "PASS" and "deploy/cluster_env.yaml" in f411.message, f411
    env = next(d for d in result.scorecard.dimensions if d.name == "environment_capture")
    assert env.score == 4, env


def test_a_whole_config_logged_only_behind_a_switch_asks_for_211_and_212_too(tmp_path):
    train = (
        "import argparse\n\nimport torch\nimport wandb\n\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--seed', type=int, default=0)\nparser.add_argument('--wandb', action='store_true')\n"
        "args = parser.parse_args()\ntorch.manual_seed(args.seed)\nif args.wandb:\n"
        "    wandb.init(project='x', config=vars(args))\n"
        + TRAIN_LOOP.replace("hp.lr", "0.1").replace("hp.batch_size", "8")
    )
    result = run_audit(write_repo(tmp_path, {"train.py": train}))
    for rule_id in ("ET210", "ET211", "ET212"):
        f = _finding(result, rule_id)
        assert f is not None and f.status == "REVIEW", f


def test_a_classifier_older_than_the_dependencies_allow_is_stale(tmp_path):
    setup = (
        "from setuptools import setup\n\nsetup(\n    name='lib',\n    install_requires=['accelerate>=0.23.0', 'pydantic>=2', 'torch>=1.6'],\n"
        "    classifiers=['Programming Language :: Python :: 3.6'],\n)\n"
    )
    f = _et411(tmp_path, {"setup.py": setup})
    assert "older than the dependencies allow" in f.message, f.message
    assert "echo '3.8'" in f.recommendation and "'3.6'" not in f.recommendation, f.recommendation


def test_command_line_values_converted_where_they_are_read_are_typed(tmp_path):
    sample = (
        "import sys\n\nimport torch\n\nif __name__ == '__main__':\n    name = sys.argv[1] if len(sys.argv) > 1 else 'cifar10'\n"
        "    bs = int(sys.argv[2]) if len(sys.argv) > 2 else 1\n    model = torch.nn.Linear(4, 1)\n"
        "    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n    for step in range(10):\n"
        "        loss = model(torch.randn(bs, 4)).pow(2).mean()\n        loss.backward()\n        opt.step()\n"
    )
    f = _finding(run_audit(write_repo(tmp_path, {"train.py": sample})), "ET202")
    assert f is None or f.status == "PASS", f


def test_an_editors_dev_container_is_not_the_runs_container(tmp_path):
    files = {
        "train.py": TRAIN_TORCH,
        ".devcontainer.json": '{"image": "mcr.microsoft.com/devcontainers/python:3.10"}\n',
    }
    f = _finding(run_audit(write_repo(tmp_path, files)), "ET412")
    assert f is None or f.status != "PASS", f


def test_a_frameworks_training_command_seeds_the_run(tmp_path):
    script = '#!/bin/bash\npython -m allennlp.run train configs/ner.json --include-package mypkg -s "$@"\n'
    model = "import torch\nfrom allennlp.models import Model\n\n\nclass Tagger(Model):\n    def forward(self, x):\n        return torch.relu(x)\n"
    files = {"scripts/train_local.sh": script, "mypkg/model.py": model}
    f = _finding(run_audit(write_repo(tmp_path, files)), "ET401")
    assert f is not None and f.status == "PASS" and "AllenNLP seeds" in str(f.evidence), f


def test_an_allennlp_jsonnet_configuration_is_read():
    from experiment_tracking.index.configs import parse_json

    text = (
        '{\n  "random_seed": std.parseInt(std.extVar("SEED")),\n  "trainer": {\n'
        '    "num_epochs": std.parseInt(std.extVar("NUM_EPOCHS")),\n'
        '    "batch_size": std.parseInt(std.extVar("BATCH")) / 2,\n    "cuda_device": 0,\n  },\n}\n'
    )
    doc = parse_json("configs/ner.json", text)
    assert not doc.error, doc.error
    entries = {k: (v, line) for k, v, line in doc.entries}
    assert entries["random_seed"] == ("${SEED}", 2), entries
    assert entries["trainer.cuda_device"][0] == 0 and entries["trainer.batch_size"][0] == "${BATCH} / 2", (
        entries
    )


def test_a_two_number_table_counts_as_results_only_under_its_own_results_heading(tmp_path):
    from experiment_tracking.rules.phase6_governance import results_tables

    readme = "# x\n\n## Hyperparameters\n| lr | epochs |\n|--|--|\n|0.1|3.5|\n## Results\nSee the paper.\n"
    result = run_audit(write_repo(tmp_path, {"train.py": TRAIN_TORCH, "README.md": readme}))
    assert results_tables(result.ctx) == []
    under = readme.replace("## Hyperparameters", "## Results table")
    result = run_audit(write_repo(tmp_path / "under", {"train.py": TRAIN_TORCH, "README.md": under}))
    assert [e.line for e in results_tables(result.ctx)] == [4]
