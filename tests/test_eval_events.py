"""Scoring events against our labelled set: the matching rule and the arithmetic, on invented text."""

from __future__ import annotations

import json
from types import SimpleNamespace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.evaluate.events import (SystemEvent, Tally, actor_right, baseline_events, evaluate_events,
                                       format_events, match, published_dates, score_article,
                                       trigger_span)
from newsgraph.evaluate.events_set import GoldEvent, trigger_sha1
from newsgraph.model import Article, Attribution, Span, Speaker

TEXT = "Police arrested two protesters. The senator accused the mayor. Rebels shelled the town."


def _at(word: str, n: int | None = None) -> tuple[int, int]:
    s = TEXT.index(word)
    return s, s + (n if n is not None else len(word))


def _gold(word: str, kind: str, actor: str | None, fact: str = "asserted") -> GoldEvent:
    return GoldEvent("a.txt", *_at(word), kind, _at(actor) if actor else None, None, fact, "tune", 1)


GOLD = [_gold("arrested", "COERCE", "Police"), _gold("accused", "ACCUSE", "The senator"),
        _gold("shelled", "ASSAULT", "Rebels", "reported")]
SYSTEM = [
    SystemEvent(*_at("arrested"), "COERCE", "asserted", True, (_at("Police"),), "police"),
    SystemEvent(*_at("accused the"), "REJECT", "asserted", True, (), "Senator Vale"),  # 7 chars over "accused"
    SystemEvent(*_at("accused", 5), "ACCUSE", "asserted", True, (), "Mayor Ott"),  # 5 chars: loses the span match
    SystemEvent(*_at("protesters"), "ASSAULT", "hypothetical"),  # no gold there
]


def test_match_is_one_to_one_by_most_overlap():
    assert match(GOLD, SYSTEM) == [(0, 0), (1, 1)]  # 8 characters in common, then 7; the 5-character one loses
    assert match(GOLD, SYSTEM, same_type=True) == [(0, 0), (1, 2)]
    assert match(GOLD, []) == [] and match([], SYSTEM) == []
    sentence = SystemEvent(*_at("The senator accused the mayor"), "ACCUSE")
    clause = SystemEvent(*_at("accused the mayor"), "ACCUSE")
    assert match(GOLD, [sentence, clause]) == [(1, 1)]  # same 7 characters in common: the tighter span


def test_system_events_use_a_trigger_span_when_the_record_has_one():
    assert trigger_span(SimpleNamespace(trigger=Span(3, 9, "shells"))) == (3, 9)
    assert trigger_span(SimpleNamespace(start=0, end=20)) is None


def test_score_article_arithmetic():
    t = score_article(GOLD, SYSTEM, TEXT)
    assert (t.gold, t.system, t.span, t.typed) == (3, 4, 2, 2)
    assert (t.type_right, t.actor_right, t.fact_right) == (1, 2, 2)
    assert (t.gold_asserted, t.system_asserted, t.asserted_span, t.asserted_typed) == (2, 3, 2, 2)
    span = t.prf("span")
    assert (span.precision, span.recall) == (0.5, pytest.approx(2 / 3))
    assert span.f1 == pytest.approx(4 / 7)
    asserted = t.prf("asserted_typed")
    assert (asserted.precision, asserted.recall) == (pytest.approx(2 / 3), 1.0)
    assert t.share("type_right") == 0.5 and t.share("actor_right") == 1.0


def test_an_article_without_gold_events_counts_false_positives():
    t = score_article(GOLD, SYSTEM, TEXT) + score_article([], SYSTEM[:2], TEXT)
    assert (t.gold, t.system, t.span) == (3, 6, 2)
    assert t.prf("span").precision == pytest.approx(2 / 6)
    assert Tally().prf("span").f1 == 1.0 and Tally().share("actor_right") == 0.0  # nothing at all: no division


def test_actor_rules():
    g = GOLD[1]  # actor "The senator"
    assert actor_right(g, SystemEvent(0, 1, "ACCUSE", has_actor=True, actor_spans=(_at("senator"),)), TEXT)
    assert actor_right(g, SystemEvent(0, 1, "ACCUSE", has_actor=True, actor_name="Senator Vale"), TEXT)
    assert not actor_right(g, SystemEvent(0, 1, "ACCUSE", has_actor=True, actor_name="The mayor"), TEXT)
    assert not actor_right(g, SystemEvent(0, 1, "ACCUSE"), TEXT)
    nobody = _gold("shelled", "ASSAULT", None)
    assert actor_right(nobody, SystemEvent(0, 1, "ASSAULT"), TEXT)
    assert not actor_right(nobody, SystemEvent(0, 1, "ASSAULT", has_actor=True, actor_name="Rebels"), TEXT)


def test_baseline_reads_accusations_and_denials_once_per_cue():
    def attribution(i: str, word: str, stance: str) -> Attribution:
        s, e = _at(word)
        return Attribution(i, Speaker("The senator", *_at("The senator"), resolved="Senator Vale"), Span(s, e, word),
                           Span(0, 1, "P"), "indirect", stance)  # type: ignore[arg-type]

    article = Article("a", "a.txt", None, TEXT, attributions=(
        attribution("1", "accused", "accuse"), attribution("2", "accused", "accuse"),
        attribution("3", "shelled", "reject"), attribution("4", "arrested", "report")))
    events = baseline_events(article)
    assert [(TEXT[e.start:e.end], e.type, e.actor_spans) for e in events] == [
        ("accused", "ACCUSE", (_at("The senator"),)), ("shelled", "REJECT", (_at("The senator"),))]


ARTICLE = ("Council Row.\n\nThe mayor accused the council of lying on Monday, and police arrested two "
           "protesters outside the hall.\n")


def test_eval_events_command_on_an_invented_set(tmp_path: Path):
    corpus, labels = tmp_path / "train", tmp_path / "set"
    (corpus / "text").mkdir(parents=True)
    labels.mkdir()
    (corpus / "text" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "text" / "b.txt").write_text("Rain fell all day in the valley.\n", encoding="utf-8")
    (tmp_path / "metadata.tsv").write_text("compartment\tfilename\tpublication_date\ntrain\ta\t2016-03-11\n"
                                           "train\tb\tNone\n", encoding="utf-8")
    assert published_dates(tmp_path / "metadata.tsv") == {"a": "2016-03-11"}
    rows = []
    for word, kind, actor in (("accused", "ACCUSE", "The mayor"), ("arrested", "COERCE", "police")):
        s, a = ARTICLE.index(word), ARTICLE.index(actor)
        rows.append({"text": "a.txt", "start": s, "end": s + len(word), "type": kind, "actor": [a, a + len(actor)],
                     "target": None, "factuality": "asserted", "half": "check",
                     "sha1": trigger_sha1(ARTICLE, s, s + len(word))})
    (labels / "events.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (labels / "events-docs.jsonl").write_text(json.dumps({"text": "a.txt", "half": "check", "events": 2}) + "\n"
                                              + json.dumps({"text": "b.txt", "half": "tune", "events": 0}) + "\n")
    report = evaluate_events(labels, corpus)
    assert report.articles == {"tune": 1, "check": 1} and report.undated == 1 and not report.problems
    check, tune = report.tallies["newsgraph"]["check"], report.tallies["newsgraph"]["tune"]
    assert (check.gold, tune.gold, tune.span) == (2, 0, 0)
    assert check.span == 2 and check.typed == 2  # both plain events are found and typed
    text = format_events(report)
    assert "1 tune / 1 check articles; 1 without a publication date" in text
    assert ("every system event is taken as asserted" in text) != report.factuality_from_system

    result = CliRunner().invoke(app, ["eval", "events", str(labels), "--corpus", str(corpus)])
    assert result.exit_code == 0 and "newsgraph" in result.stdout and "baseline" in result.stdout
    (labels / "events.jsonl").write_text(json.dumps({**rows[0], "sha1": "00000000"}) + "\n" + json.dumps(rows[1]) + "\n")
    result = CliRunner().invoke(app, ["eval", "events", str(labels), "--corpus", str(corpus)])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "events.jsonl line 1: trigger" in result.stderr
