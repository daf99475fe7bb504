"""A loop over two or more values of a setting that launches runs with it (`for lr in 1e-5 3e-5; do
python train.py --lr $lr`) is a hand-made grid search; a loop over one value, a commented-out
alternative, or a loop over files is not. Seeds looped over several values are repetitions (ET321),
one seed is not."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = "import argparse\nimport torch\np = argparse.ArgumentParser()\np.add_argument('--lr', type=float)\nargs = p.parse_args()\nfor e in range(3):\n    loss.backward()\n"
GRID = "#!/bin/bash\nfor lr in 1e-5 3e-5 5e-5; do\n  for seed in 1; do\n    python train.py \\\n      --lr $lr --seed $seed\n  done\ndone\n"
SINGLE = "#!/bin/bash\nfor lr in 1e-6 # 5e-5 5e-6\ndo\n  python train.py --lr $lr\ndone\nfor f in a.json b.json; do\n  python train.py --config $f\ndone\n"


def _audit(tmp_path, script):
    write_repo(tmp_path, {"train.py": TRAIN, "scripts/sweep.sh": script})
    return run_audit(tmp_path)


def test_a_loop_over_settings_that_launches_runs_is_a_grid(tmp_path):
    result = _audit(tmp_path, GRID)
    grid = result.ctx.has("shell_sweep", "hpo")
    assert grid and grid.evidence[0].where() == "scripts/sweep.sh:2"
    f321 = next(f for f in result.findings if f.rule_id == "ET321")
    assert f321.status != "PASS"  # one seed repeats nothing


def test_one_value_a_commented_alternative_or_files_are_not(tmp_path):
    result = _audit(tmp_path, SINGLE)
    assert not result.ctx.has("shell_sweep", "hpo")


def test_several_seeds_are_repetitions(tmp_path):
    result = _audit(tmp_path, GRID.replace("for seed in 1;", "for seed in 1 2 3;"))
    f321 = next(f for f in result.findings if f.rule_id == "ET321")
    assert f321.status == "PASS"


def test_a_loop_over_the_parts_of_a_dataset_is_not_a_grid(tmp_path):
    script = "#!/bin/bash\nfor part_ in train_nodev dev eval; do\n  python preprocess.py --rootdir data/$part_ --dumpdir dump/$part_\ndone\n"
    result = _audit(tmp_path, script)
    assert not result.ctx.has("shell_sweep", "hpo")


def test_a_loop_over_forecast_horizons_is_the_benchmark_not_a_search(tmp_path):
    horizons = (
        "#!/bin/bash\nfor pred_len in 96 192 336 720; do\n"
        "  python -u run.py --task_name long_term_forecast --pred_len $pred_len --learning_rate 0.0001\ndone\n"
    )
    assert not _audit(tmp_path, horizons).ctx.has("shell_sweep", "hpo")
