"""How well do we find attributions in PolNeAR, compared with textacy's direct-quotation baseline?

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates each article (``text/*.txt``) in brat
standoff (``attributions/<article>_<annotator>.ann``): ``T`` lines give Source, Cue and Content
spans (possibly discontinuous, ``start end;start end``) and ``E`` lines tie them into one
attribution (``E1  Attribution:T4 Content:T3 Cue:T2 Source:T1``; ``Attribution-no-source`` when
there is no source). Articles annotated by several people are scored against the first
annotation file in name order.

Scoring (the same for both systems, in one run over the same spaCy parses):
- one relation per cue: PolNeAR annotates a quotation continued after its cue ('"A," he said.
  "B."') as one relation with a discontinuous content, where we give two attributions sharing
  the cue; our attributions with the same cue span are therefore scored as one.
- content: a system attribution matches a gold one when the token F1 of their contents is at
  least 0.5 (tokens are ``\\w+`` words of the file text; punctuation and quote marks do not
  count); pairs are matched one to one, greedily by best F1. Precision, recall and F1 count
  matched pairs.
- source accuracy, over matched pairs: correct when the system speaker's span overlaps the gold
  Source span; when the system has no speaker span but a resolved speaker, correct when a word of
  the resolved name occurs in the gold Source text; correct when both have no source.
- cue accuracy, over matched pairs: correct when the system cue span overlaps the gold Cue span
  (or both have none).
- recall by kind of gold attribution: no-source (no Source span), direct (its content holds a
  quote mark: direct and mixed quotations) and indirect (the rest).

textacy is an optional (test) dependency: without it the baseline is skipped and the report says so.

The article handed to the extractor has ``text`` equal to the whole ``.txt`` file (title line
included), so every offset compares directly with the gold offsets; ``paragraphs`` are the
blank-line separated blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from newsgraph.extract.attribution import extract_attributions
from newsgraph.model import Article, paragraph_spans

Ranges = tuple[tuple[int, int], ...]
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Found:
    """One attribution reduced to what is scored: character ranges into the file text."""

    content: Ranges
    source: Ranges = ()
    cue: Ranges = ()
    resolved: str | None = None


@dataclass(frozen=True)
class SystemScore:
    name: str
    gold: int
    system: int
    matched: int
    source_correct: int
    cue_correct: int
    failed_articles: int = 0
    by_kind: tuple[tuple[str, int, int], ...] = ()  # (kind, gold, matched) per kind of gold attribution

    @property
    def precision(self) -> float:
        return self.matched / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def source_accuracy(self) -> float:
        return self.source_correct / self.matched if self.matched else 0.0

    @property
    def cue_accuracy(self) -> float:
        return self.cue_correct / self.matched if self.matched else 0.0


@dataclass(frozen=True)
class PolnearReport:
    articles: int
    ours: SystemScore
    textacy: SystemScore | None  # None: textacy is not installed


def read_ann(ann_path: Path) -> tuple[dict[str, Ranges], list[tuple[str, dict[str, str]]]]:
    """One brat ``.ann`` file: the ranges of each ``T`` span by id, and each ``E`` relation's id with its
    roles (role name without trailing digits -> span id). The one reader of the format."""
    spans: dict[str, Ranges] = {}
    relations: list[tuple[str, dict[str, str]]] = []
    for line in ann_path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if line.startswith("T"):
            label_ranges = parts[1].split(" ", 1)
            if len(label_ranges) < 2:
                continue
            ranges = []
            for piece in label_ranges[1].split(";"):
                start, end = piece.split()
                ranges.append((int(start), int(end)))
            spans[parts[0]] = tuple(ranges)
        elif line.startswith("E"):
            roles = {}
            for item in parts[1].split():
                if ":" in item:
                    role, ref = item.split(":", 1)
                    roles[re.sub(r"\d+$", "", role)] = ref
            relations.append((parts[0], roles))
    return spans, relations


def read_gold(ann_path: Path) -> list[Found]:
    """The attributions of one brat ``.ann`` file."""
    spans, relations = read_ann(ann_path)
    out = []
    for _, roles in relations:
        content = spans.get(roles.get("Content", ""), ())
        if not content:
            continue
        out.append(Found(content, spans.get(roles.get("Source", ""), ()), spans.get(roles.get("Cue", ""), ())))
    return out


def word_starts(text: str, ranges: Ranges, index: list[int]) -> frozenset[int]:
    """Start offsets of the words inside ``ranges`` (``index`` = sorted word starts of the text)."""
    out: set[int] = set()
    import bisect

    for start, end in ranges:
        i = bisect.bisect_left(index, start)
        while i < len(index) and index[i] < end:
            out.add(index[i])
            i += 1
    return frozenset(out)


def token_f1(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    if not common:
        return 0.0
    p, r = common / len(b), common / len(a)
    return 2 * p * r / (p + r)


def _overlaps(a: Ranges, b: Ranges) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def match(gold: list[Found], system: list[Found], text: str) -> list[tuple[Found, Found]]:
    """One-to-one pairs with content token F1 >= 0.5, best first."""
    index = [m.start() for m in WORD.finditer(text)]
    gold_words = [word_starts(text, g.content, index) for g in gold]
    system_words = [word_starts(text, s.content, index) for s in system]
    scored = []
    for gi, gw in enumerate(gold_words):
        for si, sw in enumerate(system_words):
            f = token_f1(gw, sw)
            if f >= 0.5:
                scored.append((f, gi, si))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g, used_s, pairs = set(), set(), []
    for _, gi, si in scored:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        pairs.append((gold[gi], system[si]))
    return pairs


def source_correct(gold: Found, ours: Found, text: str) -> bool:
    if not gold.source:
        return not ours.source and not ours.resolved
    if ours.source:
        return _overlaps(gold.source, ours.source)
    if ours.resolved:
        gold_text = " ".join(text[s:e] for s, e in gold.source).lower()
        return any(w in WORD.findall(gold_text) for w in WORD.findall(ours.resolved.lower()) if len(w) > 2)
    return False


def cue_correct(gold: Found, ours: Found) -> bool:
    if not gold.cue:
        return not ours.cue
    return _overlaps(gold.cue, ours.cue)


def article_from_file(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    paragraphs = tuple(text[s:e] for s, e in paragraph_spans(text))
    return Article(id=path.stem, source_file=path.name, headline=None, text=text, paragraphs=paragraphs)


def ours_found(article: Article, doc) -> list[Found]:  # type: ignore[no-untyped-def]
    """Our attributions as scored items; those sharing one cue span become one item (see module doc)."""
    out: list[Found] = []
    by_cue: dict[tuple[int, int], int] = {}
    for a in extract_attributions(article, doc):
        speaker = a.speaker
        source: Ranges = ()
        if speaker is not None and speaker.start is not None and speaker.end is not None:
            source = ((speaker.start, speaker.end),)
        cue: Ranges = ((a.cue.start, a.cue.end),) if a.cue else ()
        content: Ranges = ((a.content.start, a.content.end),)
        if cue and cue[0] in by_cue:
            first = out[by_cue[cue[0]]]
            out[by_cue[cue[0]]] = Found(first.content + content, first.source, first.cue, first.resolved)
            continue
        if cue:
            by_cue[cue[0]] = len(out)
        out.append(Found(content, source, cue, speaker.resolved if speaker else None))
    return out


def textacy_found(doc) -> list[Found] | None:  # type: ignore[no-untyped-def]
    """textacy's direct quotations, or None when it gives up on the article (odd quote count)."""
    from textacy.extract.triples import direct_quotations

    try:
        triples = list(direct_quotations(doc))
    except ValueError:
        return None
    out = []
    for t in triples:
        content = ((t.content.start_char, t.content.end_char),)
        source = tuple((tok.idx, tok.idx + len(tok)) for tok in t.speaker)
        cue = tuple((tok.idx, tok.idx + len(tok)) for tok in t.cue)
        out.append(Found(content, source, cue))
    return out


def gold_files(dev_dir: Path) -> list[tuple[Path, Path]]:
    texts = sorted((dev_dir / "text").glob("*.txt"))
    pairs = []
    for txt in texts:
        anns = sorted((dev_dir / "attributions").glob(f"{txt.stem}_*.ann"))
        if anns:
            pairs.append((txt, anns[0]))
    return pairs


KINDS = ("direct", "indirect", "no-source")
_QUOTE_MARKS = set('"“”«»„‟″')


def gold_kind(gold: Found, text: str) -> str:
    """no-source, direct (the content holds a quote mark: direct or mixed) or indirect."""
    if not gold.source:
        return "no-source"
    return "direct" if any(ch in _QUOTE_MARKS for s, e in gold.content for ch in text[s:e]) else "indirect"


class Tally:
    def __init__(self, name: str) -> None:
        self.name, self.gold, self.system, self.matched, self.source, self.cue, self.failed = name, 0, 0, 0, 0, 0, 0
        self.kinds = {k: [0, 0] for k in KINDS}

    def add(self, gold: list[Found], system: list[Found] | None, text: str) -> None:
        self.gold += len(gold)
        for g in gold:
            self.kinds[gold_kind(g, text)][0] += 1
        if system is None:
            self.failed += 1
            return
        self.system += len(system)
        for g, s in match(gold, system, text):
            self.matched += 1
            self.kinds[gold_kind(g, text)][1] += 1
            self.source += source_correct(g, s, text)
            self.cue += cue_correct(g, s)

    def score(self) -> SystemScore:
        kinds = tuple((k, g, m) for k, (g, m) in self.kinds.items())
        return SystemScore(self.name, self.gold, self.system, self.matched, self.source, self.cue, self.failed, kinds)


def _have_textacy() -> bool:
    try:
        import textacy.extract.triples  # noqa: F401
    except ImportError:
        return False
    return True


def evaluate_polnear(dev_dir: Path, limit: int | None = None) -> PolnearReport:
    """Score our extractor and textacy's ``direct_quotations`` on a PolNeAR split folder."""
    from newsgraph.nlp import get_nlp

    pairs = gold_files(Path(dev_dir))[:limit]
    articles = [article_from_file(txt) for txt, _ in pairs]
    ours = Tally("newsgraph")
    base = Tally("textacy direct_quotations") if _have_textacy() else None
    docs: Iterable = get_nlp().pipe(a.text for a in articles)
    for (txt, ann), article, doc in zip(pairs, articles, docs):
        gold = read_gold(ann)
        ours.add(gold, ours_found(article, doc), article.text)
        if base is not None:
            base.add(gold, textacy_found(doc), article.text)
    return PolnearReport(len(pairs), ours.score(), base.score() if base is not None else None)


def format_report(report: PolnearReport) -> str:
    lines = [f"PolNeAR: {report.articles} articles, {report.ours.gold} gold attributions",
             f"{'system':28} {'sys':>5} {'match':>5} {'P':>6} {'R':>6} {'F1':>6} {'source':>7} {'cue':>6} {'failed':>6}"]
    for s in (report.ours, report.textacy):
        if s is None:
            lines.append("textacy is not installed: its baseline was skipped (pip install textacy, or the test extra)")
            continue
        lines.append(
            f"{s.name:28} {s.system:5d} {s.matched:5d} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
            f"{s.source_accuracy:7.3f} {s.cue_accuracy:6.3f} {s.failed_articles:6d}"
        )
    for s in (report.ours, report.textacy):
        if s is not None:
            lines.append(f"{s.name} recall by kind: " + ", ".join(
                f"{kind} {matched / gold if gold else 0.0:.3f} ({matched}/{gold})" for kind, gold, matched in s.by_kind))
    lines.append("match: content token F1 >= 0.5, one-to-one; source/cue accuracy over matched pairs "
                 "(span overlap); failed: articles the system raised on (scored as no output)")
    return "\n".join(lines)


if __name__ == "__main__":  # python -m newsgraph.evaluate.polnear <dev_dir>
    import sys

    print(format_report(evaluate_polnear(Path(sys.argv[1]))))
