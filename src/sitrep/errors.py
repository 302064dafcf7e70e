"""Typed errors a user can cause. Each message names the input, the cause and what to do;
only the CLI turns them into a one-line message and an exit code."""


class SitrepError(Exception):
    """Base of every error sitrep raises on purpose."""


class InputError(SitrepError):
    """An input (file, URL, manifest, option value) that cannot be used as given."""


class StoreError(SitrepError):
    """The database named by --db cannot be opened or written."""


class ModelError(SitrepError):
    """A required language model or data package is not installed."""
