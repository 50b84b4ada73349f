"""What did the rules miss? Drafts from the cues the learned tagger (``tagger``) finds where no rule draft is.

A tagged cue becomes a draft the way a cue word of the lexicon does (``cues.draft_from_cue``, with
a generic reading for a verb the lexicon lacks: a clause, an object or an infinitive is the
content); when the parse gives no content, the tagged content next to the cue (same sentence)
is used, and a tagged source phrase stands in for a missing speaker. Rule drafts keep their
spans: a tagged cue inside a rule draft's cue or content adds nothing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

import numpy as np

from spacy.tokens import Doc, Token

from newsgraph.extract.attribution.cues import draft_from_cue
from newsgraph.extract.attribution.drafts import Draft, chars, trim
from newsgraph.extract.attribution.lexicon import CueVerb, Lexicon
from newsgraph.extract.attribution.tagger import TaggerModel, quoted_tokens, spans, tag

# Tuned on PolNeAR dev (models/attribution/CARD.md): a tagged source fills a missing speaker; a
# tagged draft needs three words of content; the tagger's own cue decision stands (no threshold);
# the parse's reading of the content comes before the tagged content.
FILL_SPEAKERS = True
CUE_MIN = 0.0
MIN_WORDS = 3
PREFER_TAGGED = False  # the tagged content next to a tagged cue over the parse's reading of it
CONSTRAINED = True  # BIO decoding with constraints (tagger.decode), not each token's best tag
HEAD_VERB = True  # a tagged cue of auxiliaries or adverbs only ("did not", "repeatedly"): the verb they modify
_WORD = re.compile(r"\w+")
_GENERIC = dict(stance="assert", takes_object=True, xcomp=True)


def tagged_drafts(doc: Doc, text: str, drafts: list[Draft], quotes: list[tuple[int, int]], lex: Lexicon,
                  model: TaggerModel, dropped: Sequence[Draft] = ()) -> list[Draft]:
    """New drafts for tagged cues that no rule draft covers (nor one the rules dropped on purpose:
    ``dropped``, e.g. an "according to a statement" whose speaker keeps the statement)."""
    covered = sorted([d.content for d in drafts] + [d.cue_span for d in [*drafts, *dropped] if d.cue_span])
    tags = tag(doc, lex, quoted_tokens(doc, quotes), model, CUE_MIN, _wanted(doc, drafts, covered), CONSTRAINED)
    cues = spans(tags, "CUE")
    contents = spans(tags, "CONTENT")
    sources = spans(tags, "SOURCE")
    starts = [s for s, _ in covered]
    reach = _running_max([e for _, e in covered])
    for draft in drafts:  # a rule draft without a speaker takes a tagged source of its cue's sentence
        if FILL_SPEAKERS and draft.speaker is None and draft.cue_token is not None and draft.continues is None:
            _fill_speaker(draft, sources, draft.cue_token)
    out: list[Draft] = []
    for a, b in cues:
        start, end = doc[a].idx, doc[b - 1].idx + len(doc[b - 1])
        k = bisect.bisect_left(starts, end) - 1  # covered ranges starting before the cue ends
        if k >= 0 and reach[k] > start:
            continue
        head = _head(doc, a, b)
        if head is None:
            continue
        draft = draft_from_cue(head, lex, text, CueVerb(head.lemma_.lower(), **_GENERIC))
        if draft is None:
            continue
        near = _nearest(contents, head) if PREFER_TAGGED else None
        if near is not None:
            draft.content = trim(text, *chars(doc, *near))
        elif draft.content[1] <= draft.content[0]:
            near = _nearest(contents, head)
            known = lex.verbs.get(head.lemma_.lower())
            if near is None or known is not None and known.weak:
                continue  # a weak cue word ("ask the experts") counts with a clause or a quotation only
            if head.dep_ == "advcl" and head.head.lemma_.lower() in lex.verbs:
                continue  # "he said, describing the system as ...": part of the same statement
            draft.content = trim(text, *chars(doc, *near))
        _fill_speaker(draft, sources, head)
        draft.cue_span = (start, end) if draft.cue_span is None else draft.cue_span
        if len(_WORD.findall(text[draft.content[0] : draft.content[1]])) >= MIN_WORDS:
            out.append(draft)
    return out


def _wanted(doc: Doc, drafts: list[Draft], covered: list[tuple[int, int]]) -> np.ndarray:
    """The sentences worth tagging: those with a verb outside every rule draft, or the cue of a
    rule draft without a speaker."""
    inside = quoted_tokens(doc, covered)  # each range marked on its own: overlapping ones give their union
    pos = doc.to_array(["POS"]).astype("int64")
    verbs = np.isin(pos, [doc.vocab.strings["VERB"], doc.vocab.strings["AUX"]]) & ~inside
    wanted = np.zeros(len(doc), dtype=bool)
    for sent in doc.sents:
        if verbs[sent.start : sent.end].any():
            wanted[sent.start : sent.end] = True
    for draft in drafts:
        if draft.speaker is None and draft.cue_token is not None:
            sent = draft.cue_token.sent
            wanted[sent.start : sent.end] = True
    return wanted


def _fill_speaker(draft: Draft, sources: list[tuple[int, int]], cue: Token) -> None:
    if draft.speaker is not None or draft.unsourced:
        return
    draft.speaker = tagged_speaker(sources, cue)


def tagged_speaker(sources: list[tuple[int, int]], cue: Token) -> tuple[int, int, Token] | None:
    """The tagged source phrase nearest ``cue`` in its sentence (token range and head), or None."""
    near = _nearest(sources, cue)
    if near is None:
        return None
    root = min(cue.doc[near[0] : near[1]], key=lambda t: (near[0] <= t.head.i < near[1], t.i))
    return (near[0], near[1], root)


def _running_max(values: list[int]) -> list[int]:
    out, best = [], -1
    for v in values:
        best = max(best, v)
        out.append(best)
    return out


def _head(doc: Doc, a: int, b: int) -> Token | None:
    """The verb of a tagged cue span ("ruled out" -> ruled), or None when it has none."""
    verbs = [t for t in doc[a:b] if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass")]
    if verbs or not HEAD_VERB:
        return verbs[0] if verbs else None
    above = {t.head for t in doc[a:b] if t.dep_ in ("aux", "auxpass", "neg", "advmod") and not a <= t.head.i < b}
    verbs = sorted((t for t in above if t.pos_ in ("VERB", "AUX")), key=lambda t: t.i)  # "did not [identify]"
    return verbs[0] if verbs else None


def _nearest(ranges: list[tuple[int, int]], tok: Token) -> tuple[int, int] | None:
    """The tagged range in the token's sentence closest to it."""
    sent = tok.sent
    inside = [(s, e) for s, e in ranges if s >= sent.start and e <= sent.end]
    if not inside:
        return None
    return min(inside, key=lambda r: min(abs(r[0] - tok.i), abs(r[1] - 1 - tok.i)))
