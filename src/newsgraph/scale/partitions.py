"""How is an ingest cut into independent partitions, and what raw documents does one partition hold?

A partition is a run of consecutive small input files (up to ``GROUP_BYTES`` together, so
spaCy still parses in batches), or a range of lines of a JSON Lines file. Each
partition reads exactly the documents (and ``InputProblem``s) that ``read_inputs`` would
yield for that stretch of input, with the same ``source`` names (``file.jsonl:LINE``), so
the distributed path produces the same records as the local one.

A JSONL file is split by byte ranges only when that cannot change what is read: plain
UTF-8, no NUL bytes, no line separator other than ``\\n``/``\\r\\n`` that ``str.splitlines``
would honour, within the size limit, not gzip. Anything else is one whole-file partition.
Partition ids hash the input name, its content, the range and the options, so a re-run
over the same inputs finds the same ids (and a changed file gets new ones).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from newsgraph import __version__
from newsgraph.ingest import read_inputs
from newsgraph.ingest.jsonl import read_line
from newsgraph.ingest.readers import _BINARY_MAGIC, JSONL_SUFFIXES
from newsgraph.ingest.sources import DEFAULT_MAX_BYTES, STDIN, expand_paths
from newsgraph.model import InputProblem, RawDocument

LINES_PER_PARTITION = 200
GROUP_BYTES = 32 * 1024  # about eight typical articles: enough for batching, many tasks to share out
GROUP_FILES = 64
# A small input is cut finer: no partition holds more than 1/SHARES of it (down to MIN_BYTES), so
# every worker has work until near the end instead of one worker finishing a large last partition
# alone. Large inputs reach the caps above, where the partitioning no longer depends on the total.
SHARES = 64
MIN_BYTES = 4 * 1024
_CHUNK = 1 << 20
# Bytes that str.splitlines() treats as line breaks besides "\n" (a lone "\r" is checked apart).
_OTHER_BREAKS = (b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")


@dataclass(frozen=True)
class Partition:
    """One unit of distributed work: whole input files, or lines ``first_line..`` of one JSONL file."""

    id: str
    sources: tuple[str, ...]  # input names exactly as read_inputs names them
    start: int = 0  # byte range, for line ranges only
    end: int = -1  # -1: whole files, read through read_inputs
    first_line: int = 1

    @property
    def whole_file(self) -> bool:
        return self.end < 0

    @property
    def source(self) -> str:
        return self.sources[0]

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def plan_partitions(
    paths: Iterable[str | Path],
    options_key: dict[str, object],
    *,
    lines_per_partition: int = LINES_PER_PARTITION,
    group_bytes: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Partition]:
    """The partitions of the inputs, in input order (the order the store receives them).

    A partition is a group of whole files up to ``group_bytes`` (or ``GROUP_FILES`` files), or up
    to ``lines_per_partition`` lines of a JSONL file. Unless ``group_bytes`` is given, it is
    ``GROUP_BYTES``, or less for a small input (see ``SHARES``), whose line ranges also end at it.
    """
    paths = list(paths)
    share = share_bytes(paths) if group_bytes is None else None
    group_bytes = group_bytes or share or GROUP_BYTES
    group: list[tuple[str, str]] = []  # (name, digest) of consecutive whole files
    group_size = 0

    def whole_files() -> Partition:
        names = tuple(n for n, _ in group)
        key = [[n, d] for n, d in group]
        return Partition(id=_partition_id(key, options_key, 0, -1), sources=names)

    for name in expand_paths(paths):
        if name == STDIN:
            raise ValueError("the distributed path reads files, not stdin ('-')")
        digest, size, line_ends = _scan(name, max_bytes)
        if line_ends is None:
            group.append((name, digest))
            group_size += size
            if group_size >= group_bytes or len(group) >= GROUP_FILES:
                yield whole_files()
                group, group_size = [], 0
            continue
        if group:
            yield whole_files()
            group, group_size = [], 0
        start, first_line = 0, 1
        for chunk in _line_ranges(line_ends, lines_per_partition, share):
            end = chunk[-1]
            yield Partition(
                id=_partition_id([[name, digest]], options_key, start, end), sources=(name,),
                start=start, end=end, first_line=first_line,
            )
            start, first_line = end, first_line + len(chunk)
    if group:
        yield whole_files()


def share_bytes(paths: Iterable[str | Path]) -> int | None:
    """The most bytes one partition of a small input may hold (1/SHARES of it); None for a large one."""
    total = 0
    for name in expand_paths(paths):
        try:
            total += Path(name).stat().st_size
        except OSError:
            continue
        if total >= GROUP_BYTES * SHARES:
            return None  # large enough for the usual sizes: no need to look further
    return max(MIN_BYTES, total // SHARES)


def _line_ranges(line_ends: list[int], most_lines: int, most_bytes: int | None) -> Iterator[list[int]]:
    """Consecutive runs of line ends, each up to ``most_lines`` lines and (if given) ``most_bytes``."""
    i, start = 0, 0
    while i < len(line_ends):
        j = min(i + most_lines, len(line_ends))
        if most_bytes is not None:
            k = i + 1  # at least one line
            while k < j and line_ends[k] - start <= most_bytes:
                k += 1
            j = k
        yield line_ends[i:j]
        start, i = line_ends[j - 1], j


def read_partition(partition: Partition, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument | InputProblem]:
    """The raw documents of one partition, as ``read_inputs`` yields them for that stretch."""
    if partition.whole_file:
        yield from read_inputs(partition.sources, max_bytes=max_bytes)
        return
    with open(partition.source, "rb") as stream:
        stream.seek(partition.start)
        data = stream.read(partition.end - partition.start)
    text = data.decode("utf-8-sig" if partition.start == 0 else "utf-8")
    for number, line in enumerate(text.split("\n"), start=partition.first_line):
        if line.strip():
            yield read_line(line, f"{partition.source}:{number}")


def _partition_id(files: list[list[str]], options_key: dict[str, object], start: int, end: int) -> str:
    key = json.dumps([__version__, files, start, end, options_key], sort_keys=True, default=str)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def _scan(name: str, max_bytes: int) -> tuple[str, int, list[int] | None]:
    """A file's content hash, size and, when it may be split by lines, the byte offset after each line.

    Files that cannot be read get a name-only digest: their partition reports the problem.
    """
    path = Path(name)
    try:
        size = path.stat().st_size
    except OSError:
        return "unreadable", 0, None
    splittable = (
        path.is_file() and path.suffix.lower() in JSONL_SUFFIXES and size <= max_bytes
    )
    sha = hashlib.sha256()
    line_ends: list[int] = []
    decoder_ok = True
    offset = 0
    tail = b""
    try:
        with path.open("rb") as stream:
            head = True
            while chunk := stream.read(_CHUNK):
                sha.update(chunk)
                if not splittable:
                    continue
                if head:
                    head = False
                    if not chunk.strip() or any(chunk.startswith(m) for m in _BINARY_MAGIC):
                        splittable = False
                        continue
                window = tail + chunk
                if b"\x00" in chunk or any(b in window for b in _OTHER_BREAKS) or _lone_cr(window):
                    splittable = False
                    continue
                pos = chunk.find(b"\n")
                while pos >= 0:
                    line_ends.append(offset + pos + 1)
                    pos = chunk.find(b"\n", pos + 1)
                offset += len(chunk)
                tail = chunk[-3:]
        if splittable and tail.endswith(b"\r"):
            splittable = False  # a lone "\r" ends the file
        if splittable:
            if not line_ends or line_ends[-1] != offset:
                line_ends.append(offset)
            decoder_ok = _is_utf8(path)
    except OSError:
        return "unreadable", 0, None
    return sha.hexdigest(), size, (line_ends if splittable and decoder_ok else None)


def _lone_cr(window: bytes) -> bool:
    """A "\\r" not followed by "\\n" (the last byte of a chunk is checked with the next one)."""
    pos = window.find(b"\r")
    while 0 <= pos < len(window) - 1:
        if window[pos + 1 : pos + 2] != b"\n":
            return True
        pos = window.find(b"\r", pos + 1)
    return False


def _is_utf8(path: Path) -> bool:
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
