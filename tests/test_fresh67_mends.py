"""Guards for the independent review of the fresh67 session's rules: each case is a real-code family the
first version of a rule read wrong."""

from __future__ import annotations

from tests.rules.repo_helpers import dimension, finding
from tests.test_fresh67_families import CPU_TRAIN, GPU_TRAIN, JAX_TRAIN, SEED_UTILS, TORCH_LOOP, _audit


def test_the_else_branch_of_a_conditional_expression_runs_by_default(tmp_path):
    train = (
        "import argparse\nimport torch\nfrom transformers import enable_full_determinism, set_seed\n\n"
        "p = argparse.ArgumentParser()\np.add_argument('--seed', type=int, default=1)\n"
        "p.add_argument('--full_determinism', action='store_true')\nargs = p.parse_args()\n"
        "enable_full_determinism(args.seed) if args.full_determinism else set_seed(args.seed)\n" + TORCH_LOOP
    )
    f = finding(_audit(tmp_path, {"train.py": train}), "ET401")
    assert f.status != "REVIEW", f.message


def test_a_game_window_beside_a_dataset_trainer_is_no_environment(tmp_path):
    viz = "import pygame\n\n\ndef show(img):\n    pygame.display.flip()\n"
    train = (
        "import torch\nfrom torchvision.datasets import MNIST\nfrom viz import show\n\n"
        "ds = MNIST('data', download=True)\n" + TORCH_LOOP
    )
    result = _audit(tmp_path, {"viz.py": viz, "train.py": train})
    assert "own environment" not in finding(result, "ET120").message


def test_results_files_named_by_seed_are_runs_and_predictions_per_input_are_not_iterations(tmp_path):
    train = (
        "import json\nimport os\nimport numpy as np\nimport torch\n\nfor seed in range(3):\n    torch.manual_seed(seed)\n"
        "    model = torch.nn.Linear(2, 2)\n    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "    for step in range(10):\n        loss = model(torch.zeros(2)).sum()\n"
        "        opt.zero_grad(); loss.backward(); opt.step()\n"
        "    with open(f'results/cartpole_{seed}.json', 'w') as f:\n        json.dump({'loss': float(loss)}, f)\n"
    )
    files = {"train.py": train}
    for seed in range(3):
        files[f"results/cartpole_{seed}.json"] = '{"loss": 0.1}' + " " * 3000
    result = _audit(tmp_path, files)
    assert len([r for r in result.ctx.catalog.runs if r.store == "run-dir"]) == 3
    predict = (
        "import os\nimport numpy as np\n\nfor name in os.listdir('data/test'):\n"
        "    np.save(f'outputs/pred_{name}.npy', np.zeros(3))\n"
    )
    rp = dimension(
        _audit(tmp_path / "p", {"predict.py": predict, "train.py": CPU_TRAIN}), "result_persistence"
    )
    assert "a new file at every iteration" not in " ".join(rp.reasons)


def test_a_switch_forwarded_through_keyword_arguments_may_be_on(tmp_path):
    train = (
        "import torch\nfrom utils import manual_seed\n\n\ndef main(**kw):\n    manual_seed(**kw)\n"
        + "\n".join("    " + ln for ln in TORCH_LOOP.strip().splitlines())
        + "\n\n\nmain(seed=1, fix_cudnn=True)\n"
    )
    f = finding(_audit(tmp_path, {"utils.py": SEED_UTILS, "train.py": train}), "ET403")
    assert f.status == "PASS", f.message


def test_a_docs_build_requirement_or_a_publish_job_does_not_unpin_the_project_python(tmp_path):
    files = {
        "train.py": GPU_TRAIN,
        "environment.yml": "name: x\ndependencies:\n  - python=3.8\n  - pytorch=1.13.1\n",
        "docs/requirements.txt": "numpy>=1.25\nsphinx\n",
    }
    assert finding(_audit(tmp_path, files), "ET411").status == "PASS"
    ci = (
        "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-python@v4\n"
        "        with:\n          python-version: '3.10'\n      - run: pytest\n  publish:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/setup-python@v4\n        with:\n          python-version: '3.10'\n"
        "      - uses: pypa/gh-action-pypi-publish@release/v1\n"
    )
    files = {
        "train.py": GPU_TRAIN,
        ".github/workflows/ci.yml": ci,
        "tests/test_x.py": "def test_x():\n    assert True\n",
    }
    assert finding(_audit(tmp_path / "ci", files), "ET411").status == "PASS"


def test_troubleshooting_and_setup_advice_are_no_conclusions_nor_the_machine_of_the_runs(tmp_path):
    readme = (
        "# x\n\nRun `python train.py`.\n\n## Troubleshooting\n\nWe found that pip 20 fails to build the wheel on Windows.\n"
        "On a MacBook Air, install libomp with brew first.\n"
    )
    result = _audit(
        tmp_path, {"train.py": CPU_TRAIN, "data/heart.csv": "a,target\n" + "1,0\n" * 50, "README.md": readme}
    )
    assert finding(result, "ET602").status != "PASS"
    assert finding(result, "ET413").status != "PASS"


def test_a_readme_with_sections_of_its_own_around_the_template_is_the_projects(tmp_path):
    from tests.test_fresh67_families import KEDRO_README

    readme = KEDRO_README + "\n## Data\n\nWe harvest OAI-PMH records nightly from three repositories.\n"
    doc = dimension(_audit(tmp_path, {"train.py": CPU_TRAIN, "README.md": readme}), "documentation")
    assert "template" not in " ".join(doc.reasons)


def test_the_projects_own_release_url_naming_imagenet_is_a_release(tmp_path):
    code = (
        'WEIGHTS_URL = "https://github.com/me/proj/releases/download/v1.0/resnet50_imagenet_ours.pth"\n'
        + GPU_TRAIN
    )
    f = finding(_audit(tmp_path, {"train.py": code}), "ET520")
    assert "published" in f.message, f.message


def test_only_the_tag_variable_a_tracker_reads_is_tagging(tmp_path):
    result = _audit(
        tmp_path, {"train.py": JAX_TRAIN, "run.sh": 'MLFLOW_TAGS=x WANDB_TAGS="" python train.py\n'}
    )
    assert not result.ctx.taxonomy.tagging


def test_a_checkpoint_needed_to_continue_training_is_a_resume_option(tmp_path):
    train = (
        "import argparse\nimport torch\n\np = argparse.ArgumentParser()\n"
        "p.add_argument('--load', default='', help='checkpoint needed to continue training')\nargs = p.parse_args()\n"
        "model = torch.nn.Linear(2, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nif args.load:\n"
        "    state = torch.load(args.load)\n    model.load_state_dict(state['model'])\n"
        "    opt.load_state_dict(state['optimizer'])\n"
        "for step in range(10):\n    loss = model(torch.zeros(2)).sum()\n    opt.zero_grad(); loss.backward(); opt.step()\n"
        "torch.save({'model': model.state_dict(), 'optimizer': opt.state_dict()}, 'ckpt.pt')\n"
    )
    assert finding(_audit(tmp_path, {"train.py": train}), "ET511").status == "PASS"


def test_gradient_boosting_trains_round_by_round(tmp_path):
    train = CPU_TRAIN.replace(
        "from sklearn.ensemble import RandomForestClassifier", "from xgboost import XGBClassifier"
    )
    train = train.replace(
        "RandomForestClassifier(n_estimators=10, random_state=0)", "XGBClassifier(n_estimators=10)"
    )
    f = finding(_audit(tmp_path, {"train.py": train, "data/heart.csv": "a,target\n" + "1,0\n" * 50}), "ET301")
    assert "one call" not in f.message, f.message


def test_tf_saver_steps_in_a_shared_folder_do_not_make_per_run_checkpoints(tmp_path):
    """saver.save(sess, join(args.checkpoint_dir, 'model'), global_step=step) keeps several files per run, but in
    the folder the next run saves the same step numbers into: TensorBoard's per-run curves beside it are level 3,
    not 'checkpoints kept per run' (level 4)."""
    train = (
        "import argparse\nimport os\nimport time\nimport numpy as np\nimport tensorflow as tf\n\np = argparse.ArgumentParser()\n"
        "p.add_argument('--checkpoint_dir', default='checkpoint')\np.add_argument('--log_dir', default='logs')\n"
        "args = p.parse_args()\nx = tf.placeholder(tf.float32, [None, 4])\nw = tf.Variable(tf.zeros([4, 1]))\n"
        "loss = tf.reduce_mean(tf.matmul(x, w))\nopt = tf.train.AdamOptimizer(1e-3).minimize(loss)\n"
        "tf.summary.scalar('loss', loss)\nmerged = tf.summary.merge_all()\nsaver = tf.train.Saver()\n"
        "with tf.Session() as sess:\n    writer = tf.summary.FileWriter(os.path.join(args.log_dir, time.strftime('%Y%m%d-%H%M%S')), sess.graph)\n"
        "    sess.run(tf.global_variables_initializer())\n    for step in range(1000):\n"
        "        s, _ = sess.run([merged, opt], feed_dict={x: np.zeros((8, 4))})\n        writer.add_summary(s, step)\n"
        "        if step % 100 == 0:\n"
        "            saver.save(sess, os.path.join(args.checkpoint_dir, 'model'), global_step=step)\n"
    )
    rp = dimension(
        _audit(tmp_path, {"main.py": train, "requirements.txt": "tensorflow==1.15\n"}), "result_persistence"
    )
    assert rp.score == 3, rp.reasons
