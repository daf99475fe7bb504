"""Evaluation corpus, runner and agent-eval grader."""
