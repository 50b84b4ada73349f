"""Is this article the same story as one already seen (ingested twice, or lightly edited)?

MinHash signatures over word 5-shingles of the normalised text, indexed with MinHashLSH.
LSH only proposes candidates (at a looser threshold than the decision), and each candidate
is then judged on its estimated Jaccard similarity, or on containment: a copy with a
paragraph added or trimmed keeps nearly all of the shorter text's shingles while its
Jaccard similarity drops below 0.8. Signatures serialise to bytes so a store can persist
them and rebuild the index in a later run. Only articles published within ``DUPLICATE_WINDOW_DAYS``
of each other (or undated) are candidates, in the store's bucket index and in memory alike.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # datasketch >= 2.0 hashing scheme; stored so old signatures are recognised
JACCARD_THRESHOLD = 0.8
CONTAINMENT_THRESHOLD = 0.9
CANDIDATE_THRESHOLD = 0.5  # LSH threshold: looser than the decision so edited copies reach the check
MIN_SHINGLES_FOR_CONTAINMENT = 20  # a very short text "contained" in a long one is not a copy
# Containment counts only between texts of similar length: a copy with a paragraph added is,
# but a long follow-up or round-up that quotes a whole shorter story is a different article.
MIN_SIZE_RATIO_FOR_CONTAINMENT = 0.6
# A near-duplicate is the same text published again: another outlet re-publishing a wire story, or the
# same page scraped again (its publication date unchanged). Such copies appear within days of the first,
# so a copy published more than this many days from a candidate is not its copy (a story re-told later
# is a new article, linked to the first by stories, not folded into it); an undated article on either
# side is compared with every date. Set by hand (2026-12-01, not tuned on any labelled set) to
# StoryRules.max_days_apart, the span of a story. It is also the cost bound of the store's lookup: the
# candidates of a new article come from a fortnight of the archive, not from every date.
DUPLICATE_WINDOW_DAYS = 7
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)

_WORD = re.compile(r"\w+", re.UNICODE)


def normalise_words(text: str) -> list[str]:
    """Lower-cased word tokens after Unicode compatibility folding; punctuation dropped."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(folded)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Word ``size``-shingles of the normalised text (the whole text when it is shorter)."""
    words = normalise_words(text)
    if not words:
        return set()
    if len(words) <= size:
        return {" ".join(words)}
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@dataclass(frozen=True)
class Signature:
    """A MinHash over an article's shingles plus the shingle count (needed for containment)."""

    minhash: LeanMinHash  # hash values only: a full MinHash also keeps its 1 KB of permutations
    shingle_count: int

    def to_bytes(self) -> bytes:
        return np.asarray(self.minhash.hashvalues, dtype=_dtype(SCHEME)).tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, shingle_count: int) -> Signature:
        values = np.frombuffer(data, dtype=_dtype(SCHEME))
        return cls(LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME), shingle_count)

    def jaccard(self, other: Signature) -> float:
        return float(self.minhash.jaccard(other.minhash))

    def containment(self, other: Signature) -> float:
        """Estimated share of the smaller text's shingles found in the other text."""
        j = self.jaccard(other)
        smaller = min(self.shingle_count, other.shingle_count)
        if smaller == 0:
            return 0.0
        shared = j * (self.shingle_count + other.shingle_count) / (1.0 + j)
        return min(1.0, shared / smaller)


def publication_day(published: str | None) -> str | None:
    """The day an article was published (``YYYY-MM-DD``, the first ten characters of its date), or
    None when it is undated or the date does not read as one."""
    if not published or not _DAY.fullmatch(published[:10]):
        return None
    try:
        return date.fromisoformat(published[:10]).isoformat()
    except ValueError:
        return None


def day_window(day: str | None) -> tuple[str, str] | None:
    """The first and last day whose articles can be copies of one published on ``day``; None (every
    date) when it is undated."""
    if day is None:
        return None
    at = date.fromisoformat(day).toordinal()  # by day numbers: the window stops at the calendar's ends
    first, last = max(at - DUPLICATE_WINDOW_DAYS, 1), min(at + DUPLICATE_WINDOW_DAYS, date.max.toordinal())
    return date.fromordinal(first).isoformat(), date.fromordinal(last).isoformat()


def within_window(a: str | None, b: str | None) -> bool:
    """Whether articles published on days ``a`` and ``b`` can be copies: True when either is undated."""
    if a is None or b is None:
        return True
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= DUPLICATE_WINDOW_DAYS


def _dtype(scheme: str) -> str:
    return "<u8" if scheme == "affine64" else "<u4"


@functools.lru_cache(maxsize=1)
def _permutations() -> object:
    """The seeded permutations, drawn once: MinHash otherwise draws them again for every text."""
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def signature(text: str) -> Signature | None:
    """The MinHash signature of ``text``; None for text without words."""
    grams = shingles(text)
    if not grams:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_permutations())
    minhash.update_batch([g.encode("utf-8") for g in grams])
    return Signature(LeanMinHash(minhash), len(grams))


def is_near_duplicate(a: Signature, b: Signature) -> bool:
    if a.jaccard(b) >= JACCARD_THRESHOLD:
        return True
    smaller, larger = sorted((a.shingle_count, b.shingle_count))
    if smaller < MIN_SHINGLES_FOR_CONTAINMENT or smaller < MIN_SIZE_RATIO_FOR_CONTAINMENT * larger:
        return False
    return a.containment(b) >= CONTAINMENT_THRESHOLD


_LSH_SHAPE = MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=NUM_PERM)
BANDS, ROWS = _LSH_SHAPE.b, _LSH_SHAPE.r  # the same bands an in-memory MinHashLSH would use
del _LSH_SHAPE


def band_keys(sig: Signature) -> list[tuple[int, int]]:
    """The signature's LSH buckets as (band, key) pairs, for an index kept in a database.

    Two signatures sharing any pair are candidates, exactly as in :class:`NearDuplicateIndex`;
    each key is a 63-bit hash of the band's values, so it fits a signed 64-bit column.
    """
    values = np.asarray(sig.minhash.hashvalues, dtype=_dtype(SCHEME))
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(values[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "little") >> 1))
    return keys


class NearDuplicateIndex:
    """In-memory LSH index of article signatures (and publication days) keyed by article id."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=NUM_PERM)
        self._signatures: dict[str, Signature] = {}
        self._days: dict[str, str | None] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def add(self, article_id: str, sig: Signature, day: str | None = None) -> None:
        if article_id in self._signatures:
            return
        self._lsh.insert(article_id, sig.minhash)
        self._signatures[article_id] = sig
        self._days[article_id] = day

    def remove(self, article_id: str) -> None:
        if self._signatures.pop(article_id, None) is not None:
            self._days.pop(article_id, None)
            self._lsh.remove(article_id)

    def query(self, sig: Signature, day: str | None = None) -> list[tuple[str, float]]:
        """Indexed articles that are near-duplicates of ``sig`` (published on ``day``: those within the
        window of it, and undated ones), most similar first."""
        found = []
        for key in self._lsh.query(sig.minhash):
            other = self._signatures[key]
            if within_window(day, self._days[key]) and is_near_duplicate(sig, other):
                found.append((key, sig.jaccard(other)))
        return sorted(found, key=lambda kv: (-kv[1], kv[0]))

    def best_match(self, sig: Signature, day: str | None = None) -> str | None:
        matches = self.query(sig, day)
        return matches[0][0] if matches else None
