from __future__ import annotations

import os
from pathlib import Path

import neptune
import numpy as np
import torch
import yaml
from datasets import load_dataset
from sklearn.metrics import f1_score
from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

HERE = Path(__file__).parent
SHARED = HERE.parents[3] / "configs"


def main() -> None:
    cfg = yaml.safe_load((HERE / "config.yaml").read_text())
    seed = yaml.safe_load((SHARED / "seeds.yaml").read_text())["global_seed"]
    paths = yaml.safe_load((SHARED / "paths.yaml").read_text())
    torch.manual_seed(seed)
    np.random.seed(seed)

    run = neptune.init_run(
        project="acme-search/intent",
        api_token=os.environ["NEPTUNE_API_TOKEN"],
        tags=["distilbert", paths["snapshots"]["queries"]],
        source_files=["src/intent/*.py", "src/intent/config.yaml"],
    )
    run["parameters"] = {**cfg, "seed": seed}
    run["data/snapshot"] = paths["snapshots"]["queries"]

    ds = load_dataset("parquet", data_files={
        "train": f"{paths['data_root']}/{paths['snapshots']['queries']}/intent_train.parquet",
        "test": f"{paths['data_root']}/{paths['snapshots']['queries']}/intent_test.parquet",
    })
    tok = AutoTokenizer.from_pretrained(cfg["model_name"])
    ds = ds.map(lambda b: tok(b["query"], truncation=True, max_length=cfg["max_length"], padding="max_length"), batched=True)
    ds.set_format("torch", columns=["input_ids", "attention_mask", "label"])

    model = AutoModelForSequenceClassification.from_pretrained(cfg["model_name"], num_labels=len(cfg["labels"]))
    loader = torch.utils.data.DataLoader(ds["train"], batch_size=cfg["batch_size"], shuffle=True)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg["lr"])
    total = len(loader) * cfg["epochs"]
    sched = get_linear_schedule_with_warmup(opt, int(cfg["warmup_ratio"] * total), total)

    for epoch in range(cfg["epochs"]):
        model.train()
        for batch in loader:
            out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=batch["label"])
            out.loss.backward()
            opt.step()
            sched.step()
            opt.zero_grad()
            run["train/loss"].append(out.loss.item())
            run["train/lr"].append(sched.get_last_lr()[0])
        model.eval()
        preds, gold = [], []
        with torch.no_grad():
            for batch in torch.utils.data.DataLoader(ds["test"], batch_size=256):
                logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
                preds.extend(logits.argmax(-1).tolist())
                gold.extend(batch["label"].tolist())
        run["eval/macro_f1"].append(f1_score(gold, preds, average="macro"), step=epoch)

    model.save_pretrained("artifacts/intent-model")
    run["model/weights"].upload_files("artifacts/intent-model/*")
    run.stop()


if __name__ == "__main__":
    main()
