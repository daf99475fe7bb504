"""Families of real code the fresh68 round (and the recommendations earlier reviewers found unfitting)
showed the auditor reading wrong, each with a synthetic case of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, finding
from tests.test_fresh67_families import JAX_TRAIN

_audit = audit_committed


def test_a_jax_determinism_fix_keeps_the_xla_flags_the_project_sets(tmp_path):
    """Projects set XLA_FLAGS themselves (memory fraction, autotuning); a snippet assigning the variable
    would drop those, so the flag is appended."""
    script = "import os\nos.environ['XLA_FLAGS'] = '--xla_gpu_autotune_level=0'\n" + JAX_TRAIN
    result = _audit(tmp_path, {"ppo.py": script, "requirements.txt": "jax==0.4.30\noptax==0.2.2\n"})
    f = finding(result, "ET403")
    assert "xla_gpu_deterministic_ops" in f.recommendation
    assert "os.environ.get('XLA_FLAGS', '')" in f.recommendation
