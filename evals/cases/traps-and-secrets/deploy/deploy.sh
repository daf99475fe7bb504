#!/usr/bin/env bash
# Copies the latest checkpoint to the inference box.
# dvc push   # (disabled: we never set up the remote)
set -euo pipefail
scp -i deploy/id_rsa checkpoints/best.pt inference@turbine-inference.example.internal:/srv/models/
