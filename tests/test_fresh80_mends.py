"""Cases the review of the fresh80 fixes found them getting wrong, each a family of its own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, status_of
from tests.test_fresh80_families import HYDRA_CONFIG, HYDRA_TRAIN, SOLVER

LOOP = (
    "import torch\n\nmodel = torch.nn.Linear(2, 1)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
    "for it in range(100):\n    opt.zero_grad()\n    model(torch.zeros(1, 2)).sum().backward()\n    opt.step()\n"
)


def test_a_split_whose_rows_are_the_data_stays_the_committed_training_data(tmp_path):
    """data/train.csv holds the rows the model trains on, not a list of ids: still data committed in git."""
    train = (
        "import joblib\nimport pandas as pd\nfrom sklearn.ensemble import RandomForestClassifier\n\n"
        "train = pd.read_csv('data/train.csv')\nX, y = train.drop(columns=['survived']), train['survived']\n"
        "model = RandomForestClassifier(n_estimators=10, random_state=0).fit(X, y)\n"
        "joblib.dump(model, 'model.joblib')\n"
    )
    rows = "age,fare,survived\n" + "".join(f"{20 + i % 50},{7.25 + i},{i % 2}\n" for i in range(400))
    readme = "# Titanic\n\nRun `python train.py`.\n"
    result = audit_committed(tmp_path, {"train.py": train, "data/train.csv": rows, "README.md": readme})
    finding = next(f for f in result.findings if f.rule_id == "ET120")
    assert "committed in git with the code" in finding.message, finding.message


def test_a_last_iteration_test_is_no_best_model_selection(tmp_path):
    """`if it == args.max_iters - 1` saves at the end of the run: equality with a maximum is not a best."""
    code = "import argparse\n" + LOOP.replace(
        "for it in range(100):",
        "parser = argparse.ArgumentParser()\nparser.add_argument('--max_iters', type=int, default=100)\nargs = parser.parse_args()\nfor it in range(args.max_iters):",
    )
    code += "    if it == args.max_iters:\n        torch.save(model.state_dict(), 'final.pt')\n"
    result = audit_committed(tmp_path, {"train.py": code})
    finding = next(f for f in result.findings if f.rule_id == "ET310")
    assert "best model is selected" not in finding.message, finding.message


def test_a_count_stored_under_a_params_key_of_a_tracker_run_is_no_parameter_record(tmp_path):
    """`self.run["model/num_params"] = n` stores a count; only an entry named for the parameters holds them."""
    code = "import neptune\n" + LOOP.replace("model = torch", "run = neptune.init_run()\nmodel = torch")
    code += "run['model/num_params'] = sum(p.numel() for p in model.parameters())\n"
    result = audit_committed(tmp_path, {"train.py": code})
    assert status_of(result, "ET210") != "PASS"


def test_a_rich_print_naming_a_png_writes_no_file(tmp_path):
    """`from rich import print; print(f"saved to {out}/curves.png")` shows a message, nothing is written."""
    code = "from rich import print\n" + LOOP + "print(f'curves are in out/curves.png')\n"
    result = audit_committed(tmp_path, {"train.py": code})
    assert not result.ctx.records.artifacts


def test_a_pickle_named_obj_is_no_media_output(tmp_path):
    """`save_object(vocab, "vocab.obj")` pickles an object: .obj is not read as a mesh."""
    code = (
        "import pickle\n\n\ndef save_object(obj, path):\n    pickle.dump(obj, open(path, 'wb'))\n\n\n" + LOOP
    )
    code += "save_object({'a': 1}, 'out/vocab.obj')\n"
    result = audit_committed(tmp_path, {"train.py": code})
    assert not [p for p in result.ctx.records.artifacts if p.target.endswith(".obj")]


def test_a_python_badge_does_not_outrank_a_stated_minimum(tmp_path):
    """A 3.6 badge beside "Python >= 3.6" in the prose: the version is a minimum, not a pin."""
    readme = (
        "# P\n![Python 3.6](https://img.shields.io/badge/python-3.6-blue.svg)\n\nRequires Python >= 3.6.\n"
    )
    result = audit_committed(tmp_path, {"train.py": LOOP, "README.md": readme})
    assert status_of(result, "ET411") != "PASS"


def test_a_timing_only_printed_in_a_hydra_app_is_not_in_its_log_file(tmp_path):
    """Hydra's log file holds what the app logs; a duration printed with print() is not in it, even when the
    module logs other lines."""
    solver = SOLVER.replace(
        "import json\n", "import json\nimport logging\nimport time\n\nlogger = logging.getLogger(__name__)\n"
    )
    solver = solver.replace(
        "        for epoch in range(self.args.epochs):\n",
        "        logger.info('training')\n        for epoch in range(self.args.epochs):\n            start = time.time()\n",
    ).replace(
        "            self.history.append(",
        "            print('epoch took', time.time() - start)\n            self.history.append(",
    )
    files = {"train.py": HYDRA_TRAIN, "solver.py": solver, "conf/config.yaml": HYDRA_CONFIG}
    assert status_of(audit_committed(tmp_path, files), "ET303") != "PASS"
