from __future__ import annotations

from datasets import load_dataset


def build_dataset(path: str, tokenizer, max_length: int, seed: int):
    ds = load_dataset("json", data_files=path, split="train")
    ds = ds.train_test_split(test_size=0.02, seed=seed)

    def tokenize(example):
        prompt = tokenizer.apply_chat_template(example["messages"][:-1], tokenize=False, add_generation_prompt=True)
        full = prompt + example["messages"][-1]["content"] + tokenizer.eos_token
        ids = tokenizer(full, max_length=max_length, truncation=True)["input_ids"]
        n_prompt = len(tokenizer(prompt)["input_ids"])
        labels = [-100] * min(n_prompt, len(ids)) + ids[n_prompt:]
        return {"input_ids": ids, "labels": labels}

    return ds.map(tokenize, remove_columns=ds["train"].column_names)
