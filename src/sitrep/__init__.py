"""sitrep: read news reports about an armed conflict and return a sourced situation picture."""

__version__ = "0.1.0"
