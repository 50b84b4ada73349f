"""Reads the analyst-editable data files under ``newsgraph/data`` (TSV, YAML, plain lists).

Code elsewhere asks for a file by name; the parsing conventions live here once:
``#`` starts a comment line, blank lines are skipped, TSV files have a header row.
Each file is checked against its schema (``newsgraph.datafiles``) when it is first loaded, and
the loaders note which sections (YAML top-level keys, TSV columns) are read, in ``READS``.
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources
from typing import Any

from newsgraph.datafiles import check_text, check_yaml

READS: set[tuple[str, str]] = set()  # (file, key or column; "" for a plain list) read by some code


class _Tracked(dict):
    """A loaded mapping that notes which of its keys are read (``READS``)."""

    __slots__ = ("_file",)

    def __init__(self, file: str, data: dict) -> None:
        super().__init__(data)
        self._file = file

    def __getitem__(self, key: Any) -> Any:
        READS.add((self._file, key))
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        READS.add((self._file, key))
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        READS.add((self._file, key))  # type: ignore[arg-type]
        return super().__contains__(key)

    def items(self):  # type: ignore[override]
        READS.update((self._file, k) for k in self)
        return super().items()

    def values(self):  # type: ignore[override]
        READS.update((self._file, k) for k in self)
        return super().values()


def data_text(name: str) -> str:
    return resources.files("newsgraph").joinpath("data", name).read_text(encoding="utf-8")


def data_exists(name: str) -> bool:
    return resources.files("newsgraph").joinpath("data", name).is_file()


@functools.lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    """A plain list: one item a line, ``#`` comments and blank lines ignored."""
    text = data_text(name)
    check_text(name, text)
    READS.add((name, ""))
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


@functools.lru_cache(maxsize=None)
def load_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a TSV file with a header line; ``#`` comment lines are skipped."""
    text = data_text(name)
    check_text(name, text)
    lines = [l for l in text.splitlines() if l.strip() and not l.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple(_Tracked(name, {k: (v or "").strip() for k, v in row.items() if k}) for row in reader)


@functools.lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    """A YAML file's data, checked against its schema; top-level key reads are noted."""
    data = check_yaml(name, data_text(name))
    return _Tracked(name, data) if isinstance(data, dict) else data


@functools.lru_cache(maxsize=None)
def entity_patterns() -> tuple[dict[str, Any], ...]:
    """spaCy EntityRuler patterns from ``data/entities/*.tsv`` (columns: name, label, aliases).

    Each TSV row gives a canonical name, a spaCy label and ``|``-separated aliases; every
    name and alias becomes a phrase pattern whose ``id`` is the canonical name.
    """
    folder = resources.files("newsgraph").joinpath("data", "entities")
    if not folder.is_dir():
        return ()
    patterns: list[dict[str, Any]] = []
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".tsv"):
            continue
        for row in load_tsv(f"entities/{item.name}"):
            name, label = row.get("name", ""), row.get("label", "")
            if not name or not label:
                continue
            for alias in [name, *[a for a in row.get("aliases", "").split("|") if a.strip()]]:
                patterns.append({"label": label, "pattern": alias.strip(), "id": name})
    return tuple(patterns)


@functools.lru_cache(maxsize=1)
def check_data_files() -> int:
    """Check every data file against its schema now, not on first use (``DataFileError`` on a problem);
    the number of files checked."""
    from newsgraph.datafiles import SCHEMAS

    for name in SCHEMAS:
        text = data_text(name)
        check_yaml(name, text) if name.endswith(".yaml") else check_text(name, text)
    return len(SCHEMAS)
