"""Runs that trackers left on disk, read with the standard library, pyyaml and gitpython only."""

from .catalog import RunCatalog, build_catalog

__all__ = ["RunCatalog", "build_catalog"]
