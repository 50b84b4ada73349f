"""What every newsgraph store offers, whatever database sits behind it.

The interface is deliberately small and backend-neutral: SQLite implements it now
(``sqlite.py``) and a PostgreSQL backend can implement it later. Query results are
small frozen records, not database rows, so callers never see dialect details.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Generic, Iterable, Iterator, Literal, TypeVar

from newsgraph.model import Article, Contradiction, Story

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


@dataclass(frozen=True)
class ArticleRow:
    """One article in a listing (the full record comes from ``get_article``)."""

    article_id: str
    headline: str | None
    outlet: str | None
    published: str | None
    source_file: str
    duplicate_of: str | None = None
    snippet: str | None = None  # with a full-text query: matched terms wrapped in « »
    attributions: int = 0
    events: int = 0


@dataclass(frozen=True)
class EntityRow:
    """One identity across the store (all entities sharing a canonical id)."""

    canonical_id: str
    name: str  # the longest name seen for it
    type: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    articles: int = 0
    mentions: int = 0


@dataclass(frozen=True)
class EventRow:
    article_id: str
    event_id: str
    type: str
    mode: str | None
    text: str
    start: int
    end: int
    actor: str | None = None
    actor_code: str | None = None
    actor_canonical_id: str | None = None
    target: str | None = None
    target_code: str | None = None
    target_canonical_id: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    date: str | None = None
    fatalities: int | None = None
    negated: bool = False
    factuality: str = "asserted"  # model.FACTUALITY
    reported_by: str | None = None
    headline: str | None = None
    published: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class ContradictionRow:
    """A claim and the statement that counters it, in one article or across two."""

    claim: QuoteRow
    countered_by: QuoteRow
    why: str
    across_articles: bool = False


@dataclass(frozen=True)
class EntityProfile:
    """What an entity said, what was said about it, and the events it took part in."""

    entity: EntityRow
    said: tuple[QuoteRow, ...] = ()
    said_about: tuple[QuoteRow, ...] = ()
    events: tuple[EventRow, ...] = ()
    articles: tuple[ArticleRow, ...] = ()


T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a listing; pass ``next_cursor`` back to get the next (None at the end)."""

    items: tuple[T, ...]
    next_cursor: str | None = None


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
    def search(self, query: str, limit: int = 20, include_duplicates: bool = False, outlet: str | None = None,
               since: str | None = None, until: str | None = None) -> list[SearchHit]:
        """Full-text search over headline and body; plain words, "quoted phrases", word* and OR;
        optionally within one outlet (case-insensitive) and a published-date range (ISO, inclusive)."""

    def export(self, fmt: ExportFormat, out: Path | str | IO, include_duplicates: bool = True) -> int:
        """Write every article as jsonl, csv or parquet to a path or open file; returns rows written.

        jsonl: one Article JSON a line. csv: one row per article, main columns. parquet: the
        same flat columns plus ``record``, the Article JSON.
        """
        from newsgraph.store.export import write_export

        return write_export(self.iter_articles(include_duplicates=include_duplicates), fmt, out)

    # --- tables: one row per article, quote, event, entity, mention, contradiction, story --

    def table(self, name: str) -> tuple[Any, Iterator[dict[str, Any]]]:
        """The columns (a ``tables.TableSpec``) and a stream of typed rows of one table
        (``tables.TABLE_NAMES``); an unknown name raises ``options.OptionError``."""
        raise StoreError(f"{type(self).__name__} cannot give tables")

    def export_table(self, name: str, fmt: str, out: Path | str | IO) -> int:
        """Write one table as csv, tsv, jsonl or parquet to a path or open file; returns rows written."""
        from newsgraph.store.export import write_table

        spec, rows = self.table(name)
        return write_table(rows, spec, fmt, out)

    def frame(self, name: str) -> Any:
        """One table as a pandas DataFrame (needs the ``[pandas]`` extra): ``store.frame("quotes")``."""
        from newsgraph.store.export import frame

        spec, rows = self.table(name)
        return frame(rows, spec)

    # --- reading the linked store: listings with cursor pagination -----------------

    @abc.abstractmethod
    def list_articles(
        self,
        query: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        entity: str | None = None,  # canonical id, or a name / alias (case-insensitive)
        cursor: str | None = None,
        limit: int = 50,
        include_duplicates: bool = False,
    ) -> Page[ArticleRow]:
        """Articles newest first (by published date, then insertion), filtered."""

    @abc.abstractmethod
    def list_attributions(
        self,
        speaker: str | None = None,
        stance: str | None = None,
        anonymous: bool | None = None,
        text: str | None = None,
        article_id: str | None = None,
        entity: str | None = None,  # canonical id of the speaker
        cursor: str | None = None,
        limit: int = 50,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> Page[QuoteRow]:
        """Who said what, in the order stored (duplicate articles left out): filtered by the words of the
        speaker's name (as written or resolved; in a row, the last a prefix), stance, anonymity, a
        full-text match on what was said, article or speaker identity, the article's outlet and
        published-date range. The one quote listing: the CLI, the web pages and the API use it."""

    @abc.abstractmethod
    def list_entities(
        self, name: str | None = None, type: str | None = None, cursor: str | None = None, limit: int = 50,
        outlet: str | None = None, since: str | None = None, until: str | None = None,
    ) -> Page[EntityRow]:
        """Identities by number of articles they appear in, most first; with an outlet or a date
        range, counted over those articles only."""

    @abc.abstractmethod
    def entity_profile(self, key: str, limit: int = 50) -> EntityProfile | None:
        """An identity by canonical id or by name / alias (case-insensitive), with what it said and did
        (``limit`` of each: a page, so the profile costs the same however often the entity is named)."""

    @abc.abstractmethod
    def list_events(
        self,
        type: str | None = None,
        actor: str | None = None,  # name substring or canonical id, actor or target
        place: str | None = None,  # place name (any case), or a two- or three-letter country code
        since: str | None = None,
        until: str | None = None,
        article_id: str | None = None,
        cursor: str | None = None,
        limit: int = 50,
        outlet: str | None = None,
        geocoded: bool = False,  # only events whose place has coordinates
        factuality: str | None = None,  # None or "happened": asserted or reported; "all"; or one class
    ) -> Page[EventRow]: ...

    @abc.abstractmethod
    def list_contradictions(self, cursor: str | None = None, limit: int = 50) -> Page[ContradictionRow]:
        """Within-article and across-article contradictions, newest first."""

    @abc.abstractmethod
    def contradictions_among(self, article_ids: Iterable[str]) -> list[tuple[tuple[str, str], tuple[str, str], str]]:
        """The contradictions whose claim and counter are both in these articles (first copies), as
        ((claim article, attribution id), (counter article, attribution id), why): within articles, then across."""

    @abc.abstractmethod
    def list_stories(self, cursor: str | None = None, limit: int = 50, min_articles: int = 1) -> Page[Story]: ...

    @abc.abstractmethod
    def get_story(self, story_id: str) -> Story | None: ...

    @abc.abstractmethod
    def save_links(self, stories: Iterable[Story], contradictions: Iterable[Contradiction],
                   canonical_ids: dict[tuple[str, str], str], as_of: int | None = None) -> bool:
        """Replace the cross-article layer in one transaction: stories, contradictions across
        articles, and each entity's canonical id (keyed by (article id, entity id)).

        ``as_of`` is the ``content_version`` the links were worked out from (None: the current one).
        The save clears ``links_stale`` when no batch was added since; links older than those
        already saved (another writer linked more meanwhile) are not saved: returns False then.
        Concurrent writers take turns, on either backend.
        """

    @abc.abstractmethod
    def content_version(self) -> int:
        """A number that grows with every committed batch that adds new articles or changes stored ones."""

    @abc.abstractmethod
    def links_stale(self) -> bool:
        """Whether articles were added or changed since the saved links were worked out (a run
        killed before it linked leaves this set; the next ingest or ``newsgraph relink`` repairs it)."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
