"""An attribution under construction, and the offset helpers every step shares.

A ``Draft`` is what one cue, colon label or quotation yields before its speaker is resolved;
a ``QuoteUnit`` one quotation, possibly over several paragraphs.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsgraph.extract.attribution.lexicon import CueVerb

_TRIM_START = " \t\r\n,;:—–-"
_TRIM_END = " \t\r\n,;:—–-"


@dataclass
class QuoteUnit:
    """One quotation, possibly running over several paragraphs."""

    start: int
    end: int
    first_paragraph: int
    last_paragraph: int
    mark_before: int  # index of the opening mark (or the paragraph start when there is none)
    mark_after: int  # end of the closing mark (or the quote end when there is none)
    continued: bool = False  # opens a paragraph after a quote left open: may continue it
    used: bool = False


@dataclass
class Draft:
    content: tuple[int, int]
    cue_token: Token | None = None
    cue_span: tuple[int, int] | None = None
    verb: CueVerb | None = None
    speaker: tuple[int, int, Token] | None = None  # token range and head
    via_head: Token | None = None
    negated: bool = False
    no_comment: bool = False
    content_root: Token | None = None
    channel: str | None = None
    nested: str | None = None
    form: str = "indirect"
    according: bool = False
    copy_of: "Draft | None" = None
    continues: "Draft | None" = None
    relative_at: int = -1  # "which it said ...": where the relative pronoun the content hangs on is
    relayed_by: "Draft | None" = None  # nested hearsay: the outer statement this one is reported in
    quoted: bool = False  # its cue is inside a quotation: speech nested in someone's quoted words
    unsourced: bool = False  # no one is named, by its reading ("X seems to ..."): no tagged source fills it

    @property
    def position(self) -> int:
        starts = [self.content[0]]
        if self.cue_span:
            starts.append(self.cue_span[0])
        if self.speaker:
            starts.append(self.speaker[2].doc[self.speaker[0]].idx)
        return min(starts)


def chars(doc: Doc, start: int, end: int) -> tuple[int, int]:
    if end <= start:
        return (0, 0)
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM_START:
        start += 1
    while end > start and (text[end - 1] in _TRIM_END):
        end -= 1
    return start, end


def token_at(doc: Doc, char: int) -> int:
    """Index of the first token starting at or after ``char``."""
    lo, hi = 0, len(doc)
    while lo < hi:
        mid = (lo + hi) // 2
        if doc[mid].idx < char:
            lo = mid + 1
        else:
            hi = mid
    return lo


def paragraph_of(char: int, paragraphs: list[tuple[int, int]], ends: list[int] | None = None) -> int:
    """Index of the paragraph holding ``char`` (the one before a gap it falls in); ``ends`` are the
    paragraphs' ends, when the caller has them."""
    if not paragraphs:
        return -1
    index = min(bisect.bisect_right(ends if ends is not None else [e for _, e in paragraphs], char),
                len(paragraphs) - 1)
    return index if char >= paragraphs[index][0] or index == 0 else index - 1

