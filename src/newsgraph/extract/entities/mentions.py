"""Which stretches of a parsed text name an entity, and what label, canonical hint and roles go with each?

Starts from the pipeline's ``doc.ents`` (statistical NER plus our data-file ruler) and tidies them:
leading "the" and trailing possessives go, junk ("TT", dates, numbers) is dropped, a name grows
over an organisation head ("UN" + "human rights office") or a facility head ("Misrata" +
"air base", keeping the city as well), titles glued to a person's name move to its roles.
Acronyms defined in parentheses ("Libyan National Army (LNA)") are found here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from newsgraph.extract.entities.roles import leading_titles, person_roles
from newsgraph.extract.entities.words import EntityWords, entity_words
from newsgraph.nlp import text_of

_POSSESSIVE = {"'s", "’s", "'", "’"}
_ACRONYM_IN_PARENS = re.compile(r"\(\s*([A-Z][A-Za-z.&-]{1,11})\s*\)")
_ACRONYM_STOP = {"of", "the", "and", "for", "in", "on", "de", "du", "al", "el", "&"}


@dataclass
class RawMention:
    """One naming of an entity in one doc (the body or a caption)."""

    doc_index: int  # 0 = the article body; 1.. = captions (their offsets are not into Article.text)
    start: int  # character offsets into that doc's text
    end: int
    text: str
    label: str
    ruler_id: str | None = None  # canonical name given by a data-file pattern
    roles: list[str] = field(default_factory=list)
    token_start: int = 0
    sent_token_start: int = 0
    acronym_of: str | None = None  # the long form this acronym was defined for


@dataclass(frozen=True)
class AcronymDefinition:
    acronym: str
    long_form: str
    label: str


def doc_mentions(doc: Doc, doc_index: int = 0) -> list[RawMention]:
    """The tidied entity mentions of one doc, in text order."""
    words = entity_words()
    out: list[RawMention] = []
    for ent in doc.ents:
        if ent.label_ not in words.keep_labels:
            continue
        span = _trim(ent, words)
        if span is None or _inside_title(span, words):
            continue
        ruler_id = ent.ent_id_ or None
        label = ent.label_
        roles: list[str] = []
        if label == "PERSON":
            n = leading_titles(span)
            if n:
                roles.append(span[:n].text)
                span = span[n:]
            span = _grow_person_left(span, words)
            roles.extend(person_roles(span))
        grown = _grow_org(span, words) if label in {"ORG", "NORP", "GPE"} else None
        if grown is not None:
            span, label, ruler_id = grown, "ORG", None
        facility = _grow_facility(span, words) if label in {"GPE", "LOC", "FAC", "PERSON", "PRODUCT"} else None
        if facility is not None:
            if label in {"GPE", "LOC"}:
                out.append(_mention(doc_index, span, label, ruler_id, roles))
            span, label, ruler_id, roles = facility, "FAC", None, []
        if _is_junk(span.text, words):
            continue
        out.append(_mention(doc_index, span, label, ruler_id, roles))
    return out


def acronym_definitions(
    doc: Doc, mentions: list[RawMention], doc_index: int = 0
) -> tuple[list[AcronymDefinition], list[RawMention]]:
    """Acronyms defined in parentheses right after their long form: "Libyan National Army (LNA)".

    Returns the definitions and any long forms the NER had missed (as new mentions).
    """
    text = text_of(doc)
    found: list[AcronymDefinition] = []
    added: list[RawMention] = []
    by_end = {m.end: m for m in mentions}
    for match in _ACRONYM_IN_PARENS.finditer(text):
        acronym = match.group(1)
        if sum(c.isupper() for c in acronym) < 2:
            continue
        end = len(text[: match.start()].rstrip())
        long_mention = by_end.get(end)
        if long_mention is not None and _initials_match(acronym, long_mention.ruler_id or long_mention.text):
            label = long_mention.label if long_mention.label != "NORP" else "ORG"
            found.append(AcronymDefinition(acronym, long_mention.ruler_id or long_mention.text, label))
            continue
        start = _capitalised_run_matching(text, end, acronym)
        span = doc.char_span(start, end) if start is not None else None
        if span is not None:
            label = next((m.label for m in mentions if m.start == match.start(1)), "ORG")
            found.append(AcronymDefinition(acronym, span.text, label))
            added.append(_mention(doc_index, span, label, None, []))
    return found, added


def _mention(doc_index: int, span: Span, label: str, ruler_id: str | None, roles: list[str]) -> RawMention:
    doc = span.doc
    sent_start = span.sent.start if doc.has_annotation("SENT_START") else 0
    return RawMention(
        doc_index=doc_index,
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        label=label,
        ruler_id=ruler_id,
        roles=roles,
        token_start=span.start,
        sent_token_start=sent_start,
    )


def _trim(ent: Span, words: EntityWords) -> Span | None:
    """Drop a leading article, trailing possessive/punctuation and (for model spans) trailing lowercase words."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if not ent.ent_id_:
        # trailing lowercase words are rarely part of a name, unless glued on ("Ban Ki-moon")
        while end > start + 1 and doc[end - 1].is_lower and doc[end - 1].is_alpha and doc[end - 2].whitespace_:
            end -= 1
        while end < len(doc) and doc[end - 1].text in {"-", "‐"} and not doc[end - 1].whitespace_:
            end += 1  # the model stopped inside a hyphenated name: "Ban Ki-" + "moon"
        if ent.label_ == "PERSON":
            # "Crooked Hillary Clinton", "Lawmakers Rip Donald Trump": leading words that are not names
            while end - start > 1 and doc[start].pos_ in {"ADJ", "NOUN", "VERB"} and doc[start].whitespace_:
                start += 1
    if end <= start:
        return None
    span = doc[start:end]
    return None if "\n" in span.text else span


def _inside_title(span: Span, words: EntityWords) -> bool:
    """A name wedged between title words is part of the title: "Deputy [Defense] Minister"."""
    doc = span.doc
    if span.label_ == "PERSON" or span.start == 0 or span.end >= len(doc):
        return False
    before, after = doc[span.start - 1], doc[span.end]
    return all(t.text[:1].isupper() and t.lower_ in words.titles for t in (before, after))


def _grow_person_left(span: Span, words: EntityWords) -> Span:
    """Take in a first name the model left out: "Ana-Maria [Velkova]".

    A whitespace-delimited word right before the name joins it when it is capitalised and
    hyphenated ("Yunus-bek", "Abdul-Hamid") or a lone capitalised proper noun that is neither a
    title nor part of another entity. At most two words.
    """
    doc = span.doc
    start = span.start
    for _ in range(2):
        i = start - 1
        if i < 0 or not doc[i].text or doc[i].whitespace_ == "":
            break
        first = i
        while first > 0 and doc[first - 1].whitespace_ == "" and not doc[first - 1].is_space:
            first -= 1
        word = doc[first : i + 1]
        if "\n" in word.text or not word.text[:1].isupper() or any(t.ent_type_ and t.ent_type_ != "PERSON" for t in word):
            break
        if any(t.lower_ in words.titles or t.lower_ in words.ranks for t in word):
            break
        hyphenated = len(word) >= 3 and any(t.text in {"-", "‐"} for t in word)
        lone_name = len(word) == 1 and word[0].pos_ == "PROPN" and word[0].is_title and not word[0].is_sent_start
        if not (hyphenated or lone_name):
            break
        start = first
    return doc[start : span.end] if start != span.start else span


def _grow_org(span: Span, words: EntityWords) -> Span | None:
    """"UN" + "human rights office" -> "UN human rights office" (lowercase words ending in an org head)."""
    doc = span.doc
    last_head = None
    i = span.end
    while i < len(doc) and i < span.end + 4:
        tok = doc[i]
        if not (tok.is_lower and tok.is_alpha and tok.pos_ in {"NOUN", "ADJ", "PROPN"}):
            break
        if tok.lower_ in words.org_heads:
            last_head = i
        i += 1
    return doc[span.start : last_head + 1] if last_head is not None else None


def _grow_facility(span: Span, words: EntityWords) -> Span | None:
    """"Misrata" + "air base" -> "Misrata air base"."""
    doc = span.doc
    for head in words.facility_heads:
        end = span.end + len(head)
        if end <= len(doc) and tuple(t.lower_ for t in doc[span.end : end]) == head:
            return doc[span.start : end]
    return None


def _is_junk(text: str, words: EntityWords) -> bool:
    if text in words.not_entities or len(text) < 2 or not any(c.isalpha() for c in text):
        return True
    # Model spans with no capital letter are rarely names; listed ones ("dpa") are kept.
    return not any(c.isupper() for c in text) and text.lower() not in words.listed_names


def _acronym_letters(name: str) -> tuple[str, str]:
    """(initials of every word, initials of the significant words); an all-capital word gives all its letters."""
    all_initials, significant = [], []
    for word in re.split(r"[\s\-‐]+", name):
        word = word.strip("().,'’\"")
        if not word:
            continue
        piece = word.lower() if word.isupper() and len(word) <= 5 else word[0].lower()
        all_initials.append(piece)
        if word.lower() not in _ACRONYM_STOP:
            significant.append(piece)
    return "".join(all_initials), "".join(significant)


def _initials_match(acronym: str, name: str) -> bool:
    letters = "".join(c.lower() for c in acronym if c.isalpha())
    every, significant = _acronym_letters(name)
    return letters in {every, significant}


def _capitalised_run_matching(text: str, end: int, acronym: str) -> int | None:
    """Start of the shortest run of capitalised words ending at ``end`` whose initials spell ``acronym``."""
    line_start = text.rfind("\n", 0, end) + 1
    words_ = list(re.finditer(r"\S+", text[line_start:end]))[-10:]
    for k in range(len(words_) - 1, -1, -1):
        first = words_[k].group()
        if not first[:1].isupper():
            if first.lower() in _ACRONYM_STOP:
                continue
            break
        start = line_start + words_[k].start()
        if _initials_match(acronym, text[start:end]):
            return start
    return None
