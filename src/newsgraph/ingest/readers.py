"""Which reader handles an input, chosen by extension and a sniff of the content?"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from newsgraph.ingest.decode import DecodeError, decode_bytes
from newsgraph.ingest.sources import (
    DEFAULT_MAX_BYTES, STDIN, STDIN_SOURCE, ReadError, expand_paths, read_limited,
)
from newsgraph.model import InputProblem, RawDocument

Item = RawDocument | InputProblem


def read_inputs(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Item]:
    """Every document in the given inputs, or an ``InputProblem`` for each one that fails."""
    for name in expand_paths(paths):
        source = STDIN_SOURCE if name == STDIN else name
        try:
            data = read_limited(name, max_bytes)
        except ReadError as err:
            yield InputProblem(source, str(err))
            continue
        yield from read_bytes(data, source)


def read_bytes(data: bytes, source: str) -> Iterator[Item]:
    """Documents from one input's bytes."""
    if not data.strip():
        yield InputProblem(source, "empty file")
        return
    try:
        text = decode_bytes(data)
    except DecodeError as err:
        yield InputProblem(source, str(err))
        return
    yield RawDocument(source=source, text=text, kind="text")
