"""What do the pages show, computed from store records? Reader highlights, graph and map data, labels.

Nothing here produces HTML: the reader is cut into plain-text pieces that the templates
escape one by one, so article text can never become markup.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from newsgraph.model import HAPPENED, STANCE_KINDS, Article, Attribution, Entity
from newsgraph.store.base import EventRow, QuoteRow, Store

STANCES: dict[str, tuple[str, str]] = {s: (k.verb, k.meaning) for s, k in STANCE_KINDS.items()}  # (verb, meaning)


@dataclass
class Piece:
    """A stretch of text with one set of marks on it."""

    text: str
    entity: Entity | None = None
    speaker: bool = False
    cue: bool = False


@dataclass
class Run:
    """Consecutive pieces that belong to the same attribution (or to none)."""

    attribution: Attribution | None
    role: str  # content | speaker | cue | plain
    pieces: list[Piece] = field(default_factory=list)


def _valid(start: int | None, end: int | None, size: int) -> bool:
    return start is not None and end is not None and 0 <= start < end <= size


def reader_paragraphs(article: Article) -> list[list[Run]]:
    """The body as paragraphs of runs: each attribution's content, speaker and cue, entities inside."""
    size = len(article.text)
    contents, speakers, cues, mentions = [], [], [], []
    for a in article.attributions:
        if _valid(a.content.start, a.content.end, size):
            contents.append((a.content.start, a.content.end, a))
        if a.speaker and _valid(a.speaker.start, a.speaker.end, size):
            speakers.append((a.speaker.start, a.speaker.end, a))
        if a.cue and _valid(a.cue.start, a.cue.end, size):
            cues.append((a.cue.start, a.cue.end, a))
    for e in article.entities:
        mentions.extend((m.start, m.end, e) for m in e.mentions if _valid(m.start, m.end, size))
    marks = contents + speakers + cues + mentions
    cuts = sorted({p for s, e, _ in marks for p in (s, e)})

    def innermost(spans: list, a: int, b: int) -> Any:
        best = None
        for s, e, item in spans:
            if s <= a and b <= e and (best is None or e - s < best[1] - best[0]):
                best = (s, e, item)
        return best[2] if best else None

    paragraphs = []
    for ps, pe in article.paragraph_spans():
        points = [ps] + [c for c in cuts if ps < c < pe] + [pe]
        runs: list[Run] = []
        for a, b in zip(points, points[1:]):
            content, speaker, cue = innermost(contents, a, b), innermost(speakers, a, b), innermost(cues, a, b)
            owner, role = (content, "content") if content else (speaker, "speaker") if speaker else (
                (cue, "cue") if cue else (None, "plain"))
            piece = Piece(article.text[a:b], entity=innermost(mentions, a, b), speaker=speaker is not None,
                          cue=cue is not None)
            if runs and runs[-1].attribution is owner and runs[-1].role == role:
                runs[-1].pieces.append(piece)
            else:
                runs.append(Run(owner, role, [piece]))
        paragraphs.append(runs)
    return paragraphs


def entity_key(entity: Entity) -> str:
    return entity.canonical_id or entity.name


def speaker_label(q: QuoteRow | Attribution) -> str:
    if isinstance(q, QuoteRow):
        return q.resolved or q.speaker or "(no named speaker)"
    sp = q.speaker
    return (sp.resolved or sp.text or "(no named speaker)") if sp else "(no named speaker)"


def shorten(text: str | None, limit: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def short_id(value: str | None) -> str:
    return (value or "")[:10]


def stance_verb(stance: str | None) -> str:
    return STANCES.get(stance or "", (stance or "", ""))[0]


FILTERS = {"shorten": shorten, "short_id": short_id, "stance_verb": stance_verb}
GLOBALS: dict[str, Any] = {"STANCES": STANCES, "HAPPENED": HAPPENED}


# --- graph of sources and claims -------------------------------------------------

def graph_quotes(store: Store, article_id: str | None = None, story: str | None = None, entity: str | None = None,
                 speaker: str | None = None, stance: str | None = None, limit: int = 60) -> list[QuoteRow]:
    """The attributions a graph shows: one article's, one story's, one speaker's, or the newest."""
    if story:
        found = store.get_story(story)
        if found is None:
            raise ValueError(f"no story with id {story!r}")
        rows: list[QuoteRow] = []
        for aid in found.article_ids:  # in story order, until the graph is full (a story may hold thousands)
            if len(rows) >= limit:
                break
            rows.extend(store.list_attributions(article_id=aid, stance=stance, limit=limit - len(rows)).items)
        return rows[:limit]
    return list(store.list_attributions(article_id=article_id, entity=entity, speaker=speaker, stance=stance,
                                        limit=limit).items)


def graph_data(store: Store, **filters: Any) -> dict[str, Any]:
    """Speakers and claims as nodes; 'said' edges carry the stance; 'counters' edges join contradictions."""
    quotes = graph_quotes(store, **filters)
    speakers: dict[str, dict[str, Any]] = {}
    claims, edges = [], []
    claim_ids: dict[tuple[str, str], str] = {}
    for q in quotes:
        label = speaker_label(q)
        node = speakers.setdefault(label, {"id": f"s{len(speakers)}", "label": label, "anonymous": q.anonymous,
                                           "count": 0})
        node["count"] += 1
        cid = f"c{len(claims)}"
        claim_ids[(q.article_id, q.attribution_id)] = cid
        claims.append({"id": cid, "label": shorten(q.content, 200), "stance": q.stance,
                       "article_id": q.article_id, "attribution_id": q.attribution_id, "outlet": q.outlet,
                       "published": q.published})
        edges.append({"source": node["id"], "target": cid, "kind": "said", "stance": q.stance})
    stance_of = {(q.article_id, q.attribution_id): q.stance for q in quotes}
    # the contradictions among the quotes shown, looked up by their articles (not a scan of every one stored)
    for claim, counter, why in store.contradictions_among({q.article_id for q in quotes}):
        a, b = claim_ids.get(claim), claim_ids.get(counter)
        if a and b:
            edges.append({"source": b, "target": a, "kind": "counters", "stance": stance_of[counter], "why": why})
    return {"speakers": list(speakers.values()), "claims": claims, "edges": edges}


# --- map of events ------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def land_paths() -> tuple[str, ...]:
    """The outlines in static/world.svg, drawn inline so the page's CSS can colour them."""
    svg = (Path(__file__).resolve().parent / "static" / "world.svg").read_text(encoding="utf-8")
    return tuple(re.findall(r'<path[^>]*\sd="([^"]+)"', svg))


@dataclass
class Marker:
    x: float
    y: float
    place: str
    events: list[EventRow] = field(default_factory=list)

    @property
    def radius(self) -> float:
        return min(1.2 + 0.45 * len(self.events), 4.0)


def map_markers(events: Iterable[EventRow]) -> list[Marker]:
    """Events with coordinates, grouped by place, at x = lon + 180, y = 90 - lat (the world.svg frame)."""
    markers: dict[tuple[float, float], Marker] = {}
    for ev in events:
        if ev.lat is None or ev.lon is None or not (-90 <= ev.lat <= 90 and -180 <= ev.lon <= 180):
            continue
        key = (round(ev.lon + 180, 2), round(90 - ev.lat, 2))
        markers.setdefault(key, Marker(key[0], key[1], ev.place or "")).events.append(ev)
    return sorted(markers.values(), key=lambda m: -len(m.events))
