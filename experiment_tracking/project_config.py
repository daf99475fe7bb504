"""``[tool.experiment-tracking]`` in the audited repository's pyproject.toml.

```toml
[tool.experiment-tracking]
disable = ["ET603", "ET611"]   # rule ids (or kebab-case rule names) to skip
fail-under = 18                # gate: exit 1 when the total score is below this
fail-on = "fail"               # gate: exit 1 on any FAIL ("fail") or any WARN/FAIL ("warn")
profile = "production"         # research | production: which areas are P1
```

Unknown keys and wrong types are an error (ProjectConfigError) with the key and the file named, so
a typo never silently switches a gate off. Command-line flags override the file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SECTION = "experiment-tracking"
KEYS = ("disable", "fail-under", "fail-on", "profile")
PROFILES = ("research", "production")
FAIL_ON = ("fail", "warn")


class ProjectConfigError(Exception):
    """The project configuration is invalid: one line naming the file and the key."""


@dataclass
class ProjectConfig:
    disable: list[str] = field(default_factory=list)
    fail_under: int | None = None
    fail_on: str | None = None
    profile: str | None = None
    path: str = ""

    def to_dict(self) -> dict:
        return {
            "disable": list(self.disable),
            "fail-under": self.fail_under,
            "fail-on": self.fail_on,
            "profile": self.profile,
            "path": self.path,
        }


def parse(table: dict, path: str = "pyproject.toml") -> ProjectConfig:
    where = f"{path} [tool.{SECTION}]"
    if not isinstance(table, dict):
        raise ProjectConfigError(f"{where} must be a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ProjectConfigError(
            f"{where}: unknown key(s) {', '.join(repr(k) for k in unknown)}; allowed: {', '.join(KEYS)}"
        )
    cfg = ProjectConfig(path=path)
    if "disable" in table:
        v = table["disable"]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise ProjectConfigError(f"{where}: 'disable' must be a list of rule ids, e.g. [\"ET603\"]")
        cfg.disable = [_rule_id(x, where) for x in v]
    if "fail-under" in table:
        v = table["fail-under"]
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 30:
            raise ProjectConfigError(f"{where}: 'fail-under' must be an integer from 0 to 30")
        cfg.fail_under = v
    if "fail-on" in table:
        v = table["fail-on"]
        if v not in FAIL_ON:
            raise ProjectConfigError(f"{where}: 'fail-on' must be one of {', '.join(FAIL_ON)}")
        cfg.fail_on = v
    if "profile" in table:
        v = table["profile"]
        if v not in PROFILES:
            raise ProjectConfigError(f"{where}: 'profile' must be one of {', '.join(PROFILES)}")
        cfg.profile = v
    return cfg


def _rule_id(value: str, where: str) -> str:
    from .rules.registry import all_rules

    rules = all_rules()
    for r in rules:
        if value.upper() == r.id or value.lower() == r.name:
            return r.id
    raise ProjectConfigError(f"{where}: 'disable' names an unknown rule {value!r}")


def load(root: str | os.PathLike) -> ProjectConfig | None:
    """The config of the repository at ``root``, or None when pyproject.toml has no section."""
    path = os.path.join(os.fspath(root), "pyproject.toml")
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return None
    except (OSError, tomllib.TOMLDecodeError, RecursionError, UnicodeDecodeError):
        # A broken pyproject.toml is the audited project's problem, reported by the index as a
        # parse note; it holds no usable settings, so the audit goes on with the defaults.
        return None
    table = (data.get("tool") or {}).get(SECTION)
    if table is None:
        return None
    return parse(table, "pyproject.toml")


def load_from_index(index) -> ProjectConfig | None:
    """The same configuration rebuilt from the already-parsed pyproject.toml (no file read)."""
    doc = index.configs.get("pyproject.toml")
    if doc is None or doc.error:
        return None
    prefix = f"tool.{SECTION}."
    table: dict = {}
    for key, value, _ in doc.entries:
        if not key.startswith(prefix):
            continue
        sub = key[len(prefix) :]
        if sub.endswith("[]"):
            table.setdefault(sub[:-2], []).append(value)
        elif value is not None or sub not in table:
            table.setdefault(sub, value)
    if not table and f"tool.{SECTION}" not in doc.key_set():
        return None
    try:
        return parse(table)
    except ProjectConfigError:
        return None


def apply(result, cfg: ProjectConfig | None, profile: str | None = None) -> None:
    """Drop disabled rules' findings and recompute the scorecard, summary and recommendations."""
    from .scoring import apply_profile

    disabled = set(cfg.disable) if cfg else set()
    if disabled:
        result.findings = [f for f in result.findings if f.rule_id not in disabled]
    chosen = profile or (cfg.profile if cfg else None) or "research"
    apply_profile(result, chosen)


def gate(result, fail_under: int | None, fail_on: str | None) -> list[str]:
    """Reasons the CI gate fails (empty list: the gate passes)."""
    reasons = []
    sc = result.scorecard
    if fail_under is not None and sc is not None and sc.total < fail_under:
        reasons.append(
            f"score {sc.total}/30 is below --fail-under {fail_under} (weakest: {sc.weakest_label} {sc.weakest_score}/5)"
        )
    if fail_on:
        bad = {"FAIL"} if fail_on == "fail" else {"FAIL", "WARN"}
        hits = sorted({f.rule_id for f in result.findings if f.status in bad})
        if hits:
            reasons.append(f"{len(hits)} rule(s) with {' or '.join(sorted(bad))}: {', '.join(hits[:12])}")
    return reasons
