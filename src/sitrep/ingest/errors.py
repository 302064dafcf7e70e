"""Why an input could not be read. Readers raise these; `read_inputs` turns each into a `Skip`
so the batch goes on. A manifest named by the user that cannot be used at all is an `InputError`.

Besides articles and Skips, `read_inputs` yields two kinds of report a user should see:
`Passed`, a Skip made on purpose (a README in a folder of articles: nothing is wrong), and
`Notice`, a warning about an article that was read (bytes replaced while decoding)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from ..model import Skip

__all__ = ["UnreadableInput", "ManifestError", "Passed", "Notice", "too_big"]


@dataclass(frozen=True)
class Passed(Skip):
    """An input passed over on purpose (not an article format, a link to a folder): reported,
    but not a failure."""


@dataclass(frozen=True)
class Notice:
    """Something a user should know about an input that was read anyway (one line: what and where)."""

    input: str
    message: str


class UnreadableInput(InputError):
    """One input (a file, a feed item, a JSONL line) that is not an article: the message says why
    and what to do, in one line, without the input's name (the Skip carries that)."""


class ManifestError(InputError):
    """A metadata manifest that cannot be read; the message names the file, the row and the fix."""


def too_big(what: str, size: int, cap: int, at_least: bool = False) -> UnreadableInput:
    """The error for an input over the --max-bytes cap: its size, the cap, and how to raise it."""
    amount = f"more than {cap:,}" if at_least else f"{size:,}"
    return UnreadableInput(f"{what} of {amount} bytes, over the {cap:,}-byte cap: raise it with "
                           f"--max-bytes {_round_up(max(size, cap + 1))} if it really is one article")


def _round_up(size: int) -> int:
    """A round cap above `size` (12,345,678 -> 20,000,000) to suggest to the user."""
    step = 10 ** max(len(str(size)) - 1, 0)
    return (size // step + 1) * step
