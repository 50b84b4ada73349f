"""Cross-article claim matching: the word index against comparing every counter with every claim.

Builds one invented story of each size (in statements), with a small vocabulary (nearly every pair
of statements shares two words: the index cannot prune) and a wide one (word frequencies falling
with rank, as in news text), and times ``crossclaims.link_claims`` against the pairwise matching it
replaced (``tests/fixtures/link/pairwise_claims.py``) in the same run; checks both find the same.
Also prints the indexed cost per counter (denial or rejection) and its ratio to the smallest story's:
flat when the index prunes (the wide vocabulary); in the small one every claim shares two words with
every counter, so no index by words can leave any out.

    python bench/bench_crossclaims.py [--sizes 50 200 800] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "link"))

import claims_corpus  # noqa: E402
import pairwise_claims  # noqa: E402

from newsgraph.link import crossclaims  # noqa: E402


def best_of(repeat: int, call) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 800])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'vocabulary':>10} {'claims':>7} {'found':>6} {'pairwise s':>11} {'indexed s':>10} {'ratio':>7} "
          f"{'counters':>9} {'ms/counter':>11} {'vs first':>9}")
    same = True
    for label, extra in (("small", 0), ("wide", 3000)):
        first = None
        for size in args.sizes:
            articles, stories = claims_corpus.corpus((size,), extra_words=extra)
            crossclaims.link_claims(articles, stories)  # statements parsed once (as a store's process keeps them)
            old_s, old = best_of(args.repeat, lambda: pairwise_claims.link_claims(articles, stories))
            new_s, new = best_of(args.repeat, lambda: crossclaims.link_claims(articles, stories))
            same &= old == new
            counters = sum(q.stance in crossclaims.COUNTERING for a in articles for q in a.attributions)
            per = 1000 * new_s / max(1, counters)
            first = first or per
            print(f"{label:>10} {size:7d} {len(new):6d} {old_s:11.3f} {new_s:10.3f} {old_s / new_s:6.1f}x "
                  f"{counters:9d} {per:11.2f} {per / first:8.2f}x")
    print("same contradictions found" if same else "DIFFERENT contradictions found")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
