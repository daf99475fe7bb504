from __future__ import annotations

import tensorflow as tf

AUTOTUNE = tf.data.AUTOTUNE


def make_datasets(data_dir: str, image_size: int, batch_size: int, val_split: float, seed: int):
    common = dict(
        validation_split=val_split,
        seed=seed,
        image_size=(image_size, image_size),
        batch_size=batch_size,
        label_mode="categorical",
    )
    train = tf.keras.utils.image_dataset_from_directory(data_dir, subset="training", **common)
    val = tf.keras.utils.image_dataset_from_directory(data_dir, subset="validation", **common)
    class_names = train.class_names

    augment = tf.keras.Sequential(
        [
            tf.keras.layers.RandomFlip("horizontal_and_vertical", seed=seed),
            tf.keras.layers.RandomRotation(0.15, seed=seed),
            tf.keras.layers.RandomContrast(0.1, seed=seed),
        ],
        name="augment",
    )
    train = train.map(lambda x, y: (augment(x, training=True), y), num_parallel_calls=AUTOTUNE)
    return train.prefetch(AUTOTUNE), val.cache().prefetch(AUTOTUNE), class_names
