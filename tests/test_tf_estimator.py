"""TensorFlow Estimator training (tf.estimator, tf.compat.v1 and TF1 contrib TPUEstimator): `estimator.train`
and `train_and_evaluate` are training; the Estimator keeps each run in its model_dir on its own (numbered
checkpoints, TensorBoard event files with loss and global_step/sec, resume from the latest checkpoint), per
run when model_dir comes from the command line, shared and resumed when it is fixed. Fixes fit TF 1.x."""

from __future__ import annotations

from experiment_tracking.audit import discover, run_audit
from tests.rules.repo_helpers import dimension, notebook, status_of, write_repo

# A TF1 TPUEstimator trainer in the style of research code releases: absl flags, the model_dir given on
# the command line through a TPU RunConfig, training and evaluation behind do_train / do_eval.
TPU_TRAINER = """
import os
import tensorflow.compat.v1 as tf
from tensorflow.contrib import tpu as contrib_tpu

flags = tf.flags
FLAGS = flags.FLAGS
flags.DEFINE_string("output_dir", None, "Where checkpoints and summaries go.")
flags.DEFINE_bool("do_train", True, "Train.")
flags.DEFINE_bool("do_eval", False, "Evaluate.")
flags.DEFINE_integer("num_train_steps", 1000, "Steps.")


def model_fn_builder(lr):
    def model_fn(features, labels, mode, params):
        logits = tf.layers.dense(features["x"], 2)
        loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
        if mode == tf.estimator.ModeKeys.TRAIN:
            train_op = tf.train.AdamOptimizer(lr).minimize(loss, global_step=tf.train.get_global_step())
            return contrib_tpu.TPUEstimatorSpec(mode=mode, loss=loss, train_op=train_op)
        def metric_fn(labels, logits):
            return {"accuracy": tf.metrics.accuracy(labels, tf.argmax(logits, -1))}
        return contrib_tpu.TPUEstimatorSpec(mode=mode, loss=loss, eval_metrics=(metric_fn, [labels, logits]))
    return model_fn


def input_fn_builder(files, is_training):
    def input_fn(params):
        return tf.data.TFRecordDataset(files).batch(params["batch_size"])
    return input_fn


def main(_):
    run_config = contrib_tpu.RunConfig(model_dir=FLAGS.output_dir, save_checkpoints_steps=100)
    estimator = contrib_tpu.TPUEstimator(
        use_tpu=False, model_fn=model_fn_builder(1e-4), config=run_config, train_batch_size=32
    )
    if FLAGS.do_train:
        estimator.train(input_fn=input_fn_builder("train.tfrecord", True), max_steps=FLAGS.num_train_steps)
    if FLAGS.do_eval:
        result = estimator.evaluate(input_fn=input_fn_builder("dev.tfrecord", False), steps=10)
        with tf.gfile.GFile(os.path.join(FLAGS.output_dir, "eval_results.txt"), "w") as writer:
            for key in sorted(result):
                writer.write("%s = %s\\n" % (key, result[key]))


if __name__ == "__main__":
    flags.mark_flag_as_required("output_dir")
    tf.app.run()
"""


def test_a_tpu_estimator_trainer_is_a_training_entry_point_with_its_own_run_record(tmp_path):
    write_repo(tmp_path, {"run_trainer.py": TPU_TRAINER, "requirements.txt": "tensorflow==1.15.2\n"})
    result = run_audit(tmp_path)
    tax = result.ctx.taxonomy
    assert [e.path for e in tax.training_entry_points] == ["run_trainer.py"]
    rec = result.ctx.records
    metrics = [p for p in rec.metrics if p.framework]
    assert [(p.evidence.line, p.target, p.keeping) for p in metrics] == [
        (33, "{FLAGS.output_dir}", "user_dir")
    ]
    assert "global_step/sec" in metrics[0].evidence.detail
    assert [p.evidence.line for p in rec.checkpoints] == [33]
    assert rec.resume and "restores the latest" in rec.resume[0].detail
    # Metrics, throughput and resume come from the Estimator's own record.
    assert status_of(result, "ET301") == "PASS"
    assert status_of(result, "ET303") == "PASS"
    assert status_of(result, "ET511") == "PASS"
    # tf.metrics in the model_fn are evaluation metrics.
    et302 = next(f for f in result.findings if f.rule_id == "ET302")
    assert "accuracy" in et302.message
    # A directory given on the command line: per-run output directories, and the question whether it changes.
    rp = dimension(result, "result_persistence")
    assert rp.score == 3
    assert "checkpoints and event files" in rp.review and "{FLAGS.output_dir}" in rp.review
    from experiment_tracking.report.markdown import render_markdown

    report = render_markdown(result)
    assert "Training entry points: 1 — `run_trainer.py:" in report
    assert "the TF Estimator keeps TensorBoard event files and checkpoints in its model_dir" in report


def test_the_seed_fix_of_an_estimator_project_seeds_its_run_config(tmp_path):
    write_repo(tmp_path, {"run_trainer.py": TPU_TRAINER, "requirements.txt": "tensorflow==1.15.2\n"})
    result = run_audit(tmp_path)
    f = next(f for f in result.findings if f.rule_id == "ET401")
    assert f.status == "FAIL"
    assert "tf.contrib.tpu.RunConfig(..., tf_random_seed=seed)" in f.recommendation
    assert "set_random_seed" not in f.recommendation  # no keras.utils.set_random_seed in TF 1.15
    # TF 1.15 has TF_CUDNN_DETERMINISTIC (TF_DETERMINISTIC_OPS is stock TF 2.1+); a TPU run uses no cuDNN.
    d = next(f for f in result.findings if f.rule_id == "ET403")
    assert "TF_CUDNN_DETERMINISTIC" in d.recommendation and "TF_DETERMINISTIC_OPS" not in d.recommendation
    assert "TPU" in d.recommendation

    seeded = TPU_TRAINER.replace(
        "RunConfig(model_dir=FLAGS.output_dir,", "RunConfig(model_dir=FLAGS.output_dir, tf_random_seed=12345,"
    ).replace("import os\n", "import os\nos.environ['TF_CUDNN_DETERMINISTIC'] = '1'\n", 1)
    write_repo(tmp_path, {"run_trainer.py": seeded})
    result = run_audit(tmp_path)
    assert status_of(result, "ET401") == "PASS"
    assert status_of(result, "ET403") == "PASS"


def test_tf1_and_tf2_seed_and_determinism_fixes_fit_the_pinned_version(tmp_path):
    session_trainer = """
    import tensorflow as tf
    x = tf.placeholder(tf.float32, [None, 2])
    loss = tf.reduce_mean(tf.layers.dense(x, 1))
    train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
    with tf.Session() as sess:
        for step in range(100):
            sess.run(train_op)
    """
    write_repo(tmp_path, {"train.py": session_trainer, "requirements.txt": "tensorflow-gpu==1.13.1\n"})
    result = run_audit(tmp_path)
    seed = next(f for f in result.findings if f.rule_id == "ET401").recommendation
    assert "tf.set_random_seed(seed)" in seed and "keras" not in seed
    det = next(f for f in result.findings if f.rule_id == "ET403").recommendation
    assert "TF_CUDNN_DETERMINISTIC" in det and "TPU" not in det

    write_repo(tmp_path, {"requirements.txt": "tensorflow==2.4.1\n"})
    result = run_audit(tmp_path)
    assert (
        "tf.random.set_seed(seed)" in next(f for f in result.findings if f.rule_id == "ET401").recommendation
    )
    assert "TF_DETERMINISTIC_OPS" in next(f for f in result.findings if f.rule_id == "ET403").recommendation


def test_train_and_evaluate_with_a_fixed_model_dir_is_shared_and_resumed(tmp_path):
    write_repo(
        tmp_path,
        {
            "trainer/task.py": """
            import tensorflow as tf

            def model_fn(features, labels, mode):
                loss = tf.reduce_mean(tf.square(tf.layers.dense(features, 1) - labels))
                train_op = tf.compat.v1.train.AdamOptimizer().minimize(loss)
                return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)

            def main():
                estimator = tf.estimator.Estimator(model_fn, model_dir="/tmp/regressor")
                train_spec = tf.estimator.TrainSpec(input_fn=lambda: None, max_steps=500)
                eval_spec = tf.estimator.EvalSpec(input_fn=lambda: None)
                tf.estimator.train_and_evaluate(estimator, train_spec, eval_spec)

            if __name__ == "__main__":
                main()
            """
        },
    )
    result = run_audit(tmp_path)
    assert [e.path for e in result.ctx.taxonomy.training_entry_points] == ["trainer/task.py"]
    rec = result.ctx.records
    assert [(p.target, p.keeping) for p in rec.metrics] == [("/tmp/regressor", "fixed")]
    assert "a later run resumes from its latest checkpoint" in rec.metrics[0].describe()
    assert "overwritten" not in rec.metrics[0].describe()
    assert status_of(result, "ET301") == "PASS"
    # one directory every run shares: checkpoints and metrics without per-run structure
    assert dimension(result, "result_persistence").score == 2


def test_an_estimator_from_a_builder_trains_through_its_input_fn(tmp_path):
    write_repo(
        tmp_path,
        {
            "model_lib.py": """
            import tensorflow as tf

            def build_estimator(model_dir):
                config = tf.estimator.RunConfig(model_dir=model_dir)
                return tf.estimator.DNNClassifier(hidden_units=[16], feature_columns=[], config=config)
            """,
            "run_experiment.py": """
            import argparse
            from model_lib import build_estimator

            if __name__ == "__main__":
                p = argparse.ArgumentParser()
                p.add_argument("--job_dir")
                args = p.parse_args()
                estimator = build_estimator(args.job_dir)
                estimator.train(input_fn=lambda: None, steps=100)
            """,
        },
    )
    ctx, _ = discover(tmp_path)
    assert [e.path for e in ctx.taxonomy.training_entry_points] == ["run_experiment.py"]
    assert [p.evidence.path for p in ctx.records.metrics] == ["model_lib.py"]


def test_an_estimator_only_built_for_predictions_and_another_librarys_run_config_write_nothing(tmp_path):
    write_repo(
        tmp_path,
        {
            "predict.py": """
            import tensorflow as tf
            from cloudlib import RunConfig

            job = RunConfig(model_dir="runs/job")
            if __name__ == "__main__":
                estimator = tf.estimator.Estimator(model_fn=None, model_dir="released/model")
                for p in estimator.predict(input_fn=lambda: None):
                    print(p)
            """
        },
    )
    ctx, _ = discover(tmp_path)
    assert not ctx.taxonomy.training_entry_points
    assert not ctx.records.metrics and not ctx.records.checkpoints


def test_the_best_evaluated_checkpoint_renamed_is_best_model_selection(tmp_path):
    rename = (
        '        for ext in ["meta", "index"]:\n'
        "            tf.io.gfile.rename(\n"
        '                os.path.join(FLAGS.output_dir, "model.ckpt-{}.{}".format(result["global_step"], ext)),\n'
        '                os.path.join(FLAGS.output_dir, "model.ckpt-best.{}".format(ext)),\n'
        "                overwrite=True,\n"
        "            )\n"
    )
    best = TPU_TRAINER.replace("\n\n\nif __name__", "\n" + rename + "\n\nif __name__")
    assert "model.ckpt-best" in best
    write_repo(tmp_path, {"run_trainer.py": best})
    result = run_audit(tmp_path)
    f = next(f for f in result.findings if f.rule_id == "ET310")
    assert f.status == "PASS" and "best model is selected" in f.message


def test_a_notebook_shell_line_that_downloads_the_data_is_a_documented_source(tmp_path):
    write_repo(
        tmp_path,
        {
            "run_trainer.py": TPU_TRAINER,
            "tutorial.ipynb": notebook(
                "import os\nDATA_DIR = 'glue_data'",
                "!git clone https://example.org/glue-tools.git tools\n"
                "!python tools/download_glue_data.py --data_dir=$DATA_DIR --tasks=MRPC",
            ),
        },
    )
    result = run_audit(tmp_path)
    data = dimension(result, "data_versioning")
    assert data.score == 1 and "download_glue_data.py" in data.reasons[0]
