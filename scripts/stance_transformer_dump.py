"""Step 1 of the fine-tuned-transformer stance experiment (issue 11; ``models/stance/CARD.md``): the inputs.

    PYTHONPATH=src python scripts/stance_transformer_dump.py ../shared/corpus/polnear/train OUT.jsonl [--half tune|check]

Runs in the project's own venv (spaCy). For each labelled attribution of one half of ``eval/stance``
(default: tune; the check half only for the single final look) writes one JSON line: article, gold stance,
the rules' stance on the gold spans (``stance_for_spans``, learned model off: the figure ``newsgraph eval
stance`` prints for "gold spans"), the cue-lexicon baseline, and the text a transformer reads -- the
sentences that hold the source, cue and content with the three spans marked (``[S …]``, ``[C …]``,
``[T …]``) -- plus the cue and source text alone. OUT holds article text: write it outside the repository
(e.g. /tmp); it is never committed. ``scripts/stance_transformer_train.py`` (torch venv) reads it.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from newsgraph.evaluate.stance_labels import check_labels, load_set, other_claims
from newsgraph.extract.attribution.stance_learned import use
from newsgraph.extract.attribution.stance_read import cue_only_stance, stance_for_spans
from newsgraph.training.stance import parsed

MARKS = (("source", "[S ", " ]"), ("cue", "[C ", " ]"), ("content", "[T ", " ]"))


def window(doc, spans: dict) -> str:  # type: ignore[no-untyped-def]
    """The sentences covering every span, with each span bracketed by its mark."""
    present = [s for s in spans.values() if s]
    lo, hi = min(a for a, _ in present), max(b for _, b in present)
    sents = [s for s in doc.sents if s.start_char < hi and lo < s.end_char]
    start = min([lo] + [s.start_char for s in sents])
    end = max([hi] + [s.end_char for s in sents])
    inserts = []
    for name, left, right in MARKS:
        if spans.get(name):
            a, b = spans[name]
            inserts += [(a, 1, left), (b, 0, right)]
    text, out, at = doc.text, [], start
    for pos, _, mark in sorted(inserts):
        out += [text[at:pos], mark]
        at = pos
    out.append(text[at:end])
    return " ".join("".join(out).split())


def main(argv: list[str]) -> int:
    corpus, out = Path(argv[0]), Path(argv[1])
    half = argv[argv.index("--half") + 1] if "--half" in argv else "tune"
    labels, _, _ = load_set(Path("eval/stance"))
    labels, bad = check_labels([lab for lab in labels if lab.half == half], corpus)
    by = defaultdict(list)
    for lab in labels:
        by[lab.text].append(lab)
    names = sorted(by)
    docs, spent = parsed(corpus, names, Path("/tmp/xstance"))
    n = 0
    with out.open("w", encoding="utf-8") as fh, use(None):
        for name, doc in zip(names, docs):
            mine = sorted(by[name], key=lambda x: x.content)
            for lab in mine:
                rule = stance_for_spans(doc, lab.cue, lab.content, claims=other_claims(doc.text, lab, mine))
                spans = dict(source=lab.source, cue=lab.cue, content=lab.content)
                fh.write(json.dumps(dict(
                    article=name, relation=lab.relation, half=lab.half, gold=lab.stance, rule=rule,
                    cue_lex=cue_only_stance(doc, lab.cue),
                    cue=doc.text[slice(*lab.cue)] if lab.cue else "",
                    source=doc.text[slice(*lab.source)] if lab.source else "",
                    window=window(doc, spans)), ensure_ascii=False) + "\n")
                n += 1
    print(f"{n} items, {len(names)} articles, half {half}, parse {spent:.1f} s CPU, {len(bad)} skipped -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
