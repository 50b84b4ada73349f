"""Where are the quotations in a text? Quote-mark pairing that never fails on unbalanced marks.

Straight and curly double quotes are read by context as much as by glyph (scraped text mixes
them, and some sites print a closing glyph at both ends). A quote left open at the end of a
paragraph runs to the paragraph end, and a quote opening the next paragraph continues it (the
newspaper convention for a quotation over several paragraphs). Single quotes are ignored: in
news bodies they are nested quotes or apostrophes.

Odd marks are normalised first (``normalise_marks``, same length, so every offset still points
into the text): a double quote written as two single ones (’’ ‘‘, two primes) and a quotation
introduced by a dash at the start of a paragraph (the dash convention of many languages' press).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from newsgraph.model import paragraph_spans

OPENING_GLYPHS = "“„«‟"
CLOSING_GLYPHS = "”»"
AMBIGUOUS_GLYPHS = '"″'
QUOTE_MARKS = OPENING_GLYPHS + CLOSING_GLYPHS + AMBIGUOUS_GLYPHS
# Two apostrophes or two backticks stand for a double quote in some archives ('' and ``).
_MARK_RE = re.compile(f"''|``|[{re.escape(QUOTE_MARKS)}]")
_BEFORE_OPEN = set(" \t\n\r([{—–―-/:")
_AFTER_CLOSE = set(" \t\n\r.,;:!?)]}—–―-…")


# Same-length replacements: two single marks that stand for one double mark.
_PAIRS = {"‘‘": "``", "’’": "''", "′′": "''", "‚‚": "``", "‹‹": "``", "››": "''"}
_PAIR_RE = re.compile("|".join(map(re.escape, _PAIRS)))
_DASH_OPEN = re.compile(r"[—―–]\s*(?=\w)")
_DASH_CLOSE = re.compile(r"(?<=[\w.,!?;])[,.]?\s+[—―–]\s+(?=\w)")


def normalise_marks(text: str, paragraphs: list[tuple[int, int]] | None = None) -> str:
    """``text`` with odd quote marks made plain, character for character (the same length).

    A paragraph opened by a dash and holding no quote mark of its own is a quotation when a
    second dash closes it ('— We stay, — said the mayor.') or the paragraph before ends with a
    colon: the first dash becomes an opening mark, the second a closing one."""
    chars = list(_PAIR_RE.sub(lambda m: _PAIRS[m.group()], text))
    spans = paragraphs if paragraphs is not None else paragraph_spans(text)
    for n, (start, end) in enumerate(spans):
        opened = _DASH_OPEN.match(text, start, end)
        if opened is None or any(ch in QUOTE_MARKS for ch in text[start:end]):
            continue
        closing = _DASH_CLOSE.search(text, opened.end(), end)
        introduced = n > 0 and text[spans[n - 1][0] : spans[n - 1][1]].rstrip().endswith(":")
        if closing is None and not introduced:
            continue
        chars[start] = "“"
        if closing is not None:
            dash = next(i for i in range(closing.start(), closing.end()) if text[i] in "—―–")
            chars[dash] = "”"
    return "".join(chars)


@dataclass(frozen=True)
class Quote:
    """The inside of one pair of quote marks within a paragraph (``text[start:end]``)."""

    start: int
    end: int
    paragraph: int
    opened: bool = True  # an opening mark was seen (False: the quote runs from the paragraph start)
    closed: bool = True  # a closing mark was seen (False: it runs to the paragraph end)
    continued: bool = False  # continues a quote left open at the end of the previous paragraph
    mark_start: int = -1  # where the opening mark starts (-1: no opening mark)
    mark_end: int = -1  # where the closing mark ends (-1: no closing mark)


def _looks_opening(text: str, i: int, j: int, para_start: int) -> bool:
    before = text[i - 1] if i > para_start else " "
    after = text[j] if j < len(text) else " "
    return (before in _BEFORE_OPEN or before in QUOTE_MARKS) and not after.isspace()


def _looks_closing(text: str, i: int, j: int, para_end: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[j] if j < para_end else " "
    return not before.isspace() and (after in _AFTER_CLOSE or after in QUOTE_MARKS)


def _paragraph_quotes(text: str, index: int, start: int, end: int, carried: bool) -> tuple[list[Quote], bool]:
    """Quotes of one paragraph, and whether a quote is still open at its end."""
    quotes: list[Quote] = []
    open_at: int | None = None
    mark_at = -1
    continued = False
    for match in _MARK_RE.finditer(text, start, end):
        i, j, glyph = match.start(), match.end(), match.group()
        if glyph == "``":
            glyph = "“"
        elif glyph == "''":
            glyph = '"'
        opening = _looks_opening(text, i, j, start)
        closing = _looks_closing(text, i, j, end)
        if open_at is None:
            if glyph in OPENING_GLYPHS or opening or not closing:
                open_at, mark_at = j, i
                continued = carried and not quotes and text[start:i].strip() == ""
            elif not quotes and carried:
                # A stray closing mark ends a quote carried over from the previous paragraph.
                quotes.append(Quote(start, i, index, opened=False, continued=True, mark_end=j))
            continue
        if glyph in OPENING_GLYPHS and opening and not closing:
            # A new opening while a quote is open: the previous one was never closed.
            quotes.append(Quote(open_at, i, index, closed=False, continued=continued, mark_start=mark_at))
            open_at, mark_at, continued = j, i, False
            continue
        quotes.append(Quote(open_at, i, index, continued=continued, mark_start=mark_at, mark_end=j))
        open_at, continued = None, False
    if open_at is not None:
        quotes.append(Quote(open_at, end, index, closed=False, continued=continued, mark_start=mark_at))
        return quotes, True
    return quotes, False


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def find_quotes(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[Quote]:
    """All quotes in text order, their ends trimmed of white space; empty quotes are dropped."""
    quotes: list[Quote] = []
    carried = False
    for index, (start, end) in enumerate(paragraphs if paragraphs is not None else paragraph_spans(text)):
        found, carried = _paragraph_quotes(text, index, start, end, carried)
        for q in found:
            s, e = q.start, _trim_end(text, q.start, q.end)
            while s < e and text[s].isspace():
                s += 1
            if e > s:
                quotes.append(q if (s, e) == (q.start, q.end) else replace(q, start=s, end=e))
    return quotes


# A quotation in single marks, the headline style ("Officer 'shot himself' after attack"): an opening mark
# after a space, a bracket or the start, before a word character; a closing one after a non-space, before a
# space, punctuation or the end. An apostrophe inside a word ("don't", "boys' room") is neither.
_SINGLE_QUOTE = re.compile(r"(?:(?<=^)|(?<=[\s(\[:—–-]))['‘](?=\w)([^'‘’\n]*?[^\s'‘’])['’](?=[\s.,;:!?)\]…—–-]|$)")


def find_single_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of the inside of each quotation in single marks; :func:`find_quotes` leaves them out
    (in a body they are nested quotes or apostrophes), a headline quotes with them."""
    return [(m.start(1), m.end(1)) for m in _SINGLE_QUOTE.finditer(text)]
