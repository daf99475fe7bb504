"""A project in parts (gym/ and atari/ experiments), whose top-level README points to each part's
README with its set-up and run commands, documents how to reproduce its runs. Synthetic."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import notebook, write_repo

TRAIN = "import torch\nfor step in range(10):\n    loss = model(x).mean()\n    loss.backward()\n"
TOP = "# Decision making as sequence modelling\n\nContains gym/ and atari/ experiments, see their READMEs.\n"
PART = "# Gym experiments\n\n## Installation\n\n```\nconda env create -f conda_env.yml\n```\n\n```\npython experiment.py --env hopper\n```\n"


def _et604(tmp_path, part):
    write_repo(tmp_path, {"README.md": TOP, "gym/experiment.py": TRAIN, "gym/readme-gym.md": part})
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET604")


def test_run_commands_in_a_part_readme_are_onboarding(tmp_path):
    f = _et604(tmp_path, PART)
    assert f.status == "PASS" and f.evidence[0].path == "gym/readme-gym.md", f


def test_a_part_readme_without_commands_is_not(tmp_path):
    assert _et604(tmp_path, "# Gym experiments\n\nSome notes.\n").status == "WARN"


def test_a_table_of_contents_linking_the_notebooks_gives_no_run_instructions(tmp_path):
    nb = notebook("import torch\nfor step in range(10):\n    loss = model(x).mean()\n    loss.backward()\n")
    readme = "# RL tutorials\n\n1. Actor critic\n - [actor-critic.ipynb](https://github.com/o/r/blob/master/1.actor-critic.ipynb)\n"
    write_repo(tmp_path, {"README.md": readme, "1.actor-critic.ipynb": nb})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET604")
    assert f.status != "PASS", f.message


def test_a_readme_telling_to_run_the_notebook_gives_run_instructions(tmp_path):
    nb = notebook("import torch\nfor step in range(10):\n    loss = model(x).mean()\n    loss.backward()\n")
    readme = "# RL tutorial\n\nOpen 1.actor-critic.ipynb in Jupyter and run all cells.\n"
    write_repo(tmp_path, {"README.md": readme, "1.actor-critic.ipynb": nb})
    f = next(f for f in run_audit(tmp_path).findings if f.rule_id == "ET604")
    assert f.status == "PASS", f.message
