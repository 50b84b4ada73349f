"""What share of pipeline time do events, time and places take next to the spaCy parse?

    python bench/bench_events.py [--corpus ../shared/corpus] [--docs 40]

Parses PolNeAR dev news texts (real articles) with the shared pipeline, then runs
``resolve_dates``, ``extract_places`` and ``extract_events`` (which calls both again) on the
parsed docs, and prints each stage's time as a ratio of the parse time measured in the same
run (target: events + time + places under 0.20 of the parse). Events read the article's entities and
attributions, as in the pipeline: those components run first, untimed (they have their own benches), so
the factuality layer, the reported-event marks and the verbal events read from attributions are inside
the events figure. The gazetteer's one-time load is timed apart and left out of the ratios.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsgraph.extract.events import extract_events
from newsgraph.extract.places import extract_places, geocode
from newsgraph.extract.time import resolve_dates
from newsgraph.extract.attribution import extract_attributions
from newsgraph.extract.entities import extract_entities
from newsgraph.model import Article, replace
from newsgraph.nlp import get_nlp

ROOT = Path(__file__).resolve().parents[1]


def load_texts(corpus: Path, limit: int) -> list[str]:
    files = sorted((corpus / "polnear" / "dev").rglob("*.txt"))[:limit]
    if not files:
        raise SystemExit(f"no PolNeAR dev texts under {corpus / 'polnear' / 'dev'}")
    return [f.read_text(encoding="utf-8", errors="replace") for f in files]


def with_attributions(article: Article, doc) -> Article:
    entities = extract_entities(article, doc)
    return replace(article, entities=entities, attributions=extract_attributions(article, doc, entities))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--docs", type=int, default=40)
    args = parser.parse_args()
    texts = load_texts(args.corpus, args.docs)
    nlp = get_nlp()
    nlp("warm up")
    start = time.perf_counter()
    geocode("Tripoli")
    gazetteer = time.perf_counter() - start

    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    parse = time.perf_counter() - start
    articles = [Article(id=str(i), source_file="bench", headline=None, text=t, paragraphs=(t,),
                        published="2016-10-01") for i, t in enumerate(texts)]
    articles = [with_attributions(a, d) for a, d in zip(articles, docs)]  # untimed: the components before

    def timed(run) -> tuple[float, int]:
        t0 = time.perf_counter()
        n = sum(len(run(a, d)) for a, d in zip(articles, docs))
        return time.perf_counter() - t0, n

    dates_s, n_dates = timed(lambda a, d: resolve_dates(a.text, d, a.published))
    places_s, n_places = timed(lambda a, d: extract_places(a, d))
    events_s, n_events = timed(lambda a, d: extract_events(a, d, a.entities, a.published))
    words = sum(len(d) for d in docs)
    print(f"{len(texts)} PolNeAR dev articles, {words} tokens; gazetteer load {gazetteer:.2f}s (once, not counted)")
    print(f"spaCy parse                  {parse:7.2f}s  ratio 1.00")
    print(f"time.resolve_dates           {dates_s:7.2f}s  ratio {dates_s / parse:.3f}  ({n_dates} dates)")
    print(f"places.extract_places        {places_s:7.2f}s  ratio {places_s / parse:.3f}  ({n_places} places)")
    print(f"events.extract_events (all)  {events_s:7.2f}s  ratio {events_s / parse:.3f}  ({n_events} events)")
    print(f"events+time+places / parse = {events_s / parse:.3f} (events call both; target < 0.20)")


if __name__ == "__main__":
    main()
