from dopamine.discrete_domains import run_experiment


class FixedReplayRunner(run_experiment.Runner):
    """Runs an agent on a fixed replay buffer."""

    def _run_one_iteration(self, iteration):
        return super()._run_one_iteration(iteration)
