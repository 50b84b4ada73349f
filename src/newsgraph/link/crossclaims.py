"""Which claim in one outlet does a denial in another answer? Contradictions across articles.

Within a story, each denial or rejection is compared with the reports, assertions and
accusations of the *other* articles; the most similar one above a threshold is the claim it
counters. Similarity is the rarity-weighted overlap of content words between the two
statements, with the paragraph around each as a fallback for short, anaphoric denials
("denied the reports"); and, as within one article, the claim must share at least two
content words with the denial, and a speaker never counters itself.

Claims are indexed by their content words (an inverted index per story, each claim's words
worked out once), so a denial is compared only with the claims sharing at least two words
with it: the work grows with the overlaps, not with the square of the story.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from newsgraph.link.similarity import content_terms, cosine, idf_table, weighted
from newsgraph.model import CLAIMING, COUNTERING, STANCE_KINDS, Article, Attribution, Contradiction, Story
from newsgraph.words import keywords, match_keys, shared_words

MIN_SIMILARITY = 0.12
MIN_SHARED_WORDS = 2


def _context(article: Article, spans: Sequence[tuple[int, int]], q: Attribution) -> str:
    """The paragraph holding the statement: enough to match a denial that only says "the reports"."""
    for start, end in spans:
        if start <= q.content.start < end:
            return article.text[start:end]
    return q.content.text


def _claim_index(
    statements: Sequence[tuple[Article, Attribution]],
) -> tuple[dict[str, list[int]], dict[int, frozenset[str]]]:
    """The content words of each claim (by position in ``statements``), worked out once, and the
    inverted index: match key -> positions of the claims with a word under that key, in order."""
    postings: dict[str, list[int]] = defaultdict(list)
    words: dict[int, frozenset[str]] = {}
    for i, (_, q) in enumerate(statements):
        if q.stance in CLAIMING:
            words[i] = keywords(q.content.text)
            for key in sorted({k for w in words[i] for k in match_keys(w)}):
                postings[key].append(i)
    return postings, words


def _candidates(counter_words: frozenset[str], postings: dict[str, list[int]]) -> list[int]:
    """Positions of the claims sharing at least MIN_SHARED_WORDS of the counter's words, in order."""
    hits: Counter[int] = Counter()
    for w in counter_words:
        hits.update({i for k in match_keys(w) for i in postings.get(k, ())})
    return sorted(i for i, n in hits.items() if n >= MIN_SHARED_WORDS)


def _who(q: Attribution) -> str:
    sp = q.speaker
    return (sp.resolved or sp.text or "someone") if sp else "someone"


def link_claims(articles: Sequence[Article], stories: Sequence[Story]) -> tuple[Contradiction, ...]:
    by_id = {a.id: a for a in articles}
    found: list[Contradiction] = []
    for story in stories:
        members = [by_id[i] for i in story.article_ids if i in by_id]
        if len(members) < 2:
            continue
        statements = [(a, q) for a in members for q in a.attributions]
        spans = {a.id: a.paragraph_spans() for a in members}
        texts = {(a.id, q.id): f"{q.content.text}\n{_context(a, spans[a.id], q)}" for a, q in statements}
        idf = idf_table(content_terms(t) for t in texts.values())
        vec = {k: weighted(content_terms(t), idf) for k, t in texts.items()}
        postings, claim_words = _claim_index(statements)
        for b, qb in statements:
            if qb.stance not in COUNTERING:
                continue
            best, best_score = None, MIN_SIMILARITY
            counter_words = keywords(texts[(b.id, qb.id)])
            for i in _candidates(counter_words, postings):
                a, qa = statements[i]
                if a.id == b.id or a.duplicate_of == b.id or b.duplicate_of == a.id:
                    continue
                if _who(qa).casefold() == _who(qb).casefold():
                    continue
                if len(shared_words(counter_words, claim_words[i])) < MIN_SHARED_WORDS:  # as the index said
                    continue
                score = cosine(vec[(a.id, qa.id)], vec[(b.id, qb.id)])
                if score > best_score:
                    best, best_score = (a, qa), score
            if best:
                a, qa = best
                verb = STANCE_KINDS[qb.stance].verb
                why = f"{_who(qb)} ({b.outlet or 'another article'}) {verb} what {_who(qa)} ({a.outlet or 'an article'}) {'reported' if qa.stance == 'report' else 'said'}"
                found.append(Contradiction(f"{a.id}/{qa.id}", f"{b.id}/{qb.id}", why))
    return tuple(found)
