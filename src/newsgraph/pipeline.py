"""Composes the stages: raw documents -> segmented articles -> parsed -> extracted records.

The local CLI, the Python API and the distributed runner all call :func:`analyze_documents`,
so every path produces the same records. Each component is a function
``(article, parsed) -> article`` over the immutable records; they run in the order of
:data:`COMPONENTS` on every article, sharing one :class:`Parsed` (the spaCy parses).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from newsgraph import __version__
from newsgraph.extract.attribution import extract_attributions
from newsgraph.extract.contradictions import find_contradictions
from newsgraph.extract.entities import caption_texts, extract_entities
from newsgraph.extract.events import extract_events
from newsgraph.extract.time import infer_published
from newsgraph.link.crossclaims import link_claims
from newsgraph.link.dedup import NearDuplicateIndex, publication_day, signature
from newsgraph.link.identities import IdentityIndex, link_identities
from newsgraph.link.stories import cluster_stories
from newsgraph.model import Analysis, Article, InputProblem, RawDocument, replace
from newsgraph.nlp import get_nlp, parse
from newsgraph.resources import check_data_files
from newsgraph.segment import segment, split_oversized
from newsgraph.store.base import AddResult, Store
from newsgraph.store.linking import LinkReport


@dataclass(frozen=True)
class Parsed:
    """What the parser made of one article: its body, and its captions (some names appear only there)."""

    body: Doc
    captions: tuple[Doc, ...] = ()


Component = Callable[[Article, Parsed], Article]


def add_entities(article: Article, parsed: Parsed) -> Article:
    return replace(article, entities=extract_entities(article, parsed.body, parsed.captions))


def add_published(article: Article, parsed: Parsed) -> Article:
    """Reason the publication date from the text when the input did not give one."""
    if article.published:
        return article
    date, inferred = infer_published(article)
    return replace(article, published=date, published_inferred=bool(date) and inferred)


def add_attributions(article: Article, parsed: Parsed) -> Article:
    return replace(article, attributions=extract_attributions(article, parsed.body, article.entities))


def add_contradictions(article: Article, parsed: Parsed) -> Article:
    """Within the article: which denial or rejection answers which claim (reads the attributions)."""
    return replace(article, contradictions=find_contradictions(article.attributions, article.text, parsed.body))


def add_events(article: Article, parsed: Parsed) -> Article:
    return replace(article, events=extract_events(article, parsed.body, article.entities, article.published))


COMPONENTS: dict[str, Component] = {
    "entities": add_entities,
    "published": add_published,
    "attributions": add_attributions,
    "contradictions": add_contradictions,
    "events": add_events,
}


# Longest article analysed as one: 6x the longest of the 928 PolNeAR articles (33,672 characters),
# a fifth of spaCy's own 1,000,000-character limit (its parser needs ~1 GB per 100,000 characters).
# A longer "article" (a log, a page of 10^5 paragraphs, a 50 MB line) is analysed in parts.
MAX_ARTICLE_CHARS = 200_000
# Seconds the components (entities .. events, after the parse) may spend on one article. They run in
# about linear time in its length: on the 2-core dev machine, loaded, a 135,000-character article of
# PolNeAR dev texts took 8.8 s and the longest PolNeAR dev article (22,045 characters) 6.9 s with
# first-use loading (/tmp measurement, 2026-12-01), so 60 s is reached only by input no stage was meant
# for. Over budget, the components not yet run are skipped for that article, with a warning naming it.
TIME_BUDGET_S = 60.0


@dataclass
class Options:
    """What a caller may say about the input that the text itself does not."""

    published: str | None = None
    outlet: str | None = None
    components: Sequence[str] = tuple(COMPONENTS)
    batch_size: int = 32
    already_done: Callable[[str], bool] | None = None  # article id -> True to skip its NLP (e.g. stored)
    max_chars: int = MAX_ARTICLE_CHARS  # longer articles are analysed in parts of at most this length
    time_budget: float = TIME_BUDGET_S  # seconds of analysis (after the parse) per article
    clock: Callable[[], float] = time.perf_counter


NO_TEXT_LEFT = "no article text left: what there is reads as headings, bylines, captions or page furniture; skipped"
NO_BODY_TEXT = "a headline but no body text: the rest reads as bylines, captions or page furniture; skipped"


def segment_documents(
    docs: Iterable[RawDocument | InputProblem], options: Options
) -> Iterator[Article | InputProblem]:
    """Segmentation only: no NLP. Problems pass through untouched, in order."""
    for doc in docs:
        if isinstance(doc, InputProblem):
            yield doc
            continue
        try:
            articles = segment(doc, published=options.published, outlet=options.outlet)
        except Exception as exc:  # a bad document must not stop the batch
            yield InputProblem(doc.source, f"could not be segmented: {exc.__class__.__name__}: {exc}")
            continue
        kept = [a for a in articles if a.text]
        if not kept:  # nothing to analyse: say so rather than drop it
            yield InputProblem(doc.source, NO_BODY_TEXT if articles else NO_TEXT_LEFT)
        for article in kept:
            parts = split_oversized(article, options.max_chars)
            if len(parts) > 1:
                yield InputProblem(doc.source, (
                    f"article of {len(article.text):,} characters is over the {options.max_chars:,}-character "
                    f"limit; analysed as {len(parts)} parts"), warning=True)
            yield from parts


def extract(articles: Sequence[Article], options: Options | None = None) -> list[Article | InputProblem]:
    """Parse a batch of segmented articles once and run every component over each.

    The parses live in a spaCy memory zone: the strings they add to the vocabulary are freed
    after the batch, so a long ingest does not grow without bound. Records keep no spaCy objects.
    An article whose parse or components fail becomes an :class:`InputProblem` in its place; the
    rest of the batch goes on. An article whose components run past ``options.time_budget`` keeps
    what was done; the components left are skipped and a warning naming it follows the batch.
    """
    options = options or Options()
    components = [COMPONENTS[name] for name in options.components]  # an unknown name fails here, at once
    done = options.already_done
    todo = [i for i, a in enumerate(articles) if done is None or not done(a.id)]
    out: list[Article | InputProblem] = list(articles)  # by position: copies of one text keep their metadata
    late: list[InputProblem] = []
    with get_nlp().memory_zone():
        captions = _caption_docs([articles[i] for i in todo], options) if add_entities in components else None
        bodies = _parse_each([articles[i].text for i in todo], options.batch_size)
        for n, (i, body) in enumerate(zip(todo, bodies)):
            article = articles[i]
            if isinstance(body, Exception):
                out[i] = _failed(article, "could not be parsed", body)
                continue
            parsed = Parsed(body, tuple(captions[n]) if captions is not None else ())
            try:
                article, skipped = _run_components(article, parsed, options)
            except Exception as exc:  # one article's failure must not lose the batch
                out[i] = _failed(articles[i], "could not be analysed", exc)
                continue
            out[i] = article
            if skipped:
                late.append(_over_budget(article, options.time_budget, skipped))
    return out + late


def _run_components(article: Article, parsed: Parsed, options: Options) -> tuple[Article, list[str]]:
    """Run the chosen components in order until the time budget is spent; the names of those skipped."""
    names = list(options.components)
    started = options.clock()
    for k, name in enumerate(names):
        if k and options.clock() - started > options.time_budget:
            return article, names[k:]
        article = COMPONENTS[name](article, parsed)
    return article, []


def _over_budget(article: Article, budget: float, skipped: list[str]) -> InputProblem:
    return InputProblem(_where(article), f"analysis ran past its {budget:g}-second budget; stored without: "
                               f"{', '.join(skipped)}", warning=True)


def _parse_each(texts: list[str], batch_size: int) -> list[Doc | Exception]:
    """The batch's parses; if the batched parse fails, each text alone, so only the bad one is lost."""
    try:
        return list(parse(texts, batch_size=batch_size))
    except Exception:
        out: list[Doc | Exception] = []
        for text in texts:
            try:
                out.extend(parse([text]))
            except Exception as exc:
                out.append(exc)
        return out


def _where(article: Article) -> str:
    return article.source_file + (f" ({article.headline[:60]})" if article.headline else "")


def _failed(article: Article, what: str, exc: Exception) -> InputProblem:
    return InputProblem(_where(article), f"article {what}: {exc.__class__.__name__}: {str(exc)[:200]}")


def _caption_docs(articles: Sequence[Article], options: Options) -> list[list[Doc]]:
    """Every article's caption texts parsed in one ``nlp.pipe`` pass, not one small pass each."""
    texts = [caption_texts(a) for a in articles]
    docs = iter(parse((t for ts in texts for t in ts), batch_size=options.batch_size))
    return [[next(docs) for _ in ts] for ts in texts]


def analyze_documents(
    docs: Iterable[RawDocument | InputProblem], options: Options | None = None
) -> Iterator[Article | InputProblem]:
    """The whole per-article pipeline, streaming: segments, then extracts in batches."""
    check_data_files()  # a broken data file fails the run here, not every article
    options = options or Options()
    batch: list[Article] = []
    for item in segment_documents(docs, options):
        if isinstance(item, InputProblem):
            yield item
            continue
        batch.append(item)
        if len(batch) >= options.batch_size:
            yield from extract(batch, options)
            batch = []
    if batch:
        yield from extract(batch, options)


# Invented, and touching every stage: a dateline, a quote, a denial, places, a date, an event.
WARM_UP_TEXT = """Ministers meet in Paris as talks resume

PARIS, March 3, 2025 (Wire) - Foreign Minister Ada Kerrow met her French counterpart in Paris on Tuesday, \
the ministry said. "We agreed to resume talks," Kerrow told reporters.
Police in Lyon arrested two protesters on 1 March 2025, officials said, and the army denied shelling a \
village near Aleppo.
"""


def warm_up(options: Options | None = None) -> None:
    """Load now what the pipeline otherwise loads on first use (the model, dictionaries, the
    gazetteer, date parsing): about three seconds that a worker should spend before its first
    partition, not inside it."""
    list(analyze_documents([RawDocument("<warm-up>", WARM_UP_TEXT)], options))


def mark_duplicates(articles: Iterable[Article], index: NearDuplicateIndex | None = None) -> list[Article]:
    """Each article that repeats an earlier one (same id, or near-duplicate text published within
    ``dedup.DUPLICATE_WINDOW_DAYS`` of it) points to that one's first copy, as a store decides: a
    copy is matched against earlier copies too, and takes the first copy of the one it matches."""
    index = index or NearDuplicateIndex()
    roots: dict[str, str] = {}  # indexed id -> its first copy
    out = []
    for article in articles:
        first = article.id if article.id in index else None
        sig, day = signature(article.text), publication_day(article.published)
        if first is None and sig is not None:
            first = index.best_match(sig, day)
        first = roots.get(first, first) if first is not None else None
        if first is not None and first != article.id:
            article = replace(article, duplicate_of=first)
        if sig is not None and article.id not in index:
            index.add(article.id, sig, day)
            roots[article.id] = first or article.id
        out.append(article)
    return out


def link_articles(
    articles: Sequence[Article], identities: IdentityIndex | None = None, *, find_duplicates: bool = True
) -> Analysis:
    """Across articles: duplicates, canonical entities, stories, and claims countered elsewhere.

    ``find_duplicates=False`` trusts the ``duplicate_of`` the articles already carry (a store's).
    """
    linked = link_identities(mark_duplicates(articles) if find_duplicates else list(articles), identities)
    stories = cluster_stories(linked)
    return Analysis(
        newsgraph_version=__version__,
        articles=tuple(linked),
        stories=tuple(stories),
        contradictions=link_claims(linked, stories),
    )


@dataclass
class StoreTally:
    """What storing a stream of analysed articles did: counts, and the inputs that failed."""

    new: int = 0
    duplicate: int = 0
    problems: list[InputProblem] = field(default_factory=list)


def store_in_batches(
    items: Iterable[Article | InputProblem],
    store: Store,
    tally: StoreTally,
    *,
    batch_size: int = 32,
    on_problem: Callable[[InputProblem], None] | None = None,
    on_stored: Callable[[int], None] | None = None,
    add: Callable[[list[Any]], AddResult] | None = None,
) -> StoreTally:
    """Add articles one transaction per batch (so a crash loses at most the open batch);
    problems are counted and reported, never stored. ``tally`` may be any object with the
    fields of :class:`StoreTally` (the distributed runner passes its report). ``add`` stores one
    batch (default ``store.add_articles``; the distributed runner passes prepared rows to
    ``store.add_prepared``)."""
    batch: list[Any] = []
    add = add or store.add_articles

    def flush() -> None:
        result = add(batch)
        tally.new += result.new
        tally.duplicate += result.duplicate
        if on_stored:
            on_stored(len(batch))
        batch.clear()

    for item in items:
        if isinstance(item, InputProblem):
            tally.problems.append(item)
            if on_problem:
                on_problem(item)
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return tally


def relink(store: Store, *, full: bool = False) -> LinkReport:
    """Link across articles what was stored since the last pass, and save it (``full``: all again).

    Canonical identities, stories and contradictions across articles are worked out for the new
    articles against the indexes the store keeps (``store.linking``), touching only the stories
    and identities they reach; ``full`` replays every stored article in arrival order, which gives
    the same links. The store records which batches the saved links cover (``Store.links_stale``):
    a pass cut short leaves its articles to the next one.
    """
    return store.link_pending(full=full)
