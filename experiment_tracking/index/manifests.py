"""Dependency manifests: which packages a project declares, where, and how tightly pinned.

Each parser takes the text (and, for structured formats, the already-parsed ConfigDoc or Python
facts) so no file is read or parsed twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .configs import ConfigDoc
from .docker_from import FromReader
from .python_facts import Dyn, ModuleFacts

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._\-]*)(\[[^\]]*\])?\s*(.*)$")


@dataclass(frozen=True)
class Dependency:
    name: str  # normalised (PEP 503): lowercase, runs of -_. become -
    spec: str  # version part as written ("==1.2.3", ">=2", "" ...)
    path: str
    line: int
    source: str  # requirements | pyproject | poetry | setup.py | setup.cfg | pipfile | conda | lock | docker | ...
    pin: str  # exact | range | none
    hashed: bool = False
    extras: str = ""  # "[tune]" as written: ray[tune] brings Ray Tune, ray alone does not
    # listed for the developers (an extra or group named dev, test, docs, lint): black==19.3b0 pins no part of
    # the environment a run trains in, though pytest there says the project has tests
    dev: bool = False

    @property
    def exact(self) -> bool:
        return self.pin == "exact"


@dataclass(frozen=True)
class BaseImage:
    path: str
    line: int
    image: str
    tag: str
    digest: str
    # The ARGs, given no default, that pick the image when it is built (FROM ${BASE_IMAGE}): the
    # repository does not say which image that is, so it is neither pinned nor `latest`.
    build_args: tuple[str, ...] = ()

    @property
    def pinned(self) -> bool:
        return not self.build_args and bool(self.digest or (self.tag and not floating_tag(self.tag)))

    @property
    def shown(self) -> str:
        if self.build_args:
            args = ", ".join(self.build_args)
            return f"{self.image}, chosen at build time: no default for ARG {args} before the first FROM"
        return f"{self.image}:{self.tag or 'latest'}" + (" @digest" if self.digest else "")


# Tags an image's maintainers move to each new build: `latest`, `latest-fips-dev`, `nightly-gpu`, `main`
_MOVING_WORDS = frozenset({"latest", "nightly", "edge", "main", "master", "rolling", "unstable", "canary"})
# ... and variant names with no version beside them: `python:slim` and `tensorflow:devel-gpu` follow the
# newest release (`3.10-slim`, `2.4.0-devel-gpu` do not)
_VARIANT_WORDS = frozenset({"stable", "slim", "dev", "devel", "gpu", "cpu", "alpine", "runtime", "base"})


def floating_tag(tag: str) -> bool:
    """A tag that names whatever the image's newest build is, not one release of it."""
    words = set(re.split(r"[-_.]", tag.lower()))
    if any(re.fullmatch(r"[0-9a-f]{7,40}", w) and re.search(r"\d", w) for w in words):
        return False  # main-3f2a9c1: a build of one commit
    if words & _MOVING_WORDS:
        return True
    # devel-gpu-py3: the Python it is built for is no version of the image
    versioned = any(re.search(r"\d", w) and not re.fullmatch(r"py\d*|cuda|cu\d*", w) for w in words)
    return not versioned and words <= _VARIANT_WORDS | {"fips", "py3", "py2"}


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def classify_pin(spec: str) -> str:
    spec = spec.strip()
    if not spec or spec == "*":
        return "none"
    # a version after ==, not a word (`mmcv-full==latest` in a Dockerfile is no release pip can install)
    if re.match(r"===?\s*v?\d", spec) and "*" not in spec and "," not in spec:
        return "exact"
    # ~=2.6.0 and ==2.6.*: one release series, bug-fix releases only (as conda's "pkg=2.6" below)
    if re.fullmatch(r"~=\s*\d+\.\d+\.\d+[\w.]*|==\s*\d+\.\d+\.\*", spec):
        return "exact"
    if re.fullmatch(r"\d+(\.\d+)*([a-z]+\d*)?", spec):  # poetry/conda "1.2.3"
        return "exact"
    if spec.startswith("=") and not spec.startswith("==") and re.fullmatch(r"=\d[\w.]*(=[\w.]+)?", spec):
        return "exact"  # conda "pkg=1.2.3", and `conda list --export`'s "pkg=1.2.3=py38_0" (with its build)
    return "range"


_WHEEL_URL = re.compile(r"^(?:https?|file)://\S*/(?P<name>[A-Za-z0-9_.]+)-(?P<version>\d[\w.+!]*)-\S*\.whl$")


def _wheel(url: str):
    """The name and version a wheel's URL names, its quoting (%2B) and #sha256= fragment aside."""
    if "whl" not in url:
        return None  # every requirement line passes here: most name no wheel
    from urllib.parse import unquote

    return _WHEEL_URL.match(unquote(url.split("#", 1)[0]))


# a YAML list item of `conda env export`: name=version or name=version=build, or its pip section's
# name==version
_CONDA_ITEM = re.compile(r"-\s+([A-Za-z0-9][\w.-]*)(==?\d[\w.+!]*(?:=[\w.]+)?)")


# A git URL fixed to one revision: a commit (full or abbreviated) or a release tag (@v0.6); a branch
# (@main, @master) or no ref at all follows the branch head
_PINNED_REF = re.compile(r"@(?:[0-9a-f]{7,40}|v?\d+(?:\.\d+)+[\w.-]*)(?=$|[#&\s/])")
_VCS_REPO = re.compile(r"(?:git|hg|svn)\+\w+://[^\s#]*/([A-Za-z0-9][\w.-]*?)(?:\.git)?(?:@[^\s/#]+)?/?$")


def _requirement(line_text: str, path: str, line: int, source: str) -> Dependency | None:
    text = re.split(r"\s#", line_text, maxsplit=1)[0].strip()
    if text.startswith(("git+", "hg+", "svn+")) and "#egg=" in text:
        # git+https://github.com/x/d4rl@master#egg=d4rl: a dependency, pinned only by a commit hash
        name = text.split("#egg=", 1)[1].split("&", 1)[0].strip()
        exact = _PINNED_REF.search(text) is not None
        if name:
            return Dependency(
                normalize(name), "@url", path, line, source, "exact" if exact else "range", False
            )
    vcs = _VCS_REPO.match(text)
    if vcs:
        # git+https://github.com/MultiPath/fairseq-stable.git: a fork installed from its repository, named by
        # it; the default branch's head on the day of install unless a commit is given
        exact = _PINNED_REF.search(text) is not None
        return Dependency(
            normalize(vcs.group(1)), "@url", path, line, source, "exact" if exact else "range", False
        )
    wheel = _wheel(text)
    if wheel:
        # http://download.pytorch.org/whl/cu80/torch-0.4.0-cp35-cp35m-linux_x86_64.whl: the file name holds
        # the release (and the interpreter it was built for): one exact version
        return Dependency(
            normalize(wheel.group("name")), "==" + wheel.group("version"), path, line, source, "exact", False
        )
    if source == "requirements":
        # `- numpy=1.18.1=py37h4f9e942_0`: `conda env export`'s list pasted into a requirements file
        # names each package and its exact build, as a pip requirement does
        item = _CONDA_ITEM.fullmatch(text)
        if item:
            spec = item.group(2)
            return Dependency(normalize(item.group(1)), spec, path, line, source, classify_pin(spec), False)
    if not text or text.startswith(("#", "-", "git+", "http:", "https:", "file:", ".", "/")):
        return None
    hashed = "--hash" in text
    text = text.split(";", 1)[0].split("--hash", 1)[0].strip()
    if " @ " in text:
        name, url = (x.strip() for x in text.split(" @ ", 1))
        wheel = _wheel(url)
        if wheel:
            # torch @ https://.../torch-1.11.0%2Bcu113-cp38-...whl (as pip freeze writes it): a release
            return Dependency(
                normalize(name), "==" + wheel.group("version"), path, line, source, "exact", hashed
            )
        # pkg @ git+https://...@<40-hex commit> is pinned; a branch, tag-less URL or a moving ref is not.
        exact = _PINNED_REF.search(url) is not None or url.endswith((".whl", ".tar.gz", ".zip"))
        return Dependency(normalize(name), "@url", path, line, source, "exact" if exact else "range", hashed)
    m = _NAME.match(text)
    if not m:
        return None
    spec = m.group(3).strip().replace(" ", "")
    if spec.startswith("(") and spec.endswith(")"):
        spec = spec[1:-1]
    extras = (m.group(2) or "").replace(" ", "").lower()
    return Dependency(normalize(m.group(1)), spec, path, line, source, classify_pin(spec), hashed, extras)


def parse_requirements(path: str, text: str) -> tuple[list[Dependency], list[str]]:
    """Dependencies and the relative paths of ``-r``/``-c`` includes."""
    deps, includes = [], []
    logical, start = "", 0
    for i, raw in enumerate(text.splitlines(), 1):
        if not logical:
            start = i
        if raw.rstrip().endswith("\\"):
            logical += raw.rstrip()[:-1] + " "
            continue
        full = (logical + raw).strip()
        logical = ""
        if full.startswith(("-r ", "-c ", "--requirement", "--constraint")):
            parts = full.split(None, 1) if " " in full else full.split("=", 1)
            if len(parts) == 2:
                includes.append(parts[1].strip())
            continue
        dep = _requirement(full, path, start, "requirements")
        if dep:
            deps.append(dep)
    return deps, includes


def _dev_group(key: str) -> bool:
    """The key lists a developers' group: project.optional-dependencies.dev[], dependency-groups.test[],
    tool.poetry.group.docs.dependencies.x, tool.poetry.dev-dependencies.x, options.extras_require.lint."""
    if key.startswith("tool.poetry.dev-dependencies."):
        return True
    m = re.match(
        r"(?:project\.optional-dependencies|dependency-groups|tool\.poetry\.group|options\.extras_require)\.([\w-]+)",
        key,
    )
    return m is not None and _DEV_EXTRA.fullmatch(m.group(1).lower()) is not None


def parse_pyproject(doc: ConfigDoc) -> list[Dependency]:
    deps = []
    for key, value, line in doc.entries:
        dev = _dev_group(key)
        if (
            key in ("project.dependencies[]", "build-system.requires[]")
            or (key.startswith("project.optional-dependencies.") and key.endswith("[]"))
            or (key.startswith("dependency-groups.") and key.endswith("[]"))
        ):
            if isinstance(value, str) and not key.startswith("build-system"):
                dep = _requirement(value, doc.path, line, "pyproject")
                if dep:
                    deps.append(replace(dep, dev=True) if dev else dep)
        elif key.startswith("tool.poetry.") and (
            ".dependencies." in key or key.startswith(("tool.poetry.group.", "tool.poetry.dev-dependencies."))
        ):
            name = key.rsplit(".", 1)[-1]
            if name in ("python", "dependencies") or key.endswith("[]"):
                continue
            if isinstance(value, str):
                spec = value
            elif value is None:
                spec = doc.get(f"{key}.version", "") or ""
                if not isinstance(spec, str):
                    spec = ""
            else:
                continue
            if key.count(".") > 3 and not key.startswith("tool.poetry.group."):
                continue  # a sub-key like .version of an inline table
            if key.startswith("tool.poetry.group.") and key.count(".") != 5:
                continue
            spec_n = spec.lstrip("^~") if spec.startswith(("^", "~")) else spec
            pin = "range" if spec.startswith(("^", "~", ">", "<")) else classify_pin(spec_n)
            deps.append(Dependency(normalize(name), spec, doc.path, line, "poetry", pin, dev=dev))
    return deps


def python_version_pin(doc: ConfigDoc) -> str:
    v = doc.get("project.requires-python") or doc.get("tool.poetry.dependencies.python") or ""
    return v if isinstance(v, str) else ""


def parse_setup_cfg(doc: ConfigDoc) -> list[Dependency]:
    deps = []
    for key, value, line in doc.entries:
        if key in ("options.install_requires",) or key.startswith("options.extras_require."):
            for j, item in enumerate(str(value or "").splitlines()):
                dep = _requirement(item, doc.path, line + j, "setup.cfg")
                if dep:
                    deps.append(replace(dep, dev=True) if _dev_group(key) else dep)
    return deps


_DEV_EXTRA = re.compile(
    r"dev|develop|development|tests?|testing|docs?|lint|linting|style|quality|format|typing"
)


def parse_setup_py(facts: ModuleFacts) -> list[Dependency]:
    deps = []
    named: set[str] = set()
    for call in facts.calls:
        if not call.name.endswith("setup"):
            continue
        for key in ("install_requires", "extras_require"):
            value = call.kw(key)
            if isinstance(value, Dyn):  # install_requires=REQUIREMENTS, a module-level list
                value = facts.constants.get(value.text, value)
            items: list = []
            devs: set = set()  # the developers' extras' items (extras_require={"dev": ["black==19.3b0"]})
            if isinstance(value, list):
                items = value
            elif isinstance(value, dict):
                # extras_require={'jax': jax_requirements}: each extra's list, named or written out
                for k, v in value.items():
                    listed = facts.constants.get(v.text) if isinstance(v, Dyn) else v
                    if isinstance(listed, list):
                        items = items + listed
                        if isinstance(k, str) and _DEV_EXTRA.fullmatch(k.lower()):
                            devs |= {x for x in listed if isinstance(x, str)}
            if key == "install_requires" and value is not None and not any(isinstance(x, str) for x in items):
                # install_requires=[deps["torch"], ...] picked from a table of requirement strings
                # (`_deps = ["torch>=2.1", ...]`): that table is the manifest.
                # ... or a dict of them (requirements = {"install": [...], "test": [...]}), install first
                tables = [v for v in facts.constants.values() if isinstance(v, list)] + [
                    lst
                    for d in facts.constants.values()
                    if isinstance(d, dict)
                    for _, lst in sorted(d.items(), key=lambda kv: "install" not in str(kv[0]))
                    if isinstance(lst, list)
                ]
                items = next(
                    (
                        v
                        for v in tables
                        if isinstance(v, list)
                        and len(v) >= 3
                        and sum(isinstance(x, str) and bool(_REQUIREMENT_LIKE.match(x)) for x in v)
                        >= 0.8 * len(v)
                    ),
                    [],
                )
            for item in items:
                if isinstance(item, str):
                    dep = _requirement(item, facts.path, call.line, "setup.py")
                    # extras that share a list (jax and tf both adding `tensorflow`) name a package once
                    if dep and dep.name not in named:
                        named.add(dep.name)
                        deps.append(replace(dep, dev=True) if item in devs else dep)
    return deps


_REQUIREMENT_LIKE = re.compile(
    r"^[A-Za-z0-9][\w.\-\[\],]*\s*((==|>=|<=|~=|!=|<|>)\s*[\w.*+!-]+\s*,?\s*)*(;.*)?$"
)


# Metaflow builds a step's environment from its decorators, when a run asks for it
# (`run --environment=conda|pypi`): @conda(python="3.8.10", libraries={"sktime": "0.6.1"}) on a step,
# @conda_base / @pypi_base on the flow, @pypi(packages={...}). A version there is an exact pin.
_METAFLOW_ENV = {
    "metaflow.conda": "libraries",
    "metaflow.conda_base": "libraries",
    "metaflow.pypi": "packages",
    "metaflow.pypi_base": "packages",
}


def parse_metaflow_env(facts: ModuleFacts) -> list[Dependency]:
    deps: dict[tuple[str, str], Dependency] = {}
    for call in facts.calls:
        key = _METAFLOW_ENV.get(call.name)
        libraries = call.kw(key) if key else None
        if not isinstance(libraries, dict):
            continue
        for name, version in libraries.items():
            if not isinstance(name, str) or not name.strip():
                continue
            spec = str(version).strip() if isinstance(version, (str, int, float)) else ""
            # the same library on several steps is one dependency of the flow
            deps.setdefault(
                (normalize(name), spec),
                Dependency(normalize(name), spec, facts.path, call.line, "metaflow", classify_pin(spec)),
            )
    return list(deps.values())


def metaflow_python(facts: ModuleFacts) -> tuple[str, int] | None:
    """The Python version a Metaflow environment decorator asks for (python="3.8.10")."""
    for call in facts.calls:
        if call.name in _METAFLOW_ENV:
            python = call.kw("python")
            if isinstance(python, str) and python.strip():
                return python.strip(), call.line
    return None


def setup_python_requires(facts: ModuleFacts) -> tuple[str, int] | None:
    for call in facts.calls:
        if call.name.endswith("setup") and isinstance(call.kw("python_requires"), str):
            return call.kw("python_requires"), call.line
    return None


def parse_pipfile(doc: ConfigDoc) -> list[Dependency]:
    deps = []
    for key, value, line in doc.entries:
        section, _, name = key.partition(".")
        if section in ("packages", "dev-packages") and name and "." not in name:
            if not isinstance(value, str) and doc.get(f"{key}.path") is not None:
                continue  # {editable = true, path = "."}: the project itself, installed from its checkout
            spec = value if isinstance(value, str) else (doc.get(f"{key}.version") or "")
            spec = "" if spec == "*" else str(spec)
            # [dev-packages]: the developers' tools (pytest), as a dev group of pyproject.toml
            dev = section == "dev-packages"
            deps.append(
                Dependency(normalize(name), spec, doc.path, line, "pipfile", classify_pin(spec), dev=dev)
            )
    return deps


def parse_conda(doc: ConfigDoc) -> list[Dependency]:
    deps = []
    for key, value, line in doc.entries:
        if key in ("dependencies[]", "dependencies[].pip[]") and isinstance(value, str):
            # a comment starts at " #"; git+https://...@<commit>#egg=name keeps its #egg part
            text = re.split(r"(?:^|\s)#", value, maxsplit=1)[0].strip()
            if key.endswith("pip[]"):
                dep = _requirement(text, doc.path, line, "conda-pip")
                if dep:
                    deps.append(dep)
                continue
            m = re.match(r"^(?:[\w\-]+::)?([A-Za-z0-9_.\-]+)\s*(.*)$", text)
            if not m:
                continue
            spec = m.group(2).replace(" ", "")
            if not spec and m.group(1) == "pip":
                continue  # the installer of the `pip:` list below it, no dependency of the code
            if spec and spec[0].isdigit():
                spec = "=" + spec
            # pytorch=1.12.* is conda's pytorch=1.12: the same release series, however it is written (a major
            # version alone, pytorch=2.*, is a range of releases)
            series = re.fullmatch(r"==?\d+\.\d+[\w.]*?\.\*", spec)
            pin = (
                "exact"
                if series
                else classify_pin(spec)
                if not spec.startswith("=") or spec.startswith("==")
                else ("exact" if re.fullmatch(r"=\d[\w.]*(=[\w.]+)?", spec) else "range")
            )
            deps.append(Dependency(normalize(m.group(1)), spec, doc.path, line, "conda", pin))
    return deps


def parse_lock_packages(doc: ConfigDoc, source: str) -> list[Dependency]:
    """poetry.lock / uv.lock / pdm.lock / Pipfile.lock / conda-lock: every package is exact."""
    deps = []
    names: dict[str, tuple[str, int]] = {}
    for key, value, line in doc.entries:
        if key in ("package[].name",) and isinstance(value, str):
            names[value] = ("", line)
        elif key == "package[].version" and isinstance(value, str) and names:
            last = list(names)[-1]
            names[last] = (value, names[last][1])
    for name, (ver, line) in names.items():
        deps.append(
            Dependency(normalize(name), f"=={ver}" if ver else "", doc.path, line, source, "exact", True)
        )
    if source == "pipfile.lock":
        for key, value, line in doc.entries:
            parts = key.split(".")
            if len(parts) == 3 and parts[0] in ("default", "develop") and parts[2] == "version":
                deps.append(
                    Dependency(normalize(parts[1]), str(value), doc.path, line, source, "exact", True)
                )
    return deps


_LOCK_ENTRY = re.compile(r'^\[\[package\]\]\s*\nname = "([^"]+)"\s*\nversion = "([^"]*)"', re.M)


def lock_packages_from_text(path: str, text: str, source: str) -> list[Dependency]:
    """The ``[[package]]`` entries of a TOML lock (uv, poetry, pdm), each a name and its exact version,
    in one linear pass over the text."""
    deps = []
    line, pos = 1, 0
    for m in _LOCK_ENTRY.finditer(text):
        line += text.count("\n", pos, m.start())  # counted from the previous match: linear overall
        pos = m.start()
        deps.append(
            Dependency(normalize(m.group(1)), f"=={m.group(2)}", path, line + 1, source, "exact", True)
        )
    return deps


# `conda list --explicit` (an @EXPLICIT line, then one package URL per line) and `conda list --export`
# ("name=version=build" per line, under "# platform: linux-64"): a whole environment, every package
# at one build, whatever the file is called (spec-file.txt, conda-spec.txt, env.txt).
_CONDA_EXPLICIT_URL = re.compile(r"^\S+/([^/\s]+?)-([^-/\s]+)-([^-/\s]+)\.(?:tar\.bz2|conda)(?:#\S*)?$")
_CONDA_EXPORT_LINE = re.compile(r"^([A-Za-z0-9_.\-]+)=([^=\s]+)=([^=\s]+)$")


def is_conda_spec(text: str) -> bool:
    head = text[:2000]
    return "\n@EXPLICIT" in "\n" + head or ("# platform:" in head and "conda" in head)


def parse_conda_spec(path: str, text: str) -> list[Dependency]:
    """Every package of a conda explicit or export spec, pinned to its version and build."""
    deps = []
    for i, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        m = _CONDA_EXPLICIT_URL.match(line) or _CONDA_EXPORT_LINE.match(line)
        if m:
            deps.append(
                Dependency(normalize(m.group(1)), f"=={m.group(2)}", path, i, "conda-spec", "exact", True)
            )
    return deps


_PIP_IN_RUN = re.compile(
    r"(?:\b|(?<=-m))pip3?\s+install\s+([^&|;]+)"
)  # `pip install`, `python -mpip install`
# pip options whose value is the next token (a file, an index URL), not a package.
PIP_VALUE_OPTIONS = frozenset(
    {"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url"}
    | {"--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix", "--root"}
    | {"--trusted-host", "--platform", "--python-version", "--src", "--cache-dir"}
)


_HEREDOC = re.compile(r"<<-?\s*['\"]?(\w+)['\"]?")


def logical_lines(text: str):
    """(first line number, joined text) of each instruction: `RUN pip install \\` continues below, and a
    here-document (`RUN python - <<'PY'` ... `PY`) is part of the instruction that opens it, not lines of
    instructions of its own (its `from megatron import x` is Python, not a FROM)."""
    start, parts = 0, []
    heredoc = ""
    for i, line in enumerate(text.splitlines(), 1):
        if heredoc:
            parts.append(line)
            if line.strip() == heredoc:
                heredoc = ""
                yield start, " ; ".join(parts)
                parts = []
            continue
        if line.lstrip().startswith("#"):
            # comment lines inside a continued instruction, and whole commented-out instructions
            # (`#RUN pip install torch==1.4.0` installs nothing)
            continue
        if not parts:
            start = i
        stripped = line.rstrip()
        if stripped.endswith("\\"):
            parts.append(stripped[:-1])
            continue
        parts.append(line)
        opened = _HEREDOC.search(line)
        if opened:
            heredoc = opened.group(1)
            continue
        yield start, " ".join(parts)
        parts = []
    if parts:
        yield start, " ".join(parts)


def parse_dockerfile(path: str, text: str) -> tuple[list[BaseImage], list[Dependency]]:
    images, deps = [], []
    reader = FromReader()
    for i, line in logical_lines(text):
        found = reader.line(line)
        # FROM an earlier stage pulls nothing: its image is the one that stage's FROM line names.
        if found is not None and not found.stage:
            if found.build_args:
                images.append(BaseImage(path, i, found.ref, "", "", found.build_args))
            else:
                # FROM $PARENT_IMAGE takes the ARG default: the image the repository actually names.
                ref = found.ref
                digest = ref.split("@", 1)[1] if "@" in ref else ""
                name = ref.split("@", 1)[0]
                tag = name.rsplit(":", 1)[1] if ":" in name.rsplit("/", 1)[-1] else ""
                images.append(BaseImage(path, i, name.rsplit(":", 1)[0] if tag else name, tag, digest))
        deps += _pip_installs(line, path, i, "docker")
        # RUN conda install -y pytorch=0.4.1 torchvision -c pytorch: the image's conda packages
        deps += _conda_installs(line, path, i, "docker")
    return images, deps


def _pip_installs(line: str, path: str, i: int, source: str) -> list[Dependency]:
    """The packages each `pip install` on the line names, its options and their values left out."""
    deps = []
    for pm in _PIP_IN_RUN.finditer(line):
        for token in _package_words(pm.group(1), PIP_VALUE_OPTIONS, lambda t: t == "\\"):
            dep = _requirement(token.strip("'\""), path, i, source)
            # `pip install --upgrade pip setuptools`: the installer's own tooling, not a dependency
            if dep and dep.name not in _INSTALLER_TOOLS:
                deps.append(dep)
    return deps


def _package_words(args: str, value_options, skipped):
    """The words of an install command's arguments that name packages: not its options, not the value
    an option takes (``-c conda-forge``), not a word ``skipped`` refuses (a line continuation, a $VAR)."""
    skip_next = False
    for token in args.split():
        if skip_next or token.startswith("-") or skipped(token):
            skip_next = token in value_options
            continue
        yield token


_INSTALLER_TOOLS = frozenset({"pip", "setuptools", "wheel"})

# A set-up script by its name (install.sh, setup_env.sh, create_env.sh): what it installs is the environment
SETUP_SCRIPT = re.compile(
    r"(^|/)[\w.-]*(install|setup|env|environment|requirements?)[\w.-]*\.(sh|bash)$", re.I
)
# a script installing packages, and how many distinct ones make it the environment's set-up
INSTALLS = re.compile(r"\b(pip3?|conda)\s+install\b")
SETUP_SCRIPT_MIN = 3
# ... not a CI job's or the docs' tooling (ci/lint.sh installing flake8, black, isort, pytest); pip, setuptools
# and wheel are left out by the parser already (_INSTALLER_TOOLS)
TOOLING_DIR = re.compile(r"(^|/)(ci|\.ci|\.circleci|\.github|\.gitlab|docs?|tests?|\.devcontainer)/", re.I)
DEV_TOOLS = frozenset(
    {"flake8", "black", "isort", "pytest", "pytest-cov", "ruff", "mypy", "pylint", "pre-commit", "coverage",
     "sphinx", "tox", "nox", "codespell", "yapf", "autopep8", "twine", "build"}
)  # fmt: skip
_CONDA_INSTALL = re.compile(r"\bconda\s+install\s+([^&|;#\n]+)")
# conda options whose value is the next token (a channel, an environment)
_CONDA_VALUE_OPTIONS = frozenset(
    {"-c", "--channel", "-n", "--name", "-p", "--prefix", "--file", "--solver", "--platform", "--subdir",
     "--repodata-fn", "--experimental-solver"}
)  # fmt: skip


def parse_setup_script(path: str, text: str) -> list[Dependency]:
    """The packages a set-up script installs (`pip install torch==1.8.0`, `conda install pytorch=0.4.1`),
    with their pins: conda's `pkg=0.4.1` installs that release. Comments are skipped."""
    deps: list[Dependency] = []
    for i, line in logical_lines(text):
        code = line.split("#", 1)[0]
        deps += _pip_installs(code, path, i, "script")
        deps += _conda_installs(code, path, i, "script")
    return deps


def _conda_installs(line: str, path: str, i: int, source: str) -> list[Dependency]:
    """The packages each `conda install` on the line names, with conda's `pkg=0.4.1` as that release."""
    deps = []
    for cm in _CONDA_INSTALL.finditer(line):
        for token in _package_words(cm.group(1), _CONDA_VALUE_OPTIONS, lambda t: "$" in t):
            spec = token.strip("'\"")
            if re.fullmatch(r"[A-Za-z][\w.-]*=[\w.*]+", spec):
                spec = spec.replace("=", "==", 1)  # conda's pkg=0.4.1: that release
            dep = _requirement(spec, path, i, source)
            if dep and dep.name not in _INSTALLER_TOOLS:
                deps.append(dep)
    return deps


def parse_cog(doc: ConfigDoc) -> tuple[list[Dependency], list[BaseImage], tuple[str, int] | None]:
    """Replicate Cog's cog.yaml: a container spec. Cog builds the image from ``build.python_version``
    and ``build.cuda``, so those two pin the base image; ``build.python_packages`` are requirement lines."""
    deps: list[Dependency] = []
    found: dict[str, tuple[str, int]] = {}
    for key, value, line in doc.entries:
        if key == "build.python_packages[]" and isinstance(value, str):
            dep = _requirement(value, doc.path, line, "cog")
            if dep:
                deps.append(dep)
        elif key in ("build.python_version", "build.cuda") and value is not None:
            found[key] = (str(value), line)
    python = found.get("build.python_version")
    cuda = found.get("build.cuda")
    tag = "-".join(
        part for part in (f"python{python[0]}" if python else "", f"cuda{cuda[0]}" if cuda else "") if part
    )
    line = (python or cuda or ("", 1))[1]
    return deps, [BaseImage(doc.path, line, "cog", tag, "")], python


def parse_singularity(path: str, text: str) -> list[BaseImage]:
    images = []
    for i, line in enumerate(text.splitlines(), 1):
        m = re.match(r"^\s*From:\s*(\S+)", line, re.IGNORECASE)
        if m:
            ref = m.group(1)
            name = ref.split("@", 1)[0]
            digest = ref.split("@", 1)[1] if "@" in ref else ""
            tag = name.rsplit(":", 1)[1] if ":" in name.rsplit("/", 1)[-1] else ""
            images.append(BaseImage(path, i, name.rsplit(":", 1)[0] if tag else name, tag, digest))
    return images


def parse_compose(doc: ConfigDoc) -> list[BaseImage]:
    images = []
    # A service with `build:` names the image it builds, not a base image it pulls.
    built = {
        p[1]
        for p in (k.split(".") for k, _, _ in doc.entries)
        if len(p) >= 3 and p[0] == "services" and p[2] == "build"
    }
    for key, value, line in doc.entries:
        if key.startswith("services.") and key.endswith(".image") and isinstance(value, str):
            if key.split(".")[1] in built:
                continue
            name = value.split("@", 1)[0]
            tag = name.rsplit(":", 1)[1] if ":" in name.rsplit("/", 1)[-1] else ""
            digest = value.split("@", 1)[1] if "@" in value else ""
            images.append(BaseImage(doc.path, line, name.rsplit(":", 1)[0] if tag else name, tag, digest))
    return images
