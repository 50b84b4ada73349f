"""Choose the articles of a new round of the events set (eval/events/README.md), before labelling.

``python scripts/events_select.py CORPUS PER_HALF [LABELLERS [HALVES]]`` (round 2: ``… 8 GH``; round 3,
tune only so the check half stays frozen: ``… 20 STUV tune``).

The round-1 rule continued: PolNeAR train texts of 1,500-6,000 characters in descending sha256 order
of the file name, skipping articles already in the events set or the stance set (every round, also a
stance round selected but not yet merged). The half is the fixed rule (first hex of sha1(text name)
even -> tune). The first PER_HALF of each half are dealt to the labellers in turn; the next article of
each half, and one more tune article, are labelled by two of them (inter-annotator agreement; with
two labellers round 2 wrote "both"). Prints JSON lines {"text","half","chars","who"}.
"""
import hashlib
import json
import sys
from pathlib import Path

texts = Path(sys.argv[1]) / "train" / "text"
per_half = int(sys.argv[2]) if len(sys.argv) > 2 else 8
taken = {json.loads(line)["text"] for line in open("eval/events/events-docs.jsonl")}
taken |= {json.loads(line)["text"] for line in open("eval/stance/labels.jsonl")}
for chosen in Path("eval/stance").glob("round*/articles.jsonl"):
    taken |= {json.loads(line)["text"] for line in open(chosen)}
who = sys.argv[3] if len(sys.argv) > 3 else "GH"
halves = sys.argv[4].split(",") if len(sys.argv) > 4 else ["tune", "check"]
pool = []
for path in texts.glob("*.txt"):
    size = len(path.read_text(encoding="utf-8"))
    if path.name in taken or not 1500 <= size <= 6000:
        continue
    half = "tune" if int(hashlib.sha1(path.name.encode()).hexdigest()[0], 16) % 2 == 0 else "check"
    pool.append((hashlib.sha256(path.name.encode()).hexdigest(), path.name, half, size))
pool.sort(reverse=True)
out = []
pair = 0
for half, shared in (("tune", 2), ("check", 1)):
    if half not in halves:
        continue
    mine = [p for p in pool if p[2] == half]
    for i, (_, name, _, size) in enumerate(mine[:per_half + shared]):
        if i < per_half:
            by = who[i % len(who)]
        else:
            by = "both" if len(who) == 2 else who[pair % len(who)] + who[(pair + 1) % len(who)]
            pair += 1
        out.append({"text": name, "half": half, "chars": size, "who": by})
for row in out:
    print(json.dumps(row))
