"""Which articles tell the same story? Clusters across outlets, each with a timeline.

Two articles are linked when they share enough rare vocabulary and named participants and
were published within a few days of each other; stories are the connected groups (single
link). Articles are linked in arrival order, each weighed against those before it
(``link.incremental``): candidates come from the postings of rare terms, so the work grows with
overlaps, not with n², and a store links a new batch without reading the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from newsgraph.link.identities import local_identities
from newsgraph.link.incremental import EmptyIndex, Node, link_batch
from newsgraph.link.similarity import content_terms, cosine, overlap
from newsgraph.model import Article, Story, TimelineEntry


@dataclass(frozen=True)
class StoryRules:
    """Thresholds for linking two articles into one story."""

    text_alone: float = 0.45  # cosine of weighted content terms enough on its own
    text_with_entities: float = 0.25  # cosine needed when participants also overlap
    entities: float = 0.5  # share of the smaller participant set found in the other
    min_shared_entities: int = 2
    max_days_apart: int = 7
    candidate_terms: int = 25  # rarest terms of each article used to propose candidates
    # Terms in more articles than this propose no candidates (their postings are dropped once passed).
    # A cost bound, set by hand (2026-11-28, not tuned on any labelled set): a term in very many
    # articles names a topic rather than an event, and proposing by it made the candidate pairs grow
    # with the square of the collection; with it an article weighs at most candidate_terms x this
    # many candidates and the postings hold at most this many rows a term. It is also a recall
    # knob: two articles sharing only terms more common than this are never compared, though their
    # cosine might link them; and as the count is over every article linked before (not within the
    # date window), a long archive closes more terms than a young one (an empty store's first
    # articles can link by words a 10,000-article store no longer proposes by). Both linking paths
    # count it the same way, in arrival order, so incremental and full relinks agree.
    max_term_articles: int = 60


def _participants(article: Article) -> frozenset[str]:
    """Named participants by identity, ignoring the type family: one article's ORG "Karsk" is
    another's GPE "Karsk" (taggers disagree on unfamiliar names). Nationalities and the
    article's own outlet ("told the Gazette") say nothing about which event it reports.
    The identity is the article's own (its full names, and short forms it spells out), not the
    store's: a link decided once stays decided as identities across the store grow."""
    outlet = (article.outlet or "").casefold().removeprefix("the ")
    own = local_identities(article)
    return frozenset(
        own[e.id].split(":", 1)[-1]
        for e in article.entities
        if e.type in ("PERSON", "ORG", "GPE", "LOC", "FAC") and e.name.casefold().removeprefix("the ") != outlet
    )


def story_node(article: Article) -> Node:
    """What story linking reads of an article."""
    return Node(article.id, article.published, content_terms(f"{article.headline or ''}\n{article.text}"),
                _participants(article), article.duplicate_of)


def _days_apart(a: str | None, b: str | None) -> int | None:
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days) if a and b and len(a) >= 10 and len(b) >= 10 else None
    except ValueError:
        return None


def same_story_nodes(a: Node, b: Node, va: dict[str, float], vb: dict[str, float], rules: StoryRules) -> bool:
    if a.duplicate_of == b.id or b.duplicate_of == a.id:
        return True
    apart = _days_apart(a.published, b.published)
    if apart is not None and apart > rules.max_days_apart:
        return False
    text = cosine(va, vb)
    if text >= rules.text_alone:
        return True
    pa, pb = a.participants, b.participants
    shared = len(pa & pb)
    return text >= rules.text_with_entities and shared >= rules.min_shared_entities and overlap(pa, pb) >= rules.entities


def cluster_stories(articles: Sequence[Article], rules: StoryRules | None = None) -> list[Story]:
    """Group articles (in arrival order) into stories; every article lands in exactly one (possibly alone)."""
    rules = rules or StoryRules()
    by_id = {a.id: a for a in articles}
    links = link_batch(EmptyIndex(), [story_node(a) for a in articles], rules)
    return [build_story([by_id[i] for i in new]) for _, new in links.groups]


def _order(article: Article) -> tuple[str, str]:
    return (article.published or "9999", article.id)


def build_story(members: Sequence[Article]) -> Story:
    """A story record: members in time order, shared participants and the timeline."""
    members = sorted(members, key=_order)
    first = members[0]
    shared: set[str] = set(frozenset.intersection(*(_participants(a) for a in members))) if len(members) > 1 else set()
    timeline = []
    for a in members:
        if not a.attributions:
            timeline.append(TimelineEntry(a.id, a.published, a.outlet, a.headline))
        for q in a.attributions:
            sp = q.speaker
            timeline.append(TimelineEntry(
                a.id, a.published, a.outlet, a.headline, q.id,
                (sp.resolved or sp.text) if sp else None, q.stance, q.via, q.content.text,
            ))
    outlets = tuple(dict.fromkeys(a.outlet for a in members if a.outlet))
    return Story(
        id=f"s-{first.id[:16]}", headline=first.headline, article_ids=tuple(a.id for a in members),
        outlets=outlets, entities=tuple(sorted(shared)), timeline=tuple(timeline),
    )
