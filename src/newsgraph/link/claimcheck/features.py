"""What an analysed article says about a claim, as numbers: how much of the claim it is about, and how.

Relatedness: the rarity-weighted cosine of the claim and the body (``link.similarity``), the share of
the claim's keywords (``words.keywords``, matched as ``words.shared_words`` has it) in the body, in its
lead and in its best sentences. Stance: refuting, hedging, supporting and negation words
(``data/claims/stance_words.yaml``) in the claim, the body and the sentences nearest the claim, and the
stances of the article's own attributions whose content is about the claim. The claim model
(``classify``) weighs them; the sentences and attributions nearest the claim are the evidence.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsgraph.extract.attribution.quotes import find_quotes, find_single_quotes
from newsgraph.link.claimcheck.relay import Span, carriage, relay_features, sentence_marks
from newsgraph.link.similarity import content_terms, cosine, weighted
from newsgraph.model import Article, split_spans
from newsgraph.resources import load_yaml
from newsgraph.words import keywords, shared_words

_WORDS_FILE = "claims/stance_words.yaml"
_TOKEN = re.compile(r"[a-z]+(?:['’][a-z]+)?")
# A sentence ends at . ! ? (and any closing quote) before a space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\n+")
NEAREST = 3  # sentences taken as the article's say on the claim
MIN_SHARED = 2  # keywords an attribution's content shares with the claim to be about it


@dataclass(frozen=True)
class StanceWords:
    refuting: tuple[frozenset[str], tuple[str, ...]]  # (single words, multiword phrases)
    hedging: tuple[frozenset[str], tuple[str, ...]]
    supporting: tuple[frozenset[str], tuple[str, ...]]
    negation: frozenset[str]


@functools.lru_cache(maxsize=1)
def stance_words() -> StanceWords:
    data = load_yaml(_WORDS_FILE)

    def split(key: str) -> tuple[frozenset[str], tuple[str, ...]]:
        items = [str(w).lower() for w in data[key]]
        return frozenset(w for w in items if " " not in w), tuple(w for w in items if " " in w)

    return StanceWords(split("refuting"), split("hedging"), split("supporting"),
                       frozenset(str(w).lower() for w in data["negation"]))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, trimmed; a rough split that needs no parse."""
    return split_spans(text, _SENTENCE_END)


def _count(text: str, tokens: Sequence[str], kind: tuple[frozenset[str], tuple[str, ...]]) -> int:
    single, phrases = kind
    return sum(t in single for t in tokens) + sum(text.count(p) for p in phrases)


def _negations(tokens: Sequence[str], words: StanceWords) -> int:
    return sum(t in words.negation or t.endswith(("n't", "n’t")) for t in tokens)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    share: float  # of the claim's keywords it holds


@dataclass(frozen=True)
class Reading:
    """The features of one (claim, article) pair and the evidence behind them."""

    features: dict[str, float]
    nearest: tuple[Sentence, ...]  # the sentences most about the claim, best first
    about: tuple[int, ...]  # the article's attributions about the claim, by their index in the article
    stances: tuple[str, ...]  # and their stances
    spans: tuple[tuple[int, int], ...] = ()  # the article's sentences
    question: bool = False  # the text asks rather than tells
    carried: str | None = None  # how the sentence most about the claim carries it (relay.CARRIAGES)


def _word_counts(text: str, words: StanceWords, prefix: str) -> dict[str, float]:
    lowered = text.lower()
    tokens = _TOKEN.findall(lowered)
    return {
        f"{prefix}_refuting": math.log1p(_count(lowered, tokens, words.refuting)),
        f"{prefix}_hedging": math.log1p(_count(lowered, tokens, words.hedging)),
        f"{prefix}_supporting": math.log1p(_count(lowered, tokens, words.supporting)),
        f"{prefix}_negation": math.log1p(_negations(tokens, words)),
    }


STANCE_GROUPS = {"assert": "claims", "verify": "claims", "accuse": "claims", "report": "reports",
                 "deny": "counters", "reject": "counters", "no_comment": "declines"}


READING_FORMAT = 3  # bumped when a Body's stored form or what goes into it changes
_BODY_COUNTS = tuple(f"{prefix}_{kind}" for prefix in ("body", "lead")
                     for kind in ("refuting", "hedging", "supporting", "negation"))


@dataclass(frozen=True)
class Body:
    """What :func:`read_pair` needs of an article whatever the claim and the word rarity: its sentences and
    their keywords, its content words, its stance words and its attributions' keywords and stances. Worked
    out once per article: when it is stored (the ``claim_readings`` table, migration 0011; ``to_json``) or
    when it is read against claims (:func:`prepare`)."""

    spans: tuple[tuple[int, int], ...]
    sentence_keywords: tuple[frozenset[str], ...]
    terms: Mapping[str, int]  # the text's content_terms, in the order they first appear
    counts: dict[str, float]  # stance words in the body and in its lead
    attribution_keywords: tuple[frozenset[str], ...]
    attribution_stances: tuple[str, ...]
    sentence_marks: tuple[int, ...] = ()  # each sentence's relay.sentence_marks (hedged, asked)
    attribution_spans: tuple[tuple[int, int], ...] = ()  # where each attribution's content is
    quotes: tuple[Span, ...] = ()  # the quotations, with their keywords

    def to_json(self) -> str:
        """Compact JSON: each word once (``w``, keywords then other content words), sentences (``s``: start,
        end, keyword indexes, marks), attributions (``a``: stance, keyword indexes, content start and end),
        quotations (``q``: start, end, keyword indexes), content words in order (``t``: an index, or
        [index, count] where the count is not 1) and the stance-word counts (``c``)."""
        vocab: dict[str, int] = {}
        for kw in (*self.sentence_keywords, *self.attribution_keywords, *(q.keywords for q in self.quotes)):
            for w in sorted(kw):
                vocab.setdefault(w, len(vocab))
        for t in self.terms:
            vocab.setdefault(t, len(vocab))
        data = {"w": list(vocab), "s": [[s, e, sorted(vocab[w] for w in kw), m] for (s, e), kw, m
                                        in zip(self.spans, self.sentence_keywords, self.sentence_marks)],
                "a": [[st, sorted(vocab[w] for w in kw), s, e] for st, kw, (s, e)
                      in zip(self.attribution_stances, self.attribution_keywords, self.attribution_spans)],
                "q": [[q.start, q.end, sorted(vocab[w] for w in q.keywords)] for q in self.quotes],
                "t": [vocab[t] if c == 1 else [vocab[t], c] for t, c in self.terms.items()],
                "c": [self.counts[k] for k in _BODY_COUNTS]}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Body:
        d = json.loads(text)
        vocab = d["w"]
        terms = dict((vocab[t], 1) if type(t) is int else (vocab[t[0]], t[1]) for t in d["t"])
        def words(k: list[int]) -> frozenset[str]:
            return frozenset(vocab[i] for i in k)

        return cls(tuple((s[0], s[1]) for s in d["s"]), tuple(words(s[2]) for s in d["s"]),
                   terms, dict(zip(_BODY_COUNTS, d["c"])),
                   tuple(words(a[1]) for a in d["a"]), tuple(a[0] for a in d["a"]),
                   tuple(s[3] for s in d["s"]), tuple((a[2], a[3]) for a in d["a"]),
                   tuple(Span(s, e, words(k)) for s, e, k in d["q"]))


def read_body(article: Article, terms: Mapping[str, int] | None = None) -> Body:
    """``article``'s :class:`Body` (``terms``: its ``content_terms``, if at hand)."""
    text = article.text
    words = stance_words()
    spans = tuple(sentence_spans(text))
    marks = []
    for s, e in spans:
        lowered = text[s:e].lower()
        marks.append(sentence_marks(lowered, _count(lowered, _TOKEN.findall(lowered), words.hedging)))
    return Body(spans, tuple(keywords(text[s:e]) for s, e in spans), content_terms(text) if terms is None else terms,
                {**_word_counts(text, words, "body"),
                 **_word_counts(" ".join(text[s:e] for s, e in spans[:2]), words, "lead")},
                tuple(keywords(q.content.text) for q in article.attributions),
                tuple(q.stance for q in article.attributions), tuple(marks),
                tuple((q.content.start, q.content.end) for q in article.attributions),
                tuple(Span(s, e, keywords(text[s:e])) for s, e in quotations(text)))


def quotations(text: str) -> list[tuple[int, int]]:
    """Where ``text`` quotes: in double marks, and in single ones (headlines, and the British press)."""
    return sorted({(q.start, q.end) for q in find_quotes(text)} | set(find_single_quotes(text)))


@functools.lru_cache(maxsize=1)
def reading_fingerprint() -> str:
    """What a stored Body was made with: the format and every word list that goes into it (the stemmer's
    rules, the claim words ignored, the stance words, the stop words). A Body stored with another is read
    again from its article."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from newsgraph import words

    w = stance_words()
    made = [READING_FORMAT, list(words._STEM_RULES), sorted(words.CLAIM_IGNORE_WORDS), sorted(STOP_WORDS),
            *([sorted(single), list(phrases)] for single, phrases in (w.refuting, w.hedging, w.supporting)),
            sorted(w.negation)]
    return hashlib.sha256(json.dumps(made, ensure_ascii=False).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Prepared:
    """An article's :class:`Body` with its content words weighted by one rarity table: what
    :func:`read_pair` reads, however many claims it is read against."""

    text: str
    body: Body
    keywords: frozenset[str]
    lead_keywords: frozenset[str]
    vector: dict[str, float]  # the body's rarity-weighted content words
    article: Article | None = None  # the record, where at hand (its attributions give the evidence)


def weigh(text: str, body: Body, idf: Mapping[str, float] | None = None, article: Article | None = None) -> Prepared:
    """``body`` (of ``text``) ready to be read with the word rarity ``idf``."""
    kw = body.sentence_keywords
    return Prepared(text, body, frozenset().union(*kw), frozenset().union(*kw[:2]), weighted(body.terms, idf or {}),
                    article)


def prepare(article: Article, idf: Mapping[str, float] | None = None,
            terms: Mapping[str, int] | None = None) -> Prepared:
    """``article`` read once for claims to be judged against (``terms``: its ``content_terms``, if at hand)."""
    return weigh(article.text, read_body(article, terms), idf, article)


@dataclass(frozen=True)
class Claim:
    """What :func:`read_pair` needs of the claim, worked out once for all the articles it is read against."""

    text: str
    keywords: frozenset[str]
    vector: dict[str, float]
    counts: dict[str, float]


def read_claim(claim: str, idf: Mapping[str, float] | None = None) -> Claim:
    return Claim(claim, keywords(claim), weighted(content_terms(claim), idf or {}),
                 _word_counts(claim, stance_words(), "claim"))


def read_pair(claim: str | Claim, article: Article | Prepared, idf: Mapping[str, float] | None = None) -> Reading:
    """How ``article`` stands to ``claim``: the features the claim model weighs, and the evidence
    (``claim``: a :class:`Claim` read with the same ``idf``, when one claim is read against many articles)."""
    words = stance_words()
    idf = idf or {}
    prep = article if isinstance(article, Prepared) else prepare(article, idf)
    claim = claim if isinstance(claim, Claim) else read_claim(claim, idf)
    body, text = prep.body, prep.text
    claim_kw = claim.keywords
    n = max(len(claim_kw), 1)
    matched = [shared_words(claim_kw, kw) for kw in body.sentence_keywords]
    scored = [Sentence(s, e, len(m) / n) for (s, e), m in zip(body.spans, matched)]
    ranked = sorted(range(len(scored)), key=lambda i: (-scored[i].share, scored[i].start))
    best = [scored[i] for i in ranked[:NEAREST]]
    said = [Span(s, e, kw) for (s, e), kw in zip(body.attribution_spans, body.attribution_keywords)]
    carried = {i: carriage(scored[i].start, scored[i].end, matched[i], body.sentence_marks[i], said, body.quotes)
               for i in ranked if matched[i]}
    lead = next((carried[i] for i in ranked if i < 2 and i in carried), None)
    nearest = tuple(s for s in best if s.share > 0)
    near_text = " ".join(text[s.start:s.end] for s in nearest)
    need = min(MIN_SHARED, len(claim_kw)) or 1
    about = tuple(i for i, kw in enumerate(body.attribution_keywords) if len(shared_words(claim_kw, kw)) >= need)
    stances = tuple(body.attribution_stances[i] for i in about)
    groups = {g: 0 for g in ("claims", "reports", "counters", "declines")}
    for stance in stances:
        groups[STANCE_GROUPS.get(stance, "claims")] += 1
    features = {
        "cosine": cosine(claim.vector, prep.vector),
        "cover": len(shared_words(claim_kw, prep.keywords)) / n,
        "lead_cover": len(shared_words(claim_kw, prep.lead_keywords)) / n,
        "best_share": best[0].share if best else 0.0,
        "near_share": sum(s.share for s in best) / NEAREST,
        "length": math.log1p(len(body.spans)),
        **claim.counts,
        **body.counts,
        **_word_counts(near_text, words, "near"),
        "near_question": float("?" in near_text),
        "counters_share": groups["counters"] / (len(about) + 1),
        **{f"attr_{g}": math.log1p(c) for g, c in groups.items()},
        "attr_all": math.log1p(len(body.attribution_stances)),
        **relay_features([(scored[i].share, c) for i, c in carried.items()], lead),
    }
    features["negation_mismatch"] = float((features["claim_negation"] > 0) != (features["near_negation"] > 0))
    return Reading(features, nearest, about, stances, body.spans, "?" in text,
                   carried[ranked[0]] if ranked and ranked[0] in carried else None)
