"""Which tokens are cue, source or content? A small learned tagger over what the parse already computed.

Each token is described by the vectors the pipeline's own ``tok2vec`` left in ``doc.tensor`` (the
token, two either side, its head and its head's head), its dependency label, its head's label,
its part of speech and a few flags (inside a quotation, a cue word of the lexicon at or above
it). A thinc network (``network``: one hidden layer, shipped; or, measured and not kept, a
BiLSTM or a stack of window layers over the sentence; weights in ``newsgraph/models/attribution``,
see its card) gives each token one of ``O``, ``B-``/``I-`` ``CUE``, ``SOURCE``, ``CONTENT``,
decoded per sentence with BIO constraints (``decode``). Running it costs a matrix product per
article: no second encoder. ``newsgraph train attribution`` reproduces the weights
(``newsgraph.training``).

The tagger adds recall beside the rules (``find.extract_attributions``): a cue it finds where no
rule attribution is becomes a draft, its content read from the parse as for any cue word (or
the tagged content next to it), its speaker found by the same resolver.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
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


ARCHS = ("lstm", "cnn", "mlp")


def network(arch: str, n_in: int, hidden: int, dropout: float = 0.0, depth: int = 2):  # type: ignore[no-untyped-def]
    """The thinc network of ``arch`` (one list of feature rows per sentence in, tag probabilities
    out): ``lstm``, a projection then a bidirectional LSTM over the sentence added to it; ``cnn``, a projection
    then ``depth`` residual window-of-three Maxout layers; ``mlp``, one hidden layer per token."""
    from thinc.api import LSTM, Maxout, Relu, Softmax, chain, clone, expand_window, residual, with_array, with_padded

    project = Relu(nO=hidden, nI=n_in, dropout=dropout)
    out = Softmax(nO=len(TAGS), nI=hidden)
    if arch == "lstm":
        return chain(with_array(project), residual(with_padded(LSTM(nO=hidden, nI=hidden, bi=True))), with_array(out))
    if arch == "cnn":
        conv = residual(chain(expand_window(window_size=1), Maxout(nO=hidden, nI=3 * hidden, nP=3, dropout=dropout,
                                                                  normalize=True)))
        return with_array(chain(project, clone(conv, depth), out))
    return with_array(chain(project, out))


def parameters(model) -> dict[str, np.ndarray]:  # type: ignore[no-untyped-def]
    """The network's parameters by position and name, as saved in ``weights.npz``."""
    return {f"p{k}_{name}": node.get_param(name) for k, node in enumerate(model.walk())
            for name in node.param_names if node.has_param(name)}


@dataclass(frozen=True)
class TaggerModel:
    deps: tuple[str, ...]
    width: int
    net: object  # the thinc network (``network``); None only in tests that fake the tags

    def probabilities(self, rows: np.ndarray, sentences: list[tuple[int, int]]) -> np.ndarray:
        """Tag probabilities for feature ``rows``, the network run on each of ``sentences`` (row ranges)."""
        if not sentences:
            return np.zeros((0, len(TAGS)), dtype="float32")
        out = self.net.predict([rows[a:b] for a, b in sentences])  # type: ignore[attr-defined]
        return np.concatenate(out)


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
            data = dict(np.load(f, allow_pickle=False))
    except (FileNotFoundError, OSError):
        return None
    return from_arrays(data)


_using: list[TaggerModel | None] = []


def current_model() -> TaggerModel | None:
    """The model in use: the shipped one, or the one ``use`` set for a block."""
    return _using[-1] if _using else load_model()


@contextlib.contextmanager
def use(model: TaggerModel | None) -> Iterator[None]:
    """Tag with ``model`` (None: no tagger) inside the block (training the draft filter on
    out-of-fold taggers, tests)."""
    _using.append(model)
    try:
        yield
    finally:
        _using.pop()


def from_arrays(data: dict[str, np.ndarray]) -> TaggerModel | None:
    """The model saved by ``newsgraph.training.attribution.save`` (None for weights of another layout)."""
    if "arch" not in data:
        return None
    deps = tuple(str(d) for d in data["deps"])
    net = network(str(data["arch"]), int(data["n_in"]), int(data["hidden"]), depth=int(data["depth"]))
    net.initialize(X=[np.zeros((2, int(data["n_in"])), dtype="float32")])
    for k, node in enumerate(net.walk()):
        for name in node.param_names:
            if f"p{k}_{name}" in data:
                node.set_param(name, data[f"p{k}_{name}"].astype("float32"))
    return TaggerModel(deps, int(data["width"]), net)


def sentence_ranges(starts: np.ndarray) -> list[tuple[int, int]]:
    """Row ranges of the sentences, from a True per row that starts one (the first row always does)."""
    cuts = [*np.flatnonzero(starts).tolist(), len(starts)]
    if not len(starts):
        return []
    if cuts[0] != 0:
        cuts.insert(0, 0)
    return list(zip(cuts, cuts[1:]))


_ALLOWED = np.array([[not (t.startswith("I-") and p not in (t, "B-" + t[2:])) for t in TAGS] for p in TAGS])


def decode(probs: np.ndarray, sentences: list[tuple[int, int]]) -> np.ndarray:
    """The most probable tag sequence of each sentence in which an ``I-`` follows its own ``B-``
    or ``I-`` (Viterbi over log probabilities, no learned transitions; all sentences in step)."""
    out = np.zeros(len(probs), dtype="int64")
    if not sentences:
        return out
    logp = np.log(np.maximum(probs, 1e-9))
    starts = np.array([a for a, _ in sentences])
    lengths = np.array([b - a for a, b in sentences])
    block = np.where(_ALLOWED, 0.0, -1e9)
    score = logp[starts] + np.array([-1e9 if t.startswith("I-") else 0.0 for t in TAGS])
    back = np.zeros((lengths.max(), len(sentences), len(TAGS)), dtype="int64")
    for i in range(1, lengths.max()):
        going = lengths > i
        total = score[going][:, :, None] + block  # (sentence, previous tag, tag)
        back[i, going] = total.argmax(axis=1)
        score[going] = total.max(axis=1) + logp[starts[going] + i]
    best = score.argmax(axis=1)
    for i in range(lengths.max() - 1, -1, -1):
        here = lengths > i
        out[starts[here] + i] = best[here]
        best[here] = back[i, here, best[here]]
    return out


def tag(doc: Doc, lex: Lexicon, quoted: np.ndarray, model: TaggerModel, cue_min: float = 0.0,
        wanted: np.ndarray | None = None, constrained: bool = True) -> list[str]:
    """One tag of ``TAGS`` per token (all ``O`` when the doc is not the default pipeline's: its
    vectors would not be the ones the tagger learned on); a cue
    tag needs a probability of at least ``cue_min`` (B- and I- together). ``wanted``: the tokens
    to tag (the others are ``O``; the network runs on their sentences, cut to these tokens);
    ``constrained``: decode with ``decode`` (else each token's most probable tag)."""
    return tag_probabilities(doc, lex, quoted, model, cue_min, wanted, constrained)[0]


def tag_probabilities(doc: Doc, lex: Lexicon, quoted: np.ndarray, model: TaggerModel, cue_min: float = 0.0,
                      wanted: np.ndarray | None = None, constrained: bool = True) -> tuple[list[str], np.ndarray]:
    """``tag`` and the network's probabilities per token (one row of ``TAGS`` each; zeros where
    nothing was tagged)."""
    probs_all = np.zeros((len(doc), len(TAGS)), dtype="float32")
    if not len(doc) or doc.tensor is None or doc.tensor.shape != (len(doc), model.width) or not default_pipeline(doc):
        return ["O"] * len(doc), probs_all
    if wanted is None:
        wanted = np.ones(len(doc), dtype=bool)
    if not wanted.any():
        return ["O"] * len(doc), probs_all
    data = inputs(doc, model.deps, lex, quoted)
    rows = assemble(*data, len(model.deps))[wanted]
    sentences = sentence_ranges(data[4][wanted, 4] != 0)
    probs = model.probabilities(rows, sentences)
    probs_all[wanted] = probs
    if cue_min > 0:
        cue = probs[:, 1:3].sum(axis=1)
        probs[cue < cue_min, 1:3] = 0
        probs[cue >= cue_min, 0] = 0
        probs[cue >= cue_min, 3:] = 0
    best = np.zeros(len(doc), dtype="int64")
    best[wanted] = decode(probs, sentences) if constrained else probs.argmax(axis=1)
    return [TAGS[k] for k in best], probs_all


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
