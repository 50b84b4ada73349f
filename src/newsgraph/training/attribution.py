"""Train the attribution tagger (``extract.attribution.tagger``) on PolNeAR; ``newsgraph train attribution PATH``.

PATH is the PolNeAR corpus folder (``train/`` and ``dev/`` inside, each ``text/*.txt`` and brat
``attributions/<article>_<annotator>.ann``). Every annotator's file of a train article is one
example (the parse is shared); dev picks the epoch kept (token macro F1 over the six span tags)
and is scored against the first annotator's file, as ``newsgraph eval polnear`` does. The
parses are cached beside the output (``parses-<split>.npz``) so a second run skips them.

Only the weights are written (``weights.npz`` and ``CARD.md``), never the corpus text: PolNeAR's
articles are their publishers' copyright.
"""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from newsgraph.evaluate.metrics import f1
from newsgraph.evaluate.polnear import read_gold
from newsgraph.extract.attribution.lexicon import lexicon
from newsgraph.extract.attribution.snapping import quote_units
from newsgraph.extract.attribution.tagger import (
    TAGS, assemble, decode, inputs, network, parameters, quoted_tokens, sentence_ranges)
from newsgraph.model import paragraph_spans

_ROLE = {"Cue": "CUE", "Source": "SOURCE", "Content": "CONTENT"}
_PRIORITY = ("Content", "Source", "Cue")  # later roles win a token both cover


def labels_for(starts: np.ndarray, ann: Path) -> np.ndarray:
    """Tag ids (``TAGS``) per token (``starts``: token start offsets, sorted) from one brat file."""
    out = np.zeros(len(starts), dtype="int64")
    gold = read_gold(ann)
    for role in _PRIORITY:
        for found in gold:
            ranges = {"Cue": found.cue, "Source": found.source, "Content": found.content}[role]
            for start, end in ranges:
                a, b = np.searchsorted(starts, start), np.searchsorted(starts, end)
                if b > a:
                    out[a:b] = TAGS.index(f"I-{_ROLE[role]}")
                    out[a] = TAGS.index(f"B-{_ROLE[role]}")
    return out


def prepare(split: Path, cache: Path, first_only: bool = False) -> dict[str, np.ndarray]:
    """Parse a split once; the compact inputs and labels of every article, cached in ``cache``."""
    if cache.exists():
        return dict(np.load(cache, allow_pickle=False))
    from newsgraph.nlp import get_nlp

    nlp = get_nlp()
    deps = tuple(nlp.get_pipe("parser").labels)
    lex = lexicon()
    texts = sorted((split / "text").glob("*.txt"))
    pieces: dict[str, list[np.ndarray]] = {k: [] for k in ("tensor", "heads", "deps_", "pos", "flags", "labels")}
    sizes, label_docs = [], []
    bodies = (t.read_text(encoding="utf-8") for t in texts)
    for n, (path, doc) in enumerate(zip(texts, nlp.pipe(bodies, batch_size=16))):
        anns = sorted((split / "attributions").glob(f"{path.stem}_*.ann"))
        if not anns:
            continue
        text = doc.text
        units = quote_units(text, paragraph_spans(text))
        quoted = quoted_tokens(doc, [(u.start, u.end) for u in units])
        tensor, heads, dep_ids, pos_ids, flags = inputs(doc, deps, lex, quoted)
        for key, value in zip(("tensor", "heads", "deps_", "pos", "flags"), (tensor, heads, dep_ids, pos_ids, flags)):
            pieces[key].append(value)
        starts = np.array([t.idx for t in doc], dtype="int64")
        for ann in anns[:1] if first_only else anns:
            pieces["labels"].append(labels_for(starts, ann))
            label_docs.append(len(sizes))
        sizes.append(len(doc))
        if n % 100 == 0:
            print(f"parsed {n}/{len(texts)}", flush=True)
    data = {k: np.concatenate(v) for k, v in pieces.items()}
    data.update(sizes=np.array(sizes, dtype="int64"), label_docs=np.array(label_docs, dtype="int64"),
                deps=np.array(deps))
    np.savez(cache, **data)
    return data


def _docs(data: dict[str, np.ndarray]) -> list[tuple[tuple[np.ndarray, ...], list[np.ndarray]]]:
    """(compact inputs, [labels per annotator]) per article; ``assemble`` makes the rows per batch."""
    offsets = np.concatenate([[0], np.cumsum(data["sizes"])])
    label_at = np.concatenate([[0], np.cumsum(data["sizes"][data["label_docs"]])])
    out: list[tuple[tuple[np.ndarray, ...], list[np.ndarray]]] = []
    for a, b in zip(offsets, offsets[1:]):
        parts = tuple(data[k][a:b] for k in ("tensor", "heads", "deps_", "pos", "flags"))
        out.append((parts, []))
    for k, d in enumerate(data["label_docs"]):
        out[d][1].append(data["labels"][label_at[k] : label_at[k + 1]])
    return out


def _batch(docs: list[tuple[np.ndarray, ...]], n_deps: int) -> tuple[list[np.ndarray], list[tuple[int, int]]]:
    """The sentences of some articles as feature rows, and their row ranges in the articles' concatenation."""
    rows, ranges, at = [], [], 0
    for parts in docs:
        x = assemble(*parts, n_deps)
        for a, b in sentence_ranges(parts[4][:, 4] != 0):
            rows.append(x[a:b])
            ranges.append((at + a, at + b))
        at += len(x)
    return rows, ranges


def macro_f1(gold: np.ndarray, guess: np.ndarray) -> float:
    """Mean token F1 over the six span tags."""
    scores = []
    for k in range(1, len(TAGS)):
        tp = float(np.sum((gold == k) & (guess == k)))
        p, r = tp / max(1, np.sum(guess == k)), tp / max(1, np.sum(gold == k))
        scores.append(f1(p, r))
    return float(np.mean(scores))


def train(corpus: Path, out: Path, epochs: int = 15, hidden: int = 192, seed: int = 0,
          minutes: float = 25.0, arch: str = "mlp", depth: int = 2, cache: Path | None = None,
          articles: Sequence[int] | None = None) -> dict[str, float]:
    """Train, keep the best epoch on dev, write ``weights.npz`` and ``training.txt`` into ``out``;
    ``cache``: the folder of the cached parses (default ``out``); ``articles``: the train articles
    used (indices in name order; default all: the draft filter's out-of-fold taggers take halves)."""
    from thinc.api import Adam, fix_random_seed

    fix_random_seed(seed)
    out.mkdir(parents=True, exist_ok=True)
    cache = cache or out
    train_data = prepare(corpus / "train", cache / "parses-train.npz")
    dev_data = prepare(corpus / "dev", cache / "parses-dev.npz", first_only=True)
    train_docs, dev_docs = _docs(train_data), _docs(dev_data)
    if articles is not None:
        train_docs = [train_docs[i] for i in articles]
    n_deps = len(train_data["deps"])
    n_in = assemble(*train_docs[0][0], n_deps).shape[1]
    model = network(arch, n_in, hidden, dropout=0.2, depth=depth)
    model.initialize(X=[np.zeros((2, n_in), dtype="float32")])
    optimizer = Adam(0.001)
    rng = np.random.default_rng(seed)
    eye = np.eye(len(TAGS), dtype="float32")
    dev_x, dev_ranges = _batch([x for x, _ in dev_docs], n_deps)
    dev_y = np.concatenate([y[0] for _, y in dev_docs])
    best, best_params, best_epoch, began = -1.0, None, 0, time.monotonic()
    examples = [(d, k) for d, (_, ys) in enumerate(train_docs) for k in range(len(ys))]
    for epoch in range(epochs):
        order = rng.permutation(len(examples))
        for i in range(0, len(order), 8):
            batch = [examples[j] for j in order[i : i + 8]]
            x, ranges = _batch([train_docs[d][0] for d, _ in batch], n_deps)
            y = np.concatenate([train_docs[d][1][k] for d, k in batch])
            guess, backprop = model.begin_update(x)
            backprop([(g - eye[y[a:b]]) / len(y) for g, (a, b) in zip(guess, ranges)])
            model.finish_update(optimizer)
        probs = np.concatenate(model.predict(dev_x))
        score = macro_f1(dev_y, probs.argmax(axis=1))
        print(f"epoch {epoch + 1}: dev token macro F1 {score:.3f} ({time.monotonic() - began:.0f}s)", flush=True)
        if score > best:
            best, best_params, best_epoch = score, {k: v.copy() for k, v in parameters(model).items()}, epoch + 1
        if time.monotonic() - began > minutes * 60:
            break
    assert best_params is not None
    for name, value in best_params.items():  # the kept epoch, for the constrained score below
        k, param = name[1:].split("_", 1)
        list(model.walk())[int(k)].set_param(param, value)
    constrained = macro_f1(dev_y, decode(np.concatenate(model.predict(dev_x)), dev_ranges))
    spent = time.monotonic() - began
    save(out, best_params, train_data, dict(arch=arch, hidden=hidden, depth=depth, n_in=n_in, seed=seed),
         f"dev token macro F1 {best:.3f} (epoch {best_epoch}), constrained decoding {constrained:.3f}, "
         f"{spent / 60:.1f} minutes" + (f", on {len(train_docs)} of the train articles" if articles is not None else ""))
    return {"dev_token_macro_f1": best, "constrained": constrained, "minutes": spent / 60}


def save(out: Path, params: dict[str, np.ndarray], data: dict[str, np.ndarray], settings: dict[str, object],
         result: str) -> None:
    weights = {k: v.astype("float16") for k, v in params.items()}
    np.savez_compressed(out / "weights.npz", deps=data["deps"], width=np.array(data["tensor"].shape[1]),
                        **{k: np.array(v) for k, v in settings.items() if k != "seed"}, **weights)
    lines = [f"date {datetime.date.today().isoformat()}", *(f"{k} {v}" for k, v in settings.items() if k != "n_in"),
             f"train articles {len(data['sizes'])}, examples {len(data['label_docs'])}, tokens {int(data['sizes'].sum())}",
             result, f"threads OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '')}"]
    (out / "training.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
