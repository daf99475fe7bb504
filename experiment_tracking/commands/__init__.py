"""Subcommands; each module is argparse-only at import time (see cli.py)."""
