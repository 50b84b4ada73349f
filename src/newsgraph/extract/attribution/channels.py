"""Through what channel was it said? "told the Harbour Ledger", "in a statement", "in an interview with X"."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsgraph.extract.attribution.lexicon import CueVerb, Lexicon
from newsgraph.extract.reference import phrase_bounds


def channel(tok: Token, verb: CueVerb, lex: Lexicon) -> str | None:
    doc = tok.doc
    preps = [c for c in tok.children if c.dep_ == "prep"]
    if verb.recipient:
        for c in tok.children:
            if c.dep_ in ("dobj", "dative") and c.i > tok.i:
                if c.lemma_.lower() not in lex.generic_audiences and c.lower_ not in lex.generic_audiences and c.pos_ != "PRON":
                    return _name_of(doc, *phrase_bounds(c))
                preps.extend(g for g in c.children if g.dep_ == "prep")
    for prep in preps:
        obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
        if obj is None:
            continue
        if prep.lower_ == "to" and obj.pos_ == "PROPN":
            return _name_of(doc, *phrase_bounds(obj))
        if prep.lower_ in lex.channel_preps and obj.lemma_.lower() in lex.channel_nouns:
            if obj.lemma_.lower() in lex.interview_nouns:
                for g in obj.children:
                    if g.dep_ == "prep" and g.lower_ == "with":
                        outlet = next((x for x in g.children if x.dep_ == "pobj"), None)
                        if outlet is not None:
                            return _name_of(doc, *phrase_bounds(outlet))
            return doc[obj.left_edge.i : obj.i + 1].text
    return None


def _name_of(doc: Doc, start: int, end: int) -> str:
    """A named channel without its article: "told the Harbour Ledger" -> "Harbour Ledger"."""
    if end - start > 1 and doc[start].lower_ == "the" and doc[start + 1].is_title:
        start += 1
    return doc[start:end].text

