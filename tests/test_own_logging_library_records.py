"""A research project that logs through a small logging/config library of its own author (installed
from the package index, never read): options parsed by a flags object (``Flags(config).parse(argv)``),
the whole config saved with ``config.save(logdir / "config.yaml")`` unless the run only serves an
environment (``if not config.script.endswith("_env")``), metrics through output classes handed a
directory and a file name (``JSONLOutput(logdir, "metrics.jsonl")``), and checkpoints saved when a
clock object says so (``should_save = Clock(every)``; ``if should_save(step):``). Synthetic, after
dreamerv3's main.py and embodied.run.train."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, status_of, write_repo

MAIN = """
import pathlib

import elements
import ruamel.yaml as yaml

from . import loop

folder = pathlib.Path(__file__).parent


def main(argv=None):
    configs = yaml.YAML(typ="safe").load((folder / "configs.yaml").read_text())
    parsed, other = elements.Flags(configs=["defaults"]).parse_known(argv)
    config = elements.Config(configs["defaults"])
    for name in parsed.configs:
        config = config.update(configs[name])
    config = elements.Flags(config).parse(other)
    config = config.update(logdir=config.logdir.format(timestamp=elements.timestamp()))
    logdir = elements.Path(config.logdir)
    if not config.script.endswith(("_env", "_replay")):
        logdir.mkdir()
        config.save(logdir / "config.yaml")
    loop.train(config, make_logger(config))


def make_logger(config):
    logdir = config.logdir
    outputs = [elements.logger.TerminalOutput()]
    outputs.append(elements.logger.JSONLOutput(logdir, "metrics.jsonl"))
    return elements.Logger(elements.Counter(), outputs)


if __name__ == "__main__":
    main()
"""

LOOP = """
import elements
import jax
import optax


def train(config, logger):
    should_save = elements.LocalClock(config.save_every)
    cp = elements.Checkpoint(elements.Path(config.logdir) / "ckpt")
    cp.load_or_save()
    opt = optax.adam(config.lr)
    params = {"w": jax.numpy.zeros(3)}
    state = opt.init(params)
    for step in range(config.steps):
        grads = jax.grad(lambda p: (p["w"] ** 2).sum())(params)
        updates, state = opt.update(grads, state)
        params = optax.apply_updates(params, updates)
        logger.add({"loss": float((params["w"] ** 2).sum())})
        logger.write()
        if should_save(step):
            cp.params = params
            cp.save()
"""

CONFIGS = """
defaults:
  logdir: ~/logdir/{timestamp}
  script: train
  lr: 0.001
  steps: 1000
  save_every: 100
"""


def _repo(tmp_path):
    return write_repo(
        tmp_path,
        {
            "agent/__init__.py": "",
            "agent/main.py": MAIN,
            "agent/loop.py": LOOP,
            "agent/configs.yaml": CONFIGS,
            "requirements.txt": "elements\njax\noptax\nruamel.yaml\n",
        },
    )


def test_a_flags_object_parsing_argv_is_the_command_line(tmp_path):
    result = run_audit(_repo(tmp_path))
    f = next(f for f in result.findings if f.rule_id == "ET201")
    assert f.status == "PASS", f.message
    assert "command line" in f.message and "config files" in f.message


def test_a_config_object_saving_itself_into_the_run_directory_is_the_whole_config(tmp_path):
    result = run_audit(_repo(tmp_path))
    records = result.ctx.records
    assert any(p.target.endswith("/config.yaml") and p.whole and p.per_run for p in records.config), (
        records.config
    )
    assert not [p for p in records.optional if p.role == "config"], "a mode test is not an opt-in switch"
    assert status_of(result, "ET210") == "PASS"
    assert dimension(result, "parameter_logging").score == 5


def test_an_output_class_given_a_directory_and_file_name_streams_metrics_there(tmp_path):
    result = run_audit(_repo(tmp_path))
    metrics = [p.target for p in result.ctx.records.metrics]
    assert any(t.endswith("/metrics.jsonl") for t in metrics), metrics
    assert status_of(result, "ET301") == "PASS"


def test_a_save_asked_of_a_clock_object_is_every_run_not_an_option(tmp_path):
    result = run_audit(_repo(tmp_path))
    records = result.ctx.records
    assert any(p.role == "checkpoint" for p in records.checkpoints), records.checkpoints
    assert not [p for p in records.optional if p.role == "checkpoint"]
    assert dimension(result, "result_persistence").score >= 4


def test_a_checkpoint_loaded_or_saved_on_start_resumes_the_run(tmp_path):
    result = run_audit(_repo(tmp_path))
    assert status_of(result, "ET511") == "PASS"
