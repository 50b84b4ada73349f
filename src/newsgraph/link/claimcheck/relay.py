"""Does the article state the claim, or only relay it? How the sentences that match the claim carry it.

A sentence carries the claim's words in the outlet's own voice (*stated*), or keeps its distance: the
matching words sit inside an attribution's content (someone else says so: *attributed*), inside
quotation marks (*quoted*), under a hedge or distance marker of the sentence ("reportedly", "may",
"unconfirmed", "according to": the ``hedging`` words of ``data/claims/stance_words.yaml``, the one list
of them: *hedged*), or in a question (*asked*). An article that only relays a claim discusses it (FNC-1
"discuss", Emergent "observing"); one that states it agrees.

What does not depend on the claim (each sentence's hedges and question mark, the quotations with their
keywords, the attributions' content spans) is read once per article into the ``features.Body``; the
matching is done per claim (:func:`carriage`, :func:`relay_features`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from newsgraph.words import shared_words

HEDGED, ASKED = 1, 2  # a sentence's marks (bits): a hedging word in it; it asks
MATCHING = 0.5  # share of the claim's keywords that makes a sentence one that carries the claim
CARRIAGES = ("stated", "attributed", "quoted", "hedged", "asked")


@dataclass(frozen=True)
class Span:
    """A stretch of the article (an attribution's content, a quotation) with its keywords."""

    start: int
    end: int
    keywords: frozenset[str]


def sentence_marks(sentence: str, hedges: int) -> int:
    """The marks of one sentence: ``hedges`` (its count of hedging words) and whether it asks."""
    return (HEDGED if hedges else 0) | (ASKED if sentence.rstrip(" \"'”’)").endswith("?") else 0)


def carriage(start: int, end: int, matched: Sequence[str], marks: int, spans: Sequence[Span],
             quotes: Sequence[Span]) -> str:
    """How the sentence ``start:end`` carries the claim's words ``matched`` (those it shares with the
    claim): inside an attribution's content or a quotation holding at least half of them, else under
    the sentence's own hedge or question, else stated."""
    if matched:
        need = (len(matched) + 1) // 2
        for kind, found in (("attributed", spans), ("quoted", quotes)):
            for s in found:
                if s.start < end and start < s.end and len(shared_words(frozenset(matched), s.keywords)) >= need:
                    return kind
    if marks & HEDGED:
        return "hedged"
    if marks & ASKED:
        return "asked"
    return "stated"


def relay_features(carried: Sequence[tuple[float, str]], lead: str | None) -> dict[str, float]:
    """The claim model's features from how the matching sentences carry the claim: ``carried`` holds
    (share of the claim's keywords, carriage) of every sentence sharing any, best first; ``lead`` is the
    carriage of the lead's best matching sentence (None: the lead does not touch the claim)."""
    best = carried[0][1] if carried else None
    matching = [c for share, c in carried if share >= MATCHING]
    weight = sum(share for share, _ in carried) or 1.0
    out = {f"best_{kind}": float(best == kind) for kind in CARRIAGES}
    out["stated_weight"] = sum(share for share, c in carried if c == "stated") / weight
    out["matching_stated"] = math.log1p(sum(c == "stated" for c in matching))
    out["matching_relayed"] = math.log1p(sum(c != "stated" for c in matching))
    out["lead_stated"] = float(lead == "stated")
    out["lead_relayed"] = float(lead is not None and lead != "stated")
    return out
