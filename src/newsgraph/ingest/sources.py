"""Which files does a list of input arguments name, and how are their bytes read safely?

Arguments may be files, directories (walked recursively), glob patterns or ``-`` for
stdin. Bytes are read with a hard size limit so a huge file is rejected after a
``stat`` (or after ``max_bytes + 1`` bytes of a stream), never loaded whole.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsgraph.ingest.walk import Found, Walker, has_glob
from newsgraph.model import InputProblem

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
STDIN = "-"
STDIN_SOURCE = "<stdin>"


class ReadError(Exception):
    """A file's bytes could not be obtained; the message is meant for a human."""


def is_url(text: str) -> bool:
    """An ``http://`` or ``https://`` argument: fetched, never looked up as a file."""
    return text[:8].lower().startswith(("http://", "https://"))


def expand_paths(args: Iterable[str | Path]) -> Iterator[str]:
    """Each input argument expanded to file names (``-`` kept as is), in a stable order.

    Names that match nothing are passed through so the reader reports them as missing.
    Folders that had to be skipped are left out here; :func:`expand_inputs` reports them.
    """
    return (name for name in expand_inputs(args) if isinstance(name, str))


def expand_inputs(args: Iterable[str | Path]) -> Iterator[Found]:
    """As :func:`expand_paths`, with an ``InputProblem`` in place for each folder, or symbolic
    link to a folder, that was skipped (unreadable, or leading back into a folder already read)."""
    for arg in args:
        text = str(arg)
        if text == STDIN or is_url(text):
            yield text
        elif os.path.isdir(text):
            yield from Walker().walk(str(Path(text)))
        elif not os.path.lexists(text) and has_glob(text):
            walker = Walker()
            found = walker.glob(text)
            if not any(isinstance(match, str) for match in found):
                yield text  # reported as missing
            done: set[str] = set()  # a match inside a matched folder is read once
            for match in found:
                names = walker.walk(match) if isinstance(match, str) and os.path.isdir(match) else [match]
                for name in names:
                    if isinstance(name, str):
                        if name in done:
                            continue
                        done.add(name)
                    yield name
        else:
            yield text


def read_limited(name: str, max_bytes: int) -> bytes:
    """The raw bytes of a file (or stdin), refusing anything larger than ``max_bytes``."""
    if name == STDIN:
        return _read_stream(sys.stdin.buffer, max_bytes)
    path = Path(name)
    if not path.exists():
        raise ReadError("no such file")
    if not path.is_file():
        raise ReadError("not a regular file")
    size = path.stat().st_size
    if size > max_bytes:
        said, limit = _human(size), _human(max_bytes)
        if said == limit:  # "100 MB, larger than the 100 MB limit" would read as nonsense
            said, limit = f"{size:,} bytes", f"{max_bytes:,}-byte"
        raise ReadError(f"file is {said}, larger than the {limit} limit; skipped")
    try:
        with path.open("rb") as stream:
            return _read_stream(stream, max_bytes)
    except PermissionError:
        raise ReadError("permission denied") from None
    except OSError as err:
        raise ReadError(f"could not read file ({err.strerror or err})") from None


def gunzip_limited(data: bytes, max_bytes: int) -> bytes:
    """Decompressed gzip data, refusing content that unpacks to more than ``max_bytes``."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            return _read_stream(stream, max_bytes, what="unpacked gzip content")
    except (gzip.BadGzipFile, zlib.error, EOFError) as err:
        raise ReadError(f"not a readable gzip file ({err or 'truncated data'})") from None


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


_CHUNK = 1 << 20


def _read_stream(stream, max_bytes: int, what: str = "input") -> bytes:
    """Read in chunks (``read(n)`` would allocate ``n`` bytes up front) and stop past the limit."""
    chunks, total = [], 0
    while chunk := stream.read(min(_CHUNK, max_bytes + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise ReadError(f"{what} is larger than the {_human(max_bytes)} limit; skipped")
    return b"".join(chunks)


def _human(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}".replace(".0 ", " ")
        size /= 1024
    return f"{size} bytes"
