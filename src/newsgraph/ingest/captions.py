"""Which photo captions does a page carry, and who took the photo?

Captions are ``<figcaption>`` elements and elements whose class names a caption; their
credit comes from a nested or sibling element whose class names a credit, or else from the
caption's own wording: a trailing "(AP Photo/Jane Doe)", "Credit: EPA", "Photo: X",
"Jane Doe/Reuters", or a leading "Image copyright X", read by ``newsgraph.credits`` (the one
credit parser; its words are in ``data/credits.yaml``). Captions are kept apart from the body text.
"""

from __future__ import annotations

import re

from lxml import etree

from newsgraph.credits import parse_credit, strip_label
from newsgraph.model import Caption

MAX_CAPTION_CHARS = 600
_CANDIDATES = etree.XPath(
    "//figcaption | //*[not(self::figure) and not(self::body) and not(self::html)]"
    "[contains(translate(@class, 'CAPTIONRED', 'captionred'), 'caption')"
    " or contains(translate(@class, 'CAPTIONRED', 'captionred'), 'credit')]"
)
_NOT_A_CAPTION_CLASS = re.compile(r"^(has|no|with|more|media-with|less)-caption", re.I)
_SPACE = re.compile(r"\s+")


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _role(el: etree._Element) -> str | None:
    """"caption", "credit" or None, from the element's tag and class tokens."""
    tokens = (el.get("class") or "").lower().split()
    tokens = [t for t in tokens if not _NOT_A_CAPTION_CLASS.match(t)]
    if any("credit" in t for t in tokens) and not any("caption" in t for t in tokens):
        return "credit"
    if el.tag == "figcaption" or any("caption" in t for t in tokens):
        return "caption"
    return None


def _mostly_links(el: etree._Element, text: str) -> bool:
    linked = sum(len(_clean(a.text_content())) for a in el.iter("a"))
    return linked > 0.5 * len(text)


def find_caption_elements(tree: etree._Element) -> list[tuple[etree._Element, str]]:
    """Outermost caption/credit elements with their role, in document order."""
    found: list[tuple[etree._Element, str]] = []
    chosen: set[etree._Element] = set()
    for el in _CANDIDATES(tree):
        if not isinstance(el.tag, str) or any(a in chosen for a in el.iterancestors()):
            continue
        role = _role(el)
        text = _clean(el.text_content())
        if role is None or not text or len(text) > MAX_CAPTION_CHARS or _mostly_links(el, text):
            continue
        found.append((el, role))
        chosen.add(el)
    return found


def extract_captions(tree: etree._Element) -> tuple[Caption, ...]:
    """The page's photo captions, each with its credit when one can be found."""
    elements = find_caption_elements(tree)
    credits = [el for el, role in elements if role == "credit"]
    captions: list[Caption] = []
    seen: set[str] = set()
    for el, role in elements:
        if role != "caption":
            continue
        inner = [c for c in el.iter() if c is not el and _role(c) == "credit"]
        credit_el = inner[0] if inner else _sibling_credit(el, credits)
        text = _clean(el.text_content())
        credit = _clean(credit_el.text_content()) if credit_el is not None else None
        if credit and text.endswith(credit):
            text = text[: -len(credit)].strip()
        caption = split_credit(text) if not credit else Caption(text=text.strip(), credit=strip_label(credit))
        if caption.text and caption.text not in seen:
            seen.add(caption.text)
            captions.append(caption)
    return tuple(captions)


def _sibling_credit(el: etree._Element, credits: list[etree._Element]) -> etree._Element | None:
    """A credit element sharing the caption's parent or figure, if there is exactly one."""
    scope = next((a for a in el.iterancestors() if a.tag == "figure"), el.getparent())
    if scope is None:
        return None
    near = [c for c in credits if any(a is scope for a in c.iterancestors())]
    return near[0] if len(near) == 1 else None


def split_credit(text: str) -> Caption:
    """A caption's text and credit, when the credit is written inside the caption itself."""
    text, credit = parse_credit(_clean(text), caption=True)
    return Caption(text=text, credit=credit)
