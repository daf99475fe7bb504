import sys

import tensorflow as tf

model = tf.keras.models.load_model(sys.argv[1])
converter = tf.lite.TFLiteConverter.from_keras_model(model)
converter.optimizations = [tf.lite.Optimize.DEFAULT]
open(sys.argv[2], "wb").write(converter.convert())
