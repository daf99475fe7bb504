"""Churn classifier: training, evaluation and registry promotion."""

__version__ = "1.4.0"
