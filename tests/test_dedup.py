"""Near-duplicate detection: MinHash signatures, the LSH index, and the store linking copies."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "store"))

import store_articles as inv  # noqa: E402
from conftest_store import store_target  # noqa: E402,F401  (SQLite, and PostgreSQL when a server is given)

from newsgraph.link import dedup  # noqa: E402
from newsgraph.model import replace  # noqa: E402
from newsgraph.store import open_store  # noqa: E402


def test_shingles_ignore_case_and_punctuation():
    assert dedup.shingles("The Bridge, over the RIVER fell!") == dedup.shingles("the bridge over the river fell")
    assert dedup.shingles("one two three four five six") == {"one two three four five", "two three four five six"}
    assert dedup.shingles("too short") == {"too short"}
    assert dedup.shingles(" ... ") == set()
    assert dedup.signature("") is None


def test_signature_bytes_round_trip():
    sig = dedup.signature(inv.bridge_article().text)
    again = dedup.Signature.from_bytes(sig.to_bytes(), sig.shingle_count)
    assert len(sig.to_bytes()) == dedup.NUM_PERM * 4
    assert again.jaccard(sig) == 1.0
    assert again.shingle_count == sig.shingle_count == len(dedup.shingles(inv.bridge_article().text))


def test_index_flags_edited_copy_but_not_follow_up():
    index = dedup.NearDuplicateIndex()
    original = inv.bridge_article()
    index.add(original.id, dedup.signature(original.text))
    for n in range(30):
        other = inv.numbered_article(n)
        index.add(other.id, dedup.signature(other.text))
    edited = dedup.signature(inv.bridge_edited_article().text)
    follow_up = dedup.signature(inv.bridge_follow_up_article().text)
    assert index.best_match(edited) == original.id
    assert index.query(follow_up) == []
    assert index.query(dedup.signature(inv.numbered_article(99).text)) == []
    index.remove(original.id)
    assert index.best_match(edited) is None and len(index) == 30


def test_edited_copy_is_caught_by_containment_when_jaccard_is_low():
    original, edited = (dedup.signature(a.text) for a in (inv.bridge_article(), inv.bridge_edited_article()))
    exact = dedup.shingles(inv.bridge_article().text), dedup.shingles(inv.bridge_edited_article().text)
    assert len(exact[0] & exact[1]) / len(exact[0] | exact[1]) < 0.8  # true Jaccard is below the threshold
    assert original.containment(edited) > dedup.CONTAINMENT_THRESHOLD
    assert dedup.is_near_duplicate(original, edited)


def test_longer_article_quoting_a_whole_story_is_not_its_copy():
    short = dedup.signature(inv.bridge_article().text)
    roundup = dedup.signature(inv.bridge_article().text + "\n\n" + inv.bridge_follow_up_article().text)
    assert short.containment(roundup) > dedup.CONTAINMENT_THRESHOLD  # the containment rule alone would flag it
    assert not dedup.is_near_duplicate(short, roundup)


def test_store_exact_reingest_changes_nothing(store_target):
    with open_store(store_target) as store:
        first = store.add_articles([inv.rich_article()])
        again = store.add_articles([inv.rich_article()])
        assert (first.new, first.duplicate) == (1, 0)
        assert (again.new, again.duplicate) == (0, 1)
        assert again.duplicates == ((inv.rich_article().id, inv.rich_article().id),)
        assert store.count() == 1
        assert len(store.list_attributions().items) == 3  # attribution rows were not written twice


def test_store_links_edited_copy_across_runs(store_target):
    db = store_target
    original, edited, follow_up = inv.bridge_article(), inv.bridge_edited_article(), inv.bridge_follow_up_article()
    with open_store(db) as store:
        assert store.add_articles([original]).new == 1
    with open_store(db) as store:  # a separate ingest run: signatures come from the database
        assert store.find_duplicate(edited) == original.id
        result = store.add_articles([edited, follow_up])
        assert result.new_ids == (follow_up.id,)
        assert result.duplicates == ((edited.id, original.id),)
        assert store.get_article(edited.id).duplicate_of == original.id
        assert store.get_article(follow_up.id).duplicate_of is None
        assert store.count() == 3 and store.count(include_duplicates=False) == 2
        hits = store.search("ferry")
        assert {h.article_id for h in hits} == {original.id, follow_up.id}  # the copy is not shown twice
        assert len(store.search("ferry", include_duplicates=True)) == 3


def test_copy_of_a_copy_links_to_the_first_copy(store_target):
    original, edited = inv.bridge_article(), inv.bridge_edited_article()
    paras = edited.paragraphs[:-1] + (edited.paragraphs[-1].replace("Wednesday", "Thursday"),)
    twice_edited = inv.article_from_paragraphs(paras, "Varnholt bridge")
    with open_store(store_target) as store:
        result = store.add_articles([original, edited, twice_edited])  # duplicates within one batch too
        assert result.new_ids == (original.id,)
        assert dict(result.duplicates) == {edited.id: original.id, twice_edited.id: original.id}


def test_given_duplicate_of_that_is_not_stored_is_dropped(store_target):
    article = replace(inv.bridge_follow_up_article(), duplicate_of="f" * 64)
    with open_store(store_target) as store:
        assert store.add_articles([article]).new == 1
        assert store.get_article(article.id).duplicate_of is None


def test_unrelated_invented_articles_are_all_new(store_target):
    articles = [inv.numbered_article(i) for i in range(60)]
    with open_store(store_target) as store:
        assert store.add_articles(articles).new == len(articles)


@pytest.mark.shared
def test_fnc1_bodies_flagged_pairs_are_real_copies(corpus_dir):
    """On 904 real bodies (many on the same claims), every flagged pair shares nearly all its text,
    and every exact repeat of a body is flagged."""
    import csv

    path = corpus_dir / "fnc1_competition_test" / "competition_test_bodies.csv"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    csv.field_size_limit(10**8)
    with path.open(encoding="utf-8") as fh:
        bodies = [(r["Body ID"], r["articleBody"]) for r in csv.DictReader(fh)]
    index = dedup.NearDuplicateIndex()
    grams: dict[str, set[str]] = {}
    flagged: list[tuple[str, str]] = []
    seen_texts: dict[str, str] = {}
    exact_repeats = set()
    for key, text in bodies:
        norm = " ".join(dedup.normalise_words(text))
        if norm in seen_texts:
            exact_repeats.add(key)
        seen_texts.setdefault(norm, key)
        sig = dedup.signature(text)
        if sig is None:
            continue
        grams[key] = dedup.shingles(text)
        match = index.best_match(sig)
        if match is None:
            index.add(key, sig)
        else:
            flagged.append((key, match))
    assert 20 <= len(flagged) <= 60
    for key, match in flagged:
        a, b = grams[key], grams[match]
        assert len(a & b) / min(len(a), len(b)) >= 0.85, (key, match)
    assert exact_repeats <= {key for key, _ in flagged}
