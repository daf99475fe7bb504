"""Build the SourceIndex: every project file read once and parsed once.

Per-file work is a pure function of (root, entry) so it can run in a process pool; the pool is
used only when the tree is large enough to pay for starting workers.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..inventory import FileEntry, Inventory
from ..model import REPORT_MARKER, Evidence, Note
from . import manifests as mf
from .addressed import find_addressed
from .configs import PARSERS, ConfigDoc
from .lines import LineTable, blank_data_lines, reduce_for_scan
from .markup import MARKUP_SUFFIXES, as_markdown
from .notebooks import parse_notebook
from .python_facts import ModuleFacts, parse_python
from .secrets import SecretHit, scan_cells, scan_secrets

TEXT_KINDS = frozenset(
    {
        "doc",
        "makefile",
        "shell",
        "meta",
        "dotenv",
        "snakefile",
        "license",
        "singularity",
        "dockerfile",
    }
)
# Prose whose data lines (inline images) are emptied before any rule searches it.
PROSE_KINDS = frozenset({"doc", "text", "meta", "license"})
MAX_TEXT_BYTES = 1024 * 1024
# Configuration JSON (HF config.json, DeepSpeed, launch settings) stays under ~100 KB; a JSON
# document over 512 KB is data: annotations (COCO), vocabularies, dataset splits, exported frames.
MAX_JSON_BYTES = 512 * 1024
POOL_MIN_FILES = 1200
POOL_MIN_BYTES = 24 * 1024 * 1024
MAX_MENTION_FILES = 25
# Note kind for text addressed to AI agents; the report lists where, never what it says.
ADDRESSED = "addressed-to-agents"


@dataclass
class FileResult:
    path: str
    kind: str
    module: ModuleFacts | None = None
    config: ConfigDoc | None = None
    text: str | None = None
    shell: list[tuple[int, int, str]] = field(default_factory=list)
    markdown: list[str] = field(default_factory=list)
    deps: list[mf.Dependency] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)
    images: list[mf.BaseImage] = field(default_factory=list)
    mentions: dict[str, tuple[int, int]] = field(default_factory=dict)  # keyword -> (line, cell)
    notes: list[Note] = field(default_factory=list)
    secrets: list[SecretHit] = field(default_factory=list)  # locations only, never values
    # Where text addresses AI agents with instructions: (line, cell, in a saved output). Never the text.
    addressed: list[tuple[int, int, bool]] = field(default_factory=list)
    lines: int = 0
    outputs: int = 0  # saved cell outputs of a notebook


@dataclass
class SourceIndex:
    modules: dict[str, ModuleFacts] = field(default_factory=dict)  # .py and .ipynb
    configs: dict[str, ConfigDoc] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    shell: list[tuple[str, int, int, str]] = field(default_factory=list)  # path, cell, line, cmd
    markdown: dict[str, list[str]] = field(default_factory=dict)  # notebook -> markdown cells
    dependencies: list[mf.Dependency] = field(default_factory=list)
    includes: dict[str, list[str]] = field(default_factory=dict)
    base_images: list[mf.BaseImage] = field(default_factory=list)
    python_version_pins: list[Evidence] = field(default_factory=list)
    mentions: dict[str, list[Evidence]] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    secrets: list[SecretHit] = field(default_factory=list)  # locations only, never values
    python_lines: int = 0
    files_parsed: int = 0
    notebook_outputs: dict[str, int] = field(default_factory=dict)  # notebook -> saved cell outputs
    # Per-file results by path (reused by a self-healing pass) and how they were obtained.
    results: dict[str, FileResult] = field(default_factory=dict, repr=False)
    sizes: dict[str, int] = field(default_factory=dict, repr=False)
    stats: IndexStats | None = None
    store_secrets: list[SecretHit] = field(default_factory=list, repr=False)
    store_files: tuple = ()
    pack: object = field(default=None, repr=False)  # cache.FactPack, shared with a self-healing pass

    def notebooks(self) -> list[str]:
        return [p for p in self.modules if p.endswith(".ipynb")]


def _decode(raw: bytes) -> tuple[str, bool]:
    try:
        return raw.decode("utf-8-sig"), True
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace"), False


# Text files that may hold a conda environment spec (`conda list --explicit > spec-file.txt`); the
# content decides (manifests.is_conda_spec).
_CONDA_SPEC_NAME = re.compile(r"(^|/)[\w.-]*(spec|conda|env|environment|packages)[\w.-]*\.txt$", re.I)


def _wants(entry: FileEntry) -> bool:
    if entry.store:
        return False
    if entry.kind in ("python", "notebook", "yaml", "toml", "ini", "requirements", "json"):
        return True
    if entry.kind == "text" and _CONDA_SPEC_NAME.search(entry.path):
        return True
    return entry.kind in TEXT_KINDS


def index_file(root: str, entry: FileEntry, mention_words: tuple[str, ...] = ()) -> FileResult:
    res = FileResult(entry.path, entry.kind)
    if not entry.parseable:
        res.notes.append(
            Note("skipped-large", entry.path, f"{entry.size / 1e6:.0f} MB, over the parse limit")
        )
        return res
    if entry.kind == "json" and entry.size > MAX_JSON_BYTES:
        return res  # a data file, not a config
    if entry.kind in (*TEXT_KINDS, "text") and entry.size > MAX_TEXT_BYTES and entry.kind != "dockerfile":
        return res
    try:
        with open(os.path.join(root, entry.path), "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        res.notes.append(Note("unreadable", entry.path, exc.strerror or str(exc)))
        return res
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        # UTF-16 with a byte-order mark (pip freeze redirected on Windows PowerShell): text, not binary.
        with contextlib.suppress(UnicodeDecodeError):
            raw = raw.decode("utf-16").encode("utf-8")
    if b"\0" in raw[:8192] and entry.kind != "notebook":
        res.notes.append(Note("binary", entry.path, "contains NUL bytes; not read as text"))
        return res
    text, clean = _decode(raw)
    if not clean:
        res.notes.append(Note("encoding", entry.path, "not valid UTF-8; read with replacement characters"))
    if kind_is_report(entry.kind, text):
        return res  # an earlier audit's report, wherever it was written, is not project evidence
    res.lines = text.count("\n") + 1
    skipped = [0, 0]  # data lines no pattern scan reads, long lines read only in part
    if entry.kind != "notebook":
        res.secrets = scan_secrets(entry.path, text, skipped)
    name = entry.path.rsplit("/", 1)[-1].lower()
    kind = entry.kind
    cells: list[tuple[int, str]] = []
    outputs: list[tuple[int, str]] = []
    try:
        if kind == "python":
            res.module = parse_python(entry.path, text)
            if name == "setup.py":
                res.deps = mf.parse_setup_py(res.module)
            elif "metaflow" in text:
                res.deps = mf.parse_metaflow_env(res.module)
        elif kind == "notebook":
            res.module, res.shell, res.markdown = parse_notebook(
                entry.path,
                text,
                on_cell=lambda n, src: cells.append((n, src)),
                on_output=lambda n, out: outputs.append((n, out)),
            )
            res.outputs = len(outputs)
            # Pasted screenshots are data, not prose: the rules' searches never see them.
            res.markdown = [blank_data_lines(md)[0] for md in res.markdown]
            # An unreadable notebook is still text that may hold a credential.
            res.secrets = (
                scan_cells(entry.path, cells, skipped) if cells else scan_secrets(entry.path, text, skipped)
            )
        elif kind == "requirements":
            res.deps, res.includes = mf.parse_requirements(entry.path, text)
            res.text = text
        elif kind in PARSERS:
            res.config = PARSERS[kind](entry.path, text)
            _manifest_from_config(name, res, text)
            if kind == "yaml" and is_compose(name):
                res.images = mf.parse_compose(res.config)
        elif kind in TEXT_KINDS or kind == "text":
            res.text = blank_data_lines(text)[0] if kind in PROSE_KINDS else text
            if kind == "doc" and entry.path.lower().endswith(MARKUP_SUFFIXES):
                res.text = as_markdown(entry.path, res.text)
            if entry.path.lower().endswith(".txt") and mf.is_conda_spec(text):
                res.deps = mf.parse_conda_spec(entry.path, text)
            if kind == "dockerfile":
                res.images, res.deps = mf.parse_dockerfile(entry.path, text)
            elif kind == "shell" and mf.SETUP_SCRIPT.search(entry.path):
                res.deps = mf.parse_setup_script(entry.path, text)
            elif kind == "shell" and mf.INSTALLS.search(text) and not mf.TOOLING_DIR.search(entry.path):
                # scripts/dependency.sh building a machine image: a script that installs several
                # packages sets the environment up, whatever its name; one `pip install -e .` does not
                deps = mf.parse_setup_script(entry.path, text)
                if len({d.name for d in deps if d.name not in mf.DEV_TOOLS}) >= mf.SETUP_SCRIPT_MIN:
                    res.deps = deps
            elif kind == "singularity":
                res.images = mf.parse_singularity(entry.path, text)
    except RecursionError:
        res.notes.append(Note("parse-error", entry.path, "nesting too deep to parse"))
    if res.module is not None:
        derive(res.module)
    if res.module is not None and res.module.error:
        res.notes.append(Note("parse-error", entry.path, res.module.error))
    elif res.module is not None and res.module.syntax_note:
        res.notes.append(Note("other-python-syntax", entry.path, res.module.syntax_note))
    if res.config is not None and res.config.error:
        res.notes.append(Note("parse-error", entry.path, res.config.error))
    elif res.config is not None and res.config.truncated:
        res.notes.append(Note("truncated", entry.path, "only the first 5,000 keys (or 40 levels) were read"))
    res.addressed = _addressed(text, cells, outputs) if kind == "notebook" else find_addressed_lines(text)
    data_lines = cut_lines = 0
    if mention_words:
        if kind == "notebook" and cells:
            # Lines of the raw JSON mean nothing to a reader: cite the cell and its line.
            for number, src in cells:
                src, n, c = reduce_for_scan(src)
                data_lines, cut_lines = data_lines + n, cut_lines + c
                for key, line in find_mentions(src, mention_words).items():
                    res.mentions.setdefault(key, (line, number))
        else:
            scanned, data_lines, cut_lines = reduce_for_scan(text)
            res.mentions = {k: (line, 0) for k, line in find_mentions(scanned, mention_words).items()}
    data_lines, cut_lines = max(data_lines, skipped[0]), max(cut_lines, skipped[1])
    if data_lines or cut_lines:
        parts = []
        if data_lines:
            parts.append(f"{data_lines} data line(s) over 4 KB (base64 image, data URI) not searched")
        if cut_lines:
            parts.append(f"{cut_lines} line(s) over 64 KB (minified) searched only in their first 64 KB")
        res.notes.append(
            Note("data-lines-skipped", entry.path, "; ".join(parts) + " for credentials and tool mentions")
        )
    return res


def derive(module: ModuleFacts) -> None:
    """The per-module parts of later stages (they read this module's facts alone), computed here so
    that the worker pool runs them in parallel and the content cache keeps them: a re-audit only
    replays them. The code that computes them is part of the cache's fingerprint."""
    from ..detect.engine import parse_time_hits
    from ..records import _resume_parts
    from .python_facts import option_defaults

    option_defaults(module)  # kept on the module (its own defaults; detection merges the project's)
    module.derived["detect"] = parse_time_hits(module)
    module.derived["resume"] = _resume_parts(module)


def find_addressed_lines(text: str) -> list[tuple[int, int, bool]]:
    return [(line, 0, False) for line in find_addressed(text)]


def _addressed(text: str, cells, outputs) -> list[tuple[int, int, bool]]:
    """A notebook's hits by cell (source line, or its saved output); the raw JSON if unreadable."""
    if not cells and not outputs:
        return find_addressed_lines(text)
    hits = [(line, n, False) for n, src in cells for line in find_addressed(src)]
    hits += [(0, n, True) for n, out in outputs if find_addressed(out)]
    return sorted(set(hits), key=lambda h: (h[1], h[2], h[0]))


# Product names made of common words: a mention only when written as a name.
_NAMES_OF_WORDS = frozenset({"weights & biases", "weights and biases"})


def find_mentions(text: str, words) -> dict[str, int]:
    """First line of each word that appears as a whole word; str.find keeps this a C-speed scan."""
    low = text.lower()
    found = {}
    n = len(low)
    table = None
    for word in words:
        i = low.find(word)
        while i >= 0:
            before = low[i - 1] if i else " "
            j = i + len(word)
            after = low[j] if j < n else " "
            if (
                not (before.isalnum() or before in "_.-")
                and not (after.isalnum() or after in "_-")
                # "initializing weights and biases": a network's parameters; the product is a name,
                # written capitalised (Weights & Biases)
                and not (word in _NAMES_OF_WORDS and text[i].islower())
            ):
                table = table or LineTable(low)
                found[word] = table.line_of(i)
                break
            i = low.find(word, i + 1)
    return found


def kind_is_report(kind: str, text: str) -> bool:
    return kind == "doc" and REPORT_MARKER in text[:600]


def is_compose(name: str) -> bool:
    """A Docker Compose file, by its (lower-case) file name."""
    return name.startswith(("docker-compose", "compose.")) or name in (
        "compose.yaml",
        "compose.yml",
    )


def _manifest_from_config(name: str, res: FileResult, text: str = "") -> None:
    doc = res.config
    if name in ("poetry.lock", "uv.lock", "pdm.lock") and (doc is None or doc.error or doc.truncated):
        # A long lock is more than a document keeps: its packages are read from the text itself.
        res.deps = mf.lock_packages_from_text(res.path, text, name.replace(".lock", "-lock"))
        return
    if doc is None or doc.error:
        return
    if name == "pyproject.toml":
        res.deps = mf.parse_pyproject(doc)
    elif name == "setup.cfg":
        res.deps = mf.parse_setup_cfg(doc)
    elif name == "pipfile":
        res.deps = mf.parse_pipfile(doc)
    elif name in ("poetry.lock", "uv.lock", "pdm.lock"):
        res.deps = mf.parse_lock_packages(doc, name.replace(".lock", "-lock"))
    elif name == "pipfile.lock":
        res.deps = mf.parse_lock_packages(doc, "pipfile.lock")
    elif name == "cog.yaml":
        res.deps, res.images, _ = mf.parse_cog(doc)
    elif name.endswith((".yml", ".yaml")) and (
        name.startswith(("environment", "conda")) or {"dependencies", "channels"} <= doc.top_keys()
    ):
        # env.yml, py38.yaml: a conda environment by what it holds (channels and dependencies)
        if "dependencies" in doc.top_keys() or "package" in doc.top_keys():
            res.deps = mf.parse_conda(doc)


def _merge(index: SourceIndex, res: FileResult) -> None:
    index.notes.extend(res.notes)
    for line, cell, output in res.addressed:
        where = f"cell {cell} output" if output else f"cell {cell} line {line}" if cell else f"line {line}"
        index.notes.append(Note(ADDRESSED, res.path, where))
    index.secrets.extend(res.secrets)
    if res.module is not None:
        index.modules[res.path] = res.module
        if res.kind == "notebook":
            index.notebook_outputs[res.path] = res.outputs
        index.python_lines += res.module.lines
        if res.path.rsplit("/", 1)[-1] == "setup.py":
            found = mf.setup_python_requires(res.module)
            if found:
                index.python_version_pins.append(Evidence(res.path, found[1], f"python_requires {found[0]}"))
        elif res.kind == "python" and any(i.module.startswith("metaflow") for i in res.module.imports):
            found = mf.metaflow_python(res.module)
            if found:
                index.python_version_pins.append(Evidence(res.path, found[1], f"python {found[0]}"))
    if res.config is not None:
        index.configs[res.path] = res.config
        name = res.path.rsplit("/", 1)[-1]
        if name == "pyproject.toml" and not res.config.error:
            pin = mf.python_version_pin(res.config)
            if pin:
                index.python_version_pins.append(Evidence(res.path, 0, f"requires-python {pin}"))
        elif name == "cog.yaml" and not res.config.error:
            python = mf.parse_cog(res.config)[2]
            if python:
                index.python_version_pins.append(Evidence(res.path, python[1], f"python_version {python[0]}"))
        elif name == "Pipfile" and not res.config.error:
            # [requires] python_version = "3.7": pipenv makes the environment with that interpreter
            for key, value, line in res.config.entries:
                if key in ("requires.python_version", "requires.python_full_version") and isinstance(
                    value, str
                ):
                    index.python_version_pins.append(Evidence(res.path, line, f"python_version {value}"))
                    break
        elif name == "setup.cfg" and isinstance(res.config.get("options.python_requires"), str):
            pin = res.config.get("options.python_requires")
            line = next((ln for k, _, ln in res.config.entries if k == "options.python_requires"), 0)
            index.python_version_pins.append(Evidence(res.path, line, f"python_requires {pin}"))
    if res.text is not None:
        index.texts[res.path] = res.text
    for cell, line, cmd in res.shell:
        index.shell.append((res.path, cell, line, cmd))
    if res.markdown:
        index.markdown[res.path] = res.markdown
    index.dependencies.extend(res.deps)
    if res.includes:
        index.includes[res.path] = res.includes
    index.base_images.extend(res.images)
    for key, (line, cell) in res.mentions.items():
        lst = index.mentions.setdefault(key, [])
        if len(lst) < MAX_MENTION_FILES:
            lst.append(Evidence(res.path, line, "mentioned", cell))
    if res.module is not None or res.config is not None or res.text is not None:
        index.files_parsed += 1


@contextlib.contextmanager
def paused_gc():
    """Pause the cyclic garbage collector during bulk parsing.

    ASTs and facts are acyclic and freed by reference counting, yet the millions of objects they
    create trigger collection after collection over a growing heap: pausing it makes the index
    stage about 1.5x faster. The previous state is restored; nothing is collected here (a parsing
    worker, forked while the collector is paused, collects per chunk itself: _index_chunk).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _index_chunk(
    root: str, entries: list[FileEntry], mention_words, encode: bool = False, worker: bool = False
) -> list:
    """Index ``entries``; ``encode``: return each result as codec bytes (a worker's answer is
    pickled to the parent anyway, so encoding it here costs nothing extra and the parent can
    put the same bytes in the content cache)."""
    with paused_gc():
        out = [index_file(root, e, mention_words) for e in entries]
    if worker and not gc.isenabled():
        # a worker forked while the parent paused its collector never collects on its own: the cycles
        # parsing leaves behind would stay (~60 MB more per chunk on the 5,000-module tree); one pass
        # per chunk frees them. (In the audit's own process a full pass would walk all it holds.)
        gc.collect()
    if encode:
        from .codec import dumps

        for i, res in enumerate(out):
            out[i] = _encoded(dumps, res)  # in place: the worker never holds a chunk twice
    return out


def _encoded(dumps, res: FileResult):
    try:
        return dumps(res)
    except ValueError:
        return res  # no byte form: sent as it is, and not cached


@dataclass
class IndexStats:
    """How the index was built: what was parsed, what came from the cache or an earlier pass."""

    parsed: int = 0
    cached: int = 0
    reused: int = 0
    rejected: int = 0  # cache entries found corrupt or foreign, and rebuilt

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def wanted_entries(inventory: Inventory, expand: int = 0) -> list[FileEntry]:
    """The files the index reads; ``expand`` >= 2 (self-healing) adds plain .txt files."""
    return [e for e in inventory.files if _wants(e) or (expand >= 2 and e.kind == "text" and not e.store)]


def build_index(
    inventory: Inventory,
    mention_words: tuple[str, ...] = (),
    jobs: int | None = None,
    expand: int = 0,
    cache_dir: str | os.PathLike | None = None,
    reuse: SourceIndex | None = None,
    progress=None,
) -> SourceIndex:
    """Index every project file; ``expand`` >= 2 (self-healing) also reads plain .txt files.

    ``reuse``: an index of the same tree built earlier in this audit; its per-file results are
    taken as they are and only files it did not read are parsed. ``cache_dir``: the content
    cache (``experiment_tracking.cache``); hits are decoded instead of parsed, misses are stored.
    ``progress(stage, done, total)`` is told how far parsing got.
    """
    root = str(inventory.root)
    entries = wanted_entries(inventory, expand)
    stats = IndexStats()
    by_path: dict[str, FileResult] = {}
    todo = entries
    if reuse is not None:
        for e in entries:
            prev = reuse.results.get(e.path)
            if prev is not None and reuse.sizes.get(e.path) == e.size:  # a changed file is read again
                by_path[e.path] = prev
        stats.reused = len(by_path)
        todo = [e for e in entries if e.path not in by_path]
    pack = keys = None
    if cache_dir is not None:
        pack = (
            reuse.pack if reuse is not None and reuse.pack is not None else _open_pack(inventory, cache_dir)
        )
    if pack is not None and todo:
        todo, keys = _from_cache(inventory, todo, mention_words, pack, by_path, stats)
    stats.parsed = len(todo)
    total = sum(e.size for e in todo)
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 8)
    results: list
    if workers > 1 and (len(todo) >= POOL_MIN_FILES or total >= POOL_MIN_BYTES):
        with paused_gc():  # decoding the workers' results builds as many objects as parsing
            results = _pooled(root, todo, mention_words, workers, progress, encode=pack is not None)
    else:
        results = []
        step = max(1, len(todo) // 50)
        for i in range(0, len(todo), step):
            results.extend(_index_chunk(root, todo[i : i + step], mention_words))
            if progress is not None:
                progress("index", min(i + step, len(todo)), len(todo))
    key_of = dict(keys or [])
    with paused_gc():
        for i, item in enumerate(results):
            res, cacheable = _decoded(item)
            by_path[res.path] = res
            # Each worker's bytes go once decoded (or once in the pack): never all held twice.
            results[i] = None
            key = key_of.get(res.path) if pack is not None else None
            if key is not None and cacheable and not any(n.kind == "unreadable" for n in res.notes):
                _store(pack, key, res, item)  # a read error may be gone next time: not stored
    if pack is not None:
        pack.save({e.path for e in entries})
        if results:
            pack.prune()
        stats.rejected += pack.rejected
        pack.rejected = 0
        pack.release()
    index = SourceIndex()
    with paused_gc():
        for path in sorted(by_path):
            _merge(index, by_path[path])
    star_imported_names(index)
    index.results = by_path
    index.pack = pack
    index.sizes = {e.path: e.size for e in entries}
    index.stats = stats
    if reuse is not None and reuse.store_files == _store_files(inventory):
        index.store_secrets = reuse.store_secrets
    else:
        index.store_secrets = scan_store_secrets(root, inventory)
    index.store_files = _store_files(inventory)
    index.secrets.extend(index.store_secrets)
    index.notes.sort()
    return index


def star_imported_names(index: SourceIndex) -> None:
    """Calls through names a project module passes on to `from module import *` (DCGAN's ops.py binds
    `SummaryWriter = tf.summary.FileWriter`; model.py calls `SummaryWriter(...)`) are resolved to the
    library names, and the module's detection hits recomputed. Calls already resolved keep their
    names, so a second pass over the same facts (a self-healing iteration) changes nothing."""
    from ..detect.engine import parse_time_hits, project_imports, project_modules, project_roots

    importers = [m for m in index.modules.values() if m.star_imports]
    if not importers:
        return
    imports, by_dotted = project_imports(index), project_modules(index)
    path_of = {p: d for d, p in by_dotted.items()}
    own = project_roots(index)  # the project's own functions keep their names: rules look them up
    for m in importers:
        names: dict[str, str] = {}
        for star in m.star_imports:
            for hit in imports.get(m.path, ()):
                dotted = path_of.get(hit, "")
                if dotted == star or dotted.endswith("." + star):
                    for k, v in index.modules[hit].exports.items():
                        if v.split(".", 1)[0] not in own:
                            names.setdefault(k, v)
        if not names:
            continue
        used = set()
        for i, c in enumerate(m.calls):
            head, dot, rest = c.name.partition(".")
            full = names.get(head.removesuffix("()"))
            if full and not full.startswith(head):
                m.calls[i] = c._replace(name=full + head[len(head.removesuffix("()")) :] + dot + rest)
                used.add(full)
        if used:
            # the library is imported where the star import is, as if by name
            at = next(i for i in m.imports if i.module in m.star_imports)
            have = {i.module for i in m.imports}
            m.imports.extend(at._replace(module=full) for full in sorted(used - have))
            m.derived["detect"] = parse_time_hits(m)


def _store_files(inventory: Inventory) -> tuple:
    return tuple((f.path, f.size) for f in inventory.files if f.store)


def _open_pack(inventory: Inventory, cache_dir):
    from ..cache import FactPack

    return FactPack(Path(cache_dir), inventory.root)


def _decoded(item) -> tuple[FileResult, bool]:
    """A result as parsed, or decoded from a worker's bytes, and whether it may be cached: bytes
    the fact-only decoder refuses (a fact class it does not list yet) came through the pool's
    own pipe and are read with the plain decoder, but a later audit could not read them back."""
    if type(item) is not bytes:
        return item, True
    from .codec import loads

    try:
        return loads(item), True
    except ValueError:
        import pickle

        return pickle.loads(item), False


def _store(pack, key: str, res: FileResult, item) -> None:
    """Put a parsed file's bytes in the pack under its key (written once, by ``save``)."""
    from .codec import Unencodable, dumps

    if type(item) is not bytes:
        try:
            item = dumps(res)
        except (Unencodable, ValueError, RecursionError):
            return
    pack.put(key, res.path, item)


def _from_cache(inventory, entries, mention_words, pack, by_path, stats):
    """Take what the pack holds; return the entries still to parse and (path, key) pairs."""
    import hashlib

    from ..cache import entry_key, git_blob_ids, stat_id
    from .codec import loads

    root = str(inventory.root)
    blobs = git_blob_ids(inventory.root) if inventory.is_git else {}
    salt = hashlib.sha256("\n".join(mention_words).encode()).hexdigest()[:16]
    todo, keys = [], []
    with paused_gc():
        for e in entries:
            blob = blobs.get(e.path)
            content = f"git:{blob}" if blob else stat_id(root, e.path)
            key = entry_key(e.path, e.kind, content, salt) if content else None
            body = pack.get(key) if key else None
            if body is not None:
                try:
                    res = loads(body)
                except ValueError:
                    res = None
                if res is not None and res.path == e.path and res.kind == e.kind:
                    by_path[e.path] = res
                    stats.cached += 1
                    continue
                pack.reject(key)  # a whole entry that is not this file's facts
            todo.append(e)
            if key:
                keys.append((e.path, key))
    return todo, keys


STORE_SCAN_KINDS = frozenset({"yaml", "json", "jsonl", "text", "other", "ini", "dotenv", "toml"})
MAX_STORE_SCAN_BYTES = 64 * 1024
MAX_STORE_SCAN_FILES = 20_000


def scan_store_secrets(root: str, inventory: Inventory) -> list[SecretHit]:
    """Credentials that runs recorded (params, tags, configs, metadata), by location only.

    Run stores are not parsed here (the run readers do that); their small text files are only
    searched for credentials. A file without an extension is a single value named by the file
    (MLflow params and tags), so it is scanned as ``name = "value"``.
    """
    hits: list[SecretHit] = []
    scanned = 0
    for f in inventory.files:
        if not f.store or f.kind not in STORE_SCAN_KINDS or f.size > MAX_STORE_SCAN_BYTES:
            continue
        scanned += 1
        if scanned > MAX_STORE_SCAN_FILES:
            break
        try:
            with open(os.path.join(root, f.path), "rb") as fh:
                raw = fh.read(MAX_STORE_SCAN_BYTES + 1)
        except OSError:
            continue
        if b"\0" in raw:
            continue
        text = raw.decode("utf-8", "replace")
        name = f.path.rsplit("/", 1)[-1]
        if "." not in name and "\n" not in text.strip():
            hits.extend(
                SecretHit(f.path, 1, h.kind) for h in scan_secrets(f.path, f'{name} = "{text.strip()}"')
            )
        else:
            if f.kind == "yaml":
                # W&B run configs nest each value ("key:\n  value: v"): fold it onto the key line
                # so a credential is seen beside its name; blank lines keep the line numbers.
                text = _WANDB_VALUE.sub(
                    lambda m: f"{m.group(1)}: {m.group(3)}" + "\n" * m.group(0).count("\n"), text
                )
            hits.extend(scan_secrets(f.path, text))
    return hits


_WANDB_VALUE = re.compile(r"^(\S[^\n:]*):\n((?:  desc:[^\n]*\n)?)  value: ([^\n]*)", re.MULTILINE)


def _pooled(root, entries, mention_words, workers, progress=None, encode: bool = False) -> list:
    """Results in the order of ``entries``; ``encode``: as codec bytes where they have a byte
    form, for the content cache. Without a cache the pool sends objects: one pickle per chunk
    shares the strings its files have in common, where per-file bytes decode to copies
    (~25 MB more at peak on the 5,000-module tree)."""
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # Interleave by size so each worker gets a similar share of big files.
    order = sorted(range(len(entries)), key=lambda i: -entries[i].size)
    n = workers * 4
    chunks = [order[i::n] for i in range(n)]
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {
                pool.submit(_index_chunk, root, [entries[i] for i in c], mention_words, encode, True): c
                for c in chunks
                if c
            }
            slots: list = [None] * len(entries)
            done = 0
            for f in as_completed(futures):
                for i, item in zip(futures[f], f.result(), strict=True):
                    slots[i] = item
                done += len(futures[f])
                if progress is not None:
                    progress("index", done, len(entries))
            return slots
    except (OSError, RuntimeError):  # no fork/spawn available: fall back to one process
        return _index_chunk(root, entries, mention_words, encode=encode)


def per_index(index, name: str, build):
    """``build(index)`` computed once per index and kept on it; rebuilt when the set of modules has
    changed (a heal pass admits new files into the same index)."""
    cached = getattr(index, name, None)
    if cached is not None and cached[0] == len(index.modules):
        return cached[1]
    value = build(index)
    setattr(index, name, (len(index.modules), value))
    return value
