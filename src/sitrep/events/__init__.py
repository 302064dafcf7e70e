"""Event mentions coded with the ACLED taxonomy, and the control and characterization claims read
with them. `find_events` is the stage's one entry point."""

from .detect import find_events

__all__ = ["find_events"]
