"""Mends of round fresh87's rules: the realistic variants a code review built (tests/fresh87_mend_trees.py) on
which a new rule made a false claim or missed its family. Each test fails on the build before the mend."""

from tests.fresh87_mend_trees import TREES
from tests.rules.repo_helpers import audit_committed, dimension, finding, status_of


def _audit(tmp_path, name):
    return audit_committed(tmp_path / name, TREES[name])


def _entries(result) -> set[str]:
    return {e.path for e in result.ctx.taxonomy.training_entry_points}


def test_a_gridworld_listing_its_cells_defines_no_sweep(tmp_path):
    # all_grid_cells(): product(*[range(n) for n in self.shape]) - the cells of an environment
    result = _audit(tmp_path, "sweep-gridworld")
    assert not result.ctx.taxonomy.sweep_definitions, result.ctx.taxonomy.sweep_definitions


def test_a_prediction_type_compared_with_an_enum_member_counts_no_accuracy(tmp_path):
    # `if prediction_type == PredictionType.EPSILON:` in a sampler: a mode, nothing scored
    result = _audit(tmp_path, "pred-type-diffusion")
    f302 = finding(result, "ET302")
    assert not any("accuracy counted" in e.detail for e in f302.evidence), f302.evidence


def test_a_checkpoint_serialised_into_a_buffer_then_written_to_a_file_is_saved(tmp_path):
    # torch.save(state, buffer); open(tmp, "wb").write(buffer.getvalue()); os.replace(tmp, path)
    result = _audit(tmp_path, "bytesio-upload")
    assert result.ctx.records.checkpoints
    assert status_of(result, "ET101") == "PASS", finding(result, "ET101").message


def test_a_models_architecture_config_written_by_save_pretrained_is_not_the_runs_configuration(tmp_path):
    # json.dump(self.config.to_dict(), ".../config.json") in GPT.save_pretrained: vocab size and layers
    result = _audit(tmp_path, "model-config-to-dict")
    assert not any(p.whole for p in result.ctx.records.config), result.ctx.records.config
    assert dimension(result, "parameter_logging").score <= 3


def test_git_dependencies_fixed_by_a_short_commit_or_a_release_tag_are_pinned(tmp_path):
    result = _audit(tmp_path, "git-tag-shortsha")
    urls = [d for d in result.ctx.index.dependencies if d.spec == "@url"]
    assert len(urls) == 3 and all(d.pin == "exact" for d in urls), [(d.name, d.pin) for d in urls]


def test_a_developer_tools_git_dependency_does_not_unpin_the_runs_external_code(tmp_path):
    result = _audit(tmp_path, "devreq")
    reasons = dimension(result, "code_versioning").reasons
    assert any("external code pinned to a commit or tag" in r for r in reasons), reasons


def test_a_plot_handed_a_loss_and_an_optimizers_name_trains_nothing(tmp_path):
    # draw_curve(val_loss, optimizer_name, ax) in make_figures.py
    result = _audit(tmp_path, "loss-optimizer-figure")
    assert "make_figures.py" not in _entries(result), _entries(result)


def test_a_switch_joined_with_a_schedule_is_still_a_switch(tmp_path):
    # do_log = getattr(args, "use_wandb", False) and epoch % args.log_interval == 0
    result = _audit(tmp_path, "schedule-flag-switch")
    assert status_of(result, "ET301") == "REVIEW", finding(result, "ET301").message


def test_a_framework_path_option_named_only_in_prose_leaves_its_tracker_optional(tmp_path):
    # "to turn it on, add --tensorboard-logdir ..." in the README; no command passes it
    result = _audit(tmp_path, "len-logdir-optional")
    tb = next(d for d in result.ctx.detections if d.tool == "tensorboard")
    assert tb.scope == "optional", tb


def test_a_vendored_copy_with_its_own_licence_stays_vendored_under_the_same_company_header(tmp_path):
    result = _audit(tmp_path, "vendored-same-holder")
    assert any(d.startswith("third_party") for d in result.ctx.inventory.vendored), (
        result.ctx.inventory.vendored
    )


def test_runs_that_no_command_gives_a_folder_share_the_options_default(tmp_path):
    from experiment_tracking.report.markdown import _naming

    result = _audit(tmp_path, "naming-default-dir")
    text = _naming(result)
    assert "no documented command sets it" in text and "known by the output folder" not in text, text


def test_a_timing_handed_to_a_method_that_only_prints_is_not_recorded(tmp_path):
    # logger.show("Time", time.time() - start) prints; another method of the class writes metrics.json
    result = _audit(tmp_path, "timing-printed-helper")
    assert status_of(result, "ET303") != "PASS", finding(result, "ET303").message


def test_a_jitted_step_is_resolved_in_its_own_class(tmp_path):
    # an Evaluator and a Learner both keep `self._step = jax.jit(...)`: the evaluator's step trains nothing
    result = _audit(tmp_path, "jit-attr-collision")
    assert "score_checkpoint.py" not in _entries(result), _entries(result)
    assert "run.py" in _entries(result), _entries(result)
    result = _audit(tmp_path, "jit-attr-order")
    assert "run.py" in _entries(result) and "score_checkpoint.py" not in _entries(result), _entries(result)


def test_a_fairseq_helper_parsing_a_literal_list_is_no_command_line(tmp_path):
    # options.eval_str_list("[0.1, 0.2]") beside hard-coded LR/EPOCHS
    result = _audit(tmp_path, "fairseq-options-helper")
    assert status_of(result, "ET201") == "FAIL", finding(result, "ET201").message


def test_a_folder_built_from_the_environment_is_not_said_to_be_an_options_default(tmp_path):
    # log_dir = os.getenv("OUTPUT_DIR") or join("/tmp/jobs", os.getenv("JOB_NAME")): the launcher names each
    # job; no option is left at a default
    from experiment_tracking.report.markdown import _naming
    from tests.test_fresh87_families import HPARAMS_SAMPLE

    result = audit_committed(tmp_path / "r", {"train.py": HPARAMS_SAMPLE, "README.md": "# x\n"})
    text = _naming(result)
    assert "no documented command sets it" not in text and "read when it starts" in text, text


STATE_TRAIN = """import attr
import torch


@attr.s(auto_attribs=True)
class TrainerState:
    epoch: int
    accuracy: float
    model: torch.nn.Module

    def save(self, filename):
        data = attr.asdict(self)
        data["model"] = self.model.state_dict()
        data["accuracy"] = self.accuracy
        torch.save(data, filename)


def train(model, loader, test_loader, epochs=2):
    state = TrainerState(epoch=0, accuracy=0.0, model=model)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(epochs):
        for images, labels in loader:
            loss = torch.nn.functional.cross_entropy(model(images), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for images, labels in test_loader:
            _, predicted = torch.max(model(images).data, 1)
            total += labels.size(0)
            correct += (predicted == labels).sum().item()
    state.accuracy = correct / max(total, 1)
    state.save("checkpoint.pth")


if __name__ == "__main__":
    train(torch.nn.Linear(4, 3), [], [])
"""


def test_an_accuracy_set_key_by_key_in_the_saved_state_is_kept_in_the_checkpoint(tmp_path):
    # FixRes's TrainerState.save: data = attr.asdict(self); data["accuracy"] = self.accuracy; torch.save(data, f)
    result = audit_committed(tmp_path / "r", {"train.py": STATE_TRAIN, "README.md": "# x\n"})
    message = finding(result, "ET302").message
    assert "keeps accuracy in the checkpoint" in message, message
    plain = STATE_TRAIN.replace('        data["accuracy"] = self.accuracy\n', "")
    result = audit_committed(tmp_path / "r2", {"train.py": plain, "README.md": "# x\n"})
    assert "in the checkpoint" not in finding(result, "ET302").message


DOPAMINE_STEPPED = """from absl import app, flags
from dopamine.discrete_domains import run_experiment

flags.DEFINE_string("base_dir", "/tmp/dopamine", "where the runner would keep the run")
flags.DEFINE_integer("num_episodes", 10, "episodes")
FLAGS = flags.FLAGS


def main(_):
    runner = run_experiment.Runner(FLAGS.base_dir, create_agent_fn=None)
    for _ in range(FLAGS.num_episodes):
        runner._run_one_episode()


if __name__ == "__main__":
    app.run(main)
"""


def test_a_dopamine_runner_stepped_by_hand_keeps_no_checkpoints(tmp_path):
    # bsuite's dopamine baseline: runner._run_one_episode() in a loop; only run_experiment() checkpoints
    result = audit_committed(tmp_path / "r", {"run.py": DOPAMINE_STEPPED, "README.md": "# x\n"})
    assert not any(p.target.endswith("/checkpoints") for p in result.ctx.records.checkpoints)
    looped = DOPAMINE_STEPPED.replace(
        "    for _ in range(FLAGS.num_episodes):\n        runner._run_one_episode()\n",
        "    runner.run_experiment()\n",
    )
    result = audit_committed(tmp_path / "r2", {"run.py": looped, "README.md": "# x\n"})
    assert any(p.target.endswith("/checkpoints") for p in result.ctx.records.checkpoints)


def test_a_results_file_the_logger_refuses_to_overwrite_is_kept_per_run():
    # bsuite's CSV logger: save_path = join(results_dir, f"{prefix}{id}.csv"); raise if it exists and not
    # overwrite: the refusal is of that file, as the path it was built, which the records then match
    from experiment_tracking.index.python_facts import parse_python
    from experiment_tracking.records import _refused
    from tests.test_fresh87_families import CSV_LOGGING

    facts = parse_python("logs/csv_logging.py", CSV_LOGGING)
    built = [d for d, _bypass in facts.refused_dirs if d.endswith(".csv")]
    assert built == ["{results_dir}/run_{run_id}.csv"], facts.refused_dirs
    assert _refused("{results_dir}/run_{run_id}.csv", set(built))
    assert not _refused("{results_dir}/other_{run_id}.csv", set(built))


def test_a_table_of_top1_top5_pairs_in_one_cell_is_a_results_table(tmp_path):
    # FixRes's README: `| ResNet-50 | 224 | 25.6M | 77.0 / 93.4 | [weights](url) |` under `Top-1 / Top-5`
    from experiment_tracking.rules.phase6_governance import results_tables

    readme = (
        "# Models\n\n| Model | Resolution | #Parameters | Top-1 / Top-5 |\n|:---:|:-:|:---:|:---:|\n"
        "| ResNet-50 | 224 | 25.6M | 77.0 / 93.4 |\n| FixResNet-50 | 384 | 25.6M | 79.0 / 94.6 |\n"
        "| FixPNASNet-5 | 480 | 86.1M | 83.7 / 96.8 |\n"
    )
    result = audit_committed(tmp_path / "r", {"README.md": readme, "train.py": "print(1)\n"})
    assert [e.path for e in results_tables(result.ctx)] == ["README.md"]
    # sizes and resolutions alone are no results
    plain = readme.replace("77.0 / 93.4", "-").replace("79.0 / 94.6", "-").replace("83.7 / 96.8", "-")
    result = audit_committed(tmp_path / "r2", {"README.md": plain, "train.py": "print(1)\n"})
    assert not results_tables(result.ctx)
