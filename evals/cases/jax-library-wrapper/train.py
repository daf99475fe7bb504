"""Trains a small language model with JAX; flags and the W&B logger come from a helper library."""

import jax
import jax.numpy as jnp
import numpy as np
import optax
import mltoolkit
from transformers import AutoTokenizer

from lm.model import init_params, loss_and_accuracy

FLAGS, FLAGS_DEF = mltoolkit.define_flags_with_default(
    seed=42,
    total_steps=10000,
    lr=3e-4,
    eval_every=500,
    output_dir="/tmp/lm",
    logger=mltoolkit.WandBLogger.get_default_config(),
)


def train_step(params, opt_state, batch):
    (loss, acc), grads = jax.value_and_grad(loss_and_accuracy, has_aux=True)(params, batch)
    updates, opt_state = optimizer.update(grads, opt_state, params)
    return optax.apply_updates(params, updates), opt_state, dict(loss=loss, accuracy=acc)


def eval_step(params, batch):
    loss, acc = loss_and_accuracy(params, batch)
    return dict(eval_loss=loss, eval_accuracy=acc)


def main(argv):
    variant = mltoolkit.get_user_flags(FLAGS, FLAGS_DEF)
    logger = mltoolkit.WandBLogger(config=FLAGS.logger, variant=variant)
    np.random.seed(FLAGS.seed)
    rng = jax.random.PRNGKey(FLAGS.seed)
    tokenizer = AutoTokenizer.from_pretrained("gpt2")
    params = init_params(rng)
    global optimizer
    optimizer = optax.adamw(FLAGS.lr)
    opt_state = optimizer.init(params)
    step_fn = jax.jit(train_step)
    eval_fn = jax.jit(eval_step)
    for step in range(FLAGS.total_steps):
        batch = next_batch(tokenizer)
        params, opt_state, metrics = step_fn(params, opt_state, batch)
        if step % FLAGS.eval_every == 0:
            metrics.update(eval_fn(params, next_batch(tokenizer)))
        logger.log({"step": step, **jax.device_get(metrics)})
    mltoolkit.save_pickle(params, f"{logger.output_dir}/params.pkl")


if __name__ == "__main__":
    mltoolkit.run(main)
