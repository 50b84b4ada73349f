"""Factuality, TUNE half only: the rules against a small learned classifier over the trigger's clause chain.

    PYTHONPATH=src python scripts/events_factuality_probe.py ../shared/corpus/polnear/train

One row per gold event of the tune half (its trigger token in the cached parse): the chain features
``factuality_chain.chain_features`` reads, the gold factuality, and the rule factuality of the system event
matched to it (None when the system found no event there). Logistic regression, 5-fold cross-validation
grouped by article; both are scored on the rows the system matched (what ``eval events`` scores).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np

from events_tune_probe import analysed, tune_docs
from newsgraph.evaluate.events import match, system_events
from events_factuality_chain import chain_features


def rows(corpus: Path):
    docs, articles, parses = tune_docs(corpus)
    results = analysed(articles, parses)
    out = []
    for gd, article, doc in zip(docs, results, parses):
        ours = system_events(article)
        matched = dict(match(gd.events, ours))
        for n, g in enumerate(gd.events):
            span = doc.char_span(g.start, g.end, alignment_mode="expand")
            tok = span.root
            rule = ours[matched[n]].factuality if n in matched else None
            out.append((chain_features(tok, article.attributions), g.factuality, rule, gd.text,
                        rule_at(tok, article.attributions), tok.sent.text.replace("\n", " "), tok.text))
    return out


def main() -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    data = rows(Path(sys.argv[1]))
    feats = [{k: 1 for k in r[0]} for r in data]
    gold = np.array([r[1] for r in data])
    groups = np.array([r[3] for r in data])
    rule = [r[2] for r in data]
    matched = np.array([r is not None for r in rule])
    print(f"rows {len(data)}, matched by the system {matched.sum()}; gold {Counter(gold).most_common()}")
    rule_acc = np.mean([rule[i] == gold[i] for i in range(len(data)) if matched[i]])
    print(f"rules (fitted on tune, so optimistic) on matched rows: {rule_acc:.3f}")
    print(f"all-asserted on matched rows: {np.mean(gold[matched] == 'asserted'):.3f}")
    for c in (0.1, 0.3, 1.0, 3.0, 10.0):
        for weight in (None, "balanced"):
            pred = np.empty(len(data), dtype=object)
            for train, test in GroupKFold(n_splits=5).split(feats, gold, groups):
                vec = DictVectorizer()
                x = vec.fit_transform([feats[i] for i in train])
                model = LogisticRegression(C=c, class_weight=weight, max_iter=3000).fit(x, gold[train])
                pred[test] = model.predict(vec.transform([feats[i] for i in test]))
            hybrid = np.array([rule[i] if rule[i] not in (None, "asserted", "reported") else pred[i]
                               for i in range(len(data))], dtype=object)
            print(f"learned C={c:<5} {str(weight):<9} CV all {np.mean(pred == gold):.3f} "
                  f"matched {np.mean(pred[matched] == gold[matched]):.3f} "
                  f"hybrid (rule marks, else learned) matched {np.mean(hybrid[matched] == gold[matched]):.3f}")
    at = np.array([r[4] for r in data])
    print(f"rules read at the gold trigger: matched rows {np.mean(at[matched] == gold[matched]):.3f}, "
          f"unmatched rows {np.mean(at[~matched] == gold[~matched]):.3f} (n {(~matched).sum()}), "
          f"all-asserted there {np.mean(gold[~matched] == 'asserted'):.3f}; all rows {np.mean(at == gold):.3f}")
    if "--unmatched" in sys.argv:
        for i, r in enumerate(data):
            if not matched[i] and r[4] != r[1]:
                print(f"gold {r[1]:<12} rule {r[4]:<12} [{r[6]}] | {r[5][:300]}")
    if "--show" in sys.argv:
        for r in data:
            if r[2] is not None and r[2] != r[1]:
                print(r[1], r[2], sorted(r[0]))



def rule_at(tok, attributions) -> str:
    """The rules' factuality read at any token (the gold trigger): the marks up the chain, then reported
    when an asserted event sits in an attribution's content (not a noun or a background clause)."""
    from newsgraph.extract.events.factuality import decide, factuality, in_background

    value = decide(factuality(tok))
    if value == "asserted" and tok.pos_ not in ("NOUN", "PROPN") and not in_background(tok):
        for a in attributions:
            if a.content.start <= tok.idx < a.content.end and not (a.cue and a.cue.start <= tok.idx < a.cue.end):
                return "reported"
    return value


if __name__ == "__main__":
    main()
