"""delegate: a terminal organizer for community advocates."""

__version__ = "0.1.0"
