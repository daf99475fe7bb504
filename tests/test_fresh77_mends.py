"""Guards for the defects a code review found in the fresh77 changes, each a synthetic case that failed
before its mend."""

from __future__ import annotations

import json

from tests.rules.repo_helpers import audit_committed, dimension

NUMPY_MAIN = """
import numpy as np

x = np.random.randn(100, 3)
y = x @ np.array([1.0, 2.0, 3.0])
w = np.zeros(3)
for step in range(100):
    grad = x.T @ (x @ w - y) / len(x)
    w -= 0.1 * grad
np.save("weights.npy", w)
"""


def test_generic_main_training_in_numpy_stays_a_training_entry_point(tmp_path):
    """main.py training a linear model by hand in numpy builds no known optimizer, but loads no pretrained
    model either: it stays the training entry point."""
    result = audit_committed(tmp_path, {"main.py": NUMPY_MAIN})
    assert [e.path for e in result.ctx.taxonomy.training_entry_points] == ["main.py"]


DDP_CLI = """
import fire
import torch
import torch.distributed as dist


def launch(rank=0, world=2):
    dist.init_process_group("gloo", rank=rank, world_size=world)
    model = torch.nn.parallel.DistributedDataParallel(torch.nn.Linear(3, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    loss = model(torch.randn(4, 3)).sum()
    loss.backward()
    opt.step()


if __name__ == "__main__":
    fire.Fire()
"""


def test_distributed_function_run_through_fire_stays_used(tmp_path):
    """`fire.Fire()` exposes every function of the module on the command line: launch() joins the process
    group though no call names it, and DDP stays a used tool."""
    result = audit_committed(tmp_path, {"launch_ddp.py": DDP_CLI})
    assert [d.usage for d in result.ctx.detections if d.tool == "ddp"] == ["used"]


def test_real_paper_titled_your_is_still_a_paper(tmp_path):
    """A BibTeX entry whose title starts "Your Classifier is Secretly ..." with a real year cites a paper;
    only two or more placeholder fields make a template."""
    from experiment_tracking.rules.facts import research_release

    readme = (
        "# JEM\n\n```\n@inproceedings{grathwohl2020,\n"
        "  title={Your Classifier is Secretly an Energy Based Model},\n  author={Grathwohl, Will},\n"
        "  booktitle={ICLR},\n  year={2020}\n}\n```\n"
    )
    result = audit_committed(tmp_path, {"README.md": readme, "main.py": NUMPY_MAIN})
    assert research_release(result.ctx) is not None


OPTIN_DATACLASS = """
import os
from dataclasses import dataclass
from typing import Optional

import torch
import tyro


@dataclass
class Config:
    lr: float = 0.1
    name: str = "linear"
    save: Optional[str] = None


def train(cfg: Config):
    model = torch.nn.Linear(10, 1)
    opt = torch.optim.SGD(model.parameters(), lr=cfg.lr)
    for epoch in range(3):
        loss = model(torch.randn(8, 10)).pow(2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    if cfg.save:
        torch.save(model.state_dict(), os.path.join(cfg.save, "model.pt"))


if __name__ == "__main__":
    cfg = tyro.cli(Config)
    if cfg.save:
        cfg.save = os.path.join(cfg.save, cfg.name)
        os.makedirs(cfg.save, exist_ok=True)
    train(cfg)
"""


def test_save_into_an_opt_in_folder_stays_optional(tmp_path):
    """`save: Optional[str] = None`, and the path built only `if cfg.save:`: the user opts in, so the save
    stays behind its switch."""
    result = audit_committed(tmp_path, {"train.py": OPTIN_DATACLASS})
    assert result.ctx.records.optional
    assert [f.status for f in result.findings if f.rule_id == "ET310"] != ["PASS"]


DATAGEN = """
import numpy as np
import torch

rows = []
for seed in [0, 1, 2]:
    np.random.seed(seed)
    rows.append(np.random.randn(10, 3))
data = np.concatenate(rows)
data = (data - data.mean(0)) / np.std(data, 0)
model = torch.nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
loss = model(torch.tensor(data, dtype=torch.float32)).sum()
loss.backward()
opt.step()
"""


def test_seeded_data_generation_with_standardisation_repeats_no_experiment(tmp_path):
    """A loop over seeds that generates data, then np.std to standardise it: no result is collected per
    seed, so no repetition (ET321 stays WARN)."""
    result = audit_committed(tmp_path, {"train.py": DATAGEN})
    assert [f.status for f in result.findings if f.rule_id == "ET321"] == ["WARN"]


HYP_JSON = """
import argparse
import json
import os
import torch

p = argparse.ArgumentParser()
p.add_argument("--out", default="out")
args = p.parse_args()
model = torch.nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
loss = model(torch.randn(4, 3)).sum()
loss.backward()
opt.step()
with open(os.path.join(args.out, "best_hyp.json"), "w") as f:
    json.dump({"lr": 0.1}, f)
with open(os.path.join(args.out, "hyp.json"), "w") as f:
    json.dump({"lr": 0.1}, f)
"""


def test_hyperparameter_files_named_hyp_are_no_predictions(tmp_path):
    """hyp.json and best_hyp.json hold hyperparameters, not a model's hypotheses: no ET311 PASS from them."""
    result = audit_committed(tmp_path, {"train.py": HYP_JSON})
    assert [f.status for f in result.findings if f.rule_id == "ET311"] != ["PASS"]


PRED_EPOCH = """
import argparse
import os
import torch

p = argparse.ArgumentParser()
p.add_argument("--dump_path", default="./dumped")
args = p.parse_args()
model = torch.nn.Linear(3, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(3):
    loss = model(torch.randn(4, 3)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    pred = model(torch.randn(5, 3)).argmax(1)
    with open(os.path.join(args.dump_path, f"valid.pred.{epoch}"), "w") as f:
        f.write("\\n".join(str(int(p)) for p in pred))
"""


def test_predictions_named_per_epoch_without_suffix_are_predictions(tmp_path):
    """`valid.pred.{epoch}`: predictions named per epoch with no file suffix are still predictions (ET311
    PASS)."""
    result = audit_committed(tmp_path, {"train.py": PRED_EPOCH})
    assert [f.status for f in result.findings if f.rule_id == "ET311"] == ["PASS"]


PREDICT_SCRIPT = """
import argparse
import pandas as pd

p = argparse.ArgumentParser()
p.add_argument("--output", default="predictions.csv")
args = p.parse_args()
pd.DataFrame({"y": [1, 2]}).to_csv(args.output)
"""

OUTPUT_TRAIN = """
import argparse
import json
import os
import torch

p = argparse.ArgumentParser()
p.add_argument("--output", default="outputs/linear")
p.add_argument("--lr", type=float, default=0.1)
args = p.parse_args()
os.makedirs(args.output, exist_ok=True)
model = torch.nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=args.lr)
for step in range(10):
    loss = model(torch.randn(4, 3)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    with open(os.path.join(args.output, "metrics.jsonl"), "a") as f:
        f.write(json.dumps({"step": step, "loss": float(loss)}) + "\\n")
torch.save(model.state_dict(), os.path.join(args.output, "model.pt"))
"""


def test_another_scripts_file_option_of_the_same_name_keeps_this_run_folder(tmp_path):
    """predict.py's `--output predictions.csv` names a file; train.py's `--output outputs/linear` is still
    the run folder fixes write into."""
    result = audit_committed(tmp_path, {"predict.py": PREDICT_SCRIPT, "train.py": OUTPUT_TRAIN})
    fixes = " ".join(f.recommendation or "" for f in result.findings)
    assert "os.path.join('runs'" not in fixes


def test_python2_notebook_code_keeps_its_python2_pin(tmp_path):
    """A notebook whose own code is Python 2 (`print 'x'`) keeps its 2.7 kernel as the Python to pin,
    whatever Python 3 call another module makes."""
    book = {
        "nbformat": 4,
        "nbformat_minor": 2,
        "metadata": {"language_info": {"name": "python", "version": "2.7.14"}},
        "cells": [{"cell_type": "code", "metadata": {}, "execution_count": 1, "outputs": [],
                   "source": ["import numpy as np\n", "print 'mean', np.mean([1, 2])\n"]}],
    }  # fmt: skip
    loader = 'import numpy as np\n\n\ndef read(path):\n    with open(path, encoding="utf-8") as fh:\n        return np.array(fh.read().split(), dtype=float)\n'
    result = audit_committed(
        tmp_path, {"demo.ipynb": json.dumps(book), "train.py": NUMPY_MAIN + "\n" + loader}
    )
    et411 = [f for f in result.findings if f.rule_id == "ET411"]
    assert et411 and "2.7" in et411[0].recommendation


def test_org_comments_and_quote_blocks_are_no_sections(tmp_path):
    """In a README.org, `# notes` and `#+BEGIN_QUOTE` lines are neither headings nor text: only the `*`
    headings count as sections."""
    readme = "* Tool\n# internal note\n#+BEGIN_QUOTE\nA quote.\n#+END_QUOTE\n** Usage\n#+BEGIN_SRC sh\npython main.py\n#+END_SRC\n"
    result = audit_committed(tmp_path, {"README.org": readme, "main.py": NUMPY_MAIN})
    assert "2 sections" in " ".join(dimension(result, "documentation").reasons)


def test_benchmark_named_in_a_cited_papers_title_is_no_data_source(tmp_path):
    """`* [A. Wang et al. - GLUE: A Multi-Task Benchmark ...](https://arxiv.org/abs/...)` under Related work
    cites a paper; the project's data source is not GLUE."""
    readme = (
        "# Encoder\n\nRun `python main.py`.\n\n## Related work\n\n"
        "* [A. Wang, A. Singh - GLUE: A Multi-Task Benchmark and Analysis Platform\n"
        "for Natural Language Understanding](https://arxiv.org/abs/1804.07461)\n"
    )
    result = audit_committed(tmp_path, {"README.md": readme, "main.py": NUMPY_MAIN})
    assert "GLUE" not in " ".join(dimension(result, "data_versioning").reasons)


def test_checkpoints_without_a_selection_say_so(tmp_path):
    """Lightning's default checkpointing monitors nothing: ET310's PASS says no best-model selection was
    found rather than letting its title claim one."""
    from tests.test_fresh77_families import LIT_MNIST

    result = audit_committed(tmp_path, {"project/lit_mnist.py": LIT_MNIST})
    et310 = [f for f in result.findings if f.rule_id == "ET310"]
    assert et310 and "no best-model selection" in et310[0].message


def test_dataset_metadata_named_eval_is_no_result_log(tmp_path):
    """A dataset generator writing `deepnets1m_eval_meta.json` into its data directory writes the
    evaluation split's metadata, not a run's results: no custom result logging."""
    gen = (
        "import json\nimport sys\nfrom os.path import join\n\n\ndef merge_eval(data_dir):\n    meta = {'val': [1, 2]}\n"
        "    with open(join(data_dir, 'nets_eval_meta.json'), 'w') as f:\n        json.dump(meta, f)\n\n\n"
        "if __name__ == '__main__':\n    merge_eval(sys.argv[1])\n"
    )
    result = audit_committed(tmp_path, {"experiments/net_generator.py": gen, "main.py": NUMPY_MAIN})
    assert not [d for d in result.ctx.detections if d.tool == "custom_logging" and d.present]
