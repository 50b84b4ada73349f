"""Train the draft filter (``extract.attribution.draft_filter``) on PolNeAR; ``newsgraph train attribution-filter PATH``.

The filter learns which of the tagger's draft proposals are true attributions. Its inputs include
the tagger's probabilities, and the shipped tagger has seen every train article: its output there
is over-confident. So the train candidates come from two out-of-fold taggers, each trained (the
shipped tagger's recipe, ``training.attribution.train``) on one half of the train articles (by
index parity, name order) and run on the other half. A candidate's label: its content matches a
gold attribution of the article's first annotation file under ``newsgraph eval polnear``'s matcher
(content token F1 >= 0.5) and, with ``--label source`` (the default), its speaker is that
attribution's source as the scorer reads it. Boosted trees (scikit-learn) are fit on train and
flattened into numpy arrays; dev (the shipped tagger's candidates, first annotator) picks their
shape, the label and the threshold: the best content F1 with source accuracy >= 0.92.
The test split is never read.

Cached in ``--cache``: the fold taggers (``fold0/``, ``fold1/``), the tagger's compact parses
(``parses-*.npz``) and the parsed docs (``docs-<split>.spacy`` with their tensors), so a second
run skips them. Only the filter's weights are written (``filter.npz``, ``filter.txt``).
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import time
from pathlib import Path

import numpy as np

from newsgraph.evaluate import polnear
from newsgraph.extract.attribution import draft_filter, tagger

SOURCE_BAR = 0.92
SHAPES = ((100, 15), (300, 7))  # (trees, leaves per tree)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.3, 0.75, 0.05))


def docs(split: Path, cache: Path) -> list:  # type: ignore[type-arg]
    """The parsed articles of a split (those with an annotation file), cached as a DocBin + tensors."""
    from spacy.tokens import DocBin

    from newsgraph.nlp import get_nlp

    nlp = get_nlp()
    pairs = polnear.gold_files(split)
    path, tensors = cache / f"docs-{split.name}.spacy", cache / f"docs-{split.name}.npz"
    if path.exists() and tensors.exists():
        out = list(DocBin().from_bytes(path.read_bytes()).get_docs(nlp.vocab))
        saved = np.load(tensors)
        for i, doc in enumerate(out):
            doc.tensor = saved[f"t{i}"]
        return out
    out, bin_ = [], DocBin()
    for doc in nlp.pipe((txt.read_text(encoding="utf-8") for txt, _ in pairs), batch_size=16):
        out.append(doc)
        bin_.add(doc)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bin_.to_bytes())
    np.savez(tensors, **{f"t{i}": d.tensor for i, d in enumerate(out)})
    return out


def collect(split: Path, parsed: list, models: list) -> list[dict]:  # type: ignore[type-arg]
    """Per article: the rule attributions as scored (``base``), the gold, and the candidates'
    feature rows, scored items and labels (``models[i % len(models)]`` tags article i)."""
    out = []
    for i, ((txt, ann), doc) in enumerate(zip(polnear.gold_files(split), parsed)):
        article = polnear.article_from_file(txt)
        gold = polnear.read_gold(ann)
        with tagger.use(models[i % len(models)]), draft_filter.use(None), draft_filter.recording() as rec:
            base = polnear.ours_found(article, doc)
        rows, drafts = rec[0] if rec else (np.zeros((0, len(draft_filter.FEATURES))), [])
        items = [_item(d) for d in drafts]
        match, source = _labels(gold, items, article.text)
        out.append(dict(base=base, gold=gold, text=article.text, rows=rows, drafts=drafts, items=items,
                        match=match, source=source))
    return out


def _item(draft) -> polnear.Found:  # type: ignore[no-untyped-def]
    source: polnear.Ranges = ()
    if draft.speaker is not None:
        start, end, head = draft.speaker
        doc = head.doc
        source = ((doc[start].idx, doc[end - 1].idx + len(doc[end - 1])),)
    return polnear.Found((draft.content,), source, (draft.cue_span,) if draft.cue_span else ())


def _labels(gold: list[polnear.Found], items: list[polnear.Found], text: str) -> tuple[np.ndarray, np.ndarray]:
    """Per candidate: its content matches a gold one (token F1 >= 0.5); and its source is right too."""
    index = [m.start() for m in polnear.WORD.finditer(text)]
    gold_words = [polnear.word_starts(text, g.content, index) for g in gold]
    match, source = np.zeros(len(items), dtype=bool), np.zeros(len(items), dtype=bool)
    for k, item in enumerate(items):
        words = polnear.word_starts(text, item.content, index)
        scores = [polnear.token_f1(g, words) for g in gold_words]
        if scores and max(scores) >= 0.5:
            match[k] = True
            source[k] = polnear.source_correct(gold[int(np.argmax(scores))], item, text)
    return match, source


def score(articles: list[dict], flt: draft_filter.DraftFilter | None) -> polnear.SystemScore:  # type: ignore[type-arg]
    """``newsgraph eval polnear``'s score of the rules plus the candidates ``flt`` keeps (None: none)."""
    tally = polnear.Tally("filter")
    for a in articles:
        extra = []
        if flt is not None:
            rules = [_rule(r) for f in a["base"] for r in f.content]
            kept = {id(d) for d in draft_filter.choose(a["drafts"], flt.scores(a["rows"]), rules, flt.threshold)}
            extra = [item for d, item in zip(a["drafts"], a["items"]) if id(d) in kept]
        tally.add(a["gold"], list(a["base"]) + extra, a["text"])
    return tally.score()


def _rule(content: tuple[int, int]):  # type: ignore[no-untyped-def]
    from newsgraph.extract.attribution.drafts import Draft

    return Draft(content=content)


def fit(articles: list[dict], label: str, trees: int, leaves: int) -> draft_filter.DraftFilter:  # type: ignore[type-arg]
    """Boosted trees (scikit-learn's histogram gradient boosting, seed 0, no early stopping) on the
    candidates' rows, flattened into a ``DraftFilter`` (threshold 0.5; checked against sklearn's own)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    x = np.concatenate([a["rows"] for a in articles])
    y = np.concatenate([a[label] for a in articles])
    model = HistGradientBoostingClassifier(max_iter=trees, max_leaf_nodes=leaves, learning_rate=0.1,
                                           early_stopping=False, random_state=0).fit(x, y)
    parts: dict[str, list[np.ndarray]] = {k: [] for k in ("feature", "split", "left", "right", "value")}
    roots, at, depth = [], 0, 0
    for (tree,) in model._predictors:
        nodes = tree.nodes
        leaf = nodes["is_leaf"].astype(bool)
        roots.append(at)
        parts["feature"].append(nodes["feature_idx"])
        parts["split"].append(nodes["num_threshold"])
        parts["left"].append(np.where(leaf, -1, nodes["left"].astype("int64") + at))
        parts["right"].append(np.where(leaf, -1, nodes["right"].astype("int64") + at))
        parts["value"].append(nodes["value"])
        depth, at = max(depth, int(nodes["depth"].max())), at + len(nodes)
    flat = {k: np.concatenate(v) for k, v in parts.items()}
    flt = draft_filter.DraftFilter(draft_filter.FEATURES, roots=np.array(roots), depth=depth,
                                   baseline=float(np.ravel(model._baseline_prediction)[0]), threshold=0.5, **flat)
    probe = x[:: max(1, len(x) // 2000)]
    assert np.allclose(flt.scores(probe), model.predict_proba(probe)[:, 1], atol=1e-6), "tree export differs"
    return flt


def train(corpus: Path, out: Path, cache: Path, minutes: float = 12.0) -> dict[str, object]:
    """Fold taggers, candidates, the regression; the dev-chosen filter written to ``out``."""
    began = time.monotonic()
    n = len(polnear.gold_files(corpus / "train"))
    from newsgraph.training.attribution import train as train_tagger

    folds = []
    for k in (0, 1):  # fold k tags the articles i % 2 == k, trained on the others
        if not (cache / f"fold{k}" / "weights.npz").exists():
            train_tagger(corpus, cache / f"fold{k}", cache=cache, minutes=minutes,
                         articles=[i for i in range(n) if i % 2 != k])
        folds.append(tagger.from_arrays(dict(np.load(cache / f"fold{k}" / "weights.npz"))))
    train_set = collect(corpus / "train", docs(corpus / "train", cache), folds)
    dev_set = collect(corpus / "dev", docs(corpus / "dev", cache), [tagger.load_model()])
    rules = score(dev_set, None)
    best = None
    for label in ("source", "match"):
        for shape in SHAPES:
            flt = fit(train_set, label, *shape)
            for threshold in THRESHOLDS:
                trial = dataclasses.replace(flt, threshold=threshold)
                s = score(dev_set, trial)
                ok = s.source_accuracy >= SOURCE_BAR
                key = (ok, s.f1 if ok else s.source_accuracy)
                if best is None or key > best[0]:
                    best = (key, trial, s, label, shape)
    assert best is not None
    _, flt, s, label, shape = best
    out.mkdir(parents=True, exist_ok=True)
    draft_filter.save(out / "filter.npz", flt)
    positives = int(sum(a[label].sum() for a in train_set))
    lines = [f"date {datetime.date.today().isoformat()}", f"label {label}, trees {shape[0]} of {shape[1]} leaves, threshold {flt.threshold}",
             f"train candidates {sum(len(a['items']) for a in train_set)} ({positives} positive), "
             f"out-of-fold taggers {[round(float(x), 3) for x in _fold_scores(cache)]}",
             f"dev rules only: {_line(rules)}", f"dev with the filter: {_line(s)}",
             f"{(time.monotonic() - began) / 60:.1f} minutes, threads OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '')}"]
    (out / "filter.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dict(label=label, shape=shape, threshold=flt.threshold, dev=s, rules=rules)


def _fold_scores(cache: Path) -> list[float]:
    out = []
    for k in (0, 1):
        text = (cache / f"fold{k}" / "training.txt").read_text(encoding="utf-8") if (
            cache / f"fold{k}" / "training.txt").exists() else ""
        marker = "dev token macro F1 "
        out.append(float(text.split(marker, 1)[1].split()[0]) if marker in text else float("nan"))
    return out


def _line(s: polnear.SystemScore) -> str:
    kinds = ", ".join(f"{k} {m / g if g else 0.0:.3f}" for k, g, m in s.by_kind)
    return (f"P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f} source {s.source_accuracy:.3f} "
            f"cue {s.cue_accuracy:.3f} ({kinds})")
