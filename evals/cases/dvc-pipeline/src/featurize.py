"""TF-IDF features for the prepared split."""

import pickle
import sys
from pathlib import Path

import pandas as pd
import scipy.sparse as sp
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer


def main(in_dir: Path, out_dir: Path) -> None:
    p = yaml.safe_load(open("params.yaml"))["featurize"]
    train = pd.read_parquet(in_dir / "train.parquet")
    test = pd.read_parquet(in_dir / "test.parquet")

    vec = TfidfVectorizer(
        max_features=p["max_features"],
        ngram_range=tuple(p["ngram_range"]),
        sublinear_tf=p["sublinear_tf"],
        strip_accents="unicode",
    )
    X_train = vec.fit_transform(train.text)
    X_test = vec.transform(test.text)

    out_dir.mkdir(parents=True, exist_ok=True)
    sp.save_npz(out_dir / "train.npz", X_train)
    sp.save_npz(out_dir / "test.npz", X_test)
    pd.DataFrame({"train": [len(train)], "test": [len(test)]}).to_csv(out_dir / "sizes.csv", index=False)
    with open(out_dir / "labels.pkl", "wb") as fh:
        pickle.dump({"train": train.label.to_numpy(), "test": test.label.to_numpy()}, fh)
    with open(out_dir / "vectorizer.pkl", "wb") as fh:
        pickle.dump(vec, fh)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
