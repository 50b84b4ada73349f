"""How SQLite and PostgreSQL spell the few things the store's shared SQL cannot say the same way.

The queries in ``sql_store.py`` and ``sql_read.py`` are written once, with ``?`` placeholders, and
ask a :class:`Dialect` for the rest: case-insensitive comparison, JSON arrays, aggregation and
full-text matching (SQLite's FTS5 tables and ``bm25``/``snippet`` against PostgreSQL's
``tsvector`` columns and ``ts_rank``/``ts_headline``). Both dialects read the same user search
grammar (``rows.parse_query``), so a query finds the same articles on either backend.
"""

from __future__ import annotations

import abc
import json
import re
from dataclasses import dataclass
from typing import Any

from newsgraph.store.base import MARK_END, MARK_START, StoreError
from newsgraph.store.rows import parse_query

TS_CONFIG = "newsgraph"  # the PostgreSQL text search configuration created by migration 0001
# ts_rank weights are {D, C, B, A}: headline (A) counts 4x body text (B), as bm25(4.0, 1.0) in SQLite.
RANK_WEIGHTS = "{0.1, 0.2, 0.25, 1.0}"
HEADLINE_OPTIONS = (
    f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords=16, MinWords=6, '
    'MaxFragments=1, FragmentDelimiter=" \u2026 "'
)
_ALNUM = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Match:
    """A full-text condition: ``join`` is appended to the FROM clause, ``where`` filters, ``params`` bind both."""

    join: str
    where: str
    params: tuple[Any, ...]
    rank: str  # an ORDER BY expression, best match first
    key: str = "q.pk"  # the row key, as the match can be read in its order (a page without a sort)


@dataclass(frozen=True)
class ArticleMatch(Match):
    """A match on articles, and how to show it in a page query ``SELECT ... FROM (inner) p``.

    ``carried`` adds columns to the inner query that ``snippet`` (over alias ``p``, bound by
    ``snippet_params``) needs, so snippets are made only for the page served where the database allows.
    """

    carried: str = ""
    snippet: str = "NULL"
    snippet_params: tuple[Any, ...] = ()


NO_ARTICLE_MATCH = ArticleMatch("", "", (), "")


class Dialect(abc.ABC):
    """The SQL that differs between backends; every method returns text for a ``?``-placeholder query."""

    placeholder = "?"
    temp_schema = "temp"  # where a connection's temporary tables are
    # a search (ranked hits, or the articles listing with a query) reads the newest this many matching
    # articles (in storage order), so its cost is bounded however many the store holds
    search_window = 2000

    def sql(self, text: str) -> str:
        """``text`` with its ``?`` placeholders in this backend's style."""
        return text if self.placeholder == "?" else text.replace("?", self.placeholder)

    # the tables the query planner's statistics matter for (ANALYZE after they grow)
    planned_tables = ("articles", "entities", "attributions", "events", "contradictions", "stories",
                      "story_articles", "cross_contradictions", "identities")

    @abc.abstractmethod
    def analyze(self) -> list[str]:
        """Statements gathering the query planner's statistics on ``planned_tables``."""

    @abc.abstractmethod
    def like(self, column: str) -> str:
        """``column`` contains the bound ``rows.like`` pattern, ignoring case."""

    @abc.abstractmethod
    def same_text(self, column: str) -> str:
        """``column`` equals the bound value, ignoring case."""

    @abc.abstractmethod
    def json_values(self, column: str, alias: str) -> str:
        """A FROM item ``alias`` with one ``value`` row per element of the JSON array text in ``column``."""

    @abc.abstractmethod
    def json_member(self, column: str, key: str) -> str:
        """Member ``key`` of the JSON object text in ``column``: a number, or JSON text for the rest
        (``true``/``false`` may come back as 1/0; arrays as their JSON text)."""

    @abc.abstractmethod
    def collect(self, expr: str) -> str:
        """An aggregate gathering ``expr`` of every row in a group."""

    @abc.abstractmethod
    def collected(self, value: Any) -> list[Any]:
        """What ``collect`` returned, as a Python list."""

    @abc.abstractmethod
    def article_match(self, query: str) -> ArticleMatch:
        """Articles (alias ``a``) matching the user query in headline or body; rank weighs the headline 4x."""

    @abc.abstractmethod
    def quote_match(self, text: str | None, speaker: str | None = None) -> Match:
        """Attributions (alias ``q``) whose content matches the user query ``text`` and whose speaker
        (as written or resolved) has the words of ``speaker`` in a row, the last one as a prefix
        (``speaker_words``; at least one of the two is given, ``speaker`` with a word)."""


class SQLiteDialect(Dialect):
    ANALYSIS_LIMIT = 1000  # rows sampled per index: approximate statistics, cheap however large the store

    def analyze(self) -> list[str]:
        return [f"PRAGMA analysis_limit = {self.ANALYSIS_LIMIT}", *(f"ANALYZE {t}" for t in self.planned_tables)]

    def like(self, column: str) -> str:
        return f"{column} LIKE ? ESCAPE '\\'"

    def same_text(self, column: str) -> str:
        return f"{column} = ? COLLATE NOCASE"

    def json_values(self, column: str, alias: str) -> str:
        return f"json_each({column}) {alias}"

    def json_member(self, column: str, key: str) -> str:
        return f"json_extract({column}, '$.{key}')"

    def collect(self, expr: str) -> str:
        return f"json_group_array({expr})"

    def collected(self, value: Any) -> list[Any]:
        return json.loads(value)

    def article_match(self, query: str) -> ArticleMatch:
        expression = fts_query(query)
        return ArticleMatch(
            join=" JOIN articles_fts ON articles_fts.rowid = a.pk",
            # the newest search_window matches: from the rowid of the last of them, read off the index's end
            where="articles_fts MATCH ? AND articles_fts.rowid >= COALESCE((SELECT w.rowid FROM articles_fts w "
                  "WHERE w.articles_fts MATCH ? ORDER BY w.rowid DESC LIMIT 1 OFFSET ?), 0)",
            params=(expression, expression, self.search_window - 1),
            rank="bm25(articles_fts, 4.0, 1.0)",
            # FTS5 makes snippets only inside the query that matches
            carried=f", snippet(articles_fts, -1, '{MARK_START}', '{MARK_END}', '\u2026', 16) AS snippet",
            snippet="p.snippet",
        )

    def quote_match(self, text: str | None, speaker: str | None = None) -> Match:
        parts = [] if text is None else ["content_text : (" + fts_query(text) + ")"]
        if speaker is not None:
            parts.append('{speaker_text speaker_resolved} : ("' + " ".join(speaker_words(speaker)) + '"*)')
        return Match(
            join=" JOIN attributions_fts f ON f.rowid = q.pk",
            where="attributions_fts MATCH ?",
            params=(" AND ".join(f"({p})" for p in parts),),
            rank="bm25(attributions_fts)",
            key="f.rowid",  # FTS5 serves matches in rowid order, so LIMIT stops the read early
        )


class PostgresDialect(Dialect):
    placeholder = "%s"
    temp_schema = "pg_temp"

    def analyze(self) -> list[str]:
        return ["ANALYZE " + ", ".join(self.planned_tables)]

    def like(self, column: str) -> str:
        return f"{column} ILIKE ?"

    def same_text(self, column: str) -> str:
        return f"lower({column}) = lower(?)"

    def json_values(self, column: str, alias: str) -> str:
        return f"jsonb_array_elements_text({column}::jsonb) AS {alias}(value)"

    def json_member(self, column: str, key: str) -> str:
        return f"({column}::jsonb -> '{key}')::text"

    def collect(self, expr: str) -> str:
        return f"array_agg({expr})"

    def collected(self, value: Any) -> list[Any]:
        return list(value)

    def article_match(self, query: str) -> ArticleMatch:
        match, params = ts_query(query)
        return ArticleMatch(
            join=f" CROSS JOIN (SELECT {match} AS q) query",
            # the newest search_window matches, as SQLiteDialect.article_match
            where=f"a.fts @@ query.q AND a.pk >= COALESCE((SELECT w.pk FROM articles w WHERE w.fts @@ {match} "
                  "ORDER BY w.pk DESC LIMIT 1 OFFSET %s), 0)",
            params=(*params, *params, self.search_window - 1),
            rank=f"-ts_rank('{RANK_WEIGHTS}', a.fts, query.q, 1)",
            # ts_headline re-parses the text: only for the rows of the page, in the outer query
            carried=", a.text, query.q",
            snippet=f"ts_headline('{TS_CONFIG}', coalesce(p.headline || E'\\n', '') || p.text, p.q, ?)",
            snippet_params=(HEADLINE_OPTIONS,),
        )

    def quote_match(self, text: str | None, speaker: str | None = None) -> Match:
        match, params = ts_query(text) if text is not None else ("NULL::tsquery", [])
        where = [] if text is None else ["q.fts @@ query.q"]
        if speaker is not None:  # the words in a row, the last one a prefix, over speaker_fts (migration 0009)
            words = speaker_words(speaker)
            where.append("q.speaker_fts @@ to_tsquery('simple', %s)")
            params.append(" <-> ".join([*words[:-1], words[-1] + ":*"]))
        return Match(
            join=f" CROSS JOIN (SELECT {match} AS q) query",
            where=" AND ".join(where),
            params=tuple(params),
            rank="ts_rank(q.fts, query.q, 1) DESC",
        )


def speaker_words(speaker: str) -> list[str]:
    """The words (letters and digits) of a speaker filter, lower case: what the speaker's name must hold."""
    return [w.lower() for w in _ALNUM.findall(speaker)]


def is_code(place: str) -> bool:
    """Whether a place filter may be a country code (two or three letters), matched on the country too."""
    return 2 <= len(place) <= 3 and place.isalpha()


def fts_query(user_query: str) -> str:
    """A safe FTS5 expression: every word or "quoted phrase" becomes a quoted phrase.

    Terms are ANDed; a bare ``OR`` between two terms is kept; ``word*`` keeps prefix
    matching. Everything else FTS5 would read as syntax is quoted, so no user input can
    raise an FTS syntax error (the grammar is ``rows.parse_query``, shared with PostgreSQL).
    """
    return " OR ".join(
        " ".join('"' + t.phrase + '"' + ("*" if t.prefix else "") for t in group) for group in parse_query(user_query)
    )


def ts_query(user_query: str) -> tuple[str, list[str]]:
    """A safe tsquery SQL expression (and its parameters, ``%s`` style) for the user query grammar.

    Each word or "quoted phrase" becomes ``phraseto_tsquery`` (stemmed, word order kept); ``word*``
    becomes a ``:*`` prefix query built from its letters and digits only; terms are ANDed and a bare
    ``OR`` separates alternatives, as in ``fts_query``. No input can be a tsquery syntax error.
    """
    alternatives: list[str] = []
    params: list[str] = []
    for group in parse_query(user_query):
        parts = []
        for term in group:
            if term.prefix:
                words = _ALNUM.findall(term.phrase)
                if not words:
                    continue
                parts.append(f"to_tsquery('{TS_CONFIG}', %s)")
                params.append(" <-> ".join([*words[:-1], words[-1] + ":*"]))
            else:
                parts.append(f"phraseto_tsquery('{TS_CONFIG}', %s)")
                params.append(term.phrase)
        if parts:
            alternatives.append("(" + " && ".join(parts) + ")")
    if not alternatives:
        raise StoreError(f"search query {user_query!r} has no words to search for")
    return "(" + " || ".join(alternatives) + ")", params
