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
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsgraph.link.similarity import content_terms, cosine, weighted
from newsgraph.model import Article, Attribution, split_spans
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
    attributions: tuple[Attribution, ...]  # the article's attributions about the claim
    spans: tuple[tuple[int, int], ...] = ()  # the article's sentences
    question: bool = False  # the text asks rather than tells


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


@dataclass(frozen=True)
class Prepared:
    """What :func:`read_pair` needs of an article, worked out once however many claims it is read against."""

    article: Article
    spans: tuple[tuple[int, int], ...]
    sentence_keywords: tuple[frozenset[str], ...]
    keywords: frozenset[str]
    lead_keywords: frozenset[str]
    vector: dict[str, float]  # the body's rarity-weighted content words
    counts: dict[str, float]  # stance words in the body and in its lead
    attribution_keywords: tuple[frozenset[str], ...]


def prepare(article: Article, idf: Mapping[str, float] | None = None,
            terms: Mapping[str, int] | None = None) -> Prepared:
    """``article`` read once for claims to be judged against (``terms``: its ``content_terms``, if at hand)."""
    text = article.text
    spans = tuple(sentence_spans(text))
    sentence_kw = tuple(keywords(text[s:e]) for s, e in spans)
    return Prepared(article, spans, sentence_kw, frozenset().union(*sentence_kw),
                    frozenset().union(*sentence_kw[:2]), weighted(content_terms(text) if terms is None else terms, idf or {}),
                    {**_word_counts(text, stance_words(), "body"),
                     **_word_counts(" ".join(text[s:e] for s, e in spans[:2]), stance_words(), "lead")},
                    tuple(keywords(q.content.text) for q in article.attributions))


def read_pair(claim: str, article: Article | Prepared, idf: Mapping[str, float] | None = None) -> Reading:
    """How ``article`` stands to ``claim``: the features the claim model weighs, and the evidence."""
    words = stance_words()
    idf = idf or {}
    prep = article if isinstance(article, Prepared) else prepare(article, idf)
    text = prep.article.text
    claim_kw = keywords(claim)
    n = max(len(claim_kw), 1)
    scored = [Sentence(s, e, len(shared_words(claim_kw, kw)) / n)
              for (s, e), kw in zip(prep.spans, prep.sentence_keywords)]
    best = sorted(scored, key=lambda s: (-s.share, s.start))[:NEAREST]
    nearest = tuple(s for s in best if s.share > 0)
    near_text = " ".join(text[s.start:s.end] for s in nearest)
    need = min(MIN_SHARED, len(claim_kw)) or 1
    about = tuple(q for q, kw in zip(prep.article.attributions, prep.attribution_keywords)
                  if len(shared_words(claim_kw, kw)) >= need)
    groups = {g: 0 for g in ("claims", "reports", "counters", "declines")}
    for q in about:
        groups[STANCE_GROUPS.get(q.stance, "claims")] += 1
    features = {
        "cosine": cosine(weighted(content_terms(claim), idf), prep.vector),
        "cover": len(shared_words(claim_kw, prep.keywords)) / n,
        "lead_cover": len(shared_words(claim_kw, prep.lead_keywords)) / n,
        "best_share": best[0].share if best else 0.0,
        "near_share": sum(s.share for s in best) / NEAREST,
        "length": math.log1p(len(prep.spans)),
        **_word_counts(claim, words, "claim"),
        **prep.counts,
        **_word_counts(near_text, words, "near"),
        "near_question": float("?" in near_text),
        "counters_share": groups["counters"] / (len(about) + 1),
        **{f"attr_{g}": math.log1p(c) for g, c in groups.items()},
        "attr_all": math.log1p(len(prep.article.attributions)),
    }
    features["negation_mismatch"] = float((features["claim_negation"] > 0) != (features["near_negation"] > 0))
    return Reading(features, nearest, about, prep.spans, "?" in text)
