"""What the project's data is, by domain: a simulator (reinforcement learning), public datasets from
a registry (TFDS, the Hugging Face Hub), or files the project owns. Data rules and the scorecard read
this instead of assuming tabular files, so an RL project is asked about environment ids and simulator
versions, and a TFDS project about dataset versions, not about `dvc add data/train.csv`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Evidence

SIMULATORS = frozenset(
    {"gym", "gymnasium", "mujoco", "mujoco_py", "dm_control", "pettingzoo", "ale_py", "atari_py", "smac",
     "pysc2", "procgen", "minigrid", "gym_minigrid", "envpool", "pybullet", "metaworld", "highway_env", "vizdoom",
     # JAX environments: simulated on the accelerator, inside the training program
     "gymnax", "brax", "jumanji", "craftax", "navix", "xminigrid", "pgx", "mujoco_playground"}
)  # fmt: skip
# The environments an RL framework ships (rllab.envs.mujoco.gather.swimmer_gather_env): a simulator too,
# versioned by the framework's release or commit
_FRAMEWORK_ENVS = re.compile(r"^(rllab|garage|rlkit|sandbox\.rocky)\.envs\b")


def _own_names(ctx) -> set[str]:
    """The names the project goes by: its folder's, and the distribution its setup.py or pyproject names."""
    names = set(re.split(r"[_\W]+", ctx.inventory.root.name.lower()))
    setup = ctx.index.modules.get("setup.py")
    for c in setup.calls if setup is not None else ():
        if c.name.endswith("setup") and isinstance(c.kw("name"), str):
            names.add(c.kw("name").lower().replace("-", "_"))
    project = ctx.index.configs.get("pyproject.toml")
    name = project.get("project.name") if project is not None and not project.error else None
    if isinstance(name, str):
        names.add(name.lower().replace("-", "_"))
    return names


def _simulator(module: str, folders: set) -> bool:
    top = module.split(".")[0]
    return top.lower() in SIMULATORS or (_FRAMEWORK_ENVS.match(module) is not None and top not in folders)


# Game engines a project builds its own environment on (a Flappy Bird clone in game/, a custom track):
# the environment is the project's code, committed with it; the engine's version is what a pin fixes.
GAME_ENGINES = frozenset({"pygame", "pymunk", "pyglet", "arcade", "ple"})
# The moves of a board game the project writes itself (a board's do_move, alpha-zero-general's
# getNextState / getValidMoves); not `step`, which an agent, a sampler or a recurrent layer defines too
_TRANSITION = re.compile(
    r"^(do_move|make_move|get_?next_?state|getNextState|get_?valid_?moves|getValidMoves|"
    r"get_?legal_?moves|legal_moves|get_?game_?ended|getGameEnded)$"
)
# Calls that read data files or iterate a dataset: training code with none of them reads no data
_DATA_READ = re.compile(
    r"^(numpy\.(load|loadtxt|genfromtxt|fromfile|memmap)|pandas\.read_\w+|h5py\.File|PIL\.Image\.open|"
    r"cv2\.imread|imageio\.\w*read\w*|scipy\.io\.loadmat|torch\.utils\.data\.DataLoader|"
    r"tensorflow\.data\.\w+|tensorflow\.io\.\w+|glob\.i?glob|os\.(listdir|walk|scandir)|csv\.(reader|DictReader)|"
    r"datasets\.load_\w+|\w+\.read_(csv|parquet|json|table))"
)


# an environment stepped or reset: env.step(action), gym.make(...).reset(), self.env.step, gym3's
# venv.act(ac) / venv.observe(); or a rollout helper driving one
_ENV_STEP = re.compile(
    r"(^|\.)(\w*envs?\w*|make\(\)|vec_env|venv)\.(step|reset|step_async|step_wait|act|observe)$"
    r"|(^|\.|_)(rollouts?|collect_\w+|run_episodes?|sample_trajector\w*|learn)$",
    re.I,
)


# libraries whose learners step the environment themselves (SB3's model.learn, RLlib, Tianshou, imitation)
_RL_LIBRARIES = frozenset(
    {
        "stable_baselines3",
        "stable_baselines",
        "sb3_contrib",
        "ray",
        "tianshou",
        "imitation",
        "baselines",
        "rl_zoo3",
    }
)
# a loader of recorded samples: a DataLoader (torch's or the project's own), a Dataset, a video reader
_RECORDINGS = re.compile(r"(^|\.)(\w*DataLoader|\w*Dataset|VideoCapture)$")


def _reads_recordings(modules) -> bool:
    """Training reads recorded samples through a loader (behavioural cloning's demonstrations); a glob for
    checkpoints or np.load of normalisation statistics is no such evidence."""
    return any(_RECORDINGS.search(c.name) for m in modules for c in m.calls)


def _reads_data(modules) -> bool:
    """Any of the training modules reads a data file or iterates a dataset."""
    return any(_DATA_READ.match(c.name) for m in modules for c in m.calls)


# Dataset registries that version what they serve: TFDS builders, the Hugging Face Hub.
REGISTRY_LOADS = (
    "tensorflow_datasets.load",
    "tensorflow_datasets.builder",
    "tensorflow_datasets.data_source",
    "tfds.load",
    "tfds.builder",
    "tfds.data_source",
    "datasets.load_dataset",
    "huggingface_hub.snapshot_download",
    "huggingface_hub.hf_hub_download",
    # Offline RL datasets by versioned id ('hopper-medium-v2'): the data is a dataset, not the simulator
    "d4rl.qlearning_dataset",
    "d4rl.sequence_dataset",
    "minari.load_dataset",
    "minari.download_dataset",
)
_LOCKS = re.compile(r"(^|/)(uv|poetry|pdm|pixi)\.lock$|conda-lock")


def pins_dataset_version(c) -> bool:
    """tfds.load("cifar10:3.0.2") or load_dataset(..., revision="...") names one version of the data."""
    first = c.args[0] if c.args and isinstance(c.args[0], str) else ""
    # tfds.load(name="imagenet2012:5.*.*"): the name by keyword, its major version fixed
    first = first or (c.kw("name") if isinstance(c.kw("name"), str) else "")
    return bool(_VERSION_PIN.search(first)) or any(
        # (revision="main": a branch, whatever it holds when the run downloads it)
        isinstance(c.kw(k), str) and c.kw(k).strip().lower() not in _MOVING_REFS
        for k in ("revision", "version")
        if c.has_kw(k)
    )


# A dataset name's version: "cifar10:3.0.2", "imagenet2012:5.*.*" (the major version fixed)
_VERSION_PIN = re.compile(r":\d+\.(?:\d+|\*)")
_MOVING_REFS = frozenset(
    {"main", "master", "head", "latest", "dev", "develop", "refs/heads/main", "refs/heads/master"}
)


# The datasets library's builders of local files: load_dataset("json", data_files=...) is no Hub dataset.
_LOCAL_BUILDERS = frozenset({"csv", "json", "text", "parquet", "arrow", "pandas", "imagefolder", "audiofolder",
                             "webdataset", "sql", "xml", "videofolder"})  # fmt: skip


def local_files(c) -> bool:
    first = c.args[0] if c.args else None
    if isinstance(first, str):
        return first in _LOCAL_BUILDERS
    # load_dataset(extension, data_files=...): a builder chosen from a file's suffix
    return c.has_kw("data_files") or c.has_kw("data_dir")


@dataclass
class DataDomain:
    simulators: list[str] = field(default_factory=list)  # top-level simulator packages imported
    simulator_pins: list[Evidence] = field(default_factory=list)  # exact pins (or a lock) of them
    registry: list[Evidence] = field(default_factory=list)  # dataset loads from a registry
    registry_pinned: list[Evidence] = field(default_factory=list)  # those naming a version
    offline: bool = False  # logged datasets (D4RL, Minari) feed the training, not the simulator
    env_dataset: bool = False  # the dataset is named by a versioned environment id ('hopper-medium-v2')
    # The project's own environment modules (game/wrapped_flappy_bird.py on pygame): the data is generated
    # by code committed with the training code, so a commit names its version.
    own_envs: list[Evidence] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if (self.simulators or self.own_envs) and not self.offline:
            return "simulator"
        if self.registry:
            return "registry"
        return "files"

    def describe(self) -> str:
        if self.own_envs and not self.simulators:
            return f"generated by the project's own environment ({self.own_envs[0].path})"
        if self.simulators:
            pinned = "pinned" if self.simulator_pins else "unpinned"
            return f"generated by a simulator ({', '.join(self.simulators)}, version {pinned})"
        if self.registry:
            return "loaded from a dataset registry by name" + (
                "" if not self.registry_pinned else ", some by version"
            )
        return ""


def data_domain(ctx) -> DataDomain:
    cached = getattr(ctx, "_et_domain", None)
    if cached is not None:
        return cached
    from .fixes import training_paths
    from .rules.facts import ev, find

    dom = DataDomain()
    # The simulators the training code imports: gym wrappers used only to evaluate a policy trained
    # on recorded datasets (RLDS, D4RL) do not make the simulator the training data.
    main = training_paths(ctx)
    modules = [m for p, m in ctx.index.modules.items() if p in main] or list(ctx.index.modules.values())
    # (garage's own garage.envs, in garage's repository, is the project's code: no simulator it imports; a
    # copy of rllab kept beside the project's code still is one)
    folders = {d for p in ctx.index.modules for d in p.split("/")[:-1]} & _own_names(ctx)
    dom.simulators = sorted(
        {i.module.split(".")[0] for m in modules for i in m.imports if _simulator(i.module, folders)}
    )
    if dom.simulators:
        # One reinforcement-learning chapter of a book whose other notebooks train on committed tables
        # does not make a simulator the project's data: only where most training scripts reach it.
        from .rules.facts import covered_entries, reaches_few

        sim_paths = {m.path for m in modules if any(_simulator(i.module, folders) for i in m.imports)}
        if reaches_few(*covered_entries(ctx, sim_paths)):
            dom.simulators = []
        elif _reads_recordings(modules) and not any(
            _ENV_STEP.search(c.name) or c.name.split(".", 1)[0] in _RL_LIBRARIES
            for m in modules
            for c in m.calls
        ):
            # behavioural cloning from recorded demonstrations: `env = gym.make(...)` only builds the agent
            # (its observation and action spaces), nothing steps it; the data is the recordings read
            dom.simulators = []
    if not dom.simulators:
        from .detect.engine import CORE as _CORE
        from .detect.engine import scope_of as _scope_of

        entries = {e.path for e in ctx.taxonomy.training_entry_points}
        for m in modules:
            hit = next((i for i in m.imports if i.module.split(".")[0].lower() in GAME_ENGINES), None)
            # an environment module the training script imports, not the script drawing its own window
            if hit is not None and m.path not in entries and _scope_of(m.path) == _CORE:
                dom.own_envs.append(
                    Evidence(m.path, hit.line, f"the environment, built on {hit.module}", hit.cell)
                )
        # ... one that defines the environment's step (frame_step, step, reset), where training loads no
        # dataset: a game drawn by a viewer beside an MNIST trainer is no data source
        steps = {
            m.path for m in modules if any(re.search(r"(^|_)(step|reset)($|_)", f[0]) for f in m.functions)
        }
        from .rubric import DATA_LOADERS

        loads = any(m.path in main for m, _c in find(ctx, prefixes=DATA_LOADERS)) or any(
            m.path in main for m, _c in find(ctx, exact=REGISTRY_LOADS)
        )
        dom.own_envs = (
            [] if loads else sorted((e for e in dom.own_envs if e.path in steps), key=lambda e: e.path)
        )
        if dom.own_envs:
            dom.simulators = sorted(
                {
                    i.module.split(".")[0]
                    for m in modules
                    for i in m.imports
                    if i.module.split(".")[0].lower() in GAME_ENGINES
                }
            )
        elif not loads and not _reads_data(modules):
            # A board game written in plain Python (Othello's getNextState, Gomoku's do_move) that the
            # training plays against itself, where training reads no data at all: the examples are
            # generated by code committed with the training code (no engine to pin)
            dom.own_envs = [
                Evidence(
                    m.path, start, f"the environment's transition, `{name}`, in the project's code", cell
                )
                for m in modules
                if m.path not in entries and _scope_of(m.path) == _CORE
                for name, start, cell, _end in m.functions[:200]
                if _TRANSITION.search(name)
            ][:2]
    # D4RL and Minari serve logged datasets through the environment (env.get_dataset() after
    # `import d4rl`): the training data is that dataset, by its versioned id.
    # A download script of the project (data/download_d4rl_datasets.py pickling env.get_dataset()) makes
    # them the training data too: the training code then reads the files it wrote.
    from .detect.engine import CORE, scope_of

    everywhere = [m for p, m in ctx.index.modules.items() if scope_of(p) == CORE]
    offline_roots = {i.module.split(".")[0].lower() for m in everywhere for i in m.imports} & {
        "d4rl",
        "minari",
    }
    if offline_roots:
        dom.offline = True
        for m, c in find(ctx, suffixes=("get_dataset",)):
            if (
                m.path in main
                or not main
                or offline_roots & {i.module.split(".")[0].lower() for i in m.imports}
            ):
                dom.registry.append(
                    ev(m, c, f"loads the {sorted(offline_roots)[0].upper()} dataset of an environment")
                )
                break
    if dom.simulators:
        # Only the simulators the code imports: gym==0.26 pins nothing for code that imports gymnasium.
        used = {n.lower().replace("_", "-") for n in dom.simulators}
        sims = [d for d in ctx.index.dependencies if d.name.lower().replace("_", "-") in used]
        locked = any(_LOCKS.search(f.path) for f in ctx.inventory.project_files())
        dom.simulator_pins = [
            Evidence(d.path, d.line, f"{d.name}{d.spec}") for d in sims if d.exact or locked
        ]
    # the load itself (load_dataset(...)), not a method of what it returned (datasets["train"].map)
    for m, c in find(ctx, exact=REGISTRY_LOADS):
        if c.name == "datasets.load_dataset" and local_files(c):
            continue  # load_dataset("csv", data_files=...) reads the project's own files
        if c.name.startswith("huggingface_hub.") and c.kw("repo_type") != "dataset":
            continue  # the Hub serves models by default: hf_hub_download(repo_id=lora_model) fetches weights
        e = ev(m, c)
        dom.registry.append(e)
        # Recorded datasets (RLDS through tfds, D4RL, Minari) loaded by the training code feed the
        # training; a simulator it also imports then only evaluates the policy (rollout callbacks).
        dom.offline = (
            dom.offline or c.name.startswith(("d4rl.", "minari.")) or (bool(main) and m.path in main)
        )
        if pins_dataset_version(c):
            dom.registry_pinned.append(e)
    # seqio.TfdsDataSource(tfds_name="c4/en:2.2.0"), t5's TfdsTask: a task registry of TFDS datasets by
    # name and version, the library loading them later
    from .rules.facts import facts

    for m, c in facts(ctx).calls:
        if not c.has_kw("tfds_name") or len(dom.registry) >= 200:  # (facts hold no test module's calls)
            continue
        value = c.kw("tfds_name")
        text = value if isinstance(value, str) else getattr(value, "text", "")
        if not isinstance(value, str) and not re.search(r"['\"]", text):
            continue  # tfds_name=tfds_name: a wrapper handing on its caller's name
        e = ev(m, c, f"tfds_name={text[:60]} ({c.name})")
        dom.registry.append(e)
        if _VERSION_PIN.search(text):
            dom.registry_pinned.append(e)
    if dom.registry and not dom.registry_pinned:
        # tfds.data_source(cfg.ds_name, ...) with `cfg.ds_name = "lm1b:1.1.0"` in the config module:
        # the dataset's name and version are set where the configuration is
        for m in ctx.index.modules.values():
            hit = next(
                (a for a in m.assigns if isinstance(a.value, str) and _TFDS_VERSIONED.fullmatch(a.value)),
                None,
            )
            if hit is not None:
                dom.registry_pinned.append(
                    Evidence(m.path, hit.line, f"{hit.target} = {hit.value!r}", hit.cell)
                )
                dom.registry_pinned += [
                    e for e in dom.registry if e.detail.startswith(("tensorflow_datasets", "tfds"))
                ]
                break
    if dom.registry and not dom.registry_pinned:
        # self._tfds_name = {'cifar10': 'cifar10:3.0.0', 'celebahq256': 'celeb_a_hq/256:2.0.0'}[name], then
        # tfds.load(self._tfds_name): a table of versioned names in the module that loads them
        paths = {e.path for e in dom.registry if e.detail.startswith(("tensorflow_datasets", "tfds"))}
        for path in sorted(paths):
            m = ctx.index.modules.get(path)
            text = next(
                (
                    a
                    for a in (m.assigns if m is not None else ())
                    if str(getattr(a.value, "text", "")).startswith("one of ")
                    and _QUOTED_VERSIONED.search(a.value.text)
                ),
                None,
            )
            if text is not None:
                dom.registry_pinned.append(
                    Evidence(path, text.line, f"{text.target} = {text.value.text[:80]}")
                )
                dom.registry_pinned += [x for x in dom.registry if x.path == path]
    if dom.registry and not dom.registry_pinned and offline_roots:
        # D4RL and Minari name every dataset with its version ('halfcheetah-medium-v2'): the default the
        # project's options or settings give is the dataset and its version
        hit = _versioned_env_id(ctx, main, dom.registry[0])
        if hit is not None:
            dom.registry_pinned.append(hit)
            dom.env_dataset = True
    ctx._et_domain = dom
    return dom


_VERSIONED_ID = re.compile(r"^[A-Za-z][\w/.-]*-v\d+$")
_ID_KEY = re.compile(r"(^|_)(env|env_name|env_id|task|dataset)(_|$)", re.I)


def _versioned_env_id(ctx, main, load: Evidence) -> Evidence | None:
    """A versioned dataset id ('hopper-medium-v2', 'D4RL/door/human-v2') given as an option's default or
    a setting in the training code: first in the modules that call the function loading the dataset."""
    from .rules.facts import ev

    loader = ctx.index.modules.get(load.path)
    fn = loader.innermost_function(load.line, load.cell) if loader is not None else None
    name = fn[0] if fn else ""

    def order(pm):
        calls_loader = bool(name) and any(c.name.rsplit(".", 1)[-1] == name for c in pm[1].calls)
        return (not calls_loader, pm[0] not in main, pm[0])

    for path, m in sorted(ctx.index.modules.items(), key=order):
        for c in m.calls:
            option = c.name.endswith(("add_argument", "DEFINE_string", "DEFINE_enum", "Field", "field"))
            # add_argument('--env', default='hopper-medium-v2'); define_flags_with_default(env='...')
            values = [
                *(c.args if option else ()),
                *(v for k, v in c.kwargs if k == "default" or _ID_KEY.search(k)),
            ]
            hit = next((v for v in values if isinstance(v, str) and _VERSIONED_ID.match(v)), None)
            if hit:
                return ev(m, c, f"dataset id {hit!r} (its version in the name)")
        for a in m.assigns:
            if (
                isinstance(a.value, str)
                and _VERSIONED_ID.match(a.value)
                and _ID_KEY.search(a.target.rsplit(".", 1)[-1])
            ):
                return Evidence(path, a.line, f"{a.target} = {a.value!r} (the version in the name)", a.cell)
        # class Parser(Tap): dataset: str = 'halfcheetah-medium-expert-v2' (typed argument parsers,
        # dataclass options): the field's default is the option's
        for cls, name, value, line, cell in m.class_defaults:
            if isinstance(value, str) and _VERSIONED_ID.match(value) and _ID_KEY.search(name):
                return Evidence(path, line, f"{cls}.{name} = {value!r} (the version in the name)", cell)
    return None


def registry_pin_fix(dom: DataDomain, ids_versioned: bool = False) -> str:
    """How to pin the datasets of the registries the project loads from, in their own APIs (never the
    Hugging Face call for a project that loads from TFDS or D4RL)."""
    details = " ".join(e.detail for e in dom.registry)
    ways = []
    if re.search(r"(datasets\.load_dataset|huggingface_hub)", details):
        ways.append("`load_dataset(name, revision='<dataset commit sha>')`")
    if re.search(r"(tensorflow_datasets|tfds)", details):
        ways.append("`tfds.load('name:3.0.2')` (the builder's version)")
    if re.search(r"(D4RL|MINARI|d4rl|minari)", details):
        ways.append(
            # 'hopper-medium-v0' names its version already: what is left is the package serving it
            "the d4rl/minari package version in the dependency file and the run record"
            if ids_versioned
            else "the dataset id with its version ('hopper-medium-v2') and the d4rl/minari package version"
        )
    return " or ".join(ways) or "the dataset's name and version"


# A TFDS dataset named with its version: "lm1b:1.1.0", "imagenet2012:5.1.0", "cifar10:3.*.*"
_TFDS_VERSIONED = re.compile(r"[a-z][a-z0-9_]*(?:/[\w.-]+)?:\d+\.(?:\d+|\*)\.(?:\d+|\*)")
_QUOTED_VERSIONED = re.compile(r"['\"]([a-z][a-z0-9_]*(?:/[\w.-]+)?:\d+\.(?:\d+|\*)\.(?:\d+|\*))['\"]")
