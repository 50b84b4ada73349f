"""Checking a claim against a SQL store from the readings kept at write time (``claim_readings``, migration
0011): the same findings as reading every candidate's record, no record read, stale or missing readings
read again, readings kept in step with updates, and stores from before migrated."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "store"))

from conftest_store import raw_sql, store_target  # noqa: E402,F401

from newsgraph.link.claimcheck import check as claimcheck  # noqa: E402
from newsgraph.link.claimcheck.features import Body, read_body  # noqa: E402
from newsgraph.model import PARAGRAPH_SEPARATOR, Article, Attribution, Speaker, Span, replace  # noqa: E402
from newsgraph.store import open_store  # noqa: E402
from newsgraph.store.sql_store import BAND_DAYS  # noqa: E402

# Invented: councils, works and their officials, said to claim, report, deny or reject things.
PEOPLE = ("Ada Marrow", "Bram Ketter", "Lina Osk", "Tomas Vell", "Mira Holt")
BODIES = ("Harbour Board", "Roads Agency", "Water Office", "Rail Council")
WORKS = ("the pier repairs", "the flood barrier", "the ferry contract", "the rail depot")
CUES = {"assert": "said", "report": "told reporters", "deny": "denied", "reject": "rejected"}
CLAIMS = ("The Harbour Board had ignored the pier repairs", "the Water Office paid for the flood barrier",
          "Tomas Vell denied that the Rail Council planned the rail depot", "ferry contract signed in secret")


def invented(n: int) -> Article:
    rng = random.Random(n)
    body, work = BODIES[n % len(BODIES)], WORKS[(n // 2) % len(WORKS)]
    paragraphs = [f"Residents of Karsk waited for news of {work} on Monday (report {n})."]
    quotes = []
    for i in range(1 + n % 3):
        who, stance = rng.choice(PEOPLE), rng.choice(tuple(CUES))
        claim = f"the {body} had {rng.choice(('ignored', 'paid for', 'planned'))} {work} since {2020 + i}"
        quotes.append((len(paragraphs), who, stance, claim))
        paragraphs.append(f"{who} {CUES[stance]} that {claim}." + (" Was it true?" if n % 5 == 0 else ""))
    paragraphs.append(f"The {body} said it would not comment further.")
    text = PARAGRAPH_SEPARATOR.join(paragraphs)
    attributions = []
    for i, (p, who, stance, claim) in enumerate(quotes):
        base = sum(len(x) + len(PARAGRAPH_SEPARATOR) for x in paragraphs[:p])
        cue_at, said_at = base + len(who) + 1, base + paragraphs[p].index(claim)
        attributions.append(Attribution(
            f"q{i}", Speaker(text=who, start=base, end=base + len(who), resolved=who if i % 2 else None),
            Span(cue_at, cue_at + len(CUES[stance]), CUES[stance]), Span(said_at, said_at + len(claim), claim),
            "indirect", stance))
    return Article(id=f"claims-{n:03d}", source_file="invented.jsonl", headline=f"{work.capitalize()} in Karsk {n}",
                   text=text, paragraphs=tuple(paragraphs), outlet=("Karsk Daily", "Coastal Times")[n % 2],
                   published=f"2031-05-{1 + n % 28:02d}", attributions=tuple(attributions))


ARTICLES = [invented(n) for n in range(40)]


def every_record(store, claim: str, candidates: int) -> list:
    """The claim checked against the records of the ``candidates`` articles the search ranks first."""
    hits = store.search(claimcheck.search_query(claim), limit=candidates)
    return claimcheck.check_claim(claim, [store.get_article(h.article_id) for h in hits], limit=len(ARTICLES))


def no_records(store, monkeypatch) -> None:
    def refuse(article_id):
        raise AssertionError(f"a claim check read the record of {article_id}")

    monkeypatch.setattr(store, "get_article", refuse)


def test_a_body_reads_back_as_written():
    for a in ARTICLES[:6]:
        body = read_body(a)
        assert Body.from_json(body.to_json()) == body and body.attribution_stances == tuple(
            q.stance for q in a.attributions)


def test_the_store_check_reads_no_record_and_finds_what_reading_every_record_finds(store_target, monkeypatch):
    with open_store(store_target) as s:
        s.add_articles(ARTICLES)
        for claim in CLAIMS:  # every article the search matches a candidate: the unbounded ranking
            expected = every_record(s, claim, len(ARTICLES))
            assert len(expected) > 7 and any(e.stance for f in expected for e in f.evidence)
            with monkeypatch.context() as m:
                no_records(s, m)
                assert claimcheck.check_claim_in(s, claim, limit=len(ARTICLES)) == expected
                assert claimcheck.check_claim_in(s, claim, limit=3) == expected[:3]
        # bounded to the search's first K: the same as reading those K records
        monkeypatch.setattr(claimcheck, "SEARCH_CANDIDATES", 7)
        for claim in CLAIMS:
            assert claimcheck.check_claim_in(s, claim, limit=40) == every_record(s, claim, 7)


def test_a_stale_or_missing_reading_is_read_again_from_the_record(store_target):
    with open_store(store_target) as s:
        s.add_articles(ARTICLES)
        expected = claimcheck.check_claim_in(s, CLAIMS[0])
    raw_sql(store_target, "UPDATE claim_readings SET made_with = 'other word lists' WHERE article_id < ?",
            ("claims-020",))
    raw_sql(store_target, "DELETE FROM claim_readings WHERE article_id > ?", ("claims-030",))
    with open_store(store_target) as s:
        assert claimcheck.check_claim_in(s, CLAIMS[0]) == expected
        with s._transaction():
            assert s.refresh_claim_readings() == 29  # 20 stale, 9 missing
    assert raw_sql(store_target, "SELECT COUNT(*) FROM claim_readings") == [(40,)]


def test_an_updated_article_gets_its_new_reading(store_target, monkeypatch):
    denial = replace(ARTICLES[0], attributions=tuple(replace(q, stance="deny") for q in ARTICLES[0].attributions))
    with open_store(store_target) as s:
        s.add_articles(ARTICLES)
        assert s.update_articles([denial]) == 1
        no_records(s, monkeypatch)
        found = {f.article_id: f for f in claimcheck.check_claim_in(s, CLAIMS[0], limit=40)}
    assert raw_sql(store_target, "SELECT COUNT(*) FROM claim_readings WHERE article_id = ?", (denial.id,)) == [(1,)]
    assert found[denial.id].stance == "disagree"
    assert {e.stance for e in found[denial.id].evidence if e.stance} == {"deny"}


def test_a_store_from_before_version_11_gets_its_readings(store_target, monkeypatch):
    backend = "postgres" if not isinstance(store_target, Path) else "sqlite"
    module = __import__(f"newsgraph.store.{backend}", fromlist=["migrations"])
    every = module.migrations()
    # before version 11, but with the band days (0012) the write path of this code needs
    monkeypatch.setattr(module, "migrations", lambda: [m for m in every if m[0] < 11 or m[0] == BAND_DAYS])
    from newsgraph.store import prepared

    with monkeypatch.context() as m:  # written as the code before version 11 wrote it: no readings
        m.setattr(prepared, "article_detail_rows", lambda a, real=prepared.article_detail_rows: real(a)[:-1])
        with open_store(store_target) as s:
            assert raw_sql(store_target, "SELECT version FROM schema_version WHERE version >= 10 ORDER BY version") == [
                (10,), (BAND_DAYS,)]
            s.add_articles(ARTICLES)
            expected = every_record(s, CLAIMS[1], len(ARTICLES))
    monkeypatch.setattr(module, "migrations", lambda: every)
    with open_store(store_target) as s:
        assert s.schema_version() == max(v for v, _, _ in every)
        no_records(s, monkeypatch)
        assert claimcheck.check_claim_in(s, CLAIMS[1], limit=40) == expected
    assert raw_sql(store_target, "SELECT COUNT(*) FROM claim_readings") == [(40,)]


@pytest.mark.parametrize("claim", ["", "the and of"])
def test_a_claim_without_content_words_finds_nothing(tmp_path, claim):
    with open_store(tmp_path / "s.db") as s:
        s.add_articles(ARTICLES[:3])
        assert claimcheck.check_claim_in(s, claim) == []
