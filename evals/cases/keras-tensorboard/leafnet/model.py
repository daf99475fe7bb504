from __future__ import annotations

import tensorflow as tf


def build_model(backbone: str, image_size: int, n_classes: int, dropout: float) -> tf.keras.Model:
    base_cls = getattr(tf.keras.applications, backbone)
    base = base_cls(include_top=False, weights="imagenet", input_shape=(image_size, image_size, 3))
    base.trainable = False
    inputs = tf.keras.Input((image_size, image_size, 3))
    x = base(inputs, training=False)
    x = tf.keras.layers.GlobalAveragePooling2D()(x)
    x = tf.keras.layers.Dropout(dropout)(x)
    outputs = tf.keras.layers.Dense(n_classes, activation="softmax", dtype="float32")(x)
    return tf.keras.Model(inputs, outputs, name=f"leafnet_{backbone.lower()}")


def make_optimizer(cfg: dict) -> tf.keras.optimizers.Optimizer:
    if cfg["name"] == "adamw":
        return tf.keras.optimizers.AdamW(learning_rate=cfg["learning_rate"], weight_decay=cfg["weight_decay"])
    return tf.keras.optimizers.Adam(learning_rate=cfg["learning_rate"])


class UnfreezeBackbone(tf.keras.callbacks.Callback):
    def __init__(self, at_epoch: int) -> None:
        super().__init__()
        self.at_epoch = at_epoch

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.at_epoch:
            for layer in self.model.layers:
                if isinstance(layer, tf.keras.Model):
                    layer.trainable = True
            print(f"epoch {epoch}: backbone unfrozen")
