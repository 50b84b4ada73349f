"""Which filters does a quote, event or graph listing take? One set of query parameters, shared by the
JSON API (``api.py``) and the pages (``pages.py``), so a filter means the same in a URL of either.

Each ``*_filters`` function is a FastAPI dependency: it declares the parameters (with their limits
and descriptions, which the API docs show) and returns them as one frozen record whose fields are
the store listing's keyword arguments. An empty value means "any", as a page's filter form sends it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Optional

from fastapi import Query
from fastapi.exceptions import RequestValidationError

from newsgraph import options
from newsgraph.model import Stance
from newsgraph.options import ISO_DATE

StanceName = Stance  # the stances options.STANCES lists

MAX_LIMIT = 200


def checked(check: Any, value: Any, name: str) -> Any:
    """``value`` through one of ``newsgraph.options``' checks (as the command line checks it), or a 422."""
    try:
        return check(value, name)
    except options.OptionError as exc:
        raise RequestValidationError([{"type": "value_error", "loc": ("query", name), "msg": exc.expected,
                                       "input": value}]) from None

Cursor = Query(None, max_length=500, description="next_cursor from the previous page")
Since = Query(None, pattern=ISO_DATE, description="ISO date YYYY[-MM[-DD]], inclusive")
Until = Query(None, pattern=ISO_DATE, description="ISO date YYYY[-MM[-DD]], inclusive")


class Filters:
    """What every filter record offers: the store's keyword arguments and the page form's values."""

    def store_args(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    def form(self) -> dict[str, str]:
        """Each filter as its form field shows it: "" for any, booleans as "true" / "false"."""
        return {k: "" if v is None else str(v).lower() if isinstance(v, bool) else str(v)
                for k, v in self.store_args().items()}


@dataclass(frozen=True)
class QuoteFilters(Filters):
    speaker: str | None = None
    stance: str | None = None
    anonymous: bool | None = None
    text: str | None = None
    article_id: str | None = None
    entity: str | None = None


def quote_filters(
    speaker: Optional[str] = Query(None, max_length=200,
                                   description="speaker as written or resolved: its words in a row, the last a prefix"),
    stance: Optional[StanceName] = None,
    anonymous: Optional[bool] = None,
    text: Optional[str] = Query(None, max_length=500, description="full-text match on what was said"),
    article_id: Optional[str] = Query(None, max_length=100),
    entity: Optional[str] = Query(None, max_length=200, description="canonical id of the speaker"),
) -> QuoteFilters:
    return QuoteFilters(speaker or None, stance or None, anonymous, text or None, article_id or None, entity or None)


@dataclass(frozen=True)
class EventFilters(Filters):
    type: str | None = None
    actor: str | None = None
    place: str | None = None
    since: str | None = None
    until: str | None = None
    article_id: str | None = None
    factuality: str | None = None


def event_filters(
    type: Optional[str] = Query(None, max_length=40, description="PLOVER category, e.g. ASSAULT"),
    actor: Optional[str] = Query(None, max_length=200, description="actor or target: name substring or canonical id"),
    place: Optional[str] = Query(None, max_length=200, description="place name (any case) or ISO country code"),
    since: Optional[str] = Since,
    until: Optional[str] = Until,
    article_id: Optional[str] = Query(None, max_length=100),
    factuality: Optional[str] = Query(None, max_length=20, description="happened (default: asserted or "
                                      "reported), all, or one of asserted, reported, negated, hypothetical, "
                                      "intended, attempted"),
) -> EventFilters:
    type = checked(options.event_type, type, "type")
    factuality = checked(options.factuality, factuality, "factuality")
    since, until = checked(options.iso_date, since, "since"), checked(options.iso_date, until, "until")
    return EventFilters(type or None, actor or None, place or None, since or None, until or None, article_id or None,
                        factuality or None)


@dataclass(frozen=True)
class GraphFilters(Filters):
    article_id: str | None = None
    story: str | None = None
    entity: str | None = None
    speaker: str | None = None
    stance: str | None = None
    limit: int = 60


def graph_filters(
    article_id: Optional[str] = Query(None, max_length=100),
    story: Optional[str] = Query(None, max_length=100),
    entity: Optional[str] = Query(None, max_length=200),
    speaker: Optional[str] = Query(None, max_length=200),
    stance: Optional[StanceName] = None,
    limit: int = Query(60, ge=1, le=MAX_LIMIT),
) -> GraphFilters:
    return GraphFilters(article_id or None, story or None, entity or None, speaker or None, stance or None, limit)
