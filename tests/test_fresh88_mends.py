"""The code review of round fresh88's new rules: each tree (tests/fresh88_mend_trees.py) is a family of real
code a first version of a rule got wrong, and each test fails on that version."""

import pytest

from tests.fresh88_mend_trees import TREES
from tests.rules.repo_helpers import audit_committed, dimension, finding


def _audit(tmp_path, name):
    return audit_committed(tmp_path, TREES[name])


def _naming_line(result):
    from experiment_tracking.report.markdown import _naming

    return _naming(result)


@pytest.mark.parametrize("name", ["hydra-chdir-false", "hydra-orig-cwd"])
def test_relative_metrics_of_a_hydra_app_that_stays_in_the_launch_directory_are_shared(tmp_path, name):
    """`hydra.job.chdir: false`, or `os.chdir(get_original_cwd())` first: the relative metrics file is one file
    in the launch directory, shared by every run."""
    d = dimension(_audit(tmp_path, name), "result_persistence")
    assert "relative to the run's directory" not in " ".join(d.reasons), d


@pytest.mark.parametrize("name", ["hydra-test-fixed-dir", "hydra-eval-fixed-dir"])
def test_a_fixed_hydra_run_dir_of_a_test_or_evaluation_config_is_not_the_trainings(tmp_path, name):
    d = dimension(_audit(tmp_path, name), "parameter_logging")
    assert d.score == 5 and "/tmp/pytest_hydra" not in " ".join(d.reasons), d


def test_a_hydra_run_dir_named_by_the_configuration_names_each_run(tmp_path):
    assert "no naming calls found" not in _naming_line(_audit(tmp_path, "hydra-named-run-dir"))


def test_a_hub_dataset_at_its_main_branch_is_not_pinned(tmp_path):
    d = dimension(_audit(tmp_path, "hf-revision-main"), "data_versioning")
    assert d.score < 4 and "pinned registry version" not in " ".join(d.reasons), d


def test_a_pinned_benchmark_beside_the_projects_own_csv_does_not_version_the_main_data(tmp_path):
    d = dimension(_audit(tmp_path, "local-data-plus-tfds"), "data_versioning")
    assert d.score < 4, d


def test_a_training_notebooks_unpinned_load_is_no_demonstration(tmp_path):
    d = dimension(_audit(tmp_path, "notebook-unpinned-main"), "data_versioning")
    assert d.score < 4, d


@pytest.mark.parametrize("name", ["raw-url-pat", "raw-link-same-line-hf"])
def test_a_real_key_in_or_beside_a_raw_file_link_stays_a_credential(tmp_path, name):
    assert finding(_audit(tmp_path, name), "ET204").status == "FAIL"


def test_an_installed_command_named_in_a_sentence_passes_no_option(tmp_path):
    line = _naming_line(_audit(tmp_path, "console-prose-option"))
    assert "known by the output folder its command gives it" not in line, line


def test_a_logger_built_with_nothing_handed_writes_its_fallback_not_another_calls_folder(tmp_path):
    result = _audit(tmp_path, "logger-kwarg-borrowed")
    assert not any(p.target.startswith("reports/") for p in result.ctx.records.config), (
        result.ctx.records.config
    )


def test_a_date_prefix_off_by_default_is_no_timestamp(tmp_path):
    d = dimension(_audit(tmp_path, "spinup-no-datestamp"), "parameter_logging")
    assert "timestamped per run" not in " ".join(d.reasons), d


def test_a_task_spec_that_computes_accuracy_evaluates(tmp_path):
    f = finding(_audit(tmp_path, "taskspec-evaluate"), "ET302")
    assert not f.message.startswith("No evaluation metric"), f.message


def test_an_inference_only_mesh_tensorflow_run_trains_nothing(tmp_path):
    result = _audit(tmp_path, "mtf-infer-only")
    assert not any("training pipeline" in e.detail for e in result.ctx.taxonomy.training_entry_points)


def test_jaxline_handed_an_on_disk_checkpointer_keeps_and_resumes_checkpoints(tmp_path):
    result = _audit(tmp_path, "jaxline-file-checkpointer")
    f = finding(result, "ET310")
    assert not (f.status == "FAIL" and "never saved" in f.message), f.message
    assert finding(result, "ET511").status == "PASS"
    ckpt = [p for p in result.ctx.records.checkpoints if p.framework]
    assert ckpt and ckpt[0].keeping != "events", ckpt


def test_an_offline_rl_datasets_versioned_id_stays_below_tool_managed_versioning(tmp_path):
    """D4RL's 'hopper-medium-v2' names the dataset's version, but D4RL downloads it from a URL and checks
    nothing: no part of the data is versioned by it the way a TFDS builder's checksummed preparation is."""
    script = """import argparse

import d4rl  # noqa: F401
import gym
import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--env", default="hopper-medium-v2")
    parser.add_argument("--lr", type=float, default=3e-4)
    args = parser.parse_args()
    env = gym.make(args.env)
    dataset = env.get_dataset()
    obs = torch.as_tensor(dataset["observations"][:256], dtype=torch.float32)
    policy = torch.nn.Linear(obs.shape[1], 3)
    opt = torch.optim.Adam(policy.parameters(), lr=args.lr)
    for _ in range(10):
        loss = policy(obs).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()


if __name__ == "__main__":
    main()
"""
    result = audit_committed(
        tmp_path, {"train.py": script, "requirements.txt": "torch==2.1.0\ngym==0.23.1\n"}
    )
    assert dimension(result, "data_versioning").score <= 2, dimension(result, "data_versioning")


def test_a_save_behind_a_settings_entry_set_false_never_runs(tmp_path):
    """SparseConvNet's examples: `p['check_point'] = False` in the script's settings dict, then
    `if p['check_point']: torch.save(epoch, 'epoch.pth')`: no run keeps that checkpoint."""
    script = """import torch

p = {}
p["n_epochs"] = 10
p["check_point"] = False
model = torch.nn.Linear(4, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(p["n_epochs"]):
    loss = model(torch.randn(8, 4)).pow(2).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if p["check_point"]:
        torch.save(epoch, "epoch.pth")
"""
    result = audit_committed(tmp_path, {"train.py": script, "requirements.txt": "torch==2.1.0\n"})
    assert not any(p.target == "epoch.pth" for p in result.ctx.records.checkpoints), (
        result.ctx.records.checkpoints
    )


def test_a_footer_link_to_the_sites_privacy_policy_says_nothing_of_the_data(tmp_path):
    """SparseConvNet's README ends with `[Terms of use](...) [Privacy](https://.../legal/privacy)`, the
    organisation's website policy: no statement about personal data in the experiments."""
    script = """import argparse

import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.1)
    args = parser.parse_args()
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr)
    for _ in range(10):
        loss = model(torch.randn(8, 4)).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()


if __name__ == "__main__":
    main()
"""
    readme = (
        "# proj\n\nRun `python train.py`.\n\n## License\nBSD licensed. "
        "[Terms of use](https://opensource.example.com/legal/terms). "
        "[Privacy](https://opensource.example.com/legal/privacy)\n"
    )
    result = audit_committed(
        tmp_path, {"train.py": script, "README.md": readme, "requirements.txt": "torch==2.1.0\n"}
    )
    f = next((x for x in result.findings if x.rule_id == "ET612"), None)
    assert f is None or f.status != "PASS", (f.status, f.message, f.evidence)
