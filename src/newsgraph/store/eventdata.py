"""Events in the formats event-data tools read: a GDELT-2.0-events-like TSV and PLOVER JSON records.

Both are made from the rows of the ``events`` table (``store/tables.py``); ``docs/formats.md``
describes every GDELT column and the PLOVER record (whose JSON Schema ships as
``data/plover_record.schema.json``). PLOVER categories are written in CAMEO terms for GDELT through
``data/events/plover_cameo.tsv`` (root code, QuadClass, Goldstein value). Negated and hypothetical events
(something that did not or may happen; intended and attempted ones too) are left out of both: event datasets
code what happened (``model.HAPPENED``: asserted or reported).
"""

from __future__ import annotations

import datetime
import functools
import json
from typing import IO, Any, Iterable, Iterator

from newsgraph import __version__
from newsgraph.model import HAPPENED

EVENT_FORMATS = ("gdelt", "plover")

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO), *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)


@functools.lru_cache(maxsize=1)
def cameo() -> dict[str, dict[str, str]]:
    """PLOVER category -> its CAMEO root code, QuadClass and Goldstein value."""
    from newsgraph.resources import load_tsv

    return {row["plover"]: row for row in load_tsv("events/plover_cameo.tsv")}


def coded(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The events an event dataset keeps: those that happened (asserted, or reported by a source)."""
    return (r for r in rows if r.get("factuality", "asserted") in HAPPENED)


def event_day(row: dict[str, Any]) -> datetime.date | None:
    """When it happened to the day: the event's date if known to the day, else the article's."""
    if row["date"] is not None and row["date_precision"] in (None, "day"):
        return row["date"]
    return row["published"] or row["date"]


@functools.lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    """ISO3 codes (``data/places/countries.tsv``) and CAMEO's international-actor prefixes."""
    from newsgraph.resources import load_tsv

    return frozenset(row["iso3"] for row in load_tsv("places/countries.tsv")) | {"IGO", "NGO", "IMG", "MNC", "NGM"}


def _split_code(code: str | None) -> tuple[str, str]:
    """A CAMEO-style actor code as (country, first sector): "RUSGOV" -> ("RUS", "GOV"), "GOV" -> ("", "GOV")."""
    if not code:
        return "", ""
    if code[:3] in _country_codes():
        return code[:3], code[3:6]
    return "", code[:3]


def _actor(name: str | None, code: str | None) -> list[str]:
    country, sector = _split_code(code)
    return [code or "", name or "", country, "", "", "", "", sector, "", ""]


def _stamp(added_at: str | None) -> str:
    """articles.added_at (ISO, UTC) as GDELT's YYYYMMDDHHMMSS."""
    if not added_at:
        return ""
    try:
        return datetime.datetime.fromisoformat(added_at).strftime("%Y%m%d%H%M%S")
    except ValueError:
        return ""


def gdelt_row(row: dict[str, Any], root: bool) -> list[str]:
    """One event as the 61 GDELT 2.0 event fields (``GDELT_COLUMNS``), as text."""
    day = event_day(row)
    codes = cameo().get(row["type"], {})
    root_code = codes.get("cameo_root", "")
    geocoded = row["lat"] is not None and row["lon"] is not None
    fraction = f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else ""
    fields = [
        row["event_key"], day.strftime("%Y%m%d") if day else "", day.strftime("%Y%m") if day else "",
        str(day.year) if day else "", fraction,
        *_actor(row["actor"], row["actor_code"]), *_actor(row["target"], row["target_code"]),
        "1" if root else "0", root_code + "0" if root_code else "", root_code + "0" if root_code else "", root_code,
        codes.get("quad_class", ""), codes.get("goldstein", ""), "1", "1", "1", "",
        *[""] * len(_GEO), *[""] * len(_GEO),
        "4" if geocoded else "0", row["place"] or "", row["country"] or "", "", "",
        f"{row['lat']:.4f}" if geocoded else "", f"{row['lon']:.4f}" if geocoded else "", "",
        _stamp(row["added_at"]), row["url"] or "",
    ]
    return [_field(f) for f in fields]


def _field(text: str) -> str:
    """GDELT fields hold no tabs or line breaks."""
    return " ".join(str(text).split()) if any(c in str(text) for c in "\t\r\n") else str(text)


def write_gdelt(rows: Iterable[dict[str, Any]], handle: IO) -> int:
    """Tab-separated, no header (as GDELT's files), one line per coded event; returns lines written."""
    n, article = 0, None
    for row in coded(rows):  # in stored order: an article's events together, in text order
        handle.write("\t".join(gdelt_row(row, root=row["article_id"] != article)) + "\n")
        article = row["article_id"]
        n += 1
    return n


def _actors(name: str | None, code: str | None, canonical_id: str | None) -> list[dict[str, str]]:
    if not name:
        return []
    country, sector = _split_code(code)
    actor = {"actorText": name, "code": country, "sector": sector}
    if canonical_id:
        actor["canonicalId"] = canonical_id
    return [actor]


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """One event as a PLOVER record (field names as PLOVER's own gold records spell them)."""
    day = event_day(row)
    place = None
    if row["place"]:
        place = {"placeName": row["place"], "country": row["country"], "lat": row["lat"], "lon": row["lon"]}
    return {
        "id": row["event_key"],
        "date": day.isoformat() if day else None,
        "event": row["type"],
        "mode": row["mode"] or "",
        "context": [],
        "source": _actors(row["actor"], row["actor_code"], row["actor_canonical_id"]),
        "target": _actors(row["target"], row["target_code"], row["target_canonical_id"]),
        "text": row["text"],
        "location": place,
        "fatalities": row["fatalities"],
        "injuries": row["injuries"],
        "articleId": row["article_id"],
        "publication": row["outlet"],
        "published": row["published"].isoformat() if row["published"] else None,
        "url": row["url"],
        "language": "en",
        "version": "PLOVER 2.0",
        "coder": f"newsgraph {__version__}",
        "dateCoded": row["added_at"][:10] if row["added_at"] else None,
    }


def write_plover(rows: Iterable[dict[str, Any]], handle: IO) -> int:
    """One PLOVER JSON record a line; returns records written."""
    n = 0
    for row in coded(rows):
        handle.write(json.dumps(plover_record(row), ensure_ascii=False) + "\n")
        n += 1
    return n
