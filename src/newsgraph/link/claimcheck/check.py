"""Check a claim against analysed articles: which agree, disagree or only discuss it, and where they say so.

:func:`judge` reads one (claim, article) pair; :func:`check_claim` ranks a set of articles, keeping
those the model finds about the claim; :func:`check_claim_in` first asks a store (anything with
``search`` and ``get_article``) for the articles sharing the claim's words. Evidence is the article's own
attributions about the claim (each with its stance: who supports, reports, denies or rejects it) and
the sentences nearest the claim, as character offsets into the article's cleaned text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from newsgraph.link.claimcheck.classify import ClaimModel, claim_model
from newsgraph.link.claimcheck.features import Prepared, Reading, prepare, read_pair
from newsgraph.link.similarity import content_terms, idf_table
from newsgraph.model import COUNTERING, STANCE_KINDS, Article, Record
from newsgraph.words import CLAIM_IGNORE_WORDS, claim_words

K = TypeVar("K")

MAX_EVIDENCE = 5
SHORT_TEXT = 2  # sentences: a text this short is read by rule (:func:`short_stance`), not by the model
SEARCH_CANDIDATES = 100
SEARCH_WORDS = 12
# What an article's stance is called in a listing; an attribution's is its stance's verb (model.STANCE_KINDS).
ARTICLE_VERDICT = {"agree": "supports", "disagree": STANCE_KINDS["deny"].verb, "discuss": STANCE_KINDS["report"].verb,
                   "unrelated": "unrelated"}


@dataclass(frozen=True)
class Evidence(Record):
    start: int
    end: int
    text: str
    stance: str | None = None  # the attribution's stance; None for a sentence
    verdict: str | None = None  # the attribution stance's verb: asserts, reports, denies, rejects ...
    speaker: str | None = None
    attribution_id: str | None = None


@dataclass(frozen=True)
class Finding(Record):
    """One article's stance towards the claim, how sure the model is, and the evidence."""

    article_id: str
    stance: str  # agree / disagree / discuss / unrelated
    verdict: str  # supports / denies / reports / unrelated
    probability: float  # of that stance
    related: float  # the model's probability that the article is about the claim at all
    headline: str | None = None
    outlet: str | None = None
    published: str | None = None
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)


def prepare_all(claims: Iterable[str], articles: Mapping[K, Article]) -> tuple[dict[str, float], dict[K, Prepared]]:
    """Word rarity over the texts being compared (claims and bodies), and each body prepared with it (its
    words stemmed once, for both)."""
    terms = {k: content_terms(a.text) for k, a in articles.items()}
    idf = idf_table([*(content_terms(c) for c in claims), *terms.values()])
    return idf, {k: prepare(a, idf, terms[k]) for k, a in articles.items()}


def evidence_of(reading: Reading, article: Article) -> tuple[Evidence, ...]:
    """The attributions about the claim (with their stance), then the nearest sentences not already in one."""
    out: list[Evidence] = []
    for q in reading.attributions[:MAX_EVIDENCE]:
        speaker = (q.speaker.resolved or q.speaker.text) if q.speaker else None
        out.append(Evidence(q.content.start, q.content.end, q.content.text, q.stance,
                            STANCE_KINDS[q.stance].verb if q.stance in STANCE_KINDS else None, speaker, q.id))
    for s in reading.nearest:
        if len(out) >= MAX_EVIDENCE:
            break
        if any(e.start < s.end and s.start < e.end for e in out):
            continue
        out.append(Evidence(s.start, s.end, article.text[s.start:s.end]))
    return tuple(out)


def short_stance(reading: Reading) -> str:
    """A headline or a line or two, where word counts are too few for the model, read by rule: refuting
    words or a denial disagree; hedges, a question or a relayed statement discuss; the rest agree."""
    f = reading.features
    stances = {q.stance for q in reading.attributions}
    if stances & COUNTERING or f["body_refuting"] > f["claim_refuting"] \
            or (f["body_negation"] > 0 and f["claim_negation"] == 0):
        return "disagree"
    if "verify" in stances or f["body_supporting"] > f["claim_supporting"]:
        return "agree"
    if stances or f["body_hedging"] > f["claim_hedging"] or reading.question:
        return "discuss"
    return "agree"


def _only_countered(reading: Reading) -> bool:
    """The article's own speakers, where they address the claim, only deny or reject it (none puts it
    forward): the article disagrees, whatever the word counts say."""
    stances = {q.stance for q in reading.attributions}
    return bool(stances) and stances <= COUNTERING


def judge(claim: str, article: Article | Prepared, idf: Mapping[str, float] | None = None, *,
          model: ClaimModel | None = None, related_known: bool = False) -> Finding:
    """The stance of ``article`` towards ``claim``, with its evidence (``prepare`` it once to read it
    against many claims)."""
    reading = read_pair(claim, article, idf)
    article = article.article if isinstance(article, Prepared) else article
    label, probs = (model or claim_model()).predict(reading.features, related_known=related_known)
    if label != "unrelated" and len(reading.spans) <= SHORT_TEXT:
        label = short_stance(reading)
    elif label != "unrelated" and _only_countered(reading):
        label = "disagree"
    return Finding(article.id, label, ARTICLE_VERDICT[label], round(probs[label], 4),
                   round(1.0 - probs["unrelated"], 4), article.headline,
                   article.outlet, article.published, evidence_of(reading, article) if label != "unrelated" else ())


def check_claim(claim: str, articles: Sequence[Article], *, limit: int = 20) -> list[Finding]:
    """The articles about ``claim``, most related first, each with its stance and evidence."""
    idf, prepared = prepare_all([claim], dict(enumerate(articles)))
    model = claim_model()
    scored = []
    for i in range(len(articles)):
        finding = judge(claim, prepared[i], idf, model=model)
        if finding.stance != "unrelated":
            scored.append(finding)
    scored.sort(key=lambda f: (-f.related, f.article_id))
    return scored[:limit]


def search_query(claim: str) -> str:
    """A full-text query for the stored articles sharing any of the claim's content words."""
    seen: list[str] = []
    for w in claim_words(claim):
        low = w.lower().strip("'’-")
        if len(low) > 3 and low not in CLAIM_IGNORE_WORDS and low not in seen and low.isalpha():
            seen.append(low)
    return " OR ".join(seen[:SEARCH_WORDS])


def check_claim_in(store, claim: str, *, limit: int = 20) -> list[Finding]:
    """:func:`check_claim` over the stored articles a full-text search for the claim's words finds."""
    query = search_query(claim)
    if not query:
        return []
    hits = store.search(query, limit=SEARCH_CANDIDATES)
    articles = [a for a in (store.get_article(h.article_id) for h in hits) if a is not None]
    return check_claim(claim, articles, limit=limit)
