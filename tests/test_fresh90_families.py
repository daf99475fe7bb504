"""Families of real code met in round fresh90 (and left open from fresh89), each as a synthetic case that
fails without its fix."""

from tests.rules.repo_helpers import audit_committed, dimension

# A launcher that runs a framework's trainer from Python with the console teed into the run's folder,
# through a helper of the project that patches sys.stdout's write (muss's log_std_streams).
TEE_HELPERS = """import sys
from contextlib import contextmanager
from types import MethodType


@contextmanager
def redirect_streams(source_streams, target_streams):
    writes = [t.write for t in target_streams]

    def patched_write(self, message):
        for w in writes:
            w(message)

    originals = [s.write for s in source_streams]
    try:
        for s in source_streams:
            s.write = MethodType(patched_write, s)
        yield
    finally:
        for s, o in zip(source_streams, originals):
            s.write = o


@contextmanager
def log_std_streams(filepath):
    log_file = open(filepath, "w", encoding="utf-8")
    try:
        with redirect_streams(source_streams=[sys.stdout], target_streams=[log_file, sys.stdout]):
            yield
    finally:
        log_file.close()
"""

LAUNCHER = """import torch

from pkg.helpers import log_std_streams


def train(model, exp_dir, lr=0.001):
    with log_std_streams(exp_dir / "train.stdout"):
        opt = torch.optim.SGD(model.parameters(), lr=lr)
        for step in range(100):
            loss = model(torch.randn(4, 8)).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            print(f"step {step} loss {loss.item()}")
        torch.save(model.state_dict(), exp_dir / "model.pt")


"""

# the launch in a module of its own: the directory reaches train() only as its parameter
RUN = """import time
from pathlib import Path

import torch

from pkg.train import train


def get_exp_dir(job_id=None):
    if job_id is not None:
        dir_name = f"slurmjob_{job_id}"
    else:
        dir_name = f"local_{int(time.time() * 1000)}"
    return Path("experiments") / "fairseq" / dir_name


def prepare_exp_dir():
    exp_dir = get_exp_dir()
    exp_dir.mkdir(parents=True, exist_ok=True)
    return exp_dir


def main():
    exp_dir = prepare_exp_dir()
    train(torch.nn.Linear(8, 1), exp_dir=exp_dir)


if __name__ == "__main__":
    main()
"""


def _metrics(result, suffix):
    rec = result.ctx.records
    return [p for p in rec.metrics if p.target.endswith(suffix)]


def _saved_in_train(result):
    """The checkpoint train() itself saves under its exp_dir parameter (not its callers' copies)."""
    return [p for p in result.ctx.records.checkpoints if p.target == "{exp_dir}/model.pt"]


def test_a_console_teed_into_the_run_folder_by_a_helper_is_the_runs_log(tmp_path):
    """muss: `with log_std_streams(exp_dir / "fairseq_train.stdout"):` around training: what the run prints
    lands in that file (a helper opening its parameter and handing the handle with sys.stdout to a tee)."""
    files = {
        "pkg/__init__.py": "",
        "pkg/helpers.py": TEE_HELPERS,
        "pkg/train.py": LAUNCHER,
        "pkg/run.py": RUN,
    }
    result = audit_committed(tmp_path, files)
    parts = [p for p in _metrics(result, "/train.stdout") if p.target == "{exp_dir}/train.stdout"]
    assert parts, result.ctx.records.metrics


def test_a_directory_every_caller_makes_per_run_is_per_run_in_the_function_handed_it(tmp_path):
    """exp_dir = prepare_exp_dir() (returning what get_exp_dir() joined from a timestamp), handed to
    train(model, exp_dir=exp_dir): what train writes below exp_dir is kept per run."""
    files = {
        "pkg/__init__.py": "",
        "pkg/helpers.py": TEE_HELPERS,
        "pkg/train.py": LAUNCHER,
        "pkg/run.py": RUN,
    }
    result = audit_committed(tmp_path, files)
    parts = [p for p in _metrics(result, "/train.stdout") if p.target == "{exp_dir}/train.stdout"]
    assert parts and parts[0].keeping == "time", parts
    ckpts = _saved_in_train(result)
    assert ckpts and ckpts[0].keeping == "time", ckpts


def test_a_directory_one_caller_hands_fixed_is_not_per_run(tmp_path):
    """A second call of train with a fixed folder: the function's folder is what each caller gives."""
    run = RUN.replace(
        "    train(torch.nn.Linear(8, 1), exp_dir=exp_dir)\n",
        "    train(torch.nn.Linear(8, 1), exp_dir=exp_dir)\n    train(torch.nn.Linear(8, 1), exp_dir=Path('out'))\n",
    )
    files = {
        "pkg/__init__.py": "",
        "pkg/helpers.py": TEE_HELPERS,
        "pkg/train.py": LAUNCHER,
        "pkg/run.py": run,
    }
    result = audit_committed(tmp_path, files)
    ckpts = _saved_in_train(result)
    assert ckpts and all(p.keeping != "time" for p in ckpts), ckpts


def test_an_elapsed_time_divided_is_no_fresh_directory(tmp_path):
    """`return (time.time() - start) / 60`: a number, not a folder named by the time; the path
    joined with `/` from a Path and an f-string is one."""
    run = RUN.replace(
        "def get_exp_dir(job_id=None):",
        "def minutes_since(start):\n    return (time.time() - start) / 60\n\n\ndef get_exp_dir(job_id=None):",
    )
    files = {
        "pkg/__init__.py": "",
        "pkg/helpers.py": TEE_HELPERS,
        "pkg/train.py": LAUNCHER,
        "pkg/run.py": run,
    }
    result = audit_committed(tmp_path, files)
    assert "def minutes_since" in run
    fresh = dict(result.ctx.index.modules["pkg/run.py"].fresh_dir_funcs)
    assert fresh.get("get_exp_dir") == "time" and "minutes_since" not in fresh, fresh


def test_stdlib_redirect_stdout_into_a_run_file_is_the_runs_log(tmp_path):
    """`with open(path, "w") as f, contextlib.redirect_stdout(f):` around training."""
    train = """import contextlib
import os
import time

import torch


def main():
    run_dir = os.path.join("runs", time.strftime("%Y%m%d-%H%M%S"))
    os.makedirs(run_dir)
    model = torch.nn.Linear(8, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with open(os.path.join(run_dir, "console.out"), "w") as f, contextlib.redirect_stdout(f):
        for step in range(100):
            loss = model(torch.randn(4, 8)).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            print(step, loss.item())


if __name__ == "__main__":
    main()
"""
    result = audit_committed(tmp_path, {"train.py": train})
    parts = _metrics(result, "/console.out")
    assert parts and parts[0].keeping == "time", result.ctx.records.metrics


def test_a_handle_beside_the_console_in_a_plain_call_is_no_tee_without_the_console(tmp_path):
    """`json.dump(stats, f)` hands a handle but no console: nothing teed (its own write is read as usual)."""
    train = """import json
import sys


def main():
    with open("notes.out", "w") as f:
        print("hello", file=sys.stderr)
        helper(f)


def helper(f):
    pass


if __name__ == "__main__":
    main()
"""
    result = audit_committed(tmp_path, {"train.py": train})
    assert not _metrics(result, "notes.out"), result.ctx.records.metrics


# DeiT-style training: the per-epoch JSON log and the checkpoints only when --output_dir is given (empty by default)
DEIT_MAIN = """import argparse
import json
from pathlib import Path

import torch


def main(args):
    model = torch.nn.Linear(8, 1)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr)
    output_dir = Path(args.output_dir)
    for epoch in range(args.epochs):
        loss = model(torch.randn(4, 8)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        if args.output_dir:
            torch.save({"model": model.state_dict(), "epoch": epoch}, output_dir / "checkpoint.pth")
        log_stats = {"train_loss": loss.item(), "epoch": epoch}
        if args.output_dir:
            with (output_dir / "log.txt").open("a") as f:
                f.write(json.dumps(log_stats) + "\\n")


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--output_dir", default="")
    main(p.parse_args())
"""


def test_results_kept_only_when_an_output_option_is_given_are_not_only_printed(tmp_path):
    """convit (DeiT): `if args.output_dir:` around the JSON log and the checkpoint, the option empty by default:
    runs given the option keep per-run results; the scorecard says so and asks, not 'only printed'."""
    result = audit_committed(
        tmp_path, {"main.py": DEIT_MAIN, "README.md": "# m\n\n`python main.py --lr 0.1`\n"}
    )
    dim = dimension(result, "result_persistence")
    reasons = dim.reasons
    assert dim.score == 3, reasons
    assert "only when" in reasons[0] and "log.txt" in reasons[0], reasons
    et301 = [f for f in result.findings if f.rule_id == "ET301"]
    assert et301 and et301[0].status == "REVIEW" and "only when" in et301[0].message, et301


def test_a_conda_env_pip_installer_and_release_series_pins(tmp_path):
    """phasic-policy-gradient, esm: `- pip` in a conda file is the installer of its `pip:` list, not an unpinned
    dependency; `pytorch::pytorch=1.12.*` pins the release series as `pytorch=1.12` does."""
    env = (
        "name: e\nchannels:\n  - pytorch\ndependencies:\n  - python=3.8\n  - pip\n  - pytorch::pytorch=1.12.*\n"
        "  - pip:\n    - numpy==1.21.2\n    - scipy==1.7.1\n    - pandas==1.1.1\n"
    )
    result = audit_committed(tmp_path, {"train.py": "import torch\n", "environment.yml": env})
    deps = {d.name: d for d in result.ctx.index.dependencies if d.path == "environment.yml"}
    assert "pip" not in deps, deps
    assert deps["pytorch"].pin == "exact", deps["pytorch"]


def test_an_atomic_write_through_a_temporary_file_writes_its_content_to_the_final_path(tmp_path):
    """federated's atomic_write_to_csv: dataframe.to_csv(tmp_name), then tf.io.gfile.copy(src=..., dst=...) and
    rename to the final file: the file a caller names holds the dataframe, written by the function's callers."""
    utils = """import os
import tempfile

import tensorflow as tf


def atomic_write_to_csv(dataframe, output_file):
    tmp_dir = tempfile.mkdtemp()
    tmp_name = os.path.join(tmp_dir, os.path.basename(output_file))
    dataframe.to_csv(tmp_name, header=True)
    tmp_gfile_name = os.path.join(os.path.dirname(output_file), "x.tmp")
    tf.io.gfile.copy(src=tmp_name, dst=tmp_gfile_name, overwrite=True)
    tf.io.gfile.rename(tmp_gfile_name, output_file, overwrite=True)
"""
    result = audit_committed(tmp_path, {"utils.py": utils})
    m = result.ctx.index.modules["utils.py"]
    wf = [x for x in m.writer_funcs if x[0] == "atomic_write_to_csv"]
    assert wf and wf[0][1:3] == (1, 0) and wf[0][3].kind == "dump", m.writer_funcs
    # the temporary file renamed away is no file the run keeps
    assert not any(w.target.endswith("x.tmp") for w in m.writes), m.writes


# torchvision's download helpers copied into a project: the digest is a parameter, None unless a caller gives it
DOWNLOAD_UTILS = """import hashlib
import os
import urllib.request


def check_integrity(fpath, md5=None):
    if md5 is None:
        return os.path.isfile(fpath)
    with open(fpath, "rb") as f:
        return hashlib.md5(f.read()).hexdigest() == md5


def download_url(url, root, filename=None, md5=None):
    fpath = os.path.join(root, filename or os.path.basename(url))
    urllib.request.urlretrieve(url, fpath)
    if not check_integrity(fpath, md5):
        raise RuntimeError("File not found or corrupted.")


def download_and_extract_archive(url, download_root, filename=None, md5=None):
    download_url(url, download_root, filename, md5)
"""

PREP = """from utils.download import download_and_extract_archive

URL = "https://example.org/eurosat.zip"


def main(root):
    download_and_extract_archive(url=URL, download_root=root{md5})


if __name__ == "__main__":
    main("data")
"""


def test_a_copied_download_helper_no_caller_hands_a_digest_checks_nothing(tmp_path):
    """vissl: download_and_extract_archive(url=URL, download_root=root): the md5 parameter stays None down to
    check_integrity, which then only checks that the file exists."""
    from experiment_tracking.rubric import verified_downloads

    files = {"utils/__init__.py": "", "utils/download.py": DOWNLOAD_UTILS, "prep.py": PREP.format(md5="")}
    assert not verified_downloads(audit_committed(tmp_path, files).ctx)


def test_a_copied_download_helper_a_caller_hands_a_digest_is_verified(tmp_path):
    from experiment_tracking.rubric import verified_downloads

    files = {
        "utils/__init__.py": "",
        "utils/download.py": DOWNLOAD_UTILS,
        "prep.py": PREP.format(md5=', md5="c8fa014336c82ac7804f0398fcb19387"'),
    }
    assert verified_downloads(audit_committed(tmp_path, files).ctx)


# Baselines' logger copied into the project (phasic-policy-gradient, many RL repositories)
BASELINES_COPY = """import datetime
import json
import os
import os.path as osp
import tempfile


class CSVOutputFormat:
    def __init__(self, filename):
        self.file = open(filename, "w+t")

    def writekvs(self, kvs):
        self.file.write(",".join(str(v) for v in kvs.values()) + "\\n")


class TensorBoardOutputFormat:
    def __init__(self, dir):
        import tensorflow as tf
        from tensorflow.python import pywrap_tensorflow

        self.tf = tf
        self.writer = pywrap_tensorflow.EventsWriter(osp.join(dir, "events").encode())

    def writekvs(self, kvs):
        self.writer.WriteEvent(kvs)


def make_output_format(format, ev_dir, log_suffix=""):
    os.makedirs(ev_dir, exist_ok=True)
    if format == "csv":
        return CSVOutputFormat(osp.join(ev_dir, "progress%s.csv" % log_suffix))
    elif format == "tensorboard":
        return TensorBoardOutputFormat(osp.join(ev_dir, "tb%s" % log_suffix))
    raise ValueError(format)


def logkv(key, val):
    pass


def dumpkvs():
    pass


def configure(dir=None, format_strs=None):
    if dir is None:
        dir = osp.join(tempfile.gettempdir(), datetime.datetime.now().strftime("openai-%Y-%m-%d-%H-%M-%S-%f"))
    format_strs = format_strs or ["stdout", "log", "csv"]
    return [make_output_format(f, dir) for f in format_strs]
"""

PPG_TRAIN = """import torch

from ppg import logger
from ppg.ppo import learn


def train_fn(log_dir="/tmp/ppg", rank=0):
    if log_dir is not None:
        format_strs = {formats} if rank == 0 else []
        logger.configure(dir=log_dir, format_strs=format_strs)
    model = torch.nn.Linear(4, 2)
    learn(model)
    torch.save(model.state_dict(), "model.jd")


if __name__ == "__main__":
    train_fn()
"""

PPG_PPO = """import torch

from ppg import logger


def learn(model):
    opt = torch.optim.Adam(model.parameters())
    for step in range(10):
        loss = model(torch.randn(2, 4)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        logger.logkv("loss", loss.item())
        logger.dumpkvs()
"""


def _ppg(tmp_path, formats):
    files = {
        "ppg/__init__.py": "",
        "ppg/logger.py": BASELINES_COPY,
        "ppg/train.py": PPG_TRAIN.format(formats=formats),
        "ppg/ppo.py": PPG_PPO,
        "environment.yml": "dependencies:\n  - python=3.7.3\n  - pip\n  - pip:\n    - torch==1.4.0\n",
    }
    return audit_committed(tmp_path, files)


def test_a_baselines_logger_copy_writes_the_formats_its_configure_call_chooses(tmp_path):
    """phasic-policy-gradient: `logger.configure(dir=log_dir, format_strs=['csv', 'stdout'])` with the copy's
    TensorBoard format never chosen: no TensorBoard in use, no tensorflow needed, progress.csv in log_dir."""
    result = _ppg(tmp_path, "['csv', 'stdout']")
    tb = [d for d in result.ctx.detections if d.tool == "tensorboard" and d.category == "tracking"]
    assert all(d.usage != "used" for d in tb), tb
    metrics = [(p.target, p.evidence.path) for p in result.ctx.records.metrics]
    assert metrics and all(t.endswith("/progress.csv") and p == "ppg/train.py" for t, p in metrics), metrics
    env = " ".join(dimension(result, "environment_capture").reasons)
    assert "tensorflow" not in env, env


def test_a_baselines_logger_copy_told_to_write_tensorboard_does(tmp_path):
    result = _ppg(tmp_path, "['csv', 'stdout', 'tensorboard']")
    tb = [d for d in result.ctx.detections if d.tool == "tensorboard" and d.category == "tracking"]
    assert tb and tb[0].usage == "used", result.ctx.detections


def test_a_conda_major_version_series_is_no_pin(tmp_path):
    """lightning-hydra-template's `pytorch=2.*`: any 2.x release, not a pinned one."""
    env = "dependencies:\n  - python=3.10\n  - pytorch=2.*\n"
    result = audit_committed(tmp_path, {"train.py": "import torch\n", "environment.yml": env})
    deps = {d.name: d for d in result.ctx.index.dependencies if d.path == "environment.yml"}
    assert deps["pytorch"].pin != "exact", deps["pytorch"]


LAUNCH_COPY = """import os
import shutil
import time

import train


def copy_py(dst_folder, root="."):
    for f in os.listdir(root):
        if f.endswith(".py"):
            shutil.copy2(f, dst_folder)


def main():
    job_dir = {job_dir}
    os.makedirs(job_dir)
    copy_py(job_dir)
    train.main(None)


if __name__ == "__main__":
    main()
"""


def _code_reason(tmp_path, job_dir):
    files = {"launch.py": LAUNCH_COPY.format(job_dir=job_dir), "train.py": DEIT_MAIN}
    result = audit_committed(tmp_path, files)
    return result, " ".join(dimension(result, "code_versioning").reasons)


def test_python_files_listed_and_copied_by_a_launcher_are_a_code_snapshot(tmp_path):
    """convit's run_with_submitit.py: `for f in os.listdir(root): if f.endswith('.py'): shutil.copy2(f, dst)`
    copies the project's code into the job's folder."""
    result, reason = _code_reason(tmp_path, 'os.path.join("jobs", time.strftime("%Y%m%d-%H%M%S"))')
    assert result.ctx.records.code, result.ctx.records
    assert "code is copied" in reason, reason


def test_code_copied_into_a_folder_every_run_shares_is_no_run_level_capture(tmp_path):
    """convit's shared folder is fixed (`/checkpoint/{user}/convit/1614800338`): each launch overwrites the copy."""
    launch = LAUNCH_COPY.format(job_dir='"jobs/shared"')
    result = audit_committed(tmp_path, {"launch.py": launch, "train.py": DEIT_MAIN})
    reason = " ".join(dimension(result, "code_versioning").reasons)
    assert any(p.keeping == "fixed" for p in result.ctx.records.code), result.ctx.records.code
    assert "each run's directory" not in reason, reason


def test_a_plain_copy_of_a_written_file_stays_a_copy(tmp_path):
    """wavenet_vocoder: torch.save(state, checkpoint_path); shutil.copyfile(checkpoint_path, latest_pth): the
    latest copy beside the step's checkpoint is no new checkpoint written (only a temporary step of an atomic
    write carries the content on)."""
    utils = """import os
import shutil

import torch


def save_checkpoint(model, step, checkpoint_dir):
    checkpoint_path = os.path.join(checkpoint_dir, "checkpoint_step{:09d}.pth".format(step))
    torch.save({"state_dict": model.state_dict(), "global_step": step}, checkpoint_path)
    latest_pth = os.path.join(checkpoint_dir, "checkpoint_latest.pth")
    shutil.copyfile(checkpoint_path, latest_pth)
"""
    result = audit_committed(tmp_path, {"utils.py": utils})
    kinds = {w.target.rsplit("/", 1)[-1]: w.kind for w in result.ctx.index.modules["utils.py"].writes}
    assert kinds.get("checkpoint_latest.pth") == "copy", kinds


# google-research/federated's hyperparameter record: absl flags, a chain of writer helpers, an atomic CSV write
FED_IMPL = """import os
import tempfile

import pandas as pd
import tensorflow as tf


def atomic_write_to_csv(dataframe, output_file):
    tmp_name = os.path.join(tempfile.mkdtemp(), os.path.basename(output_file))
    dataframe.to_csv(tmp_name, header=True)
    tmp_gfile_name = os.path.join(os.path.dirname(output_file), "{}.tmp".format(os.path.basename(output_file)))
    tf.io.gfile.copy(src=tmp_name, dst=tmp_gfile_name, overwrite=True)
    tf.io.gfile.rename(tmp_gfile_name, output_file, overwrite=True)


def atomic_write_series_to_csv(series_data, output_file):
    dataframe = pd.DataFrame(pd.Series(series_data))
    atomic_write_to_csv(dataframe, output_file)
"""

FED_UTILS = """import os

from utils import utils_impl


def write_hparams_to_csv(hparam_dict, root_output_dir, experiment_name):
    results_dir = os.path.join(root_output_dir, "results", experiment_name)
    utils_impl.atomic_write_series_to_csv(hparam_dict, os.path.join(results_dir, "hparams.csv"))
"""

FED_OTHER = """import os

from utils import utils_impl


def write_hparams_to_csv(hparam_dict, root_output_dir, experiment_name):
    utils_impl.atomic_write_series_to_csv(hparam_dict, os.path.join(root_output_dir, "other.csv"))
"""

FED_TRAINER = """from absl import app, flags

from utils import training_utils

flags.DEFINE_string("root_output_dir", "/tmp/fed_opt/", "Root directory.")
flags.DEFINE_string("experiment_name", None, "The name of this experiment.")
FLAGS = flags.FLAGS


def main(argv):
    hparam_dict = {"lr": 0.1}
    training_utils.write_hparams_to_csv(hparam_dict, FLAGS.root_output_dir, FLAGS.experiment_name)


if __name__ == "__main__":
    app.run(main)
"""


def test_a_flags_directory_handed_to_a_writer_chain_is_followed_to_the_module_named(tmp_path):
    """federated: training_utils.write_hparams_to_csv(hparam_dict, FLAGS.root_output_dir, ...) forwards to
    atomic_write_series_to_csv, which reshapes its parameter (pd.DataFrame(pd.Series(series_data))) before the
    atomic write: the trainer writes hparam_dict to hparams.csv, and another module's function of the same name
    (writing other.csv) is not the one called."""
    from experiment_tracking.records import _helper_writes

    files = {
        "utils/__init__.py": "",
        "utils/utils_impl.py": FED_IMPL,
        "utils/training_utils.py": FED_UTILS,
        "other/__init__.py": "",
        "other/train_lib.py": FED_OTHER,
        "trainer.py": FED_TRAINER,
    }
    result = audit_committed(tmp_path, files)
    placed = _helper_writes(result.ctx).get("trainer.py", [])
    targets = {w.target: w for w in placed}
    hp = targets.get("{FLAGS.root_output_dir}/results/{experiment_name}/hparams.csv")
    assert hp is not None and "hparam_dict" in hp.roots, placed
    assert not any(t.endswith("other.csv") for t in targets), placed


def test_a_hydra_app_beside_the_training_captures_that_apps_config_not_the_trainings(tmp_path):
    """esm: the Hydra app in examples/lm-design (a design driver, project code there) is not the training (a fit elsewhere): its
    .hydra/config.yaml records that app's runs, not the training runs'."""
    design = """import hydra


@hydra.main(config_path="conf", config_name="config")
def main(cfg):
    print(cfg.seed)


if __name__ == "__main__":
    main()
"""
    train = """import argparse

import torch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--lr", type=float, default=0.1)
    args = p.parse_args()
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr)
    for _ in range(10):
        loss = model(torch.randn(2, 4)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
"""
    files = {
        "train.py": train,
        "design/design.py": design,
        "design/conf/config.yaml": "seed: 1\n",
        "requirements.txt": "torch==2.1.0\nhydra-core==1.3.2\n",
    }
    result = audit_committed(tmp_path, files)
    param = dimension(result, "parameter_logging")
    results = " ".join(dimension(result, "result_persistence").reasons)
    assert param.score < 5, param.reasons
    assert "Hydra" not in results, results
