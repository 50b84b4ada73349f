"""Which tagger drafts stand? A learned filter over every draft the tagger proposes beside the rules (stacking).

Candidates (``candidates``): a draft for every tagged cue the rules did not read (its content from
the parse, and the tagged content next to it as an alternative), and every tagged content span
no cue candidate took (with the tagged cue and source nearest it). Each is described by
``FEATURES`` (where it came from, its cue word's class in the lexicon, the tagger's mean
probabilities over its cue, content and source, content length and quotation, speaker, the cue's
dependency label, its overlap with the rule drafts ...); a logistic regression (numpy; weights in
``models/attribution/filter.npz``, see the card; ``newsgraph train attribution-filter``) scores
it. Rule drafts all stay; the candidates scoring at least the threshold are kept best first, each
suppressing the later ones whose content overlaps its own (or a rule draft's) by half or more,
or that share its cue.
"""

from __future__ import annotations

import bisect
import contextlib
import copy
import functools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from newsgraph.extract.attribution.drafts import Draft, QuoteUnit, chars, token_at, trim
from newsgraph.extract.attribution.learned import _fill_speaker, _head, _nearest
from newsgraph.extract.attribution.lexicon import CueVerb, Lexicon
from newsgraph.extract.attribution.speakers import speaker_head
from newsgraph.extract.reference import phrase_bounds
from newsgraph.extract.attribution.snapping import clip_to_paragraph, snap_to_quotes
from newsgraph.extract.attribution.tagger import MODEL_DIR, TaggerModel, quoted_tokens, spans, tag_probabilities

ORIGINS = ("cue_parse", "cue_tagged", "content")  # tagged cue + parse content / + tagged content; content alone
_DEPS = ("ROOT", "ccomp", "conj", "advcl", "relcl", "xcomp", "acl", "pcomp", "amod", "nsubj", "dobj", "pobj")
_SPEAKER_POS = ("PRON", "PROPN", "NOUN")
_SPEAKER_ENTS = ("PERSON", "ORG", "GPE", "NORP")
_GENERIC = dict(stance="assert", takes_object=True, xcomp=True)
FEATURES: tuple[str, ...] = (
    *(f"origin={o}" for o in ORIGINS),
    "cue", "cue_known", "cue_weak", "cue_evidence", "cue_verbless", "cue_noun", "cue_in_quote", "cue_advcl_of_cue",
    "cue_negated", *(f"cue_dep={d}" for d in _DEPS), "cue_dep=other", "cue_in_rule_content",
    "p_cue", "p_content", "p_content_min", "p_content_o", "content_tagged_share", "p_source",
    "words_log", "words_lt3", "quoted_share", "form_direct", "form_mixed", "content_before_cue", "gap_log",
    "speaker", "unsourced", *(f"speaker_pos={p}" for p in _SPEAKER_POS), *(f"speaker_ent={e}" for e in _SPEAKER_ENTS),
    "speaker_in_content", "rule_overlap", "rule_inside", "sentence_first", "doc_first", "rules_in_sentence",
    "candidates_in_sentence",
)


@dataclass
class Candidate:
    draft: Draft
    origin: str
    cue: tuple[int, int] | None = None  # the tagged cue's token range
    in_rule_content: bool = False


@dataclass(frozen=True)
class DraftFilter:
    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """Probability that each candidate (a row of ``FEATURES``) is a true attribution."""
        if not len(rows):
            return np.zeros(0)
        z = ((rows - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))


@functools.lru_cache(maxsize=1)
def shipped() -> DraftFilter | None:
    """The filter in the package, or None (then ``learned.tagged_drafts``' hand-made join is used)."""
    try:
        with resources.files("newsgraph").joinpath(MODEL_DIR, "filter.npz").open("rb") as f:
            return from_arrays(dict(np.load(f, allow_pickle=False)))
    except (FileNotFoundError, OSError):
        return None


def from_arrays(data: dict[str, np.ndarray]) -> DraftFilter | None:
    names = tuple(str(n) for n in data["names"])
    if names != FEATURES:
        return None  # weights for another feature set
    return DraftFilter(names, data["mean"].astype("float64"), data["scale"].astype("float64"),
                       data["weights"].astype("float64"), float(data["bias"]), float(data["threshold"]))


def save(path: Path, flt: DraftFilter) -> None:
    np.savez_compressed(path, names=np.array(flt.names), mean=flt.mean.astype("float32"),
                        scale=flt.scale.astype("float32"), weights=flt.weights.astype("float32"),
                        bias=np.array(flt.bias), threshold=np.array(flt.threshold))


_active: list[DraftFilter | None] = []
_recorded: list[tuple[np.ndarray, list[Draft]]] | None = None


def active() -> DraftFilter | None:
    return _active[-1] if _active else shipped()


@contextlib.contextmanager
def use(flt: DraftFilter | None) -> Iterator[None]:
    """Use ``flt`` (None: the hand-made join) inside the block (training, tests)."""
    _active.append(flt)
    try:
        yield
    finally:
        _active.pop()


@contextlib.contextmanager
def recording() -> Iterator[list[tuple[np.ndarray, list[Draft]]]]:
    """Record (feature rows, candidate drafts) of every article inside the block (training)."""
    global _recorded
    before, _recorded = _recorded, []
    try:
        yield _recorded
    finally:
        _recorded = before


def filtered_drafts(doc: Doc, text: str, drafts: list[Draft], units: list[QuoteUnit],
                    paragraphs: list[tuple[int, int]], lex: Lexicon, model: TaggerModel, flt: DraftFilter | None,
                    dropped: Sequence[Draft] = ()) -> list[Draft]:
    """The tagger's drafts the filter keeps beside the rule ``drafts`` (whose missing speakers a
    tagged source of the cue's sentence fills); with ``flt`` None, none (recording for training)."""
    quoted = quoted_tokens(doc, [(u.start, u.end) for u in units])
    tags, probs = tag_probabilities(doc, lex, quoted, model)
    sources = spans(tags, "SOURCE")
    for draft in drafts:
        if draft.speaker is None and draft.cue_token is not None and draft.continues is None:
            _fill_speaker(draft, sources, draft.cue_token)
    cands = candidates(doc, text, drafts, tags, lex, dropped)
    starts = [s for s, _ in paragraphs]
    for cand in cands:
        d = cand.draft
        clip_to_paragraph(d, paragraphs[max(0, bisect.bisect_right(starts, d.content[0]) - 1)], text)
        snap_to_quotes(d, units, text)
    rows = features(doc, cands, drafts, probs, quoted, lex)
    if _recorded is not None:
        _recorded.append((rows, [c.draft for c in cands]))
    if flt is None:
        return []
    return choose([c.draft for c in cands], flt.scores(rows), drafts, flt.threshold)


def candidates(doc: Doc, text: str, drafts: list[Draft], tags: list[str], lex: Lexicon,
               dropped: Sequence[Draft] = ()) -> list[Candidate]:
    """Every draft the tagger proposes beside the rule ``drafts`` (see the module doc); a tagged cue
    overlapping a rule draft's cue (or one the rules dropped) is the rules' to read."""
    rule_cues = [d.cue_span for d in [*drafts, *dropped] if d.cue_span]
    contents = spans(tags, "CONTENT")
    sources = spans(tags, "SOURCE")
    out: list[Candidate] = []
    taken: set[tuple[int, int]] = set()
    free_cues = []
    for a, b in spans(tags, "CUE"):
        span = chars(doc, a, b)
        if any(s < span[1] and span[0] < e for s, e in rule_cues):
            continue
        free_cues.append((a, b))
        inside = any(d.content[0] <= span[0] < d.content[1] for d in drafts)
        head = _head(doc, a, b)
        near = _nearest(contents, head if head is not None else doc[a])
        draft = None
        if head is not None:
            draft = _cue_draft(head, lex, text)
            if draft is None:
                continue
            draft.cue_span = draft.cue_span or span
            _fill_speaker(draft, sources, head)
            if draft.content[1] > draft.content[0]:
                out.append(Candidate(draft, "cue_parse", (a, b), inside))
        if near is not None:
            taken.add(near)
            alt = copy.copy(draft) if draft is not None else Draft(content=(0, 0), cue_span=span)
            alt.content = trim(text, *chars(doc, *near))
            if draft is None:
                _fill_speaker(alt, sources, doc[a])
            out.append(Candidate(alt, "cue_tagged", (a, b), inside))
    for near in contents:
        if near in taken:
            continue
        cue = _nearest(free_cues, doc[near[0]])
        draft = Draft(content=trim(text, *chars(doc, *near)))
        head = _head(doc, *cue) if cue is not None else _governor(doc, *near)
        if cue is not None:
            draft.cue_span = chars(doc, *cue)
        elif head is not None and not any(s < head.idx + len(head) and head.idx < e for s, e in rule_cues):
            draft.cue_span = chars(doc, head.i, head.i + 1)
        if draft.cue_span is not None and head is not None:
            draft.cue_token = head
            draft.verb = lex.verbs.get(head.lemma_.lower()) or CueVerb(head.lemma_.lower(), **_GENERIC)
            speaker, expletive = speaker_head(head)
            if speaker is not None and not expletive and not near[0] <= speaker.i < near[1]:
                draft.speaker = (*phrase_bounds(speaker), speaker)
        _fill_speaker(draft, sources, head if head is not None else doc[near[0]])
        out.append(Candidate(draft, "content", cue))
    return out


def _governor(doc: Doc, a: int, b: int):  # type: ignore[no-untyped-def]
    """The verb outside a content span that its root hangs on ("have expressed deep concern about [the
    policy]": expressed), or None."""
    root = min(doc[a:b], key=lambda t: (a <= t.head.i < b and t.head.i != t.i, t.i))
    at = root.head
    for _ in range(3):
        if a <= at.i < b or at.i == root.i:
            return None
        if at.pos_ in ("VERB", "AUX"):
            return at
        if at.head.i == at.i:
            return None
        at = at.head
    return None


def _cue_draft(head, lex: Lexicon, text: str) -> Draft | None:  # type: ignore[no-untyped-def]
    from newsgraph.extract.attribution.cues import draft_from_cue

    return draft_from_cue(head, lex, text, CueVerb(head.lemma_.lower(), **_GENERIC))


def features(doc: Doc, cands: list[Candidate], drafts: list[Draft], probs: np.ndarray, quoted: np.ndarray,
             lex: Lexicon) -> np.ndarray:
    """One row of ``FEATURES`` per candidate (``probs``: the tagger's, per token; ``quoted``: True
    for tokens inside a quotation)."""
    index = {name: k for k, name in enumerate(FEATURES)}
    rows = np.zeros((len(cands), len(FEATURES)))
    rule_ranges = [d.content for d in drafts]
    sent_of = np.zeros(len(doc), dtype="int64")
    for k, sent in enumerate(doc.sents):
        sent_of[sent.start : sent.end] = k
    rule_sents = [sent_of[d.cue_token.i] for d in drafts if d.cue_token is not None]
    cand_sents = [sent_of[token_at(doc, c.draft.content[0])] if token_at(doc, c.draft.content[0]) < len(doc) else -1
                  for c in cands]
    p_cue, p_content, p_source = probs[:, 1:3].sum(1), probs[:, 5:7].sum(1), probs[:, 3:5].sum(1)
    for row, cand, sent in zip(rows, cands, cand_sents):
        d = cand.draft
        put = lambda name, value=1.0: row.__setitem__(index[name], float(value))  # noqa: E731
        put(f"origin={cand.origin}")
        a, b = token_at(doc, d.content[0]), max(token_at(doc, d.content[1]), token_at(doc, d.content[0]) + 1)
        b = min(b, len(doc))
        if cand.cue is not None:
            put("cue")
            put("p_cue", p_cue[cand.cue[0] : cand.cue[1]].mean())
            put("cue_in_quote", quoted[cand.cue[0]])
            put("content_before_cue", b <= cand.cue[0])
            gap = max(0, cand.cue[0] - b, a - cand.cue[1])
            put("gap_log", math.log1p(gap))
        put("cue_in_rule_content", cand.in_rule_content)
        tok = d.cue_token
        if tok is None:
            put("cue_verbless", d.cue_span is not None)
        else:
            known = lex.verbs.get(tok.lemma_.lower())
            put("cue_known", known is not None)
            put("cue_weak", known is not None and known.weak)
            put("cue_evidence", known is not None and known.evidence)
            put("cue_noun", tok.pos_ == "NOUN")
            put("cue_negated", d.negated)
            put("cue_advcl_of_cue", tok.dep_ == "advcl" and tok.head.lemma_.lower() in lex.verbs)
            put(f"cue_dep={tok.dep_}" if tok.dep_ in _DEPS else "cue_dep=other")
        if b > a:
            put("p_content", p_content[a:b].mean())
            put("p_content_min", p_content[a:b].min())
            put("p_content_o", probs[a:b, 0].mean())
            put("content_tagged_share", (probs[a:b, 5:7].sum(1) > 0.5).mean())
            put("quoted_share", quoted[a:b].mean())
        words = len(text_words(doc, d.content))
        put("words_log", math.log1p(words))
        put("words_lt3", words < 3)
        put("form_direct", d.form == "direct")
        put("form_mixed", d.form == "mixed")
        put("unsourced", d.unsourced)
        if d.speaker is not None:
            s, e, head = d.speaker
            put("speaker")
            put("p_source", p_source[s:e].mean())
            if head.pos_ in _SPEAKER_POS:
                put(f"speaker_pos={head.pos_}")
            if head.ent_type_ in _SPEAKER_ENTS:
                put(f"speaker_ent={head.ent_type_}")
            put("speaker_in_content", d.content[0] <= head.idx < d.content[1])
        best, inside = 0.0, 0
        for s, e in rule_ranges:
            common = max(0, min(e, d.content[1]) - max(s, d.content[0]))
            if common:
                best = max(best, 2 * common / (e - s + d.content[1] - d.content[0]))
                inside += common
        put("rule_overlap", best)
        put("rule_inside", min(1.0, inside / max(1, d.content[1] - d.content[0])))
        if a < len(doc):
            put("sentence_first", doc[a].sent.start == a)
            put("doc_first", sent == 0)
        put("rules_in_sentence", math.log1p(sum(1 for r in rule_sents if r == sent)))
        put("candidates_in_sentence", math.log1p(sum(1 for r in cand_sents if r == sent)))
    return rows


def text_words(doc: Doc, span: tuple[int, int]) -> list[str]:
    text = doc.text[span[0] : span[1]]
    return [w for w in text.split() if any(ch.isalnum() for ch in w)]


def choose(cands: Sequence[Draft], scores: np.ndarray, drafts: Sequence[Draft], threshold: float) -> list[Draft]:
    """The candidates scoring at least ``threshold``, best first, none overlapping a rule draft's
    content or a kept one's by half or more (character F1), nor sharing a kept one's cue."""
    kept: list[Draft] = []
    contents = [d.content for d in drafts]
    cues: set[tuple[int, int]] = set()
    for k in sorted(range(len(cands)), key=lambda k: (-scores[k], k)):
        if scores[k] < threshold:
            break
        d = cands[k]
        if d.content[1] <= d.content[0] or d.cue_span is not None and d.cue_span in cues:
            continue
        if any(_overlap(d.content, c) >= 0.5 for c in contents):
            continue
        kept.append(d)
        contents.append(d.content)
        if d.cue_span is not None:
            cues.add(d.cue_span)
    return kept


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    common = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return 2 * common / max(1, a[1] - a[0] + b[1] - b[0])



def is_recording() -> bool:
    return _recorded is not None
