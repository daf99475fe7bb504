"""Property tests: every parser of untrusted bytes in the index returns a well-formed value and
never raises, whatever it is given."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from experiment_tracking.index import manifests as mf
from experiment_tracking.index.configs import ConfigDoc, parse_ini, parse_json, parse_toml, parse_yaml
from experiment_tracking.index.notebooks import clean_cell, parse_notebook
from experiment_tracking.index.python_facts import ModuleFacts, parse_python

FUZZ = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# Text biased towards the syntax each parser cares about, plus arbitrary unicode.
SYNTAX = list("[]{}()<>:=-#!?%&*@|\"',.;\\/ \t\n") + [
    "---",
    "\n  ",
    "- ",
    "? ",
    "&a",
    "*a",
    "!!python/",
    "\x00",
]
WORDS = ["mlflow", "wandb", "import", "from", "as", "def", "class", "if", "try", "except", "lambda"]
WORDS += ["==", ">=", "~=", "@", ";", "--hash=sha256:ab", "-r", "-e", "git+https://x", "[extra]", "1.2.3"]
code_text = st.lists(st.sampled_from(SYNTAX + WORDS) | st.text(max_size=8), max_size=60).map("".join)
any_text = st.one_of(st.text(max_size=400), code_text)


def _check_config(doc: ConfigDoc, fmt: str) -> None:
    assert isinstance(doc, ConfigDoc) and doc.format == fmt
    assert isinstance(doc.error, str) and isinstance(doc.documents, int)
    for key, _value, line in doc.entries:
        assert isinstance(key, str) and isinstance(line, int) and line >= 0
    if doc.error:
        assert doc.entries == [] or fmt == "yaml"  # YAML keeps the documents before the bad one
    doc.key_set(), doc.top_keys()  # noqa: B018 - must not raise


@FUZZ
@given(any_text)
def test_yaml(text):
    _check_config(parse_yaml("f.yaml", text), "yaml")


def _yaml_values():
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10))
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
        max_leaves=20,
    )


@FUZZ
@given(_yaml_values())
def test_yaml_of_real_documents_never_errors(value):
    import yaml

    doc = parse_yaml("f.yaml", yaml.safe_dump(value))
    _check_config(doc, "yaml")
    assert doc.error == ""


@FUZZ
@given(st.one_of(any_text, _yaml_values().map(json.dumps)))
def test_json(text):
    _check_config(parse_json("f.json", text), "json")


@FUZZ
@given(any_text)
def test_toml(text):
    _check_config(parse_toml("f.toml", text), "toml")


@FUZZ
@given(any_text.map(lambda t: "[section]\n" + t))
def test_ini(text):
    _check_config(parse_ini("f.ini", text), "ini")


def _check_deps(deps) -> None:
    for d in deps:
        assert isinstance(d, mf.Dependency)
        assert d.name and d.name == mf.normalize(d.name)
        assert d.pin in ("exact", "range", "none") and d.line >= 1


@FUZZ
@given(any_text)
def test_requirements(text):
    deps, includes = mf.parse_requirements("requirements.txt", text)
    _check_deps(deps)
    assert all(isinstance(i, str) for i in includes)


@FUZZ
@given(any_text)
def test_container_files(text):
    images, deps = mf.parse_dockerfile("Dockerfile", text)
    _check_deps(deps)
    images += mf.parse_singularity("x.def", text)
    for im in images:
        assert isinstance(im, mf.BaseImage) and im.line >= 1 and isinstance(im.image, str)


@FUZZ
@given(any_text)
def test_manifests_from_configs(text):
    for doc in (parse_toml("pyproject.toml", text), parse_yaml("environment.yml", text)):
        _check_deps(mf.parse_pyproject(doc) + mf.parse_pipfile(doc) + mf.parse_conda(doc))
        _check_deps(mf.parse_lock_packages(doc, "poetry-lock"))
        mf.parse_compose(doc)
        mf.python_version_pin(doc)
    _check_deps(mf.parse_setup_cfg(parse_ini("setup.cfg", "[options]\n" + text)))


def _check_facts(f: ModuleFacts) -> None:
    assert isinstance(f, ModuleFacts) and isinstance(f.error, str)
    for c in f.calls:
        assert isinstance(c.name, str) and c.name and c.line >= 1
    for i in f.imports:
        assert isinstance(i.module, str) and i.line >= 1


@FUZZ
@given(any_text)
def test_python_facts_on_arbitrary_text(text):
    f = parse_python("pkg/mod.py", text)
    _check_facts(f)
    _check_facts(parse_python("setup.py", text))


PY_LINES = [
    "import mlflow as mf",
    "from wandb import init",
    "from . import x",
    "from ..a import b as c",
    "run = init(project='p', n=-1, tags=['a'], cfg={'k': [1, 2]})",
    "run.log({'a': 1})",
    "mf.log_param('a', 1)",
    "try:\n    import neptune\nexcept ImportError:\n    neptune = None",
    "@hydra.main(config_path='c')\ndef main(cfg):\n    return cfg",
    "class A(pl.LightningModule):\n    pass",
    "if __name__ == '__main__':\n    main()",
    "x = [f(i) for i in range(3) if g(i)]",
    "with mf.start_run() as r:\n    r.info",
    "a.b.c = -0.5",
    "del a",
    "lambda q=h(): q",
]


@FUZZ
@given(st.lists(st.sampled_from(PY_LINES), max_size=12))
def test_python_facts_on_valid_programs(lines):
    f = parse_python("src/pkg/mod.py", "\n".join(lines) + "\n")
    assert f.error == ""
    _check_facts(f)


def _cells():
    source = st.one_of(any_text, st.lists(any_text, max_size=3), st.integers(), st.none())
    cell = st.fixed_dictionaries(
        {"cell_type": st.sampled_from(["code", "markdown", "raw", 3]), "source": source},
        optional={"outputs": st.just([]), "metadata": st.just({})},
    )
    return st.lists(cell | st.integers() | st.text(max_size=3), max_size=5)


@FUZZ
@given(_cells(), st.sampled_from([3, 4, "4", None]))
def test_notebook_structures(cells, version):
    nb = {"nbformat": version, "metadata": {}, "cells": cells}
    facts, shell, markdown = parse_notebook("n.ipynb", json.dumps(nb))
    _check_facts(facts)
    assert all(isinstance(c, int) and isinstance(ln, int) and isinstance(cmd, str) for c, ln, cmd in shell)
    assert all(isinstance(m, str) for m in markdown)


@FUZZ
@given(_yaml_values(), _yaml_values())
def test_notebook_arbitrary_json(cells, worksheets):
    for nb in (cells, {"cells": cells}, {"nbformat": 3, "worksheets": worksheets}):
        facts, _, _ = parse_notebook("n.ipynb", json.dumps(nb))
        _check_facts(facts)


@FUZZ
@given(any_text)
def test_notebook_arbitrary_text(text):
    facts, shell, markdown = parse_notebook("n.ipynb", text)
    _check_facts(facts)


@FUZZ
@given(any_text)
def test_clean_cell_keeps_line_count(text):
    body, shell = clean_cell(text)
    assert body == "" or body.count("\n") == text.count("\n")
    assert all(1 <= ln <= text.count("\n") + 1 for ln, _ in shell)
