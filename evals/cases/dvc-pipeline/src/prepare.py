"""Clean raw reviews and write a reproducible train/test split."""

import sys
from pathlib import Path

import pandas as pd
import yaml
from sklearn.model_selection import train_test_split


def main(raw_dir: Path, out_dir: Path) -> None:
    params = yaml.safe_load(open("params.yaml"))
    p = params["prepare"]

    frames = [pd.read_csv(f) for f in sorted(raw_dir.glob("*.csv"))]
    df = pd.concat(frames, ignore_index=True)
    df = df.dropna(subset=["text", "rating"])
    df = df[df.text.str.len() >= p["min_review_chars"]]
    df = df.drop_duplicates(subset=["review_id"]).sort_values("review_id")
    df["label"] = (df.rating >= 4).astype(int)

    train, test = train_test_split(
        df[["review_id", "text", "label"]],
        test_size=p["split"],
        random_state=params["seed"],
        stratify=df.label,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    train.to_parquet(out_dir / "train.parquet", index=False)
    test.to_parquet(out_dir / "test.parquet", index=False)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.stderr.write("usage: python src/prepare.py RAW_DIR OUT_DIR\n")
        sys.exit(1)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
