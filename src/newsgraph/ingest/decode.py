"""How do raw bytes become clean Unicode text (or a clear reason why they cannot)?

UTF-8 first (with or without BOM); otherwise charset-normalizer guesses the encoding.
UTF-16 is known by its BOM, or without one by its NUL bytes all falling on one side of
each byte pair. Other bytes with NUL characters, or that no encoding explains, are binary. Mojibake is then
repaired with ftfy under sober settings: curly quotes, dashes and ligatures are kept.
"""

from __future__ import annotations

import re

import ftfy
from charset_normalizer import from_bytes

_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,  # HTML entities are the HTML reader's business
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=True,
    fix_surrogates=True,
    remove_control_chars=True,
    normalization="NFC",
    explain=False,
)


_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # includes \r (line breaks get normalised)


class DecodeError(Exception):
    """The bytes are not text; the message is meant for a human."""


def looks_binary(data: bytes) -> bool:
    """NUL bytes never occur in text in any 8-bit encoding we accept (UTF-16 is sniffed by BOM)."""
    return b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff"))


def decode_bytes(data: bytes, *, repair: bool = True) -> str:
    """Text from bytes: UTF-8, else the encoding charset-normalizer finds, then mojibake repair.

    ``repair=False`` skips ftfy: the HTML reader repairs only the strings it keeps, which
    is much cheaper than repairing a whole page of markup.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise DecodeError("invalid UTF-16 text") from None
    elif looks_binary(data):
        text = _utf16_without_bom(data)
        if text is None:
            raise DecodeError("binary file (contains NUL bytes), not text")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _guess(data)
    return fix_text(text) if repair else text


_UTF16_ZERO_SHARE = 0.3  # of the high bytes of a UTF-16 text, at least this many are NUL (Latin script)
_TEXT_SHARE = 0.97  # of the characters decoded, at least this many are printable or whitespace


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of UTF-16 bytes that carry no BOM, or None when they are not that.

    In UTF-16 text of a Latin script every other byte is NUL, always on the same side of
    the pair (odd offsets: little-endian; even: big-endian); in binary data NULs fall on both.
    """
    sample = data[:65536]
    even, odd = sample[0::2], sample[1::2]
    for codec, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if not high or high.count(0) < _UTF16_ZERO_SHARE * len(high) or low.count(0) > 0.01 * len(low):
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            return None
        head = text[:20000]
        if "\x00" not in text and sum(c.isprintable() or c.isspace() for c in head) >= _TEXT_SHARE * len(head):
            return text
    return None


def _guess(data: bytes) -> str:
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("not valid UTF-8 and no text encoding fits it (binary or corrupt?)")
    return str(best)


def fix_text(text: str) -> str:
    """ftfy repair of mojibake and control characters, keeping typographic quotes."""
    if text.isascii() and not _ASCII_CONTROL.search(text):
        return text  # nothing these ftfy settings would change
    return ftfy.fix_text(text, config=_FTFY)
