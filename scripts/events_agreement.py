"""Agreement of two labellers on the events set: ``python scripts/events_agreement.py SET CORPUS_TEXT``.

SET holds ``events.jsonl`` / ``events-docs.jsonl`` (the first labels) and ``double.jsonl`` (second
labels of some articles, blind to the first, same record format). For each article in double.jsonl,
triggers are matched one to one by character overlap (``evaluate.events.match``, the scorer's own
rule); printed: events per labeller, matched triggers, trigger P/R/F1 (second vs first), and on the
matches type, factuality, identical actor and identical target shares.
"""
import json
import sys
from collections import defaultdict
from pathlib import Path

from newsgraph.evaluate.events import match
from newsgraph.evaluate.events_set import GoldEvent, load_events_set

set_dir, texts = Path(sys.argv[1]), Path(sys.argv[2])
first = {doc.text: doc.events for doc in load_events_set(set_dir, texts)}
second: dict[str, list[GoldEvent]] = defaultdict(list)
for n, line in enumerate((set_dir / "double.jsonl").read_text(encoding="utf-8").splitlines(), 1):
    row = json.loads(line)
    actor, target = (tuple(row[k]) if row[k] else None for k in ("actor", "target"))
    second[row["text"]].append(GoldEvent(row["text"], row["start"], row["end"], row["type"], actor, target,
                                         row["factuality"], row["half"], n))
a = b = matched = same_type = same_fact = same_actor = same_target = 0
for name, theirs in second.items():
    ours = first[name]
    pairs = match(ours, theirs)
    a, b, matched = a + len(ours), b + len(theirs), matched + len(pairs)
    for gi, si in pairs:
        g, s = ours[gi], theirs[si]
        same_type += g.type == s.type
        same_fact += g.factuality == s.factuality
        same_actor += g.actor == s.actor
        same_target += g.target == s.target
p, r = matched / b if b else 0.0, matched / a if a else 0.0
print(f"articles {len(second)}; events first / second {a} / {b}; matched triggers {matched}")
print(f"trigger agreement P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r) if p + r else 0.0:.3f}")
for what, n in (("type", same_type), ("factuality", same_fact), ("actor span identical", same_actor),
                ("target span identical", same_target)):
    print(f"{what} on matched triggers {n}/{matched} = {n / matched if matched else 0.0:.2f}")
