"""A placeholder that starts with CHANGEME (`secret="CHANGEME123"` for a local MinIO test container) is
no credential: ET204 does not ask to rotate it."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

CODE = """import s3fs

fs = s3fs.S3FileSystem(
    key="ROOTNAME",
    secret="{value}",
    client_kwargs={{"endpoint_url": "http://localhost:9000"}},
)
print(fs.ls("/"))
"""


def _et204(tmp_path, value):
    result = run_audit(write_repo(tmp_path, {"remote_data.py": CODE.format(value=value)}))
    return next((f for f in result.findings if f.rule_id == "ET204"), None)


def test_a_changeme_placeholder_is_no_credential(tmp_path):
    f = _et204(tmp_path, "CHANGEME123")
    assert f is None or f.status != "FAIL", f.message


def test_a_random_looking_secret_is(tmp_path):
    f = _et204(tmp_path, "q8Zr2LmX0vT7pKc4Wn9Y")
    assert f is not None and f.status == "FAIL"
