#!/bin/bash
# Set up a TPU VM
cat > $HOME/requirements.txt <<EndOfFile
jax[tpu]==0.4.20
optax==0.1.7
mltoolkit==0.2.0
fastapi
uvicorn
EndOfFile

pip install --upgrade -r $HOME/requirements.txt
