"""How alike are two texts in what they are about? Content-word vectors weighted by rarity.

Shared by story clustering and cross-article claim matching. Words are folded to a crude
stem (``words.stem``, the one stemmer) so "attacked"/"attack"/"attacks" meet; stop words and short
words are dropped.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from spacy.lang.en.stop_words import STOP_WORDS

from newsgraph.words import stem

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


def content_terms(text: str) -> Counter[str]:
    """Stemmed content words of ``text`` with their counts."""
    words = (w.casefold() for w in _WORD.findall(text))
    return Counter(stem(w) for w in words if w not in STOP_WORDS)


def idf_table(documents: Iterable[Counter[str]]) -> dict[str, float]:
    df: Counter[str] = Counter()
    n = 0
    for terms in documents:
        n += 1
        df.update(terms.keys())
    return {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}


def weighted(terms: Counter[str], idf: Mapping[str, float], default_idf: float = 1.0) -> dict[str, float]:
    vec = {t: (1 + math.log(c)) * idf.get(t, default_idf) for t, c in terms.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def overlap(a: Iterable[str], b: Iterable[str]) -> float:
    """Share of the smaller set found in the other (0 when either is empty)."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))
