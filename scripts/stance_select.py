"""Choose the articles of a new round of the stance set (eval/stance/README.md), before labelling.

``python scripts/stance_select.py CORPUS TUNE CHECK LABELLERS`` (round 3: ``… 170 170 EF``; round 4:
``… 660 220 JKLM``; round 5, tune only so the check half stays as frozen: ``… 1000 0 NPQR``). Pool: PolNeAR train articles not yet labelled, 5-40 relations in the first annotator's file
(name order). Rank: share of relations whose gold cue or content holds a pushback word (the round-2
list below), ties by sha256 of the file name. Halves by the fixed rule (first hex of sha1(text name)
even -> tune). Take the top articles of each half until the half holds ~TUNE / ~CHECK relations; deal
them to the labellers in turn; the next articles (two tune, one check) are each labelled by two of them
(``who`` holds both letters; round 3 wrote "both" for EF); with CHECK 0, no check article at all.
Prints JSON lines: {"text","ann","half","relations","share","who"}.
"""
import hashlib, json, re, sys
from pathlib import Path

PUSH = re.compile(r"\b(den(y|ie[sd]|ial)|refus|reject|confirm|accus|false|never|dismiss|disput|"
                  r"condemn|criticiz|criticis|blam|slam|lie[sd]?\b|wrong|no comment|declin|admit|"
                  r"acknowledg|verif|insist|rebut|refut|deplor|attack)", re.I)
root = Path(sys.argv[1]) / "train"
budget = {"tune": int(sys.argv[2]), "check": int(sys.argv[3])}
who = sys.argv[4]
done = {json.loads(l)["text"] for l in open("eval/stance/labels.jsonl")}
rows = []
for text in sorted((root / "text").glob("*.txt")):
    if text.name in done:
        continue
    anns = sorted((root / "attributions").glob(text.stem + "_*.ann"))
    if not anns:
        continue
    body = text.read_text(encoding="utf-8")
    spans = {}
    rels = []
    for line in anns[0].read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if parts[0].startswith("T") and len(parts) >= 2:
            kind, *rng = parts[1].replace(";", " ").split()
            nums = list(map(int, rng))
            spans[parts[0]] = (kind, nums[0], nums[-1])
        elif parts[0].startswith("E") and len(parts) >= 2:
            rels.append([a.split(":")[1] for a in parts[1].split()[1:]])
    if not 5 <= len(rels) <= 40:
        continue
    hits = 0
    for args in rels:
        words = " ".join(body[spans[a][1]:spans[a][2]] for a in args
                         if a in spans and spans[a][0] in ("Cue", "Content"))
        hits += bool(PUSH.search(words))
    half = "tune" if int(hashlib.sha1(text.name.encode()).hexdigest()[0], 16) % 2 == 0 else "check"
    rows.append(dict(text=text.name, ann=anns[0].name, half=half, relations=len(rels),
                     share=round(hits / len(rels), 3), key=hashlib.sha256(text.name.encode()).hexdigest()))
rows.sort(key=lambda r: (-r["share"], r["key"]))
chosen = []
for half in ("tune", "check"):
    total, turn = 0, 0
    for r in (r for r in rows if r["half"] == half):
        if total >= budget[half]:
            break
        r["who"] = who[turn % len(who)]; turn += 1
        chosen.append(r); total += r["relations"]
# double-labelled: the next article of each half after the chosen ones, plus one more tune
extra = [r for r in rows if "who" not in r]
pair = 0
for half, k in (("tune", 2), ("check", 1 if budget["check"] else 0)):
    for r in [r for r in extra if r["half"] == half][:k]:
        r["who"] = who[pair % len(who)] + who[(pair + 1) % len(who)]
        pair += 1
        chosen.append(r)
for r in chosen:
    r.pop("key")
    print(json.dumps(r))
