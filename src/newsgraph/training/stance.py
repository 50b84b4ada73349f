"""Train the learned stance model (``extract.attribution.stance_learned``); ``newsgraph train stance``.

Reads a labelled stance set (``eval/stance``: standoff labels on PolNeAR ``train`` texts), parses its
articles once (cached as a spaCy ``DocBin`` in ``--cache``, never in the package), and builds one row per
labelled attribution of the TUNE half: the feature names ``stance_learned.features`` gives for the call
``stance_for_spans`` makes on the gold cue and content, and the rule stance. Logistic regression
(scikit-learn, the ``train`` extra) over hashed features; C, class weights, mode (classifier alone or
hybrid: the rule stance unless the classifier is at least ``threshold`` sure) and threshold are chosen
by 5-fold cross-validation grouped by article inside the tune half (macro-F1, accuracy breaking ties).
The check half is never read here. Only the weights are written (``weights.npz``, ``training.txt``).
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import time
import warnings
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsgraph.evaluate.metrics import label_scores
from newsgraph.extract.attribution.stance_learned import DIM, StanceModel, bucket_ids, capture, use
from newsgraph.model import STANCES

GRID_C = (0.1, 0.3, 1.0, 3.0)
GRID_WEIGHT = ("balanced", None)
GRID_THRESHOLD = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass
class Row:
    keys: list[str]
    rule: str
    gold: str
    half: str
    article: str


def parsed(corpus: Path, names: list[str], cache: Path | None) -> tuple[list, float]:
    """The docs of ``names`` (files in ``corpus/text``), from ``cache`` when it holds exactly these; and the parse's CPU seconds (0 when read from the cache)."""
    from spacy.tokens import DocBin

    from newsgraph.evaluate.polnear import article_from_file
    from newsgraph.nlp import get_nlp

    nlp = get_nlp()
    key = hashlib.sha1("\n".join(names).encode("utf-8")).hexdigest()[:10]
    index, bin_path = (cache / f"parses-{key}.txt", cache / f"parses-{key}.spacy") if cache else (None, None)
    if index and bin_path and index.exists() and index.read_text(encoding="utf-8").split("\n")[1:] == names:
        spent = float(index.read_text(encoding="utf-8").split("\n")[0])
        return list(DocBin().from_disk(bin_path).get_docs(nlp.vocab)), spent
    texts = [article_from_file(corpus / "text" / n).text for n in names]
    started = time.process_time()
    docs = list(nlp.pipe(texts))
    spent = time.process_time() - started
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(attrs=["ORTH", "LEMMA", "TAG", "POS", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "SENT_START", "MORPH"],
               docs=docs).to_disk(bin_path)  # type: ignore[arg-type]
        index.write_text("\n".join([f"{spent:.3f}", *names]), encoding="utf-8")  # type: ignore[union-attr]
    return docs, spent


def rows(folder: Path, corpus: Path, cache: Path | None = None, halves: tuple[str, ...] = ("tune",)) -> tuple[list[Row], float, list[str]]:
    """One row per labelled attribution of ``halves``; the parse CPU seconds; problem lines of the set."""
    from newsgraph.evaluate.stance_labels import check_labels, load_set, other_claims
    from newsgraph.extract.attribution.stance_read import stance_for_spans

    labels, _, problems = load_set(folder)
    labels, bad = check_labels([lab for lab in labels if lab.half in halves], corpus)
    by: dict[str, list] = defaultdict(list)
    for lab in labels:
        by[lab.text].append(lab)
    names = sorted(by)
    docs, spent = parsed(corpus, names, cache)
    out = []
    with use(None):
        for name, doc in zip(names, docs):
            text = doc.text
            mine = sorted(by[name], key=lambda x: x.content)
            for lab in mine:
                claims = other_claims(text, lab, mine)
                with capture() as calls:
                    stance_for_spans(doc, lab.cue, lab.content, claims=claims)
                if calls:  # the first call: the one made with the content's negation
                    out.append(Row(calls[0][0], calls[0][1], lab.stance, lab.half, name))
    return out, spent, problems + bad


def matrix(data: list[Row]):  # type: ignore[no-untyped-def]
    from scipy.sparse import csr_matrix

    indptr, indices = [0], []
    for r in data:
        ids = np.unique(bucket_ids(r.keys))
        indices.append(ids)
        indptr.append(indptr[-1] + len(ids))
    flat = np.concatenate(indices) if indices else np.zeros(0, dtype="int64")
    return csr_matrix((np.ones(len(flat)), flat, np.array(indptr)), shape=(len(data), DIM))


def fit(data: list[Row], c: float, weight: str | None, mode: str = "hybrid", threshold: float = 0.5,
        enabled: bool = False, seed: int = 0) -> StanceModel:
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    x = matrix(data)
    used = np.unique(x.indices)  # fit on the buckets that occur; the others keep weight 0
    lr = LogisticRegression(C=c, class_weight=weight, solver="saga", tol=1e-3, max_iter=1000, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=ConvergenceWarning)
        lr.fit(x[:, used], [r.gold for r in data])
    classes = tuple(str(k) for k in lr.classes_)
    coef = lr.coef_ if len(classes) > 2 else np.vstack([-lr.coef_[0] / 2, lr.coef_[0] / 2])
    bias = lr.intercept_ if len(classes) > 2 else np.array([-lr.intercept_[0] / 2, lr.intercept_[0] / 2])
    weights = np.zeros((DIM, len(classes)), dtype="float32")
    weights[used] = coef.T
    return StanceModel(classes, weights, bias.astype("float64"), mode, threshold, enabled)


def scores(gold: list[str], got: list[str]) -> dict[str, float]:
    """accuracy, macro-F1 over the stances present in ``gold``, and each stance's recall."""
    out: dict[str, float] = {"acc": sum(g == p for g, p in zip(gold, got)) / max(len(gold), 1)}
    f1s = []
    for s in STANCES:
        _, r, f, n_gold = label_scores(gold, got, s)
        if n_gold:
            out[f"recall_{s}"] = r
            f1s.append(f)
    out["macro_f1"] = float(np.mean(f1s)) if f1s else 0.0
    return out


def folds(data: list[Row], k: int = 5) -> list[list[int]]:
    """Articles dealt to ``k`` folds, largest first, each to the fold with fewest rows (deterministic)."""
    sizes: dict[str, int] = defaultdict(int)
    for r in data:
        sizes[r.article] += 1
    where, load = {}, [0] * k
    for art in sorted(sizes, key=lambda a: (-sizes[a], a)):
        j = int(np.argmin(load))
        where[art], load[j] = j, load[j] + sizes[art]
    return [[i for i, r in enumerate(data) if where[r.article] == j] for j in range(k)]


def cross_validate(data: list[Row], k: int = 5) -> list[tuple[dict[str, float], dict]]:
    """Every grid point's CV scores on ``data``: [(scores, config)], best first."""
    parts = folds(data, k)
    results = []
    for c, weight in itertools.product(GRID_C, GRID_WEIGHT):
        proba: dict[int, np.ndarray] = {}
        classes: dict[int, tuple[str, ...]] = {}
        for j, test in enumerate(parts):
            train = [i for p in parts[:j] + parts[j + 1:] for i in p]
            model = fit([data[i] for i in train], c, weight)
            for i in test:
                proba[i], classes[i] = model.proba(data[i].keys), model.classes
        gold = [r.gold for r in data]
        for mode, threshold in [("alone", 0.0)] + [("hybrid", t) for t in GRID_THRESHOLD]:
            got = []
            for i, r in enumerate(data):
                best = int(proba[i].argmax())
                take = mode == "alone" or proba[i][best] >= threshold
                got.append(classes[i][best] if take else r.rule)
            results.append((scores(gold, got), dict(c=c, weight=weight, mode=mode, threshold=threshold)))
    results.sort(key=lambda x: (-round(x[0]["macro_f1"], 3), -x[0]["acc"]))
    return results


def train(folder: Path, corpus: Path, out: Path, cache: Path | None = None, enabled: bool = False,
          threshold: float | None = None) -> dict:
    """CV on the tune half, fit the best configuration on all of it, write ``out/weights.npz`` and
    ``out/training.txt``; returns the chosen configuration and its CV scores (and the rules'). ``threshold``:
    a hybrid threshold (on the grid) to ship instead of CV's pick, with CV's C and class weights."""
    data, parse_s, problems = rows(folder, corpus, cache)
    if len({r.gold for r in data}) < 2:
        raise ValueError(f"{folder}: the tune half needs at least two stances to train on (has {len(data)} rows)")
    results = cross_validate(data)
    best, config = results[0]
    if threshold is not None:  # CV's C and class weights, shipped at another threshold
        config = dict(config, mode="hybrid", threshold=threshold)
        best = next((s for s, cfg in results if cfg == config), best)
    rules = scores([r.gold for r in data], [r.rule for r in data])
    model = fit(data, config["c"], config["weight"], config["mode"], config["threshold"], enabled)
    model.save(out / "weights.npz", trained=datetime.date.today().isoformat(), rows=len(data))
    lines = [f"newsgraph train stance {folder} --corpus {corpus}  ({datetime.date.today().isoformat()})",
             f"tune rows {len(data)} in {len({r.article for r in data})} articles; parse {parse_s:.1f} s CPU",
             f"rules (in-sample) acc {rules['acc']:.3f} macroF1 {rules['macro_f1']:.3f}",
             "5-fold CV by article, best first:"]
    lines += [f"  {s['acc']:.3f} {s['macro_f1']:.3f}  {cfg}" for s, cfg in results[:15]]
    lines.append(f"shipped: {config} (CV {best['acc']:.3f} {best['macro_f1']:.3f}), enabled {enabled}")
    lines += [f"problem: {p}" for p in problems[:20]]
    (out / "training.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dict(config=config, cv=best, rules=rules, rows=len(data))
