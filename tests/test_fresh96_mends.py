"""The fresh96 code review's cases: each a family the round's new rules got wrong, with the expected behaviour.
Their repositories are in tests/fresh96_mend_trees.py."""

from __future__ import annotations

import time

from tests.fresh96_mend_trees import CASES
from tests.rules.repo_helpers import audit_files
from tests.rules.repo_helpers import dimension as _dim
from tests.rules.repo_helpers import finding as _finding


def _audit(tmp_path, case: str):
    return audit_files(tmp_path, CASES[case], committed=True)


def _status(result, rule_id: str):
    found = [f for f in result.findings if f.rule_id == rule_id]
    return found[0].status if found else None


def test_a_seed_helpers_fallback_draws_when_its_option_defaults_to_none(tmp_path):
    result = _audit(tmp_path, "seed_helper_none_option")
    seeds = _finding(result, "ET401")
    assert seeds.status == "WARN" and "unless `seed` is given" in seeds.message
    assert _status(result, "ET212") != "PASS"


def test_a_draw_on_a_one_line_if_below_comments_or_in_an_else_is_conditional(tmp_path):
    for case in ("seed_oneline_if", "seed_comment_block", "seed_else_branch"):
        f = _finding(audit_files(tmp_path / case, CASES[case], committed=True), "ET401")
        assert f.status == "PASS" and "no option can" not in f.message, (case, f.message)


def test_a_padded_table_does_not_stall_the_vocabulary_pattern_and_stays_data(tmp_path):
    from experiment_tracking.detect.engine import _VOCABULARY_LINE
    from experiment_tracking.rubric import committed_data

    start = time.perf_counter()
    assert _VOCABULARY_LINE.fullmatch("a  ," * 40 + "!") is None
    assert _VOCABULARY_LINE.fullmatch(("abcdefghij" + " " * 14 + ",") * 10 + "3.5") is None
    assert time.perf_counter() - start < 1.0
    result = _audit(tmp_path, "vocab_regex_padded_table")
    assert [f.path for f in committed_data(result.ctx)] == ["data/labels/meta.txt"]


def test_a_class_per_file_text_dataset_is_training_data_not_a_vocabulary(tmp_path):
    data = _dim(_audit(tmp_path, "text_dataset_in_categories_dir"), "data_versioning")
    assert data.score == 2 and "committed" in data.reasons[0]


def test_a_weights_converter_is_no_data_preparation(tmp_path):
    assert _dim(_audit(tmp_path, "prep_regex_convert_weights"), "data_versioning").score == 1


def test_a_preparation_that_splits_without_a_seed_is_not_deterministic(tmp_path):
    assert _dim(_audit(tmp_path, "prep_unseeded_split"), "data_versioning").score == 1


def test_a_detection_results_log_is_the_runs_metrics(tmp_path):
    result = _audit(tmp_path, "results_name_detection_word")
    assert _finding(result, "ET301").status == "PASS"
    assert any(p.target.endswith("detection_results.txt") for p in result.ctx.records.metrics)


def test_data_copied_into_a_package_named_folder_is_no_code_snapshot(tmp_path):
    result = _audit(tmp_path, "copytree_data_pkg_name")
    assert not result.ctx.records.code
    assert _dim(result, "code_versioning").score == 2


def test_a_crawler_saving_the_images_it_fetches_downloads_the_data(tmp_path):
    data = _dim(_audit(tmp_path, "image_url_dataset_download"), "data_versioning")
    assert data.score == 1 and "requests.get" in data.reasons[0]


def test_a_tool_running_someone_elses_checkpoint_releases_no_models(tmp_path):
    result = _audit(tmp_path, "others_weights_inference_tool")
    assert _status(result, "ET610") is None and _status(result, "ET520") is None


def test_an_evaluations_tf_agents_checkpointer_resumes_no_training(tmp_path):
    assert _finding(_audit(tmp_path, "tfagents_checkpointer_in_eval"), "ET511").status != "PASS"


def test_gin_skip_unknown_given_a_flag_or_a_list_still_validates(tmp_path):
    for case in ("gin_skip_unknown_flag_off", "gin_skip_unknown_list"):
        f = _finding(audit_files(tmp_path / case, CASES[case], committed=True), "ET202")
        assert f.status == "PASS", (case, f.message)


def test_seed_all_rng_with_a_console_logger_records_no_seed(tmp_path):
    assert _finding(_audit(tmp_path, "d2_bare_setup_logger"), "ET212").status != "PASS"


def test_an_iteration_timer_with_no_writer_records_nothing(tmp_path):
    assert _finding(_audit(tmp_path, "d2_iteration_timer_no_writer"), "ET303").status != "PASS"


def test_a_python_usage_block_is_run_instructions(tmp_path):
    assert _finding(_audit(tmp_path, "et604_python_usage_block"), "ET604").status == "PASS"


def test_prose_starting_with_from_in_a_docker_folder_is_no_dockerfile(tmp_path):
    result = _audit(tmp_path, "docker_install_notes_from")
    kinds = {f.path: f.kind for f in result.ctx.inventory.files}
    assert kinds["docker/INSTALL"] != "dockerfile"
    assert _finding(result, "ET412").status == "PASS"


def test_a_seed_set_from_an_option_into_cfg_seed_is_not_drawn(tmp_path):
    f = _finding(_audit(tmp_path, "d2_seed_from_option"), "ET401")
    assert "drawn" not in f.message, f.message


def test_another_scripts_seed_default_does_not_decide_the_training_scripts_sentinel(tmp_path):
    f = _finding(_audit(tmp_path, "sentinel_seed_other_script_default"), "ET401")
    assert f.status == "WARN" and "unless `seed` is given" in f.message


def test_options_dumped_before_the_draw_do_not_record_the_drawn_seed(tmp_path):
    f = _finding(_audit(tmp_path, "sentinel_seed_saved_before_draw"), "ET401")
    assert f.status == "WARN" and "records the seed it used" not in f.message


def test_a_sampling_scripts_seedless_call_does_not_decide_the_training_runs_seed(tmp_path):
    from tests.fresh96_family_trees import SEED_HELPER_WITH_FALLBACK

    files = dict(SEED_HELPER_WITH_FALLBACK)
    files["sample.py"] = (
        "import torch\n\nfrom utils import set_seed\n\nseed = set_seed(None)\nprint(seed, torch.randn(2))\n"
    )
    f = _finding(audit_files(tmp_path, files, committed=True), "ET401")
    assert f.status == "PASS", f.message


def test_a_readme_with_only_a_bibtex_block_under_a_usage_heading_gives_no_run_instructions(tmp_path):
    files = {
        "README.md": (
            "# Gen\n\n## Running pretrained models\n\nRun them in the [demo Colab]"
            "(https://colab.research.google.com/x/demo.ipynb).\n\n## BibTeX\n\n```\n@InProceedings{gen2022,\n"
            "  title = {Gen},\n}\n```\n\n## License\n\nApache 2.0\n"
        ),
        "requirements.txt": "jax==0.4.1\n",
        "gen/model.py": "import jax.numpy as jnp\n\n\ndef apply(params, x):\n    return jnp.dot(x, params)\n",
    }
    assert _finding(audit_files(tmp_path, files, committed=True), "ET604").status == "WARN"
