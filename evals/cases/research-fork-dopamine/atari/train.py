from absl import app, flags
from dopamine.discrete_domains import run_experiment

from atari.runner import FixedReplayRunner

flags.DEFINE_string("base_dir", None, "Base directory of the run.")
flags.DEFINE_multi_string("gin_files", [], "Gin files.")
flags.DEFINE_multi_string("gin_bindings", [], "Gin bindings.")
FLAGS = flags.FLAGS


def main(unused_argv):
    run_experiment.load_gin_configs(FLAGS.gin_files, FLAGS.gin_bindings)
    runner = FixedReplayRunner(FLAGS.base_dir, run_experiment.create_agent)
    runner.run_experiment()


if __name__ == "__main__":
    flags.mark_flag_as_required("base_dir")
    app.run(main)
