"""Which tokens are cue, source or content? A small learned tagger over what the parse already computed.

Each token is described by the vectors the pipeline's own ``tok2vec`` left in ``doc.tensor`` (the
token, two either side, its head and its head's head), its dependency label, its head's label,
its part of speech and a few flags (inside a quotation, a cue word of the lexicon at or above
it). A one-hidden-layer network (weights in ``newsgraph/models/attribution``, see its card)
gives each token one of ``O``, ``B-``/``I-`` ``CUE``, ``SOURCE``, ``CONTENT``. Running it costs
a matrix product per article: no second encoder. ``newsgraph train attribution`` reproduces the
weights (``newsgraph.training``).

The tagger adds recall beside the rules (``find.extract_attributions``): a cue it finds where no
rule attribution is becomes a draft, its content read from the parse as for any cue word (or
the tagged content next to it), its speaker found by the same resolver.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import numpy as np
from spacy.tokens import Doc

from newsgraph.extract.attribution.lexicon import Lexicon
from newsgraph.nlp import default_pipeline

TAGS = ("O", "B-CUE", "I-CUE", "B-SOURCE", "I-SOURCE", "B-CONTENT", "I-CONTENT")
WINDOW = 2
_POS = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT",
        "SCONJ", "SYM", "VERB", "X", "SPACE")
MODEL_DIR = "models/attribution"


@dataclass(frozen=True)
class TaggerModel:
    deps: tuple[str, ...]
    width: int
    layers: tuple[tuple[np.ndarray, np.ndarray], ...]  # (W, b) per layer; ReLU between

    def scores(self, features: np.ndarray) -> np.ndarray:
        x = features
        for n, (w, b) in enumerate(self.layers):
            x = x @ w + b
            if n < len(self.layers) - 1:
                np.maximum(x, 0, out=x)
        return x


def inputs(doc: Doc, deps: tuple[str, ...], lex: Lexicon, quoted: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
    """What ``assemble`` needs of a doc, compact: vectors, heads, label ids, flags.
    ``quoted``: True for tokens inside a quotation. Read with ``Doc.to_array``, no loop over tokens."""
    n = len(doc)
    tensor = doc.tensor if doc.tensor is not None and len(doc.tensor) == n else np.zeros((n, 96), "f")
    if not n:
        return np.zeros((0, tensor.shape[1]), "f"), *(np.zeros(0, "int64") for _ in range(3)), np.zeros((0, 6), "f")
    arr = doc.to_array(["HEAD", "DEP", "POS", "LEMMA", "LOWER", "SENT_START", "IS_PUNCT"]).astype("int64")
    heads = np.arange(n) + arr[:, 0]
    strings = doc.vocab.strings
    dep_index = {d: i for i, d in enumerate(deps)}
    dep_ids = _lookup(arr[:, 1], lambda h: dep_index.get(strings[h], len(deps)))
    pos_index = {p: i for i, p in enumerate(_POS)}
    pos_ids = _lookup(arr[:, 2], lambda h: pos_index.get(doc.vocab.strings[h] if h else "", len(_POS) - 1))
    cue = _lookup(arr[:, 3], lambda h: strings[h].lower() in lex.verbs).astype(bool) | _lookup(
        arr[:, 4], lambda h: strings[h] in lex.prepositional).astype(bool)
    above = np.zeros(n, dtype=bool)
    at = heads.copy()
    for _ in range(4):  # a cue word among the first four ancestors
        above |= cue[at] & (at != np.arange(n))
        at = heads[at]
    sent_start = arr[:, 5] == 1
    sent_start[0] = True
    columns = [quoted if quoted is not None else np.zeros(n, dtype=bool), cue, cue[heads], above, sent_start,
               arr[:, 6] != 0]
    return np.asarray(tensor, dtype="float32"), heads, dep_ids, pos_ids, np.stack(columns, axis=1).astype("float32")


def _lookup(column: np.ndarray, value) -> np.ndarray:  # type: ignore[no-untyped-def]
    """``value(hash)`` for each entry of a column of string hashes, computed once per distinct hash."""
    distinct, inverse = np.unique(column, return_inverse=True)
    return np.array([value(int(h) & 0xFFFFFFFFFFFFFFFF) for h in distinct], dtype="int64")[inverse]


def assemble(tensor: np.ndarray, heads: np.ndarray, dep_ids: np.ndarray, pos_ids: np.ndarray, flags: np.ndarray,
             n_deps: int) -> np.ndarray:
    """One feature row per token (float32) from ``inputs``; ``n_deps``: the dependency labels known."""
    n, width = tensor.shape
    padded = np.zeros((n + 2 * WINDOW, width), dtype="float32")
    padded[WINDOW : WINDOW + n] = tensor
    parts = [padded[k : k + n] for k in range(2 * WINDOW + 1)]
    parts += [tensor[heads], tensor[heads[heads]]]
    n_dep = n_deps + 1
    onehot = np.zeros((n, 2 * n_dep + len(_POS)), dtype="float32")
    rows = np.arange(n)
    onehot[rows, dep_ids] = 1
    onehot[rows, n_dep + dep_ids[heads]] = 1
    onehot[rows, 2 * n_dep + pos_ids] = 1
    return np.concatenate(parts + [onehot, flags], axis=1)


@functools.lru_cache(maxsize=1)
def load_model() -> TaggerModel | None:
    """The shipped weights, or None when the package has none."""
    try:
        blob = resources.files("newsgraph").joinpath(MODEL_DIR, "weights.npz")
        with blob.open("rb") as f:
            data = np.load(f, allow_pickle=False)
            deps = tuple(str(d) for d in data["deps"])
            count = int(data["layers"])
            layers = tuple((data[f"W{k}"].astype("float32"), data[f"b{k}"].astype("float32")) for k in range(count))
            width = int(data["width"])
    except (FileNotFoundError, KeyError, OSError):
        return None
    return TaggerModel(deps, width, layers)


def tag(doc: Doc, lex: Lexicon, quoted: np.ndarray, model: TaggerModel, cue_min: float = 0.0,
        wanted: np.ndarray | None = None) -> list[str]:
    """One tag of ``TAGS`` per token (all ``O`` when the doc is not the default pipeline's: its
    vectors would not be the ones the tagger learned on); a cue
    tag needs a probability of at least ``cue_min`` (B- and I- together). ``wanted``: the tokens
    to tag (the others are ``O``; the network runs on these rows only)."""
    if not len(doc) or doc.tensor is None or doc.tensor.shape != (len(doc), model.width) or not default_pipeline(doc):
        return ["O"] * len(doc)
    if wanted is None:
        wanted = np.ones(len(doc), dtype=bool)
    if not wanted.any():
        return ["O"] * len(doc)
    rows = assemble(*inputs(doc, model.deps, lex, quoted), len(model.deps))
    best = np.zeros(len(doc), dtype="int64")
    scores = model.scores(rows[wanted])
    best[wanted] = scores.argmax(axis=1)
    if cue_min > 0:
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        cue = scores[:, 1:3].sum(axis=1) / scores.sum(axis=1)
        picked = best[wanted]
        is_cue = (picked >= 1) & (picked <= 2)
        picked[is_cue & (cue < cue_min)] = 0
        rising = ~is_cue & (cue >= cue_min)  # a likely cue that another tag outscored alone
        picked[rising] = np.where(scores[rising, 1] >= scores[rising, 2], 1, 2)
        best[wanted] = picked
    return [TAGS[k] for k in best]


def spans(tags: list[str], label: str) -> list[tuple[int, int]]:
    """Token ranges tagged ``label`` (a B- starts a new one; an I- after another label starts one too)."""
    out: list[tuple[int, int]] = []
    start = None
    for i, t in enumerate([*tags, "O"]):
        if t == f"I-{label}" and start is not None:
            continue
        if start is not None:
            out.append((start, i))
            start = None
        if t in (f"B-{label}", f"I-{label}"):
            start = i
    return out


def quoted_tokens(doc: Doc, ranges: list[tuple[int, int]]) -> np.ndarray:
    """True for the tokens starting inside one of the character ``ranges`` (sorted quotations)."""
    starts = doc.to_array(["IDX"]).astype("int64").reshape(-1)
    out = np.zeros(len(doc), dtype=bool)
    for start, end in ranges:
        out[np.searchsorted(starts, start) : np.searchsorted(starts, end)] = True
    return out
