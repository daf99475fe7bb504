"""A library that downloads its released weights from URLs written in its code (whisper's `_MODELS`
table of `.pt` files) publishes pre-trained models, and the checklist cites the table's line.
Synthetic."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import write_repo

INIT = """
import hashlib
import urllib.request

_MODELS = {
    "tiny": "https://example-cdn.net/models/65147644a518d12f04e32d6f3b26facc3f8dd46e5390956a9424a650c0ce22b9/tiny.pt",
    "base": "https://example-cdn.net/models/ed3a0b6b1c0edf879ad9b11b1af5a0e6ab5db9205f891f668f8b0e6c6326e34e/base.pt",
}


def load_model(name):
    url = _MODELS[name]
    data = urllib.request.urlopen(url).read()
    assert hashlib.sha256(data).hexdigest() == url.split("/")[-2]
    return data
"""


def test_weight_urls_in_code_are_released_models(tmp_path):
    write_repo(tmp_path, {"asr/__init__.py": INIT, "README.md": "# asr\n"})
    result = run_audit(tmp_path)
    from experiment_tracking.scoring import released_weights

    e = released_weights(result.ctx)
    assert e is not None and e.path == "asr/__init__.py" and e.line == 4, e
