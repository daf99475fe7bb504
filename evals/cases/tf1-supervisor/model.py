import argparse
import json
import os
import random

import numpy as np
import tensorflow as tf

parser = argparse.ArgumentParser()
parser.add_argument("--output_dir", required=True)
parser.add_argument("--checkpoint", default=None, help="directory with a checkpoint to resume training from")
parser.add_argument("--lr", type=float, default=0.0002)
parser.add_argument("--seed", type=int)
a = parser.parse_args()


def main():
    if a.seed is None:
        a.seed = random.randint(0, 2**31 - 1)
    tf.set_random_seed(a.seed)
    np.random.seed(a.seed)
    random.seed(a.seed)
    if not os.path.exists(a.output_dir):
        os.makedirs(a.output_dir)
    with open(os.path.join(a.output_dir, "options.json"), "w") as f:
        f.write(json.dumps(vars(a), sort_keys=True, indent=4))
    loss = build_model()
    train = tf.train.AdamOptimizer(a.lr).minimize(loss)
    tf.summary.scalar("loss", loss)
    saver = tf.train.Saver(max_to_keep=1)
    sv = tf.train.Supervisor(logdir=a.output_dir, save_summaries_secs=0, saver=None)
    with sv.managed_session() as sess:
        if a.checkpoint is not None:
            checkpoint = tf.train.latest_checkpoint(a.checkpoint)
            saver.restore(sess, checkpoint)
        for step in range(1000):
            sess.run(train)
            if step % 100 == 0:
                saver.save(sess, os.path.join(a.output_dir, "model"), global_step=sv.global_step)


main()
