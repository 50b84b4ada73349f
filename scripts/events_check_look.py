"""One look at the CHECK half of the events set, in aggregate only: the scores of ``eval events`` for both
halves from one run, and the factuality of the matched check events read three ways -- the rules, a
learned classifier over the clause chain (``factuality_chain``) fitted on every tune gold trigger, and the
hybrid (the rules' marks; where the rules say asserted or reported, the classifier). Nothing of a check
item is printed. Each run is one look: say how many were taken.

    PYTHONPATH=src:scripts python scripts/events_check_look.py ../shared/corpus/polnear/train
"""

from __future__ import annotations

import sys
from pathlib import Path

from events_tune_probe import analysed, tune_docs
from newsgraph.evaluate.events import Tally, match, published_dates, score_article, system_events
from newsgraph.evaluate.events_set import load_events_set
from newsgraph.evaluate.polnear import article_from_file
from events_factuality_chain import chain_features
from newsgraph.model import replace
from newsgraph.nlp import parse

C = 3.0


def fitted(corpus: Path):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    docs, articles, parses = tune_docs(corpus)
    results = analysed(articles, parses)
    x, y, tally = [], [], Tally()
    for gd, article, doc in zip(docs, results, parses):
        tally = tally + score_article(gd.events, system_events(article), article.text)
        for g in gd.events:
            tok = doc.char_span(g.start, g.end, alignment_mode="expand").root
            x.append({k: 1 for k in chain_features(tok, article.attributions)})
            y.append(g.factuality)
    vec = DictVectorizer()
    model = LogisticRegression(C=C, max_iter=3000).fit(vec.fit_transform(x), y)
    return vec, model, tally


def line(name: str, t: Tally) -> str:
    s, ty = t.prf("span"), t.prf("typed")
    return (f"{name}: gold {t.gold} sys {t.system} span P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f} "
            f"span+type F1 {ty.f1:.3f} type {t.share('type_right'):.3f} actor {t.share('actor_right'):.3f} "
            f"factuality {t.share('fact_right'):.3f}")


def main() -> None:
    corpus = Path(sys.argv[1])
    vec, model, tune = fitted(corpus)
    print(line("tune", tune))
    docs = [d for d in load_events_set(Path("eval/events"), corpus / "text") if d.half == "check"]
    dates = published_dates(corpus.parent / "metadata.tsv") or published_dates(corpus / "metadata.tsv")
    articles = [replace(article_from_file(corpus / "text" / d.text), published=dates.get(Path(d.text).stem))
                for d in docs]
    parses = list(parse([a.text for a in articles]))
    results = analysed(articles, parses)
    tally, n, right = Tally(), 0, {"rules": 0, "learned": 0, "hybrid": 0}
    for gd, article, doc in zip(docs, results, parses):
        ours = system_events(article)
        tally = tally + score_article(gd.events, ours, article.text)
        for gi, si in match(gd.events, ours):
            gold, sys_event = gd.events[gi], ours[si]
            tok = doc.char_span(sys_event.start, sys_event.end, alignment_mode="expand").root
            learned = model.predict(vec.transform([{k: 1 for k in chain_features(tok, article.attributions)}]))[0]
            rule = sys_event.factuality
            hybrid = rule if rule not in ("asserted", "reported") else learned
            n += 1
            right["rules"] += rule == gold.factuality
            right["learned"] += learned == gold.factuality
            right["hybrid"] += hybrid == gold.factuality
    print(line("check", tally))
    print(f"check factuality on {n} matches: " + ", ".join(f"{k} {v / n:.3f}" for k, v in right.items()))


if __name__ == "__main__":
    main()
