"""Families of real code the fresh68 round (and the recommendations earlier reviewers found unfitting)
showed the auditor reading wrong, each with a synthetic case of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, finding, notebook
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


DDP_TRAIN = """
import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel as DDP

dist.init_process_group("nccl")
model = DDP(torch.nn.Linear(4, 2).cuda())
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(100):
    loss = model(torch.randn(8, 4).cuda()).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
"""

SLURM_TEMPLATE = """#!/bin/bash
#SBATCH --nodes={nodes}
#SBATCH --gres=gpu:8
srun torchrun --nnodes {nodes} --nproc_per_node 8 train.py
"""


def test_a_slurm_job_template_is_a_job_script(tmp_path):
    """Cluster launchers are often committed as templates a user fills in (`job.slurm_template`,
    `run.sh.tmpl`): they are the project's job scripts all the same."""
    result = _audit(
        tmp_path,
        {
            "train.py": DDP_TRAIN,
            "launch/job.slurm_template": SLURM_TEMPLATE,
            "requirements.txt": "torch==2.1.0\n",
        },
    )
    f = finding(result, "ET510")
    assert f.status == "PASS"
    assert any(e.path == "launch/job.slurm_template" for e in f.evidence)


SKLEARN_CELLS = (
    "import numpy as np\nimport pandas as pd\nfrom sklearn.model_selection import train_test_split\n"
    "from sklearn.ensemble import RandomForestClassifier",
    "df = pd.read_csv('heart-disease.csv')\nX, y = df.drop('target', axis=1), df['target']",
    "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)",
    "np.random.seed(42)",
    "clf = RandomForestClassifier(n_estimators=100)\nclf.fit(X_train, y_train)\nprint(clf.score(X_test, y_test))",
)


def test_a_seed_snippet_uses_the_seed_the_notebook_already_uses(tmp_path):
    """A course notebook seeds with `np.random.seed(42)`: the fix hands the split and the estimator that
    value, not a `cfg.seed` no cell defines."""
    result = _audit(
        tmp_path,
        {
            "intro.ipynb": notebook(*SKLEARN_CELLS),
            "heart-disease.csv": "age,target\n1,0\n",
            "requirements.txt": "scikit-learn\npandas\n",
        },
    )
    for rule_id in ("ET121", "ET402"):
        f = finding(result, rule_id)
        assert f.status != "PASS"
        assert "random_state=42" in f.recommendation, f.recommendation
        assert "cfg." not in f.recommendation


def test_a_seed_snippet_defines_its_seed_where_the_file_seeds_nothing(tmp_path):
    cells = [c for c in SKLEARN_CELLS if "np.random.seed" not in c]
    result = _audit(
        tmp_path,
        {
            "intro.ipynb": notebook(*cells),
            "heart-disease.csv": "age,target\n1,0\n",
            "requirements.txt": "scikit-learn\npandas\n",
        },
    )
    f = finding(result, "ET402")
    assert "SEED = " in f.recommendation and "random_state=SEED" in f.recommendation
    assert "cfg." not in f.recommendation
