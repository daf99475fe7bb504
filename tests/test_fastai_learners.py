"""fastai training idioms and notebook-centred projects.

A fastai project trains through its Learner (``learn.fit_one_cycle``), saves with ``learn.save``,
evaluates with ``metrics=[...]``, prints a loss/metric table per epoch into the notebook's outputs and
imports everything with ``from fastai.vision import *``. Each notebook is a training entry point of
its own; the README gives its commands inline and names library versions in prose.
"""

from __future__ import annotations

import json

from experiment_tracking.audit import run_audit
from experiment_tracking.index.notebooks import clean_cell, parse_notebook
from experiment_tracking.index.python_facts import parse_cells
from tests.rules.repo_helpers import dimension, notebook, status_of, write_repo


def finding(result, rule_id):
    return next(f for f in result.findings if f.rule_id == rule_id)


def nb_with_outputs(*cells) -> str:
    """A notebook of (source, output text or None, output kind) code cells."""
    out = []
    for src, text, kind in cells:
        outputs = []
        if text is not None and kind == "stream":
            outputs = [{"output_type": "stream", "name": "stdout", "text": text}]
        elif text is not None:
            outputs = [
                {
                    "output_type": "display_data",
                    "metadata": {},
                    "data": {"text/html": text, "text/plain": "<IPython.core.display.HTML object>"},
                }
            ]
        out.append(
            {"cell_type": "code", "source": src, "metadata": {}, "outputs": outputs, "execution_count": 1}
        )
    return json.dumps({"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": out})


V1_IMPORTS = "from fastai.vision import *\nfrom fastai.metrics import accuracy\n"
V1_DATA = (
    "src = ImageList.from_folder('data/train')\n"
    "data = src.split_by_rand_pct(0.2, seed=7).label_from_folder().databunch(bs=32)\n"
)
EPOCH_TEXT = (
    "epoch     train_loss  valid_loss  accuracy\n"
    "1         1.204110    0.943310    0.701220\n"
    "2         0.811204    0.702148    0.774390\n"
    "Total time: 02:10\n"
)
EPOCH_HTML = (
    "Total time: 01:02 <p><table><tr><th>epoch</th><th>train_loss</th><th>valid_loss</th>"
    "<th>error_rate</th></tr><tr><th>1</th><th>0.52</th><th>0.41</th><th>0.12</th></tr></table>"
)


# -- the API as data ------------------------------------------------------------------------


def test_learner_roles_follow_the_object_not_its_attributes():
    from experiment_tracking.detect.signatures import learner_object, learner_role, star_names

    assert learner_role("fastai.vision.cnn_learner().fit_one_cycle") == "train"
    assert learner_role("fastai.vision.Learner().to_fp16().save") == "save"
    assert learner_role("fastai.vision.all.vision_learner().export") == "export"
    assert learner_role("fastai.vision.create_cnn().load") == "load"
    assert learner_role("fastai.vision.Learner") == "build"
    # the model or the recorder of the learner is not the learner
    assert learner_role("fastai.vision.Learner().model.save") == ""
    assert learner_role("fastai.vision.Learner().recorder.plot") == ""
    # another library's Learner, or a project's own, is not fastai's
    assert learner_role("mylib.Learner().save") == ""
    assert learner_object("fastai.tabular.tabular_learner()") and not learner_object("fastai.tabular")
    assert star_names("fastai.vision")["np"] == "numpy"
    assert star_names("fastai.vision")["cnn_learner"] == "fastai.vision.cnn_learner"
    assert star_names("mypkg.vision") == {}


def test_star_import_names_resolve_and_own_definitions_rebind_them():
    m = parse_cells(
        "nb.ipynb",
        [
            (1, "from fastai.vision import *\nnp.random.seed(3)\nlearn = cnn_learner(data, models.resnet18)"),
            (2, "learn.fit_one_cycle(2)\nlearn.save('s1')"),
            (3, "class Learner:\n    pass\nother = Learner()\nother.save('x')"),
        ],
    )
    names = [c.name for c in m.calls]
    assert "numpy.random.seed" in names
    assert "fastai.vision.cnn_learner().fit_one_cycle" in names
    assert "Learner().save" in names  # the notebook's own Learner class
    ckpts = [w for w in m.writes if w.kind == "checkpoint"]
    assert [w.target for w in ckpts] == ["models/s1.pth"]


def test_timing_magic_keeps_its_statement():
    body, shell = clean_cell("%time learn.fit_one_cycle(5, 1e-3)\n%timeit -n 3 -r 2 f(x)\n%matplotlib inline")
    assert body.split("\n") == ["learn.fit_one_cycle(5, 1e-3)", "f(x)", ""]
    assert shell == []
    # options that are not followed by Python leave the line blank rather than break the cell
    assert clean_cell("%prun -s cumulative\nx = 1")[0].split("\n") == ["", "x = 1"]


def test_epoch_tables_in_saved_outputs_are_notebook_records():
    text = nb_with_outputs(("learn.fit_one_cycle(2)", EPOCH_TEXT, "stream"))
    facts, _, _ = parse_notebook("a.ipynb", text)
    assert facts.output_records and facts.output_records[0][1].startswith("epoch table: train_loss")
    html = nb_with_outputs(("learn.fit_one_cycle(2)", EPOCH_HTML, "html"))
    facts, _, _ = parse_notebook("b.ipynb", html)
    assert facts.output_records[0][1] == "epoch table: train_loss, valid_loss, error_rate"
    # a progress line naming an epoch is no table
    plain = nb_with_outputs(("train()", "epoch 1 of 10 done\n", "stream"))
    assert parse_notebook("c.ipynb", plain)[0].output_records == []


# -- a fastai v1 notebook project ---------------------------------------------------------------


def whale_like(tmp_path, extra=None):
    files = {
        "README.md": """
            # Competition starter pack
            Uses the [fastai library](https://github.com/fastai/fastai) release 1.0.39.

            ## Getting the data
            Download competition data by running `kaggle competitions download -c some-competition`.
            Then open `baseline.ipynb` in jupyter and run all cells.
        """,
        "utils.py": """
            import pandas as pd

            def top5(preds, targs):
                return (preds.argsort(descending=True)[:, :5] == targs[:, None]).float().sum(1).mean()

            def write_submission(preds, names, name):
                sub = pd.DataFrame({'id': names, 'label': preds})
                sub.to_csv(f'subs/{name}.csv.gz', index=False, compression='gzip')
        """,
        "baseline.ipynb": nb_with_outputs(
            (V1_IMPORTS + "from utils import *", None, "stream"),
            (V1_DATA, None, "stream"),
            ("learn = create_cnn(data, models.resnet50, metrics=[accuracy, top5])", None, "stream"),
            ("learn.fit_one_cycle(2, 1e-2)\nlearn.save('baseline-stage-1')", EPOCH_TEXT, "stream"),
            (
                "preds, _ = learn.get_preds(DatasetType.Test)\nwrite_submission(preds, names, 'baseline')",
                None,
                "stream",
            ),
            ("!kaggle competitions submit -c some-competition -f subs/{name}.csv.gz -m x", None, "stream"),
        ),
        "stage_two.ipynb": nb_with_outputs(
            (V1_IMPORTS, None, "stream"),
            (
                "import pandas as pd\ndf = pd.read_csv('data/train.csv')\nvalid = set(df.sample(frac=1).Image[:500])",
                None,
                "stream",
            ),
            (
                "learn = create_cnn(data, models.resnet50, metrics=[accuracy])\nlearn.load('baseline-stage-1')",
                None,
                "stream",
            ),
            ("%time learn.fit_one_cycle(4, 1e-3)\nlearn.save('stage-2')", EPOCH_HTML, "html"),
        ),
        "explore.ipynb": notebook(
            "import pandas as pd\ndf = pd.read_csv('data/train.csv')\ndf.sample(frac=0.1).head()",
        ),
    }
    files.update(extra or {})
    write_repo(tmp_path, files)
    return run_audit(tmp_path)


def test_each_training_notebook_is_an_entry_point(tmp_path):
    res = whale_like(tmp_path)
    training = {e.path for e in res.ctx.taxonomy.training_entry_points}
    assert training == {"baseline.ipynb", "stage_two.ipynb"}  # explore.ipynb trains nothing
    assert "2 script(s)/notebook(s) are run by hand" in finding(res, "ET501").message
    assert {e.path for e in res.ctx.taxonomy.notebook_records} == {"baseline.ipynb", "stage_two.ipynb"}


def test_learner_saves_metrics_and_staged_loads(tmp_path):
    res = whale_like(tmp_path)
    f310 = finding(res, "ET310")
    assert f310.status == "WARN" and "no best-model selection" in f310.message
    assert "SaveModelCallback" in f310.recommendation and "torch.save" not in f310.recommendation
    f302 = finding(res, "ET302")
    assert "accuracy" in f302.message and "top5" in f302.message and "saved outputs" in f302.message
    f301 = finding(res, "ET301")
    assert f301.status == "FAIL" and "saved outputs of 2 training notebook(s)" in f301.message
    assert "CSVLogger" in f301.recommendation
    f511 = finding(res, "ET511")
    assert "staged" in f511.message and any(e.path == "stage_two.ipynb" for e in f511.evidence)
    assert "model.fit(X, y)" not in finding(res, "ET101").recommendation
    rp = dimension(res, "result_persistence")
    assert rp.score == 2 and "checkpoint written to `models/" in " ".join(rp.reasons)


def test_splits_seeds_and_outputs(tmp_path):
    res = whale_like(tmp_path)
    tax = res.ctx.taxonomy
    assert [e.detail for e in tax.splits_seeded] == ["split_by_rand_pct(seed=7)"]
    # the shuffle in the training notebook is a split; the one in the exploration notebook is not
    assert [(e.path, e.detail.split(",")[0]) for e in tax.splits_unseeded] == [
        ("stage_two.ipynb", "sample(frac=1")
    ]
    f121 = finding(res, "ET121")
    assert (
        f121.status == "FAIL"
        and "random_state=SEED" in f121.recommendation
        and "SEED = " in f121.recommendation
    )
    # a seeded split beside an unseeded one does not make the preparation deterministic
    assert dimension(res, "data_versioning").score == 1
    # predictions written as a compressed table and submitted by the notebook's command
    f311 = finding(res, "ET311")
    assert f311.status == "PASS" and "beside its record" not in f311.message


def test_readme_commands_versions_and_data_source(tmp_path):
    res = whale_like(tmp_path)
    assert status_of(res, "ET604") == "PASS"
    env = dimension(res, "environment_capture")
    assert env.score == 1 and "fastai library release 1.0.39" in " ".join(env.reasons)
    data = " ".join(dimension(res, "data_versioning").reasons)
    assert "README.md:5" in data
    doc = dimension(res, "documentation")
    reason = doc.reasons[0]
    assert "run commands" in reason
    # the next level asks only for what the reason does not already cite
    for word in ("setup", "run commands", "results"):
        if word in reason:
            assert word not in doc.next


def test_seeds_that_reach_few_training_notebooks(tmp_path):
    cells = [V1_IMPORTS, "learn = cnn_learner(data, models.resnet18)\nlearn.fit_one_cycle(1)"]
    files = {f"train_{i}.ipynb": notebook(*cells) for i in range(4)}
    files["train_0.ipynb"] = notebook(V1_IMPORTS + "np.random.seed(0)", cells[1])
    write_repo(tmp_path, files)
    f401 = finding(run_audit(tmp_path), "ET401")
    assert f401.status == "FAIL"
    assert "only 1 of 4" in f401.message and "torch is never seeded" in f401.message
    assert "No random seed is set" not in f401.message


def test_fastai_callbacks_keep_metrics_and_the_best_model(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.ipynb": notebook(
                "from fastai.vision.all import *",
                "set_seed(42, reproducible=True)\ndls = ImageDataLoaders.from_folder('data', valid_pct=0.2, seed=42)",
                "learn = vision_learner(dls, resnet34, metrics=error_rate)",
                "learn.fine_tune(3, cbs=[CSVLogger(fname='history.csv'), SaveModelCallback(monitor='error_rate')])",
            )
        },
    )
    res = run_audit(tmp_path)
    assert [e.path for e in res.ctx.taxonomy.training_entry_points] == ["train.ipynb"]
    assert status_of(res, "ET301") == "PASS"
    assert status_of(res, "ET310") == "PASS"
    assert status_of(res, "ET401") == "PASS"
    assert [e.detail for e in res.ctx.taxonomy.splits_seeded] == ["from_folder(valid_pct=..., seed=42)"]


def test_fastai_project_that_never_saves_gets_fastai_fixes(tmp_path):
    write_repo(
        tmp_path,
        {
            "train.ipynb": notebook(
                "from fastai.vision.all import *",
                "learn = vision_learner(dls, resnet34)\nlearn.fine_tune(1)",
            )
        },
    )
    res = run_audit(tmp_path)
    f310 = finding(res, "ET310")
    assert f310.status == "FAIL" and "learn.export" in f310.recommendation
    assert "set_seed(seed, reproducible=True)" in finding(res, "ET401").recommendation
    assert "mlflow.fastai.autolog()" in finding(res, "ET101").recommendation


def test_short_readme_next_level_names_only_what_is_missing(tmp_path):
    write_repo(
        tmp_path,
        {
            "README.md": """
                # Whales
                ## Setup
                pip install the requirements, then:

                    python train.py

                ## Results
                accuracy 0.91 on the validation set.
            """,
            "train.py": "import torch\nmodel = torch.nn.Linear(2, 2)\nloss = model(x).sum()\nloss.backward()\n",
        },
    )
    doc = dimension(run_audit(tmp_path), "documentation")
    assert doc.score == 2
    assert "run commands, setup, results" in doc.reasons[0]
    assert "setup" not in doc.next and "results" not in doc.next and "fuller README" in doc.next


def test_fastai_split_seed_by_keyword_or_position(tmp_path):
    write_repo(
        tmp_path,
        {
            "a.ipynb": notebook(
                V1_IMPORTS,
                "data = src.split_by_rand_pct(0.1, 42).label_from_folder().databunch()\n"
                "learn = cnn_learner(data, models.resnet18)\nlearn.fit_one_cycle(1)",
            ),
            "b.ipynb": notebook(
                "from fastai.vision.all import *",
                "dblock = DataBlock(splitter=RandomSplitter(valid_pct=0.2))\n"
                "learn = vision_learner(dblock.dataloaders(path), resnet18)\nlearn.fine_tune(1)",
            ),
        },
    )
    tax = run_audit(tmp_path).ctx.taxonomy
    assert [(e.path, e.detail) for e in tax.splits_seeded] == [("a.ipynb", "split_by_rand_pct(seed=42)")]
    assert [(e.path, e.detail) for e in tax.splits_unseeded] == [("b.ipynb", "RandomSplitter(seed=None)")]
