"""Notebooks: code cells indexed like Python, IPython syntax tolerated, bad notebooks become errors."""

from __future__ import annotations

import json

from experiment_tracking.index.notebooks import clean_cell, parse_notebook


def nb4(*cells) -> str:
    out = []
    for kind, src in cells:
        c = {"cell_type": kind, "metadata": {}, "source": src}
        if kind == "code":
            c.update(outputs=[], execution_count=None)
        out.append(c)
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": out})


def test_magics_shell_and_help_do_not_break_parsing():
    text = nb4(
        (
            "code",
            [
                "%matplotlib inline\n",
                "import wandb as wb\n",
                "files = !ls data\n",
                "out = %sx ls\n",
                "wb.init?\n",
                "??wb.log\n",
                "!pip install mlflow==2.9.2\n",
                "run = wb.init(project='p')  # really?\n",
                "run.log({'loss': 0.5})",
            ],
        ),
        ("markdown", "We use **mlflow** here?"),
        ("code", "%%bash\ndvc repro\n\npython train.py --lr 0.1"),
        ("code", "%%time\nimport mlflow\nmlflow.log_metric('a', 1)"),
        ("code", "%%html\n<b>import sklearn</b>"),
        ("code", "%pip install optuna\nprint('done?')"),
    )
    facts, shell, markdown = parse_notebook("nb/exp.ipynb", text)
    assert facts.error == ""
    calls = {(c.name, c.cell, c.line) for c in facts.calls}
    assert ("wandb.init", 1, 8) in calls  # a comment ending in "?" is not IPython help
    assert ("wandb.init().log", 1, 9) in calls
    assert ("mlflow.log_metric", 4, 3) in calls
    assert ("print", 6, 2) in calls
    assert {i.module for i in facts.imports} == {"wandb", "mlflow"}
    assert (1, 7, "pip install mlflow==2.9.2") in shell
    assert (3, 2, "dvc repro") in shell and (3, 4, "python train.py --lr 0.1") in shell
    assert (6, 1, "pip install optuna") in shell
    assert markdown == ["We use **mlflow** here?"]


def test_clean_cell_keeps_line_numbers():
    body, shell = clean_cell("a = 1\n!echo hi\nx = !ls\nobj?\nb = 2")
    assert body.split("\n") == ["a = 1", "", "", "", "b = 2"]
    assert shell == [(2, "echo hi")]


def test_syntax_error_in_one_cell_keeps_the_others():
    text = nb4(("code", "import mlflow"), ("code", "def f(:\n  pass"), ("code", "mlflow.start_run()"))
    facts, _, _ = parse_notebook("a.ipynb", text)
    assert facts.error.startswith("cell 2: syntax error")
    assert [(c.name, c.cell) for c in facts.calls] == [("mlflow.start_run", 3)]


def test_nbformat_v3_worksheets():
    v3 = {
        "nbformat": 3,
        "nbformat_minor": 0,
        "metadata": {},
        "worksheets": [
            {
                "metadata": {},
                "cells": [
                    {"cell_type": "markdown", "source": ["# old"], "metadata": {}},
                    {
                        "cell_type": "code",
                        "input": ["import mlflow\n", "mlflow.start_run()"],
                        "language": "python",
                        "outputs": [],
                        "metadata": {},
                    },
                ],
            }
        ],
    }
    facts, _, markdown = parse_notebook("old.ipynb", json.dumps(v3))
    assert facts.error == ""
    assert [(c.name, c.cell, c.line) for c in facts.calls] == [("mlflow.start_run", 2, 2)]
    assert markdown == ["# old"]


def test_invalid_notebooks_become_errors():
    for text in [
        "{not json",
        "",
        "[1, 2]",
        '{"cells": 5}',
        '{"cells": [5, "x", null, {"cell_type": "code", "source": 7}]}',
        '{"nbformat": 4, "cells": [{"cell_type": "code", "source": ["import os\\n", 3]}]}',
        '{"worksheets": [{"cells": 3}]}',
        '"just a string"',
        "\x00\x01\x02",
    ]:
        facts, shell, markdown = parse_notebook("bad.ipynb", text)
        assert isinstance(facts.error, str), text
        assert isinstance(shell, list) and isinstance(markdown, list)
    assert parse_notebook("bad.ipynb", "{not json")[0].error.startswith("not a valid notebook")
    assert parse_notebook("bad.ipynb", '{"cells": 5}')[0].error.startswith("not a valid notebook")
