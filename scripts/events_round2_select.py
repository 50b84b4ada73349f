"""Choose the articles of round 2 of the events set (eval/events/README.md), before labelling.

The round-1 rule continued: PolNeAR train texts of 1,500-6,000 characters in descending sha256 order
of the file name, skipping articles already in the events set or the stance set (every round). The
half is the fixed rule (first hex of sha1(text name) even -> tune). The first N of each half are
dealt to labellers G and H in turn; the next article of each half, and one more tune article, are
labelled by both (inter-annotator agreement). Prints JSON lines {"text","half","chars","who"}.
"""
import hashlib
import json
import sys
from pathlib import Path

texts = Path(sys.argv[1]) / "train" / "text"
per_half = int(sys.argv[2]) if len(sys.argv) > 2 else 8
taken = {json.loads(line)["text"] for line in open("eval/events/events-docs.jsonl")}
taken |= {json.loads(line)["text"] for line in open("eval/stance/labels.jsonl")}
pool = []
for path in texts.glob("*.txt"):
    size = len(path.read_text(encoding="utf-8"))
    if path.name in taken or not 1500 <= size <= 6000:
        continue
    half = "tune" if int(hashlib.sha1(path.name.encode()).hexdigest()[0], 16) % 2 == 0 else "check"
    pool.append((hashlib.sha256(path.name.encode()).hexdigest(), path.name, half, size))
pool.sort(reverse=True)
out = []
for half, shared in (("tune", 2), ("check", 1)):
    mine = [p for p in pool if p[2] == half]
    for i, (_, name, _, size) in enumerate(mine[:per_half + shared]):
        who = "GH"[i % 2] if i < per_half else "both"
        out.append({"text": name, "half": half, "chars": size, "who": who})
for row in out:
    print(json.dumps(row))
