"""How fast is reading and cleaning, and how much memory does it take?

    python bench/bench_ingest.py [--corpus ../shared/corpus] [--articles 5000]

1. HTML pages of the shared extraction sets (``*.html.gz``): our reader
   (``newsgraph.ingest.read_inputs``: gunzip, decoding, trafilatura with our settings,
   captions, paragraphs) next to plain ``trafilatura.extract`` on the same pages, in the
   same process; prints pages/second, peak traced memory and the time ratio.
2. A synthetic plain-text dump of invented articles written to a temporary file: reading
   alone, then reading + ``newsgraph.segment.segment`` (the cleaning stage) when importable.

Both HTML runs are warmed up first on three pages. Times come from a run without tracing; peak memory from a second run under tracemalloc
(Python allocations only), so tracing overhead does not distort the rates.
"""

from __future__ import annotations

import argparse
import gzip
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import trafilatura

from newsgraph.ingest import read_inputs
from newsgraph.model import RawDocument

ROOT = Path(__file__).resolve().parents[1]
SETS = ("extraction_scrapinghub_aeb", "extraction_trafilatura_eval", "extraction_newspaper4k_fixtures")


def measure(run: Callable[[], int]) -> tuple[float, int, float]:
    """(seconds, items, peak MB) of ``run``: timed untraced, then re-run under tracemalloc."""
    start = time.perf_counter()
    items = run()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, items, peak / 2**20


def report(label: str, seconds: float, items: int, peak_mb: float, unit: str = "articles") -> None:
    rate = items / seconds if seconds else float("inf")
    print(f"  {label:<34} {items:>6} {unit} in {seconds:7.2f} s = {rate:8.1f} {unit}/s, peak {peak_mb:7.1f} MB")


def html_pages(corpus: Path) -> list[Path]:
    return sorted(p for name in SETS for p in (corpus / name / "html").glob("*.html.gz"))


def ours_on(paths: list[Path]) -> Callable[[], int]:
    return lambda: sum(isinstance(d, RawDocument) for d in read_inputs(paths))


def trafilatura_on(paths: list[Path]) -> Callable[[], int]:
    def run() -> int:
        found = 0
        for path in paths:
            with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
                found += bool(trafilatura.extract(f.read()))
        return found
    return run


# --- synthetic dump -----------------------------------------------------------

_SYLLABLES = "ar bel cor dan el fen gar hal is jor kel lun mar nor ol pen quin ros sel tor ul ven wil yar zen".split()
_VERBS = ["said", "told reporters", "denied", "announced", "warned", "confirmed", "rejected claims"]
_NOUNS = ["harbour", "council", "bridge", "ferry line", "water board", "grain market", "rail depot", "school"]


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def invented_article(rng: random.Random) -> str:
    """One invented article in the layout of a scraped dump: headline, caption, body paragraphs."""
    town, person, noun = _name(rng, 3), f"{_name(rng)} {_name(rng, 3)}", rng.choice(_NOUNS)
    headline = f"{town} {noun.title()} Talks Stall as {_name(rng)} Officials Trade Blame"
    caption = f"Workers at the {town} {noun} on Monday. (AFP)"
    body = [
        f"Officials in {town} {rng.choice(_VERBS)} on {rng.choice(['Monday', 'Tuesday', 'Friday'])} that the "
        f"{noun} would stay closed for at least {rng.randint(2, 9)} weeks while repairs continue.",
        f"“We have done everything the regulators asked,” {person}, who chairs the {noun} committee, said in a statement.",
        f"Residents said the closure had already cost {rng.randint(10, 900)} jobs, and a local group "
        f"led by {_name(rng)} {_name(rng, 3)} accused the council of hiding the true cost.",
        f"The council {rng.choice(_VERBS)} the accusation, saying its accounts were published in full every quarter.",
        f"A vote on the repair budget is expected on {rng.randint(1, 28)} {rng.choice(['March', 'June', 'October'])}.",
    ]
    return "\n\n".join([headline, caption, *body])


def write_dump(path: Path, count: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for i in range(count):
            if i:
                f.write("\n\n-----\n\n")
            f.write(invented_article(rng))
    return path.stat().st_size


def segment_on(path: Path, segment) -> Callable[[], int]:
    return lambda: sum(len(segment(d)) for d in read_inputs([path]) if isinstance(d, RawDocument))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--articles", type=int, default=5000, help="articles in the synthetic dump")
    args = parser.parse_args()

    pages = html_pages(args.corpus)
    if pages:
        print(f"HTML pages ({len(pages)} .html.gz files from {args.corpus}):")
        ours_on(pages[:3])(), trafilatura_on(pages[:3])()  # warm-up: lazy imports and caches
        ours = measure(ours_on(pages))
        plain = measure(trafilatura_on(pages))
        report("newsgraph read_inputs", *ours, unit="pages")
        report("plain trafilatura.extract", *plain, unit="pages")
        print(f"  time ratio ours / trafilatura: {ours[0] / plain[0]:.2f}x "
              f"(pages/s ratio {(ours[1] / ours[0]) / (plain[1] / plain[0]):.2f})")
    else:
        print(f"no HTML pages under {args.corpus}: skipping the HTML benchmark")

    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "synthetic-dump.txt"
        size = write_dump(dump, args.articles)
        print(f"Synthetic dump ({args.articles} invented articles, {size / 2**20:.1f} MB):")
        report("read_inputs (read + decode)", *measure(lambda: sum(1 for _ in read_inputs([dump]))), unit="files")
        try:
            from newsgraph.segment import segment
        except ImportError as err:
            print(f"  newsgraph.segment.segment is not importable yet ({err}); cleaning not measured")
        else:
            seconds, found, peak = measure(segment_on(dump, segment))
            report("read_inputs + segment", seconds, found, peak)
            if found != args.articles:
                print(f"  note: segment found {found} articles, {args.articles} were written")
    print(f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
