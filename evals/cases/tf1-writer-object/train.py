import argparse
import os

import numpy as np
import tensorflow as tf

from utils import ResultLogger


def get_hps():
    parser = argparse.ArgumentParser()
    parser.add_argument("--logdir", type=str, default="./logs/")
    parser.add_argument("--lr", type=float, default=0.001)
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args()


def train(sess, model, hps):
    train_logger = ResultLogger(hps.logdir + "train.txt", **hps.__dict__)
    test_logger = ResultLogger(hps.logdir + "test.txt", **hps.__dict__)
    saver = tf.train.Saver()
    best = np.inf
    for epoch in range(1, hps.epochs):
        loss = sess.run(model.train_op)
        train_logger.log(epoch=epoch, loss=float(loss))
        test_loss = sess.run(model.test_loss)
        test_logger.log(epoch=epoch, bits_per_dim=float(test_loss))
        if test_loss < best:
            best = test_loss
            saver.save(sess, os.path.join(hps.logdir, "model_best_loss.ckpt"))


if __name__ == "__main__":
    hps = get_hps()
    tf.set_random_seed(hps.seed)
    np.random.seed(hps.seed)
    with tf.Session() as sess:
        train(sess, build_model(hps), hps)
