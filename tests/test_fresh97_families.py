"""Families from round fresh97, each decided by what the code does, each failing on the build before its fix:

- A Lightning logger given a fixed version (`TestTubeLogger(..., version=0)  # always use version=0`) writes
  every run into the same folder: the configuration is kept, but not per run.
- A launch script running `python ${RUN_FN} ... | tee ${LOG}`, the script and the log named by variables set
  above, keeps the console of the script each branch names in the file LOG names.
- PyTorch 1.7.1 has wheels for Python 3.9.
- A git requirement at a release tag (`@v1.0.12`) is pinned; only a URL with no ref installs a moving branch.
- A model card may be a PDF (CodeT5_model_card.pdf).
- A tool copied in with its own licence and conda environment sets up that tool, not the training; the
  set-up guide's own pins and Python (docs/install.md) are the project's.
- OpenMMLab: a leftover train_model() nothing calls starts no run; the project's own copy of train_detector
  building mmcv's runner does; `checkpoint_config = None` in the main configs saves no checkpoint.
- model_summary.csv (the network's layers and parameters) is no result log.
- YAML configs that are copies of one another, each merged whole onto the code's defaults, are copied, not composed.
- `GPUS=$(nvidia-smi -L | wc -l)` (or in backquotes) counts GPUs; it documents no hardware.
- A split drawn inside a constructor that main() calls after seeding `random` is seeded.
- An unpinned requirements list beside a set-up guide pinning the framework is partially pinned.
- A package list naming submitit submits no job; detectron2's launch() and a launcher forking one child per
  GPU start the workers themselves.
- `if is_child:` after os.fork() tests which process this is, not a value a run is given.
- A generator seeded per sample (random.Random(idx), np.random.RandomState(idx)) and a RandomSampler draw
  nothing worker seeding would change.
- cudnn.benchmark behind a config key no config sets stays off; set_random_seed(deterministic=args.deterministic)
  with the launch script passing --deterministic requests determinism.
"""

from __future__ import annotations

from tests import fresh97_family_trees as trees
from tests.rules.repo_helpers import audit_files, dimension, finding


def _audit(tmp_path, files):
    return audit_files(tmp_path / "repo", files, committed=True)


def test_a_lightning_logger_with_a_fixed_version_keeps_the_config_but_not_per_run(tmp_path):
    r = _audit(tmp_path, trees.LIGHTNING_FIXED_VERSION)
    d = dimension(r, "parameter_logging")
    assert d.score == 4, d.reasons
    assert "/version_0`" in d.reasons[0]
    f = finding(r, "ET210")
    assert any("with version=0: every run writes" in e.detail or "version_0" in e.detail for e in f.evidence)


def test_a_launch_script_teeing_the_script_a_variable_names_keeps_its_options_and_seed(tmp_path):
    r = _audit(tmp_path, trees.TEE_BY_VARIABLE)
    f = finding(r, "ET210")
    assert f.status == "PASS", f.message
    assert any("${OUTPUT_DIR}/train.log" in e.detail for e in f.evidence)
    assert finding(r, "ET212").status == "PASS"


def test_torch_1_7_1_has_wheels_for_python_3_9(tmp_path):
    f = finding(_audit(tmp_path, trees.TORCH_171), "ET411")
    assert "echo '3.9' > .python-version" in f.recommendation


def test_a_git_requirement_at_a_release_tag_is_pinned_and_only_the_branch_one_is_named(tmp_path):
    d = dimension(_audit(tmp_path, trees.GIT_TAG_AND_BRANCH), "environment_capture")
    text = " ".join(d.reasons)
    assert "pytorch-image-models installed from a repository's moving branch" in text
    assert "inplace-abn" not in text


def test_a_model_card_written_as_a_pdf_is_a_model_card(tmp_path):
    f = finding(_audit(tmp_path, trees.MODEL_CARD_PDF), "ET610")
    assert f.status == "PASS"
    assert f.evidence[0].path == "model_card.pdf"


def test_a_tools_own_licensed_environment_is_not_the_training_environment(tmp_path):
    r = _audit(tmp_path, trees.TOOL_WITH_OWN_ENVIRONMENT)
    assert dimension(r, "environment_capture").score == 2
    f410 = finding(r, "ET410")
    assert f410.status == "FAIL"
    assert "preprocess/stereo/stereo.yml sets up the tool copied into preprocess/stereo/" in f410.message
    f411 = finding(r, "ET411")
    assert [e.path for e in f411.evidence] == ["docs/install.md"]


def test_openmmlab_runs_start_at_the_projects_own_runner_and_configs_without_checkpoints_save_none(tmp_path):
    r = _audit(tmp_path, trees.OPENMMLAB_CUSTOM_RUNNER)
    f = finding(r, "ET310")
    assert f.status == "REVIEW", f.message
    assert all(e.path != "projects/plugin/apis/train.py" for e in f.evidence)
    assert any("2 of 3 configs set checkpoint_config = None" in e.detail for e in f.evidence)
    d = dimension(r, "result_persistence")
    assert d.score == 3, d.reasons
    assert "mmdet_train.py" in d.reasons[0]
    # the helper building the runner is where tools/train.py's run goes, not an entry point of its own
    assert "projects/plugin/apis/mmdet_train.py" not in {e.path for e in r.ctx.taxonomy.training_entry_points}


def test_a_model_summary_table_is_not_a_result_log(tmp_path):
    r = _audit(tmp_path, trees.MODEL_SUMMARY_TABLE)
    assert not any(
        "model_summary" in e.detail
        for d in r.ctx.detections
        if d.tool == "custom_logging"
        for e in d.evidence
    )


def test_config_files_copied_from_one_another_are_not_composed_by_a_merge_onto_defaults(tmp_path):
    f = finding(_audit(tmp_path, trees.COPIED_YACS_CONFIGS), "ET203")
    assert f.status == "WARN", f.message
    assert "4 config files are copies of one another" in f.message


def test_a_gpu_count_read_into_a_variable_documents_no_hardware(tmp_path):
    f = finding(_audit(tmp_path, trees.GPU_COUNT_READ), "ET413")
    assert not any("nvidia-smi" in e.detail for e in f.evidence)


def test_a_split_drawn_in_a_constructor_after_mains_seed_is_seeded(tmp_path):
    f = finding(_audit(tmp_path, trees.SPLIT_IN_CONSTRUCTOR), "ET121")
    assert f.status == "PASS", f.message
    assert "after the seed at pretrain.py:" in f.evidence[0].detail
    files = dict(trees.SPLIT_IN_CONSTRUCTOR)
    files["pretrain.py"] = files["pretrain.py"].replace("    random.seed(args.seed * 10)\n", "")
    assert finding(audit_files(tmp_path / "unseeded", files, committed=True), "ET121").status == "FAIL"


def test_an_unpinned_list_beside_a_guide_pinning_the_framework_is_partially_pinned(tmp_path):
    d = dimension(_audit(tmp_path, trees.UNPINNED_LIST_AND_PINNING_GUIDE), "environment_capture")
    assert d.score == 2
    assert "the set-up instructions pin 3 packages exactly (INSTALL.md:" in " ".join(d.reasons)


def test_a_listed_submitit_submits_nothing_and_detectron2s_launch_starts_the_workers(tmp_path):
    f = finding(_audit(tmp_path, trees.DETECTRON2_LAUNCH), "ET510")
    assert f.status == "PASS"
    assert all(e.path != "requirements.txt" for e in f.evidence)
    assert any(e.detail == "detectron2's launch starts one process per GPU" for e in f.evidence)


def test_a_forking_launcher_starts_its_workers_and_its_is_child_is_no_option(tmp_path):
    r = _audit(tmp_path, trees.FORKING_LAUNCHER)
    f510 = finding(r, "ET510")
    assert f510.status == "PASS", f510.message
    assert any(e.detail == "forks the worker processes" for e in f510.evidence)
    assert finding(r, "ET403").status == "PASS"


def test_per_sample_seeded_generators_and_a_sampler_draw_nothing_worker_seeds_change(tmp_path):
    f = finding(_audit(tmp_path, trees.PER_SAMPLE_GENERATOR), "ET404")
    assert f.status == "PASS"
    assert "draws no random numbers" in f.message


def test_benchmark_mode_no_config_turns_on_and_a_launch_passing_deterministic(tmp_path):
    f = finding(_audit(tmp_path, trees.OPENMMLAB_DETERMINISTIC_LAUNCH), "ET403")
    assert f.status == "PASS", f.message
    assert any("given by tools/dist_train.sh:" in e.detail for e in f.evidence)


def test_a_sampling_release_reads_no_dataset_and_its_outputs_are_kept_per_run(tmp_path):
    r = _audit(tmp_path, trees.SAMPLING_RELEASE)
    f = finding(r, "ET120")
    assert f.status == "WARN", f.message
    assert f.message.startswith("No training code here: nothing reads a dataset")
    assert "one artefact kept: the released weights" in dimension(r, "result_persistence").reasons[0]


def test_printed_results_beside_released_weights_and_a_linked_preparation_script(tmp_path):
    r = _audit(tmp_path, trees.PRINTING_TRAINER_WITH_RELEASED_WEIGHTS)
    rp = dimension(r, "result_persistence")
    assert rp.score == 1 and "the authors' trained weights are released (MODEL_ZOO.md:" in rp.reasons[0]
    dv = dimension(r, "data_versioning")
    assert dv.score == 2, dv.reasons
    assert "points to data_prep/processing_script.sh" in dv.reasons[0]
    # the class tree fetched beside the training is no data source
    assert "urlretrieve" not in dv.reasons[0]


def test_a_sibling_modules_seed_helper_seeds_what_its_body_seeds(tmp_path):
    f = finding(_audit(tmp_path, trees.SIBLING_SEED_HELPER), "ET401")
    assert f.status == "PASS"
    assert "tensorflow" not in f.message


def test_results_averaged_from_multiple_runs_are_repeats(tmp_path):
    f = finding(_audit(tmp_path, trees.AVERAGED_FROM_MULTIPLE_RUNS), "ET321")
    assert f.status == "PASS", f.message


def test_a_copied_vocabulary_is_no_config_and_release_notes_name_no_training_data(tmp_path):
    from experiment_tracking.rubric import public_benchmark_doc

    r = _audit(tmp_path, trees.VOCAB_COPIED)
    f = finding(r, "ET210")
    assert [e.line for e in f.evidence] == [16]
    assert public_benchmark_doc(r.ctx) is None


def test_options_logged_as_lines_beside_one_automatic_capture_are_level_4_not_5(tmp_path):
    d = dimension(_audit(tmp_path, trees.TEE_BESIDE_ONE_TRAINER), "parameter_logging")
    assert d.score == 4, d.reasons
    assert "only 1 of 3 capture it automatically" in d.reasons[0]


def test_a_best_score_held_under_another_name_marks_a_best_block_and_a_running_count_does_not():
    from experiment_tracking.index.python_facts import parse_python

    held = (
        "def evaluate(self, metric):\n"
        "    _metric = self.trainer_state.best_metric\n"
        "    if metric > _metric:\n"
        "        _metric = metric\n"
        "    self.trainer_state.best_metric = _metric\n"
    )
    assert [b[3] for b in parse_python("trainer.py", held).best_blocks] == ["metric > _metric"]
    counted = (
        "def train(sched, tick_kimg):\n"
        "    cur_nimg = 0\n"
        "    tick_start = cur_nimg\n"
        "    while True:\n"
        "        cur_nimg += sched.minibatch\n"
        "        if cur_nimg >= tick_start + tick_kimg:\n"
        "            save()\n"
    )
    assert parse_python("train.py", counted).best_blocks == []


def test_benchmark_mode_behind_a_value_the_config_computes_stays_on(tmp_path):
    files = dict(trees.OPENMMLAB_DETERMINISTIC_LAUNCH)
    files["tools/train.py"] = files["tools/train.py"].replace(
        'if cfg.get("cudnn_benchmark", False):', "if cfg.use_gpu:"
    )
    files["configs/a.py"] += "import torch\nuse_gpu = torch.cuda.is_available()\n"
    f = finding(audit_files(tmp_path / "repo", files, committed=True), "ET403")
    assert f.status == "WARN" and "enabled explicitly" in f.message, f.message


def test_determinism_behind_an_option_of_the_projects_own_parser_is_a_question(tmp_path):
    f = finding(_audit(tmp_path, trees.OWN_SEED_HELPER_BEHIND_AN_OPTION), "ET403")
    assert f.status == "REVIEW", f.message
    assert "the shipped defaults leave it unset (tools/train.py:" in f.message


def test_a_per_run_record_in_a_side_script_is_not_every_runs_capture(tmp_path):
    d = dimension(_audit(tmp_path, trees.MOSTLY_FIXED_VERSIONS), "parameter_logging")
    assert d.score == 4, d.reasons
    assert "typical training script(s) keep it per run" in d.reasons[0]
    assert "/version_0`" in d.reasons[0]
