"""Bytes to text: reject binary input, detect the encoding, never crash on invalid bytes.

A file that is UTF-8 but for a few stray bytes stays UTF-8: the stray bytes become U+FFFD and the
caller gets their byte offsets to warn about. Guessing another encoding for the whole file
instead would garble every accented letter ("Adré" as "Adr√©") and lose places and names."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

from .errors import UnreadableInput

__all__ = ["Decoded", "decode_bytes", "decode_utf8", "looks_binary"]

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


# Stray bytes a UTF-8 file may have and still be read as UTF-8; more, and the file is taken for
# another encoding (a cp1252 or Latin-1 file has one "invalid" byte per accented letter).
MAX_STRAY_BYTES = 64
# ... and in a file with no valid multi-byte character at all (ASCII plus odd bytes), at most this
# share of its bytes: one stray byte in a long ASCII text is damage, not another encoding.
MAX_STRAY_SHARE = 0.001


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    stray: list[int] = field(default_factory=list)  # byte offsets of invalid bytes replaced by U+FFFD
    guessed: bool = False  # the encoding was detected, not declared (BOM) or UTF-8

    def warning(self, within: str = "") -> str | None:
        """One line for the user when the text is not exactly the bytes' UTF-8, else None.
        `within` says what the offsets count from (" of the line"); the file by default."""
        if self.stray:
            where = ", ".join(f"{o:,}" for o in self.stray[:3]) + (", …" if len(self.stray) > 3 else "")
            many = len(self.stray) > 1
            return (f"{len(self.stray)} byte{'s' if many else ''} not valid UTF-8 (at byte offset{'s' if many else ''} "
                    f"{where}{within}) replaced by U+FFFD, the rest read as UTF-8: check the file near "
                    f"{'those offsets' if many else 'that offset'}")
        if self.guessed:
            return (f"not UTF-8: read as {self.encoding} (detected); if letters look wrong, re-save the file "
                    "as UTF-8")
        return None


def decode_bytes(data: bytes) -> Decoded:
    """Decode with the BOM, else UTF-8 (allowing a few stray bytes), else the encoding
    charset-normalizer finds; bytes that fit no encoding become U+FFFD rather than an error.
    Newlines are normalised to '\\n'."""
    if looks_binary(data):
        raise UnreadableInput("binary data, not text: give a text, HTML, RSS/Atom or JSONL file")
    decoded = _decode(data)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, decoded.encoding, decoded.stray, decoded.guessed)


def decode_utf8(data: bytes) -> Decoded:
    """UTF-8 with every invalid byte replaced and its offset kept (for one JSON line)."""
    text, stray = _utf8_with_stray(data, limit=None)
    return Decoded(text, "utf-8", stray)


def _decode(data: bytes) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding, errors="replace"), encoding)
    text, stray = _utf8_with_stray(data, limit=MAX_STRAY_BYTES)
    if text is not None and (not stray or _mostly_utf8(text, len(stray), len(data))):
        return Decoded(text, "utf-8", stray)
    best = from_bytes(data[:SNIFF_BYTES]).best()
    encoding = best.encoding if best is not None else "utf-8"
    return Decoded(data.decode(encoding, errors="replace"), encoding, guessed=True)


def _utf8_with_stray(data: bytes, limit: int | None) -> tuple[str | None, list[int]]:
    """UTF-8 text with invalid bytes as U+FFFD and their offsets; (None, offsets) past `limit`."""
    pieces: list[str] = []
    stray: list[int] = []
    pos = 0
    while True:
        try:
            pieces.append(data[pos:].decode("utf-8"))
            return "".join(pieces), stray
        except UnicodeDecodeError as e:
            pieces.append(data[pos:pos + e.start].decode("utf-8"))
            pieces.append("\ufffd")
            stray.append(pos + e.start)
            pos += e.end
            if limit is not None and len(stray) > limit:
                return None, stray


def _mostly_utf8(text: str, stray: int, size: int) -> bool:
    """A UTF-8 file with a few bad bytes: valid multi-byte characters at least as many as the
    stray bytes, or stray bytes a tiny share of the file. Many odd bytes and no valid multi-byte
    character is a legacy single-byte encoding (every accented letter is one odd byte)."""
    valid = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    return valid >= stray or stray <= MAX_STRAY_SHARE * size
