"""How well do our events match the PETRARCH-2 unit-test codings (CAMEO, mapped to PLOVER)?

Each ``<Sentence>`` is analysed as a one-paragraph article and its main event
(``plover.main_event``) compared with the gold codings:
- gold CAMEO codes become PLOVER categories through ``CAMEO2PLOVER-2021.txt`` (longest code
  prefix in the table; CAMEO 02x "appeal" -> REQUEST). Codes with no PLOVER category
  (01x public statements, PETRARCH's internal 9xx/3xx test codes) leave the sentence out;
- *type accuracy*: the main event's category is one of the sentence's gold categories;
- *actor/target accuracy* (over correctly typed sentences): the first three letters of our
  code equal those of the gold source/target code of a coding with that category. The
  sentences use invented actors (Arnor, Gondor ...), so codes are looked up in the test set's
  own ``PETR.Validate.actors.txt`` when ours have none, as PETRARCH itself would;
- caveat: the unit tests' codes come from PETRARCH's validation verb dictionary, which keeps
  TABARI-era codes (ARREST 212, ATTACK 223, APPEAL 095), not CAMEO; read through the CAMEO
  table they often name another category, so the unit-test type accuracy is a floor. Pass
  ``records`` to score a file coded in standard CAMEO;
- *no-event false positives*: sentences coded ``noevents="True"`` for which we report any
  event; the uncoded AFP sample (``GigaWord.sample.PETR.xml``) is reported as the share of
  sentences with an event (no gold: a rate, not an error).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path
from typing import Any

from newsgraph.evaluate.plover import analyse_sentences, is_news, main_event
from newsgraph.model import Event

UNIT_TESTS = Path("petrarch_event_coding") / "petrarch2" / "PETR.UnitTest.records.xml"
ACTOR_DICT = Path("petrarch_event_coding") / "petrarch2" / "PETR.Validate.actors.txt"
UNCODED = Path("petrarch_event_coding") / "petrarch2" / "GigaWord.sample.PETR.xml"
CAMEO2PLOVER = Path("plover_gsr") / "CAMEO2PLOVER-2021.txt"
EXTRA_CAMEO = {"02": "REQUEST"}  # appeals: requests in PLOVER, absent from the 2021 table


@functools.lru_cache(maxsize=4)
def cameo_table(path: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if m:
            table.setdefault(m.group(1), m.group(2))
    return table


def cameo_to_plover(code: str, table: dict[str, str]) -> str | None:
    digits = re.sub(r"\D", "", code)
    for n in range(len(digits), 1, -1):
        if digits[:n] in table:
            return table[digits[:n]]
    return EXTRA_CAMEO.get(digits[:2])


def read_sentences(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8", errors="replace")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    out = []
    for m in re.finditer(r"<Sentence\b([^>]*)>(.*?)</Sentence>", text, re.S):
        attrs, body = m.group(1), m.group(2)
        sid = re.search(r'id\s*=\s*"([^"]*)"', attrs)
        sentence = re.search(r"<Text>(.*?)</Text>", body, re.S)
        if not sentence:
            continue
        codings = []
        for c in re.finditer(r"<EventCoding\b([^>]*)>", body):
            fields = dict(re.findall(r'(\w+)\s*=\s*"([^"]*)"', c.group(1)))
            codings.append(fields)
        out.append({"id": sid.group(1) if sid else "", "text": " ".join(sentence.group(1).split()),
                    "codings": codings})
    return out


@functools.lru_cache(maxsize=4)
def validation_actors(path: Path) -> tuple[tuple[str, str], ...]:
    """(phrase, code) pairs from a PETRARCH actor dictionary, longest phrase first."""
    pairs: list[tuple[str, str]] = []
    text = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8", errors="replace"), flags=re.S)
    current_code = None
    pending: list[str] = []
    for raw in text.splitlines():
        line = raw.split("#")[0].strip()
        if not line:
            continue
        if line.startswith("+"):
            if current_code:
                pairs.append((line[1:].strip().replace("_", " ").lower(), current_code))
            continue
        m = re.match(r"^([^\[]*?)\s*(?:\[([^\]]*)\])?$", line)
        if not m:
            continue
        name, code = m.group(1).strip(), m.group(2)
        if name and code is None:
            pending.append(name)
            continue
        if not name and code and pending:
            name = pending.pop()
        if name and code:
            current_code = code.strip().upper()
            pairs.append((name.replace("_", " ").lower(), current_code))
    return tuple(sorted(set(pairs), key=lambda p: -len(p[0])))


def _code(actor, dictionary: tuple[tuple[str, str], ...]) -> str | None:
    if actor is None:
        return None
    name = actor.name.lower()
    for phrase, code in dictionary:
        if phrase and re.search(rf"(?<!\w){re.escape(phrase)}", name):
            return code
    return actor.code


def evaluate_petrarch(corpus_dir: Path, records: Path | None = None) -> dict[str, Any]:
    """Score the unit tests, or ``records``: any file in the same XML shape (e.g. the PETR-2
    GSR validation set, whose codes are standard CAMEO)."""
    corpus_dir = Path(corpus_dir)
    table = cameo_table(corpus_dir / CAMEO2PLOVER)
    dictionary = validation_actors(corpus_dir / ACTOR_DICT)
    sentences = read_sentences(Path(records) if records else corpus_dir / UNIT_TESTS)
    scored, noevent, skipped = [], [], 0
    for s in sentences:
        if any(c.get("noevents", "").lower() == "true" for c in s["codings"]):
            noevent.append(s)
            continue
        codings = [(cameo_to_plover(c.get("eventcode", ""), table), c) for c in s["codings"] if c.get("eventcode")]
        codings = [(t, c) for t, c in codings if t]
        if not codings:
            skipped += 1
            continue
        s["plover"] = codings
        scored.append(s)
    events = analyse_sentences([s["text"] for s in scored + noevent], [s["id"] for s in scored + noevent])
    correct = actor_ok = target_ok = n_target = emitted = 0
    confusion: dict[str, Counter[str]] = {}
    for s, evs in zip(scored, events[: len(scored)]):
        main = main_event(evs, happened_only=True)
        guess = main.type if main else "NONE"
        emitted += main is not None
        golds = [t for t, _ in s["plover"]]
        confusion.setdefault(golds[0], Counter())[guess] += 1
        if guess not in golds:
            continue
        correct += 1
        same_type = [c for t, c in s["plover"] if t == guess]
        actor_ok += any(_prefix(_code(main.actor, dictionary)) == _prefix(c.get("sourcecode")) for c in same_type)
        with_target = [c for c in same_type if c.get("targetcode") and c["targetcode"] != "---"]
        if with_target:
            n_target += 1
            target_ok += any(_prefix(_code(main.target, dictionary)) == _prefix(c["targetcode"]) for c in with_target)
    false_pos = sum(1 for evs in events[len(scored):] if _asserted(evs))
    uncoded = read_sentences(corpus_dir / UNCODED) if (corpus_dir / UNCODED).exists() else []
    uncoded_events = analyse_sentences([s["text"] for s in uncoded], [s["id"] for s in uncoded]) if uncoded else []
    return {
        "sentences": len(sentences),
        "scored": len(scored),
        "skipped_unmappable": skipped,
        "type_accuracy": correct / len(scored) if scored else 0.0,  # = recall of events that happened
        "type_precision": correct / emitted if emitted else 0.0,  # over the sentences where we coded one
        "actor_accuracy": actor_ok / correct if correct else 0.0,
        "target_accuracy": target_ok / n_target if n_target else 0.0,
        "noevent_sentences": len(noevent),
        "noevent_false_positives": false_pos,
        "uncoded_sentences": len(uncoded),
        "uncoded_with_event": sum(1 for evs in uncoded_events if _asserted(evs)),
        "confusion": {k: dict(v) for k, v in confusion.items()},
    }


def _asserted(events: tuple[Event, ...]) -> bool:
    return any(is_news(e) for e in events)


def _prefix(code: str | None) -> str:
    return (code or "").upper()[:3]


def format_petrarch(report: dict[str, Any]) -> str:
    lines = [
        f"PETRARCH-2 unit tests: {report['sentences']} sentences, {report['scored']} scored "
        f"({report['skipped_unmappable']} with no PLOVER category left out)",
        f"  event-type accuracy (recall) {report['type_accuracy']:.3f}, precision {report['type_precision']:.3f}; "
        f"over correctly typed: actor "
        f"{report['actor_accuracy']:.3f}, target {report['target_accuracy']:.3f}",
        f"  no-event sentences: {report['noevent_false_positives']}/{report['noevent_sentences']} "
        f"with an asserted event (false positives)",
        f"  uncoded AFP sample: {report['uncoded_with_event']}/{report['uncoded_sentences']} sentences with an asserted event",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(format_petrarch(evaluate_petrarch(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus"))))
