"""Phase 2 rules: configuration architecture, secrets, hyperparameter logging, parameter search.

The facts every rule reads live in rules/facts.py."""

from __future__ import annotations

import re

from ..detect.engine import _global_seed_before
from ..detect.polyaxon import polyaxonfile
from ..detect.signatures import PLOOMBER_SPEC
from ..index.python_facts import PROCESS_INDEX, Dyn, option_dest
from ..model import FAIL, MENTIONED, PASS, REVIEW, WARN, Evidence
from .facts import (
    CONFIG_DIRS,
    _last,
    _root,
    _seeding,
    assigned,
    code_trackers,
    decorated,
    device_recorded,
    ev,
    evs,
    facts,
    find,
    guarding_switch,
    live_dashboard_options,
    mostly_notebooks,
    run_dir_named_by,
    scope_of,
    stack_label,
    switch_of,
    tracker_ids,
    tracker_switch,
    trains,
    trains_nothing,
    when_enabled_question,
    where_list,
    wrapper_param_question,
)
from .framework_capture import sacred_capture, sacred_config_keys
from .registry import rule

# --------------------------------------------------------------------------------------------
# 2.1 Configuration architecture
# --------------------------------------------------------------------------------------------

# argparse and the drop-in parsers with its API (configargparse adds `--config` files of `key = value`)
ARGPARSE_ADD = (
    "argparse.ArgumentParser().add_argument",
    "argparse.ArgumentParser.add_argument",
    "configargparse.ArgumentParser().add_argument",
    "configargparse.ArgParser().add_argument",
    "configargparse.ArgParser().add",
)
CLI_CALLS = (
    "argparse.ArgumentParser",
    "configargparse.",
    "click.",
    "typer.",
    "fire.Fire",
    "docopt.docopt",  # docopt(__doc__): the options the module's usage text declares
    "jsonargparse.",
    "absl.flags.DEFINE_",
    "pyrallis.",  # @pyrallis.wrap() / pyrallis.parse(config_class=...): a dataclass filled from the CLI
    # TF1's flags module (tf.app.flags, tf.compat.v1.flags) is absl's, parsed from the command line
    "tensorflow.app.flags.DEFINE_",
    "tensorflow.compat.v1.flags.DEFINE_",
    "tensorflow.compat.v1.app.flags.DEFINE_",
    "simple_parsing.",
    "tyro.cli",
    "lightning.pytorch.cli.LightningCLI",
    "pytorch_lightning.cli.LightningCLI",
    "lightning.pytorch.cli",
    "pytorch_lightning.utilities.cli.LightningCLI",
    "transformers.HfArgumentParser",
    # fairseq's parser (options.get_training_parser(), then parse_args_and_arch): the task's, model's and
    # trainer's options, all from the command line
    "fairseq.options.get_",  # get_training_parser(), get_generation_parser() ... (not eval_str_list)
    "fairseq.options.parse_args_and_arch",
    "metaflow.Parameter",
    # detectron2's parser (--config-file, --resume, and `opts` merged over the config: KEY VALUE pairs)
    "detectron2.engine.default_argument_parser",
    "detectron2.engine.defaults.default_argument_parser",
    # a Metaflow Config (2.13+): a file given with `--config name path` (or its default), parsed per run
    "metaflow.Config",
)
# Flag helpers of other libraries define absl flags too (mlxu.define_flags_with_default(lr=1e-4),
# gflags.DEFINE_integer): command-line options whatever package holds them.
CLI_SUFFIXES = (
    "define_flags_with_default",
    "DEFINE_string",
    "DEFINE_integer",
    "DEFINE_float",
    "DEFINE_bool",
    "DEFINE_boolean",
    "DEFINE_enum",
    "DEFINE_list",
    # ml_collections' config flags: a config file whose every field `--config.field=value` overrides
    "DEFINE_config_file",
    "DEFINE_config_dict",
    "DEFINE_config_dataclass",
    # a flags object parsing the command line (elements.Flags(config).parse(argv), parse_known)
    "Flags().parse",
    "Flags().parse_known",
)


def cli_calls(ctx) -> list:
    found = find(ctx, prefixes=CLI_CALLS)
    seen = {id(c) for _, c in found}
    found += [mc for mc in find(ctx, suffixes=CLI_SUFFIXES) if id(mc[1]) not in seen]
    seen = {id(c) for _, c in found}
    # The project's own parser handed the command line: config.merge_from_args(sys.argv[1:]) (minGPT),
    # parse_overrides(sys.argv), a key=value loop over sys.argv.
    found += [
        (m, c)
        for m, c in facts(ctx).calls
        if id(c) not in seen
        and any(isinstance(a, Dyn) and a.text.startswith("sys.argv") for a in c.args)
        and re.search(r"(merge|parse|update|override|from_args|load)", _last(c.name), re.I)
    ]
    # Positional values read straight from the command line: alpha = float(sys.argv[1]) (the MLflow
    # example's train.py, run by `mlflow run . -P alpha=0.5`)
    seen = {id(c) for _, c in found}
    found += [
        (m, c)
        for m, c in facts(ctx).calls
        if id(c) not in seen
        and c.name in ("float", "int", "str", "bool", "eval", "literal_eval", "ast.literal_eval")
        and any(isinstance(a, Dyn) and a.text == "sys.argv[]" for a in c.args)
    ][:8]
    # A project's parser class built on a command-line library (class Parser(Tap), a subclass of
    # ArgumentParser), parsed where it is used: Parser().parse_args().
    classes = _cli_classes(ctx)
    if classes:
        found += [
            (m, c)
            for m, c in find(ctx, suffixes=("parse_args", "parse_known_args"))
            if c.name.rsplit(".", 1)[0].removesuffix("()").rsplit(".", 1)[-1] in classes
        ]
    return found


_CLI_BASE = re.compile(
    r"(^|\.)(tap\.Tap|Tap|argparse\.ArgumentParser|configargparse\.\w*ArgParser|simple_parsing\.ArgumentParser)$"
)


def _cli_classes(ctx) -> frozenset:
    """Project classes that parse the command line through a library they subclass, and their subclasses."""
    bases = [(cls, base) for m in ctx.index.modules.values() for cls, base, *_ in m.bases]
    out = {cls for cls, base in bases if _CLI_BASE.search(base)}
    changed = bool(out)
    while changed:
        changed = False
        for cls, base in bases:
            if cls not in out and base.rsplit(".", 1)[-1] in out:
                out.add(cls)
                changed = True
    return frozenset(out)


CONFIG_LOAD = (
    "yaml.safe_load",
    "yaml.load",
    "yaml.full_load",
    "json.load",
    "tomllib.load",
    "tomli.load",
    "toml.load",
    "omegaconf.OmegaConf.load",
    "omegaconf.OmegaConf.create",
    "hydra.compose",
    "hydra.initialize",
    "dvc.api.params_show",
    "configparser.ConfigParser",
    "ml_collections.config_flags",
    "gin.parse_config_file",
    "ruamel.yaml.YAML().load",
    "ruamel.yaml.safe_load",
    "ruamel.yaml.load",
)
_SYSTEM_ENV = re.compile(
    r"^(PATH|HOME|USER|PWD|SHELL|TMPDIR|TEMP|HOSTNAME|LANG|CUDA_VISIBLE_DEVICES|LOCAL_RANK|RANK|WORLD_SIZE|"
    r"LOCAL_WORLD_SIZE|NODE_RANK|MASTER_ADDR|MASTER_PORT|OMP_NUM_THREADS|SLURM_\w+|PMI_\w+|OMPI_\w+|"
    r"PYTHONPATH|DISPLAY|TERM|CI|GITHUB_\w+|"
    # a developer's debugging switch (IPDB_SHILONG_DEBUG, VERBOSE) changes what is printed, not the run
    r"\w*DEBUG\w*|\w*VERBOSE\w*|LOG_?LEVEL)$"
)
# `os.environ.setdefault("BITSANDBYTES_NOWELCOME", "1")` sets a library's variable for the process: the
# code writes the environment there, it reads no parameter from it.
ENV_READS = ("os.environ.get", "os.getenv", "dotenv.load_dotenv", "environs.Env")


# params.yaml, config.json, config_v1.json, hparams_base.yaml: a configuration by its name
_CONFIG_NAME = re.compile(r"^(params|configs?|hparams|hyperparams)([_.-][\w.-]*)?\.(ya?ml|json|toml)$")


_SITE_DIRS = frozenset({"docs", "doc", "website", "site", "_site"})


def _key_line(doc, key: str) -> int:
    return next((ln for k, _v, ln in doc.entries if k == key), 0)


def _config_files(ctx) -> list:
    key = (id(ctx.index), len(ctx.index.configs), len(ctx.index.modules))  # a heal pass admits files
    cached = getattr(ctx, "_et_config_files", None)
    if cached is None or cached[0] != key:
        cached = ctx._et_config_files = (key, _find_config_files(ctx))
    return list(cached[1])


def _loaded_by_training(ctx) -> set[str]:
    """Files the training code names by path (`create_model('./models/cldm_v15.yaml')`): what it loads."""
    from ..fixes import training_paths

    modules = ctx.index.modules
    return {
        text.removeprefix("./")
        for path in training_paths(ctx)
        if path in modules
        for text, _, _ in modules[path].file_literals
        if text.lower().endswith((".yaml", ".yml", ".toml"))
    }


def _find_config_files(ctx) -> list:
    out = []
    loaded = _loaded_by_training(ctx)
    for doc in facts(ctx).config_docs:
        parts = doc.path.lower().split("/")
        name = parts[-1]
        if _SITE_DIRS.intersection(parts[:-1]) or name in ("mkdocs.yml", "mkdocs.yaml", "_config.yml"):
            continue  # docs/config.toml of a Hugo site, mkdocs.yml: the documentation's settings
        in_config_dir = any(p in CONFIG_DIRS for p in parts[:-1])
        if (
            _CONFIG_NAME.match(name)
            or in_config_dir
            and doc.format in ("yaml", "json", "toml")
            # a Darknet .cfg or other INI file of training settings ([net] learning_rate, momentum)
            or in_config_dir
            and doc.format == "ini"
            and any(_TRAINING_KEY.search(k.rsplit(".", 1)[-1]) for k in doc.key_set())
            # a file of training settings wherever it is kept (models/160M/pythia-160m.yml that an
            # external trainer reads): several hyperparameters by their usual names
            or doc.format in ("yaml", "json", "toml")
            and scope_of(doc.path) == "core"
            and len({_hyper_key(k) for k in doc.key_set()} & _HYPER_KEYS) >= 3
            # a settings file the training code loads by its path (models/cldm_v15.yaml)
            or doc.format in ("yaml", "toml")
            and doc.path in loaded
            # a Hydra primary config, wherever kept: its defaults list picks an option of each config group
            # (`defaults: [{optimizer: sgd}, {task: classification_task}]`)
            or doc.format == "yaml"
            and any(k.startswith("defaults[].") for k in doc.key_set())
            # a Ploomber spec whose tasks take params (or a grid of them)
            or PLOOMBER_SPEC.fullmatch(name)
            and any(k.startswith(("tasks[].params", "tasks[].grid")) for k in doc.key_set())
        ):
            out.append(doc)
    return out


# Settings that only a training run has: three of them make a file a run's configuration.
_HYPER_KEYS = frozenset(
    {"lr", "learning_rate", "batch_size", "train_batch_size", "micro_batch_size", "train_micro_batch_size_per_gpu",
     "epochs", "num_epochs", "max_epochs", "max_steps", "train_iters", "warmup", "warmup_steps", "warmup_iters",
     "weight_decay", "num_layers", "n_layer", "hidden_size", "dropout", "gradient_accumulation_steps", "optimizer"}
)  # fmt: skip


def _hyper_key(key: str) -> str:
    return key.rsplit(".", 1)[-1].replace("-", "_").lower()


_TRAINING_KEY = re.compile(
    r"^(learning_rate|lr|momentum|weight_decay|decay|batch_size|epochs|max_batches)$", re.I
)


# A distributed engine's own settings file (DeepSpeed's zero_optimization, Accelerate's distributed_type):
# the engine reads and validates it; the project neither types nor composes it.
_ENGINE_KEYS = frozenset({"zero_optimization", "distributed_type", "compute_environment"})


def _project_config_files(ctx) -> list:
    return [d for d in _config_files(ctx) if not (_ENGINE_KEYS & set(d.top_keys()))]


def _hydra_main(ctx) -> list:
    # Dora's hydra_main runs Hydra's main inside the experiment's own folder
    return decorated(ctx, "hydra.main", "dora.hydra_main")


def _hydra_run_dirs(ctx):
    """The `hydra.run.dir` values the training's configs set: the files its `@hydra.main(config_name=...)`
    names (every config when a training app names none), never a test's or an evaluation app's config."""
    from ..detect.engine import TEST, scope_of
    from ..fixes import training_paths

    main = training_paths(ctx)
    names = set()
    for m, d in _hydra_main(ctx):
        name = d.kw("config_name")
        if main and m.path not in main:
            continue
        if not isinstance(name, str):
            names = None
            break
        names.add(name.rsplit("/", 1)[-1].removesuffix(".yaml").removesuffix(".yml"))
    for path, doc in ctx.index.configs.items():
        if scope_of(path) == TEST:
            continue
        if names and path.rsplit("/", 1)[-1].rsplit(".", 1)[0] not in names:
            continue
        for k, v, _ in doc.entries:
            if k == "hydra.run.dir" and isinstance(v, str):
                yield v


def hydra_fixed_run_dir(ctx) -> str:
    """`hydra: run: dir: outputs` in the project's config, a path with no interpolation (no ${now:...}):
    every run writes into the same folder, its .hydra/config.yaml overwritten by the next. '' otherwise."""
    return next((v.strip() for v in _hydra_run_dirs(ctx) if v.strip() and "${" not in v), "")


def hydra_run_dir_named(ctx) -> str:
    """How each run's Hydra output directory is named, as the report says it: by the clock (Hydra's
    default, or ${now:...}), or by the run's command-line overrides (${hydra.job.override_dirname}: a
    rerun with the same overrides writes into the same folder)."""
    for v in _hydra_run_dirs(ctx):
        if "${" in v and "${now:" not in v:
            if "override_dirname" in v:
                return "Hydra output directory named by its command-line overrides"
            return f"Hydra output directory named by its configuration (`{v.strip()[:60]}`)"
    return "timestamped Hydra output directory"


def _hydra_output_subdir_off(ctx) -> bool:
    """`hydra: output_subdir: null` in the project's config: Hydra writes no .hydra/ folder (no
    config.yaml, overrides.yaml) into the run directory."""
    return any(
        k in ("hydra.output_subdir", "output_subdir") and v in (None, "null", "None")
        for doc in ctx.index.configs.values()
        for k, v, _ in doc.entries
    )


def _sacred_config(ctx) -> list:
    """Sacred configuration: @ex.config / @ex.named_config, or ex.add_config(...) from code, each
    overridden from the command line (`with key=value`). Whether it is recorded is the observers' part
    (framework_capture)."""
    decorated_cfg = [
        (m, d)
        for m, d in facts(ctx).decorators
        if d.name.startswith("sacred.") and d.name.endswith((".config", ".named_config"))
    ]
    added = find(
        ctx, prefixes=("sacred.",), pred=lambda c: _last(c.name) in ("add_config", "add_named_config")
    )
    return decorated_cfg + added


@rule(
    "ET201",
    "hardcoded-parameters",
    "2.1",
    "Parameters come from configuration files and the command line, not literals",
    what="Finds the configuration layers a project uses: config files (YAML/JSON/TOML, params.yaml, "
    "Hydra), a command-line parser (argparse, click, typer, fire, jsonargparse, LightningCLI, Hydra "
    "overrides) and environment variables. Reports which layers exist and where.",
    why="Hyperparameters written as literals inside training code change by editing code; the value "
    "used by a past run is then only recoverable from the exact commit, and sweeps need code edits.",
    example="```python\nmodel = XGBClassifier(max_depth=6, learning_rate=0.1)  # tuned by editing this line\n```",
    fix="```python\nparser = argparse.ArgumentParser()\nparser.add_argument('--max-depth', type=int, default=6)\n"
    "parser.add_argument('--config', default='configs/train.yaml')\nargs = parser.parse_args()\n```\n"
    "or adopt Hydra: `@hydra.main(config_path='configs', config_name='train')`.",
)
def hardcoded_parameters(ctx):
    r = hardcoded_parameters.rule
    layers: dict[str, list[Evidence]] = {}
    cfg_files = _config_files(ctx)
    if cfg_files:
        layers["config files"] = [Evidence(d.path, 0, f"{d.format} config") for d in cfg_files[:4]]
    loads = [(m, c) for m, c in find(ctx, prefixes=CONFIG_LOAD) if _loads_configuration(m, c)]
    if loads:
        layers.setdefault("config files", []).extend(evs(loads[:2]))
    cli = cli_calls(ctx) + decorated(ctx, "click.command", "click.option", "typer.Typer().command")
    # Options of scripts that train nothing (convert.py, a demo) set none of the runs' parameters.
    from ..fixes import training_paths

    main = training_paths(ctx) if facts(ctx).training else frozenset()
    if main:
        from ..records import tune_launches

        launched = [(m, c) for m, c in cli if m.path in main]
        # a Ray Tune Trainable gets its config from the launcher that calls tune.run: that launcher's
        # command line sets the trials' parameters, though the Trainable's module never imports it
        tune = not launched and bool(tune_launches(ctx))
        cli = cli if tune else launched
        loads = [(m, c) for m, c in loads if m.path in main]
        if "config files" in layers and not loads:
            layers["config files"] = [e for e in layers["config files"] if e.line == 0]
            if not layers["config files"]:
                del layers["config files"]
    hydra = _hydra_main(ctx)
    if hydra:
        layers["Hydra (defaults + command-line overrides)"] = evs(hydra, "@hydra.main")
    executed, argv = _executed_configurator(ctx)
    if executed:
        layers.setdefault("config files", []).extend(executed)
    modules = config_modules(ctx)
    if modules:
        layers.setdefault("config files", []).extend(modules)
    from ..detect.launchers import launcher_overrides

    argv = argv + launcher_overrides(ctx.taxonomy.training_entry_points)  # `kedro run --params`
    if cli or argv:
        layers["command line"] = evs(cli[:3]) + argv
    sacred = _sacred_config(ctx)
    if sacred:
        layers["Sacred config scopes (command-line `with` overrides)"] = evs(sacred, "@ex.config")
    from ..detect.framework_clis import framework_runs

    # BasicSR's train_pipeline reads `-opt options/x.yml` (and --launcher, --auto_resume): option files
    # picked on the command line
    framework = framework_runs(ctx.index)
    if framework:
        run = framework[0]
        layers[f"{run.cli.name} option files given on the command line"] = [run.evidence]
    # PATH, ranks and scheduler variables describe the machine, not the experiment.
    env = [
        (m, c)
        for m, c in find(ctx, prefixes=ENV_READS)
        if not (c.args and isinstance(c.args[0], str) and _SYSTEM_ENV.match(c.args[0]))
        # setup.py's environment (a git-hash helper's env copy) builds the package, not a run
        and m.path.rsplit("/", 1)[-1] != "setup.py"
    ]
    if env or any("${oc.env:" in str(v) for d in cfg_files for _, v, _ in d.entries if isinstance(v, str)):
        layers["environment variables"] = evs(env[:2]) or [Evidence(cfg_files[0].path, 0, "${oc.env:...}")]
    ev_all = [e for v in layers.values() for e in v]
    names = ", ".join(layers)
    strong = bool(hydra or sacred or framework) or ("config files" in layers and "command line" in layers)
    paths_only = _cli_sets_only_paths(ctx) if layers and not (hydra or sacred) and trains(ctx) else None
    if paths_only and "config files" in layers:
        # Config files that hold none of the training constants (a model-preset module, lit_gpt's
        # config.py) do not set the run's hyperparameters either.
        keys = {k.rsplit(".", 1)[-1].lower() for d in cfg_files for k in d.key_set()}
        keys |= {a.target.rsplit(".", 1)[-1].lower() for e in modules for a in _assigns_at(ctx, e.path)}
        if any(h.lower() in keys for h in paths_only[2]):
            paths_only = None
    if strong and not paths_only:
        return [r.finding(PASS, f"Configuration layers: {names}.", ev_all)]
    if layers:
        if not trains(ctx):
            return [r.finding(PASS, f"Configuration layers: {names}.", ev_all)]
        if "command line" in layers and paths_only:
            m, options, hyper = paths_only
            return [
                r.finding(
                    WARN,
                    "The command line sets only paths"
                    + (" and the machine" if any(_MACHINE_OPTION.match(o) for o in options) else "")
                    + f" ({', '.join(options[:4])}); the hyperparameters "
                    f"({', '.join(hyper[:5])}) are constants in {m.path}, changed by editing the code.",
                    ev_all,
                    "Make the hyperparameters options of the same command line, with today's values as "
                    f"defaults, e.g. `{hyper[0]}: {type(m.constants[hyper[0]]).__name__} = "
                    f"{m.constants[hyper[0]]!r}` as a parameter of the function "
                    "the CLI runs (or an `add_argument`), so each run's values are given, not edited.",
                )
            ]
        positional = [
            (m, c) for m, c in cli if any(isinstance(a, Dyn) and a.text == "sys.argv[]" for a in c.args)
        ]
        # (an MLproject's entry point hands its declared parameters over as these positional values)
        mlproject = any(f.path.rsplit("/", 1)[-1] == "MLproject" for f in ctx.inventory.files)
        fixed = (
            _literal_hyperparameter({m.path for m, _ in positional}, ctx)
            if list(layers) == ["command line"]
            and not argv
            and not mlproject
            and len(positional) == len(cli) <= 2
            else None
        )
        if fixed:
            # max_epoch = int(sys.argv[1]) beside fit(..., batch_size=64): one value given per run, the
            # training's other settings written in the code
            where = ", ".join(f"{m.path}:{c.line}" for m, c in positional)
            m, c, kw = fixed
            n = len(positional)
            return [
                r.finding(
                    WARN,
                    f"Only {n} value{'s come' if n > 1 else ' comes'} from the command line (read from sys.argv at "
                    f"{where}); there is no option parser, config file or environment lookup, and the training's "
                    f"other settings are written in the code ({m.path}:{c.line}: {kw}={c.kw(kw)!r}), changed by "
                    "editing it.",
                    [ev(m, c, f"{_last(c.name)}({kw}={c.kw(kw)!r})"), *ev_all[:3]],
                )
            ]
        if "command line" in layers:
            overridden = _literal_overrides(ctx)
            if overridden:
                m, options, assigns = overridden
                from .facts import line_at, source_lines

                lines = source_lines(ctx, m.path) if not m.path.endswith(".ipynb") else None

                def written(x) -> str:  # the assignment as the script spells it (args.n_epochs = 120)
                    return (
                        line_at(lines, x.line).strip()[:60] or f"{x.target.rsplit('.', 1)[-1]} = {x.value!r}"
                    )

                return [
                    r.finding(
                        WARN,
                        f"The command line takes {len(options)} option(s) ({', '.join(options[:4])}), but "
                        f"{len(assigns)} settings are assigned literals on the parsed options in the code "
                        f"({m.path}:{assigns[0].line}: `{written(assigns[0])}`, ...): a run's command does not "
                        "show them, and changing them means editing the code.",
                        [Evidence(m.path, x.line, written(x), x.cell) for x in assigns[:3]] + ev_all[:2],
                    )
                ]
            literal = _literal_optimizer_settings(ctx)
            if literal:
                # The options a run can change leave out what the training code fixes by hand.
                m, c, kw = literal
                return [
                    r.finding(
                        WARN,
                        f"Parameters come from the command line ({names}), but the optimizer's {kw} is a literal "
                        f"in the training code ({m.path}:{c.line}: {_last(c.name)}({kw}={c.kw(kw)!r})): a run's "
                        "options do not show it, and changing it means editing the code.",
                        [ev(m, c, f"{_last(c.name)}({kw}={c.kw(kw)!r})")] + ev_all[:3],
                    )
                ]
            # Every value can be changed per run from the command line; defaults live in the code.
            return [
                r.finding(
                    PASS,
                    f"Parameters come from the command line ({names}), with defaults in the code; a run's "
                    "values are reproducible only if each run records them (ET210).",
                    ev_all,
                )
            ]
        how = (
            "a variation means editing or copying a config file"
            if "config files" in layers
            else "only environment variables change values"
        )
        return [
            r.finding(
                WARN,
                f"One configuration layer ({names}) and no command line: {how}.",
                ev_all,
            )
        ]
    if not trains(ctx):
        return []
    training = facts(ctx).training
    return [
        r.finding(
            FAIL,
            "Parameters are hard-coded: no config file, command-line parser or environment lookup "
            f"in the training code ({where_list(training)}).",
            training,
            # A notebook is run cell by cell (often in Colab): its parameters belong in one cell at the top,
            # which papermill can set and which is saved with the outputs; a CLI does not fit it.
            _NOTEBOOK_PARAMS_FIX if mostly_notebooks(ctx) else "",
        )
    ]


# Keyword arguments that set how a model is trained or shaped, given as numbers in the call
_HYPER_KWARGS = frozenset(
    {"batch_size", "lr", "learning_rate", "epochs", "units", "hidden_size", "hidden_dim", "dropout", "momentum",
     "weight_decay", "n_estimators", "max_depth", "num_layers", "n_layers", "l1_ratio", "alpha", "C", "gamma"}
)  # fmt: skip


_TRAINING_CALL = re.compile(
    r"^(fit|fit_generator|compile|train|DataLoader|Trainer|TrainingArguments|[A-Z]\w*(Optimizer|Adam|SGD|AdamW|RMSprop|"
    r"Adagrad|Regressor|Classifier|Net|Model|LSTM|GRU|Dense|Linear|Conv\w*|Dropout|Embedding|Attention\w*))$"
)


def _literal_hyperparameter(paths: set[str], ctx):
    """(module, call, keyword) of the first numeric hyperparameter written into a call in ``paths``."""
    for m in facts(ctx).modules:
        if m.path not in paths:
            continue
        for c in m.calls:
            # fit(batch_size=64), Adam(lr=...), Dense(units=...): a training or model-building call, not
            # plt.scatter(alpha=0.3) or predict(batch_size=1024)
            last = _last(c.name)
            if c.name.split(".", 1)[0] in ("matplotlib", "seaborn", "plotly") or not _TRAINING_CALL.search(
                last
            ):
                continue
            for kw, value in c.kwargs:
                if kw in _HYPER_KWARGS and isinstance(value, (int, float)) and not isinstance(value, bool):
                    return m, c, kw
    return None


_NOTEBOOK_PARAMS_FIX = (
    "Gather each notebook's hyperparameters in one cell at the top (tagged `parameters`, so papermill can "
    "set them per run) and save that dict with the run's outputs:\n```python\n"
    "params = {'learning_rate': 1e-3, 'epochs': 5, 'batch_size': 32}   # the only place values are set\n```"
)


def _assigns_at(ctx, path: str) -> list:
    m = ctx.index.modules.get(path)
    return list(m.assigns) if m is not None else []


_OPTIMIZERS = (
    "torch.optim.",
    "optax.",
    "tensorflow.keras.optimizers.",
    "keras.optimizers.",
    "transformers.AdamW",
)


_HYPERPARAMETER = re.compile(
    r"(^|_)(lr|learning_rate|epochs?|batch_size|weight_decay|wd|momentum|dropout|warmup\w*|steps|decay\w*|"
    r"\w*_lr|\w*_ratio|\w*_list|\w*_size|seed)$"
)


_ON_PARSED = re.compile(r".*\.parse_(?:known_)?args\(\)(?:\[\])?\.(\w+)")


def _literal_overrides(ctx):
    """(module, its options, literal assignments) where the training script parses a few options and then
    sets more hyperparameters as literals on the parsed namespace (`args.n_epochs = 120` after
    parse_args): at least three, outnumbering the options the command line takes."""
    from ..fixes import training_paths

    main = training_paths(ctx)
    for m in facts(ctx).modules:
        if main and m.path not in main:
            continue
        parsed = [c for c in m.calls if c.name.endswith(".add_argument") and _option_name(c)]
        options = [_option_name(c) for c in parsed]
        given = {option_dest(c) for c in parsed}
        assigns, seen = [], set()
        for a in m.assigns:
            # the index reads `args` as the namespace it is bound to (argparse...parse_args().n_epochs)
            hit = _ON_PARSED.fullmatch(a.target)
            attr = hit.group(1) if hit else ""
            if (
                attr
                and attr not in given
                and attr not in seen
                and isinstance(a.value, (int, float, str))
                and not isinstance(a.value, bool)
                and _HYPERPARAMETER.search(attr)
            ):
                seen.add(attr)
                assigns.append(a)
        if len(assigns) >= 3 and len(assigns) > len(options):
            return m, options, assigns
    return None


def _literal_optimizer_settings(ctx):
    """(module, call, keyword) of an optimizer on the main training path built with a literal learning
    rate or weight decay (torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0))."""
    from ..fixes import training_paths

    main = training_paths(ctx)
    for m, c in find(ctx, prefixes=_OPTIMIZERS):
        if main and m.path not in main:
            continue
        # for g in optim.param_groups: g["lr"] = get_lr(step, args.base_lr): the constructor's lr is a
        # placeholder the schedule replaces every step
        scheduled = any(a.target.endswith(("[lr]", "[learning_rate]")) for a in m.assigns)
        for kw in ("lr", "learning_rate", "weight_decay"):
            if scheduled and kw != "weight_decay":
                continue
            v = c.kw(kw)
            # SGD(params, lr=0): an optimizer that moves nothing, built to satisfy an API (apex's
            # amp.initialize wants one for a momentum encoder updated by hand), not a setting of training
            if kw != "weight_decay" and v == 0 and not isinstance(v, bool):
                break
            if (
                isinstance(v, (int, float))
                and not isinstance(v, bool)
                and kw != "weight_decay"
                or (kw == "weight_decay" and isinstance(v, float) and v > 0)
            ):
                return m, c, kw
    return None


_PATH_OPTION = re.compile(
    r"(dir|path|file|folder|root|out|ckpt|checkpoint|tokenizer|data|dataset|config|save|load|cache|logs?|name|url|device|"
    r"precision|quantize|resume)s?$",
    re.I,
)
# help="Path to the .model file to be finetuned", "Directory where checkpoints are written"
_PATH_HELP = re.compile(r"\s*(the\s+)?(path|file(name)?|director(y|ies)|folder)\b", re.I)
_HYPER_CONSTANT = re.compile(
    r"^(lr|learning_rate|\w*batch_size|\w*epochs?|num_epochs|weight_decay|warmup\w*|dropout|max_iters|max_steps|"
    r"num_steps|momentum|beta[12]|grad_clip|max_seq_length|block_size|lora_[a-z]+|gradient_accumulation\w*)$",
    re.I,
)
_CLI_OF_FUNCTION = ("jsonargparse.CLI", "jsonargparse.cli.CLI", "fire.Fire", "typer.run", "tyro.cli")


def _option_name(c) -> str:
    """An add_argument's option as written: its long name (`--lr`), else its first name ('' when none)."""
    names = [a for a in c.args if isinstance(a, str)]
    return next((n for n in names if n.startswith("--")), names[0] if names else "")


# Options that choose the machine or resume a run, not the experiment: devices, precision, resume.
_MACHINE_OPTION = re.compile(
    r"^(devices?|gpus?|num_gpus|nodes|num_nodes|precision|tpu|resume\w*|num_workers|workers|world_size|"
    r"local_rank|accelerator|strategy|debug|verbose)$",
    re.I,
)


def _cli_sets_only_paths(ctx):
    """(module, options, hyperparameter constants) when a training entry point's command line only
    names paths (`CLI(main)` with main(data_dir, out_dir)) while its hyperparameters are module
    constants (`learning_rate = 9e-3`): each variation is an edit of the code."""
    for e in facts(ctx).training:
        m = ctx.index.modules.get(e.path)
        if m is None:
            continue
        options = []
        described = set()  # options whose help text says they name a path ("Path to the .model file")
        for c in m.calls:
            if c.name in _CLI_OF_FUNCTION and c.args:
                fn = getattr(c.args[0], "text", None)
                options += list(m.func_params.get(fn, ())) if isinstance(fn, str) else []
            elif c.name.endswith("add_argument") and _option_name(c):
                options.append(_option_name(c).lstrip("-"))
                helped = c.kw("help")
                if isinstance(helped, str) and _PATH_HELP.match(helped):
                    described.add(options[-1])
        hyper = [k for k, v in m.constants.items() if _HYPER_CONSTANT.match(k) and type(v) in (int, float)]
        if (
            options
            and len(hyper) >= 2
            and all(
                o in described or _PATH_OPTION.search(o.replace("-", "_")) or _MACHINE_OPTION.match(o)
                for o in options
            )
        ):
            return m, options, hyper
    return None


def config_modules(ctx) -> list[Evidence]:
    """A Python module of settings (Config.py: `learning_rate = 1e-3`, `epochs = 2000`, ...) that the
    training code imports: a configuration file, edited by hand between runs."""
    from ..detect.engine import SETTINGS_MODULE
    from ..fixes import training_paths

    main = training_paths(ctx)
    out = []
    for path in sorted(main):
        m = ctx.index.modules.get(path)
        stem = path.rsplit("/", 1)[-1].removesuffix(".py")
        if m is None or not SETTINGS_MODULE.match(stem):
            continue
        # ... or fields of a settings object (__C = edict(); __C.TRAIN.BATCH_SIZE = 6: EasyDict, a
        # namespace or a yacs node filled in field by field)
        fields = sum(
            1 for a in m.assigns if "." in a.target and type(a.value) in (int, float, str, bool, list, tuple)
        )
        settings = len(m.constants) + fields
        if settings < 5:
            continue
        out.append(Evidence(path, 1, f"Python config module ({settings} settings)"))
    return out[:2]


def _executed_configurator(ctx) -> tuple[list[Evidence], list[Evidence]]:
    """``exec(open("configurator.py").read())``: a project file run inside the training script to
    override its globals, from Python config files and, when it reads ``sys.argv``, the command line."""
    files, argv = [], []
    for m, c in find(ctx, exact=("exec",)):
        opened = next(
            (
                o
                for o in m.calls
                if o.name == "open" and o.line == c.line and o.args and isinstance(o.args[0], str)
            ),
            None,
        )
        if opened is None:
            continue
        target = ctx.index.modules.get(opened.args[0]) or next(
            (mm for p, mm in ctx.index.modules.items() if p.endswith("/" + opened.args[0])), None
        )
        files.append(ev(m, c, f"exec of {opened.args[0]}: Python files override the defaults"))
        if target is not None and target.imported("sys"):
            argv.append(Evidence(target.path, 1, "command-line overrides read from sys.argv"))
    return files[:2], argv[:1]


TYPED_BASES = ("pydantic.BaseModel", "pydantic.BaseSettings", "pydantic_settings.BaseSettings")
_CONFIG_CLASS = re.compile(
    r"(config|conf|cfg|configuration|settings|setup|experiment|args|arguments|params|parameters|hparams|hyper\w*|"
    r"options|opts|spec)s?$",
    re.I,
)
TYPED_CALLS = (
    "omegaconf.OmegaConf.structured",
    "pyrallis.",
    "hydra.core.config_store.ConfigStore",
    "jsonschema.validate",
    "jsonschema.Draft",
    "pydantic.",
    "tyro.cli",
    "simple_parsing.",
    "jsonargparse.",
    "transformers.HfArgumentParser",
    "lightning.pytorch.cli.LightningCLI",
    "pytorch_lightning.cli.LightningCLI",
    "cerberus.Validator",
    "voluptuous.Schema",
    "marshmallow.",
    "yacs.config.CfgNode",
    "fvcore.common.config.CfgNode",
    "detectron2.config.CfgNode",
    "detectron2.config.get_cfg",
    "ml_collections.config_flags",
    "ml_collections.ConfigDict",
    "ml_collections.config_dict",
    "gin.parse_config",
    "gin.parse_config_files_and_bindings",
)
_CONFIG_NAMED = re.compile(r"(config|conf|settings|params|args|hparams|options|schema)", re.I)


# update() or from_file() alone refuses keys of any mapping (a registry of model states): only in a
# configuration module, or named for one (update_config), do they guard a configuration
_CONFIG_MERGE = re.compile(r"(merge|from_list|load_cfg|load_config|cfg_from)", re.I)
# update_config, set_hparams: a function named for a configuration (not load_params: weights are params too)
_CONFIG_FUNC = re.compile(r"(^|_)(config|cfg|settings|hparams|options)(_|$)", re.I)


# Libraries a script that configures a training run imports (one importing none of them is tooling)
_ML_LIBRARIES = frozenset(
    {"torch", "tensorflow", "keras", "jax", "flax", "sklearn", "numpy", "pandas", "transformers", "lightning",
     "pytorch_lightning", "xgboost", "lightgbm", "catboost", "mxnet", "paddle", "scipy", "datasets", "gym",
     "gymnasium", "accelerate", "deepspeed", "optuna", "ray", "hydra", "omegaconf", "mlflow", "wandb", "dgl",
     "torch_geometric", "timm", "fastai", "chainer", "theano", "cv2", "PIL", "torchvision", "trl", "peft"}
)  # fmt: skip


@rule(
    "ET202",
    "untyped-config",
    "2.1",
    "Configuration values are typed and validated",
    what="Looks for schema enforcement of configuration: pydantic models, dataclasses or attrs "
    "classes in config modules, OmegaConf structured configs / Hydra ConfigStore, jsonschema, "
    "jsonargparse/LightningCLI/HfArgumentParser/tyro signatures, the typed inputs of a Polyaxon training job. "
    "Command-line flags that cannot parse as "
    "meant are a WARN: argparse `type=bool` (`--flag False` is true) and `action='store_true'` with "
    "`default=True` (no command line turns it off).",
    why="An untyped YAML value such as `lr: 1e-3` (a string in YAML 1.1) or a misspelt key silently "
    "produces a different run than the one the config file describes.",
    example="```python\ncfg = yaml.safe_load(open('config.yaml'))\nlr = cfg.get('learning_rate', 0.01)  # typo 'learning_rte' goes unnoticed\n```",
    fix="Load the configuration into a typed class that rejects unknown keys:\n"
    "```python\n@dataclass\nclass TrainConfig:\n    lr: float = 1e-3\n    batch_size: int = 32\n\n"
    "with open('config.yaml') as fh:\n    cfg = TrainConfig(**yaml.safe_load(fh))   # a misspelt key raises TypeError\n```",
)
def untyped_config(ctx):
    r = untyped_config.rule
    f = facts(ctx)
    # A pydantic model in a web service is the request/response schema, not the run's options.
    served = _served_modules(ctx)
    found = [
        Evidence(m.path, line, f"class {cls}({base})", cell)
        for m, cls, base, line, cell in f.bases
        if base.startswith(TYPED_BASES)
        and not _serving_schema(m, cls)
        and m.path not in served
        # a pydantic model is the run's configuration when its name says so (TrainConfig, Settings); Person
        # and Address are the schema an LLM's answers are parsed into
        and ("Settings" in base or _CONFIG_CLASS.search(cls))
    ]
    found += evs(
        [
            (m, c)
            for m, c in find(ctx, prefixes=TYPED_CALLS)
            if not _serving_module(m) and not _gin_skips_unknown(c)
        ][:4],
        lambda c: TYPED_HOW.get(next((k for k in TYPED_HOW if c.name.startswith(k)), ""), c.name),
    )
    # the project's own subclass of a checked config class: class ConfigNode(yacs.config.CfgNode)
    found += [
        Evidence(m.path, line, f"class {cls}({base}): {TYPED_HOW[base]}", cell)
        for m, cls, base, line, cell in f.bases
        if base in TYPED_HOW and m.path not in served and not _accepts_new_keys(ctx, m.path)
    ][:2]
    # TensorFlow's HParams parses overrides against the defaults' types; a project's own class of that
    # name (VITS's attribute bag over a JSON file) checks nothing
    own = {cls for m in f.modules for cls, *_ in m.classes}
    found += evs(
        find(ctx, suffixes=("HParams",), pred=lambda c: c.name.rsplit(".", 1)[-1] not in own)[:2],
        "HParams: overrides are parsed against the defaults' types",
    )
    # Typed Argument Parser: the options are the class's annotated attributes, parsed to their types.
    found += [
        Evidence(m.path, line, f"class {cls}({base}): options typed by their annotations", cell)
        for m, cls, base, line, cell in f.bases
        if re.search(r"(^|\.)tap\.Tap$", base)
    ][:2]
    for m, d in decorated(
        ctx, "dataclasses.dataclass", "attr.s", "attrs.define", "attr.define", "attrs.frozen"
    ):
        if _CONFIG_NAMED.search(m.path):
            found.append(ev(m, d, "@dataclass config"))
    # @gin.configurable only matters when the project parses gin files or bindings.
    if [
        c
        for _, c in find(
            ctx, prefixes=("gin.parse_config", "gin.parse_config_file", "gin.parse_config_files_and_bindings")
        )
        if not _gin_skips_unknown(c)
    ]:
        found += evs(
            decorated(ctx, "gin.configurable")[:2], "gin: bindings must name configurable parameters"
        )
    # def _merge_a_into_b(a, b): ... if k not in b: raise KeyError(...): a configuration merged onto typed
    # defaults refuses keys the defaults do not have (py-faster-rcnn's config.py and its many copies)
    found += [
        Evidence(m.path, line, f"{func}() refuses keys the defaults do not have", cell)
        for m in f.modules
        for func, line, cell in getattr(m, "key_checks", ())
        if _CONFIG_MERGE.search(func) or _CONFIG_FUNC.search(func) or _CONFIG_NAMED.search(m.path)
    ][:2]
    from .facts import polyaxon_components

    # Polyaxon checks the params of each run against the types of the inputs a component declares
    found += [
        Evidence(c.path, c.inputs_line, "Polyaxon checks each run's params against the typed inputs declared")
        for c in polyaxon_components(ctx)
        if c.typed and c.trains
    ][:2]
    if found:
        return [r.finding(PASS, f"Configuration is typed or validated ({len(found)} place(s)).", found)]
    loads = [(m, c) for m, c in find(ctx, prefixes=CONFIG_LOAD) if _loads_configuration(m, c)]
    # A command line of a script that touches no ML library off the training path (makepdf.py bundling
    # a course's submission) configures no run: neither a layer of the run's options nor their types.
    from ..detect.engine import project_imports
    from ..fixes import training_paths

    on_path = training_paths(ctx)
    own = project_imports(ctx.index)
    tooling = {
        m.path
        for m in f.modules
        if m.path not in on_path
        and not own.get(m.path)
        and not any(i.module.split(".", 1)[0] in _ML_LIBRARIES for i in m.imports)
    }
    has_layers = (
        _project_config_files(ctx) or loads or [mc for mc in cli_calls(ctx) if mc[0].path not in tooling]
    )
    if not has_layers:
        return []
    typed_cli = find(ctx, prefixes=ARGPARSE_ADD, pred=lambda c: c.has_kw("type"))
    typed_cli += find(ctx, prefixes=TYPED_FLAGS)
    # a project's wrapper around argparse (`cf.add_argument('--i', type=int)` on its Config object)
    typed_cli += [
        (m, c)
        for m, c in find(ctx, suffixes=("add_argument",), pred=lambda c: c.has_kw("type"))
        if not c.name.startswith(("argparse.", "configargparse."))
    ]
    typed_cli = [(m, c) for m, c in typed_cli if m.path not in tooling]
    # argparse's type=bool calls bool() on the string: "--flag False" gives True.
    # (click's type=bool parses "false"/"0" itself: only argparse's add_argument is meant)
    bool_typed = [
        (m, c)
        for m, c in typed_cli
        if getattr(c.kw("type"), "text", None) == "bool" and c.name.endswith("add_argument")
    ]
    # action='store_true' with default=True: the flag is on whatever the command line says
    stuck = [
        (m, c)
        for m, c in find(ctx, prefixes=ARGPARSE_ADD)
        if c.kw("action") == "store_true" and c.kw("default") is True
    ]
    for bad, what in (
        (bool_typed, "use `type=bool` ({where} {flag}): argparse calls bool() on the string, so `{flag} False` "
         "switches it on"),
        (stuck, "use action='store_true' with default=True ({where} {flag}): the option is on in every run "
         "and no command line can turn it off"),
    ):  # fmt: skip
        if bad and not _project_config_files(ctx) and not loads:
            m, c = bad[0]
            flag = next((a for a in c.args if isinstance(a, str) and a.startswith("-")), "the option")
            return [
                r.finding(
                    WARN,
                    f"{len(bad)} command-line flag(s) "
                    + what.format(where=f"{m.path}:{c.line}", flag=flag)
                    + ".",
                    evs(bad[:3]),
                    _flag_fix(flag, c.kw("default") is True),
                )
            ]
    # configargparse reads its config files through the same typed options (`group.add('--lr',
    # type=float)`, `-config run.yaml`): the files are checked like the command line
    cap = [
        (m, c)
        for m, c in facts(ctx).calls
        if _last(c.name) in ("add", "add_argument")
        and c.has_kw("type")
        and any(isinstance(a, str) and a.startswith("-") for a in c.args)
        and any(i.module.split(".", 1)[0] == "configargparse" for i in m.imports)
    ]
    if len(cap) >= 3:
        return [
            r.finding(
                PASS,
                f"Options are declared with types in configargparse ({len(cap)} typed options), which parses "
                "the config files through the same declarations.",
                evs(cap[:3]),
            )
        ]
    if typed_cli and not _project_config_files(ctx) and not loads:
        return [
            r.finding(
                PASS,
                "Command-line options declare their types ("
                + ", ".join(sorted({_typed_kind(c.name) for _, c in typed_cli}))
                + ").",
                evs(typed_cli[:4]),
            )
        ]
    where = [Evidence(d.path, 0, "untyped config") for d in _project_config_files(ctx)[:3]] + evs(loads[:3])
    if not where:
        cli = cli_calls(ctx)
        adds = [(m, c) for m, c in cli if _last(c.name) in ("add_argument", "add")]
        # argparse hands an option without type= its string: harmless for a mode name or a path,
        # wrong only where the default shows a number is meant (`--lr 0.1` arrives as "0.1").
        numeric = [
            (m, c)
            for m, c in adds
            if not c.has_kw("type")
            and not c.has_kw("action")
            and isinstance(c.kw("default"), (int, float))
            and not isinstance(c.kw("default"), bool)
        ]
        if numeric:
            m, c = numeric[0]
            flag = next((a for a in c.args if isinstance(a, str) and a.startswith("-")), "the option")
            kind = type(c.kw("default")).__name__
            return [
                r.finding(
                    WARN,
                    f"{len(numeric)} command-line option(s) have a numeric default but no type "
                    f"({m.path}:{c.line} {flag}): a value given on the command line reaches the run as a "
                    "string.",
                    evs(numeric[:3]),
                    f"```python\nparser.add_argument('{flag}', type={kind}, default={c.kw('default')!r})\n```",
                )
            ]
        if adds and all(c.name.startswith(("argparse.", "configargparse.")) for _, c in cli):
            return []  # string options (modes, paths, names): a string is their type
        if cli and all(_last(c.name) in ("int", "float", "loads", "literal_eval") for _, c in cli):
            # int(sys.argv[2]), json.loads(sys.argv[2]): each value converted where it is read (numbers and
            # booleans arrive typed); a malformed one raises
            return []
        return [
            r.finding(
                WARN,
                "Options come from the command line without declared types ("
                + ", ".join(sorted({_last(c.name) for _, c in cli[:6]}))
                + "): a mistyped value reaches the run as a string.",
                evs(cli[:3]),
            )
        ]
    # A Darknet .cfg or other INI file repeats its sections ([convolutional] per layer) and is read by
    # the project's own parser: no dataclass of top-level keys loads it. Only YAML/JSON/TOML files get one.
    every = _project_config_files(ctx)
    files = [d for d in every if d.format in ("yaml", "json", "toml")]
    fix = _typed_config_fix(files[0]) if files else ""
    hydra = bool(_hydra_main(ctx) or find(ctx, prefixes=("hydra.",)))
    if files and not hydra and _hydra_composed(files[0]) and find(ctx, prefixes=("omegaconf.",)):
        # `scene: ???` in a file OmegaConf merges with the command line, no Hydra anywhere: a structured
        # config merged under the files types and checks the keys in OmegaConf itself
        fix = (
            f"`{files[0].path}` is merged by OmegaConf with the command-line overrides: merge a structured "
            "config under it so a misspelt or mistyped key stops the run:\n"
            "```python\n@dataclass\nclass Config:\n    name: str = MISSING\n    seed: int = 42\n\n"
            "cfg = OmegaConf.merge(OmegaConf.structured(Config), OmegaConf.load(path), "
            "OmegaConf.from_cli(extras))\n```"
        )
    elif files and (_hydra_main(ctx) or _hydra_composed(files[0])):
        # defaults: [task: cls, model: ssg], `optimizer: ???`: the file is one layer of a config Hydra
        # composes; yaml.safe_load of it alone misses the groups and the command-line overrides
        fix = (
            f"Hydra composes `{files[0].path}` with its config groups and the command-line overrides: validate "
            "the composed config, not the file. With Hydra 1.0 or later, register a structured config (a "
            "dataclass per group, `ConfigStore.instance().store(name='config', node=Config)`) so a misspelt or "
            "mistyped key stops the run."
        )
    if not files and every:
        fix = (
            f"Check the settings where the project's own parser reads `{every[0].path}`: the keys each "
            "section may hold and their types, so a misspelt or malformed value stops the run."
        )
    return [
        r.finding(
            WARN,
            "Configuration is read without a schema (no pydantic, dataclass/attrs config, structured "
            "OmegaConf or jsonschema).",
            where,
            fix,
        )
    ]


def _hydra_composed(doc) -> bool:
    """A Hydra primary config: a top-level `defaults` key (Hydra's list of config groups; a mapping of that
    name counts too), or a mandatory `???` value."""
    return any(
        (k.startswith("defaults[") or k == "defaults") or (isinstance(v, str) and v.strip() == "???")
        for k, v, _line in doc.entries
    )


def _typed_config_fix(doc) -> str:
    """A typed class for the project's own configuration file: its top-level keys, a scalar typed by its
    value and a section as a dict, so the snippet loads that file as it is (nested sections included)."""
    import keyword

    fields: dict[str, str] = {}
    skipped = False
    parents = {re.split(r"[.\[]", k, maxsplit=1)[0] for k, _v, _l in doc.entries if re.search(r"[.\[]", k)}
    for key, value, _line in doc.entries:
        top = re.split(r"[.\[]", key, maxsplit=1)[0]
        if top in fields:
            continue
        if not top.isidentifier():
            skipped = True
            continue
        nested = key != top or top in parents or isinstance(value, dict)
        kind = (
            "list"
            if key.startswith(top + "[") or isinstance(value, list)
            else "dict"
            if nested
            else type(value).__name__
            if isinstance(value, (bool, int, float, str))
            else "object"
        )
        fields[top] = kind
    if not fields:
        return ""
    suffix = doc.path.rsplit(".", 1)[-1].lower()
    load = {"json": "json.load(fh)", "toml": "tomllib.load(fh)"}.get(suffix, "yaml.safe_load(fh)")
    mode = "'rb'" if suffix == "toml" else ""
    opened = f"open(config_path, {mode})" if mode else "open(config_path)"
    if len(fields) > 8 or skipped or any(keyword.iskeyword(k) for k in fields):
        # keys no dataclass field can take (`batch-size`, `lambda`), or more than the snippet lists
        return (
            "Check the configuration's keys when it is loaded, so a misspelt one stops the run:\n"
            f"```python\nKNOWN = {{{', '.join(repr(k) for k in list(fields)[:8])}, ...}}   # the top-level keys of {doc.path}\n"
            f"with {opened} as fh:\n    config = {load}\nunknown = set(config) - KNOWN\n"
            "assert not unknown, f'unknown config keys: {sorted(unknown)}'\n```"
        )
    lines = "\n".join(f"    {k}: {t}" for k, t in fields.items())
    return (
        "Load the configuration into a typed class that rejects unknown or missing keys:\n"
        f"```python\n@dataclass\nclass Config:   # the top-level keys of {doc.path}\n{lines}\n\n"
        f"with {opened} as fh:\n    config = Config(**{load})   # a misspelt key raises TypeError\n```"
    )


def _gin_skips_unknown(c) -> bool:
    """gin.parse_config_files_and_bindings(..., skip_unknown=True): a misspelt binding is ignored, not
    refused, so the parse checks nothing."""
    # (a list names the configurables to skip, and a flag is off unless given: both still refuse the rest)
    return c.name.startswith("gin.") and c.kw("skip_unknown") is True


def _accepts_new_keys(ctx, path: str) -> bool:
    """A yacs node subclass made to take keys its defaults lack (`new_allowed=True`, `set_new_allowed(True)`)."""
    from .facts import source_lines

    text = "\n".join(source_lines(ctx, path) or [])
    return re.search(r"new_allowed\s*=\s*True|set_new_allowed\(\s*True", text) is not None


# Libraries whose configuration objects check keys and types on every override.
TYPED_HOW = {
    "yacs.config.CfgNode": "yacs CfgNode: merges reject unknown keys and type changes",
    # fvcore's and detectron2's CfgNode are yacs CfgNodes (SlowFast, detectron2 projects)
    "fvcore.common.config.CfgNode": "fvcore CfgNode (yacs): merges reject unknown keys and type changes",
    "detectron2.config.CfgNode": "detectron2 CfgNode (yacs): merges reject unknown keys and type changes",
    "detectron2.config.get_cfg": "detectron2 CfgNode (yacs): merges reject unknown keys and type changes",
    "ml_collections": "ml_collections ConfigDict: overrides are type-checked",
    "gin.": "gin: bindings must name configurable parameters",
}
TYPED_FLAGS = (
    # absl flags, however TensorFlow re-exports them (tf.flags in TF1, tf.compat.v1.flags, tf.app.flags)
    *(
        f"{root}.DEFINE_{kind}"
        for root in (
            "tensorflow.app.flags",
            "tensorflow.flags",
            "tensorflow.compat.v1.flags",
            "tensorflow.compat.v1.app.flags",
            "tensorflow.python.platform.flags",  # `from tensorflow.python.platform import flags` (TF1 code)
            "absl.flags",
        )
        for kind in ("integer", "float", "bool", "boolean", "enum")
    ),
    "click.option",  # click converts to the default's type
    "metaflow.Parameter",  # so does Metaflow
)
_SERVING_IMPORTS = (
    "fastapi",
    "flask",
    "starlette",
    "litserve",
    "bentoml",
    "gradio",
    "streamlit",
    "ray.serve",
)
_SCHEMA_CLASS = re.compile(r"(Request|Response|Input|Output|Payload|Item|Query|Body|Prediction|Features?)$")
# json/yaml reads of data (labels, manifests, prompt templates, dataset lines) are not configuration;
# a read is configuration when the module, its function or the file read says so.
_CONFIG_CONTEXT = re.compile(
    r"(config|conf\b|cfg|param|hparam|setting|option|args|flags|experiment|recipe)", re.I
)


def _typed_kind(name: str) -> str:
    if name.startswith(("argparse", "configargparse")) or name.endswith(".add_argument"):
        return "argparse type="
    if name.startswith(("absl", "tensorflow")):
        return "absl typed flags"
    return "Metaflow parameters typed by their defaults" if "metaflow" in name else "click options"


def _serving_module(m) -> bool:
    return any(i.module.startswith(_SERVING_IMPORTS) for i in m.imports)


def _served_modules(ctx) -> set[str]:
    """Modules only web services import (app/schemas.py imported by the FastAPI app): their pydantic
    models are request and response schemas."""
    from ..detect.engine import project_imports

    imports = project_imports(ctx.index)
    importers: dict[str, set[str]] = {}
    for path, hits in imports.items():
        for hit in hits:
            importers.setdefault(hit, set()).add(path)
    serving = {p for p, m in ctx.index.modules.items() if _serving_module(m)}
    return {p for p, by in importers.items() if by and by <= serving}


def _serving_schema(m, cls: str) -> bool:
    return _serving_module(m) or (bool(_SCHEMA_CLASS.search(cls)) and not _CONFIG_NAMED.search(cls))


def _loads_configuration(m, c) -> bool:
    if _splatted_into_class(m, c):
        return False
    if not c.name.startswith(("json.", "pickle.")):
        return True  # YAML/TOML/OmegaConf/Hydra/configparser: configuration formats
    if c.name == "json.loads":
        return False  # a string parsed in code: a JSON line or a response, not a config file
    func = next(
        (name for name, start, cell, end in m.functions if start <= c.line <= end and cell == c.cell), ""
    )
    return bool(_CONFIG_CONTEXT.search(f"{m.path.rsplit('/', 1)[-1]} {func} {c.args!r}"))


def _splatted_into_class(m, c) -> bool:
    """A loaded file whose values are handed whole as keywords to a class in the same function
    (`config = OmegaConf.load(path)`, then `VQModel(**config.model.params)`): the definition of a model,
    checked by the constructor's signature (an unknown key raises TypeError), not untyped run options."""
    span = next(
        ((start, end) for _, start, cell, end in m.functions if cell == c.cell and start <= c.line <= end),
        None,
    )
    if span is None:
        return False
    loaded = c.name + "()"
    return any(
        k == "**"
        and getattr(v, "text", "").startswith(loaded)
        and other.cell == c.cell
        and span[0] <= other.line <= span[1]
        and other.name.rsplit(".", 1)[-1][:1].isupper()
        for other in m.calls
        for k, v in other.kwargs
    )


# A `${a.b}` reference to another key (not a resolver such as `${oc.env:HOME}` or `${now:%H}`)
_INTERPOLATED = re.compile(r"\$\{([A-Za-z_][\w.]*)\}")
# Keys by which a config file inherits from others, in the order one is cited
_INHERIT_KEYS = ("defaults", "_base_", "_BASE_", "BASE", "extends", "base")


def _near_copies(cfgs) -> list:
    """(file, its closest sibling, share of settings in common) for each config file of a folder of three
    or more that holds 80 % or more of a sibling's key/value pairs (20 pairs or more): copies of one
    file, edited in a few lines. Closest pairs first."""
    by_folder: dict[str, list] = {}
    for d in cfgs:
        if len(d.entries) >= 20:
            by_folder.setdefault(d.path.rpartition("/")[0], []).append(d)
    out = []
    for docs in by_folder.values():
        docs = docs[:50]
        if len(docs) < 3:
            continue
        pairs = [{(k, repr(v)) for k, v, _ in d.entries} for d in docs]
        close = []
        for i, a in enumerate(pairs):
            share, j = max((len(a & b) / max(len(a | b), 1), j) for j, b in enumerate(pairs) if j != i)
            if share >= 0.8:
                close.append((docs[i], docs[j], share))
        if len(close) >= 3:
            out += close
    return sorted(out, key=lambda x: -x[2])


@rule(
    "ET203",
    "config-duplication",
    "2.1",
    "Configurations are composed rather than copied",
    what="When a project has several config files, checks for composition: Hydra defaults lists, "
    "OmegaConf `${...}` interpolation of keys another file holds, config inheritance (`_base_`, `extends`, "
    "`<<:` merges), config files merged in code (not one file with the command line laid over it), "
    "Hydra multirun, Polyaxon operations over the component they reference.",
    why="Copied config files drift apart: a fix made in one copy is missing in the others, and two "
    "'identical' experiments differ in a value nobody remembers changing.",
    example="```text\nconfigs/exp1.yaml  configs/exp2.yaml  configs/exp3.yaml   # 90% identical copies\n```",
    fix="```yaml\n# configs/exp2.yaml\ndefaults:\n  - base\n  - _self_\noptimizer:\n  lr: 3e-4\n```",
)
def config_composition(ctx):
    r = config_composition.rule
    cfgs = _project_config_files(ctx)
    found = []
    for d in cfgs:
        keys = d.top_keys()
        # _BASE_: detectron2 / yacs configs inherit from the file it names
        key = next((k for k in _INHERIT_KEYS if k in keys), None)
        if key is not None:
            line = next((ln for k, _, ln in d.entries if k == key or k.startswith(key + "[")), 0)
            found.append(Evidence(d.path, line, f"{key} composition"))
            continue
        # `${model.radius}` naming a key of the same file reuses a value inside one copy; a key the file
        # does not hold comes from another file composed with it
        # a Polyaxon operation lays its params or matrix over the inputs of the component it references
        ref = next((k for k in ("pathRef", "urlRef", "hubRef", "dagRef") if k in keys), None)
        if ref is not None and polyaxonfile(d):
            found.append(
                Evidence(d.path, _key_line(d, ref), f"Polyaxon operation over the component its {ref} names")
            )
            continue
        own = {k for k, _, _ in d.entries}
        for k, v, line in d.entries:
            if isinstance(v, str) and any(ref not in own for ref in _INTERPOLATED.findall(v)):
                found.append(Evidence(d.path, line, f"interpolation in {k}"))
                break
    # OpenMMLab's Python configs: `_base_ = ['../_base_/models/mask_rcnn_r50.py', ...]` composes the model,
    # data, schedule and runtime files a config names (read from the module's facts; the three cited are read
    # for the line of the assignment)
    based = [
        p
        for p, m in sorted(ctx.index.modules.items())
        if m.constants.get("_base_") and "_base_" not in p.split("/")
    ]
    from .facts import source_lines

    for p in based[:3]:
        lines = source_lines(ctx, p) or []
        line = next((i for i, text in enumerate(lines, 1) if re.match(r"_base_\s*=", text)), 1)
        found.append(Evidence(p, line, "_base_ composition (an mmcv Python config)"))
    # OmegaConf.merge(file, OmegaConf.from_cli()) lays the command line over a file: overrides, not
    # several config files composed
    found += evs(
        [
            (m, c)
            for m, c in find(ctx, prefixes=("omegaconf.OmegaConf.merge", "hydra.compose"))
            if not (
                c.name.endswith("merge")
                and len(c.args) == 2
                and any(getattr(a, "text", "").endswith(("from_cli()", "from_dotlist()")) for a in c.args)
            )
        ][:3]
    )
    # yacs / detectron2: each YAML is an override merged onto the typed defaults the code defines
    # (cfg.merge_from_file(args.cfg), then cfg.merge_from_list(args.opts)) ...
    merged = evs(
        find(ctx, suffixes=("merge_from_file", "hparams.parse_json"))[:3],
        lambda c: f"{_last(c.name)}: a config file merged onto defaults in code",
    )
    # ... unless the files merged are whole copies of each other (CvT's five 83-line YAMLs differing in
    # 2-6 lines, the BASE inheritance its loader offers used by none): the merge composes nothing
    copies = _near_copies(cfgs) if merged and not found else []
    if copies:
        a, b, share = copies[0]
        return [
            r.finding(
                WARN,
                f"{len(copies)} config files are copies of one another, edited in a few settings: {a.path} "
                f"and {b.path} share {share:.0%} of theirs; each is merged whole onto the defaults in code, "
                "none composed from a shared base.",
                [
                    Evidence(x.path, 0, f"shares {s:.0%} of its settings with {y.path}")
                    for x, y, s in copies[:6]
                ]
                + merged[:1],
            )
        ]
    found += merged
    # Kedro merges conf/base with an environment (conf/local, conf/prod) by key.
    envs = sorted(
        {d.path.split("/")[-2] for d in cfgs if d.path.count("/") >= 2 and d.path.split("/")[-3] == "conf"}
    )
    if "base" in envs and len(envs) > 1:
        base = next(d.path for d in cfgs if d.path.split("/")[-3:-1] == ["conf", "base"])
        found.append(Evidence(base.rsplit("/", 1)[0], 0, f"Kedro config environments: {', '.join(envs)}"))
    elif "base" in envs:
        # ... and its config loader reads every conf/base/parameters*.yml into one parameter set (a
        # file per pipeline), overlaid by the run environment's files
        params = [
            d.path
            for d in cfgs
            if d.path.split("/")[-3:-1] == ["conf", "base"]
            and re.match(r"parameters[\w-]*\.ya?ml$", d.path.rsplit("/", 1)[-1])
        ]
        if len(params) >= 2 and any(k.tool == "kedro" for k in ctx.present("pipelines")):
            found.append(
                Evidence(
                    params[0].rsplit("/", 1)[0],
                    0,
                    f"Kedro merges {len(params)} parameters*.yml files into one parameter set",
                )
            )
    if found:
        return [r.finding(PASS, f"Configs are composed ({len(found)} place(s)).", found)]
    if len(cfgs) < 3:
        return []
    return [
        r.finding(
            WARN,
            f"{len(cfgs)} config files and no composition (defaults lists, interpolation, merges).",
            [Evidence(d.path, 0, "stand-alone config") for d in cfgs],
        )
    ]


SENSITIVE_FILES = re.compile(
    r"(^|/)(\.env(\.[\w.-]+)?|\.dvc/config\.local|clearml\.conf|\.netrc|\.pypirc|id_rsa|id_dsa|id_ecdsa|id_ed25519|"
    r"credentials(\.json)?|service[-_]?account[\w.-]*\.json|[\w.-]+\.pem|[\w.-]+\.p12|[\w.-]+\.pfx|\.git-credentials|"
    # a generated password kept in a file (Airflow standalone's standalone_admin_password.txt)
    r"(?:[\w.-]*[_-])?(?:password|passwd)(?:\.txt)?)$",
    re.I,
)
# A dotenv file is a credential file only when the scan finds a credential in it.
_DOTENV = re.compile(r"(^|/)\.env(\.[\w.-]+)?$")
_SAFE_ENV = re.compile(r"(^|/)\.env\.(example|sample|template|dist|defaults?)$", re.I)


@rule(
    "ET204",
    "hardcoded-secrets",
    "2.1",
    "Credentials are kept out of code, configs and the repository",
    what="Scans every indexed file once for API keys, tokens, passwords, cloud keys, private keys and "
    "URLs with embedded passwords, and lists committed credential files (`.env`, "
    "`.dvc/config.local`, `clearml.conf`, `id_rsa`, `*.pem`, service-account JSON). Values are "
    "never stored or printed: only the location and the kind.",
    why="A tracking-server password or cloud key in git history is readable by everyone with a clone, "
    "forever; rotating it is the only fix.",
    example="```python\nwandb.login(key='0123456789abcdef...')\nmlflow.set_tracking_uri('https://user:pw@mlflow.example.com')\n```",
    fix="Rotate the exposed credential first, then read it from the environment or a secret store:\n"
    "```python\nimport os\nos.environ['WANDB_API_KEY']  # set by CI secrets / a local, gitignored .env\n"
    "mlflow.set_tracking_uri(os.environ['MLFLOW_TRACKING_URI'])  # credentials via MLFLOW_TRACKING_USERNAME/PASSWORD\n```\n"
    "Add `.env`, `.dvc/config.local` and `clearml.conf` to `.gitignore` and purge them from history "
    "(`git filter-repo --path .env --invert-paths`).",
)
def hardcoded_secrets(ctx):
    from ..index.secrets import kind_label

    r = hardcoded_secrets.rule
    hits = list(getattr(ctx.index, "secrets", []) or [])
    ev_list = [Evidence(h.path, h.line, f"{kind_label(h.kind)} (value redacted)", h.cell) for h in hits]
    files = []
    with_hits = {h.path for h in hits}
    for fe in ctx.inventory.project_files():
        if SENSITIVE_FILES.search(fe.path) and not _SAFE_ENV.search(fe.path):
            if _DOTENV.search(fe.path) and fe.path not in with_hits:
                continue  # docker/.env holding COMPOSE_PROJECT_NAME=...: settings, no credential in it
            if fe.origin in ("tracked", "walked", "untracked"):
                files.append(Evidence(fe.path, 0, f"credential file ({fe.origin})"))
    guild = []
    for doc in facts(ctx).config_docs:
        if doc.path.rsplit("/", 1)[-1] in ("guild.yml", "guild.yaml"):
            for k, v, line in doc.entries:
                if ".env." in k + "." and re.search(r"(key|secret|token|password)", k, re.I) and v:
                    guild.append(Evidence(doc.path, line, "Guild env credential (value redacted)"))
    # the view token GitHub appended to a raw file's link while the repository was private: it opens that
    # one file and expires within days; no service of the project is reached with it
    views = [e for e, h in zip(ev_list, hits, strict=True) if h.kind == "raw_view_token"]
    ev_list = [e for e in ev_list if e not in views]
    all_ev = sorted(set(ev_list + files + guild))
    if not all_ev and views:
        return [
            r.finding(
                WARN,
                f"No credentials found, but {len(views)} link(s) keep the expiring view token GitHub adds to a "
                "raw file's URL while a repository is private (`?token=...`): it grants nothing once expired, "
                "and the link stops working; link the file by its repository-relative path instead.",
                sorted(set(views)),
                recommendation="Drop the `?token=...` query from each link, or link the file by its path in "
                "the repository (`![figure](docs/figure.png)`); nothing needs rotating.",
            )
        ]
    if not all_ev:
        return [
            r.finding(
                PASS,
                f"No credentials found in {ctx.index.files_parsed} files scanned, and no committed "
                "credential files (.env, .dvc/config.local, clearml.conf, private keys).",
            )
        ]
    tracked = [e for e in files if "tracked" in e.detail and "untracked" not in e.detail]
    msg = f"{len(set(ev_list + guild))} hard-coded credential(s)"
    if files:
        msg += f" and {len(files)} credential file(s) in the working tree"
        if tracked:
            msg += f" ({len(tracked)} committed to git)"
    return [r.finding(FAIL, msg + "; values redacted.", all_ev)]


# --------------------------------------------------------------------------------------------
# 2.2 Hyperparameter tracking
# --------------------------------------------------------------------------------------------

PARAM_LOG_SUFFIX = (
    "log_param",
    "log_params",
    "log_hyperparams",
    "save_hyperparameters",
    "log_parameters",
    "log_parameter",
    "add_hparams",
    "connect",
    "connect_configuration",
    "log_batch",
    "write_hparams",
)


_RUN_OBJECTS = ("aim.Run(", "neptune.init_run(", "neptune.init(", "neptune.new.init(")
_RUN_PARAMS_KEY = re.compile(
    r"(hparams|hyperparams|hyper_parameters|hyperparameters|params|parameters|config|args)", re.I
)


def _params_entry(target: str) -> bool:
    """`run["hparams"]`, `run["parameters"]`: an entry named for the parameters, set whole (not
    `run["model/num_params"]`, a count)."""
    _, bracket, key = target.partition("[")
    return bool(bracket) and _RUN_PARAMS_KEY.fullmatch(key.rstrip("]").strip("'\"")) is not None


def _params_set_on_a_kept_run(ctx) -> list[Evidence]:
    """`self.run = aim.Run(...)`, later `self.run["hparams"] = hparams`: the run kept on an object (or under
    any name) is a tracker run, and a parameters entry set on it is that run's parameter record."""
    out = []
    for m in facts(ctx).modules:
        runs = {
            a.target: a.value.text.split("(", 1)[0]
            for a in m.assigns
            if isinstance(a.value, Dyn) and a.value.text.startswith(_RUN_OBJECTS)
        }
        if not runs:
            continue
        for a in m.assigns:
            name = a.target.partition("[")[0]
            if name in runs and _params_entry(a.target):
                out.append(Evidence(m.path, a.line, f"sets {a.target} (a {runs[name]} run)", a.cell))
    return out


def param_logging(ctx) -> tuple[list[Evidence], list[Evidence], list[Evidence]]:
    """(whole-config logging, partial logging, automatic logging) evidence. Three rules and two
    scorecard readings ask: computed once per run records, a copy of each list every time."""
    cached = getattr(ctx, "_et_param_logging", None)
    if cached is None or cached[0] is not ctx.records:
        cached = ctx._et_param_logging = (ctx.records, _param_logging(ctx))
    whole, partial, auto = cached[1]
    return list(whole), list(partial), list(auto)


# Tracker calls that take one named value: a loop over every option calling one of them logs them all.
_ONE_VALUE_LOG = frozenset({"add_text", "add_scalar", "log_param", "log_text", "log_parameter", "set_tag"})


def _options_logged_in_loops(ctx) -> list[Evidence]:
    """`for k, v in vars(args).items(): writer.add_text(k, str(v))`, or the same loop calling a helper of
    its module that makes the tracker call (maxtext's add_config_to_summary_writer): every option is
    handed to the tracker, so the whole configuration is logged."""
    from ..records import LOOP_RECORD, options_object

    # loops that write into the run's own log are records (records.py), read with the other records
    recorded = {
        (p.evidence.path, p.evidence.line)
        for p in (ctx.records.config if ctx.records else [])
        if p.evidence.detail.startswith(LOOP_RECORD)
    }
    out = []
    writers = None
    for m in facts(ctx).modules:
        for line, cell, source, called, resolved in m.option_loops:
            if not options_object(m, source, resolved) or (m.path, line) in recorded:
                continue
            lasts = {c.rsplit(".", 1)[-1] for c in called}
            via = ""
            if writers is None:
                writers = _record_writers(ctx)
            # logger.info(...) on the logger a helper made (common_utils.create_logger(log_file).info): the
            # helper's log file is where the loop writes
            makers = {n for c in called for n in re.findall(r"(\w+)\(\)\.\w+$", c)}
            own = next((writers[n] for n in sorted(lasts | makers) if n in writers), None)
            if own is not None and not lasts & _ONE_VALUE_LOG:
                out.append(
                    Evidence(
                        m.path,
                        line,
                        f"{LOOP_RECORD} `{source}` written into the run's log `{own.target}` "
                        f"({own.evidence.where()})",
                        cell,
                    )
                )
                continue
            if not lasts & _ONE_VALUE_LOG:
                spans = [(n, start, end) for n, start, c, end in m.functions if c == cell and n in lasts]
                via = next(
                    (
                        n
                        for n, start, end in spans
                        if any(
                            x.cell == cell
                            and start <= x.line <= end
                            and x.name.rsplit(".", 1)[-1] in _ONE_VALUE_LOG
                            for x in m.calls
                        )
                    ),
                    "",
                )
                if not via:
                    continue
            out.append(
                Evidence(
                    m.path,
                    line,
                    f"every option of `{source}` handed to the tracker in a loop"
                    + (f" (through {via})" if via else ""),
                    cell,
                )
            )
    return out[:2]


def _record_writers(ctx) -> dict:
    """Functions of the project that write a run record by their own code (the log function a
    `logger(prefix)` factory returns, writing `{prefix}.jsonl`): name -> the RecordPart written."""
    rec = ctx.records
    if rec is None:
        return {}
    modules = ctx.index.modules
    out: dict = {}
    for part in rec.metrics + rec.config:
        if part.framework:
            continue
        m = modules.get(part.evidence.path)
        if m is None:
            continue
        for name, start, cell, end in m.functions:
            if cell == part.evidence.cell and start <= part.evidence.line <= end:
                out.setdefault(name, part)
    return out


def _same_program(ctx, params: list[Evidence], logged: list[Evidence]) -> list[Evidence]:
    """The parameters defined where a logging call is reached from: the same module, or a module whose
    project imports (transitively) include the one that logs, or the other way round. Configuration
    files (no module) stay."""
    from ..detect.engine import import_closure, project_imports

    where = {e.path for e in logged}
    if any(w not in ctx.index.modules for w in where):
        return params  # captured by a tool's own file (guild.yml, dvc.yaml): every program it runs
    imports = project_imports(ctx.index)
    reached_from_logging = import_closure(imports, sorted(where))
    # Ray Tune's record of each trial's config covers the trainables it runs, which a launcher names by
    # a string or a module loaded at run time rather than an import.
    from ..records import tune_launches, tune_trainables

    launches = {(m.path, c.line) for m, c in tune_launches(ctx)}
    trainables = (
        {m.path for m, _span in tune_trainables(ctx)}
        if any((e.path, e.line) in launches for e in logged)
        else set()
    )
    out = []
    for e in params:
        if (
            e.path not in ctx.index.modules
            or e.path in trainables
            or e.path in reached_from_logging  # the logging module (or one it imports) defines it
            or import_closure(imports, [e.path]) & where
        ):
            out.append(e)
    return out


def _picked_dict(m, name: str, line: int) -> list[str]:
    """The keys of `name = dict(a=..., b=...)`, the binding nearest above ``line`` in the module: values
    picked one by one (no **options spread into it), not the whole configuration. A name bound to a
    call reads as that call ("dict()"): then the nearest bound dict(...) above is the one."""
    dict_lines = {c.line for c in m.calls if c.name == "dict"}
    bound = [
        ln
        for ln, _cell, n in m.call_targets
        if ln <= line and (n == name or (name == "dict()" and ln in dict_lines))
    ]
    if not bound:
        return []
    at = max(bound)
    for c in m.calls:
        if c.line == at and c.name == "dict" and not c.args and c.kwargs:
            keys = [k for k, _ in c.kwargs]
            return [] if "**" in keys else keys
    return []


def _handed_by_callers(ctx, m, c, name: str) -> bool:
    """``name`` is a parameter of the function around call ``c``, and the project calls that function."""
    from .optin import _callers, _function_at

    fn = _function_at(m, c.line, c.cell)
    if fn is None or name not in (m.func_params.get(fn[0]) or m.method_params.get(fn[0], ())):
        return False
    return bool(_callers(ctx, m, fn))


def _param_logging(ctx) -> tuple[list[Evidence], list[Evidence], list[Evidence]]:
    from ..records import module_given_whole_options

    whole, partial, auto = [], [], []
    tracked_roots = {
        "mlflow",
        "wandb",
        "neptune",
        "comet_ml",
        "clearml",
        "aim",
        "swanlab",
        "trackio",
        "dvclive",
        "polyaxon",
        "polyaxon_client",
        "tensorboardX",
        "torch",
        "tensorflow",
        "self",
        "trainer",
        "lightning",
        "pytorch_lightning",
    }
    # a tracker the detection found only in code no run executes (a wrapper nothing builds) logs nothing
    unused_roots = {
        {"comet": "comet_ml"}.get(d.tool, d.tool)
        for d in ctx.detections
        if d.category == "tracking"
        and d.usage == MENTIONED
        and d.tool in ("wandb", "mlflow", "neptune", "comet")
    }
    for m, c in find(ctx, suffixes=PARAM_LOG_SUFFIX):
        last = _last(c.name)
        root = _root(c.name)
        if root in unused_roots:
            continue
        if last in ("connect", "connect_configuration") and not c.name.startswith("clearml"):
            continue
        if last == "log_batch" and not c.name.startswith("mlflow"):
            continue
        if last in ("save_hyperparameters",):
            if c.kw("logger") is not False:  # logger=False keeps them in the checkpoint only
                chosen = c.args[0] if c.args else None
                if isinstance(chosen, dict):
                    # save_hyperparameters({"lr": lr, "ways": ways}): the keys chosen, not every option
                    partial.append(ev(m, c, f"{c.name}({{{', '.join(list(chosen)[:6])}}})"))
                elif isinstance(chosen, str) and not module_given_whole_options(ctx):
                    # save_hyperparameters("sincnet", "lstm"): the constructor arguments named, no others
                    partial.append(ev(m, c, f"{c.name}({', '.join(repr(a) for a in c.args[:6])})"))
                elif chosen is None and not module_given_whole_options(ctx):
                    # the module's constructor arguments: LitModel(args.hidden_dim, args.lr) leaves the
                    # batch size and the Trainer's flags out
                    partial.append(ev(m, c, f"{c.name}() (the LightningModule's constructor arguments)"))
                else:
                    whole.append(ev(m, c))
            continue
        if root not in tracked_roots and not c.name.startswith(("mlflow", "wandb")):
            if last not in ("log_hyperparams", "log_params", "log_param", "add_hparams", "write_hparams"):
                continue
        arg = c.args[0] if c.args else (c.kwargs[0][1] if c.kwargs else None)
        if last in ("log_param", "log_parameter"):
            partial.append(ev(m, c, f"{c.name}({arg!r})" if isinstance(arg, str) else c.name))
        elif isinstance(arg, dict):
            partial.append(ev(m, c, f"{c.name}({{{', '.join(list(arg)[:6])}}})"))
        elif isinstance(arg, Dyn) and _handed_by_callers(ctx, m, c, arg.text):
            # def write_hparams(self, hparams): self._writer.add_hparams(hparams): the wrapper logs what
            # its callers hand it (their calls are read for themselves), not a configuration of its own
            continue
        else:
            whole.append(ev(m, c, f"{c.name}({arg.text if isinstance(arg, Dyn) else '...'})"))
    whole += _options_logged_in_loops(ctx)
    # Polyaxon's log_inputs(**vars(args)) records the options whole; named keywords are the ones chosen,
    # whole only when they are every option the module's parser defines
    inputs = find(ctx, suffixes=("log_inputs",), pred=lambda c: "olyaxon" in c.name)
    parsed: dict[str, set] = {}
    for n, e in _defined_params(ctx) if inputs else ():
        if e.detail.startswith("argument"):
            parsed.setdefault(e.path, set()).add(n)
    for m, c in inputs:
        keys = [k for k, _ in c.kwargs]
        spread = next((v for k, v in c.kwargs if k == "**"), None)
        if isinstance(spread, dict):  # log_inputs(**{"lr": lr, "epochs": epochs}): the keys written out
            keys = [k for k in keys if k != "**"] + [str(k) for k in spread]
        if spread is not None and not isinstance(spread, dict):
            whole.append(ev(m, c, f"{_last(c.name)}(**{getattr(spread, 'text', '...')})"))
        elif keys and parsed.get(m.path) and parsed[m.path] <= set(keys):
            whole.append(ev(m, c, f"{_last(c.name)}(every option of the parser: {', '.join(keys[:6])})"))
        elif keys:
            partial.append(ev(m, c, f"{_last(c.name)}({', '.join(k for k in keys[:6] if k != '**')})"))
    # SwanLab and Trackio take the run's config the way W&B does (init(config=...))
    for m, c in find(
        ctx,
        prefixes=("wandb.init", "swanlab.init", "trackio.init"),
        pred=lambda c: c.has_kw("config") and _root(c.name) not in unused_roots,
    ):
        config = c.kw("config")
        picked = _picked_dict(m, config.text, c.line) if isinstance(config, Dyn) else None
        if picked:
            # model_config = dict(depth=DEPTH, heads=HEADS, dim_head=DIM_HEAD); wandb.init(config=model_config)
            partial.append(ev(m, c, f"wandb.init(config={config.text}: {', '.join(picked[:6])})"))
            continue
        (whole if not isinstance(config, dict) else partial).append(ev(m, c, "wandb.init(config=...)"))
    for m, c in find(ctx, suffixes=("update", "setdefaults"), roots={"wandb"}):
        if ".config." in c.name:
            arg = c.args[0] if c.args else None
            if isinstance(arg, dict):  # config.update(dict(epochs=..., lr=...)): hand-picked values
                partial.append(ev(m, c, f"{c.name}({{{', '.join(list(arg)[:6])}}})"))
            else:
                whole.append(ev(m, c))
    for m, a in assigned(
        ctx, lambda t: t.startswith(("wandb.config", "wandb.init().config", "wandb.run.config"))
    ):
        partial.append(Evidence(m.path, a.line, f"sets {a.target}", a.cell))
    for m, a in assigned(ctx, lambda t: t.startswith(("neptune.", "aim.Run()")) and _params_entry(t)):
        whole.append(Evidence(m.path, a.line, f"sets {a.target}", a.cell))
    whole.extend(_params_set_on_a_kept_run(ctx))
    for m, c in find(ctx, suffixes=("autolog",), roots={"mlflow", "wandb", "dvclive", "comet_ml"}):
        auto.append(ev(m, c, f"{c.name} (logs estimator/trainer parameters)"))
    hf_args = find(
        ctx, suffixes=("TrainingArguments", "Seq2SeqTrainingArguments", "SFTConfig", "HfArgumentParser")
    )
    # HfArgumentParser((ModelArguments, DataArguments, TrainingArguments)): the Trainer reports its own
    # TrainingArguments (and the model's config), not the model and data arguments parsed beside them
    # ... decided for the module that parses them: a data-preparation tool's own parser says nothing of train.py's
    split = {
        m.path
        for m, c in hf_args
        if c.name.endswith("HfArgumentParser")
        and c.args
        and isinstance(c.args[0], list)
        and len(c.args[0]) > 1
        and any("Training" in str(getattr(x, "text", x)) for x in c.args[0])
    }

    def reported_by(path: str) -> tuple[list, str, str]:
        # a launch script's --report_to: the scripts it runs decide, read as the project's parsers
        if path in split or (path not in ctx.index.modules and split):
            return partial, "its TrainingArguments", " (not the model and data arguments parsed beside them)"
        return auto, "all arguments", ""

    for m, c in hf_args:
        rt = c.kw("report_to")
        if rt not in (None, "none", []) and code_trackers(ctx):
            into, what, beside = reported_by(m.path)
            into.append(ev(m, c, f"TrainingArguments(report_to={rt!r}) logs {what}{beside}"))
    # `--report_to wandb` in the launch scripts: the Trainer logs all its arguments to that tracker.
    if hf_args:
        for d in ctx.present("tracking"):
            launched = [e for e in d.evidence if "report_to" in e.detail or "report-to" in e.detail]
            if launched:
                into, what, beside = reported_by(launched[0].path)
                into.append(
                    Evidence(
                        launched[0].path,
                        launched[0].line,
                        f"{launched[0].detail}: the Trainer logs {what} to {d.label}{beside}",
                    )
                )
    sacred = sacred_capture(ctx, "its observer records the whole config of every run", "")
    if sacred is not None and sacred[0] == PASS:
        auto.extend(sacred[1])
    # Ray Train/Tune's tracker callbacks log each trial's config (train_loop_config, param_space) as its params
    ray_cb = find(
        ctx,
        suffixes=("MLflowLoggerCallback", "WandbLoggerCallback"),
        pred=lambda c: c.name.startswith("ray."),
    )
    if ray_cb:
        whole.extend(
            evs(
                ray_cb[:2],
                "Ray logs each trial's config (its train_loop_config or param_space) to the tracker",
            )
        )
    mf = find(ctx, prefixes=("metaflow.Parameter", "metaflow.Config"))
    if mf:
        auto.extend(evs(mf[:2], "Metaflow stores Parameters and Configs with every run"))
    from .facts import zenml_parameters

    auto.extend(zenml_parameters(ctx)[:3])
    for d in ctx.present("tracking"):
        if d.tool == "guild":
            from .facts import guild_site

            site = guild_site(ctx, d)
            auto.extend([site] if site is not None else [])
    from .facts import polyaxon_inputs

    # a Polyaxonfile's declared inputs: Polyaxon resolves them for every run of the component and keeps them
    auto.extend(polyaxon_inputs(ctx)[:3])
    if (
        "hydra" in tracker_ids(ctx)
        and _hydra_main(ctx)
        and not _hydra_output_subdir_off(ctx)
        and not hydra_fixed_run_dir(ctx)
    ):
        auto.extend(evs(_hydra_main(ctx), "Hydra writes the composed config to .hydra/config.yaml"))
    from .facts import dora_mains

    # ... and Dora keeps each experiment's arguments beside it (said once per entry point)
    seen = {(e.path, e.line) for e in auto}
    dora = [(m, d) for m, d in dora_mains(ctx) if (m.path, d.line) not in seen]
    auto.extend(evs(dora[:1], "Dora keeps each experiment's arguments in its folder (.argv.json)"))
    # Hand-written run records: the options dumped into the run directory or a checkpoint.
    from ..records import COMMAND_LINE, EXPERIMENT_CONFIG, PRINTED_OPTIONS, main_records

    rec = main_records(ctx)
    for part in rec.config if rec is not None else ():
        what = "the config file as loaded" if part.from_file else "options"
        if part.keeping == "experiment":
            # read from the run's folder, not written: the settings as the user left them, no defaults
            e = Evidence(
                part.evidence.path,
                part.evidence.line,
                f"{EXPERIMENT_CONFIG} ({part.target})",
                part.evidence.cell,
            )
            partial.append(e)
            continue
        if "sys.argv" in part.evidence.detail or part.evidence.detail.endswith(COMMAND_LINE):
            what = ARGV_RECORD
        elif PRINTED_OPTIONS in part.evidence.detail:
            what = "options " + part.evidence.detail.split(f" {PRINTED_OPTIONS}", 1)[0] + " (printed)"
        if part.framework and part.in_checkpoint and "trainer_state.json" in part.evidence.detail:
            # The Hugging Face Trainer pickles its TrainingArguments beside every checkpoint.
            what = "the Trainer's TrainingArguments (learning_rate, batch_size, optimizer, lr_scheduler, seed) as training_args.bin"
        e = Evidence(
            part.evidence.path, part.evidence.line, f"{what} written to {part.describe()}", part.evidence.cell
        )
        (whole if part.whole else partial).append(e)
    from .facts import mlflow_recipe

    recipe = mlflow_recipe(ctx)
    if recipe is not None:
        # MLflow Recipes logs the resolved recipe.yaml and each step's parameters to the run it creates
        e = recipe[0]
        auto.append(
            Evidence(
                e.path, e.line, f"{e.detail}: MLflow Recipes logs the resolved recipe and step parameters"
            )
        )
    for doc in facts(ctx).config_docs:
        if doc.path.rsplit("/", 1)[-1] == "dvc.yaml":
            for k, _, line in doc.entries:
                if re.fullmatch(r"stages\.[^.]+\.params", k) or k == "params":
                    auto.append(Evidence(doc.path, line, "DVC stage params (recorded in dvc.lock)"))
                    break
    return whole, partial, auto


def _defined_params(ctx) -> list[tuple[str, Evidence]]:
    """Parameters the project defines, those of the training entry points first."""
    training = {e.path for e in facts(ctx).training}
    out = []
    parsers = find(ctx, prefixes=ARGPARSE_ADD)
    # Options of the training subcommand (`sub.add_parser("train").add_argument(...)`), whatever the parser's name.
    from ..detect.launchers import training_subcommand_options

    parsers += training_subcommand_options(ctx.index, ctx.taxonomy.training_entry_points)
    for m, c in parsers:
        name = _option_name(c) or "?"
        out.append((name.lstrip("-").replace("-", "_"), ev(m, c, f"argument {name}")))
    # absl / tf.app flags (`flags.DEFINE_integer("seed", 42, ...)`) and click options are arguments too.
    for m, c in find(ctx, suffixes=_FLAG_KINDS, pred=_flag_definition):
        name = c.args[0]
        out.append((name.lstrip("-").replace("-", "_"), ev(m, c, f"argument {name}")))
    for doc in _config_files(ctx):
        for k, v, line in doc.entries:
            if v is not None and "[]" not in k and not k.startswith(("hydra.", "defaults[")):
                out.append((k.rsplit(".", 1)[-1], Evidence(doc.path, line, f"config key {k}")))
    out += sacred_config_keys(ctx)
    # Defaults a config object defines in code: yacs `_C = CN(); _C.SEED = 0`, ml_collections
    # `config = ConfigDict(); config.seed = 42`
    for m in facts(ctx).modules:
        for a in m.assigns:
            cut = max(a.target.find("CfgNode()."), a.target.find("ConfigDict()."))
            if cut >= 0 and len(out) < 5000:
                key = a.target[cut:].split(".", 1)[1]
                out.append(
                    (
                        key.rsplit(".", 1)[-1].lower(),
                        Evidence(m.path, a.line, f"config default {key}", a.cell),
                    )
                )
    out.sort(key=lambda ne: ne[1].path not in training)  # stable: file order kept within each group
    return out


_FLAG_KINDS = tuple(f"DEFINE_{k}" for k in ("integer", "string", "float", "bool", "boolean", "enum", "list"))
_FLAG_DEFINE = re.compile(r"(^|\.)flags\.DEFINE_(integer|string|float|bool|boolean|enum|list|multi_\w+)$")


def _flag_definition(c) -> bool:
    return bool(c.args) and isinstance(c.args[0], str) and _FLAG_DEFINE.search(c.name) is not None


def _run_counts(ctx) -> tuple[int, int, int]:
    """(runs, runs with params, runs with a seed) in the catalog, deleted runs excluded."""
    cat = ctx.catalog
    if cat is None:
        return 0, 0, 0
    runs = [r for r in cat.runs if not r.deleted]
    return len(runs), sum(1 for r in runs if r.params), sum(1 for r in runs if r.seed is not None)


def _hand_fix(ctx, key: str) -> str:
    from ..records import hand_fix

    return hand_fix(ctx, key)


def _param_snippet(ctx) -> str:
    from ..records import _takes_options

    stack = stack_label(ctx)
    if not stack:
        from ..records import hand_fix

        return hand_fix(ctx, "params")
    if _takes_options(ctx):
        return _stack_param_snippet(stack)
    # no command line or config system on the training path: there is no `args` to log
    if stack == "dvc":
        # DVC records the values of the params a stage declares, per commit and per experiment
        return (
            "```yaml\n# params.yaml\ntrain:\n  lr: 0.001\n  epochs: 10\n# dvc.yaml: the stage declares them\n"
            "stages:\n  train:\n    cmd: python train.py\n    params: [train]\n```\n"
            "```python\nparams = yaml.safe_load(open('params.yaml'))['train']   # read, not hard-coded\n```"
        )
    return (
        "```python\nparams = {'lr': 0.001, 'epochs': 10}   # every setting the script reads, in one dict\n"
        + _stack_param_snippet(stack).split("\n", 1)[1].replace("vars(args)", "params")
    )


def _stack_param_snippet(stack: str) -> str:
    if stack == "wandb":
        return "```python\nrun = wandb.init(project=..., config=vars(args), save_code=True)\n```"
    if stack == "neptune":
        return '```python\nrun["parameters"] = stringify_unsupported(vars(args))\n```'
    if stack == "comet":
        return "```python\nexperiment.log_parameters(vars(args))\n```"
    if stack == "clearml":
        return "```python\ntask.connect(vars(args))\n```"
    if stack == "dvc":
        return "```python\nwith Live() as live:\n    live.log_params(vars(args))\n```"
    return "```python\nwith mlflow.start_run():\n    mlflow.log_params(vars(args))  # or OmegaConf.to_container(cfg, resolve=True)\n```"


@rule(
    "ET210",
    "params-not-logged",
    "2.2",
    "Hyperparameters are logged with every run",
    what="Checks that the parameters a script defines reach the tracker: `mlflow.log_params`, "
    "`wandb.init(config=...)`/`wandb.config.update`, Lightning `save_hyperparameters`, a Sacred "
    "Experiment with an observer (in code or `-F`/`-m` on the launch line), DVC stage `params`, autologging, TrainingArguments `report_to`, "
    "Polyaxon's `log_inputs` and the inputs a Polyaxonfile's training job declares (kept with each of its runs), the parameters "
    "and run configuration ZenML stores for every pipeline run. Runs read from "
    "stores on disk that recorded parameters count as proof.",
    why="Metrics without the parameters that produced them cannot be compared or reproduced; the "
    "best run becomes a number nobody can recreate.",
    example="```python\nargs = parser.parse_args()\nwith mlflow.start_run():\n    train(args)  # params never logged\n```",
    fix="```python\nwith mlflow.start_run():\n    mlflow.log_params(vars(args))\n    train(args)\n```\n"
    "W&B: `wandb.init(config=vars(args))`; Lightning: `self.save_hyperparameters()` in the module.",
)
def params_logged(ctx):
    r = params_logged.rule
    whole, partial, auto = param_logging(ctx)
    n, with_params, _ = _run_counts(ctx)
    ev_all = whole + auto + partial
    if with_params:
        ev_all = ev_all + [
            Evidence(ctx.catalog.runs[0].path, 0, f"{with_params}/{n} stored runs record parameters")
        ]
    question = (
        "" if with_params else when_enabled_question(ctx, whole + auto + partial, "Parameters are logged")
    )
    if question:
        return [
            r.finding(
                REVIEW,
                "Parameters are logged only " + tracker_switch(ctx, whole + auto + partial) + ".",
                ev_all,
                question=question,
            )
        ]
    from ..records import EXPERIMENT_CONFIG

    if ev_all and all(e.detail.startswith(EXPERIMENT_CONFIG) for e in ev_all):
        e = ev_all[0]
        return [
            r.finding(
                WARN,
                f"Each experiment's settings are the configuration file read from its folder "
                f"({e.detail.removeprefix(EXPERIMENT_CONFIG).strip(' ()')}, {e.where()}), beside what the run "
                "writes; no run writes a copy of the settings it used (defaults filled in, command-line "
                "options), so an edit after a run changes its record.",
                ev_all,
                _param_snippet(ctx),
            )
        ]
    if ev_all:
        msg = f"Parameters are logged ({len(whole) + len(auto)} whole-config, {len(partial)} individual call(s))"
        if n:
            msg += f"; {with_params} of {n} stored run(s) record parameters"
        return [r.finding(PASS, msg + ".", ev_all)]
    defined = _defined_params(ctx)
    sacred = sacred_capture(ctx, "its observer records the whole config", "the configuration of a run")
    if sacred is not None:
        return [
            r.finding(
                REVIEW,
                "Sacred keeps a run's configuration only through an observer.",
                sacred[1],
                question=sacred[2],
            )
        ]
    if not trains(ctx) and not code_trackers(ctx):
        return []
    question, handed = wrapper_param_question(ctx)
    if question:
        return [
            r.finding(
                REVIEW,
                "The options are handed to a tracker wrapper from another library; what it records is not "
                "in this repository.",
                handed,
                question=question,
            )
        ]
    shown = live_dashboard_options(ctx)
    if shown:
        return [
            r.finding(
                WARN,
                f"The options are shown whole on a live Visdom dashboard ({shown[0].where()}), but no file or "
                "tracker keeps them: Visdom holds a run's windows in its server's memory unless the "
                "environment is saved.",
                shown,
                _param_snippet(ctx),
            )
        ]
    from .facts import options_in_run_names

    in_names = options_in_run_names(ctx)
    if in_names:
        built, part = in_names
        return [
            r.finding(
                WARN,
                f"Each run's folder is named from every option and its value ({built.where()}: "
                f"{part.target}, written at {part.evidence.where()}): a run's parameters are kept in its path, "
                "but in no file, and options the name leaves out are not kept.",
                [built, part.evidence],
                _param_snippet(ctx),
            )
        ]
    where = [e for _, e in defined[:4]] + facts(ctx).training[:3]
    trackers = code_trackers(ctx)
    if trackers:
        msg = f"{', '.join(d.label for d in trackers)} is used but no parameter-logging call was found"
    else:
        msg = "No tracker records parameters"
    if defined:
        msg += f"; {len(defined)} parameter(s) are defined (argparse/config)"
    return [r.finding(FAIL, msg + ".", where, _param_snippet(ctx))]


PARAM_CATEGORIES = {
    "learning rate": re.compile(r"(^|_)(lr|learning_rate|eta)($|_)"),
    "optimizer": re.compile(r"optim|momentum|weight_decay|beta"),
    "batch size": re.compile(r"batch"),
    "architecture": re.compile(r"layer|hidden|depth|width|head|dim|arch|model|n_estimators|max_depth"),
    "schedule": re.compile(r"sched|warmup|epoch|step|decay"),
    "augmentation/preprocessing": re.compile(r"aug|transform|crop|flip|normal|scale|token|max_len|preproc"),
}


# A record of the command line a run was started with (print(" ".join(sys.argv), file=log)).
ARGV_RECORD = "the command line (sys.argv)"
# Options that say where files are, or whether to log or debug: not what a run computes with.
_LOCATION_OPTION = re.compile(
    r"(^|_)(dir|path|file|folder|root|log|logs|level|debug|verbose|quiet|output|out|resume|config|cfg)($|_)",
    re.I,
)


@rule(
    "ET211",
    "partial-param-logging",
    "2.2",
    "All hyperparameters are captured, not a hand-picked subset",
    what="Compares the parameters a project defines (argparse arguments, config keys) with what is "
    "logged: whole-config logging (`log_params(vars(args))`, `wandb.init(config=cfg)`, autolog, "
    "Sacred, Hydra) versus individual `log_param('lr', ...)` calls, and lists the categories "
    "(learning-rate schedule, optimizer, batch size, architecture, augmentation) left out.",
    why="Hand-picked logging misses exactly the parameter someone changes next (warm-up steps, "
    "augmentation strength), and two runs that look identical in the tracker are not.",
    example="```python\nmlflow.log_param('lr', args.lr)  # batch size, optimizer, schedule, augmentation missing\n```",
    fix="Log the whole configuration object once: `mlflow.log_params(vars(args))` or "
    "`mlflow.log_params(OmegaConf.to_container(cfg, resolve=True))` (flatten nested keys), "
    "`wandb.config.update(cfg)`.",
)
def partial_params(ctx):
    r = partial_params.rule
    whole, partial, auto = param_logging(ctx)
    if whole and not auto and all(e.detail.startswith("the config file as loaded") for e in whole):
        # config = yaml.load(open(args.config)) dumped as loaded: the options the command line gives
        # beside it (--seed, --checkpoint) are in no record
        from ..fixes import training_paths

        main = training_paths(ctx)
        # the training path's options that set something a run computes with: not where files are
        # (--data_dir, --base_dir), whether to log or debug, nor another script's options
        options = list(
            {
                n: (n, e)
                for n, e in reversed(_defined_params(ctx))
                if e.detail.startswith("argument")
                and not _CONFIG_PATH_OPTION.search(n)
                and not _LOCATION_OPTION.search(n)
                and (not main or e.path in main)
            }.values()
        )[::-1]
        if options:
            names = ", ".join(n for n, _ in options[:6]) + (", ..." if len(options) > 6 else "")
            return [
                r.finding(
                    WARN,
                    f"The configuration file is recorded as loaded, but the command-line options beside it "
                    f"({names}; {len(options)} distinct names) are in no record.",
                    whole[:2] + [e for _, e in options[:3]],
                    "Write the options too, beside the config file: "
                    "`yaml.dump({**config, 'args': vars(args)}, f)` (or `json.dump(vars(args), f)` next to it).",
                )
            ]
    if whole or auto:
        return [r.finding(PASS, "The whole configuration is logged, not a subset.", whole + auto)]
    if not partial:
        return []
    from ..records import EXPERIMENT_CONFIG

    if all(e.detail.startswith(EXPERIMENT_CONFIG) for e in partial):
        return []  # the file holds what its author wrote in it: which settings it covers is not in the code
    if all(e.detail.startswith(ARGV_RECORD) for e in partial):
        from ..records import command_line_with_its_script, main_records

        argv = command_line_with_its_script(main_records(ctx), ctx)
        if argv is not None:
            copy = argv[1].evidence
            return [
                r.finding(
                    PASS,
                    "Each run records the command line it was started with beside a copy of the script that "
                    f"parses it ({copy.where()}): the options given, and the defaults of the others.",
                    [*partial, copy],
                )
            ]
        return [
            r.finding(
                WARN,
                "Each run records the command line it was started with: the options given explicitly; the "
                "defaults of the others are not recorded (they are known only from the code at the run's "
                "commit).",
                partial,
            )
        ]
    # Word by word: the categories' patterns are anchored on parameter names ('lr', learning_rate).
    logged = re.findall(r"\w+", " ".join(e.detail.lower() for e in partial))
    defined = _defined_params(ctx)
    missing = []
    for cat, rx in PARAM_CATEGORIES.items():
        in_defined = [n for n, _ in defined if rx.search(n.lower())]
        if in_defined and not any(rx.search(w) for w in logged):
            missing.append(cat)
    msg = f"Only part of the parameters is logged ({len(partial)} place(s))"
    if defined:
        msg += f" while {len(defined)} are defined"
    if missing:
        msg += f"; not logged: {', '.join(missing)}"
    return [
        r.finding(WARN, msg + ".", partial + [e for _, e in defined[:4]], _whole_params_fix(ctx, partial))
    ]


# --config, --cfg, --config_file: the option naming the file that is recorded
_CONFIG_PATH_OPTION = re.compile(r"^-*(config|cfg|conf|config_?file|config_?path|cfg_?file|yaml)$", re.I)
# write_hparams({num_evals, num_envs}): the call handed a hand-built mapping of chosen values
_HPARAM_CALL = re.compile(r"(\w+)\((?:\{|dict\(|\[)")


def _whole_params_fix(ctx, partial) -> str:
    """ET211's fix in the project's stack: its tracker's call for the whole configuration; with no
    tracker of that kind, the call that logs some parameters (a TensorBoard writer's write_hparams) given
    every option instead of the chosen ones."""
    from ..fixes import imported_roots

    stack = stack_label(ctx)
    if stack == "mlflow":
        return (
            "Log the whole configuration object once: `mlflow.log_params(vars(args))` or "
            "`mlflow.log_params(OmegaConf.to_container(cfg, resolve=True))` (flatten nested keys)."
        )
    if stack == "wandb":
        return "Log the whole configuration object once: `wandb.config.update(cfg)` (or `wandb.init(config=...)`)."
    if stack:
        return "Log the whole configuration object once:\n" + _param_snippet(ctx)
    for e in partial:
        m = _HPARAM_CALL.search(e.detail)
        if m:
            from ..records import whole_options_expr

            whole = "FLAGS.flag_values_dict()" if "absl" in imported_roots(ctx) else whole_options_expr(ctx)
            return (
                f"Hand `{m.group(1)}` at `{e.where()}` every option (`{whole}`) rather than the chosen keys, "
                "so each run's record holds the whole configuration."
            )
    return "Log the whole configuration object once, beside the run's outputs:\n" + _param_snippet(ctx)


def recorded_params(ctx, name: re.Pattern, limit: int = 2) -> list[Evidence]:
    """Parameters whose name matches ``name`` in a configuration that every run records whole (a
    tracker's config, Sacred's observer, Hydra's .hydra/config.yaml, a per-run dump): where they are
    defined and where the configuration is recorded, or [] when that is not shown."""
    whole, _, auto = param_logging(ctx)
    params = [e for n, e in _defined_params(ctx) if name.search(n.lower())]
    # A config file dumped as loaded does not hold an option given on the command line.
    if params and all(e.detail.startswith("argument") for e in params):
        whole = [e for e in whole if not e.detail.startswith("the config file as loaded")]
    logged = [e for e in whole + auto if not switch_of(ctx, e)]
    return params[:limit] + logged[:2] if params and logged else []


def seed_calls(ctx) -> list:
    return _seeding(ctx)[0]


@rule(
    "ET212",
    "seed-not-recorded",
    "2.2",
    "The random seed is recorded with each run",
    what="When a seed is set, checks that its value is stored with the run: a `seed` parameter "
    "logged explicitly or as part of a logged config, Sacred's seed (kept in each run's config "
    "when the Experiment has an observer), or stored runs that record a seed.",
    why="A fixed seed only helps if you know which value a given run used; a seed changed on the "
    "command line and not logged makes the run unreproducible.",
    example="```python\ntorch.manual_seed(args.seed)\nmlflow.log_param('lr', args.lr)  # seed not logged\n```",
    fix="```python\nmlflow.log_param('seed', args.seed)   # or wandb.config.seed = args.seed\n```",
)
def seed_recorded(ctx):
    found = _seed_recorded(ctx)
    if not (
        found
        and found[0].status == PASS
        and "stored run" not in found[0].message
        and "when one is given" not in found[0].message  # said already
    ):
        return found
    # `if params.seed >= 0: np.random.seed(params.seed)` with --seed defaulting to -1: the value written
    # with the run is the sentinel, and the numbers that run drew came from no seed at all
    from .phase4_reproducibility import _optin_seeding, seeded_frameworks

    calls, seeded, _used = seeded_frameworks(ctx)
    optin = _optin_seeding(ctx, calls, seeded, "seed") if calls else None
    # (only where no shipped default sets it: main.py defaulting --seed to 0 beside main_linear.py's None)
    if optin is None or "runs made with the shipped defaults are unseeded" not in optin[1]:
        return found
    # (what the runs were given is ET401's question: asked there once)
    _status, _message, evidence, _question = optin
    f = found[0]
    return [
        seed_recorded.rule.finding(
            PASS,
            f"{f.message.rstrip('.')}, when a run is seeded: the shipped defaults leave the seed unset (ET401), "
            "and a run made with them records the unset value, not a seed to rerun it with.",
            [*f.evidence[:2], *evidence[:2]],
        )
    ]


def _seed_in_openmmlab_meta(ctx) -> list[Evidence]:
    """`meta['seed'] = ...` in a module that hands that dict on as `meta=` (to train_detector, or to the
    project's wrapper around it), where the project runs on OpenMMLab's runner."""
    from ..detect.framework_clis import OPENMMLAB_PACKAGES

    out = []
    for m in facts(ctx).modules:
        if not any(OPENMMLAB_PACKAGES.match(i.module.split(".", 1)[0]) for i in m.imports):
            continue
        for a in m.assigns:
            if not a.target.endswith("[seed]"):
                continue
            holder = a.target[: -len("[seed]")]
            call = next((c for c in m.calls if getattr(c.kw("meta"), "text", None) == holder), None)
            if call is not None:
                out.append(
                    Evidence(m.path, a.line, f"meta['seed'] handed to {_last(call.name)}(meta=...)", a.cell)
                )
    return out


def _seed_recorded(ctx):
    r = seed_recorded.rule
    rec = ctx.records
    if trains_nothing(ctx) and not (rec is not None and (rec.config or rec.metrics)):
        return []  # a demo notebook's PRNGKey(42) for sampling: no run whose seed a record could keep
    seeds = seed_calls(ctx)
    n, _, with_seed = _run_counts(ctx)
    if with_seed:
        run = next(x for x in ctx.catalog.runs if x.seed is not None)
        return [
            r.finding(
                PASS,
                f"{with_seed} of {n} stored run(s) record a seed.",
                [Evidence(run.path, 0, "run records a seed")],
            )
        ]
    sacred = sacred_capture(ctx, "the seed in each run's config", "the seed a run used")
    if sacred is not None:
        status, evidence, question = sacred
        if status == PASS:
            return [
                r.finding(
                    PASS,
                    "Sacred keeps every run's seed (its `seed` config entry, drawn at random unless set) in "
                    "the run's config, which the observer writes.",
                    evidence,
                )
            ]
        if not seeds:
            return [
                r.finding(
                    REVIEW,
                    "Sacred keeps the seed of a run only through an observer.",
                    evidence,
                    question=question,
                )
            ]
    from .phase4_reproducibility import seeded_frameworks

    if not seeds or not seeded_frameworks(ctx)[1]:
        return []  # ... or only a private generator's, beside unseeded global draws: no run's seed (ET401)
    # Seeds in only a few of many training scripts or notebooks (a lesson on random numbers in one
    # chapter of a book): most runs have no seed to record; ET401 says so.
    from .facts import covered_entries, reaches_few

    if reaches_few(*covered_entries(ctx, {m.path for m, _ in seeds})):
        return []
    whole, partial, auto = param_logging(ctx)
    # (data_seed, --split-seed: which committed split a run reads, not the seed of its random numbers)
    seed_params = [
        e
        for name, e in _defined_params(ctx)
        if "seed" in name.lower() and not _DATA_SEED.search(re.split(r"[.\[]", name)[-1])
    ]
    from .phase4_reproducibility import _SEED_DRAWN_IN_CODE, _drawn_only_when_not_passed

    if all(
        c.args
        and _SEED_DRAWN_IN_CODE.match(getattr(c.args[0], "text", "") or "")
        and not _drawn_only_when_not_passed(ctx, m, c)
        for m, c in seeds
    ):
        seed_params = []  # seeded with np.random.randint(...): a --seed option seeds nothing
    explicit = [e for e in partial if "seed" in e.detail.lower()] or _seed_key_logged(ctx, partial)
    if explicit:
        return [r.finding(PASS, "The seed is recorded with the run's parameters.", explicit)]
    # transformers.Trainer seeds every library from its TrainingArguments' seed (42 unless set) and writes
    # those arguments with the run (training_args.bin): the seed is among them
    by_trainer = [
        (m, c)
        for m, c in seeds
        if re.match(r"(transformers|trl)\.\w*(Trainer|TrainingArguments|Config)$", c.name)
    ]
    args_kept = [e for e in whole + auto if "TrainingArguments" in e.detail]
    if by_trainer and args_kept and len(by_trainer) == len(seeds):
        return [
            r.finding(
                PASS,
                "The Trainer seeds from its TrainingArguments' seed, and the arguments are written with the run.",
                evs(by_trainer[:1], "seeds from TrainingArguments.seed") + args_kept[:1],
            )
        ]
    # rllab's run_experiment_lite(seed=...) hands the seed to its script on the command line, and the script
    # writes every argument into the run's params.json (log_parameters_lite)
    by_rllab = [
        (m, c) for m, c in seeds if c.name.endswith("instrument.run_experiment_lite") and c.has_kw("seed")
    ]
    if by_rllab:
        return [
            r.finding(
                PASS,
                "rllab writes the seed it is given into each run's params.json with the run's other arguments.",
                evs(by_rllab[:2], "run_experiment_lite(seed=...): params.json records it"),
            )
        ]
    # detectron2's default_setup writes the config (cfg.SEED) into OUTPUT_DIR/config.yaml, and seed_all_rng
    # logs the seed it draws for a negative SEED to the logger default_setup pointed at OUTPUT_DIR/log.txt
    by_d2 = [(m, c) for m, c in seeds if c.name.startswith(("detectron2.engine.", "detectron2.utils.env."))]
    if by_d2 and len(by_d2) == len(seeds):
        from ..records import module_logs_to_file

        if all(c.name.endswith("default_setup") for _, c in by_d2):
            return [
                r.finding(
                    PASS,
                    "detectron2's default_setup writes the run's config (cfg.SEED with it) to OUTPUT_DIR/config.yaml, "
                    "and a seed drawn for a negative SEED is logged to the run's log.txt.",
                    evs(by_d2[:2], "seeds from cfg.SEED and logs a drawn seed"),
                )
            ]
        # a copy of default_setup: seed_all_rng(None if seed < 0 else ...) logs the seed it draws, kept only where
        # setup_logger(output_dir) writes the log into a file
        drawn = [
            (m, c)
            for m, c in by_d2
            if str(getattr(c.args[0], "text", "") if c.args else "").startswith("None if")
            and module_logs_to_file(m)
        ]
        if drawn and len(drawn) == len(by_d2):
            dumped = any(w.target.endswith("config.yaml") for m, _ in drawn for w in m.writes)
            return [
                r.finding(
                    PASS,
                    "seed_all_rng logs the seed it draws for a negative SEED to the log file setup_logger(output_dir) "
                    "writes for the run"
                    + ("; a SEED given is in the config.yaml written beside it." if dumped else "."),
                    evs(drawn[:2], "logs a drawn seed to the run's log file"),
                )
            ]
    # OpenMMLab's train.py: `meta['seed'] = args.seed` handed on with `train_detector(..., meta=meta)`: the
    # runner writes the meta at the head of the run's log.json and into every checkpoint it saves
    by_meta = _seed_in_openmmlab_meta(ctx)
    if by_meta:
        return [
            r.finding(
                PASS,
                "The seed goes into the meta OpenMMLab's runner writes at the head of each run's log.json and into "
                "its checkpoints.",
                by_meta[:2],
            )
        ]
    # A config file dumped as loaded does not hold a --seed given on the command line.
    if seed_params and all(e.detail.startswith("argument") for e in seed_params):
        whole = [e for e in whole if not e.detail.startswith("the config file as loaded")]
    if (whole or auto) and seed_params:
        # the seed option and the logging must be one program's: a collection's dcgan --manualSeed is
        # not in the Hydra config another example writes
        seed_params = _same_program(ctx, seed_params, whole + auto)
    # The seed in the name of each run's directory or results file: f"{policy}_{env}_{seed}".
    named = ctx.records.named_by("seed") if ctx.records is not None else []
    if named and (whole or auto) and guarding_switch(ctx, whole + auto) is not None:
        # the tracker that logs the whole configuration runs only behind a switch; every run's output
        # name holds the seed whether it is on or not
        return [_seed_named(r, named, seeds)]
    if (whole or auto) and seed_params:
        return [
            r.finding(
                PASS,
                "The seed is a parameter of a configuration that is logged whole.",
                seed_params[:2] + _every_run_first(ctx, whole + auto)[:2],
            )
        ]
    # set_seed(training_args.seed_model): the seed is read from a config object that is logged whole.
    # ... or given as seed= (run_experiment_lite(seed=variant["seed"]) with the variant logged whole)
    from_config = [
        ev(m, c, f"seed from {value.text}")
        for m, c in seeds
        if isinstance(value := (c.kw("seed") if c.has_kw("seed") else c.args[0] if c.args else None), Dyn)
        and ("." in value.text or "[" in value.text)
        and "seed" in value.text.lower()
    ]
    # set_seed(args.seed) where the helper's body seeds the libraries with its parameter.
    from_config = from_config or _seed_through_helper(ctx, seeds)
    # seed = opt.get('manual_seed'); if seed is None: seed = randint(...); opt['manual_seed'] = seed
    kept, read = _seed_key_of_options(ctx, seeds)
    from_config = from_config or kept
    # seed = config.get("seed") ... if seed is None: return: when given, the seed is the config's own key.
    given = _seed_options_read(ctx, seeds) or read
    if not from_config and not given:
        # seed = config("SEED", 42, int): the config object asked for the key, with a default
        from_config = _seed_from_config_key(seeds) or _seed_through_helper(ctx, seeds, keys=True)
    if whole or auto:
        from_config = _same_program(ctx, from_config, whole + auto)
        given = _same_program(ctx, given, whole + auto)
    if (whole or auto) and (from_config or given):
        when = "" if from_config else ", when one is given,"
        return [
            r.finding(
                PASS,
                f"The seed{when} is read from a configuration that is logged whole.",
                (from_config or given)[:2] + _every_run_first(ctx, whole + auto)[:2],
            )
        ]
    # set_seed(seed=seed), then raw_config = deepcopy(locals()) in the same function, and this module
    # writes a configuration record: the seed is one of the locals the record holds
    in_locals = [
        e
        for m, c in seeds
        if any(x.path == m.path for x in whole + partial) and (line := _locals_captured_after(m, c))
        for e in (
            ev(m, c, "seeds with a local"),
            Evidence(m.path, line, "locals() captured after it", c.cell),
        )
    ]
    if in_locals:
        return [
            r.finding(
                PASS,
                "The seed is a local of the function whose locals() are captured for the run's configuration record.",
                in_locals[:2]
                + sorted(
                    (e for e in whole + partial if e.path == in_locals[0].path),
                    key=lambda e: not e.detail.startswith("options written"),
                )[:2],
            )
        ]
    if named:
        return [_seed_named(r, named, seeds)]
    # torch.manual_seed(0), or SEED = 0 once at module level: the code fixes the seed, so the commit
    # that ran records it (nothing on the command line can change it).
    if not seed_params and not n and all(_constant_seed(ctx, m, c) for m, c in seeds):
        return [
            r.finding(
                PASS,
                "The seed is a constant in the code, so the commit that ran fixes it.",
                evs(seeds[:3], "constant seed"),
            )
        ]
    # set_seed(args.seed), then args.save = os.path.join(save_dir, '{}-{}'.format(name, args.seed)) made
    # with os.makedirs: the seed names each run's folder. A seeding helper's calls (torch.manual_seed(seed)
    # inside set_seed(seed)) are judged at the helper's callers.
    from .optin import _function_at

    helpers = {fn[0] for m, c in seeds if (fn := _function_at(m, c.line, c.cell))}
    sites = list(seeds) + [
        (m, c) for m, c in facts(ctx).calls if helpers and c.name.rsplit(".", 1)[-1] in helpers
    ]
    for m, c in sites if not n else ():
        seed = getattr(c.args[0], "text", "") if c.args else ""
        attr = seed.rsplit(".", 1)[-1]
        if re.fullmatch(r"\w*seed\w*", attr):
            named_dir = run_dir_named_by(ctx, m, re.compile(r"(?<![\w])(?:\w+\.)?" + attr + r"\b"))
            if named_dir is not None:
                return [
                    r.finding(
                        PASS,
                        f"The seed set at {m.path}:{c.line} names each run's directory ({named_dir.where()}).",
                        [named_dir, ev(m, c, "seed set")],
                    )
                ]
    msg = "A seed is set but its value is not recorded with the run"
    if n:
        msg += f" (0 of {n} stored runs record a seed)"
    return [r.finding(WARN, msg + ".", evs(seeds[:4]) + seed_params[:2])]


def _seed_key_logged(ctx, partial: list) -> list[Evidence]:
    """A logging call of those cited whose dict literal has a seed key
    (`wandb.init(config={"lr": lr, "seed": seed})`, `mlflow.log_params({"seed": seed, ...})`)."""
    places = {(e.path, e.line, e.cell) for e in partial}
    out = []
    for m in facts(ctx).modules:
        for c in m.calls:
            if (m.path, c.line, c.cell) not in places:
                continue
            for v in (*c.args, *(x for _, x in c.kwargs)):
                if isinstance(v, dict) and any(isinstance(k, str) and "seed" in k.lower() for k in v):
                    out.append(ev(m, c, f"{c.name.rsplit('.', 1)[-1]}(...) logs a seed key"))
                    break
    return out


def _every_run_first(ctx, evidence: list) -> list:
    """Records every run writes before those a switch turns on (the options pickled into each checkpoint
    before the optional tracker's config): the evidence shows the record the runs have."""
    return sorted(evidence, key=lambda e: bool(switch_of(ctx, e)))


def _seed_named(r, named, seeds):
    return r.finding(
        PASS,
        f"The seed is part of each run's output name ({named[0].target}).",
        [named[0].evidence] + evs(seeds[:2]),
    )


def env_builder_written(ctx, device: bool = False) -> list[Evidence]:
    """A function of the project that gathers library versions (``device``: GPU names) into what it
    returns (``info["torch_version"] = torch.__version__``), whose result a run record dumps
    (``json.dump({"job_info": get_training_job_info()}, fp)``)."""
    builders: dict[str, str] = {}  # function name -> the first version or device reading it gathers
    for m in facts(ctx).modules:
        if device:
            for c in m.calls:
                if c.name.startswith(("torch.cuda.get_device_name", "torch.cuda.get_device_properties")):
                    fn = m.innermost_function(c.line, c.cell)
                    if fn is not None:
                        builders.setdefault(fn[0], c.name)
            continue
        for a in m.assigns:
            text = getattr(a.value, "text", "")
            # a framework's version (torch, numpy, transformers), not the project's own __version__
            if isinstance(text, str) and _FRAMEWORK_VERSION.match(text):
                fn = m.innermost_function(a.line, a.cell)
                if fn is not None:
                    builders.setdefault(fn[0], text)
        # a version only printed or logged (print("Python", platform.python_version())) is not returned
        shown = {
            (c.line, c.cell, getattr(a, "text", "")) for c in m.calls if _SHOWN.search(c.name) for a in c.args
        }
        for c in m.calls:
            # 'cudnn_version': torch.backends.cudnn.version() in the dict the function returns
            if _VERSION_CALL.match(c.name) and (c.line, c.cell, c.name + "()") not in shown:
                fn = m.innermost_function(c.line, c.cell)
                if fn is not None:
                    builders.setdefault(fn[0], c.name + "()")
    if not builders:
        return []
    # the project's own writers of a file named by a parameter: save_config(get_env_info(cfg), out / 'env.yaml')
    writers = {
        name: i
        for m in facts(ctx).modules
        for name, i, _, w in m.writer_funcs
        if w.kind in ("stream", "dump")
    }
    from ..fixes import training_paths

    main = training_paths(ctx)
    out = []
    for m in facts(ctx).modules:
        if main and m.path not in main:
            continue  # tools/collect_env.py dumping its report when run alone records no run
        for w in m.writes:
            if w.kind in ("stream", "dump"):
                hit = next((r.removesuffix("()") for r in w.roots if r.removesuffix("()") in builders), None)
                if hit is not None:
                    out.append(
                        Evidence(m.path, w.line, f"writes {hit}() ({builders[hit]}) with the run", w.cell)
                    )
                    break
        for c in m.calls if not out and writers else ():
            at = writers.get(c.name.rsplit(".", 1)[-1])
            if at is None:
                continue
            built = (
                getattr(a, "text", "").rsplit(".", 1)[-1].removesuffix("()")
                for i, a in enumerate(c.args)
                if i != at
            )
            hit = next((b for b in built if b in builders), None)
            if hit is not None:
                out.append(Evidence(m.path, c.line, f"writes {hit}() ({builders[hit]}) with the run", c.cell))
        if out:
            break
    return out


# Calls that show a value rather than keep it
_SHOWN = re.compile(r"(^print$|(^|\.)(info|debug|warning|warn|log|write|echo|pprint)$)")
# Calls that read a library's or the GPU stack's version
_VERSION_CALL = re.compile(
    r"^(torch\.backends\.cudnn\.version|platform\.python_version|tensorflow\.sysconfig\.get_build_info)$"
)

_FRAMEWORK_VERSION = re.compile(
    r"(torch|tensorflow|tf|jax|jaxlib|numpy|np|transformers|accelerate|sklearn|scipy|pandas|keras|"
    r"lightning|pytorch_lightning|deepspeed|cupy|xgboost|lightgbm|flax|optax|gluonts|datasets)"
    r"(\.version)?\.__version__$"
)


def _locals_captured_after(m, c) -> int:
    """The line where the function calling the seed with a value (a local, drawn or given) captures
    locals() later; 0 when it does not."""
    value = c.kw("seed") if c.has_kw("seed") else c.args[0] if c.args else None
    if not isinstance(value, Dyn):
        return 0
    fn = m.innermost_function(c.line, c.cell)
    if fn is None:
        return 0
    line = next(
        (x.line for x in m.calls if x.name == "locals" and x.cell == c.cell and c.line < x.line <= fn[3]), 0
    )
    if not line:
        return 0
    # ... and what holds them is handed to a writer: the project's own function or a serialiser
    # (save_training_info(path, training_config=raw_config)), not to a log line (logging.debug(locals()))
    bound = {n for ln, cell, n in m.call_targets if ln == line and cell == c.cell}
    held = {"locals()"} | bound | {f"{x.name}()" for x in m.calls if x.line == line and x.cell == c.cell}
    own = {f[0] for f in m.functions}
    for x in m.calls:
        if x.cell != c.cell or not line < x.line <= fn[3]:
            continue
        last = x.name.rsplit(".", 1)[-1]
        if (last in own or x.name in _SERIALISERS) and any(
            getattr(v, "text", None) in held for v in (*x.args, *(v for _, v in x.kwargs))
        ):
            return line
    return 0


_SERIALISERS = frozenset(
    {"json.dump", "yaml.dump", "yaml.safe_dump", "pickle.dump", "torch.save", "joblib.dump"}
)


def _flag_fix(flag: str, on_by_default: bool) -> str:
    """A boolean option that parses: off by default, `store_true`; on by default, a `--no-` flag that
    turns it off (BooleanOptionalAction needs Python 3.9)."""
    if not on_by_default:
        return (
            f"```python\nparser.add_argument('{flag}', action='store_true')   # or "
            "argparse.BooleanOptionalAction for --flag / --no-flag\n```"
        )
    name = flag.lstrip("-")
    return (
        f"Keep it on by default and give a flag that turns it off:\n```python\n"
        f"parser.add_argument('--no_{name}', dest='{name.replace('-', '_')}', action='store_false')\n```"
    )


# the index keeps subscripts without quotes: variant[run_params][seed]
_OPTION_KEY = re.compile(r"""(?:\.|\[["']?)(\w+)["']?\]?$""")


def _seed_helpers(seeds) -> dict[str, int]:
    """The project's seeding helpers (``def set_seed(seed): torch.manual_seed(seed)``): name -> index of
    the parameter they seed with."""
    helpers: dict[str, int] = {}
    for m, c in seeds:
        arg = c.args[0] if c.args else None
        if not isinstance(arg, Dyn) or "." in arg.text:
            continue
        for name, start, cell, end in m.functions:
            params = m.func_params.get(name, ())
            if cell == c.cell and start <= c.line <= end and arg.text in params:
                helpers[name] = params.index(arg.text)
    return helpers


def _seed_through_helper(ctx, seeds, keys: bool = False) -> list[Evidence]:
    """Calls of the project's seeding helpers with an option: ``def set_seed(seed): torch.manual_seed(seed)``
    called as ``set_seed(args.seed)``. The seed the libraries get is then the option's value."""
    helpers = _seed_helpers(seeds)
    if not helpers:
        return []
    out = []
    for m in facts(ctx).modules:
        for c in m.calls:
            i = helpers.get(c.name.rsplit(".", 1)[-1])
            arg = c.args[i] if i is not None and len(c.args) > i else None
            # set_seed(args.seed), set_seed(variant['run_params']['seed']): an option or a config entry
            option = _OPTION_KEY.search(arg.text) if isinstance(arg, Dyn) else None
            if option and "seed" in option.group(1).lower():
                out.append(ev(m, c, f"{c.name.rsplit('.', 1)[-1]}() seeds with the option {option.group(1)}"))
            elif keys and isinstance(arg, Dyn):
                out += _config_key_seed(m, c, arg)
    return out[:2]


_SEED_KEY = re.compile(r"[\w.]*seed[\w.]*", re.I)


def _seed_from_config_key(seeds) -> list[Evidence]:
    return [
        e
        for m, c in seeds
        if c.args and isinstance(c.args[0], Dyn)
        for e in _config_key_seed(m, c, c.args[0])
    ]


def _config_key_seed(m, c, arg: Dyn) -> list[Evidence]:
    """`seed = config("SEED", 42, int, section="train")` then `check_manual_seed(seed)`: the seed is
    the value of a key the configuration object is asked for by name."""
    if re.fullmatch(r"[A-Za-z_]\w*", arg.text):  # seed = config(...); seed_all(seed)
        bound = [a.line for a in m.assigns if a.target == arg.text and a.cell == c.cell and a.line <= c.line]
        reader = None
    elif arg.text.endswith("()"):  # the name resolved to the call that bound it: df.config.config()
        reader = arg.text[:-2]
        bound = [k.line for k in m.calls if k.name == reader and k.cell == c.cell and k.line <= c.line]
    else:
        return []
    if not bound:
        return []
    keys = [
        a
        for k in m.calls
        if k.line == max(bound)
        and k.cell == c.cell
        and (k.name == reader if reader else not k.name.startswith(("os.", "print", "str")))
        for a in k.args
        if isinstance(a, str) and _SEED_KEY.fullmatch(a)
    ]
    return [ev(m, c, f"seed from the configuration's key {keys[0]!r}")] if keys else []


# A configuration read from its file (`opt = yaml.safe_load(f)`): the object's resolved name
_LOADED_CONFIG = re.compile(
    r"(yaml\.(safe_|full_|unsafe_)?load|json\.load|omegaconf\.OmegaConf\.load|toml\.load)\(\)"
)


def _seed_key_of_options(ctx, seeds) -> tuple[list[Evidence], list[Evidence]]:
    """Seed calls (or calls of the project's seeding helper) in a function that writes the seed it
    passes into the run's options before seeding (`opt['manual_seed'] = seed`: the options carry the
    value every run used), and those that only read it from them (`seed = opt.get('manual_seed')`: the
    options carry it when one is given; a seed drawn in its place is not kept). The name bound or
    written must be the one the seed call is given; read from the source for these few candidates."""
    from .facts import _OPTIONS_TEXT, line_at, source_lines

    helpers = _seed_helpers(seeds)
    sites = list(seeds) + [
        (m, c) for m in facts(ctx).modules for c in m.calls if c.name.rsplit(".", 1)[-1] in helpers
    ]
    main = facts(ctx).main_path
    kept: list[Evidence] = []
    given: list[Evidence] = []
    keys: dict[str, tuple[list, list]] = {}  # per module: (seed-key reads, seed-key writes), one pass each
    for m, c in sorted(sites, key=lambda mc: (mc[0].path not in main, mc[0].path, mc[1].line)):
        if kept:
            break
        if c.cell:
            continue  # a notebook cell's source is not kept line by line
        if m.path not in keys:
            keys[m.path] = (
                [
                    x
                    for x in m.calls
                    if x.name.endswith(".get")
                    and x.args
                    and isinstance(x.args[0], str)
                    and _TRAINING_SEED_KEY.search(x.args[0])
                    and (_OPTIONS_TEXT.search(x.name) or _LOADED_CONFIG.match(x.name))
                ],
                [
                    a
                    for a in m.assigns
                    if _TRAINING_SEED_KEY.search(re.split(r"[.\[]", a.target)[-1].strip("]'\""))
                    and re.search(r"(\[['\"]?\w+['\"]?\]|\.\w+)$", a.target)
                    and (_OPTIONS_TEXT.search(a.target) or _LOADED_CONFIG.match(a.target))
                ],
            )
        reads, writes = keys[m.path]
        if not reads and not writes:
            continue
        lines = source_lines(ctx, m.path)
        fn = m.innermost_function(c.line, c.cell)
        lo = fn[1] if fn else max(0, c.line - 40)
        passed = set(re.findall(r"\w+", line_at(lines, c.line).split("(", 1)[-1]))
        written = [
            a
            for a in writes
            if lo <= a.line <= c.line
            and (v := re.match(r"[^=]+=\s*(\w+)\s*$", line_at(lines, a.line)))
            and v.group(1) in passed
        ]
        read = [
            x
            for x in reads
            if lo <= x.line <= c.line
            and (b := re.match(r"\s*(\w+)\s*=[^=]", line_at(lines, x.line)))
            and b.group(1) in passed
        ]
        if written:
            key = written[0].target[-60:]
            kept += [Evidence(m.path, written[0].line, f"seed kept in the run's options ({key})", c.cell)]
            kept.append(ev(m, c, "seeds with it"))
        elif read and not given:
            key = f"{read[0].name}({read[0].args[0]!r})"[-60:]
            given += [Evidence(m.path, read[0].line, f"seed read from the run's options ({key})", c.cell)]
            given.append(ev(m, c, "seeds with it"))
    return kept, given


# A training seed's key (`seed`, `manual_seed`, `random_seed`), not a data split's or an environment's
_DATA_SEED = re.compile(r"^-*(data|split|subset|fold|partition|label(ed)?)[_-]?seeds?$", re.I)
_TRAINING_SEED_KEY = re.compile(r"^(?:(?:manual|random|global|train(?:ing)?)_?)?seed$", re.I)


def _seed_options_read(ctx, seeds) -> list[Evidence]:
    """Seed calls that run only when a seed option of the run's options is given (`if args.seed is not
    None:`, `if "seed" in config:`): the value they set is that option's."""
    from .facts import _OPTIONS_TEXT
    from .optin import gate_at

    out = []
    for m, c in seeds:
        gate = gate_at(ctx, m, c.line, c.cell)
        if (
            gate is not None
            and gate.kind == "given"
            and "seed" in gate.option.lower()
            and not gate.source.endswith(")")
            and _OPTIONS_TEXT.search(gate.source)
        ):
            out.append(ev(m, c, f"seed from {gate.source} key `{gate.option}` (set only when given)"))
    return out


def _constant_seed(ctx, m, c) -> bool:
    """The seed a call sets is a literal, or a module-level name bound to an int literal."""
    arg = c.args[0] if c.args else c.kw("seed")
    if isinstance(arg, int) and not isinstance(arg, bool):
        return True
    if not isinstance(arg, Dyn):
        return False
    parts = re.split(r"\s*[+*]\s*", arg.text)
    if len(parts) > 1:
        # np.random.seed(20201473 + jax.host_id()): a literal offset by the process's index is the
        # same literal in every run of the same launch
        offsets = [p for p in parts if PROCESS_INDEX.fullmatch(p)]
        literals = [p for p in parts if p.isdigit()]
        return bool(offsets and literals) and len(offsets) + len(literals) == len(parts)
    if PROCESS_INDEX.fullmatch(arg.text):
        return True  # torch.manual_seed(worker_info.id): the worker's index, the same in every run
    if not re.fullmatch(r"[A-Za-z_][\w.]*", arg.text):
        return False
    name = arg.text.rsplit(".", 1)[-1]
    if "." not in arg.text and name in getattr(m, "seed_defaults", {}):
        # np.random.RandomState(random_seed) under `def __init__(..., random_seed=1234)`: the default, unless
        # a caller hands the parameter a value a run chooses
        return not any(
            isinstance(c2.kw(name), Dyn) and not c2.kw(name).text.isdigit() for _m2, c2 in facts(ctx).calls
        )
    # A module-level `SEED = 0` here, or imported from the one project module that defines it.
    values = (
        [m.constants[name]]
        if name in m.constants
        else [other.constants[name] for other in ctx.index.modules.values() if name in other.constants]
    )
    return len(values) == 1 and isinstance(values[0], int) and not isinstance(values[0], bool)


ENV_META_CALLS = (
    # default_setup logs collect_env_info() (library, CUDA and GPU versions) to the run's log.txt
    "detectron2.engine.default_setup",
    "detectron2.engine.defaults.default_setup",
    "detectron2.utils.collect_env.collect_env_info",
    "torch.cuda.get_device_name",
    "torch.cuda.get_device_properties",
    "torch.version.cuda",
    "torch.backends.cudnn.version",
    "platform.",
    "pynvml.",
    "GPUtil.",
    "mlflow.enable_system_metrics_logging",
    "mlflow.system_metrics",
    "tensorflow.config.list_physical_devices",
    "jax.devices",
    "importlib.metadata.version",
    "pkg_resources.get_distribution",
    "subprocess.check_output",
    "subprocess.run",
)


def _versions_in_log_file(ctx) -> list[Evidence]:
    """`logger.info(f"Running on torch {torch.__version__}")` where the project's log goes to a file
    (loguru's logger.add(path), a FileHandler): the version is kept in the run's log."""
    from ..records import _LOG_CALL, logs_to_file

    out = []
    for m in facts(ctx).modules:
        for line, cell, text in m.version_logs:
            names = [c.name for c in m.calls if c.line == line and c.cell == cell]
            if any(_LOG_CALL.search(n) for n in names) and logs_to_file(ctx):
                out.append(Evidence(m.path, line, f"logs {text} to the run's log file", cell))
    return out[:2]


# Device queries answer "is there a GPU?" as often as they record one, and `platform.system()` picks a
# Windows path as often as it records the host: they count when their value is logged.
_DEVICE_QUERIES = (
    "tensorflow.config.list_physical_devices",
    "jax.devices",
    "torch.cuda.get_device",
    "platform.",
)


@rule(
    "ET213",
    "no-environment-metadata",
    "2.2",
    "Hardware and environment metadata are logged with runs",
    what="Looks for GPU type, CUDA and library versions recorded with the run: trackers that capture "
    "them automatically (W&B system metadata, Sacred host info through an observer, "
    "Neptune/Comet/ClearML, Polyaxon's `tracking.init()` unless `track_env=False`), MLflow "
    "system metrics, `pip freeze`/requirements logged as artifacts, `torch.cuda.get_device_name`, "
    "and stored runs with an environment snapshot.",
    why="The same code and seed give different numbers on a different GPU, CUDA or library version; "
    "without this metadata a failed reproduction cannot be explained.",
    example="```python\nmlflow.log_metric('acc', acc)  # which GPU? which torch?\n```",
    fix="```python\nmlflow.log_params({'gpu': torch.cuda.get_device_name(0), 'cuda': torch.version.cuda,\n"
    "                   'torch': torch.__version__})\nmlflow.log_artifact('requirements.lock')   # or mlflow.start_run(log_system_metrics=True)\n```",
)
def env_metadata(ctx):
    r = env_metadata.rule
    found = []
    auto_tools = {
        "wandb": "W&B records GPU, CUDA and installed packages",
        "neptune": "Neptune records the environment",
        "comet": "Comet records the environment",
        "clearml": "ClearML records installed packages",
        "guild": "Guild records the environment",
    }
    from .facts import guild_site

    for d in code_trackers(ctx):
        if d.tool == "guild" and guild_site(ctx, d) is not None:
            site = guild_site(ctx, d)
            found.append(Evidence(site.path, site.line, auto_tools[d.tool], site.cell))
        elif d.tool in auto_tools:
            found.append(
                Evidence(d.evidence[0].path, d.evidence[0].line, auto_tools[d.tool], d.evidence[0].cell)
                if d.evidence
                else Evidence("", 0, auto_tools[d.tool])
            )
    from .facts import polyaxon_openings

    # Polyaxon's tracking.init()/Run() writes the run's environment (Python, OS, installed packages) to it
    found += evs(
        polyaxon_openings(ctx, "track_env")[:2],
        "Polyaxon records the environment (Python, OS, installed packages; track_env)",
    )
    from ..detect.framework_clis import framework_facts

    found += framework_facts(ctx, "environment")[:1]  # BasicSR logs the library versions of each run
    # Querying the GPU (to pick a device, to name a cache) records nothing; it counts where the same
    # module also writes a run record or logs to a tracker.
    recording = (
        {p.evidence.path for p in (*ctx.records.config, *ctx.records.metrics)} if ctx.records else set()
    )
    recording |= {
        m.path
        for m, _ in find(ctx, prefixes=("mlflow.", "wandb.", "neptune.", "comet_ml.", "clearml.", "aim."))
    }
    calls = [
        (m, c)
        for m, c in find(ctx, prefixes=ENV_META_CALLS[:16])
        if m.path in recording and (not c.name.startswith(_DEVICE_QUERIES) or device_recorded(m, c))
    ]
    sub = [
        (m, c)
        for m, c in find(
            ctx,
            prefixes=("subprocess.",),
            # `pip freeze | grep -w cupy`: a check that a package is installed, not a record of them all
            pred=lambda c: any(
                isinstance(a, (str, list))
                and "freeze" in str(a)
                and not re.search(r"\|\s*(grep|findstr)", str(a))
                for a in c.args
            ),
        )
        # ... whose output is kept: bound to a name or written on that line, not thrown away
        if any(line == c.line and cell == c.cell for line, cell, _ in m.call_targets)
        or any(w.line == c.line and w.cell == c.cell for w in m.writes)
    ]
    found += evs(calls[:4]) + evs(sub[:2], "pip freeze")
    # A framework's version written into the run's own record (revision_info.txt: tf.__version__).
    from ..fixes import training_paths

    main = training_paths(ctx)
    found += [
        Evidence(
            m.path,
            w.line,
            f"writes {next(x for x in w.roots if x.endswith('__version__'))} with the run",
            w.cell,
        )
        for m in facts(ctx).modules
        # ... on the training path: an export helper stamping a release package is no run's record
        if not main or m.path in main
        for w in m.writes
        if w.kind in ("stream", "dump") and any(x.endswith(".__version__") for x in w.roots)
    ][:2]
    found += _versions_in_log_file(ctx)
    found += env_builder_written(ctx)
    found += evs(
        find(ctx, prefixes=("mlflow.start_run",), pred=lambda c: c.kw("log_system_metrics") is True),
        "log_system_metrics=True",
    )
    # OpenMMLab training scripts: collect_env() (GPU, CUDA, compiler, torch/mmcv versions) written to
    # the run's log (logger.info('Environment info:...' + env_info)) and its checkpoint meta
    found += evs(env_reports_logged(ctx)[:6], "collect_env() written to the run's log")
    arts = find(
        ctx,
        suffixes=("log_artifact", "save"),
        roots={"mlflow", "wandb"},
        pred=lambda c: any(
            isinstance(a, str) and re.search(r"(requirements|environment|conda|pip|lock|freeze)", a)
            for a in c.args
        ),
    )
    found += evs(arts, "environment file logged")
    if ctx.catalog is not None:
        env_runs = [x for x in ctx.catalog.runs if x.env_captured and not x.deleted]
        if env_runs:
            found.append(
                Evidence(env_runs[0].path, 0, f"{len(env_runs)} stored run(s) captured their environment")
            )
    # Sacred's observer writes the host (Python, CPU, GPUs) and the imported packages' versions.
    sacred = sacred_capture(
        ctx,
        "its observer records host, Python and dependency versions",
        "the host and package versions of a run",
    )
    if sacred is not None and sacred[0] == PASS:
        found += sacred[1]
    found = [e for e in found if e.path]
    if found:
        return [r.finding(PASS, "Environment metadata is recorded with runs.", found)]
    if sacred is not None:
        return [
            r.finding(
                REVIEW,
                "Sacred records the environment only through an observer.",
                sacred[1],
                question=sacred[2],
            )
        ]
    if not trains(ctx) and not code_trackers(ctx):
        return []
    from .phase4_reproducibility import may_use_gpu

    # torch code that never moves anything to a GPU: the Python and library versions are the environment
    gpu = may_use_gpu(ctx)
    return [
        r.finding(
            WARN,
            "No GPU/CUDA/library-version metadata is logged with runs."
            if gpu
            else "No Python or library-version metadata is logged with runs.",
            facts(ctx).training[:3],
            "" if stack_label(ctx) else _env_fix(ctx, gpu),
        )
    ]


def _env_fix(ctx, gpu) -> str:
    """The environment record, with the GPU and CUDA the framework reports when runs may use a GPU (the
    title asks for them; Python and pip freeze alone do not name them)."""
    text = _hand_fix(ctx, "env")
    imports = facts(ctx).imports
    # the framework the training code uses, not any it imports (a JAX project reading data through tf.data)
    used = _seeding(ctx)[2]
    jax_first = "jax" in used and "torch" not in used
    line = ""
    if gpu and jax_first:
        line = "    f.write(f'jax {jax.__version__} devices {jax.devices()}\\n')"
    elif gpu and "torch" in imports:
        line = (
            "    f.write(f'torch {torch.__version__} CUDA {torch.version.cuda} '\n"
            "            f'GPU {torch.cuda.get_device_name(0) if torch.cuda.is_available() else None}\\n')"
        )
    elif gpu and "tensorflow" in imports:
        line = "    f.write(f'tensorflow {tf.__version__} GPU {tf.test.gpu_device_name()}\\n')"
    if line and text.endswith("\n```"):
        text = text[: -len("\n```")] + "\n" + line + "\n```"
    return text


# the libraries' environment reports (GPU names, CUDA, compiler, library versions): OpenMMLab's collect_env,
# detectron2's collect_env_info, torch's get_pretty_env_info; a project's copy of one imports from them
_ENV_REPORT = re.compile(r"(^|\.)(collect_env|collect_env_info|get_pretty_env_info)$")
_ENV_REPORT_LIBRARY = re.compile(r"^(mm\w+|detectron2|torch|fvcore)\.")


def env_reports_logged(ctx) -> list:
    """(module, call) of a library's environment report logged just after it is built: not any function
    that happens to be called collect_env (an RL helper building a gym environment)."""
    out = []
    for m, c in find(ctx, suffixes=("collect_env", "collect_env_info", "get_pretty_env_info")):
        if not _ENV_REPORT.search(c.name) or not _env_logged(m, c):
            continue
        if _ENV_REPORT_LIBRARY.match(c.name) or _copied_env_report(ctx, c.name):
            out.append((m, c))
    return out


def _copied_env_report(ctx, name: str) -> bool:
    """The project's own copy of a library's environment report (mmdet_custom/utils/collect_env.py): the
    module defining the function imports the library's report or its pieces (mmcv's, torch's)."""
    head, _, last = name.rpartition(".")
    from ..detect.engine import module_named

    for path, m in ctx.index.modules.items():
        if last in m.toplevel and (not head or module_named(path, head)):
            return any(_ENV_REPORT_LIBRARY.match(i.module) and "collect_env" in i.module for i in m.imports)
    return False


def _env_logged(m, c) -> bool:
    """A log call just after collect_env() (`env_info = ...join(...)`, then `logger.info(... + env_info)`),
    or a print into the run's log file (`sys.stdout = Logger(path)`, then `print(collect_env_info())`)."""
    printed = any(w.call == "sys.stdout" for w in m.writes)
    return any(
        (x.name.endswith((".info", "print_log")) or (printed and x.name == "print"))
        and x.cell == c.cell
        and c.line <= x.line <= c.line + 10
        for x in m.calls
    )


# --------------------------------------------------------------------------------------------
# 2.3 Parameter search
# --------------------------------------------------------------------------------------------

SEARCH_METHODS = {
    "optuna.samplers.TPESampler": "Bayesian (TPE)",
    "optuna.samplers.CmaEsSampler": "CMA-ES (evolutionary)",
    "optuna.samplers.RandomSampler": "random",
    "optuna.samplers.GridSampler": "grid",
    "optuna.samplers.NSGAIISampler": "NSGA-II (multi-objective evolutionary)",
    "optuna.samplers.NSGAIIISampler": "NSGA-III (multi-objective evolutionary)",
    "optuna.samplers.QMCSampler": "quasi-Monte Carlo",
    "optuna.samplers.GPSampler": "Bayesian (Gaussian process)",
    "optuna.integration.BoTorchSampler": "Bayesian (BoTorch)",
    "sklearn.model_selection.GridSearchCV": "grid",
    "sklearn.model_selection.RandomizedSearchCV": "random",
    "sklearn.model_selection.HalvingGridSearchCV": "successive halving (grid)",
    "sklearn.model_selection.HalvingRandomSearchCV": "successive halving (random)",
    "hyperopt.fmin": "Bayesian (TPE, hyperopt)",
    "hyperopt.tpe.suggest": "Bayesian (TPE, hyperopt)",
    "ray.tune.schedulers.ASHAScheduler": "ASHA",
    "ray.tune.schedulers.AsyncHyperBandScheduler": "ASHA",
    "ray.tune.schedulers.HyperBandScheduler": "Hyperband",
    "ray.tune.schedulers.HyperBandForBOHB": "BOHB",
    "ray.tune.search.bohb.TuneBOHB": "BOHB",
    "ray.tune.search.optuna.OptunaSearch": "Bayesian (Optuna via Ray Tune)",
    "ray.tune.search.hyperopt.HyperOptSearch": "Bayesian (hyperopt via Ray Tune)",
    "ray.tune.schedulers.PopulationBasedTraining": "population-based training",
    "keras_tuner.Hyperband": "Hyperband",
    "keras_tuner.BayesianOptimization": "Bayesian",
    "keras_tuner.RandomSearch": "random",
    "keras_tuner.GridSearch": "grid",
    "nevergrad.optimizers": "evolutionary (Nevergrad)",
}
PRUNERS = (
    "optuna.pruners.",
    "optuna.trial.Trial.should_prune",
    "ray.tune.schedulers.",
    "keras_tuner.Hyperband",
    "sklearn.model_selection.HalvingGridSearchCV",
    "sklearn.model_selection.HalvingRandomSearchCV",
)


def _sweep_configs(ctx) -> list:
    out = []
    for doc in facts(ctx).config_docs:
        top = doc.top_keys()
        if {"method", "parameters"} <= top:
            out.append(doc)
    return out


def _hpo(ctx):
    """The hyperparameter searches in use; Ray Tune running fixed configurations (its sample_from only
    drawing a seed or deriving values, no search space or search algorithm) is an experiment runner, not
    a search."""
    found = ctx.present("hpo", include_examples=False)
    if any(d.tool == "ray_tune" for d in found) and not find(
        ctx, pred=_tune_searches, prefixes=("ray.tune",)
    ):
        found = [d for d in found if d.tool != "ray_tune"]
    return found


# tune.grid_search([...]), tune.choice, tune.uniform...: a search space; search_alg=/tune.search.*: a searcher
_TUNE_SPACE = re.compile(
    r"\.(grid_search|choice|uniform|quniform|loguniform|qloguniform|randn|qrandn|randint|qrandint|lograndint|"
    r"qlograndint)$|^ray\.tune\.(search|suggest)\.(?!variant_generator)|^ray\.tune\.schedulers\."
)


def _tune_searches(c) -> bool:
    return bool(_TUNE_SPACE.search(c.name)) or c.has_kw("search_alg") or c.has_kw("tune_config")


@rule(
    "ET220",
    "search-undescribed",
    "2.3",
    "The hyperparameter search method and space are explicit and seeded",
    what="Names the search method in use (grid, random, Bayesian/TPE, Hyperband/ASHA, BOHB, "
    "evolutionary, multi-objective), where the search space is defined, and whether the sampler "
    "is seeded.",
    why="A search that cannot be re-run with the same sampler seed and space cannot confirm that its "
    "best configuration was not luck.",
    example="```python\nstudy = optuna.create_study()  # default sampler, random seed each time\n```",
    fix="```python\nstudy = optuna.create_study(direction='maximize', sampler=optuna.samplers.TPESampler(seed=42))\n```\n"
    "`RandomizedSearchCV(..., random_state=42)`; W&B sweeps: keep `sweep.yaml` (method, metric, parameters) in git.",
)
def search_described(ctx):
    r = search_described.rule
    hpo = _hpo(ctx)
    if not hpo:
        return []
    methods, ev_list, unseeded = set(), [], []
    samplers = 0  # random searches and samplers built, seeded or not
    for m, c in find(ctx, prefixes=tuple(SEARCH_METHODS)):
        key = next(k for k in SEARCH_METHODS if c.name.startswith(k))
        if c.name != key and not c.name.startswith(key + "("):
            if not c.name.startswith(key + "."):
                continue
            if key.endswith(("CV", "Sampler", "Search")):
                continue
        methods.add(SEARCH_METHODS[key])
        ev_list.append(ev(m, c, f"{SEARCH_METHODS[key]}: {_last(c.name)}"))
        if (
            c.name.endswith(("Sampler", "RandomizedSearchCV", "HalvingRandomSearchCV"))
            and "Grid" not in c.name
        ):
            samplers += 1
            if not (c.has_kw("seed") or c.has_kw("random_state") or c.has_kw("**")) and not (
                # RandomizedSearchCV(random_state=None) draws from numpy's global generator, which
                # np.random.seed(42) above it (in the same cell or function) has seeded
                c.name.startswith("sklearn.") and _global_seed_before(m, c)
            ):
                unseeded.append(ev(m, c, f"{_last(c.name)} without seed"))
    # hyperopt's fmin draws its own random states unless given rstate=
    for m, c in find(ctx, prefixes=("hyperopt.fmin",)):
        if not c.has_kw("rstate") and not c.has_kw("**"):
            unseeded.append(ev(m, c, "fmin without rstate"))
    # the study itself, not a call on it (`study.optimize` reads as optuna.create_study().optimize)
    studies = find(ctx, exact=("optuna.create_study",))
    study_fix = ""
    for m, c in studies:
        if c.has_kw("directions"):
            methods.add("multi-objective")
        if not c.has_kw("sampler") and not c.has_kw("**"):
            methods.add("Bayesian (TPE, Optuna default)")
            unseeded.append(ev(m, c, "create_study without a seeded sampler"))
            # the study as the project makes it, seeded: its own direction (Optuna minimises by default)
            direction = c.kw("direction")
            shown = f"direction={direction!r}, " if isinstance(direction, str) else ""
            study_fix = study_fix or (
                f"```python\nstudy = optuna.create_study({shown}sampler=optuna.samplers.TPESampler(seed=42))"
                + ("   # the study's own direction (minimise, Optuna's default)" if not shown else "")
                + "\n```"
            )
        ev_list.append(ev(m, c, "optuna.create_study"))
    for doc in _sweep_configs(ctx):
        meth = doc.get("method")
        methods.add(f"{meth} (W&B sweep)" if meth else "W&B sweep")
        ev_list.append(Evidence(doc.path, 0, f"sweep config: method {meth}"))
    space = find(
        ctx,
        prefixes=(
            "optuna.trial.Trial.suggest_",
            "ray.tune.uniform",
            "ray.tune.loguniform",
            "ray.tune.choice",
            "ray.tune.grid_search",
            "hyperopt.hp.",
        ),
    )
    space += find(
        ctx,
        suffixes=(
            "suggest_float",
            "suggest_int",
            "suggest_categorical",
            "suggest_loguniform",
            "suggest_uniform",
        ),
    )
    if space:
        ev_list += evs(space[:3], "search space")
    if not methods:
        methods.add("configured via " + ", ".join(d.label for d in hpo))
        ev_list = [e for d in hpo for e in d.evidence[:2]]
    desc = ", ".join(sorted(methods))
    if unseeded:
        # the unseeded searches are the evidence (and where the fix goes), not the seeded ones beside them
        seeded = samplers - sum(1 for e in unseeded if "SearchCV" in e.detail or "Sampler" in e.detail)
        also = f" ({seeded} other random search(es) are seeded)" if seeded > 0 else ""
        return [
            r.finding(
                WARN,
                f"Search method: {desc}; {len(unseeded)} sampler(s) not seeded{also}.",
                unseeded[:8],
                study_fix if all("create_study" in e.detail for e in unseeded) else "",
            )
        ]
    return [
        r.finding(PASS, f"Search method: {desc}" + ("; search space in code" if space else "") + ".", ev_list)
    ]


@rule(
    "ET221",
    "search-not-resumable",
    "2.3",
    "Search history is persisted and resumable",
    what="Checks that trials survive the process: Optuna `storage=` with `load_if_exists=True`, "
    "Ray Tune `resume`/`Tuner.restore`, W&B sweep ids reused by `wandb.agent`, Hydra multirun "
    "output directories, Dora grids (each experiment's folder keeps its arguments and history), Polyaxon "
    "matrices (each suggestion a run of the deployment), search "
    "results logged to a tracker (autolog, `cv_results_`), an Optuna study "
    "pickled or dumped with joblib (its trials, for a later search).",
    why="An in-memory study loses every completed trial when the job is pre-empted, and the search "
    "history (what was tried and rejected) is gone for the write-up.",
    example="```python\nstudy = optuna.create_study()   # in-memory\nstudy.optimize(objective, n_trials=200)\n```",
    fix="```python\nstudy = optuna.create_study(study_name='resnet-lr', storage='sqlite:///optuna.db',\n"
    "                            load_if_exists=True)\n```",
)
def search_resumable(ctx):
    r = search_resumable.rule
    hpo = _hpo(ctx)
    if not hpo:
        return []
    ok = []
    ok += evs(
        find(
            ctx,
            prefixes=("optuna.create_study", "optuna.load_study"),
            pred=lambda c: c.has_kw("storage") or c.name.startswith("optuna.load_study"),
        ),
        "Optuna persistent storage",
    )
    # pickle.dump(study, fout), joblib.dump(study, path): the Optuna study with all its trials on disk,
    # handed back to a later search (optimize_hyperparameters(study=...), study.optimize again)
    ok += [
        Evidence(
            m.path, w.line, f"the study saved with its trials ({w.call} to {w.target or 'a file'})", w.cell
        )
        for m in facts(ctx).modules
        for w in m.writes
        if w.kind == "dump" and re.fullmatch(r"\w*study", w.what.strip())
    ][:2]
    ok += evs(find(ctx, prefixes=("ray.tune.run",), pred=lambda c: c.has_kw("resume")), "Ray Tune resume")
    ok += evs(find(ctx, suffixes=("restore", "can_restore"), roots={"ray"}), "Ray Tune restore")
    # Ray Tune writes every trial's results and the experiment state to disk on its own (storage_path,
    # ~/ray_results by default), from where Tuner.restore() picks the search up again.
    ok += evs(
        find(ctx, exact=("ray.tune.Tuner", "ray.tune.run", "ray.tune.tuner.Tuner"))[:1],
        "Ray Tune keeps each trial and the experiment state under storage_path (~/ray_results by default)",
    )
    ok += evs(find(ctx, prefixes=("wandb.agent",)), "W&B sweep id (server keeps the history)")
    ok += evs(find(ctx, suffixes=("autolog",), roots={"mlflow"}), "search CV results logged by autolog")
    ok += evs(
        find(
            ctx,
            prefixes=(
                "optuna.integration.MLflowCallback",
                "optuna.integration.WeightsAndBiasesCallback",
                "optuna_integration.",
            ),
        ),
        "trials logged to a tracker",
    )
    ok += [e for d in hpo if d.tool == "hydra_multirun" for e in d.evidence if "outputs" in e.detail]
    # Dora runs each grid point as an experiment in its own folder named by its signature (its
    # arguments, history and checkpoints), which a later `dora grid` finds again and does not rerun
    ok += [
        Evidence(
            e.path, e.line, "Dora grid: each experiment's folder keeps its arguments and history", e.cell
        )
        for d in hpo
        if d.tool == "dora_grid"
        for e in d.evidence[:1]
    ]
    # KerasTuner writes every trial under directory/project_name (./untitled_project by default) and
    # reloads them when the tuner is built again, unless overwrite=True wipes them first.
    ok += evs(
        find(
            ctx,
            prefixes=("keras_tuner.", "kerastuner.", "keras.tuners."),
            pred=lambda c: (
                _last(c.name) in ("RandomSearch", "BayesianOptimization", "Hyperband", "GridSearch")
            ),
        )[:2],
        lambda c: (
            "KerasTuner writes its trials to "
            + (f"{c.kw('directory')!s}/" if c.has_kw("directory") else "")
            + (f"{c.kw('project_name')!s}" if c.has_kw("project_name") else "untitled_project")
            + (_WIPED if c.kw("overwrite") is True else "")
        ),
    )
    # A W&B sweep configured in YAML (run with `wandb sweep` / `wandb agent`) lives on the W&B server.
    ok += [
        Evidence(e.path, e.line, "W&B sweep: the server keeps the history", e.cell)
        for d in hpo
        if d.tool == "wandb_sweeps"
        for e in d.evidence[:1]
    ]
    # A Polyaxon matrix runs each suggestion as a run of its own, kept by the Polyaxon deployment
    ok += [
        Evidence(e.path, e.line, "Polyaxon matrix: each suggestion is a run the deployment keeps", e.cell)
        for d in hpo
        if d.tool == "polyaxon_matrix"
        for e in d.evidence[:1]
    ]
    for doc in facts(ctx).config_docs:
        for k, v, line in doc.entries:
            if k.endswith("sweeper.storage") and v:
                ok.append(Evidence(doc.path, line, "sweeper storage"))
    if ok and all(e.detail.endswith(_WIPED) for e in ok):
        return [
            r.finding(
                WARN,
                "Search trials are written to disk, but each search starts by wiping them (KerasTuner "
                "`overwrite=True`): the history lasts until the next run and a stopped search cannot resume.",
                ok,
            )
        ]
    if ok:
        return [r.finding(PASS, "Search history is persisted.", ok)]
    where = [e for d in hpo for e in d.evidence[:2]]
    return [
        r.finding(WARN, f"Search history is kept in memory only ({', '.join(d.label for d in hpo)}).", where)
    ]


_WIPED = " (overwrite=True wipes them when the tuner is built again)"


@rule(
    "ET222",
    "search-without-pruning",
    "2.3",
    "Searches stop unpromising trials early",
    what="For Optuna, Ray Tune, KerasTuner and W&B sweeps, looks for pruning or early termination: "
    "Optuna pruners with `trial.report`/`should_prune`, ASHA/Hyperband/PBT schedulers, W&B "
    "`early_terminate`, successive halving, Keras `EarlyStopping`.",
    why="Without pruning every bad trial trains to the end; the same budget explores far fewer "
    "configurations.",
    example="```python\ndef objective(trial):\n    for epoch in range(100):\n        val = train_epoch()\n    return val\n```",
    fix="```python\ndef objective(trial):\n    for epoch in range(100):\n        val = train_epoch()\n"
    "        trial.report(val, epoch)\n        if trial.should_prune():\n            raise optuna.TrialPruned()\n"
    "    return val\n\nstudy = optuna.create_study(pruner=optuna.pruners.MedianPruner())\n```",
)
def search_pruning(ctx):
    r = search_pruning.rule
    hpo = [
        d for d in _hpo(ctx) if d.tool in ("optuna", "ray_tune", "keras_tuner", "wandb_sweeps", "hyperopt")
    ]
    if not hpo:
        return []
    ok = evs(find(ctx, prefixes=PRUNERS)[:4])
    ok += evs(find(ctx, suffixes=("should_prune",))[:2], "trial.should_prune()")
    # an early-stopping callback stops a trial only where a search runs it (tuner.search(callbacks=[...]),
    # an objective's model.fit): in a module of the search; one in a lone training run prunes no trial
    searching = {
        m.path
        for m, _c in find(
            ctx,
            prefixes=(
                "optuna.",
                "ray.tune",
                "keras_tuner.",
                "kerastuner.",
                "hyperopt.",
                "wandb.sweep",
                "wandb.agent",
            ),
        )
    }
    ok += evs(
        [(m, c) for m, c in find(ctx, suffixes=("EarlyStopping",)) if m.path in searching][:2],
        "early stopping callback",
    )
    for doc in _sweep_configs(ctx):
        if "early_terminate" in doc.top_keys():
            ok.append(Evidence(doc.path, 0, "early_terminate"))
    if ok:
        return [r.finding(PASS, "Unpromising trials are pruned or stopped early.", ok)]
    return [
        r.finding(
            WARN,
            f"No pruning or early termination in {', '.join(d.label for d in hpo)} searches.",
            [e for d in hpo for e in d.evidence[:2]],
        )
    ]
