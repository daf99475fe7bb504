"""Families of real code the fresh67 round (and the recommendations fresh66's reviewers found unfitting)
showed the auditor reading wrong, each with a synthetic case of our own."""

from __future__ import annotations

from experiment_tracking.audit import run_audit
from tests.rules.repo_helpers import commit_all, dimension, finding, write_repo


def _audit(tmp_path, files):
    root = write_repo(tmp_path, files)
    commit_all(root)
    return run_audit(root, jobs=1)


TF1_GAN = """
import tensorflow as tf
import numpy as np

real = tf.placeholder(tf.float32, shape=[64, 784])
w = tf.Variable(tf.zeros([784, 1]))
loss = tf.reduce_mean(tf.matmul(real, w))
train_op = tf.train.AdamOptimizer(1e-4).minimize(loss)
with tf.Session() as session:
    session.run(tf.initialize_all_variables())
    for it in range(1000):
        _loss, _ = session.run([loss, train_op], feed_dict={real: np.zeros((64, 784))})
        print(it, _loss)
"""


def test_tf1_graph_code_that_never_saves_gets_a_saver_fix_not_a_keras_model_save(tmp_path):
    result = _audit(tmp_path, {"gan_mnist.py": TF1_GAN, "requirements.txt": "tensorflow==1.15\nnumpy\n"})
    f = finding(result, "ET310")
    assert f.status != "PASS"
    assert "tf.train.Saver" in f.recommendation
    assert "model.keras" not in f.recommendation and "model.save(" not in f.recommendation


TF1_DQN = """
import tensorflow as tf
import numpy as np

s = tf.placeholder("float", [None, 80])
w = tf.Variable(tf.zeros([80, 2]))
cost = tf.reduce_mean(tf.square(tf.matmul(s, w)))
train_step = tf.train.AdamOptimizer(1e-6).minimize(cost)
sess = tf.InteractiveSession()
saver = tf.train.Saver()
sess.run(tf.initialize_all_variables())
t = 0
while True:
    sess.run(train_step, feed_dict={s: np.zeros((32, 80))})
    t += 1
    if t % 10000 == 0:
        saver.save(sess, "saved_networks/" + "bird" + "-dqn", global_step=t)
"""


def test_tf_saver_with_a_global_step_keeps_a_file_per_save_and_committed_saves_are_one_runs_steps(tmp_path):
    """saver.save(sess, prefix, global_step=t) writes prefix-<t>: several checkpoints per run (level 2,
    not 'one overwritten artefact'), and the committed saved_networks/bird-dqn-<t> files are the steps of
    one run in a shared folder, not a stored run each."""
    files = {"deep_q.py": TF1_DQN, "requirements.txt": "tensorflow==1.15\n"}
    for step in (20000, 30000, 40000):
        files[f"saved_networks/bird-dqn-{step}.meta"] = "x" * 3000
    result = _audit(tmp_path, files)
    rp = dimension(result, "result_persistence")
    assert rp.score == 2, rp.reasons
    assert "several kept per run" in rp.reasons[0]
    assert not [r for r in result.ctx.catalog.runs if r.store == "run-dir"]


STYLE = """
import argparse
import numpy as np
from scipy.optimize import fmin_l_bfgs_b
from imageio import imwrite

p = argparse.ArgumentParser()
p.add_argument("base_image_path")
p.add_argument("result_prefix")
p.add_argument("--num_iter", type=int, default=10)
args = p.parse_args()
x = np.random.uniform(0, 255, (1, 64, 64, 3))
for i in range(args.num_iter):
    x, min_val, info = fmin_l_bfgs_b(lambda v: (float((v ** 2).sum()), 2 * v), x.flatten(), maxfun=20)
    print("Current loss value:", min_val)
    fname = args.result_prefix + "_at_iteration_%d.png" % (i + 1)
    imwrite(fname, x.reshape((64, 64, 3)).astype("uint8"))
"""


def test_an_output_written_at_every_iteration_is_several_results_kept_per_run(tmp_path):
    result = _audit(tmp_path, {"network.py": STYLE, "README.md": "# x\n\npython network.py a.jpg out\n"})
    rp = dimension(result, "result_persistence")
    assert rp.score == 2, rp.reasons
    assert "a new file at every iteration" in rp.reasons[0]
