"""Recommendations are placed where the fix goes, and fit how the code runs.

- A run-start fix (determinism flags, seeding, recording the commit) goes in the main training script,
  not in the optimiser or logger module whose import the rule happened to cite.
- Of two launched training scripts, the base one (`train.py`) is the main one, not its variant
  (`train-horovod.py`).
- PyTorch computes on the CPU unless the code moves work to a GPU: code that never does gets no
  "enable deterministic GPU kernels" advice.
"""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from experiment_tracking.scoring import recommendations
from tests.rules.repo_helpers import write_repo

CPU_LOOP = (
    "import torch\n"
    "import torch.nn as nn\n"
    "model = nn.Linear(4, 2)\n"
    "opt = torch.optim.Adam(model.parameters(), lr=0.01)\n"
    "for episode in range(100):\n"
    "    x = torch.randn(8, 4).float()\n"
    "    loss = model(x).pow(2).mean()\n"
    "    opt.zero_grad(); loss.backward(); opt.step()\n"
)


def _find(result, rid):
    return next(f for f in result.findings if f.rule_id == rid)


def test_cpu_only_torch_gets_no_gpu_determinism_advice(tmp_path):
    write_repo(tmp_path, {"reinforce.py": CPU_LOOP})
    result = run_audit(tmp_path)
    f = _find(result, "ET403")
    assert f.status == "PASS" and "runs on the CPU" in f.message
    assert not any("ET403" in it["rule_ids"] for it in result.recommendations)


def test_a_device_choice_keeps_the_gpu_determinism_advice(tmp_path):
    code = CPU_LOOP.replace(
        "model = nn.Linear(4, 2)\n",
        "device = 'cuda'\nmodel = nn.Linear(4, 2).to(device)\n",
    )
    write_repo(tmp_path, {"reinforce.py": code})
    assert _find(run_audit(tmp_path), "ET403").status == "WARN"


def test_cuda_call_keeps_the_gpu_determinism_advice(tmp_path):
    write_repo(tmp_path, {"reinforce.py": CPU_LOOP.replace("nn.Linear(4, 2)", "nn.Linear(4, 2).cuda()")})
    assert _find(run_audit(tmp_path), "ET403").status == "WARN"


def test_a_run_start_fix_goes_in_the_training_script_not_the_optimiser_module(tmp_path):
    write_repo(
        tmp_path,
        {
            "common/__init__.py": "",
            "common/mpi_adam.py": "import torch\n\n"
            "class MpiAdam:\n    def __init__(self, params):\n        self.params = list(params)\n"
            "    def step(self):\n        for p in self.params:\n            p.data = p.data.cuda()\n",
            "train.py": "import torch\nfrom common.mpi_adam import MpiAdam\n"
            "model = torch.nn.Linear(4, 2).cuda()\nopt = MpiAdam(model.parameters())\n"
            "for epoch in range(10):\n    loss = model(torch.randn(8, 4).cuda()).sum()\n"
            "    loss.backward()\n    opt.step()\n",
        },
    )
    result = run_audit(tmp_path)
    # every item, not only the eight the report shows
    items = recommendations(result.ctx, result.findings, result.scorecard, limit=50)
    sites = {r: it["file"] for it in items for r in it["rule_ids"]}
    assert sites.get("ET403") == "train.py"


def test_the_base_training_script_comes_before_its_variant(tmp_path):
    loop = CPU_LOOP.replace("nn.Linear(4, 2)", "nn.Linear(4, 2).cuda()")
    write_repo(
        tmp_path,
        {
            "train.py": loop,
            "train-horovod.py": "import horovod.torch as hvd\n" + loop,
            "README.md": "# gpt\n\nRun `python train.py`, or `python train-horovod.py` on many GPUs.\n",
        },
    )
    result = run_audit(tmp_path)
    assert result.ctx.taxonomy.training_entry_points[0].path == "train.py"
    items = recommendations(result.ctx, result.findings, result.scorecard, limit=50)
    sites = {r: it["file"] for it in items for r in it["rule_ids"]}
    assert sites.get("ET403") == "train.py"
