"""Published rules for what we ship to agents: SKILL.md frontmatter and the plugin manifests.

- ``check_skill(text, folder=None)``: the Agent Skills specification (agentskills.io) —
  only the keys ``name``, ``description``, ``license``, ``compatibility``, ``metadata``,
  ``allowed-tools``; ``name`` 1-64 chars of ``a-z0-9-`` without leading/trailing/double hyphens
  and equal to the folder; ``description`` 1-1024 chars; ``compatibility`` 1-500 chars;
  ``metadata`` a string-to-string map; ``allowed-tools`` a space-delimited string or a list of
  strings — plus Claude Code's own constraint that ``description`` contains no ``<`` or ``>``,
  and the 500-line guideline for the file.
  Claude-Code-only keys (``argument-hint``, ``disable-model-invocation``, ``model`` …) are
  reported: strict validators such as ``skills-ref validate`` reject unknown keys.
- ``check_links(skill_md_path)``: every relative link in the body resolves.
- ``check_plugin_manifest(data)`` / ``check_marketplace(data, root)``: Claude Code's
  ``.claude-plugin/plugin.json`` and ``marketplace.json`` field rules.

Each returns a list of problems (strings); empty means valid.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

PORTABLE_KEYS = ("name", "description", "license", "compatibility", "metadata", "allowed-tools")
CLAUDE_CODE_ONLY_KEYS = (
    "argument-hint",
    "disable-model-invocation",
    "user-invocable",
    "model",
    "effort",
    "context",
    "agent",
    "hooks",
    "paths",
    "shell",
    "when_to_use",
    "arguments",
)
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TOOL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*(?:\([^()\s]+(?: [^()\s]+)*\))?$")
SEMVER_RE = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
RESERVED_MARKETPLACE_NAMES = frozenset(
    {
        "claude-code-marketplace",
        "claude-code-plugins",
        "claude-plugins-official",
        "anthropic-marketplace",
        "anthropic-plugins",
        "agent-skills",
        "anthropic-agent-skills",
        "life-sciences",
        "knowledge-work-plugins",
    }
)
MAX_LINES = 500


class FrontmatterError(ValueError):
    pass


def split_frontmatter(text: str) -> tuple[dict[str, Any], str]:
    """(frontmatter mapping, body). Raises FrontmatterError when absent or not a YAML mapping."""
    text = text.lstrip("\ufeff")
    if not text.startswith("---"):
        raise FrontmatterError("SKILL.md must start with a '---' YAML frontmatter block")
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise FrontmatterError("the first line must be exactly '---'")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise FrontmatterError("the frontmatter block is not closed by '---'") from None
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        raise FrontmatterError(f"frontmatter is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise FrontmatterError("frontmatter must be a YAML mapping")
    return data, "\n".join(lines[end + 1 :])


def _check_name(name: Any, folder: str | None) -> list[str]:
    if not isinstance(name, str) or not name:
        return ["'name' must be a non-empty string"]
    out = []
    if len(name) > 64:
        out.append(f"'name' is {len(name)} characters (max 64)")
    if not NAME_RE.match(name):
        out.append(
            f"'name' {name!r} must be lowercase letters, digits and single hyphens, "
            "not starting or ending with a hyphen"
        )
    if folder is not None and folder != name:
        out.append(f"'name' {name!r} must match its folder {folder!r}")
    return out


def check_frontmatter(data: dict[str, Any], folder: str | None = None) -> list[str]:
    problems: list[str] = []
    unknown = [k for k in data if k not in PORTABLE_KEYS]
    for k in unknown:
        kind = "Claude-Code-only" if k in CLAUDE_CODE_ONLY_KEYS else "unknown"
        problems.append(f"{kind} key {k!r} is not allowed by the Agent Skills specification")
    if "name" not in data:
        problems.append("missing required key 'name'")
    else:
        problems += _check_name(data["name"], folder)
    desc = data.get("description")
    if "description" not in data:
        problems.append("missing required key 'description'")
    elif not isinstance(desc, str) or not desc.strip():
        problems.append("'description' must be a non-empty string")
    else:
        if len(desc) > 1024:
            problems.append(f"'description' is {len(desc)} characters (max 1024)")
        if "<" in desc or ">" in desc:
            problems.append("'description' must not contain '<' or '>'")
    if "license" in data and (not isinstance(data["license"], str) or not data["license"].strip()):
        problems.append("'license' must be a non-empty string")
    if "compatibility" in data:
        comp = data["compatibility"]
        if not isinstance(comp, str) or not comp.strip():
            problems.append("'compatibility' must be a non-empty string")
        elif len(comp) > 500:
            problems.append(f"'compatibility' is {len(comp)} characters (max 500)")
    if "metadata" in data:
        meta = data["metadata"]
        if not isinstance(meta, dict):
            problems.append("'metadata' must be a mapping")
        else:
            for k, v in meta.items():
                if not isinstance(k, str) or not isinstance(v, str):
                    problems.append(f"'metadata' entry {k!r}: keys and values must be strings")
    if "allowed-tools" in data:
        tools = data["allowed-tools"]
        if isinstance(tools, str):
            items = tools.split()
        elif isinstance(tools, list) and all(isinstance(t, str) for t in tools):
            items = tools
        else:
            items = None
            problems.append("'allowed-tools' must be a space-delimited string or a list of strings")
        for t in items or []:
            if not TOOL_RE.match(t.strip()):
                problems.append(f"'allowed-tools' entry {t!r} is not a tool name or Tool(rule)")
    return problems


def check_skill(text: str, folder: str | None = None) -> list[str]:
    """Problems of a SKILL.md text (frontmatter rules and the 500-line guideline)."""
    try:
        data, _ = split_frontmatter(text)
    except FrontmatterError as exc:
        return [str(exc)]
    problems = check_frontmatter(data, folder)
    n = len(text.splitlines())
    if n >= MAX_LINES:
        problems.append(f"SKILL.md has {n} lines (keep it under {MAX_LINES})")
    return problems


_LINK_RE = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def relative_links(text: str) -> list[str]:
    """Relative link targets in Markdown text (no URLs, anchors or absolute paths)."""
    out = []
    for target in _LINK_RE.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith(("#", "/")):
            continue
        out.append(target.split("#", 1)[0])
    return [t for t in out if t]


def check_links(path: str | Path) -> list[str]:
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    return [
        f"{path.name}: link {t!r} does not resolve"
        for t in relative_links(text)
        if not (path.parent / t).exists()
    ]


# --------------------------------------------------------------------------------------------
# Claude Code plugin manifests
# --------------------------------------------------------------------------------------------


def _check_author(value: Any, where: str) -> list[str]:
    if isinstance(value, dict):
        if not isinstance(value.get("name"), str) or not value["name"].strip():
            return [f"{where}.name is required"]
        bad = [k for k in value if k not in ("name", "email", "url")]
        return [f"{where} has unknown key {k!r}" for k in bad]
    return [f"{where} must be an object with a name"]


def check_plugin_manifest(data: Any) -> list[str]:
    if not isinstance(data, dict):
        return ["plugin.json must be a JSON object"]
    out = []
    name = data.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name):
        out.append("plugin 'name' is required and must be kebab-case")
    if "version" in data and not (isinstance(data["version"], str) and SEMVER_RE.match(data["version"])):
        out.append("plugin 'version' must be a semantic version (MAJOR.MINOR.PATCH)")
    for key in ("description", "homepage", "repository", "license"):
        if key in data and not (isinstance(data[key], str) and data[key].strip()):
            out.append(f"plugin '{key}' must be a non-empty string")
    for key in ("homepage", "repository"):
        if isinstance(data.get(key), str) and not re.match(r"^https?://", data[key]):
            out.append(f"plugin '{key}' must be a URL")
    if "author" in data:
        out += _check_author(data["author"], "plugin 'author'")
    if "keywords" in data and not (
        isinstance(data["keywords"], list) and all(isinstance(k, str) for k in data["keywords"])
    ):
        out.append("plugin 'keywords' must be a list of strings")
    for key in ("skills", "commands", "agents"):
        v = data.get(key)
        if v is None:
            continue
        paths = [v] if isinstance(v, str) else v
        if not (isinstance(paths, list) and all(isinstance(p, str) for p in paths)):
            out.append(f"plugin '{key}' must be a path or a list of paths")
        elif any(not p.startswith("./") for p in paths):
            out.append(f"plugin '{key}' paths must be relative and start with './'")
    return out


def check_marketplace(data: Any, root: str | Path | None = None) -> list[str]:
    """Field rules of ``.claude-plugin/marketplace.json``; with ``root`` (the directory holding
    ``.claude-plugin/``) relative plugin sources must exist and carry a matching plugin.json."""
    if not isinstance(data, dict):
        return ["marketplace.json must be a JSON object"]
    out = []
    name = data.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name):
        out.append("marketplace 'name' is required and must be kebab-case")
    elif name in RESERVED_MARKETPLACE_NAMES:
        out.append(f"marketplace name {name!r} is reserved")
    out += _check_author(data.get("owner"), "marketplace 'owner'")
    plugins = data.get("plugins")
    if not isinstance(plugins, list) or not plugins:
        return [*out, "marketplace 'plugins' must be a non-empty list"]
    seen = set()
    for i, p in enumerate(plugins):
        where = f"plugins[{i}]"
        if not isinstance(p, dict):
            out.append(f"{where} must be an object")
            continue
        pname = p.get("name")
        if not isinstance(pname, str) or not NAME_RE.match(pname):
            out.append(f"{where}.name is required and must be kebab-case")
        elif pname in seen:
            out.append(f"{where}.name {pname!r} is duplicated")
        seen.add(pname)
        src = p.get("source")
        if isinstance(src, str):
            if not src.startswith("./") or ".." in Path(src).parts:
                out.append(f"{where}.source must be a relative path starting with './'")
            elif root is not None:
                plugin_root = Path(root) / src
                manifest = plugin_root / ".claude-plugin" / "plugin.json"
                if not plugin_root.is_dir():
                    out.append(f"{where}.source {src!r} does not exist")
                elif manifest.is_file():
                    import json

                    try:
                        pj = json.loads(manifest.read_text(encoding="utf-8"))
                    except ValueError:
                        out.append(f"{where}: {manifest} is not valid JSON")
                    else:
                        if isinstance(pj, dict) and pj.get("name") != pname:
                            out.append(f"{where}.name {pname!r} differs from plugin.json's name")
        elif isinstance(src, dict):
            if src.get("source") not in ("github", "url", "git-subdir", "npm", "pip"):
                out.append(f"{where}.source.source must name a source type")
        else:
            out.append(f"{where}.source is required")
        if "version" in p and not (isinstance(p["version"], str) and SEMVER_RE.match(p["version"])):
            out.append(f"{where}.version must be a semantic version")
        if "author" in p:
            out += _check_author(p["author"], f"{where}.author")
    return out
