"""Hard-coded credentials: where they are and what kind, never what they are.

``scan_secrets`` makes one pass of one combined regular expression over a file's text (for a
notebook: over each cell's source, so a hit can be reported as ``cell N line M``). A hit keeps the
path, the line, the cell and a kind label; the matched value is dropped on the spot, so no later
stage and no output format can print it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .lines import MAX_SCAN_LINE, LineTable, is_data_line, reduce_for_scan, scan_windows


@dataclass(frozen=True, order=True)
class SecretHit:
    path: str
    line: int
    kind: str
    cell: int = 0  # 1-based notebook cell; line is then the line inside that cell

    def where(self) -> str:
        if self.cell:
            return f"{self.path} cell {self.cell} line {self.line}"
        return f"{self.path}:{self.line}"


# Most specific first: on one line only the first matching kind is kept.
_PATTERNS: tuple[tuple[str, str, str], ...] = (
    ("private_key", "private key block", r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----"),
    (
        "aws_key_id",
        "AWS access key id",
        r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b",
    ),
    (
        "aws_secret",
        "AWS secret access key",
        r"(?i:aws_?secret_?(?:access_?)?key)[\"']?\s*[:=]\s*[\"']?[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])",
    ),
    ("github_token", "GitHub token", r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})"),
    ("slack_token", "Slack token", r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    ("hf_token", "Hugging Face token", r"\bhf_[A-Za-z0-9]{30,}"),
    ("openai_key", "OpenAI-style API key", r"\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{32,}"),
    ("google_api_key", "Google API key", r"\bAIza[0-9A-Za-z_-]{35}\b"),
    (
        "wandb_key",
        "W&B API key",
        r"(?i:wandb_api_key)[\"']?\s*[:=]\s*[\"']?[0-9a-f]{40}\b|\.login\(\s*(?:key\s*=\s*)?[\"'][0-9a-f]{40}[\"']",
    ),
    (
        # raw.githubusercontent.com/...png?token=AE638Oy51...: the view token GitHub adds to a raw file's link
        # while the repository is private; it opens that one file and expires within days
        "raw_view_token",
        "expiring GitHub raw-file view token in a link",
        # (a key of a known form in the link, `?token=ghp_...`, is a credential: url_token below)
        r"\bhttps?://[\w.-]*githubusercontent\.com/[^\s\"'<>()]+[?&]token=(?!gh[pousr]_|github_pat_|hf_|sk-|xox)"
        r"[A-Za-z0-9%._\-]{16,}",
    ),
    (
        # https://api.example.com/v1/data?api_key=...: an access token in a link
        "url_token",
        "access token in a URL",
        r"\bhttps?://[^\s\"'<>()]+[?&](?:token|access_token|api_key|apikey|private_token|auth_token)="
        r"(?=[A-Za-z0-9%._\-]*\d)(?=[A-Za-z0-9%._\-]*[A-Za-z])[A-Za-z0-9%._\-]{16,}",
    ),
    (
        "url_credentials",
        "URL with embedded password",
        r"\b[a-z][a-z0-9+.\-]{1,20}://(?P<urluser>[^\s:/@\"'<>{}$]{1,64}):(?P<urlpw>[^\s@/\"'<>]{1,128})@(?P<urlhost>[\w.\-]+)",
    ),
    (
        "assigned_secret",
        "credential assigned to a variable",
        r"(?<![\w.\-])(?P<akey>(?i:[\w.\-]*?(?:api[_\-]?key|secret|token|passw(?:or)?d|pwd|access[_\-]?key|auth[_\-]?key|credential)s?[\w\-]*))"
        r"[\"']?\]?\s*(?::=|=|:)\s*(?P<q>[\"'])(?P<qval>[^\"'\s]{6,200})(?P=q)",
    ),
    (
        # Parameter("appid", default="6e5d..."), add_argument("--api-key", default="..."): a command-line
        # option whose default is the key itself
        "option_secret",
        "credential as an option's default",
        r"[\"']-{0,2}(?P<okey>(?i:[\w\-]*(?:api[_\-]?key|apikey|appid|app[_\-]key|secret|token|passw(?:or)?d|access[_\-]?key)[\w\-]*))[\"']"
        r"[^\n]{0,120}?\bdefault\s*=\s*(?P<oq>[\"'])(?P<oval>[^\"'\s]{8,200})(?P=oq)",
    ),
    (
        # `dvc remote modify gd gdrive_client_secret 'i2ge...'`, `aws configure set aws_secret_access_key ...`:
        # a command that stores a credential, given as the argument after the setting's name
        "cli_secret",
        "credential passed to a configuration command",
        r"\b(?:remote\s+modify(?:\s+--\S+)*\s+\S+|configure\s+set|config\s+set|git\s+config(?:\s+--\S+)*)\s+"
        r"(?P<ckey>[\w.\-]*(?i:secret|token|passw(?:or)?d|api[_\-]?key|access[_\-]?key)[\w.\-]*)\s+"
        r"(?P<cq>[\"']?)(?P<cval>[^\s\"'$]{8,200})(?P=cq)(?=\s*(?:$|[;&|#]))",
    ),
    (
        "env_secret",
        "credential in a settings file",
        r"(?im:^[ \t]*(?:export[ \t]+)?(?P<ukey>[\w.\-]*(?:api[_\-]?key|secret|token|passw(?:or)?d|pwd|access[_\-]?key)[\w\-]*)"
        r"[ \t]*[:=][ \t]*(?P<uval>[^\s#\"'`]{8,200})[ \t]*(?:#.*)?$)",
    ),
)

_KIND_LABEL = {name: label for name, label, _ in _PATTERNS}
_COMBINED = re.compile("|".join(f"(?P<{name}>{rx})" for name, _, rx in _PATTERNS))
_GENERIC = ("url_credentials", "assigned_secret", "option_secret", "cli_secret", "env_secret")
# Re-checks only the text of a generic match, so ``AWS_ACCESS_KEY_ID=AKIA...`` is named precisely.
_SPECIFIC = re.compile("|".join(f"(?P<{n}>{rx})" for n, _, rx in _PATTERNS if n not in _GENERIC))
# The kinds named by their own form (a GitHub or Hugging Face token, a cloud key), never a link's view token
_STRONG = re.compile(
    "|".join(
        f"(?P<{n}>{rx})"
        for n, _, rx in _PATTERNS
        if n not in _GENERIC and n not in ("raw_view_token", "url_token")
    )
)
_ENV_NAME = re.compile(r"^(?:[A-Z][A-Z_]*[A-Z]|[A-Z][A-Z0-9]*_[A-Z0-9_]*)$")  # a variable name, not a value

_PLACEHOLDER = re.compile(
    r"^(?:x+|\*+|\.+|-+|<.*>|\$.*|\{\{.*\}\}|%\(.*|none|null|true|false|(?:changeme|change_me|replaceme|replace_me)\w*|"
    r"password|secret|token|example|dummy|redacted|placeholder|your[_\-].*|.*_here|.*\(.*|.*\[.*|"
    r"os\.environ.*|env\..*|self\..*|cfg\..*|config\..*|args\..*|settings\..*)$",
    re.IGNORECASE,
)
# Suffixes of files where a bare ``KEY=value`` line is a setting (not Python code).
_SETTINGS_LIKE = (".env", ".ini", ".cfg", ".conf", ".yaml", ".yml", ".toml", ".properties", ".sh", ".bash")


# Lower-case words joined by _ or - (each word at most 12 letters or digits): a name, not random.
_IDENTIFIER_WORDS = re.compile(r"^[a-z][a-z0-9]{0,11}(?:[_-][a-z0-9]{1,12}){1,8}$")


# Capital words joined by _ or - (at least three): a marker or a constant's spelled-out value
_CAPITAL_WORDS = re.compile(r"^[A-Z][A-Z0-9]{0,11}(?:[_-][A-Z0-9]{1,12}){2,8}$")


# ... and such names joined by slashes: a path of words ('dataset/import/s3_access_key'), never random
_PATH_OF_WORDS = re.compile(
    r"^[a-z][a-z0-9]{0,15}(?:[_-][a-z0-9]{1,15}){0,8}(?:/[a-z][a-z0-9]{0,15}(?:[_-][a-z0-9]{1,15}){0,8}){1,8}$"
)


# A data type ('ndarray:int32', 'float16') or a measurement with its unit ('3.42ms/tok', '12.5GB').
_TYPE_OR_MEASURE = re.compile(
    r"^(?:\w+:)?(?:u?int|float|bfloat|complex|bool|str|bytes)\d*$|^\d+(?:\.\d+)?\s*(?:ms|us|ns|s|%|[kmgt]i?b)(?:/\w+)?$",
    re.IGNORECASE,
)
# A password is often short ('Azure1'); other credentials (keys, tokens) are long and random.
_PASSWORD_NAME = re.compile(r"passw|pwd", re.IGNORECASE)
# OPENAI_API_KEY=openai_api_key: an environment variable mapped to a secret's name in a vault
# (gantry/Beaker env-secret, Kubernetes secretKeyRef): a reference, not a value.
_SECRET_MAPPING = re.compile(r"^[A-Z][A-Z0-9_]*=[\w.\-/:]+$")
_RUNS = ("01234567890123456789", "98765432109876543210", "abcdefghijklmnopqrstuvwxyz")


# A value typed to look like one in an example or a test: the credential's own kind spelled out with a
# word or a few digits ('token123', 'pass123', 'StrongPassword', 'my_secret_1', 'vendorAI-api-key').
_SELF_NAMED = re.compile(
    # a long spelled-out prefix only with a separator before the kind ('huggingface-access-token'), so a
    # long passphrase ('summerholidaypassword2023') is not taken for a placeholder
    r"^(?:[a-z_\-]{0,12}|[a-z_\-]{0,24}[_\-])(?:passw(?:or)?d|pass|pwd|secret|token|api[_-]?key|key)[a-z_\-]{0,12}\d{0,4}$",
    re.IGNORECASE,
)
# A dotted name ('torch.LongTensor' after `token_lengths:` in a signature): a type or a reference.
_DOTTED_NAME = re.compile(r"^[A-Za-z_]\w{0,30}(?:\.[A-Za-z_]\w{0,30})+$")
# tiktoken = ">=0.9.0,<0.10" in pixi.toml: a package (named *token*) and its version range
_VERSION_SPEC = re.compile(
    r"^(?:[<>=!~^]=?|==)\s*v?\d+(?:\.[\d*]+)*(?:\s*,\s*[<>=!~]=?\s*v?\d+(?:\.[\d*]+)*)*$"
)
# detect-secrets' and gitleaks' inline markers: the author has checked this line and allows it.
_ALLOWED = re.compile(r"pragma:\s*allowlist\s+secret|gitleaks:allow", re.IGNORECASE)
# Hosts of examples and local development: a password in a URL to them is a sample.
_SAMPLE_HOST = re.compile(r"^(localhost|127\.0\.0\.1|0\.0\.0\.0|host|hostname|example\.(com|org|net))$", re.I)


# Runs of mask characters: the secret part of a value written out as a shape ('sk-****', 'hf_xxxxxxxx').
_MASKED = re.compile(r"[*•]{4,}|(?<![a-wyz])x{8,}|X{8,}")


def _sequence(value: str) -> bool:
    """'1234567890', 'abcdef', '000000': typed to fill a slot, not generated."""
    low = value.lower()
    return len(set(low)) == 1 or any(low in run for run in _RUNS)


def _plausible(value: str) -> bool:
    """A value that looks like a real credential rather than a name, a reference or a placeholder."""
    if _PLACEHOLDER.match(value) or _ENV_NAME.match(value):
        return False
    if _MASKED.search(value):
        return False  # "sk-*****************": a key with its secret part masked out, shown as a shape
    if (
        _SECRET_MAPPING.match(value)
        or _sequence(value)
        or _SELF_NAMED.match(value)
        or _DOTTED_NAME.match(value)
        or _VERSION_SPEC.match(value)
    ):
        return False
    if re.search(r"(^|/)[\w{}.-]*\.(json|ya?ml|txt|csv|pkl|pt|bin|model|pem|p12|key)$", value):
        # 'serverless/token-mapping-{}.json', GOOGLE_APPLICATION_CREDENTIALS = "my_key.json": a file
        # the name points to, not its content
        return False
    if _PATH_OF_WORDS.match(value):
        return False  # S3_ACCESS_KEY_SELECTOR = "dataset/import/s3_access_key": a UI element's name
    if _IDENTIFIER_WORDS.match(value):
        return False  # LEQ_100_TOKENS = "leq_100_tokens": an enum value spelled out, not a credential
    if _CAPITAL_WORDS.match(value) and all(
        w.isdigit() or (w.isalpha() and re.search("[AEIOUY]", w)) for w in re.split("[_-]", value)
    ):
        # IMAGE_TOKEN_ALIAS = "XTUNER-ALIAS-ALIAS-XTUNER-2025": a marker spelled in capital words and a
        # year; a product key's groups mix letters and digits ('X7K2-9QPL')
        return False
    if _TYPE_OR_MEASURE.match(value):
        return False  # 'ndarray:int32' (a column's type), '3.42ms/tok' (a measurement)
    if value.startswith(("$", "{", "%", "@", "/", "./", "~")) or "${" in value:
        return False
    has_digit = any(c.isdigit() for c in value)
    mixed = any(c.isupper() for c in value) and any(c.islower() for c in value)
    return has_digit or (mixed and len(value) >= 12) or len(value) >= 24


def _settings_like(path: str) -> bool:
    """Files where a bare ``KEY=value`` line is a setting: settings files and scripts, and the set-up
    instructions of Markdown/RST documents (``export MLFLOW_TRACKING_PASSWORD=...`` to copy)."""
    name = path.rsplit("/", 1)[-1].lower()
    return name.startswith(".env") or name.endswith((*_SETTINGS_LIKE, ".md", ".rst"))


# Every pattern above contains one of these (lowercased); only lines holding one are matched
# against the patterns. str.find runs at C speed, where a case-insensitive regex alternation over
# whole files was the slowest part of the index.
_TRIGGERS = (
    "api_key", "api-key", "apikey", "secret", "token", "passw", "pwd", "access_key", "access-key",
    "accesskey", "auth_key", "auth-key", "authkey", "credential", ".login(", "://", "-----begin", "appid",
    "app_key", "app-key",
    "akia", "asia", "agpa", "aida", "aroa", "anpa", "anva", "aipa", "ghp_", "gho_", "ghu_", "ghs_",
    "ghr_", "github_pat_", "xox", "hf_", "sk-", "aiza",
)  # fmt: skip


def _scan_text(text: str, settings: bool, skipped: list[int] | None = None) -> list[tuple[int, str]]:
    """(line, kind) of each credential-looking line.

    Data lines (base64, data URIs) are not read and long minified lines only in their first
    64 KB; ``skipped`` (``[emptied, cut]``) counts them.
    """
    text, emptied, cut = reduce_for_scan(text)
    if skipped is not None and (emptied or cut):
        skipped[0] += emptied
        if len(skipped) > 1:
            skipped[1] += cut
    low = text.lower()
    starts: set[int] = set()
    for trig in _TRIGGERS:
        i = low.find(trig)
        while i >= 0:
            start = low.rfind("\n", 0, i) + 1
            starts.add(start)
            nxt = low.find("\n", i)
            if nxt < 0:
                break
            i = low.find(trig, nxt)
    hits = []
    table = None
    for start in sorted(starts):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if len(line) > MAX_SCAN_LINE:
            # A minified document: never run the patterns over all of it.
            if is_data_line(line):
                continue
            kind = next(
                (
                    k
                    for piece in scan_windows(line, low[start:end], _TRIGGERS)
                    if (k := _scan_line(piece, settings))
                ),
                "",
            )
        else:
            kind = _scan_line(line, settings)
        if kind:
            table = table or LineTable(text)
            hits.append((table.line_of(start), kind))
    return hits


# Names that contain a secret word but hold no secret: tokenizer settings ("tokenizer_name"),
# token ids and lengths, paths to key files, secret names that only point at a vault.
_NOT_SECRET_NAME = re.compile(
    # text tokens, not access tokens: columns = {'tokens': ...}, latency_per_output_token=3.42ms/tok
    r"(tokeniz|(_|^)(max|num|n|pad|bos|eos|unk|sep|cls|mask|special|new|added|input|output|prompt|total|"
    r"per)_?tokens?\b|^tokens$|tokens?_per\b|"
    r"_(name|names|path|dir|file|files|fname|filename|filepath|url|uri|endpoint|type|id|ids|lens?|lengths?|"
    # (prefix_allowed_tokens_fn: a function that returns the tokens a decoder may emit)
    r"counts?|num|sizes?|limit|env|var|ref|arn|fn|func|callback)$)",
    re.IGNORECASE,
)


# `sample_token: '0f0e3c...'` in a nuScenes-style dataset: a record's id named <entity>_token, whose value
# is a hex digest or a UUID. Access tokens are named for what they grant or the service they open.
_RECORD_TOKEN = re.compile(r"(?i)(?:^|_)(?P<noun>[a-z]+)_tokens?$")
_AUTH_WORDS = frozenset(
    {"access", "auth", "api", "bearer", "refresh", "session", "secret", "oauth", "bot", "personal", "client",
     "security", "csrf", "jwt", "id", "user", "app", "service", "wandb", "comet", "neptune", "hf", "huggingface",
     "hub", "github", "gh", "gitlab", "slack", "kaggle", "discord", "telegram", "openai", "dropbox", "aws",
     "azure", "gcp", "google", "notion", "mlflow", "dagshub", "pypi", "npm", "docker", "registry"}
)  # fmt: skip
_DIGEST = re.compile(r"[0-9a-f]{16,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def _secret_name(name: str | None, value: str | None = None) -> bool:
    if not name or _NOT_SECRET_NAME.search(name.rsplit(".", 1)[-1]):
        return False
    rec = _RECORD_TOKEN.search(name.rsplit(".", 1)[-1])
    return not (rec and rec["noun"].lower() not in _AUTH_WORDS and value and _DIGEST.fullmatch(value))


def _scan_line(line_text: str, settings: bool) -> str:
    if _ALLOWED.search(line_text):
        return ""
    view = False
    for m in _COMBINED.finditer(line_text):
        kind = next(name for name in _KIND_LABEL if m.group(name) is not None)
        if kind == "raw_view_token":
            # a real key in the link (`?token=ghp_...`) or elsewhere on the line (an hf_ token after it)
            # is a credential, whatever the view token beside it
            strong = _STRONG.search(line_text)
            if strong is not None:
                return strong.lastgroup
            view = True
            continue
        if kind in _GENERIC:
            specific = _SPECIFIC.search(m.group(0))
            if specific is not None:
                kind = specific.lastgroup
        if (
            kind == "url_credentials"
            and (
                not _plausible_pw(m.group("urlpw"), m.group("urluser"))
                or _SAMPLE_HOST.match(m.group("urlhost"))
            )
            or kind == "assigned_secret"
            and (
                not _plausible(m.group("qval"))
                or not _secret_name(m.group("akey"), m.group("qval"))
                or (len(m.group("qval")) < 8 and not _PASSWORD_NAME.search(m.group("akey")))
            )
            or kind == "option_secret"
            and (not _plausible(m.group("oval")) or not _secret_name(m.group("okey"), m.group("oval")))
            or kind == "env_secret"
            and (
                not settings
                or not _plausible(m.group("uval"))
                or not _secret_name(m.group("ukey"))
                # `    model_fn=model_fn,` in a README's code block: a keyword argument of a call, not a setting
                or re.fullmatch(r"[a-z_][a-z0-9_.]*[,)]", m.group("uval")) is not None
            )
            or kind == "cli_secret"
            and (
                not settings
                or not _plausible(m.group("cval"))
                or not _secret_name(m.group("ckey"), m.group("cval"))
            )
        ):
            continue
        if kind not in _GENERIC and _WORD_CHAIN.fullmatch(m.group(0)):
            # "...-az-sk-eo-ta-sh-lt-et-...": language codes or words joined by hyphens, which a key's
            # prefix happens to start; a generated key mixes digits and letters of both cases
            continue
        return kind
    return "raw_view_token" if view else ""


_WORD_CHAIN = re.compile(r"[a-z]{1,15}(?:[-_][a-z]{1,15}){3,}")


# Well-known local-development defaults (docker-compose databases), not secrets worth a finding.
_DEV_DEFAULTS = frozenset(
    {"postgres", "password", "admin", "root", "mlflow", "minio", "minioadmin", "test", "guest", "airflow"}
)


def _plausible_pw(value: str | None, user: str | None = None) -> bool:
    if not value or value == user or value.lower() in _DEV_DEFAULTS or _SELF_NAMED.match(value):
        return False
    # postgresql://DB_USER:DB_PASSWORD@DB_ENDPOINT in a how-to: upper-case names to fill in
    if _ENV_NAME.match(value) and (user is None or _ENV_NAME.match(user)):
        return False
    return not (_PLACEHOLDER.match(value) or value.startswith(("$", "{", "<")))


def scan_secrets(path: str, text: str, skipped: list[int] | None = None) -> list[SecretHit]:
    """Locations of likely credentials in one file's text; the values are never kept.

    ``skipped``, when given (``[0]`` or ``[0, 0]``), counts the data lines (base64, data URIs)
    left unread and, in its second item, the long lines read only in part.
    """
    if path.lower().endswith(".ipynb"):
        cells = _notebook_cells(text)
        if cells is not None:
            return scan_cells(path, cells, skipped)
    return [SecretHit(path, line, kind) for line, kind in _scan_text(text, _settings_like(path), skipped)]


def scan_cells(path: str, cells: list[tuple[int, str]], skipped: list[int] | None = None) -> list[SecretHit]:
    """Secrets in notebook cells already read by the notebook parser (no second JSON parse)."""
    return [
        SecretHit(path, line, kind, number)
        for number, source in cells
        for line, kind in _scan_text(source, False, skipped)
    ]


def _notebook_cells(text: str) -> list[tuple[int, str]] | None:
    try:
        nb = json.loads(text)
    except (ValueError, RecursionError):
        return None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        return None
    out = []
    for number, cell in enumerate(cells, 1):
        if not isinstance(cell, dict):
            continue
        src = cell.get("source", "")
        if isinstance(src, list):
            src = "".join(s for s in src if isinstance(s, str))
        if isinstance(src, str) and src:
            out.append((number, src))
    return out


def kind_label(kind: str) -> str:
    return _KIND_LABEL.get(kind, kind)
