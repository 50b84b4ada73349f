"""What every newsgraph store offers, whatever database sits behind it.

The interface is deliberately small and backend-neutral: SQLite implements it now
(``sqlite.py``) and a PostgreSQL backend can implement it later. Query results are
small frozen records, not database rows, so callers never see dialect details.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Iterator, Literal

from newsgraph.model import Article

ExportFormat = Literal["jsonl", "csv", "parquet"]
EXPORT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")

MARK_START = "\u00ab"  # « opens a matched term in search snippets
MARK_END = "\u00bb"  # » closes it
MIN_ID_PREFIX = 6


class StoreError(Exception):
    """A store could not be opened, queried or written; the message says why, in one line."""


@dataclass(frozen=True)
class AddResult:
    """What one ``add_articles`` batch did.

    ``new_ids`` were stored as new stories. ``duplicates`` pairs each article that was a
    copy with the id of the first copy it was linked to: an exact re-ingest pairs an id
    with itself (nothing is written); a near-duplicate is stored with ``duplicate_of``
    set, and counted as a duplicate, never as new.
    """

    new_ids: tuple[str, ...] = ()
    duplicates: tuple[tuple[str, str], ...] = ()

    @property
    def new(self) -> int:
        return len(self.new_ids)

    @property
    def duplicate(self) -> int:
        return len(self.duplicates)

    @property
    def ids(self) -> tuple[str, ...]:
        return self.new_ids + tuple(a for a, _ in self.duplicates)


@dataclass(frozen=True)
class SearchHit:
    article_id: str
    headline: str | None
    snippet: str  # matched terms wrapped in MARK_START ... MARK_END
    rank: float  # BM25 rank: lower is a better match (results come best first)
    published: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class QuoteRow:
    """One stored attribution with enough of its article to show it."""

    article_id: str
    attribution_id: str
    speaker: str | None  # the words naming the speaker in the text
    resolved: str | None  # who that is after resolution
    anonymous: bool
    stance: str
    form: str
    cue: str | None
    channel: str | None
    via: str | None
    content: str
    start: int
    end: int
    headline: str | None = None
    published: str | None = None
    outlet: str | None = None


class Store(abc.ABC):
    """A persistent collection of analysed articles."""

    @abc.abstractmethod
    def add_articles(self, articles: Iterable[Article]) -> AddResult:
        """Store a batch in one transaction; idempotent on ``Article.id``; near-duplicates linked."""

    @abc.abstractmethod
    def update_articles(self, articles: Iterable[Article]) -> int:
        """Replace already-stored records (e.g. after linking filled canonical ids); returns how many."""

    @abc.abstractmethod
    def find_duplicate(self, article: Article) -> str | None:
        """Id of the stored first copy ``article`` duplicates (same id or near-duplicate text), if any."""

    @abc.abstractmethod
    def get_article(self, article_id: str) -> Article | None:
        """The stored record by id, or by a unique id prefix of at least ``MIN_ID_PREFIX`` characters."""

    @abc.abstractmethod
    def iter_articles(self, batch_size: int = 500, include_duplicates: bool = True) -> Iterator[Article]:
        """Every stored article in insertion order, read ``batch_size`` at a time."""

    @abc.abstractmethod
    def count(self, include_duplicates: bool = True) -> int: ...

    @abc.abstractmethod
    def search(self, query: str, limit: int = 20, include_duplicates: bool = False) -> list[SearchHit]:
        """Full-text search over headline and body; plain words, "quoted phrases", word* and OR."""

    @abc.abstractmethod
    def quotes(
        self,
        speaker: str | None = None,
        stance: str | None = None,
        text: str | None = None,
        anonymous: bool | None = None,
        limit: int = 100,
        include_duplicates: bool = False,
    ) -> list[QuoteRow]:
        """Stored attributions filtered by speaker substring, stance, full-text content match, anonymity."""

    @abc.abstractmethod
    def export(self, fmt: ExportFormat, out: Path | str | IO) -> int:
        """Write every article as jsonl, csv or parquet to a path or open file; returns rows written."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
