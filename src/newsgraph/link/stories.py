"""Which articles tell the same story? Clusters across outlets, each with a timeline.

Two articles are linked when one is a near-duplicate of the other, or when they share
enough rare vocabulary and named participants and were published within a few days of
each other; stories are the connected groups (single link). Candidate pairs come from
an inverted index on rare terms, so the work grows with overlaps, not with n².
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from newsgraph.link.similarity import content_terms, cosine, idf_table, overlap, weighted
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
    max_term_articles: int = 60  # terms in more articles than this propose no candidates


def _participants(article: Article) -> set[str]:
    """Named participants by identity, ignoring the type family: one article's ORG "Karsk" is
    another's GPE "Karsk" (taggers disagree on unfamiliar names). Nationalities and the
    article's own outlet ("told the Gazette") say nothing about which event it reports."""
    outlet = (article.outlet or "").casefold().removeprefix("the ")
    return {
        (e.canonical_id or e.name.casefold()).split(":", 1)[-1]
        for e in article.entities
        if e.type in ("PERSON", "ORG", "GPE", "LOC", "FAC") and e.name.casefold().removeprefix("the ") != outlet
    }


def _days_apart(a: str | None, b: str | None) -> int | None:
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days) if a and b and len(a) >= 10 and len(b) >= 10 else None
    except ValueError:
        return None


class _Groups:
    """Union-find over article positions."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def same_story(a: Article, b: Article, va: dict[str, float], vb: dict[str, float], rules: StoryRules) -> bool:
    if a.duplicate_of == b.id or b.duplicate_of == a.id:
        return True
    apart = _days_apart(a.published, b.published)
    if apart is not None and apart > rules.max_days_apart:
        return False
    text = cosine(va, vb)
    if text >= rules.text_alone:
        return True
    pa, pb = _participants(a), _participants(b)
    shared = len(pa & pb)
    return text >= rules.text_with_entities and shared >= rules.min_shared_entities and overlap(pa, pb) >= rules.entities


def cluster_stories(articles: Sequence[Article], rules: StoryRules | None = None) -> list[Story]:
    """Group articles into stories; every article lands in exactly one (possibly alone)."""
    rules = rules or StoryRules()
    terms = [content_terms(f"{a.headline or ''}\n{a.text}") for a in articles]
    idf = idf_table(terms)
    vectors = [weighted(t, idf) for t in terms]
    df: Counter[str] = Counter(w for t in terms for w in t)
    postings: dict[str, list[int]] = defaultdict(list)
    proposing: list[list[str]] = []
    for i, t in enumerate(terms):
        # a term only this article has proposes no pair; one in very many articles names a topic,
        # not an event, and would make the candidate pairs grow with the square of the corpus
        shared = [w for w in t if 1 < df[w] <= rules.max_term_articles]
        proposing.append(sorted(shared, key=lambda w: (-idf[w], w))[: rules.candidate_terms])
        for term in proposing[-1]:
            postings[term].append(i)
    by_id = {a.id: i for i, a in enumerate(articles)}
    groups = _Groups(len(articles))
    for i, a in enumerate(articles):
        if a.duplicate_of in by_id:
            groups.join(i, by_id[a.duplicate_of])  # type: ignore[index]
    for i, own_terms in enumerate(proposing):
        # each pair is proposed by its first article only: memory stays per article, not per pair
        candidates = sorted({j for term in own_terms for j in postings[term] if j > i})
        for j in candidates:
            if groups.find(i) != groups.find(j) and same_story(articles[i], articles[j], vectors[i], vectors[j], rules):
                groups.join(i, j)
    clusters: dict[int, list[Article]] = defaultdict(list)
    for i, a in enumerate(articles):
        clusters[groups.find(i)].append(a)
    return [build_story(members) for _, members in sorted(clusters.items())]


def _order(article: Article) -> tuple[str, str]:
    return (article.published or "9999", article.id)


def build_story(members: Sequence[Article]) -> Story:
    """A story record: members in time order, shared participants and the timeline."""
    members = sorted(members, key=_order)
    first = members[0]
    shared: set[str] = set.intersection(*(_participants(a) for a in members)) if len(members) > 1 else set()
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
