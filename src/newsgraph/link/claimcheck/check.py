"""Check a claim against analysed articles: which agree, disagree or only discuss it, and where they say so.

:func:`judge` reads one (claim, article) pair; :func:`check_claim` ranks a set of articles, keeping
those the model finds about the claim; :func:`check_claim_in` first asks a store for the articles sharing
the claim's words (a SQL store gives each with its reading kept at write time, so no record is read).
Evidence is the article's own attributions about the claim (each with its stance: who supports,
reports, denies or rejects it) and the sentences nearest the claim, as character offsets into the
article's cleaned text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from newsgraph.link.claimcheck.classify import ClaimModel, claim_model
from newsgraph.link.claimcheck.features import Body, Claim, Prepared, Reading, prepare, read_body, read_claim, \
    read_pair, weigh
from newsgraph.link.similarity import content_terms, idf_table
from newsgraph.model import COUNTERING, STANCE_KINDS, Article, Attribution, Record, replace
from newsgraph.words import CLAIM_IGNORE_WORDS, claim_words

K = TypeVar("K")

MAX_EVIDENCE = 5
SHORT_TEXT = 2  # sentences: a text this short is read by rule (:func:`short_stance`), not by the model
# A check reads the SEARCH_CANDIDATES articles the store's full-text search ranks first for the claim's
# first SEARCH_WORDS content words (bm25 on SQLite, ts_rank on PostgreSQL, within the newest
# search_window matches: store/dialect.py), so its cost does not grow with the store. Both set when claim
# checking came (commit 412cebd), not tuned; a larger K reads more articles per request (about 0.2 ms
# each, from the readings kept at write time) and changes the word rarity the model sees.
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


def said(start: int, end: int, text: str, stance: str, speaker: str | None, attribution_id: str) -> Evidence:
    """An attribution as evidence: what was said (offsets and text), its stance and verb, who said it."""
    return Evidence(start, end, text, stance, STANCE_KINDS[stance].verb if stance in STANCE_KINDS else None,
                    speaker, attribution_id)


def attribution_evidence(q: Attribution) -> Evidence:
    return said(q.content.start, q.content.end, q.content.text, q.stance,
                (q.speaker.resolved or q.speaker.text) if q.speaker else None, q.id)


def evidence_of(reading: Reading, text: str, attributions: Sequence[Evidence]) -> tuple[Evidence, ...]:
    """The attributions about the claim (``attributions``: the article's, as evidence; with their stance),
    then the nearest sentences not already in one."""
    out: list[Evidence] = [attributions[i] for i in reading.about[:MAX_EVIDENCE]]
    for s in reading.nearest:
        if len(out) >= MAX_EVIDENCE:
            break
        if any(e.start < s.end and s.start < e.end for e in out):
            continue
        out.append(Evidence(s.start, s.end, text[s.start:s.end]))
    return tuple(out)


def short_stance(reading: Reading) -> str:
    """A headline or a line or two, where word counts are too few for the model, read by rule: refuting
    words or a denial disagree; a confirmation agrees; a text that keeps its distance from the claim
    discusses it (its sentence most about the claim carries it inside an attribution, in quotation marks
    or as a question: ``relay.carriage``; or the text hedges, or asks), whatever supporting words it has
    (measured on FNC-1 even leads read as headlines); the claim stated agrees."""
    f = reading.features
    stances = set(reading.stances)
    if stances & COUNTERING or f["body_refuting"] > f["claim_refuting"] \
            or (f["body_negation"] > 0 and f["claim_negation"] == 0):
        return "disagree"
    if "verify" in stances:
        return "agree"
    if reading.carried not in (None, "stated") or f["body_hedging"] > 0 or reading.question:
        return "discuss"
    return "agree"


def _only_countered(reading: Reading) -> bool:
    """The article's own speakers, where they address the claim, only deny or reject it (none puts it
    forward): the article disagrees, whatever the word counts say."""
    stances = set(reading.stances)
    return bool(stances) and stances <= COUNTERING


def decide(reading: Reading, model: ClaimModel | None = None, *,
           related_known: bool = False) -> tuple[str, dict[str, float]]:
    """The stance the model (then the rules for short texts and for only-countering speakers) gives a
    reading, and the model's probability of each stance."""
    label, probs = (model or claim_model()).predict(reading.features, related_known=related_known)
    if label != "unrelated" and len(reading.spans) <= SHORT_TEXT:
        label = short_stance(reading)
    elif label != "unrelated" and _only_countered(reading):
        label = "disagree"
    return label, probs


def finding(article_id: str, label: str, probs: Mapping[str, float], *, headline: str | None = None,
            outlet: str | None = None, published: str | None = None,
            evidence: tuple[Evidence, ...] = ()) -> Finding:
    return Finding(article_id, label, ARTICLE_VERDICT[label], round(probs[label], 4),
                   round(1.0 - probs["unrelated"], 4), headline, outlet, published, evidence)


def judge(claim: str | Claim, article: Article | Prepared, idf: Mapping[str, float] | None = None, *,
          model: ClaimModel | None = None, related_known: bool = False) -> Finding:
    """The stance of ``article`` towards ``claim``, with its evidence (``prepare`` it once to read it
    against many claims)."""
    reading = read_pair(claim, article, idf)
    if isinstance(article, Prepared):
        if article.article is None:
            raise ValueError("judge needs the article's record: prepare it from the Article")
        article = article.article
    label, probs = decide(reading, model, related_known=related_known)
    evidence = evidence_of(reading, article.text, [attribution_evidence(q) for q in article.attributions]) \
        if label != "unrelated" else ()
    return finding(article.id, label, probs, headline=article.headline, outlet=article.outlet,
                   published=article.published, evidence=evidence)


def check_claim(claim: str, articles: Sequence[Article], *, limit: int = 20) -> list[Finding]:
    """The articles about ``claim``, most related first, each with its stance and evidence."""
    idf, prepared = prepare_all([claim], dict(enumerate(articles)))
    model, read = claim_model(), read_claim(claim, idf)
    scored = []
    for i in range(len(articles)):
        found = judge(read, prepared[i], idf, model=model)
        if found.stance != "unrelated":
            scored.append(found)
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


@dataclass(frozen=True)
class Candidate:
    """A stored article a claim is checked against, as the store gives it: its row's columns and text, and
    its :class:`Body` as stored (None where it was not stored, or stored with other word lists)."""

    article_id: str
    headline: str | None
    outlet: str | None
    published: str | None
    text: str
    body: Body | None


def check_claim_in(store, claim: str, *, limit: int = 20) -> list[Finding]:
    """:func:`check_claim` over the ``SEARCH_CANDIDATES`` stored articles a full-text search for the claim's
    words ranks first (the store's own ranking, within its newest ``search_window`` matches).

    A store with ``claim_candidates`` (the SQL stores) gives each candidate's text and stored Body in one
    query, and the evidence of only the findings listed (``claim_evidence``); the findings are those
    :func:`check_claim` gives the same articles. Any other store needs ``search`` and ``get_article``."""
    query = search_query(claim)
    if not query:
        return []
    if not hasattr(store, "claim_candidates"):
        hits = store.search(query, limit=SEARCH_CANDIDATES)
        return check_claim(claim, [a for a in (store.get_article(h.article_id) for h in hits) if a is not None],
                           limit=limit)
    candidates = store.claim_candidates(query, limit=SEARCH_CANDIDATES)
    records = {c.article_id: store.get_article(c.article_id) for c in candidates if c.body is None}
    bodies = [c.body or read_body(records[c.article_id]) for c in candidates]  # type: ignore[arg-type]
    idf = idf_table([content_terms(claim), *(b.terms for b in bodies)])
    model, read = claim_model(), read_claim(claim, idf)
    scored = []
    for c, body in zip(candidates, bodies):
        reading = read_pair(read, weigh(c.text, body, idf), idf)
        label, probs = decide(reading, model)
        if label != "unrelated":
            scored.append((finding(c.article_id, label, probs, headline=c.headline, outlet=c.outlet,
                                   published=c.published), reading, c.text))
    scored.sort(key=lambda f: (-f[0].related, f[0].article_id))
    scored = scored[:limit]
    said_in = store.claim_evidence([f.article_id for f, reading, _ in scored if reading.about])
    return [replace(f, evidence=evidence_of(reading, text, said_in.get(f.article_id, ())))
            for f, reading, text in scored]
