"""Families from round fresh96 (and those the fresh95 reviewers left open), each decided by what the code
does, each failing on the build before its fix:

- A seed option whose default is a sentinel (-1, None) that the code replaces with a fresh draw
  (`if args.seed < 0: args.seed = random.randint(...)`), or detectron2's cfg.SEED left at its -1, seeds
  every run with a new value: seeded, but not the same way twice unless a shipped setting gives it. Where each
  run records the seed it drew (options.json, detectron2's log.txt), ET401 passes and says so; a draw that
  replaces whatever the option gave is drawn afresh in every run.
- detectron2's default_setup records the seed: cfg.SEED in OUTPUT_DIR/config.yaml, a drawn one in log.txt.
- OpenMMLab's `save_best` on the evaluation or checkpoint hook keeps the best checkpoint.
- TF-Agents: the Learner keeps TensorBoard summaries and checkpoints under root_dir/train and restores the
  latest when built; PolicySavedModelTrigger saves the policy; an Actor writes its metrics' summaries.
- A README that checks a downloaded archive against its digest (`diff <(sha256sum a.zip) <(echo "<digest>  a.zip")`)
  publishes checksums for that data.
- The project's own package copied into the run's folder (`shutil.copytree(cwd / "pkg", log_path / "pkg")`) is a snapshot
  of the code that ran.
- detectron2's lazy-config loop: default_writers in a PeriodicWriter append metrics.json and TensorBoard events, and a
  DetectionCheckpointer keeps the checkpoints, in the output directory.
- A function handed on by name (`functools.partial(app.run, main)`) is called there: its seeds are the run's.
- A seed helper drawing a seed only for None (`def set_seed(seed=None)`) seeds from what its callers pass.
- detectron2's default_writers log to TensorBoard; an evaluator's coco_instances_results.json holds per-instance
  predictions, not a result log.
- gin parsed with skip_unknown=True refuses no misspelt binding: no validation.
- A suffix-less file in a docker/ folder that starts FROM a base image is a Dockerfile; `python -mpip install` installs.
- Committed class vocabularies (openseg_labels/ade20k_150.txt) and category-id indexes are lookup tables, not training data.
- collect_env_info() putting get_git_hash() in the report that detectron2's setup_logger(output_dir) writes to log.txt
  records the commit.
- TensorFlow 2.8 has wheels for Python 3.10 (and later releases of the frameworks for 3.12 and 3.13).
- `if timer.should_trigger_for_step(step):` is a schedule, true in every run now and then, not a switch.
- A committed preparation script the documentation runs (`python datasets/prepare_ade20k_sem_seg.py`) is the rubric's
  deterministic preparation (data 2); nltk.download for a tokenizer or tagger fetches no data.
- A URL fetched and opened as one image (read_image_from_url) is a demo's input, not a data download.
- A README whose usage section only links a notebook gives no run instructions.
- Where nothing trains, a demo's seed has no run whose record could keep it (no ET212).
- Trained weights released without training code still want a model card (ET610) and their runs named (ET520).
- detectron2's IterationTimer hook (registered by DefaultTrainer too) records iteration times and peak memory.
- A benchmark's name inside a weights file's name (imagenet-vgg-verydeep-19.mat) names no dataset the project uses.
"""

from __future__ import annotations

from tests import fresh96_family_trees as trees
from tests.rules.repo_helpers import audit_files, dimension, finding


def test_a_seed_drawn_when_its_option_keeps_the_sentinel_default_is_a_new_seed_every_run(tmp_path):
    f = finding(audit_files(tmp_path, trees.SEED_DRAWN_BY_DEFAULT), "ET401")
    assert f.status == "WARN"
    assert "drawn afresh in each run unless `seed` is given (train.py:12)" in f.message
    assert any(e.detail == "--seed default -1" for e in f.evidence)


def test_a_documented_command_passing_the_seed_makes_the_draw_a_fallback(tmp_path):
    files = dict(trees.SEED_DRAWN_BY_DEFAULT)
    files["README.md"] = "# Proj\n\nTrain: `python train.py --seed 3 --out runs/a`\n"
    f = finding(audit_files(tmp_path, files), "ET401")
    assert f.status == "PASS", f.message


def test_detectron2_left_at_its_default_seed_draws_a_new_one_every_run_and_logs_it(tmp_path):
    result = audit_files(tmp_path, trees.DETECTRON2_SETUP)
    seeds = finding(result, "ET401")
    assert (
        seeds.status == "PASS" and "a new seed is drawn in each run unless `SEED` is given" in seeds.message
    )
    assert "records the seed it used" in seeds.message
    recorded = finding(result, "ET212")
    assert recorded.status == "PASS"
    assert "config.yaml" in recorded.message and "log.txt" in recorded.message


def test_a_shipped_detectron2_seed_is_a_fixed_seed(tmp_path):
    files = dict(trees.DETECTRON2_SETUP)
    files["configs/a.yaml"] += "SEED: 42\n"
    f = finding(audit_files(tmp_path, files), "ET401")
    assert f.status == "PASS", f.message


def test_openmmlab_save_best_selects_the_best_checkpoint(tmp_path):
    f = finding(audit_files(tmp_path, trees.OPENMMLAB_SAVE_BEST, committed=True), "ET310")
    assert "the best model is selected (configs/_base_/schedule.py:4)" in f.message


def test_tf_agents_learner_keeps_summaries_checkpoints_and_saved_policies_and_resumes(tmp_path):
    result = audit_files(tmp_path, trees.TF_AGENTS_LEARNER, committed=True)
    assert finding(result, "ET301").status == "PASS"
    saved = finding(result, "ET310")
    assert saved.status == "PASS" and "Checkpoints are written" in saved.message
    assert any("Learner" in e.detail for e in saved.evidence)
    assert finding(result, "ET511").status == "PASS"
    assert dimension(result, "result_persistence").score >= 3


def test_a_documented_shell_check_of_the_downloaded_data_against_its_digest_is_a_checksum(tmp_path):
    result = audit_files(tmp_path, trees.SHELL_CHECKED_DOWNLOAD, committed=True)
    data = dimension(result, "data_versioning")
    assert data.score == 3, data.reasons
    assert "README.md:10" in data.reasons[0]


def test_the_projects_package_copied_into_each_run_folder_is_a_code_snapshot(tmp_path):
    result = audit_files(tmp_path, trees.PACKAGE_COPIED_INTO_RUN, committed=True)
    code = dimension(result, "code_versioning")
    assert code.score == 3
    assert "code is copied into each run's directory (vqpkg/setup.py:16)" in code.reasons[0]


def test_detectron2_lazy_config_loop_writes_metrics_and_checkpoints_into_its_output_dir(tmp_path):
    result = audit_files(tmp_path, trees.DETECTRON2_LAZY_LOOP, committed=True)
    assert finding(result, "ET301").status == "PASS"
    saved = finding(result, "ET310")
    assert saved.status == "WARN" and "{cfg.train.output_dir}" in saved.message  # no best-model selection
    persisted = dimension(result, "result_persistence")
    # model_<iter>.pth in the directory the run is given: how many runs share it is the runs' choice
    assert persisted.score == 4 and "tools/lazy_train.py" in persisted.reasons[0]


def test_a_main_handed_to_app_run_through_functools_partial_is_the_training_run(tmp_path):
    f = finding(audit_files(tmp_path, trees.ABSL_MAIN_THROUGH_PARTIAL, committed=True), "ET401")
    assert f.status == "PASS", f.message
    assert "tensorflow" in f.message


def test_a_seed_helpers_draw_for_none_is_a_fallback_when_every_call_passes_a_seed(tmp_path):
    result = audit_files(tmp_path, trees.SEED_HELPER_WITH_FALLBACK, committed=True)
    seeds = finding(result, "ET401")
    assert seeds.status == "PASS", seeds.message
    assert finding(result, "ET212").status == "PASS"


def test_a_seed_helper_called_without_a_seed_still_draws_afresh(tmp_path):
    files = dict(trees.SEED_HELPER_WITH_FALLBACK)
    files["main.py"] = files["main.py"].replace("set_seed(args.seed)", "set_seed()")
    assert finding(audit_files(tmp_path, files, committed=True), "ET401").status != "PASS"


def test_a_detection_checkpointer_built_to_load_weights_saves_nothing(tmp_path):
    files = dict(trees.DETECTRON2_LAZY_LOOP)
    files["tools/analyze.py"] = (
        "from detectron2.checkpoint import DetectionCheckpointer\nfrom detectron2.config import LazyConfig, "
        "instantiate\n\ncfg = LazyConfig.load('configs/a.py')\nmodel = instantiate(cfg.model)\n"
        "DetectionCheckpointer(model).load(cfg.train.init_checkpoint)\nprint(model)\n"
    )
    result = audit_files(tmp_path, files, committed=True)
    kept = [p.evidence.path for p in result.ctx.records.checkpoints]
    assert "tools/lazy_train.py" in kept and "tools/analyze.py" not in kept


def test_detectron2_default_writers_log_to_tensorboard(tmp_path):
    result = audit_files(tmp_path, trees.DETECTRON2_LAZY_LOOP, committed=True)
    used = {d.tool: d for d in result.ctx.detections if d.present}
    assert "tensorboard" in used
    assert "default_writers(...)" in used["tensorboard"].evidence[0].detail


def test_an_evaluators_per_instance_results_file_is_predictions_not_a_result_log(tmp_path):
    files = dict(trees.DETECTRON2_LAZY_LOOP)
    files["parts/evaluator.py"] = (
        "import json\nimport os\n\n\nclass PartsEvaluator:\n    def __init__(self, output_dir=None):\n"
        "        self._output_dir = output_dir\n        self._results = []\n\n    def evaluate(self):\n"
        "        results = list(self._results)\n        for r in results:\n            r['category_id'] += 1\n"
        "        if self._output_dir:\n"
        "            path = os.path.join(self._output_dir, 'coco_instances_results.json')\n"
        "            with open(path, 'w') as f:\n                f.write(json.dumps(results))\n"
    )
    files["tools/lazy_train.py"] = files["tools/lazy_train.py"].replace(
        "from detectron2.config", "from parts.evaluator import PartsEvaluator\nfrom detectron2.config"
    )
    result = audit_files(tmp_path, files, committed=True)
    metrics = [p.evidence.path for p in result.ctx.records.metrics]
    assert "parts/evaluator.py" not in metrics
    logging = [d for d in result.ctx.detections if d.tool == "custom_logging" and d.present]
    assert not any(e.path == "parts/evaluator.py" for d in logging for e in d.evidence)


def test_gin_parsed_with_skip_unknown_validates_no_binding(tmp_path):
    f = finding(audit_files(tmp_path, trees.GIN_SKIP_UNKNOWN, committed=True), "ET202")
    assert f.status != "PASS", f.message


def test_gin_parsed_strictly_refuses_unknown_bindings(tmp_path):
    files = dict(trees.GIN_SKIP_UNKNOWN)
    files["train.py"] = files["train.py"].replace(", skip_unknown=True", "")
    f = finding(audit_files(tmp_path, files, committed=True), "ET202")
    assert f.status == "PASS" and "gin" in " ".join(e.detail for e in f.evidence)


def test_a_dockerfile_named_for_its_image_installing_packages_is_a_container_with_loose_dependencies(
    tmp_path,
):
    result = audit_files(tmp_path, trees.DOCKERFILE_NAMED_FOR_ITS_IMAGE, committed=True)
    env = dimension(result, "environment_capture")
    assert env.score == 3, env.reasons
    assert "tools/docker/ubuntu_trainer" in env.reasons[0]
    kinds = {f.path: f.kind for f in result.ctx.inventory.files}
    assert (
        kinds["tools/docker/ubuntu_trainer"] == "dockerfile" and kinds["tools/docker/README"] != "dockerfile"
    )


def test_committed_class_vocabularies_and_category_indexes_are_lookup_tables_not_training_data(tmp_path):
    from experiment_tracking.rubric import committed_data

    result = audit_files(tmp_path, trees.CLASS_VOCABULARIES, committed=True)
    assert committed_data(result.ctx) == []
    assert "committed" not in dimension(result, "data_versioning").reasons[0]


def test_a_committed_table_in_a_labels_folder_is_still_data(tmp_path):
    from experiment_tracking.rubric import committed_data

    files = dict(trees.CLASS_VOCABULARIES)
    files["data/labels/train.csv"] = "".join(f"{i * 0.37:.3f},{i % 10},{i * 1.9:.2f}\n" for i in range(300))
    files["train_net.py"] = files["train_net.py"].replace(
        'names = load_names("coco_panoptic")',
        'names = load_names("coco_panoptic")\n        rows = open("data/labels/train.csv").read()',
    )
    result = audit_files(tmp_path, files, committed=True)
    assert [f.path for f in committed_data(result.ctx)] == ["data/labels/train.csv"]


def test_a_commit_in_the_environment_report_logged_to_the_runs_log_file_is_recorded(tmp_path):
    result = audit_files(tmp_path, trees.COMMIT_IN_ENVIRONMENT_REPORT, committed=True)
    f = finding(result, "ET420")
    assert f.status == "PASS", f.message
    assert any(e.path == "seg/engine/defaults.py" and e.line == 12 for e in f.evidence)


def test_the_python_fix_names_the_newest_python_tensorflow_2_8_has_wheels_for(tmp_path):
    files = {
        "README.md": "# G\n\nTrain: `python train.py`\n",
        "requirements.txt": "tensorflow==2.8.0\nmatplotlib==3.5.1\n",
        "train.py": "import tensorflow as tf\n\ntf.random.set_seed(0)\nm = tf.keras.Sequential([tf.keras.layers.Dense(2)])\n"
        "m.compile(optimizer='sgd', loss='mse')\nm.fit(tf.random.normal((8, 2)), tf.random.normal((8, 2)))\n"
        "m.save('model')\n",
    }
    f = finding(audit_files(tmp_path, files, committed=True), "ET411")
    assert "echo '3.10' > .python-version" in f.recommendation


def test_a_timers_step_test_is_a_schedule_not_a_switch(tmp_path):
    files = {
        "README.md": "# Interp\n\nTrain: `python train.py`\n",
        "requirements.txt": "tensorflow==2.15.0\n",
        "train.py": """
            from absl import app, flags
            import tensorflow as tf

            _FREQ = flags.DEFINE_integer("timing_frequency", 100, "Steps between timings.")


            def train(num_iterations, timing_frequency):
                writer = tf.summary.create_file_writer("runs/a")
                model = tf.keras.Sequential([tf.keras.layers.Dense(2)])
                optimizer = tf.keras.optimizers.Adam()
                timer = tf.estimator.SecondOrStepTimer(every_steps=timing_frequency)
                timer.update_last_triggered_step(optimizer.iterations.numpy())
                while optimizer.iterations.numpy() < num_iterations:
                    with tf.GradientTape() as tape:
                        loss = tf.reduce_mean(model(tf.random.normal((4, 2))))
                    grads = tape.gradient(loss, model.trainable_variables)
                    optimizer.apply_gradients(zip(grads, model.trainable_variables))
                    iterations = optimizer.iterations.numpy()
                    with writer.as_default():
                        tf.summary.scalar("loss", loss, step=iterations)
                        if timer.should_trigger_for_step(iterations):
                            elapsed_time, elapsed_steps = timer.update_last_triggered_step(iterations)
                            if elapsed_time is not None:
                                tf.summary.scalar("steps/sec", elapsed_steps / elapsed_time, step=iterations)
                model.save("runs/a/model")


            def main(_):
                train(1000, _FREQ.value)


            if __name__ == "__main__":
                app.run(main)
        """,
    }
    f = finding(audit_files(tmp_path, files, committed=True), "ET303")
    assert f.status == "PASS", f.message


def test_a_documented_preparation_script_is_deterministic_prep_and_nltk_tagger_resources_are_no_data(
    tmp_path,
):
    data = dimension(audit_files(tmp_path, trees.DOCUMENTED_PREPARATION, committed=True), "data_versioning")
    assert data.score == 2, data.reasons
    assert "datasets/README.md:8: runs datasets/prepare_ade20k_sem_seg.py" in data.reasons[0]
    assert "nltk" not in data.reasons[0]


def test_an_image_fetched_from_a_url_and_opened_is_a_demo_input_not_a_data_download(tmp_path):
    files = {
        "README.md": "# Demo\n\nRun the demo notebook.\n",
        "requirements.txt": "tensorflow==2.8.0\nrequests==2.31.0\n",
        "demo/utils.py": """
            import io

            import numpy as np
            import requests
            from PIL import Image


            def read_image_from_url(url):
                resp = requests.get(url)
                resp.raise_for_status()
                image = Image.open(io.BytesIO(resp.content)).convert("RGB")
                return np.float32(image) / 255.0
        """,
        "demo/run.py": """
            import tensorflow as tf

            from demo.utils import read_image_from_url

            image = read_image_from_url("https://example.org/cat.jpg")
            model = tf.keras.Sequential([tf.keras.layers.Dense(2)])
            model.compile(optimizer="sgd", loss="mse")
            model.fit(tf.random.normal((8, 2)), tf.random.normal((8, 2)))
        """,
    }
    data = dimension(audit_files(tmp_path, files, committed=True), "data_versioning")
    assert "requests.get" not in data.reasons[0]


def test_a_readme_whose_usage_section_only_links_a_notebook_gives_no_run_instructions(tmp_path):
    files = {
        "README.md": (
            "# Gen\n\nOfficial implementation.\n\n## Running pretrained models\n\n| Model | Link |\n|---|---|\n"
            "| Transformer | [checkpoint](https://example.org/ckpt) |\n\nRun them in the [demo Colab]"
            "(https://colab.research.google.com/github/x/y/blob/main/demo.ipynb).\n\n## Training\n[Coming Soon]\n"
        ),
        "requirements.txt": "jax==0.4.1\n",
        "gen/model.py": "import jax.numpy as jnp\n\n\ndef apply(params, x):\n    return jnp.dot(x, params)\n",
    }
    f = finding(audit_files(tmp_path, files, committed=True), "ET604")
    assert f.status == "WARN" and "no install step" in f.message


def test_a_demo_notebooks_seed_in_a_project_that_trains_nothing_has_no_run_to_record_it(tmp_path):
    from tests.rules.repo_helpers import notebook

    files = {
        "README.md": "# Gen\n\nSee demo.ipynb.\n",
        "requirements.txt": "jax==0.4.1\n",
        "gen/model.py": "import jax.numpy as jnp\n\n\ndef apply(params, x):\n    return jnp.dot(x, params)\n",
        "demo.ipynb": notebook(
            "import jax\nfrom gen.model import apply",
            "rng = jax.random.PRNGKey(42)\nx = jax.random.normal(rng, (2, 2))\nprint(apply(x, x))",
        ),
    }
    result = audit_files(tmp_path, files, committed=True)
    assert not [f for f in result.findings if f.rule_id == "ET212"]


def test_released_weights_without_training_code_still_want_a_model_card_and_their_runs_named(tmp_path):
    files = {
        "README.md": (
            "# Gen\n\n## Running pretrained models\n\n| Model | Link |\n|---|---|\n"
            "| Transformer 256 | [checkpoint](https://storage.googleapis.com/gen-public/checkpoints/gen_256) |\n\n"
            "```bash\npip install -r requirements.txt\npython sample.py --ckpt gen_256\n```\n"
        ),
        "requirements.txt": "jax==0.4.1\n",
        "sample.py": "import jax.numpy as jnp\n\nprint(jnp.zeros(3))\n",
    }
    result = audit_files(tmp_path, files, committed=True)
    card = finding(result, "ET610")
    assert card.status == "WARN" and "releases trained models (README.md:3)" in card.message
    assert finding(result, "ET520").status == "WARN"


def test_detectron2_iteration_timer_records_timings(tmp_path):
    f = finding(audit_files(tmp_path, trees.DETECTRON2_LAZY_LOOP, committed=True), "ET303")
    assert f.status == "PASS" and "IterationTimer" in f.evidence[0].detail


def test_a_preparation_script_that_shuffles_unseeded_is_no_deterministic_preparation(tmp_path):
    files = dict(trees.DOCUMENTED_PREPARATION)
    files["datasets/prepare_ade20k_sem_seg.py"] = (
        "import os\nimport random\n\nroot = 'datasets/ADEChallengeData2016'\n"
        "names = os.listdir(os.path.join(root, 'annotations'))\nrandom.shuffle(names)\n"
        "with open(os.path.join(root, 'train.txt'), 'w') as f:\n    f.write(' '.join(names))\n"
    )
    data = dimension(audit_files(tmp_path, files, committed=True), "data_versioning")
    assert data.score == 1, data.reasons


def test_a_lazy_configs_train_seed_is_a_shipped_detectron2_seed(tmp_path):
    files = dict(trees.DETECTRON2_LAZY_LOOP)
    files["configs/a.py"] = "train = dict(output_dir='./output', max_iter=1000, seed=42)\n"
    f = finding(audit_files(tmp_path, files, committed=True), "ET401")
    assert f.status == "PASS", f.message


def test_a_weights_file_named_for_a_benchmark_in_a_folder_listing_is_not_the_data(tmp_path):
    files = {
        "README.md": (
            "# Interp\n\nOfficial implementation of our ECCV 2022 paper ([arXiv](https://arxiv.org/abs/2202.04901)).\n\n"
            "## Pre-trained Models\n\n*   Download pre-trained models from [drive](https://drive.google.com/x)\n"
            "    and put into `<pretrained_models>`.\n\nThe downloaded folder should have the following structure:\n\n"
            "```\n<pretrained_models>/\n├── film_net/\n├── vgg/\n│   ├── imagenet-vgg-verydeep-19.mat\n```\n\n"
            "## Training\n\nTrain: `python train.py --data <your tfrecords>`\n"
        ),
        "requirements.txt": "tensorflow==2.8.0\n",
        "train.py": "import tensorflow as tf\n\nds = tf.data.TFRecordDataset(['train.tfrecord'])\n"
        "m = tf.keras.Sequential([tf.keras.layers.Dense(2)])\nm.compile(optimizer='sgd', loss='mse')\n"
        "m.fit(tf.random.normal((8, 2)), tf.random.normal((8, 2)))\n",
    }
    f = finding(audit_files(tmp_path, files, committed=True), "ET120")
    assert "imagenet" not in f.message.lower(), f.message
