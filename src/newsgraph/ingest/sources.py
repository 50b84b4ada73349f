"""Which files does a list of input arguments name, and how are their bytes read safely?

Arguments may be files, directories (walked recursively), glob patterns or ``-`` for
stdin. Bytes are read with a hard size limit so a huge file is rejected after a
``stat`` (or after ``max_bytes + 1`` bytes of a stream), never loaded whole.
"""

from __future__ import annotations

import glob
import gzip
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
STDIN = "-"
STDIN_SOURCE = "<stdin>"
_GLOB_CHARS = set("*?[")


class ReadError(Exception):
    """A file's bytes could not be obtained; the message is meant for a human."""


def expand_paths(args: Iterable[str | Path]) -> Iterator[str]:
    """Each input argument expanded to file names (``-`` kept as is), in a stable order.

    Names that match nothing are passed through so the reader reports them as missing.
    """
    for arg in args:
        text = str(arg)
        if text == STDIN:
            yield STDIN
            continue
        path = Path(text)
        if path.is_dir():
            yield from _walk(path)
        elif not path.exists() and _GLOB_CHARS & set(text):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                yield text
            for match in matches:
                yield from (_walk(Path(match)) if Path(match).is_dir() else [match])
        else:
            yield text


def _walk(folder: Path) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield str(Path(root) / name)


def read_limited(name: str, max_bytes: int) -> bytes:
    """The bytes of a file (or stdin), gunzipped when it ends in ``.gz``, at most ``max_bytes``."""
    if name == STDIN:
        return _read_stream(sys.stdin.buffer, max_bytes, STDIN_SOURCE)
    path = Path(name)
    if not path.exists():
        raise ReadError("no such file")
    if not path.is_file():
        raise ReadError("not a regular file")
    size = path.stat().st_size
    if size > max_bytes:
        raise ReadError(f"file is {_human(size)}, larger than the {_human(max_bytes)} limit; skipped")
    try:
        if name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as stream:
                return _read_stream(stream, max_bytes, name, unpacked=True)
        return path.read_bytes()
    except PermissionError:
        raise ReadError("permission denied") from None
    except (gzip.BadGzipFile, zlib.error, EOFError) as err:
        raise ReadError(f"not a readable gzip file ({err or 'truncated'})") from None
    except OSError as err:
        raise ReadError(f"could not read file ({err.strerror or err})") from None


def _read_stream(stream, max_bytes: int, name: str, unpacked: bool = False) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        what = "unpacked content" if unpacked else "input"
        raise ReadError(f"{what} is larger than the {_human(max_bytes)} limit; skipped")
    return data


def _human(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}".replace(".0 ", " ")
        size /= 1024
    return f"{size} bytes"
