"""Is analysis linear in article length? Time per 1,000 characters from 10k to 500k characters.

    python bench/bench_long_text.py [--sizes 10000,50000,200000,500000] [--kinds plain,mixed]

Runs the whole per-article pipeline (``analyze_documents``, parse included, with
``Options(max_chars=600_000)`` so nothing is split) on one long paragraph of repeated sentences:
``plain`` is the one sentence of issue 16 ("The minister said the talks would resume."), ``mixed``
adds quotations, pronouns, "the fighters" and "according to" so every reference and nesting path
runs. Prints seconds per 1,000 characters and the ratio to the smallest size measured in the same
run; a linear pipeline keeps the ratio flat (requirement: <= 1.5x at 500k characters).
"""

from __future__ import annotations

import argparse
import time

from newsgraph.model import RawDocument
from newsgraph.pipeline import Options, analyze_documents, warm_up

SENTENCES = {
    "plain": "The minister said the talks would resume. ",
    "mixed": ('Varn Front fighters attacked a convoy near Ravensk, officials said. "The talks will resume," '
              "Mayor Ada Holt said. She added that the fighters had agreed to a truce, according to the army. "
              "Piet Lindqvist denied that they had fired first. "),
}


def seconds_for(text: str) -> float:
    options = Options(max_chars=600_000, published="2031-03-14")
    start = time.perf_counter()
    results = list(analyze_documents([RawDocument("long.txt", text)], options))
    elapsed = time.perf_counter() - start
    if len(results) != 1 or not hasattr(results[0], "attributions"):
        raise SystemExit(f"expected one article, got {results!r:.200}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000,200000,500000")
    parser.add_argument("--kinds", default="plain,mixed")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    warm_up()
    for kind in args.kinds.split(","):
        sentence = SENTENCES[kind]
        base = None
        print(f"{kind}: {sentence.strip()[:60]!r}...")
        for size in sizes:
            text = (sentence * (size // len(sentence) + 1))[:size].rsplit(". ", 1)[0] + "."
            per_k = seconds_for(text) / (len(text) / 1000)
            base = base or per_k
            print(f"  {len(text):>8,} chars  {per_k * 1000:8.2f} ms per 1,000 chars  ratio {per_k / base:5.2f}")


if __name__ == "__main__":
    main()
