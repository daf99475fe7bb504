from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import torch
import yaml
from accelerate import Accelerator
from accelerate.utils import set_seed
from torch.utils.data import DataLoader
from transformers import AutoModelForCausalLM, AutoTokenizer, DataCollatorForSeq2Seq, get_cosine_schedule_with_warmup

from sft.data import build_dataset
from sft.metrics_log import JsonlLogger


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    args = parser.parse_args()
    cfg = yaml.safe_load(open(args.config))

    accelerator = Accelerator(gradient_accumulation_steps=cfg["gradient_accumulation_steps"], mixed_precision="bf16")
    set_seed(cfg["seed"])
    run_dir = Path("runs") / cfg["run_name"]
    logger = JsonlLogger(run_dir, enabled=accelerator.is_main_process)
    if accelerator.is_main_process:
        (run_dir / "config.json").write_text(json.dumps(cfg, indent=2))

    tokenizer = AutoTokenizer.from_pretrained(cfg["model_name"])
    tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(cfg["model_name"], torch_dtype=torch.bfloat16)
    model.gradient_checkpointing_enable()

    ds = build_dataset(cfg["dataset"], tokenizer, cfg["max_length"], cfg["seed"])
    collate = DataCollatorForSeq2Seq(tokenizer, padding=True, label_pad_token_id=-100)
    train_dl = DataLoader(ds["train"], batch_size=cfg["per_device_batch_size"], shuffle=True, collate_fn=collate)
    eval_dl = DataLoader(ds["test"], batch_size=cfg["per_device_batch_size"], collate_fn=collate)

    opt = torch.optim.AdamW(model.parameters(), lr=cfg["lr"], weight_decay=0.0)
    steps = math.ceil(len(train_dl) / cfg["gradient_accumulation_steps"]) * cfg["epochs"]
    sched = get_cosine_schedule_with_warmup(opt, int(cfg["warmup_ratio"] * steps), steps)
    model, opt, train_dl, eval_dl, sched = accelerator.prepare(model, opt, train_dl, eval_dl, sched)

    step = 0
    for epoch in range(cfg["epochs"]):
        model.train()
        for batch in train_dl:
            with accelerator.accumulate(model):
                loss = model(**batch).loss
                accelerator.backward(loss)
                opt.step()
                sched.step()
                opt.zero_grad()
            if accelerator.sync_gradients:
                step += 1
                logger.log(step, loss=accelerator.gather(loss.detach()).mean().item(), lr=sched.get_last_lr()[0], epoch=epoch)
                if step % cfg["eval_every"] == 0:
                    model.eval()
                    losses = []
                    with torch.no_grad():
                        for eb in eval_dl:
                            losses.append(accelerator.gather(model(**eb).loss.detach()))
                    logger.log(step, eval_loss=torch.cat([l.view(-1) for l in losses]).mean().item())
                    model.train()
                if step % cfg["save_every"] == 0:
                    accelerator.save_state(f"checkpoints/{cfg['run_name']}/step_{step}")

    accelerator.wait_for_everyone()
    unwrapped = accelerator.unwrap_model(model)
    unwrapped.save_pretrained(
        f"checkpoints/{cfg['run_name']}/final",
        is_main_process=accelerator.is_main_process,
        save_function=accelerator.save,
        state_dict=accelerator.get_state_dict(model),
    )


if __name__ == "__main__":
    main()
