"""An entry point launches training only by calling code that trains. A helper module that defines
both ``train()`` and ``load_model()`` (facenet.py-style) makes the scripts calling ``train`` training
entry points, not the inference and export scripts that import it for ``load_model``. Calls are
followed inside the helper (run_loop -> run_step -> loss.backward())."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

HELPERS = """
import tensorflow as tf

def load_model(path):
    return tf.saved_model.load(path)

def run_step(opt, loss):
    return opt.minimize(loss)

def train(opt, loss, steps):
    for _ in range(steps):
        run_step(opt, loss)
"""
MAIN = "import sys\nimport helpers\n\ndef main(args):\n    {body}\n\nif __name__ == '__main__':\n    main(sys.argv)\n"


def test_only_scripts_calling_the_training_function_launch_training(tmp_path):
    write_repo(
        tmp_path,
        {
            "helpers.py": HELPERS,
            "train_net.py": MAIN.replace("{body}", "helpers.train(opt, loss, 100)"),
            "compare.py": MAIN.replace("{body}", "model = helpers.load_model(args[1])"),
            "freeze_graph.py": MAIN.replace("{body}", "helpers.load_model(args[1]).save('frozen')"),
        },
    )
    tax = run_audit(tmp_path).ctx.taxonomy
    assert [e.path for e in tax.training_entry_points] == ["train_net.py"]
    assert {"compare.py", "freeze_graph.py"} <= {e.path for e in tax.entry_points}


def test_a_main_py_that_reaches_no_training_code_is_not_training(tmp_path):
    download = "from fire import Fire\nfrom datasets.m4 import M4Dataset\n\ndef build():\n    M4Dataset.download()\n\nif __name__ == '__main__':\n    Fire()\n"
    write_repo(
        tmp_path,
        {
            "datasets/__init__.py": "",
            "datasets/m4.py": "import urllib.request\n\nclass M4Dataset:\n    @staticmethod\n    def download():\n        urllib.request.urlretrieve(URL, 'm4.csv')\n",
            "datasets/main.py": download,
            "experiments/main.py": MAIN.replace("{body}", "helpers.train(opt, loss, 100)"),
            "experiments/helpers.py": HELPERS,
        },
    )
    tax = run_audit(tmp_path).ctx.taxonomy
    assert [e.path for e in tax.training_entry_points] == ["experiments/main.py"]
    assert "datasets/main.py" in [e.path for e in tax.entry_points]


def test_scripts_whose_training_is_reached_at_run_time_stay_training(tmp_path):
    # train.py builds its training loop from a class name in the options (no import edge to follow),
    # and run_experiment.py starts a pipeline session: both stay training entry points.
    train = (
        "import dnnlib\n\ndef main():\n    dnnlib.util.call_func_by_name(func_name='training.loop.run', **opts)\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    write_repo(
        tmp_path,
        {
            "train.py": train,
            "run_experiment.py": MAIN.replace("{body}", "session.run(pipeline_name='train')"),
            "training/__init__.py": "",
            "training/loop.py": "import torch\n\ndef run(**opts):\n    for i in range(3):\n        loss.backward()\n",
        },
    )
    tax = run_audit(tmp_path).ctx.taxonomy
    assert {"train.py", "run_experiment.py"} <= {e.path for e in tax.training_entry_points}
