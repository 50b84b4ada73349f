"""The lean store: each article's text kept once (record and paragraphs refer to it by offsets), story
timelines that refer to quotes, the same records read back, and stores from before migrated."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "store"))

import store_articles as inv  # noqa: E402
from conftest_store import is_postgres, raw_sql, store_target  # noqa: E402,F401

from newsgraph.link.stories import build_story  # noqa: E402
from newsgraph.model import Attribution, Mention, Span, TimelineEntry, replace  # noqa: E402
from newsgraph.pipeline import relink  # noqa: E402
from newsgraph.store import open_store  # noqa: E402
from newsgraph.store.lean import pack_article, unpack_article  # noqa: E402
from newsgraph.store.rows import to_json  # noqa: E402
from newsgraph.store.sql_store import BAND_DAYS  # noqa: E402


def columns_of(a):
    return {"id": a.id, "source_file": a.source_file, "headline": a.headline, "outlet": a.outlet, "url": a.url,
            "published": a.published, "duplicate_of": a.duplicate_of, "text": a.text}


def test_packed_record_holds_no_copy_of_the_text_and_reads_back_the_same():
    a = inv.rich_article()
    packed = pack_article(a)
    assert a.text[:60] not in packed and a.paragraphs[1][:40] not in packed
    assert "Marten Oduya" not in packed.replace('"resolved":"Marten Oduya"', "").replace('"name":"Marten Oduya"', "")
    data = json.loads(packed)
    assert data["paragraphs"][0] == [0, len(a.paragraphs[0])]
    assert unpack_article(packed, columns_of(a)) == a
    assert len(packed) < len(to_json(a.to_dict())) - 2 * len(a.text)


def test_spans_and_paragraphs_that_are_not_the_text_are_kept_as_written():
    a = inv.rich_article()
    t = a.text
    odd = replace(
        a, paragraphs=(*a.paragraphs, "a paragraph the text lacks", ""),
        attributions=(*a.attributions, Attribution("q9", None, None, Span(5, 12, "rewritten"), "direct", "assert"),
                      Attribution("q10", None, Span(len(t) - 3, len(t) + 40, "past the end"),
                                  Span(0, 4, t[:4]), "direct", "report")),
        entities=(replace(a.entities[0], mentions=(*a.entities[0].mentions, Mention(3, 3, ""))), *a.entities[1:]),
        duplicate_of="f" * 64, url="https://example.invalid/x",
    )
    packed = pack_article(odd)
    assert "a paragraph the text lacks" in packed and "rewritten" in packed and "past the end" in packed
    assert unpack_article(packed, columns_of(odd)) == odd


def test_a_whole_record_from_before_reads_as_it_is():
    a = inv.rich_article()
    assert unpack_article(to_json(a.to_dict()), {"text": "ignored"}) == a


def test_stored_rows_keep_the_text_once_and_read_back_the_same_records(store_target):
    articles = [inv.rich_article(), inv.bridge_article(), inv.numbered_article(3)]
    with open_store(store_target) as s:
        s.add_articles(articles)
        assert [s.get_article(a.id) for a in articles] == articles
        assert list(s.iter_articles()) == articles
        # full text still searches the one copy
        assert [h.article_id for h in s.search("councillors")] == [articles[0].id]
    for a in articles:
        record, = raw_sql(store_target, "SELECT record FROM articles WHERE id = ?", (a.id,))[0]
        assert a.text[:50] not in record and a.paragraphs[-1][:30] not in record


def linked_pair():
    """Two articles on one event, the second quoting the same speaker (a story of two with a timeline)."""
    first = inv.rich_article()
    second = replace(inv.bridge_follow_up_article(), source_file="other.jsonl", outlet="Northern Wire",
                     published="2031-04-12", entities=first.entities, attributions=first.attributions[:2])
    second = replace(second, id=inv.content_id(second.text + "wire"))
    return first, second


def test_timelines_refer_to_the_stored_quotes_and_read_back_the_same(store_target):
    first, second = linked_pair()
    story = build_story([first, second])
    invented = TimelineEntry("f" * 64, "2031-04-13", "Elsewhere", "Not stored", "q1", "Someone", "report", None,
                             "a quote no stored article holds")
    other = replace(build_story([first]), id="s-other", timeline=(*build_story([first]).timeline, invented))
    with open_store(store_target) as s:
        s.add_articles([first, second])
        assert s.save_links([story, other], [], {})
        assert s.get_story(story.id) == story
        assert s.get_story("s-other") == other
        assert list(s.list_stories().items) == [story, other]
    record, = raw_sql(store_target, "SELECT record FROM stories WHERE id = ?", (story.id,))[0]
    quote = first.attributions[0].content.text
    assert quote[:40] not in record and [first.id, "q1"] in json.loads(record)["timeline"]
    kept, = raw_sql(store_target, "SELECT record FROM stories WHERE id = 's-other'")[0]
    assert "a quote no stored article holds" in kept


def test_a_store_from_before_version_10_migrates_and_reads_back_the_same_records(store_target, monkeypatch):
    """Rows written at the old schema (whole records, copied timelines) are rewritten by 0010."""
    backend = "postgres" if is_postgres(store_target) else "sqlite"
    module = __import__(f"newsgraph.store.{backend}", fromlist=["migrations"])
    every = module.migrations()
    articles = [inv.rich_article(), inv.bridge_article(), *linked_pair()[1:]]
    # before version 10, but with the band days (0012) the write path of this code needs
    monkeypatch.setattr(module, "migrations", lambda: [m for m in every if m[0] < 10 or m[0] == BAND_DAYS])
    from newsgraph.store import prepared  # written as before version 11 too: no claim readings (0011 adds them)

    monkeypatch.setattr(prepared, "article_detail_rows", lambda a, real=prepared.article_detail_rows: real(a)[:-1])
    with open_store(store_target) as s:
        assert raw_sql(store_target, "SELECT version FROM schema_version WHERE version >= 10") == [(BAND_DAYS,)]
        s.add_articles(articles)
        relink(s)
        stories = list(s.list_stories().items)
        linked = [s.get_article(a.id) for a in articles]  # with the canonical ids of the pass
    for a in articles:  # as the code before version 10 wrote them (a near-copy's record says whose)
        first = raw_sql(store_target, "SELECT duplicate_of FROM articles WHERE id = ?", (a.id,))[0][0]
        raw_sql(store_target, "UPDATE articles SET record = ? WHERE id = ?",
                (to_json(replace(a, duplicate_of=first).to_dict()), a.id))
    for story in stories:
        raw_sql(store_target, "UPDATE stories SET record = ? WHERE id = ?",
                (json.dumps(story.to_dict(), ensure_ascii=False), story.id))
    with open_store(store_target) as s:  # still at the old schema: whole records read as they are
        assert [s.get_article(a.id) for a in articles] == linked
    before_bytes = sum(len(r) for r, in raw_sql(store_target, "SELECT record FROM articles"))
    monkeypatch.setattr(module, "migrations", lambda: every)
    with open_store(store_target) as s:
        assert s.schema_version() == max(v for v, _, _ in every)
        assert [s.get_article(a.id) for a in articles] == linked
        assert [replace(a, duplicate_of=None) for a in s.iter_articles()] == articles
        assert list(s.list_stories().items) == stories and stories
    after = raw_sql(store_target, "SELECT id, record FROM articles")
    assert all(a.text[:50] not in dict(after)[a.id] for a in articles)
    assert sum(len(r) for _, r in after) < before_bytes - sum(2 * len(a.text) for a in articles)
    assert raw_sql(store_target, "SELECT value FROM store_meta WHERE key = 'record_format'") == [("lean",)]
    timelines = [json.loads(r)["timeline"] for r, in raw_sql(store_target, "SELECT record FROM stories")]
    assert all(isinstance(e, list) for t in timelines for e in t)  # every entry now refers to its quote
