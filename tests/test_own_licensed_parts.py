"""A sub-directory with its own LICENSE and README is a copied upstream project only when someone
else holds its copyright: the experiment folders of a Microsoft repository each ship the same
"Copyright (c) Microsoft Corporation" licence as the root, and are the project's own code. Synthetic."""

from __future__ import annotations

from experiment_tracking.inventory import build_inventory
from tests.rules.repo_helpers import write_repo

MIT = "MIT License\n\nCopyright (c) {holder}.\n\nPermission is hereby granted, free of charge...\n"
TRAIN = "import torch\nfor step in range(10):\n    loss = model(x).mean()\n    loss.backward()\n"


def _vendored(tmp_path, sub_holder):
    write_repo(
        tmp_path,
        {
            "LICENSE.md": MIT.format(holder="Microsoft Corporation"),
            "README.md": "# LoRA\n",
            "loralib/layers.py": "import torch\n",
            "examples/NLG/LICENSE": MIT.format(holder=sub_holder),
            "examples/NLG/README.md": "# NLG\n\n```\npython src/gpt2_ft.py\n```\n",
            "examples/NLG/src/gpt2_ft.py": TRAIN,
        },
    )
    return build_inventory(str(tmp_path)).vendored


def test_a_part_under_the_projects_own_copyright_is_not_vendored(tmp_path):
    assert "examples/NLG" not in _vendored(tmp_path, "Microsoft Corporation")


def test_a_part_under_another_copyright_is_a_copied_project(tmp_path):
    assert "examples/NLG" in _vendored(tmp_path, "2020 Andrej Karpathy")


APACHE = (
    "                                 Apache License\n                           Version 2.0, January 2004\n\n"
    '      "Licensor" shall mean the copyright owner or entity authorized by\n'
    "      the copyright owner that is granting the License.\n\n"
    "   Copyright [yyyy] [name of copyright owner]\n"
)


def test_a_collection_of_one_holders_projects_under_a_bare_root_licence(tmp_path):
    """zenml-projects: the root LICENSE is the bare Apache text (no holder); each project ships a
    licence "Copyright (c) ZenML GmbH 2024" or "Copyright 2025 ZenML GmbH", or the bare Apache text
    again. All are the collection's own; a project copyrighted by someone else is still a copy."""
    files = {"LICENSE": APACHE, "README.md": "# Projects\n"}
    for name, licence in [
        ("churn", "Apache Software License 2.0\n\nCopyright (c) ZenML GmbH 2024. All rights reserved.\n"),
        ("forecast", "Copyright 2025 ZenML GmbH\n\nLicensed under the Apache License\n"),
        ("reader", APACHE),
        ("nanogpt", MIT.format(holder="2022 Andrej Karpathy")),
    ]:
        files[f"{name}/LICENSE"] = licence
        files[f"{name}/README.md"] = f"# {name}\n"
        files[f"{name}/run.py"] = TRAIN
    write_repo(tmp_path, files)
    vendored = build_inventory(str(tmp_path)).vendored
    assert "nanogpt" in vendored
    assert not {"churn", "forecast", "reader"} & set(vendored), vendored
