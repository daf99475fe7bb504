"""The fresh91 code review's cases: each a statement the new rules made falsely (or a case they missed),
on a synthetic tree of tests/fresh91_mend_trees.py, with what the report says now."""

from tests.fresh91_mend_trees import TREES
from tests.rules.repo_helpers import audit_committed, finding


def _audit(tmp_path, case):
    return audit_committed(tmp_path / case, TREES[case])


def _scores(result):
    return {d.name: d.score for d in result.scorecard.dimensions}


def test_a_required_output_option_of_an_evaluation_script_names_no_training_run(tmp_path):
    from experiment_tracking.report.markdown import _naming

    assert "must give it" not in _naming(_audit(tmp_path, "case1"))


def test_data_parallel_in_an_inference_script_is_no_distributed_training(tmp_path):
    result = _audit(tmp_path, "case2")
    assert "data_parallel" not in {d.tool for d in result.ctx.detections if d.usage == "used"}


def test_a_file_the_run_writes_and_reads_back_is_no_experiment_configuration(tmp_path):
    result = _audit(tmp_path, "case3")
    assert not [p for p in result.ctx.records.config if p.keeping == "experiment"]
    assert "configuration file read from its folder" not in finding(result, "ET210").message


def test_an_experiment_folder_beside_a_whole_options_dump_keeps_the_dumps_level(tmp_path):
    assert _scores(_audit(tmp_path, "case4"))["parameter_logging"] == 4


def test_outputs_under_a_folder_named_after_the_config_folder_are_not_in_it(tmp_path):
    result = _audit(tmp_path, "case5")
    assert not [p for p in result.ctx.records.checkpoints if p.keeping == "experiment"]


def test_a_config_read_and_written_under_the_function_parameter_is_an_experiment_folder(tmp_path):
    """DeepSDF's own layout: specs.json read inside main_function(experiment_directory), outputs saved
    there by the same function."""
    result = _audit(tmp_path, "case6")
    assert _scores(result)["parameter_logging"] == 3
    assert "specs.json" in finding(result, "ET210").message


def test_test_predictions_gathered_after_the_training_loop_are_no_metrics_history(tmp_path):
    assert finding(_audit(tmp_path, "case7"), "ET301").status != "PASS"


def test_an_evaluation_script_loading_the_last_checkpoint_resumes_no_training(tmp_path):
    assert finding(_audit(tmp_path, "case8"), "ET511").status != "PASS"


def test_a_keyword_taken_by_a_named_constructor_parameter_is_not_in_the_dumped_kwargs(tmp_path):
    result = _audit(tmp_path, "case9")
    parts = [p for p in result.ctx.records.config if p.target.endswith("args.json")]
    assert parts and not parts[0].whole and "lr," not in parts[0].evidence.detail, parts


def test_an_empty_digest_used_as_a_cache_key_checks_no_download(tmp_path):
    assert _scores(_audit(tmp_path, "case10"))["data_versioning"] < 3


def test_conda_install_options_with_values_are_no_packages(tmp_path):
    result = _audit(tmp_path, "case11")
    names = {d.name for d in result.ctx.index.dependencies if d.path == "Dockerfile"}
    assert not any("conda-requirements" in n for n in names) and not names & {"libmamba", "linux-64"}, names


def test_a_loop_over_datasets_naming_each_runs_folder_is_no_search(tmp_path):
    result = _audit(tmp_path, "case12")
    assert "shell_sweep" not in {d.tool for d in result.ctx.detections if d.category == "hpo"}


def test_a_base_model_fetched_for_fine_tuning_is_no_release(tmp_path):
    from experiment_tracking.scoring import released_weights

    assert released_weights(_audit(tmp_path, "case13").ctx) is None
