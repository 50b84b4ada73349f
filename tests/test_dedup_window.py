"""Near-duplicates are copies published within dedup.DUPLICATE_WINDOW_DAYS of each other (or undated):
the store's bucket lookup (a later batch, the same batch, find_duplicate) and the in-memory
mark_duplicates decide alike; stores from before the band rows carried a day get it on opening."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "store"))

import store_articles as inv  # noqa: E402
from conftest_store import raw_sql, store_target  # noqa: E402,F401

from newsgraph.link import dedup  # noqa: E402
from newsgraph.model import PARAGRAPH_SEPARATOR, replace  # noqa: E402
from newsgraph.pipeline import mark_duplicates  # noqa: E402
from newsgraph.store import open_store  # noqa: E402

DAY = date(2031, 3, 10)


def on(offset: int | None) -> str | None:
    return None if offset is None else (DAY + timedelta(days=offset)).isoformat()


def pair(n: int, first: int | None, copy: int | None):
    """Invented article ``n`` published on day ``first`` (offset from DAY; None: undated), and a lightly
    edited copy of it (one sentence added) published on day ``copy``."""
    original = inv.numbered_article(n)
    paras = (*original.paragraphs, "Officials gave no further details.")
    text = PARAGRAPH_SEPARATOR.join(paras)
    edited = replace(original, id=inv.content_id(text), text=text, paragraphs=paras, published=on(copy))
    return replace(original, published=on(first)), edited


# (original's day, copy's day, is it a copy?): far apart; the window's edge, inside and out; a copy
# dated before its first copy; an undated copy; an undated first copy
CASES = [(0, 30, False), (0, 7, True), (0, 8, False), (0, -5, True), (0, None, True), (None, 0, True)]


def first_copies(articles):
    return [a.duplicate_of for a in mark_duplicates(articles)]


def test_the_window_is_a_week_and_undated_articles_meet_every_date():
    assert dedup.DUPLICATE_WINDOW_DAYS == 7
    assert dedup.publication_day("2031-03-10T08:00:00Z") == "2031-03-10"
    assert [dedup.publication_day(p) for p in (None, "", "2031-03", "2031-02-30", "10/03/2031", "٢٠٣١-03-10")] == [None] * 6
    assert dedup.day_window("2031-03-10") == ("2031-03-03", "2031-03-17") and dedup.day_window(None) is None
    assert dedup.day_window("9999-12-31") == ("9999-12-24", "9999-12-31")  # the calendar's ends: no overflow
    assert dedup.day_window("0001-01-02") == ("0001-01-01", "0001-01-09")
    assert dedup.within_window("2031-03-10", "2031-03-17") and not dedup.within_window("2031-03-18", "2031-03-10")
    assert dedup.within_window(None, "2031-03-10") and dedup.within_window("2031-03-10", None)


def test_in_memory_a_copy_outside_the_window_is_not_a_duplicate():
    for n, (first, copy, expected) in enumerate(CASES):
        original, edited = pair(n, first, copy)
        assert dedup.is_near_duplicate(dedup.signature(original.text), dedup.signature(edited.text))
        assert first_copies([original, edited]) == [None, original.id if expected else None], (first, copy)


def test_the_store_decides_the_window_as_in_memory(store_target):
    pairs = [pair(n, first, copy) for n, (first, copy, _) in enumerate(CASES)]
    same_batch = [pair(10 + n, first, copy) for n, (first, copy, _) in enumerate(CASES)]
    expected = [original.id if dup else None for (original, _), (_, _, dup) in zip(pairs, CASES)]
    with open_store(store_target) as store:
        assert store.add_articles([a for a, _ in pairs]).new == len(CASES)
    with open_store(store_target) as store:  # a later run: candidates come from the bucket index
        assert [store.find_duplicate(copy) for _, copy in pairs] == expected
        result = store.add_articles([copy for _, copy in pairs])  # one batch of copies of every day
        assert dict(result.duplicates) == {c.id: f for (_, c), f in zip(pairs, expected) if f}
        assert [store.get_article(c.id).duplicate_of for _, c in pairs] == expected
        result = store.add_articles([a for p in same_batch for a in p])  # copies beside their first copies
        assert dict(result.duplicates) == {c.id: o.id for (o, c), (_, _, dup) in zip(same_batch, CASES) if dup}
    assert expected == [first_copies([o, c])[1] for o, c in pairs]


def test_a_copy_of_a_copy_within_the_window_links_to_the_first_on_both_paths(store_target):
    """Day 0, a copy on day 6, a copy of that on day 12 (outside the first's window, inside the second's):
    the third is a copy of the first copy, in the store as in memory."""
    first, second = pair(20, 0, 6)
    paras = (*second.paragraphs[:-1], "Officials gave no further details at all.")
    text = PARAGRAPH_SEPARATOR.join(paras)
    third = replace(second, id=inv.content_id(text), text=text, paragraphs=paras, published=on(12))
    with open_store(store_target) as store:
        for a in (first, second, third):
            store.add_articles([a])
        stored = [store.get_article(a.id).duplicate_of for a in (first, second, third)]
    assert stored == first_copies([first, second, third]) == [None, first.id, first.id]


def test_a_store_from_before_band_days_gets_them_and_keeps_the_window(store_target):
    original, edited = pair(30, 0, 30)
    dated, undated = pair(31, 2, None)
    with open_store(store_target) as store:
        store.add_articles([original, dated, undated])
    for statement in ("DROP INDEX minhash_bands_key", "ALTER TABLE minhash_bands DROP COLUMN day",
                      "CREATE INDEX minhash_bands_key ON minhash_bands(band, bucket)",
                      "DELETE FROM schema_version WHERE version = 12"):  # as the code before 0012 left it
        raw_sql(store_target, statement)
    with open_store(store_target) as store:
        days = dict(raw_sql(store_target, "SELECT DISTINCT article_id, day FROM minhash_bands"))
        assert days == {original.id: on(0), dated.id: on(2), undated.id: None}
        assert store.find_duplicate(edited) is None  # 30 days after its first copy
        assert store.find_duplicate(replace(edited, published=on(3))) == original.id


def test_an_update_that_moves_the_publication_day_moves_the_window(store_target):
    original, edited = pair(40, 0, 1)
    with open_store(store_target) as store:
        store.add_articles([original])
        assert store.find_duplicate(edited) == original.id
        assert store.update_articles([replace(original, published=on(40))]) == 1
        assert store.find_duplicate(edited) is None
        assert store.find_duplicate(replace(edited, published=on(38))) == original.id
