"""Stance on gold spans, TUNE half only: scores and the countering confusions, for rule development.

    PYTHONPATH=src python scripts/stance_tune_probe.py ../shared/corpus/polnear/train [--dump] [--all]

Only tune-half items are read (the check half is filtered out before anything is parsed or printed).
The parses are cached in /tmp (a DocBin keyed on the tune article names), so a rule change re-scores in
seconds. ``--dump`` prints, grouped by (gold -> ours), every item whose gold or predicted stance is
countering (deny, reject, accuse, verify, no_comment), with its cue, content and the rule signals;
``--all`` prints every miss. The rules alone are scored (the learned model, on by default, is switched off
here: its tune-half figures are in-sample).
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

from spacy.tokens import DocBin

from newsgraph.evaluate.stance_labels import check_labels, load_set, other_claims
from newsgraph.extract.attribution.lexicon import lexicon
from newsgraph.extract.attribution.stance_learned import use
from newsgraph.extract.attribution.stance_read import (
    _cue_facts, cue_head, negated_content, signals, stance_for_spans,
)
from newsgraph.model import STANCES
from newsgraph.nlp import get_nlp

COUNTERING = ("deny", "reject", "accuse", "verify", "no_comment")
CACHE = Path("/tmp/stance2_tune_docs.spacy")


def tune_docs(corpus: Path):
    labels, _, _ = load_set(Path("eval/stance"))
    labels, _ = check_labels(labels, corpus)
    labels = [lab for lab in labels if lab.half == "tune"]  # never the check half
    by_article = defaultdict(list)
    for lab in labels:
        by_article[lab.text].append(lab)
    names = sorted(by_article)
    nlp = get_nlp()
    if CACHE.is_file() and CACHE.with_suffix(".names").read_text() == "\n".join(names):
        docs = list(DocBin().from_disk(CACHE).get_docs(nlp.vocab))
    else:
        from newsgraph.evaluate.polnear import article_from_file

        texts = [article_from_file(corpus / "text" / n).text for n in names]
        docs = list(nlp.pipe(texts))
        DocBin(docs=docs).to_disk(CACHE)
        CACHE.with_suffix(".names").write_text("\n".join(names))
    return names, docs, by_article


def main() -> None:
    corpus = Path(sys.argv[1])
    dump, every = "--dump" in sys.argv, "--all" in sys.argv
    names, docs, by_article = tune_docs(corpus)
    lex = lexicon()
    pairs, groups = [], defaultdict(list)
    for name, doc in zip(names, docs):
        text = doc.text
        mine = sorted(by_article[name], key=lambda x: x.content)
        for lab in mine:
            claims = other_claims(text, lab, mine)
            got = stance_for_spans(doc, lab.cue, lab.content, claims=claims)
            pairs.append((lab.stance, got))
            if (dump and (lab.stance in COUNTERING or got in COUNTERING) and (lab.stance != got or every)) or (
                    every and lab.stance != got):
                tok = cue_head(doc, lab.cue, lex, lab.content)
                verb, negated, noc = _cue_facts(tok, lex)
                sig = signals(doc, tok, lab.content, lex)
                flags = [k for k in ("agent_wrong", "charge", "claim_target", "number", "impersonal", "charged",
                                     "target_decision") if getattr(sig, k)]
                groups[(lab.stance, got)].append(
                    f"  {name} {lab.relation}\n    cue: {text[slice(*lab.cue)] if lab.cue else '-'!r} "
                    f"head={tok.lemma_ if tok is not None else None} verb={verb.stance if verb else None} "
                    f"neg={negated} noc={noc} cneg={negated_content(doc, lab.content)} "
                    f"phr={sig.phrasal} tgt={sig.target!r} comp={sorted(sig.complement)} {' '.join(flags)}\n"
                    f"    content: {' '.join(text[slice(*lab.content)].split())[:400]!r}\n"
                    f"    sent: {' '.join(doc.char_span(*lab.content, alignment_mode='expand').sent.text.split())[:400] if doc.char_span(*lab.content, alignment_mode='expand') else ''!r}")
    n = len(pairs)
    acc = sum(g == s for g, s in pairs) / n
    f1s = []
    line = []
    for st in STANCES:
        gold = sum(g == st for g, _ in pairs)
        if not gold:
            continue
        pred = sum(s == st for _, s in pairs)
        tp = sum(g == s == st for g, s in pairs)
        p, r = (tp / pred if pred else 0.0), tp / gold
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
        line.append(f"{st} P {p:.2f} R {r:.2f} ({tp}/{gold}, pred {pred})")
    print(f"TUNE gold spans n={n} acc {acc:.3f} macroF1 {sum(f1s) / len(f1s):.3f}")
    print("\n".join(line))
    for (g, s), rows in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"\n== gold {g} -> ours {s}: {len(rows)}")
        print("\n".join(rows))
    conf = Counter((g, s) for g, s in pairs if g != s)
    print("\nconfusions:", ", ".join(f"{g}->{s} {c}" for (g, s), c in conf.most_common()))


if __name__ == "__main__":
    with use(None):
        main()
