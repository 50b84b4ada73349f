"""Claim stance on FNC-1 (headline vs article body) and Emergent (claim vs article headline).

FNC-1's ``competition_test_stances.csv`` (Headline, Body ID, Stance) and ``competition_test_bodies.csv``
(Body ID, articleBody); ``--parity even`` keeps the pairs with an even Body ID (the half the claim model
is tuned on), ``odd`` the held-out half. Emergent's test split comes as two CSVs (rows the author's
model got right and wrong: read both) with ``claimHeadline``, ``articleHeadline`` and the gold ``y``
(for / against / observing; ``y_hat`` is ignored). Each body or headline is analysed once.

Scores: accuracy, per-class precision / recall / F1, macro-F1 and (FNC-1, for reference) the
official weighted score; beside them, in the same run, a word-overlap baseline: the share of the
claim's keywords in the text decides related or not, and every related pair is called "discuss"
(Emergent: "observing").
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.evaluate.metrics import label_scores
from newsgraph.link.claimcheck import judge, prepare_all
from newsgraph.link.claimcheck.classify import LABELS
from newsgraph.model import Article
from newsgraph.words import keywords, shared_words

FNC_STANCES = "competition_test_stances.csv"
FNC_BODIES = "competition_test_bodies.csv"
EMERGENT_LABELS = ("for", "against", "observing")
FROM_FNC = {"agree": "for", "disagree": "against", "discuss": "observing", "unrelated": "observing"}
BASELINE_COVER = 0.3  # the baseline's related threshold: share of claim keywords in the body (even half)
PARITIES = ("even", "odd", "all")


class StanceSetError(ValueError):
    """A stance set that cannot be read: one line naming the file and the problem."""


@dataclass(frozen=True)
class Pair:
    id: str
    claim: str
    text_id: str  # pairs sharing a text share its analysis
    gold: str


@dataclass
class Scored:
    labels: tuple[str, ...]
    gold: list[str] = field(default_factory=list)
    predicted: list[str] = field(default_factory=list)

    def add(self, gold: str, predicted: str) -> None:
        self.gold.append(gold)
        self.predicted.append(predicted)

    def per_class(self) -> dict[str, tuple[float, float, float, int]]:
        """label -> (precision, recall, F1, gold count)."""
        return {label: label_scores(self.gold, self.predicted, label) for label in self.labels}

    def macro_f1(self) -> float:
        return sum(v[2] for v in self.per_class().values()) / len(self.labels)

    def accuracy(self) -> float:
        return sum(g == p for g, p in zip(self.gold, self.predicted)) / len(self.gold) if self.gold else 0.0

    def fnc_score(self) -> float:
        """FNC-1's weighted score as a share of the best possible (0.25 related/unrelated, 0.75 the stance)."""
        def points(g: str, p: str) -> float:
            s = 0.25 if (g == "unrelated") == (p == "unrelated") else 0.0
            return s + (0.75 if g == p and g != "unrelated" else 0.0)
        best = sum(points(g, g) for g in self.gold)
        return sum(points(g, p) for g, p in zip(self.gold, self.predicted)) / best if best else 0.0


@dataclass
class StanceReport:
    name: str
    pairs: int
    texts: int
    ours: Scored
    baseline: Scored
    fnc: bool = False


def _rows(path: Path, need: Sequence[str]) -> list[dict[str, str]]:
    if not path.is_file():
        raise StanceSetError(f"{path}: not found")
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in need if c not in (reader.fieldnames or ())]
        if missing:
            raise StanceSetError(f"{path}: no column {missing[0]!r} (has {', '.join(reader.fieldnames or ())})")
        return list(reader)


def read_fnc1(folder: Path, parity: str = "all") -> tuple[list[Pair], dict[str, str]]:
    """The pairs of the chosen Body-ID parity, and the texts of their bodies."""
    if parity not in PARITIES:
        raise StanceSetError(f"--parity {parity!r}: give one of {', '.join(PARITIES)}")
    bodies = {r["Body ID"].strip(): r["articleBody"] for r in _rows(folder / FNC_BODIES, ("Body ID", "articleBody"))}
    pairs = []
    for n, r in enumerate(_rows(folder / FNC_STANCES, ("Headline", "Body ID", "Stance")), start=2):
        body, stance = r["Body ID"].strip(), r["Stance"].strip()
        if not body.isdigit() or body not in bodies or stance not in LABELS:
            raise StanceSetError(f"{folder / FNC_STANCES}:{n}: body {body!r} or stance {stance!r} unknown")
        if parity == "all" or (int(body) % 2 == 0) == (parity == "even"):
            pairs.append(Pair(str(n), r["Headline"], body, stance))
    return pairs, {p.text_id: bodies[p.text_id] for p in pairs}


def read_emergent(folder: Path) -> tuple[list[Pair], dict[str, str]]:
    """Every row of the Emergent test CSVs in the folder (or the one CSV named), and the headlines."""
    files = sorted(folder.glob("*.csv")) if folder.is_dir() else [folder]
    if not files:
        raise StanceSetError(f"{folder}: no CSV files")
    pairs, texts = [], {}
    for path in files:
        for n, r in enumerate(_rows(path, ("claimHeadline", "articleHeadline", "y", "articleId")), start=2):
            if r["y"] not in EMERGENT_LABELS:
                raise StanceSetError(f"{path}:{n}: stance {r['y']!r} is not one of {', '.join(EMERGENT_LABELS)}")
            texts[r["articleId"]] = r["articleHeadline"]
            pairs.append(Pair(f"{path.name}:{n}", r["claimHeadline"], r["articleId"], r["y"]))
    return pairs, texts


def analyse_texts(texts: dict[str, str]) -> dict[str, Article]:
    """Each text analysed once, as one article (entities and attributions: what the claim model reads)."""
    from newsgraph.pipeline import Options, extract

    ids = sorted(texts)
    articles = [Article(id=i, source_file="<pairs>", headline=None, text=texts[i]) for i in ids]
    out = {}
    options = Options(components=("entities", "attributions"))
    for start in range(0, len(articles), options.batch_size):
        for i, done in zip(ids[start:start + options.batch_size], extract(articles[start:start + options.batch_size], options)):
            out[i] = done if isinstance(done, Article) else Article(id=i, source_file="<pairs>", headline=None, text=texts[i])
    return out


def overlap_label(claim: str, text_keywords: frozenset[str], related: str = "discuss") -> str:
    """The baseline: related when enough of the claim's keywords are in the text (``words.keywords`` of it)."""
    claim_kw = keywords(claim)
    share = len(shared_words(claim_kw, text_keywords)) / len(claim_kw) if claim_kw else 0.0
    return related if share >= BASELINE_COVER else "unrelated"


def score_pairs(pairs: Iterable[Pair], articles: dict[str, Article], labels: tuple[str, ...],
                convert: Callable[[str], str] = str, *, related_known: bool = False) -> tuple[Scored, Scored]:
    pairs = list(pairs)
    idf, prepared = prepare_all({p.claim for p in pairs}, articles)
    body_keywords = {} if related_known else {i: keywords(a.text) for i, a in articles.items()}
    ours, baseline = Scored(labels), Scored(labels)
    for p in pairs:
        ours.add(p.gold, convert(judge(p.claim, prepared[p.text_id], idf, related_known=related_known).stance))
        base = "discuss" if related_known else overlap_label(p.claim, body_keywords[p.text_id])
        baseline.add(p.gold, convert(base))
    return ours, baseline


def evaluate_fnc1(folder: Path, parity: str = "even", articles: dict[str, Article] | None = None) -> StanceReport:
    pairs, texts = read_fnc1(folder, parity)
    articles = articles if articles is not None else analyse_texts(texts)
    ours, baseline = score_pairs(pairs, articles, LABELS)
    return StanceReport(f"FNC-1 competition test, {parity} Body IDs", len(pairs), len(texts), ours, baseline, fnc=True)


def evaluate_emergent(folder: Path, articles: dict[str, Article] | None = None) -> StanceReport:
    pairs, texts = read_emergent(folder)
    articles = articles if articles is not None else analyse_texts(texts)
    ours, baseline = score_pairs(pairs, articles, EMERGENT_LABELS, FROM_FNC.__getitem__, related_known=True)
    return StanceReport("Emergent headline stance test", len(pairs), len(texts), ours, baseline)


def format_scores(title: str, s: Scored, fnc: bool = False) -> str:
    """One system's scores: accuracy, macro-F1 and per-class P/R/F1 with gold and predicted counts."""
    return "\n".join(_block(title, s, fnc))


def _block(title: str, s: Scored, fnc: bool) -> list[str]:
    extra = f"  FNC weighted score {s.fnc_score():.3f} (reference only)" if fnc else ""
    lines = [f"{title}: accuracy {s.accuracy():.3f}  macro-F1 {s.macro_f1():.3f}{extra}",
             f"  {'class':<10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'predicted':>9}"]
    predicted = Counter(s.predicted)
    for label, (p, r, f, n) in s.per_class().items():
        lines.append(f"  {label:<10} {p:6.3f} {r:6.3f} {f:6.3f} {n:6d} {predicted[label]:9d}")
    return lines


def format_report(report: StanceReport) -> str:
    lines = [f"{report.name}: {report.pairs} pairs over {report.texts} texts"]
    lines += _block("newsgraph claim model", report.ours, report.fnc)
    lines += _block("word-overlap baseline", report.baseline, report.fnc)
    return "\n".join(lines)
