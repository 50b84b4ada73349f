"""Dates resolved against the publication date, and the publication date inferred from captions."""

from __future__ import annotations

from newsgraph.extract.time import infer_published, resolve_dates
from newsgraph.model import Article, Caption
from newsgraph.nlp import get_nlp


def dates(text: str, published: str | None):
    whens = resolve_dates(text, get_nlp()(text), published)
    for w in whens:
        assert text[w.start:w.end] == w.text
    return {w.text: (w.date, w.precision) for w in whens}


def _dates(text: str, published: str | None):
    return resolve_dates(text, get_nlp()(text), published)


def test_past_weekday_is_the_latest_such_day_on_or_before_publication():
    # 2031-03-14 is a Friday
    got = dates("The council voted on Tuesday and met again on Friday.", "2031-03-14")
    assert got["on Tuesday"] == ("2031-03-11", "day")
    assert got["on Friday"] == ("2031-03-14", "day")


def test_future_weekday_is_the_next_one():
    got = dates("The envoy will arrive on Monday.", "2031-03-14")
    assert got["on Monday"] == ("2031-03-17", "day")


def test_late_month_and_month_not_after_publication():
    got = dates("The fund began work in late May. Talks started in September.", "2031-06-24")
    assert got["in late May"] == ("2031-05", "month")
    assert got["in September"] == ("2030-09", "month")


def test_may_the_verb_is_not_a_month():
    got = dates("The ministers may meet again.", "2031-06-24")
    assert got == {}


def test_explicit_dates_and_relative_expressions():
    got = dates("On June 21, 2030 the pact was signed; three days ago it was renewed; last month too.", "2031-06-24")
    assert got["June 21, 2030"] == ("2030-06-21", "day")
    assert got["three days ago"] == ("2031-06-21", "day")
    assert got["last month"] == ("2031-05", "month")


def test_a_week_before_another_dated_event():
    text = "Ada Brisk visited Oslo in September. A week before her talks with Brisk, Jon Pell flew to Rome."
    got = dates(text, "2031-11-02")
    assert got["A week before her talks with Brisk"] == ("2031-09", "month")


def test_since_clause_keeps_the_whole_clause():
    got = dates("Ten people have died since the clinic closed in early March.", "2031-06-24")
    assert got["since the clinic closed in early March"] == ("2031-03", "month")


def _article(text: str, captions=(), published=None) -> Article:
    return Article(id="a", source_file="t", headline=None, text=text, paragraphs=tuple(text.split("\n\n")),
                   captions=tuple(captions), published=published)


def test_published_inferred_from_caption_date_and_lead_weekday():
    # caption on Saturday 2031-06-21... 2031-06-21 is a Saturday; "on Tuesday" -> 2031-06-24
    art = _article("The agency said on Tuesday that the talks failed.\n\nMore followed.",
                   [Caption(text="Crowds gather, Saturday, June 21, 2031.", date="2031-06-21")])
    assert infer_published(art) == ("2031-06-24", True)


def test_published_from_caption_text_when_caption_has_no_date_field():
    art = _article("Officials met.", [Caption(text="Crowds in the square, March 3, 2031. (AP)")])
    assert infer_published(art) == ("2031-03-03", True)


def test_given_publication_date_is_kept():
    assert infer_published(_article("x", published="2031-01-02")) == ("2031-01-02", False)
    assert infer_published(_article("Nothing dated here.")) == (None, False)


def test_full_dates_read_directly_agree_with_dateparser():
    """The fast reading of "March 3rd, 2025" / "3 March 2025" must give what dateparser gives."""
    import random
    import re

    from newsgraph.extract.time import PATTERN, _dateparser_date, _explicit_date

    rng = random.Random(3)
    months = ["January", "Feb", "Feb.", "March", "Mar.", "May", "June", "Jun", "Aug.", "Sept.", "Sep", "Dec."]
    checked = 0
    for _ in range(400):
        m, d, y = rng.choice(months), rng.randint(1, 32), rng.randint(1990, 2030)  # 30 Feb, 32 May: no date
        suffix = rng.choice(["", "st", "nd", "rd", "th"])
        weekday = rng.choice(["", "Tuesday, ", "Friday "])
        text = rng.choice([f"{weekday}{m} {d}{suffix}, {y}", f"{weekday}{m} {d} {y}", f"{weekday}{d} {m} {y}"])
        found = PATTERN["full"].search(text)
        if not found:
            continue
        expr = found.group(0)
        bare = re.sub(r"^(?:Tuesday|Friday),?\s+", "", expr)
        assert _explicit_date(expr) == _dateparser_date(bare), expr
        checked += 1
    assert checked > 300


def test_relative_dates_never_land_after_publication_in_a_past_clause():
    # "13 years later" counts from the story's last date, not from publication (2036 before).
    text = "He was jailed in 2010. 13 years later he walked out of prison."
    assert [(w.text, w.date) for w in _dates(text, "2023-06-01")] == [
        ("in 2010", "2010"), ("13 years later he walked out of prison", "2023")]
    # "the next year" is the year after the story's year, "next year" the one after publication
    assert [w.date for w in _dates("The plant opened in 2015. The next year it was closed.", "2023-06-01")] == [
        "2015", "2016"]
    assert [w.date for w in _dates("The minister said the plant will close next year.", "2023-06-01")] == ["2024"]
    # with nothing to count from, a past "later" stays unplaced rather than in the future
    assert [w.date for w in _dates("Two years later the case was closed.", "2023-06-01")] == [None]
    assert [w.date for w in _dates("Two weeks later the talks will resume.", "2023-06-01")] == ["2023-06-15"]
