"""Cross-article claim matching looks up the claims a denial may answer in an index of their words:
it must find exactly what comparing every counter with every claim found."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "link"))

import claims_corpus  # noqa: E402
import pairwise_claims  # noqa: E402  (the matching before the index: every counter with every claim)

from newsgraph.link import crossclaims  # noqa: E402


@pytest.mark.parametrize("extra_words", [0, 400])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_indexed_matching_finds_what_pairwise_matching_found(seed, extra_words):
    articles, stories = claims_corpus.corpus((2, 5, 16, 60, 150), seed=seed, extra_words=extra_words)
    before = pairwise_claims.link_claims(articles, stories)
    assert len(before) >= 10  # the invented stories hold real denials of real claims
    assert crossclaims.link_claims(articles, stories) == before


def test_a_counter_is_compared_only_with_claims_sharing_two_of_its_words():
    """Words meet as ``shared_words`` counts them: the same word, or the same first five letters."""
    from newsgraph.words import match_keys, shared_words

    statements = [(a, q) for a in claims_corpus.story_articles(40, seed=7)[0] for q in a.attributions]
    postings, words = crossclaims._claim_index(statements)
    assert set(words) == {i for i, (_, q) in enumerate(statements) if q.stance in crossclaims.CLAIMING}
    counter = frozenset({"ministers", "licence", "tarrow"})  # "ministers" meets "ministry" and "minister"
    found = crossclaims._candidates(counter, postings)
    assert 0 < len(found) < len(words)
    assert any("ministers" not in words[i] and {"ministry", "minister"} & words[i] for i in found)
    assert found == [i for i in sorted(words) if len(shared_words(counter, words[i])) >= 2]
    assert match_keys("ministry") == ("ministry", "\0minis") and match_keys("levy") == ("levy",)
