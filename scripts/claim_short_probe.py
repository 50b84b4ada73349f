"""The claim check's short-text rule (``check.short_stance``) on FNC-1 EVEN pairs only, for rule development.

    PYTHONPATH=src python scripts/claim_short_probe.py ../shared/corpus/fnc1_competition_test

Headlines (Emergent) are read by ``short_stance``, not by the model; FNC-1 bodies are long. As a
stand-in for a headline each related even pair is read against the first two sentences of its body
(the lead states the story's take on it), and the rule's accuracy and macro-F1 over agree / disagree /
discuss are printed beside all-discuss. Odd Body IDs are never read; Emergent is held out (score it
with ``newsgraph eval emergent`` once a rule is settled). The analysed leads are cached in /tmp.

Measured 2026-12-01 (eval/stance/README.md): the shipped rule scores macro-F1 0.415 here; dropping its
negation and supporting-word tests scored 0.488 here but Emergent accuracy 0.716 -> 0.679 (looked at once),
so a body's lead is a poor stand-in for a headline and that change was not shipped.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from newsgraph.evaluate.stancesets import Scored, analyse_texts, read_fnc1
from newsgraph.link.claimcheck import prepare_all
from newsgraph.link.claimcheck.check import short_stance
from newsgraph.link.claimcheck.features import read_pair, sentence_spans

CACHE = Path("/tmp/claim_short_probe_leads.pkl")
LEAD = 2  # sentences


def main() -> None:
    pairs, bodies = read_fnc1(Path(sys.argv[1]), "even")
    pairs = [p for p in pairs if p.gold != "unrelated" and int(p.text_id) % 2 == 0]
    if CACHE.is_file():
        articles = pickle.loads(CACHE.read_bytes())
    else:
        texts = {}
        for i in {p.text_id for p in pairs}:
            spans = sentence_spans(bodies[i])[:LEAD] or [(0, len(bodies[i]))]
            texts[i] = bodies[i][spans[0][0]:spans[-1][1]]
        articles = analyse_texts(texts)
        CACHE.write_bytes(pickle.dumps(articles))
    idf, prepared = prepare_all({p.claim for p in pairs}, articles)
    ours, discuss = Scored(("agree", "disagree", "discuss")), Scored(("agree", "disagree", "discuss"))
    for p in pairs:
        ours.add(p.gold, short_stance(read_pair(p.claim, prepared[p.text_id], idf)))
        discuss.add(p.gold, "discuss")
    for name, s in (("short_stance", ours), ("all discuss", discuss)):
        cells = " ".join(f"{k} F1 {v[2]:.3f}" for k, v in s.per_class().items())
        print(f"{name:13} {len(pairs)} even pairs  acc {s.accuracy():.3f}  macro-F1 {s.macro_f1():.3f}  {cells}")


if __name__ == "__main__":
    main()
