"""What article does an HTML page hold? Main text, metadata and captions via trafilatura.

trafilatura finds the main content (precision-leaning settings: comments, captions and
other page furniture out); the body comes back as one string per paragraph. Captions are
read from the page first and removed from the tree, so they never leak into the body.
"""

from __future__ import annotations

import functools
import re

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from newsgraph.ingest.captions import extract_captions, find_caption_elements
from newsgraph.ingest.decode import fix_text
from newsgraph.model import PARAGRAPH_SEPARATOR, InputProblem, RawDocument
from newsgraph.resources import load_lines

EXTRACT_OPTIONS = dict(favor_precision=True, include_comments=False, include_tables=True)
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
MAX_BOILERPLATE_CHARS = 250
_BLOCKS = {"p", "head", "quote", "item", "row", "code", "div", "ab"}
# lxml refuses text holding these: C0 controls but tab and line breaks, and what XML 1.0 excludes beyond
# them (surrogates, U+FFFE, U+FFFF; found by the long fuzz run: a feed entry holding U+FFFF lost).
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


# A document, not text that happens to start with "<": a doctype or a page-level element.
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|link|base|script|style)[\s/>]", re.I)
_XML_DECLARATION = re.compile(r"<\?xml[^>]*>")


def looks_like_html(text: str) -> bool:
    """True when a text starts like an HTML document: a doctype or an html/head/body-level
    tag, after an optional XML declaration and comments."""
    start = text[:5000].lstrip("\ufeff \t\r\n")
    if m := _XML_DECLARATION.match(start):
        start = start[m.end():].lstrip()
    while start.startswith("<!--"):
        end = start.find("-->")
        if end < 0:
            return False
        start = start[end + 3:].lstrip()
    return bool(_HTML_START.match(start))


def read_html(html: str, source: str) -> RawDocument | InputProblem:
    """One article from a page, or a problem when no main text can be found."""
    tree = parse_html(html)
    if tree is None:
        return InputProblem(source, "HTML could not be parsed (malformed or empty page)")
    captions = extract_captions(tree)
    try:
        doc = _extract(tree, with_metadata=True)
    except Exception:  # htmldate's date search asserts on some malformed trees: the text without metadata
        doc = _extract(parse_html(html), with_metadata=False)
    paragraphs = body_paragraphs(doc.body) if doc is not None and doc.body is not None else ()
    title = clean_title(doc.title, doc.sitename) if doc is not None else None
    paragraphs = drop_repeated_title(paragraphs, title)
    if not paragraphs:
        return InputProblem(source, "no article text found in the HTML (malformed page or no main content)")
    return RawDocument(
        source=source,
        text=PARAGRAPH_SEPARATOR.join(paragraphs),
        kind="article",
        title=title,
        url=doc.url or None,
        published=doc.date or None,
        outlet=doc.sitename or None,
        authors=split_authors(doc.author),
        captions=captions,
        paragraphs=paragraphs,
    )


def _extract(tree: etree._Element, *, with_metadata: bool):
    """trafilatura's reading of the page, its captions taken out first (they are kept apart)."""
    for el, _role in find_caption_elements(tree):
        el.drop_tree()
    return trafilatura.bare_extraction(tree, with_metadata=with_metadata, **EXTRACT_OPTIONS)


def parse_html(html: str) -> etree._Element | None:
    try:
        tree = trafilatura.load_html(html)
    except (ValueError, etree.ParserError):
        return None
    return tree


def body_paragraphs(body: etree._Element) -> tuple[str, ...]:
    """The text of each block of trafilatura's body tree; line breaks split paragraphs.

    Short paragraphs matching ``data/ingest/boilerplate_paragraphs.txt`` ("Read more:",
    "Subscribe now", copyright lines) are dropped.
    """
    out: list[str] = []
    for block in _leaf_blocks(body):
        for piece in _block_lines(block):
            line = _clean_line(piece)
            if line and not is_boilerplate(line):
                out.append(line)
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _boilerplate() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in load_lines("ingest/boilerplate_paragraphs.txt")), re.I)


def is_boilerplate(paragraph: str) -> bool:
    return len(paragraph) <= MAX_BOILERPLATE_CHARS and bool(_boilerplate().search(paragraph))


def _leaf_blocks(el: etree._Element):
    """Block elements that hold no further blocks (a list yields its items, a table its rows)."""
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if any(isinstance(g.tag, str) and g.tag in _BLOCKS | {"list", "table"} for g in child.iterdescendants()):
            if child.tag in ("row",):
                yield child
                continue
            yield from _leaf_blocks(child)
            if child.text and child.text.strip():
                yield _text_only(child.text)
        else:
            yield child


def _text_only(text: str) -> etree._Element:
    el = etree.Element("p")
    el.text = text
    return el


def _block_lines(block: etree._Element) -> list[str]:
    """A block's text, split at ``<lb/>`` line breaks; table rows join their cells with spaces."""
    parts: list[str] = [block.text or ""]
    for child in block.iterdescendants():
        if child.tag == "lb":
            parts.append("\n")
        elif block.tag == "row" and child.tag == "cell":
            parts.append(" ")
        if child.text and child.tag != "lb":
            parts.append(child.text)
        if child.tail:
            parts.append(child.tail)
    return "".join(parts).split("\n")


def _clean_line(text: str | None) -> str | None:
    if text is None:
        return None
    return _SPACE.sub(" ", fix_text(text)).strip() or None


_TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|•)\s+")


def clean_title(title: str | None, outlet: str | None) -> str | None:
    """The headline without a trailing " | Outlet" or " - Outlet Section" part naming the site."""
    title = _clean_line(title)
    if not title or not outlet:
        return title
    parts = _TITLE_SEPARATOR.split(title)
    key = _key(outlet)
    while len(parts) > 1 and len(parts[-1].split()) <= 6 and key and (key in _key(parts[-1]) or _key(parts[-1]) in key):
        parts.pop()
    return title[: title.rfind(parts[-1]) + len(parts[-1])] if len(parts) > 0 else title


def _key(text: str) -> str:
    return re.sub(r"\W+|^the", "", text.lower())


def drop_repeated_title(paragraphs: tuple[str, ...], title: str | None) -> tuple[str, ...]:
    """The body without leading paragraphs that only repeat the headline."""
    if not title:
        return paragraphs
    key = _key(title)
    start = 0
    while start < min(len(paragraphs), 2) and _key(paragraphs[start]) == key:
        start += 1
    return paragraphs[start:]


def split_authors(author: str | None) -> tuple[str, ...]:
    if not author:
        return ()
    return tuple(a.strip() for a in re.split(r";|\s+and\s+", author) if a.strip())


def fragment_paragraphs(html: str) -> tuple[str, ...]:
    """Paragraphs of an HTML snippet (a feed entry's content): block elements and <br> split it."""
    if "<" not in html:
        return tuple(p for p in (_clean_line(x) for x in re.split(r"\n\s*\n", html)) if p)
    html = _XML_UNSAFE.sub(lambda m: " " if m.group() in "\x0b\x0c" else "", html)  # form feeds are spaces
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ()
    for el in root.iter("script", "style"):
        el.drop_tree()
    for el in root.iter():
        if el.tag in ("br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "figcaption"):
            el.tail = "\n" + (el.tail or "")
            if el.tag != "br":
                el.text = "\n" + (el.text or "")
    lines = (_clean_line(x) for x in root.text_content().split("\n"))
    return tuple(x for x in lines if x)
