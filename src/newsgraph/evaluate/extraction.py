"""How well does our HTML reader find a page's main text, next to plain trafilatura?

Three sets from the shared corpus, both systems scored in the same run:

- ``scrapinghub_aeb``: word 4-gram shingle P/R/F1 against the gold ``articleBody``,
  averaged per page as the Zyte benchmark does (mean P, mean R, F1 of means), plus micro.
- ``trafilatura_eval``: snippet checks as trafilatura's own evaluation counts them: a
  "with" snippet found is a TP, missing an FN; a "without" snippet found is an FP, absent a
  TN; P = TP/(TP+FP), R = TP/(TP+FN), F1 = 2TP/(2TP+FP+FN). Whitespace is normalised on
  both sides (we join paragraphs with a blank line, trafilatura with a newline).
- ``newspaper4k``: shingle P/R/F1 against the expected ``txt/`` body (library output, not
  human gold).

"ours" reads each ``.html.gz`` file through ``newsgraph.ingest.read_inputs`` (gzip,
decoding, trafilatura with our settings, caption removal, paragraphs). "trafilatura" is
``trafilatura.extract(html)`` with defaults on the page decoded as the benchmark suggests.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

from newsgraph.evaluate.metrics import (
    Counts, Scores, macro_scores, micro_scores, same_words, scores, shingle_match,
)
from newsgraph.ingest import read_inputs
from newsgraph.model import RawDocument

SYSTEMS = ("ours", "trafilatura")
Extractor = Callable[[Path], str]


@dataclass(frozen=True)
class SetResult:
    """One system's scores on one evaluation set."""

    dataset: str
    system: str
    pages: int
    scores: Scores  # the set's headline scores (macro for shingle sets, counts for snippets)
    micro: Scores | None = None
    exact: float | None = None  # share of pages whose words match the gold exactly
    per_page: dict[str, float] = field(default_factory=dict)  # page id -> F1 (or pass share)


@dataclass(frozen=True)
class ExtractionReport:
    results: tuple[SetResult, ...]

    def get(self, dataset: str, system: str) -> SetResult:
        return next(r for r in self.results if r.dataset == dataset and r.system == system)

    def to_dict(self) -> dict:
        return {
            f"{r.dataset}/{r.system}": {
                "pages": r.pages, **r.scores.to_dict(),
                **({"micro_f1": r.micro.f1} if r.micro else {}),
                **({"exact": r.exact} if r.exact is not None else {}),
            }
            for r in self.results
        }


def ours(path: Path) -> str:
    """Body text our reader extracts from a page file (empty when it reports a problem)."""
    docs = [d for d in read_inputs([path]) if isinstance(d, RawDocument)]
    return "\n\n".join(d.text for d in docs)


def plain_trafilatura(path: Path) -> str:
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
        return trafilatura.extract(f.read()) or ""


EXTRACTORS: dict[str, Extractor] = {"ours": ours, "trafilatura": plain_trafilatura}


def evaluate_extraction(corpus_dir: Path, systems: tuple[str, ...] = SYSTEMS) -> ExtractionReport:
    """Score each system on each extraction set found under ``corpus_dir``."""
    corpus_dir = Path(corpus_dir)
    results: list[SetResult] = []
    for system in systems:
        extract = EXTRACTORS[system]
        if (corpus_dir / "extraction_scrapinghub_aeb").is_dir():
            results.append(_scrapinghub(corpus_dir / "extraction_scrapinghub_aeb", system, extract))
        if (corpus_dir / "extraction_trafilatura_eval").is_dir():
            results.append(_snippets(corpus_dir / "extraction_trafilatura_eval", system, extract))
        if (corpus_dir / "extraction_newspaper4k_fixtures").is_dir():
            results.append(_newspaper(corpus_dir / "extraction_newspaper4k_fixtures", system, extract))
    return ExtractionReport(tuple(results))


def scrapinghub_pages(folder: Path) -> dict[str, tuple[Path, str]]:
    """Page id -> (html.gz path, gold body)."""
    gold = json.loads((folder / "ground-truth.subset.json").read_text(encoding="utf-8"))
    return {k: (folder / "html" / f"{k}.html.gz", v["articleBody"]) for k, v in sorted(gold.items())}


def newspaper_pages(folder: Path) -> dict[str, tuple[Path, str]]:
    return {
        p.name[: -len(".html.gz")]: (p, (folder / "txt" / (p.name[: -len(".html.gz")] + ".txt")).read_text(encoding="utf-8"))
        for p in sorted((folder / "html").glob("*.html.gz"))
    }


def _shingle_set(name: str, pages: dict[str, tuple[Path, str]], system: str, extract: Extractor) -> SetResult:
    counts: dict[str, Counts] = {}
    exact = 0
    for page, (path, gold) in pages.items():
        predicted = extract(path)
        counts[page] = shingle_match(gold, predicted)
        exact += same_words(gold, predicted)
    per_page = {k: scores(c).f1 for k, c in counts.items()}
    return SetResult(name, system, len(pages), macro_scores(list(counts.values())),
                     micro_scores(counts.values()), exact / len(pages) if pages else 0.0, per_page)


def _scrapinghub(folder: Path, system: str, extract: Extractor) -> SetResult:
    return _shingle_set("scrapinghub_aeb", scrapinghub_pages(folder), system, extract)


def _newspaper(folder: Path, system: str, extract: Extractor) -> SetResult:
    return _shingle_set("newspaper4k", newspaper_pages(folder), system, extract)


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _snippets(folder: Path, system: str, extract: Extractor) -> SetResult:
    entries = json.loads((folder / "evaldata.subset.json").read_text(encoding="utf-8"))
    tp = fp = fn = tn = 0
    per_page: dict[str, float] = {}
    for key, entry in sorted(entries.items()):
        result = _normalise(extract(folder / "html" / f"{entry['file']}.gz"))
        found = [_normalise(s) in result for s in entry.get("with", [])] if result else []
        leaked = [_normalise(s) in result for s in entry.get("without", [])] if result else []
        page_tp, page_fp = sum(found), sum(leaked)
        tp, fp = tp + page_tp, fp + page_fp
        fn += len(entry.get("with", [])) - page_tp
        tn += len(entry.get("without", [])) - page_fp
        checks = len(entry.get("with", [])) + len(entry.get("without", []))
        per_page[entry["file"]] = (page_tp + len(entry.get("without", [])) - page_fp) / checks if checks else 1.0
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    accuracy = (tp + tn) / (tp + tn + fp + fn) if tp + tn + fp + fn else 0.0
    return SetResult("trafilatura_eval", system, len(entries), Scores(p, r, f), exact=accuracy, per_page=per_page)


def format_report(report: ExtractionReport) -> str:
    """A plain-text table: one line per set and system, ours next to trafilatura."""
    head = f"{'set':<18} {'system':<12} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} {'microF1':>8} {'exact/acc':>9}"
    lines = [head, "-" * len(head)]
    for r in report.results:
        micro = f"{r.micro.f1:8.3f}" if r.micro else f"{'':>8}"
        exact = f"{r.exact:9.3f}" if r.exact is not None else f"{'':>9}"
        lines.append(f"{r.dataset:<18} {r.system:<12} {r.pages:>5} {r.scores.precision:6.3f} "
                     f"{r.scores.recall:6.3f} {r.scores.f1:6.3f} {micro} {exact}")
    lines.append("shingle sets: P/R = mean over pages, F1 of the means, 'exact' = word-identical pages;")
    lines.append("trafilatura_eval: snippet counts, 'acc' = (TP+TN)/all checks.")
    return "\n".join(lines)


def main() -> None:  # python -m newsgraph.evaluate.extraction [corpus_dir]
    import sys

    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[4] / "shared" / "corpus"
    print(format_report(evaluate_extraction(corpus)))


if __name__ == "__main__":
    main()
