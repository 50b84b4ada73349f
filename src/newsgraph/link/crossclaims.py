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

Precision first: of the (three) most similar claims above the threshold, the counter takes the first
it addresses as a proposition (``extract.propositions.disputed``: the same predicate or core
participant, not only shared words), and the reason names what is disputed; a counter that names the
claim it answers ("denied the reports") takes the most similar one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from newsgraph.link.similarity import content_terms, cosine, idf_table, weighted
from newsgraph.model import CLAIMING, COUNTERING, STANCE_KINDS, Article, Attribution, Contradiction, Story
from newsgraph.extract.attribution.lexicon import lexicon
from newsgraph.extract.propositions import as_written, disputed, of_text, of_texts
from newsgraph.words import claim_words, keywords, match_keys

MIN_SIMILARITY = 0.12
MIN_SHARED_WORDS = 2
TOP_CANDIDATES = 3  # the most similar claims a counter is tested against as a proposition


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


def _same_thing(
    counter: Attribution, ranked: list[tuple[Article, Attribution]],
) -> tuple[tuple[Article, Attribution], list[str]] | None:
    """The most similar claim that the counter addresses as a proposition (``propositions.disputed``), with
    the disputed words; a counter that names the claim it answers ("denied the reports") takes the most
    similar claim, as its own words say nothing of the proposition."""
    if not ranked:
        return None
    if {w.lower() for w in claim_words(counter.content.text)} & lexicon().any_claim_noun:
        return ranked[0], []
    mine = of_text(counter.content.text)
    for a, q in ranked:
        about = disputed(mine, of_text(q.content.text))
        if about:
            return (a, q), about
    return None


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
        terms = {k: content_terms(t) for k, t in texts.items()}  # each statement's words stemmed once
        idf = idf_table(terms.values())
        vec = {k: weighted(t, idf) for k, t in terms.items()}
        postings, _ = _claim_index(statements)
        who = [_who(q).casefold() for _, q in statements]
        pending: list[tuple[Article, Attribution, list[tuple[Article, Attribution]]]] = []
        for j, (b, qb) in enumerate(statements):
            if qb.stance not in COUNTERING:
                continue
            ranked, who_b = [], who[j]
            counter_words = keywords(texts[(b.id, qb.id)])
            for i in _candidates(counter_words, postings):
                a, qa = statements[i]
                if a.id == b.id or a.duplicate_of == b.id or b.duplicate_of == a.id:
                    continue
                if who[i] == who_b:  # (the index already found MIN_SHARED_WORDS in common, as shared_words counts)
                    continue
                score = cosine(vec[(a.id, qa.id)], vec[(b.id, qb.id)])
                if score > MIN_SIMILARITY:
                    ranked.append((-score, i))
            pending.append((b, qb, [statements[i] for _, i in sorted(ranked)[:TOP_CANDIDATES]]))
        of_texts(q.content.text for _, qb, ranked in pending for q in [qb] + [qa for _, qa in ranked])
        for b, qb, ranked in pending:
            best = _same_thing(qb, ranked)
            if best:
                (a, qa), about = best
                verb = STANCE_KINDS[qb.stance].verb
                why = (f"{_who(qb)} ({b.outlet or 'another article'}) {verb} what {_who(qa)} ({a.outlet or 'an article'}) "
                       f"{'reported' if qa.stance == 'report' else 'said'}" + (f" about {', '.join(as_written(about[:3], qb.content.text))}" if about else ""))
                found.append(Contradiction(f"{a.id}/{qa.id}", f"{b.id}/{qb.id}", why))
    return tuple(found)
