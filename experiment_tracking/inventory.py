"""Which files exist: git-aware listing plus the gitignored tracking stores.

Git tells us what the project considers its own (tracked + untracked-not-ignored). The stores
that trackers write (mlruns/, wandb/, Hydra outputs/, ...) are usually gitignored, yet they are
the only proof that experiments ran, so ignored directories are searched for them too.
Symlinks are never followed; a directory that is not a git repository is walked directly.
"""

from __future__ import annotations

import functools
import os
import re
import stat
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .model import Note

# LICENSE, LICENCE.md, COPYING, UNLICENSE (a public-domain dedication)
LICENCE_NAMES = ("license", "licence", "copying", "unlicense")

MAX_PARSE_BYTES = 20 * 1024 * 1024
# Bounds for searching ignored directories, which may hold whole datasets.
MAX_IGNORED_ENTRIES = 200_000
MAX_TOTAL_FILES = 1_000_000

JUNK_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "__pycache__",
        "site-packages",
        "dist-packages",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        ".ipynb_checkpoints",
        ".eggs",
        ".cache",
        ".idea",
        ".vscode",
        ".pixi",
        ".conda",
        ".direnv",
    }
)
# Inside a store these hold blobs, not evidence about runs.
STORE_JUNK_DIRS = frozenset({"cache", "tmp"})

# Directory names that are tracking stores by themselves.
NAMED_STORES = {
    "mlruns": "mlflow",
    "mlartifacts": "mlflow",
    "wandb": "wandb",
    ".wandb": "wandb",
    "lightning_logs": "lightning",
    ".guild": "guild",
    "dvclive": "dvclive",
    ".neptune": "neptune",
    ".cometml-runs": "comet",
    ".aim": "aim",
}
# Names that are stores only when the right marker is inside (see _find_store_roots).
CANDIDATE_STORE_DIRS = frozenset(
    {"outputs", "multirun", "runs", "logs", "tb_logs", "tensorboard", "experiments", "results"}
)
DB_SUFFIXES = (".db", ".sqlite", ".sqlite3")

# Third-party code copied into a repository is not the project: it is listed, never evidence.
VENDOR_DIRS = frozenset(
    {
        "third_party",
        "third-party",
        "thirdparty",
        "3rdparty",
        "vendor",
        "vendored",
        "_vendor",
        "external",
        "extern",
        # inference/efficiency/dependencies/<upstream project>: code the project depends on, copied in
        "dependencies",
        "deps",
    }
)
# Vendor-like names a project also gives its own folders (an example about dependencies)
_AMBIGUOUS_VENDOR = frozenset({"dependencies", "deps", "external", "extern"})
_CODE_SUFFIXES = (".py", ".pyx", ".pxd", ".ipynb", ".sh", ".c", ".cc", ".cpp", ".cxx", ".h", ".hpp", ".cu", ".cuh", ".m",
                  ".js", ".ts", ".go", ".rs", ".java", ".jl", ".r", ".lua", ".scala", ".kt", ".cs")  # fmt: skip
# Libraries whose packages research code often copies in whole (found nested, never at the top).
COPIED_PACKAGES = frozenset(
    {"mmcv", "mmseg", "mmdet", "mmdet3d", "mmengine", "detectron2", "timm", "transformers", "diffusers", "apex",
     "fairseq", "basicsr", "open_clip", "segment_anything", "tensorflow_addons", "mmpose", "mmaction"}
)  # fmt: skip
PACKAGING_FILES = frozenset(
    {"setup.py", "pyproject.toml", "setup.cfg", "configure", "cmakelists.txt", "ltmain.sh"}
)
COMPILED_SUFFIXES = (".pyc", ".pyo", ".so", ".o", ".class", ".dll", ".dylib")

KIND_BY_SUFFIX = {
    ".py": "python",
    ".pyi": "python",
    ".ipynb": "notebook",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".jsonl": "jsonl",
    ".toml": "toml",
    ".ini": "ini",
    ".cfg": "ini",
    ".md": "doc",
    ".rst": "doc",
    # Org-mode and AsciiDoc pages: a README.org is the project's README as much as a README.md
    ".org": "doc",
    ".adoc": "doc",
    ".asciidoc": "doc",
    ".markdown": "doc",
    ".txt": "text",
    ".csv": "csv",
    ".sh": "shell",
    ".bash": "shell",
    ".slurm": "shell",
    ".sbatch": "shell",
    ".pbs": "shell",
    ".qsub": "shell",
    ".lsf": "shell",
    ".bsub": "shell",
    ".dvc": "yaml",
    ".def": "singularity",
    ".lock": "lock",
    ".r": "other",
}


# Files an operating system's file browser leaves in a folder (Windows thumbnail caches, macOS folder
# settings and resource forks): committed by accident, never anyone's data or record.
OS_JUNK = frozenset({"thumbs.db", "ehthumbs.db", ".ds_store", "desktop.ini"})


def _classify_path(rel: str) -> str:
    """The kind of a file by its name, and by its folder where the name alone says nothing:
    requirements/pt2.txt, requirements/base.in are requirement lists."""
    folder, _, name = rel.rpartition("/")
    if folder.rsplit("/", 1)[-1].lower() == "requirements" and name.lower().endswith((".txt", ".in")):
        return "requirements"
    kind = classify(name)
    if kind == "text" and re.match(r"(?:.*/)?(docs?|documentation)$", folder, re.I):
        return "doc"  # docs/train-help.txt: a documentation page in plain text
    return kind


# bin/dlib_train, scripts/train: a command installed by setup.py's scripts=[...] has no suffix; its first line
# says what it is
_SCRIPT_DIR = re.compile(r"(^|/)(bin|scripts?|tools)/[^/]+$")
_SHEBANG = re.compile(rb"#!\s*\S*?(?:env\s+)?(python[\d.]*|bash|sh)\b")


# tools/docker/ubuntu_circuit_training, docker/cuda11: a container definition named after what it builds
_DOCKER_DIR = re.compile(r"(^|/)(docker|dockerfiles|containers?)/[^/]+$", re.I)
# an instruction in capitals, as Dockerfiles write them: `FROM ubuntu:20.04`, not prose "From the repository root"
_FROM_LINE = re.compile(rb"^\s*FROM\s+\S+\s*(?:AS\s+\w+\s*)?$", re.M)
_OTHER_INSTRUCTION = re.compile(rb"^\s*(RUN|COPY|ADD|ENV|WORKDIR|CMD|ENTRYPOINT|ARG|LABEL)\s", re.M)


def _first_bytes(root: str, rel: str, size: int, n: int) -> bytes:
    """The first ``n`` bytes of a file small enough to parse (b"" for a larger or unreadable one)."""
    if size > MAX_PARSE_BYTES:
        return b""
    try:
        with open(os.path.join(root, rel), "rb") as f:
            return f.read(n)
    except OSError:
        return b""


def _docker_kind(root: str, rel: str, size: int) -> str:
    """dockerfile for a suffix-less file in a docker/ folder whose instructions start from a base image
    (a `FROM` line in its first bytes); else other."""
    head = _first_bytes(root, rel, size, 4096)
    return "dockerfile" if _FROM_LINE.search(head) and _OTHER_INSTRUCTION.search(head) else "other"


def _script_kind(root: str, rel: str, size: int) -> str:
    """python or shell for a suffix-less script in a bin/ or scripts/ folder by its `#!` line; else other.
    (Only these few files are opened here: the first bytes, once.)"""
    m = _SHEBANG.match(_first_bytes(root, rel, size, 80))
    if m is None:
        return "other"
    return "python" if m.group(1).startswith(b"python") else "shell"


# job.slurm_template, run.sh.tmpl: a launcher script a cluster user copies and fills in is a shell script
_TEMPLATE_TAIL = re.compile(r"[._-](template|tmpl|tpl|example|sample)$")


def is_shell_script(path: str) -> bool:
    """A shell, Slurm, PBS or LSF job script by its suffix, templates of one included: by the suffix
    first, since classify() reads `singularity.sh` or `license_check.sh` by their stems."""
    low = path.rsplit("/", 1)[-1].lower()
    stem = _TEMPLATE_TAIL.sub("", low)
    return any(KIND_BY_SUFFIX.get(os.path.splitext(n)[1]) == "shell" for n in (low, stem))


def classify(name: str) -> str:
    """The kind of a file from its name alone (content is never sniffed here)."""
    low = name.lower()
    if low.startswith("dockerfile") or low.endswith(".dockerfile") or low == "containerfile":
        return "dockerfile"
    if low in ("makefile", "gnumakefile") or low.endswith(".mk"):
        return "makefile"
    if low in ("snakefile",) or low.endswith(".smk"):
        return "snakefile"
    if low == "pipfile":
        return "toml"
    if low == "mlproject":  # MLflow Projects: YAML without a suffix (entry points, conda env)
        return "yaml"
    if low == "pipfile.lock":
        return "json"
    if low.startswith("requirements") and low.endswith((".txt", ".in")):
        return "requirements"
    if low.endswith((".txt", ".in")) and ("requirement" in low or low.startswith("constraints")):
        return "requirements"
    if low.endswith(".txt") and "freeze" in low:
        return "requirements"  # pip_freeze.txt: the environment the reported runs were made in, pinned
    if low in ("poetry.lock", "uv.lock", "pdm.lock", "pixi.lock"):
        return "toml" if low != "pixi.lock" else "yaml"
    if low == "singularity" or low.startswith("singularity.") or low == "apptainer":
        return "singularity"
    if low in (".gitattributes", ".gitignore", ".dvcignore", "codeowners"):
        return "meta"
    if low in OS_JUNK or low.startswith("._"):
        return "junk"
    if low.startswith(LICENCE_NAMES):
        return "license"
    if low.startswith("events.out.tfevents."):
        return "tfevents"
    if low.endswith(DB_SUFFIXES):
        return "sqlite"
    if low.endswith(".wandb"):
        return "wandb-log"
    if low.endswith(".env") or low == ".env" or low.startswith(".env."):
        return "dotenv"
    suffix = os.path.splitext(low)[1]
    if low == "readme":
        return "doc"
    kind = KIND_BY_SUFFIX.get(suffix, "other")
    if kind == "other" and _TEMPLATE_TAIL.search(low):
        stem = _TEMPLATE_TAIL.sub("", low)
        if KIND_BY_SUFFIX.get(os.path.splitext(stem)[1]) == "shell":
            return "shell"
    return kind


@dataclass(frozen=True)
class FileEntry:
    path: str  # repo-relative POSIX path
    size: int
    kind: str
    origin: str  # tracked | untracked | ignored | walked
    store: str = ""  # repo-relative root of the tracking store holding it, or ""

    @property
    def parseable(self) -> bool:
        return self.size <= MAX_PARSE_BYTES


@dataclass
class Inventory:
    root: Path
    files: list[FileEntry]
    is_git: bool
    notes: list[Note] = field(default_factory=list)
    store_roots: dict[str, str] = field(default_factory=dict)  # rel dir -> store family
    dirs: frozenset[str] = frozenset()
    # Vendored third-party trees (rel dir -> why), left out of ``files``; submodules not checked out.
    vendored: dict[str, str] = field(default_factory=dict)
    missing_submodules: list[str] = field(default_factory=list)
    # Paths .gitmodules declares that the commit holds no gitlink for and no file under: not pinned
    unpinned_submodules: list[str] = field(default_factory=list)
    compiled_tracked: list[str] = field(default_factory=list)  # committed build products (.pyc, .so)
    tags: int = 0  # git tags: named releases or milestones of the code

    def __post_init__(self) -> None:
        self._by_path = {f.path: f for f in self.files}
        if not self.dirs:
            ds = set()
            for f in self.files:
                p = PurePosixPath(f.path).parent
                while str(p) != "." and str(p) not in ds:
                    ds.add(str(p))
                    p = p.parent
            self.dirs = frozenset(ds)

    def get(self, path: str) -> FileEntry | None:
        return self._by_path.get(path)

    def has_dir(self, path: str) -> bool:
        return path in self.dirs

    def of_kind(self, *kinds: str, include_stores: bool = False) -> list[FileEntry]:
        return [f for f in self.files if f.kind in kinds and (include_stores or not f.store)]

    def project_files(self) -> list[FileEntry]:
        return [f for f in self.files if not f.store]

    def store_files(self) -> list[FileEntry]:
        return [f for f in self.files if f.store]


def is_junk_dir(name: str, full: str | None = None) -> bool:
    if name in JUNK_DIRS or name.endswith(".egg-info"):
        return True
    return bool(full and os.path.isfile(os.path.join(full, "pyvenv.cfg")))


def _git(root: Path, *args: str, timeout: int = 120) -> bytes | None:
    try:
        proc = subprocess.run(
            ["git", "-c", "safe.directory=*", "-C", str(root), *args],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _git_toplevel(root: Path) -> Path | None:
    out = _git(root, "rev-parse", "--show-toplevel")
    if not out:
        return None
    return Path(_decode(out).strip())


class _Walker:
    def __init__(self, root: Path, notes: list[Note]):
        self.root = root
        self.real_root = os.path.realpath(root)
        self.notes = notes
        self.entries: dict[str, tuple[int, str]] = {}  # rel -> (size, origin)

    def add_file(self, rel: str, origin: str) -> None:
        if rel in self.entries:
            return
        if len(self.entries) >= MAX_TOTAL_FILES:
            return
        full = os.path.join(self.root, rel)
        try:
            st = os.lstat(full)
        except FileNotFoundError:
            # tracked but deleted in the working tree (a partial clone, blobs left out): not part of what
            # is read, but the commit has it, so the report says which files the audit could not see
            if origin == "tracked":
                self.notes.append(Note("deleted", rel, ""))
            return
        except OSError as exc:
            self.notes.append(Note("unreadable", rel, exc.strerror or str(exc)))
            return
        if stat.S_ISLNK(st.st_mode):
            target = os.path.realpath(full)
            if not (target == self.real_root or target.startswith(self.real_root + os.sep)):
                self.notes.append(Note("symlink-outside", rel, "symlink leaves the repository"))
            return
        if not stat.S_ISREG(st.st_mode):
            return
        self.entries[rel] = (st.st_size, origin)

    def walk(self, start_rel: str, origin: str, budget: int | None = None) -> bool:
        """Walk below start_rel without following symlinks; False if the budget ran out."""
        seen = 0
        top = os.path.join(self.root, start_rel) if start_rel else str(self.root)

        def onerror(err: OSError) -> None:
            rel = os.path.relpath(err.filename, self.root) if err.filename else start_rel
            self.notes.append(Note("unreadable", _posix(rel), err.strerror or str(err)))

        for dirpath, dirnames, filenames in os.walk(top, onerror=onerror):
            in_store = any(part in NAMED_STORES for part in Path(dirpath).parts)
            keep = []
            for d in dirnames:
                full = os.path.join(dirpath, d)
                if os.path.islink(full):
                    target = os.path.realpath(full)
                    if not (target == self.real_root or target.startswith(self.real_root + os.sep)):
                        rel = _posix(os.path.relpath(full, self.root))
                        self.notes.append(Note("symlink-outside", rel, "symlink leaves the repository"))
                    continue
                if is_junk_dir(d, full) or (in_store and d in STORE_JUNK_DIRS):
                    continue
                keep.append(d)
            dirnames[:] = sorted(keep)
            for name in sorted(filenames):
                seen += 1
                if budget is not None and seen > budget:
                    return False
                rel = _posix(os.path.relpath(os.path.join(dirpath, name), self.root))
                self.add_file(rel, origin)
        return True


def _posix(rel: str) -> str:
    return rel.replace(os.sep, "/")


def _has_junk_part(rel: str) -> bool:
    parts = rel.split("/")
    return any(p in JUNK_DIRS or p.endswith(".egg-info") for p in parts[:-1])


def _in_venv(root: Path, rel: str, cache: dict[str, bool]) -> bool:
    """True when a parent directory of rel is a virtualenv (holds pyvenv.cfg), e.g. an
    untracked ``env/`` that nobody listed in .gitignore."""
    parts = rel.split("/")[:-1]
    for i in range(1, len(parts) + 1):
        d = "/".join(parts[:i])
        if d not in cache:
            cache[d] = os.path.isfile(os.path.join(root, d, "pyvenv.cfg"))
        if cache[d]:
            return True
    return False


def _looks_like_store_dir(rel: str) -> bool:
    name = rel.rstrip("/").rsplit("/", 1)[-1]
    return name in NAMED_STORES or name in CANDIDATE_STORE_DIRS or name.startswith(("mlruns", "wandb"))


def build_inventory(root: str | os.PathLike, expand: int = 0) -> Inventory:
    """List the tree. ``expand`` >= 1 (self-healing) also takes gitignored project files."""
    root = Path(root)
    notes: list[Note] = []
    walker = _Walker(root, notes)
    top = _git_toplevel(root)
    is_git = top is not None
    listed = False
    tracked_set: set[str] = set()
    compiled: list[str] = []
    tags = 0
    if is_git:
        # A subdirectory of a larger repository is listed relative to itself.
        raw = _git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ".")
        if raw is not None:
            listed = True
            tracked = _git(root, "ls-files", "-z", "--cached", "--", ".") or b""
            tracked_set = {_decode(p) for p in tracked.split(b"\0") if p}
            compiled = sorted(
                p for p in tracked_set if p.lower().endswith(COMPILED_SUFFIXES) or "__pycache__/" in p
            )
            tags = len((_git(root, "tag", "--list") or b"").split())
            venvs: dict[str, bool] = {}
            for p in sorted({_decode(p) for p in raw.split(b"\0") if p}):
                if _has_junk_part(p) or (p not in tracked_set and _in_venv(root, p, venvs)):
                    continue
                if p.endswith("/"):
                    # git lists a nested repository (not a submodule) as one directory entry.
                    if not is_junk_dir(p.rstrip("/").rsplit("/", 1)[-1], os.path.join(root, p)):
                        walker.walk(p.rstrip("/"), "untracked", budget=MAX_IGNORED_ENTRIES)
                    continue
                walker.add_file(p, "tracked" if p in tracked_set else "untracked")
            ignored = _git(
                root,
                "ls-files",
                "-z",
                "--others",
                "--ignored",
                "--exclude-standard",
                "--directory",
                "--",
                ".",
            )
            for p in sorted({_decode(p) for p in (ignored or b"").split(b"\0") if p}):
                _add_ignored(walker, p, keep_all=expand >= 1)
    if not listed:
        walker.walk("", "walked")

    files_raw = walker.entries
    store_roots = _find_store_roots(files_raw.keys())
    submodules = _submodule_paths(root)
    unpinned: list[str] = []
    if listed:
        # .gitmodules can name paths the commit holds no gitlink for (CenterTrack's, left from a removal):
        # only a path git tracks is a submodule pinned at a commit
        unpinned = [p for p in submodules if p not in tracked_set]
        if unpinned:  # ... with no file under them either (a folder copied in is vendored code)
            held = {"/".join(k.split("/")[:n]) for k in files_raw for n in range(1, k.count("/") + 1)}
            unpinned = [p for p in unpinned if p not in held]
        submodules = [p for p in submodules if p in tracked_set]
    vendored = _vendored_roots(files_raw.keys(), submodules, root)
    missing = [p for p in submodules if _empty_dir(os.path.join(root, p))]
    files = []
    for rel in sorted(files_raw):
        if vendored and _under(rel, vendored):
            continue
        size, origin = files_raw[rel]
        kind = _classify_path(rel)
        if kind == "other" and _SCRIPT_DIR.search(rel) and "." not in rel.rsplit("/", 1)[-1]:
            kind = _script_kind(root, rel, size)
        if kind == "other" and _DOCKER_DIR.search(rel) and "." not in rel.rsplit("/", 1)[-1]:
            kind = _docker_kind(root, rel, size)
        files.append(FileEntry(rel, size, kind, origin, _store_of(rel, store_roots)))
    notes.sort()
    return Inventory(
        root=root,
        files=files,
        is_git=is_git,
        notes=notes,
        store_roots=store_roots,
        vendored=vendored,
        missing_submodules=missing,
        unpinned_submodules=unpinned,
        compiled_tracked=compiled[:50],
        tags=tags,
    )


def _empty_dir(path: str) -> bool:
    try:
        return not os.listdir(path)
    except OSError:
        return True


def _under(rel: str, roots: dict[str, str]) -> bool:
    parts = rel.split("/")
    return any("/".join(parts[:i]) in roots for i in range(1, len(parts)))


def _submodule_paths(root: Path) -> list[str]:
    """Paths declared in .gitmodules (read as text; git never runs a submodule command here)."""
    try:
        with open(os.path.join(root, ".gitmodules"), encoding="utf-8", errors="replace") as fh:
            text = fh.read(200_000)
    except OSError:
        return []
    out = []
    for line in text.splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and key.strip() == "path" and value.strip():
            out.append(value.strip().strip("/"))
    return sorted(set(out))


def _vendored_roots(paths, submodules: list[str], root: str = "") -> dict[str, str]:
    """Directories holding third-party code: vendor-named directories, git submodules, and copied
    upstream packages (a sub-directory with its own licence and its own build/packaging file)."""
    roots: dict[str, str] = {p: "git submodule" for p in submodules}
    licences: dict[str, str] = {}  # directory -> its licence file
    licensed: set[str] = set()
    packaged: set[str] = set()
    documented: set[str] = set()
    for rel in paths:
        parts = rel.split("/")
        for i, part in enumerate(parts[:-1]):
            if part.lower() in VENDOR_DIRS:
                d = "/".join(parts[: i + 1])
                if not _under(d + "/x", roots):
                    roots.setdefault(d, f"vendored third-party directory ({part}/)")
                break
            if (
                i > 0
                and part in COPIED_PACKAGES
                and parts[-1] == "__init__.py"
                # mmseg/apis/__init__.py: OpenMMLab's packages are often copied without their top __init__
                and (i == len(parts) - 2 or (part.startswith("mm") and i == len(parts) - 3))
            ):
                # lavis/common/annotator/uniformer/mmcv/: a well-known library's package copied inside the
                # project (its hooks for W&B, MLflow and Neptune are the library's, not the project's)
                d = "/".join(parts[: i + 1])
                if not _under(d + "/x", roots):
                    roots.setdefault(d, f"copied third-party package ({part}/)")
                break
        if len(parts) > 1:
            name = parts[-1].lower()
            parent = "/".join(parts[:-1])
            if (
                name.startswith(LICENCE_NAMES)
                and not parts[-2].lower().startswith(LICENCE_NAMES)
                # license_header.txt: the header a linter stamps on the project's own sources
                and not re.search(r"header|template", name)
            ):
                # LICENSE/stylegan2-pytorch.txt: a folder of licence texts is no copied project
                licensed.add(parent)
                licences.setdefault(parent, rel)
            elif name in PACKAGING_FILES:
                packaged.add(parent)
            elif name.startswith("readme") or (name.startswith("requirements") and name.endswith(".txt")):
                documented.add(parent)
        elif len(parts) == 1 and parts[0].lower().startswith(LICENCE_NAMES):
            licences.setdefault("", rel)
    # A part of the project under the same copyright as the project (each example of a Microsoft
    # repository ships its own LICENSE) is the project's own code, not a copy of another's.
    heads = {d: _licence_head(root, licences[d]) for d in {*licensed, ""} if d in licences} if root else {}
    own = _holder(heads.get("", ""))
    holders = {d: _holder(heads[d]) for d in licensed} if root else {}
    if own:
        licensed = {d for d in licensed if holders[d] != own}
    if root and licences.get(""):
        # A licence naming no holder, of the same kind as the root's (the bare Apache text in both):
        # nothing says another party wrote it.
        kind = _licence_kind(heads[""])
        licensed = {d for d in licensed if holders[d] or _licence_kind(heads[d]) != kind}
    if not own and root:
        # A root licence naming no holder (the bare Apache text) over several folders licensed by one
        # holder (zenml-projects: each project "Copyright (c) ZenML GmbH"): a collection of that
        # holder's own projects, not copies of other people's.
        counts = Counter(h for h in holders.values() if h)
        licensed = {d for d in licensed if counts[holders[d]] < 2 or not holders[d]}
    _drop_build_wiring(roots, paths)
    if root:
        _drop_own_headers(roots, paths, root)
    _data_programs(roots, paths)
    # dependencies/ of a Guild example (its guild.yml and two text files): a name that can mean the
    # project's own example of dependencies holds copied code only when it holds code or a project
    for d in [
        d
        for d, why in roots.items()
        if why.startswith("vendored") and d.rsplit("/", 1)[-1].lower() in _AMBIGUOUS_VENDOR
    ]:
        # ... or a nested project (dependencies/harness/requirements.txt: an upstream's pinned environment)
        if not any(
            p.startswith(d + "/") and (p.lower().endswith(_CODE_SUFFIXES) or "/" in p[len(d) + 1 :])
            for p in paths
        ):
            del roots[d]
    for d in sorted(licensed & packaged):
        if not _under(d + "/x", roots):
            roots[d] = "copied upstream package (own licence and build files)"
    # scripts/detectron2/ with detectron2's own LICENSE beside its configs and projects: the library's
    # files copied in, named as the library is
    for d in sorted(licensed):
        if d.rsplit("/", 1)[-1] in COPIED_PACKAGES and not _under(d + "/x", roots):
            roots[d] = f"copied third-party package ({d.rsplit('/', 1)[-1]}/, its own licence)"
    # A folder under another's licence that bundles a copied library (annotator/uniformer/ with SenseTime's
    # LICENSE beside its mmcv/ and mmseg/): the whole folder is that project's code, configs and scripts too.
    for d in sorted(licensed):
        inner = [
            r for r, why in roots.items() if r.startswith(d + "/") and why.startswith("copied third-party")
        ]
        if d and inner and not _under(d + "/x", roots):
            for r in inner:
                del roots[r]
            names = ", ".join(r.rsplit("/", 1)[-1] + "/" for r in inner[:3])
            roots[d] = f"copied upstream project (own licence; bundles {names})"
    # A baseline copied in whole (Formers/FEDformer: its own LICENSE and README): another project's code.
    for d in sorted(licensed & documented):
        if not _under(d + "/x", roots):
            roots[d] = "copied upstream project (own licence and README)"
    if root:
        readme = functools.cache(lambda: _readme_text(root))  # read once, by whichever step asks first
        _named_upstream_copies(roots, documented, paths, root, readme)
        _drop_forks_the_readme_names(roots, paths, readme)
    return dict(sorted(roots.items()))


# A repository link in prose: github.com/NVIDIA/flownet2-pytorch, gitlab.com/group/name.git
_REPO_LINK = re.compile(r"(?:github|gitlab|bitbucket)\.(?:com|org)/([\w.-]+)/([\w.-]+)")
_REMOTE_URL = re.compile(r"(?:github|gitlab|bitbucket)\.(?:com|org)[/:]([\w.-]+)/([\w.-]+)")


# the files a project sets itself up with
_OWN_SET_UP = re.compile(
    r"(Dockerfile|setup\.py|pyproject\.toml|environment\.ya?ml|requirements[\w.-]*\.txt|install[\w.-]*\.sh|"
    r"licen[cs]e[\w.-]*|copying)$",
    re.I,
)


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower().removesuffix(".git"))


def _readme_text(root: str) -> str:
    """The text of the repository's top-level README files."""
    text = ""
    for name in sorted(os.listdir(root)) if os.path.isdir(root) else ():
        if name.lower().startswith("readme"):
            try:
                with open(os.path.join(root, name), encoding="utf-8", errors="replace") as fh:
                    text += fh.read(200_000)
            except OSError:
                continue
    return text


def _own_names(root: str) -> set[str]:
    """The names the repository itself goes by: its folder (owner__name when checked out for a survey) and
    the repository its origin remote points at."""
    base = os.path.basename(os.path.abspath(root))
    names = {_squash(base), _squash(base.rsplit("__", 1)[-1])}
    try:
        with open(os.path.join(root, ".git", "config"), encoding="utf-8", errors="replace") as fh:
            # url = git@github.com:owner/name.git as well as https://github.com/owner/name
            names |= {_squash(m.group(2)) for m in _REMOTE_URL.finditer(fh.read(100_000))}
    except OSError:
        pass
    return names


def _named_upstream_copies(roots: dict[str, str], documented: set[str], paths, root: str, readme) -> None:
    """A folder of code with its own README and its own set-up (a Dockerfile, an install script, a
    requirements list, a licence), named as another repository the project's README links to
    (models/networks/flownet2_pytorch/ and "compile [FlowNet2](https://github.com/NVIDIA/flownet2-pytorch)"):
    that repository's code copied in, with its own trainer, Dockerfile and logging. A link in the folder's
    own README proves nothing (examples/ScanNet/ linking the dataset's repository, a method "originally
    implemented at" its authors' repository and moved in), and neither does a folder nothing else imports:
    a copy is a dependency of the project's own code (`from .networks.flownet2_pytorch import models`)."""
    candidates = {
        d: _squash(d.rsplit("/", 1)[-1])
        for d in documented
        if d and not _under(d + "/x", roots) and d not in roots
    }
    if not candidates:
        return
    coded, set_up = set(), set()
    for p in paths:
        folder, _, name = p.rpartition("/")
        if folder in candidates:
            if _OWN_SET_UP.match(name):  # (setup.py is set-up, not code)
                set_up.add(folder)
            elif name.endswith(".py"):
                coded.add(folder)
    own = _own_names(root)
    top = {_squash(m.group(2)) for m in _REPO_LINK.finditer(readme())}
    for d in sorted(coded & set_up):
        name = candidates[d]
        if (
            len(name) >= 4
            and name not in own
            and name in top
            and not _under(d + "/x", roots)
            and _imported_from_outside(root, paths, d)
        ):
            roots[d] = "copied upstream project (named as the repository its README links)"


def _imported_from_outside(root: str, paths, folder: str) -> bool:
    """Some Python file outside ``folder`` imports it by its name (read only for the rare folder that is
    otherwise a copy, and only up to 2,000 files)."""
    base = folder.rsplit("/", 1)[-1]
    pattern = re.compile(rf"^\s*(from|import)\s+[\w.]*\b{re.escape(base)}\b", re.M)
    outside = [p for p in paths if p.endswith(".py") and not p.startswith(folder + "/")][:2000]
    for p in outside:
        try:
            with open(os.path.join(root, p), encoding="utf-8", errors="replace") as fh:
                if pattern.search(fh.read(200_000)):
                    return True
        except OSError:
            continue
    return False


# Folders named as data, and how many Python files one of them holds directly before they are a corpus
# (code-translation and code-generation datasets: data/transcoder_evaluation_gfg/python/*.py), not code
_DATA_FOLDERS = frozenset({"data", "datasets", "dataset", "testdata", "test_data", "corpus", "corpora"})
_DATA_PROGRAMS = 50


def _data_programs(roots: dict[str, str], paths) -> None:
    """Folders inside a data folder that hold many Python files side by side: programs stored as data (the
    examples a code model is evaluated on, each with its own `__main__`), not the project's code."""
    counts: Counter = Counter()
    packages = set()  # nmt/data/__init__.py: a package of the project's code (fairseq/data), imported
    for rel in paths:
        parts = rel.split("/")
        if rel.endswith(".py") and any(p.lower() in _DATA_FOLDERS for p in parts[:-1]):
            counts["/".join(parts[:-1])] += 1
            if parts[-1] == "__init__.py":
                packages.add("/".join(parts[:-1]))
    for d, n in sorted(counts.items()):
        if n >= _DATA_PROGRAMS and d not in packages and not _under(d + "/x", roots):
            roots[d] = f"{DATA_PROGRAMS_WHY} ({n} Python files in a data folder)"


DATA_PROGRAMS_WHY = "programs stored as data"


# A source file named in prose or a command (`rlkit/torch/sac/cql.py`, `python examples/train.py`).
_README_PATH = re.compile(r"(?<![\w./-])((?:[\w.-]+/)*[\w.-]+\.(?:py|ipynb|sh|gin|ya?ml))\b")


def _drop_forks_the_readme_names(roots: dict[str, str], paths, readme) -> None:
    """An upstream codebase the project is built on, kept in a folder with the upstream's licence and
    build files (CQL's d4rl/ is rlkit with the method added): when the repository's README points at
    source files inside it (`the algorithm is in rlkit/torch/sac/cql.py`, `python examples/cql.py`), the
    folder holds the project's own work, and stays in the audit."""
    copied = [d for d, why in roots.items() if why.startswith("copied upstream")]
    if not copied:
        return
    text = readme()
    named = {m.group(1).removeprefix("./") for m in _README_PATH.finditer(text)}
    named = {n for n in named if n.rsplit("/", 1)[-1] != "setup.py"}  # installing it is no sign of work
    if not named:
        return
    files = set(paths)
    for d in copied:
        inner = [r for r in roots if r.startswith(d + "/")]  # a library copied inside it stays another's
        own = [p for n in named for p in (n, f"{d}/{n}") if p.startswith(d + "/") and p in files]
        if any(not any(p.startswith(r + "/") for r in inner) for p in own):
            del roots[d]


# A build system's recipes for fetching and patching dependencies (Bazel BUILD files, .bzl rules,
# patches): the project's own files, not copied code. (A folder of requirement lists alone is another
# project's pinned environment, kept apart.)
_BUILD_WIRING = re.compile(r"(^|/)(BUILD(\.bazel)?|WORKSPACE|CMakeLists\.txt)$|\.(bzl|patch|diff|cmake|tpl)$")


_HEADER_FILES = 6  # source files read per side: the headers agree or they do not
_UPSTREAM_MARK = re.compile(r"^(licen[cs]e|copying|readme|setup\.py|pyproject\.toml)(\.\w+)?$", re.I)


def _file_holder(root: str, rel: str) -> str:
    """The copyright holder a source file's header names, normalised ('' when none)."""
    try:
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as fh:
            head = fh.read(2000)
    except OSError:
        return ""
    for line in head.splitlines()[:25]:
        for pattern in _COPYRIGHT:
            m = pattern.search(line)
            if m:
                text = re.sub(r"all rights reserved\.?", "", m.group(1), flags=re.I)
                return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
    return ""


def _drop_own_headers(roots: dict[str, str], paths, root: str) -> None:
    """A vendor-named folder (bsuite/baselines/third_party/) whose files carry the same copyright header
    as the project's own code (`Copyright 2019 DeepMind Technologies Limited`): the authors' own scripts
    for running third-party agents, kept in the audit."""
    named = [d for d, why in roots.items() if why.startswith("vendored third-party directory")]
    if not named:
        return
    sources = [p for p in paths if p.endswith(".py") and not p.endswith("__init__.py")]
    outside = [p for p in sources if not any(p.startswith(d + "/") for d in roots)]
    own = Counter(h for h in (_file_holder(root, p) for p in outside[:_HEADER_FILES]) if h)
    if not own:
        return
    holder = own.most_common(1)[0][0]
    for d in named:
        # an upstream project's own licence or README inside the folder (third_party/detr/LICENSE): copied,
        # whatever company both belong to
        if any(p.startswith(d + "/") and _UPSTREAM_MARK.search(p.rsplit("/", 1)[-1]) for p in paths):
            continue
        inside = [p for p in sources if p.startswith(d + "/")][:_HEADER_FILES]
        if inside and all(_file_holder(root, p) == holder for p in inside):
            del roots[d]


def _drop_build_wiring(roots: dict[str, str], paths) -> None:
    """A vendor-named directory (third_party/) that mostly holds build recipes for dependencies fetched at
    build time (envpool's Bazel BUILD files, patches and pip lock files) is the project's own build, not
    another project's code: it stays in the audit."""
    named = [d for d, why in roots.items() if why.startswith("vendored third-party directory")]
    if not named:
        return
    counts = {d: [0, 0] for d in named}  # files, build recipes
    for rel in paths:
        for d in named:
            if rel.startswith(d + "/"):
                counts[d][0] += 1
                counts[d][1] += bool(_BUILD_WIRING.search(rel))
                break
    for d, (files, wiring) in counts.items():
        if files and wiring * 2 >= files:
            del roots[d]


# A copyright notice: "Copyright (c)"/"©" or "Copyright <year>" anywhere in a line, or a line starting
# "Copyright <Name>". The licence's own text ("the copyright owner or entity", "Copyright [yyyy] [name of
# copyright owner]") names nobody.
_YEARS = r"(?:\d{4}(?:\s*[-,]\s*\d{4})*,?\s*)"
_COPYRIGHT = (
    re.compile(r"\bcopyright\s*(?:\(c\)|©)\s*" + _YEARS + r"?(?![\[<])(.+)", re.I),
    re.compile(r"\bcopyright\s+" + _YEARS + r"(?![\[<])(.+)", re.I),
    re.compile(r"^[#*/\s]*Copyright\s+(?=[A-Z])(.+)"),
)


def _licence_head(root: str, rel: str) -> str:
    """The start of a licence file, where its title and copyright notice are ('' when unreadable)."""
    try:
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as fh:
            return fh.read(4096)
    except OSError:
        return ""


def _licence_kind(head: str) -> str:
    """A licence's first non-empty line, normalised ("apache license", "mit license")."""
    first = next((ln for ln in head.splitlines() if ln.strip()), "")
    return re.sub(r"[^a-z]+", " ", first.lower()).strip()


def _holder(head: str) -> str:
    """Who holds the copyright of a licence: its first `Copyright (c) 2021 Name` line, normalised."""
    for line in head.splitlines():
        m = next((m for m in (p.search(line.strip()) for p in _COPYRIGHT) if m), None)
        if m and m.group(1).strip(" .,"):
            # "ZenML GmbH 2024. All rights reserved." and "2025 ZenML GmbH" are one holder
            who = re.sub(r"\b(19|20)\d{2}\b|all rights reserved|\(c\)|©", " ", m.group(1).lower())
            return re.sub(r"[^a-z0-9]+", " ", who).strip()
    return ""


def _add_ignored(walker: _Walker, rel: str, keep_all: bool = False) -> None:
    rel = rel.rstrip("/")
    # .dvc/cache holds data blobs; DVC's own files there are read from the tracked config.
    if not rel or _has_junk_part(rel + "/x") or ".dvc" in rel.split("/"):
        return
    full = os.path.join(walker.root, rel)
    name = rel.rsplit("/", 1)[-1]
    if os.path.isdir(full) and not os.path.islink(full):
        if is_junk_dir(name, full):
            return
        # Ignored directories may hold datasets; search them with a budget for store markers.
        budget = None if _looks_like_store_dir(rel) else MAX_IGNORED_ENTRIES
        probe = _Walker(walker.root, walker.notes)
        complete = probe.walk(rel, "ignored", budget=budget)
        if not complete:
            walker.notes.append(
                Note("not-searched", rel, f"ignored directory with over {MAX_IGNORED_ENTRIES} files")
            )
        roots = _find_store_roots(probe.entries.keys())
        for p, (size, origin) in probe.entries.items():
            if keep_all or _store_of(p, roots) or classify(p.rsplit("/", 1)[-1]) in ("sqlite", "tfevents"):
                walker.entries.setdefault(p, (size, origin))
    elif keep_all or classify(name) in ("sqlite", "tfevents", "wandb-log"):
        walker.add_file(rel, "ignored")


def _find_store_roots(paths) -> dict[str, str]:
    """Directories that hold a tracking store, keyed by repo-relative path."""
    roots: dict[str, str] = {}
    pathset = set(paths)
    for p in pathset:
        parts = p.split("/")
        for i, part in enumerate(parts[:-1]):
            fam = NAMED_STORES.get(part)
            if fam:
                roots.setdefault("/".join(parts[: i + 1]), fam)
                break
            if part == ".hydra" and i > 0:
                # Hydra writes every run under outputs/ or multirun/: the whole tree is the store.
                top = next((j for j in range(i) if parts[j] in ("outputs", "multirun")), None)
                roots.setdefault("/".join(parts[: (top + 1) if top is not None else i]), "hydra")
                break
        name = parts[-1]
        parent = "/".join(parts[:-1])
        if name.startswith("events.out.tfevents."):
            roots.setdefault(parent or ".", "tensorboard")
        elif name == "run.json" and parent and f"{parent}/config.json" in pathset:
            # The observer directory (parent of the run ids) also holds _sources/.
            observer = parent.rsplit("/", 1)[0] if "/" in parent else parent
            roots.setdefault(observer, "sacred")
    # Keep only outermost roots so a file belongs to one store.
    out = {}
    for r in sorted(roots, key=lambda s: (s.count("/"), s)):
        if not any(r == o or r.startswith(o + "/") for o in out if o != "."):
            out[r] = roots[r]
    return out


def _store_of(rel: str, roots: dict[str, str]) -> str:
    p = rel
    while "/" in p:
        p = p.rsplit("/", 1)[0]
        if p in roots:
            return p
    return "." if "." in roots and rel.startswith("events.out.tfevents.") else ""
