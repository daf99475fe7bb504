"""spaceflights-pricing"""

__version__ = "0.1"
