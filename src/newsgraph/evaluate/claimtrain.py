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

from newsgraph.evaluate.stancesets import Pair, analyse_texts, read_fnc1
from newsgraph.link.claimcheck import prepare_all
from newsgraph.link.claimcheck.classify import STANCE_LABELS
from newsgraph.link.claimcheck.features import read_pair
from newsgraph.model import Article

RELATED_FEATURES = ("cosine", "cover", "lead_cover", "best_share", "near_share", "length")
REGULARISATION = 1.0  # scikit-learn's C
# Class weights of the stance stage, chosen by five-fold cross-validation over even Body IDs (grouped by
# body): macro-F1 0.658 against 0.646 for scikit-learn's "balanced".
STANCE_WEIGHTS = {"agree": 1.2, "disagree": 2.5, "discuss": 0.8}


def feature_table(pairs: Sequence[Pair], articles: dict[str, Article]) -> list[dict[str, float]]:
    idf, prepared = prepare_all({p.claim for p in pairs}, articles)
    return [read_pair(p.claim, prepared[p.text_id], idf).features for p in pairs]


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


def train_rows(pairs: Sequence[Pair], articles: dict[str, Article]) -> list[tuple]:
    """The model's rows: (stage, label, feature, weight)."""
    if any(int(p.text_id) % 2 for p in pairs):
        raise ValueError("the claim model is trained on even Body IDs only")
    table = feature_table(pairs, articles)
    names = sorted(table[0])
    related = ["related" if p.gold != "unrelated" else "unrelated" for p in pairs]
    rows = _fit(table, related, RELATED_FEATURES, "related")
    on_topic = [(r, p.gold) for r, p in zip(table, pairs) if p.gold in STANCE_LABELS]
    rows += _fit([r for r, _ in on_topic], [g for _, g in on_topic], names, "stance", STANCE_WEIGHTS)
    return rows


def write_model(rows: Sequence[tuple], path: Path) -> None:
    lines = ["# The claim model: written by `newsgraph eval fnc1-train` (FNC-1, even Body IDs); see docs/claim-model.md",
             "stage\tlabel\tfeature\tweight"]
    lines += [f"{s}\t{label}\t{f}\t{float(w):.6g}" for s, label, f, w in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def retrain(folder: Path, out: Path, articles: dict[str, Article] | None = None) -> int:
    pairs, texts = read_fnc1(folder, "even")
    rows = train_rows(pairs, articles if articles is not None else analyse_texts(texts))
    write_model(rows, out)
    return len(pairs)
