import json


class ResultLogger(object):
    """One JSON line of options when the run starts, then one line per epoch."""

    def __init__(self, path, *args, **kwargs):
        self.f_log = open(path, "w")
        self.f_log.write(json.dumps(kwargs) + "\n")

    def log(self, **kwargs):
        self.f_log.write(json.dumps(kwargs) + "\n")
        self.f_log.flush()
