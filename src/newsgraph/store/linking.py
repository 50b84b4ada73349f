"""Linking a store incrementally: each new batch against the indexes the store keeps.

The articles not linked yet are those after store_meta 'linked_through' (a primary key), so a
run killed before it linked leaves them to the next pass, which links them in arrival order.
A pass links them a chunk at a time, one transaction each: story candidates come from the term
postings (``link.incremental``), the stories they join are read back and rebuilt with their
contradictions across articles, and identities follow the full forms table: a new full name
re-resolves only the articles whose one-word names it may stand for. Nothing reads the whole
store, except a rebuild (``newsgraph relink --all``, or after stored articles were changed),
which replays every arrival the same way and so gives the same links.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from newsgraph.link.crossclaims import link_claims
from newsgraph.link.identities import (
    IdentityIndex, family, name_key, needs_full_form, resolve_article, short_forms,
)
from newsgraph.link.incremental import LinkIndex, Node, link_batch
from newsgraph.link.stories import StoryRules, build_story, story_node
from newsgraph.model import Article, replace
from newsgraph.store.base import EntityRow
from newsgraph.store.lean import ARTICLE_SOURCE, unpack_article
from newsgraph.store.rows import (
    CROSS_CONTRADICTIONS, IDENTITIES, STORIES, cross_contradiction_rows, entity_row, identity_from_row, identity_row,
    to_json,
)

LINKED_THROUGH = "linked_through"  # store_meta: the highest article key the saved links cover
LINKED_ARTICLES = "linked_articles"  # store_meta: how many first copies the links cover
LINK_COUNTS = "link_counts"  # store_meta: "stories contradictions" the links hold (counting would read them all)
IDENTITIES_COVER = "identities_cover"  # store_meta: "<identities state>@<article key>": an identities table
# of that state (made by a pass or by a reader's rebuild) holds exactly the first copies through that key
REBUILD = "links_rebuild"  # store_meta: set when linked articles changed: the next pass starts over
LINK_CHUNK = 500
_IN = 500  # ids per IN (...) list
LINK_TABLES = ("story_articles", "stories", "cross_contradictions", "link_nodes", "link_terms", "link_postings",
               "identity_forms", "identity_uses")


@dataclass(frozen=True)
class LinkReport:
    """What one linking pass did, and the links the store holds after it."""

    articles: int  # first copies the links cover
    stories: int
    contradictions: int  # across articles
    linked: int = 0  # articles linked by this pass
    rebuilt: bool = False  # whether it started over from the first article


def linking_view(article: Article) -> Article:
    """Only what cross-article linking reads (no events, captions or mentions)."""
    return replace(
        article, events=(), captions=(), subheads=(), authors=(), contradictions=(),
        entities=tuple(replace(e, mentions=()) for e in article.entities),
    )


def _chunks(items: Sequence[Any], size: int = _IN) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class _StoredLinks(LinkIndex):
    """The store's link indexes, as ``link.incremental`` asks about them."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def _in(self, sql: str, values: Sequence[str], *extra: Any) -> list:
        out = []
        for part in _chunks(list(values)):
            out += self.store._rows(sql.replace("(?*)", "(" + ", ".join("?" * len(part)) + ")"), (*part, *extra))
        return out

    def size(self) -> int:
        return int(self.store._value("SELECT value FROM store_meta WHERE key = ?", (LINKED_ARTICLES,)) or 0)

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        return {r["term"]: r["df"] for r in self._in("SELECT term, df FROM link_terms WHERE term IN (?*)", list(terms))}

    def posted(self, terms: Sequence[str], around: tuple[str, str] | None) -> set[str]:
        when = "" if around is None else " AND (day IS NULL OR day BETWEEN ? AND ?)"
        rows = self._in(f"SELECT DISTINCT article_id FROM link_postings WHERE term IN (?*){when}", terms,
                        *(around or ()))
        return {r["article_id"] for r in rows}

    def nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        rows = self._in("SELECT article_id, published, terms, participants FROM link_nodes WHERE article_id IN (?*)",
                        sorted(ids))
        return {r["article_id"]: Node(r["article_id"], r["published"], Counter(json.loads(r["terms"])),
                                      frozenset(json.loads(r["participants"]))) for r in rows}

    def stories_of(self, ids: Iterable[str]) -> dict[str, str]:
        rows = self._in("SELECT article_id, story_id FROM story_articles WHERE article_id IN (?*)", sorted(ids))
        return {r["article_id"]: r["story_id"] for r in rows}


class _StoredForms(IdentityIndex):
    """Full forms read from the store's ``identity_forms`` (at most two: more is as ambiguous as two)."""

    def __init__(self, store: Any) -> None:
        super().__init__()
        self.store = store
        self._cache: dict[tuple[str, str], set[str]] = {}

    def full_forms(self, fam: str, short: str) -> set[str]:
        if (fam, short) not in self._cache:
            self._cache[(fam, short)] = {r["full_key"] for r in self.store._rows(
                "SELECT full_key FROM identity_forms WHERE family = ? AND short_key = ? ORDER BY full_key LIMIT 2",
                (fam, short))}
        return self._cache[(fam, short)]


class IncrementalLinks:
    """Mixin for :class:`~newsgraph.store.sql_store.SQLStore`: ``link_pending``."""

    def link_pending(self, full: bool = False, chunk: int = LINK_CHUNK, rules: StoryRules | None = None) -> LinkReport:
        """Link the articles stored since the last pass (all of them with ``full``), a chunk per transaction."""
        from newsgraph.store.sql_store import ARTICLES_VERSION, LINKS_VERSION

        rules = rules or StoryRules()
        linked, rebuilt, first = 0, False, True
        while True:
            with self._transaction():  # the writers' lock: no batch is added meanwhile
                meta = self._meta((LINKED_THROUGH, REBUILD, ARTICLES_VERSION))
                if (full and first) or meta.get(LINKED_THROUGH) is None or meta.get(REBUILD):
                    self._clear_links()
                    rebuilt, meta[LINKED_THROUGH] = True, "0"
                first = False
                rows = self._rows(  # one more than a chunk: whether this is the last
                    f"SELECT pk, {ARTICLE_SOURCE}, record FROM articles WHERE pk > ? ORDER BY pk LIMIT ?",
                    (int(meta[LINKED_THROUGH]), chunk + 1))
                done, rows = len(rows) <= chunk, rows[:chunk]
                articles = [linking_view(unpack_article(r["record"], r)) for r in rows if r["duplicate_of"] is None]
                through = (meta[LINKED_THROUGH], str(rows[-1]["pk"])) if rows else None
                if articles:
                    self._link_chunk(articles, rules, through)
                    linked += len(articles)
                elif through:
                    self._identities_still_cover(*through)
                if rows:
                    self._set_meta(LINKED_THROUGH, str(rows[-1]["pk"]))
                if done:
                    self._set_meta(LINKS_VERSION, str(int(meta.get(ARTICLES_VERSION) or 0)))
            if done:
                break
        self._keep_statistics()
        meta = self._meta((LINKED_ARTICLES, LINK_COUNTS))
        stories, across = (int(x) for x in meta.get(LINK_COUNTS, "0 0").split())
        return LinkReport(int(meta.get(LINKED_ARTICLES) or 0), stories, across, linked, rebuilt)

    # --- inside the pass's transaction --------------------------------------------

    def _clear_links(self) -> None:
        """Links and their indexes emptied; so is the identities table, which the pass then keeps (it
        covers no article yet): no reader or pass ever aggregates the whole store for it again."""
        for table in (*LINK_TABLES, "identities"):
            self._execute(f"DELETE FROM {table}")
        self._execute("DELETE FROM store_meta WHERE key IN (?, ?, ?)", (REBUILD, LINKED_ARTICLES, LINK_COUNTS))
        self._stop_shadowing_identities()
        state = self._identities_state()
        self._set_meta("identities", state)
        self._set_meta(IDENTITIES_COVER, f"{state}@0")

    def _identities_still_cover(self, before: str, after: str) -> None:
        """A last chunk of near-duplicates only (none has entity rows counted): the cover moves on."""
        cover = self._meta((IDENTITIES_COVER,)).get(IDENTITIES_COVER, "")
        if cover.endswith(f"@{before}"):
            self._set_meta(IDENTITIES_COVER, f"{cover.rpartition('@')[0]}@{after}")

    def _link_chunk(self, articles: list[Article], rules: StoryRules, through: tuple[str, str] | None = None) -> None:
        self._link_identities(articles, through)
        index = _StoredLinks(self)
        nodes = [story_node(a) for a in articles]
        links = link_batch(index, nodes, rules)
        self._executemany("INSERT INTO link_nodes(article_id, published, terms, participants) VALUES (?, ?, ?, ?)",
                          [(n.id, n.published, to_json(dict(sorted(n.terms.items()))), to_json(sorted(n.participants)))
                           for n in nodes])
        self._executemany("INSERT INTO link_terms(term, df) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET df = excluded.df",
                          sorted(links.document_frequencies.items()))
        for part in _chunks(links.closed):
            self._execute(f"DELETE FROM link_postings WHERE term IN ({', '.join('?' * len(part))})", tuple(part))
        self._executemany("INSERT INTO link_postings(term, day, article_id) VALUES (?, ?, ?)",
                          [(t, day, aid) for t, aid, day in links.postings])
        self._set_meta(LINKED_ARTICLES, str(links.size))
        self._write_stories(links.groups, {a.id: a for a in articles})

    def _write_stories(self, groups: list[tuple[tuple[str, ...], tuple[str, ...]]], new: dict[str, Article]) -> None:
        """Each group's stories joined with its new articles: rebuilt from all members, with their
        contradictions across articles, in place of the stories joined."""
        index = _StoredLinks(self)
        story_pk = int(self._value("SELECT COALESCE(MAX(pk), 0) FROM stories"))
        cross_pk = int(self._value("SELECT COALESCE(MAX(pk), 0) FROM cross_contradictions"))
        stories, across = (int(x) for x in (self._meta((LINK_COUNTS,)).get(LINK_COUNTS) or "0 0").split())
        for sids, new_ids in groups:
            old = [r["article_id"] for r in index._in("SELECT article_id FROM story_articles WHERE story_id IN (?*)",
                                                      list(sids))] if sids else []
            members = [*self._linking_views(old), *(new[i] for i in new_ids)]
            story = build_story(members)
            found = link_claims(members, [story]) if len(members) > 1 else ()
            for part in _chunks(old):
                marks = ", ".join("?" * len(part))
                across -= self._execute(f"DELETE FROM cross_contradictions WHERE counter_article IN ({marks})",
                                        tuple(part)).rowcount
            for part in _chunks(list(sids)):
                marks = ", ".join("?" * len(part))
                self._execute(f"DELETE FROM story_articles WHERE story_id IN ({marks})", tuple(part))
                stories -= self._execute(f"DELETE FROM stories WHERE id IN ({marks})", tuple(part)).rowcount
            story_pk += 1
            self._execute(STORIES.insert_sql(), STORIES.values(self._story_row(story_pk, story)))
            self._executemany("INSERT INTO story_articles(story_id, article_id) VALUES (?, ?)",
                              [(story.id, a) for a in story.article_ids])
            rows = cross_contradiction_rows(found)
            for row in rows:
                row["pk"] += cross_pk
            cross_pk += len(rows)
            stories, across = stories + 1, across + len(rows)
            self._executemany(CROSS_CONTRADICTIONS.insert_sql(), [CROSS_CONTRADICTIONS.values(r) for r in rows])
        self._set_meta(LINK_COUNTS, f"{stories} {across}")

    def _linking_views(self, ids: Sequence[str]) -> list[Article]:
        out = []
        for part in _chunks(list(ids)):
            marks = ", ".join("?" * len(part))
            out += [linking_view(unpack_article(r["record"], r))
                    for r in self._rows(f"SELECT {ARTICLE_SOURCE}, record FROM articles WHERE id IN ({marks})",
                                        tuple(part))]
        return out

    def _link_identities(self, articles: list[Article], through: tuple[str, str] | None = None) -> None:
        """New full forms join the table; the articles whose one-word names they change (and the new
        ones) are resolved again; the identities table is brought up to date for the ids that moved.
        ``through``: the article keys the links covered before this chunk and will after it (so the
        identities table may be added to, see ``_refresh_identities``)."""
        forms = sorted({(fam, short, name_key(e.name)) for a in articles for e in a.entities
                        for fam, short in short_forms(e)})
        before = _StoredForms(self)
        was = {(fam, short): frozenset(before.full_forms(fam, short)) for fam, short, _ in forms}
        self._executemany("INSERT INTO identity_forms(family, short_key, full_key) VALUES (?, ?, ?) "
                          "ON CONFLICT DO NOTHING", forms)
        after = _StoredForms(self)
        moved = [k for k, v in was.items() if _single(v) != _single(frozenset(after.full_forms(*k)))]
        new_ids = {a.id for a in articles}
        uses = sorted({(family(e), name_key(e.name), a.id) for a in articles for e in a.entities if needs_full_form(e)})
        self._executemany("INSERT INTO identity_uses(family, name_key, article_id) VALUES (?, ?, ?) "
                          "ON CONFLICT DO NOTHING", uses)
        touched = sorted({r["article_id"] for fam, key in moved for r in self._rows(
            "SELECT article_id FROM identity_uses WHERE family = ? AND name_key = ?", (fam, key))} - new_ids)
        changed = [*articles, *self._linking_views(touched)]
        moved_ids: set[str] = set()  # identities that lost or gained entity rows
        old_moved: set[str] = set()  # those among them through an article linked before
        added: dict[str, list[dict[str, Any]]] = {}  # identity -> the new articles' entity rows it gains
        updates = []
        for a in changed:
            resolved = resolve_article(a, after)
            current = {r["entity_id"]: r for r in self._rows(
                "SELECT entity_id, identity, name, type, mentions, aliases, roles FROM entities WHERE article_id = ?",
                (a.id,))}
            for eid, cid in resolved.items():
                was_id = current[eid]["identity"] if eid in current else None
                if was_id != cid or a.id in new_ids:
                    updates.append((cid, cid, a.id, eid))
                    moved_ids.update(x for x in (was_id, cid) if x)
                if a.id not in new_ids and was_id != cid:
                    old_moved.update(x for x in (was_id, cid) if x)
                if a.id in new_ids and eid in current:
                    added.setdefault(cid, []).append({**current[eid], "article_id": a.id})
        self._executemany("UPDATE entities SET canonical_id = ?, identity = ? WHERE article_id = ? AND entity_id = ?",
                          updates)
        self._refresh_identities(sorted(moved_ids), sorted(old_moved), added, through)

    def _refresh_identities(self, cids: list[str], old_moved: list[str] = (),
                            added: dict[str, list[dict[str, Any]]] | None = None,
                            through: tuple[str, str] | None = None) -> None:
        """The aggregated identities of ``cids`` made current, when the table was current before (else
        it is left to be rebuilt whole when next read).

        When the table is of the state the last pass ended in, so holding exactly the articles linked
        through the key it recorded (``IDENTITIES_COVER``), and this chunk links all after them, the new articles'
        entity rows are added to the stored identities (counts summed, names, aliases and roles
        joined): the work follows the batch, not how many articles each identity has. Identities that
        an article linked before moved into or out of, or whose type the new rows may change, are made
        again from their entity rows, as every identity is otherwise."""
        from newsgraph.store.sql_read import LINKS_SAVED

        self._stop_shadowing_identities()  # this connection's shadow table: the stored one is made current
        state_before = self._identities_state()
        meta = self._meta(("identities", IDENTITIES_COVER))
        stored = meta.get("identities")
        self._bump(LINKS_SAVED)
        additive = False
        if stored is not None and stored.split(":")[-1] == state_before.split(":")[-1]:
            additive = (through is not None and added is not None
                        and meta.get(IDENTITIES_COVER) == f"{stored}@{through[0]}")
            remake = set(old_moved) if additive else set(cids)
            if additive:
                remake |= self._add_to_identities({c: rows for c, rows in added.items() if c not in remake})
            for part in _chunks(sorted(remake)):
                marks = ", ".join("?" * len(part))
                self._execute(f"DELETE FROM identities WHERE canonical_id IN ({marks})", tuple(part))
                linked = (" AND a.pk <= ?", (int(through[1]),)) if through is not None else ("", ())
                rows = [IDENTITIES.values(r) for r in self._identity_rows(f" AND e.identity IN ({marks}){linked[0]}",
                                                                          (*part, *linked[1]))]
                self._executemany(IDENTITIES.insert_sql(), rows)
            self._set_meta("identities", self._identities_state())
        # a table of this state holds the first copies linked through this chunk: when it was added to,
        # or (made by a reader, who may have counted articles not linked yet) once none is left
        if through is not None and (additive or int(through[1]) >= int(self._value(
                "SELECT COALESCE(MAX(pk), 0) FROM articles"))):
            self._set_meta(IDENTITIES_COVER, f"{self._identities_state()}@{through[1]}")

    def _add_to_identities(self, added: dict[str, list[dict[str, Any]]]) -> set[str]:
        """The new entity rows of each identity added to its stored row; returns the identities this
        cannot do for (a new row of another type than the stored one's: the most common may change)."""
        stored = {}
        for part in _chunks(sorted(added)):
            marks = ", ".join("?" * len(part))
            stored.update((r["canonical_id"], identity_from_row(r)) for r in self._rows(
                f"SELECT {', '.join(IDENTITIES.columns)} FROM identities WHERE canonical_id IN ({marks})", tuple(part)))
        remake, rows = set(), []
        for cid, group in sorted(added.items()):
            new = entity_row(cid, len({r["article_id"] for r in group}), sum(r["mentions"] or 0 for r in group),
                             [r["name"] for r in group], [r["aliases"] for r in group], [r["roles"] for r in group],
                             [r["type"] for r in group])
            old = stored.get(cid)
            if old is not None and any(r["type"] != old.type for r in group):
                remake.add(cid)
                continue
            rows.append(IDENTITIES.values(identity_row(new if old is None else _joined(old, new))))
        for part in _chunks(sorted(c for c in added if c in stored and c not in remake)):
            self._execute(f"DELETE FROM identities WHERE canonical_id IN ({', '.join('?' * len(part))})", tuple(part))
        self._executemany(IDENTITIES.insert_sql(), rows)
        return remake


def _joined(old: EntityRow, new: EntityRow) -> EntityRow:
    """One identity's stored row with new entity rows added, as aggregating all its rows gives it
    (``rows.entity_row``: the longest name, every other name and alias, every role, the counts summed)."""
    name = max(old.name, new.name, key=lambda s: (len(s), s))
    names = sorted({old.name, *old.aliases, new.name, *new.aliases} - {name})
    return EntityRow(old.canonical_id, name, old.type, tuple(names), tuple(sorted({*old.roles, *new.roles})),
                     old.articles + new.articles, old.mentions + new.mentions)


def _single(forms: frozenset[str]) -> str | None:
    return next(iter(forms)) if len(forms) == 1 else None
