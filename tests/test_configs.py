"""Config documents: safe YAML (no constructors), multi-doc, alias bombs, nesting, line numbers."""

from __future__ import annotations

import os

from conftest import time_limit

from experiment_tracking.index.configs import MAX_ENTRIES, parse_ini, parse_json, parse_toml, parse_yaml


def entries(doc):
    return [(k, v, line) for k, v, line in doc.entries]


def test_yaml_multi_document_and_lines():
    doc = parse_yaml(
        "c.yaml",
        "a: 1\nb:\n  c: true\n  d: [x, y]\n---\n_target_: torch.optim.Adam\nlr: 1e-3\nn: null\n",
    )
    assert doc.error == "" and doc.documents == 2
    assert entries(doc) == [
        ("a", 1, 1),
        ("b", None, 3),
        ("b.c", True, 3),
        ("b.d", None, 4),
        ("b.d[]", "x", 4),
        ("b.d[]", "y", 4),
        ("_target_", "torch.optim.Adam", 6),
        ("lr", "1e-3", 7),
        ("n", None, 8),
    ]
    assert doc.get("_target_") == "torch.optim.Adam"
    assert doc.top_keys() == {"a", "b", "_target_", "lr", "n"}


def test_yaml_custom_and_python_tags_construct_nothing(tmp_path):
    marker = tmp_path / "PWNED"
    text = (
        "base: !include base.yaml\n"
        f"cmd: !!python/object/apply:os.system ['touch {marker}']\n"
        f"obj: !!python/object:os.system {{a: 1}}\n"
        f"name: !!python/name:os.system ''\n"
        "ref: !ref ${model.lr}\n"
    )
    doc = parse_yaml("t.yaml", text)
    assert doc.error == ""
    assert doc.get("base") == "base.yaml"
    assert doc.get("cmd[]") == f"touch {marker}"
    assert doc.get("obj.a") == 1
    assert not marker.exists()
    assert not os.path.exists("PWNED")


def billion_laughs(levels: int = 12) -> str:
    text = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for i in range(1, levels):
        refs = ", ".join([f"*l{i - 1}"] * 9)
        text += f"l{i}: &l{i} [{refs}]\n"
    return text


def test_yaml_alias_bomb_is_fast():
    with time_limit(5):
        doc = parse_yaml("bomb.yaml", billion_laughs())
    assert doc.error == ""
    assert len(doc.entries) < 100


def test_yaml_scalar_alias_and_merge_key():
    doc = parse_yaml("m.yaml", "base: &b {lr: 0.1}\nv: &v 5\nw: *v\nexp:\n  <<: *b\n  seed: 1\n")
    assert doc.get("w") == 5
    assert doc.get("exp.seed") == 1


def test_yaml_deep_nesting_does_not_crash():
    # libyaml's composer overflowed the C stack on these (a segfault, not an exception).
    for text in ["[" * 100_000, "- " * 100_000 + "a", "{a: " * 50_000, "? " * 100_000]:
        with time_limit(10):
            doc = parse_yaml("deep.yaml", text)
        assert doc.truncated or doc.error or doc.entries == []
    block = "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v: 1\n"
    doc = parse_yaml("deep.yaml", block)
    assert doc.truncated and not doc.error


def test_yaml_large_file_is_bounded():
    text = "".join(f"key{i}: {i}\n" for i in range(600_000))  # ~9 MB
    with time_limit(10):
        doc = parse_yaml("big.yaml", text)
    assert doc.truncated and len(doc.entries) <= MAX_ENTRIES + 1


def test_yaml_errors_are_reported():
    doc = parse_yaml("bad.yaml", "a: 1\nb: [1, 2\n")
    assert doc.error.startswith("invalid YAML at line")
    doc = parse_yaml("bad.yaml", "a: *nowhere\n")
    assert "undefined alias" in doc.error
    doc = parse_yaml("ok.yaml", "")
    assert doc.error == "" and doc.entries == []


def test_yaml_complex_keys_are_skipped():
    doc = parse_yaml("k.yaml", "? [a, b]\n: value\nplain: 1\n")
    assert entries(doc) == [("plain", 1, 3)]


def test_json_lines_and_nesting():
    doc = parse_json("c.json", '{\n  "model": {\n    "lr": 0.1\n  },\n  "tags": ["a", {"k": 2}]\n}\n')
    assert doc.error == ""
    assert ("model.lr", 0.1, 3) in entries(doc)
    assert ("tags[]", "a", 5) in entries(doc)
    assert ("tags[].k", 2, 5) in entries(doc)
    assert parse_json("d.json", "[" * 100_000).error.startswith("invalid JSON")
    assert parse_json("e.json", "{").error.startswith("invalid JSON")


def test_toml_lines():
    text = '[project]\nname = "x"\n\n[tool.hydra]\nlr = 0.1\n\n[[runs]]\nseed = 1\n'
    doc = parse_toml("p.toml", text)
    assert doc.error == ""
    assert ("project.name", "x", 2) in entries(doc)
    assert ("tool.hydra", None, 4) in entries(doc)
    assert ("tool.hydra.lr", 0.1, 5) in entries(doc)
    assert ("runs[].seed", 1, 8) in entries(doc)
    assert parse_toml("bad.toml", "a = ").error.startswith("invalid TOML")
    assert parse_toml("deep.toml", "a = " + "[" * 100_000).error.startswith("invalid TOML")


def test_ini_lines():
    text = "[metadata]\nname = x\n\n[options]\ninstall_requires =\n    mlflow\nzip_safe: false\n"
    doc = parse_ini("setup.cfg", text)
    assert doc.error == ""
    assert ("metadata", None, 1) in entries(doc)
    assert ("options", None, 4) in entries(doc)
    assert ("options.install_requires", "\nmlflow", 5) in entries(doc)
    assert ("options.zip_safe", "false", 7) in entries(doc)
    assert parse_ini("bad.ini", "no section\n").error.startswith("invalid INI")
