"""Audit an ML repository's experiment tracking and reproducibility."""

__version__ = "0.1.0"
