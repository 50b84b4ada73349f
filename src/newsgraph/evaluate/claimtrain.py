"""Retrain the claim model (``data/claims/model.tsv``) on FNC-1 pairs with an EVEN Body ID only.

Two logistic regressions (scikit-learn, the ``train`` extra; CPU, seconds): ``related`` over the
relatedness features on every pair, ``stance`` over all features on the related pairs, classes
weighted by their rarity so that agree and disagree are not drowned by discuss. Features are
standardised; the means, scales, weights and intercepts are written as rows of the TSV, which
``link.claimcheck.classify`` reads back with plain arithmetic. docs/claim-model.md is the card.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from newsgraph.evaluate.stancesets import Pair, Scored, analyse_texts, read_fnc1
from newsgraph.link.claimcheck import prepare_all
from newsgraph.link.claimcheck.check import decide
from newsgraph.link.claimcheck.classify import LABELS, STANCE_LABELS, ClaimModel, stages_from_rows
from newsgraph.link.claimcheck.features import Reading, read_pair
from newsgraph.model import Article

RELATED_FEATURES = ("cosine", "cover", "lead_cover", "best_share", "near_share", "length")
REGULARISATION = 1.0  # scikit-learn's C
# Class weights of the stance stage, chosen by five-fold cross-validation over even Body IDs (grouped by
# body): macro-F1 0.658 against 0.646 for scikit-learn's "balanced".
STANCE_WEIGHTS = {"agree": 1.2, "disagree": 2.5, "discuss": 0.8}


def readings(pairs: Sequence[Pair], articles: dict[str, Article]) -> list[Reading]:
    idf, prepared = prepare_all({p.claim for p in pairs}, articles)
    return [read_pair(p.claim, prepared[p.text_id], idf) for p in pairs]


def feature_table(pairs: Sequence[Pair], articles: dict[str, Article]) -> list[dict[str, float]]:
    return [r.features for r in readings(pairs, articles)]


def _fit(rows: list[dict[str, float]], labels: list[str], names: Sequence[str], stage: str,
         class_weight: dict[str, float] | None = None) -> list[tuple]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x = [[r[n] for n in names] for r in rows]
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=REGULARISATION, class_weight=class_weight or "balanced", max_iter=2000)
    model.fit(scaler.transform(x), labels)
    out = [(stage, "_mean", n, m) for n, m in zip(names, scaler.mean_)]
    out += [(stage, "_scale", n, s) for n, s in zip(names, scaler.scale_)]
    classes = list(model.classes_)
    if len(classes) == 2:  # one weight vector: for the second class against the first (left at zero)
        weights = {classes[1]: (model.coef_[0], model.intercept_[0]), classes[0]: (0 * model.coef_[0], 0.0)}
    else:
        weights = {c: (model.coef_[i], model.intercept_[i]) for i, c in enumerate(classes)}
    for label, (coef, bias) in weights.items():
        out.append((stage, label, "bias", bias))
        out += [(stage, label, n, w) for n, w in zip(names, coef)]
    return out


def _refuse_odd(pairs: Sequence[Pair]) -> None:
    if any(int(p.text_id) % 2 for p in pairs):
        raise ValueError("the claim model is trained on even Body IDs only")


def train_rows(pairs: Sequence[Pair], articles: dict[str, Article]) -> list[tuple]:
    """The model's rows: (stage, label, feature, weight)."""
    _refuse_odd(pairs)
    return _rows_from(pairs, feature_table(pairs, articles))


def _rows_from(pairs: Sequence[Pair], table: Sequence[dict[str, float]]) -> list[tuple]:
    names = sorted(table[0])
    related = ["related" if p.gold != "unrelated" else "unrelated" for p in pairs]
    rows = _fit(table, related, RELATED_FEATURES, "related")
    on_topic = [(r, p.gold) for r, p in zip(table, pairs) if p.gold in STANCE_LABELS]
    rows += _fit([r for r, _ in on_topic], [g for _, g in on_topic], names, "stance", STANCE_WEIGHTS)
    return rows


def cross_validate(pairs: Sequence[Pair], articles: dict[str, Article], folds: int = 5) -> Scored:
    """Grouped ``folds``-fold cross-validation: the bodies (sorted by Body ID, dealt out in turn) of one fold
    are held out while both stages are fitted on the others, then their pairs are decided as a check decides
    them (``check.decide``: the model, then the rules for short texts and only-countering speakers). The
    word rarity is that of all the pairs, as in a run over the whole set."""
    _refuse_odd(pairs)
    read = readings(pairs, articles)
    fold = {b: i % folds for i, b in enumerate(sorted({p.text_id for p in pairs}, key=int))}
    predicted: list[str] = [""] * len(pairs)
    for k in range(folds):
        fit = [i for i, p in enumerate(pairs) if fold[p.text_id] != k]
        stages = stages_from_rows(dict(zip(("stage", "label", "feature", "weight"), row)) for row in
                                  _rows_from([pairs[i] for i in fit], [read[i].features for i in fit]))
        model = ClaimModel(stages["related"], stages["stance"])
        for i, p in enumerate(pairs):
            if fold[p.text_id] == k:
                predicted[i] = decide(read[i], model)[0]
    scored = Scored(LABELS)
    for p, label in zip(pairs, predicted):
        scored.add(p.gold, label)
    return scored


def write_model(rows: Sequence[tuple], path: Path) -> None:
    lines = ["# The claim model: written by `newsgraph eval fnc1-train` (FNC-1, even Body IDs); see docs/claim-model.md",
             "stage\tlabel\tfeature\tweight"]
    lines += [f"{s}\t{label}\t{f}\t{float(w):.6g}" for s, label, f, w in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def retrain(folder: Path, out: Path, articles: dict[str, Article] | None = None, *,
            folds: int = 0) -> tuple[int, Scored | None]:
    """Fit on the even pairs and write the model to ``out``; with ``folds``, first the grouped
    cross-validation of the same fit (:func:`cross_validate`)."""
    pairs, texts = read_fnc1(folder, "even")
    articles = articles if articles is not None else analyse_texts(texts)
    scored = cross_validate(pairs, articles, folds) if folds > 1 else None
    write_model(train_rows(pairs, articles), out)
    return len(pairs), scored
