"""Polyaxon: its tracking client and its Polyaxonfiles, each with a synthetic project of our own."""

from __future__ import annotations

from tests.rules.repo_helpers import audit_committed, detections_by_tool, dimension, finding

# A component whose inputs are the script's options, cloned from git into the container that runs it
COMPONENT = """
version: 1.1
kind: component
name: digits-train
tags: [digits]

inputs:
- {name: lr, type: float, value: 0.01, isOptional: true}
- {name: epochs, type: int, value: 3, isOptional: true}

run:
  kind: job
  init:
  - git: {url: "https://github.com/example/digits"}
  container:
    image: example/digits:1.2
    workingDir: "{{ globals.artifacts_path }}/digits/digits"
    command: [python, -u, train.py]
    args: ["--lr={{ lr }}", "--epochs={{ epochs }}"]
"""

SEARCH = """
version: 1.1
kind: operation
matrix:
  kind: random
  numRuns: 8
  params:
    lr:
      kind: logspace
      value: 0.0001:0.1:5
    epochs:
      kind: choice
      value: [2, 4]
pathRef: ./polyaxonfile.yaml
"""

TRAIN = """
import argparse

import joblib
import numpy as np
from polyaxon import tracking
from sklearn.linear_model import SGDClassifier


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--epochs", type=int, default=3)
    args = p.parse_args()

    tracking.init()
    data = np.load("data/digits.npz")
    x, y = data["x"], data["y"]
    tracking.log_data_ref(content=x, name="x")
    clf = SGDClassifier(eta0=args.lr, max_iter=args.epochs, random_state=0)
    clf.fit(x, y)
    tracking.log_metrics(accuracy=clf.score(x, y))
    path = tracking.get_outputs_path("model.joblib")
    joblib.dump(clf, path)
    tracking.log_model(path, name="sgd", framework="scikit-learn")


if __name__ == "__main__":
    main()
"""

README = "# Digits\n\nRun `polyaxon run -f digits/polyaxonfile.yaml`.\n"


def _project(tmp_path, train=TRAIN, component=COMPONENT, **more):
    files = {
        "README.md": README,
        "digits/polyaxonfile.yaml": component,
        "digits/search.yaml": SEARCH,
        "digits/train.py": train,
    }
    files.update(more)
    return audit_committed(tmp_path, files)


def test_polyaxon_client_and_polyaxonfiles_are_detected(tmp_path):
    """`tracking.init()` is Polyaxon used in the training script; a Polyaxonfile's `matrix:` is a search
    over the component's inputs."""
    result = _project(tmp_path)
    found = detections_by_tool(result)
    assert found["polyaxon"].category == "tracking"
    assert (found["polyaxon"].usage, found["polyaxon"].scope) == ("used", "core")
    assert found["polyaxon_matrix"].category == "hpo"
    assert found["polyaxon_matrix"].evidence[0].path == "digits/search.yaml"
    assert "random" in found["polyaxon_matrix"].evidence[0].detail
    f = finding(result, "ET221")
    assert f.status == "PASS", f.message


def test_polyaxon_named_in_prose_or_requirements_only_is_not_present(tmp_path):
    """A README naming Polyaxon and a requirement nobody imports: Polyaxon is declared, not used."""
    train = TRAIN.replace("from polyaxon import tracking\n", "")
    train = "\n".join(line for line in train.splitlines() if "tracking." not in line) + "\n"
    result = audit_committed(
        tmp_path,
        {
            "README.md": "# Digits\n\nWe track runs with Polyaxon.\n",
            "requirements.txt": "polyaxon==1.14.4\nscikit-learn==1.3.0\n",
            "train.py": train,
        },
    )
    d = detections_by_tool(result)["polyaxon"]
    assert d.usage == "declared", d  # listed among what is not counted as present
    assert "polyaxon" not in {x.tool for x in result.ctx.present("tracking")}


def test_component_inputs_are_every_runs_parameter_record(tmp_path):
    """Declared inputs are resolved and kept by Polyaxon for every run of the component: the parameters
    are captured automatically, cited where the inputs are declared."""
    result = _project(tmp_path)
    f = finding(result, "ET210")
    assert f.status == "PASS", f.message
    e = next(e for e in f.evidence if e.path == "digits/polyaxonfile.yaml")
    assert e.line == 7 and "lr, epochs" in e.detail
    assert dimension(result, "parameter_logging").score == 5
    # ... and typed: Polyaxon checks the params of a run against the declared types
    f = finding(result, "ET202")
    assert f.status == "PASS" and f.evidence[0].path == "digits/polyaxonfile.yaml", f


def test_log_inputs_whole_or_chosen(tmp_path):
    """`log_inputs(**vars(args))` records every option; `log_inputs(lr=args.lr)` only the one named."""
    component = COMPONENT.split("\ninputs:")[0] + "\nrun:" + COMPONENT.split("\nrun:")[1]
    whole = TRAIN.replace(
        "    tracking.init()\n", "    tracking.init()\n    tracking.log_inputs(**vars(args))\n"
    )
    result = _project(tmp_path / "whole", whole, component)
    assert finding(result, "ET211").status == "PASS"
    assert any(e.detail.startswith("log_inputs(**vars") for e in finding(result, "ET210").evidence)
    chosen = TRAIN.replace(
        "    tracking.init()\n", "    tracking.init()\n    tracking.log_inputs(lr=args.lr)\n"
    )
    result = _project(tmp_path / "chosen", chosen, component)
    f = finding(result, "ET210")
    assert f.status == "PASS" and any(e.detail == "log_inputs(lr)" for e in f.evidence), f.evidence
    assert finding(result, "ET211").status != "PASS"


def test_commit_and_environment_where_polyaxon_records_them(tmp_path):
    """The git initializer records the commit a run checks out; the client records the commit of its
    checkout and the environment unless told not to (track_code=False, track_env=False), on the
    Polyaxon deployment the team shares."""
    result = _project(tmp_path / "on")
    f = finding(result, "ET420")
    assert f.status == "PASS", f.message
    assert any(
        (e.path, e.line) == ("digits/polyaxonfile.yaml", 13) and "git initializer" in e.detail
        for e in f.evidence
    )
    f = finding(result, "ET213")
    assert f.status == "PASS", f.message
    assert any(
        e.path == "digits/train.py" and "Polyaxon records the environment" in e.detail for e in f.evidence
    )
    assert dimension(result, "code_versioning").score >= 3

    f = finding(result, "ET601")
    assert f.status == "PASS" and any(e.detail == "Polyaxon server" for e in f.evidence), f

    off = TRAIN.replace("tracking.init()", "tracking.init(track_code=False, track_env=False)")
    no_git = COMPONENT.replace('  init:\n  - git: {url: "https://github.com/example/digits"}\n', "")
    result = _project(tmp_path / "off", off, no_git)
    assert finding(result, "ET420").status != "PASS"
    assert not any("Polyaxon" in e.detail for e in finding(result, "ET213").evidence)


def test_data_reference_with_content_records_a_hash(tmp_path):
    """`log_data_ref(content=x)` records a hash of the data with the run; a name alone records none."""
    result = _project(tmp_path / "hash")
    f = finding(result, "ET421")
    assert f.status == "PASS", f.message
    assert f.evidence[0].path == "digits/train.py" and f.evidence[0].line == 18
    assert "hash of the data" in f.evidence[0].detail
    assert dimension(result, "data_versioning").score == 3
    named = TRAIN.replace('tracking.log_data_ref(content=x, name="x")', 'tracking.log_data_ref(name="x")')
    result = _project(tmp_path / "named", named)
    assert finding(result, "ET421").status != "PASS"


def test_outputs_callbacks_and_models_are_results(tmp_path):
    """`log_outputs` keeps a run's results, a Polyaxon Keras callback logs each epoch's metrics, and
    `log_model_ref` the model saved in the run's outputs."""
    train = """
    import argparse

    import tensorflow as tf
    from polyaxon import tracking
    from polyaxon.tracking.contrib.keras import PolyaxonCallback

    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=3)
    args = p.parse_args()
    tracking.init()
    (x, y), (xt, yt) = tf.keras.datasets.mnist.load_data()
    model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=args.epochs, callbacks=[PolyaxonCallback()])
    loss, accuracy = model.evaluate(xt, yt)
    tracking.log_outputs(loss=loss, accuracy=accuracy)
    path = tracking.get_outputs_path("model.h5")
    tracking.log_model_ref(path, framework="keras")
    """
    result = audit_committed(
        tmp_path, {"README.md": "# MNIST\n\nRun `python train.py`.\n", "train.py": train}
    )
    f = finding(result, "ET301")
    assert f.status == "PASS", f.message
    assert any("PolyaxonCallback logs metrics per step" in e.detail for e in f.evidence), f.evidence
    assert any("log_outputs" in e.detail for e in f.evidence), f.evidence
    f = finding(result, "ET310")
    assert any((e.line, e.detail) == (18, "saves model: log_model_ref") for e in f.evidence), f.evidence


DAG = """
version: 1.1
kind: component
name: digits-pipeline
run:
  kind: dag
  operations:
  - name: prepare
    hubRef: ./prepare.yaml
  - name: train
    pathRef: ./polyaxonfile.yaml
    dependencies: [prepare]
"""

DISTRIBUTED = """
version: 1.1
kind: component
run:
  kind: pytorchjob
  master:
    replicas: 1
    container:
      image: example/digits:1.2
      command: [python, train.py]
  worker:
    replicas: 2
    container:
      image: example/digits:1.2
      command: [python, train.py]
"""


def test_dag_is_a_pipeline_and_pytorchjob_distributed(tmp_path):
    """A component whose run is a `dag` of operations is a pipeline; one whose run is a Kubeflow
    `pytorchjob` starts distributed replicas."""
    result = _project(tmp_path, **{"digits/pipeline.yaml": DAG, "digits/distributed.yaml": DISTRIBUTED})
    found = detections_by_tool(result)
    assert found["polyaxon_pipelines"].category == "pipelines"
    assert (found["polyaxon_pipelines"].evidence[0].path, found["polyaxon_pipelines"].evidence[0].line) == (
        "digits/pipeline.yaml",
        5,
    )
    assert finding(result, "ET501").status == "PASS"
    assert found["polyaxon_distributed"].category == "distributed"
    assert "pytorchjob" in found["polyaxon_distributed"].evidence[0].detail
    assert "Polyaxon" in finding(result, "ET510").message


# A training script that records nothing itself: what a Polyaxonfile does for it is all there is
PLAIN_TRAIN = """
import argparse

import numpy as np
from sklearn.linear_model import LogisticRegression


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--lr", type=float, default=1.0)
    p.add_argument("--epochs", type=int, default=100)
    args = p.parse_args()
    d = np.load("data/train.npz")
    m = LogisticRegression(C=args.lr, max_iter=args.epochs).fit(d["x"], d["y"])
    print("acc", m.score(d["x"], d["y"]))


if __name__ == "__main__":
    main()
"""


def test_polyaxonfiles_in_docs_and_tests_are_not_the_projects(tmp_path):
    """A Polyaxonfile illustrating the docs or a test's fixture, even one running the project's script,
    records none of the project's runs: no parameters, types or commit are credited to it."""
    result = audit_committed(
        tmp_path,
        {
            "README.md": README,
            "digits/train.py": PLAIN_TRAIN,
            "docs/polyaxon/polyaxonfile.yaml": COMPONENT,
            "tests/fixtures/polyaxonfile.yaml": COMPONENT,
        },
    )
    assert finding(result, "ET210").status == "FAIL"
    for rule in ("ET202", "ET210", "ET420"):
        f = finding(result, rule)
        assert not any(e.path.startswith(("docs/", "tests/")) for e in f.evidence), (rule, f.evidence)


def test_a_huge_polyaxonfile_audits_in_bounded_time(tmp_path):
    """A container command with a path of 40,000 segments and a run of 100,000 `{`: reading the script it
    runs is linear in the file (it was quadratic: every suffix of the path rebuilt, the template
    pattern backtracking over the braces), so the audit takes about as long as a small file's."""
    import time

    def timed(root, component):
        start = time.perf_counter()
        audit_committed(root, {"README.md": "# t\n", "train.py": PLAIN_TRAIN, "polyaxonfile.yaml": component})
        return time.perf_counter() - start

    timed(tmp_path / "warm", COMPONENT)  # (the first audit of a process loads what every audit uses)
    small = timed(tmp_path / "small", COMPONENT)
    huge = COMPONENT.replace("[python, -u, train.py]", '[python, "' + "a/" * 40_000 + 'x.py"]')
    huge = huge.replace('["--lr={{ lr }}", "--epochs={{ epochs }}"]', '["' + "{" * 100_000 + '"]')
    assert len(huge) > 180_000
    took = timed(tmp_path / "huge", huge)
    assert took < 10 * small, (took, small)  # (it took some 300 times as long)


INLINE_DAG = """
version: 1.1
kind: component
name: prepare-and-train
run:
  kind: dag
  operations:
  - name: prepare
    component:
      run:
        kind: job
        container: {image: "example/digits:1.2", command: [python, prepare.py]}
  - name: train
    dependencies: [prepare]
    params:
      lr: {value: 0.5}
    component:
      inputs:
      - {name: lr, type: float}
      - {name: epochs, type: int, value: 3, isOptional: true}
      run:
        kind: job
        init:
        - git: {url: "https://github.com/example/digits"}
        container:
          image: example/digits:1.2
          command: [python, train.py, "--lr={{ lr }}", "--epochs={{ epochs }}"]
"""


def test_components_inline_in_a_dag_are_read(tmp_path):
    """A dag's operations may define their components inline (`operations[].component`): the train
    step's inputs are its runs' parameters, and its git initializer is its own, not the dag's."""
    result = audit_committed(
        tmp_path,
        {
            "README.md": README,
            "pipeline.yaml": INLINE_DAG,
            "prepare.py": "import numpy as np\n\nnp.savez('data/train.npz', x=np.ones((4, 2)), y=[0, 1, 0, 1])\n",
            "train.py": PLAIN_TRAIN,
        },
    )
    f = finding(result, "ET210")
    assert f.status == "PASS", f.message
    assert any((e.path, e.line) == ("pipeline.yaml", 18) and "lr, epochs" in e.detail for e in f.evidence)
    assert finding(result, "ET202").evidence[0].path == "pipeline.yaml"


DOWNLOAD = """
version: 1.1
kind: component
name: download
inputs:
- {name: url, type: str}
- {name: out, type: str, value: data/train.npz, isOptional: true}
run:
  kind: job
  container:
    image: python:3.11-slim
    command: [python, prepare.py, "--url={{ url }}", "--out={{ out }}"]
"""

PREPARE = """
import argparse
import urllib.request

p = argparse.ArgumentParser()
p.add_argument("--url")
p.add_argument("--out", default="data/train.npz")
args = p.parse_args()
urllib.request.urlretrieve(args.url, args.out)
"""


def test_inputs_of_a_component_running_no_training_are_no_parameter_record(tmp_path):
    """A download job's inputs are that job's, not the training run's: train.py's options are
    recorded nowhere."""
    result = audit_committed(
        tmp_path,
        {"README.md": README, "download.yaml": DOWNLOAD, "prepare.py": PREPARE, "train.py": PLAIN_TRAIN},
    )
    f = finding(result, "ET210")
    assert f.status == "FAIL", f.message
    assert dimension(result, "parameter_logging").score < 3
    assert not any(e.path == "download.yaml" for e in finding(result, "ET202").evidence)


NOTEBOOK_SERVICE = """
version: 1.1
kind: component
name: notebook
run:
  kind: service
  ports: [8888]
  init:
  - git: {url: "https://github.com/example/digits"}
  container:
    image: jupyter/scipy-notebook:2024-01-15
    command: [jupyter, lab]
    args: ["--no-browser", "--NotebookApp.base_url={{ globals.base_url }}"]
"""

HUB_TENSORBOARD = """
version: 1.1
kind: operation
name: tensorboard
hubRef: tensorboard:single-run
params:
  uuid: {value: "8aac02e3a62a4f0aaa257c59da5eab80"}
"""


def test_polyaxonfiles_running_no_training_are_no_tracker(tmp_path):
    """A Jupyter service with a git initializer and a TensorBoard from the Polyaxon hub run none of the
    project's training: Polyaxon records no training run, so it is no tracker, no commit capture and
    no shared run store."""
    result = audit_committed(
        tmp_path,
        {
            "README.md": README,
            "train.py": PLAIN_TRAIN,
            "notebook.yaml": NOTEBOOK_SERVICE,
            "tensorboard.yaml": HUB_TENSORBOARD,
        },
    )
    assert "polyaxon" not in {d.tool for d in result.ctx.present("tracking")}
    for rule in ("ET101", "ET420", "ET601"):
        f = finding(result, rule)
        assert f.status != "PASS", (rule, f.message)
        assert not any(e.path.endswith(".yaml") for e in f.evidence), (rule, f.evidence)


def test_a_run_a_polyaxonfile_starts_records_the_commit_only_through_a_git_initializer(tmp_path):
    """`tracking.init()` logs the code reference of a new run only; in a run a Polyaxonfile starts on
    the cluster (code baked into the image, no git initializer) it records no commit. The same script
    run by hand opens a new run, which records the commit of its checkout."""
    baked = COMPONENT.replace('  init:\n  - git: {url: "https://github.com/example/digits"}\n', "")
    baked = baked.replace('"{{ globals.artifacts_path }}/digits/digits"', "/code")
    result = _project(tmp_path / "cluster", TRAIN, baked)
    f = finding(result, "ET420")
    assert f.status != "PASS", f.message
    assert not any("track_code" in e.detail for e in f.evidence), f.evidence
    result = audit_committed(tmp_path / "by-hand", {"README.md": README, "digits/train.py": TRAIN})
    f = finding(result, "ET420")
    assert f.status == "PASS" and any("track_code" in e.detail for e in f.evidence), f


def test_a_polyaxon_model_checkpoint_logs_no_metrics(tmp_path):
    """PolyaxonKerasModelCheckpoint saves the model; only Polyaxon's metric callbacks (PolyaxonCallback,
    PolyaxonKerasCallback, polyaxon_callback, ...) log each epoch's metrics."""
    train = """
    import numpy as np
    from polyaxon import tracking
    from polyaxon.tracking.contrib.keras import PolyaxonKerasModelCheckpoint
    from tensorflow import keras

    tracking.init()
    d = np.load("data/mnist.npz")
    model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(d["x"], d["y"], epochs=3, callbacks=[PolyaxonKerasModelCheckpoint()])
    """
    result = audit_committed(tmp_path / "ckpt", {"README.md": "# MNIST\n", "train.py": train})
    f = finding(result, "ET301")
    assert f.status != "PASS", f.message
    assert not any("PolyaxonKerasModelCheckpoint" in e.detail for e in f.evidence), f.evidence
    logged = train.replace("PolyaxonKerasModelCheckpoint", "PolyaxonKerasCallback")
    result = audit_committed(tmp_path / "callback", {"README.md": "# MNIST\n", "train.py": logged})
    f = finding(result, "ET301")
    assert f.status == "PASS" and any("PolyaxonKerasCallback" in e.detail for e in f.evidence), f


def test_polyaxon_runs_are_named_by_the_client_or_the_polyaxonfile(tmp_path):
    """`tracking.init(name=...)` names the run it opens; a Polyaxonfile's `name:` names every run of it."""
    result = _project(tmp_path / "file")  # COMPONENT is `name: digits-train`, train.py calls tracking.init()
    f = finding(result, "ET110")
    assert f.status == "PASS", f.message
    assert any(e.path == "digits/polyaxonfile.yaml" and "digits-train" in e.detail for e in f.evidence)
    named = TRAIN.replace("tracking.init()", 'tracking.init(name=f"sgd-lr{args.lr}")')
    result = audit_committed(tmp_path / "client", {"README.md": README, "digits/train.py": named})
    f = finding(result, "ET110")
    assert f.status == "PASS", f.message
    assert any(e.path == "digits/train.py" and "name=" in e.detail for e in f.evidence), f.evidence
