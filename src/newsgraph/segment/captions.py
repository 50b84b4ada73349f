"""Is a line a photo caption, who is credited for the photo, and when was it taken?

A caption is a line that ends in a photo credit: a trailing parenthesis naming an agency
or a photo word ("(AFP)", "(AP Photo/Jane Doe)", "(File photo)"), a label ("Photo: X",
"Credit: X", "Photo by X"), or a bare credit such as "X/Getty Images": ``newsgraph.credits``
reads them (the parser ingest uses too, with the words of ``data/credits.yaml``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from newsgraph import credits
from newsgraph.model import Caption
from newsgraph.segment.lines import normalize
from newsgraph.words import MONTHS

_MAX_CAPTION_WORDS = 90
_MONTH = "(?P<m>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_DATES = (
    re.compile(rf"\b{_YEAR}-(?P<mm>\d\d)-(?P<d>\d\d)\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
)


@functools.lru_cache(maxsize=4096)
def parse_credit(line: str) -> tuple[str, str | None]:
    """Split a line into (text before the credit, credit); the credit is None when there is none."""
    return credits.parse_credit(normalize(line))


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
