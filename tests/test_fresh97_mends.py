"""Mends from the fresh97 code review: each case is a repository where the round's first rules were wrong,
each test failing on that build (237768f)."""

from __future__ import annotations

from tests.fresh97_mend_trees import CASES
from tests.rules.repo_helpers import audit_files, dimension, finding


def _audit(tmp_path, case: str):
    return audit_files(tmp_path / case, CASES[case], committed=True)


def _entries(result) -> set[str]:
    return {e.path for e in result.ctx.taxonomy.training_entry_points}


def test_a_framework_run_in_a_helper_no_listed_script_imports_is_an_entry_point(tmp_path):
    assert _entries(_audit(tmp_path, "mme_helper")) == {"mylib/launcher.py"}
    assert _entries(_audit(tmp_path, "mm_console")) == {"mydet/train.py"}


def test_a_split_before_the_seed_in_the_training_function_is_unseeded(tmp_path):
    assert finding(_audit(tmp_path, "split_fire"), "ET121").status == "FAIL"


def test_one_debug_config_without_checkpoints_leaves_the_others_saving(tmp_path):
    r = _audit(tmp_path, "mm_ckpt_none")
    assert finding(r, "ET310").status == "WARN"
    assert dimension(r, "result_persistence").score == 4


def test_an_evaluation_hook_keeping_the_best_checkpoint_saves_it_without_a_checkpoint_hook(tmp_path):
    assert finding(_audit(tmp_path, "mm_savebest"), "ET310").status == "PASS"


def test_a_licensed_folder_holding_the_training_keeps_its_environment(tmp_path):
    assert dimension(_audit(tmp_path, "licensed_fork"), "environment_capture").score == 3


def test_a_module_elsewhere_named_like_a_library_leaves_the_librarys_seed_helper_alone(tmp_path):
    assert finding(_audit(tmp_path, "seed_sibling2"), "ET401").status == "PASS"


def test_an_earlier_weights_download_does_not_make_the_data_download_a_weights_one(tmp_path):
    d = dimension(_audit(tmp_path, "dl_literal"), "data_versioning")
    assert d.score == 1 and "urlretrieve" in d.reasons[0]


def test_a_debug_only_logger_with_a_fixed_version_decides_no_run(tmp_path):
    d = dimension(_audit(tmp_path, "pl_debug_version"), "result_persistence")
    assert d.score == 4, d.reasons
    assert "debug/version_0" not in " ".join(d.reasons)


def test_a_news_dataset_and_a_top_level_news_page_still_name_the_data(tmp_path):
    assert "AG News" in dimension(_audit(tmp_path, "news_task"), "data_versioning").reasons[0]
    assert dimension(_audit(tmp_path, "news_h1"), "data_versioning").score == 1


def test_an_eval_scripts_deterministic_flag_gives_the_training_nothing(tmp_path):
    assert finding(_audit(tmp_path, "mm_det_passed"), "ET403").status == "WARN"


def test_a_preparation_script_running_python_that_shuffles_unseeded_is_no_deterministic_prep(tmp_path):
    assert dimension(_audit(tmp_path, "prep_sh"), "data_versioning").score == 1


def test_third_party_weights_are_not_the_authors_released_runs(tmp_path):
    assert dimension(_audit(tmp_path, "rp_thirdparty"), "result_persistence").score == 0


def test_results_not_averaged_over_runs_are_no_repeats(tmp_path):
    assert finding(_audit(tmp_path, "et321_neg"), "ET321").status == "WARN"


def test_a_job_script_printing_nvidia_smi_documents_the_gpu(tmp_path):
    assert finding(_audit(tmp_path, "nvsmi_echo"), "ET413").status == "PASS"


def test_a_sensors_datasheet_pdf_is_no_model_card(tmp_path):
    assert finding(_audit(tmp_path, "card_pdf"), "ET610").status == "WARN"


def test_a_deployment_page_under_docs_states_no_set_up_python(tmp_path):
    assert finding(_audit(tmp_path, "docs_py"), "ET411").status == "WARN"


def test_benchmark_mode_a_config_turns_on_is_enabled(tmp_path):
    f = finding(_audit(tmp_path, "bench_gate"), "ET403")
    assert "enabled explicitly" in f.message


def test_weights_trained_from_scratch_beside_a_third_party_encoder_are_the_authors(tmp_path):
    from tests import fresh97_family_trees as trees

    files = dict(trees.SAMPLING_RELEASE)
    files["README.md"] = files["README.md"].replace(
        "We release the",
        "We train all components from scratch on 115M image-text pairs; we use ViT-L/14 provided by OpenAI.\n\nThe",
    )
    f = finding(audit_files(tmp_path / "r", files, committed=True), "ET120")
    assert f.status == "WARN" and f.message.startswith("No training code here"), f.message


def test_the_seed_in_openmmlabs_run_meta_is_recorded(tmp_path):
    from tests import fresh97_family_trees as trees

    files = dict(trees.OPENMMLAB_DETERMINISTIC_LAUNCH)
    files["tools/train.py"] = (
        files["tools/train.py"]
        .replace(
            "from mmdet.apis import set_random_seed", "from mmdet.apis import set_random_seed, train_detector"
        )
        .replace(
            'torch.save(model.state_dict(), "model.pt")',
            "meta = dict()\n            meta['seed'] = args.seed\n            train_detector(model, None, cfg, meta=meta)",
        )
    )
    f = finding(audit_files(tmp_path / "r", files, committed=True), "ET212")
    assert f.status == "PASS", f.message
    assert any("meta['seed'] handed to train_detector" in e.detail for e in f.evidence)


def test_a_linked_page_running_the_launcher_that_starts_the_training_gives_run_instructions(tmp_path):
    from tests import fresh97_family_trees as trees

    files = dict(trees.OPENMMLAB_DETERMINISTIC_LAUNCH)
    files["README.md"] = "# Proj\n\n## Usage\n\n- [Run and Eval](docs/getting_started.md)\n"
    files["docs/getting_started.md"] = "# Train\n\n```\n./tools/dist_train.sh ./configs/a.py 4\n```\n"
    files["tools/dist_train.sh"] = (
        '#!/bin/bash\npython -m torch.distributed.launch --nproc_per_node=$2 $(dirname "$0")/train.py $1 --deterministic\n'
    )
    f = finding(audit_files(tmp_path / "r", files, committed=True), "ET604")
    assert f.status == "PASS", f.message


def test_the_neurips_code_and_data_item_asks_for_release_and_instructions_not_run_linkage(tmp_path):
    from tests import fresh97_family_trees as trees

    r = audit_files(tmp_path / "r", trees.SAMPLING_RELEASE, committed=True)
    item = next(i for i in r.scorecard.checklists["neurips"] if i["item"] == "code-data")
    assert item["rules"] == ["ET120", "ET604"]
    assert item["status"] == "WARN" and finding(r, "ET604").status == "PASS"
