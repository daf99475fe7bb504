"""Families of real code the fresh76 round showed the auditor reading wrong, each with a synthetic case
of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, dimension, finding

BUCKET_README = """
# Offline agents

The logged replay data lives in a public bucket. Copy it with:

```
gsutil -m cp -R gs://example-replay-logs/dqn ./
```

Then train:

```
python train.py --replay_dir ./dqn
```
"""

REPLAY_TRAIN = """
import argparse
import numpy as np
import torch

p = argparse.ArgumentParser()
p.add_argument("--replay_dir")
args = p.parse_args()
data = np.load(args.replay_dir + "/store.npz")
model = torch.nn.Linear(4, 2)
opt = torch.optim.Adam(model.parameters())
for step in range(100):
    loss = model(torch.tensor(data["obs"][step])).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
"""


def test_documented_bucket_copy_is_a_data_source(tmp_path):
    """A README whose shell block copies the data from a public bucket (`gsutil -m cp -R gs://...`)
    documents where the data comes from: level 1, citing the command, not "no documented data source"."""
    result = audit_committed(tmp_path, {"README.md": BUCKET_README, "train.py": REPLAY_TRAIN})
    dv = dimension(result, "data_versioning")
    assert dv.score == 1
    assert "README.md:6: gsutil -m cp" in " ".join(dv.reasons)


def test_installer_or_weights_download_in_readme_is_no_data_source(tmp_path):
    """`curl ... | sh` installs a tool and `wget .../resnet_weights.tar` fetches weights: neither says
    where the training data comes from."""
    readme = (
        "# Agents\n\n```\ncurl -sSL https://example.org/get-tool.sh | sh\n"
        "wget https://example.org/resnet_weights.tar\n```\n\nRun `python train.py`.\n"
    )
    result = audit_committed(tmp_path, {"README.md": readme, "train.py": REPLAY_TRAIN})
    assert dimension(result, "data_versioning").score == 0


def test_python3_command_in_shell_block_is_a_run_instruction(tmp_path):
    """`python3 -m pkg.scripts.train --logdir ...` in a ```sh block, after a citation block, is a run
    command: "python" followed by "3" is still the interpreter."""
    readme = (
        "# Agent\n\n```\n@article{x2019, title={X}}\n```\n\n## Instructions\n\n"
        "```sh\npython3 -m agent.scripts.train --logdir ./logdir/debug \\\n  --params '{tasks: [dummy]}'\n```\n"
    )
    train = REPLAY_TRAIN.replace(
        'p.add_argument("--replay_dir")', 'p.add_argument("--replay_dir", default=".")'
    )
    result = audit_committed(
        tmp_path,
        {
            "README.md": readme,
            "agent/__init__.py": "",
            "agent/scripts/__init__.py": "",
            "agent/scripts/train.py": train,
        },
    )
    f = finding(result, "ET604")
    assert f.status == "PASS", f.message
    assert f.evidence[0].line == 7  # the "## Instructions" section holding the command


TF1_RUNNER = """
import tensorflow as tf


class Runner:
    def __init__(self, agent, base_dir):
        self._agent = agent
        self._summary_writer = tf.summary.FileWriter(base_dir)

    def _run_phase(self, steps):
        total = 0.0
        for _ in range(steps):
            total += self._agent.step()
        return total / steps

    def run(self, iterations):
        for iteration in range(iterations):
            self._agent.train_step()
            average = self._run_phase(100)
            summary = tf.Summary(value=[tf.Summary.Value(tag='Eval/AverageReturns', simple_value=average)])
            self._summary_writer.add_summary(summary, iteration)
"""

TF1_TRAIN = """
import tensorflow as tf
from runner import Runner


class Agent:
    def __init__(self):
        self.w = tf.Variable(1.0)
        self.opt = tf.train.AdamOptimizer(0.001)
        self.train_op = self.opt.minimize(self.w * self.w)

    def step(self):
        return 1.0

    def train_step(self):
        return self.train_op


if __name__ == "__main__":
    Runner(Agent(), "/tmp/run").run(10)
"""


def test_tf1_summary_value_with_eval_tag_is_an_evaluation_metric(tmp_path):
    """`tf.Summary.Value(tag='Eval/AverageReturns', simple_value=average)` written to a FileWriter is
    the evaluation metric of each iteration, recorded in TensorBoard: not "no evaluation metric"."""
    result = audit_committed(tmp_path, {"train.py": TF1_TRAIN, "runner.py": TF1_RUNNER})
    f = finding(result, "ET302")
    assert f.status == "PASS", f.message
    assert any(e.path == "runner.py" and "Eval/AverageReturns" in e.detail for e in f.evidence)


def test_python_version_up_to_in_backticks_is_stated(tmp_path):
    """ "The python version upto `3.7.9` has been reported to work" states the Python the code runs on:
    not "no Python version is pinned or stated"."""
    readme = (
        "# Agents\n\nRun `python train.py`.\n\nThe python version upto `3.7.9` has been reported to work.\n"
    )
    result = audit_committed(tmp_path, {"README.md": readme, "train.py": REPLAY_TRAIN})
    f = finding(result, "ET411")
    assert "No Python version is pinned or stated" not in f.message
    assert any(e.path == "README.md" and e.line == 5 for e in f.evidence), f.evidence


GATED_BEST_TRAIN = """
import argparse
import torch

p = argparse.ArgumentParser()
p.add_argument("--save-model", default="")
p.add_argument("--epochs", type=int, default=3)
args = p.parse_args()
model = torch.nn.Linear(4, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.1)


def evaluate(best_acc):
    acc = float(model(torch.ones(4)).sum())
    is_best = acc > best_acc
    return acc, is_best


best = 0.0
for epoch in range(args.epochs):
    loss = model(torch.ones(4)).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    acc, is_best = evaluate(best)
    if is_best and not (args.save_model == ""):
        best = acc
        torch.save({"epoch": epoch, "state": model.state_dict()}, args.save_model)
"""

SIDE_EXPORT = """
import argparse
import onnx

p = argparse.ArgumentParser()
p.add_argument("--save-onnx", action="store_true")
args = p.parse_args()
graph = onnx.helper.make_graph([], "g", [], [])
if args.save_onnx:
    with open("model.onnx", "w") as f:
        f.write(str(graph))
"""


def test_gated_save_of_the_main_script_is_the_question_and_keeps_the_best(tmp_path):
    """The main script saves `if is_best and not (args.save_model == ""):` and a side script exports ONNX
    behind `--save-onnx`: the question names the main script's switch, and the save keeps the best model."""
    result = audit_committed(tmp_path, {"zz_train.py": GATED_BEST_TRAIN, "aa_export.py": SIDE_EXPORT})
    f = finding(result, "ET310")
    assert f.status == "REVIEW", f.message
    assert "the best model is selected (zz_train.py:" in f.message
    assert "save_model" in f.question and "save_onnx" not in f.question


GUILD_FILE = """
- model: digits
  operations:
    prepare-data:
      main: prepare --out .
    train:
      main: train --data data
      requires: prepared
      flags:
        optimizer:
          default: adam
          choices: [adam, sgd]
        lr:
          default: 0.01
          min: 1e-5
          max: 1e-1
          distribution: loguniform
      compare:
        - =lr
        - loss step as step
  resources:
    prepared:
      path: data
      sources:
        - operation: prepare-data
          select: .+\\\\.npy
"""

GUILD_TRAIN = """
import argparse
import numpy as np
import torch

p = argparse.ArgumentParser()
p.add_argument("--data")
p.add_argument("--lr", type=float, default=0.01)
p.add_argument("--optimizer", default="adam")
args = p.parse_args()
x = torch.tensor(np.load(args.data + "/x.npy"))
model = torch.nn.Linear(4, 1)
opt = torch.optim.Adam(model.parameters(), lr=args.lr)
for step in range(100):
    loss = model(x).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print("loss: %f" % float(loss))
torch.save(model.state_dict(), "model.pt")
"""

GUILD_PREPARE = """
import argparse
import numpy as np

p = argparse.ArgumentParser()
p.add_argument("--out")
args = p.parse_args()
np.save(args.out + "/x.npy", np.ones((8, 4)))
"""


def _guild_repo(tmp_path, guild_file=GUILD_FILE):
    return audit_committed(
        tmp_path,
        {
            "README.md": "# Digits\n\nRun `guild run digits:train`.\n",
            "digits/guild.yml": guild_file,
            "digits/train.py": GUILD_TRAIN,
            "digits/prepare.py": GUILD_PREPARE,
        },
    )


def test_guild_operations_record_every_run_of_the_scripts_they_run(tmp_path):
    """A Guild file whose operation runs train.py: Guild records every run's flags, source code and
    commit, cited at the operation's `main:` line, and the parameter score is its automatic capture."""
    result = _guild_repo(tmp_path)
    for rule in ("ET210", "ET420"):
        f = finding(result, rule)
        assert f.status == "PASS", (rule, f.message)
        assert f.evidence[0].path == "digits/guild.yml" and f.evidence[0].line == 6, f.evidence
    assert dimension(result, "parameter_logging").score == 5


def test_guild_chained_operations_search_spaces_and_compare_columns(tmp_path):
    """`requires:` a resource another operation produces is a pipeline; a flag's `distribution:` is a
    search space (a flag named `optimizer` is not); `compare:` columns compare runs."""
    result = _guild_repo(tmp_path)
    tools = {(d.tool, d.category) for d in result.ctx.detections}
    assert ("guild_pipelines", "pipelines") in tools
    assert ("guild_optimizers", "hpo") in tools
    assert finding(result, "ET320").status == "PASS"
    assert finding(result, "ET501").status == "PASS"
    plain = GUILD_FILE.replace("          distribution: loguniform\n", "")
    other = _guild_repo(tmp_path / "plain", plain)
    assert "guild_optimizers" not in {d.tool for d in other.ctx.detections}


def test_guild_check_steps_are_tests_not_a_pipeline(tmp_path):
    """A private `_check:` operation whose steps run the others with expectations tests the file."""
    guild_file = """
train:
  main: train --data data
_check:
  steps:
    - run: train
      expect:
        - file: model.pt
"""
    result = _guild_repo(tmp_path, guild_file)
    assert "guild_pipelines" not in {d.tool for d in result.ctx.detections}


PRETRAIN = """
import argparse
import json
import torch
from utils import save_logs


def run(model, opt, n_epochs, path_ckpt, logs):
    for epoch in range(n_epochs):
        loss = model(torch.ones(4)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        logs["loss"] = float(loss)
        torch.save(model.state_dict(), f"{path_ckpt}_{epoch}.pt")
        save_logs(logs, path_ckpt + "_logs.json")


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--pathCheckpoint")
    p.add_argument("--lr", type=float, default=0.1)
    args = p.parse_args()
    print(json.dumps(vars(args)))
    model = torch.nn.Linear(4, 1)
    run(model, torch.optim.SGD(model.parameters(), lr=args.lr), 10, args.pathCheckpoint, {})
"""

UTILS = """
import json


def save_logs(data, path):
    with open(path, "w") as f:
        json.dump(data, f)
"""

PROBE = """
import argparse
import json
import os
import torch


def run(model, opt, n_epochs, path_ckpt):
    best = float("inf")
    for epoch in range(n_epochs):
        loss = model(torch.ones(4)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        if float(loss) < best:
            best = float(loss)
            torch.save(model.state_dict(), path_ckpt)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--output")
    p.add_argument("--name", default="probe")
    p.add_argument("--lr", type=float, default=0.1)
    args = p.parse_args()
    with open(os.path.join(args.output, f"args_{args.name}.json"), "w") as f:
        json.dump(vars(args), f)
    model = torch.nn.Linear(4, 1)
    run(model, torch.optim.SGD(model.parameters(), lr=args.lr), 10, os.path.join(args.output, "probe.pt"))
"""


def _probe_repo(tmp_path):
    readme = (
        "# Speech\n\n```bash\npython pretrain.py --pathCheckpoint ckpt\n"
        "python eval/linear_probe.py --output out\npython eval/finetune_probe.py --output out\n```\n"
    )
    return audit_committed(
        tmp_path,
        {
            "README.md": readme,
            "pretrain.py": PRETRAIN,
            "utils.py": UTILS,
            "eval/linear_probe.py": PROBE,
            "eval/finetune_probe.py": PROBE.replace('"probe.pt"', '"finetuned.pt"'),
        },
    )


def test_downstream_evaluations_do_not_make_the_training_record_its_configuration(tmp_path):
    """The pretraining script only prints its options; two downstream evaluations under eval/ dump theirs.
    The typical run is the training: its configuration is not recorded (level 2 at most, not 5)."""
    result = _probe_repo(tmp_path)
    pl = dimension(result, "parameter_logging")
    assert pl.score <= 2, pl.reasons
    assert "other scripts do" in pl.reasons[0]


def test_bare_call_resolves_to_the_callers_own_function(tmp_path):
    """eval/linear_probe.py calls its own run(), which saves the best model: not pretrain.py's run(),
    which writes `{path}_logs.json`. No metrics stream is placed at the probe's call."""
    result = _probe_repo(tmp_path)
    streams = [p for p in result.ctx.records.metrics if p.evidence.path.startswith("eval/")]
    assert not [p for p in streams if "_logs.json" in p.target], [(p.target, p.evidence) for p in streams]


RUNNER_LIB = """
class Experiment:
    def __init__(self, logdir, process_fn):
        self._logdir = logdir
        self._process_fn = process_fn

    def __iter__(self):
        args = (self._logdir,)
        for value in self._process_fn(self._logdir, *args):
            yield value
"""

RUNNER_TEST = """
import os
import pickle
from lib.runner import Experiment


def _process_fn(logdir, numbers=(1, 2)):
    with open(os.path.join(logdir, "numbers"), "wb") as f:
        pickle.dump(numbers, f)
    return numbers


def test_runs(tmp_path):
    assert list(Experiment(str(tmp_path), _process_fn))
"""

RUNNER_TRAIN = """
import torch
from lib.runner import Experiment


def process(logdir):
    yield logdir


if __name__ == "__main__":
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for step in range(10):
        loss = model(torch.ones(2)).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    torch.save(model.state_dict(), "model.pt")
    for value in Experiment("runs", process):
        print(value)
"""


def test_a_test_modules_writer_does_not_resolve_the_projects_calls(tmp_path):
    """tests/test_runner.py's `_process_fn` pickles numbers into `{logdir}/numbers`; the library's
    `self._process_fn(self._logdir)` calls whatever it was handed, never the test's helper: no run
    record is placed there."""
    result = audit_committed(
        tmp_path,
        {
            "train.py": RUNNER_TRAIN,
            "lib/__init__.py": "",
            "lib/runner.py": RUNNER_LIB,
            "tests/test_runner.py": RUNNER_TEST,
        },
    )
    rec = result.ctx.records
    parts = [*rec.config, *rec.metrics, *rec.checkpoints] if rec is not None else []
    assert not [p for p in parts if p.target.endswith("/numbers")], [(p.target, p.evidence) for p in parts]


def test_matlab_conversion_script_in_data_folder_is_not_committed_data(tmp_path):
    """data/ConvertDataset.m converts the downloaded recordings: a MATLAB script, not training data
    committed in git."""
    matlab = "function ConvertDataset(in_dir, out_dir)\n" + "% convert the recordings\n" * 200 + "end\n"
    result = audit_committed(tmp_path, {"train.py": REPLAY_TRAIN, "data/ConvertDataset.m": matlab})
    assert "ConvertDataset.m" not in " ".join(dimension(result, "data_versioning").reasons)
    assert "ConvertDataset.m" not in finding(result, "ET120").message


SUMMARIZE_TRAIN = """
import glob
import os
import tensorflow as tf
from rouge_score import rouge_scorer, scoring

flags = tf.compat.v1.flags
flags.DEFINE_string("model_dir", "out", "where checkpoints go")
FLAGS = flags.FLAGS


def score(targets, predictions):
    scorer = rouge_scorer.RougeScorer(["rouge1"])
    aggregator = scoring.BootstrapAggregator()
    for t, p in zip(targets, predictions):
        aggregator.add_scores(scorer.score(t, p))
    return aggregator.aggregate()


def get_best_checkpoint_id(model_dir):
    best, best_id = -1.0, -1
    for path in glob.glob(os.path.join(model_dir, "metrics-*.txt")):
        value = float(open(path).read())
        if value > best:
            best, best_id = value, int(path.split("-")[1].split(".")[0])
    return best_id


def main(_):
    model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(tf.ones((4, 2)), tf.ones((4, 1)), epochs=2)
    model.save_weights(os.path.join(FLAGS.model_dir, "ckpt"))
    print(score(["a b"], ["a c"]))
    print(get_best_checkpoint_id(FLAGS.model_dir))


if __name__ == "__main__":
    tf.compat.v1.app.run(main)
"""


def test_bootstrap_aggregator_and_a_best_checkpoint_picker(tmp_path):
    """rouge_score's BootstrapAggregator gives the scores' confidence intervals (ET321), and a called
    `get_best_checkpoint_id(model_dir)` picks the checkpoint with the best evaluation (ET310)."""
    result = audit_committed(tmp_path, {"train.py": SUMMARIZE_TRAIN})
    assert finding(result, "ET321").status == "PASS"
    f = finding(result, "ET310")
    assert f.status == "PASS" and "best model is selected" in f.message, f.message
    assert any("get_best_checkpoint_id" in e.detail for e in f.evidence)


EXTRACT = """
import json
import pydantic


class Person(pydantic.BaseModel):
    name: str
    age: int


def find_md_files(folder):
    import glob
    return [open(p).read() for p in glob.glob(folder + "*.md")]


docs = find_md_files("../docs_sample/")
print(json.dumps([Person(name=d[:5], age=1).dict() for d in docs]))
"""


def test_llm_schema_and_retrieval_corpus_say_nothing_of_the_projects_practices(tmp_path):
    """A pydantic `Person` an LLM's answers are parsed into is no typed run configuration (ET202); the
    Markdown pages the code retrieves from (`find_md_files("../docs_sample/")`) are its input, so their
    "Privacy" section and "data retention" sentence state no policy of this project (ET612, ET614)."""
    page = "# Teams\n\nShare runs with your team.\n\n## Privacy\n\nPersonal data of members is protected.\n"
    files = {"app/extract.py": EXTRACT, "train.py": REPLAY_TRAIN}
    for i in range(3):
        files[f"docs_sample/page{i}.md"] = page + "\nArtifacts retention policy: 30 days.\n"
    result = audit_committed(tmp_path, files)
    assert not any("Person" in e.detail for e in _evidence(result, "ET202"))
    assert not any(
        e.path.startswith("docs_sample/") for e in _evidence(result, "ET612") + _evidence(result, "ET614")
    )


def test_a_retention_word_is_no_retention_policy(tmp_path):
    """ "improving the student's retention of the material" in a prompting guide defines no retention of
    runs or artifacts; "Retention: runs older than 180 days are deleted" does."""
    readme = "# Runs\n\nTracked in W&B.\n\nThis improves the student's retention of the material.\n"
    train = REPLAY_TRAIN.replace("import torch\n", "import torch\nimport wandb\n", 1) + (
        '\nwandb.init(project="p", entity="team")\nwandb.log({"loss": float(loss)})\n'
    )
    result = audit_committed(tmp_path / "said", {"README.md": readme, "train.py": train})
    assert not any(e.detail == "retention" for e in _evidence(result, "ET614"))
    readme += "\nRetention: runs older than 180 days are deleted.\n"
    result = audit_committed(tmp_path / "kept", {"README.md": readme, "train.py": train})
    assert any(e.detail == "retention" for e in _evidence(result, "ET614"))


def _evidence(result, rule_id: str) -> list:
    """The evidence of a rule's findings (none when the rule does not apply)."""
    return [e for f in result.findings if f.rule_id == rule_id for e in f.evidence]


def test_image_fix_keeps_the_dockerfiles_own_framework(tmp_path):
    """A Dockerfile on `pytorch/pytorch:latest` in a repository where another course folder pins
    tensorflow==2.7.0: the fix pins the PyTorch image, not a TensorFlow one."""
    dockerfile = "FROM pytorch/pytorch:latest\nCOPY . /src\nRUN pip install -r /src/requirements.txt\n"
    result = audit_committed(
        tmp_path,
        {
            "serve/Dockerfile": dockerfile,
            "serve/requirements.txt": "torch\nwandb\n",
            "serve/train.py": REPLAY_TRAIN,
            "keras-course/requirements.txt": "tensorflow==2.7.0\n",
            "keras-course/train.py": "import tensorflow as tf\nm = tf.keras.Sequential()\nm.compile('adam', 'mse')\n"
            "m.fit(tf.ones((2, 2)), tf.ones((2, 1)))\n",
        },
    )
    fix = finding(result, "ET412").recommendation
    assert "FROM pytorch/pytorch:" in fix and "tensorflow/tensorflow" not in fix, fix


def test_python2_helper_beside_python3_training_does_not_pin_python2(tmp_path):
    """tools/samples.py still reads as Python 2 (`print "..."`), but the training script does not
    import it and the project declares Python >= 3.8: the Python fix is not `echo '2.7'`."""
    setup = 'from setuptools import setup\nsetup(name="p", version="0.1", python_requires=">=3.8")\n'
    samples = 'import sys\nfor p in sys.argv[1:]:\n    print "Writing %s" % p\n'
    result = audit_committed(
        tmp_path, {"setup.py": setup, "train.py": REPLAY_TRAIN, "tools/samples.py": samples}
    )
    fix = finding(result, "ET411").recommendation
    assert "'2.7'" not in fix, fix


def test_a_dependencies_folder_without_code_is_the_projects_own(tmp_path):
    """dependencies/ holding a Guild file and two text files is the project's example of operation
    dependencies, not vendored code; external/ holding a copied library's modules stays vendored."""
    guild = "op:\n  main: guild.pass\n  requires:\n    - file: file.txt\n"
    result = audit_committed(
        tmp_path,
        {
            "train.py": REPLAY_TRAIN,
            "dependencies/guild.yml": guild,
            "dependencies/file.txt": "hello\n",
            "external/lib/core.py": "def f():\n    return 1\n",
        },
    )
    vendored = result.ctx.inventory.vendored
    assert "dependencies" not in vendored, vendored
    assert "external" in vendored, vendored


def test_a_count_of_runs_is_no_repetition_over_seeds(tmp_path):
    """ "We can compare two runs like so" and "run a random search of 5 runs" count runs; they do not repeat
    one setting over seeds. "Each model is trained over 5 independent runs" does."""
    said = "# Runs\n\nWe can compare two runs like so.\n\nTry a random search: 5 runs over x.\n"
    result = audit_committed(tmp_path / "count", {"README.md": said, "train.py": REPLAY_TRAIN})
    assert finding(result, "ET321").status != "PASS"
    repeated = said + "\nEach model is trained over 5 independent runs.\n"
    result = audit_committed(tmp_path / "repeat", {"README.md": repeated, "train.py": REPLAY_TRAIN})
    assert finding(result, "ET321").status == "PASS"


GENERATOR = """
import numpy as np


class ChunkedGenerator:
    def __init__(self, batch_size, poses, shuffle=True, random_seed=1234):
        self.random = np.random.RandomState(random_seed)
        self.poses = poses
        self.batch_size = batch_size

    def next_epoch(self):
        order = self.random.permutation(len(self.poses))
        for i in range(0, len(order), self.batch_size):
            yield self.poses[order[i : i + self.batch_size]]
"""


def test_seed_parameter_with_a_literal_default_is_a_constant(tmp_path):
    """`np.random.RandomState(random_seed)` under `def __init__(..., random_seed=1234)`, and no caller
    hands it another value: the seed is a constant in the code (ET212 PASS), not "not recorded"."""
    train = REPLAY_TRAIN.replace(
        "import torch\n", "import torch\nfrom generators import ChunkedGenerator\n", 1
    )
    train += "\ngen = ChunkedGenerator(16, data['obs'])\n"
    result = audit_committed(tmp_path / "const", {"train.py": train, "generators.py": GENERATOR})
    assert finding(result, "ET212").status == "PASS"
    chosen = train.replace(
        "ChunkedGenerator(16, data['obs'])", "ChunkedGenerator(16, data['obs'], random_seed=args.seed)"
    )
    chosen = chosen.replace(
        'p.add_argument("--replay_dir")', 'p.add_argument("--replay_dir")\np.add_argument("--seed", type=int)'
    )
    result = audit_committed(tmp_path / "chosen", {"train.py": chosen, "generators.py": GENERATOR})
    assert finding(result, "ET212").status != "PASS"


COMPAT_AGENT = """
import numpy as np
import tensorflow.compat.v1 as tf


class Agent:
    def __init__(self, base_dir):
        with tf.variable_scope("online"):
            self.w = tf.get_variable("w", shape=[4, 2])
        self.loss = tf.reduce_sum(self.w)
        self.train_op = tf.train.AdamOptimizer(0.001).minimize(self.loss)
        self.writer = tf.summary.FileWriter(base_dir)

    def run(self, sess, steps):
        for step in range(steps):
            sess.run(self.train_op)
            noise = np.random.normal()
            summary = tf.Summary(value=[tf.Summary.Value(tag="Train/Loss", simple_value=noise)])
            self.writer.add_summary(summary, step)


if __name__ == "__main__":
    with tf.Session() as sess:
        Agent("/tmp/run").run(sess, 10)
"""


def test_compat_v1_graph_code_is_seeded_the_graph_way(tmp_path):
    """`import tensorflow.compat.v1 as tf` code building variable scopes, TF1 optimizers and summaries is
    graph code: the seed fix is tf.compat.v1.set_random_seed, not Keras' set_random_seed (TF >= 2.7)."""
    result = audit_committed(tmp_path, {"train.py": COMPAT_AGENT})
    fix = finding(result, "ET401").recommendation
    assert "tf.compat.v1.set_random_seed" in fix and "keras.utils.set_random_seed" not in fix, fix


def test_one_option_among_a_helpers_arguments_is_no_config_record(tmp_path):
    """`run(model, opt, args.sampling, args.pathCheckpoint, logs)` reaching a writer of its logs
    (`save_logs(logs, path + "_logs.json")`): the option value handed beside the model is not the
    run's options; the record there is the metrics stream."""
    train = PRETRAIN.replace(
        "def run(model, opt, n_epochs, path_ckpt, logs):", "def run(model, opt, sampling, path_ckpt, logs):"
    )
    train = train.replace("for epoch in range(n_epochs):", "for epoch in range(10):")
    train = train.replace('        torch.save(model.state_dict(), f"{path_ckpt}_{epoch}.pt")\n', "")
    train = train.replace(
        "run(model, torch.optim.SGD(model.parameters(), lr=args.lr), 10, args.pathCheckpoint, {})",
        "path_ckpt = args.pathCheckpoint + '/checkpoint'\n    "
        "run(model, torch.optim.SGD(model.parameters(), lr=args.lr), args.sampling, path_ckpt, {})",
    )
    train = train.replace(
        'p.add_argument("--lr", type=float, default=0.1)',
        'p.add_argument("--lr", type=float, default=0.1)\n    p.add_argument("--sampling", default="uniform")',
    )
    result = audit_committed(tmp_path, {"train.py": train, "utils.py": UTILS})
    assert not [p for p in result.ctx.records.config if p.evidence.path == "train.py"], (
        result.ctx.records.config
    )
