"""Limits handled per input, never per batch: over-long articles, dates at the calendar's edge,
and an article whose analysis fails (the rest of the batch goes on)."""

from __future__ import annotations

import pytest

from newsgraph import pipeline
from newsgraph.extract.time import resolve_dates, statement_date
from newsgraph.model import Article, InputProblem, RawDocument
from newsgraph.nlp import get_nlp
from newsgraph.pipeline import Options, analyze_documents
from newsgraph.segment import split_oversized

SHORT = "Harbour talks resume\n\nThe minister said the harbour talks would resume on Monday, officials told reporters."


def _run(docs, **options):
    items = list(analyze_documents(docs, Options(**options)))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, InputProblem)]


def test_over_long_article_is_analysed_in_parts_and_the_batch_goes_on():
    # An article over spaCy's max_length used to raise E088 and lose every article of its batch;
    # the same path is exercised here with a small limit (a 1,000,000-character run takes minutes).
    long_text = "The minister said the talks would resume. " * 250
    limit = 2_000
    articles, problems = _run([RawDocument("short.txt", SHORT), RawDocument("long.txt", long_text)], max_chars=limit)
    assert [a.source_file for a in articles][:1] == ["short.txt"]
    assert articles[0].attributions  # the short article was analysed as usual
    parts = [a for a in articles if a.source_file == "long.txt"]
    assert len(parts) == -(-len(long_text.strip()) // limit) == 6
    assert all(len(p.text) <= limit for p in parts)
    assert sum(len(p.text) for p in parts) >= len(long_text.strip()) - len(parts)  # only the breaking spaces go
    assert parts[0].headline.endswith("(part 1 of 6)")
    assert all(p.attributions for p in parts)
    assert [str(p) for p in problems] == [
        f"long.txt: article of {len(long_text.strip()):,} characters is over the 2,000-character limit; "
        "analysed as 6 parts"]
    assert problems[0].warning


def test_the_default_limit_is_below_the_parsers():
    assert pipeline.MAX_ARTICLE_CHARS == Options().max_chars < get_nlp().max_length


def test_a_text_the_parser_refuses_loses_only_its_article(monkeypatch):
    monkeypatch.setattr(get_nlp(), "max_length", 500)
    docs = [RawDocument("a.txt", SHORT), RawDocument("big.txt", "Big\n\n" + "The envoy spoke. " * 40)]
    articles, problems = _run(docs, max_chars=10_000)
    assert [a.source_file for a in articles] == ["a.txt"]
    assert len(problems) == 1 and str(problems[0]).startswith("big.txt")
    assert "could not be parsed: ValueError: [E088]" in str(problems[0])


def test_parts_break_between_paragraphs_then_sentences():
    paragraphs = ("First paragraph here.", "Second one is longer. It has two.", "Third.")
    text = "\n\n".join(paragraphs)
    article = Article(id="x", source_file="f.txt", headline="H", text=text, paragraphs=paragraphs)
    parts = split_oversized(article, 30)
    assert [p.paragraphs for p in parts] == [
        ("First paragraph here.",), ("Second one is longer.",), ("It has two.", "Third.")]
    assert split_oversized(article, len(text)) == [article]
    # a line with no space at all is cut at the limit
    blob = Article(id="y", source_file="b.txt", headline=None, text="x" * 25, paragraphs=("x" * 25,))
    assert [len(p.text) for p in split_oversized(blob, 10)] == [10, 10, 5]
    assert split_oversized(blob, 10)[1].headline == "b.txt (part 2 of 3)"


@pytest.mark.parametrize("published", ["9999-12-31", "0001-01-01"])
def test_dates_at_the_calendar_edge_are_left_unplaced_not_a_crash(published):
    text = "The envoy arrived yesterday and will leave tomorrow, a week after the talks on Monday."
    whens = resolve_dates(text, get_nlp()(text), published)
    got = {w.text: w.date for w in whens}
    if published.startswith("9999"):
        assert got["tomorrow"] is None and got["yesterday"] == "9999-12-30"
    else:
        assert got["yesterday"] is None and got["tomorrow"] == "0001-01-02"


def test_whole_pipeline_at_the_calendar_edge():
    dateline = "Talks resume\n\nPARIS, December 31, 9999 (Wire) - The minister said on Friday the talks resume tomorrow."
    for doc, published in ((RawDocument("edge.txt", dateline), None), (RawDocument("a.txt", SHORT), "0001-01-01"),
                           (RawDocument("b.txt", dateline), "9999-12-31")):
        articles, problems = _run([doc], published=published)
        assert len(articles) == 1 and not problems


def test_statement_date_is_the_weekday_on_or_before_publication():
    assert statement_date("2031-03-14", "Tuesday") == "2031-03-11"  # a Friday's article
    assert statement_date("2031-03-14", "friday") == "2031-03-14"
    assert statement_date("2031-03-14", "monday", future=True) == "2031-03-17"
    assert statement_date("0001-01-01", "sunday") is None  # before the calendar starts
    assert statement_date(None, "monday") is None and statement_date("2031-03-14", "someday") is None


def test_a_failing_component_loses_only_its_article(monkeypatch):
    real = pipeline.COMPONENTS["events"]

    def flaky(article, parsed):
        if "poison" in article.text:
            raise RuntimeError("boom")
        return real(article, parsed)

    monkeypatch.setitem(pipeline.COMPONENTS, "events", flaky)
    docs = [RawDocument("a.txt", SHORT), RawDocument("bad.txt", "Poison\n\nThe poison pill was swallowed, he said."),
            RawDocument("c.txt", SHORT.replace("Monday", "Tuesday"))]
    articles, problems = _run(docs)
    assert [a.source_file for a in articles] == ["a.txt", "c.txt"]
    assert [str(p) for p in problems] == ["bad.txt: article could not be analysed: RuntimeError: boom"]
    assert not problems[0].warning


def test_an_article_over_its_time_budget_keeps_what_was_done_and_the_batch_goes_on():
    # A fake clock: every reading is 10 s after the last, so one component "takes" 10 s.
    ticks = iter(range(0, 10_000, 10))
    text = "Harbour talks resume\n\nMinister Ada Kerrow said the harbour talks would resume in Lyon on Monday."
    slow = RawDocument("slow.txt", text)
    items = list(analyze_documents([slow, RawDocument("next.txt", text.replace("Lyon", "Nice"))],
                                   Options(time_budget=15, clock=lambda: next(ticks))))
    articles = [i for i in items if isinstance(i, Article)]
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert [a.source_file for a in articles] == ["slow.txt", "next.txt"]
    # entities (t=10) and published (t=20) ran; at t=30 the 15 s budget was spent: the rest skipped
    assert all(a.entities and not a.attributions and not a.events for a in articles)
    assert [str(p) for p in problems] == [
        f"{name} (Harbour talks resume): analysis ran past its 15-second budget; stored without: "
        "attributions, contradictions, events" for name in ("slow.txt", "next.txt")]
    assert all(p.warning for p in problems)
    within = _run([slow], time_budget=pipeline.TIME_BUDGET_S)[0][0]  # the real clock: a short article is in time
    assert within.attributions and within.entities


def test_the_time_budget_is_explicit():
    assert Options().time_budget == pipeline.TIME_BUDGET_S == 60.0
