"""rapidly-tui: a terminal explorer for the Rapidly API."""

__version__ = "0.1.0"
