"""The fresh98 code review's cases: where a first version of a fix made a false claim, and the mend.

- Missing project modules excuse only a typical script's absences (not a leftover script's), and the calls
  cited are the modules' own, not a method chained on what one returned.
- A call through a package's re-export or a star import may be the function's: nothing is dropped for it.
- A tracker a config file sets up (LightningCLI's logger) is the typical run's.
- `if seed is not None:` runs for seed=0.
- "async" in a comment is no Python 3.6 syntax; Python 2 code with `.cuda(async=True)` is not Python 3.6.
- `args.text` is one option, not an mmcv Config's text; an RL helper named collect_env logs no GPUs.
- lib/ put on sys.path holds the project's modules; f-strings do not hide Python 2 names in the training loop.
- mmrotate is OpenMMLab; `'Config:\\n{}'.format(cfg.text)` is the whole config; detectron2's evaluators from
  their own modules and the panoptic one write predictions; a Markdown model zoo is content.
"""

from __future__ import annotations

import pytest

from tests import fresh98_mend_trees as trees
from tests.rules.repo_helpers import audit_files, dimension, finding


def _audit(tmp_path, files):
    return audit_files(tmp_path / "repo", files, committed=True)


def test_a_leftover_scripts_missing_imports_excuse_nothing(tmp_path):
    r = _audit(tmp_path, trees.LEFTOVER_SCRIPT)
    assert not any("not in this tree" in f.message for f in r.findings)
    assert finding(r, "ET101").status == "FAIL"


@pytest.mark.parametrize("tree", ["CKPT_REEXPORT", "CKPT_STAR"])
def test_calls_through_a_reexport_or_a_star_import_keep_the_checkpoints(tmp_path, tree):
    r = _audit(tmp_path, getattr(trees, tree))
    targets = {p.target for p in r.ctx.records.checkpoints}
    assert "model_best.pth.tar" in targets, targets
    assert finding(r, "ET310").status == "PASS"


def test_a_tracker_the_cli_config_sets_up_is_the_typical_runs(tmp_path):
    d = dimension(_audit(tmp_path, trees.LCLI_WANDB), "result_persistence")
    assert d.score == 3, d.reasons
    assert "Weights & Biases" in d.reasons[0]


def test_seed_zero_runs_an_is_not_none_block(tmp_path):
    f = finding(_audit(tmp_path, trees.GIVEN_ZERO), "ET311")
    assert f.status == "PASS", f.message
    assert "preds_seed{seed}.npy" in f.message


@pytest.mark.parametrize("tree", ["PY312_ASYNC_WORD", "PY2_ASYNC"])
def test_async_in_a_comment_or_in_python_2_code_is_no_python_3_6_syntax(tmp_path, tree):
    r = _audit(tmp_path, getattr(trees, tree))
    assert not any("Python 3.6 syntax" in n.detail for n in r.notes)
    assert "echo '3.6'" not in finding(r, "ET411").recommendation


def test_one_text_option_logged_is_not_the_configuration(tmp_path):
    r = _audit(tmp_path, trees.TEXT_ARG)
    assert finding(r, "ET210").status == "FAIL"
    assert dimension(r, "parameter_logging").score == 1


def test_an_rl_helper_named_collect_env_logs_no_gpus(tmp_path):
    assert finding(_audit(tmp_path, trees.COLLECT_ENV_RL), "ET413").status != "PASS"


def test_modules_under_a_folder_put_on_sys_path_are_in_the_tree(tmp_path):
    r = _audit(tmp_path, trees.INIT_PATHS)
    assert not any("not in this tree" in f.message for f in r.findings)


def test_f_strings_do_not_hide_python_2_names_in_the_training_loop(tmp_path):
    f = finding(_audit(tmp_path, trees.FSTR_XRANGE), "ET411")
    assert "still calls Python 2 names in train.py" in f.recommendation


@pytest.mark.parametrize("tree", ["MMROTATE_TRAIN", "MMDET1_FORMAT"])
def test_the_config_text_logged_per_run_is_whole_for_every_openmmlab_package_and_format(tmp_path, tree):
    r = _audit(tmp_path, getattr(trees, tree))
    logged = [p for p in r.ctx.records.config if p.target.endswith("{timestamp}.log")]
    assert logged and logged[0].whole and logged[0].per_run, r.ctx.records.config


@pytest.mark.parametrize("tree", ["D2_EVAL_SUBMODULE", "D2_EVAL_PANOPTIC"])
def test_detectron2_evaluators_from_their_modules_and_the_panoptic_one_keep_predictions(tmp_path, tree):
    assert finding(_audit(tmp_path, getattr(trees, tree)), "ET311").status == "PASS"


def test_a_markdown_model_zoo_counts_toward_a_readmes_length(tmp_path):
    assert dimension(_audit(tmp_path, trees.README_MD_ZOO), "documentation").score == 4
