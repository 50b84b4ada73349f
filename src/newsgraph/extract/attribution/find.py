"""Who said what? Quotations and reported speech with their speakers, cues, channels and stance.

One pass over the parsed sentences finds cue words (data/attribution/cues.yaml) and reads their
content from the parse (a that-clause, an object, "according to X"); quotations found by quote-mark pairing
then snap those contents to the quoted text (direct or mixed form). Quotations no cue claimed
take the cue right next to them, or continue the previous speaker. Speakers are resolved by
the article's reference service (``extract.reference``); stance by ``stance.decide_stance``.

The steps live beside this module: ``cues`` (drafts from cue words, "according to", "NAME:"),
``channels``, ``snapping`` (contents to quotations, quotations no cue claimed), ``nesting``
(nested and duplicate drafts), ``finish`` (speakers, stance, records); ``drafts`` holds the
draft record and offset helpers. The learned tagger's proposals join the rule drafts through
``draft_filter`` (``learned`` without its weights).

What is not an attribution: a request for anonymity after a cue ("who asked not to be named"), a
cue nested in someone else's reported content unless it reports speech itself (PolNeAR keeps the
outermost attribution only: "said the delegation had rejected a proposal" is the sayer's claim),
and a denial read only from a negated content that answers no claim ("We have never seen ...").
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc

from newsgraph.extract.attribution.cues import colon_speakers, draft_from_cue
from newsgraph.extract.attribution.drafts import Draft
from newsgraph.extract.attribution.finish import finish
from newsgraph.extract.attribution.learned import tagged_drafts
from newsgraph.extract.attribution.lexicon import lexicon
from newsgraph.extract.attribution.nesting import (
    cut_relative_counters, dedupe, drop_nested, nest_according, nest_hearsay, relay_according)
from newsgraph.extract.attribution.quotes import normalise_marks
from newsgraph.extract.attribution import draft_filter
from newsgraph.extract.attribution.tagger import current_model
from newsgraph.extract.attribution.snapping import attach_free_quotes, clip_to_paragraph, quote_units, snap_to_quotes
from newsgraph.extract.reference.words import reference_words
from newsgraph.model import Article, Attribution, Entity, paragraph_spans
from newsgraph.nlp import text_of


def extract_attributions(article: Article, doc: Doc, entities: tuple[Entity, ...] = (),
                         learned: bool = True) -> tuple[Attribution, ...]:
    """Attributions of ``article`` in text order, ids ``q1``, ``q2`` ...; ``learned``: add what the
    learned tagger finds where no rule did (when the package ships its weights)."""
    lex = lexicon()
    paragraphs = paragraph_spans(text_of(doc))
    text = normalise_marks(text_of(doc), paragraphs)  # same length: offsets hold in both
    units = quote_units(text, paragraphs)
    drafts: list[Draft] = []
    bare: dict[int, Draft] = {}
    para_starts = [start for start, _ in paragraphs]
    for tok in doc:
        draft = draft_from_cue(tok, lex, text)
        if draft is None:
            continue
        clip_to_paragraph(draft, paragraphs[max(0, bisect.bisect_right(para_starts, tok.idx) - 1)], text)
        if draft.content[1] > draft.content[0]:
            drafts.append(draft)
        else:
            bare[tok.i] = draft
    drafts.extend(colon_speakers(doc, paragraphs, lex))
    unit_ends = [u.end for u in units]
    in_order = all(a.end <= b.start for a, b in zip(units, units[1:]))
    for draft in drafts:
        snap_to_quotes(draft, units, text, unit_ends if in_order else None)
    drafts = nest_according(drafts)
    drafts.sort(key=lambda d: d.position)
    drafts = attach_free_quotes(drafts, bare, units, doc, paragraphs, text)
    drafts = cut_relative_counters(drafts, text)
    relayed = relay_according(drafts, reference_words().statement_nouns)
    kept = {id(d) for d in relayed}
    dropped = [d for d in drafts if id(d) not in kept]  # the tagger must not bring them back
    drafts = drop_nested(relayed)
    drafts = dedupe(drafts)
    model = current_model() if learned else None
    flt = draft_filter.active()
    if model is not None and (flt is not None or draft_filter.is_recording()):
        extra = draft_filter.filtered_drafts(doc, text, drafts, units, paragraphs, lex, model, flt, dropped)
        drafts = dedupe(drafts + extra)
    elif model is not None:
        extra = tagged_drafts(doc, text, drafts, [(u.start, u.end) for u in units], lex, model, dropped)
        for draft in extra:
            clip_to_paragraph(draft, paragraphs[max(0, bisect.bisect_right(para_starts, draft.content[0]) - 1)], text)
            snap_to_quotes(draft, units, text)
        drafts = dedupe(drafts + [d for d in extra if d.content[1] > d.content[0]])
    drafts = nest_hearsay(drafts)
    drafts.sort(key=lambda d: d.position)
    return finish(drafts, article, doc, entities, lex)
