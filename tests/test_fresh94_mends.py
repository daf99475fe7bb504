"""The fresh94 code review's cases: each a family the second batch's rules got wrong, with the expected behaviour.
Their repositories are in tests/fresh94_mend_trees.py."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.fresh94_mend_trees import CASES
from tests.rules.repo_helpers import commit_all, write_repo
from tests.rules.repo_helpers import dimension as _dim


def _audit(tmp_path, case: str, committed: bool = False):
    write_repo(tmp_path, CASES[case])
    if committed:
        commit_all(tmp_path)
    return run_audit(tmp_path)


def _finding(result, rule_id):
    return next(f for f in result.findings if f.rule_id == rule_id)


def test_a_torchrun_command_without_the_flag_keeps_the_record_switched(tmp_path):
    result = _audit(tmp_path, "flag_torchrun")
    assert result.ctx.records.optional and not result.ctx.records.config


def test_every_command_passing_the_hyphenated_flag_turns_it_on(tmp_path):
    result = _audit(tmp_path, "flag_hyphen")
    assert any(p.in_checkpoint for p in result.ctx.records.config)


def test_a_click_command_called_bare_is_handed_its_options(tmp_path):
    result = _audit(tmp_path, "given_click_main")
    assert result.ctx.records.checkpoints and _finding(result, "ET310").status != "FAIL"


def test_a_parameter_on_by_default_is_no_parameter_never_given(tmp_path):
    result = _audit(tmp_path, "given_default_true")
    assert any("eval_log" in p.target for p in result.ctx.records.metrics)


def test_a_comment_between_if_false_and_its_body_still_switches_nothing_on(tmp_path):
    result = _audit(tmp_path, "iffalse_comment")
    assert not result.ctx.records.optional and not result.ctx.records.checkpoints


def test_submitit_and_slurm_gpu_options_in_launch_commands_are_hardware(tmp_path):
    f = _finding(_audit(tmp_path, "hw_launch_spellings"), "ET413")
    assert f.status == "PASS" and any("launch command" in e.detail for e in f.evidence)


def test_a_python_version_said_to_be_unsupported_is_no_minimum(tmp_path):
    assert "3.10" not in _finding(_audit(tmp_path, "pyver_after_limit"), "ET411").message


def test_a_minimum_after_a_clause_naming_an_unsupported_version_is_kept(tmp_path):
    assert "Python >= 3.6" in _finding(_audit(tmp_path, "pyver_doesnt_work_comma"), "ET411").message


def test_a_figure_or_an_anchor_named_for_training_data_documents_no_source(tmp_path):
    for case in ("datadoc_image_embed", "datadoc_toc_anchor"):
        assert _dim(_audit(tmp_path / case, case), "data_versioning").score == 0, case


def test_torchvisions_folder_loaders_are_no_public_source(tmp_path):
    assert _dim(_audit(tmp_path, "tv_vision_spelling"), "data_versioning").score == 0


def test_a_commit_a_console_only_tool_logs_is_no_runs_record(tmp_path):
    assert not _audit(tmp_path, "commit_console_tool", committed=True).ctx.records.commit_recorded


def test_the_branch_name_logged_is_no_commit(tmp_path):
    assert not _audit(tmp_path, "commit_branch_only", committed=True).ctx.records.commit_recorded


def test_an_html_table_saved_as_xls_and_read_with_read_html_is_data(tmp_path):
    data = _dim(_audit(tmp_path, "webpage_html_table_xls", committed=True), "data_versioning")
    assert data.score == 2 and "stock_prices.xls" in data.reasons[0]


def test_the_teaching_note_leaves_out_a_rule_the_audit_assessed(tmp_path):
    from experiment_tracking.report.markdown import render_markdown

    result = _audit(tmp_path, "teaching_note_static")
    assert _finding(result, "ET601").status == "PASS"
    note = next(line for line in render_markdown(result).splitlines() if "Teaching material" in line)
    assert "(ET601)" not in note
