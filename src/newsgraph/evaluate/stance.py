"""How well do we read the stance of real attributions? Our labelled PolNeAR-train set, tune and check halves.

Three systems, scored in one run over the same spaCy parses (``eval/stance/README.md`` says how the set
was made):
- ``pipeline``: the article goes through attribution extraction; each labelled (gold) attribution takes the
  stance of the system attribution that matches it -- the best content token F1 of at least 0.5 (as
  ``newsgraph eval polnear`` matches), else an overlapping cue; no match scores as ``(missed)``, a wrong
  answer.
- ``gold spans``: the stance function read on the gold cue and content spans directly
  (``extract.attribution.stance_read.stance_for_spans``), so extraction misses do not count.
- ``cue lexicon``: the baseline -- the cue verb's stance in ``attribution/cues.yaml`` (its ``negated``
  stance when the cue is negated), ``assert`` when the cue has no entry or there is no cue.

Each is scored on each half: accuracy, macro-F1 over the seven stances that occur in the half's gold,
and precision/recall per stance.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.evaluate.metrics import label_scores
from newsgraph.evaluate.stance_labels import Label, agreement, check_labels, load_set, other_claims, set_checksum
from newsgraph.model import STANCES

SYSTEMS = ("pipeline", "gold spans", "cue lexicon")
HALVES = ("tune", "check")
MISSED = "(missed)"


@dataclass
class Tally:
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (gold, system)

    @property
    def n(self) -> int:
        return len(self.pairs)

    @property
    def accuracy(self) -> float:
        return sum(g == s for g, s in self.pairs) / self.n if self.n else 0.0

    def per_stance(self, stance: str) -> tuple[float, float, float, int]:
        return label_scores([g for g, _ in self.pairs], [s for _, s in self.pairs], stance)

    @property
    def macro_f1(self) -> float:
        present = [s for s in STANCES if any(g == s for g, _ in self.pairs)]
        return sum(self.per_stance(s)[2] for s in present) / len(present) if present else 0.0


@dataclass
class StanceReport:
    items: int
    articles: int
    checksum: str
    tallies: dict[tuple[str, str], Tally]
    problems: list[str]
    doubles: tuple[int, int] = (0, 0)
    errors: list[tuple[Label, str, str]] = field(default_factory=list)  # (label, system, stance) for --errors


def _match(label: Label, found: list, text: str) -> str:  # type: ignore[type-arg]
    from newsgraph.evaluate.polnear import WORD, token_f1, word_starts

    index = [m.start() for m in WORD.finditer(text)]
    gold_words = word_starts(text, (label.content,), index)
    best, best_f = None, 0.5
    for a in found:
        f = token_f1(gold_words, word_starts(text, ((a.content.start, a.content.end),), index))
        if f >= best_f:
            best, best_f = a, f
    if best is None and label.cue:
        cs, ce = label.cue
        best = next((a for a in found if a.cue and a.cue.start < ce and cs < a.cue.end), None)
    return best.stance if best is not None else MISSED


def evaluate_stance(folder: Path, corpus: Path, limit: int | None = None) -> StanceReport:
    from newsgraph.evaluate.polnear import article_from_file
    from newsgraph.extract.attribution import extract_attributions
    from newsgraph.extract.attribution.stance_read import cue_only_stance, stance_for_spans
    from newsgraph.nlp import get_nlp

    labels, second, problems = load_set(Path(folder))
    labels, bad = check_labels(labels, Path(corpus))
    problems += bad
    by_article: dict[str, list[Label]] = defaultdict(list)
    for lab in labels:
        by_article[lab.text].append(lab)
    names = sorted(by_article)[:limit]
    articles = [article_from_file(Path(corpus) / "text" / name) for name in names]
    tallies = {(s, h): Tally() for s in SYSTEMS for h in HALVES}
    errors = []
    for name, article, doc in zip(names, articles, get_nlp().pipe(a.text for a in articles)):
        found = list(extract_attributions(article, doc))
        mine = sorted(by_article[name], key=lambda x: x.content)
        for lab in mine:
            claims = other_claims(article.text, lab, mine)
            answers = {
                "pipeline": _match(lab, found, article.text),
                "gold spans": stance_for_spans(doc, lab.cue, lab.content, claims=claims),
                "cue lexicon": cue_only_stance(doc, lab.cue),
            }
            for system, stance in answers.items():
                tallies[(system, lab.half)].pairs.append((lab.stance, stance))
                if stance != lab.stance:
                    errors.append((lab, system, stance))
    scored = [lab for name in names for lab in by_article[name]]
    return StanceReport(len(scored), len(names), set_checksum(scored), tallies, problems,
                        agreement(labels, second), errors)


def format_report(report: StanceReport, show_errors: str | None = None) -> str:
    lines = [f"Stance: {report.items} labelled attributions in {report.articles} articles (set {report.checksum})"]
    counts = {h: Counter(g for g, _ in report.tallies[("cue lexicon", h)].pairs) for h in HALVES}
    lines.append("gold   " + "  ".join(f"{h}: " + ", ".join(f"{s} {counts[h][s]}" for s in STANCES if counts[h][s])
                                     for h in HALVES))
    if report.doubles[0]:
        n, same = report.doubles
        lines.append(f"labelled twice: {n}, the two labels agree on {same} ({same / n:.3f})")
    lines.append(f"{'system':12} {'':5} " + " | ".join(f"{h + ' acc':>9} {'macroF1':>7}" for h in HALVES))
    for system in SYSTEMS:
        row = [f"{report.tallies[(system, h)].accuracy:9.3f} {report.tallies[(system, h)].macro_f1:7.3f}" for h in HALVES]
        lines.append(f"{system:12} {'':5} " + " | ".join(row))
    found = {h: Tally([p for p in report.tallies[("pipeline", h)].pairs if p[1] != MISSED]) for h in HALVES}
    lines.append("pipeline, matched only: " + " | ".join(
        f"{h} {found[h].n}/{report.tallies[('pipeline', h)].n} found, acc {found[h].accuracy:.3f} "
        f"macroF1 {found[h].macro_f1:.3f}" for h in HALVES))
    lines.append("per stance P/R (n = gold items)      " + "   ".join(f"{h:^27}" for h in HALVES))
    for stance in STANCES:
        for system in SYSTEMS:
            cells = []
            for h in HALVES:
                p, r, _, n = report.tallies[(system, h)].per_stance(stance)
                cells.append(f"P {p:5.3f} R {r:5.3f} n {n:3d}")
            lines.append(f"  {stance:11} {system:12}  " + "   ".join(f"{c:27}" for c in cells))
    for problem in report.problems[:20]:
        lines.append(f"skipped: {problem}")
    if len(report.problems) > 20:
        lines.append(f"skipped: ... {len(report.problems) - 20} more")
    if show_errors:
        system, _, half = show_errors.partition(":")
        for lab, sys_name, stance in report.errors:
            if sys_name == system and (not half or lab.half == half):
                lines.append(f"  {lab.half} {lab.text} {lab.relation} gold {lab.stance} got {stance}")
    return "\n".join(lines)
