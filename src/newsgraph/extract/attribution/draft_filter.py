"""Which tagger drafts stand? A learned filter over every draft the tagger proposes beside the rules (stacking).

Candidates (``candidates``): a draft for every tagged cue the rules did not read (its content from
the parse, and the tagged content next to it as an alternative), and every tagged content span
no cue candidate took (with the tagged cue nearest it, else the verb it hangs on); where the
parse's speaker and the tagged source differ, one candidate with each, and one with the speaker
of the rule draft before it and after it ("he added", '"A. B," she said':
``speakers.neighbour_speakers``). What the rules refuse stays refused (``_cue_draft``, ``_refused``, a weak cue word's object). Each is described by
``FEATURES`` (where it came from, its cue word's class in the lexicon, the tagger's mean
probabilities over its cue, content and source, content length and quotation, speaker, the cue's
dependency label, its overlap with the rule drafts ...); boosted trees (``DraftFilter``, numpy;
weights in ``models/attribution/filter.npz``, see the card; ``newsgraph train attribution-filter``)
score it. Rule drafts all stay; the candidates scoring at least the threshold are kept best
first (``choose``). Without the weights file, ``learned.tagged_drafts`` (the hand-made join) decides.
"""

from __future__ import annotations

import bisect
import collections
import contextlib
import copy
import dataclasses
import functools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from newsgraph.extract.attribution.drafts import Draft, QuoteUnit, chars, token_at, trim
from newsgraph.extract.attribution.learned import _fill_speaker, _head, _nearest, tagged_speaker
from newsgraph.extract.attribution.lexicon import CueVerb, Lexicon
from newsgraph.extract.attribution.speakers import Speaker, neighbour_speakers, rule_speakers, speaker_head
from newsgraph.extract.reference import phrase_bounds
from newsgraph.extract.attribution.snapping import clip_to_paragraph, snap_to_quotes
from newsgraph.extract.attribution.tagger import MODEL_DIR, TaggerModel, quoted_tokens, spans, tag_probabilities

ORIGINS = ("cue_parse", "cue_tagged", "content")  # tagged cue + parse content / + tagged content; content alone
_DEPS = ("ROOT", "ccomp", "conj", "advcl", "relcl", "xcomp", "acl", "pcomp", "amod", "nsubj", "dobj", "pobj")
_SPEAKER_POS = ("PRON", "PROPN", "NOUN")
_SPEAKER_ENTS = ("PERSON", "ORG", "GPE", "NORP")
_GENERIC = dict(stance="assert", takes_object=True, xcomp=True)
# who chose a candidate's speaker: the parse (the cue's subject), the tagger (a tagged source), both,
# or a rule draft's speaker before or after it (``speakers.neighbour_speakers``)
SPEAKER_BY = ("parse", "tagger", "both", "previous", "next")
FEATURES: tuple[str, ...] = (
    *(f"origin={o}" for o in ORIGINS),
    "cue", "cue_known", "cue_weak", "cue_evidence", "cue_verbless", "cue_noun", "cue_in_quote",
    "cue_negated", *(f"cue_dep={d}" for d in _DEPS), "cue_dep=other", "cue_in_rule_content",
    "p_cue", "p_content", "p_content_min", "p_content_o", "content_tagged_share", "p_source",
    "words_log", "words_lt3", "quoted_share", "form_direct", "form_mixed", "content_before_cue", "gap_log",
    "speaker", *(f"speaker_by={b}" for b in SPEAKER_BY), "speaker_sentences", "unsourced",
    *(f"speaker_pos={p}" for p in _SPEAKER_POS), *(f"speaker_ent={e}" for e in _SPEAKER_ENTS),
    "speaker_in_content", "rule_overlap", "rule_inside", "sentence_first", "doc_first", "rules_in_sentence",
    "candidates_in_sentence",
)


@dataclass
class Candidate:
    draft: Draft
    origin: str
    cue: tuple[int, int] | None = None  # the tagged cue's token range
    in_rule_content: bool = False
    speaker_by: str = "none"  # one of SPEAKER_BY or none


@dataclass(frozen=True)
class DraftFilter:
    """Boosted decision trees over ``FEATURES``, flattened: node k tests ``row[feature[k]] <= split[k]``
    (then ``left[k]``, else ``right[k]``; -1 at a leaf, whose ``value`` counts); each tree starts at
    one of ``roots``, none deeper than ``depth``. Score: the logistic of ``baseline`` plus the leaves."""

    names: tuple[str, ...]
    feature: np.ndarray
    split: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    roots: np.ndarray
    depth: int
    baseline: float
    threshold: float

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """Probability that each candidate (a row of ``FEATURES``) is a true attribution (all trees
        walked in step, one level per pass)."""
        if not len(rows):
            return np.zeros(0)
        node = np.repeat(self.roots[None, :], len(rows), axis=0)
        row = np.arange(len(rows))[:, None]
        for _ in range(self.depth):
            inner = self.left[node] >= 0
            go_left = rows[row, self.feature[node]] <= self.split[node]
            node = np.where(inner, np.where(go_left, self.left[node], self.right[node]), node)
        raw = self.baseline + self.value[node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))


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
    ints = {k: data[k].astype("int64") for k in ("feature", "left", "right", "roots")}
    return DraftFilter(names, split=data["split"].astype("float64"), value=data["value"].astype("float64"),
                       depth=int(data["depth"]), baseline=float(data["baseline"]), threshold=float(data["threshold"]),
                       **ints)


def save(path: Path, flt: DraftFilter) -> None:
    small = {k: getattr(flt, k).astype("int32") for k in ("feature", "left", "right", "roots")}
    np.savez_compressed(path, names=np.array(flt.names), split=flt.split, value=flt.value.astype("float32"),
                        depth=np.array(flt.depth), baseline=np.array(flt.baseline), threshold=np.array(flt.threshold),
                        **small)


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
    sent_of = sentence_numbers(doc)
    cands = candidates(doc, text, drafts, tags, lex, dropped, sent_of=sent_of)
    starts = [s for s, _ in paragraphs]
    for cand in cands:
        d = cand.draft
        clip_to_paragraph(d, paragraphs[max(0, bisect.bisect_right(starts, d.content[0]) - 1)], text)
        snap_to_quotes(d, units, text)
    rows = features(doc, text, cands, drafts, probs, quoted, lex, sent_of=sent_of)
    if _recorded is not None:
        _recorded.append((rows, [c.draft for c in cands]))
    if flt is None:
        return []
    return choose([c.draft for c in cands], flt.scores(rows), drafts, flt.threshold)


def candidates(doc: Doc, text: str, drafts: list[Draft], tags: list[str], lex: Lexicon,
               dropped: Sequence[Draft] = (), *, sent_of: np.ndarray | None = None) -> list[Candidate]:
    """Every draft the tagger proposes beside the rule ``drafts`` (see the module doc; ``sent_of``: each
    token's sentence number, ``sentence_numbers(doc)`` when not given); a tagged cue
    overlapping a rule draft's cue (or one the rules dropped) is the rules' to read."""
    rule_cues = [d.cue_span for d in [*drafts, *dropped] if d.cue_span]
    around = _Around(rule_speakers(drafts), sentence_numbers(doc) if sent_of is None else sent_of)
    contents = spans(tags, "CONTENT")
    sources = spans(tags, "SOURCE")
    out: list[Candidate] = []
    taken: set[tuple[int, int]] = set()
    free_cues = []
    for a, b in spans(tags, "CUE"):
        span = chars(doc, a, b)
        if any(s < span[1] and span[0] < e for s, e in rule_cues):
            continue
        inside = any(d.content[0] <= span[0] < d.content[1] for d in drafts)
        head = _head(doc, a, b)
        draft = None
        if head is not None:
            draft = _cue_draft(head, lex, text)
            if draft is None:
                continue  # the parse's reading refuses it ("asked whether", "who asked not to be named")
        free_cues.append((a, b))
        near = _nearest(contents, head if head is not None else doc[a])
        if head is not None:
            draft.cue_span = draft.cue_span or span
            if draft.content[1] > draft.content[0]:
                out += _speakers(Candidate(draft, "cue_parse", (a, b), inside), sources, head, around)
        if near is None:
            continue
        taken.add(near)
        known = lex.verbs.get(head.lemma_.lower()) if head is not None else None
        if known is not None and known.weak and draft is not None and draft.content[1] <= draft.content[0] and (
                _root(doc, *near).head == head and _root(doc, *near).dep_ in ("dobj", "dative")):
            continue  # a weak cue word's object ("ask the experts") is no content: a clause or a quotation is
        alt = copy.copy(draft) if draft is not None else Draft(content=(0, 0), cue_span=span)
        alt.content = trim(text, *chars(doc, *near))
        out += _speakers(Candidate(alt, "cue_tagged", (a, b), inside), sources, head or doc[a], around)
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
        if cue is None and head is not None and _refused(head, lex, text):
            continue  # hangs on a cue word the parse's reading refuses ("Asked whether ...")
        if draft.cue_span is not None and head is not None:
            draft.cue_token = head
            draft.verb = lex.verbs.get(head.lemma_.lower()) or CueVerb(head.lemma_.lower(), **_GENERIC)
            speaker, expletive = speaker_head(head)
            if speaker is not None and not expletive and not near[0] <= speaker.i < near[1]:
                draft.speaker = (*phrase_bounds(speaker), speaker)
        out += _speakers(Candidate(draft, "content", cue), sources, head if head is not None else doc[near[0]],
                        around)
    return out


@dataclass(frozen=True)
class _Around:
    speakers: list[tuple[int, Speaker]]  # the rule drafts' speakers by position (``speakers.rule_speakers``)
    sent_of: np.ndarray  # sentence number of each token


def sentence_numbers(doc: Doc) -> np.ndarray:
    out = np.zeros(len(doc), dtype="int64")
    for k, sent in enumerate(doc.sents):
        out[sent.start : sent.end] = k
    return out


def _speakers(cand: Candidate, sources: list[tuple[int, int]], anchor, around: _Around) -> list[Candidate]:  # type: ignore[no-untyped-def]
    """The candidate with the parse's speaker and a copy with each other speaker it may have: the
    tagged source nearest ``anchor`` where it differs, the rule drafts' speakers before and after
    it (``speakers.neighbour_speakers``); the filter picks (``speaker_by``)."""
    d = cand.draft
    if d.unsourced:
        return [cand]
    tagged = tagged_speaker(sources, anchor)
    out = [cand]
    if tagged is None:
        cand.speaker_by = "parse" if d.speaker is not None else "none"
    elif d.speaker is not None and _same(d.speaker, tagged):
        cand.speaker_by = "both"
    else:  # the speakerless candidate stays too: an attribution without a source
        cand.speaker_by = "parse" if d.speaker is not None else "none"
        out.append(_with_speaker(cand, tagged, "tagger"))
    doc = anchor.doc
    ends = [token_at(doc, d.content[0]), max(token_at(doc, d.content[1]) - 1, token_at(doc, d.content[0]))]
    if d.cue_token is not None:
        ends.append(d.cue_token.i)
    first, last = max(0, min(ends)), min(len(doc) - 1, max(ends))
    for by, speaker in neighbour_speakers(around.speakers, first, last, around.sent_of).items():
        if not any(c.draft.speaker is not None and _same(c.draft.speaker, speaker) for c in out):
            out.append(_with_speaker(cand, speaker, by))
    return out


def _with_speaker(cand: Candidate, speaker: Speaker, by: str) -> Candidate:
    other = copy.copy(cand.draft)
    other.speaker = speaker
    return dataclasses.replace(cand, draft=other, speaker_by=by)


def _same(a: Speaker, b: Speaker) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _root(doc: Doc, a: int, b: int):  # type: ignore[no-untyped-def]
    """The first token of a span whose head lies outside it (or that heads itself)."""
    return min(doc[a:b], key=lambda t: (a <= t.head.i < b and t.head.i != t.i, t.i))


def _governor(doc: Doc, a: int, b: int):  # type: ignore[no-untyped-def]
    """The verb outside a content span that its root hangs on ("have expressed deep concern about [the
    policy]": expressed), or None."""
    root = _root(doc, a, b)
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


def _refused(head, lex: Lexicon, text: str) -> bool:  # type: ignore[no-untyped-def]
    """A cue word of the lexicon (or an adverbial of one) that the parse's reading refuses here."""
    known = head.lemma_.lower() in lex.verbs or head.dep_ == "advcl" and head.head.lemma_.lower() in lex.verbs
    return known and _cue_draft(head, lex, text) is None


def _cue_draft(head, lex: Lexicon, text: str) -> Draft | None:  # type: ignore[no-untyped-def]
    """The parse's reading of a tagged cue verb (generic for one the lexicon lacks); None also for
    an adverbial of a cue verb ("he said, describing the system as ..."): part of that statement."""
    from newsgraph.extract.attribution.cues import draft_from_cue

    if head.dep_ == "advcl" and head.head.lemma_.lower() in lex.verbs:
        return None
    return draft_from_cue(head, lex, text, CueVerb(head.lemma_.lower(), **_GENERIC))


def features(doc: Doc, text: str, cands: list[Candidate], drafts: list[Draft], probs: np.ndarray, quoted: np.ndarray,
             lex: Lexicon, *, sent_of: np.ndarray | None = None) -> np.ndarray:
    """One row of ``FEATURES`` per candidate (``probs``: the tagger's, per token; ``quoted``: True
    for tokens inside a quotation)."""
    index = {name: k for k, name in enumerate(FEATURES)}
    rows = np.zeros((len(cands), len(FEATURES)))
    rule_ranges = [d.content for d in drafts]
    sent_of = sentence_numbers(doc) if sent_of is None else sent_of
    rule_sents = collections.Counter(int(sent_of[d.cue_token.i]) for d in drafts if d.cue_token is not None)
    cand_sents = [sent_of[token_at(doc, c.draft.content[0])] if token_at(doc, c.draft.content[0]) < len(doc) else -1
                  for c in cands]
    p_cue, p_content, p_source = probs[:, 1:3].sum(1), probs[:, 5:7].sum(1), probs[:, 3:5].sum(1)
    per_sentence = collections.Counter(int(s) for s in cand_sents)
    best, inside = _rule_overlaps([c.draft.content for c in cands], rule_ranges)
    for k, (row, cand, sent) in enumerate(zip(rows, cands, cand_sents)):
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
            put(f"cue_dep={tok.dep_}" if tok.dep_ in _DEPS else "cue_dep=other")
        if b > a:
            put("p_content", p_content[a:b].mean())
            put("p_content_min", p_content[a:b].min())
            put("p_content_o", probs[a:b, 0].mean())
            put("content_tagged_share", (probs[a:b, 5:7].sum(1) > 0.5).mean())
            put("quoted_share", quoted[a:b].mean())
        words = sum(1 for w in text[d.content[0] : d.content[1]].split() if any(ch.isalnum() for ch in w))
        put("words_log", math.log1p(words))
        put("words_lt3", words < 3)
        put("form_direct", d.form == "direct")
        put("form_mixed", d.form == "mixed")
        put("unsourced", d.unsourced)
        if cand.speaker_by != "none":
            put(f"speaker_by={cand.speaker_by}")
        if d.speaker is not None:
            s, e, head = d.speaker
            put("speaker")
            put("p_source", p_source[s:e].mean())
            if head.pos_ in _SPEAKER_POS:
                put(f"speaker_pos={head.pos_}")
            if head.ent_type_ in _SPEAKER_ENTS:
                put(f"speaker_ent={head.ent_type_}")
            put("speaker_in_content", d.content[0] <= head.idx < d.content[1])
            at = d.cue_token.i if d.cue_token is not None else min(a, len(doc) - 1)
            put("speaker_sentences", math.log1p(abs(int(sent_of[head.i]) - int(sent_of[at]))))
        put("rule_overlap", best[k])
        put("rule_inside", min(1.0, inside[k] / max(1, d.content[1] - d.content[0])))
        if a < len(doc):
            put("sentence_first", doc[a].sent.start == a)
            put("doc_first", sent == 0)
        put("rules_in_sentence", math.log1p(rule_sents[int(sent)]))
        put("candidates_in_sentence", math.log1p(per_sentence[int(sent)]))
    return rows


def choose(cands: Sequence[Draft], scores: np.ndarray, drafts: Sequence[Draft], threshold: float) -> list[Draft]:
    """The candidates scoring at least ``threshold``, best first, none overlapping a rule draft's
    content or a kept one's by half or more (character F1) or lying inside it (four fifths), nor
    sharing a kept one's cue."""
    kept: list[Draft] = []
    contents = [d.content for d in drafts]
    cues: set[tuple[int, int]] = set()
    for k in sorted(range(len(cands)), key=lambda k: (-scores[k], k)):
        if scores[k] < threshold:
            break
        d = cands[k]
        if d.content[1] <= d.content[0] or d.cue_span is not None and d.cue_span in cues:
            continue
        if any(_overlap(d.content, c) >= 0.5 or _inside(d.content, c) >= 0.8 for c in contents):
            continue
        kept.append(d)
        contents.append(d.content)
        if d.cue_span is not None:
            cues.add(d.cue_span)
    return kept


def _rule_overlaps(contents: list[tuple[int, int]], rules: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Per content: its best ``_overlap`` with a rule content (0 without one), and how many of its
    characters the rule contents cover (each counted once per rule content)."""
    if not contents or not rules:
        return np.zeros(len(contents)), np.zeros(len(contents))
    c, r = np.array(contents, dtype="int64"), np.array(rules, dtype="int64")
    common = np.maximum(0, np.minimum(c[:, 1:2], r[None, :, 1]) - np.maximum(c[:, :1], r[None, :, 0]))
    sizes = np.maximum(1, (c[:, 1:2] - c[:, :1]) + (r[None, :, 1] - r[None, :, 0]))
    return (2 * common / sizes).max(axis=1), common.sum(axis=1).astype("float64")


def _inside(a: tuple[int, int], b: tuple[int, int]) -> float:
    """How much of ``a`` lies inside ``b``."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) / max(1, a[1] - a[0])


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    common = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return 2 * common / max(1, a[1] - a[0] + b[1] - b[0])



def is_recording() -> bool:
    return _recorded is not None
