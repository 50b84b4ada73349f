"""Which words mean what, for every stage? Months, weekdays, numbers, gender words, titles, dependency
labels, the one stemmer and claim keywords, read once from ``data/words.yaml``.

Low in the flow (it needs only ``resources``), so segmentation, extraction and linking all read the
same lists; no stage keeps a copy of its own.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from newsgraph.resources import load_yaml

_FILE = "words.yaml"
_KEYS = {"months", "weekdays", "numbers", "vague_numbers", "gender_words", "first_person", "titles", "honorifics",
         "claim_ignore_words", "stem_rules", "dependency_labels"}


def _load() -> dict[str, Any]:
    raw = load_yaml(_FILE)
    if not isinstance(raw, dict):
        raise ValueError(f"data/{_FILE}: expected a mapping of word lists")
    unknown, missing = set(raw) - _KEYS, _KEYS - set(raw)
    if unknown or missing:
        raise ValueError(f"data/{_FILE}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
    return raw


def _lower(items: Any) -> frozenset[str]:
    return frozenset(str(i).lower() for i in items or ())


_RAW = _load()

# Calendar: month names in order (January first), each name or abbreviation -> month number,
# weekdays Monday first.
MONTH_NAMES: tuple[str, ...] = tuple(str(m).lower() for m in _RAW["months"])
MONTHS: dict[str, int] = {
    name: number
    for number, (month, abbreviations) in enumerate(_RAW["months"].items(), start=1)
    for name in (str(month).lower(), *(str(a).lower() for a in abbreviations or ()))
}
WEEKDAYS: tuple[str, ...] = tuple(str(d).lower() for d in _RAW["weekdays"])

# Number words: exact counts, and the loose ones that only measure a stretch of time.
NUMBERS: dict[str, int] = {str(k).lower(): int(v) for k, v in _RAW["numbers"].items()}
VAGUE_NUMBERS: dict[str, int] = {str(k).lower(): int(v) for k, v in _RAW["vague_numbers"].items()}

# People: word -> "male" | "female"; the first person; titles before a name; honorifics dropped when
# comparing names.
GENDER_WORDS: dict[str, str] = {str(w).lower(): str(g) for g, ws in _RAW["gender_words"].items() for w in ws}
FIRST_PERSON: frozenset[str] = _lower(_RAW["first_person"])
TITLES: frozenset[str] = _lower(_RAW["titles"])
HONORIFICS: frozenset[str] = _lower(_RAW["honorifics"])

# Dependency label sets by role: DEPS["subject"] == {"nsubj", "nsubjpass"}.
DEPS: dict[str, frozenset[str]] = {str(k): frozenset(map(str, v)) for k, v in _RAW["dependency_labels"].items()}

CLAIM_IGNORE_WORDS: frozenset[str] = _lower(_RAW["claim_ignore_words"])
_STEM_RULES: tuple[tuple[str, str], ...] = tuple((str(k), str(v or "")) for k, v in _RAW["stem_rules"].items())


def months_regex(*, capitalised: bool = True) -> str:
    """An alternation matching any month name or abbreviation (longest first), with an optional
    full stop: "Jan.", "Sept", "December"."""
    names = sorted(MONTHS, key=len, reverse=True)
    return "(?:" + "|".join(n.capitalize() if capitalised else n for n in names) + r")\.?"


def weekdays_regex() -> str:
    return "(?:" + "|".join(d.capitalize() for d in WEEKDAYS) + ")"


@functools.lru_cache(maxsize=1 << 17)  # linking and claim checking stem the same words again and again
def stem(word: str) -> str:
    """The one stemmer: lower case, no possessive, then the first of ``stem_rules`` whose suffix leaves at
    least three letters ("attacked", "attacks", "attacking" -> "attack"; "Russia's" -> "russia")."""
    word = word.lower()
    for possessive in ("’s", "'s"):
        if word.endswith(possessive):
            word = word[: -len(possessive)]
    for suffix, replacement in _STEM_RULES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


_CLAIM_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]+")


def claim_words(text: str) -> list[str]:
    """The words of a statement, as a counter and its claim are compared (letters, apostrophes, hyphens)."""
    return _CLAIM_WORD.findall(text)


def keywords(text: str) -> frozenset[str]:
    """The stemmed content words of a statement that can tie a counter to the claim it answers."""
    return frozenset(stem(w) for w in claim_words(text) if len(w) > 3 and w.lower() not in CLAIM_IGNORE_WORDS)


def same_word(a: str, b: str) -> bool:
    """Loosely the same stem: equal, or five letters in common at the start ("russia"/"russian")."""
    return a == b or (len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5])


def shared_words(counter: frozenset[str], claim: frozenset[str]) -> list[str]:
    """The keywords of ``counter`` that ``claim`` shares (as :func:`same_word` has it), sorted.

    One set lookup per counter word (the claim's words and their five-letter prefixes), not a
    comparison with every claim word: a long article pairs thousands of counters and claims."""
    prefixes = _prefixes(claim)
    return sorted(w for w in counter if w in claim or (len(w) >= 5 and w[:5] in prefixes))


def match_keys(word: str) -> tuple[str, ...]:
    """Index keys under which two words :func:`same_word` counts as one meet: the word itself, and
    (for a word of five letters or more) its first five."""
    return (word, "\0" + word[:5]) if len(word) >= 5 else (word,)


@functools.lru_cache(maxsize=8192)
def _prefixes(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w[:5] for w in words if len(w) >= 5)
