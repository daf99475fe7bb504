"""Generate large synthetic MLflow stores in the layout mlflow writes (no mlflow needed).

python benchmarks/gen_stores.py files DIR 10000    # DIR/mlruns, a file store
python benchmarks/gen_stores.py sqlite DIR 100000  # DIR/mlflow.db, a SQL store
"""

from __future__ import annotations

import os
import sqlite3
import sys
import uuid

EXPERIMENTS = 20
COMMIT = "0123456789abcdef0123456789abcdef01234567"


def gen_files(root: str, n_runs: int) -> None:
    mlruns = os.path.join(root, "mlruns")
    for e in range(EXPERIMENTS):
        exp = os.path.join(mlruns, str(e + 1))
        os.makedirs(os.path.join(exp, "datasets", f"ds{e:030d}"), exist_ok=True)
        with open(os.path.join(exp, "meta.yaml"), "w") as fh:
            fh.write(
                f"artifact_location: file:///x/mlruns/{e + 1}\ncreation_time: 1700000000000\n"
                f"experiment_id: '{e + 1}'\nlast_update_time: 1700000000000\n"
                f"lifecycle_stage: active\nname: exp-{e}\n"
            )
        with open(os.path.join(exp, "datasets", f"ds{e:030d}", "meta.yaml"), "w") as fh:
            fh.write(f"digest: d{e:07d}\nname: train\nsource: data.csv\nsource_type: local\n")
    for i in range(n_runs):
        e = i % EXPERIMENTS + 1
        rid = uuid.UUID(int=i).hex
        run = os.path.join(mlruns, str(e), rid)
        for sub in ("params", "metrics", "tags", "artifacts"):
            os.makedirs(os.path.join(run, sub))
        status = (3, 3, 3, 4, 5, 1)[i % 6]
        end = "null" if status == 1 else str(1700000001000 + i)
        with open(os.path.join(run, "meta.yaml"), "w") as fh:
            fh.write(
                f"artifact_uri: file:///x/mlruns/{e}/{rid}/artifacts\nend_time: {end}\n"
                f"entry_point_name: ''\nexperiment_id: '{e}'\nlifecycle_stage: active\n"
                f"run_id: {rid}\nrun_name: run-{i}\nsource_name: ''\nsource_type: 4\n"
                f"source_version: ''\nstart_time: {1700000000000 + i}\nstatus: {status}\n"
                "tags: []\nuser_id: bench\n"
            )
        for p in ("lr", "batch_size", "epochs", "seed" if i % 2 else "dropout"):
            with open(os.path.join(run, "params", p), "w") as fh:
                fh.write(str(i % 97))
        for m in ("loss", "acc", "f1"):
            with open(os.path.join(run, "metrics", m), "w") as fh:
                fh.write("".join(f"{1700000000000 + s} {1 / (s + 1)} {s}\n" for s in range(10)))
        tags = {"mlflow.runName": f"run-{i}", "mlflow.user": "bench", "mlflow.source.name": "train.py"}
        if i % 3:
            tags["mlflow.source.git.commit"] = COMMIT
        for k, v in tags.items():
            with open(os.path.join(run, "tags", k), "w") as fh:
                fh.write(v)
        if i % 4 == 0:
            inp = os.path.join(run, "inputs", f"in{i:030d}")
            os.makedirs(inp)
            with open(os.path.join(inp, "meta.yaml"), "w") as fh:
                fh.write(
                    f"destination_id: {rid}\ndestination_type: RUN\nsource_id: ds{e - 1:030d}\nsource_type: DATASET\n"
                )


SCHEMA = """
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
CREATE TABLE experiments (experiment_id INTEGER PRIMARY KEY, name VARCHAR(256) NOT NULL UNIQUE,
  artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32), creation_time BIGINT, last_update_time BIGINT);
CREATE TABLE runs (run_uuid VARCHAR(32) PRIMARY KEY, name VARCHAR(250), source_type VARCHAR(20),
  source_name VARCHAR(500), entry_point_name VARCHAR(50), user_id VARCHAR(256), status VARCHAR(9),
  start_time BIGINT, end_time BIGINT, source_version VARCHAR(50), lifecycle_stage VARCHAR(20),
  artifact_uri VARCHAR(200), experiment_id INTEGER, deleted_time BIGINT);
CREATE TABLE params ("key" VARCHAR(250) NOT NULL, value VARCHAR(8000) NOT NULL, run_uuid VARCHAR(32) NOT NULL,
  PRIMARY KEY ("key", run_uuid));
CREATE TABLE tags ("key" VARCHAR(250) NOT NULL, value VARCHAR(8000), run_uuid VARCHAR(32) NOT NULL,
  PRIMARY KEY ("key", run_uuid));
CREATE TABLE latest_metrics ("key" VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT,
  step BIGINT NOT NULL, is_nan BOOLEAN NOT NULL, run_uuid VARCHAR(32) NOT NULL, PRIMARY KEY ("key", run_uuid));
CREATE TABLE datasets (dataset_uuid VARCHAR(36) NOT NULL, experiment_id INTEGER NOT NULL, name VARCHAR(500) NOT NULL,
  digest VARCHAR(36) NOT NULL, dataset_source_type VARCHAR(36) NOT NULL, dataset_source TEXT NOT NULL,
  dataset_schema TEXT, dataset_profile TEXT, PRIMARY KEY (experiment_id, name, digest));
CREATE TABLE inputs (input_uuid VARCHAR(36) NOT NULL, source_type VARCHAR(36) NOT NULL, source_id VARCHAR(36) NOT NULL,
  destination_type VARCHAR(36) NOT NULL, destination_id VARCHAR(36) NOT NULL,
  PRIMARY KEY (source_type, source_id, destination_type, destination_id));
"""


def gen_sqlite(root: str, n_runs: int) -> None:
    path = os.path.join(root, "mlflow.db")
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    conn.execute("INSERT INTO alembic_version VALUES ('bench')")
    conn.executemany(
        "INSERT INTO experiments VALUES (?, ?, ?, 'active', 0, 0)",
        [(e, f"exp-{e}", f"mlruns/{e}") for e in range(EXPERIMENTS)],
    )
    statuses = ("FINISHED", "FINISHED", "FINISHED", "FAILED", "KILLED", "RUNNING")
    rids = [uuid.UUID(int=i).hex for i in range(n_runs)]
    conn.executemany(
        "INSERT INTO runs VALUES (?, ?, 'LOCAL', 'train.py', '', 'bench', ?, ?, ?, '', 'active', '', ?, NULL)",
        [
            (
                rid,
                f"run-{i}",
                statuses[i % 6],
                1700000000000 + i,
                None if i % 6 == 5 else 1700000001000 + i,
                i % EXPERIMENTS,
            )
            for i, rid in enumerate(rids)
        ],
    )
    conn.executemany(
        "INSERT INTO params VALUES (?, ?, ?)",
        [
            (k, str(i % 97), rid)
            for i, rid in enumerate(rids)
            for k in ("lr", "batch_size", "epochs", "seed" if i % 2 else "dropout")
        ],
    )
    conn.executemany(
        "INSERT INTO tags VALUES (?, ?, ?)",
        [
            (k, v, rid)
            for i, rid in enumerate(rids)
            for k, v in (("mlflow.runName", f"run-{i}"), ("mlflow.user", "bench"))
        ]
        + [("mlflow.source.git.commit", COMMIT, rid) for i, rid in enumerate(rids) if i % 3],
    )
    conn.executemany(
        "INSERT INTO latest_metrics VALUES (?, 0.5, 0, 9, 0, ?)",
        [(k, rid) for rid in rids for k in ("loss", "acc", "f1")],
    )
    conn.executemany(
        "INSERT INTO datasets VALUES (?, ?, 'train', ?, 'local', 'data.csv', NULL, NULL)",
        [(f"ds{e}", e, f"d{e:07d}") for e in range(EXPERIMENTS)],
    )
    conn.executemany(
        "INSERT INTO inputs VALUES (?, 'DATASET', ?, 'RUN', ?)",
        [(f"in{i}", f"ds{i % EXPERIMENTS}", rid) for i, rid in enumerate(rids) if i % 4 == 0],
    )
    conn.commit()
    conn.close()


if __name__ == "__main__":
    kind, root, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    os.makedirs(root, exist_ok=True)
    (gen_files if kind == "files" else gen_sqlite)(root, n)
