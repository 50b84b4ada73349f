"""Stance and claim checking against bare parse time: what reading stances and checking a claim cost.

Invents articles (a story paragraph repeated with varying names and numbers), times their bare spaCy parse and their analysis
(parse plus entities and attributions, what a pairs file costs anyway), then the stance reading of
every attribution found (``stance_read.stance_for_spans`` on its cue and content: the signals and the
decision the extractor makes inside its own run, timed here on its own) and the claim check of
``--claims`` claims against every article (features, model, evidence), in the same run.
Prints the times and the ratios; the target is (stance + claim check) / bare parse at most 0.15.

    python bench/bench_claimcheck.py [--articles 60] [--claims 5]
"""

from __future__ import annotations

import argparse
import time

from newsgraph.extract.attribution.stance_read import stance_for_spans
from newsgraph.link.claimcheck import judge, prepare_all
from newsgraph.model import Article
from newsgraph.nlp import parse
from newsgraph.pipeline import Options, extract, warm_up

PARAGRAPH = ("The port authority of {town} closed the northern pier on Monday after a crane collapsed, officials "
             "said. \"Nobody was hurt,\" harbour master {name} told reporters. The ministry denied that {n} ferries "
             "had been cancelled and called the reports misleading. Unions accused the operator of ignoring "
             "warnings, according to a statement.")
TOWNS = ("Velmar", "Ostend", "Kerrow", "Lindby", "Tarsk")
NAMES = ("Piet Lindqvist", "Ada Kerrow", "Lena Voss", "Omar Haddad", "Mira Solberg")
CLAIMS = ("The port authority closed the northern pier", "Ferries were cancelled at the harbour",
          "A crane collapsed on the quay", "The operator ignored safety warnings", "Bakers won a prize for rye bread")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--claims", type=int, default=5)
    args = parser.parse_args()
    texts = ["\n\n".join(PARAGRAPH.format(town=TOWNS[(i + k) % 5], name=NAMES[(i * 3 + k) % 5], n=i + k)
                         for k in range(6)) for i in range(args.articles)]
    articles = [Article(id=f"a{i}", source_file="<bench>", headline=None, text=t) for i, t in enumerate(texts)]
    warm_up()
    started = time.perf_counter()
    docs = list(parse(texts))
    bare_s = time.perf_counter() - started
    started = time.perf_counter()
    done = extract(articles, Options(components=("entities", "attributions")))
    parse_s = time.perf_counter() - started
    started = time.perf_counter()
    read = [stance_for_spans(doc, (q.cue.start, q.cue.end) if q.cue else None, (q.content.start, q.content.end))
            for doc, a in zip(docs, done) for q in a.attributions]
    stance_s = time.perf_counter() - started
    claims = [CLAIMS[i % len(CLAIMS)] for i in range(args.claims)]
    started = time.perf_counter()
    idf, prepared = prepare_all(claims, dict(enumerate(done)))
    found = sum(judge(c, p, idf).stance != "unrelated" for p in prepared.values() for c in claims)
    check_s = time.perf_counter() - started
    added = (stance_s + check_s) / bare_s
    print(f"{len(done)} articles, {len(read)} attributions, {len(claims)} claims each; {found} related pairs")
    print(f"bare spaCy parse {bare_s:.2f} s; parse + extract {parse_s:.2f} s; stance reading {stance_s:.3f} s; "
          f"claim check {check_s:.3f} s")
    print(f"stance / bare parse {stance_s / bare_s:.3f}; claim check / bare parse {check_s / bare_s:.3f}; "
          f"claim check / parse + extract {check_s / parse_s:.3f}")
    print(f"(stance + claim check) / bare parse {added:.3f} (target <= 0.15)")
    return 0 if added <= 0.15 else 1


if __name__ == "__main__":
    raise SystemExit(main())
