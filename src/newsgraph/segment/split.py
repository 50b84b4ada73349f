"""Where does one article of a raw dump end and the next begin?

A dump is first cut at explicit separators (form feeds, "-----", "* * *", "END OF ARTICLE",
listed in ``data/segment/separators.txt``). Each piece becomes a list of units (one paragraph,
caption or heading each). A piece holds several articles when a headline-like unit
opens a new one after some body text: its block (headline, captions) is repeated, as
scrapers that paste a page's header twice leave it, or it is directly followed by a photo
caption, or it is a title-case line after a wider gap than paragraphs have.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsgraph.segment.captions import as_caption, credit_only
from newsgraph.segment.lines import (
    closes_sentence, ends_sentence, is_artifact, is_headline_like, is_title_case, line_key, normalize,
    separator_kind,
)

_REPEAT_WINDOW = 6  # a headline repeated within this many units marks a duplicated header block
_WRAP_MIN, _WRAP_MAX = 40, 100  # line widths of hard-wrapped text


@dataclass(frozen=True)
class Unit:
    """One paragraph-sized piece of a dump and the number of blank lines before it."""

    text: str
    gap: int = 1


def split_chunks(text: str) -> list[str]:
    """The pieces of a dump between explicit separators (form feeds and separator lines).

    A section break ("* * *", "___") only separates articles when a headline follows it;
    otherwise it is dropped and the text on both sides stays one piece.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks: list[list[str]] = []
    for page in text.split("\f"):
        lines = page.split("\n")
        chunks.append([])
        for i, line in enumerate(lines):
            kind = separator_kind(line)
            if kind == "end" or (kind == "break" and _headline_follows(lines[i + 1 :])):
                chunks.append([])
            elif kind is None:
                chunks[-1].append(line)
    return ["\n".join(c) for c in chunks if any(line.strip() for line in c)]


def _headline_follows(lines: list[str]) -> bool:
    """Is the next line with words a headline (in ordinary case, not a shouted section title)?"""
    for line in lines:
        if line.strip() and not is_artifact(line):
            return is_headline(normalize(line)) and not line.isupper()
    return False


def to_units(text: str) -> list[Unit]:
    """The paragraphs of a piece without artifacts: one per line, or one per block of wrapped lines."""
    units: list[Unit] = []
    gap = carried = 0  # blank lines before the next unit; the widest gap around dropped blocks
    for block in _blocks(text):
        if block is None:
            gap += 1
            continue
        lines = [normalize(l) for l in block if not is_artifact(l)]
        if not lines:  # a block of artifacts: the blanks on either side count as one gap
            carried, gap = max(carried, gap), 0
            continue
        if _is_wrapped(lines):
            lines = [" ".join(lines)]
        units.append(Unit(lines[0], max(gap, carried)))
        units.extend(Unit(line, 0) for line in lines[1:])
        gap = carried = 0
    return units


def _blocks(text: str) -> list[list[str] | None]:
    """Runs of non-blank lines, with one None for each blank line between them."""
    out: list[list[str] | None] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line)
            continue
        if current:
            out.append(current)
            current = []
        out.append(None)
    if current:
        out.append(current)
    return out


def _is_wrapped(lines: list[str]) -> bool:
    """Is this block one paragraph broken into lines of even width (a hard-wrapped text)?"""
    if len(lines) < 2 or len({line_key(l) for l in lines}) < len(lines):
        return False
    if any(as_caption(l) or credit_only(l) for l in lines):
        return False
    widths = [len(l) for l in lines]
    inner = widths[:-1]
    return (
        max(widths) <= _WRAP_MAX
        and min(inner) >= max(_WRAP_MIN, 0.6 * max(widths))
        and any(not ends_sentence(l) for l in lines[:-1])
    )


def is_headline(text: str) -> bool:
    """A headline-like line that is not a photo caption or a lone credit."""
    return is_headline_like(text) and as_caption(text) is None and credit_only(text) is None


def starts_article(units: list[Unit], i: int) -> bool:
    """Does the headline-like unit at ``i`` open a new article rather than head a section?"""
    unit = units[i]
    if not is_headline(unit.text):
        return False
    key = line_key(unit.text)
    following = units[i + 1 : i + 1 + _REPEAT_WINDOW]
    if any(line_key(u.text) == key for u in following):
        return True
    rest = [u for u in following if line_key(u.text) != key]
    if rest and as_caption(rest[0].text):
        return True
    wide_gap = unit.gap >= 2 and closes_sentence(units[i - 1].text)
    return wide_gap and is_title_case(unit.text) and not unit.text.isupper()


def split_articles(units: list[Unit]) -> list[list[Unit]]:
    """The units of each article in a piece, in order.

    A new article may only start once the current one has a body paragraph, so a repeated
    header block or a standfirst never opens an empty article.
    """
    articles: list[list[Unit]] = []
    current: list[Unit] = []
    headline_key, has_body = None, False
    for i, unit in enumerate(units):
        key = line_key(unit.text)
        if has_body and key != headline_key and starts_article(units, i):
            articles.append(current)
            current, headline_key, has_body = [], None, False
        if not current and is_headline(unit.text):
            headline_key = key
        current.append(unit)
        has_body = has_body or _is_body(unit.text)
    if current:
        articles.append(current)
    return articles


def _is_body(text: str) -> bool:
    """Running text: a sentence-final line of some length that is no caption."""
    return len(text.split()) >= 8 and closes_sentence(text) and as_caption(text) is None
