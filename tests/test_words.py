"""Shared language data has one home (data/words.yaml via newsgraph.words) and the stance vocabulary one
(newsgraph.model); no other module keeps a copy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsgraph import words
from newsgraph.extract.time import resolve_dates, statement_date
from newsgraph.model import CLAIMING, COUNTERING, STANCE_KINDS, STANCES, Article, paragraph_spans, stance_group
from newsgraph.segment.captions import caption_date

SRC = Path(__file__).resolve().parents[1] / "src" / "newsgraph"


def test_calendar_words():
    assert words.MONTH_NAMES[0] == "january" and words.MONTH_NAMES[11] == "december"
    assert words.MONTHS["sept"] == words.MONTHS["sep"] == words.MONTHS["september"] == 9
    assert words.WEEKDAYS[0] == "monday" and len(words.WEEKDAYS) == 7
    assert re.fullmatch(words.months_regex(), "Sept.") and not re.fullmatch(words.months_regex(), "sept")


def test_every_reader_of_month_names_agrees():
    assert caption_date("Troops in Varnholt, Sept. 3, 2024 (Photo: Ilse Varga)") == "2024-09-03"
    (when,) = resolve_dates("The talks ended in Sept 2024.", None, "2025-03-06")
    assert (when.date, when.precision) == ("2024-09", "month")
    assert statement_date("2025-03-06", "Tuesday") == "2025-03-04"


def test_number_words_are_shared_by_dates_and_counts():
    # "twenty" was only a casualty count before; the date reader now knows it too
    (when,) = resolve_dates("The port opened twenty years ago.", None, "2025-03-06")
    assert when.date == "2005"
    (when,) = resolve_dates("The depot closed a dozen days ago.", None, "2025-03-06")
    assert when.date == "2025-02-22"
    assert words.NUMBERS["twelve"] == 12 and words.VAGUE_NUMBERS["several"] == 3


@pytest.mark.parametrize("word, stem", [
    ("attacked", "attack"), ("attacks", "attack"), ("attacking", "attack"), ("militaries", "military"),
    ("bases", "base"), ("churches", "church"), ("congress", "congress"), ("Russia's", "russia"),
    ("reports", "report"), ("nationally", "national"), ("news", "new"),
])
def test_the_one_stemmer(word, stem):
    assert words.stem(word) == stem


def test_claim_keywords():
    assert words.shared_words(words.keywords("Russian air bases"), words.keywords("a base in Russia")) == [
        "base", "russian"]
    assert words.keywords("that would have been said") == frozenset()  # all too common


def test_gender_words_and_titles():
    assert words.GENDER_WORDS["spokeswoman"] == "female" and words.GENDER_WORDS["mr."] == "male"
    assert {"councillor", "coach"} <= words.TITLES
    assert words.DEPS["subject"] == {"nsubj", "nsubjpass"}


def test_stance_vocabulary():
    assert set(STANCES) == set(STANCE_KINDS)
    assert CLAIMING == {"report", "assert", "accuse", "verify"}
    assert COUNTERING == {"deny", "reject"}
    assert stance_group("accuse") == "assertive" and stance_group("report") == "neutral"
    assert stance_group("reject") == "countering" and stance_group("shrug") is None
    assert STANCE_KINDS["deny"].verb == "denies" and STANCE_KINDS["reject"].noun == "rejection"


def test_paragraph_offsets_one_way():
    text = "First one.\n\n  Second, indented.\n \nThird."
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["First one.", "Second, indented.", "Third."]
    joined = Article("a", "f", None, "One.\n\nTwo.", paragraphs=("One.", "Two."))
    assert joined.paragraph_spans() == [(0, 4), (6, 10)]
    stale = Article("b", "f", None, text, paragraphs=("not the text",))  # read from the text instead
    assert stale.paragraph_spans() == paragraph_spans(text)


# Word lists that must not be spelt out in code again: each pattern is one home's content.
COPIES = {
    r'"january"|"february"|"jan"': "month names (data/words.yaml)",
    r'"monday"|"tuesday"': "weekdays (data/words.yaml)",
    r'"seven":\s*7|"twelve"': "number words (data/words.yaml)",
    r'"spokeswoman":\s*"female"': "gender words (data/words.yaml)",
    r'\{"report", "assert", "accuse", "verify"\}|\{"deny", "reject"\}': "stance groups (model.STANCE_KINDS)",
    r'"denies"|"denial"': "stance display words (model.STANCE_KINDS)",
    r'"ations"': "stemmer suffixes (data/words.yaml)",
    r'def paragraph_(spans|bounds)\(': "paragraph offsets (model.paragraph_spans)",
}


def test_no_copies_of_shared_word_lists():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "model.py" and path.parent == SRC:
            continue  # the stance vocabulary's own home
        text = path.read_text(encoding="utf-8")
        for pattern, what in COPIES.items():
            for m in re.finditer(pattern, text, re.IGNORECASE):
                found.append(f"{path.relative_to(SRC)}:{text.count(chr(10), 0, m.start()) + 1}: a copy of {what}")
    assert found == []


def test_a_misspelt_key_in_words_yaml_is_named(monkeypatch):
    raw = dict(words._RAW)
    raw["weekday"] = raw.pop("weekdays")
    monkeypatch.setattr(words, "load_yaml", lambda name: raw)
    with pytest.raises(ValueError, match=r"data/words\.yaml: unknown keys \['weekday'\], missing keys \['weekdays'\]"):
        words._load()
