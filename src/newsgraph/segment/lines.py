"""What kind of line is this: page furniture, a separator, a headline, a subhead, a byline?

Every test here looks at one line alone; where lines stand relative to each other is
decided in ``split.py``. The word lists and patterns live in ``data/segment/artifacts.txt`` and
``data/segment/separators.txt``.
"""

from __future__ import annotations

import functools
import re

from newsgraph.resources import load_lines

QUOTES = "\"'“”‘’«»"
_SENTENCE_END = re.compile(r"[.,;:…][\"'“”‘’»)\]]*$")
_SENTENCE_FINAL = re.compile(r"[.!?…][\"'“”‘’»)\]]*$")
_NAME_WORD = r"(?:[A-Z][\w.'’-]*|de|da|del|la|van|von|der|bin|al|el)"
_NAME_JOIN = r"(?:\s*,\s*|\s+(?:and|&)\s+|\s+)"
_BYLINE = re.compile(rf"(?i:by)\s+(?P<names>[A-Z][\w.'’-]*(?:{_NAME_JOIN}{_NAME_WORD})*)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SMALL_WORDS = {"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with",
                "from", "as", "is", "are", "up", "into", "over", "after", "vs", "its", "his", "her"}


def normalize(line: str) -> str:
    """One line with its spaces collapsed and non-breaking or zero-width characters removed."""
    line = line.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return " ".join(line.split())


def line_key(line: str) -> str:
    """What two lines must share to count as the same line (duplicates are dropped)."""
    return normalize(line).casefold()


@functools.lru_cache(maxsize=1)
def _artifact_rules() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    exact, patterns = set(), []
    for item in load_lines("segment/artifacts.txt"):
        if item.startswith("re:"):
            patterns.append(re.compile(item[3:].strip(), re.IGNORECASE))
        else:
            exact.add(item.casefold())
    return frozenset(exact), tuple(patterns)


@functools.lru_cache(maxsize=1)
def _separator_rules() -> tuple[tuple[re.Pattern[str], bool], ...]:
    """(pattern, is a section break) for each line of ``data/segment/separators.txt``."""
    rules = []
    for item in load_lines("segment/separators.txt"):
        is_break = item.startswith("break:")
        rules.append((re.compile(item.removeprefix("break:").strip(), re.IGNORECASE), is_break))
    return tuple(rules)


def is_artifact(line: str) -> bool:
    """A logo, share button, advert or rights line that stands alone on its line."""
    text = normalize(line)
    if not text:
        return False
    exact, patterns = _artifact_rules()
    return text.casefold() in exact or any(p.fullmatch(text) for p in patterns)


def separator_kind(line: str) -> str | None:
    """"end" for a line that ends an article ("-----", "END OF ARTICLE"), "break" for a section
    break that may also stand inside a story ("* * *", "___"), None for any other line."""
    text = normalize(line)
    for pattern, is_break in _separator_rules() if text else ():
        if pattern.fullmatch(text):
            return "break" if is_break else "end"
    return None


def is_separator(line: str) -> bool:
    """A line that ends an article or breaks a section."""
    return separator_kind(line) is not None


def ends_sentence(line: str) -> bool:
    """Does the line end like running text (period, comma, colon, ellipsis, maybe a closing quote)?"""
    return bool(_SENTENCE_END.search(normalize(line)))


def closes_sentence(line: str) -> bool:
    """Does the line end a sentence (period, question or exclamation mark, maybe a closing quote)?"""
    return bool(_SENTENCE_FINAL.search(normalize(line)))


def is_headline_like(line: str) -> bool:
    """A short line that starts with a capital and does not end like a sentence."""
    text = normalize(line)
    words = text.split()
    return (
        2 <= len(words) <= 25
        and len(text) <= 200
        and (text[0].isupper() or text[0].isdigit() or text[0] in QUOTES)
        and not ends_sentence(text)
        and byline_names(text) is None
    )


def is_title_case(line: str) -> bool:
    """Are most of the words that matter capitalised, as in "UN Rights Office Says"?"""
    words = [w for w in _WORD.findall(line) if w.casefold() not in _SMALL_WORDS]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def is_subhead(line: str) -> bool:
    """A short section heading inside a body: an all-caps line, or a few words without final punctuation."""
    text = normalize(line)
    words = text.split()
    if not words or len(words) > 12 or len(text) > 100 or not any(c.isalpha() for c in text):
        return False
    if text.isupper():
        return True
    return (text[0].isupper() or text[0].isdigit()) and not ends_sentence(text) and text[-1] not in QUOTES


def byline_names(line: str) -> tuple[str, ...] | None:
    """The authors named by a byline such as "By Jane Doe and Omar Haddad", else None."""
    match = _BYLINE.fullmatch(normalize(line))
    if not match or len(match.group("names").split()) > 10:
        return None
    names = [n.strip() for n in re.split(r"\s*(?:,|\band\b|&)\s*", match.group("names")) if n.strip()]
    if any(len(n.split()) < 2 for n in names):  # "By Land and Sea" is a headline, not two people
        return None
    return tuple(names)
