"""Families of real code met in round fresh89 (eight research repositories the auditor had not seen), each as
a synthetic case that fails without its fix."""

from tests.rules.repo_helpers import audit_committed
from tests.test_detectron2_framework_capture import TRAIN_NET

# detectron2's train_net.py (tests/test_detectron2_framework_capture.py) with the project's own Trainer subclass
D2_TRAIN = TRAIN_NET.replace(
    "\n\ndef setup(args):",
    "\n\nclass Trainer(DefaultTrainer):\n    @classmethod\n    def build_evaluator(cls, cfg, dataset_name):\n"
    "        return None\n\n\ndef setup(args):",
).replace("trainer = DefaultTrainer(cfg)", "trainer = Trainer(cfg)")


def test_a_detectron2_trainer_logs_to_tensorboard_through_its_default_writers(tmp_path):
    """MaskFormer, unbiased-teacher: `class Trainer(DefaultTrainer)` keeps detectron2's default writers, which
    write every run's scalars as TensorBoard events in cfg.OUTPUT_DIR."""
    result = audit_committed(tmp_path, {"train_net.py": D2_TRAIN, "requirements.txt": "detectron2\n"})
    tb = [d for d in result.ctx.detections if d.tool == "tensorboard" and d.category == "tracking"]
    assert tb and tb[0].usage == "used", result.ctx.detections


def test_a_detectron2_trainer_with_its_own_writers_is_read_from_its_code(tmp_path):
    """A Trainer that replaces build_writers (a JSON writer only) logs no TensorBoard events by default."""
    train = D2_TRAIN.replace(
        "    @classmethod\n    def build_evaluator(cls, cfg, dataset_name):\n        return None\n",
        "    @classmethod\n    def build_evaluator(cls, cfg, dataset_name):\n        return None\n\n"
        "    def build_writers(self):\n        from detectron2.utils.events import JSONWriter\n\n"
        "        return [JSONWriter('metrics.json')]\n",
    )
    result = audit_committed(tmp_path, {"train_net.py": train, "requirements.txt": "detectron2\n"})
    assert not any(d.tool == "tensorboard" and d.usage == "used" for d in result.ctx.detections)


CALC_TRAIN = """import torch
from transformers import GPT2LMHeadModel

from calculator import eval_with_timeout


def main():
    model = GPT2LMHeadModel.from_pretrained("gpt2")
    optim = torch.optim.AdamW(model.parameters(), lr=1e-5)
    for _ in range(10):
        loss = model(torch.zeros(1, 8, dtype=torch.long), labels=torch.zeros(1, 8, dtype=torch.long)).loss
        optim.zero_grad()
        loss.backward()
        optim.step()
    print(eval_with_timeout("2+2"))
    model.save_pretrained("model_ckpts/")


if __name__ == "__main__":
    main()
"""

CALCULATOR = """def eval_with_timeout(formula, max_time=3):
    try:
        return eval(formula)
    except Exception as e:
        print(f"Warning: failed to eval {formula}: {e}")
        return None
"""


def test_a_function_wrapping_pythons_eval_is_no_model_evaluation(tmp_path):
    """grade-school-math's calculator: `eval_with_timeout(formula)` runs Python's eval() on an arithmetic
    expression in a sample; no metric is computed anywhere."""
    from tests.rules.repo_helpers import finding

    result = audit_committed(tmp_path, {"train.py": CALC_TRAIN, "calculator.py": CALCULATOR})
    f = finding(result, "ET302")
    assert not any("eval_with_timeout" in e.detail for e in f.evidence), (f.message, f.evidence)


def test_a_setup_py_declaring_no_dependencies_specifies_none(tmp_path):
    """grade-school-math: setup.py without install_requires and no requirements file: the Papers-with-Code
    item 'Specification of dependencies' is not met."""
    setup = "from setuptools import setup\n\nsetup(name='gsm', packages=['gsm'])\n"
    result = audit_committed(
        tmp_path, {"train.py": CALC_TRAIN, "calculator.py": CALCULATOR, "setup.py": setup}
    )
    items = {i["item"]: i["met"] for i in result.scorecard.checklists["papers_with_code"]["items"]}
    assert items["Specification of dependencies"] is False, items


def test_a_detectron2_script_has_a_command_line_and_records_iteration_times(tmp_path):
    """MaskFormer's train_net.py: detectron2's default_argument_parser (`--config-file`, `opts` merged over the
    config) is a command line, and its trainer's timer records each iteration's time in metrics.json."""
    from tests.rules.repo_helpers import finding

    result = audit_committed(
        tmp_path, {"train_net.py": D2_TRAIN, "configs/base.yaml": "SOLVER:\n  BASE_LR: 0.01\n"}
    )
    f201 = finding(result, "ET201")
    assert "command line" in f201.message and f201.status == "PASS", f201.message
    assert finding(result, "ET303").status == "PASS", finding(result, "ET303").message


W2S_TRAIN = """import os
import pickle

import torch


def train_and_save_model(model, save_path, force_retrain=False):
    def maybe_load_model(model):
        if os.path.exists(os.path.join(save_path, "results.pkl")) and not force_retrain:
            model.load_state_dict(torch.load(os.path.join(save_path, "pytorch_model.bin")))
            return True
        return False

    if not maybe_load_model(model):
        opt = torch.optim.Adam(model.parameters(), lr=1e-4)
        for _ in range(10):
            loss = model(torch.randn(8, 4)).pow(2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        torch.save(model.state_dict(), os.path.join(save_path, "pytorch_model.bin"))
    with open(os.path.join(save_path, "results.pkl"), "wb") as f:
        pickle.dump({"acc": 1.0}, f)


if __name__ == "__main__":
    train_and_save_model(torch.nn.Linear(4, 1), "results/run")
"""


def test_a_finished_runs_results_file_reused_is_no_resume(tmp_path):
    """weak-to-strong: `if os.path.exists(join(save_path, "results.pkl")): load the model` reuses a run that
    finished (results.pkl is written last); an interrupted run starts again from scratch."""
    from tests.rules.repo_helpers import finding

    result = audit_committed(tmp_path, {"train.py": W2S_TRAIN, "requirements.txt": "torch==2.1.0\n"})
    assert finding(result, "ET511").status != "PASS", finding(result, "ET511").message


def test_a_helper_appending_a_newline_to_a_file_writes_no_record(tmp_path):
    """muss's resources.py: `add_newline_at_end_of_file(path)` appends '\\n' to the data files it prepares:
    no metrics stream, wherever it is called."""
    helper = "def add_newline_at_end_of_file(file_path):\n    with open(file_path, 'a') as f:\n        f.write('\\n')\n"
    prepare = (
        "import shutil\n\nfrom utils import add_newline_at_end_of_file\n\n\n"
        "def prepare(old_path, new_path):\n    shutil.copyfile(old_path, new_path)\n"
        "    add_newline_at_end_of_file(new_path)\n"
    )
    train = CALC_TRAIN.replace(
        "from calculator import eval_with_timeout\n", "from prepare import prepare\n"
    ).replace('    print(eval_with_timeout("2+2"))\n', '    prepare("a.txt", "b.txt")\n')
    result = audit_committed(tmp_path, {"utils.py": helper, "prepare.py": prepare, "train.py": train})
    assert not result.ctx.records.metrics, result.ctx.records.metrics


def test_numbered_readme_sections_and_shell_script_commands_are_run_instructions(tmp_path):
    """AudioMAE's README: "### 1. Installation", then "bash pretrain_audioset2M.sh" in an untagged fence."""
    from tests.rules.repo_helpers import finding

    readme = (
        "# Audio-MAE\n\n### 1. Installation\n- Follow the MAE repo.\n\n### 3. Pretraining\n```\n"
        "bash pretrain_audioset2M.sh\n```\n"
    )
    script = "#!/bin/bash\npython train.py --epochs 10\n"
    result = audit_committed(
        tmp_path,
        {
            "README.md": readme,
            "pretrain_audioset2M.sh": script,
            "train.py": CALC_TRAIN,
            "calculator.py": CALCULATOR,
        },
    )
    assert finding(result, "ET604").status == "PASS", finding(result, "ET604").message
