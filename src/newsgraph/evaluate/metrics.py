"""How close is an extracted text to a gold one? Shared precision/recall/F1 and shingle helpers.

``shingle_counts`` follows the Zyte article-extraction benchmark: word tokens are ``\\w+``
runs, shingles are overlapping word 4-grams counted with multiplicity, and a text shorter
than ``n`` tokens is one short shingle. Per-page scores are averaged the benchmark's way
(``macro_scores``: mean precision and mean recall over pages, F1 of those means); summed raw
counts give ``micro`` scores.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives (floats so they can be normalised)."""

    tp: float = 0.0
    fp: float = 0.0
    fn: float = 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def normalised(self) -> Counts:
        """Counts divided by their sum, so long pages do not outweigh short ones."""
        total = self.tp + self.fp + self.fn
        return Counts(self.tp / total, self.fp / total, self.fn / total) if total else self


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float

    def to_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


def precision(c: Counts) -> float:
    """Precision, 1.0 when nothing was predicted and nothing was expected (benchmark convention)."""
    if c.fp == c.fn == 0:
        return 1.0
    return c.tp / (c.tp + c.fp) if c.tp + c.fp else 0.0


def recall(c: Counts) -> float:
    if c.fp == c.fn == 0:
        return 1.0
    return c.tp / (c.tp + c.fn) if c.tp + c.fn else 0.0


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def label_scores(gold: Sequence[str], predicted: Sequence[str], label: str) -> tuple[float, float, float, int]:
    """One label's precision, recall and F1 over paired gold and predicted labels, and its gold count."""
    tp = sum(g == p == label for g, p in zip(gold, predicted))
    n_pred = sum(p == label for p in predicted)
    n_gold = sum(g == label for g in gold)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, f1(p, r), n_gold


def scores(c: Counts) -> Scores:
    p, r = precision(c), recall(c)
    return Scores(p, r, f1(p, r))


def micro_scores(per_item: Iterable[Counts]) -> Scores:
    """Scores of the summed raw counts."""
    total = Counts()
    for c in per_item:
        total = total + c
    return scores(total)


def macro_scores(per_item: Sequence[Counts]) -> Scores:
    """Mean precision and mean recall over items (each normalised), and the F1 of those means."""
    normed = [c.normalised() for c in per_item]
    ps = [precision(c) for c in normed if c.tp + c.fp > 0]
    rs = [recall(c) for c in normed if c.tp + c.fn > 0]
    p = statistics.mean(ps) if ps else 0.0
    r = statistics.mean(rs) if rs else 0.0
    return Scores(p, r, f1(p, r))


def words(text: str | None) -> list[str]:
    return _WORD.findall(text or "")


def shingle_counts(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    """Word n-grams of ``text`` with their counts; a text shorter than ``n`` words is one shingle."""
    tokens = words(text)
    if len(tokens) < n:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def shingle_match(gold: str | None, predicted: str | None, n: int = 4) -> Counts:
    """Raw shingle TP/FP/FN of a predicted text against the gold text."""
    g, p = shingle_counts(gold, n), shingle_counts(predicted, n)
    tp = sum((g & p).values())
    return Counts(float(tp), float(sum(p.values()) - tp), float(sum(g.values()) - tp))


def same_words(gold: str | None, predicted: str | None) -> bool:
    """Exact match after tokenisation (the benchmark's "accuracy")."""
    return words(gold) == words(predicted)
