"""Stories linked one arriving article at a time, against indexes that a store keeps.

Articles are linked in the order they arrived (the store's insertion order). Each is weighed
against the collection as it stood when it came: the rarity of a word is its document frequency
among the articles linked before it and itself, so the decision for a pair never changes later,
and linking a new batch touches only what the batch can reach. A whole-store rebuild replays
the same arrivals in the same order and so gives the same links, however the store was batched.

For each arriving article, its rarest words (those in at most ``max_term_articles`` articles so
far) propose the earlier articles that have them, within the date window; each candidate is then
judged by :func:`newsgraph.link.stories.same_story`. Stories are the connected groups of linked
pairs: a batch joins existing stories and new articles, never splits a story.

An index (:class:`LinkIndex`) answers for the articles linked before a batch: a store's keeps
document frequencies, postings of the words still rare enough to propose, each article's terms,
and each article's story; :class:`EmptyIndex` is an empty collection (in-memory linking).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from newsgraph.model import Article


@dataclass(frozen=True)
class Node:
    """What linking knows of one article: its id, date, content terms and named participants."""

    id: str
    published: str | None
    terms: Counter[str]
    participants: frozenset[str]
    duplicate_of: str | None = None

    @property
    def day(self) -> date | None:
        return day_of(self.published)


def day_of(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published and len(published) >= 10 else None
    except ValueError:
        return None


def window(day: date | None, days: int) -> tuple[str, str] | None:
    """The ISO days a candidate may be published on (None: any day, for an undated article)."""
    if day is None:
        return None
    return (day - timedelta(days=days)).isoformat(), (day + timedelta(days=days)).isoformat()


class LinkIndex:
    """The articles linked before a batch, as linking asks about them. This one holds none."""

    def size(self) -> int:
        """How many articles were linked before the batch."""
        return 0

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """term -> number of linked articles having it (terms in none may be left out)."""
        return {}

    def posted(self, terms: Sequence[str], around: tuple[str, str] | None) -> set[str]:
        """Ids of linked articles having any of ``terms`` (each still rare enough to propose), published
        within ``around`` (first and last ISO day) or undated; any date when ``around`` is None."""
        return set()

    def nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        """The linking view of linked articles by id."""
        return {}

    def stories_of(self, ids: Iterable[str]) -> dict[str, str]:
        """article id -> id of the story it is in, for linked articles."""
        return {}


EmptyIndex = LinkIndex


@dataclass
class BatchLinks:
    """What a batch changes: groups of (stories joined, new articles), and the index updates."""

    groups: list[tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)
    document_frequencies: dict[str, int] = field(default_factory=dict)  # new totals for the batch's terms
    postings: list[tuple[str, str, str | None]] = field(default_factory=list)  # (term, article id, day) to add
    closed: list[str] = field(default_factory=list)  # terms now too common to propose: postings to drop
    size: int = 0  # articles linked after the batch


class _Groups:
    """Union-find over string keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, k: str) -> str:
        self.parent.setdefault(k, k)
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def link_batch(index: LinkIndex, arrivals: Sequence[Node], rules) -> BatchLinks:
    """Link ``arrivals`` (in arrival order, after everything ``index`` holds) into stories."""
    from newsgraph.link.similarity import weighted
    from newsgraph.link.stories import same_story_nodes

    n = index.size()
    df: dict[str, int] = {}
    known: dict[str, Node] = {}
    batch_postings: dict[str, list[str]] = defaultdict(list)
    groups = _Groups()
    story_key: dict[str, str] = {}  # article id -> its group key

    def frequencies(terms: Iterable[str]) -> None:
        missing = [t for t in terms if t not in df]
        if missing:
            found = index.document_frequencies(missing)
            for t in missing:
                df[t] = found.get(t, 0)

    for node in arrivals:
        n += 1
        frequencies(node.terms)
        for t in node.terms:
            df[t] += 1
        idf = {t: math.log((1 + n) / (1 + df[t])) + 1.0 for t in node.terms}
        proposing = sorted((t for t in node.terms if 1 < df[t] <= rules.max_term_articles),
                           key=lambda t: (-idf[t], t))[: rules.candidate_terms]
        candidates = index.posted(proposing, window(node.day, rules.max_days_apart)) if proposing else set()
        candidates |= {i for t in proposing for i in batch_postings.get(t, ())}
        old = [i for i in candidates if i not in known]
        if old:
            found, stories = index.nodes(old), index.stories_of(old)
            for aid, sid in stories.items():
                if aid in found:
                    known[aid], story_key[aid] = found[aid], "s\x00" + sid
        own = story_key[node.id] = "n\x00" + node.id
        groups.find(own)
        if node.duplicate_of in known:  # a copy is in its first copy's story
            groups.join(own, story_key[node.duplicate_of])
        for cid in sorted(candidates):
            other = known.get(cid)
            if other is None or groups.find(story_key[cid]) == groups.find(own):
                continue
            frequencies(other.terms)
            both = {t: math.log((1 + n) / (1 + df[t])) + 1.0 for t in (*node.terms, *other.terms)}
            if same_story_nodes(node, other, weighted(node.terms, both), weighted(other.terms, both), rules):
                groups.join(own, story_key[cid])
        for t in node.terms:
            batch_postings[t].append(node.id)
        known[node.id] = node

    members: dict[str, tuple[set[str], list[str]]] = defaultdict(lambda: (set(), []))
    for key in groups.parent:
        kind, _, ident = key.partition("\x00")
        entry = members[groups.find(key)]
        if kind == "s":
            entry[0].add(ident)
        else:
            entry[1].append(ident)
    order = {node.id: i for i, node in enumerate(arrivals)}
    result = BatchLinks(size=n)
    for sids, new in members.values():
        if new:
            result.groups.append((tuple(sorted(sids)), tuple(sorted(new, key=order.__getitem__))))
    result.groups.sort(key=lambda g: order[g[1][0]])
    for t, count in df.items():
        if t in batch_postings:
            result.document_frequencies[t] = count
    limit = rules.max_term_articles
    for node in arrivals:
        for t in node.terms:
            if df[t] <= limit:
                result.postings.append((t, node.id, node.day.isoformat() if node.day else None))
    result.closed = sorted(t for t in batch_postings if df[t] > limit >= df[t] - len(batch_postings[t]))
    return result
