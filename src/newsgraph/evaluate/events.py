"""How well do our events match our own labelled real-news set (``eval/events``)?

Each labelled article (the whole ``.txt`` file, title line included, so offsets compare directly;
its publication date from the corpus ``metadata.tsv`` when that lists it) is parsed once and run
through the whole pipeline; its events, and a baseline read from the same run, are scored per half
(tune, check) against the gold events:

- *match*: a system event matches a gold one when their trigger spans overlap; pairs are one to
  one, greedily by the number of characters in common (then the tightest system span, then
  position). P/R/F1 on **span** count these pairs. A system ``Event`` without a trigger span is
  matched on its own span (the clause, which holds the trigger), which is lenient, and the report
  says so; the baseline's spans are cues, as tight as gold triggers. On **span+type** the matching is redone over the pairs of the same type only.
  An article with no gold events counts all its system events as false positives. The pipeline writes
  one ``Event`` per target ("met A and B": two records on one trigger); the guideline labels one event
  per trigger mention, so the records of one trigger and type count once.
- over the span matches: *type* accuracy; *actor* right when both have no actor, or the gold actor
  span overlaps a mention of the system actor (its entity's mentions, or for the baseline the
  speaker span; the word the actor was read from, ``actor_evidence``, so a labelled pronoun matches
  the system's resolved one), or the gold actor's words and the system actor's name share a content word
  (case-insensitive; lenient: two people with one surname count as one); *factuality* accuracy.
- **asserted**: P/R/F1 (span, and span+type) of the system events whose factuality is
  ``asserted`` against the gold events labelled ``asserted``.

When the system's events carry no factuality (an ``Event`` without that field), every system event
is taken as asserted, and the report says so.

Baseline (cheap, honest): every attribution of the same run whose stance is ``accuse`` becomes an
ACCUSE event and every ``deny``/``reject`` a REJECT, triggered on the attribution's cue (one event
per cue; no cue, no event), the speaker as actor, asserted. No other types.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

from newsgraph.evaluate.events_set import GoldDoc, GoldEvent, Range, load_events_set
from newsgraph.evaluate.metrics import Counts, Scores, scores
from newsgraph.model import Article, Event, replace

BASELINE_TYPES = {"accuse": "ACCUSE", "deny": "REJECT", "reject": "REJECT"}
_STOP = {"the", "a", "an", "of", "in", "and", "s", "for", "to", "on", "his", "her", "their", "its", "mr", "mrs", "ms"}
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class SystemEvent:
    """One system event reduced to what is scored: character offsets into the article text."""

    start: int
    end: int
    type: str
    factuality: str = "asserted"
    has_actor: bool = False
    actor_spans: tuple[Range, ...] = ()
    actor_name: str | None = None


@dataclass
class Tally:
    """Counts for one system on one half."""

    gold: int = 0
    system: int = 0
    span: int = 0  # span matches
    typed: int = 0  # span+type matches
    type_right: int = 0
    actor_right: int = 0
    fact_right: int = 0
    gold_asserted: int = 0
    system_asserted: int = 0
    asserted_span: int = 0
    asserted_typed: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Tally)))

    def prf(self, which: str) -> Scores:
        """P/R/F1 of ``span``, ``typed``, ``asserted_span`` or ``asserted_typed``."""
        tp = getattr(self, which)
        gold, system = (self.gold_asserted, self.system_asserted) if which.startswith("asserted") else (
            self.gold, self.system)
        return scores(Counts(tp, system - tp, gold - tp))

    def share(self, which: str) -> float:
        """``type_right``, ``actor_right`` or ``fact_right`` over the span matches."""
        return getattr(self, which) / self.span if self.span else 0.0


@dataclass
class EventsReport:
    articles: dict[str, int]  # half -> articles
    tallies: dict[str, dict[str, Tally]]  # system -> half -> tally
    factuality_from_system: bool = True
    trigger_spans: bool = True  # False: system events matched on their clause span (lenient)
    undated: int = 0  # articles without a publication date in the metadata
    problems: list[str] = field(default_factory=list)


def match(gold: Sequence[GoldEvent], system: Sequence[SystemEvent], *, same_type: bool = False
          ) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs of overlapping triggers: most characters in common
    first, then the tightest system span (of nested clauses, the one closest to the trigger)."""
    scored = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            common = min(g.end, s.end) - max(g.start, s.start)
            if common > 0 and (not same_type or g.type == s.type):
                scored.append((-common, s.end - s.start, g.start, s.start, gi, si))
    scored.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for *_, gi, si in scored:
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            pairs.append((gi, si))
    return pairs


def _content_words(text: str | None) -> set[str]:
    return {w for w in _WORD.findall((text or "").lower()) if w not in _STOP and len(w) > 1}


def actor_right(gold: GoldEvent, ours: SystemEvent, text: str) -> bool:
    if gold.actor is None:
        return not ours.has_actor
    if not ours.has_actor:
        return False
    gs, ge = gold.actor
    if any(s < ge and gs < e for s, e in ours.actor_spans):
        return True
    return bool(_content_words(text[gs:ge]) & _content_words(ours.actor_name))


def score_article(gold: Sequence[GoldEvent], system: Sequence[SystemEvent], text: str) -> Tally:
    """The counts of one article (its gold events and one system's events)."""
    t = Tally(gold=len(gold), system=len(system))
    pairs = match(gold, system)
    t.span = len(pairs)
    t.typed = len(match(gold, system, same_type=True))
    for gi, si in pairs:
        g, s = gold[gi], system[si]
        t.type_right += g.type == s.type
        t.actor_right += actor_right(g, s, text)
        t.fact_right += g.factuality == s.factuality
    gold_a = [g for g in gold if g.factuality == "asserted"]
    system_a = [s for s in system if s.factuality == "asserted"]
    t.gold_asserted, t.system_asserted = len(gold_a), len(system_a)
    t.asserted_span = len(match(gold_a, system_a))
    t.asserted_typed = len(match(gold_a, system_a, same_type=True))
    return t


def has_field(name: str) -> bool:
    return any(f.name == name for f in fields(Event))


def _factuality(event: Event) -> str:
    happened = getattr(event, "happened", None)  # the old negated/hypothetical flags read into it
    if callable(happened):
        return str(happened())
    return str(getattr(event, "factuality", "asserted"))


def trigger_span(event: Event) -> Range | None:
    """The event's trigger offsets, when the record has them (a ``trigger`` span); else None."""
    trigger = getattr(event, "trigger", None)
    start, end = getattr(trigger, "start", None), getattr(trigger, "end", None)
    return (start, end) if isinstance(start, int) and isinstance(end, int) else None


def system_events(article: Article) -> list[SystemEvent]:
    """The article's events as scored items: on the trigger when the record has one, else on the
    event's own span (its clause, which holds the trigger)."""
    mentions = {e.id: tuple((m.start, m.end) for m in e.mentions) for e in article.entities}
    out = []
    seen: set[tuple[int, int, str]] = set()
    for e in article.events:
        actor = e.actor
        spans = mentions.get(actor.entity_id, ()) if actor is not None and actor.entity_id else ()
        evidence = getattr(e, "actor_evidence", None)  # the word it was read from: "he" resolved to Kerrow
        if actor is not None and evidence is not None:
            spans = (*spans, (evidence.start, evidence.end))
        start, end = trigger_span(e) or (e.start, e.end)
        if (start, end, e.type) in seen:  # one record per target ("met A and B"): one labelled mention
            continue
        seen.add((start, end, e.type))
        out.append(SystemEvent(start, end, e.type, _factuality(e), actor is not None, spans,
                               actor.name if actor is not None else None))
    return out


def baseline_events(article: Article) -> list[SystemEvent]:
    """Accusations as ACCUSE, denials and rejections as REJECT, on the cue (see module doc)."""
    out: dict[Range, SystemEvent] = {}
    for a in article.attributions:
        kind = BASELINE_TYPES.get(a.stance)
        if kind is None or a.cue is None or (a.cue.start, a.cue.end) in out:
            continue
        sp = a.speaker
        spans = ((sp.start, sp.end),) if sp is not None and sp.start is not None and sp.end is not None else ()
        name = (sp.resolved or sp.text) if sp is not None else None
        out[(a.cue.start, a.cue.end)] = SystemEvent(a.cue.start, a.cue.end, kind, "asserted", bool(spans or name),
                                                    spans, name)
    return list(out.values())


def published_dates(metadata: Path) -> dict[str, str]:
    """File stem -> publication date, from the corpus ``metadata.tsv`` (empty if there is none)."""
    if not metadata.is_file():
        return {}
    with metadata.open(encoding="utf-8", newline="") as fh:
        return {row["filename"]: row["publication_date"] for row in csv.DictReader(fh, delimiter="\t")
                if row.get("filename") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", row.get("publication_date") or "")}


SYSTEMS = ("newsgraph", "baseline")


def evaluate_events(set_dir: Path, corpus: Path) -> EventsReport:
    """Score the pipeline and the baseline on the labelled set; ``corpus`` is the PolNeAR split
    folder holding ``text/`` (its ``metadata.tsv`` is looked for beside it and in it)."""
    from newsgraph.evaluate.polnear import article_from_file
    from newsgraph.pipeline import Options, extract

    corpus = Path(corpus)
    docs = load_events_set(set_dir, corpus / "text")
    dates = published_dates(corpus.parent / "metadata.tsv") or published_dates(corpus / "metadata.tsv")
    articles = []
    for doc in docs:
        article = article_from_file(corpus / "text" / doc.text)
        articles.append(replace(article, published=dates.get(Path(doc.text).stem)))
    results = extract(articles, Options())
    report = EventsReport(_halves(docs), {s: {"tune": Tally(), "check": Tally()} for s in SYSTEMS},
                          has_field("factuality"), has_field("trigger"), sum(a.published is None for a in articles),
                          [str(p) for p in results[len(docs):]])  # warnings after the batch (time budget)
    for doc, article, result in zip(docs, articles, results):
        if not isinstance(result, Article):  # the article failed: scored as no output
            report.problems.append(str(result))
            result = article
        for name, events in (("newsgraph", system_events(result)), ("baseline", baseline_events(result))):
            tally = report.tallies[name][doc.half]
            report.tallies[name][doc.half] = tally + score_article(doc.events, events, result.text)
    return report


def _f(s: Scores) -> str:
    return f"{s.precision:.3f} {s.recall:.3f} {s.f1:.3f}"


def format_events(report: EventsReport) -> str:
    halves = ("tune", "check")
    lines = [f"Events, own real-news set: {report.articles['tune']} tune / {report.articles['check']} check "
             f"articles; {report.undated} without a publication date"]
    if not report.factuality_from_system:
        lines.append("  NOTE: system events carry no factuality yet: every system event is taken as asserted")
    if not report.trigger_spans:
        lines.append("  NOTE: system events carry no trigger span: matched on their clause span, which holds the "
                     "trigger (lenient: a clause overlaps every gold trigger in it)")
    for name in SYSTEMS:
        t = report.tallies[name]
        lines.append(f"{name:<22}" + "".join(f"{h + ' (gold ' + str(t[h].gold) + ', sys ' + str(t[h].system) + ')':>26}"
                                             for h in halves))
        lines.append(f"  {'':<20}" + "".join(f"{'P     R     F1':>26}" for _ in halves))
        for label, which in (("span", "span"), ("span+type", "typed"), ("asserted span", "asserted_span"),
                             ("asserted span+type", "asserted_typed")):
            lines.append(f"  {label:<20}" + "".join(f"{_f(t[h].prf(which)):>26}" for h in halves))
        lines.append(f"  {'on span matches':<20}" + "".join(f"{'n ' + str(t[h].span):>26}" for h in halves))
        for label, which in (("type", "type_right"), ("actor", "actor_right"), ("factuality", "fact_right")):
            lines.append(f"  {'  ' + label:<20}" + "".join(f"{t[h].share(which):>26.3f}" for h in halves))
    lines.append("match: trigger spans overlap, one-to-one by most characters in common (span+type: same type only)")
    lines.append("actor: span overlap or a shared content word (or both none); asserted: system asserted vs gold asserted")
    lines.append("baseline: the same run's accuse / deny+reject attributions as ACCUSE / REJECT events on the cue, asserted")
    lines.extend(f"  problem: {p}" for p in report.problems)
    return "\n".join(lines)


def _halves(docs: Sequence[GoldDoc]) -> dict[str, int]:
    return {h: sum(d.half == h for d in docs) for h in ("tune", "check")}
