"""Who and what does an article name? One Entity per person, organisation or place, with every mention.

Within one article, name variants are merged ("Haftar" joins "Khalifa Haftar"; "the Libyan
National Army" and a later bare "LNA" join the entity defined as "Libyan National Army (LNA)"),
"the former"/"the latter" become mentions of the person they point back to, and titles beside
a name become the entity's roles. Captions are read too: a person named only under a photo is
still an entity, but only mentions in ``Article.text`` carry offsets.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from newsgraph.credits import credit_like
from newsgraph.extract.entities.mentions import (
    AcronymDefinition,
    RawMention,
    acronym_definitions,
    doc_mentions,
)
from newsgraph.extract.entities.words import entity_words
from newsgraph.model import Article, Entity, Mention
from newsgraph.nlp import text_of

_FORMER_LATTER = re.compile(r"\b[Tt]he (former|latter)\b")
_NOUNISH = {"NOUN", "PROPN", "ADJ", "NUM"}
_SURNAME_JOINERS = {"PERSON", "ORG", "PRODUCT", "NORP"}


@dataclass
class _Cluster:
    mentions: list[RawMention] = field(default_factory=list)
    acronym_long_form: str | None = None
    label: str = ""

    def names(self) -> list[str]:
        return [m.text for m in self.mentions if not _is_reference(m)]

    def canonical(self) -> str:
        ruler = next((m.ruler_id for m in self.mentions if m.ruler_id), None)
        if ruler:
            return ruler
        if self.acronym_long_form:
            return self.acronym_long_form
        return max(self.names(), key=len)

    def first_position(self) -> tuple[int, int]:
        return min((0, m.start) if m.doc_index == 0 else (1, m.doc_index) for m in self.mentions)


def extract_entities(article: Article, doc: Doc, caption_docs: Sequence[Doc] | None = None) -> tuple[Entity, ...]:
    """The entities of ``article``; ``doc`` is ``nlp(article.text)``.

    ``caption_docs`` are the parsed caption texts (see ``caption_texts``); when None they are
    parsed here with the shared pipeline. Ids are "e1", "e2"... in order of first mention in the
    body; entities named only in captions come last and have no mentions.
    """
    if caption_docs is None:
        caption_docs = parse_captions(article)
    mentions = doc_mentions(doc, 0)
    definitions, added = acronym_definitions(doc, mentions, 0)
    mentions.extend(added)
    for index, cdoc in enumerate(caption_docs, start=1):
        found = doc_mentions(cdoc, index)
        defs, more = acronym_definitions(cdoc, found, index)
        mentions.extend(found + more)
        definitions.extend(defs)
    mentions.extend(_bare_acronym_mentions(doc, definitions, mentions))
    clusters = _cluster(mentions, definitions)
    _merge_surnames(clusters)
    _add_bare_surnames(doc, clusters)
    _resolve_former_latter(doc, clusters)
    clusters.sort(key=_Cluster.first_position)
    return tuple(_entity(f"e{k}", c) for k, c in enumerate(clusters, start=1))


_CREDIT_TAIL = re.compile(r"\s*\(([^()]*)\)\s*$")


def caption_texts(article: Article) -> list[str]:
    """Distinct caption texts without a trailing "(AFP)"-style photo credit."""
    seen: list[str] = []
    for caption in article.captions:
        text = caption.text.strip()
        tail = _CREDIT_TAIL.search(text)
        if tail and (tail.group(1).strip() == caption.credit or credit_like(tail.group(1))):
            text = text[: tail.start()]
        if text and text not in seen:
            seen.append(text)
    return seen


def parse_captions(article: Article) -> list[Doc]:
    texts = caption_texts(article)
    if not texts:
        return []
    from newsgraph.nlp import get_nlp

    return list(get_nlp().pipe(texts))


def _is_reference(m: RawMention) -> bool:
    return m.label == "_REF"


def _key(name: str) -> str:
    return re.sub(r"[\s\-‐]+", " ", name.lower()).strip()


def _name_words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s\-‐]+", name.lower()) if w]


def _bare_acronym_mentions(
    doc: Doc, definitions: list[AcronymDefinition], mentions: list[RawMention]
) -> list[RawMention]:
    """Every body occurrence of a defined acronym that no entity span covers yet ("LNA commander")."""
    text = text_of(doc)
    covered = [(m.start, m.end) for m in mentions if m.doc_index == 0]
    added = []
    for acronym in {d.acronym: d for d in definitions}.values():
        for match in re.finditer(rf"(?<![\w-]){re.escape(acronym.acronym)}(?![\w-])", text):
            s, e = match.span()
            if any(s < ce and cs < e for cs, ce in covered):
                continue
            span = doc.char_span(s, e)
            if span is None:
                continue
            sent_start = span.sent.start if doc.has_annotation("SENT_START") else 0
            added.append(RawMention(0, s, e, span.text, acronym.label, None, [], span.start, sent_start))
            covered.append((s, e))
    return added


def _cluster(mentions: list[RawMention], definitions: list[AcronymDefinition]) -> list[_Cluster]:
    long_forms = {d.acronym: d.long_form for d in definitions}
    clusters: dict[str, _Cluster] = {}
    for m in sorted(mentions, key=lambda m: (m.doc_index, m.start)):
        name = long_forms.get(m.text) or m.ruler_id or m.text
        key = _key(name)
        cluster = clusters.setdefault(key, _Cluster())
        cluster.mentions.append(m)
        if m.text in long_forms:
            cluster.acronym_long_form = long_forms[m.text]
    for d in definitions:
        if _key(d.long_form) in clusters:
            clusters[_key(d.long_form)].acronym_long_form = d.long_form
    out = list(clusters.values())
    for c in out:
        c.label = _label(c)
    return out


def _label(cluster: _Cluster) -> str:
    """The ruler's label if a data file named it; else the commonest label, ties to the longest name's."""
    named = [m for m in cluster.mentions if not _is_reference(m)]
    ruler = [m.label for m in named if m.ruler_id]
    if ruler:
        return Counter(ruler).most_common(1)[0][0]
    counts = Counter(m.label for m in named)
    best = max(counts.values())
    longest = max(named, key=lambda m: len(m.text))
    label = longest.label if counts[longest.label] == best else counts.most_common(1)[0][0]
    if label == "ORG" and _key(cluster.canonical()) in entity_words().country_names:
        return "GPE"
    return label


def _merge_surnames(clusters: list[_Cluster]) -> None:
    """Fold a short person name into the one longer PERSON name it can only mean ("Haftar")."""
    persons = [c for c in clusters if c.label in {"PERSON", "ORG"} and not any(m.ruler_id for m in c.mentions)]
    for short in list(clusters):
        if short.label not in _SURNAME_JOINERS or any(m.ruler_id for m in short.mentions):
            continue
        words = _name_words(short.canonical())
        targets = {
            id(p): p
            for p in persons
            if p is not short and is_short_form(words, _name_words(p.canonical()))
        }
        if len(targets) != 1 or (short.label != "PERSON" and len(words) > 1):
            continue
        if short.label != "PERSON" and next(iter(targets.values())).label != "PERSON":
            continue
        target = next(iter(targets.values()))
        target.mentions.extend(short.mentions)
        if short.label == "PERSON":
            target.label = "PERSON"  # "Osso said" settles what "Marek Osso" (tagged ORG) is
        clusters.remove(short)
        if short in persons:
            persons.remove(short)


def _add_bare_surnames(doc: Doc, clusters: list[_Cluster]) -> None:
    """Mentions of a person's surname the model did not tag ("Venn later said ...")."""
    covered = [(m.start, m.end) for c in clusters for m in c.mentions if m.doc_index == 0]
    surnames: dict[str, list[_Cluster]] = {}
    for c in clusters:
        parts = c.canonical().split()
        if c.label == "PERSON" and len(parts) >= 2 and len(parts[-1]) >= 3 and parts[-1][:1].isupper():
            surnames.setdefault(parts[-1], []).append(c)
    other_names = {_key(n) for c in clusters if c.label != "PERSON" for n in c.names()}
    has_sents = doc.has_annotation("SENT_START")
    for surname, owners in surnames.items():
        if len(owners) != 1 or _key(surname) in other_names:
            continue
        for match in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text_of(doc)):
            s, e = match.span()
            span = doc.char_span(s, e)
            if span is None or any(s < ce and cs < e for cs, ce in covered):
                continue
            sent_start = span.sent.start if has_sents else 0
            owners[0].mentions.append(RawMention(0, s, e, span.text, "PERSON", None, [], span.start, sent_start))
            covered.append((s, e))


def is_short_form(short: list[str], full: list[str]) -> bool:
    if not short or len(short) >= len(full):
        return False
    if full[-len(short) :] == short:
        return True
    return len(short) >= 2 and short[0] == full[0] and short[-1] == full[-1]


def _resolve_former_latter(doc: Doc, clusters: list[_Cluster]) -> None:
    """Add "the former"/"the latter" as a mention of the first/second of the last two persons named.

    """
    persons = [(m.token_start, id(c)) for c in clusters if c.label == "PERSON" for m in c.mentions if m.doc_index == 0]
    by_id = {id(c): c for c in clusters}
    has_sents = doc.has_annotation("SENT_START")
    for match in _FORMER_LATTER.finditer(text_of(doc)):
        span = doc.char_span(match.start(), match.end())
        if span is None:
            continue
        after = doc[span.end] if span.end < len(doc) else None
        if after is not None and after.pos_ in _NOUNISH and after.text not in {"'s", "’s"}:
            continue  # "the former president" is a description, not a back reference
        # The pair the phrase points back to, in the order first named: from this sentence when it
        # names two persons before the phrase, else from this and the previous sentence.
        order: list[int] = []
        for window_start in _windows(doc, span.start, has_sents):
            order = []
            for token_start, cid in sorted(persons):
                if window_start <= token_start < span.start and cid not in order:
                    order.append(cid)
            if len(order) >= 2:
                break
        if len(order) < 2:
            continue
        target = by_id[order[-1] if match.group(1) == "latter" else order[-2]]
        target.mentions.append(
            RawMention(0, span.start_char, span.end_char, span.text, "_REF", None, [], span.start, span.start)
        )


def _windows(doc: Doc, token: int, has_sents: bool) -> list[int]:
    """Token starts of the search windows before ``token``: its sentence, then one sentence more."""
    if not has_sents:
        return [0]
    sent = doc[token].sent
    return [sent.start, doc[sent.start - 1].sent.start] if sent.start > 0 else [sent.start]


def _entity(entity_id: str, cluster: _Cluster) -> Entity:
    name = cluster.canonical()
    aliases: list[str] = []
    seen = {_key(name)}
    roles: list[str] = []
    ordered = sorted(cluster.mentions, key=lambda m: (m.doc_index, m.start))
    for m in ordered:
        if not _is_reference(m) and _key(m.text) not in seen:
            seen.add(_key(m.text))
            aliases.append(m.text)
        for role in m.roles:
            if role not in roles:
                roles.append(role)
    mentions = sorted({(m.start, m.end, m.text) for m in ordered if m.doc_index == 0})
    return Entity(
        id=entity_id,
        name=name,
        type=cluster.label,
        aliases=tuple(aliases),
        roles=tuple(roles),
        mentions=tuple(Mention(s, e, t) for s, e, t in mentions),
    )
