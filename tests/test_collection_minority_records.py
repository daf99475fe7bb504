"""A collection of many example training scripts of which only a small minority records its runs
(a dataset library's baselines: 2 of 12 write their options, 1 saves metrics) is scored on the
typical script, which records nothing: not 'recorded partly'. Scripts that only save weights (an
embedding.pt other scripts read) do not keep their results. Synthetic, after ogb's examples."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import dimension, write_repo

PLAIN = """
import argparse

import torch

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, default=0.01)
p.add_argument("--epochs", type=int, default=100)
args = p.parse_args()
model = torch.nn.Linear(2, 1)
opt = torch.optim.Adam(model.parameters(), lr=args.lr)
for epoch in range(args.epochs):
    loss = model(torch.randn(4, 2)).pow(2).mean()
    loss.backward()
    opt.step()
    print(f"Epoch {epoch}: loss {loss.item():.4f}")
torch.save(model.state_dict(), "embedding.pt")
"""

RECORDING = PLAIN.replace(
    "model = torch.nn.Linear(2, 1)",
    "import json, os, time\nrun_dir = os.path.join('runs', time.strftime('%Y%m%d-%H%M%S'))\nos.makedirs(run_dir)\n"
    "json.dump(vars(args), open(os.path.join(run_dir, 'config.json'), 'w'))\n"
    "log = open(os.path.join(run_dir, 'metrics.jsonl'), 'a')\nmodel = torch.nn.Linear(2, 1)",
).replace(
    '    print(f"Epoch {epoch}: loss {loss.item():.4f}")',
    '    log.write(json.dumps({"loss": loss.item()}) + "\\n")',
)


def test_a_small_minority_of_recording_examples_leaves_the_typical_run_unrecorded(tmp_path):
    files = {f"examples/{name}/main.py": PLAIN for name in "abcdefghij"}
    files["examples/k/main.py"] = RECORDING
    files["examples/l/main.py"] = RECORDING
    files["README.md"] = "# Benchmarks\n\n```bash\npip install -e .\npython examples/a/main.py\n```\n"
    result = run_audit(write_repo(tmp_path, files))
    for key in ("parameter_logging", "result_persistence"):
        dim = dimension(result, key)
        # the README runs examples/a, which records nothing: the typical run is unrecorded
        reasons = " ".join(dim.reasons)
        assert dim.score <= 2 and "the README's commands run" in reasons and "only 0 of" not in reasons, (
            key,
            dim.reasons,
        )


def test_a_processed_dataset_or_adjacency_saved_with_torch_is_data_not_a_checkpoint():
    from experiment_tracking.index.python_facts import parse_python
    from experiment_tracking.records import _role

    src = (
        "import torch\n"
        "class NodeDataset:\n"
        "    def process(self, processed_path):\n"
        "        torch.save({'graph': self.graph, 'labels': self.labels}, processed_path)\n"
        "adj_t = build_adjacency()\n"
        "torch.save(adj_t, f'{root}/paper_to_paper_symmetric.pt')\n"
        "torch.save({'G': netG.state_dict(), 'D': netD.state_dict()}, 'ckpt.pt')\n"
    )
    roles = [_role(w) for w in parse_python("d.py", src).writes]
    assert roles[0] is None and roles[1] is None, roles
    assert roles[2] is not None and roles[2][0] == "checkpoint", roles


def test_a_checksum_helper_nothing_calls_verifies_no_data(tmp_path):
    utils = (
        "import hashlib, os, urllib.request\n\n"
        "def check_integrity(fpath, md5):\n"
        "    return hashlib.md5(open(fpath, 'rb').read()).hexdigest() == md5\n\n"
        "def download_url(url, root, md5):\n"
        "    path = os.path.join(root, os.path.basename(url))\n"
        "    urllib.request.urlretrieve(url, path)\n"
        "    if not check_integrity(path, md5):\n"
        "        raise RuntimeError('corrupt download')\n"
    )
    train = "import pandas as pd\nimport torch\ndf = pd.read_csv('data/train.csv')\nmodel = torch.nn.Linear(2, 1)\n"
    train += "model(torch.randn(3, 2)).sum().backward()\n"
    result = run_audit(write_repo(tmp_path, {"utils.py": utils, "train.py": train}))
    dim = dimension(result, "data_versioning")
    assert "checksums verify" not in " ".join(dim.reasons), dim.reasons
    called = (
        train + "from utils import download_url\ndownload_url('https://example.org/d.csv', 'data', 'abc')\n"
    )
    result = run_audit(write_repo(tmp_path, {"utils.py": utils, "train.py": called}))
    assert "checksums verify" in " ".join(dimension(result, "data_versioning").reasons)
