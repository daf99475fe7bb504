"""A module-level name bound twice in one module: the later binding silently replaces the earlier one for
every function of the module (a pattern defined for one rule changing another's matches)."""

import ast
import collections
from pathlib import Path

import experiment_tracking

PACKAGE = Path(experiment_tracking.__file__).parent


def test_no_module_binds_a_top_level_name_twice():
    twice = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = collections.Counter()
        for node in tree.body:
            if isinstance(node, ast.Assign):
                names.update(t.id for t in node.targets if isinstance(t, ast.Name))
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names[node.target.id] += 1
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names[node.name] += 1
        twice += [f"{path.relative_to(PACKAGE)}: {n}" for n, k in names.items() if k > 1]
    assert not twice, twice
