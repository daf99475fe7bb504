"""Guards for the defects a code review found in the fresh74 rules: each input made a rule claim more
than its evidence showed."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, finding, notebook, status_of
from tests.test_fresh74_families import (
    AGENT,
    CROP,
    GAN_HISTORY,
    KERAS_TRAIN,
    MIT,
    SEEDED_TRAIN,
    TORCH_TRAIN,
    YACS_DEFAULTS,
    YACS_NODE,
    YACS_TRAIN,
    _split_repo,
)


def test_a_metrics_summary_string_is_no_run_folder_named_from_the_options(tmp_path):
    """A string built from a metrics dict's items in one function names nothing in another that reuses
    the variable name; only the options' items make a run folder's name."""
    agent = AGENT.replace("for k, v in self._attrs.items():", "for k, v in self.metrics.items():").replace(
        "self._attrs = vars(config)", "self._attrs = vars(config)\n        self.metrics = {}"
    )
    result = audit_committed(tmp_path, {"agent.py": agent})
    assert "every option" not in finding(result, "ET210").message


def test_options_name_built_in_a_notebook_cites_its_cell(tmp_path):
    cells = AGENT.split("\n\nif __name__")[0]
    nb = notebook(
        "import argparse", cells, "Agent(argparse.Namespace(env_name='B', lr=0.1, display=False)).train()"
    )
    result = audit_committed(tmp_path, {"agent.ipynb": nb})
    f = finding(result, "ET210")
    assert "every option" in f.message
    assert any(e.cell == 2 and "model_dir" in e.detail for e in f.evidence)


def test_a_seeding_helpers_body_above_the_split_does_not_seed_it(tmp_path):
    """`def set_seed(seed): torch.manual_seed(seed)` at the top, called after make_loaders(): the split is
    drawn before the seed."""
    train = SEEDED_TRAIN.replace("from utils import set_seed\n", "").replace(
        "def main(seed=0):\n    set_seed(seed)\n    train_loader, val_loader = make_loaders()\n",
        "def set_seed(seed):\n    torch.manual_seed(seed)\n\n\n"
        "def main(seed=0):\n    train_loader, val_loader = make_loaders()\n    set_seed(seed)\n",
    )
    assert "make_loaders()\n    set_seed(seed)" in train
    result = audit_committed(tmp_path, _split_repo(train))
    assert status_of(result, "ET121") == "FAIL"


def test_a_none_default_replaced_before_the_seed_call_seeds(tmp_path):
    crop = CROP.replace(
        "    np.random.seed(sync_seed)",
        "    if sync_seed is None:\n        sync_seed = 1234\n    np.random.seed(sync_seed)",
    )
    result = audit_committed(tmp_path, {"train.py": KERAS_TRAIN, "crop.py": crop})
    assert status_of(result, "ET401") != "FAIL"


def test_a_function_handed_on_with_its_seed_seeds(tmp_path):
    train = KERAS_TRAIN.replace(
        "x, y = pair_random_crop(np.ones((100, 2)), np.ones((100, 1)), 50)",
        "import functools\ncrop = functools.partial(pair_random_crop, size=50, sync_seed=1234)\n"
        "x, y = crop(np.ones((100, 2)), np.ones((100, 1)))",
    )
    result = audit_committed(tmp_path, {"train.py": train, "crop.py": CROP})
    assert status_of(result, "ET401") != "FAIL"


def test_a_version_only_printed_in_a_helper_records_no_environment(tmp_path):
    helper = "import platform\n\ndef setup(args):\n    print('Python', platform.python_version())\n    return vars(args)\n"
    train = TORCH_TRAIN.replace(
        "args = p.parse_args()\n",
        "args = p.parse_args()\nimport json\nfrom setup_env import setup\ncfg = setup(args)\n"
        "with open('cfg.json', 'w') as f:\n    json.dump(cfg, f)\n",
    )
    result = audit_committed(tmp_path, {"train.py": train, "setup_env.py": helper})
    assert status_of(result, "ET213") != "PASS"


def test_expname_names_a_run_and_env_name_does_not(tmp_path):
    for key, named in (("expname", True), ("runname", True), ("env_name", False), ("model_name", False)):
        train = TORCH_TRAIN.replace(
            'p.add_argument("--lr", type=float, default=0.1)',
            f'p.add_argument("--lr", type=float, default=0.1)\np.add_argument("--{key}", default="a")',
        ).replace('"model.pt")', f'f"logs/{{args.{key}}}/model.pt")')
        result = audit_committed(tmp_path / key, {"train.py": train})
        assert (status_of(result, "ET110") == "PASS") is named, key


def test_mappings_and_step_counts_in_a_checkpoint_are_no_scores(tmp_path):
    train = TORCH_TRAIN.replace(
        'torch.save(model.state_dict(), "model.pt")',
        "def validate(m):\n    err1 = float(m(torch.ones(2)).sum())\n    print('top-1 error', err1)\n    return err1\n"
        "validate(model)\n"
        'torch.save({"state_dict": model.state_dict(), "label_map": {"cat": 0}, "accum_steps": 4}, "ckpt.pt")',
    )
    result = audit_committed(tmp_path, {"train.py": train})
    f = [f for f in result.findings if f.rule_id == "ET302"]
    assert not f or "label_map" not in f[0].message


def test_one_entry_of_a_history_written_is_not_the_timings(tmp_path):
    gan = GAN_HISTORY.replace("pickle.dump(self.train_hist, f)", 'pickle.dump(self.train_hist["G_loss"], f)')
    result = audit_committed(tmp_path, {"gan.py": gan})
    assert status_of(result, "ET303") != "PASS"


def test_a_periodic_save_is_no_best_model(tmp_path):
    train = (
        TORCH_TRAIN.replace('torch.save(model.state_dict(), "model.pt")\n', "")
        .replace(
            "    opt.step()\n",
            "    opt.step()\n    if step - last_saved_step >= 3:\n"
            '        torch.save(model.state_dict(), "model_%d.pt" % step)\n        last_saved_step = step\n',
        )
        .replace("for step in range(10):", "last_saved_step = 0\nfor step in range(10):")
    )
    result = audit_committed(tmp_path, {"train.py": train})
    assert status_of(result, "ET310") != "PASS"


def test_a_flag_of_tf_flags_stays_an_option(tmp_path):
    train = TORCH_TRAIN.replace(
        "args = p.parse_args()\n",
        "args = p.parse_args()\nimport tensorflow as tf\ntf.flags.DEFINE_bool('deterministic', False, '')\n"
        "if tf.flags.FLAGS.deterministic:\n    torch.backends.cudnn.deterministic = True\n",
    )
    result = audit_committed(tmp_path, {"train.py": train})
    assert status_of(result, "ET403") != "PASS"


def test_results_with_min_and_max_columns_are_still_results(tmp_path):
    from experiment_tracking.rules.phase6_governance import results_tables

    readme = (
        "# Agents\n\n| Environment | Mean return | Min | Max |\n|---|---|---|---|\n"
        "| Hopper | 2345.6 | 2101.2 | 2533.9 |\n| Walker | 3312.4 | 3001.7 | 3590.2 |\n"
    )
    result = audit_committed(tmp_path, {"README.md": readme, "train.py": TORCH_TRAIN})
    assert results_tables(result.ctx)


def test_a_negated_ignore_lets_requirements_back_in(tmp_path):
    files = {"train.py": TORCH_TRAIN, ".gitignore": "*.txt\n!requirements.txt\n"}
    assert ".gitignore" not in finding(audit_committed(tmp_path, files), "ET410").recommendation
    files = {"train.py": TORCH_TRAIN, ".gitignore": "*.txt\n"}
    assert (
        "`!requirements.txt` below .gitignore:1"
        in finding(audit_committed(tmp_path / "b", files), "ET410").recommendation
    )


def test_a_yacs_node_that_takes_new_keys_is_no_schema(tmp_path):
    files = {
        "train.py": YACS_TRAIN,
        "config_node.py": YACS_NODE.replace("new_allowed=False", "new_allowed=True"),
        "defaults.py": YACS_DEFAULTS,
        "configs/base.yaml": "train:\n  lr: 0.05\n",
    }
    assert status_of(audit_committed(tmp_path, files), "ET202") != "PASS"


def test_codeowners_in_a_gitlab_folder_and_bitbucket_ci_are_a_team(tmp_path):
    for i, extra in enumerate(
        (
            {".gitlab/CODEOWNERS": "# to be assigned\n"},
            {"bitbucket-pipelines.yml": "pipelines:\n  default: []\n"},
        )
    ):
        result = audit_committed(tmp_path / str(i), {"train.py": TORCH_TRAIN, "LICENSE": MIT, **extra})
        assert status_of(result, "ET613") == "WARN", extra


def test_a_data_rows_score_is_no_notebook_result(tmp_path):
    from experiment_tracking.index.notebooks import _metric_output

    assert _metric_output([{"output_type": "stream", "name": "stdout", "text": "Id: 3\nScore: 5\n"}]) == ""
    assert _metric_output([{"output_type": "stream", "name": "stdout", "text": "score:  -134.8\n"}])


def test_a_learner_given_a_seed_seeds_its_environment(tmp_path):
    """Stable-Baselines3's `PPO(..., seed=0)` seeds the environment it drives: no unseeded-environment WARN."""
    from tests.test_fresh74_families import RL_TRAIN

    train = RL_TRAIN + "\nfrom stable_baselines3 import PPO\nPPO('MlpPolicy', env, seed=0).learn(1000)\n"
    result = audit_committed(tmp_path, {"train.py": train})
    assert "never seeded" not in finding(result, "ET401").message
