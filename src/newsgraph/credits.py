"""Who is credited for a photo? The one caption-credit parser, for ingest and segment alike.

A credit ends a caption: a trailing parenthesis naming an agency or a photo word ("(AFP)",
"(AP Photo/Jane Doe)", "(File photo)"), a label ("Photo: X", "Credit: X", "Photo by X"), a
bare credit such as "X/Getty Images", or it leads it ("Image copyright X Image caption ...").
The names and words come from ``data/credits.yaml``. Text known to be a caption (a page's
caption element) may carry a label with no sentence end before it ("... field Photo: X") and a
slash credit of any name ("... at dawn. Lira Venn/Reuters"); a line of plain text may not.

This module sits below ``newsgraph.ingest`` and ``newsgraph.segment`` (both import it); callers
pass text with its spaces already collapsed.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from newsgraph.resources import load_yaml

CREDITS_FILE = "credits.yaml"
MAX_CREDIT_WORDS = 10


class _Patterns(NamedTuple):
    credit_like: re.Pattern[str]  # an agency name, a photo word, "/" or "©": makes "(...)" a credit
    paren: re.Pattern[str]  # "... (AFP)"
    label: re.Pattern[str]  # "... Photo: Jane Doe", "... Photo by Jane Doe" after a sentence or a bar
    caption_label: re.Pattern[str]  # "... field Photo: Jane Doe" anywhere in a known caption
    bare: re.Pattern[str]  # "... Jane Doe/Getty Images"
    slash: re.Pattern[str]  # "... at dawn. Lira Venn/Reuters" (known captions)
    label_prefix: re.Pattern[str]  # "Photo: " at the start of a credit
    leading: re.Pattern[str]  # "Image copyright X Image caption Y"


def _alternatives(items: list[str]) -> str:
    return "|".join(re.escape(str(i)) for i in sorted(items, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    data = load_yaml(CREDITS_FILE)
    agencies, labels = _alternatives(data["agencies"]), _alternatives(data["labels"])
    keywords = rf"\b(?:{_alternatives(data['keywords'])})\b|/|©"
    start = r"(?:^|(?<=[.!?\"”’')])\s+|\s+[|•–—-]\s+)"  # the credit follows a sentence or a bar
    credit = r"\s*(?P<credit>[^:|]{2,100}?)\s*\.?$"
    bare_prefix = r"(?:[A-Z][^.()|:]{0,60}?\s*(?:/|\bvia\s))?"  # "Jane Doe/" or "AFP via "
    return _Patterns(
        credit_like=re.compile(rf"(?<![\w-])(?:{agencies})(?![\w-])|(?i:{keywords})"),  # agencies keep case
        paren=re.compile(r"\((?P<credit>[^()]{2,100})\)\s*\.?$"),
        label=re.compile(rf"{start}(?:{labels})s?\s*(?::|\.\.\.|…|by\b){credit}", re.IGNORECASE),
        caption_label=re.compile(rf"(?:^|(?<=[.!?\"”’')])\s*|\s+)(?:{labels})s?\s*(?::|\.\.\.|…){credit}", re.IGNORECASE),
        bare=re.compile(rf"{start}(?P<credit>{bare_prefix}\s*(?:{_alternatives(data['bare'])}))\s*\.?$"),
        slash=re.compile(r"(?<=[.!?\"”])\s*(?P<credit>[A-Z][\w.' -]{1,60}\s?/\s?[\w. -]{2,40})$"),
        label_prefix=re.compile(rf"^(?:{labels})s?\s*(?::|\.\.\.|…)\s*", re.IGNORECASE),
        leading=re.compile(r"^image copyright\s+(?P<credit>.+?)\s+image caption\s+(?P<text>.+)$", re.IGNORECASE),
    )


def credit_like(text: str) -> bool:
    """Does the text name an agency or hold a photo word ("AFP", "File photo", "Jane Doe/Reuters")?"""
    return bool(_patterns().credit_like.search(text))


def strip_label(credit: str) -> str:
    """A credit without its label and brackets: "(Photo: Jane Doe)" -> "Jane Doe"."""
    return _patterns().label_prefix.sub("", credit.strip().strip("()").strip()).strip()


def _is_name_like(credit: str) -> bool:
    """A credit names someone; a bracketed remark ("WARNING: Video contains graphic images.") does not."""
    short = len(credit.split()) <= MAX_CREDIT_WORDS
    return short and ":" not in credit and not credit.endswith((".", "!", "?"))


@functools.lru_cache(maxsize=4096)
def parse_credit(text: str, caption: bool = False) -> tuple[str, str | None]:
    """Split text into (text without the credit, credit); the credit is None when there is none.

    ``caption``: the text is known to be a photo caption, so looser credit forms count.
    """
    patterns = _patterns()
    lead = patterns.leading.match(text)
    if lead:
        return lead.group("text").strip(), lead.group("credit").strip()
    match = patterns.paren.search(text)
    if match and patterns.credit_like.search(match.group("credit")):
        credit = strip_label(match.group("credit"))
        if _is_name_like(credit):
            return text[: match.start()].rstrip(), credit
    tails = (patterns.label, patterns.caption_label, patterns.bare, patterns.slash) if caption else (
        patterns.label, patterns.bare)
    for pattern in tails:
        match = pattern.search(text)
        if match and _is_name_like(match.group("credit")):
            return text[: match.start()].rstrip(" |•–—-"), match.group("credit").strip()
    return text, None
