"""Mends from the code review of the fresh70 changes: each case failed on the build before the mend."""

from __future__ import annotations

import nbformat

from tests.rules.repo_helpers import audit_committed, detections_by_tool, dimension, finding

WANDB_LOOP = """
import torch
import wandb


def train(lr):
    wandb.init(project="p", config={"lr": lr})
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    for step in range(10):
        loss = model(torch.randn(4, 2)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        wandb.log({"loss": loss.item()})
    return model
"""

EVALUATE = "import torch\n\nif __name__ == '__main__':\n    print(torch.zeros(1))\n"


def test_a_script_ending_in_a_call_of_its_own_function_is_no_dead_code(tmp_path):
    result = audit_committed(
        tmp_path, {"train.py": WANDB_LOOP + "\nmodel = train(0.01)\n", "evaluate.py": EVALUATE}
    )
    assert detections_by_tool(result)["wandb"].usage == "used"


def test_modules_reached_through_config_targets_notebook_runs_or_unread_importers_stay_live(tmp_path):
    callbacks = (
        "import wandb\n\n\nclass Callback:\n    def __init__(self):\n        wandb.init(project='p')\n\n"
        "    def on_step(self, loss):\n        wandb.log({'loss': loss})\n"
    )
    hydra = {
        "run.py": "import hydra\n\n\n@hydra.main(config_path='configs', config_name='train')\ndef main(cfg):\n"
        "    hydra.utils.instantiate(cfg.callback)\n\n\nif __name__ == '__main__':\n    main()\n",
        "src/__init__.py": "",
        "src/callbacks/__init__.py": "",
        "src/callbacks/wandb_callbacks.py": callbacks,
        "configs/train.yaml": "callback:\n  _target_: src.callbacks.wandb_callbacks.Callback\n",
        "evaluate.py": EVALUATE,
    }
    assert detections_by_tool(audit_committed(tmp_path / "hydra", hydra))["wandb"].usage == "used"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("%run helpers.py"), nbformat.v4.new_code_cell("model = train(0.1)")]
    files = {"helpers.py": WANDB_LOOP, "train.ipynb": nbformat.writes(nb), "evaluate.py": EVALUATE}
    assert detections_by_tool(audit_committed(tmp_path / "nb", files))["wandb"].usage == "used"
    broken = {
        "tracking.py": WANDB_LOOP,
        "train.py": "import tracking\nprint 'python 2'\n",
        "evaluate.py": EVALUATE,
    }
    assert detections_by_tool(audit_committed(tmp_path / "err", broken))["wandb"].usage == "used"


def test_a_module_loaded_from_a_computed_file_path_stays_live(tmp_path):
    loader = (
        "import importlib.util\nimport sys\n\nif __name__ == '__main__':\n"
        "    spec = importlib.util.spec_from_file_location('model', f'models/{sys.argv[1]}.py')\n"
        "    mod = importlib.util.module_from_spec(spec)\n    spec.loader.exec_module(mod)\n    mod.train(0.1)\n"
    )
    files = {"run.py": loader, "models/__init__.py": "", "models/mlp.py": WANDB_LOOP}
    assert detections_by_tool(audit_committed(tmp_path, files))["wandb"].usage == "used"


def test_a_split_made_by_a_function_called_before_the_seed_is_unseeded(tmp_path):
    script = (
        "import torch\nfrom torch.utils.data import random_split\n\n\ndef make_splits(ds):\n"
        "    return random_split(ds, [80, 20])\n\n\ntrain_set, val_set = make_splits(range(100))\n"
        "torch.manual_seed(0)\nmodel = torch.nn.Linear(2, 1)\nloss = model(torch.randn(4, 2)).sum()\nloss.backward()\n"
    )
    tax = audit_committed(tmp_path, {"train.py": script}).ctx.taxonomy
    assert tax.splits_unseeded and not tax.splits_seeded, (tax.splits_seeded, tax.splits_unseeded)


def test_a_dict_update_in_a_script_is_no_step_of_an_imported_agent(tmp_path):
    agent = (
        "import torch\n\n\nclass Agent:\n    def __init__(self):\n        self.net = torch.nn.Linear(2, 1)\n"
        "        self.opt = torch.optim.SGD(self.net.parameters(), lr=0.1)\n\n    def update(self):\n"
        "        loss = self.net(torch.randn(4, 2)).sum()\n        self.opt.zero_grad()\n        loss.backward()\n"
        "        self.opt.step()\n"
    )
    rollout = (
        "from agent import Agent\n\n\ndef run():\n    stats = {}\n    stats.update({'n': 1})\n    return stats\n\n\n"
        "if __name__ == '__main__':\n    run()\n"
    )
    report = "from rollout import run\n\nif __name__ == '__main__':\n    print(run())\n"
    train = "from agent import Agent\n\nif __name__ == '__main__':\n    a = Agent()\n    for _ in range(3):\n        a.update()\n"
    files = {"agent.py": agent, "rollout.py": rollout, "report.py": report, "train.py": train}
    entries = [e.path for e in audit_committed(tmp_path, files).ctx.taxonomy.training_entry_points]
    assert "rollout.py" not in entries, entries


MD5_HELPER = """
import hashlib
import urllib.request

MD5 = "d41d8cd98f00b204e9800998ecf8427e"


def file_md5(path):
    with open(path, "rb") as f:
        return hashlib.md5(f.read()).hexdigest()


def download_data(url, path):
    urllib.request.urlretrieve(url, path)
    if file_md5(path) != MD5:
        raise ValueError("checksum mismatch")
    return path
"""


def test_a_checksum_helper_returning_the_digest_its_caller_compares_still_verifies(tmp_path):
    train = (
        "from data import download_data\n\ndownload_data('https://example.com/d.csv', 'd.csv')\n" + WANDB_LOOP
    )
    result = audit_committed(tmp_path, {"train.py": train + "\nmodel = train(0.1)\n", "data.py": MD5_HELPER})
    assert "checksums verify downloaded data" in " ".join(dimension(result, "data_versioning").reasons)


def test_a_cpu_branch_beside_a_gpu_default_does_not_hide_the_gpus(tmp_path):
    script = (
        "import argparse\nimport os\n\np = argparse.ArgumentParser()\np.add_argument('--gpu', type=int, default=0)\n"
        "args = p.parse_args()\nif args.gpu < 0:\n    os.environ['CUDA_VISIBLE_DEVICES'] = '-1'\nelse:\n"
        "    os.environ['CUDA_VISIBLE_DEVICES'] = str(args.gpu)\nimport torch\n\nmodel = torch.nn.Linear(2, 1).cuda()\n"
        "opt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor _ in range(3):\n"
        "    loss = model(torch.randn(4, 2).cuda()).sum()\n    loss.backward()\n    opt.step()\n"
    )
    result = audit_committed(tmp_path, {"train.py": script})
    assert [f for f in result.findings if f.rule_id == "ET403"]


def test_a_plot_s_alpha_is_no_hyperparameter_written_in_the_code(tmp_path):
    script = (
        "import sys\n\nimport matplotlib.pyplot as plt\nimport torch\n\nlr = float(sys.argv[1])\nepochs = int(sys.argv[2])\n"
        "model = torch.nn.Linear(2, 1)\nopt = torch.optim.SGD(model.parameters(), lr=lr)\nfor _ in range(epochs):\n"
        "    loss = model(torch.randn(4, 2)).sum()\n    loss.backward()\n    opt.step()\n"
        "plt.scatter([1], [2], alpha=0.3)\n"
    )
    assert finding(audit_committed(tmp_path, {"train.py": script}), "ET201").status == "PASS"


def test_an_early_return_on_a_logging_schedule_is_no_tracking_switch(tmp_path):
    script = WANDB_LOOP.replace(
        '        wandb.log({"loss": loss.item()})\n', "        log_step(step, loss)\n"
    ) + (
        "\n\ndef should_log(step):\n    return step % 10 == 0\n\n\ndef log_step(step, loss):\n"
        "    if not should_log(step):\n        return\n    wandb.log({'loss': loss.item()}, step=step)\n\n\n"
        "model = train(0.1)\n"
    )
    assert finding(audit_committed(tmp_path, {"train.py": script}), "ET301").status == "PASS"


def test_a_results_file_saved_back_with_one_more_argument_is_still_no_resume(tmp_path):
    from tests.test_fresh70_families import BENCH, PKL_HELPERS, TRAIN

    helpers = PKL_HELPERS.replace(
        "def save_pkl_object(obj, filename):", "def save_pkl_object(obj, filename, protocol=4):"
    )
    bench = BENCH.replace("save_pkl_object(log, fname)", "save_pkl_object(log, fname, 4)")
    files = {"train.py": TRAIN, "bench.py": bench, "utils/__init__.py": "", "utils/helpers.py": helpers}
    f = finding(audit_committed(tmp_path, files), "ET511")
    assert not any(e.path == "bench.py" for e in f.evidence), f


def test_pip_install_lines_and_a_prose_training_heading_are_no_run_commands(tmp_path):
    readme = (
        "# Project\n\n## Install\n\n```\npython3 -m pip install -r requirements.txt\npython3 -m venv .venv\n```\n\n"
        "## Training\n\nWe trained for three days on eight GPUs.\n"
    )
    result = audit_committed(tmp_path, {"README.md": readme, "src/model.py": "import torch\n"})
    assert "run commands" not in dimension(result, "documentation").reasons[0], dimension(
        result, "documentation"
    )


def test_baselines_logger_formats_name_the_file_they_write(tmp_path):
    from tests.test_fresh70_families import PLOT_CACHE, REPLAYER, RUN_ATARI, TF1_AGENT

    run = RUN_ATARI.replace('format_strs=["stdout", "log", "csv"]', 'format_strs=["stdout", "json"]')
    files = {"agent.py": TF1_AGENT, "run_atari.py": run, "replayer.py": REPLAYER, "load_log.py": PLOT_CACHE}
    targets = [p.target for p in audit_committed(tmp_path, files).ctx.records.metrics]
    assert "{tempfile.gettempdir()}/openai-{time}/progress.json" in targets, targets


def test_run_labels_in_a_folder_name_are_no_settings_and_tags_carry_their_versions():
    from experiment_tracking.index.manifests import floating_tag
    from experiment_tracking.rubric import _PLACE_SETTING

    assert all(
        _PLACE_SETTING.search(n) for n in ("exp", "experiment", "run", "version", "timestamp", "run_id")
    )
    assert not _PLACE_SETTING.search("n_hid")
    assert floating_tag("devel-gpu-py3")
    assert not floating_tag("main-3f2a9c1")


def test_a_package_below_the_top_folder_imported_by_its_own_name_stays_live(tmp_path):
    """CQL's atari/batch_rl/fixed_replay/train.py imports `from batch_rl.fixed_replay import run_experiment`,
    run from atari/ (on sys.path then): the module is reached, and its TensorBoard writer is used."""
    runner = (
        "import tensorflow as tf\n\n\nclass Runner:\n    def __init__(self, base_dir):\n"
        "        self._summary_writer = tf.summary.FileWriter(base_dir)\n\n    def run(self):\n"
        "        self._summary_writer.add_summary(tf.Summary(), 0)\n"
    )
    train = (
        "from batch_rl.fixed_replay import run_experiment\n\n\ndef main():\n"
        "    run_experiment.Runner('/tmp/run').run()\n\n\nif __name__ == '__main__':\n    main()\n"
    )
    files = {
        "atari/batch_rl/__init__.py": "",
        "atari/batch_rl/fixed_replay/__init__.py": "",
        "atari/batch_rl/fixed_replay/run_experiment.py": runner,
        "atari/batch_rl/fixed_replay/train.py": train,
        "evaluate.py": EVALUATE,
    }
    assert detections_by_tool(audit_committed(tmp_path, files))["tensorboard"].usage == "used"
