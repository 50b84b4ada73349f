"""A learned second opinion on the stance the rules decide (``models/stance/CARD.md``).

``stance.decide_stance`` is wrapped by ``overridable``: the rules decide first; when a model is active
and the parse's ``Signals`` are given, a logistic regression over the same inputs (the rule stance, the
cue verb's lexicon stance, negation, the ``Signals`` flags and names, hashed words, lemmas and bigrams
of the content) may replace the rule stance where it is confident (``mode`` and ``threshold`` in the
weights file, chosen by cross-validation on the tune half of ``eval/stance``).

Inference is numpy only: a sum of weight rows (one per hashed feature) and a softmax. Whether the model
is used by default is the weights file's ``enabled``; ``NEWSGRAPH_STANCE_MODEL=on|off`` overrides it
for a process, and ``use(model_or_None)`` for a block (tests, training).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newsgraph.extract.attribution.stance_read import _WORD  # the content's words, as Signals reads them

DIM = 1 << 15  # hashed feature buckets
_FIRST = frozenset({"i", "we", "my", "our", "me", "us"})
_MODAL = frozenset({"should", "must", "will", "would", "could", "can", "might", "may", "need"})
_MISSING = object()


@dataclass(frozen=True)
class StanceModel:
    classes: tuple[str, ...]
    weights: np.ndarray  # (DIM, len(classes)) float32
    bias: np.ndarray  # (len(classes),)
    mode: str = "hybrid"  # "hybrid": replace the rule stance when p >= threshold; "alone": always the argmax
    threshold: float = 0.5
    enabled: bool = False

    def proba(self, keys: list[str]) -> np.ndarray:
        rows = self.weights[bucket_ids(keys)]
        z = rows.sum(axis=0, dtype="float64") + self.bias
        z = np.exp(z - z.max())
        return z / z.sum()

    def decide(self, rule: str, keys: list[str]) -> str:
        p = self.proba(keys)
        best = int(p.argmax())
        if self.mode == "alone" or p[best] >= self.threshold:
            return self.classes[best]
        return rule

    def save(self, path: Path, **extra: Any) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, classes=np.array(self.classes), weights=self.weights.astype("float16"),
                            bias=self.bias.astype("float32"), mode=np.array(self.mode),
                            threshold=np.array(self.threshold), enabled=np.array(self.enabled),
                            **{k: np.array(v) for k, v in extra.items()})


def load_model(path: Path) -> StanceModel:
    with np.load(path, allow_pickle=False) as data:
        return StanceModel(tuple(str(c) for c in data["classes"]), data["weights"].astype("float32"),
                           data["bias"].astype("float64"), str(data["mode"]), float(data["threshold"]),
                           bool(data["enabled"]))


_BUCKETS: dict[str, int] = {}  # feature name -> bucket, kept between calls (names repeat: words, flags, lemmas)


def bucket_ids(keys: list[str]) -> np.ndarray:
    if len(_BUCKETS) > 200_000:
        _BUCKETS.clear()
    out = [_BUCKETS.get(k, -1) for k in keys]
    for j, b in enumerate(out):
        if b < 0:
            out[j] = _BUCKETS[keys[j]] = zlib.crc32(keys[j].encode("utf-8")) % DIM
    return np.array(out, dtype="int64")


@functools.lru_cache(maxsize=None)
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def features(cue: Any, content: str, rule: str, *, negated: bool = False, no_comment: bool = False,
             content_negated: bool = False, relayed: bool = False, signals: Any = None, **_: Any) -> list[str]:
    """The feature names of one attribution: ``decide_stance``'s own arguments and its rule answer.
    Every field of ``signals`` counts (a flag when true, a name, or its words), so new signals join."""
    keys = [f"rule={rule}", f"cue={cue.stance if cue is not None else None}", "bias"]
    if negated:
        keys += ["negated", f"cue_negated={cue.negated if cue is not None else None}"]
    keys += [k for k, on in (("no_comment", no_comment), ("content_negated", content_negated), ("relayed", relayed)) if on]
    lemma = getattr(signals, "lemma", None)
    keys += [f"lemma={lemma}", f"lemma={lemma}|rule={rule}", f"rule={rule}|neg={content_negated}"]
    text = getattr(signals, "text", None) or content.lower()
    words = _WORD.findall(text)
    keys += [f"w:{w}" for w in set(words)] + [f"b:{a} {b}" for a, b in set(zip(words, words[1:]))]
    keys += [f"open:{w}" for w in words[:3]]
    keys.append(f"len={min(len(words), 40) // 5}")
    seen = set(words)
    keys += [k for k, on in (("first", seen & _FIRST), ("modal", seen & _MODAL)) if on]
    for name in _field_names(type(signals)) if signals is not None else ():
        value = getattr(signals, name)
        if name in ("text", "words", "lemma"):
            continue
        if isinstance(value, bool):
            if value:
                keys += [f"sig:{name}", f"sig:{name}|rule={rule}"]
        elif isinstance(value, str):
            if " " in value:
                keys += [f"{name}:{w}" for w in set(value.split())]
            elif value:
                keys.append(f"{name}={value}")
        elif isinstance(value, frozenset):
            keys += [f"{name}:{w}" for w in value]
    return keys


@functools.lru_cache(maxsize=1)
def shipped() -> StanceModel | None:
    path = Path(str(resources.files("newsgraph"))) / "models" / "stance" / "weights.npz"
    return load_model(path) if path.exists() else None


_active: Any = _MISSING  # set by ``use``; _MISSING: the shipped model when it is enabled
_capture: list[tuple[list[str], str]] | None = None


def active() -> StanceModel | None:
    if _active is not _MISSING:
        return _active
    model = shipped()
    switch = os.environ.get("NEWSGRAPH_STANCE_MODEL", "").lower()
    on = switch in ("1", "on", "true") if switch else (model is not None and model.enabled)
    return model if on else None


@contextlib.contextmanager
def use(model: StanceModel | None) -> Iterator[None]:
    """Decide stances with ``model`` (None: the rules alone) inside the block."""
    global _active
    before, _active = _active, model
    try:
        yield
    finally:
        _active = before


@contextlib.contextmanager
def capture() -> Iterator[list[tuple[list[str], str]]]:
    """Record (feature names, rule stance) of every ``decide_stance`` call inside the block (training)."""
    global _capture
    before, _capture = _capture, []
    try:
        yield _capture
    finally:
        _capture = before


def overridable(decide: Callable[..., str]) -> Callable[..., str]:
    """Wrap the rules' ``decide_stance`` so the active model may replace its answer."""
    @functools.wraps(decide)
    def wrapper(cue: Any, content: str, **kw: Any) -> str:
        rule = decide(cue, content, **kw)
        model = active()
        if kw.get("signals") is None or (model is None and _capture is None):
            return rule
        keys = features(cue, content, rule, **kw)
        if _capture is not None:
            _capture.append((keys, rule))
        return model.decide(rule, keys) if model is not None else rule
    return wrapper
