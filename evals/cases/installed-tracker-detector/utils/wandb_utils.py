try:
    import wandb
except ImportError:
    wandb = None

ARTIFACT_PREFIX = "wandb-artifact://"


class WandbLogger:
    """Starts W&B whenever the package is installed; resumes a run from an artifact on request."""

    def __init__(self, opt, name):
        self.wandb = wandb
        self.run = None
        if isinstance(opt.resume, str):
            if opt.resume.startswith(ARTIFACT_PREFIX):
                self.run = wandb.init(id=opt.resume[len(ARTIFACT_PREFIX):], resume="allow")
        elif self.wandb:
            self.run = wandb.init(config=vars(opt), name=name, project="detector")

    def log(self, metrics):
        if self.run:
            self.run.log(metrics)
