"""The small public Python API: ``analyze`` text or files into an :class:`Analysis`."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from newsgraph.ingest import read_inputs
from newsgraph.model import Analysis, Article, InputProblem, RawDocument
from newsgraph.pipeline import Options, analyze_documents, link_articles


class AnalysisError(ValueError):
    """Raised by :func:`analyze` when an input could not be read at all."""


_FILE_LIKE = re.compile(r"(?:^~|^\.{0,2}/|[\\/]|\.[A-Za-z][A-Za-z0-9]{0,5}$|[*?\[]|^[a-z][a-z0-9+.-]*://)")


def _looks_like_path(value: str) -> bool:
    """A string that names an input rather than being the text: an existing path, or one short
    line without whitespace that reads like a file name, a glob or a URL ("dump.tx", "pages/*.html.gz").
    Such a string that names nothing is reported as missing, never analysed as article text."""
    if "\n" in value or len(value) >= 4096:
        return False
    if os.path.exists(value):
        return True
    return bool(value) and not any(c.isspace() for c in value) and bool(_FILE_LIKE.search(value))


def analyze(
    source: str | Path | Iterable[str | Path],
    *,
    published: str | None = None,
    outlet: str | None = None,
    strict: bool = True,
) -> Analysis:
    """Analyse raw news: a text string, a path (file, folder, glob, .gz, WARC), a URL, or several of them.

    A one-line string without spaces that reads like a path, glob or URL is taken as one: a
    mistyped name ("dump.tx") or a glob matching nothing raises rather than being analysed as text.

    >>> record = analyze("examples/dump.txt")          # doctest: +SKIP
    >>> [a.headline for a in record.articles]          # doctest: +SKIP

    With ``strict`` (the default) an unreadable input raises :class:`AnalysisError`;
    otherwise problems are skipped and :func:`analyze_with_problems` tells them.
    """
    analysis, problems = analyze_with_problems(source, published=published, outlet=outlet)
    if strict and (failed := [p for p in problems if not p.warning]):
        raise AnalysisError("; ".join(str(p) for p in failed))
    return analysis


def analyze_with_problems(
    source: str | Path | Iterable[str | Path],
    *,
    published: str | None = None,
    outlet: str | None = None,
) -> tuple[Analysis, list[InputProblem]]:
    options = Options(published=published, outlet=outlet)
    if isinstance(source, str) and not _looks_like_path(source):
        docs: Iterable[RawDocument | InputProblem] = [RawDocument(source="<text>", text=source)]
    elif isinstance(source, (str, Path)):
        docs = read_inputs([source])
    else:
        docs = read_inputs(list(source))
    articles: list[Article] = []
    problems: list[InputProblem] = []
    for item in analyze_documents(docs, options):
        (problems if isinstance(item, InputProblem) else articles).append(item)  # type: ignore[arg-type]
    return link_articles(articles), problems
