"""Reads the analyst-editable data files under ``newsgraph/data`` (TSV, YAML, plain lists).

Code elsewhere asks for a file by name; the parsing conventions live here once:
``#`` starts a comment line, blank lines are skipped, TSV files have a header row.
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources
from typing import Any

import yaml


def data_text(name: str) -> str:
    return resources.files("newsgraph").joinpath("data", name).read_text(encoding="utf-8")


def data_exists(name: str) -> bool:
    return resources.files("newsgraph").joinpath("data", name).is_file()


@functools.lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    """A plain list: one item a line, ``#`` comments and blank lines ignored."""
    out = []
    for line in data_text(name).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


@functools.lru_cache(maxsize=None)
def load_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a TSV file with a header line; ``#`` comment lines are skipped."""
    lines = [l for l in data_text(name).splitlines() if l.strip() and not l.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple({k: (v or "").strip() for k, v in row.items() if k} for row in reader)


@functools.lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    return yaml.safe_load(data_text(name))


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
