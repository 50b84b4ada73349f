"""How much time does attribution (and entity) extraction add to the spaCy parse?

    python bench/bench_attribution.py [--corpus ../shared/corpus] [--docs 84]

Parses PolNeAR dev texts with the shared pipeline, then runs ``extract_entities`` (when that
module is present) and ``extract_attributions`` + ``find_contradictions`` on the parsed docs,
and prints each stage's time as a ratio of the parse time measured in the same run. Data files
are loaded once before timing (a warm-up article). Requirement: attribution adds <= 25%.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsgraph.evaluate.polnear import article_from_file
from newsgraph.extract.attribution import extract_attributions
from newsgraph.extract.contradictions import find_contradictions
from newsgraph.nlp import get_nlp

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--docs", type=int, default=84)
    args = parser.parse_args()
    files = sorted((args.corpus / "polnear" / "dev" / "text").glob("*.txt"))[: args.docs]
    if not files:
        raise SystemExit(f"no PolNeAR dev texts under {args.corpus / 'polnear' / 'dev' / 'text'}")
    articles = [article_from_file(f) for f in files]
    nlp = get_nlp()
    warm = nlp(articles[0].text)
    extract_attributions(articles[0], warm)
    try:
        from newsgraph.extract.entities import extract_entities
    except ImportError:
        extract_entities = None  # type: ignore[assignment]
    if extract_entities is not None:
        extract_entities(articles[0], warm)

    t0 = time.perf_counter()
    docs = list(nlp.pipe(a.text for a in articles))
    parse = time.perf_counter() - t0

    entities_time, entity_sets = 0.0, []
    if extract_entities is not None:
        t0 = time.perf_counter()
        entity_sets = [extract_entities(a, d) for a, d in zip(articles, docs)]
        entities_time = time.perf_counter() - t0
    t0 = time.perf_counter()
    count = 0
    for i, (article, doc) in enumerate(zip(articles, docs)):
        found = extract_attributions(article, doc, entity_sets[i] if entity_sets else ())
        find_contradictions(found, article.text)
        count += len(found)
    attribution = time.perf_counter() - t0

    words = sum(len(d) for d in docs)
    print(f"{len(docs)} PolNeAR dev articles, {words} tokens, {count} attributions")
    print(f"spaCy parse            {parse:7.2f} s")
    if extract_entities is not None:
        print(f"entities               {entities_time:7.2f} s  ({entities_time / parse:6.1%} of parse)")
    print(f"attribution+contradict {attribution:7.2f} s  ({attribution / parse:6.1%} of parse)")
    verdict = "OK" if attribution / parse <= 0.25 else "TOO SLOW"
    print(f"attribution adds {attribution / parse:.1%} to parse time (requirement <= 25%): {verdict}")


if __name__ == "__main__":
    main()
