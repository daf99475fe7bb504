"""The code review of round fresh90's rules: each wrong answer it found, as a synthetic repository
(tests/fresh90_mend_trees.py) and the answer the mended rule gives."""

import pytest

from tests.fresh90_mend_trees import TREES
from tests.rules.repo_helpers import audit_committed, dimension


def _audit(tmp_path, case):
    return audit_committed(tmp_path, TREES[case])


def _reason(result, dim):
    return " ".join(dimension(result, dim).reasons)


@pytest.mark.parametrize("case", ["devnull_silence", "model_summary", "git_diff_stderr"])
def test_a_redirect_that_is_not_the_runs_console_is_no_metrics_stream(tmp_path, case):
    """redirect_stdout(open(os.devnull)) around pycocotools, around model.summary(), and a subprocess's own
    stdout sent to a file (git diff > patch): no metrics file."""
    result = _audit(tmp_path, case)
    assert not [p for p in result.ctx.records.metrics if p.evidence.detail.endswith("sys.stdout")], (
        result.ctx.records.metrics
    )
    et301 = next(f for f in result.findings if f.rule_id == "ET301")
    assert et301.status != "PASS", et301


def test_a_top_level_listing_copy_beside_packages_is_part_of_the_code(tmp_path):
    """os.listdir(".") filtered to .py files: models/ and utils/ stay out of the copy."""
    result = _audit(tmp_path, "py_copy_toplevel")
    level = dimension(result, "code_versioning")
    assert level.score == 2 and "only part of the code" in _reason(result, "code_versioning"), level.reasons


def test_a_copy_into_a_shared_folder_is_no_run_level_capture(tmp_path):
    result = _audit(tmp_path, "py_copy_shared_folder")
    reason = _reason(result, "code_versioning")
    assert dimension(result, "code_versioning").score == 2 and "each run's directory" not in reason, reason
    et420 = next(f for f in result.findings if f.rule_id == "ET420")
    assert "each run's directory" not in et420.message, et420


def test_python_files_gathered_as_a_corpus_are_no_code_snapshot(tmp_path):
    result = _audit(tmp_path, "py_files_as_data")
    assert not result.ctx.records.code, result.ctx.records.code


def test_a_baselines_logger_copy_told_tensorboard_by_a_comma_list_writes_it(tmp_path):
    """`--log_formats stdout,log,csv,tensorboard` split into format_strs: TensorBoard is written."""
    result = _audit(tmp_path, "baselines_copy_tb_csvstring")
    tb = [d for d in result.ctx.detections if d.tool == "tensorboard" and d.category == "tracking"]
    assert tb and tb[0].usage == "used", tb


def test_a_baselines_logger_copy_imported_flat_keeps_its_metrics(tmp_path):
    """`import logger` from src/ (run as `cd src && python train.py`): progress.csv in log_dir, not the
    copy's event writer, whose format the run does not choose."""
    result = _audit(tmp_path, "baselines_copy_flat_import")
    metrics = [p.target for p in result.ctx.records.metrics]
    assert metrics and all(t.endswith("/progress.csv") for t in metrics), metrics


def test_a_baselines_logger_copys_own_helpers_still_write(tmp_path):
    """save_config and save_model added to the copy write the run's config and model beside progress.csv."""
    result = _audit(tmp_path, "baselines_copy_extra_writes")
    assert dimension(result, "parameter_logging").score == 4, _reason(result, "parameter_logging")
    assert result.ctx.records.checkpoints, result.ctx.records
    assert not any("events" in p.target for p in result.ctx.records.metrics), result.ctx.records.metrics


def test_a_digest_given_as_a_parameters_default_is_checked(tmp_path):
    """def prepare_eurosat(root, url=EUROSAT_URL, md5=EUROSAT_MD5), called as prepare_eurosat(root)."""
    result = _audit(tmp_path, "digest_default_param")
    assert dimension(result, "data_versioning").score == 3, _reason(result, "data_versioning")


def test_results_behind_a_switch_in_a_folder_with_a_default_score_as_without_it(tmp_path):
    """`if args.save_results:` around the log and checkpoint in --output_dir (default ./output): level 2, the
    level of the same code without the switch."""
    result = _audit(tmp_path, "switch_raises_level")
    assert dimension(result, "result_persistence").score == 2, _reason(result, "result_persistence")


@pytest.mark.parametrize("case", ["fresh_param_model_train", "fresh_dir_helper_module"])
def test_a_per_run_directory_handed_to_train_stays_per_run(tmp_path, case):
    """model.train() inside train(exp_dir) is no call of train(); get_exp_dir() in a paths module with no
    mkdir still names a new folder per run."""
    result = _audit(tmp_path, case)
    metrics = [p for p in result.ctx.records.metrics if p.target.startswith("{exp_dir}")]
    assert metrics and metrics[0].keeping == "time", result.ctx.records.metrics
