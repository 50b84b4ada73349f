"""Is a line a photo caption, who is credited for the photo, and when was it taken?

A caption is a line that ends in a photo credit: a trailing parenthesis naming an agency
or a photo word ("(AFP)", "(AP Photo/Jane Doe)", "(File photo)"), a label ("Photo: X",
"Credit: X", "Photo by X"), or a bare credit such as "X/Getty Images". The names and
words come from ``data/credits.yaml``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import NamedTuple

from newsgraph.model import Caption
from newsgraph.segment.lines import normalize
from newsgraph.resources import load_yaml
from newsgraph.words import MONTHS

_MAX_CAPTION_WORDS = 90
_MAX_CREDIT_WORDS = 10
_MONTH = "(?P<m>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_DATES = (
    re.compile(rf"\b{_YEAR}-(?P<mm>\d\d)-(?P<d>\d\d)\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
)


class _CreditPatterns(NamedTuple):
    credit_like: re.Pattern[str]  # an agency name or a photo word: makes "(...)" a credit
    paren: re.Pattern[str]  # "... (AFP)"
    label: re.Pattern[str]  # "... Photo: Jane Doe", "... Photo by Jane Doe"
    bare: re.Pattern[str]  # "... Jane Doe/Getty Images"
    label_prefix: re.Pattern[str]  # "Photo: " at the start of a bracketed credit


def _alternatives(items: list[str]) -> str:
    return "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _patterns() -> _CreditPatterns:
    data = load_yaml("credits.yaml")
    agencies, labels = _alternatives(data["agencies"]), _alternatives(data["labels"])
    keywords = rf"\b(?:{_alternatives(data['keywords'])})\b|/"
    start = r"(?:^|(?<=[.!?\"”’')])\s+|\s+[|•–—-]\s+)"  # the credit follows a sentence or a bar
    bare_prefix = r"(?:[A-Z][^.()|:]{0,60}?\s*(?:/|\bvia\s))?"  # "Jane Doe/" or "AFP via "
    return _CreditPatterns(
        credit_like=re.compile(rf"(?<![\w-])(?:{agencies})(?![\w-])|(?i:{keywords})"),  # agencies keep case
        paren=re.compile(r"\((?P<credit>[^()]{2,80})\)\s*\.?$"),
        label=re.compile(rf"{start}(?:{labels})\s*(?::|by\b)\s*(?P<credit>[^:|]{{2,80}}?)\s*\.?$",
                         re.IGNORECASE),
        bare=re.compile(rf"{start}(?P<credit>{bare_prefix}\s*(?:{_alternatives(data['bare'])}))\s*\.?$"),
        label_prefix=re.compile(rf"^(?:{labels})\s*:\s*", re.IGNORECASE),
    )


@functools.lru_cache(maxsize=4096)
def parse_credit(line: str) -> tuple[str, str | None]:
    """Split a line into (text before the credit, credit); the credit is None when there is none."""
    text = normalize(line)
    patterns = _patterns()
    match = patterns.paren.search(text)
    if match and patterns.credit_like.search(match.group("credit")):
        credit = patterns.label_prefix.sub("", match.group("credit")).strip()  # "(Photo: X)" -> "X"
        if _is_name_like(credit):
            return text[: match.start()].rstrip(), credit
    for pattern in (patterns.label, patterns.bare):
        match = pattern.search(text)
        if match and _is_name_like(match.group("credit")):
            return text[: match.start()].rstrip(" |•–—-"), match.group("credit").strip()
    return text, None


def _is_name_like(credit: str) -> bool:
    """A credit names someone; a bracketed remark ("WARNING: Video contains graphic images.") does not."""
    short = len(credit.split()) <= _MAX_CREDIT_WORDS
    return short and ":" not in credit and not credit.endswith((".", "!", "?"))


def caption_date(text: str) -> str | None:
    """The first calendar date written in a caption, as ISO ("Saturday, June 21, 2025" -> "2025-06-21")."""
    for pattern in _DATES:
        for match in pattern.finditer(text):
            found = match.groupdict()
            month = int(found["mm"]) if found.get("mm") else MONTHS[found["m"].lower().rstrip(".")]
            year = int(found["y"])
            if not found.get("d"):
                return f"{year:04d}-{month:02d}"
            try:
                return dt.date(year, month, int(found["d"])).isoformat()
            except ValueError:
                continue
    return None


def as_caption(line: str) -> Caption | None:
    """The line read as a photo caption with its credit and date, or None when it is not one."""
    text, credit = parse_credit(line)
    if credit is None or not text or len(text.split()) > _MAX_CAPTION_WORDS:
        return None
    return Caption(text=text, credit=credit, date=caption_date(text))


def credit_only(line: str) -> str | None:
    """The credit when a line holds nothing else ("(AFP)", "Photo: Jane Doe"), else None."""
    text, credit = parse_credit(line)
    return credit if credit and not text else None


def complete_caption(caption: Caption) -> Caption:
    """A caption given by a reader, with its credit and date filled in from its text when missing."""
    text, credit = (caption.text, caption.credit) if caption.credit else parse_credit(caption.text)
    return Caption(text=text or caption.text, credit=credit, date=caption.date or caption_date(text))
