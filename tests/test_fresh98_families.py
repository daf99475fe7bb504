"""Families from round fresh98, each decided by what the code does, each failing on the build before its fix:

- A tracker only a downstream evaluation uses (a linear probe logging its accuracy beside the pretraining its
  README runs, which prints its losses) keeps no typical run's results.
- save_checkpoint(state, is_best, filename='checkpoint.pth.tar') that every call hands a filename and
  is_best=False writes neither its default path nor model_best.pth.tar.
- A yacs config module's save_config that the scripts import and never call records nothing.
- "on one DGX-2 server" names the hardware.
- f-strings on the training path make it Python 3.6+: one dict.iteritems() in a helper is a latent bug.
- `.cuda(async=True)` on the training path parses only up to Python 3.6: the Python fix says 3.6.
- A script written to be dropped into another repository (its utils, models and solver not in the tree)
  turns absences into questions about the calls it hands its run to.
  Its config file handed with a path in the run folder to a copying helper (saver.copy_file) is a per-run copy;
  no tracker switch is read into the questions about that code.
- OpenMMLab's collect_env() written to the run's log documents the GPUs; the config's text logged into the
  log named by the run's start time is the whole configuration, per run.
- detectron2's COCOEvaluator writes each evaluation's predictions into its output folder.
- A CODEOWNERS file of comments only is there, and assigns nobody.
- A project function handed the very path the script saves its checkpoint to (DINO's restart_from_checkpoint)
  resumes; `if os.path.isfile(pretrained): load_state_dict(...)` is a warm start.
- Another project's pretrained weights the README says to convert and put under a folder are an input, not a
  release; "Download the trained model from [here](...)" offers the project's own on any host.
- An mmcv Python config's `_base_ = [...]` composes the files it names.
- HTML tables of checkpoints make a README long, not extensive documentation; the READMEs of a release's
  task folders are read with the README, not counted as documentation pages.
"""

from __future__ import annotations

from tests import fresh98_family_trees as trees
from tests.rules.repo_helpers import audit_files, dimension, finding


def _audit(tmp_path, files):
    return audit_files(tmp_path / "repo", files, committed=True)


def test_a_tracker_only_the_linear_evaluation_uses_keeps_no_typical_runs_results(tmp_path):
    r = _audit(tmp_path, trees.TRACKER_IN_LINEAR_EVAL)
    d = dimension(r, "result_persistence")
    assert d.score == 2, d.reasons
    # the pretraining's own numbered checkpoints are the typical run's, not the evaluation's fixed file
    assert "main_pretrain.py" in d.reasons[0] and "eval_linear.py" not in d.reasons[0]


def test_a_checkpoint_helpers_default_path_and_dead_best_copy_are_written_by_no_run(tmp_path):
    r = _audit(tmp_path, trees.TRACKER_IN_LINEAR_EVAL)
    pretrain = [p for p in r.ctx.records.checkpoints if p.evidence.path == "main_pretrain.py"]
    targets = {p.target for p in pretrain}
    assert "model_best.pth.tar" not in targets
    assert "checkpoint.pth.tar" not in targets
    assert any("checkpoint_{:04d}" in t for t in targets)
    # the evaluation's call leaves the filename out: its default is written there
    assert any(
        p.evidence.path == "eval_linear.py" and p.target == "checkpoint.pth.tar"
        for p in r.ctx.records.checkpoints
    )


def test_a_save_config_the_scripts_import_and_never_call_records_nothing(tmp_path):
    r = _audit(tmp_path, trees.YACS_SAVE_CONFIG_UNCALLED)
    assert not any(p.evidence.path == "config/default.py" for p in r.ctx.records.config)
    d = dimension(r, "parameter_logging")
    assert "config/default.py" not in " ".join(d.reasons)


def test_a_dgx_system_names_the_hardware(tmp_path):
    f = finding(_audit(tmp_path, trees.DGX_HARDWARE), "ET413")
    assert f.status == "PASS", f.message
    assert f.evidence[0].path == "README.md"


def test_f_strings_on_the_training_path_outweigh_one_stray_iteritems(tmp_path):
    f = finding(_audit(tmp_path, trees.FSTRINGS_AND_ONE_ITERITEMS), "ET411")
    assert "2.7" not in f.recommendation
    # ... and the stray call is named, to be ported
    assert "still calls Python 2 names in datasets/zipdata.py" in f.recommendation


def test_async_as_a_name_caps_the_python_fix_at_3_6(tmp_path):
    r = _audit(tmp_path, trees.ASYNC_AS_NAME)
    f = finding(r, "ET411")
    assert "echo '3.6' > .python-version" in f.recommendation
    assert "evaluate.py uses `async` as a name" in f.recommendation
    assert any(n.kind == "other-python-syntax" and "Python 3.6 syntax" in n.detail for n in r.notes)


def test_a_script_whose_helpers_are_not_in_the_tree_asks_instead_of_failing(tmp_path):
    r = _audit(tmp_path, trees.OVERLAY_SCRIPT)
    for rule in ("ET101", "ET301", "ET511"):
        f = finding(r, rule)
        assert f.status == "REVIEW", (rule, f.status, f.message)
        assert "which are not in this tree" in f.message
    q = finding(r, "ET301").question
    assert "utils.logging.setup_logging at `train_alpha.py:" in q
    assert "utils.saver.load_checkpoints at `train_alpha.py:" in finding(r, "ET511").question
    assert "utils, solver and models" in q
    assert dimension(r, "parameter_logging").review


def test_collect_env_in_the_runs_log_documents_the_gpus(tmp_path):
    f = finding(_audit(tmp_path, trees.MMDET_TRAIN_SCRIPT), "ET413")
    assert f.status == "PASS", f.message
    assert any("collect_env()" in e.detail and e.path == "tools/train.py" for e in f.evidence)


def test_the_config_text_logged_into_the_timestamped_log_is_the_whole_configuration_per_run(tmp_path):
    r = _audit(tmp_path, trees.MMDET_TRAIN_SCRIPT)
    logged = [p for p in r.ctx.records.config if "pretty_text" in p.evidence.detail]
    assert logged and logged[0].whole and logged[0].per_run, logged
    assert logged[0].target.endswith("{timestamp}.log")
    assert dimension(r, "parameter_logging").score >= 4


def test_a_detectron2_evaluator_keeps_each_evaluations_predictions(tmp_path):
    f = finding(_audit(tmp_path, trees.DETECTRON2_EVALUATOR), "ET311")
    assert f.status == "PASS", f.message
    assert "COCOEvaluator writes the predictions" in f.evidence[0].detail


def test_a_codeowners_file_of_comments_only_is_not_called_missing(tmp_path):
    f = finding(_audit(tmp_path, trees.COMMENTED_CODEOWNERS), "ET613")
    assert "no CODEOWNERS file" not in f.message
    assert "assigns no owner (comments only)" in f.message


def test_html_tables_of_checkpoints_make_no_extensive_documentation(tmp_path):
    d = dimension(_audit(tmp_path, trees.README_OF_TABLES), "documentation")
    assert d.score < 4, d.reasons


def test_task_folder_readmes_are_read_with_the_readme_not_counted_as_pages(tmp_path):
    d = dimension(_audit(tmp_path, trees.TASK_FOLDER_READMES), "documentation")
    assert d.score == 3, d.reasons
    assert "documentation page" not in d.reasons[0]


def test_reloading_the_checkpoint_the_script_saves_is_resume_and_pretrained_weights_are_not(tmp_path):
    f = finding(_audit(tmp_path, trees.RESTART_FROM_OWN_CHECKPOINT), "ET511")
    assert f.status == "PASS", f.message
    assert "interrupted run left" in f.message
    assert f.evidence[0].path == "main.py" and "restart_from_checkpoint reloads" in f.evidence[0].detail
    assert not any(e.path == "models/net.py" for e in f.evidence)


def test_another_projects_backbone_to_start_from_is_no_release_and_the_own_trained_model_is(tmp_path):
    f = finding(_audit(tmp_path, trees.OTHERS_BACKBONE_AND_OWN_MODEL), "ET520")
    text = trees.OTHERS_BACKBONE_AND_OWN_MODEL["README.md"].splitlines()
    own = next(i for i, ln in enumerate(text, 1) if ln.startswith("Download the trained model"))
    readme = [e for e in f.evidence if e.path == "README.md"]
    assert readme and all(e.line == own for e in readme), f.evidence


def test_modules_a_folder_on_sys_path_holds_are_in_the_tree_and_their_helpers_run(tmp_path):
    from experiment_tracking.rules.facts import dead_functions

    r = _audit(tmp_path, trees.SYS_PATH_LIB)
    assert not any("not in this tree" in f.message for f in r.findings)
    dead = dead_functions(r.ctx).get("lib/config/default.py", [])
    assert not any(start <= 9 <= end for start, end, _cell in dead), dead


def test_an_mmcv_python_config_inheriting_base_files_is_composed(tmp_path):
    f = finding(_audit(tmp_path, trees.MMDET_TRAIN_SCRIPT), "ET203")
    assert f.status == "PASS", f.message
    assert any(e.path == "configs/mask_rcnn_r50.py" and "_base_" in e.detail for e in f.evidence)


def test_a_config_copied_into_the_run_folder_by_an_unread_helper_is_recorded_and_no_switch_is_invented(
    tmp_path,
):
    r = _audit(tmp_path, trees.OVERLAY_SCRIPT)
    copied = [p for p in r.ctx.records.config if "copies the config file" in p.evidence.detail]
    assert copied and copied[0].whole and copied[0].evidence.line > 1, r.ctx.records.config
    assert finding(r, "ET210").status == "PASS"
    d = dimension(r, "result_persistence")
    assert "switch" not in d.reasons[0], d.reasons


def test_the_base_composition_cites_the_line_of_the_assignment(tmp_path):
    files = dict(trees.MMDET_TRAIN_SCRIPT)
    files["configs/mask_rcnn_r50.py"] = "# Mask R-CNN, ResNet-50\n\n" + files["configs/mask_rcnn_r50.py"]
    f = finding(_audit(tmp_path, files), "ET203")
    assert [e.line for e in f.evidence if e.path == "configs/mask_rcnn_r50.py"] == [3], f.evidence
