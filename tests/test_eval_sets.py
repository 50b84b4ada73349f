"""Our labelled sets: the committed events set is what was frozen, and every span reads its checksum."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from conftest import CORPUS, need_shared

from newsgraph.evaluate.events_set import EventsSetError, load_events_set, trigger_sha1

ROOT = Path(__file__).resolve().parents[1]
EVENTS_SET = ROOT / "eval" / "events"
# Frozen 2026-12-01 (eval/events/README.md): a changed label must change these, with a README line.
EVENTS_SHA256 = "0579f6203b949a0fa128f1b4bcdf2fdf378308d4c42153d35a17144cf0e17b8d"
DOCS_SHA256 = "2f5d7881c5041a1a5e9510d8871cfbb6fbd0585327e5f239eea903afbff53aa0"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_committed_events_set_is_the_frozen_one():
    assert _sha256(EVENTS_SET / "events.jsonl") == EVENTS_SHA256
    assert _sha256(EVENTS_SET / "events-docs.jsonl") == DOCS_SHA256
    docs = load_events_set(EVENTS_SET)  # structure only: no texts needed
    assert len(docs) == 77
    assert sum(len(d.events) for d in docs) == 872
    assert {h: sum(len(d.events) for d in docs if d.half == h) for h in ("tune", "check")} == {"tune": 515, "check": 357}
    assert {h: sum(d.half == h for d in docs) for h in ("tune", "check")} == {"tune": 46, "check": 31}
    assert sum(not d.events for d in docs) == 4


def test_committed_events_set_reads_its_checksums_in_the_texts():
    texts = need_shared(CORPUS / "polnear" / "train" / "text")
    docs = load_events_set(EVENTS_SET, texts)
    assert sum(len(d.events) for d in docs) == 872  # every trigger checked against its text
    facts = [e.factuality for d in docs for e in d.events]
    assert facts.count("asserted") == 590 and facts.count("reported") == 105


TEXT = "Ministers Meet.\n\nPolice arrested two protesters, and the senator accused the mayor of lying.\n"


def _mini(tmp: Path, *, plant: bool = False) -> tuple[Path, Path]:
    """An invented set: one article with two events (the second's checksum planted wrong if asked)
    and one article with none."""
    texts, labels = tmp / "text", tmp / "set"
    texts.mkdir()
    labels.mkdir()
    (texts / "a.txt").write_text(TEXT, encoding="utf-8")
    (texts / "b.txt").write_text("Rain fell all day.\n", encoding="utf-8")
    rows = []
    for word, kind, actor in (("arrested", "COERCE", "Police"), ("accused", "ACCUSE", "the senator")):
        s, a = TEXT.index(word), TEXT.index(actor)
        rows.append({"text": "a.txt", "start": s, "end": s + len(word), "type": kind, "actor": [a, a + len(actor)],
                     "target": None, "factuality": "asserted", "half": "tune", "sha1": trigger_sha1(TEXT, s, s + len(word))})
    if plant:
        rows[1]["start"] += 1  # "ccused": the checksum no longer reads
    (labels / "events.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (labels / "events-docs.jsonl").write_text(
        json.dumps({"text": "a.txt", "half": "tune", "events": 2}) + "\n"
        + json.dumps({"text": "b.txt", "half": "check", "events": 0}) + "\n", encoding="utf-8")
    return labels, texts


def test_loader_reads_an_invented_set(tmp_path):
    labels, texts = _mini(tmp_path)
    docs = load_events_set(labels, texts)
    assert [(d.text, d.half, len(d.events)) for d in docs] == [("a.txt", "tune", 2), ("b.txt", "check", 0)]
    first = docs[0].events[0]
    assert TEXT[first.start:first.end] == "arrested" and first.type == "COERCE" and first.line == 1
    assert TEXT[slice(*first.actor)] == "Police"


def test_loader_names_file_and_line_of_a_planted_mismatch(tmp_path):
    labels, texts = _mini(tmp_path, plant=True)
    load_events_set(labels)  # without the texts nothing can be checked against them
    with pytest.raises(EventsSetError) as info:
        load_events_set(labels, texts)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{labels / 'events.jsonl'} line 2: trigger ")
    assert trigger_sha1(TEXT, TEXT.index("accused") + 1, TEXT.index("accused") + 7) in message


@pytest.mark.parametrize("change, problem", [
    ({"type": "ATTACK"}, "line 1: type 'ATTACK' is not a PLOVER type"),
    ({"factuality": "maybe"}, "line 1: factuality 'maybe' is not one of"),
    ({"half": "check"}, "line 1: half check but events-docs.jsonl puts a.txt in tune"),
    ({"end": 10_000}, "line 1: trigger [24, 10000] is not a [start, end] span inside the text"),
    ({"actor": [5, 2]}, "line 1: actor [5, 2] is not a [start, end] span"),
    ({"text": "c.txt"}, "line 1: article 'c.txt' is not in events-docs.jsonl"),
])
def test_loader_refuses_bad_lines_with_one_line(tmp_path, change, problem):
    labels, texts = _mini(tmp_path)
    path = labels / "events.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = json.dumps({**json.loads(lines[0]), **change})
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(EventsSetError, match=re.escape(problem)):
        load_events_set(labels, texts)


def test_loader_checks_the_per_article_counts(tmp_path):
    labels, texts = _mini(tmp_path)
    path = labels / "events.jsonl"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(EventsSetError, match="events-docs.jsonl line 1: a.txt should have 2 events, events.jsonl has 1"):
        load_events_set(labels, texts)
