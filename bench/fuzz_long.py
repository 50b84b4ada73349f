"""Long fuzz run: the cheap fuzz targets of tests/test_fuzz.py (readers, gzip, HTML, JSONL, feeds,
segmenter) for millions of cases, in chunks of fresh random cases, with a running count.

    PYTHONPATH=src python bench/fuzz_long.py --cases 1000000 --log /tmp/fuzz_long.jsonl
    nohup env PYTHONPATH=src python bench/fuzz_long.py --cases 1000000 > /tmp/fuzz_long.out 2>&1 &

Each chunk is one pytest run of those targets with ``NEWSGRAPH_FUZZ_SEED`` (a new seed per chunk:
CI's derandomized cases are not repeated) and ``NEWSGRAPH_FUZZ_SCALE`` (cases per target, times
CI's count). After each chunk one JSON line goes to the log: seed, cases per target, whether it
failed and, if so, pytest's report of the failing case (rerun it with that seed to reproduce).
A run stopped part way keeps its log; ``--resume`` adds to the counts already logged. The whole
pipeline (spaCy) is left out: ``NEWSGRAPH_FUZZ_PIPELINE_CASES=N pytest tests/test_fuzz.py -k
pipeline`` runs it longer.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHEAP = "readers or gzip or html_pages or jsonl_files or feeds or segmenter"


def logged(log: Path) -> tuple[int, int]:
    """(cases, failed chunks) already in the log."""
    cases = failed = 0
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            cases += sum(entry["cases"].values())
            failed += bool(entry["failed"])
    return cases, failed


def chunk(seed: int, scale: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        counts = Path(tmp) / "counts.json"
        env = {**os.environ, "NEWSGRAPH_FUZZ_SEED": str(seed), "NEWSGRAPH_FUZZ_SCALE": str(scale),
               "NEWSGRAPH_FUZZ_COUNT_FILE": str(counts)}
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
                               str(ROOT / "tests" / "test_fuzz.py"), "-k", CHEAP],
                              cwd=ROOT, env=env, capture_output=True, text=True)
        cases = json.loads(counts.read_text(encoding="utf-8")) if counts.exists() else {}
    failed = done.returncode != 0
    report = "\n".join(line for line in done.stdout.splitlines() if line.startswith(("E ", "FAILED", ">")))
    return {"seed": seed, "scale": scale, "cases": cases, "failed": failed, "seconds": round(time.perf_counter() - started, 1),
            "report": report[-4000:] if failed else ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000, help="stop once this many cases ran in all")
    parser.add_argument("--scale", type=float, default=5.0, help="cases per target in a chunk, times CI's")
    parser.add_argument("--log", type=Path, default=Path(tempfile.gettempdir()) / "newsgraph-fuzz-long.jsonl")
    parser.add_argument("--resume", action="store_true", help="count the chunks already in the log")
    args = parser.parse_args()
    if not args.resume:
        args.log.unlink(missing_ok=True)
    total, failed = logged(args.log)
    rng = random.Random()
    while total < args.cases:
        entry = chunk(rng.randrange(2**32), args.scale)
        with args.log.open("a", encoding="utf-8") as out:
            out.write(json.dumps(entry) + "\n")
        total += sum(entry["cases"].values())
        failed += entry["failed"]
        print(f"cases: {total:,}  failed chunks: {failed}  (chunk seed {entry['seed']}: "
              f"{sum(entry['cases'].values()):,} cases in {entry['seconds']} s)", flush=True)
        if entry["failed"]:
            print(entry["report"], flush=True)
    print(f"done: {total:,} cases, {failed} failed chunks; log: {args.log}")


if __name__ == "__main__":
    main()
