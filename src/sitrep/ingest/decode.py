"""Bytes to text: reject binary input, detect the encoding, never crash on invalid bytes."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from .errors import UnreadableInput

__all__ = ["decode_bytes", "looks_binary"]

# How much of the input the binary test and the encoding guess look at: enough to be sure,
# little enough to stay fast on a 10 MB file.
SNIFF_BYTES = 64_000

# Share of control characters (other than tab, newline, carriage return, form feed) above which
# a decoded sample is taken for binary data rather than text.
MAX_CONTROL_SHARE = 0.05

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def looks_binary(data: bytes) -> bool:
    sample = data[:SNIFF_BYTES]
    if any(sample.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in sample:
        return True
    text = sample.decode("latin-1")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls > MAX_CONTROL_SHARE * max(len(text), 1)


def decode_bytes(data: bytes) -> str:
    """Decode with the BOM, else UTF-8, else the encoding charset-normalizer finds; bytes that fit
    no encoding become U+FFFD rather than an error. Newlines are normalised to '\\n'."""
    if looks_binary(data):
        raise UnreadableInput("binary data, not text: give a text, HTML, RSS/Atom or JSONL file")
    text = _decode(data)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:SNIFF_BYTES]).best()
    encoding = best.encoding if best is not None else "utf-8"
    return data.decode(encoding, errors="replace")
