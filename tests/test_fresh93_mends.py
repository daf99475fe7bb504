"""The fresh93 code review's cases: each a family the batch's new rules got wrong, with the expected behaviour.
Their repositories are in tests/fresh93_mend_trees.py."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.fresh93_mend_trees import CASES
from tests.rules.repo_helpers import detections_by_tool, write_repo
from tests.rules.repo_helpers import dimension as _dim


def _audit(tmp_path, case: str, sub: str = ""):
    prefix = f"{sub}/" if sub else ""
    files = {k[len(prefix) :]: v for k, v in CASES[case].items() if k.startswith(prefix)}
    write_repo(tmp_path, files)
    return run_audit(tmp_path)


def _finding(result, rule_id):
    return next(f for f in result.findings if f.rule_id == rule_id)


def test_a_library_learner_steps_the_simulator_whatever_files_the_script_globs(tmp_path):
    result = _audit(tmp_path, "sb3_glob_resume")
    data = _dim(result, "data_versioning")
    assert data.score == 2 and "simulator (gym)" in data.reasons[0]


def test_the_command_line_and_a_copy_of_a_script_that_reads_a_config_file_are_not_every_option(tmp_path):
    result = _audit(tmp_path, "argv_copy_with_yaml_config")
    assert _dim(result, "parameter_logging").score < 4
    assert _finding(result, "ET211").status != "PASS"


def test_dgl_and_ogb_helpers_read_the_projects_own_data(tmp_path):
    for sub in ("dgl", "ogb"):
        data = _dim(_audit(tmp_path / sub, "graph_lib_loaders_own_data", sub), "data_versioning")
        assert data.score == 0, (sub, data.reasons)


def test_mc_dropout_passes_over_an_options_count_are_no_repeated_training(tmp_path):
    assert _finding(_audit(tmp_path, "mc_dropout_runs_not_repeats"), "ET321").status == "WARN"


def test_a_runs_loop_counted_from_one_is_repetition(tmp_path):
    f = _finding(_audit(tmp_path, "runs_loop_from_one"), "ET321")
    assert f.status == "PASS" and "--runs" in f.evidence[0].detail


def test_a_time_limit_check_is_no_timing(tmp_path):
    assert _finding(_audit(tmp_path, "timeout_helper_as_timer"), "ET303").status == "WARN"


def test_a_seed_key_tested_in_a_hyperparameter_dict_is_a_setting_a_run_is_given(tmp_path):
    f = _finding(_audit(tmp_path, "seed_key_in_hps_dict"), "ET401")
    assert f.status == "REVIEW" and "'seed' in hps" in f.message


def test_a_method_moved_in_from_its_authors_repository_is_the_collections_own_code(tmp_path):
    result = _audit(tmp_path, "collection_readme_links_moved_method")
    assert not result.ctx.inventory.vendored
    assert _dim(result, "parameter_logging").score >= 4


def test_the_repositorys_own_package_is_no_copy_when_its_remote_is_an_ssh_url(tmp_path):
    files = {k.split("/", 1)[1]: v for k, v in CASES["ssh_remote_own_package"].items()}
    root = tmp_path / "checkout"
    write_repo(root, files)
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text(
        '[remote "origin"]\n\turl = git@github.com:somelab/flowlib-pytorch.git\n', encoding="utf-8"
    )
    assert not run_audit(root).ctx.inventory.vendored


def test_a_copied_project_set_up_with_setup_py_is_a_copy(tmp_path):
    result = _audit(tmp_path, "upstream_copy_with_setup_py")
    assert "models/networks/flowlib_pytorch" in result.ctx.inventory.vendored
    assert "tensorboard" not in detections_by_tool(result)


def test_predictions_the_training_writes_into_a_split_named_folder_are_no_split_file(tmp_path):
    result = _audit(tmp_path, "predictions_in_split_folder")
    assert not result.ctx.taxonomy.split_files
    assert _dim(result, "data_versioning").score <= 1


def test_an_image_folder_of_generated_samples_does_not_unsettle_the_libraries_release(tmp_path):
    f = _finding(_audit(tmp_path, "imagefolder_of_generated_samples"), "ET120")
    assert "checksums in its own code" in f.message


def test_an_output_folder_extended_by_a_timestamp_is_placed_once(tmp_path):
    result = _audit(tmp_path, "self_extending_output_dir")
    targets = [p.target for p in (*result.ctx.records.config, *result.ctx.records.metrics)]
    assert targets and all(t.count("strftime") == 1 for t in targets)


def test_a_heading_saying_where_results_are_saved_reports_no_results(tmp_path):
    docs = _dim(_audit(tmp_path, "results_heading_about_output_paths"), "documentation")
    assert "results" not in docs.reasons[0]


def test_openmmlabs_data_parallel_wrapper_is_data_parallel(tmp_path):
    assert "data_parallel" in detections_by_tool(_audit(tmp_path, "library_dataparallel_subclass"))
