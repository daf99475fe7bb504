import json
import os
import time


def make_path(f):
    d = os.path.dirname(f)
    if d and not os.path.exists(d):
        os.makedirs(d)
    return f


class ResultLogger:
    """One JSON line of the run's settings, then one per epoch."""

    def __init__(self, path, **kwargs):
        self.f_log = open(make_path(path), "w")
        self.f_log.write(json.dumps(kwargs) + "\n")

    def log(self, **kwargs):
        kwargs["time"] = time.time()
        self.f_log.write(json.dumps(kwargs) + "\n")
        self.f_log.flush()
