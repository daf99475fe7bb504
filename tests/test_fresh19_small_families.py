"""Small families from the fresh19 review, each on a synthetic repository: detectron2/yacs configs
inherit through `_BASE_`; a README reporting results as mean&plusmn;std (HTML) reports repeated runs;
a plain `test(epoch)` function computing held-out accuracy each epoch is evaluation."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = "import torch\nfor step in range(10):\n    loss = model(x).mean()\n    loss.backward()\n"


def _finding(tmp_path, files, rule_id):
    write_repo(tmp_path, files)
    return next(f for f in run_audit(tmp_path).findings if f.rule_id == rule_id)


def test_yacs_base_inheritance_is_composition(tmp_path):
    files = {
        "train_net.py": TRAIN,
        "configs/Base-RCNN.yaml": "MODEL:\n  META_ARCHITECTURE: GeneralizedRCNN\nSOLVER:\n  BASE_LR: 0.02\n",
        "configs/coco_R_50.yaml": '_BASE_: "Base-RCNN.yaml"\nSOLVER:\n  MAX_ITER: 180000\n',
        "configs/voc_R_50.yaml": '_BASE_: "Base-RCNN.yaml"\nSOLVER:\n  MAX_ITER: 24000\n',
    }
    f = _finding(tmp_path, files, "ET203")
    assert f.status == "PASS" and any(e.detail == "_BASE_ composition" and e.line == 1 for e in f.evidence)


def test_results_with_an_html_plus_minus_ask_what_was_repeated(tmp_path):
    readme = "# MoCo\n\n## Results\n\n<table><tr><td>67.5&plusmn;0.1</td></tr></table>\n"
    f = _finding(tmp_path, {"train.py": TRAIN, "README.md": readme}, "ET321")
    assert f.status == "REVIEW"
    # ... and pass once the text says the spread is over repeated runs
    f = _finding(tmp_path / "b", {"train.py": TRAIN, "README.md": readme + "\nMean of 5 trials.\n"}, "ET321")
    assert f.status == "PASS"


def test_a_test_function_computing_accuracy_is_evaluation(tmp_path):
    code = (
        "import torch\n\n\ndef train(epoch):\n    for x, y in loader:\n        loss = crit(net(x), y)\n"
        "        loss.backward()\n\n\ndef test(epoch):\n    correct = 0\n    for x, y in testloader:\n"
        "        correct += net(x).argmax(1).eq(y).sum().item()\n    print(100.0 * correct / total)\n\n\n"
        "for epoch in range(200):\n    train(epoch)\n    test(epoch)\n"
    )
    f = _finding(tmp_path, {"main.py": code}, "ET302")
    assert "computes its own evaluation metrics" in f.message, f.message
