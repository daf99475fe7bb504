"""Credentials recorded by runs (MLflow params/tags, W&B configs) are reported by location only."""

from __future__ import annotations

import json
import subprocess
import sys

AWS_SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY1"
DB_PASSWORD = "S3cretPassw0rdEXAMPLE"
WANDB_KEY = "0123456789abcdef0123456789abcdef01234567"


def test_secrets_in_run_stores_are_located_and_never_printed(tmp_path):
    run = tmp_path / "mlruns" / "1" / "abc"
    (run / "params").mkdir(parents=True)
    (run / "tags").mkdir()
    (run / "meta.yaml").write_text("run_id: abc\nstatus: 3\n")
    (run / "params" / "aws_secret_access_key").write_text(AWS_SECRET)
    (run / "params" / "lr").write_text("0.1")
    (run / "tags" / "db_uri").write_text(f"postgresql://ml:{DB_PASSWORD}@db.internal/mlflow")
    files = tmp_path / "wandb" / "run-20240101_000000-x1" / "files"
    files.mkdir(parents=True)
    (files / "config.yaml").write_text(f"lr:\n  value: 0.1\nWANDB_API_KEY:\n  value: '{WANDB_KEY}'\n")
    (tmp_path / "train.py").write_text("import mlflow\nmlflow.log_param('lr', 0.1)\n")

    outputs = {}
    for fmt in ("markdown", "json", "sarif"):
        proc = subprocess.run(
            [sys.executable, "-m", "experiment_tracking", "audit", str(tmp_path), "--format", fmt, "-o", "-"],
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0, proc.stderr
        outputs[fmt] = proc.stdout + proc.stderr
    for text in outputs.values():
        for secret in (AWS_SECRET, DB_PASSWORD, WANDB_KEY):
            assert secret not in text
    finding = next(f for f in json.loads(outputs["json"])["findings"] if f["rule_id"] == "ET204")
    assert finding["status"] == "FAIL"
    where = {(e["path"], e["line"]) for e in finding["evidence"]}
    assert ("mlruns/1/abc/params/aws_secret_access_key", 1) in where
    assert ("mlruns/1/abc/tags/db_uri", 1) in where
    assert any(p.endswith("files/config.yaml") for p, _ in where)
    assert not any(p.endswith("params/lr") for p, _ in where)
