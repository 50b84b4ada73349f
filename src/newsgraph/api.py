"""The small public Python API: ``analyze`` text or files into an :class:`Analysis`."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from newsgraph.ingest import read_inputs
from newsgraph.model import Analysis, Article, InputProblem, RawDocument
from newsgraph.pipeline import Options, analyze_documents, link_articles


class AnalysisError(ValueError):
    """Raised by :func:`analyze` when an input could not be read at all."""


def _looks_like_path(value: str) -> bool:
    return "\n" not in value and len(value) < 4096 and os.path.exists(value)


def analyze(
    source: str | Path | Iterable[str | Path],
    *,
    published: str | None = None,
    outlet: str | None = None,
    strict: bool = True,
) -> Analysis:
    """Analyse raw news: a text string, a path (file, folder, glob, .gz) or several paths.

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
