"""A script that fits a model for another purpose (analyze_errors.py fitting an SVM on a trained
model's predictions) is not the training path when a script named for training exists: it stays an
entry point, and rules cite the training script."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

TRAIN = "import torch\n\ndef main():\n    for epoch in range(3):\n        loss.backward()\n\nif __name__ == '__main__':\n    main()\n"
ANALYZE = (
    "import torch\nfrom sklearn.svm import SVC\n\ndef main():\n    clf = SVC().fit(features, is_error)\n"
    "    print(clf.score(features, is_error))\n\nif __name__ == '__main__':\n    main()\n"
)


def test_an_analysis_fit_is_not_the_training_path(tmp_path):
    write_repo(tmp_path, {"bin/train.py": TRAIN, "bin/analyze_errors.py": ANALYZE})
    result = run_audit(tmp_path)
    tax = result.ctx.taxonomy
    assert [e.path for e in tax.training_entry_points] == ["bin/train.py"]
    assert "bin/analyze_errors.py" in [e.path for e in tax.entry_points]
    f403 = next(f for f in result.findings if f.rule_id == "ET403")
    assert all(e.path != "bin/analyze_errors.py" for e in f403.evidence)


def test_alone_it_is_the_training_path(tmp_path):
    write_repo(tmp_path, {"bin/analyze_errors.py": ANALYZE})
    tax = run_audit(tmp_path).ctx.taxonomy
    assert [e.path for e in tax.training_entry_points] == ["bin/analyze_errors.py"]
