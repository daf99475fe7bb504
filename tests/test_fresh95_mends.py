"""The fresh95 code review's cases: each a family the round's new rules got wrong, with the expected behaviour.
Their repositories are in tests/fresh95_mend_trees.py."""

from __future__ import annotations

from tests.fresh95_mend_trees import CASES
from tests.rules.repo_helpers import audit_files
from tests.rules.repo_helpers import dimension as _dim
from tests.rules.repo_helpers import finding as _finding


def _audit(tmp_path, case: str):
    return audit_files(tmp_path, CASES[case])


def _present(result) -> dict[str, str]:
    return {d.tool: d.usage for d in result.ctx.detections if d.present}


def test_a_run_folder_cleared_before_the_run_writes_into_it_keeps_the_runs_record(tmp_path):
    result = _audit(tmp_path, "rmtree_clean_old_run_dir")
    rec = result.ctx.records
    assert rec.metrics and rec.checkpoints and rec.config
    assert _dim(result, "result_persistence").score >= 3


def test_a_function_named_train_model_in_an_apis_module_is_no_openmmlab_runner(tmp_path):
    result = _audit(tmp_path, "openmmlab_apis_train_model_not_mm")
    assert not any(p.target.endswith(".log.json") for p in result.ctx.records.metrics)
    assert _finding(result, "ET303").status != "PASS"


def test_logger_hooks_a_unit_test_builds_configure_no_tracker(tmp_path):
    present = _present(_audit(tmp_path, "openmmlab_hooks_in_tests"))
    assert "wandb" not in present and "mlflow" not in present, present


def test_records_appended_in_another_function_do_not_make_a_metrics_dict_predictions(tmp_path):
    result = _audit(tmp_path, "perexample_name_collision")
    assert any(p.target == "metrics.json" for p in result.ctx.records.metrics)


def test_a_datasets_own_records_with_text_and_label_are_not_predictions(tmp_path):
    result = _audit(tmp_path, "perexample_dataset_records")
    assert not result.ctx.records.artifacts, result.ctx.records.artifacts


def test_records_built_with_dict_calls_are_predictions_too(tmp_path):
    result = _audit(tmp_path, "perexample_dict_call_fn")
    assert any("caption_results" in p.target for p in result.ctx.records.artifacts)
    assert not any("caption_results" in p.target for p in result.ctx.records.metrics)


def test_an_exact_torch_pin_of_the_training_decides_over_an_open_floor_at_the_root(tmp_path):
    for case in ("torch_root_floor_masks_train_pin", "torch_pyproject_floor_masks_requirements_pin"):
        f = _finding(_audit(tmp_path / case, case), "ET404")
        assert f.status == "WARN", (case, f.message)


def test_the_pytorch_cuda_conda_package_states_the_cuda_release(tmp_path):
    f = _finding(_audit(tmp_path, "cuda_pytorch_cuda_conda"), "ET413")
    assert "CUDA stack is stated" in f.message, f.message


def test_deprecated_said_of_a_flag_demotes_no_folder_the_paragraph_links(tmp_path):
    entries = _audit(tmp_path, "legacy_word_about_a_flag").ctx.taxonomy.training_entry_points
    assert entries[0].path == "train/main.py", entries


def test_a_vendored_reference_trainer_no_command_runs_keeps_its_ddp_the_copys(tmp_path):
    present = _present(_audit(tmp_path, "copied_reference_trainer_ddp"))
    assert present.get("ddp") != "used", present


def test_options_loaded_from_a_checkpoint_are_another_runs_not_this_runs_whole_config(tmp_path):
    assert _finding(_audit(tmp_path, "namespace_from_checkpoint_args"), "ET211").status != "PASS"


def test_a_vendored_librarys_readme_links_are_not_the_projects_documentation(tmp_path):
    assert _dim(_audit(tmp_path, "vendored_package_readme_docs"), "documentation").score <= 2


def test_linked_arxiv_ids_in_an_html_table_are_no_results(tmp_path):
    from experiment_tracking.rules.phase6_governance import results_tables

    assert not results_tables(_audit(tmp_path, "html_table_arxiv_ids").ctx)


def test_a_batch_job_reading_a_file_after_nvidia_smi_keeps_the_gpu_in_its_log(tmp_path):
    assert _finding(_audit(tmp_path, "nvidia_smi_sbatch_read_file"), "ET413").status == "PASS"


def test_a_gpu_prompt_on_the_line_of_nvidia_smi_records_nothing(tmp_path):
    f = _finding(_audit(tmp_path, "nvidia_smi_prompt_same_line_fn"), "ET413")
    assert not any("nvidia-smi" in e.detail for e in f.evidence), f.evidence


def test_python_2_and_pypy_version_files_pin_the_interpreter(tmp_path):
    for case in ("python_version_27", "python_version_pypy"):
        assert _finding(_audit(tmp_path / case, case), "ET411").status == "PASS", case


def test_mmengine_configs_naming_hook_classes_configure_its_trackers_and_runs_keep_their_config(tmp_path):
    result = _audit(tmp_path, "openmmlab_mmengine_gaps")
    present = _present(result)
    assert present.get("wandb") == "configured" and "custom_logging" in present, present
    assert any(p.whole and p.per_run for p in result.ctx.records.config)


def test_summaries_tf_slims_training_loop_writes_are_tensorboard_in_use(tmp_path):
    assert _present(_audit(tmp_path, "tf1_slim_summaries")).get("tensorboard") == "used"


def test_a_yaml_dump_returned_inline_beside_the_options_is_the_whole_configuration(tmp_path):
    assert _finding(_audit(tmp_path, "tuple_return_inline_fn"), "ET211").status == "PASS"
