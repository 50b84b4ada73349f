"""The claim model: two small logistic regressions over :mod:`features`, read from ``data/claims/model.tsv``.

Stage ``related`` says whether an article is about the claim at all; stage ``stance`` says whether an
article about it agrees, disagrees or only discusses it. Each row of the file is one weight:
``stage, label, feature, weight``; the label ``_mean``/``_scale`` rows standardise a feature first,
the feature ``bias`` is the intercept. Plain arithmetic, no numpy: the model is a few dozen numbers.
``newsgraph eval fnc1-train`` writes the file (docs/claim-model.md is its card).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass

from newsgraph.resources import load_tsv

MODEL_FILE = "claims/model.tsv"
STANCE_LABELS = ("agree", "disagree", "discuss")
LABELS = (*STANCE_LABELS, "unrelated")


@dataclass(frozen=True)
class Stage:
    mean: dict[str, float]
    scale: dict[str, float]
    weights: dict[str, dict[str, float]]  # label -> feature -> weight ("bias": the intercept)

    def probabilities(self, features: Mapping[str, float]) -> dict[str, float]:
        scores = {}
        for label, (bias, terms) in self._terms.items():
            s = bias
            for name, value in features.items():
                if name in terms:
                    w, mean, scale = terms[name]
                    s += w * (value - mean) / scale
            scores[label] = s
        top = max(scores.values())
        exp = {k: math.exp(v - top) for k, v in scores.items()}
        total = sum(exp.values())
        return {k: v / total for k, v in exp.items()}

    @functools.cached_property
    def _terms(self) -> dict[str, tuple[float, dict[str, tuple[float, float, float]]]]:
        """Per label: the intercept, and each weighed feature's (weight, mean, scale), looked up once."""
        return {label: (w.get("bias", 0.0), {name: (weight, self.mean.get(name, 0.0), self.scale.get(name, 1.0) or 1.0)
                                             for name, weight in w.items() if name != "bias"})
                for label, w in self.weights.items()}


@dataclass(frozen=True)
class ClaimModel:
    related: Stage
    stance: Stage

    def predict(self, features: Mapping[str, float], *, related_known: bool = False) -> tuple[str, dict[str, float]]:
        """The label and the probability of each of the four (``related_known``: never 'unrelated')."""
        p_related = 1.0 if related_known else self.related.probabilities(features).get("related", 0.0)
        stance = self.stance.probabilities(features)
        probs = {label: p_related * stance.get(label, 0.0) for label in STANCE_LABELS}
        probs["unrelated"] = 1.0 - p_related
        if p_related < 0.5:
            return "unrelated", probs
        return max(STANCE_LABELS, key=lambda k: probs[k]), probs


def stages_from_rows(rows) -> dict[str, Stage]:
    parts: dict[str, dict[str, dict[str, float]]] = {}
    for row in rows:
        stage = parts.setdefault(row["stage"], {})
        stage.setdefault(row["label"], {})[row["feature"]] = float(row["weight"])
    return {name: Stage(p.pop("_mean", {}), p.pop("_scale", {}), p) for name, p in parts.items()}


@functools.lru_cache(maxsize=1)
def claim_model() -> ClaimModel:
    stages = stages_from_rows(load_tsv(MODEL_FILE))
    return ClaimModel(stages["related"], stages["stance"])
