"""The PLOVER GSR and PETRARCH evaluators: code mapping, readers, and the accuracy floor."""

from __future__ import annotations

from newsgraph.evaluate.petrarch import cameo_table, cameo_to_plover, read_sentences, validation_actors
from newsgraph.evaluate.plover import code_match, evaluate_plover, main_event, text_match
from newsgraph.model import Event


def test_cameo_codes_map_through_the_table(corpus_dir):
    table = cameo_table(corpus_dir / "plover_gsr" / "CAMEO2PLOVER-2021.txt")
    assert cameo_to_plover("042", table) == "CONSULT"
    assert cameo_to_plover("1823", table) == "ASSAULT"
    assert cameo_to_plover("0213", table) == "REQUEST"
    assert cameo_to_plover("010", table) is None


def test_petrarch_readers(corpus_dir):
    base = corpus_dir / "petrarch_event_coding" / "petrarch2"
    sentences = read_sentences(base / "PETR.UnitTest.records.xml")
    assert len(sentences) > 250
    assert all(s["text"] for s in sentences)
    actors = dict(validation_actors(base / "PETR.Validate.actors.txt"))
    assert actors["afghanistan"] == "AFG"


def test_actor_match_rules():
    gold = [{"actorText": "Israeli troops", "code": "ISR"}]
    assert code_match("ISRMIL", gold) and not code_match("PSEREB", gold)
    assert text_match("Israeli military", gold) and not text_match("the army", gold)


def test_main_event_prefers_the_widest_asserted_clause():
    small = Event(id="v1", type="ASSAULT", text="shell", start=20, end=25, hypothetical=True)
    wide = Event(id="v2", type="THREATEN", text="threatened to shell", start=6, end=25)
    assert main_event([small, wide]) is wide
    assert main_event([]) is None


def test_plover_gsr_accuracy_floor(corpus_dir):
    report = evaluate_plover(corpus_dir)
    assert report["records"] == 322
    assert report["accuracy"] >= 0.60
    assert sum(row["n"] for row in report["per_type"].values()) == 322
