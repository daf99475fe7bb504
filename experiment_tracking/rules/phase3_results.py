"""Phase 3 rules: metric logging, artifacts and checkpoints, run comparison."""

from __future__ import annotations

import fnmatch
import itertools
import re

from ..index.python_facts import Dyn, extends
from ..inventory import is_shell_script
from ..model import FAIL, PASS, REVIEW, WARN, Evidence
from .facts import (
    IMPORTED_BY_NAME,
    _last,
    _root,
    assigned,
    code_trackers,
    ev,
    evs,
    facts,
    find,
    learner_calls,
    learner_fix,
    learner_metrics,
    library,
    library_without_results,
    line_at,
    metaflow_flows,
    run_sites,
    source_lines,
    stack_label,
    tracker_ids,
    tracker_switch,
    trains,
    value_recorded,
    when_enabled_question,
    zenml_metric_logs,
    zenml_runs,
)
from .registry import rule

STEP_METRIC_SUFFIX = (
    "log_metric",
    "log_metrics",
    "add_scalar",
    "add_scalars",
    "log_scalar",
    "report_scalar",
    "log_value",
    "add_summary",  # TF1 FileWriter.add_summary(summary, global_step)
)
# Loggers that record per-step metrics on the user's behalf (callbacks, trainer reports).
CALLBACK_METRICS = (
    "dvclive.keras",
    "dvclive.lightning",
    "dvclive.huggingface",
    "dvclive.fastai",
    "dvclive.xgb",
    "dvclive.lgbm",
    "dvclive.optuna",
    "ray.train.report",
    "ray.tune.report",
    "ray.air.session.report",
    "ray.air.integrations",
    "ray.tune.integration",
    "optuna_integration",
    "optuna.integration",
    "transformers.integrations",
    # Polyaxon's framework callbacks and loggers log each epoch's (or iteration's) metrics to the run, by
    # name: the same modules hold callbacks that log no metric (PolyaxonKerasModelCheckpoint saves the model)
    *(
        f"polyaxon.tracking.contrib.{module}.{name}"
        for module, names in (
            ("keras", ("PolyaxonCallback", "PolyaxonKerasCallback")),
            ("tensorflow", ("PolyaxonCallback", "PolyaxonSessionRunHook")),
            ("fastai", ("PolyaxonCallback", "PolyaxonFastaiCallback")),
            ("fastai_v1", ("PolyaxonCallback",)),
            ("hugging_face", ("PolyaxonCallback",)),
            ("pytorch_lightning", ("PolyaxonCallback", "PolyaxonLogger")),
            ("ignite", ("PolyaxonLogger", "PolyaxonIgniteLogger")),
            ("xgboost", ("PolyaxonCallback", "polyaxon_callback")),
            ("lightgbm", ("polyaxon_callback",)),
        )
        for name in names
    ),
)
# Polyaxon's scikit-learn helpers log a fitted model's metrics to the run once, its final results
POLYAXON_FINAL_METRICS = (
    "polyaxon.tracking.contrib.scikit.log_classifier",
    "polyaxon.tracking.contrib.scikit.log_regressor",
)
AUTO_METRICS = (
    "tensorflow.keras.callbacks.",
    "keras.callbacks.",
    "transformers.Trainer",
    "transformers.Seq2SeqTrainer",
    "trl.",
    "lightning.pytorch.loggers.",
    "pytorch_lightning.loggers.",
)
EVAL_METRICS = re.compile(
    # sklearn.metrics.pairwise holds kernels and distances (rbf_kernel as a feature), not scores
    r"^(sklearn\.metrics\.(?!pairwise\b)\w+|torchmetrics\.\w+|evaluate\.load|sacrebleu\.\w+|rouge_score\.\w+|"
    r"seqeval\.metrics\.\w+|nltk\.translate\.bleu_score\.\w+|tensorflow\.keras\.metrics\.\w+|keras\.metrics\.\w+|"
    r"scipy\.stats\.(pearsonr|spearmanr|kendalltau)|jiwer\.\w+|pycocotools\.cocoeval\.\w+|torchmetrics\.functional\.\w+|"
    # TF1 metric ops: an Estimator's eval_metric_ops (tf.metrics.accuracy, tf.compat.v1.metrics.auc)
    r"tensorflow\.(compat\.v1\.)?metrics\.\w+|"
    # PyTorch Ignite's metrics attached to an evaluator engine (Accuracy, Loss, MetricsLambda(math.exp, ...))
    r"ignite\.metrics\.(?!Metric$)\w+)"
)
METRIC_AGGREGATORS = frozenset(
    {"Mean", "Sum", "MeanTensor", "MeanMetricWrapper", "MeanMetric", "SumMetric", "RunningAverage"}
)
MODEL_SAVE = (
    "torch.save",
    "joblib.dump",
    "pickle.dump",
    "cloudpickle.dump",
    "skops.io.dump",
    "safetensors.torch.save_file",
    "safetensors.torch.save_model",
    "onnx.save",
    "torch.onnx.export",
)
MODEL_SAVE_SUFFIX = (
    "save_pretrained",
    "save_model",
    "save_checkpoint",
    "save_state",
    "save_weights",
    "log_model",
    "log_model_ref",  # Polyaxon: the model file saved in the run's outputs, logged as its model
)
CHECKPOINT_CALLBACKS = (
    "ModelCheckpoint",
    "CheckpointCallback",
    "BackupAndRestore",
    "PolyaxonKerasModelCheckpoint",
    "tensorpack.ModelSaver",  # saves the model into the logger directory
)
BEST_SELECTION = (
    "save_best_only",
    "monitor",
    "load_best_model_at_end",
    "save_top_k",
    "metric_for_best_model",
    "checkpoint_score_attribute",
    "best_model_save_path",  # stable-baselines3 EvalCallback keeps the best model
    "best_fn",  # orbax CheckpointManagerOptions(best_fn=lambda m: m["return"]): keeps the best by a metric
)


_BEST_NAME = re.compile(r"(^|[^a-z])(best|lowest|highest)(_|\b|[A-Z{])", re.I)
_PATH_KEYWORDS = frozenset({"path", "filename", "file_name", "filepath", "name", "prefix", "checkpoint_name"})


# the epoch, step or checkpoint chosen as the best one (best_epoch_idx, best_step, best_ckpt_index)
_BEST_PICK = re.compile(r"^\s*(best_\w*(?:epoch|step|iter|idx|index|ckpt|checkpoint)\w*)\s*=[^=]", re.I)


def _best_picked_by_argmax(ctx) -> list:
    """(None, evidence) for each `best_epoch_idx = li[np.argmax(ls)]` (or max, min, argmin) in the training
    code: which epoch's checkpoint is the best is computed from the scores. The facts keep no assignment
    of a subscript, so the line of the call is read."""
    from ..fixes import training_paths
    from .facts import line_at, source_lines

    out = []
    for path in sorted(training_paths(ctx)):  # (a frozenset: its order changes from run to run)
        m = ctx.index.modules.get(path)
        picks = sorted(
            {(c.line, c.cell) for c in m.calls if _last(c.name) in ("argmax", "argmin", "max", "min")}
            if m is not None
            else ()
        )
        lines = source_lines(ctx, path) if picks else None
        for line, cell in picks:
            hit = _BEST_PICK.match(line_at(lines, line)) if cell == 0 else None
            if hit:
                out.append(
                    (None, Evidence(path, line, f"{hit.group(1)}: the best epoch picked from the scores"))
                )
    return out


def _where(ctx, m, c) -> tuple:
    """(module, line, cell) of a best-selection item: a (module, call) pair or (None, evidence)."""
    return (m, c.line, c.cell) if m is not None else (ctx.index.modules.get(c.path), c.line, c.cell)


def _best_flag_always_off(ctx, m, line: int, cell: int) -> bool:
    """The line is in a function with an `is_best`-like parameter that every call passes as False
    (`save_checkpoint(state, is_best=False)` everywhere): its copy to model_best.pth never runs."""
    here = m.innermost_function(line, cell) if m is not None else None
    if here is None:
        return False
    fn = here[0]
    params = list(m.func_params.get(fn, ()))
    flags = [p for p in params if re.fullmatch(r"(is_)?best|save_best|best_?model", p)]
    calls = facts(ctx).by_last.get(fn, ())
    if len(flags) != 1 or not calls:
        return False
    flag = flags[0]
    at = params.index(flag) - (1 if params and params[0] == "self" else 0)
    return all(
        (c.kw(flag) if c.has_kw(flag) else c.args[at] if len(c.args) > at else None) is False
        for _, c in calls
    )


def _checkpointer_sibling(doc, key: str) -> bool:
    """A `class_path` beside the key's `init_args` names a checkpointing callback."""
    base = key.rsplit(".", 1)[0].removesuffix(".init_args")
    return any(
        k == base + ".class_path" and isinstance(v, str) and re.search(r"Checkpoint", v)
        for k, v, _ in doc.entries
    )


def _selects_best(key: str, value) -> bool:
    """A best-model setting that selects: `save_top_k: -1` keeps every checkpoint and 0 keeps none."""
    if value is None or value is False:
        return False
    if key == "save_top_k" and isinstance(value, int) and not isinstance(value, bool):
        return value > 0
    return True


def _best_call(c) -> bool:
    """A call that keeps the best model. `monitor=` selects only on a checkpointing callback (not on
    ReduceLROnPlateau or EarlyStopping), and Keras's ModelCheckpoint saves every epoch unless
    save_best_only=True; Keras's EarlyStopping keeps the best weights with restore_best_weights=True."""
    last = _last(c.name)
    keras = c.name.startswith(("tensorflow.", "keras.", "tf."))
    if last == "EarlyStopping" and keras:
        return c.kw("restore_best_weights") is True
    for k in BEST_SELECTION:
        if not c.has_kw(k) or not _selects_best(k, c.kw(k)):
            continue
        if k == "monitor" and (
            not re.search(r"(Checkpoint|SaveModel|Save)", last)
            or (keras and not _selects_best("save_best_only", c.kw("save_best_only")))
        ):
            continue
        return True
    return False


ARTIFACT_SUFFIX = (
    "log_artifact",
    "log_artifacts",
    "log_figure",
    "log_image",
    "log_table",
    "log_dict",
    "log_text",
    "add_figure",
    "add_image",
    "add_images",
    "add_audio",
    "add_video",
    "add_text",
    "add_pr_curve",
    "log_asset",
    "upload",
    "log_plot",
    "log_sklearn_plots",
)
# Polyaxon's charts and curves, logged as events of the run (other trackers' namesakes are read as before)
POLYAXON_ARTIFACTS = (
    "log_mpl_image",
    "log_plotly_chart",
    "log_mpl_plotly_chart",
    "log_bokeh_chart",
    "log_altair_chart",
    "log_confusion_matrix",
    "log_roc_auc_curve",
    "log_sklearn_roc_auc_curve",
    "log_pr_curve",
    "log_html",
)
TRACKER_ROOTS = frozenset(
    {
        "mlflow",
        "wandb",
        "neptune",
        "comet_ml",
        "clearml",
        "dvclive",
        "aim",
        "swanlab",
        "trackio",
        "polyaxon",
        "polyaxon_client",
        "torch",
        "tensorboardX",
        "tensorflow",
        "self",
    }
)
# TFRecordExporter().add_image: an object of some other class built on the spot, not a summary writer
# (a project's writer factory, create_custom_writer(), is a writer)
_NOT_A_WRITER = re.compile(
    r"(?:^|\.)(?!\w*(?:[Ww]riter|[Ll]ogger|Board|Experiment|Run|Summary)\(\))\w+\(\)\.\w+$"
)
TB_MEDIA = frozenset(
    {"add_figure", "add_image", "add_images", "add_audio", "add_video", "add_pr_curve", "add_mesh"}
)
# tf.summary.image, tensorflow.compat.v2.summary.audio, clu's writer.write_images, and TensorFlow's
# names before 0.12 (tf.image_summary, tf.audio_summary)
TF_SUMMARY_MEDIA = re.compile(
    r"(\bsummary\.(image|audio)|^tensorflow\.(image|audio)_summary|\.write_(images|audios|videos))$"
)
HPARAM_TEXT = re.compile(r"(hparam|hyper|config|args|option|flag)", re.I)
# A figure drawn or logged; confusion_matrix(), roc_curve() and precision_recall_curve() return arrays
# (HRNet's get_confusion_matrix is arithmetic), which are plots only once drawn (savefig, a Display)
PLOTS = re.compile(
    r"(ConfusionMatrixDisplay|RocCurveDisplay|PrecisionRecallDisplay|(^|\.)plot_confusion_matrix|savefig|"
    r"wandb\.plot\.|wandb\.Image|wandb\.Table)"
)


GENERIC_DUMPS = ("torch.save", "joblib.dump", "pickle.dump", "cloudpickle.dump")


def model_saves(ctx) -> list:
    """Calls that save a model (four rules ask: computed once per audit, a copy each time)."""
    cached = getattr(ctx, "_et_model_saves", None)
    if cached is None or cached[0] is not ctx.records:
        cached = ctx._et_model_saves = (ctx.records, _model_saves(ctx))
    return list(cached[1])


def _model_saves(ctx) -> list:
    # A generic serialiser saves a model only when what it writes is a model (the run record's
    # checkpoints): pickle.dump(meta) of a tokenizer vocabulary or a pickleability probe is not.
    ckpt_lines = (
        {(p.evidence.path, p.evidence.line) for p in ctx.records.checkpoints} if ctx.records else set()
    )
    saves = [
        (m, c)
        for m, c in find(ctx, exact=MODEL_SAVE)
        if c.name not in GENERIC_DUMPS or (m.path, c.line) in ckpt_lines
    ]
    saves += find(ctx, suffixes=MODEL_SAVE_SUFFIX)
    saves += [
        (m, c)
        for m, c in find(ctx, suffixes=("save",))
        if re.search(r"(model|keras|tensorflow|net|clf|estimator|booster)", c.name, re.I)
        # ... or a checkpoint object the project built elsewhere (`ckpt_mngr = _get_ckpt_manager(...)`,
        # then `ckpt_mngr.save(step, state)`) that the run record does not read already
        or (re.search(r"(ckpt|checkpoint|mngr|manager)", c.name, re.I) and (m.path, c.line) not in ckpt_lines)
    ]
    saves += find(ctx, suffixes=CHECKPOINT_CALLBACKS)
    # A TF1 Saver handed to the project's own helper (`def save(saver, sess, logdir, step):
    # saver.save(sess, path, global_step=step)`): the receiver is a parameter, not tf.train.Saver().
    if find(ctx, suffixes=("Saver",), pred=lambda c: c.name.startswith(("tensorflow.", "tf."))):
        saves += [
            (m, c)
            for m, c in find(ctx, suffixes=("save",))
            if re.search(r"saver$", c.name.rsplit(".", 1)[0], re.I) and len(c.args) >= 2
        ]
    # A library's training object saving itself: fastai's learn.save('stage-1') / learn.export()
    saves += learner_calls(ctx, "save", "export")
    # Autologging stores the model unless told not to; callbacks can save it (DVCLive model_file=).
    saves += find(
        ctx, suffixes=("autolog",), roots={"mlflow"}, pred=lambda c: c.kw("log_models") is not False
    )
    saves += [
        (m, c)
        for m, c in facts(ctx).calls
        if c.kwargs
        and (
            # DVCLive's callbacks save the model to model_file=; a reader handed its model file
            # (SentencePieceProcessor(model_file=...), fasttext.load_model) loads one
            (c.has_kw("model_file") and re.search(r"dvclive|Callback$", c.name, re.I))
            or c.kw("save_artifact") is True
        )
    ]
    return saves


def _uncalled_saves(ctx) -> list[tuple[str, Evidence]]:
    """Weights saved (torch.save of a state_dict or model) only inside project functions that nothing
    calls: an agent's save() method kept from the code it was copied from, never used."""
    from ..detect.engine import scope_of
    from ..index.python_facts import in_spans
    from .facts import dead_functions

    out = []
    for path, spans in dead_functions(ctx).items():
        m = ctx.index.modules.get(path)
        if m is None or scope_of(path) in ("test", "example"):
            continue
        for c in m.calls:
            if c.name != "torch.save" or not in_spans(spans, c.line, c.cell):
                continue
            fn = m.innermost_function(c.line, c.cell)
            if fn is not None and re.search(r"state_dict|model|net|actor|critic|policy", str(c.args), re.I):
                out.append((fn[0], ev(m, c, f"torch.save in {fn[0]}(), which nothing calls")))
                break  # one save per module is evidence enough
    return out


def zenml_model_steps(ctx) -> list:
    """ZenML steps of the main path that return a trained model (a model-typed output, or
    ``ArtifactConfig(artifact_type=ArtifactType.MODEL)``): ZenML stores it with every run."""
    zen = zenml_runs(ctx)
    return [s for s in zen.steps if s.returns_value and s.outputs_model()] if zen is not None else []


def wrapper_metric_logs(ctx) -> list[Evidence]:
    """Metrics handed to a tracker wrapper from another library (``logger = mlxu.WandBLogger(...)``,
    then ``logger.log(metrics)``): they reach the tracker the wrapper is named after."""
    from .facts import tracker_wrappers

    names = {c.name: tool for _, c, tool in tracker_wrappers(ctx)}
    if not names:
        return []
    out = []
    for m, c in find(ctx, prefixes=tuple(f"{n}()." for n in names)):
        if _last(c.name) in METRIC_LOG_LAST:
            wrapper = c.name.split("()", 1)[0]
            out.append(ev(m, c, f"logs metrics through {wrapper} ({names[wrapper]})"))
    return out


_DUMPED_LITERAL = re.compile(r"^[\w.]*\b(dump|save|dumps)\(\{")
_DUMPED_NAME = re.compile(
    r"^[\w.]*\b(?:json\.dump|yaml\.(?:safe_)?dump|save_json|write_json|dump_json)\((\w+)\)$"
)
_HISTORY = re.compile(r"(hist|log|curve|record|trace|losses|steps|epochs|series)", re.I)


_AUTO_METRIC_CLASSES = frozenset(
    {
        "TensorBoard",
        "CSVLogger",
        "WandbLogger",
        "MLFlowLogger",
        "TensorBoardLogger",
        "CometLogger",
        "NeptuneLogger",
        "Trainer",
        "Seq2SeqTrainer",
        "SFTTrainer",
    }
)


@rule(
    "ET301",
    "no-stepwise-metrics",
    "3.1",
    "Training metrics are logged per step or epoch",
    what="Looks for metric logging during training: `mlflow.log_metric(..., step=)`, `wandb.log`, "
    "Lightning `self.log`, TensorBoard `add_scalar`, DVCLive `log_metric`+`next_step`, Sacred "
    "`log_scalar`, Keras/Transformers trainers with a logger, fastai `CSVLogger`, autologging; ZenML "
    "`log_metadata` in a step records final values with the run; per-epoch tables kept only in notebooks' "
    "saved outputs are named, but are no log.",
    why="A single final number hides divergence, over-fitting and learning-rate problems; curves are "
    "what let you compare two runs honestly.",
    example="```python\nfor epoch in range(epochs):\n    loss = train_epoch()\n    print(f'epoch {epoch} loss {loss}')  # gone after the terminal closes\n```",
    fix="```python\nfor epoch in range(epochs):\n    loss = train_epoch()\n    mlflow.log_metric('train_loss', loss, step=epoch)   # wandb.log({'train_loss': loss}, step=epoch)\n```",
)
def stepwise_metrics(ctx):
    r = stepwise_metrics.rule
    from ..fixes import training_paths

    rec = ctx.records
    # what training writes first: a preprocessing script's dumps are cited after the run's own streams
    on_path = training_paths(ctx)
    streams = sorted(
        (p.evidence for p in (rec.metrics if rec is not None else [])),
        key=lambda e: e.path not in on_path and not is_shell_script(e.path),
    )
    # With no training code (an inference library: whisper's transcript writer dumps a `result`), a
    # results file is no training metric.
    if not trains(ctx) and not [d for d in code_trackers(ctx) if d.tool != "custom_logging"]:
        return []
    stepped, final = [], []
    # A metrics stream the code appends to, or a summary writer, records metrics per step; a dict of
    # values dumped in one piece (json.dump({'accuracy': acc, 'f1': f1}, fh)) holds one run's final values.
    from ..records import GROWN_HISTORY

    once = [
        e
        for e in streams
        # save_logs({'loss': loss_log, ...}) with loss_log appended per batch: the history, rewritten whole
        if GROWN_HISTORY not in e.detail
        and (
            _DUMPED_LITERAL.match(e.detail)
            # json.dump(scores, fh), save_json(scores): one object written whole holds its final values,
            # unless it is the history the loop kept (json.dump(history, fh))
            or ((dumped := _DUMPED_NAME.match(e.detail)) is not None and not _HISTORY.search(dumped.group(1)))
        )
    ]
    final += once[:2]
    # accelerator.log({...}, step=global_step): Accelerate hands the values to the trackers log_with chose,
    # whatever project helper built the accelerator (train_util.prepare_accelerator(args))
    stepped += evs(
        [
            (m, c)
            for m, c in find(ctx, suffixes=("log",), pred=lambda c: bool(_ACCELERATE_LOG.search(c.name)))
            if c.args or c.has_kw("values")
        ][:2],
        "Accelerate log to its trackers",
    )
    stepped += [e for e in streams if e not in once][:4]
    # TF1's add_summary goes through a FileWriter; where the project makes none (its FileWriter commented
    # out, the writer left None), TensorBoard is not in use and the call writes nothing
    tensorboard = any(d.tool == "tensorboard" for d in ctx.present("tracking"))
    for m, c in find(ctx, suffixes=STEP_METRIC_SUFFIX):
        if _last(c.name) == "add_summary" and not tensorboard:
            continue
        if (
            c.has_kw("step")
            or c.has_kw("global_step")
            or len(c.args) >= 3
            or _last(c.name) in ("add_scalar", "add_scalars", "log_scalar", "report_scalar")
            or (_last(c.name) == "add_summary" and len(c.args) >= 2)
        ):
            stepped.append(ev(m, c, f"{_last(c.name)} with step"))
        else:
            final.append(ev(m, c, _last(c.name)))
    wl = find(ctx, suffixes=("log",), roots={"wandb"})
    stepped += evs(wl[:3], "wandb.log")
    stepped += evs(
        # Lightning's self.log/self.log_dict only: self.wandb.log or self.logger.log are other objects.
        [
            (m, c)
            for m, c in find(ctx, exact=("self.log", "self.log_dict"), pred=lambda c: bool(c.args))
            # ... inside a LightningModule: a project's own Logger class has a `log` method too.
            if extends(m, "LightningModule")
        ][:3],
        "LightningModule.log",
    )
    # Lightning < 1.0: a hook's returned {"log": {...}} goes to the Trainer's logger every step
    stepped += [
        Evidence(m.path, line, f"{hook} returns {{'log': ...}} (Lightning's logger records it)", cell)
        for m in facts(ctx).modules
        if extends(m, "LightningModule")
        for hook, key, line, cell in m.returned_keys
        if key == "log"
    ][:3]
    stepped += evs(find(ctx, suffixes=("next_step",), roots={"dvclive"})[:2], "DVCLive step")
    # Dora's link.push_metrics appends each epoch's metrics to the experiment's history.json
    stepped += evs(
        [
            (m, c)
            for m, c in find(ctx, suffixes=("push_metrics",), pred=lambda c: bool(c.args))
            if any(i.module.split(".", 1)[0] == "dora" for i in m.imports)
        ][:2],
        "Dora push_metrics: appended to the experiment's history.json",
    )
    # An algorithm built on Stable-Baselines3 records through SB3's Logger (self.logger.record("train/loss",
    # v)): a table dumped per update to stdout, and to TensorBoard or CSV when the user configures them.
    stepped += evs(
        [
            (m, c)
            for m, c in find(ctx, exact=("self.logger.record",), pred=lambda c: bool(c.args))
            if isinstance(c.args[0], str)
            and any(i.module.split(".", 1)[0] in ("stable_baselines3", "sb3_contrib") for i in m.imports)
        ][:3],
        "SB3 Logger: stdout each update; TensorBoard/CSV when tensorboard_log or a logger is set",
    )
    # ZenML attaches the metadata a step logs to its run (and artifact, model version): once per run.
    final += zenml_metric_logs(ctx)[:3]
    # Polyaxon's log_outputs: the run's results (its outputs, compared across runs), once per run
    final += evs(
        find(ctx, suffixes=("log_outputs",), pred=lambda c: "olyaxon" in c.name and bool(c.kwargs))[:2],
        "log_outputs: the run's final results",
    )
    final += evs(
        find(ctx, exact=POLYAXON_FINAL_METRICS)[:2], lambda c: f"{_last(c.name)}: the fitted model's metrics"
    )
    stepped += wrapper_metric_logs(ctx)[:3]
    stepped += evs(
        find(ctx, prefixes=CALLBACK_METRICS)[:3], lambda c: f"{_last(c.name)} logs metrics per step"
    )
    runs = ctx.catalog.runs if ctx.catalog is not None else []
    stored = [r for r in runs if r.metrics and not r.deleted]
    # A DVC stage's metrics file (scores.json in dvc.lock) holds the run's final values, not a curve.
    final += [
        Evidence(r.path, 0, "a DVC stage records its final metrics") for r in stored if r.store == "dvc"
    ][:1]
    stored = [r for r in stored if r.store != "dvc"]
    if stored:
        stepped.append(Evidence(stored[0].path, 0, f"{len(stored)} stored run(s) hold metrics"))
    stepped += evs(
        find(ctx, prefixes=AUTO_METRICS, pred=lambda c: _last(c.name) in _AUTO_METRIC_CLASSES)[:3],
        "logs per step via callback/logger",
    )
    # The project's own subclass of one (class CustomTensorBoard(keras.callbacks.TensorBoard)), built.
    own = {
        cls
        for m in facts(ctx).modules
        for cls, base, _, _ in m.bases
        if base.startswith(AUTO_METRICS) and _last(base) in _AUTO_METRIC_CLASSES
    }
    if own:
        stepped += evs(
            find(ctx, suffixes=tuple(sorted(own)))[:2],
            lambda c: f"{_last(c.name)} (a subclass) logs per step",
        )
    stepped += evs(find(ctx, suffixes=("autolog",))[:2], "autolog records per-epoch metrics")
    # comet_ml.Experiment() logs Keras/PyTorch/Lightning training metrics on its own (auto_metric_logging).
    comet = [
        (m, c)
        for m, c in find(ctx, prefixes=("comet_ml.Experiment", "comet_ml.start"))
        if c.kw("auto_metric_logging") is not False
    ]
    if comet and find(ctx, suffixes=("fit", "backward", "fit_generator")):
        stepped += evs(comet[:1], "Comet logs training metrics automatically")
    for d in ctx.present("tracking"):
        if d.tool in ("tensorboard", "custom_logging") and any(
            "_target_" in e.detail or "Logger" in e.detail for e in d.evidence
        ):
            stepped.extend(d.evidence[:1])
    question = "" if streams else when_enabled_question(ctx, stepped, "Metrics are logged per step")
    if question:
        return [
            r.finding(
                REVIEW,
                "Metrics are logged per step only " + tracker_switch(ctx, stepped) + ".",
                stepped + final,
                question=question,
            )
        ]
    if stepped:
        return [
            r.finding(PASS, f"Metrics are logged during training ({len(stepped)} place(s)).", stepped + final)
        ]
    if final:
        # The curve a ZenML step computes is logged with the run as metadata, not only its last value.
        zen_fix = (
            "```python\nlog_metadata(metadata={'train_loss': train_losses, 'val_loss': val_losses})   # the curve\n```"
            if any(e.detail.startswith("zenml.") for e in final)
            else ""
        )
        return [
            r.finding(
                WARN,
                "Metrics are logged without a step: only final values, or overwritten per epoch.",
                final,
                zen_fix,
            )
        ]
    from .facts import mlflow_recipe

    recipe = mlflow_recipe(ctx)
    if recipe is not None:
        # the recipe's train and evaluate steps log their metrics to the MLflow run the recipe creates
        return [
            r.finding(
                PASS,
                "MLflow Recipes' train and evaluate steps log the model's metrics to each run's MLflow run "
                "(final values per run, not a per-epoch curve).",
                [recipe[0]],
            )
        ]
    from ..records import switched_metrics

    switched = switched_metrics(ctx, rec)
    if switched:
        # `if args.output_dir:` around the per-epoch log, the option empty by default: runs given it log
        cond, e = switched[0], switched[1].evidence
        return [
            r.finding(
                REVIEW,
                f"Metrics are written per step or epoch ({e.detail}) only when `{cond}` holds.",
                [e],
                question=f"Do the runs you report set what `{cond}` tests? Without it no metric of a run "
                f"is written ({e.where()}).",
            )
        ]
    kept = _metrics_in_checkpoints(ctx)
    if kept:
        # save_checkpoint({'state_dict': ..., 'acclist_train': acclist_train, 'best_pred': best}): the
        # curves travel inside the checkpoint, read back only by loading it
        live = [d for d in code_trackers(ctx) if d.tool == "visdom" and d.evidence]
        tail = (
            f"Visdom shows them live ({live[0].evidence[0].where()}) but keeps them only in its server's memory, "
            "and no metrics file records them."
            if live
            else "no tracker or metrics file records them."
        )
        return [
            r.finding(
                WARN,
                f"Training metrics are kept only inside the checkpoints ({kept[0].detail}); {tail}",
                kept[:3],
                _metric_fix(ctx),
            )
        ]
    # Per-epoch tables printed by the training library (fastai's recorder) and committed with the
    # notebooks' outputs: the only trace of the curves, lost when a cell is re-run; still no log.
    training = {e.path for e in facts(ctx).training}
    tables = [e for e in ctx.taxonomy.notebook_records if e.path in training]
    if _one_shot_fits(ctx):
        # scikit-learn style: each model is one fit() call, with no step or epoch to log a curve at; what
        # is missing is a record of each fit's scores
        kept = (
            f"; they survive only in the saved outputs of {len(tables)} notebook(s), overwritten when a cell is re-run"
            if tables
            else ""
        )
        return [
            r.finding(
                WARN,
                "Each model is fit in one call (no steps or epochs to log per step), and no tracker or file "
                f"records the scores of each fit{kept}.",
                tables[:4] or facts(ctx).training[:3],
                "```python\nwith open(os.path.join(run_dir, 'metrics.json'), 'w') as f:   # one file per fit\n"
                "    json.dump({'accuracy': accuracy_score(y_test, model.predict(X_test))}, f)\n```",
            )
        ]
    if tables:
        return [
            r.finding(
                FAIL,
                "No training metrics are logged to a tracker or file; the per-epoch tables printed during "
                f"training survive only in the saved outputs of {len(tables)} training notebook(s), "
                "overwritten when a cell is re-run.",
                tables[:4],
                _metric_fix(ctx),
            )
        ]
    return [
        r.finding(
            FAIL,
            "No training metrics are logged to any tracker or file.",
            facts(ctx).training[:3],
            _metric_fix(ctx),
        )
    ]


# Frameworks that train step by step (a loss per batch or epoch to log): any of them makes training iterative.
_ITERATIVE = frozenset(
    {"torch", "tensorflow", "keras", "jax", "flax", "lightning", "pytorch_lightning", "transformers", "fastai",
     "mxnet", "paddle", "tf_keras", "optax", "haiku", "trax", "chainer", "theano", "sb3_contrib",
     "stable_baselines3", "gym", "gymnasium", "ignite", "accelerate", "deepspeed",
     # gradient boosting trains round by round, with a metric per iteration it can log
     "xgboost", "lightgbm", "catboost"}
)  # fmt: skip
_ONE_SHOT = frozenset({"sklearn", "statsmodels", "prophet", "pmdarima"})


def _one_shot_fits(ctx) -> bool:
    """Training is one fit() call per model (scikit-learn, statsmodels), with no framework that trains step
    by step or round by round: there is no curve to log, only each fit's scores."""
    from ..fixes import imported_roots

    roots = imported_roots(ctx)
    return bool(roots & _ONE_SHOT) and not roots & _ITERATIVE


def _kept_in_outputs(ctx, paths: set) -> str:
    """Where printed metrics survive: the saved outputs of the notebooks that print them."""
    nbs = [e for e in ctx.taxonomy.notebook_records if e.path in paths]
    if not nbs:
        return ""
    return (
        f"they survive only in the saved outputs of {len(nbs)} notebook(s) ({nbs[0].where()}: "
        f"{nbs[0].detail.split(' (', 1)[0].removeprefix('saved output shows ')}), overwritten when a cell is re-run"
    )


# The library's own callback that writes the per-epoch table to a file, one per run.
LEARNER_METRIC_FIXES = {
    1: "learn = cnn_learner(data, models.resnet50, metrics=[accuracy],\n"
    "                    callback_fns=[partial(CSVLogger, filename=f'history-{run}')])   # history-<run>.csv per fit",
    2: "learn.fit_one_cycle(5, 1e-3, cbs=CSVLogger(fname=f'history-{run}.csv'))   # one row per epoch",
}


def _metric_fix(ctx) -> str:
    fastai = learner_fix(ctx, LEARNER_METRIC_FIXES)
    if fastai and not stack_label(ctx):
        return fastai
    if not stack_label(ctx):
        from ..records import hand_fix

        if ctx.has("tensorboard"):
            return "```python\nwriter.add_scalar('train/loss', loss, global_step)\n```"
        return hand_fix(ctx, "metrics")
    if stack_label(ctx) == "wandb":
        return "```python\nwandb.log({'train/loss': loss, 'lr': scheduler.get_last_lr()[0]}, step=global_step)\n```"
    return "```python\nmlflow.log_metric('train_loss', loss, step=epoch)\nmlflow.log_metrics({'val_f1': f1, 'val_auc': auc}, step=epoch)\n```"


EVAL_FUNCTION = re.compile(
    # _evaluate_rollouts, get_accuracy: a private or getter spelling of the same evaluation
    r"^_*(?:get_)?(eval\w*|evaluate\w*|valid(ate|ation)\w*|val_(step|epoch|one_epoch|loop)|test_(epoch|model|policy|agent|step|one_epoch)|"
    r"run_eval\w*|compute_(fid|kid|is|inception_score|metrics?|accuracy|bleu|wer|cer|map|auc)\w*|calc_metrics?\w*|"
    r"accuracy|top_?k_accuracy|calculate_(fid|metrics?|accuracy)\w*|validation_step|test_step|eval_policy|test|"
    # metric(pred, true) returning mae, mse, rmse, mape, mspe: a forecasting repo's own metrics
    r"metrics?|mae|mse|rmse|mape|smape|mspe|wape|r2_score|corr|"
    # generative, speech, translation and segmentation metrics the project computes itself (fid_score)
    r"(fid|kid|bleu|rouge\w*|wer|cer|psnr|ssim|lpips|miou|dice|iou|perplexity)(_score|_metric|_value)?|"
    # mse2psnr, img_to_ssim: a conversion into the metric
    r"\w+(?:_|2|_to_)(fid|kid|bleu|wer|cer|psnr|ssim|lpips|miou|iou|dice)|frechet_\w+|inception_score)$",
    re.I,
)
_LIGHTNING_EVAL_HOOK = re.compile(r"^(on_)?(validation|test)_(step|end|epoch_end|step_end)$")
_EVAL_FILE = re.compile(
    r"^(test|eval|evaluation|val|valid|validation)([_.-][\w.-]*)?\.(txt|csv|tsv|json|jsonl|log)$", re.I
)
EVAL_KEY = re.compile(r"^(eval|val|valid|validation|test|charts/episodic_return|episode_reward)[/_]", re.I)
LOGGING_CALLS = frozenset(
    {
        "add_scalar",
        "log",
        "log_metric",
        "log_metrics",
        "write_scalars",
        "scalar",
        "log_scalar",
        "report_scalar",
    }
)


_GRADIENT_STEP = frozenset({"backward", "apply_gradients", "minimize", "grad", "value_and_grad"})


# What a bare test()/eval() calls when it measures: a loss or criterion, a comparison of predictions
# with targets, a metric, a count or mean turned into a number.
# (tensor.item(), torch.eq(); not a dict's items() or a request)
_MEASURES = re.compile(
    r"(loss|criterion|accuracy|acc\b|score|metric|(?<![a-z])eq(?![a-z])|argmax|mean|sum|item(?!s)|compute|evaluate|"
    r"fid|psnr|ssim|bleu|"
    r"wer|auc|precision|recall|f1|mse|mae|perplexity|reward|return)",
    re.I,
)


# validate_args, validate_directories, validation_split: checking inputs unless the body measures something
_CHECKS_INPUTS = re.compile(
    r"^valid(ate|ation)_(?!(epoch|step|model|one_epoch|loop|policy|agent|set|data)\b)", re.I
)


# A class holding settings by its name: HParams, ExperimentConfig, TrainArgs, RunOptions
_SETTINGS_CLASS = re.compile(
    r"(config|conf|cfg|params|hparams|hyperparameters|args|arguments|settings|options|spec)$", re.I
)


def _in_settings_class(m, line: int, cell: int) -> bool:
    return any(
        c == cell and a <= line <= b and _SETTINGS_CLASS.search(name) is not None
        for name, a, c, b in m.classes
    )


def _computes_a_number(m, line: int, cell: int, end: int) -> bool:
    return any(
        c.cell == cell and line <= c.line <= end and _MEASURES.search(c.name.rsplit(".", 1)[-1])
        for c in m.calls
    ) or any(
        # val_acc = correct / total: a measure the function works out itself, with no call that names it
        c == cell and line <= at <= end
        for at, c, _name in m.measures
    )


def _called_as_evaluation(f, name: str) -> bool:
    """Whether some call of the project function ``name`` evaluates. ``x.eval()`` with no argument
    switches a module's mode (torch's nn.Module.eval, a VecNormalize's eval); and a function called
    only inside the code that takes a gradient step (a policy's ``evaluate_actions`` in a PPO update)
    is part of training, whatever its name."""
    calls = f.by_last.get(name, ())
    if not calls:
        return True  # only handed on: jax.jit(eval_step)
    if name == "eval":
        calls = [(m, c) for m, c in calls if c.args or c.kwargs]
    return any(not _in_gradient_step(m, c) for m, c in calls[:20])


def _in_gradient_step(m, c) -> bool:
    """The call computes part of a loss: a gradient step follows it closely in the same function
    (``log_probs = policy.evaluate_actions(...)`` a few lines above ``loss.backward()``). An evaluation
    inside a training loop comes after the step, or far from it (``compute_fid`` every ten ticks)."""
    spans = [(line, end) for _n, line, cell, end in m.functions if cell == c.cell and line <= c.line <= end]
    if not spans:
        return False
    _start, end = max(spans)  # the innermost function holding the call
    inner = max((line, n) for n, line, cell, e in m.functions if cell == c.cell and line <= c.line <= e)[1]
    if _LOSS_FUNCTION.search(inner):
        return True  # ssim() inside loss_function(), bbox_iou() inside compute_loss(): a loss term
    return any(
        d.cell == c.cell
        and c.line < d.line <= min(end, c.line + _LOSS_SPAN)
        and _last(d.name) in _GRADIENT_STEP
        for d in m.calls
    )


_LOSS_FUNCTION = re.compile(r"(loss|criterion|objective)", re.I)
_LOSS_SPAN = 15  # lines from a loss term's computation to its backward() in an update function


def _in_eval_mode(m, c) -> bool:
    """The nearest model-mode switch above the call is `.eval()`, not `.train()`: the line runs on
    held-out batches (PointNet's test batch every ten steps), not the training ones."""
    # ... in the same function (evaluate() switching to eval mode says nothing of train_epoch()'s lines); a
    # trainer's .train() runs a loop, it switches no model's mode
    here = m.innermost_function(c.line, c.cell)
    modes = [
        x
        for x in m.calls
        if x.cell == c.cell
        and x.line < c.line
        and not x.args
        and _last(x.name) in ("eval", "train")
        and "trainer" not in x.name.lower()
        and m.innermost_function(x.line, x.cell) == here
    ]
    return bool(modes) and _last(max(modes, key=lambda x: x.line).name) == "eval"


# The predicted class compared with the labels: outputs.max(dim=1).indices.eq(y), logits.argmax(-1).eq(y)
_ARGMAX_EQ = re.compile(r"(argmax\(\)|max\(\)\.indices|max\(\)\[\]|topk\(\)\.indices)\.eq$")
_HELD_OUT_LOADER = re.compile(
    r"^(val|valid|validation|dev|test|eval)_?(loader|data_?loader|iter\w*|data|dataset|set)$"
)


def _run_on_held_out(f, m, c) -> bool:
    """The function holding the call is run on a held-out split somewhere: handed a validation loader
    (`evaluate(model, val_loader)`) or told it is not training (`run_one_epoch(training=False, ...)`)."""
    here = m.innermost_function(c.line, c.cell)
    if here is None:
        return False
    for _, call in f.by_last.get(here[0], ()):
        # ... or told it is not training (`training=False`)
        if any(k in _TRAINING_SWITCH and v is False for k, v in call.kwargs):
            return True
        if any(
            _HELD_OUT_LOADER.match(getattr(v, "text", "").rsplit(".", 1)[-1])
            for v in (*call.args, *(x for _, x in call.kwargs))
        ):
            return True
    return False


def _held_out_flag(c) -> str | None:
    """The first keyword telling the project's loop it runs on held-out data (`is_validate=True`,
    `training=False`), as `k=v`."""
    return next(
        (
            f"{k}={v}"
            for k, v in c.kwargs
            if (k in _VALIDATE_SWITCH and v is True) or (k in _TRAINING_SWITCH and v is False)
        ),
        None,
    )


_TRAINING_SWITCH = frozenset({"training", "train", "is_train", "is_training"})
# A function that runs a loop over batches, by its name (train, run_one_epoch, validate, eval_loop), not a
# builder told which split it serves (get_transform(train=False), parse_options(is_train=False))
_LOOP_FUNCTION = re.compile(
    r"^_*(?!(get|create|build|make|parse|load|init)_)(train\w*|run\w*|\w*epoch\w*|\w*_loop|loop\w*|"
    r"valid\w*|evaluate\w*|eval|eval_\w*|test|test_\w*|iterate\w*|\w*_step)$"
)
_VALIDATE_SWITCH = frozenset(
    {"is_validate", "validate", "is_val", "is_valid", "is_eval", "is_test", "eval_mode"}
)


# print("Inception Score: {}".format(...)), f"{desc} acc: {acc:.2f}": a measure named, then its value formatted
_PRINTED_METRIC = re.compile(
    r"(?i)\b(inception score|fid|kid|acc(?:uracy)?|top-?[15](?: acc\w*)?|bleu|rouge[\w-]*|f1|auc|(?-i:mAP)|psnr|"
    r"ssim|perplexity|ppl|wer|cer|precision|recall|mse|mae|rmse|nll|bpd|bits/dim)\s*[:=]\s*(?:\{|%)"
)
# a setting formatted into the line (`"Training precision: {}".format(args.precision)`): an option, no measure
_OPTION_VALUE = re.compile(r"\b(args|opts?|cfg|config|conf|hparams|FLAGS|flags|params)\.\w+")
_TEST_HARNESS = re.compile(r"(^|/)(tests?|testing)/|(^|/)conftest\.py$")


def printed_evaluations(ctx) -> list[Evidence]:
    """Evaluation written by hand and printed: a print naming a measure and formatting its value, in an
    evaluation script (test_batch.py computing the Inception Score, eval.py) or an evaluation function
    (image-gpt's `evaluate()` printing its accuracy). Not in a test suite. Found once per audit (ET302 and
    the Papers-with-Code checklist both ask)."""
    cached = getattr(ctx, "_et_printed_evaluations", None)
    if cached is None:
        cached = ctx._et_printed_evaluations = _printed_evaluations(ctx)
    return list(cached)


def _printed_evaluations(ctx) -> list[Evidence]:
    from ..scoring import _EVAL_SCRIPT
    from .facts import line_at, source_lines

    out = []
    for m in facts(ctx).modules:
        if _TEST_HARNESS.search(m.path) or any(
            i.module.split(".", 1)[0] in ("pytest", "unittest") for i in m.imports
        ):
            continue
        name = m.path.rsplit("/", 1)[-1]
        script = bool(_EVAL_SCRIPT.search(m.path) or re.match(r"(test|eval)\w*\.py$", name))
        prints = [c for c in m.calls if c.name == "print" and not c.cell]
        if not prints:
            continue
        lines = source_lines(ctx, m.path) or []
        for c in prints:
            fn = m.innermost_function(c.line, c.cell)
            evaluating = (
                fn is not None and EVAL_FUNCTION.match(fn[0]) and not _CHECKS_INPUTS.match(fn[0].lstrip("_"))
            )
            if not (script or evaluating):
                continue
            text = line_at(lines, c.line)
            hit = _PRINTED_METRIC.search(text)
            if hit and not _OPTION_VALUE.search(text):
                out.append(Evidence(m.path, c.line, f"prints {hit.group(1)}", c.cell))
                break
        if len(out) >= 3:
            break
    return out


def own_evaluation(ctx) -> list[Evidence]:
    """Evaluation the project writes itself: an evaluation function that is called (FID, top-1,
    episodic return, WER...), metrics logged under eval/val/test names, trainer evaluation settings."""
    out: list[Evidence] = []
    f = facts(ctx)
    called = set(f.by_last)
    # An evaluation step handed to a compiler or a mapper (jax.jit(eval_step), pjit(eval_step, ...)) is
    # called through it.
    called |= {
        a.text
        for _, c in f.calls
        for a in c.args[:1]
        if isinstance(getattr(a, "text", None), str) and a.text.isidentifier()
    }
    # ... or started as a process or thread (mp.Process(target=test, args=(...)): an evaluation worker
    # running beside the training ones)
    called |= {
        v.text.rsplit(".", 1)[-1]
        for _, c in f.calls
        for k, v in c.kwargs
        if k == "target" and isinstance(getattr(v, "text", None), str) and re.fullmatch(r"[\w.]+", v.text)
    }
    # A LightningModule's validation_step / validation_end (Lightning 0.7) / on_validation_epoch_end:
    # hooks the Trainer calls, not the project.
    hooks = {
        name
        for m in f.modules
        if extends(m, "LightningModule")
        for name, *_ in m.functions
        if _LIGHTNING_EVAL_HOOK.match(name)
    }
    called |= hooks
    for m in f.modules:
        for name, line, cell, end in m.functions:
            if (
                EVAL_FUNCTION.match(name)
                and name in called
                and (name in hooks or _called_as_evaluation(f, name))
            ):
                if (
                    name.lower() in ("test", "eval")
                    or _CHECKS_INPUTS.match(name.lstrip("_"))
                    # eval_with_timeout(formula): Python's eval() of an arithmetic expression, no model's
                    or any(c.name == "eval" and c.cell == cell and line <= c.line <= end for c in m.calls)
                ) and not _computes_a_number(m, line, cell, end):
                    # test(): translate the test images and save them; validate_directories(args),
                    # _validate_experiment_name(name): check the options: no metric either way
                    continue
                if _in_settings_class(m, line, cell) and not _computes_a_number(m, line, cell, end):
                    # HParams.validate(), ExperimentConfig.validate(): a settings object checking its
                    # own fields, whatever its name
                    continue
                out.append(Evidence(m.path, line, f"evaluation function {name}()", cell))
                break
    defined = {name for m in f.modules for name, *_ in m.functions}
    for m, c in f.calls:
        last = _last(c.name)
        key = c.args[0] if c.args and isinstance(c.args[0], str) else None
        if key is None and (last in LOGGING_CALLS or last == "Value") and isinstance(c.kw("tag"), str):
            # TF1's tf.Summary.Value(tag='Eval/AverageReturns', simple_value=...): the tag names the metric
            key = c.kw("tag")
        if (
            key
            and (last in LOGGING_CALLS or last == "Value")
            and EVAL_KEY.match(key)
            and not TIMING_KEY.search(key)
        ):
            # 'eval_median_render_time', 'test_rays_per_sec': how fast the evaluation ran, not a result
            out.append(ev(m, c, f"logs {key!r}"))
        elif last in ("TrainingArguments", "Seq2SeqTrainingArguments", "SFTConfig") and any(
            c.kw(k) not in (None, "no", False)
            for k in ("evaluation_strategy", "eval_strategy", "do_eval", "load_best_model_at_end")
        ):
            out.append(ev(m, c, "the trainer evaluates during training"))
        elif last in defined and _LOOP_FUNCTION.match(last) and (flag := _held_out_flag(c)):
            # train(args, epoch, ..., validation_loader, ..., is_validate=True): the project's loop run on
            # held-out data, the losses and errors it computes there the evaluation
            out.append(ev(m, c, f"{last}({flag}): the project's loop run on held-out data"))
        elif last == "fit" and (c.has_kw("validation_data") or c.has_kw("validation_split")):
            out.append(ev(m, c, "fit(validation_data=...)"))
        elif last.endswith("EvalCallback") or last in ("evaluate_policy", "evaluate_agent"):
            out.append(ev(m, c, f"{last}: periodic evaluation"))
        elif key in _HELD_OUT_SPLITS and _LOSS_OR_SCORE.search(last) and last in defined:
            # split_loss('val'): the project's own loss or score computed on a held-out split
            out.append(
                ev(m, c, f"{last}({key!r}): a held-out split's {_LOSS_OR_SCORE.search(last).group(0)}")
            )
        elif (
            (last in defined and _METRIC_FUNCTION.fullmatch(last)) or (last == "score" and "." in c.name)
        ) and sum(bool(_HELD_OUT_NAME.fullmatch(getattr(a, "text", ""))) for a in c.args) >= (
            2 if last == "score" else 1
        ):
            # (an estimator's score() is handed the held-out inputs and labels, not inputs alone)
            # accuracy_score(y_test, y_pred) of the project's own utils (a library written from scratch):
            # a metric on held-out labels, whoever wrote it; an estimator's clf.score(X_test, y_test) too
            out.append(ev(m, c, f"{last}() on held-out data"))
        elif _LOSS_CALL.search(last) and any(
            _HELD_OUT_NAME.fullmatch(getattr(a, "text", "")) for a in (*c.args, *(v for _, v in c.kwargs))
        ):
            # F.cross_entropy(logits, Ydev): the loss on held-out data is an evaluation
            out.append(ev(m, c, f"{last} on held-out data"))
        elif (
            last == "eq"
            and c.args
            and re.search(r"pred", c.name.rsplit(".", 1)[0].rsplit(".", 1)[-1], re.I)
            and _in_eval_mode(m, c)
        ):
            # pred_choice.eq(target).sum() after model.eval(): accuracy counted by hand on held-out batches
            out.append(ev(m, c, "accuracy counted from the predictions in eval mode"))
        elif (
            last == "eq"
            and c.args
            and _ARGMAX_EQ.search(c.name)
            and (_in_eval_mode(m, c) or _run_on_held_out(f, m, c))
        ):
            # outputs.max(dim=1).indices.eq(labels) in run_one_epoch(training=False, data_loader=val_loader):
            # top-1 accuracy counted by hand on the held-out batches
            out.append(ev(m, c, "accuracy counted from the predictions on held-out data"))
    # A metrics stream kept for the held-out results: test.txt, eval_log.csv, val_metrics.jsonl
    for p in ctx.records.metrics if ctx.records else []:
        name = re.sub(r"\{[^}]*\}", "", p.target.rsplit("/", 1)[-1])
        if _EVAL_FILE.match(name):
            out.append(
                Evidence(
                    p.evidence.path,
                    p.evidence.line,
                    f"evaluation results written to {p.target}",
                    p.evidence.cell,
                )
            )
    # An evaluation routine (evaluate_model_file(), validate()) says more than the metric helpers it
    # calls (bbox_iou(), ssim()), which losses call too: cite the helpers only when nothing else shows.
    routine = [e for e in out if not _HELPER_EVIDENCE.match(e.detail)]
    if routine:
        out = routine
    seen, unique = set(), []
    for e in out:
        if e.path not in seen:
            seen.add(e.path)
            unique.append(e)
    return unique[:6]


_HELD_OUT_SPLITS = frozenset({"val", "valid", "validation", "dev", "test", "eval", "heldout", "held_out"})
_LOSS_OR_SCORE = re.compile(r"loss|nll|perplexity|accuracy|acc\b|score|error", re.I)
_LOSS_CALL = re.compile(
    r"^(cross_entropy|nll_loss|mse_loss|l1_loss|binary_cross_entropy\w*|kl_div|sparse_categorical_crossentropy)$"
)
# Xdev, Y_val, y_test, x_valid: arrays of a held-out split by their names
_HELD_OUT_NAME = re.compile(
    r"(?:[XxYy]|data|inputs?|labels?|targets?|images?|features?|samples?)_?(dev|val|valid|test|Dev|Val|Valid|Test)(_?\d)?"
)


# Metrics by their conventional names (scikit-learn's), whoever defines them
_METRIC_FUNCTION = re.compile(
    r"(accuracy|f1|precision|recall|r2|roc_auc|average_precision|balanced_accuracy|matthews_corrcoef|"
    r"mean_(squared|absolute)(_log)?_error|root_mean_squared_error|log_loss|top_?k_accuracy)(_score)?"
)
_HELPER_EVIDENCE = re.compile(r"evaluation function (?!(eval|test|valid|score|benchmark))\w+\(\)$", re.I)


@rule(
    "ET302",
    "eval-metrics-not-logged",
    "3.1",
    "Evaluation metrics are computed and recorded",
    what="Finds evaluation metrics (scikit-learn metrics, torchmetrics, `evaluate.load`, BLEU/ROUGE, "
    "Keras metrics, a fastai Learner's `metrics=`, custom) and checks they are logged to a tracker or "
    "results file rather than printed.",
    why="Precision, recall, F1, AUC, BLEU or ROUGE printed in a notebook cell is not a result anyone "
    "can find, compare or cite later.",
    example="```python\nprint(classification_report(y_test, y_pred))\n```",
    fix="```python\nmlflow.log_metrics({'test_f1': f1_score(y_test, y_pred), 'test_auc': roc_auc_score(y_test, proba)})\n```",
)
def eval_metrics(ctx):
    r = eval_metrics.rule
    if not trains(ctx):
        return []
    # Metric objects, not their plumbing (Mean().update_state, .result, .numpy) or running averages
    computed = [
        (m, c)
        for m, c in facts(ctx).calls
        if EVAL_METRICS.match(c.name) and "()." not in c.name and _last(c.name) not in METRIC_AGGREGATORS
    ]
    computed += list(itertools.islice(((m, c) for m, c in facts(ctx).calls if _metric_passed(c)), 6))
    # D4RL's normalized score (the policy's return against random and expert ones): offline RL's
    # evaluation metric, called on the environment object
    computed += find(ctx, suffixes=("get_normalized_score",), pred=lambda c: bool(c.args))[:3]
    # A training object built with metrics (fastai `Learner(..., metrics=[accuracy, map5])`) computes
    # them on the validation set after every epoch and prints them in its table.
    by_learner = learner_metrics(ctx)
    computed += [(m, c) for m, c, _ in by_learner[:6]]
    named = {id(c): names for _, c, names in by_learner}
    own = own_evaluation(ctx)
    from ..detect.framework_clis import framework_facts

    # the framework computes the validation metrics an option file lists (BasicSR's val.metrics)
    own = own + framework_facts(ctx, "evaluation")[:1]
    recorded = bool(ctx.records and ctx.records.metrics)
    # A hand-written record keeps the results only when it holds metrics: a command line and checkpoints
    # written per run (swa's command.sh) record no evaluation.
    # (metrics written behind a switch, or results kept in a database, are metrics it holds)
    holds_metrics = recorded or any(
        p.role == "metrics" for p in (ctx.records.optional if ctx.records else ())
    )
    logged_trackers = [
        d
        for d in code_trackers(ctx) or ctx.present("tracking", include_examples=False)
        if d.tool != "custom_logging"
        or holds_metrics
        or any(re.search(r"result|metric|score|SQLite", e.detail, re.I) for e in d.evidence)
    ]
    if own and not computed:
        if logged_trackers or recorded:
            return [r.finding(PASS, "The project computes its own evaluation metrics and records them.", own)]
        kept = _metrics_in_checkpoints(ctx)
        if kept:
            where = kept[0]
            return [
                r.finding(
                    WARN,
                    f"The project computes its own evaluation metrics; {where.detail} in the checkpoint "
                    f"({where.where()}), but no file keeps the evaluations of every epoch.",
                    own + [where],
                    _metric_fix(ctx),
                )
            ]
        return [
            r.finding(
                WARN,
                "The project computes its own evaluation metrics, but they are only printed.",
                own,
                _metric_fix(ctx),
            )
        ]
    names = sorted({n for _, c in computed for n in named.get(id(c), [_metric_name(c)])})

    def detail(c) -> str:
        if id(c) in named:
            return f"{c.name.rsplit('.', 1)[-1]}(metrics=[{', '.join(named[id(c)][:4])}]): computed on the validation set every epoch"
        return c.name

    zen = zenml_metric_logs(ctx)
    if computed and zen and not logged_trackers:
        return [
            r.finding(
                PASS,
                f"Evaluation metrics ({', '.join(names[:6])}) computed and recorded with each ZenML run (log_metadata).",
                zen[:3] + evs(computed[:4]),
            )
        ]
    if computed and logged_trackers:
        return [
            r.finding(
                PASS,
                f"Evaluation metrics ({', '.join(names[:6])}) computed and a tracker records results.",
                evs(computed[:6], detail),
            )
        ]
    auto = find(ctx, suffixes=("autolog", "evaluate"), roots={"mlflow"})
    if auto:
        return [r.finding(PASS, "MLflow autolog/evaluate records evaluation metrics.", evs(auto[:3]))]
    if computed:
        kept = _kept_in_outputs(ctx, {m.path for m, _ in computed})
        return [
            r.finding(
                WARN,
                f"Evaluation metrics ({', '.join(names[:6])}) are computed but only printed — no tracker records them"
                + (f"; {kept}" if kept else "")
                + ".",
                evs(computed[:6], detail),
                _metric_fix(ctx),
            )
        ]
    # The project's own evaluation logged under an evaluation key (an RL agent's test episodes:
    # writer.add_scalar('avg_reward/test', avg_reward, i_episode)): evaluated, and recorded.
    keyed = _eval_keyed_logs(ctx)
    if keyed:
        keys = sorted({k for _, k in keyed})
        return [
            r.finding(
                PASS,
                f"Evaluation results are logged under evaluation keys ({', '.join(keys[:4])}).",
                [e for e, _ in keyed[:4]],
            )
        ]
    printed = printed_evaluations(ctx)
    # (printed, and a tracker or a file written by the same script keeps them too: eval.py dumping results.json)
    kept_there = {p.evidence.path for p in (ctx.records.metrics if ctx.records else [])} | {
        e.path for d in logged_trackers for e in d.evidence
    }
    if printed and any(e.path in kept_there for e in printed):
        return [
            r.finding(
                PASS,
                f"The project computes evaluation metrics by hand ({printed[0].where()}) and records them.",
                printed[:3],
            )
        ]
    if printed:
        e = printed[0]
        return [
            r.finding(
                WARN,
                f"The project computes evaluation metrics by hand and prints them ({e.where()}: `{e.detail}`); "
                "no file or tracker keeps them.",
                printed[:3],
                _metric_fix(ctx),
            )
        ]
    return [
        r.finding(
            WARN,
            "No evaluation metric computation found (sklearn.metrics, torchmetrics, evaluate, BLEU/ROUGE).",
            facts(ctx).training[:3],
        )
    ]


_ACCELERATE_LOG = re.compile(r"(^|\.)(accelerator|Accelerator\(\)|\w*accelerator\(\))\.log$", re.I)
_EVAL_KEY = re.compile(r"(^|[/_.\- ])(test|eval|evaluation|val|valid|validation)([/_.\- ]|$)", re.I)


def _eval_keyed_logs(ctx) -> list[tuple[Evidence, str]]:
    """Metric logs whose key names an evaluation ('avg_reward/test', {'eval/return': r}). ET302 and
    ET310 both ask: found once per run records."""
    cached = getattr(ctx, "_et_eval_keyed", None)
    if cached is None or cached[0] is not ctx.records:
        cached = ctx._et_eval_keyed = (ctx.records, _find_eval_keyed_logs(ctx))
    return list(cached[1])


def _find_eval_keyed_logs(ctx) -> list[tuple[Evidence, str]]:
    out = []
    # in reinforcement learning the episode return is what a policy is evaluated by
    # (tf.summary.scalar('return', ...), metrics['average_return'] = mean of the test episodes' rewards)
    from ..domain import data_domain

    rl = bool(data_domain(ctx).simulators)
    for m, c in find(ctx, suffixes=(*STEP_METRIC_SUFFIX, "log", "record", "write_scalars", "summary.scalar")):
        keys = _logged_keys(c)
        if len(c.args) > 1 and isinstance(c.args[1], dict):
            # write_scalars(step, {...})
            keys += [k for k in c.args[1] if isinstance(k, str) and _METRIC_KEY.fullmatch(k)]
        for k in keys:
            if (_EVAL_KEY.search(k) or (rl and _RETURN_KEY.search(k))) and not TIMING_KEY.search(k):
                out.append((ev(m, c, f"{_last(c.name)}('{k}')"), k))
                break
    # metrics['eval_loss'] = ... then logger.log(metrics)
    seen = {e.path for e, _ in out}
    for m, a, _name, key in _logged_entries(ctx):
        if m.path not in seen and (_EVAL_KEY.search(key) or (rl and _RETURN_KEY.search(key))):
            seen.add(m.path)
            out.append((Evidence(m.path, a.line, f"logs '{key}'", a.cell), key))
    # metrics['test_rewards'].append(returns) into the dict a metrics file keeps (torch.save(metrics, ...))
    for m, line, cell, key in _saved_dict_entries(ctx):
        if TIMING_KEY.search(key) or not _VALUE_KEY.search(key):
            continue  # 'test_time' measures the evaluation; 'test_episodes' counts it
        if m.path not in seen and (_EVAL_KEY.search(key) or (rl and _RETURN_KEY.search(key))):
            seen.add(m.path)
            out.append((Evidence(m.path, line, f"keeps '{key}' in its metrics file", cell), key))
    # np.savez(path, test_bpd=np.array(test_bpd)): the arrays a metrics file is written with, by name
    for part in ctx.records.metrics if ctx.records else ():
        e = part.evidence
        for key in re.findall(r"['\"](\w+)['\"]\s*:", e.detail)[:8]:
            if (
                e.path not in seen
                and _EVAL_KEY.search(key)
                and _VALUE_KEY.search(key)
                and not TIMING_KEY.search(key)
            ):
                seen.add(e.path)
                out.append((Evidence(e.path, e.line, f"keeps '{key}' in {part.target}", e.cell), key))
    return out


_VALUE_KEY = re.compile(r"reward|return|score|acc|loss|error|metric|success|bpd|nll|ppl|elbo|perplex", re.I)
_ENTRY = re.compile(r"(\w+)\[['\"]?([\w/]+)['\"]?\](\.append)?")


def _saved_dict_entries(ctx) -> list[tuple[object, int, object, str]]:
    """(module, line, cell, key) of the entries put into a dict that the module saves as a metrics file
    (`metrics['test_rewards'].append(r)` ... `torch.save(metrics, 'metrics.pth')`)."""
    by_path = {m.path: m for m in facts(ctx).modules}
    parts: dict[str, list] = {}
    for p in ctx.records.metrics if ctx.records else []:
        if p.evidence.path in by_path:
            parts.setdefault(p.evidence.path, []).append(p.evidence)
    out = []
    for path, saves in parts.items():  # one pass over a module's calls and assignments, whatever it saves
        m = by_path[path]
        at = {(e.line, e.cell): e for e in saves}
        saved: dict[str, list] = {}  # the dict's name -> where it is saved
        for c in m.calls:
            e = at.get((c.line, c.cell))
            for a in c.args[:1] if e is not None else ():
                if isinstance(a, Dyn):
                    saved.setdefault(a.text, []).append(e)
        if not saved:
            continue

        def filled_before_save(name, line, cell, m=m, saved=saved) -> bool:
            # the entries the saving function (or the script's top level) fills before it saves the dict
            return any(
                cell == e.cell
                and line < e.line
                and m.innermost_function(line, cell) == m.innermost_function(e.line, e.cell)
                for e in saved[name]
            )

        for c in m.calls:
            d = _ENTRY.fullmatch(c.name)
            if d and d.group(3) and d.group(1) in saved and filled_before_save(d.group(1), c.line, c.cell):
                out.append((m, c.line, c.cell, d.group(2)))
        for a in m.assigns:
            d = _ENTRY.fullmatch(a.target)
            if (
                d
                and not d.group(3)
                and d.group(1) in saved
                and filled_before_save(d.group(1), a.line, a.cell)
            ):
                out.append((m, a.line, a.cell, d.group(2)))
    return out


# An episode's return (the sum of its rewards) is what a policy is evaluated by; a reward logged per
# training step or episode ('reward/avg', 'train_return') is the training signal.
_RETURN_KEY = re.compile(r"^(?!.*train)(.*(^|_|/)(returns?|normali[sz]ed_\w*|score)($|_|/).*)$", re.I)


def _metric_name(c) -> str:
    """The metric a call computes: its own name, or the metric it is handed."""
    for v in [*c.args, *(v for _, v in c.kwargs)]:
        if isinstance(v, Dyn) and EVAL_METRICS.match(v.text):
            return _last(v.text)
    if isinstance(c.kw("scoring"), str) and c.kw("scoring"):
        return c.kw("scoring")
    return _last(c.name)


def _metric_passed(c) -> bool:
    """A metric handed to the code that computes it: `train_cv(model, X, y, roc_auc_score)`,
    `cross_val_score(..., scoring="roc_auc")`, `GridSearchCV(..., scoring="f1")`; or a framework's
    evaluation pass (`trainer.evaluate()`, Keras `model.evaluate(...)`, Lightning `trainer.test(...)`)."""
    if c.args and any(isinstance(a, Dyn) and EVAL_METRICS.match(a.text) for a in c.args):
        return True
    if c.kwargs and any(isinstance(v, Dyn) and EVAL_METRICS.match(v.text) for _, v in c.kwargs):
        return True
    if c.kwargs and isinstance(c.kw("scoring"), str) and c.kw("scoring"):
        return True
    last = _last(c.name)
    owner = c.name.rsplit(".", 1)[0].rsplit(".", 1)[-1].lower() if "." in c.name else ""
    return (last == "evaluate" and ("trainer" in owner or "model" in owner)) or (
        last in ("validate", "test") and "trainer" in owner
    )


SYSTEM_METRICS = (
    "mlflow.enable_system_metrics_logging",
    "lightning.pytorch.callbacks.DeviceStatsMonitor",
    "pytorch_lightning.callbacks.DeviceStatsMonitor",
    "lightning.pytorch.callbacks.Timer",
    "psutil.",
    "pynvml.",
    "GPUtil.",
    "torch.cuda.max_memory_allocated",
    "torch.cuda.memory_allocated",
    # clu: ReportProgress(writer=...) writes steps_per_sec and uptime with the run's metrics
    "clu.periodic_actions.ReportProgress",
    # tensorpack's trackers, monitored into the run's events and stats.json
    "tensorpack.GPUMemoryTracker",
    "tensorpack.GPUUtilizationTracker",
    "tensorpack.ThroughputTracker",
    "tensorpack.HostMemoryTracker",
)
# A timer counts only in a module that also logs metrics: otherwise it names runs or prints.
TIMING = ("time.perf_counter", "time.time", "time.monotonic")
METRIC_LOG_LAST = frozenset(
    {
        "log_metric",
        "log_metrics",
        "log",
        "add_scalar",
        "log_scalar",
        "log_dict",
        "report",
        "report0",  # training_stats.report0('Timing/sec_per_kimg', ...): report() on the first process only
        "scalar",
        "add_scalars",
        # tflib.autosummary('Timing/sec_per_tick', t) (NVlabs' TF1 code: ProGAN, StyleGAN), and
        # tensorboard_logger's log_value('time/epoch', t): a scalar into the run's TensorBoard log
        "autosummary",
        "log_value",
    }
)
# Metric names that are throughput or time, whatever computed them (a project Timer, time.time elsewhere).
TIMING_KEY = re.compile(
    # a loss or error of a predicted time (Loss/duration_loss of a TTS duration predictor) is the model's
    r"^(?!.*(loss|error))(?:.*?)"
    # a rate needs its "per second" ("steps_per_sec", "it/s", "samples_sec"): "episode_steps" is a count
    r"(^|_|\b)(fps|throughput|(steps?|examples?|samples?|tokens?|images?|frames?|iters?|it)"
    r"([_ /]?per[_ ]?(sec|second|s)|[_ /](sec|second|s)|_?ps|sec|second)|"
    r"sec(onds?)?[_ ]?per[_ ]?\w+|(total|epoch|step|iter|batch|train|wall|eval)[_ ]?time|elapsed|duration|"
    r"time[_ ](per[_ ])?(batch|step|epoch|iter)|"
    # any rate per second (rays_per_sec, pixels_per_second) and a named phase's time (render_time)
    r"[a-z]+[_ ]per[_ ]sec(ond)?|(render|inference|infer|forward|backward|data|load)_time|"
    r"^time(?=/)|(^|/)timing/\w*sec)($|_|\b|/)",
    re.I,
)


# The collection a loop gathers a step's metrics in before writing them (metrics, stats, logs, scalars).
_METRIC_LIST = re.compile(r"(^|[._])(metrics|stats|logs?|scalars|summary|summaries|log_dict|results)$", re.I)
_URL = re.compile(r"[a-z][a-z0-9+.-]*://", re.I)
_TIMED = re.compile(r"(time|elapsed|duration|speed|fps|sec\b|per_s|throughput)", re.I)


def _monitor_subclasses(ctx) -> tuple[str, ...]:
    """The project's own classes built on a Gym/Stable-Baselines Monitor (class MultiMonitor(Monitor))."""
    return tuple(
        sorted(
            {
                cls
                for m in facts(ctx).modules
                for cls, base, *_ in m.bases
                if _last(base) == "Monitor"
                and _root(base) in ("gym", "gymnasium", "stable_baselines", "stable_baselines3", "baselines")
            }
        )
    )


def _logged_entries(ctx) -> list[tuple[object, object, str, str]]:
    """(module, assignment, dict, key) of `metrics['epoch_time'] = timer()` in a module that hands
    `metrics` to a metric call (`logger.log(metrics)`): entries that are logged metrics."""
    cached = getattr(ctx, "_et_logged_entries", None)
    if cached is not None:
        return cached
    out = []
    for m in facts(ctx).modules:
        logged = {
            a.text
            for c in m.calls
            if _last(c.name) in METRIC_LOG_LAST
            for a in c.args[:1]
            if isinstance(a, Dyn)
        }
        if not logged:
            continue
        for a in m.assigns:
            d = re.fullmatch(r"(\w+)\[['\"]?([\w/]+)['\"]?\]", a.target)
            if d and d.group(1) in logged:
                out.append((m, a, d.group(1), d.group(2)))
    ctx._et_logged_entries = out
    return out


def _timing_in_results(ctx, timers) -> list[Evidence]:
    """Timing values put into a dict entry (`ret['time'] = elapsed`) in a module that measures time: a
    results dict handed back to the training loop, logged or not by code that iterates it."""
    modules = {m.path: m for m, _ in timers}
    return [
        Evidence(m.path, a.line, f"{a.target.split('[', 1)[0]}['{key}']", a.cell)
        for m in modules.values()
        for a in m.assigns
        if (d := re.fullmatch(r"(\w+)\[['\"]?([\w/]+)['\"]?\]", a.target))
        and ((key := d.group(2)) == "time" or TIMING_KEY.search(key))
    ][:3]


def _timing_entries_logged(ctx) -> list[Evidence]:
    out, seen = [], set()
    for m, a, name, key in _logged_entries(ctx):
        if m.path not in seen and TIMING_KEY.search(key):
            seen.add(m.path)
            out.append(Evidence(m.path, a.line, f"{key} logged with {name}", a.cell))
    return out


def _stats_dicts_logged(ctx) -> list[Evidence]:
    """`stats = {"epoch": ..., "dt": self.iter_timer.seconds(), "mem": int(np.ceil(mem_usage))}` handed to a
    log call (`logging.log_json_stats(stats)`, `logger.info(dump_log_data(stats))`) in a project that
    sends its log to a file: the step time and memory are fields of every logged line."""
    from ..records import logs_to_file

    if not logs_to_file(ctx):
        return []
    out = []
    for m in facts(ctx).modules:
        for name, keys, line, cell in m.named_dicts:
            strong = [k for k in keys if TIMING_KEY.search(k) or _SYSTEM_KEY.search(k)]
            timed = strong + [k for k in keys if _STATS_KEY.fullmatch(k) and k not in strong]
            # one short key alone (a booster's eta, a physics dt) is a setting: a meter line has two or more
            if not strong and len(timed) < 2:
                continue
            handed = any(
                "log" in c.name.lower() and any(getattr(a, "text", None) == name for a in c.args)
                for c in m.calls
            )
            if handed:
                out.append(Evidence(m.path, line, f"{name}: {', '.join(timed[:3])} logged", cell))
                break
    return out


# The short keys of a training meter's stats line: step and data time, ETA, GPU and host memory
_STATS_KEY = re.compile(
    r"dt(_\w+)?|time_(diff|avg|data|net|iter|step)|eta|mem|gpu_mem\w*|ram|max_mem\w*", re.I
)


def _timing_metric(c) -> bool:
    """`log('fps', ...)`, `summary_writer.scalar('examples_per_second', ...)`, `log_metrics({'epoch_time': t})`,
    a TF1 summary value built by hand (`summary.value.add(tag='time/total', simple_value=t)`)."""
    if _last(c.name) == "add" and isinstance(c.kw("tag"), str) and c.has_kw("simple_value"):
        return bool(TIMING_KEY.search(c.kw("tag")))
    if _last(c.name) in ("log_speed", "log_start_time", "log_stop_time") and c.args:
        return True  # a metrics module's own timers and rates (fairseq's wall, train_wall, ups)
    if _last(c.name) not in METRIC_LOG_LAST or not c.args:
        return False
    return any(
        (TIMING_KEY.search(k) or _SYSTEM_KEY.search(k)) and (" " not in k or _TIME_UNIT.search(k))
        for k in _logged_keys(c)
    )


# A tag of several words names a time by its unit ("seconds per epoch", "batch logs per second"); "Episode
# duration" in an RL loop counts the steps an episode survived
_TIME_UNIT = re.compile(r"\b(sec|secs|second|seconds|ms|time|fps|it/s|hours?|minutes?)\b", re.I)


# Rates and readings by their usual short names: words/updates/tokens per second, free or used GPU memory.
_SYSTEM_KEY = re.compile(
    r"(^|[_/])(wps|ups|tps|sps|gb_free|gpu_mem\w*|mem(ory)?_(gb|mb|used|allocated|reserved))$", re.I
)


def _logged_keys(c) -> list[str]:
    """The metric keys a log call names: its first argument, or the keys of the dict it is handed; a
    metric's key ("epoch_time", "perf/fps"), not a message ("creating samples...")."""
    first = c.args[0] if c.args else None
    keys = list(first) if isinstance(first, dict) else [first]
    # a scalar's tag may be a few words (`add_scalar('seconds per epoch', t, epoch)`): a tag all the same
    pattern = _SCALAR_TAG if _last(c.name) in _SCALAR_WRITERS else _METRIC_KEY
    return [k for k in keys if isinstance(k, str) and pattern.fullmatch(k)]


_SCALAR_WRITERS = frozenset({"add_scalar", "add_scalars", "scalar", "log_metric"})
_SCALAR_TAG = re.compile(r"[\w./:-]+( [\w./:()-]+){0,5}")


_METRIC_KEY = re.compile(r"[\w./:-]+")


def _reading_recorded(m, c) -> bool:
    """The value of a reading (torch.cuda.max_memory_allocated()) is an argument of a metric or log call."""
    return value_recorded(
        m,
        c,
        lambda x: _last(x.name) in METRIC_LOG_LAST or _last(x.name).startswith(("log", "update", "write")),
        bare=True,
    )


@rule(
    "ET303",
    "no-system-metrics",
    "3.1",
    "System metrics (GPU, memory, throughput, time) are captured",
    what="Looks for GPU utilisation, memory, throughput and wall-clock time: W&B/Neptune/Comet "
    "system monitoring, MLflow system metrics, Lightning `DeviceStatsMonitor`, psutil/pynvml, "
    "`torch.cuda.max_memory_allocated`, timing around training.",
    why="Cost and feasibility are results too: without time and memory numbers nobody can plan a "
    "re-run or spot a throughput regression.",
    example="```python\ntrainer.fit(model)   # took 3 h on 2 GPUs? nobody knows\n```",
    fix="```python\nmlflow.enable_system_metrics_logging()   # or mlflow.start_run(log_system_metrics=True)\n```\n"
    "Lightning: `Trainer(callbacks=[DeviceStatsMonitor()])`; W&B and Neptune record system metrics by default.",
)
def system_metrics(ctx):
    r = system_metrics.rule
    if not trains(ctx):
        return []
    found = []
    # wandb.Settings(_disable_stats=True) turns W&B's system monitor off
    stats_off = find(
        ctx,
        exact=("wandb.Settings",),
        pred=lambda c: c.kw("_disable_stats") is True or c.kw("x_disable_stats") is True,
    )
    for d in code_trackers(ctx):
        if d.tool == "wandb" and stats_off:
            continue
        if d.tool in ("wandb", "neptune", "comet", "clearml") and d.evidence:
            found.append(
                Evidence(
                    d.evidence[0].path,
                    d.evidence[0].line,
                    f"{d.label} records system metrics by default",
                    d.evidence[0].cell,
                )
            )
    # A memory or device reading counts when it reaches a record; printed with the epoch line
    # (print(..., max_mem=torch.cuda.max_memory_allocated())) it is not captured.
    found += evs(
        [
            (m, c)
            for m, c in find(ctx, prefixes=SYSTEM_METRICS)
            if not c.name.startswith(("torch.cuda.", "psutil.", "pynvml.", "GPUtil."))
            or _reading_recorded(m, c)
        ][:4]
    )
    # stats = dict(epoch=epoch, loss=loss.item(), time=time.time() - start) in a module that writes
    # its own metrics stream: the duration is a field of the record
    streams = {p.evidence.path for p in (ctx.records.metrics if ctx.records else ()) if not p.framework}
    timed_modules = {m.path: m for m, _ in find(ctx, exact=TIMING)}
    # The metric call the duration reaches is the evidence (log(step_time=...)); one only printed is not
    # captured.
    found += evs(
        [
            (m, x)
            for m in timed_modules.values()
            for x in m.calls
            if (
                _last(x.name) in METRIC_LOG_LAST
                or (x.name == "dict" and m.path in streams)
                # metrics.append(('fps', steps / duration)) into the list the stream writes
                or (
                    _last(x.name) in ("append", "update")
                    and m.path in streams
                    and _METRIC_LIST.search(x.name.rsplit(".", 1)[0])
                )
            )
            and _TIMED.search(
                " ".join(map(str, [*x.args, *(v for _, v in x.kwargs), *(k for k, _ in x.kwargs)]))
            )
        ][:2],
        "timing logged with metrics",
    )
    found += evs([(m, c) for m, c in facts(ctx).calls if _timing_metric(c)][:2], "timing logged as a metric")
    from ..detect.framework_clis import framework_facts

    found += framework_facts(ctx, "timing")[:1]  # BasicSR's MessageLogger: iteration and data time
    # detectron2's trainer (DefaultTrainer, a subclass keeping its hooks): its IterationTimer and default
    # writers record each iteration's time and data time in metrics.json and the events
    from ..detect.engine import detectron2_trainers

    found += [
        Evidence(
            m.path,
            line,
            f"class {cls}(DefaultTrainer): detectron2 records iteration time and data time",
            cell,
        )
        for m in facts(ctx).modules
        for cls, line, cell in detectron2_trainers(m)
    ][:1]
    found += _timing_entries_logged(ctx)[:2]
    found += _stats_dicts_logged(ctx)[:1]
    # A Monitor wrapper with a file writes each episode's reward, length and wall-clock time (t).
    monitors = ("Monitor", *_monitor_subclasses(ctx))
    found += evs(
        find(
            ctx,
            suffixes=monitors,
            pred=lambda c: len(c.args) > 1 or c.has_kw("filename") or c.has_kw("directory"),
        )[:1],
        "Monitor logs record each episode's wall-clock time",
    )
    # Stable-Baselines3 writes time/fps and time/time_elapsed into its TensorBoard log on its own.
    found += evs(
        find(
            ctx, prefixes=("stable_baselines3.", "sb3_contrib."), pred=lambda c: c.has_kw("tensorboard_log")
        )[:1],
        "SB3 logs fps and time_elapsed",
    )
    found += evs(
        find(ctx, prefixes=("mlflow.start_run",), pred=lambda c: c.kw("log_system_metrics") is True),
        "log_system_metrics=True",
    )
    zen = zenml_runs(ctx)
    if zen is not None:
        found.append(zen.pipelines[0].evidence("ZenML records the start and end time of every step run"))
    # The Hugging Face Trainer logs train_runtime and samples/steps per second when training ends (to
    # its log history and the loggers it reports to).
    from .facts import hf_trainers

    found += evs(hf_trainers(ctx)[:1], "the Hugging Face Trainer logs train_runtime and samples per second")
    # detectron2: the IterationTimer hook times every iteration (time, data_time, ETA) and its writers put the
    # times and the peak GPU memory in metrics.json and the log (DefaultTrainer registers both)
    # (an IterationTimer whose module registers no writer keeps its times in memory)
    found += evs(
        [
            (m, c)
            for m, c in find(
                ctx,
                suffixes=("engine.hooks.IterationTimer", "detectron2.engine.DefaultTrainer"),
                pred=lambda c: c.name.startswith("detectron2."),
            )
            if c.name.endswith("DefaultTrainer")
            or any(x.name.endswith(("PeriodicWriter", "default_writers", "JSONWriter")) for x in m.calls)
        ][:1],
        "detectron2's IterationTimer records iteration and data time, and its writers the peak GPU memory",
    )
    # A training TF Estimator writes global_step/sec (TPUEstimator also examples/sec) into its event files.
    from ..records import ESTIMATOR_WRITES, MONITORED_WRITES, estimator_parts

    found += [
        Evidence(
            p.evidence.path, p.evidence.line, f"{who} logs global_step/sec (throughput)", p.evidence.cell
        )
        for who, key in (
            ("the Estimator", ESTIMATOR_WRITES),
            ("the MonitoredTrainingSession", MONITORED_WRITES),
        )
        for p in estimator_parts(ctx.records, who=key)[:1]
    ]
    from ..fixes import training_paths

    main = training_paths(ctx)
    # time.time() read to seed (worker_init_fn=lambda x: np.random.seed(x + int(time.time()))): a seed
    # drawn from the clock, not a duration measured
    seeding_lines = {
        (m.path, c.cell, c.line)
        for m, c in find(ctx, suffixes=("seed", "manual_seed", "set_seed", "RandomState"))
    }
    timers = [
        (m, c)
        for m, c in find(ctx, exact=TIMING)
        if m.path in main and (m.path, c.cell, c.line) not in seeding_lines
    ]
    # the project's own timer's readings count where they fill a table's timing column (below), not as clock
    # reads near any logger call
    helper_timers = [(m, c) for m, c in _timing_helper_calls(ctx) if m.path in main]
    # Time measured where the model trains: a helper's own clock on the path (an NMS time limit, an
    # environment's render delay) times something else.
    loops = {e.path for e in facts(ctx).training}
    if timers:
        # ... or the trainer module the entry point drives (tools/train.py -> yolox/core/trainer.py); only
        # the modules holding a timer decide the filter below
        from ..detect.engine import TRAIN_CALL

        timed = {m.path: m for m, _ in timers}
        loops |= {p for p, m in timed.items() if any(TRAIN_CALL.search(c.name) for c in m.calls)}
    timers = [t for t in timers if t[0].path in loops] or [t for t in timers if not loops]
    # The timings go to the run's log file: a logging.FileHandler the project sets up, and the module
    # that measures time logging through `logger.info(...)` (steps/sec, epoch time into log.txt).
    log_files = [
        p
        for p in (ctx.records.metrics if ctx.records else [])
        if p.evidence.detail.endswith(("FileHandler", "loguru.logger.add"))
    ]
    hydra_log = [] if log_files else _hydra_log_file(ctx)
    log_files = log_files or hydra_log

    def logs_timing(m, x) -> bool:
        # the logger call's own line carries the duration when the file is Hydra's (a print shows it elsewhere)
        if not hydra_log:
            return True
        return x.cell == 0 and bool(_TIMED.search(_statement_at(source_lines(ctx, m.path) or [], x.line)))

    # the modules whose logger calls carry a timing, each asked once however many timers it holds
    logging_modules = (
        {
            m.path
            for m in {id(m): m for m, _ in timers}.values()
            if any(
                _last(x.name) in ("info", "log", "warning") and "log" in x.name.lower() and logs_timing(m, x)
                for x in m.calls
            )
        }
        if log_files
        else set()
    )
    logged = [(m, c) for m, c in timers if m.path in logging_modules]
    kept = evs(logged[:1], "measures time") + [log_files[0].evidence] if logged else []
    if not kept:
        # `f.write('%03d,%05d,...' % (epoch + 1, time.time() - begin_epoch, ...))` into the run's CSV
        written = _timings_in_records(ctx, timers)
        if written:
            part, (m, c) = written
            kept = evs([(m, c)], "measures time") + [part.evidence]
            log_files = [part]
        else:
            column = _timing_column(ctx, timers + helper_timers)
            if column:
                part, name = column
                kept = [
                    Evidence(part.evidence.path, part.evidence.line, f"a {name!r} column", part.evidence.cell)
                ]
                log_files = [part]
    if found and kept:
        # timings in the run's own log file on every run, beside whatever a switched tracker adds
        found = kept + found
    if found:
        question = when_enabled_question(ctx, found, "System metrics or timings are captured")
        if question:
            return [
                r.finding(
                    REVIEW, "System metrics are captured only when a switch is on.", found, question=question
                )
            ]
        return [r.finding(PASS, "System metrics or timings are captured.", found)]
    # `start_run(log_system_metrics=run_config.log_system_metrics)`: on or off by a setting the code
    # passes through; which value the runs use is in their configuration, not here.
    passed = find(
        ctx,
        prefixes=("mlflow.start_run",),
        pred=lambda c: isinstance(c.kw("log_system_metrics"), Dyn),
    )
    if passed:
        m, c = passed[0]
        setting = c.kw("log_system_metrics").text
        return [
            r.finding(
                REVIEW,
                "MLflow logs system metrics only when the setting passed to start_run is on.",
                evs(passed[:2], f"log_system_metrics={setting}"),
                question=f"`{m.path}:{c.line}` passes `log_system_metrics={setting}` to mlflow.start_run: is it "
                "true for the training runs (its default, and the value in the run configuration)?",
            )
        ]
    if kept:
        return [
            r.finding(
                PASS,
                f"Timings are measured in the training code and written to the run's record "
                f"({log_files[0].target}).",
                kept,
            )
        ]
    fabric = find(ctx, exact=("lightning.Fabric", "lightning.fabric.Fabric", "lightning_fabric.Fabric"))
    fix = (
        "Lightning Fabric: give it a logger and log the timings and memory you already measure:\n```python\n"
        "fabric = L.Fabric(..., loggers=CSVLogger(out_dir))\n"
        "fabric.log_dict({'iter_time': dt, 'max_memory_gb': torch.cuda.max_memory_allocated() / 1e9}, step=iter_num)\n```"
        if fabric
        else ""
    )
    if not fix and not stack_label(ctx):
        # No tracker to turn system metrics on in: time each epoch into the run's own record.
        from ..records import hand_fix

        fix = hand_fix(ctx, "timing")
    stored = _timing_in_results(ctx, timers)
    if stored:
        # ret['time'] = elapsed in the epoch's results dict, which the caller may log item by item
        # (`for k, v in log_dict_train.items(): logger.write(...)`): where that dict goes is not read here
        e = stored[0]
        return [
            r.finding(
                REVIEW,
                f"Timings are measured and stored in a results dict ({e.where()}: {e.detail}); whether that dict "
                "is written to the run's log or tracker is not determined statically; no GPU or memory metric "
                "is captured.",
                stored[:2] + facts(ctx).training[:1],
                fix,
                question=f"Is the dict holding {e.detail} ({e.where()}) written to the run's log or tracker "
                "(e.g. a loop over its items that logs each), so every run records its timings?",
            )
        ]
    if timers:
        # The training loop measures time (and prints it): measured, not captured.
        return [
            r.finding(
                WARN,
                "Timings are measured in the training code but not recorded with the run (printed or "
                "discarded); no GPU or memory metric is captured.",
                evs(timers[:2], "measures time") + facts(ctx).training[:1],
                fix,
            )
        ]
    return [
        r.finding(
            WARN, "No GPU/memory/throughput or timing metrics are captured.", facts(ctx).training[:2], fix
        )
    ]


def _off_by_default(ctx, e) -> bool:
    """The line runs behind a switch the shipped defaults leave off: a flag defaulting to false
    (`if FLAGS.checkpoint_model:`) or an option defaulting to None (`if FLAGS.save_dir is not None:`)."""
    from .facts import switch_defaults, switch_of
    from .optin import named_option_defaults

    cond = switch_of(ctx, e).strip()
    if not cond:
        return False
    state, _ = switch_defaults(ctx, cond)
    if state:
        return state == "off"
    m = re.fullmatch(r"(?:[\w.]*\.)?(\w+) is not None", cond)
    if m is None:
        return False
    d = named_option_defaults(ctx, m.group(1), True)
    return bool(d.absent) and not (d.given or d.passed)


def _in_best_block(m, line: int, cell: int) -> bool:
    """Inside `if acc > best_acc:` (or a test of a best flag): kept because the metric improved."""
    return any(c == cell and a <= line <= b for a, b, c, _ in m.best_blocks)


# `epoch == args.epochs - 1`, `epoch % 10 == 0`, `step == last_step`: a save on the run's progress, not on
# an improved score (`acc > best_acc`, `val_loss < min_loss`, `best is None`)
_LAST_EPOCH_TEST = re.compile(r"^(?!.*[<>]).*\b(epoch|step|iter\w*|last|final)\b", re.I)


def _best_block_at(ctx, places: list) -> Evidence | None:
    """The first of ``places`` inside `if score > best_score:` (its module's best blocks), as evidence of the
    test."""
    from ..index.python_facts import in_spans

    for e in places:
        m = ctx.index.modules.get(e.path)
        block = m is not None and next((b for b in m.best_blocks if in_spans([b[:3]], e.line, e.cell)), None)
        if block:
            return Evidence(e.path, block[0], f"saves when `{block[3]}`", e.cell)
    return None


# save_checkpoint(state, is_best, filename=...): a flag handed to the project's writer, which may ignore it;
# whether the writer keeps a best copy is read from the writer itself (its best block, a best file name)
_BEST_FLAG = re.compile(r"\b(is_?best|new_best|best_flag)\b", re.I)


def _names_best(detail: str) -> bool:
    """The write's payload is the best model (`torch.save(best_model_wts, ...)`), not a flag handed along."""
    return "best" in _BEST_FLAG.sub("", detail).lower()


# A quoted path or name that says "best": 'weights_best', "model_best.pth" (no words of a message)
_BEST_LITERAL = re.compile(r"['\"][^'\"\s]*best[^'\"\s]*['\"]", re.I)  # a path, not a message
# The name of the checkpoint that scored best, kept beside the others: best_cp_name, best_ckpt_path
_BEST_CHECKPOINT_NAME = re.compile(r"(^|\.)best_?(cp|ckpt|checkpoint|model)_?(name|path|file)\w*$", re.I)
_BEST_PICKER = re.compile(
    # get_best_step_for_metric(model_dir, metric): the step whose evaluation scored best
    r"^_?((get|find|select|pick|choose)_)?best_(checkpoint|ckpt|model|step|epoch)(_id|_path|_step)?"
    r"(_(for|by)_\w+)?$",
    re.I,
)


def _best_file_named_in_block(ctx, rec_ckpts) -> list[Evidence]:
    """`if is_best: filename = 'model_best.pth.tar' else: filename = 'checkpoint.pth.tar'`, then
    `torch.save(state, join(args.exp, filename))`: the block names the file the save below it writes, so the
    best model is kept apart from the latest."""
    out = []
    for p in rec_ckpts:
        m = ctx.index.modules.get(p.evidence.path)
        if m is None or not m.best_blocks or p.evidence.cell:
            continue
        lines = source_lines(ctx, m.path) or []
        save = _statement_at(lines, p.evidence.line)
        for start, end, cell, flag in m.best_blocks:
            if cell == 0 and 0 < p.evidence.line - end <= 8:
                # the name bound to a best-named file is the one the save's path is built from
                # (json.dumps({"best_acc": best_acc}) in the block names a logged value, no file)
                named = [
                    n
                    for n in range(start, end + 1)
                    if (bound := _BEST_FILE_BOUND.match(line_at(lines, n)))
                    and re.search(rf"\b{re.escape(bound.group(1))}\b", save)
                ]
                if named:
                    detail = f"the best checkpoint named when `{flag}` holds, saved below"
                    out.append(Evidence(m.path, named[0], detail))
    return out


# filename = 'model_best.pth.tar': a name bound to a file named for the best
_BEST_FILE_BOUND = re.compile(r"^\s*(\w+)\s*=\s*[rfb]?['\"][^'\"\s]*best[^'\"\s]*\.\w+['\"]\s*(#.*)?$", re.I)


def _best_picker(ctx) -> list[Evidence]:
    """A project function that picks the best checkpoint (by its name) and is called outside tests."""
    from ..detect.engine import scope_of

    defined = {
        name: (m.path, line, cell)
        for m in facts(ctx).modules
        if scope_of(m.path) != "test"
        for name, line, cell, _end in m.functions
        if _BEST_PICKER.search(name)
    }
    for m, c in find(ctx, suffixes=tuple(sorted(defined)))[:1] if defined else ():
        if scope_of(m.path) == "test":
            continue
        name = _last(c.name)
        path, line, cell = defined[name]
        return [
            Evidence(path, line, f"picks the best checkpoint ({name}, called at {m.path}:{c.line})", cell)
        ]
    return []


# A variable holding the best weights seen so far, and the calls that fill it
# the calls that take a copy of the weights: deepcopy, state_dict(), clone, get_weights
_STATE_COPY = re.compile(r"(deepcopy|state_dict|clone|get_weights)$")
_BEST_STATE = re.compile(r"(^|\.)best_(model|state|weights|wts|ckpt)\w*$", re.I)
_BEST_STATE_CALL = re.compile(r"(^|\.)best_(model|state|weights|wts)\w*\.(update|copy_)$", re.I)


@rule(
    "ET310",
    "no-checkpoints",
    "3.2",
    "Models and checkpoints are saved, with best-model selection",
    what="Finds model persistence (`torch.save`, `save_pretrained`, `joblib.dump`, Keras `model.save`, "
    "fastai `learn.save`/`learn.export`, `mlflow.<flavor>.log_model`, `ModelCheckpoint`) and best-model "
    "selection (`monitor=`, `save_best_only`, `save_top_k`, `load_best_model_at_end`, fastai "
    "`SaveModelCallback`); a ZenML step that returns the trained model has it stored as an artifact of every run.",
    why="A metric without the model that produced it cannot be verified, deployed or fine-tuned; "
    "keeping only the last epoch loses the best one.",
    example="```python\ntrainer.fit(model)\n# the trained weights live only in memory\n```",
    fix="```python\ncheckpoint = ModelCheckpoint(monitor='val_loss', mode='min', save_top_k=1)\ntrainer = Trainer(callbacks=[checkpoint])\n```\n"
    "or `mlflow.sklearn.log_model(model, 'model')` / `torch.save(model.state_dict(), 'checkpoints/best.pt')`.",
)
def checkpoints(ctx):
    r = checkpoints.rule
    if not trains(ctx):
        return []
    saves = model_saves(ctx)
    runs = ctx.catalog.runs if ctx.catalog is not None else []
    stored = [r for r in runs if r.model_artifact and not r.deleted]
    zen = zenml_model_steps(ctx)
    if not saves and zen:
        return [
            r.finding(
                PASS,
                f"ZenML stores the model step `{zen[0].name}` returns as a versioned artifact of every run.",
                [s.evidence(f"step {s.name} returns the trained model") for s in zen[:3]],
            )
        ]
    from .facts import metaflow_model_artifacts

    kept = [] if saves else metaflow_model_artifacts(ctx)
    if kept:
        return [
            r.finding(
                PASS,
                f"Metaflow stores `{kept[0].detail.split(' ', 1)[0]}` as a versioned artifact of every run "
                f"({kept[0].where()}).",
                kept[:3],
            )
        ]
    if not saves and stored:
        return [
            r.finding(
                PASS,
                f"{len(stored)} stored run(s) hold a model artifact.",
                [Evidence(x.path, 0, "model artifact") for x in stored[:3]],
            )
        ]
    rec_ckpts = ctx.records.checkpoints if ctx.records is not None else []
    gated = [p for p in (ctx.records.optional if ctx.records is not None else []) if p.role == "checkpoint"]
    # The best checkpoint kept under its own name, also by the evaluation a run does when a switch is
    # on (`if FLAGS.do_eval:` renames the best evaluated checkpoint to model.ckpt-best).
    best_ev = [p.evidence for p in rec_ckpts if "best" in p.target.lower() or _names_best(p.evidence.detail)]
    best_ev += [p.evidence for p in gated if "best" in p.target.rsplit("/", 1)[-1].lower()]
    # ... or by the checkpointer's settings (CheckpointManagerOptions(best_fn=...), monitor=...)
    best_ev += [ev(m, c, _last(c.name)) for m, c in facts(ctx).calls if _best_call(c)][:1]
    best_ev += [e if m is None else ev(m, e, "save_best") for m, e in _openmmlab_save_best(ctx)[:1]]
    if saves and gated and not rec_ckpts and all(_off_by_default(ctx, ev(m, c)) for m, c in saves):
        saves = []  # every save runs behind a switch off by default (`if FLAGS.checkpoint_model:`): asked below
    if not saves and rec_ckpts and not best_ev:
        # save_variables(model_file, ...) under `if mean_reward > saved_mean_reward:`: the record's write,
        # placed at the call of the project's writer, inside a best block
        block = _best_block_at(ctx, [p.evidence for p in rec_ckpts])
        best_ev += [block] if block is not None else []
    if not saves and rec_ckpts and not best_ev:
        # ... or picked afterwards from the evaluations each checkpoint got (get_best_step_for_metric)
        best_ev += _best_picker(ctx)[:1]
    if not saves and rec_ckpts:
        return [
            r.finding(
                # the title promises a selection: checkpoints kept without one are half of it, as saved models are
                # (reinforcement learning keeps the latest agent: no validation metric to select on)
                PASS if best_ev or _keeps_latest_agent(ctx) else WARN,
                f"Checkpoints are written to {rec_ckpts[0].describe()}"
                + (
                    f"; the best model is selected ({best_ev[0].where()})"
                    if best_ev
                    # the rule's title promises a selection: say where none was found
                    else "; no best-model selection was found (no monitored metric picks the checkpoint kept)"
                )
                + ".",
                [p.evidence for p in rec_ckpts[:4]] + best_ev[:1],
            )
        ]
    if not saves and gated:
        from ..fixes import training_paths
        from .facts import when_enabled_question

        # the main training path's save first: its switch is the question (dlrm's --save-model, not the
        # ONNX export of a side script)
        main = training_paths(ctx)
        gated = sorted(gated, key=lambda p: p.evidence.path not in main)
        # `if is_best and args.save_model:`: behind the switch, the save keeps the best model
        block = None if best_ev else _best_block_at(ctx, [p.evidence for p in gated])
        best_ev += [block] if block is not None else []
        question = when_enabled_question(ctx, [p.evidence for p in gated], "Models are saved")
        return [
            r.finding(
                REVIEW,
                "Models are saved only when a switch is on"
                + (f"; the best model is selected ({best_ev[0].where()})" if best_ev else "")
                + ".",
                [p.evidence for p in gated[:4]] + best_ev[:1],
                question=question
                or f"Models are saved only behind a switch ({gated[0].evidence.where()}): "
                "were the runs you report made with it on?",
            )
        ]
    if not saves:
        unreached = _uncalled_saves(ctx)
        if unreached:
            where = ", ".join(f"{fn}() at {e.where()}" for fn, e in unreached[:3])
            return [
                r.finding(
                    FAIL,
                    f"Training never saves a model: the model saves ({where}) are in functions nothing calls.",
                    [e for _, e in unreached[:3]] + facts(ctx).training[:2],
                    _save_fix(ctx) or "",
                )
            ]
        return [
            r.finding(
                FAIL,
                "Trained models are never saved (no torch.save, save_pretrained, joblib.dump, log_model, ModelCheckpoint).",
                facts(ctx).training[:3],
                _save_fix(ctx) or "",
            )
        ]
    best = [(m, c) for m, c in saves if _best_call(c)]
    # Any call that selects the best model: EvalCallback(best_model_save_path=...), ModelCheckpoint(monitor=...)
    best += [(m, c) for m, c in facts(ctx).calls if _best_call(c) and (m, c) not in best][:3]
    # The project's own EarlyStopping that saves the model when the validation score improves
    # (utils/tools.py: torch.save in save_checkpoint, called from __call__ on a better score).
    from ..detect.engine import project_modules

    saving_modules = {m.path for m, _ in saves} | {p.evidence.path for p in rec_ckpts}
    modules = project_modules(ctx.index)
    for m, c in facts(ctx).calls:
        if _last(c.name) == "EarlyStopping" and "." in c.name:
            if modules.get(c.name.rsplit(".", 1)[0]) in saving_modules:
                best.append(
                    (None, ev(m, c, "EarlyStopping saves the model when the validation score improves"))
                )
                break
    # load_best_model_at_end=True, or set from a condition (True if val_set_size > 0 else False)
    best += find(
        ctx,
        suffixes=("TrainingArguments",),
        pred=lambda c: c.kw("load_best_model_at_end") not in (None, False),
    )
    # training_args_kwargs["load_best_model_at_end"] = ...: the keyword set on the dict the arguments
    # class is built from (`training_args_cls(**training_args_kwargs)`)
    best += [
        (None, Evidence(m.path, a.line, f"sets {a.target}", a.cell))
        for m, a in assigned(ctx, lambda t: t.endswith("[load_best_model_at_end]"))
        if a.value is not False
    ][:1]
    # TrainingArguments parsed from the command line (HfArgumentParser), with the project's launch
    # scripts passing --load_best_model_at_end: the Trainer reloads the best checkpoint at the end.
    if find(ctx, prefixes=("transformers.HfArgumentParser",)):
        from .optin import named_option_defaults

        best += [(None, e) for e in named_option_defaults(ctx, "load_best_model_at_end", True).passed[:1]]
    best += [
        (m, c)
        for m, c in facts(ctx).calls
        if _last(c.name) in ("best_model_path", "best_estimator_", "best_params_", "best_trial")
        # self.params.save_best_fn(policy) under `if score > self._best_score`: a trainer's hook that
        # saves the model whenever the evaluation improves
        or re.fullmatch(r"save_best\w*", _last(c.name))
    ]
    best += _openmmlab_save_best(ctx)[:1]
    # The best weights kept in memory beside the latest (best_model_wts = copy.deepcopy(model.state_dict())
    # under `if acc > best_acc:`, self.best_state.update(name, source) when the metric improves), saved or
    # loaded back for evaluation
    best += [
        (m, c)
        for m, c in facts(ctx).calls
        if _BEST_STATE_CALL.search(c.name) and _in_best_block(m, c.line, c.cell)
    ][:1]
    best += [
        (None, Evidence(m.path, line, f"{name} = {c.name}(...)", cell))
        for m in facts(ctx).modules
        if m.call_targets
        for line, cell, name in m.call_targets
        if _BEST_STATE.search(name)
        for c in m.calls
        if c.line == line and c.cell == cell and _STATE_COPY.search(c.name) and _in_best_block(m, line, cell)
    ][:1]
    # ... or kept on the trainer: self.best_state = copy_state(self.model.state_dict()) under the best test
    best += [
        (None, Evidence(m.path, a.line, f"{a.target} = {a.value.text}", a.cell))
        for m in facts(ctx).modules
        if m.best_blocks
        for a in m.assigns
        if isinstance(a.value, Dyn)
        and _BEST_STATE.search(a.target)
        and _in_best_block(m, a.line, a.cell)
        and any(c.line == a.line and c.cell == a.cell and _STATE_COPY.search(c.name) for c in m.calls)
    ][:1]
    for doc in facts(ctx).config_docs:
        for k, v, line in doc.entries:
            last = k.rsplit(".", 1)[-1]
            # model.params.monitor is the model's attribute; it selects only in a checkpointer's settings
            # (LightningCLI: trainer.callbacks[].init_args.monitor beside a class_path naming ModelCheckpoint)
            if (
                last == "monitor"
                and not re.search(r"checkpoint|ckpt", k, re.I)
                and not _checkpointer_sibling(doc, k)
            ):
                continue
            if last in BEST_SELECTION and _selects_best(last, v):
                best.append((None, Evidence(doc.path, line, k)))
                break
    # The run record's checkpoints (the training loop's own saves) are the best evidence.
    ev_list = [p.evidence for p in rec_ckpts[:3]] + evs(
        saves[: 6 - min(3, len(rec_ckpts))], lambda c: f"saves model: {_last(c.name)}"
    )
    ev_list = list(dict.fromkeys(ev_list))
    best_rec = [
        p
        for p in rec_ckpts
        if "best" in p.target.lower()
        or _names_best(p.evidence.detail)
        or "metric improves" in p.evidence.detail
    ]
    best += [(None, p.evidence) for p in best_rec[:1]]
    # ... or picked afterwards from the evaluations kept (`_get_best_checkpoint_id(model_dir)`: the checkpoint
    # with the best ROUGE among those evaluated)
    best += [(None, e) for e in _best_picker(ctx)[:1]]
    # save_checkpoint(f"lowest_{metric}"), save(f"{out}/best.pt"): a save named for the best or the extreme
    # value of a metric keeps that model apart from the latest one
    best += [
        (m, c)
        for m, c in saves
        if any(
            _BEST_NAME.search(str(getattr(a, "text", a)))
            for a in (*c.args[:1], *(v for k, v in c.kwargs if k in _PATH_KEYWORDS))
            # a path, not the state dict saved ({'best_pred': best_pred, ...})
            if not isinstance(a, (dict, list, tuple))
        )
    ][:1]
    # The project's own archiver: a module on the training path that copies checkpoints and keeps a
    # file named for the best (utils.archive_ckpt writes best_objective.txt and copies the checkpoint
    # whose metric beat it).
    if not best:
        from ..fixes import training_paths

        main = training_paths(ctx)
        copying = {
            m.path
            for m, c in facts(ctx).calls
            if (not main or m.path in main)
            and re.search(r"(^|\.)(copy\w*|Copy|rename|move)$", c.name)
            and re.match(r"(shutil|os|tensorflow\.io\.gfile|tensorflow\.gfile|tf\.io\.gfile)\.", c.name)
        }
        best += [
            (None, Evidence(path, line, f"keeps the best checkpoint apart ({text})", cell))
            for path in sorted(copying | saving_modules)
            if path in ctx.index.modules
            for text, line, cell in ctx.index.modules[path].file_literals
            if _BEST_NAME.search(text.rsplit("/", 1)[-1])
            and "param" not in text.lower()
            # a download's URL names the file someone else kept as their best (a pretrained checkpoint)
            and not _URL.match(text)
        ][:1]
    # A save inside `if score > best_score:` keeps the best model by hand.
    if not best:
        modules = ctx.index.modules
        # ... directly, or through the project's function that writes the checkpoint (save_variables)
        at = {(p.evidence.path, p.evidence.line) for p in rec_ckpts}
        savers = {w.func for path, m in modules.items() for w in m.writes if w.func and (path, w.line) in at}
        places = [p.evidence for p in rec_ckpts] + [ev(m, c) for m, c in saves]
        places += [
            Evidence(path, c.line, c.name, c.cell)
            for path, m in modules.items()
            if m.best_blocks
            for c in m.calls
            if savers and c.name.rsplit(".", 1)[-1] in savers
        ]
        # ... or a model written inside the helper's own best block (write_cp: torch.save to
        # `{name}_{epoch}.ckpt.best` when getattr(metric, cmp)(prev_best)), not the record's first write
        places += [
            Evidence(path, w.line, w.call, w.cell)
            for path, m in modules.items()
            if m.best_blocks
            for w in m.writes
            if w.kind in ("dump", "checkpoint")
            and _last(w.call) in ("save", "save_checkpoint", "save_weights")
        ]
        # ... or through any of the project's own writer functions to a path named for the best
        # (`G.ndict.np_savez(w, logpath + 'weights_best')`): a print_log() in the block keeps nothing
        writers = {wf[0] for m in modules.values() for wf in m.writer_funcs}
        places += [
            Evidence(path, c.line, c.name, c.cell)
            for path, m in modules.items()
            if m.best_blocks and writers
            for c in m.calls
            if c.name.rsplit(".", 1)[-1] in writers
            and _BEST_LITERAL.search(
                _statement_at(source_lines(ctx, path) or [], c.line) if not c.cell else ""
            )
        ]
        # ... or all checkpoints kept and the best one named (`self.best_cp_name = cp_name`)
        places += [
            Evidence(path, a.line, a.target, a.cell)
            for path, m in modules.items()
            if m.best_blocks
            for a in m.assigns
            if _BEST_CHECKPOINT_NAME.search(a.target)
        ]
        block = _best_block_at(ctx, places)
        if block is not None:
            best.append((None, block))
        else:
            best += [(None, e) for e in _best_file_named_in_block(ctx, rec_ckpts)[:1]]
    if not best and rec_ckpts:
        # best_epoch_idx = li[np.argmax(ls)] over the epochs' scores, then the checkpoint of that epoch
        # loaded and kept: the best epoch picked after training rather than saved on improvement
        best += _best_picked_by_argmax(ctx)[:1]
    best = [(m, c) for m, c in best if not _best_flag_always_off(ctx, *_where(ctx, m, c))]
    for m, c in best[:3]:
        ev_list.append(c if m is None else ev(m, c, "best-model selection"))
    logged = [(m, c) for m, c in saves if _last(c.name) == "log_model"]
    logged += [
        (None, s.evidence(f"ZenML keeps the model step {s.name} returns with every run")) for s in zen[:1]
    ]
    ev_list += [c for m, c in logged if m is None]
    either = next(
        (
            c
            for m, c in best
            if m is None
            and c.detail.startswith("saves when `")
            # `acc > best_acc or loss < best_loss` keeps a best by either score: selection all the same
            and " or " in c.detail
            and any(_LAST_EPOCH_TEST.search(part) for part in c.detail.split("`")[1].split(" or "))
        ),
        None,
    )
    if (
        either is not None
        and len(best) == 1
        and not logged
        and len(rec_ckpts) <= 1
        and not best_rec
        # ... into one file: a file per epoch (model_epoch{epoch}.pt) keeps the best one beside the others
        and not any(p.labelled for p in rec_ckpts)
    ):
        # `if epoch == last or acc > best_acc: checkpoint()` into one file: the best so far is saved, and the
        # last epoch's model saved over it at the end
        return [
            r.finding(
                WARN,
                f"The model is saved when the score improves and on another condition ({either.detail.split('`')[1]}, "
                f"{either.where()}) into the same file, so the file kept at the end may hold a later model than "
                "the best.",
                ev_list,
                _best_model_fix(ctx) or "",
            )
        ]
    if best or logged:
        return [
            r.finding(
                PASS,
                f"Models are saved ({len(saves)} place(s))"
                + ("; the best model is selected" if best else "; logged to the tracker")
                + ".",
                ev_list,
            )
        ]
    if not _evaluates_in_training(ctx):
        # Nothing held out is scored while the model trains (a fixed budget of pre-training or
        # fine-tuning, online RL reported as a learning curve): there may be no best to select.
        where = (facts(ctx).training or ev_list)[0].where()
        return [
            r.finding(
                REVIEW,
                f"Models are saved ({len(saves)} place(s)); {LAST_MODEL_KEPT}.",
                ev_list,
                _best_model_fix(ctx) or "",
                question=f"Training ({where}) saves models and no evaluation on held-out data was found in the "
                "training code: are the results reported for the last model (nothing to select), or does "
                "training evaluate during the run, so the best checkpoint should be kept?",
            )
        ]
    return [
        r.finding(
            WARN,
            "Models are saved, but there is no best-model selection (monitor/save_best_only/save_top_k).",
            ev_list,
            _best_model_fix(ctx) or "",
        )
    ]


# libraries that train agents (domain._RL_LIBRARIES, which decides the data is a simulator, holds Ray too: Ray
# trains anything)
_AGENT_LIBRARIES = frozenset(
    {
        "tf_agents",
        "stable_baselines3",
        "sb3_contrib",
        "stable_baselines",
        "dopamine",
        "acme",
        "rlkit",
        "tianshou",
    }
    | {"d3rlpy", "baselines", "rl_games", "cleanrl", "pfrl", "garage", "rllab"}
)


def _keeps_latest_agent(ctx) -> bool:
    """Reinforcement learning (a simulator is the data, or an RL library trains): the agent trained last is
    the one kept."""
    from ..domain import data_domain

    return bool(data_domain(ctx).simulators) or bool(_AGENT_LIBRARIES & set(facts(ctx).imports))


def _openmmlab_save_best(ctx) -> list:
    """OpenMMLab's evaluation or checkpoint hook given `save_best` (`evaluation = dict(metric='mIoU',
    save_best='mIoU')` in a Python config, `CheckpointHook(save_best='auto')`): the hook keeps the
    checkpoint that scores best on that metric. Read once per audit (both of ET310's paths ask)."""
    from .optin import _dict_values

    key = ("openmmlab_save_best",)
    cached = facts(ctx).found.get(key)
    if cached is not None:
        return list(cached)
    out = [
        (m, c)
        for m, c in facts(ctx).calls
        if (c.name == "dict" or c.name.endswith("Hook")) and c.kw("save_best") not in (None, False, "")
    ]
    for m in facts(ctx).modules:
        for name, value in m.constants.items():
            for path, v in _dict_values(value, "save_best", name):
                if v not in (None, False, ""):
                    lines = source_lines(ctx, m.path) or []
                    line = next((i for i, t in enumerate(lines, 1) if "save_best" in t), 0)
                    out.append(
                        (None, Evidence(m.path, line, f"{path}={v!r}: the hook keeps the best checkpoint"))
                    )
                    break
    facts(ctx).found[key] = out
    return list(out)


LAST_MODEL_KEPT = "no best-model selection, and no evaluation during training was found to select one on"


def _evaluates_in_training(ctx) -> bool:
    """Held-out data is scored in the training code (an evaluation function it calls, metrics logged
    under evaluation keys, a trainer's evaluation settings, metric objects)."""
    from ..fixes import training_paths

    main = training_paths(ctx)
    if not main:
        return True  # no training path to look in: assume so, and ask nothing
    if any(e.path in main for e in own_evaluation(ctx)) or learner_metrics(ctx):
        return True
    if any(e.path in main for e, _key in _eval_keyed_logs(ctx)):
        return True  # the test set's bits/dim kept per epoch (np.savez(path, test_bpd=...))
    return any(
        m.path in main and (EVAL_METRICS.match(c.name) or _metric_passed(c)) for m, c in facts(ctx).calls
    )


# Keeping the best model, in the project's own framework.
BEST_FIXES = (
    (
        "fastai",
        {
            1: "learn = cnn_learner(data, models.resnet50, metrics=[accuracy],\n"
            "                    callback_fns=[partial(SaveModelCallback, monitor='valid_loss', name=f'best-{run}')])",
            2: "learn.fit_one_cycle(5, 1e-3, cbs=SaveModelCallback(monitor='valid_loss', fname=f'best-{run}'))",
        },
    ),
    (
        "lightning",
        "checkpoint = ModelCheckpoint(monitor='val_loss', mode='min', save_top_k=1)\n"
        "trainer = Trainer(callbacks=[checkpoint])",
    ),
    (
        "pytorch_lightning",
        "checkpoint = ModelCheckpoint(monitor='val_loss', mode='min', save_top_k=1)\n"
        "trainer = Trainer(callbacks=[checkpoint])",
    ),
    (
        "transformers",
        "TrainingArguments(..., eval_strategy='steps', save_strategy='steps', load_best_model_at_end=True,\n"
        "                  metric_for_best_model='eval_loss')   # needs eval_dataset=...",
    ),
    (
        "torch",
        "if val_loss < best_loss:   # keep the best epoch beside the last one\n"
        "    best_loss = val_loss\n"
        "    torch.save(model.state_dict(), os.path.join(run_dir, 'best.pt'))",
    ),
    (
        "jax",
        "if val_loss < best_loss:\n    best_loss = val_loss\n"
        "    checkpoints.save_checkpoint(os.path.join(run_dir, 'best'), state, step, overwrite=True)",
    ),
    (
        "tensorflow",
        "tf.keras.callbacks.ModelCheckpoint(os.path.join(run_dir, 'best.h5'), monitor='val_loss',\n"
        "                                   save_best_only=True)",
    ),
    ("keras", "keras.callbacks.ModelCheckpoint(os.path.join(run_dir, 'best.h5'), monitor='val_loss',\n"
              "                                save_best_only=True)   # a validation metric the run computes"),
    ("lightgbm", "model = lgb.train(params, dtrain, valid_sets=[dvalid], callbacks=[lgb.early_stopping(100)])\n"
                 "model.save_model(os.path.join(run_dir, 'model.txt'), num_iteration=model.best_iteration)"),
    ("xgboost", "booster = xgb.train(params, dtrain, evals=[(dvalid, 'valid')], early_stopping_rounds=50)\n"
                "booster.save_model(os.path.join(run_dir, 'best.json'))   # keeps best_iteration"),
    ("sklearn", "search = GridSearchCV(model, grid, refit=True)   # refits the best parameters\n"
                "joblib.dump(search.best_estimator_, os.path.join(run_dir, 'best.joblib'))"),
)  # fmt: skip


# Saving the trained model at all, in the project's own framework (checked in this order: a Lightning
# or Hugging Face project also imports torch).
SAVE_FIXES = (
    (
        "fastai",
        {
            1: "learn.fit_one_cycle(5, 1e-3)\nlearn.save(f'{run}-stage-1')   # models/<run>-stage-1.pth under the data path",
            2: "learn.fit_one_cycle(5, 1e-3, cbs=SaveModelCallback(monitor='valid_loss', fname=f'best-{run}'))\n"
            "learn.export(f'{run}.pkl')",
        },
    ),
    ("lightning", "trainer = Trainer(callbacks=[ModelCheckpoint(monitor='val_loss', save_top_k=1)])"),
    ("pytorch_lightning", "trainer = Trainer(callbacks=[ModelCheckpoint(monitor='val_loss', save_top_k=1)])"),
    ("transformers", "trainer.save_model(training_args.output_dir)"),
    ("torch", "torch.save({'model': model.state_dict(), 'optimizer': optimizer.state_dict(), 'step': step},\n"
              "           os.path.join(run_dir, 'last.pt'))"),
    ("jax", "checkpoints.save_checkpoint(run_dir, state, step, keep=3)"),
    ("tensorflow", "model.save(os.path.join(run_dir, 'model.keras'))"),
    ("keras", "model.save(os.path.join(run_dir, 'model.keras'))"),
    ("lightgbm", "booster.save_model(os.path.join(run_dir, 'model.txt'))"),
    ("xgboost", "booster.save_model(os.path.join(run_dir, 'model.json'))"),
    ("sklearn", "joblib.dump(model, os.path.join(run_dir, 'model.joblib'))"),
)  # fmt: skip


def _stack_fix(ctx, table) -> str | None:
    from ..fixes import first_in_stack
    from .facts import hf_trainers

    # TrainingArguments is the fix only where the Hugging Face Trainer trains (not for a tokenizer).
    if not hf_trainers(ctx) and not find(ctx, suffixes=("TrainingArguments", "Seq2SeqTrainingArguments")):
        table = [row for row in table if row[0] != "transformers"]
    from .phase4_reproducibility import multi_backend_keras

    if multi_backend_keras(ctx):
        # standalone Keras 2 importing TensorFlow only for its backend: Keras' own API, not tf.keras
        table = [row for row in table if row[0] != "tensorflow"]

    def fix(row) -> str | None:
        code = row[1]
        if isinstance(code, dict):  # by the library's major version (fastai v1 / v2); None: next row
            return learner_fix(ctx, code) or None
        return f"```python\n{code}\n```"

    return first_in_stack(ctx, table, fix)


def _save_fix(ctx) -> str | None:
    """Saving the model in the project's framework; TensorFlow graph code (a Session, no Keras model
    object) saves its variables with a tf.train.Saver, never with ``model.save``."""
    from .phase4_reproducibility import _tf1, graph_mode

    fix = _stack_fix(ctx, SAVE_FIXES)
    if fix and "model.keras" in fix and graph_mode(ctx):
        saver = "tf.train.Saver" if _tf1(ctx) else "tf.compat.v1.train.Saver"
        fix = (
            f"```python\nsaver = {saver}(max_to_keep=3)   # once the graph is built\n"
            "saver.save(sess, os.path.join(run_dir, 'model.ckpt'), global_step=step)   # sess: the training "
            "tf.Session\n```"
        )
    return fix


def _best_model_fix(ctx) -> str | None:
    from ..domain import data_domain
    from .phase4_reproducibility import _tf1, graph_mode

    if graph_mode(ctx):  # a Session and tf.train.Saver: no Keras callback exists to pass
        fix = (
            "```python\nbest_saver = "
            + ("tf.train.Saver" if _tf1(ctx) else "tf.compat.v1.train.Saver")
            + "(max_to_keep=1)\n"
            "if val_metric < best_metric:   # after each evaluation\n    best_metric = val_metric\n"
            "    best_saver.save(sess, os.path.join(run_dir, 'best', 'model'), global_step=step)\n```"
        )
    else:
        fix = _stack_fix(ctx, BEST_FIXES)
    if fix and data_domain(ctx).simulators:
        # RL has no validation loss: the best policy is the one with the highest evaluation return.
        fix = (
            fix.replace(
                "if val_loss < best_loss:",
                "if eval_return > best_return:   # mean return of evaluation episodes",
            )
            .replace("best_loss = val_loss", "best_return = eval_return")
            .replace("if val_metric < best_metric:", "if eval_return > best_return:")
            .replace("best_metric = val_metric", "best_return = eval_return")
        )
    return fix


_LOGGER_BASE = re.compile(r"(LightningModule|Logger|Writer|Callback|SummaryWriter|Run|Experiment)$")


def _library_function(m, c) -> bool:
    """The call is a module-level function of an imported library that is no tracker (not a method of an
    object a library made: TensorBoardLogger().experiment.add_image is the writer's)."""
    root = _root(c.name)
    return (
        "()" not in c.name
        and root not in TRACKER_ROOTS
        and any(i.module.split(".", 1)[0] == root for i in m.imports)
    )


def _self_logs(m, c) -> bool:
    """``self.add_image`` is a logging call only in a class that is a logger, a writer, a callback or a
    LightningModule (whose self.logger logs); elsewhere it is the project's own method."""
    owner = next(
        (name for name, first, cell, last in m.classes if cell == c.cell and first <= c.line <= last), None
    )
    if owner is None:
        return False
    return any(cls == owner and (_LOGGER_BASE.search(base) or _root(base) in TRACKER_ROOTS - {"self"})
               for cls, base, _l, _c in m.bases)  # fmt: skip


@rule(
    "ET311",
    "artifacts-not-logged",
    "3.2",
    "Plots, predictions and run outputs are stored as artifacts",
    what="Looks for artifacts attached to runs: `log_artifact(s)`, `log_figure`, `log_table`, "
    "`wandb.Image/Table/plot`, TensorBoard images/figures, DVC plots, and plots saved to files "
    "(confusion matrices, ROC curves, loss curves); log capture to files; the values Metaflow and "
    "ZenML steps produce, which those frameworks store as artifacts of the run.",
    why="Confusion matrices, prediction samples and error analyses are how a result is understood "
    "and challenged; regenerating them later needs the exact model and data.",
    example="```python\nConfusionMatrixDisplay.from_predictions(y, y_hat)\nplt.show()\n```",
    fix="```python\nfig = ConfusionMatrixDisplay.from_predictions(y, y_hat).figure_\nmlflow.log_figure(fig, 'confusion_matrix.png')\n"
    "mlflow.log_table(pred_df.head(200), 'predictions_sample.json')\n```",
)
def artifacts(ctx):
    r = artifacts.rule
    if not trains(ctx):
        return []
    from ..fixes import training_paths

    logged = [
        (m, c)
        for m, c in find(ctx, suffixes=ARTIFACT_SUFFIX)
        if (_root(c.name) in TRACKER_ROOTS or c.name.startswith(("mlflow", "wandb")))
        # Lightning's self.log_dict logs metrics, not an artifact.
        and c.name not in ("self.log_dict", "self.log")
        # self.add_image(...) in a Dataset class registers an input image: only a logger's own method logs
        and (not c.name.startswith("self.") or c.name.count(".") > 1 or _self_logs(m, c))
        # writer.add_text("hyperparameters", ...) records the options, not an output of the run.
        and not (_last(c.name) == "add_text" and HPARAM_TEXT.search(str(c.args)[:200]))
    ]
    # TensorBoard's media calls, whatever the writer is called (a helper's `writer` parameter).
    logged += [
        (m, c)
        for m, c in facts(ctx).calls
        if (_last(c.name) in TB_MEDIA or TF_SUMMARY_MEDIA.search(c.name))
        and (m, c) not in logged
        and not _NOT_A_WRITER.search(c.name)
        # dearpygui's dpg.add_image(texture) puts a picture in a GUI window: a function of another
        # library, not a summary writer's method
        and not _library_function(m, c)
        and (not c.name.startswith("self.") or c.name.count(".") > 1 or _self_logs(m, c))
    ]
    logged += [(m, c) for m, c in facts(ctx).calls if c.kw("save_artifact") is True]
    logged += find(ctx, suffixes=POLYAXON_ARTIFACTS, roots={"polyaxon", "polyaxon_client"})
    from ..detect.framework_clis import framework_facts

    by_framework = framework_facts(ctx, "artifacts")[:1]  # BasicSR's val.save_img
    logged += find(
        ctx,
        prefixes=(
            "wandb.Image",
            "wandb.Table",
            "wandb.plot.",
            "wandb.save",
            "wandb.Artifact",
            "wandb.Audio",
            "wandb.Video",
        ),
    )
    ev_list = evs(logged[:6]) + by_framework
    for doc in facts(ctx).config_docs:
        if doc.path.rsplit("/", 1)[-1] == "dvc.yaml" and "plots" in {
            k.rsplit(".", 1)[-1] for k in doc.key_set()
        }:
            line = next((ln for k, _, ln in doc.entries if k.rsplit(".", 1)[-1] == "plots"), 0)
            ev_list.append(Evidence(doc.path, line, "DVC plots"))
        # a stage's `live: {dvclive: {html: true}}` (DVC 2.x): DVCLive renders the run's plots to HTML
        elif doc.path.rsplit("/", 1)[-1] == "dvc.yaml":
            live = next(
                (ln for k, v, ln in doc.entries if ".live." in k and k.endswith(".html") and v is True), 0
            )
            if live:
                ev_list.append(Evidence(doc.path, live, "DVCLive writes an HTML report of each run's plots"))
    if ev_list:
        return [r.finding(PASS, f"Artifacts are attached to runs ({len(ev_list)} place(s)).", ev_list)]
    # Metaflow versions every value a step assigns to self (models, scores, plots) with its run.
    flows = metaflow_flows(ctx)
    if flows:
        return [
            r.finding(
                PASS,
                "Metaflow stores every value a step assigns to `self` (models, scores, data) as an artifact of the run.",
                flows[0].evidence[:3],
            )
        ]
    # ZenML does the same with every value a step returns (models, reports, data, scores).
    zen = zenml_runs(ctx)
    outputs = [s for s in zen.steps if s.returns_value] if zen is not None else []
    outputs.sort(key=lambda s: not s.outputs_model())  # the model first, then the reports and data
    if outputs:
        return [
            r.finding(
                PASS,
                "ZenML stores every step output ("
                + ", ".join(f"`{s.name}`" for s in outputs[:4])
                + ") as a versioned artifact of the run, with its lineage.",
                [s.evidence(f"step {s.name} returns its outputs") for s in outputs[:4]],
            )
        ]
    main = training_paths(ctx)
    rec = ctx.records
    # Outputs written only behind a switch (`if args.do_predict:`) count too: the switched-pass
    # review turns a PASS that rests on them alone into a question.
    written = [*rec.artifacts, *(p for p in rec.optional if p.role == "artifact")] if rec is not None else []
    outputs = [p for p in written if p.evidence.path in main] or _written_by_a_called_dumper(
        ctx, written, main
    )
    kept = [p for p in outputs if p.keeping != "fixed"]
    if kept:
        # In a directory named at run time (results/{setting}/pred.npy), beside what else the run writes
        # there; or in a fixed folder under a name chosen at run time (a submission subs/{name}.csv.gz).
        def beside_record(p) -> bool:
            return p.per_run or "{" in p.target.rpartition("/")[0] or p.target.startswith("{")

        # those in the run's own folder first: a dataset module's debugging dump (pc_obj.ply in the working
        # directory) is not what the message should lead with
        kept.sort(key=lambda p: not beside_record(p))
        recorded = beside_record(kept[0])
        return [
            r.finding(
                PASS,
                (
                    "Each run writes its outputs beside its record: "
                    if recorded
                    else "Runs write their outputs (predictions, plots, samples) to files named at run time: "
                )
                + "; ".join(f"`{_short_target(p.target)}` (`{p.evidence.where()}`)" for p in kept[:3])
                + ".",
                [p.evidence for p in kept[:5]],
            )
        ]
    # Plots drawn by a stand-alone analysis script are that script's product, not a run's output.
    plots = [(m, c) for m, c in facts(ctx).calls if PLOTS.search(c.name) and m.path in main]
    plots += [(None, p.evidence) for p in outputs]
    if plots:
        what = "Outputs (predictions, plots) are" if outputs else "Plots are"
        return [
            r.finding(
                WARN,
                f"{what} produced by the training code but not stored with the run "
                "(shown, or saved at a fixed path that the next run overwrites).",
                [c if m is None else ev(m, c, "plot") for m, c in plots[:5]],
            )
        ]
    logs = [
        p
        for p in (rec.metrics if rec is not None else ())
        if p.evidence.path in main
        and p.keeping != "fixed"
        and p.target.lower().endswith((".txt", ".log", "}"))
    ]
    if logs:
        return [
            r.finding(
                WARN,
                "Runs keep their logs ("
                + "; ".join(f"{p.describe()}, `{p.evidence.where()}`" for p in logs[:2])
                + "), but no plots, samples or predictions are saved with them.",
                [p.evidence for p in logs[:3]],
            )
        ]
    return [
        r.finding(
            WARN,
            "No artifacts (plots, predictions, environment snapshots, logs) are stored with runs.",
            facts(ctx).training[:2],
        )
    ]


_DUMPER = re.compile(r"(dump|save|write|export|visuali[sz]e)_?\w*", re.I)


def _written_by_a_called_dumper(ctx, written: list, main: frozenset) -> list:
    """Outputs written by a project function the training path calls by a name only that function has
    (`MODEL.dump_results(end_points, DUMP_DIR)` on a model module imported by name from an option): the
    import is not followed, the call is."""
    from .optin import _function_at

    by_name: dict[str, list] = {}
    for p in written:
        m = ctx.index.modules.get(p.evidence.path)
        fn = _function_at(m, p.evidence.line, p.evidence.cell) if m is not None else None
        if fn and _DUMPER.fullmatch(fn[0]) and "_" in fn[0]:
            by_name.setdefault(fn[0], []).append(p)
    if not by_name:
        return []
    defined = {}
    for m in ctx.index.modules.values():
        for name, *_ in m.functions:
            if name in by_name:
                defined[name] = defined.get(name, 0) + 1
    # only on a module imported by name (not trainer.save_metrics, a library's method of the same name)
    called = {
        c.name.rsplit(".", 1)[-1]
        for path in main
        if (m := ctx.index.modules.get(path)) is not None
        for c in m.calls
        if c.name.startswith(IMPORTED_BY_NAME)
    }
    return [p for name, parts in by_name.items() if defined.get(name) == 1 and name in called for p in parts]


def _hydra_log_file(ctx) -> list:
    """A Hydra app's own log file: Hydra's default job logging writes what the app logs (`logger.info`) to
    `<job name>.log` in each run's output directory, unless the configuration turns job logging off."""
    if not ctx.has("hydra"):
        return []
    from types import SimpleNamespace

    from .phase2_parameters import _hydra_main

    mains = _hydra_main(ctx)
    if not mains:
        return []
    name = "<job name>.log"
    for doc in ctx.index.configs.values():
        for k, v, _line in doc.entries:
            # `- hydra/job_logging: disabled` (or stdout) in the defaults list, or `hydra: job_logging: none`
            if (
                k.endswith("job_logging")
                and isinstance(v, str)
                and v.lower() in ("disabled", "none", "null", "stdout")
            ):
                return []
            if k == "hydra.job_logging.handlers.file.filename" and isinstance(v, str):
                name = v
    m, c = mains[0]
    return [
        SimpleNamespace(
            evidence=Evidence(m.path, c.line, "Hydra's job logging writes the run's log file", c.cell),
            target=f"the `{name}` Hydra's job logging writes in each run's directory",
        )
    ]


def _short_target(target: str) -> str:
    """The file's name (a call's result in it shown as `{…}`), or the whole template when the name alone is a
    placeholder."""
    name = target.rsplit("/", 1)[-1]
    if name.startswith("{") and name.endswith("}"):
        return target[-60:]
    # {os.path.basename(filename).rsplit('.', 1)[0]}_noisy.wav: a call's result, shown as a placeholder
    return re.sub(r"\{[^{}]*\([^{}]*\}", "{…}", name)


COMPARE_CALLS = (
    "mlflow.search_runs",
    "mlflow.MlflowClient().search_runs",
    "mlflow.tracking.MlflowClient().search_runs",
    "wandb.Api().runs",
    "wandb.apis.public.Api().runs",
    "neptune.init_project",
    "comet_ml.API",
    "optuna.visualization.",
    "plotly.express.parallel_coordinates",
    "pandas.plotting.parallel_coordinates",
    # Metaflow's client reads the runs of a flow back (`for run in Flow("TrainFlow")`) to compare them
    "metaflow.Flow",
    "metaflow.Metaflow().flows",
)


# The tracker each tracker-query call of COMPARE_CALLS belongs to
_TRACKER_ROOTS = {"mlflow": "mlflow", "wandb": "wandb", "neptune": "neptune", "comet_ml": "comet"}


def _timings_in_records(ctx, timers):
    """(record part, timer) where a run record's write takes the timer's reading: the clock call in the
    written value itself, or the name the timer's line binds (`epoch_time = time.time() - t0`). Read
    from the source (string literals blanked) for these few candidates, each file once."""
    from .facts import line_at, source_lines

    parts: dict[str, list] = {}
    for p in ctx.records.metrics if ctx.records else ():
        parts.setdefault(p.evidence.path, []).append(p)
    for m, c in timers:
        here = parts.get(m.path)
        if not here or c.cell:
            continue
        lines = source_lines(ctx, m.path) or []
        # `epoch_time = time.time() - t0`, or `hist['epoch_time'].append(time.time() - t0)`: the history
        # the reading goes into, which a record may dump whole (`pickle.dump(hist, f)`)
        text = line_at(lines, c.line)
        bound = re.match(r"\s*([A-Za-z_][\w.]*)\s*=[^=]", text)
        held = re.match(r"\s*([A-Za-z_][\w.]*)(\[\s*['\"]\w+['\"]\s*\])?\.(?:append|extend)\(", text)
        name = (
            re.escape(bound.group(1))
            if bound
            # the history whole (pickle.dump(hist, f)), or the very entry the reading went into
            else f"{re.escape(held.group(1))}(?!\\s*\\[)|{re.escape(held.group(1))}\\s*{re.escape(held.group(2))}"
            if held and held.group(2)
            else re.escape(held.group(1))
            if held
            else ""
        )
        clock = re.compile(
            r"(?<![\w.])(time\.(time|perf_counter|monotonic)\(\)"
            + (f"|{name}" if name else "")
            + r")(?![\w(])"
        )
        for p in here:
            if p.evidence.cell:
                continue
            if clock.search(_STRING.sub('""', _statement_at(lines, p.evidence.line))):
                return p, (m, c)
    return _timing_key_logged(ctx, timers)


def _timing_key_logged(ctx, timers):
    """(record part, timer) where the reading is handed under a timing key to a method of the project's own
    logger whose class writes the run's metrics stream: `logger.log_tabular('Time', time.time() - start)`
    (Spinning Up's logger, dumped to progress.txt each epoch)."""
    own = [p for p in (ctx.records.metrics if ctx.records else ()) if not p.framework]
    if not own:
        return None
    writers = {p.evidence.path for p in own}
    for m, c in timers:
        for x in m.calls:
            if x.line != c.line or x.cell != c.cell or "." not in x.name or not x.args:
                continue
            key = x.args[0]
            if not (isinstance(key, str) and _TIMING_COLUMN.search(key)):
                continue
            method = _last(x.name)
            # the method defined in a module that writes the stream (logx.py's log_tabular), and one that keeps
            # what it is handed (self.log_current_row[key] = val) or writes it, not one that only prints it
            for path in writers:
                wm = ctx.index.modules.get(path)
                span = next((f for f in (wm.functions if wm else ()) if f[0] == method), None)
                if span is None:
                    continue
                keeps = any(w.func == method for w in wm.writes) or any(
                    a.target.startswith("self.") and a.cell == span[2] and span[1] <= a.line <= span[3]
                    for a in wm.assigns
                )
                if keeps:
                    return next(p for p in own if p.evidence.path == path), (m, c)
    return None


# A column of a run's table named for a duration or a rate: 'wall-time(ms)', 'epoch_time', 'fps', 'sec/it';
# not a step count ('time_step', 'timesteps')
_TIMING_COLUMN = re.compile(
    r"(?<![a-z])(time|secs?|seconds|ms|fps|throughput|it/s|samples/s)(?![a-z])(?![_ -]?steps?)", re.I
)
_QUOTED = re.compile(r"['\"]([^'\"\n]{1,200})['\"]")


def _timing_column_in(statement: str) -> str:
    """The first column named for a timing among the quoted header strings of a statement."""
    for text in _QUOTED.findall(statement):
        for column in re.split(r"[,;\t|]|\\[nt]", text):
            if len(column) <= 40 and _TIMING_COLUMN.search(column):
                return column.strip()
    return ""


def _timing_column(ctx, timers) -> tuple | None:
    """(record part, column) when a metrics table the module measuring time writes declares a timing
    column in its header (`CSVLogger(path, ('%d', 'epoch'), ..., ('%d', 'wall-time(ms)'))`) and a row
    written to it carries the reading (`elapsed_ms = (time.time() - t0) * 1000`, then
    `csv_logger.log(epoch, loss, elapsed_ms)`): a header alone fills no column."""

    timed: dict[str, list] = {}
    for m, c in timers:
        if not c.cell:
            timed.setdefault(m.path, []).append(c)
    written: dict[str, bool] = {}  # per module: is a reading handed to a row writer (asked once)
    for p in ctx.records.metrics if ctx.records else ():
        path = p.evidence.path
        if path not in timed or p.evidence.cell:
            continue
        lines = source_lines(ctx, path) or []
        column = _timing_column_in(_statement_at(lines, p.evidence.line))
        if column and path not in written:
            written[path] = _reading_written(lines, [line_at(lines, c.line) for c in timed[path]])
        if column and written[path]:
            return p, column
    return None


_BOUND = re.compile(r"\s*([A-Za-z_]\w*)\s*=(?!=)(.*)")
_ROW_WRITE = re.compile(r"\.(log|writerow|write|add_row)\(")


def _timing_helper_calls(ctx) -> list:
    """Calls of the project's own timers: a module-level function whose body reads the clock or a CUDA
    event's elapsed_time (`def gpu_timer(closure): ... return result, start.elapsed_time(end)`), called
    as `(loss, ...), etime = gpu_timer(train_step)`."""
    f = facts(ctx)
    helpers = set()
    for m in f.modules:
        clocks = [c for c in m.calls if c.name in TIMING or c.name.endswith(".elapsed_time")]
        if not clocks:
            continue
        for name, first, cell, last in m.functions:
            if any(c.cell == cell and first < c.line <= last for c in clocks) and _TIMER_NAME.search(name):
                helpers.add(name)
    if not helpers:
        return []
    return [(m, c) for m, c in f.calls if c.name.rsplit(".", 1)[-1] in helpers]


# a function named as a timer (gpu_timer, timeit, measure_time), not any function that reads the clock
# (not timed_out(): a time limit checked, nothing measured)
_TIMER_NAME = re.compile(r"timer|time_?it|timing|measure_?time|elapsed", re.I)
# the names an assignment binds, tuples too: `(loss, ploss), etime = gpu_timer(step)`
_TARGETS = re.compile(r"\s*([\w\s,()\[\]]+?)\s*=(?!=)(.*)")
# a reading kept by an accumulator: time_meter.update(etime), times.append(dt)
_ACCUMULATE = re.compile(r"([A-Za-z_]\w*)\.(update|append|add)\((.*)\)")


def _reading_written(lines: list[str], timer_lines: list[str]) -> bool:
    """A name bound to a clock reading (or computed from one: `wall_ms = elapsed * 1000`, or kept by an
    accumulator: `time_meter.update(etime)`) is handed to a row writer (`.log(`, `.writerow(`, `.write(`)
    somewhere in the module."""
    names = set()
    for t in timer_lines:
        b = _TARGETS.match(t)
        if b:
            # (loss, ploss), etime = gpu_timer(step): the last name is the reading
            bound = re.findall(r"[A-Za-z_]\w*", b.group(1))
            names.update(bound[-1:] if "," in b.group(1) else bound)
    if not names:
        return False

    def any_of(names) -> re.Pattern:
        return re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")

    used = any_of(names)
    for text in lines:
        b = _BOUND.match(text)
        if b and b.group(1) not in names and used.search(b.group(2)):
            names.add(b.group(1))
            used = any_of(names)  # rebuilt only when a name joins
            continue
        a = _ACCUMULATE.search(text)
        if a and a.group(1) not in names and used.search(a.group(3)):
            names.add(a.group(1))
            used = any_of(names)
    return any(
        used.search(_STRING.sub('""', _statement_at(lines, i + 1)))
        for i, text in enumerate(lines)
        if _ROW_WRITE.search(text)
    )


_STRING = re.compile(r"'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\"")


def _statement_at(lines: list[str], line: int) -> str:
    """The statement starting at a line, up to where its brackets close (15 lines at most), string
    literals blanked before counting: the facts keep an expression's text only for simple values, not
    `'%d,%d' % (...)`."""
    out, depth = [], 0
    for text in lines[line - 1 : line + 14]:
        out.append(text)
        bare = _STRING.sub('""', text)
        depth += sum(bare.count(o) for o in "([{") - sum(bare.count(c) for c in ")]}")
        if depth <= 0:
            break
    return "\n".join(out)


# Readers of TensorBoard event files: a script that loads runs' event files back to tabulate or plot them.
EVENT_READERS = (
    "tensorboard.backend.event_processing.",
    "tensorflow.train.summary_iterator",
    "tensorflow.compat.v1.train.summary_iterator",
    "tensorflow.python.summary.summary_iterator.",
    "tbparse.SummaryReader",
)
_GLOBS = ("glob", "rglob", "iglob", "Glob")


def _record_names(ctx) -> set[str]:
    """Glob patterns of the file names the runs' metric records have (``metrics.jsonl``, event files)."""
    names = set()
    for p in ctx.records.metrics if ctx.records is not None else ():
        if p.keeping == "events":
            names.add("events.out.tfevents*")
            continue
        # `{self.log_path}` names no file kind once its placeholder is a wildcard: it matches any glob
        name = re.sub(r"\{[^}]*\}", "*", p.target.rsplit("/", 1)[-1])
        # a figure a run saves (`{epoch}.jpg`): a glob over images reads a dataset's far more often
        if "." in name and name.strip("*.") and not _MEDIA.search(name):
            names.add(name)
    return names


_MEDIA = re.compile(r"\.(jpe?g|png|gif|bmp|tiff?|webp|svg|wav|flac|mp3|mp4|avi)$", re.I)


# Calls that read a record file back into a table or an object
_RECORD_READ = re.compile(r"(^|\.)(read_table|read_csv|read_json|loadtxt|genfromtxt|load|loads)$")


def runs_read_back(ctx) -> list[Evidence]:
    """Code that loads many runs' records back: an event-file reader, or a glob over run directories
    (``logdir.glob('**/*.jsonl')``) for the file name the runs' metrics are written to. A plotting or
    tabulating script built on it compares runs, whatever tracker wrote them."""
    readers = {m.path: (m, c) for m, c in reversed(find(ctx, prefixes=EVENT_READERS))}  # first per file
    found = evs(
        sorted(readers.values(), key=lambda mc: mc[0].path)[:2], "reads runs' TensorBoard event files back"
    )
    names = _record_names(ctx)
    by_last = facts(ctx).by_last
    for m, c in (mc for g in _GLOBS for mc in by_last.get(g, ())):
        if not c.args or not isinstance(c.args[0], str):
            continue
        pattern = c.args[0]
        head, _, name = pattern.rpartition("/")
        # a wildcard among the directories: the pattern spans runs, not one run's folder
        if "*" not in head or not name.strip("*."):
            continue
        if any(fnmatch.fnmatch(n.replace("*", "x"), name) or fnmatch.fnmatch(name, n) for n in names):
            found.append(ev(m, c, f"reads every run's `{name}` back (`{pattern}`)"))
            if len(found) >= 4:
                break
    # for root, _, files in os.walk(logdir): if "progress.txt" in files: pd.read_table(join(root, ...)): every
    # run folder under a directory, its metrics file read back (Spinning Up's plot.py)
    for m, c in by_last.get("walk", ())[:20]:
        if not c.name.endswith("os.walk") or len(found) >= 4 or any(e.path == m.path for e in found):
            continue
        named = sorted({lit.rsplit("/", 1)[-1] for lit, *_ in m.file_literals} & names)
        reads = any(_RECORD_READ.search(x.name) for x in m.calls)
        if named and reads:
            found.append(ev(m, c, f"reads every run's `{named[0]}` back (os.walk over the run folders)"))
    return found


def _dvc_experiments(ctx) -> list[Evidence]:
    """DVCLive logging from a script that a dvc.yaml stage runs: each `dvc exp run` is an experiment whose
    params and metrics `dvc exp show` lays side by side."""
    live = [
        e
        for d in ctx.present("tracking")
        if d.tool == "dvc"
        for e in d.evidence
        if e.path in ctx.index.modules
    ]
    for doc in facts(ctx).config_docs:
        if doc.path.rsplit("/", 1)[-1] != "dvc.yaml":
            continue
        for k, v, ln in doc.entries[:2000]:
            if k.startswith("stages.") and k.endswith((".cmd", ".cmd[]")) and isinstance(v, str):
                ran = next(
                    (
                        e
                        for e in live
                        if e.path.rsplit("/", 1)[-1] in v.split()
                        or any(w.endswith("/" + e.path.rsplit("/", 1)[-1]) for w in v.split())
                    ),
                    None,
                )
                if ran is not None:
                    return [ran, Evidence(doc.path, ln, f"dvc.yaml stage runs `{v[:60]}`")]
    return []


def _guild_compare_columns(ctx) -> list[Evidence]:
    from .facts import guild_operations

    files = sorted({op.path for op in guild_operations(ctx)})
    out = []
    for path in files:
        doc = ctx.index.configs.get(path)
        # an operation's `compare:` (a flag named compare is a value)
        line = (
            next((ln for k, _v, ln in doc.entries if k.endswith(".compare") and ".flags." not in f".{k}"), 0)
            if doc
            else 0
        )
        if line:
            out.append(Evidence(path, line, "columns `guild compare` shows for the operation's runs"))
    return out


@rule(
    "ET320",
    "no-run-comparison",
    "3.3",
    "Runs are compared systematically (tables, parallel coordinates, leaderboards)",
    what="Finds run comparison: `mlflow.search_runs`, W&B API/report queries, `dvc exp show`/"
    "`dvc metrics diff`/`dvc plots diff`, Optuna visualisations, parallel-coordinate plots, "
    "TensorBoard, leaderboard or best-run selection code.",
    why="Picking the 'best' run by scrolling through a UI is not repeatable; a query in code records "
    "how the winner was chosen.",
    example="```text\n(the best run was chosen by eye in the UI)\n```",
    fix="```python\nruns = mlflow.search_runs(experiment_names=['churn'], order_by=['metrics.val_auc DESC'])\nbest = runs.iloc[0]\n```\n"
    "DVC: `dvc exp show --sort-by metrics.json:auc`; W&B: `wandb.Api().runs('team/project', order='-summary_metrics.val_auc')`.",
)
def run_comparison(ctx):
    r = run_comparison.rule
    flows = metaflow_flows(ctx)
    read_back = runs_read_back(ctx)
    if not code_trackers(ctx) and not ctx.present("hpo") and not flows and not read_back:
        return []
    # a tracker's query API reads this project's runs only where the project logs into that tracker
    # (a W&B-to-Neptune migration tool reads runs some other project logged)
    used = tracker_ids(ctx)
    compared = [
        (m, c)
        for m, c in find(ctx, prefixes=COMPARE_CALLS)
        if _TRACKER_ROOTS.get(c.name.split(".")[0], "") in used | {""}
    ]
    found = evs(compared[:4]) + read_back
    found += [
        Evidence(p, line, f"runs `{cmd[:60]}`", cell)
        for p, cell, line, cmd in facts(ctx).shell
        if re.search(
            r"dvc\s+(exp\s+show|metrics\s+(diff|show)|plots\s+diff)|tensorboard\s+--logdir|mlflow\s+ui", cmd
        )
    ][:3]
    found += evs(
        [
            (m, c)
            for m, c in facts(ctx).calls
            if _last(c.name)
            in ("best_trial", "best_params", "best_run", "best_estimator_", "best_params_", "get_best_result")
        ][:2],
        "best-run selection",
    )
    # Reading stored runs back to rank or stack them (MlflowClient().get_run / list_run_infos).
    found += evs(
        [
            (m, c)
            for m, c in facts(ctx).calls
            if "MlflowClient" in c.name
            and _last(c.name)
            in ("search_runs", "list_run_infos", "get_run", "get_metric_history", "search_experiments")
        ][:2],
        "reads stored runs back",
    )
    # A leaderboard table the code writes (leaderboard.csv): every model or run ranked in one table.
    found += [
        p.evidence
        for p in (ctx.records.metrics if ctx.records is not None else [])
        if "leaderboard" in p.target.rsplit("/", 1)[-1].lower()
    ][:2]
    # the columns a Guild operation shows in `guild compare` (its flags and metrics side by side)
    found += _guild_compare_columns(ctx)[:1]
    if found:
        return [r.finding(PASS, "Runs are compared in code, a tracker UI or a leaderboard.", found)]
    if library(ctx):
        return []  # a library's users compare their own runs, in their tracker or not
    dvc_exps = _dvc_experiments(ctx)
    if dvc_exps:
        return [
            r.finding(
                PASS,
                "Runs are DVC experiments, which `dvc exp show` tabulates side by side (params and metrics); "
                "no comparison query or leaderboard is in the repository.",
                dvc_exps,
            )
        ]
    ui = [e for d in ctx.present("tracking") if d.tool in ("wandb", "neptune", "comet") for e in run_sites(d)]
    if ui:
        return [
            r.finding(
                PASS,
                "Runs can be compared in the tracker's UI; no comparison query or leaderboard is in the repository.",
                ui,
            )
        ]
    from .phase6_governance import results_tables

    tables = results_tables(ctx)
    if tables:
        # the README's table of results per model or setting: the runs are compared where they are
        # reported, by hand; how the numbers were gathered is not in the repository
        return [
            r.finding(
                PASS,
                f"The documentation compares runs in a table of results ({tables[0].where()}); no comparison "
                "query or leaderboard code is in the repository.",
                tables[:2],
            )
        ]
    return [
        r.finding(WARN, "No run comparison (search_runs, dvc exp show, W&B API, leaderboards) found.", [])
    ]


SIGNIFICANCE = re.compile(
    r"^(scipy\.stats\.(ttest_\w+|wilcoxon|mannwhitneyu|bootstrap|permutation_test|friedmanchisquare|kruskal|binomtest|chi2_contingency)|"
    r"statsmodels\.stats\.\w+|sklearn\.utils\.resample|mlxtend\.evaluate\.\w+|autorank\.\w+|pingouin\.\w+|"
    # rouge_score's BootstrapAggregator: confidence intervals of the scores by bootstrap resampling
    r"rouge_score\.scoring\.BootstrapAggregator)"
)


@rule(
    "ET321",
    "no-significance-testing",
    "3.3",
    "Differences between runs are tested for significance or across seeds",
    what="Looks for statistical tests (scipy.stats t-test/Wilcoxon/bootstrap/permutation, "
    "statsmodels), bootstrap resampling, and repeated runs over several seeds (seed lists, "
    "Hydra multirun over `seed`, sweeps over seeds).",
    why="With one run per configuration, a 0.3-point gain is often seed noise; reporting mean ± std "
    "over seeds (or a test) is what the NeurIPS checklist asks for.",
    example="```python\nprint(acc_new - acc_old)   # 0.004 — better?\n```",
    fix="```python\nscores = [train_and_eval(seed=s) for s in (0, 1, 2, 3, 4)]\nmlflow.log_metrics({'acc_mean': np.mean(scores), 'acc_std': np.std(scores)})\n"
    "stats.wilcoxon(scores_new, scores_old)\n```",
)
def significance(ctx):
    r = significance.rule
    if not trains(ctx) or library_without_results(ctx):
        return []
    from ..detect.engine import scope_of

    # (a t-test in a unit test checks the test helper, not the runs)
    found = evs(
        [(m, c) for m, c in facts(ctx).calls if SIGNIFICANCE.match(c.name) and scope_of(m.path) != "test"][:4]
    )
    found += _bootstrap(ctx)
    for doc in facts(ctx).config_docs:
        for k, v, line in doc.entries:
            if (
                k.endswith(("seeds", "seeds[]"))
                or (k.endswith("params.seed") and isinstance(v, str) and "," in v)
            ) and v is not None:
                found.append(Evidence(doc.path, line, "several seeds"))
                break
    seeds_passed: dict[str, dict[str, tuple]] = {}  # script file -> seed value -> first place
    cited: set[tuple[str, str]] = set()  # (script, kind): one place per script and kind
    for p, cell, line, cmd in facts(ctx).shell:
        # seed=0,1,2 or `for seed in 0 1 2` (a loop over one value repeats nothing)
        if re.search(r"seed=\S*,", cmd) or re.search(
            r"for\s+seeds?\s+in\s+(\S+\s+){1,}\S", cmd.split(";")[0], re.I
        ):
            found.append(Evidence(p, line, "runs several seeds", cell))
        # a benchmark launcher told how many seeds to run each setting with (`--num-seeds 3`), or a
        # results plotter drawing bootstrap confidence intervals over them (`--rliable`, rliable's
        # `--rc.interval_estimates_num_bootstrap_reps`)
        n = re.search(r"--(?:num|n)[-_]seeds[ =]+(\d+)\b", cmd)
        if n and int(n.group(1)) >= 2 and (p, "seeds") not in cited:
            cited.add((p, "seeds"))
            found.append(Evidence(p, line, f"runs each setting with {n.group(1)} seeds", cell))
        if re.search(r"--rliable\b|bootstrap[-_]reps\b", cmd) and (p, "bootstrap") not in cited:
            cited.add((p, "bootstrap"))
            found.append(Evidence(p, line, "bootstrap confidence intervals over the runs (rliable)", cell))
        # The same launch written out once per seed (--seed 1 ... --seed 5 in one script)
        m = re.search(r"--seed[ =]+(\d+)\b", cmd)
        if m:
            seeds_passed.setdefault(p, {}).setdefault(m.group(1), (line, cell))
    for p, values in sorted(seeds_passed.items()):
        if len(values) >= 2:
            line, cell = min(values.values())
            found.append(Evidence(p, line, f"runs seeds {', '.join(sorted(values, key=int)[:5])}", cell))
            break
    found += _shell_seed_loops(ctx)
    found += _python_seed_loops(ctx)
    repeats, several_runs = _repeated_runs(ctx)
    if several_runs:
        found += repeats
    found += _launched_seed_loops(ctx)[:1]
    found += doc_search_seeds(ctx)
    found += _stored_seed_repeats(ctx)
    if found and all(_BARE_SPREAD.fullmatch(e.detail.strip()) for e in found):
        # "27.43 +/- 4.26" in a table: a spread, but over what (seeds and runs, or test examples) the
        # text does not say
        e = found[0]
        return [
            r.finding(
                REVIEW,
                "Results are reported with a spread; what it is taken over is not stated.",
                found,
                question=f"{e.where()} reports {e.detail.strip()!r}: is the spread over seeds or repeated "
                "training runs (an error bar), or over the test examples of one run?",
            )
        ]
    if found:
        return [r.finding(PASS, "Results are compared across seeds or with a statistical test.", found)]
    several, given = _seed_list_options(ctx)
    if several:
        return [
            r.finding(
                PASS,
                f"The command line runs several seeds by default ({several[0].where()} {several[0].detail}).",
                several[:2],
            )
        ]
    if given:
        e = given[0]
        return [
            r.finding(
                REVIEW,
                "The command line takes a list of seeds; its default holds one.",
                given[:2],
                question=f"`{e.where()}` takes {e.detail}: were the results you report run over several "
                "seeds, and is their spread reported?",
            )
        ]
    if repeats:
        e = repeats[0]
        return [
            r.finding(
                REVIEW,
                "Training is repeated over a number of runs the command line sets, and the spread is taken; "
                "the default is one run.",
                repeats,
                question=f"{e.where()} repeats training `{e.detail}`: were the results you report run with "
                "several runs, and is their mean and spread reported?",
            )
        ]
    repeats = _tune_repeats(ctx)
    if repeats:
        e = repeats[0]
        return [
            r.finding(
                REVIEW,
                "Ray Tune can repeat each configuration (num_samples); whether the reported runs did is "
                "not in the code.",
                repeats[:2],
                question=f"{e.where()} sets Ray Tune's num_samples ({e.detail}): were the results you report "
                "repeated over several samples (seeds), and is their spread reported?",
            )
        ]
    return [r.finding(WARN, "No significance test, bootstrap or multi-seed repetition found.", [])]


# Keys of a checkpoint dict that hold results: acclist_train, best_pred, val_loss, best_acc1, metrics
_RESULT_KEY = re.compile(
    r"^(best_?(pred|acc\w*|err\d*|error\w*|loss|score|metric\w*|val\w*|top\w*|miou|map|psnr|bleu|f1|prec\w*)|"
    # (mAP under an evaluation prefix: label_map, class_map are mappings)
    r"(val|valid|test|eval)_?m?ap\d*|"
    r"\w*(acc|accuracy|loss|losses|pred|metric|metrics|score|scores|miou|psnr|bleu|f1)"
    r"(list|_list|_history|_curve|es)?(_train|_val|_test)?)$",
    re.I,
)


def _metrics_in_checkpoints(ctx) -> list[Evidence]:
    """Saves of the training path handed a dict holding results beside the weights: torch.save({...}) or
    a project's save_checkpoint({...})."""
    from ..fixes import training_paths

    main = training_paths(ctx)
    out = []
    for m in facts(ctx).modules:
        if main and m.path not in main:
            continue
        for c in m.calls:
            last = _last(c.name).lower()
            if not ("save" in last or "checkpoint" in last) or not c.args or not isinstance(c.args[0], dict):
                continue
            held = _results_beside_weights([k for k in c.args[0] if isinstance(k, str)])
            if held:
                out.append(ev(m, c, f"{_last(c.name)} keeps {', '.join(held[:4])}"))
        out += _keys_set_before_save(m)
    return out


def _results_beside_weights(keys: list[str]) -> list[str]:
    """The result keys of a saved dict that also holds the weights (`{"model": ..., "best_acc": ...}`), else []."""
    held = [k for k in keys if _RESULT_KEY.match(k) and k not in ("state_dict", "optimizer")]
    return held if held and any(re.search(r"state_dict|model|weights", k, re.I) for k in keys) else []


def _keys_set_before_save(m) -> list[Evidence]:
    """``data = attr.asdict(self); data["model"] = ...state_dict(); data["accuracy"] = self.accuracy;
    torch.save(data, filename)``: a dict filled key by key in the function that saves it."""
    out = []
    for w in m.writes:
        if w.kind not in ("dump", "checkpoint") or not re.fullmatch(r"\w+", w.what or "") or not w.func:
            continue
        span = next(
            (f for f in m.functions if f[0] == w.func and f[2] == w.cell and f[1] <= w.line <= f[3]), None
        )
        if span is None:
            continue
        heads = [r + "[" for r in (w.what, *w.roots) if r and "[" not in r]
        keys = [
            a.target[len(h) : -1]
            for a in m.assigns
            if a.cell == w.cell and span[1] <= a.line < w.line and a.target.endswith("]")
            for h in heads
            if a.target.startswith(h)
        ]
        held = _results_beside_weights(keys)
        if held:
            out.append(Evidence(m.path, w.line, f"{w.call} keeps {', '.join(held[:4])}", w.cell))
    return out


def _tune_repeats(ctx) -> list[Evidence]:
    """Ray Tune's num_samples set from the command line or above 1 (`tune.run(..., num_samples=...)`, an
    experiment spec's 'num_samples' from --num-samples): each configuration run that many times."""
    out = []
    # Ray Tune in use: not a copied library's or a copied project's side tuner (detection says which)
    if not any(d.tool == "ray_tune" for d in ctx.present("hpo")):
        return out
    tune = find(ctx, prefixes=("ray.tune",))
    if not tune:
        return out
    for m, c in tune:
        if not c.has_kw("num_samples"):
            continue
        n = c.kw("num_samples")
        if not (isinstance(n, int) and n <= 1):
            out.append(ev(m, c, f"num_samples={getattr(n, 'text', n)}"))
    for m, c in find(ctx, suffixes=("add_argument",)):
        if any(a in ("--num-samples", "--num_samples") for a in c.args):
            out.append(ev(m, c, f"--num-samples, default {c.kw('default')}"))
    return out


_SEED_LIST_FLAG = re.compile(r"^--?(\w+_)?seeds$")


def _seed_list_options(ctx) -> tuple[list[Evidence], list[Evidence]]:
    """Command-line options that take several seeds (`--trial_seeds 1 2 3`, nargs="+"): those whose
    default already lists two or more, and those whose default holds one."""
    several, given = [], []
    for m, c in find(ctx, suffixes=("add_argument",)):
        flag = next((a for a in c.args if isinstance(a, str) and _SEED_LIST_FLAG.match(a)), None)
        if flag is None or not (c.has_kw("nargs") or isinstance(c.kw("default"), list)):
            continue
        default = c.kw("default")
        if isinstance(default, list) and len(default) >= 2:
            several.append(ev(m, c, f"{flag} default {default!r}"))
        else:
            given.append(ev(m, c, f"{flag} (a list of seeds, default {default!r})"))
    return several, given


# ... "4.31±.08" (no leading zero), "95.68 +- 0.08"
_BARE_SPREAD = re.compile(r"\b\d+(\.\d+)?\s*(±|\+/-|\+-|\\pm|&plusmn;|&#177;)\s*(\d+(\.\d+)?|\.\d+)")


# Methods by which a model makes its output: samples drawn there are the model's (a forecaster's
# predict() resampling its sample paths), not a bootstrap of a result
_INFERENCE_METHODS = frozenset(
    {"predict", "predict_proba", "forward", "sample", "generate", "__call__", "transform"}
)


def _in_model_inference(m, c) -> bool:
    return m.in_function_named(_INFERENCE_METHODS, c.line, c.cell)


def _bootstrap(ctx) -> list[Evidence]:
    """Bootstrap resampling written by hand: rows drawn with replacement (`df.sample(frac=1.0,
    replace=True)`, `np.random.choice(n, n, replace=True)`), or a project function that says it
    bootstraps (compute_bootstrap_elo) and is called."""
    # ... where a statistic's spread is then taken (a percentile, a standard deviation): drawing tokens
    # with replacement to build a toy dataset resamples nothing
    spread = {
        m.path
        for m, c in facts(ctx).calls
        if _last(c.name) in ("percentile", "quantile", "nanpercentile", "std")
    }
    out = evs(
        [
            (m, c)
            for m, c in find(ctx, suffixes=("sample", "choice"), pred=lambda c: c.kw("replace") is True)
            if m.path in spread and not _in_model_inference(m, c)
        ][:2],
        "resamples with replacement (bootstrap)",
    )
    if out:
        return out
    # ShuffleSplit(n_splits=50): the model trained again on each of many resampled splits, its scores'
    # spread reported (bootstrapping a model's error); a 5-fold KFold is an evaluation protocol
    out = evs(
        find(
            ctx,
            suffixes=("ShuffleSplit", "StratifiedShuffleSplit", "RepeatedKFold", "RepeatedStratifiedKFold"),
            roots={"sklearn"},
            pred=lambda c: (
                isinstance(c.kw("n_splits"), int)
                and c.kw("n_splits") >= 10
                or (
                    _last(c.name).startswith("Repeated")
                    and isinstance(c.kw("n_repeats"), int)
                    and c.kw("n_repeats") >= 3
                )
            ),
        )[:2],
        lambda c: f"retrains on resampled splits ({_last(c.name)})",
    )
    if out:
        return out
    defined = {
        name: (m.path, line, cell)
        for m in facts(ctx).modules
        for name, line, cell, _end in m.functions
        if "bootstrap" in name.lower()
    }
    if not defined:
        return []
    for m, c in find(ctx, suffixes=tuple(sorted(defined)))[:1]:
        name = c.name.rsplit(".", 1)[-1]
        path, line, cell = defined[name]
        return [Evidence(path, line, f"bootstrap resampling ({name}, called at {m.path}:{c.line})", cell)]
    return []


_SEED_FROM_VAR = re.compile(r"--seed[ =]+\$\{?(\w+)\}?|\bseed=\$\{?(\w+)\}?")


def _shell_seed_loops(ctx) -> list[Evidence]:
    """A script that loops a variable over several values and passes it as the seed
    (`for ((i=0;i<5;i+=1)) ... python main.py --seed $i`, `for s in 1 2 3`, `for s in $(seq 5)`);
    a loop over one value (`for seed in 1; do`) repeats nothing."""
    for path, text in sorted(ctx.index.texts.items()):
        if not is_shell_script(path.lower()):
            continue
        for m in _SEED_FROM_VAR.finditer(text):
            var = m.group(1) or m.group(2)
            # the loop is above the use: searched up to it, without copying the text
            counted = re.compile(rf"for\s*\(\(\s*{re.escape(var)}\s*=").search(text, 0, m.start())
            listed = re.compile(rf"for\s+{re.escape(var)}\s+in\s+([^;\n]+)").search(text, 0, m.start())
            values = listed.group(1).split() if listed else []
            if (
                counted
                or len(values) >= 2
                or (
                    bool(values) and values[0].startswith("{") and ".." in values[0]
                )  # {1..5}; $(seq 5) splits in two
            ):
                line = text.count("\n", 0, m.start()) + 1
                return [Evidence(path, line, f"runs several seeds (loop over ${var})")]
    return []


def _launched_seed_loops(ctx) -> list[Evidence]:
    """A launch script starting one run per seed: `seeds = range(2)`, `for mdp, eta, seed in
    itertools.product(mdps, etas, seeds):` around `run_experiment_lite(algo.train(), seed=seed)`, the same
    setting repeated over several seeds (their spread is read later, from the runs' logs)."""
    from ..detect.engine import scope_of
    from .facts import source_lines

    for m in facts(ctx).modules:
        if scope_of(m.path) == "test":
            continue
        for c in m.calls:
            var = getattr(c.kw("seed"), "text", "")
            if not var.isidentifier() or "." in c.name and c.name.startswith(("numpy.", "random.", "torch.")):
                continue
            lines = source_lines(ctx, m.path) or []
            found = _loop_above(lines, c.line, var, 40)
            if found is not None and _several(found[1], "\n".join(lines[max(0, found[0] - 40) : found[0]])):
                return [Evidence(m.path, found[0], f"launches one run per seed (loop over {var})")]
    return []


def _loop_above(lines: list[str], line: int, var: str, reach: int) -> tuple[int, str] | None:
    """(line, iterable) of the nearest `for` header above ``line`` that binds ``var`` (`for seed in seeds:`,
    `for mdp, eta, seed in product:`), within ``reach`` lines; None when there is none."""
    loop = re.compile(rf"^\s*for\s+(?:[\w\s,()]*\b)?{re.escape(var)}\b[\w\s,()]*\s+in\s+(.+):\s*$")
    for n in range(line - 1, max(0, line - reach), -1):
        hit = loop.match(line_at(lines, n))
        if hit is not None:
            return n, hit.group(1).strip()
    return None


def _several(iterable: str, above: str, depth: int = 0) -> bool:
    """The loop's iterable holds two values or more: range(k>=2), a literal list, a name bound to one
    above, or a product of such lists (itertools.product(mdps, etas, seeds)) whose seeds are several."""
    ranged = re.fullmatch(r"range\((\d+)\)", iterable)
    if ranged:
        return int(ranged.group(1)) >= 2
    if iterable[:1] in "[(" and "," in iterable:
        return True
    product = re.fullmatch(r"(?:itertools\.)?product\((.+)\)", iterable)
    if product and depth < 3:
        return any(_several(a.strip(), above, depth + 1) for a in product.group(1).split(",") if "seed" in a)
    if re.fullmatch(r"\w+", iterable) and depth < 3:
        bound = list(re.finditer(rf"^\s*{re.escape(iterable)}\s*=\s*", above, re.M))
        return bool(bound) and _several(_expression_at(above, bound[-1].end()), above, depth + 1)
    return False


def _expression_at(text: str, start: int) -> str:
    """The expression starting at ``start``, to the end of its line or, across lines, to the bracket closing
    the ones it opens (`itertools.product(\n    mdps, etas, seeds\n)`), on one line."""
    depth, end = 0, start
    while end < len(text) and end - start < 400:
        ch = text[end]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "\n" and depth <= 0:
            break
        end += 1
    return " ".join(text[start:end].split())


_SPREAD_CALLS = ("numpy.std", "numpy.var", "statistics.stdev", "statistics.pstdev", "scipy.stats.sem",
                 "numpy.nanstd", "torch.std")  # fmt: skip


def _python_seed_loops(ctx) -> list[Evidence]:
    """`for seed in seeds:` (a list or range of several values) around `np.random.seed(seed)`, in a module
    that trains, collecting a result per seed (`scores.append(...)` in the loop) whose spread it then takes
    (`np.std(scores)`): the experiment repeated over seeds and its variance reported, in the code itself."""
    from ..detect.engine import TRAIN_CALL, scope_of
    from .facts import SEED_CALLS, line_at, source_lines

    for m in facts(ctx).modules:
        spreads = [c for c in m.calls if c.name in _SPREAD_CALLS and c.args]
        if scope_of(m.path) == "test" or not spreads or not any(TRAIN_CALL.search(c.name) for c in m.calls):
            continue
        for c in m.calls:
            var = getattr(c.args[0], "text", "") if c.args and c.name in SEED_CALLS else ""
            if not var.isidentifier():
                continue
            lines = source_lines(ctx, m.path) or []
            found = _loop_above(lines, c.line, var, 30)
            if found is None:
                continue
            n, iterable = found
            # the spread is taken over what the loop collects: np.std(scores) after scores.append(...)
            collected = [
                s.line
                for s in spreads
                if s.line > c.line
                and (held := getattr(s.args[0], "text", "")).isidentifier()
                and any(f"{held}.append(" in line_at(lines, k) for k in range(n + 1, s.line))
            ]
            if collected and _several(iterable, "\n".join(lines[max(0, n - 30) : n])):
                return [Evidence(m.path, n, f"repeats the experiment over several seeds (loop over {var})")]
    return []


# for run in range(args.runs): the whole training repeated, a number of times an option sets
# for run in range(args.runs), range(1, args.runs + 1), tqdm(range(args.runs)), range(cfg['runs'])
_RUNS_WORD = r"\w*(?:runs|repeats|repetitions|reps)\w*"
_RUNS_LOOP = re.compile(
    r"^([ \t]*)for\s+\w+\s+in\s+(?:\w+\()?range\(\s*(?:\d+\s*,\s*)?"
    rf"(?:(\w+)\.({_RUNS_WORD})|(\w+)\[['\"]({_RUNS_WORD})['\"]\]|({_RUNS_WORD}))"
    r"(?:\s*\+\s*1)?\s*\)\)?[^:\n]*:",
    re.M,
)
# the loop's body trains: an optimizer step, a backward pass, a call of a training function
_TRAINS_IN_BODY = re.compile(r"\.backward\(|\.step\(|\b\w*(train|fit|learn)\w*\(", re.I)


_OPTIONS_OBJECT = re.compile(r"args|opts?|options|params|hparams|cfg|config|conf|FLAGS|flags", re.I)


def _loop_body(lines: list[str], line: int, indent: str) -> str:
    """The lines of the block a `for` header at ``line`` opens (those indented deeper, up to 200)."""
    body = []
    for text in lines[line : line + 200]:
        if text.strip() and len(text) - len(text.lstrip()) <= len(indent):
            break
        body.append(text)
    return "\n".join(body)


def _repeated_runs(ctx) -> tuple[list[Evidence], bool]:
    """(evidence, several) for a training module that repeats its training in `for run in range(args.runs):`
    while the project takes a spread (`r.std()`, np.std) of what the runs give (OGB's Logger printing
    mean ± std over runs): several when the option's default, or a command the project documents, asks
    for two runs or more."""
    from ..detect.engine import TRAIN_CALL
    from ..fixes import training_paths
    from .facts import source_lines

    main = training_paths(ctx)
    modules = [m for m in facts(ctx).modules if not main or m.path in main]
    if not any(c.name in _SPREAD_CALLS or c.name.endswith(".std") for m in modules for c in m.calls):
        return [], False
    for m in modules:
        if not any(TRAIN_CALL.search(c.name) for c in m.calls):
            continue
        lines = source_lines(ctx, m.path) or []
        text = "\n".join(lines)
        # ... the count an option sets (args.runs, cfg['runs'], or a --runs the module parses), not a block's
        # layer count; around a body that trains (MC-dropout's forward passes over --mc_runs train nothing)
        loop = next(
            (
                x
                for x in _RUNS_LOOP.finditer(text)
                if (
                    (x.group(2) and _OPTIONS_OBJECT.fullmatch(x.group(2)))
                    or (x.group(4) and _OPTIONS_OBJECT.fullmatch(x.group(4)))
                    or re.search(rf"['\"]--{x.group(3) or x.group(5) or x.group(6)}['\"]", text)
                )
                and _TRAINS_IN_BODY.search(_loop_body(lines, text.count("\n", 0, x.start()) + 1, x.group(1)))
            ),
            None,
        )
        if loop is None:
            continue
        option = loop.group(3) or loop.group(5) or loop.group(6)
        line = text.count("\n", 0, loop.start()) + 1
        default = re.search(rf"['\"]--{option}['\"][^)]*?default\s*=\s*(\d+)", text)
        configured = next(
            (
                (doc.path, at, v)
                for doc in facts(ctx).config_docs
                for k, v, at in doc.entries
                if k.rsplit(".", 1)[-1] == option and isinstance(v, int) and not isinstance(v, bool)
            ),
            None,
        )
        if default and int(default.group(1)) >= 2:
            return [
                Evidence(m.path, line, f"repeats training over {default.group(1)} runs (--{option})")
            ], True
        if configured and configured[2] >= 2:
            where = f"{configured[0]}:{configured[1]}"
            return [
                Evidence(m.path, line, f"repeats training over {configured[2]} runs ({option} at {where})")
            ], True
        for path, doc in sorted(ctx.index.texts.items()):
            if not path.lower().endswith((".md", ".rst", ".sh", ".txt")):
                continue
            given = re.search(rf"--{option}[ =]+(\d+)", doc)
            if given and int(given.group(1)) >= 2:
                where = f"{path}:{doc.count(chr(10), 0, given.start()) + 1}"
                detail = f"repeats training over --{option} runs ({given.group(1)} in {where})"
                return [Evidence(m.path, line, detail)], True
        return [Evidence(m.path, line, f"for run in range(--{option})")], False
    return [], False


def _stored_seed_repeats(ctx) -> list[Evidence]:
    """Stored runs that repeat one setting under numbered names (logs/hopper/hopper-0 .. hopper-9):
    the same configuration run several times (the numbers are usually seeds)."""
    cat = ctx.catalog
    groups: dict[tuple[str, str], list] = {}
    # Directory-per-run logs only: a tracker's numbered run names may be a sweep of other settings.
    for run in [r for r in (cat.runs if cat is not None else []) if r.store in ("monitor", "tensorboard")]:
        m = re.fullmatch(r"(.*?)[-_]?(?:seed[-_]?)?\d+", run.name or "")
        if m and m.group(1):
            parent = run.path.rsplit("/", 1)[0] if "/" in run.path else "."
            groups.setdefault((parent, run.experiment, m.group(1)), []).append(run)
    out = []
    for (_, experiment, stem), runs in sorted(groups.items()):
        if len(runs) >= 3:
            out.append(
                Evidence(
                    runs[0].path, 0, f"{len(runs)} stored runs of {stem} ({experiment}) under numbered names"
                )
            )
    return out[:2]


# "Results of 5 runs with different seeds will be updated later": repeats promised, not reported
_PROMISED = re.compile(
    r"\b(will\s+be|to\s+be\s+(added|updated|reported)|coming\s+soon|later|todo|planned)\b", re.I
)


def doc_search_seeds(ctx) -> list[Evidence]:
    """Prose reporting repeated runs (not those a sentence promises for later), else results given with
    their spread."""
    from .facts import doc_search

    found = _doc_search_seeds(ctx)
    docs = facts(ctx).docs
    kept = []
    for e in found:
        text = docs.get(e.path) or ctx.index.texts.get(e.path) or ""
        lines = text.splitlines()
        line = lines[e.line - 1] if 0 < e.line <= len(lines) else ""
        sentence = next((s for s in re.split(r"(?<=[.;!?])\s+", line) if e.detail in s), line)
        if not _PROMISED.search(sentence):
            kept.append(e)
    # a result reported with its spread: "93.6 +/- 0.37", "0.71 ± 0.02" (over what, ET321 asks)
    return kept[:2] or doc_search(ctx, _BARE_SPREAD, 2, reported=True)


def _doc_search_seeds(ctx) -> list[Evidence]:
    from .facts import doc_search

    return doc_search(
        ctx,
        re.compile(
            r"(mean\s*(±|\+/-|\\pm)\s*std|confidence interval|"
            # "5 seeds each", "three random seeds", "averaged over 10 runs"
            # ... but "a budget of 1000 trials": an optimiser's trials, unless said to be independent repeats
            # (not "TE 2.12 runs the full-FT path": a version's digits)
            # ... and "N runs" only as repeats ("5 independent runs"), not "compare two runs", "the three runs
            # listed", "5 runs of a random search"
            r"(?<![\d.])\b(\d+|two|three|four|five|ten)\s+((random\s+|different\s+|independent\s+)?seeds|"
            r"(random|different|independent|repeated)\s+runs|runs\s+(each|per\s+(setting|config\w*|task|method)))|"
            r"(?<![\d.])\b(\d+|two|three|four|five|ten)\s+("
            r"independent\s+trials|trials\s+with\s+different\s+(random\s+)?seeds)\b|"
            r"\b(mean|median|average)\s+of\s+(\d+|two|three|four|five|ten)\s+(trials|runs|seeds)\b|"
            # "the paper's numbers are averaged from multiple runs"
            # (not "are not averaged over multiple runs")
            r"(?<!\bnot\s)(?<!\bnever\s)averaged\s+(over|across|from)\s+(\d+|multiple|several|many)\s+runs|\b(over|across)\s+(\d+|two|three|four|five|ten)\s+runs\b|"
            r"\(\s*(\d+|two|three|four|five|ten)\s+runs\s*\)|"
            # "Average and standard deviation results are reported by 3 trials": a spread over repeats
            r"\b(standard\s+deviation|std)\b(?:[^.\n]|\n(?!\s*\n)){0,60}\b(by|over|of|across|from)\s+"
            r"(\d+|two|three|four|five|ten)\s+(trials|runs|seeds)\b|"
            # "median performance over a large number of random seeds", "runs with different random seeds"
            r"\b(many|several|multiple|a\s+(large\s+)?number\s+of)\s+(different\s+)?(random\s+)?seeds\b|"
            r"\b(median|mean|average)\b[^.\n]{0,40}\bover\b[^.\n]{0,40}\b(seeds|runs|trials)\b|"
            r"\bruns\s+with\s+different\s+(random\s+)?seeds\b|"
            # a documented command run per seed: --seed [0/1/2], for seed in {1..5}
            r"--seed[ =]\[\d+(/\d+)+\]|for\s+seed\s+in\b)",
            re.I,
        ),
        8,
        reported=True,
    )
