"""The records newsgraph produces: plain, typed, immutable, serialisable to JSON.

Every stage takes and returns these records. Sequences are tuples so records stay
hashable and immutable; ``to_dict`` turns them into the public JSON shape described
in ``OUTPUT.md`` and ``from_dict`` reads it back. Character offsets (``start``/``end``)
always index into ``Article.text`` (the cleaned body: paragraphs joined by a blank line).
"""

from __future__ import annotations

import dataclasses
import re
import types
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

Stance = Literal["report", "assert", "deny", "reject", "accuse", "verify", "no_comment"]
StanceGroup = Literal["neutral", "assertive", "countering"]
Form = Literal["direct", "mixed", "indirect"]
Factuality = Literal["asserted", "negated", "hypothetical", "intended", "attempted", "reported"]
Precision = Literal["day", "month", "year", "week", "season", "decade"]

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class StanceKind:
    """What a stance is: its group, the verb a page shows ("Ada Holt denies ..."), what it means, the noun
    that names it ("a denial of ..."), and whether it puts forward a claim that a counter can answer."""

    group: StanceGroup
    verb: str
    meaning: str
    noun: str
    claim: bool


# The closed vocabulary of stances, in the order pages list them.
STANCE_KINDS: dict[str, StanceKind] = {
    "assert": StanceKind("assertive", "asserts", "states it as fact", "assertion", True),
    "report": StanceKind("neutral", "reports", "relays neutrally", "report", True),
    "verify": StanceKind("assertive", "confirms", "confirms or verifies", "confirmation", True),
    "deny": StanceKind("countering", "denies", "says it is not so", "denial", False),
    "reject": StanceKind("countering", "rejects", "refuses or dismisses it", "rejection", False),
    "accuse": StanceKind("assertive", "accuses", "blames someone", "accusation", True),
    "no_comment": StanceKind("neutral", "no comment", "declines to comment", "refusal to comment", False),
}
STANCES: tuple[str, ...] = get_args(Stance)
FACTUALITY: tuple[str, ...] = get_args(Factuality)
HAPPENED: frozenset[str] = frozenset(("asserted", "reported"))  # shown as what happened (the outlet or a source says so)
# Stances that put something forward (report, assert, accuse, verify) and those that counter it.
CLAIMING: frozenset[str] = frozenset(s for s, k in STANCE_KINDS.items() if k.claim)
COUNTERING: frozenset[str] = frozenset(s for s, k in STANCE_KINDS.items() if k.group == "countering")


def stance_group(stance: str) -> StanceGroup | None:
    kind = STANCE_KINDS.get(stance)
    return kind.group if kind else None


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of ``text``: stretches separated by blank lines (which may hold
    spaces), trimmed of whitespace; empty ones dropped."""
    return split_spans(text, _PARAGRAPH_BREAK)


def split_spans(text: str, breaks: re.Pattern[str]) -> list[tuple[int, int]]:
    """(start, end) of the stretches of ``text`` between matches of ``breaks``, trimmed of whitespace;
    empty ones dropped (paragraphs here; the claim checker's rough sentences)."""
    spans, pos = [], 0
    for match in breaks.finditer(text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    out = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n\s*")


class Record:
    """Mixin giving every record one JSON round trip."""

    def to_dict(self) -> dict[str, Any]:
        return {name: _dump(getattr(self, name)) for name in _field_names(type(self))}

    @classmethod
    def from_dict(cls: type[R], data: dict[str, Any]) -> R:
        kwargs = {}
        for name, load in _loaders(cls):
            if name in data:
                value = data[name]
                kwargs[name] = value if load is None or value is None else load(value)
        return cls(**kwargs)


R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class Span(Record):
    """A stretch of ``Article.text``: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Caption(Record):
    text: str
    credit: str | None = None
    date: str | None = None  # ISO date found in the caption text


@dataclass(frozen=True)
class RawDocument(Record):
    """What a reader hands to segmentation: decoded text plus whatever metadata came with it.

    ``kind`` says how ``text`` should be read: ``"text"`` is a raw dump that may hold
    many articles; ``"article"`` is one already-extracted article body (HTML, JSONL,
    feeds), where ``title``/``captions``/``paragraphs`` may already be known.
    """

    source: str  # file path, "<stdin>", or "file.jsonl:12"
    text: str
    kind: Literal["text", "article"] = "text"
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    captions: tuple[Caption, ...] = ()
    paragraphs: tuple[str, ...] = ()  # when the reader already knows the body paragraphs


@dataclass(frozen=True)
class InputProblem(Record):
    """An input that could not be read: one clear line naming the file (and line) and the problem.

    A ``warning`` is an input that was read, but not as given (e.g. an over-long article analysed
    in parts): it is reported, and does not count as a failure.
    """

    source: str  # "path", or "path:LINE" for a line of a JSONL file
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(frozen=True)
class Mention(Record):
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity(Record):
    id: str
    name: str
    type: str  # PERSON ORG GPE LOC FAC NORP ...
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    canonical_id: str | None = None  # identity across the store, filled by link/identities


@dataclass(frozen=True)
class Speaker(Record):
    text: str | None = None  # the words in the article; None when the quote has no speaker mention
    start: int | None = None
    end: int | None = None
    resolved: str | None = None  # who it is after resolving pronouns and descriptions
    entity_id: str | None = None
    anonymous: bool = False
    affiliation: str | None = None


@dataclass(frozen=True)
class Attribution(Record):
    id: str
    speaker: Speaker | None
    cue: Span | None
    content: Span
    form: Form
    stance: Stance
    channel: str | None = None
    via: str | None = None
    nested_source: str | None = None
    when: str | None = None  # ISO date of the statement when the text gives it


@dataclass(frozen=True)
class Contradiction(Record):
    claim: str  # attribution id (or "<article id>/<attribution id>" across articles)
    countered_by: str
    why: str = ""


@dataclass(frozen=True)
class Actor(Record):
    name: str
    entity_id: str | None = None
    code: str | None = None  # CAMEO-style: ISO3 country + sector, e.g. RUSGOV


@dataclass(frozen=True)
class Place(Record):
    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    feature: str | None = None  # city, country, facility, region ...


@dataclass(frozen=True)
class When(Record):
    text: str
    date: str | None = None  # ISO: YYYY-MM-DD, YYYY-MM or YYYY
    precision: str | None = None  # day | month | year | ...
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Event(Record):
    id: str
    type: str  # PLOVER 2.0 category
    text: str
    start: int
    end: int
    mode: str | None = None
    actor: Actor | None = None
    target: Actor | None = None
    participants: tuple[Actor, ...] = ()
    place: Place | None = None
    when: When | None = None
    fatalities: int | None = None
    fatalities_qualifier: str | None = None  # over | at least | nearly ...
    injuries: int | None = None
    negated: bool = False
    hypothetical: bool = False  # future, conditional or reported-as-possible
    factuality: Factuality = "asserted"  # did it happen, per the text: see docs/formats.md
    attribution_id: str | None = None  # the attribution whose content reports it ("police said ...")
    reported_by: str | None = None  # that attribution's source, as resolved
    background: bool = False  # from a relative, participial or time clause: context, not the sentence's news
    trigger: Mention | None = None  # the word that names the event ("arrested", "protest", the cue "denied")
    place_evidence: Mention | None = None  # the words the place was read from ("in Lyon", a dateline's city)
    actor_evidence: Mention | None = None  # the word the actor was read from ("he", "Kerrow"), before resolving

    def happened(self) -> str:
        """The factuality, the old flags read into it (a record built with ``negated=True`` only)."""
        if self.factuality in ("asserted", "reported") and (self.negated or self.hypothetical):
            return "negated" if self.negated else "hypothetical"
        return self.factuality


@dataclass(frozen=True)
class Article(Record):
    id: str
    source_file: str
    headline: str | None
    text: str
    paragraphs: tuple[str, ...] = ()
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    published_inferred: bool = False
    authors: tuple[str, ...] = ()
    captions: tuple[Caption, ...] = ()
    subheads: tuple[str, ...] = ()
    entities: tuple[Entity, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()
    events: tuple[Event, ...] = ()
    duplicate_of: str | None = None  # id of the first-seen near-duplicate, if any

    def paragraph_spans(self) -> list[tuple[int, int]]:
        """Offsets of each paragraph inside ``text``: those of ``paragraphs`` when they make up the text
        (joined by ``PARAGRAPH_SEPARATOR``, as segmentation writes it), else read from the text itself."""
        if self.paragraphs and PARAGRAPH_SEPARATOR.join(self.paragraphs) == self.text:
            spans, pos = [], 0
            for p in self.paragraphs:
                spans.append((pos, pos + len(p)))
                pos += len(p) + len(PARAGRAPH_SEPARATOR)
            return spans
        return paragraph_spans(self.text)


@dataclass(frozen=True)
class TimelineEntry(Record):
    """One step in a story: an outlet's article, and who in it reported, relayed or denied what."""

    article_id: str
    date: str | None
    outlet: str | None
    headline: str | None
    attribution_id: str | None = None
    speaker: str | None = None
    stance: str | None = None
    via: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Story(Record):
    """Articles about the same event, possibly from different outlets, with their timeline."""

    id: str  # "s-" + the id of the earliest member article (stable while that article is first)
    headline: str | None
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()  # canonical ids the members share
    timeline: tuple[TimelineEntry, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()


@dataclass(frozen=True)
class Analysis(Record):
    """The whole record ``newsgraph analyze --json`` prints."""

    newsgraph_version: str
    articles: tuple[Article, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()
    stories: tuple[Story, ...] = ()


# --- serialisation helpers -------------------------------------------------

# Reading the type hints is slow and the same for every record of a class, so each class's
# field names and per-field loaders are worked out once (stores read records by the thousand).
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_LOADERS: dict[type, tuple[tuple[str, Any], ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    return names


def _loaders(cls: type) -> tuple[tuple[str, Any], ...]:
    """(field name, function turning its JSON value into the field's value, or None to keep it)."""
    loaders = _LOADERS.get(cls)
    if loaders is None:
        hints = get_type_hints(cls)
        loaders = _LOADERS[cls] = tuple((name, _loader(hints[name])) for name in _field_names(cls))
    return loaders


def _loader(tp: Any) -> Any:
    """How to read a non-None JSON value of type ``tp``, decided once per type; None: as it is."""
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        inner = [a for a in get_args(tp) if a is not type(None)]
        return _loader(inner[0]) if len(inner) == 1 else None
    if origin is tuple:
        item = _loader(get_args(tp)[0])
        if item is None:
            return tuple
        return lambda values: tuple(None if v is None else item(v) for v in values)
    if isinstance(tp, type) and issubclass(tp, Record):
        return tp.from_dict
    return None


def _dump(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, (tuple, list)):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


def replace(record: R, **changes: Any) -> R:
    """``dataclasses.replace`` re-exported so stages need not import dataclasses."""
    return dataclasses.replace(record, **changes)  # type: ignore[type-var]


__all__ = [
    "Actor", "Analysis", "Article", "Attribution", "CLAIMING", "COUNTERING", "Caption", "Contradiction",
    "Entity", "Event", "FACTUALITY", "Factuality", "Form", "HAPPENED", "InputProblem", "Mention",
    "PARAGRAPH_SEPARATOR", "Place", "RawDocument", "Record", "STANCES", "STANCE_KINDS", "Speaker", "Span",
    "Stance", "StanceGroup", "StanceKind", "Story",
    "TimelineEntry", "When", "paragraph_spans", "replace", "stance_group", "field",
]
