"""How does a raw document become clean articles: headline, captions, subheads, body paragraphs?"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field

from newsgraph.model import PARAGRAPH_SEPARATOR, Article, Caption, RawDocument, replace
from newsgraph.segment.captions import as_caption, caption_date, complete_caption, credit_only
from newsgraph.segment.lines import byline_names, is_artifact, is_subhead, line_key
from newsgraph.segment.outlet import infer_outlet
from newsgraph.segment.split import Unit, is_headline, split_articles, split_chunks, to_units

_ISO_PREFIX = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?(?!\d)")


@dataclass
class Parts:
    """What one article's units were read as."""

    headline: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    subheads: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)


def segment(doc: RawDocument, *, published: str | None = None, outlet: str | None = None) -> list[Article]:
    """The clean articles in one raw document (a dump may hold several; an extracted article is one)."""
    if doc.kind == "article":
        units = to_units(PARAGRAPH_SEPARATOR.join(doc.paragraphs) if doc.paragraphs
                         else PARAGRAPH_SEPARATOR.join(split_chunks(doc.text)))
        pieces = [read_parts(units, headline=doc.title, captions=doc.captions)]
    else:
        chunks = split_chunks(doc.text)
        pieces = [read_parts(units) for chunk in chunks for units in split_articles(to_units(chunk))]
        if len(pieces) == 1 and pieces[0].headline is None and doc.title:
            pieces[0].headline = doc.title
    kept = [p for p in pieces if p.paragraphs] or [p for p in pieces if p.headline]
    outlet = outlet or doc.outlet or infer_outlet(par for p in kept for par in p.paragraphs)
    return [_to_article(p, doc, iso_date(published or doc.published), outlet) for p in kept]


def split_oversized(article: Article, max_chars: int) -> list[Article]:
    """An article longer than ``max_chars`` as consecutive parts, each at most that long.

    Parts break between paragraphs; a paragraph longer than the limit breaks after its last
    sentence end (or space) before the limit. Each part is an article of its own (own id and
    offsets), headed "<headline> (part k of n)", so nothing of the text is lost.
    """
    if len(article.text) <= max_chars:
        return [article]
    pieces = [piece for par in article.paragraphs for piece in _cut(par, max_chars)]
    groups: list[list[str]] = [[]]
    size = 0
    for piece in pieces:
        added = len(piece) + (len(PARAGRAPH_SEPARATOR) if groups[-1] else 0)
        if groups[-1] and size + added > max_chars:
            groups.append([])
            size, added = 0, len(piece)
        groups[-1].append(piece)
        size += added
    head = article.headline or article.source_file
    out = []
    for k, group in enumerate(groups, 1):
        text = PARAGRAPH_SEPARATOR.join(group)
        out.append(replace(
            article, id=hashlib.sha256(text.encode("utf-8")).hexdigest(), text=text, paragraphs=tuple(group),
            headline=f"{head} (part {k} of {len(groups)})", captions=article.captions if k == 1 else (),
        ))
    return out


def _cut(paragraph: str, max_chars: int) -> list[str]:
    out = []
    while len(paragraph) > max_chars:
        window = paragraph[:max_chars]
        at = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        at = at + 1 if at > max_chars // 2 else window.rfind(" ")
        at = at if at > 0 else max_chars
        out.append(paragraph[:at].rstrip())
        paragraph = paragraph[at:].lstrip()
    return out + ([paragraph] if paragraph else [])


def read_parts(
    units: list[Unit], *, headline: str | None = None, captions: tuple[Caption, ...] = ()
) -> Parts:
    """Sort one article's units into headline, captions, bylines, subheads and paragraphs; drop repeats."""
    parts = Parts(headline=headline)
    for caption in captions:
        _add_caption(parts, complete_caption(caption))
    if headline is None and len(units) > 1 and is_headline(units[0].text):
        parts.headline, units = units[0].text, units[1:]
    seen = {line_key(parts.headline)} if parts.headline else set()
    after_paragraph = False
    for unit in units:
        text = unit.text
        if line_key(text) in seen:
            continue
        seen.add(line_key(text))
        if credit := credit_only(text):  # a lone credit makes the paragraph just above a caption
            if after_paragraph:
                above = parts.paragraphs.pop()
                _add_caption(parts, Caption(text=above, credit=credit, date=caption_date(above)))
        elif caption := as_caption(text):
            _add_caption(parts, caption)
        elif names := byline_names(text):
            parts.authors.extend(names)
        elif is_subhead(text):
            parts.subheads.append(text)
        else:
            parts.paragraphs.append(text)
            after_paragraph = True
            continue
        after_paragraph = False
    if not parts.paragraphs and parts.subheads:  # a heading heads a body: with none, the lines that read
        body = [s for s in parts.subheads if _could_be_a_sentence(s)]  # as sentences are the body
        if body:  # (a wire line, a one-sentence feed item without its full stop)
            parts.paragraphs, parts.subheads = body, [s for s in parts.subheads if s not in body]
    return parts


MIN_SENTENCE_WORDS = 4  # "Police arrested two protesters" reads as a sentence; "Hi there", "Share this" do not


def _could_be_a_sentence(line: str) -> bool:
    return len(line.split()) >= MIN_SENTENCE_WORDS and not line.isupper()


def _add_caption(parts: Parts, caption: Caption) -> None:
    """Add a caption unless one with the same text is already there, or it is page furniture
    ("Image 1 of 8", "Media playback is unsupported on your device": ``data/artifacts.txt``)."""
    if is_artifact(caption.text):
        return
    if all(line_key(c.text) != line_key(caption.text) for c in parts.captions):
        parts.captions.append(caption)


def iso_date(value: str | None) -> str | None:
    """A given publication date as ISO ("2025-06-24", "2025-06", "2025"), or None if unreadable."""
    if not value or not value.strip():
        return None
    match = _ISO_PREFIX.match(value.strip())
    if match:  # a date the calendar has (year 1 to 9999), else none: "0000-12-31", "2025-02-30" are not dates
        return match.group(0) if _on_the_calendar(match.group(0)) else None
    found = caption_date(value)
    if found:
        return found
    import dateparser  # slow to import; only reached for unusual date strings

    parsed = dateparser.parse(value, settings={"RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date().isoformat() if parsed else None


def _on_the_calendar(iso: str) -> bool:
    import datetime

    try:
        return bool(datetime.date.fromisoformat(iso + {4: "-01-01", 7: "-01"}.get(len(iso), "")))
    except ValueError:
        return False


def _to_article(parts: Parts, doc: RawDocument, published: str | None, outlet: str | None) -> Article:
    text = PARAGRAPH_SEPARATOR.join(parts.paragraphs)
    return Article(
        id=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source_file=os.path.basename(doc.source),
        headline=parts.headline,
        text=text,
        paragraphs=tuple(parts.paragraphs),
        outlet=outlet,
        url=doc.url,
        published=published,
        authors=doc.authors or tuple(parts.authors),
        captions=tuple(parts.captions),
        subheads=tuple(parts.subheads),
    )
