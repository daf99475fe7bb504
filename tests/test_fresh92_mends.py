"""The fresh92 code review's cases: each a statement the round's new rules made falsely (or a sweep they
missed), on a synthetic tree of tests/fresh92_mend_trees.py, with what the report says now."""

from tests.fresh92_mend_trees import TREES
from tests.rules.repo_helpers import audit_committed, finding


def _audit(tmp_path, case):
    return audit_committed(tmp_path / case, TREES[case])


def _used(result, category):
    return {d.tool for d in result.ctx.detections if d.category == category and d.present}


def test_printed_metrics_a_file_also_keeps_are_recorded(tmp_path):
    for case in ("case1", "case1b"):
        f = finding(_audit(tmp_path, case), "ET302")
        assert "no file or tracker keeps them" not in f.message, (case, f.message)


def test_a_printed_option_or_a_label_map_is_no_evaluation(tmp_path):
    from experiment_tracking.rules.phase3_results import printed_evaluations

    for case in ("case2", "case3"):
        assert not printed_evaluations(_audit(tmp_path, case).ctx), case


def test_a_model_trained_from_raw_tensors_it_saves_is_training(tmp_path):
    result = _audit(tmp_path, "case4")
    assert result.ctx.taxonomy.training_entry_points
    assert not [e for e in result.ctx.taxonomy.entry_points if "fits inputs" in e.detail]


def test_inversion_that_also_tunes_the_generator_is_training(tmp_path):
    result = _audit(tmp_path, "case5")
    assert not [e for e in result.ctx.taxonomy.entry_points if "fits inputs" in e.detail]


def test_a_filtered_annotation_file_is_no_configuration(tmp_path):
    result = _audit(tmp_path, "case6")
    assert not [p for p in result.ctx.records.config if p.whole]


def test_a_results_table_read_and_written_back_stays_metrics(tmp_path):
    result = _audit(tmp_path, "case7")
    assert not [p for p in result.ctx.records.config if "results" in p.target]
    assert finding(result, "ET301").status != "FAIL"


def test_a_console_only_logger_keeps_no_commit_because_another_script_logs_to_a_file(tmp_path):
    assert finding(_audit(tmp_path, "case8"), "ET420").status != "PASS"


def test_a_main_training_through_an_unlisted_framework_call_stays_training(tmp_path):
    for case in ("case9", "case9b"):
        assert _audit(tmp_path, case).ctx.taxonomy.training_entry_points, case


def test_a_loop_over_image_sizes_stays_a_sweep(tmp_path):
    assert "shell_sweep" in _used(_audit(tmp_path, "case10"), "hpo")


def test_a_baselines_copy_whose_formats_name_tensorboard_uses_it(tmp_path):
    for case in ("case11", "case11b"):
        assert "tensorboard" in _used(_audit(tmp_path, case), "tracking"), case
