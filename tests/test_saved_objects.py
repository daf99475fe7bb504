"""What a generic serialiser writes is decided by the object, not the file suffix: `.pt`/`.pth`
holds any tensor or dict, so metrics and data saved with torch.save are not model saves."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from experiment_tracking.rules.phase3_results import model_saves
from tests.rules.repo_helpers import write_repo

TRAIN = """
import argparse, os
import torch

p = argparse.ArgumentParser()
p.add_argument("--id", default="default")
args = p.parse_args()
results_dir = os.path.join("results", args.id)
os.makedirs(results_dir, exist_ok=True)
model = torch.nn.Linear(2, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
metrics = {"steps": [], "rewards": [], "best_avg_reward": -1e9}
for step in range(100):
    loss = model(torch.zeros(2)).sum()
    loss.backward()
    opt.step()
    metrics["steps"].append(step)
    metrics["rewards"].append(float(loss))
    torch.save(metrics, os.path.join(results_dir, "metrics.pth"))
torch.save(model.state_dict(), os.path.join(results_dir, "model.pth"))
"""

PREPARE = """
import sys
import torch

def get_mel(audio):
    return audio

def main(out_dir, files):
    for f in files:
        melspectrogram = get_mel(torch.load(f))
        torch.save(melspectrogram, out_dir + "/" + f + ".pt")
    train_set = [torch.zeros(3) for _ in files]
    torch.save(train_set, out_dir + "/train.pt")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
"""


def test_metrics_and_data_saved_as_pt_files_are_not_model_saves(tmp_path):
    write_repo(tmp_path, {"train.py": TRAIN, "prepare.py": PREPARE})
    result = run_audit(tmp_path)
    saved = {(m.path, c.line) for m, c in model_saves(result.ctx)}
    assert ("train.py", 19) in saved  # the state_dict
    assert ("train.py", 18) not in saved  # the metrics dict
    assert not any(path == "prepare.py" for path, _ in saved)  # a mel spectrogram, a dataset split
    rec = result.ctx.records
    assert any(p.evidence.line == 18 and p.evidence.path == "train.py" for p in rec.metrics)
    assert not any(p.evidence.path == "prepare.py" for p in (*rec.checkpoints, *rec.metrics))
