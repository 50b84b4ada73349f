"""Incremental linking gives the links of a full rebuild, on SQLite and PostgreSQL.

An invented corpus (no NLP) of stories told across outlets over days, with denials of what other
outlets reported, short forms of names that a later article spells out (and a still later one
makes ambiguous), and articles that join two stories, is stored in several batches with a
linking pass after each; the stories, contradictions across articles, canonical ids and the
identities listing must equal those of one `relink --all` over the same store, and the stories
those of in-memory linking over the same articles in the same order.
"""

from __future__ import annotations

import hashlib
import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "store"))

from conftest_store import store_target  # noqa: E402,F401
from store_articles import numbered_article  # noqa: E402

from newsgraph.model import Article, Attribution, Entity, Mention, Span, Speaker  # noqa: E402
from newsgraph.pipeline import link_articles, relink  # noqa: E402
from newsgraph.store import open_store  # noqa: E402
from newsgraph.store.linking import linking_view  # noqa: E402

OUTLETS = ("Harbor Gazette", "The Meridian Post", "Varnholt Courier")
SYLLABLES = ("ka", "lo", "mi", "ren", "tas", "vo", "quel", "dar", "in", "ost", "bra", "ne", "sul", "per")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3))


def story_article(story: int, k: int, day: int, people: list[str], topic: list[str], deny: bool,
                  extra: list[str] = ()) -> Article:
    """One report (or denial) of invented story ``story``: its topic words, its people, a quote."""
    rng = random.Random(story * 100 + k)
    speaker = people[k % len(people)]
    words = rng.sample(topic, 8) + list(extra)
    claim = f"the {' '.join(words[:5])} had been {words[5]} near {words[6]}"
    said = f"{speaker} {'denied' if deny else 'said'} that {claim}."
    filler = " ".join(_word(rng) for _ in range(4))
    paragraphs = [f"{' '.join(words)} {filler}.", said, f"{people[0]} and {people[-1]} met {words[7]}."]
    text = "\n\n".join(paragraphs)
    entities, attrs = [], []
    for i, name in enumerate(dict.fromkeys(people)):
        at = [j for j in range(len(text)) if text.startswith(name, j)]
        entities.append(Entity(f"e{i}", name, "PERSON", mentions=tuple(Mention(j, j + len(name), name) for j in at)))
    s_at = text.index(said)
    c_at = text.index(claim)
    cue = "denied" if deny else "said"
    attrs.append(Attribution(
        "q0", Speaker(speaker, s_at, s_at + len(speaker), speaker,
                      next(e.id for e in entities if e.name == speaker)),
        Span(s_at + len(speaker) + 1, s_at + len(speaker) + 1 + len(cue), cue), Span(c_at, c_at + len(claim), claim),
        "indirect", "deny" if deny else "assert"))
    aid = hashlib.sha256(f"{story}/{k}/{text}".encode()).hexdigest()
    return Article(id=aid, source_file=f"s{story}.txt", headline=f"{words[0].title()} {words[1]} report",
                   text=text, paragraphs=tuple(paragraphs), outlet=OUTLETS[k % 3], published=f"2031-04-{day:02d}",
                   entities=tuple(entities), attributions=tuple(attrs))


def corpus() -> list[Article]:
    rng = random.Random(7)
    topics = [[_word(rng) for _ in range(14)] for _ in range(4)]
    out: list[Article] = []
    # story 0: "Bendtsen" alone first, spelled out later, then a second Bendtsen makes it ambiguous
    out.append(story_article(0, 0, 3, ["Bendtsen", "Ilse Marrow", "Jon Sarrow"], topics[0], False))
    out += [numbered_article(n) for n in range(3)]
    out.append(story_article(0, 1, 4, ["Orsolya Bendtsen", "Ilse Marrow", "Jon Sarrow"], topics[0], True))
    out.append(story_article(1, 0, 4, ["Tomas Reyk", "Pell Danning"], topics[1], False))
    out.append(story_article(2, 0, 5, ["Ada Kerrow", "Luth Vane"], topics[2], False))
    out.append(story_article(1, 1, 6, ["Tomas Reyk", "Pell Danning"], topics[1], True))
    out.append(story_article(2, 1, 6, ["Ada Kerrow", "Luth Vane"], topics[2], True))
    out.append(story_article(0, 2, 5, ["Karl Bendtsen", "Ilse Marrow", "Jon Sarrow"], topics[0], False))
    # an article telling both story 1 and story 2: joins them
    out.append(story_article(3, 0, 6, ["Tomas Reyk", "Pell Danning", "Ada Kerrow", "Luth Vane"],
                             topics[1][:7] + topics[2][:7], False,
                             extra=topics[1][7:] + topics[2][7:]))
    out.append(story_article(1, 2, 30, ["Tomas Reyk", "Pell Danning"], topics[1], False))  # weeks later: alone
    out += [numbered_article(n) for n in range(3, 6)]
    out.append(story_article(2, 2, 7, ["Ada Kerrow", "Luth Vane"], topics[2], True))
    return out


def links(store) -> tuple:
    """Stories, contradictions across articles, canonical ids and identities, each as a sorted list."""
    stories = sorted((s.id, s.article_ids, s.to_dict()["timeline"], s.entities) for s in _every(store.list_stories))
    across = sorted((c.claim.article_id, c.claim.attribution_id, c.countered_by.article_id,
                     c.countered_by.attribution_id, c.why) for c in _every(store.list_contradictions) if c.across_articles)
    canonical = sorted((a.id, e.id, e.canonical_id) for a in store.iter_articles()
                       for e in store.get_article(a.id).entities)
    identities = sorted(_every(store.list_entities), key=lambda e: e.canonical_id)
    return stories, across, canonical, identities


def _every(listing) -> list:
    items, cursor = [], None
    while True:
        page = listing(cursor=cursor, limit=100)
        items += page.items
        if not page.next_cursor:
            return items
        cursor = page.next_cursor


def test_incremental_linking_in_batches_gives_the_links_of_a_full_rebuild(store_target):
    articles = corpus()
    with open_store(store_target) as store:
        start, reports = 0, []
        for size in (1, 3, 2, 1, 4, 1, 2, 20):
            store.add_articles(articles[start:start + size])
            store.list_entities(limit=5)  # a reader before the batch's pass
            reports.append(relink(store))
            start += size
            store.list_entities(limit=5)  # and after it
        assert not store.links_stale()
        assert [r.rebuilt for r in reports] == [True] + [False] * 7  # only the first pass starts from nothing
        assert sum(r.linked for r in reports) == len(articles)
        incremental = links(store)
        assert (reports[-1].articles, reports[-1].stories, reports[-1].contradictions) == (
            store.count(include_duplicates=False), len(incremental[0]), len(incremental[1]))
        full = relink(store, full=True)
        assert full.rebuilt and full.linked == len(articles)
        assert links(store) == incremental
        assert store.link_pending(full=True, chunk=3).linked == len(articles)  # a rebuild of many chunks
        assert links(store) == incremental
        in_memory = link_articles([linking_view(a) for a in store.iter_articles()], find_duplicates=False)

    stories, across, canonical, _ = incremental
    assert sorted((s.id, s.article_ids) for s in in_memory.stories) == [(s[0], s[1]) for s in stories]
    assert sorted(c.countered_by for c in in_memory.contradictions) == sorted(f"{c[2]}/{c[3]}" for c in across)
    sizes = sorted(len(s[1]) for s in stories)
    assert sizes[-1] == 6 and sizes.count(3) == 1  # stories 1 and 2 joined by one article; story 0 of three
    assert len(across) >= 3  # denials answering another outlet's claim, in three stories
    ids = {aid: {cid for a, _, cid in canonical if a == aid} for aid in {a for a, _, _ in canonical}}
    assert "person:bendtsen" in ids[articles[0].id]  # "Bendtsen" stays itself: two Bendtsens are known


def test_a_short_form_joins_the_full_name_a_later_batch_brings(tmp_path):
    rng = random.Random(3)
    topic = [_word(rng) for _ in range(14)]
    short = story_article(0, 0, 3, ["Bendtsen", "Ilse Marrow", "Jon Sarrow"], topic, False)
    full = story_article(0, 1, 4, ["Orsolya Bendtsen", "Ilse Marrow", "Jon Sarrow"], topic, True)
    with open_store(tmp_path / "s.db") as store:
        store.add_articles([short])
        relink(store)
        assert store.get_article(short.id).entities[0].canonical_id == "person:bendtsen"
        store.add_articles([full])
        report = relink(store)
        assert (report.linked, report.rebuilt) == (1, False)
        assert store.get_article(short.id).entities[0].canonical_id == "person:orsolya-bendtsen"
        who = {e.canonical_id: e.articles for e in store.list_entities().items}
        assert who["person:orsolya-bendtsen"] == 2 and "person:bendtsen" not in who
        story = store.get_story(short.id)
        assert set(story.article_ids) == {short.id, full.id}


def test_changing_a_linked_article_makes_the_next_pass_start_over(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        store.add_articles([numbered_article(1), numbered_article(2)])
        relink(store)
        store.update_articles([numbered_article(1)])
        assert store.links_stale()
        again = relink(store)
        assert again.rebuilt and again.linked == 2 and not store.links_stale()


def _with_entities(n: int, *entities: tuple[str, str, int]) -> Article:
    """numbered_article ``n`` naming each (name, type, mentions) entity (mention offsets are invented)."""
    from newsgraph.model import replace

    a = numbered_article(n)
    return replace(a, entities=tuple(
        Entity(f"e{i}", name, kind, roles=(f"role{n % 3}",), mentions=tuple(Mention(j, j + 1, name) for j in range(k)))
        for i, (name, kind, k) in enumerate(entities)))


def test_a_batch_adds_its_entities_to_the_stored_identities_without_reading_theirs(store_target, monkeypatch):
    """Once the identities table is as a pass left it, a pass adds the new articles' entity rows to it
    (counts, longest name, aliases, roles) instead of aggregating every entity row of each identity they
    name; an identity whose most common type the batch may change ("Karsk" GPE, then LOC) is made again.
    The table must equal a whole rebuild's."""
    from newsgraph.store.sql_store import SQLStore

    first = [_with_entities(n, ("Orsk", "GPE", 2), ("Ilse Marrow", "PERSON", 1), ("Karsk", "GPE", 1))
             for n in (1, 2)]
    later = [_with_entities(3, ("Örsk", "GPE", 3), ("Karsk", "LOC", 2)),
             _with_entities(4, ("Ilse Marrow", "PERSON", 4), ("Karsk", "LOC", 1)),
             _with_entities(5, ("Karsk", "LOC", 1), ("Pell Danning", "PERSON", 2))]
    with open_store(store_target) as store:
        store.add_articles(first[:1])
        relink(store)
        store.list_entities()  # a reader builds the table
        aggregated = []
        rows = SQLStore._identity_rows
        monkeypatch.setattr(SQLStore, "_identity_rows",
                            lambda self, where="", params=(): aggregated.append(params) or rows(self, where, params))
        store.add_articles(first[1:])
        relink(store)  # the reader's table holds what the last pass linked: added to, none made again
        assert aggregated == []
        store.add_articles(later)
        relink(store)
        assert [p[:1] for p in aggregated] == [("place:karsk",)]  # only the identity whose type may change
        after = {e.canonical_id: e for e in store.list_entities().items}
        assert [p[:1] for p in aggregated] == [("place:karsk",)]  # the table was current: the read rebuilt nothing
        monkeypatch.undo()
        relink(store, full=True)
        assert {e.canonical_id: e for e in store.list_entities().items} == after
    orsk = after["place:orsk"]
    assert (orsk.name, orsk.aliases, orsk.type, orsk.articles, orsk.mentions) == ("Örsk", ("Orsk",), "GPE", 3, 7)
    assert (after["place:karsk"].type, after["place:karsk"].articles) == ("LOC", 5)
    marrow = after["person:ilse-marrow"]
    assert (marrow.articles, marrow.mentions, marrow.roles) == (3, 6, ("role1", "role2"))
    assert after["person:pell-danning"].articles == 1


def test_a_pass_ending_on_a_full_chunk_still_lets_the_next_add_to_the_identities(tmp_path, monkeypatch):
    """A pass whose articles fill its last chunk exactly knows it is the last (the next pass adds to the
    identities table instead of aggregating the entity rows of every identity its batch names)."""
    from newsgraph.store.sql_store import SQLStore

    with open_store(tmp_path / "s.db") as store:
        store.add_articles([_with_entities(n, ("Ilse Marrow", "PERSON", 1), ("Varnholt", "GPE", 1)) for n in (1, 2)])
        assert store.link_pending(chunk=2).linked == 2
        store.list_entities()
        aggregated = []
        rows = SQLStore._identity_rows
        monkeypatch.setattr(SQLStore, "_identity_rows",
                            lambda self, where="", params=(): aggregated.append(params) or rows(self, where, params))
        store.add_articles([_with_entities(3, ("Ilse Marrow", "PERSON", 2), ("Varnholt", "GPE", 1))])
        assert store.link_pending(chunk=2).linked == 1
        assert aggregated == []
        who = {e.canonical_id: (e.articles, e.mentions) for e in store.list_entities().items}
    assert who == {"person:ilse-marrow": (3, 4), "place:varnholt": (3, 3)}


def test_identities_are_kept_by_the_passes_and_a_read_never_aggregates_the_store(store_target, monkeypatch):
    """The first pass keeps the identities table from the start (no reader builds it), and a read
    between a batch being stored and its pass serves the table as the last pass left it: articles not
    linked yet join it with their pass, which adds their rows. Nothing reads every entity row again."""
    from newsgraph.store.sql_store import SQLStore

    with open_store(store_target) as store:
        store.add_articles([_with_entities(n, ("Ilse Marrow", "PERSON", 1), ("Varnholt", "GPE", 1)) for n in (1, 2)])
        relink(store)
        aggregated = []
        rows = SQLStore._identity_rows
        monkeypatch.setattr(SQLStore, "_identity_rows",
                            lambda self, where="", params=(): aggregated.append(params) or rows(self, where, params))
        first = {e.canonical_id: (e.articles, e.mentions) for e in store.list_entities().items}
        store.add_articles([_with_entities(3, ("Ilse Marrow", "PERSON", 2), ("Pell Danning", "PERSON", 1))])
        between = {e.canonical_id: (e.articles, e.mentions) for e in store.list_entities().items}
        relink(store)
        after = {e.canonical_id: (e.articles, e.mentions) for e in store.list_entities().items}
        assert aggregated == []
        monkeypatch.undo()
        relink(store, full=True)
        assert {e.canonical_id: (e.articles, e.mentions) for e in store.list_entities().items} == after
    assert first == between == {"person:ilse-marrow": (2, 2), "place:varnholt": (2, 2)}
    assert after == {"person:ilse-marrow": (3, 4), "place:varnholt": (2, 2), "person:pell-danning": (1, 1)}


def test_a_long_pass_adds_to_the_identities_chunk_by_chunk(tmp_path, monkeypatch):
    """A pass of several chunks (relink --all of a large store) adds each chunk's entity rows to the
    table, never aggregating the rows of an identity that many articles name."""
    from newsgraph.store.sql_store import SQLStore

    with open_store(tmp_path / "s.db") as store:
        store.add_articles([_with_entities(n, ("Ilse Marrow", "PERSON", 1), ("Varnholt", "GPE", n % 2 + 1))
                            for n in range(1, 8)])
        aggregated = []
        rows = SQLStore._identity_rows
        monkeypatch.setattr(SQLStore, "_identity_rows",
                            lambda self, where="", params=(): aggregated.append(params) or rows(self, where, params))
        assert store.link_pending(full=True, chunk=2).linked == 7
        who = {e.canonical_id: (e.articles, e.mentions) for e in store.list_entities().items}
    assert aggregated == []
    assert who == {"person:ilse-marrow": (7, 7), "place:varnholt": (7, 11)}
