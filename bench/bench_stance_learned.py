"""The learned stance model's cost against bare parse time (``extract.attribution.stance_learned``).

Invents articles (the story paragraph of ``bench_claimcheck``, names and numbers varied), times their bare
spaCy parse, then the stance reading of every attribution found (``stance_read.stance_for_spans`` on its cue
and content) with the rules alone and with the shipped model, in the same run. Prints the times and the
model's share of the parse; the budget is about 0.03 (stance + claim checking together at most 0.15).

    python bench/bench_stance_learned.py [--articles 60] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time

from newsgraph.extract.attribution.stance_learned import shipped, use
from newsgraph.extract.attribution.stance_read import stance_for_spans
from newsgraph.model import Article
from newsgraph.nlp import parse
from newsgraph.pipeline import Options, extract, warm_up

PARAGRAPH = ("The port authority of {town} closed the northern pier on Monday after a crane collapsed, officials "
             "said. \"Nobody was hurt,\" harbour master {name} told reporters. The ministry denied that {n} ferries "
             "had been cancelled and called the reports misleading. Unions accused the operator of ignoring "
             "warnings, according to a statement. {name} said the new timetable smelled like a betrayal of the "
             "workers and vowed that the union would never accept it.")
TOWNS = ("Velmar", "Ostend", "Kerrow", "Lindby", "Tarsk")
NAMES = ("Piet Lindqvist", "Ada Kerrow", "Lena Voss", "Omar Haddad", "Mira Solberg")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    model = shipped()
    if model is None:
        print("no shipped stance model (newsgraph/models/stance/weights.npz)")
        return 1
    texts = ["\n\n".join(PARAGRAPH.format(town=TOWNS[(i + k) % 5], name=NAMES[(i * 3 + k) % 5], n=i + k)
                         for k in range(4)) for i in range(args.articles)]
    warm_up()
    list(parse(texts[:2]))
    started = time.process_time()
    docs = list(parse(texts))
    bare = time.process_time() - started
    articles = [Article(id=f"b{i}", source_file="<bench>", headline=None, text=t) for i, t in enumerate(texts)]
    done = extract(articles, Options(components=("entities", "attributions")))
    spans = [(doc, (q.cue.start, q.cue.end) if q.cue else None, (q.content.start, q.content.end))
             for doc, a in zip(docs, done) for q in a.attributions]
    times = {}
    for name, active in (("rules", None), ("rules + model", model)) * args.repeat:
        with use(active):
            started = time.process_time()
            for doc, cue, content in spans:
                stance_for_spans(doc, cue, content)
            spent = time.process_time() - started
        times[name] = min(times.get(name, spent), spent)
    extra = times["rules + model"] - times["rules"]
    print(f"{args.articles} articles, {len(spans)} attributions; bare parse {bare:.2f} s CPU")
    print(f"stance, rules {times['rules']:.3f} s ({times['rules'] / bare:.3f} of parse); with the model "
          f"{times['rules + model']:.3f} s; the model adds {extra:.3f} s = {extra / bare:.4f} of parse, "
          f"{extra / max(len(spans), 1) * 1e6:.0f} us per attribution")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
